"""Saving editor pages and changing repeating groups. Atomic, locked per page, logged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone


from pia_portal.core.text import clean_text

from pia_portal.audit.log import log_action
from pia_portal.organisations.access import display_name
from pia_portal.reports import models as m
from pia_portal.reports.services import add_entry, siblings

from . import merge
from .forms import clear_hidden
from .models import PageBase, PageDraft, PagePresence, SectionStamp
from .pages import ITEM_LINES, ITEM_LINES_LABEL, Page


def _lock_draft(version: m.Version) -> None:
    """Hold the version row for the rest of the transaction and check it is still a draft: a save
    that races a submission waits for it, then is refused cleanly (VersionLocked), never half-done."""
    status = m.Version.objects.select_for_update().values_list("status", flat=True).get(pk=version.pk)
    if status not in m.EDITABLE_STATUSES:
        raise m.VersionLocked(version.pk, status)


def _take_turn(version: m.Version, key: str, actor) -> SectionStamp:
    """Saves and structural changes of one page run one after another: each merges with what the
    one before it saved."""
    stamp, _ = SectionStamp.objects.select_for_update().get_or_create(version=version, page=key)
    stamp.seq += 1
    stamp.saved_by = actor
    stamp.saved_at = timezone.now()
    stamp.save()
    return stamp


# The values of a page, as the merge compares them ---------------------------------------------------


def _key(record, attr: str) -> str:
    return f"{record.uid.hex}:{attr}"


def _items(form) -> list:
    """The items of a record's form that the person can type (not those shown only: counts
    derived from the entries, items written from the procedure, identity)."""
    from pia_portal.reports.structure import Kind

    return [place.item for place in form.places
            if place.item.attr in form.fields and not form.fields[place.item.attr].disabled and place.item.kind is not Kind.IMAGE]


def stored_value(record, item):
    """An item of a saved record, in a form that compares and stores as JSON."""
    from pia_portal.reports.structure import Kind

    value = getattr(record, item.attr)
    match item.kind:
        case Kind.DATE:
            return [value.isoformat() if value else None, getattr(record, f"{item.attr}_precision") if value else "day",
                    getattr(record, f"{item.attr}_note") or ""]
        case Kind.CHECKS:
            return dict(value or {})
        case Kind.TEXT | Kind.LINE | Kind.CHOICE:
            return value or ""
        case Kind.FLAG:
            return bool(value)
    return value


def typed_value(form, item):
    """An item as the person typed it (the form is valid), in the same form as stored_value."""
    from pia_portal.reports.structure import Kind

    value = form.cleaned_data[item.attr]
    match item.kind:
        case Kind.DATE:
            day, precision = value
            return [day.isoformat() if day else None, precision if day else "day", form.cleaned_data.get(f"{item.attr}_note", "") or ""]
        case Kind.CHECKS:
            return dict(value or {})
        case Kind.TEXT | Kind.LINE:
            return clean_text(value or "")
        case Kind.CHOICE:
            return value or ""
        case Kind.FLAG:
            return bool(value)
    return value


def _record_lines(group) -> str:
    return "\n".join(item.label for item in m.RecordItem.objects.filter(group=group).order_by("position", "pk"))


def saved_values(page: Page) -> dict[str, object]:
    """The page as saved now, read afresh: {"<uid hex>:<attr>": value}."""
    values = {}
    for form in page.forms:
        record = type(form.record).objects.filter(pk=form.record.pk).first()
        if record is None:
            continue
        for item in _items(form):
            values[_key(record, item.attr)] = stored_value(record, item)
        if ITEM_LINES in form.fields:
            values[_key(record, ITEM_LINES)] = _record_lines(record)
    return values


def typed_values(page: Page) -> dict[str, object]:
    values = {}
    for form in page.forms:
        for item in _items(form):
            if item.attr in form.cleaned_data:
                values[_key(form.record, item.attr)] = typed_value(form, item)
        if ITEM_LINES in form.cleaned_data:
            lines = [line.strip() for line in form.cleaned_data[ITEM_LINES].replace("\r\n", "\n").split("\n") if line.strip()]
            values[_key(form.record, ITEM_LINES)] = "\n".join(lines)
    return values


def _long_texts(page: Page) -> set[str]:
    from pia_portal.reports.structure import Kind

    return {_key(form.record, item.attr) for form in page.forms for item in _items(form) if item.kind is Kind.TEXT} | {
        _key(form.record, ITEM_LINES) for form in page.forms if ITEM_LINES in form.fields}


def remember_base(version: m.Version, key: str, values: dict) -> str:
    """Keep `values` as a base a page can post back; its digest."""
    import hashlib
    import json

    encoded = json.dumps({"version": version.pk, "page": key, "values": values}, sort_keys=True, ensure_ascii=False,
                         default=str)
    digest = hashlib.sha256(encoded.encode()).hexdigest()
    if not PageBase.objects.filter(digest=digest).exists():
        PageBase.objects.get_or_create(digest=digest, defaults={"version": version, "page": key, "values": values})
        # A base is needed only while someone has the page open or a draft of it: months are plenty.
        PageBase.objects.filter(version=version, page=key, created_at__lt=timezone.now() - BASE_KEPT).exclude(
            digest__in=PageDraft.objects.filter(version=version, page=key).values("base")).delete()
    return digest


BASE_KEPT = dt.timedelta(days=90)


# A post that names no base at all (a script, not the editor, which always sends one) means every
# value it sends: it is merged as if it started from what is saved now.
AS_SAVED = "as-saved"


def base_values(version: m.Version, key: str, digest: str) -> dict | str | None:
    """The base a page posted: its values; AS_SAVED when none was posted; None when it is not
    known (removed long ago): every difference is then a conflict, as nothing can tell who made it."""
    if not digest:
        return AS_SAVED
    return PageBase.objects.filter(digest=digest[:64], version=version, page=key).values_list("values", flat=True).first()


def page_base(version: m.Version, page: Page) -> str:
    return remember_base(version, page.ref.key, saved_values(page))


# Saving ----------------------------------------------------------------------------------------------


class ActionRefused(Exception):
    """A button's action that cannot be carried out (the message is for the person): nothing of the
    page is saved, and what was typed stays."""


class RemovalConflict(Exception):
    """Removing an entry that someone else changed since the page was opened: asked first."""

    def __init__(self, view: dict):
        self.view = view
        super().__init__(view["label"])


def touch(version: m.Version) -> None:
    """The report list's 更新日時 says when its content last changed."""
    m.Report.objects.filter(pk=version.report_id).update(updated_at=timezone.now())


