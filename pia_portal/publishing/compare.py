"""Two versions item by item in the form's own terms. Records are matched by their stable uid, so
an entry removed in the middle shows as removed, not as every later entry changed."""

from __future__ import annotations

from dataclasses import dataclass

from pia_portal.core.wareki import format_date
from pia_portal.reports.models import Version
from pia_portal.reports.outline import Slot, slots
from pia_portal.reports.structure.nodes import Kind, resolve


@dataclass
class Change:
    kind: str  # changed | added | removed
    path: str
    before: str = ""
    after: str = ""
    important: bool = False


def display(slot: Slot, revision) -> str:
    item, value = slot.place.item, slot.value
    if item.kind is Kind.CHOICE:
        return item.options.label_of(value, revision) if value else ""
    if item.kind is Kind.CHECKS:
        return " ".join(
            f"[○]{resolve(o.label, revision)}" + (f"({value[o.code]})" if value[o.code] else "")
            for o in item.options.options if o.code in (value or {})
        )
    if item.kind is Kind.COUNT:
        return "" if value is None else f"{value}件"
    if item.kind is Kind.FLAG:
        return "[○]" if value else "[ ]"
    if item.kind is Kind.DATE:
        note = getattr(slot.record, f"{slot.attr}_note")
        return " ".join(x for x in (format_date(value, getattr(slot.record, f"{slot.attr}_precision")) if value else "", note) if x)
    if item.kind is Kind.IMAGE:
        return value.name.rsplit("/", 1)[-1] if value else ""
    return value or ""


def _index(version: Version) -> dict:
    found = {}
    for slot in slots(version):
        found[(slot.record.entity, slot.record.uid, slot.attr)] = slot
    return found


def compare(old: Version, new: Version) -> list[Change]:
    before, after = _index(old), _index(new)
    old_records = {(key[0], key[1]) for key in before}
    new_records = {(key[0], key[1]) for key in after}
    changes: list[Change] = []
    reported_added: set = set()
    for key, slot in after.items():
        record_key = key[:2]
        if record_key not in old_records:
            if record_key not in reported_added:
                reported_added.add(record_key)
                changes.append(Change("added", _instance_path(slot, new), after="追加", important=slot.place.is_important))
            continue
        previous = before.get(key)
        if previous is None:
            continue
        old_value, new_value = display(previous, old.revision), display(slot, new.revision)
        if old_value != new_value:
            changes.append(Change("changed", slot.path(new.revision), old_value, new_value, slot.place.is_important))
    reported_removed: set = set()
    for key, slot in before.items():
        record_key = key[:2]
        if record_key not in new_records and record_key not in reported_removed:
            reported_removed.add(record_key)
            changes.append(Change("removed", _instance_path(slot, old), before="削除", important=slot.place.is_important))
    return changes


def _instance_path(slot: Slot, version: Version) -> str:
    """The path of the entry itself: 「II … (1)… 4. … 委託事項3」."""
    parts = [slot.section.label()]
    if slot.file is not None:
        parts.append(slot.file.title)
    parts += [g.label(version.revision) for g in slot.groups if g.label(version.revision)]
    parts += list(slot.instances) or [str(slot.record._meta.verbose_name)]
    return " ".join(parts)
