"""Saving editor pages and changing repeating groups. Atomic, locked per page, logged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from pia_portal.core.params import int_param

from pia_portal.core.text import clean_text

from pia_portal.audit.log import log_action
from pia_portal.organisations.access import display_name
from pia_portal.reports import models as m
from pia_portal.reports.services import add_entry, siblings

from .models import PageDraft, PagePresence, SectionStamp
from .pages import ITEM_LINES, Page


class EditConflict(Exception):
    """Someone else saved the page after it was opened."""

    def __init__(self, stamp: SectionStamp):
        self.stamp = stamp
        name = display_name(stamp.saved_by) if stamp.saved_by else "他の利用者"
        saved_at = timezone.localtime(stamp.saved_at).strftime("%H:%M") if stamp.saved_at else ""
        super().__init__(
            f"{name}さんが{saved_at}にこの頁を保存しました。あなたの変更はまだ保存されていません。"
            "入力内容は下に残っています。最新の内容を確認してから、もう一度保存してください。"
        )


def current_seq(version: m.Version, key: str) -> int:
    stamp = SectionStamp.objects.filter(version=version, page=key).first()
    return stamp.seq if stamp else 0


def _lock_draft(version: m.Version) -> None:
    """Hold the version row for the rest of the transaction and check it is still a draft: a save
    that races a submission waits for it, then is refused cleanly (VersionLocked), never half-done."""
    status = m.Version.objects.select_for_update().values_list("status", flat=True).get(pk=version.pk)
    if status not in m.EDITABLE_STATUSES:
        raise m.VersionLocked(version.pk, status)


def _take_turn(version: m.Version, key: str, seen: int | None, actor) -> SectionStamp:
    stamp, _ = SectionStamp.objects.select_for_update().get_or_create(version=version, page=key)
    if seen is not None and stamp.seq != seen:
        raise EditConflict(stamp)
    stamp.seq += 1
    stamp.saved_by = actor
    stamp.saved_at = timezone.now()
    stamp.save()
    return stamp


@transaction.atomic
def save_page(version: m.Version, page: Page, *, actor, seen: int) -> SectionStamp:
    """Save every form of a page whose data is valid (the caller checked); raise EditConflict."""
    _lock_draft(version)
    stamp = _take_turn(version, page.ref.key, seen, actor)
    changes = {}
    for form in page.forms:
        before = {attr: getattr(form.record, attr) for attr in form.cleaned_data if hasattr(form.record, attr)}
        if ITEM_LINES in form.cleaned_data:
            item_change = _sync_record_items(version, form.record, form.cleaned_data[ITEM_LINES])
            if item_change:
                changes[f"{form.record._meta.verbose_name} {form.record.heading or form.record.uid.hex[:8]}"] = item_change
        changed = form.apply()
        if changed:
            form.record.save()
            _follow_identity(version, form.record, changed)
            changes[_record_title(page, form.record)] = {
                attr: _logged_change(form, attr, before.get(attr), getattr(form.record, attr)) for attr in changed
            }
    if changes:
        log_action(
            "version.edited",
            actor=actor,
            target=version,
            organisation=version.report.organisation,
            data={"page": page.ref.title, "changes": changes},
        )
    return stamp


@transaction.atomic
def add_repeat_entry(version: m.Version, model, parent, *, page_key: str, actor) -> m.VersionEntry:
    _lock_draft(version)
    _take_turn(version, page_key, None, actor)
    entry = add_entry(version, model, parent)
    _recount(entry)
    log_action("version.entry_added", actor=actor, target=version, organisation=version.report.organisation,
               data={"entry": str(entry._meta.verbose_name), "uid": entry.uid})
    return entry


@transaction.atomic
def delete_repeat_entry(version: m.Version, entry: m.VersionEntry, *, page_key: str, actor) -> None:
    _lock_draft(version)
    _take_turn(version, page_key, None, actor)
    group = _group_of(entry)
    label = f"{entry._meta.verbose_name}{entry.position + 1}"
    entry.delete()
    _recount(entry)
    for position, sibling in enumerate(group.order_by("position", "pk")):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    log_action("version.entry_deleted", actor=actor, target=version, organisation=version.report.organisation,
               data={"entry": label, "uid": entry.uid})


@transaction.atomic
def move_repeat_entry(version: m.Version, entry: m.VersionEntry, offset: int, *, page_key: str, actor) -> None:
    _lock_draft(version)
    _take_turn(version, page_key, None, actor)
    ordered = list(_group_of(entry).order_by("position", "pk"))
    index = next(i for i, s in enumerate(ordered) if s.pk == entry.pk)
    target = index + offset
    if not 0 <= target < len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, sibling in enumerate(ordered):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    log_action("version.entry_moved", actor=actor, target=version, organisation=version.report.organisation,
               data={"entry": str(entry._meta.verbose_name), "uid": entry.uid, "to": target + 1})


def _group_of(entry: m.VersionEntry):
    model = type(entry)
    parent = getattr(entry, model.parent_field) if model.parent_field else None
    return siblings(model, entry.version, parent)


def _sync_record_items(version, group, text: str) -> dict:
    """One label a line; a record keeps its uid while its label stays, so diffs see real changes."""
    labels = [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
    existing = list(m.RecordItem.objects.filter(version=version, group=group).order_by("position", "pk"))
    before = [item.label for item in existing]
    if labels == before:
        return {}
    unused = {}
    for item in existing:
        unused.setdefault(item.label, []).append(item)
    kept = []
    for position, label in enumerate(labels):
        item = unused.get(label, []).pop(0) if unused.get(label) else m.RecordItem(version=version, group=group, label=label)
        item.position = position
        item.save()
        kept.append(item.pk)
    m.RecordItem.objects.filter(version=version, group=group).exclude(pk__in=kept).delete()
    return {"items": {"before": _short("\n".join(before)), "after": _short("\n".join(labels))}}


def _follow_identity(version: m.Version, record, changed: list[str]) -> None:
    """The 評価書名 (cover) and 事務の名称 (I) of the report's current draft are the report's own, so
    the report list, the PDF and the public page always say the same."""
    fields = {}
    if isinstance(record, m.Cover) and "title" in changed and record.title.strip():
        fields["title"] = record.title.strip()[:300]
    if isinstance(record, m.BasicInfo) and "affair_name" in changed and record.affair_name.strip():
        fields["affair_name"] = record.affair_name.strip()[:300]
    if fields and not version.report.versions.filter(number__gt=version.number).exists():
        m.Report.objects.filter(pk=version.report_id).update(**fields)


def _recount(entry: m.VersionEntry) -> None:
    """The counts of the entry's file (委託件数 …), after the entry came or went."""
    from pia_portal.reports.derived import write_counts

    if entry.parent_field == "file":
        write_counts(m.PersonalInfoFile.objects.get(pk=entry.file_id))


