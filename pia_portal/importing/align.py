"""The aligner: where each row of a report goes in the form's catalogue.

A report read from any shape (tab/HTML, Markdown, PDF: see cells.py and pdf.py) is a sequence of
rows of cells. The catalogue gives each section's items in order, file by file. The aligner cuts
the rows into sections at their headings and, where a heading was lost with its page, where the
rows' labels say a later section has begun (labels printed in that section only) or where a file's
items start again; then, section by section, it walks the rows against the catalogue's label
sequence with a cursor (numbering as a hint, lost labels skipped by looking ahead) and hands each
slot's cells to the builder (build.py), which decodes them. The aligner decides where; the builder
decides what.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Callable, Protocol

from pia_portal.reports.structure import Entity, Fixed, FormKind, Group, Place, Repeat, Section, form_for, items
from pia_portal.reports.structure.nodes import FormRevision, Item, Kind, all_wordings

from .cells import CHECKED, Cell, label_key, squeeze
from .result import Note

LOOKAHEAD = 30
NUMBERED_FILE_TITLE = re.compile(r"[(（]\d+[)）]\s*\S.{0,60}ファイル")
FIGURE_TITLE = re.compile(r"^「.+」(を取り扱う事務の内容|及び)")
LOOKBEHIND = 4
RESTART_JUMP = 8  # a file's items going back further than this: the next file's section starts




@dataclass
class Expect:
    keys: frozenset[str]
    place: Place | None = None
    group: Group | None = None
    repeat: Repeat | None = None
    fixed: Fixed | None = None
    depth: int = 0  # how many repeats enclose it


def _place_keys(place: Place) -> frozenset[str]:
    keys = set()
    for wording in all_wordings(place.item.label):
        keys.add(label_key(wording))
        if place.number:
            keys.add(label_key(f"{place.number}{wording}"))
    return frozenset(k for k in keys if k)


def expected(nodes, depth: int = 0) -> list[Expect]:
    out: list[Expect] = []
    for node in nodes:
        if isinstance(node, Place):
            out.append(Expect(_place_keys(node), place=node, depth=depth))
            out += expected(node.children, depth)
        elif isinstance(node, Group):
            keys = {label_key(node.label(r)) for r in FormRevision} | {label_key(w) for w in all_wordings(node.title)}
            out.append(Expect(frozenset(k for k in keys if k), group=node, depth=depth))
            for flag in node.flags:
                out.append(Expect(_place_keys(flag), place=flag, depth=depth))
            out += expected(node.children, depth)
        elif isinstance(node, Repeat):
            if node.entity in TABLE_ENTITIES:
                continue
            out.append(Expect(frozenset(), repeat=node, depth=depth))
            if node.name is not None:
                out.append(Expect(frozenset(), place=node.name, repeat=node, depth=depth + 1))
            out += expected(node.children, depth + 1)
        elif isinstance(node, Fixed):
            if node.label:
                out.append(Expect(frozenset({label_key(node.label), label_key(re.sub(r"^\d+\.\s*", "", node.label))}), fixed=node, depth=depth))
    return out


TABLE_ENTITIES = {Entity.ANNEX, Entity.ANNEX_ROW, Entity.RECORD_GROUP, Entity.RECORD_ITEM, Entity.CHANGE_LOG, Entity.GLOSSARY}


def _repeat_title(repeat: Repeat, key: str) -> int | None:
    if "{n}" not in repeat.title:
        return None
    prefix = label_key(repeat.title.split("{n}")[0])
    match = re.fullmatch(re.escape(prefix) + r"(\d+)", key)
    return int(match.group(1)) if match else None


# The parser ------------------------------------------------------------------------------------


@dataclass
class Block:
    """The rows of one section (of one file, for a file's II or III) as the aligner cut them. `note`
    says it was placed without its heading; the builder completes it with the file it went to."""

    section: Section | None  # None: the cover (what precedes the first section)
    rows: list[list[Cell]] = field(default_factory=list)
    note: Note | None = None


class Slots(Protocol):
    """What the aligner hands its slots to (build.Builder)."""

    def entry(self, parent: dict, repeat: Repeat) -> dict: ...
    # without_label: the cells were placed where their label was lost (staff are told to check).
    def place(self, section: Section, place: Place, holder: dict, cells: list[Cell], *, without_label: bool = False) -> None: ...
    def cell_group(self, group: Group, holder: dict, cells: list[Cell]) -> None: ...
    def leftover(self, cells: list[Cell], reason: str) -> None: ...


class Aligner:
    def __init__(self, kind: FormKind, revision: FormRevision):
        self.kind, self.revision = kind, revision
        self.form = form_for(kind)
        self.section_keys = self._section_keys()

    def _section_keys(self) -> dict[str, Section]:
        keys = {}
        for section in self.form.sections:
            if section.code == "cover":
                continue
            keys[label_key(section.label())] = section
            keys[label_key(f"{section.number}{section.title}")] = section
        return keys

    def section_of(self, cell: Cell) -> Section | None:
        first_line = cell.text.split("\n")[0]
        return self.section_keys.get(label_key(first_line))


    # Sections ------------------------------------------------------------------------------

    def blocks(self, rows: list[list[Cell]]) -> list[Block]:
        """The rows cut into sections at their headings, and where a heading was lost with its
        page, at the rows the catalogue says belong to a later section (labels printed in that
        section only), or where a file's section starts its items again (#30)."""
        parts: list[Block] = [Block(None)]
        contents = [label_key(entry) for entry in self.form.contents]
        in_contents = False
        order = {section.code: index for index, section in enumerate(self.form.sections)}
        owners, first_keys, positions = self._section_labels()
        by_code = {section.code: section for section in self.form.sections}
        figures, records, glossary, changes = (by_code.get(code) for code in ("figures", "records", "glossary", "changes"))
        after_records = next((s for s in self.form.sections if records is not None and s.per_file
                              and order[s.code] > order["records"]), None)
        top, top_region = -1, None  # the furthest position in the current section's items reached so far
        for index, row in enumerate(rows):
            first = row[0]
            key = label_key(first.text.split("\n")[0])
            if key == label_key(self.form.contents_title):
                in_contents = True
                continue
            if in_contents and key in contents and len(row) == 1:
                contents.remove(key)  # each entry of the 項目一覧 once; the real heading follows
                continue
            in_contents = False
            # A heading stands on a row of its own; a table row that mentions one is content.
            section = self.section_of(first) if len(row) <= 2 else None
            if section is None and len(row) <= 2 and re.match(r"^[(（]別紙\d+[)）]", first.text):
                parts.append(Block(ANNEX_SECTION, [row]))
                continue
            here = order.get(getattr(parts[-1].section, "code", ""), -1)
            if (figures is not None and parts[-1].section is not ANNEX_SECTION and here < order["figures"] and len(row) <= 2
                    and (key == label_key(items.FIGURE_REMARKS.label) or FIGURE_TITLE.match(first.text))):
                # (別添1) 事務の内容 whose heading was lost: a figure's title 「「…」を取り扱う事務の内容」
                # or its (備考) are printed there only.
                self._without_heading(parts, figures, frozenset(), first)
                parts[-1].rows.append(row)
                continue
            if (records is not None and parts[-1].section is records and len(row) == 1 and after_records is not None
                    and (first.column >= 1 or _is_sentences(first.text))
                    and any(len(later) <= 2 and owners.get(label_key(later[0].text.split("\n")[0]), set()) == {after_records}
                            for later in rows[index + 1:index + 1 + LOOKAHEAD // 3])):
                # In a (別添1) list, whose items are names in the first column, a value without its
                # label or sentences, shortly before a label of the next section only (a note under
                # the list is followed by more of the list or by a heading): the page with the next
                # section's heading and first labels was lost, and this text goes on one of them.
                self._without_heading(parts, after_records, frozenset(), first)
                parts[-1].rows.append([replace(first, after_lost_page=True)])
                continue
            if (records is not None and parts[-1].section is not None and parts[-1].section.code == "file"
                    and top > RESTART_JUMP and len(row) == 1 and NUMBERED_FILE_TITLE.fullmatch(first.text.strip())):
                # 「(1)介護保険情報ファイル」 on a row of its own once a file's II is read past its first
                # items: the title of a (別添1) 記録項目 whose heading was lost (in II the name is the
                # value of 「1. 特定個人情報ファイル名」, at the II's start).
                self._without_heading(parts, records, frozenset(), first)
                parts[-1].rows.append(row)
                continue
            if glossary is not None and parts[-1].section is not glossary and _is_glossary_row(row):
                # The 用語集 whose heading was lost: its column titles (用語 | 用語の意味) or a term under
                # its 区分 (□ア行 | term | meaning) look like nothing else.
                self._without_heading(parts, glossary, frozenset(), first)
                parts[-1].rows.append(row)
                continue
            if parts[-1].section is not None and parts[-1].section.code == "changes" and _is_annex_header(row):
                # A 別紙 printed after the 変更箇所 whose 「(別紙n)」 heading was lost: its column titles
                # (No. | 提供先 | ①法令上の根拠 …) are no row of the 変更箇所.
                parts.append(Block(ANNEX_SECTION, [row]))
                continue
            if section is not None:
                parts.append(Block(section))
                top, top_region = -1, None
                rest = row[1:]
                if rest:
                    parts[-1].rows.append(rest)
                continue
            current = parts[-1].section
            if (changes is not None and current is not ANNEX_SECTION and order.get(getattr(current, "code", ""), -1) < order["changes"]
                    and _looks_like_change_row(row)):
                # The 変更箇所 table, its heading lost: rows dated, with 事前/事後, or its header row.
                self._without_heading(parts, changes, frozenset(), first)
                parts[-1].rows.append(row)
                continue
            if current is ANNEX_SECTION and len(row) <= 2 and key in owners:
                # A label of the form after a 別紙 printed inside II: the form goes on, its heading lost
                # with its page. The section the 別紙 interrupted starts again (the next file's II), or
                # the section the label is printed in.
                before = next((p.section for p in reversed(parts) if p.section not in (None, ANNEX_SECTION)), None)
                section = before if before in owners[key] else min(owners[key], key=lambda s: order[s.code])
                if section.code != "cover":
                    self._without_heading(parts, section, first_keys.get(section.code, frozenset()), first,
                                          restart=section is before)
                    top, top_region = positions.get(section.code, {}).get(key, (-1, None))
                    parts[-1].rows.append(row)
                    continue
            if len(row) <= 2 and key and current is not ANNEX_SECTION:
                here = order.get(current.code, -1) if current is not None else -1
                later = [s for s in owners.get(key, ()) if order[s.code] > here and s.code != "cover"]
                printed_here = current if current is not None else self.form.sections[0]
                if later and printed_here not in owners.get(key, ()):
                    section = min(later, key=lambda s: order[s.code])
                    self._without_heading(parts, section, first_keys.get(section.code, frozenset()), first)
                    top, top_region = positions[section.code].get(key, (-1, None))
                    parts[-1].rows.append(row)
                    continue
                if current is not None and current.per_file:
                    starts = first_keys.get(current.code, frozenset())
                    at, region = positions.get(current.code, {}).get(key, (None, None))
                    # Back into the entries of a repeated group the file had left behind (委託事項 after
                    # 7. 備考) is a restart too; within the group it is the next entry.
                    again = at is not None and at < top - RESTART_JUMP and (region is None or region != top_region)
                    if key in starts and top >= 0 or again:
                        # The file's items start again: the next file's section, its heading lost.
                        self._without_heading(parts, current, starts, first, restart=True)
                        top, top_region = (at, region) if at is not None else (0, None)
                    elif at is not None and at > top:
                        top, top_region = at, region
                    elif key in starts:
                        top, top_region = 0, None
            parts[-1].rows.append(row)
        return parts

    def _section_labels(self):
        """For each label key: the sections it is printed in; each section's first label (where a
        file's section starts); and each label's position in its section, for labels printed once.
        A position is (index, region): labels of repeated entries (委託事項n …) share their run's
        region, since they come round again within one file."""
        owners: dict[str, set[Section]] = {}
        first_keys: dict[str, frozenset[str]] = {}
        positions: dict[str, dict[str, tuple[int, int | None]]] = {}
        for section in self.form.sections:
            if section.code in ("changes", "glossary", "figures"):
                continue
            every = expected(section.children)
            # A group's title (「3. 特定個人情報の使用」, 「リスク1：目的を超えた紐付け…」) names its section
            # as well as its items do, though it has no position of its own among them.
            for expect in every:
                if expect.group is not None:
                    for key in expect.keys:
                        if len(key) >= 6:
                            owners.setdefault(key, set()).add(section)
            expects = [e for e in every if e.place is not None or e.fixed is not None]
            counts: dict[str, int] = {}
            for expect in expects:
                for key in expect.keys:
                    counts[key] = counts.get(key, 0) + 1
            positions[section.code] = {}
            region, previous_depth = None, 0
            for position, expect in enumerate(expects):
                if expect.depth and not previous_depth:
                    region = position
                previous_depth = expect.depth
                for key in expect.keys:
                    if len(key) >= 4:
                        owners.setdefault(key, set()).add(section)
                        if counts[key] == 1:
                            positions[section.code][key] = (position, region if expect.depth else None)
            if expects:
                first_keys[section.code] = expects[0].keys
        return owners, first_keys, positions

    def _without_heading(self, parts: list[Block], section: Section, first_keys, at: Cell, *, restart: bool = False) -> None:
        """Open `section` where its heading should have been: the rows just before that name its
        file (「1. 特定個人情報ファイル名」 and the name) go with it."""
        previous, rows = parts[-1].section, parts[-1].rows
        moved: list[list[Cell]] = []
        for back in range(1, min(3, len(rows)) + 1):
            if label_key(rows[-back][0].text.split("\n")[0]) in first_keys:
                moved = rows[-back:]
                del rows[-back:]
                break
        block = Block(section, moved)
        parts.append(block)
        after = "表紙" if previous is None else "別紙" if previous is ANNEX_SECTION else previous.label()
        where = f"{len([p for p in parts if p.section is section])}番目の" if section.code in ("file", "risk") else ""
        block.note = Note(
            section.code, at.line,
            f"「{section.label()}」の見出しが見つからなかったため、{at.where}からの本文を{where}「{section.label()}」に配置しました"
            f"(直前は「{after}」{'の続き' if restart else ''})。",
            page=at.page,
        )

    # Items of a section ----------------------------------------------------------------------

    def walk(self, section: Section, rows, record: dict | None, slots: Slots,
             on_fixed: Callable[[str], dict | None] | None = None) -> None:
        """Hand each item of `section` in `rows` to `slots`: its cells, and the record (`record`, or
        an entry of a repeated group opened through `slots.entry`) it belongs to. `on_fixed` is told
        the value printed after a fixed label and may change the record (III names its file)."""
        expects = expected(section.children)
        form_text = {key for expect in expects for key in expect.keys if len(key) >= 4}
        form_text |= {squeeze(line) for node in section.walk() if isinstance(node, Fixed) for line in node.text.splitlines()}
        # The heading printed once above a repeated group's entries (2. …使用するシステム).
        form_text |= {label_key(node.heading) for node in section.walk() if isinstance(node, Repeat) and node.heading}
        cursor = 0
        current: tuple[Place, dict] | None = None
        buffer: list[Cell] = []
        stack: list[tuple[Repeat, dict, int]] = []  # open repeat entries: (repeat, entry, start index)
        target = record

        cell_group: tuple[Group, dict] | None = None  # an item group read from one cell (提供・移転の有無)
        constant = ""  # a printed constant expected next (別添1を参照。), not content
        pending_fixed = False  # the next cell is the value after a fixed label (on_fixed)

        def flush():
            nonlocal current, buffer, cell_group
            if cell_group is not None:
                slots.cell_group(*cell_group, buffer)
                cell_group = None
                buffer = []
            if current is not None:
                slots.place(section, current[0], current[1], buffer)
            elif buffer:
                slots.leftover(buffer, "項目に対応付けられない記載")
            current, buffer = None, []

        def place_orphans(slot: Place, holder: dict, cells: list[Cell]) -> None:
            nonlocal buffer
            buffer = [c for c in buffer if c not in cells]
            flush()
            slots.place(section, slot, holder, cells, without_label=True)

        for row in rows:
            for index, cell in enumerate(row):
                key = label_key(cell.text.split("\n")[0]) if cell.text else ""
                # Labels open a row; a short cell further right that is the next label is a second
                # label/value pair printed on the same row.
                if index >= 2 and key and "\n" not in cell.text and len(cell.text) <= 60:
                    beside = self._find(expects, cursor, key)
                    if beside is not None and expects[beside].place is not None:
                        index = 0
                if index < 2 and key:
                    # A repeat title: a new entry (システム7, 委託事項3 …).
                    repeat_hit = self._repeat_hit(expects, cursor, key, stack)
                    if repeat_hit is not None:
                        flush()
                        position, repeat = repeat_hit
                        parent = stack[-1][1] if stack and stack[-1][0] is not repeat and _is_child(stack[-1][0], repeat) else target
                        while stack and (stack[-1][0] is repeat or not _is_child(stack[-1][0], repeat)):
                            stack.pop()
                        entry = slots.entry(parent, repeat)
                        stack.append((repeat, entry, position))
                        cursor = position + 1
                        if repeat.name is not None:
                            current = (repeat.name, entry)
                            buffer = []
                            cursor = position + 2
                        # The rest of the cell, if the title shares it with the name.
                        continue
                    if re.fullmatch(r"(システム|委託事項|提供先|移転先)\d+～\d+", key):
                        continue  # printed group rows of the newer layout
                    hit = self._find(expects, cursor, key)
                    if hit is not None:
                        orphans = self._orphans(expects, cursor, hit, current, buffer, stack, target)
                        if orphans is not None:
                            # Text that cannot be the value read before it, after items skipped: the
                            # page with those items' labels was lost, and the text continues the last of them.
                            place_orphans(*orphans)
                        flush()
                        cursor = hit + 1
                        expect = expects[hit]
                        holder = stack[-1][1] if stack and expect.depth > 0 else target
                        if expect.place is not None and holder is not None:
                            current = (expect.place, holder)
                            rest = cell.text.split("\n", 1)
                            buffer = [replace(cell, raw=rest[1])] if len(rest) > 1 and rest[1].strip() else []
                        elif expect.fixed is not None and on_fixed is not None:
                            current = None
                            buffer = []
                            pending_fixed = True
                        elif expect.fixed is not None and expect.fixed.text:
                            current = None
                            buffer = []
                            constant = squeeze(expect.fixed.text)
                        elif expect.group is not None and expect.group.cell and holder is not None:
                            current = None
                            buffer = []
                            cell_group = (expect.group, holder)
                        elif expect.group is not None and expect.group.flags:
                            # Header check boxes share the heading's row.
                            tail = " ".join(c.text for c in row[index + 1:]) + cell.text
                            for flag in expect.group.flags:
                                if holder is not None:
                                    slots.place(section, flag, holder, [replace(cell, column=0, raw=_flag_text(tail, flag))])
                            break
                        continue
                if constant and squeeze(cell.text) == constant:
                    constant = ""
                    continue  # a printed constant (別添1を参照。), not content
                if (key in form_text and "\n" not in cell.text or _only_form_text(cell.text, form_text)) and CHECKED not in cell.text:
                    continue  # a label or heading printed again (page breaks, duplicated cells); a tick is a value
                if index < 2 and key and current is None or index == 0 and key:
                    split = self._label_prefix(expects, cursor, cell)
                    if split is not None:
                        flush()
                        hit, remainder = split
                        cursor = hit + 1
                        expect = expects[hit]
                        holder = stack[-1][1] if stack and expect.depth > 0 else target
                        if expect.place is not None and holder is not None:
                            current = (expect.place, holder)
                            buffer = [replace(cell, raw=remainder)]
                            continue
                if pending_fixed and on_fixed is not None:
                    pending_fixed = False
                    target = on_fixed(cell.text) or target
                    continue
                buffer.append(cell)
        orphans = self._orphans(expects, cursor, len(expects), current, buffer, stack, target)
        if orphans is not None and any(c.after_lost_page for c in orphans[2]):
            # The section ends after a lost page: what follows it closed the section.
            place_orphans(*orphans)
        flush()

    def _orphans(self, expects, cursor, hit, current, buffer, stack, target):
        """The cells of `buffer` that do not read as the value of `current` (a choice, check boxes,
        a date or a count: free text is never one; any text after a page the reader knows was
        lost), when the labels between it and `hit` were not found: (the last text item skipped,
        its record, those cells). None where nothing was skipped or every cell belongs."""
        if hit <= cursor or not buffer:
            return None
        lost = next((i for i, c in enumerate(buffer) if c.after_lost_page), None)
        if current is not None and current[0].item.kind in _STRUCTURED:
            item = current[0].item
            strays = [c for i, c in enumerate(buffer) if not _belongs(item, c.text, first=i == 0)]
        elif lost is not None:
            # The reader saw the page before this text lost (with the section's first labels, when
            # nothing was read yet): it goes on an item whose label was there.
            strays = buffer[lost:]
        else:
            return None
        if not strays:
            return None
        for position in range(hit - 1, cursor - 1, -1):
            expect = expects[position]
            if expect.place is not None and expect.place.item.kind is Kind.TEXT and not expect.place.inline:
                holder = stack[-1][1] if stack and expect.depth > 0 else target if not expect.depth else None
                if holder is not None:
                    return expect.place, holder, strays
        return None

    def _repeat_hit(self, expects, cursor, key, stack):
        candidates = []
        for position, expect in enumerate(expects):
            if expect.repeat is not None and expect.place is None:
                number = _repeat_title(expect.repeat, key)
                if number is not None:
                    candidates.append(position)
        if not candidates:
            return None
        position = min(candidates, key=lambda p: (p < cursor - LOOKAHEAD * 4, abs(p - cursor)))
        return position, expects[position].repeat

    def _label_prefix(self, expects, cursor, cell: Cell):
        """A label and its value in one cell (「実施の有無 [○] 自己点検 …」): the label's hit and the rest."""
        text = cell.text
        key = label_key(text.split("\n")[0])
        window = list(range(cursor, min(len(expects), cursor + LOOKAHEAD))) + list(range(max(0, cursor - LOOKBEHIND), cursor))
        for position in window:
            expect = expects[position]
            if expect.place is None or expect.place.item.kind in (Kind.FLAG, Kind.COUNT):
                continue
            for label in sorted(expect.keys, key=len, reverse=True):
                if len(label) >= 4 and key.startswith(label) and key != label:
                    # Cut the label off the text: walk the text until its squeezed form covers the label.
                    consumed = 0
                    for index in range(len(text)):
                        if len(label_key(text[: index + 1])) >= len(label):
                            consumed = index + 1
                            break
                    return position, text[consumed:].strip()
        return None

    def _find(self, expects, cursor, key) -> int | None:
        for position in range(cursor, min(len(expects), cursor + LOOKAHEAD)):
            if key in expects[position].keys:
                return position
        # Labels the extraction printed a little out of order (変更の妥当性 after ⑦).
        for position in range(max(0, cursor - LOOKBEHIND), cursor):
            if key in expects[position].keys and expects[position].place is not None:
                return position
        # Pages lost beyond the window (#30): a label printed once in the section, and not in a
        # repeated entry, is where the text goes on, however far ahead.
        if len(key) >= 4:
            ahead = [p for p in range(cursor + LOOKAHEAD, len(expects)) if key in expects[p].keys]
            if len(ahead) == 1 and expects[ahead[0]].depth == 0 and expects[ahead[0]].place is not None \
                    and sum(key in e.keys for e in expects) == 1:
                return ahead[0]
        return None


ANNEX_SECTION = Section(code="annex", title="別紙")  # local tables printed after the change log


@cache
def form_labels(kind: FormKind) -> frozenset[str]:
    """The labels of the form outside the 変更箇所, as label keys."""
    return frozenset(
        key for section in form_for(kind).sections if section.code != "changes"
        for expect in expected(section.children) for key in expect.keys if len(key) >= 3
    )


def _only_form_text(text: str, form_text: set[str]) -> bool:
    rest = squeeze(text)
    for known in sorted(form_text, key=len, reverse=True):
        if len(known) >= 6:
            rest = rest.replace(known, "")
    return not rest.strip("—-・")


def _is_child(outer: Repeat, inner: Repeat) -> bool:
    return any(node is inner for node in outer.walk())


def _flag_text(tail: str, flag: Place) -> str:
    label = next(iter(all_wordings(flag.item.label)))
    index = tail.find(label)
    if index < 0:
        return ""
    before = tail[max(0, index - 3):index]
    return f"{CHECKED}{label}" if CHECKED in before else label


def _looks_like_change_row(row: list[Cell]) -> bool:
    texts = [c.text.strip() for c in row]
    if len(texts) >= 4 and label_key(texts[0]) == items.CHANGE_DATE.label and any(
            label_key(t) == items.CHANGE_BEFORE.label for t in texts):
        return True
    return len(texts) >= 4 and _looks_like_date(texts[0]) and any(t in ("事前", "事後") for t in texts[3:])


def _looks_like_date(text: str) -> bool:
    return bool(re.match(r"^\s*(令和|平成|昭和|R|H)\s*(\d+|元)\s*[年.]", text))


ANNEX_COLUMNS = ["name", "legal_basis", "purpose", "information", "subject_count", "subject_range", "method", "timing"]
# The name column of a 別紙 as reports head it: the catalogue's label, either half of it, or run together.
ANNEX_NAME_TITLES = (*items.ANNEX_ROW_NAME.label.split("・"), items.ANNEX_ROW_NAME.label, items.ANNEX_ROW_NAME.label.replace("・", ""))


def _annex_column(title: str) -> str:
    """A 別紙 column title (as a label key) as the row's item: No., the destination, or ①–⑦ in the
    order of the form's 提供先/移転先 items; "" for a title that is none of these."""
    if title.lower().startswith("no"):
        return "number"
    if re.sub(r"^\d+", "", title) in ANNEX_NAME_TITLES:
        return "name"
    found = re.match(r"^([1-7])\D", title)
    return ANNEX_COLUMNS[int(found.group(1))] if found else ""


def _is_annex_header(row) -> bool:
    """The column titles of a 別紙 (No. | 提供先 | ①法令上の根拠 | …): a cell that names the column of
    the destination itself, which a row of two label/value pairs (①法令上の根拠 | … | ②提供先における用途
    | …) does not have."""
    texts = [label_key(c.text) for c in row]
    return any(_annex_column(t) == "name" for t in texts) and any(items.LEGAL_BASIS in t for t in texts) and len(row) >= 4


def _is_glossary_row(row: list[Cell]) -> bool:
    texts = [label_key(c.text) for c in row]
    if len(texts) >= 2 and texts[:2] == [label_key(items.GLOSSARY_TERM.label), label_key(items.GLOSSARY_MEANING.label)]:
        return True
    return len(texts) >= 3 and bool(re.fullmatch(r"□[ア-ン]行", texts[0]))


def _is_sentences(text: str) -> bool:
    """Text that reads as sentences (a record item is the name of a piece of data)."""
    return len(text) > 80 and "。" in text


_STRUCTURED = (Kind.CHOICE, Kind.CHECKS, Kind.DATE, Kind.COUNT)


def _belongs(item: Item, text: str, first: bool) -> bool:
    """Does a cell read as part of a choice/check-box/date/count value (rather than stray text)?"""
    key = squeeze(text)
    if item.kind in (Kind.CHOICE, Kind.CHECKS):
        wordings = [squeeze(w) for o in item.options.options for w in all_wordings(o.label)]
        if any(w and w in key for w in wordings) or "選択肢" in key or re.search(r"[(（]\d*[)）]件", key):
            return True
        return first and bool(re.fullmatch(r"[(（].*[)）]", key))  # an その他 text on its own cell
    if item.kind is Kind.COUNT:
        return bool(re.search(r"\d", key))
    if item.kind is Kind.DATE:
        return first or bool(re.search(r"(令和|平成|昭和|\d{4})", key))
    return True
