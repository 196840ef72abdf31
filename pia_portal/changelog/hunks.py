"""Long texts in a change log: only the changed paragraphs or list lines, as 000 writes them.

    (物理的対策) (省略) ・…私物の無断持込を禁止する。 (省略)  →  (物理的対策) (省略) ・…禁止する。 ・申請管理システム…

A hunk keeps one unchanged line on each side as an anchor, the sub-heading it sits under
((物理的対策), 【…リスク】) so that a reader can find it, and 「(省略)」 where lines were left out.
Separate edits of one text give separate hunks, which the generator prints as rows with the same
項目. Nothing is ever cut silently: every changed line is in some hunk, whole.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

ELIDED = "(省略)"
CONTEXT = 1  # unchanged lines kept around a change as its anchor
# A text is "long" when it has more lines than this or more characters than LONG_CHARS.
LONG_LINES = 4
LONG_CHARS = 200

_HEADING = re.compile(r"^\s*(?:[(（【〈＜<［\[〔][^)）】〉＞>］\]〕]{1,40}[)）】〉＞>］\]〕]|[^。、]{1,30}[:：])\s*$")


@dataclass(frozen=True)
class Hunk:
    before: str
    after: str


def is_long(before: str, after: str) -> bool:
    return any(len(t.splitlines()) > LONG_LINES or len(t) > LONG_CHARS for t in (before, after))


def is_heading(line: str) -> bool:
    """(物理的対策), 【不適切な方法で入手が行われるリスク】, 〈入手〉, 「対策:」: a sub-heading line."""
    return bool(_HEADING.match(line))


def hunks(before: str, after: str) -> list[Hunk]:
    """The changed parts of a long text; one Hunk per separate edit."""
    old, new = before.splitlines(), after.splitlines()
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    found = []
    for group in matcher.get_grouped_opcodes(CONTEXT):
        a0, a1 = group[0][1], group[-1][2]
        b0, b1 = group[0][3], group[-1][4]
        found.append(Hunk(_excerpt(old, a0, a1), _excerpt(new, b0, b1)))
    return found


def _excerpt(lines: list[str], start: int, end: int) -> str:
    shown = lines[start:end]
    heading = _heading_above(lines, start)
    head: list[str] = []
    if heading is not None:
        head.append(lines[heading])
        if heading < start - 1:
            head.append(ELIDED)
    elif start > 0:
        head.append(ELIDED)
    tail = [ELIDED] if end < len(lines) else []
    return "\n".join(head + shown + tail)


def _heading_above(lines: list[str], start: int) -> int | None:
    for index in range(start - 1, -1, -1):
        if is_heading(lines[index]):
            return index
    return None