@dataclass
class Saved:
    """What a save did: saved with nothing in conflict (`conflicts` empty); or saved all but the
    items in conflict, which wait for the person's choice."""

    stamp: SectionStamp
    conflicts: dict[str, merge.Conflict]
    taken: list[str]  # changed only by someone else, kept
    joined: list[str]  # long texts both changed, in different paragraphs
    base: str  # the digest the page posts next: the saved values, but the base for items in conflict
    authors: dict[str, object]  # who saved each item in `taken` and `conflicts`

    @property
    def clean(self) -> bool:
        return not self.conflicts


@transaction.atomic
def save_page(version: m.Version, page: Page, *, actor, base: dict | None, keep_mine=frozenset(),
              take_theirs=frozenset()) -> Saved:
    """Save a page whose forms are valid (the caller checked), merged with what others saved since
    `base`: items in conflict are not saved (see editing/merge.py); `keep_mine` and `take_theirs`:
    the items where the person chose, on a conflict, their own input or the saved value."""
    _lock_draft(version)
    stamp = _take_turn(version, page.ref.key, actor)
    theirs = saved_values(page)
    base = theirs if base == AS_SAVED else base
    mine = {key: value for key, value in typed_values(page).items() if key not in take_theirs}
    authors = _last_authors(page, base, mine, theirs)
    outcome = merge.merge(
        _keys(base), _keys(mine), _keys(theirs), texts={_split(k) for k in _long_texts(page)},
        mine_wins=lambda key: f"{key[0]}:{key[1]}" in keep_mine or authors.get(f"{key[0]}:{key[1]}") == getattr(actor, "pk", None),
    )
    writes = {f"{record}:{attr}": value for (record, attr), value in outcome.values.items()}
    changes = _write(version, page, writes)
    conflicts = {f"{record}:{attr}": conflict for (record, attr), conflict in outcome.conflicts.items()}
    if changes:
        touch(version)
    if changes or conflicts:
        log_action("version.edited", actor=actor, target=version, organisation=version.report.organisation, data={
            "page": page.ref.title, "changes": changes,
            **({"conflicts": [_item_name(page, key) for key in conflicts]} if conflicts else {}),
            **({"merged": [_item_name(page, f"{r}:{a}") for r, a in outcome.taken + outcome.joined]}
               if outcome.taken or outcome.joined else {}),
        })
    # The next save merges from what is saved now, except where the person has yet to choose: there
    # both sides are still changes from the old base.
    after = saved_values(page)
    next_base = {key: (base or {}).get(key, after.get(key)) if key in conflicts else value for key, value in after.items()}
    return Saved(stamp, conflicts, [f"{r}:{a}" for r, a in outcome.taken], [f"{r}:{a}" for r, a in outcome.joined],
                 remember_base(version, page.ref.key, next_base), authors)


