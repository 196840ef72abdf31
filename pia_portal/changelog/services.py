"""Taking proposed rows into a draft's change log. Each function is one atomic change of state,
logged; views and the command only call these.

Earlier batches of the log are never touched: the proposal compares the draft with the version it
was made from, so it only ever adds rows of this draft's own batch."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from pia_portal.audit.log import log_action
from pia_portal.reports import models as m

from pia_portal.procedure import shishin

from .explain import Classification, Timing
from .generate import ChangeLogError, Proposal, ProposedRow, generate
from .models import ChangeBatch, RowDecision, house_style_for
from .refs import ItemRef

EDITABLE_FIELDS = ("item", "before", "after", "timing", "explanation")
MAX_FIELD = {"item": 2_000, "before": 20_000, "after": 20_000, "explanation": 2_000}


@dataclass
class RowState:
    """A proposed row with staff's decision and edits applied: what the page shows."""

    row: ProposedRow
    decision: RowDecision | None

    @property
    def key(self) -> str:
        return self.row.key

    @property
    def status(self) -> str:
        """pending | accepted | outdated (accepted, and the draft changed since) | dropped."""
        if self.decision is None or not self.decision.state:
            return "pending"
        if self.decision.state == RowDecision.State.DROPPED:
            return "dropped"
        return "outdated" if self.decision.accepted_as != _snapshot(self.row) else "accepted"

    def value(self, name: str) -> str:
        edits = self.decision.edits if self.decision else {}
        if name in edits:
            return edits[name]
        return self.row.timing.value if name == "timing" else getattr(self.row, name)

    @property
    def edited(self) -> set[str]:
        return set(self.decision.edits) if self.decision else set()

    @property
    def item(self) -> str:
        return self.value("item")

    @property
    def classification(self) -> Classification:
        """What staff decided, else what the rules propose."""
        chosen = self.decision.classification if self.decision else ""
        return Classification(chosen) if chosen else self.row.classification

    @property
    def decided_by_staff(self) -> bool:
        return bool(self.decision and self.decision.classification)

    @property
    def is_important(self) -> bool:
        return self.classification is Classification.IMPORTANT

    @property
    def needs_late_reason(self) -> bool:
        """A 重要な変更 with 提出時期 事後 keeps its procedure and must say why it is late."""
        late = shishin.post_important_change(important=self.is_important, post=self.value("timing") == Timing.POST)
        return late and not (self.decision and self.decision.late_cause)


def base_of(version: m.Version) -> m.Version:
    """The version a draft's proposal is compared with: the one it was made from."""
    if version.based_on_id is None:
        raise ChangeLogError("この版は以前の版から作成されていないため、変更箇所の案はありません。")
    return version.based_on


def proposal_for(version: m.Version) -> tuple[Proposal, list[RowState], list[RowDecision]]:
    """The rows proposed for a draft now, with decisions; and decisions whose row has gone (the
    change was undone), so that staff can remove a row taken in earlier."""
    proposal = generate(base_of(version), version, style=house_style_for(version.report.organisation, version))
    decisions = {d.key: d for d in RowDecision.objects.filter(version=version).select_related("entry")}
    states = [RowState(row, decisions.pop(row.key, None)) for row in proposal.rows]
    orphans = [d for d in decisions.values() if d.state == RowDecision.State.ACCEPTED]
    return proposal, states, orphans


def _snapshot(row: ProposedRow) -> dict:
    return {"item": row.item, "before": row.before, "after": row.after, "timing": row.timing.value,
            "explanation": row.explanation, "important": row.is_important_change}


def _lock(version: m.Version) -> m.Version:
    locked = m.Version.objects.select_for_update().get(pk=version.pk)
    if not locked.is_editable:
        raise m.VersionLocked(locked.pk, locked.status)
    return locked


def _rows(version: m.Version, keys) -> list[RowState]:
    _, states, _ = proposal_for(version)
    wanted = set(keys)
    found = [s for s in states if s.key in wanted]
    if len(found) != len(wanted):
        raise ChangeLogError("案が更新されたため、選んだ行の一部が見つかりません。ページを読み込み直してください。")
    return found


