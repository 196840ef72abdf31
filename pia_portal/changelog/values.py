"""An item's value written as change logs write it: the option label of a choice, 「[○]label」 for
ticked check boxes with their その他(…) text, 「n件」, 和暦 dates with (予定). The comparison page and
the change-log generator both show values through `display`."""

from __future__ import annotations

from typing import Any

from pia_portal.core.wareki import format_date
from pia_portal.reports.structure import Item, Kind, resolve
from pia_portal.reports.structure.nodes import FormRevision


def display(item: Item, record: Any, revision: FormRevision) -> str:
    """The printed value of `item` on `record` (a model instance), "" when empty."""
    if record is None:
        return ""
    value = getattr(record, item.attr)
    if item.kind is Kind.CHOICE:
        return item.options.label_of(value, revision) if value else ""
    if item.kind is Kind.CHECKS:
        return item.options.ticked_text(value or {}, revision)
    if item.kind is Kind.COUNT:
        return "" if value is None else f"{value}件"
    if item.kind is Kind.FLAG:
        return f"[{'○' if value else ''}]{resolve(item.label, revision)}"
    if item.kind is Kind.DATE:
        note = getattr(record, f"{item.attr}_note", "")
        written = format_date(value, getattr(record, f"{item.attr}_precision")) if value else ""
        return "".join(x for x in (written, note) if x)
    if item.kind is Kind.IMAGE:
        return f"図({value.name.rsplit('/', 1)[-1]})" if value else ""
    return (value or "").strip()


def unticked(item: Item, before: Any, after: Any, revision: FormRevision) -> str:
    """「[]label」 for the options ticked before and not after: a check-box change never reads the
    same on both sides (the lost-○ rows of real logs)."""
    if item.kind is not Kind.CHECKS:
        return ""
    gone = [o for o in item.options.options if o.code in (before or {}) and o.code not in (after or {})]
    return " ".join(f"[]{resolve(o.label, revision)}" for o in gone)