def _split(key: str) -> tuple[str, str]:
    record, _, attr = key.partition(":")
    return record, attr


def _keys(values: dict | None) -> dict | None:
    return None if values is None else {_split(key): value for key, value in values.items()}


def _write(version: m.Version, page: Page, writes: dict[str, object]) -> dict:
    """Put the merged values on the records afresh, save them, and say what changed for the log."""
    from pia_portal.reports.structure import Kind

    changes = {}
    for form in page.forms:
        record = type(form.record).objects.filter(pk=form.record.pk).first()
        wanted = {attr: writes[_key(form.record, attr)] for attr in [*(i.attr for i in _items(form)), ITEM_LINES]
                  if _key(form.record, attr) in writes}
        upload = next((form.cleaned_data.get(place.item.attr) for place in form.places
                       if place.item.kind is Kind.IMAGE and form.cleaned_data.get(place.item.attr)), None)
        if record is None or not (wanted or upload):
            continue
        if ITEM_LINES in wanted:
            item_change = _sync_record_items(version, record, wanted.pop(ITEM_LINES))
            if item_change:
                changes[f"{record._meta.verbose_name} {record.heading or record.uid.hex[:8]}"] = item_change
        items = {item.attr: item for item in _items(form)}
        before = {}
        for attr, value in wanted.items():
            names = [attr, f"{attr}_precision", f"{attr}_note"] if items[attr].kind is Kind.DATE else [attr]
            before.update({name: getattr(record, name) for name in names})
            if items[attr].kind is Kind.DATE:
                day = dt.date.fromisoformat(value[0]) if value[0] else None
                record.__dict__.update({attr: day, f"{attr}_precision": value[1], f"{attr}_note": value[2]})
            else:
                setattr(record, attr, value)
        for place in form.places:
            if place.item.kind is Kind.IMAGE and form.cleaned_data.get(place.item.attr):
                before[place.item.attr] = getattr(record, place.item.attr)
                setattr(record, place.item.attr, form.cleaned_data[place.item.attr])
        cleared = clear_hidden(record, form.places)
        for attr in cleared:
            before.setdefault(attr, None)
        changed = [name for name in before if getattr(record, name) != before[name] or name in cleared]
        if changed:
            record.save()
            _follow_identity(version, record, changed)
            changes[_record_title(page, record)] = {
                name: _logged_change(form, name, before.get(name), getattr(record, name)) for name in sorted(changed)}
    return changes


def _last_authors(page: Page, base, mine, theirs) -> dict[str, object]:
    """Who saved the current value of each item that someone else may have changed since `base`
    (the row history, django-pghistory, keeps who wrote each row): so that one's own earlier
    save (another tab, a restored draft) is never a conflict, and the page can say whose changes
    it kept."""
    from pia_portal.reports.structure import Kind

    if base is None:
        return {}
    changed = {key for key, value in theirs.items() if base.get(key, value) != value}
    authors = {}
    for form in page.forms:
        uid = form.record.uid.hex
        columns = {}
        for item in _items(form):
            if f"{uid}:{item.attr}" in changed:
                columns[item.attr] = ([item.attr, f"{item.attr}_precision", f"{item.attr}_note"] if item.kind is Kind.DATE
                                      else [item.attr])
        if columns:
            authors.update({f"{uid}:{attr}": user for attr, user in _writers(form.record, columns).items()})
        if f"{uid}:{ITEM_LINES}" in changed:
            authors[f"{uid}:{ITEM_LINES}"] = _items_writer(form.record)
    return authors