@transaction.atomic
def accept_rows(version: m.Version, keys, *, actor) -> int:
    """Take rows into the log (or bring rows taken earlier up to date), keeping staff's edits."""
    version = _lock(version)
    states = _rows(version, keys)
    batch = ChangeBatch.objects.filter(version=version).first()
    position = (m.ChangeLogEntry.objects.filter(version=version).aggregate(top=Max("position"))["top"] or 0) + 1
    for state in states:
        decision = state.decision or RowDecision(version=version, key=state.key)
        entry = decision.entry if decision.entry_id else m.ChangeLogEntry(version=version, position=position)
        if entry.pk is None:
            position += 1
        _write(entry, state)
        entry.from_version, entry.to_version, entry.proposal_key = version.based_on, version, state.key
        entry.item_ref = item_ref(state.row)
        if batch is not None:
            entry.change_date, entry.change_date_precision, entry.change_date_note = (
                batch.change_date, batch.change_date_precision, batch.change_date_note)
        entry.save()
        decision.state, decision.entry, decision.accepted_as, decision.decided_by = (
            RowDecision.State.ACCEPTED, entry, _snapshot(state.row), _user(actor))
        decision.save()
    log_action("changelog.rows_accepted", actor=actor, target=version, organisation=version.report.organisation,
               data={"count": len(states), "items": [s.value("item")[:200] for s in states][:50]})
    return len(states)


@transaction.atomic
def drop_rows(version: m.Version, keys, *, actor) -> int:
    """Leave rows out of the log; a row taken in earlier is removed from it."""
    version = _lock(version)
    wanted = set(keys)
    decisions = {d.key: d for d in RowDecision.objects.filter(version=version, key__in=wanted)}
    _, states, orphans = proposal_for(version)
    known = {s.key for s in states} | {d.key for d in orphans}
    if not wanted <= known:
        raise ChangeLogError("案が更新されたため、選んだ行の一部が見つかりません。ページを読み込み直してください。")
    for key in wanted:
        decision = decisions.get(key) or RowDecision(version=version, key=key)
        if decision.entry_id:
            decision.entry.delete()
        decision.state, decision.entry, decision.decided_by = RowDecision.State.DROPPED, None, _user(actor)
        decision.save()
    log_action("changelog.rows_dropped", actor=actor, target=version, organisation=version.report.organisation,
               data={"count": len(wanted)})
    return len(wanted)


@transaction.atomic
def reconsider_row(version: m.Version, key: str, *, actor) -> None:
    """Back to undecided: a dropped row is proposed again, a taken row leaves the log. Edits are kept."""
    version = _lock(version)
    decision = RowDecision.objects.filter(version=version, key=key).first()
    if decision is None:
        return
    if decision.entry_id:
        decision.entry.delete()
    if decision.edits:
        decision.state, decision.entry = RowDecision.State.PENDING, None
        decision.save()
    else:
        decision.delete()
    log_action("changelog.row_reconsidered", actor=actor, target=version, organisation=version.report.organisation,
               data={"key": key})


@transaction.atomic
def edit_row(version: m.Version, key: str, *, actor, **texts: str) -> None:
    """Staff's own wording of a row; it survives every later regeneration of the proposal."""
    version = _lock(version)
    (state,) = _rows(version, [key])
    _edit(version, state, texts, actor=actor)
    log_action("changelog.row_edited", actor=actor, target=version, organisation=version.report.organisation,
               data={"key": key, "fields": sorted(texts)})