def _short(value):
    text = value if isinstance(value, (str, int, float, bool, type(None), dict)) else str(value)
    return text[:20_000] if isinstance(text, str) else text


def _record_title(page: Page, record) -> str:
    """Where an edit was made, as people name it: 「II ファイルの概要 (1)… 委託事項2」."""
    if isinstance(record, m.VersionEntry):
        return f"{page.ref.title} {record._meta.verbose_name}{record.position + 1}"
    return page.ref.title


def _logged_change(form, attr: str, before, after) -> dict:
    """Before and after of one item, with its label and the values as the form prints them, so
    the history reads without field names or codes."""
    base, _, suffix = attr.rpartition("_")
    place = next((p for p in form.places if p.item.attr == attr), None)
    if place is None and suffix in ("precision", "note"):
        place = next((p for p in form.places if p.item.attr == base), None)
        label = f"{place.label()}({'精度' if suffix == 'precision' else '注記'})" if place else attr
        return {"before": _short(before), "after": _short(after), "label": label}
    if place is None:
        return {"before": _short(before), "after": _short(after), "label": attr}
    from pia_portal.reports.structure import Kind

    return {"before": _short(before), "after": _short(after), "label": place.label(),
            "shown_before": _shown_value(place.item, before), "shown_after": _shown_value(place.item, after),
            "kind": "text" if place.item.kind in (Kind.TEXT, Kind.LINE) else "value"}


def _shown_value(item, value) -> str:
    from pia_portal.core.wareki import format_date
    from pia_portal.reports.structure import Kind

    if value in (None, "", {}):
        return ""
    if item.kind is Kind.CHOICE:
        return item.options.label_of(value) or str(value)
    if item.kind is Kind.DATE and hasattr(value, "year"):
        return format_date(value)
    return _shown(item, value)[:20_000]


# Autosave ----------------------------------------------------------------------------------------

AUTOSAVE_MAX_BYTES = 2_000_000  # a page of long texts is well under this
NOT_DATA = {"csrfmiddlewaretoken", "seq"}