def _user_of(event):
    return event.pgh_context.metadata.get("user") if event is not None and event.pgh_context is not None else None


def _writers(record, columns: dict[str, list[str]]) -> dict[str, object]:
    """The person (user id) whose write last changed each item of `record` (its columns)."""
    from django.apps import apps

    event_model = apps.get_model(record._meta.app_label, f"{type(record).__name__}Event")
    events = event_model.objects.filter(pgh_obj_id=record.pk).select_related("pgh_context").order_by("-pgh_id")[:500]
    writers, newer, left = {}, None, dict(columns)
    for event in events:
        if newer is not None:
            for attr, names in list(left.items()):
                if any(getattr(event, name, None) != getattr(newer, name, None) for name in names):
                    writers[attr] = _user_of(newer)
                    del left[attr]
        if not left:
            break
        newer = event
    for attr in left:  # never changed since the record was made: by whoever made it
        writers[attr] = _user_of(newer)
    return writers


def _items_writer(group):
    """Who last added, changed or removed a 記録項目 of `group`."""
    from django.apps import apps

    event = (apps.get_model("reports", "RecordItemEvent").objects.filter(group_id=group.pk)
             .select_related("pgh_context").order_by("-pgh_id").first())
    return _user_of(event)


def _item_name(page: Page, key: str) -> str:
    """「委託事項2 ③委託先名」: an item of the page as people name it."""
    uid, _, attr = key.partition(":")
    for form in page.forms:
        if form.record.uid.hex != uid:
            continue
        if attr == ITEM_LINES:
            return ITEM_LINES_LABEL
        place = next((p for p in form.places if p.item.attr == attr), None)
        label = place.label() if place is not None else attr
        if isinstance(form.record, m.VersionEntry) and not isinstance(form.record, m.PersonalInfoFile):
            return f"{form.record._meta.verbose_name}{form.record.position + 1} {label}"
        return label
    return attr


@transaction.atomic
def add_repeat_entry(version: m.Version, model, parent, *, page_key: str, actor) -> m.VersionEntry:
    _lock_draft(version)
    _take_turn(version, page_key, actor)
    entry = add_entry(version, model, parent)
    _recount(entry)
    touch(version)
    log_action("version.entry_added", actor=actor, target=version, organisation=version.report.organisation,
               data={"entry": f"{entry._meta.verbose_name}{entry.position + 1}", "uid": entry.uid})
    return entry


def _refuse_published_rows(version: m.Version, *entries) -> None:
    """A row of the 変更箇所 an earlier edition published keeps its place and its text here."""
    from pia_portal.changelog.services import published_rows

    if any(isinstance(entry, m.ChangeLogEntry) for entry in entries) and \
            {entry.uid for entry in entries} & published_rows(version):
        raise ActionRefused("公表した版の変更箇所の行は、削除や並べ替えはできません。"
                            "誤りがある行は「この行を訂正する」から理由を書いて訂正してください。")


def carries_page(data, page) -> bool:
    """Whether a POST holds the page's fields (the editor's form always sends `base`): a button
    posted from elsewhere must not be read as a page whose every field was emptied."""
    return "base" in data or any(
        form.add_prefix(name) in data for form in page.forms for name in form.fields)