def _edit(version: m.Version, state: RowState, texts: dict[str, str], *, actor) -> None:
    """Keep the texts that differ from the proposal as staff's edits, and bring a row taken into the
    log up to date with them."""
    decision = state.decision or RowDecision(version=version, key=state.key, state=RowDecision.State.PENDING)
    edits = dict(decision.edits)
    for name, text in texts.items():
        if name not in EDITABLE_FIELDS:
            raise ChangeLogError(f"{name} は修正できません。")
        if name == "timing" and text not in Timing.__members__.values():
            raise ChangeLogError("提出時期は「事前」か「事後」を選んでください。")
        if name == "timing" and text == Timing.POST and state.is_important and not decision.late_cause:
            raise ChangeLogError("重要な変更を事後にするには、上の「判断と理由」で事後とする理由(緊急時又はその他)を記録して"
                                 "ください。事後にしても重要な変更であり、評価の再実施が必要です。", "timing")
        if name in MAX_FIELD and len(text) > MAX_FIELD[name]:
            raise ChangeLogError(f"{MAX_FIELD[name]:,}文字以内で入力してください。")
        proposed = state.row.timing.value if name == "timing" else getattr(state.row, name)
        if text == proposed:
            edits.pop(name, None)
        else:
            edits[name] = text
    decision.edits, decision.decided_by = edits, _user(actor)
    decision.save()
    state.decision = decision
    if decision.entry_id:
        _write(decision.entry, state)
        decision.entry.save()


def _write(entry: m.ChangeLogEntry, state: RowState) -> None:
    """A row of the log as the proposal and staff's edits give it."""
    for name in ("item", "before", "after", "explanation", "timing"):
        setattr(entry, name, state.value(name))
    # A 重要な変更 recorded 事後 is still one (procedure/shishin.py, important_change_post).
    entry.important = state.is_important


REASON_MAX = 1_000


@transaction.atomic
def classify_row(version: m.Version, key: str, *, classification: str, cause: str, reason: str = "",
                 timing: str | None = None, late_cause: str = "", late_reason: str = "", actor) -> RowState:
    """Staff's classification of a row, with the reason that is kept and printed in its 提出時期に係る
    説明. A classification other than the proposal's needs a reason; a 重要な変更 with 提出時期 事後
    stays a 重要な変更 (its procedure is not cancelled) and needs the reason it is late."""
    from pia_portal.core.text import clean_text

    version = _lock(version)
    (state,) = _rows(version, [key])
    try:
        chosen, cause_ = Classification(classification), _cause(cause)
    except ValueError:
        raise ChangeLogError("判断と理由を一覧から選んでください。", "classification") from None
    reason = clean_text(reason or "").strip()
    late_reason = clean_text(late_reason or "").strip()
    if len(reason) > REASON_MAX or len(late_reason) > REASON_MAX:
        raise ChangeLogError(f"理由は{REASON_MAX:,}文字以内で入力してください。", "reason")
    if chosen is not state.row.classification and not reason:
        raise ChangeLogError(f"案({state.row.classification.label})と違う判断にするには、判断の理由を入力してください。", "reason")
    timing = Timing(timing) if timing else chosen.timing
    late = shishin.post_important_change(important=chosen is Classification.IMPORTANT, post=timing is Timing.POST)
    if late:
        if late_cause not in shishin.LateCause.__members__.values():
            raise ChangeLogError("重要な変更を事後とする理由の区分(緊急時又はその他)を選んでください。", "late_cause")
        if late_cause == shishin.LateCause.OTHER and not late_reason:
            raise ChangeLogError("事後とする理由を入力してください。", "late_reason")
    else:
        late_cause, late_reason = "", ""
    decision = state.decision or RowDecision(version=version, key=state.key, state=RowDecision.State.PENDING)
    decision.classification = "" if chosen is state.row.classification and not reason else chosen.value
    decision.classification_reason = reason
    decision.late_cause, decision.late_reason = late_cause, late_reason
    decision.save()
    state.decision = decision
    text = written_explanation(version, chosen, cause_, reason=reason, late_cause=late_cause, late_reason=late_reason)
    _edit(version, state, {"timing": timing.value, "explanation": text}, actor=actor)
    log_action("changelog.row_classified", actor=actor, target=version, organisation=version.report.organisation,
               data={"key": key, "proposed": state.row.classification.value, "classification": chosen.value,
                     "reason": reason, "timing": timing.value, "late_cause": late_cause, "late_reason": late_reason})
    return state


