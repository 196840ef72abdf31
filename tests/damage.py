"""Extractions damaged the way real ones are (#30): pages lost, a section's heading lost, the first
page of a file's II or III lost, a page's last row glued to the next page's first. Each variant is
made from the tab/HTML extraction of a reference report (read from ../shared/reference, never
copied) by a seeded generator, so a failing variant can be made again from its name.

`placement` measures an import of a variant against the import of the whole report: of the content
characters still present in the damaged text, the share that landed in the same item of the same
file or entry. Entries of a list (files, システム, 委託事項, change-log rows …) are paired by their
content, then by their order, so that losing one entry does not count every later one as moved.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from pia_portal.importing.cells import squeeze
from pia_portal.importing.text import read

PAGE_LINES = 30  # an extraction's page of a report in these tables: about 30 rows
PAGE_DROPS_PER_REPORT = 100
MERGES_PER_REPORT = 10
REPORTS = ("juten_yamaguchi_kaigo.txt", "zenkomoku_kagoshima_juki.txt")


@dataclass
class Variant:
    report: str
    damage: str  # e.g. "pages 12,13 lost", "heading III (line 641) lost"
    source: str


def headings(source: str) -> list[tuple[int, str]]:
    """(index of the line, section code) of every section heading after the 項目一覧."""
    aligner, rows = read(source)
    found = []
    contents = True
    for row in rows:
        section = aligner.section_of(row[0]) if len(row) <= 2 else None
        if section is None:
            continue
        if contents and section.code == "basic" and found:
            contents = False
            found = []  # the 項目一覧 names every section first
        found.append((row[0].line - 1, section.code))
    return found


def pages(lines: list[str]) -> list[range]:
    return [range(start, min(len(lines), start + PAGE_LINES)) for start in range(0, len(lines), PAGE_LINES)]


def variants(reference_dir, reports=REPORTS, seed: int = 30) -> list[Variant]:
    out: list[Variant] = []
    for name in reports:
        source = (reference_dir / "reports" / name).read_text(encoding="utf-8")
        lines = source.splitlines()
        random_ = random.Random(f"{seed}:{name}")
        book = pages(lines)
        marks = headings(source)
        # 1-3 whole pages lost (never the cover page: without it nothing says what the text is).
        drawn: set[tuple[int, ...]] = set()
        while len(drawn) < PAGE_DROPS_PER_REPORT:
            lost = tuple(sorted(random_.sample(range(1, len(book)), random_.randint(1, 3))))
            if lost in drawn:
                continue  # each variant once
            drawn.add(lost)
            gone = {i for page in lost for i in book[page]}
            out.append(Variant(name, f"pages {','.join(str(p + 1) for p in lost)} lost",
                               "\n".join(line for i, line in enumerate(lines) if i not in gone)))
        # Each section heading lost alone.
        for at, code in marks:
            out.append(Variant(name, f"heading {code} (line {at + 1}) lost",
                               "\n".join(line for i, line in enumerate(lines) if i != at)))
        # The first page of each file's II and III lost, heading with it.
        for at, code in marks:
            if code in ("file", "risk"):
                out.append(Variant(name, f"first page of {code} (line {at + 1}) lost",
                                   "\n".join(line for i, line in enumerate(lines) if not at <= i < at + PAGE_LINES)))
        # A page's last row glued to the next page's first.
        for page in sorted(random_.sample(range(1, len(book) - 1), MERGES_PER_REPORT)):
            end = book[page].stop - 1
            merged = lines[:end] + [lines[end].rstrip() + "\t" + lines[end + 1].lstrip()] + lines[end + 2:]
            out.append(Variant(name, f"page {page + 1}'s last row merged into page {page + 2}", "\n".join(merged)))
    return out


# Measuring ---------------------------------------------------------------------------------------


@dataclass
class Placement:
    present: int = 0  # content characters of the whole import still in the damaged text
    same: int = 0  # of those, in the same item of the same file or entry
    moved: list[tuple[str, str]] = field(default_factory=list)  # (item path, text) not where it was

    @property
    def share(self) -> float:
        return self.same / self.present if self.present else 1.0


_TAGS = re.compile(r"<[^>]+>")
_SKIPPED_KEYS = {"uid", "date", "precision", "format", "format_version"}


# The heading of the group an entry is printed under (a 別紙 row's 区分, a term's 行), repeated on
# every entry: lost with its page, it would unpair every entry under it, not tell them apart.
_GROUP_KEYS = {"caption", "kana_group"}


def _fingerprint(entry) -> str:
    if isinstance(entry, dict):
        entry = {k: v for k, v in entry.items() if k not in _GROUP_KEYS}
    return squeeze("".join(_strings(entry)))[:200]


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() if k not in _SKIPPED_KEYS for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _pair(a: list, b: list) -> dict[int, int]:
    """Entries of `a` paired with entries of `b`: equal content first, then what lies between in order."""
    fa, fb = [_fingerprint(e) for e in a], [_fingerprint(e) for e in b]
    pairs: dict[int, int] = {}
    blocks = SequenceMatcher(None, fa, fb, autojunk=False).get_matching_blocks()
    last_a = last_b = 0
    for block in blocks:
        # Between two matched runs, the unmatched entries in order.
        for i, j in zip(range(last_a, block.a), range(last_b, block.b)):
            pairs[i] = j
        for k in range(block.size):
            pairs[block.a + k] = block.b + k
        last_a, last_b = block.a + block.size, block.b + block.size
    return pairs


def _leaves(a, b, path: tuple, out: list) -> None:
    if isinstance(a, dict):
        for key, value in a.items():
            if key in _SKIPPED_KEYS or key.startswith("_"):
                continue
            _leaves(value, b.get(key) if isinstance(b, dict) else None, (*path, key), out)
    elif isinstance(a, list):
        other = b if isinstance(b, list) else []
        pairs = _pair(a, other)
        for index, value in enumerate(a):
            j = pairs.get(index)
            _leaves(value, other[j] if j is not None else None, (*path, index), out)
    elif isinstance(a, str):
        out.append((path, a, b if isinstance(b, str) else ""))


def _plain(source: str) -> str:
    return squeeze(_TAGS.sub("", source.replace("<br>", "\n")))


def placement(whole: dict, damaged: dict, damaged_source: str, whole_source: str | None = None) -> Placement:
    """Each line of each text of the whole import that is still in the damaged source counts;
    it is in the same place if the damaged import has it in the paired item.

    With `whole_source`, a line printed more often in the whole report than in the damaged text
    (a change-log row repeating a III measure, one of them on a lost page) counts only where it is
    found in its item: which of its occurrences was lost cannot be told from the text, so it is
    not counted as present where it is missing."""
    present_text = _plain(damaged_source)
    whole_text = _plain(whole_source) if whole_source is not None else None
    found = Placement()
    leaves: list = []
    _leaves(whole, damaged, (), leaves)
    for path, before, after in leaves:
        after_text = squeeze(after)
        for line in before.splitlines():
            text = squeeze(line)
            if len(text) < 2 or text not in present_text:
                continue
            if whole_text is not None and text not in after_text and present_text.count(text) < whole_text.count(text):
                continue
            found.present += len(text)
            if text in after_text:
                found.same += len(text)
            else:
                found.moved.append(("/".join(map(str, path)), line[:80]))
    return found
