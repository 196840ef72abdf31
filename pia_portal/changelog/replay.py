"""Checking the generator against a real log: undo one batch of a report's own 変更箇所 in a copy of
its document, generate the log between the copy and the report, and see whether the real rows come
back (the same item; the real before and after contained in the proposed ones).

Used by the tests on the reference reports and by bench/changelog_replay.py, which reports the share
reproduced and lists the misses with their reason.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from pia_portal.core.wareki import WarekiError, parse_date
from pia_portal.reports import models as m
from pia_portal.reports.serialization import FILE_PARTS, VERSION_PARTS, export_version, import_version
from pia_portal.reports.structure import Kind, items_of
from pia_portal.reports.structure.nodes import Entity, resolve

from .generate import HouseStyle, generate
from .refs import ItemRef
from .resolve import resolve_item
from .services import item_ref

ADDED = {"", "追加", "—", "-", "ー"}
# Records that live inside a file of the export (the file itself is a part of the version).
FILE_ENTITIES = {part.model.entity for part in FILE_PARTS}
REMOVED = {"削除", "—", "-", "ー"}


@dataclass
class Outcome:
    row: m.ChangeLogEntry
    reference: str = ""
    reproduced: bool = False
    reason: str = ""


@dataclass
class Replay:
    batch: str
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def reproduced(self) -> int:
        return sum(o.reproduced for o in self.outcomes)

    @property
    def share(self) -> float:
        return self.reproduced / len(self.outcomes) if self.outcomes else 0.0


def last_batch(version: m.Version) -> tuple[str, list[m.ChangeLogEntry]]:
    """The rows of the log's last batch (the newest rows, one 変更日)."""
    rows = list(m.ChangeLogEntry.objects.filter(version=version).order_by("position", "pk"))
    if not rows:
        return "", []
    date = rows[-1].change_date
    batch = []
    for row in reversed(rows):
        if row.change_date != date:
            break
        batch.append(row)
    return (date.isoformat() if date else "(変更日なし)"), list(reversed(batch))


def replay(version: m.Version, organisation, *, actor=None, number: str = "") -> Replay:
    """Undo the last batch of `version`'s log in a copy (a new report numbered `number`) and compare."""
    label, batch = last_batch(version)
    result = Replay(label)
    document = export_version(version)
    undone: list[Outcome] = []
    for row in reversed(batch):  # newest last in the log: undone first
        outcome = Outcome(row, reference=row.item_ref or resolve_item(row.item, version.report.kind))
        result.outcomes.insert(0, outcome)
        if not outcome.reference:
            outcome.reason = "項目を特定できない"
            continue
        outcome.reason = _undo(document, outcome.reference, row)
        if not outcome.reason:
            undone.append(outcome)
    document["report"]["assessment_number"] = number or f"{version.report.assessment_number}9"
    document["change_log"] = []
    earlier = import_version(_fresh(document), organisation, actor=actor)
    proposed = generate(earlier, version, style=HouseStyle(long_text="full")).rows
    by_reference: dict[str, list] = {}
    for row in proposed:
        by_reference.setdefault(item_ref(row), []).append(row)
    for outcome in undone:
        candidates = by_reference.get(outcome.reference, [])
        if not candidates:
            outcome.reason = "案に行がない"
        elif any(_contains(c.before, outcome.row.before) and _contains(c.after, outcome.row.after) for c in candidates):
            outcome.reproduced = True
        else:
            outcome.reason = "変更前・変更後が一致しない"
    return result


def _fresh(document: dict) -> dict:
    return copy.deepcopy(document)


def _record(document: dict, reference: str) -> tuple[dict | None, str]:
    """The record a reference names in an exported document, found through the export's own parts."""
    ref = ItemRef.parse(reference)
    if ref is None:
        return None, ""
    try:
        holder, parts = document, VERSION_PARTS
        if Entity(ref.entity) in FILE_ENTITIES:
            holder, parts = document["files"][(ref.file or 1) - 1], FILE_PARTS
        part = next((p for p in parts if p.model.entity.value == ref.entity), None)
        if part is None:
            return None, ""
        found = holder[part.key]
        return (found[(ref.entry or 1) - 1] if part.many else found), ref.attr
    except (IndexError, KeyError, TypeError, ValueError):
        return None, ""