def autosave(version: m.Version, key: str, post, *, actor) -> PageDraft:
    """Keep what `actor` has typed on page `key` (the browser's form data, files left out)."""
    import json

    data = {name: post.getlist(name) for name in post if name not in NOT_DATA}
    if len(json.dumps(data, ensure_ascii=False).encode("utf-8")) > AUTOSAVE_MAX_BYTES:
        raise ValueError("入力内容が大きすぎるため、自動保存できません。保存ボタンで保存してください。")
    if version.status not in m.EDITABLE_STATUSES:
        raise m.VersionLocked(version.pk, version.status)
    seq = max(int_param(post.get("seq"), 0), 0)
    draft, _ = PageDraft.objects.update_or_create(version=version, page=key, user=actor, defaults={"data": data, "seq": seq})
    return draft


def page_draft(version: m.Version, key: str, actor) -> PageDraft | None:
    return PageDraft.objects.filter(version=version, page=key, user=actor).first()


def discard_draft(version: m.Version, key: str, actor) -> None:
    PageDraft.objects.filter(version=version, page=key, user=actor).delete()


def restore_into(page: Page, draft: PageDraft) -> None:
    """Show the autosaved input in the page's forms as their starting values (unbound: nothing is
    validated, nothing turns red, until the person saves)."""
    from django.utils.datastructures import MultiValueDict

    from django import forms

    data = MultiValueDict(draft.data)
    for form in page.forms:
        for name, form_field in form.fields.items():
            if form_field.disabled or isinstance(form_field, forms.FileField):
                continue
            # The whole form was posted, so a name that is missing is an unticked box or no choice.
            form.initial[name] = form_field.widget.value_from_datadict(data, {}, form.add_prefix(name))


# Conflicts -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """One item where the saved content (another person's save) differs from what was typed."""

    name: str  # the field's name in the page's form
    theirs: str  # the saved value, as the form prints it
    value: str  # what the field takes to use the saved value ("" when it cannot be set in one go)
    kind: str


def differences_from_saved(version: m.Version, page: Page) -> dict[str, Difference]:
    """For each item of the page, the saved value where it differs from the person's input."""
    from pia_portal.core.wareki import format_date
    from pia_portal.reports.structure import Kind

    found = {}
    for form in page.forms:
        saved = type(form.record).objects.filter(pk=form.record.pk).first()
        if saved is None:
            continue
        for place in form.places:
            item, attr = place.item, place.item.attr
            if attr not in form.cleaned_data or form.fields[attr].disabled:
                continue
            mine, theirs = form.cleaned_data[attr], getattr(saved, attr)
            if item.kind is Kind.DATE:
                theirs_pair = (theirs, getattr(saved, f"{attr}_precision")) if theirs else (None, "day")
                if (mine[0], mine[1] if mine[0] else "day") == theirs_pair:
                    continue
                shown = format_date(theirs, theirs_pair[1]) if theirs else ""
                found[form.add_prefix(attr)] = Difference(form.add_prefix(attr), shown, shown, "text")
            elif item.kind in (Kind.TEXT, Kind.LINE):
                if clean_text(mine or "") == (theirs or ""):
                    continue
                found[form.add_prefix(attr)] = Difference(form.add_prefix(attr), theirs or "", theirs or "", "text")
            elif item.kind is Kind.CHOICE:
                if (mine or "") == (theirs or ""):
                    continue
                label = item.options.label_of(theirs) if theirs else ""
                found[form.add_prefix(attr)] = Difference(form.add_prefix(attr), label, theirs or "", "choice")
            elif item.kind is not Kind.IMAGE and mine != theirs:
                found[form.add_prefix(attr)] = Difference(form.add_prefix(attr), _shown(item, theirs), "", "other")
    return found


def _shown(item, value) -> str:
    from pia_portal.reports.structure import Kind

    if item.kind is Kind.CHECKS:
        return "、".join(item.options.label_of(code) for code in (value or {})) or "(選択なし)"
    if item.kind is Kind.FLAG:
        return "チェックあり" if value else "チェックなし"
    return "" if value is None else str(value)


# Presence --------------------------------------------------------------------------------------------

PRESENCE_SECONDS = 150  # the page pings every minute; a closed tab drops out after this


def mark_present(version: m.Version, key: str, actor) -> None:
    PagePresence.objects.update_or_create(version=version, page=key, user=actor, defaults={"seen_at": timezone.now()})


def others_present(version: m.Version, key: str, actor) -> list:
    """The other people who have the page open now, for the 「編集中」 notice."""
    since = timezone.now() - dt.timedelta(seconds=PRESENCE_SECONDS)
    return [p.user for p in PagePresence.objects.filter(version=version, page=key, seen_at__gte=since)
            .exclude(user=actor).select_related("user").order_by("seen_at")]