def _cause(value: str):
    from .explain import Cause

    return Cause(value)


def written_explanation(version: m.Version, classification: Classification, cause, *, reason: str = "",
                        late_cause: str = "", late_reason: str = "") -> str:
    """The 提出時期に係る説明 in the organisation's wording, with staff's reason and, for a 重要な変更
    submitted 事後, why it is late."""
    from .explain import Wording, explanation

    style = house_style_for(version.report.organisation, version)
    text = explanation(classification, style.reason(cause), wording=style.wording, negation=style.negation)
    if style.wording is Wording.BLANK and not (reason or late_cause):
        return text
    if reason:
        text += f"(判断の理由: {reason})"
    if late_cause:
        text += f"。{shishin.LateCause(late_cause).label}のため事後に提出する" + (f"({late_reason})" if late_reason else "")
    return text


def explanation_for(version: m.Version, classification: str, cause: str) -> tuple[str, str]:
    """The 提出時期 and explanation a classification and cause give, in the organisation's wording."""
    from .explain import Cause, Classification, explanation

    style = house_style_for(version.report.organisation, version)
    chosen = Classification(classification)
    text = explanation(chosen, style.reason(Cause(cause)), wording=style.wording, negation=style.negation)
    return chosen.timing.value, text


@transaction.atomic
def set_timing(version: m.Version, keys, timing: str, *, actor) -> int:
    """One 提出時期 for a batch of rows (batches were uniform in practice)."""
    version = _lock(version)
    states = _rows(version, keys)
    if timing == Timing.POST:
        late = [s for s in states if s.is_important and not (s.decision and s.decision.late_cause)]
        if late:
            raise ChangeLogError(
                f"重要な変更の行が{len(late)}件あります。重要な変更を事後にするには、行ごとに「編集」で事後とする理由"
                "(緊急時又はその他)を記録してください。事後にしても重要な変更であり、評価の再実施が必要です。")
    for state in states:
        _edit(version, state, {"timing": timing}, actor=actor)
    log_action("changelog.row_edited", actor=actor, target=version, organisation=version.report.organisation,
               data={"keys": [s.key for s in states][:50], "fields": ["timing"], "timing": timing})
    return len(states)


@transaction.atomic
def set_batch_date(version: m.Version, day: dt.date | None, *, precision: str = "day", note: str = "", actor) -> None:
    """The 変更日 of this draft's rows, on the rows taken so far and those taken later."""
    version = _lock(version)
    batch, _ = ChangeBatch.objects.get_or_create(version=version)
    batch.change_date, batch.change_date_precision, batch.change_date_note = day, precision, note
    batch.save()
    m.ChangeLogEntry.objects.filter(version=version, to_version=version).update(
        change_date=day, change_date_precision=precision, change_date_note=note)
    log_action("changelog.date_set", actor=actor, target=version, organisation=version.report.organisation,
               data={"change_date": day, "precision": precision, "note": note})


def important_changes(version: m.Version) -> list[m.ChangeLogEntry]:
    """The rows of this version's own batch that are 重要な変更: before they take effect the report
    must be assessed again and published (事前). The 指針's procedure will hang on this."""
    return list(m.ChangeLogEntry.objects.filter(version=version, to_version=version, important=True).order_by("position"))


def important_rows_against(base: m.Version, version: m.Version) -> list[RowState]:
    """The rows of `version`'s content compared with `base` (its last published edition) that are
    重要な変更, with staff's decisions applied: a row left out of the log, or never taken into it,
    is still a change of the content."""
    proposal = generate(base, version, style=house_style_for(version.report.organisation, version))
    decisions = {d.key: d for d in RowDecision.objects.filter(version=version)}
    states = [RowState(row, decisions.get(row.key)) for row in proposal.rows]
    return [state for state in states if state.is_important]