def _undo(document: dict, reference: str, row: m.ChangeLogEntry) -> str:
    """Put the row's 変更前 back into the copy; "" when done, else why not."""
    record, attr = _record(document, reference)
    if record is None:
        return "記録が見つからない"
    entity = Entity(ItemRef.parse(reference).entity)
    item = items_of(entity).get(attr)
    if item is None or attr not in record:
        return "項目が見つからない"
    before, after = (row.before or "").strip(), (row.after or "").strip()
    if after in REMOVED:
        return "削除の行(元の位置が分からない)"
    current = record[attr]
    if item.kind in (Kind.TEXT, Kind.LINE):
        undone = _undo_text(current or "", after, "" if before in ADDED else before)
        if undone is None:
            return "変更後の記載が現在の値にない"
        record[attr] = undone
        return ""
    if item.kind is Kind.CHECKS:
        ticked = {}
        for option in item.options.options:
            found = re.search(rf"\[[○〇]\]\s*{re.escape(resolve(option.label))}(?:\s*[(（]([^)）]*)[)）])?", before)
            if found:
                ticked[option.code] = (found.group(1) or "") if option.has_text else ""
        if not ticked and before not in ADDED:
            return "変更前の選択が読めない"
        record[attr] = ticked
        return ""
    if item.kind is Kind.CHOICE:
        plain = re.sub(r"[\s\[\]]", "", before)
        code = next((o.code for o in item.options.options if re.sub(r"\s", "", resolve(o.label)) == plain), None)
        code = code or next((o.code for o in sorted(item.options.options, key=lambda o: -len(resolve(o.label)))
                             if re.sub(r"\s", "", resolve(o.label)) in plain), None)
        if code is None:
            return "変更前の選択肢が分からない"
        record[attr] = code
        return ""
    if item.kind is Kind.DATE:
        try:
            day, precision = parse_date(re.sub(r"[(（]予定[)）]", "", before))
        except WarekiError:
            return "変更前の日付が読めない"
        record[attr] = {"date": day.isoformat(), "precision": precision, "note": "(予定)" if "予定" in before else ""}
        return ""
    if item.kind is Kind.COUNT:
        found = re.search(r"(\d+)", before)
        if not found:
            return "変更前の件数が読めない"
        record[attr] = int(found.group(1))
        return ""
    return "この種類の項目は戻せない"


_ELISION = re.compile(r"[(（](?:省略|略)[)）]|\d+[~〜～、,]\s*\d*\s*省略")


def _segments(text: str) -> list[str]:
    """A row's text cut at its elision marks, whitespace squeezed out."""
    return [part for part in (re.sub(r"\s+", "", p) for p in _ELISION.split(text)) if part]


def _undo_text(current: str, after: str, before: str) -> str | None:
    """`current` with what the row changed put back; None when the row's 変更後 is not in it.
    Matching ignores whitespace (rows and fields break lines differently)."""
    a, b = _segments(after), _segments(before)
    while a and b and a[0] == b[0]:
        a, b = a[1:], b[1:]
    while a and b and a[-1] == b[-1]:
        a, b = a[:-1], b[:-1]
    if not a:
        return None
    if len(a) != len(b) and b:
        a, b = ["".join(a)], ["".join(b)]
    text = current
    for index, old in enumerate(a):
        new = b[index] if index < len(b) else ""
        prefix = len(_common_prefix(old, new))
        suffix = len(_common_prefix(old[prefix:][::-1], new[prefix:][::-1]))
        core_old, core_new = old[prefix:len(old) - suffix], new[prefix:len(new) - suffix]
        replaced = _replace_loose(text, old, prefix, len(old) - suffix, core_new) if core_old or core_new else text
        if replaced is None:
            return None
        text = replaced
    return text


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _replace_loose(text: str, squeezed_old: str, start: int, end: int, new: str) -> str | None:
    """Replace characters start:end of `squeezed_old`, found in `text` ignoring whitespace, by `new`."""
    positions = [i for i, ch in enumerate(text) if not ch.isspace()]
    squeezed = "".join(text[i] for i in positions)
    at = squeezed.find(squeezed_old)
    if at < 0:
        return None
    if start == end:  # an insertion removed: put the old text back after the kept head
        cut = positions[at + start - 1] + 1 if at + start > 0 else 0
        return text[:cut] + new + text[cut:]
    first, last = positions[at + start], positions[at + end - 1] + 1
    return text[:first] + new + text[last:]


def _contains(proposed: str, real: str) -> bool:
    """Every part of the real text (between its elision marks) is in the proposed one."""
    real = real.strip()
    if real in ADDED or real in REMOVED:
        return True
    whole = re.sub(r"\s+", "", proposed or "")
    parts = _segments(real)
    return bool(parts) and all(part in whole for part in parts)