@transaction.atomic
def delete_repeat_entry(version: m.Version, entry: m.VersionEntry, *, page_key: str, actor, base: dict | None = None,
                        confirmed: bool = False) -> None:
    """Remove an entry. One that someone else changed since `base` (the page as the person opened
    it) is removed only once they confirm (RemovalConflict): removing is never a silent way to
    throw away a colleague's edit."""
    _lock_draft(version)
    _take_turn(version, page_key, actor)
    _refuse_published_rows(version, entry)
    if not confirmed and isinstance(base, dict):
        changed = _changed_by_others(version, entry, base, actor)
        if changed:
            raise RemovalConflict({"uid": entry.uid.hex, "label": f"{entry._meta.verbose_name}{entry.position + 1}",
                                   "items": changed})
    touch(version)
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
    _take_turn(version, page_key, actor)
    ordered = list(_group_of(entry).order_by("position", "pk"))
    index = next(i for i, s in enumerate(ordered) if s.pk == entry.pk)
    target = index + offset
    if not 0 <= target < len(ordered):
        return
    _refuse_published_rows(version, entry, ordered[target])
    ordered[index], ordered[target] = ordered[target], ordered[index]
    touch(version)
    for position, sibling in enumerate(ordered):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    log_action("version.entry_moved", actor=actor, target=version, organisation=version.report.organisation,
               data={"entry": str(entry._meta.verbose_name), "uid": entry.uid, "to": target + 1})


def _changed_by_others(version: m.Version, entry: m.VersionEntry, base: dict, actor) -> list[str]:
    """The items of `entry` whose saved value is no longer what the person's page started from,
    last written by someone else, as 「③委託先名」."""
    from .forms import record_form_class

    places = record_form_class(version.form_kind, entry.entity, version.revision).places
    changed, columns = [], {}
    for place in places:
        key = _key(entry, place.item.attr)
        if key in base and stored_value(entry, place.item) != base[key]:
            columns[place.item.attr] = [place.item.attr]
    if not columns:
        return []
    writers = _writers(entry, columns)
    for place in places:
        if place.item.attr in columns and writers.get(place.item.attr) != getattr(actor, "pk", None):
            changed.append(place.label(version.revision))
    return changed


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
NOT_DATA = {"csrfmiddlewaretoken", "base", "seq"}


def autosave(version: m.Version, key: str, post, *, actor) -> PageDraft:
    """Keep what `actor` has typed on page `key` (the browser's form data, files left out)."""
    import json

    # NUL cannot be typed, and PostgreSQL's JSON cannot hold it.
    data = {name.replace("\x00", ""): [value.replace("\x00", "") for value in post.getlist(name)]
            for name in post if name not in NOT_DATA}
    if len(json.dumps(data, ensure_ascii=False).encode("utf-8")) > AUTOSAVE_MAX_BYTES:
        raise ValueError("入力内容が大きすぎるため、自動保存できません。保存ボタンで保存してください。")
    if version.status not in m.EDITABLE_STATUSES:
        raise m.VersionLocked(version.pk, version.status)
    draft, _ = PageDraft.objects.update_or_create(version=version, page=key, user=actor, defaults={
        "data": data, "base": str(post.get("base") or "")[:64]})
    return draft


def keep_draft(version: m.Version, key: str, post, *, base: str, actor) -> PageDraft | None:
    """A save that did not go through (invalid input, a conflict, a refused action) keeps what was
    typed as the person's draft, so that leaving the page loses nothing."""
    data = post.copy()
    data["base"] = base
    try:
        return autosave(version, key, data, actor=actor)
    except (ValueError, m.VersionLocked):
        return None


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


# Conflicts and errors, as the page shows them -----------------------------------------------------


def choices(post) -> dict[str, set[str]]:
    """The person's answers to conflicts: 「自分の内容を使う」 (mine) or 「相手の内容を使う」
    (theirs), by item key."""
    chosen: dict[str, set[str]] = {"mine": set(), "theirs": set()}
    for name, value in post.items():
        if name.startswith("resolve-") and value in chosen:
            chosen[value].add(name.removeprefix("resolve-")[:120])
    return chosen


@dataclass(frozen=True)
class ConflictView:
    """One item in conflict on the page: what the other saved, beside the person's input."""

    key: str  # 「<uid hex>:<attr>」, the name of its choice (resolve-<key>)
    name: str  # 「委託事項2 ③委託先名」
    anchor: str  # the id of the item on the page
    theirs: str  # the saved value as the form prints it; "" when the record was removed
    mine: str  # what the person typed, as the form prints it (shown when the record is gone)
    removed: bool
    who: str
    order: int


