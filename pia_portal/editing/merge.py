"""Three-way merge of an editor page, item by item: nothing anyone typed is lost.

Each person's page remembers its base: the saved values when they opened it (or last saved it).
When they save, every item of every record on the page is one of:

    changed by neither            → stays
    changed only by me            → mine
    changed only by the other     → theirs, kept (and said so)
    changed by both, the same way → either
    changed by both, differently  → a conflict, saved for neither until the person chooses;
                                    unless the other change was this person's own (another tab,
                                    an autosave) and then the later one, mine, is taken; or it is
                                    a long text changed in different paragraphs, which are joined

A record the other removed while I changed it (or that I still show and they removed) is a
conflict too; one the other added is simply not on my page and stays. This module is pure: the
values in, the decision out (tests/test_merge.py checks it with hypothesis).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import merge3

# An item of a record on the page: (record uid as hex, attr).
Key = tuple[str, str]
MISSING = object()  # the record is not there on that side


class Why(enum.StrEnum):
    BOTH_CHANGED = "both_changed"  # both changed the item, to different values
    REMOVED = "removed"  # the other removed the record that I changed


@dataclass(frozen=True)
class Conflict:
    key: Key
    mine: Any
    theirs: Any  # MISSING when the other removed the record
    why: Why


@dataclass
class Outcome:
    values: dict[Key, Any] = field(default_factory=dict)  # to write: where the result is not what is saved
    conflicts: dict[Key, Conflict] = field(default_factory=dict)
    taken: list[Key] = field(default_factory=list)  # changed only by the other, kept
    joined: list[Key] = field(default_factory=list)  # a text both changed in different paragraphs


def merge(base: Mapping[Key, Any] | None, mine: Mapping[Key, Any], theirs: Mapping[Key, Any], *,
          texts: set[Key] | frozenset[Key] = frozenset(), mine_wins: Callable[[Key], bool] = lambda key: False) -> Outcome:
    """`mine`: the items the person could type on the page, as typed; `theirs`: the same items as
    saved now (a key absent: its record was removed); `base`: as saved when the page was opened
    (None when that is not known: then every difference is a conflict, as nothing can tell who
    made it). `texts`: the long texts, joined paragraph by paragraph where possible;
    `mine_wins(key)`: the saved value was this person's own save."""
    outcome = Outcome()
    for key, typed in mine.items():
        saved = theirs.get(key, MISSING)
        before = MISSING if base is None else base.get(key, MISSING)
        if saved is MISSING:
            if before is not MISSING and typed != before:
                outcome.conflicts[key] = Conflict(key, typed, MISSING, Why.REMOVED)
            continue  # removed by the other, untouched by me: gone
        if typed == saved:
            continue
        if base is not None and typed == before:
            outcome.taken.append(key)  # only the other changed it
            continue
        if base is not None and saved == before:
            outcome.values[key] = typed  # only I changed it
            continue
        if base is not None and before is MISSING:
            outcome.values[key] = typed  # a record new to me: what I typed is its first content
            continue
        if mine_wins(key):
            outcome.values[key] = typed
            continue
        if key in texts and isinstance(typed, str) and isinstance(saved, str) and isinstance(before, str):
            joined = join_paragraphs(before, typed, saved)
            if joined is not None:
                outcome.values[key] = joined
                outcome.joined.append(key)
                continue
        outcome.conflicts[key] = Conflict(key, typed, saved, Why.BOTH_CHANGED)
    return outcome


def join_paragraphs(base: str, mine: str, theirs: str) -> str | None:
    """The text with both people's changes when they touched different lines (paragraphs and list
    items are lines in these forms); None when they changed the same or neighbouring lines."""
    lines = [text.splitlines(keepends=True) for text in (base, mine, theirs)]
    for side in lines:
        if side and not side[-1].endswith("\n"):
            side[-1] += "\n"  # the last line compares with the same line followed by another
    merger = merge3.Merge3(lines[0], lines[1], lines[2])
    if any(region[0] == "conflict" for region in merger.merge_regions()):
        return None
    joined = "".join(merger.merge_lines())
    ends_open = not (mine.endswith("\n") or theirs.endswith("\n"))
    return joined[:-1] if ends_open and joined.endswith("\n") else joined