def item_ref(row: ProposedRow) -> str:
    """「f1/outsourcing.contractor_name@2」: file, entity, item and entry number of a row."""
    path = row.path
    if path is None or path.place is None:
        return ""
    entry = path.instances[-1].number if path.instances else None
    return str(ItemRef(row.key.split(".", 1)[0], path.place.item.attr, path.file_number, entry or None))


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def link_rows(version: m.Version) -> int:
    """Name the catalogue item of every row of a draft's log that has none yet (imported rows,
    rows typed by hand), from its 項目 text; rows whose text names no single item stay unlinked."""
    from .resolve import resolve_item

    rows = [row for row in m.ChangeLogEntry.objects.filter(version=version, item_ref="")]
    for row in rows:
        row.item_ref = resolve_item(row.item, version.report.kind)[:200]
    linked = [row for row in rows if row.item_ref]
    if linked:
        m.ChangeLogEntry.objects.bulk_update(linked, ["item_ref"])
    return len(linked)


def histories(version: m.Version) -> dict[str, list[m.ChangeLogEntry]]:
    """The rows of a version's cumulative log by the item they are about, oldest first."""
    found: dict[str, list[m.ChangeLogEntry]] = {}
    for row in m.ChangeLogEntry.objects.filter(version=version).exclude(item_ref="").order_by("position", "pk"):
        found.setdefault(row.item_ref, []).append(row)
    return found


def reference_of(record, attr: str, file=None) -> str:
    """The item reference of a field in the editor, as rows name it: 「f1/outsourcing.contractor_name@2」."""
    entry = record.position + 1 if isinstance(record, m.VersionEntry) and not isinstance(record, m.PersonalInfoFile) else None
    return str(ItemRef(record.entity.value, attr, file.position + 1 if file is not None else None, entry))


def published_rows(version: m.Version) -> set:
    """The rows of the draft's log that an earlier edition published (by uid: a row keeps its uid
    in every version it is copied into). They are the record of what was published and when, so
    the editor shows them read-only; correcting one is its own action (correct_published_row)."""
    published = (m.Version.objects.filter(report_id=version.report_id, number__lt=version.number,
                                          status__in=(m.VersionStatus.PUBLISHED, m.VersionStatus.SUPERSEDED))
                 .order_by("-number").first())
    if published is None:
        return set()
    return set(published.change_log.values_list("uid", flat=True))


CORRECTION_REASON_MAX = 1_000


@transaction.atomic
def correct_published_row(entry: m.ChangeLogEntry, *, actor, values: dict[str, object], reason: str) -> None:
    """Correct a row an earlier edition published (a wrong date, a typo in its 項目): allowed in a
    draft, with a reason, and logged with what it said before, so that the correction is visible
    in the history next to every other change of the record."""
    from pia_portal.core.text import clean_text

    reason = clean_text(reason or "").strip()
    if not reason:
        raise ChangeLogError("訂正の理由を入力してください。", field="reason")
    if len(reason) > CORRECTION_REASON_MAX:
        raise ChangeLogError(f"訂正の理由は{CORRECTION_REASON_MAX:,}文字以内で入力してください。", field="reason")
    entry = m.ChangeLogEntry.objects.select_for_update().get(pk=entry.pk)
    changed = {name: value for name, value in values.items() if getattr(entry, name) != value}
    if not changed:
        raise ChangeLogError("訂正する内容がありません。行の内容を直してから訂正してください。")
    before = {name: _plain(getattr(entry, name)) for name in changed}
    for name, value in changed.items():
        setattr(entry, name, value)
    entry.save()
    log_action("changelog.published_row_corrected", actor=actor, target=entry.version,
               organisation=entry.version.report.organisation,
               data={"row": str(entry.uid), "entry": f"変更箇所{entry.position + 1}", "reason": reason,
                     "before": before, "after": {name: _plain(value) for name, value in changed.items()}})


def _plain(value):
    return value.isoformat() if isinstance(value, dt.date) else value