def conflict_views(page: Page, saved: Saved, shown_on: Page | None = None) -> dict[str, ConflictView]:
    """`page`: the page as posted (it names every item, removed records' too); `shown_on`: the page
    shown again, where a removed record's items no longer are."""
    from django.contrib.auth import get_user_model

    users = {user.pk: user for user in get_user_model().objects.filter(pk__in=[u for u in saved.authors.values() if u])}
    views = {}
    order = {f"{form.record.uid.hex}:{place.item.attr}": n for n, (form, place) in
             enumerate((form, place) for form in page.forms for place in form.places)}
    for key, conflict in saved.conflicts.items():
        uid, _, attr = key.partition(":")
        who = users.get(saved.authors.get(key))
        form = next((f for f in page.forms if f.record.uid.hex == uid), None)
        item = next((p.item for p in form.places if p.item.attr == attr), None) if form is not None else None
        removed = conflict.why is merge.Why.REMOVED
        on_page = form is not None and (shown_on is None or any(f.record.uid.hex == uid for f in shown_on.forms))
        views[key] = ConflictView(
            key, _item_name(page, key), f"item-{form.prefix}-{attr}" if on_page else "",
            "" if removed else (_shown_saved(item, conflict.theirs) if item is not None else str(conflict.theirs)),
            _shown_saved(item, conflict.mine) if item is not None else str(conflict.mine), removed, f"{display_name(who)}さん" if who else "他の人", order.get(key, 10**6))
    return views


def _shown_saved(item, value) -> str:
    """A value of stored_value's form as the form prints it."""
    from pia_portal.core.wareki import format_date
    from pia_portal.reports.structure import Kind

    if item.kind is Kind.DATE:
        day = dt.date.fromisoformat(value[0]) if value and value[0] else None
        return (format_date(day, value[1]) if day else "") + (value[2] if value else "")
    if item.kind is Kind.CHOICE:
        return item.options.label_of(value) if value else ""
    return _shown(item, value)


def overlay_conflicts(fresh: Page, posted: Page, saved: Saved) -> None:
    """The page after a save that met conflicts shows what is saved now, except that each item in
    conflict shows what the person typed (not saved yet), with the other's value beside it."""
    from django import forms

    typed = {form.record.uid.hex: form for form in posted.forms}
    for form in fresh.forms:
        source = typed.get(form.record.uid.hex)
        if source is None:
            continue
        for name, field in form.fields.items():
            attr = name.removesuffix("_note")
            if f"{form.record.uid.hex}:{attr}" not in saved.conflicts or isinstance(field, forms.FileField):
                continue
            form.initial[name] = field.widget.value_from_datadict(source.data, {}, source.add_prefix(name))


def merged_names(page: Page, saved: Saved) -> list[tuple[str, list[str]]]:
    """The items the save kept from other people (changed only by them, or long texts joined), by
    person: [(「佐藤 花子さん」, [「①保管場所」, …])]."""
    from django.contrib.auth import get_user_model

    users = {user.pk: user for user in get_user_model().objects.filter(pk__in=[u for u in saved.authors.values() if u])}
    by_person: dict[str, list[str]] = {}
    for key in [*saved.taken, *saved.joined]:
        user = users.get(saved.authors.get(key))
        who = f"{display_name(user)}さん" if user else "他の人"
        by_person.setdefault(who, []).append(_item_name(page, key))
    return list(by_person.items())


def form_errors(page: Page) -> list[dict]:
    """Every error that kept a page from being saved, in the order of the page, each naming its
    entry and item (「委託事項2 ③委託先名: …」) and linking to the field."""
    from pia_portal.core.forms import field_anchor

    problems = []
    for form in page.forms:
        if not form.errors:
            continue
        for error in form.non_field_errors():
            problems.append({"anchor": "", "label": _item_name(page, _key(form.record, "")), "text": error})
        for name in form.fields:
            attr = name.removesuffix("_note")
            for error in form[name].errors:
                label = _item_name(page, _key(form.record, attr)) + ("(注記)" if name.endswith("_note") else "")
                problems.append({"anchor": field_anchor(form[name]), "label": label, "text": error})
    return problems


def _shown(item, value) -> str:
    from pia_portal.reports.structure import Kind

    if item.kind is Kind.CHECKS:
        return "、".join(item.options.label_of(code) + (f"({text})" if text else "") for code, text in (value or {}).items()) or "(選択なし)"
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
