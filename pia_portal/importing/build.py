"""The builder: the canonical document (docs/json-format.md) written from the aligner's slots.

The aligner (align.py) says which item, of which record, each cell belongs to; the builder decodes
the cells by the item's kind (values.py), keeps what does not read as the item's value as an
unplaced fragment, reads the sections that are tables of their own (記録項目, 別紙, 変更箇所, 用語,
図), names files from what II, III and the (別添) say, and writes the document with its notes.
"""

from __future__ import annotations

import re
import uuid

from pia_portal.reports.structure import Entity, Group, Place, Repeat, Section, items_of
from pia_portal.reports.structure import items
from pia_portal.reports.structure.nodes import FormRevision, Item, Kind, all_wordings

from .align import ANNEX_COLUMNS, ANNEX_SECTION, FIGURE_TITLE, Aligner, Block, _annex_column, _belongs, _is_annex_header, _looks_like_date, form_labels
from .cells import CHECKED, UNCHECKED, Cell, label_key, numbered_pieces, squeeze
from .result import NotAReport, Fragment, Inference, Note, Result
from .values import decode


class Builder:
    def __init__(self, aligner: Aligner):
        self.aligner = aligner
        self.kind, self.revision, self.form = aligner.kind, aligner.revision, aligner.form
        self.unplaced: list[Fragment] = []
        self.inferred: list[Inference] = []
        self.notes: list[Note] = []
        self._risk_file: dict | None = None
        self._file_read: dict | None = None
        self.doc: dict = {}
        self.files: list[dict] = []

    @staticmethod
    def record() -> dict:
        return {"uid": str(uuid.uuid4())}

    def build(self, blocks: list[Block]) -> Result:
        self.notes = [block.note for block in blocks if block.note is not None]
        self.doc = {"cover": self.record(), "basic_info": self.record(), "systems": [], "figures": [], "files": [],
                    "other_risk": self.record(), "disclosure": self.record(), "procedure": self.record(),
                    "glossary": [], "change_log": []}
        placed_notes: list[tuple[Note, dict, str]] = []  # a block placed without its heading, its file
        for block in blocks:
            section, rows = block.section, block.rows
            if section is ANNEX_SECTION:
                self._annex(self.files[0] if self.files else self._file_for(""), rows)
                continue
            handler = getattr(self, f"_section_{section.code}", None) if section else None
            if section is None:
                self._cover(rows)
            elif handler:
                handler(section, rows)
                note = block.note
                if note is not None and section.code in ("file", "risk"):  # a (別添) list names its files itself
                    placed = self._risk_file if section.code == "risk" else self._file_read
                    if placed is not None:
                        placed_notes.append((note, placed, section.code))
            else:
                self.aligner.walk(section, rows, self._section_record(section), self)
        if not self.files and not self.doc["change_log"] and not _has_content(self.doc["basic_info"]):
            raise NotAReport("評価書の項目が見つかりません。特定個人情報保護評価書の本文か確認してください。")
        self.doc["files"] = self.files
        for note, placed, code in placed_notes:
            # Said once every block is read: a file named only by its III or (別添1) has its name now.
            number = next((n for n, f in enumerate(self.files, start=1) if f is placed), None)
            if number is not None:
                note.text = re.sub(r"\d+番目の「([^」]+)」に配置", lambda m: f"「{m.group(1)} ({number}) {placed.get('name', '')}」に配置",
                                   note.text)
                note.file_number = number
        self._note_missing([block.section for block in blocks])
        return Result(self._canonical(), self.kind, self.revision, self.unplaced, self.inferred, self.notes)

    def _note_missing(self, found: list[Section | None]) -> None:
        """A report cut short is imported as far as it goes (#30); staff are told which sections
        came out empty. A standalone 変更箇所 is a report piece of its own."""
        codes = {section.code for section in found if section is not None}
        if codes == {"changes"}:
            return
        missing = [s for s in self.form.sections if s.code in ("basic", "file", "risk", "changes") and s.code not in codes]
        if "changes" in codes and all(s.per_file for s in missing):
            return  # a report without files (as the portal prints one) ends with its 変更箇所: not cut short
        for section in missing:
            self.notes.append(Note(section.code, 0, f"「{section.label()}」が見つからなかったため、空のままです。"
                                                    "元の評価書を見て入力してください。"))
        by_code = {s.code: s for s in self.form.sections}
        for number, file in enumerate(self.files, start=1):
            title = f"({number}) {file.get('name') or 'ファイル名不明'}"
            parts = (("file", {k: v for k, v in file.items() if k not in ("name", "risk")}), ("risk", file.get("risk") or {}))
            for code, record in parts:
                section = by_code.get(code)
                if section is not None and code in codes and not _has_content({k: v for k, v in record.items() if not k.startswith("_")}):
                    self.notes.append(Note(code, 0, f"「{section.label()} {title}」の本文が見つからなかったため、空のままです。"
                                                    "元の評価書を見て入力してください。"))

    def _section_record(self, section: Section) -> dict | None:
        return {
            Entity.COVER: self.doc["cover"],
            Entity.BASIC_INFO: self.doc["basic_info"],
            Entity.OTHER_RISK: self.doc["other_risk"],
            Entity.DISCLOSURE: self.doc["disclosure"],
            Entity.PROCEDURE: self.doc["procedure"],
        }.get(section.entity)
    # Slots (from the aligner) ----------------------------------------------------------------

    def entry(self, parent: dict, repeat: Repeat) -> dict:
        """A new entry of a repeated group (システム7, 委託事項3 …) under `parent`."""
        entry = self.record()
        parent.setdefault(REPEAT_KEYS[repeat.entity], []).append(entry)
        return entry

    def place(self, section, place: Place, record: dict, cells: list[Cell], *, without_label: bool = False) -> None:
        if place.item.kind in (Kind.CHOICE, Kind.CHECKS, Kind.DATE, Kind.COUNT):
            # Only the cells that look like this item's value belong to it; the rest is kept.
            own = [c for i, c in enumerate(cells) if _belongs(place.item, c.text, first=i == 0)]
            self.leftover([c for c in cells if c not in own], f"「{place.label(self.revision)}」の後にあった記載")
            cells = own
        text = "\n".join(c.text for c in cells if c.text).strip()
        if not text or place.item.kind is Kind.DATE and not text.strip("～~〜 "):
            return  # a period printed without its dates (「～」) is empty
        if without_label:
            self.inferred.append(Inference(
                self._where(section, record, place), _excerpt(text),
                f"{cells[0].where}からの記載は、この項目の見出しがあったページが欠けていたため、"
                "前後の項目から判断してこの項目に配置しました。"))
        item = place.item
        own_text = text
        if item.kind is Kind.DATE and any(isinstance(c, Place) and c.inline and c.item.kind is Kind.DATE for c in place.children):
            own_text = re.split(r"[～~〜]", text, maxsplit=1)[0]  # 「開始日 ～ 終了日」: the end is the inline item's
        decoded = decode(item, own_text)
        value = decoded.value
        if item.kind is Kind.DATE and isinstance(value, dict) and value.get("date") is not None:
            value = {**value, "date": value["date"].isoformat()}
        if value in (None, "", {}) and item.kind is not Kind.FLAG:
            if not decoded.recognized:
                self.leftover(cells, f"「{place.label(self.revision)}」として読めない記載")
                return
        if item.attr in record and record[item.attr] not in (None, "", {}, False) and item.kind is Kind.TEXT:
            value = f"{record[item.attr]}\n{value}"
        if item.attr == "name" and record is not None and "risk" in record:
            value = re.sub(r"^[(（]\d+[)）]\s*", "", str(value).split("\n")[-1])
        record[item.attr] = value
        self._assign_inline(place, record, text)
        if decoded.inferred:
            self.inferred.append(Inference(self._where(section, record, place), _shown(item, value, self.revision), decoded.inferred))

    def _where(self, section, record: dict, place: Place) -> str:
        """「II (2)滞納整理ファイル / 委託事項1 / ③委託先名」: an item as staff find it."""
        parts = [section.label()] if section is not None and section.code not in ("file", "risk") else []
        for number, file in enumerate(self.files, start=1):
            title = f"({number}){file.get('name', '')}"
            if record is file:
                parts = ["II", title]
            elif record is file.get("risk"):
                parts = ["III", title]
            else:
                for key, word in (("outsourcings", "委託事項"), ("provision_destinations", "提供先"), ("transfer_destinations", "移転先")):
                    for index, entry in enumerate(file.get(key, []), start=1):
                        if entry is record:
                            parts = ["II", title, f"{word}{index}"]
        for index, system in enumerate(self.doc["systems"], start=1):
            if system is record:
                parts = ["I", f"システム{index}"]
        return " / ".join([*parts, place.label(self.revision)])

    def _assign_inline(self, place: Place, record: dict, text: str) -> None:
        """Items printed in the same cell: 委託の有無 … ( 4 ) 件, 手数料等 [無料] (手数料額、納付方法: …)."""
        for child in place.children:
            if not isinstance(child, Place) or not child.inline:
                continue
            if child.item.kind is Kind.COUNT:
                value = decode(child.item, text).value
                if value is not None:
                    record[child.item.attr] = value
            elif child.item.kind in (Kind.TEXT, Kind.LINE):
                # What is neither the choice, its legend nor the inline label is the inline text
                # (extractions interleave it with 「(手数料額、納付方法:」).
                label = next(iter(all_wordings(child.item.label)))
                if label not in text:
                    continue
                rest = re.sub(r"[<＜◇]選択肢[>＞◇]", " ", text)
                rest = re.sub(rf"\[[^\]]*\]|[{CHECKED}{UNCHECKED}]", " ", rest)
                for option in place.item.options.options if place.item.options else ():
                    for wording in all_wordings(option.label):
                        rest = re.sub(rf"\d+\)\s*{re.escape(wording)}", " ", rest)
                rest = re.sub(rf"[(（]\s*{re.escape(label)}\s*[:：]?", " ", rest)
                rest = re.sub(r"\s*[)）]\s*$", "", rest.strip())
                if rest.strip():
                    record[child.item.attr] = re.sub(r"[ \t]+", " ", rest).strip()
            elif child.item.kind is Kind.DATE:
                parts = re.split(r"[～~〜]", text, maxsplit=1)
                if len(parts) == 2:
                    end = decode(child.item, re.sub(r"[(（]\d+日間[)）]", "", parts[1])).value
                    if isinstance(end, dict) and end.get("date") is not None:
                        record[child.item.attr] = {**end, "date": end["date"].isoformat()}

    def cell_group(self, group: Group, record: dict, cells: list[Cell]) -> None:
        """提供・移転の有無: [○] 提供を行っている ( 19 ) 件 … in one cell; a count means the box is ticked."""
        text = " ".join(c.text for c in cells)
        places = [p for p in group.children if isinstance(p, Place)]
        for place, following in zip(places, places[1:] + [None]):
            if place.item.kind is not Kind.FLAG:
                continue
            label = next(iter(all_wordings(place.item.label)))
            start = text.find(label)
            if start < 0:
                continue
            ticked = CHECKED in text[max(0, start - 3):start]
            count_place = following if following is not None and following.item.kind is Kind.COUNT else None
            if count_place is not None:
                match = re.match(r"\s*[(（]\s*(\d*)\s*[)）]\s*件", text[start + len(label):])
                if match and match.group(1):
                    record[count_place.item.attr] = int(match.group(1))
                    if not ticked:
                        ticked = True
                        self.inferred.append(Inference(
                            self._where(None, record, place), "チェックあり", f"件数 ( {match.group(1)} ) 件 の記載があるため"
                        ))
            record[place.item.attr] = ticked

    def leftover(self, cells: list[Cell], reason: str) -> None:
        for cell in cells:
            text = cell.text.replace(CHECKED, "[○]").strip()
            if text:
                self.unplaced.append(Fragment(cell.line, text, reason, page=cell.page))

    # Sections with their own shape -----------------------------------------------------------

    def _cover(self, rows) -> None:
        cover = next(s for s in self.form.sections if s.code == "cover")
        flat = [[c] for row in rows for c in row]
        number_row = next((i for i, row in enumerate(rows) if label_key(row[0].text) == items.ASSESSMENT_NUMBER.label), None)
        if number_row is not None and number_row + 1 < len(rows):
            values = rows[number_row + 1]
            if values:
                self.doc["cover"]["assessment_number"] = values[0].text.strip()
            if len(values) > 1:
                self.doc["cover"]["title"] = values[1].text.strip()
            flat = [[c] for i, row in enumerate(rows) if i not in (number_row, number_row + 1) for c in row]
        title_key = label_key(self.form.title)
        flat = [row for row in flat if label_key(row[0].text) != title_key]
        self.aligner.walk(cover, flat, self.doc["cover"], self)

    def _section_basic(self, section, rows) -> None:
        self.aligner.walk(section, rows, self.doc["basic_info"], self)
        self.doc["systems"] = self.doc["basic_info"].pop("systems", [])

    def _section_figures(self, section, rows) -> None:
        figures = []
        current = None
        for row in rows:
            text = "\n".join(c.text for c in row)
            if FIGURE_TITLE.match(text):
                current = {**self.record(), "title": text.split("\n")[0], "legend": "", "remarks": ""}
                figures.append(current)
                continue
            if current is None and label_key(text.split("\n")[0]) == REMARKS_LABEL:
                # The figure's title was lost with its page: its (備考) still describes a figure.
                current = {**self.record(), "title": "", "legend": "", "remarks": "", "_remarks": True}
                figures.append(current)
                text = text.split("\n", 1)[1] if "\n" in text else ""
                if not text:
                    continue
            if current is None:
                self.leftover(row, "図の表題より前の記載")
                continue
            if not current.get("subtitle") and re.fullmatch(r"[(（].+[)）]", text) and not current["legend"]:
                current["subtitle"] = text
            elif label_key(text.split("\n")[0]) == REMARKS_LABEL or current.get("_remarks"):
                if not current.get("_remarks"):  # the printed label, not part of the remarks
                    current["_remarks"] = True
                    text = text.split("\n", 1)[1] if "\n" in text else ""
                current["remarks"] = (current["remarks"] + "\n" + text).strip()
            else:
                current["legend"] = (current["legend"] + "\n" + text).strip()
        for figure in figures:
            figure.pop("_remarks", None)
        self.doc["figures"] = figures

    def _file_for(self, name: str, *, unnamed: bool = False, adopt: bool = False) -> dict:
        cleaned = re.sub(r"^[(（]\d+[)）]\s*", "", name.strip())
        for file in self.files:
            if squeeze(file.get("name", "")) == squeeze(cleaned) and not unnamed:
                return file
        # A file whose II lost the page with its name takes the name its III or 別添 gives: the
        # file of that number, or the first without a name.
        number = re.match(r"^[(（](\d+)[)）]", name.strip())
        nameless = next((f for f in self.files if f.get("_unnamed")), None)
        if number and 0 < int(number.group(1)) <= len(self.files) and self.files[int(number.group(1)) - 1].get("_unnamed"):
            nameless = self.files[int(number.group(1)) - 1]
        if cleaned and adopt and nameless is not None:
            nameless.pop("_unnamed")
            nameless["name"] = cleaned
            return nameless
        file = {**self.record(), "name": cleaned, "risk": self.record()}
        if unnamed:
            file["_unnamed"] = True
        self.files.append(file)
        return file

    def _section_file(self, section, rows) -> None:
        annex_rows = []
        body = []
        in_annex = False
        for row in rows:
            if _is_annex_header(row) or in_annex and not self._looks_like_form_row(row):
                in_annex = True
                annex_rows.append(row)
            else:
                body.append(row)
        # The file's name is the value of 「1. 特定個人情報ファイル名」: find it first.
        name = ""
        for i, row in enumerate(body):
            if label_key(row[0].text).endswith(items.FILE_NAME.label):
                name = (row[1].text if len(row) > 1 else (body[i + 1][0].text if i + 1 < len(body) else "")).split("\n")[0]
                break
        file = self._file_for(name or f"ファイル{len(self.files) + 1}", unnamed=not name)
        self._file_read = file
        self.aligner.walk(section, body, file, self)
        file["name"] = re.sub(r"^[(（]\d+[)）]\s*", "", file.get("name", "")) or name
        if annex_rows:
            self._annex(file, annex_rows)

    def _looks_like_form_row(self, row) -> bool:
        return bool(re.match(r"^[①-⑳]|^\d+\.\s", row[0].text)) and len(row) <= 2

    def _section_risk(self, section, rows) -> None:
        state = {"file": self.files[0] if self.files else self._file_for("")}

        def choose(text):
            state["file"] = self._file_for(text.split("\n")[0], adopt=True) if text.strip() else state["file"]
            self._risk_file = state["file"]
            return state["file"]["risk"]

        # The file is named right after 「1. 特定個人情報ファイル名」; until then, the next file in order.
        risk_files = [f for f in self.files if not f["risk"].get("_seen")]
        target = risk_files[0]["risk"] if risk_files else state["file"]["risk"]
        target["_seen"] = True
        self._risk_file = next((f for f in self.files if f["risk"] is target), None)
        self.aligner.walk(section, rows, target, self, on_fixed=lambda text: _mark(choose(text)))

    def _section_other_risk(self, section, rows) -> None:
        self.aligner.walk(section, rows, self.doc["other_risk"], self)

    def _section_records(self, section, rows) -> None:
        file = None
        group = None
        last_item = None  # the number of the last 記録項目 read one a line
        for index, row in enumerate(rows):
            texts = [c.text for c in row]
            first = texts[0]
            named = self._match_file_name(first, heads_block=index == 0)
            if named is not None:
                file = named
                group = None
                continue
            if file is None:
                file = self.files[0] if self.files else self._file_for("")
            several = len(numbered_pieces(first)) > 1  # a row of a list printed in columns
            # 「2. 個人番号」 right after 「1. 宛名番号」 continues a list printed one item a line.
            number = _number_of(first)
            continues = number is not None and (
                index + 1 < len(rows) and _number_of(rows[index + 1][0].text) == number + 1
                or number > 1 and last_item == number - 1)
            if re.match(r"^(#+\s*)?\d+[.．]?\s*\S", first) and len(row) == 1 and not several and not continues and not re.search(r"[、,]\s*\d+[.．]", first) and len(first) < 40:
                heading = re.sub(r"^#+\s*", "", first)
                file = self._next_records_file(file, heading, section, at=row[0])
                group = {**self.record(), "heading": heading, "note": "", "items": []}
                last_item = None
                file.setdefault("record_groups", []).append(group)
                continue
            if group is None:
                group = {**self.record(), "heading": "", "note": "", "items": []}
                file.setdefault("record_groups", []).append(group)
            for text in texts:
                for number, label in _numbered_record_labels(text):
                    group["items"].append({**self.record(), "label": label, "_number": number})
                    last_item = number
        # Lists printed in columns are read row by row; their numbers give the order.
        for file in self.files:
            for group in file.get("record_groups", []):
                numbers = [item.get("_number") for item in group["items"]]
                if numbers and all(n is not None for n in numbers) and len(set(numbers)) == len(numbers):
                    group["items"].sort(key=lambda item: item["_number"])
        for file in self.files:
            for group in file.get("record_groups", []):
                for item in group["items"]:
                    item.pop("_number", None)

    def _next_records_file(self, file: dict, heading: str, section: Section, *, at: Cell) -> dict:
        """The file a numbered group of 記録項目 belongs to: its numbering starting again (「1. …」 after
        「3. …」) is the next file's (別添1), whose heading and name were lost with their page."""
        groups = file.get("record_groups", [])
        number, last = _number_of(heading), _number_of(groups[-1]["heading"]) if groups else None
        if number is None or last is None or number > last:
            return file
        following = self.files[self.files.index(file) + 1:] if file in self.files else []
        successor = next((f for f in following if not f.get("record_groups")), None)
        if successor is None:
            return file
        self.notes.append(Note(section.code, at.line, (
            f"「{section.label()}」の見出しが見つからなかったため、{at.where}からの記録項目を"
            f"「{section.label()} ({self.files.index(successor) + 1}) {successor.get('name', '')}」に配置しました"
            f"(番号が「{heading}」から始まり直しているため)。"), page=at.page))
        return successor

    def _match_file_name(self, text: str, *, heads_block: bool = False) -> dict | None:
        first = text.split("\n")[0]
        key = squeeze(re.sub(r"^[(（]\d+[)）]\s*", "", first))
        for file in self.files:
            if key and key == squeeze(file.get("name", "")):
                return file
        # A file whose II lost the page with its name is named by its (別添1): 「(2) …ファイル」, or
        # the name alone on the row that heads the list.
        numbered = re.match(r"^[(（]\d+[)）]\s*\S.{0,60}ファイル\s*$", first)
        if (numbered or heads_block and re.fullmatch(r"\S.{0,60}ファイル\s*", first)) and any(f.get("_unnamed") for f in self.files):
            return self._file_for(first, adopt=True)
        return None

    def _section_changes(self, section, rows) -> None:
        columns = ["change_date", "item", "before", "after", "timing", "explanation"]
        for row in rows:
            texts = [c.text for c in row]
            if label_key(texts[0]) == items.CHANGE_DATE.label or (
                    len(texts) > 1 and label_key(texts[1]) == items.CHANGE_ITEM.label and len(texts) >= 5):
                continue
            dated = _looks_like_date(texts[0])
            timed = any(t.strip() in ("事前", "事後") for t in texts)
            if not dated and not timed and label_key(texts[0]) in form_labels(self.kind):
                # A row of the 変更箇所 has a date or a 提出時期; a label of the form is never one.
                self.leftover(row, "様式の項目(変更箇所の行ではない記載)")
                continue
            if len(texts) < 3:
                if self.doc["change_log"] and texts:
                    last = self.doc["change_log"][-1]
                    last["explanation"] = (last.get("explanation", "") + "\n" + "\n".join(texts)).strip()
                else:
                    self.leftover(row, "変更箇所の表の外の記載")
                continue
            entry = {**self.record()}
            cells = list(texts)
            if not _looks_like_date(cells[0]) and cells[0].strip():
                cells.insert(0, "")  # the date column is blank (an undated, pending change)
            timing_at = next((i for i, t in enumerate(cells) if t.strip() in ("事前", "事後")), None)
            if timing_at is not None and timing_at != 4:
                # Cells shifted by the extraction: anchor on 提出時期.
                before = cells[:timing_at]
                while len(before) < 4:
                    before.insert(2, "")
                cells = before[:2] + ["\n".join(before[2:-1]), before[-1]] + cells[timing_at:]
            for column, text in zip(columns, cells):
                if column == "change_date":
                    date = decode(items_of(Entity.CHANGE_LOG)["change_date"], text).value if text.strip() else None
                    if isinstance(date, dict) and date.get("date") is not None:
                        date = {**date, "date": date["date"].isoformat()}
                    entry[column] = date
                elif column == "timing":
                    entry[column] = {"事前": "PRIOR", "事後": "POST"}.get(text.strip(), "")
                else:
                    entry[column] = text.replace(CHECKED, "[○]")
            self.doc["change_log"].append(entry)

    def _section_glossary(self, section, rows) -> None:
        group = ""
        for row in rows:
            texts = [c.text for c in row]
            if texts[0].startswith("□"):
                group = texts[0].lstrip("□").strip()
                texts = texts[1:]
            elif len(texts) == 1 and len(texts[0].strip()) <= 6:
                group = texts[0].strip()  # the 区分 printed as a caption over its terms (ア行)
                continue
            if len(texts) >= 2 and label_key(texts[0]) != "用語":
                self.doc["glossary"].append({**self.record(), "kana_group": group, "term": texts[0], "meaning": "\n".join(texts[1:])})

    def _annex(self, file: dict, rows) -> None:
        annex = None
        header = []
        by_column: dict[int, str] = {}
        caption = ""
        title = ""
        pending: list[tuple[list[Cell], str]] = []  # rows under a 「(別紙n)」 heading whose column titles were lost

        def add_row(row, caption: str) -> None:
            texts = [c.text for c in row]
            values = dict.fromkeys(ANNEX_COLUMNS, "")
            if len(row) < len(header) and all(by_column.get(c.column) for c in row):
                # Empty cells of the row: each value is read under its own column title.
                for cell in row:
                    values[by_column[cell.column]] = cell.text
                number = values.pop("number", "")
                values.pop("", None)
                annex["rows"].append({**self.record(), "caption": caption, "number": number, **values})
                return
            cells = list(texts)
            if not re.fullmatch(r"\d+", cells[0].split()[0] if cells[0].split() else ""):
                number = ""
            else:
                parts = cells[0].split(maxsplit=1)
                number = parts[0]
                cells = ([parts[1]] if len(parts) > 1 else []) + cells[1:]
            offset = len(header) - len(cells)
            for index, text in enumerate(cells):
                position = index + max(0, offset) if header and header[0].startswith("no") else index
                column = ANNEX_COLUMNS[min(position, len(ANNEX_COLUMNS) - 1)]
                values[column] = (values[column] + "\n" + text).strip() if values[column] else text
            annex["rows"].append({**self.record(), "caption": caption, "number": number, **values})

        for row in rows:
            texts = [c.text for c in row]
            heading = re.match(r"^[(（](別紙\d+)[)）]\s*(.*)", texts[0]) if len(texts) <= 2 else None
            if heading:
                title = texts[0]
                annex = None
                continue
            if _is_annex_header(row):
                kind = "TRANSFER" if "移転先" in texts[0] or "移転先" in " ".join(texts[:2]) else "PROVISION"
                if annex is not None and annex["kind"] != kind:
                    annex, title = None, ""  # a 別紙 of the other kind, its 「(別紙n)」 heading lost
                if annex is None:
                    named = re.match(r"^[(（](別紙\d+)[)）]\s*(.*)", title)
                    number = named.group(1) if named else ""
                    annex = next((a for a in file.get("annexes", []) if number and a["number"] == number), None)
                if annex is None:
                    annex = {
                        **self.record(),
                        "number": named.group(1) if named else f"別紙{len(file.get('annexes', [])) + 1}",
                        "title": named.group(2) if named else "",
                        "kind": kind,
                        "rows": [],
                    }
                    file.setdefault("annexes", []).append(annex)
                header = [label_key(t) for t in texts]
                by_column = {c.column: _annex_column(key) for c, key in zip(row, header)}
                # The column titles are printed again on each page: the rows read before them are this 別紙's.
                for waiting, waiting_caption in pending:
                    add_row(waiting, waiting_caption)
                pending = []
                continue
            if len(texts) == 1:
                # The file's own title printed over its 別紙 names the file, not a 区分 of rows.
                is_file_title = squeeze(re.sub(r"^[(（]\d+[)）]\s*", "", texts[0])) == squeeze(file.get("name", "")) != ""
                caption = "" if is_file_title else texts[0]
                continue
            if annex is None:
                if title:
                    pending.append((row, caption))
                else:
                    self.leftover(row, "別紙の表の前の記載")
                continue
            add_row(row, caption)
        for row, _ in pending:
            self.leftover(row, "別紙の表の前の記載")

    # Output ----------------------------------------------------------------------------------

    def _canonical(self) -> dict:
        nested = {"risk", "annexes", "rows", "record_groups", "items", *REPEAT_KEYS.values()}

        def clean(record, entity: Entity):
            """Only the items the entity has: a value the walk put on the wrong kind of record is
            reported as unplaced rather than making the document invalid."""
            known = set(items_of(entity)) | {"uid"}
            kept = {}
            for key, value in record.items():
                if key.startswith("_") or key in nested:
                    continue
                if key in known:
                    kept[key] = value
                elif value not in (None, "", [], {}):
                    self.unplaced.append(Fragment(0, str(value)[:500], "項目の場所を特定できない記載"))
            return kept

        files = []
        for file in self.files:
            entry = clean(file, Entity.FILE)
            entry["risk"] = clean(file.get("risk", self.record()), Entity.RISK)
            for key, entity in (("outsourcings", Entity.OUTSOURCING), ("provision_destinations", Entity.PROVISION),
                                ("transfer_destinations", Entity.TRANSFER)):
                entry[key] = [e for e in (clean(e, entity) for e in file.get(key, [])) if _has_content(e)]
            entry["annexes"] = [{**clean(a, Entity.ANNEX), "rows": [clean(r, Entity.ANNEX_ROW) for r in a.get("rows", [])]}
                                for a in file.get("annexes", [])]
            entry["record_groups"] = [{**clean(g, Entity.RECORD_GROUP), "items": g.get("items", [])} for g in file.get("record_groups", [])]
            files.append(entry)
        cover = self.doc["cover"]
        number = (cover.get("assessment_number") or "").strip()
        return {
            "format": "pia-portal.version",
            "format_version": 1,
            "report": {
                "kind": self.kind.value,
                "assessment_number": number,
                "title": cover.get("title", "") or "取り込んだ評価書",
                "affair_name": self.doc["basic_info"].get("affair_name", ""),
            },
            "version": {"form_revision": self.revision.value},
            "cover": clean(cover, Entity.COVER),
            "basic_info": clean(self.doc["basic_info"], Entity.BASIC_INFO),
            "systems": [e for e in (clean(s, Entity.SYSTEM) for s in self.doc["systems"]) if _has_content(e)],
            "figures": self.doc["figures"],
            "files": files,
            "other_risk": clean(self.doc["other_risk"], Entity.OTHER_RISK),
            "disclosure": clean(self.doc["disclosure"], Entity.DISCLOSURE),
            "procedure": clean(self.doc["procedure"], Entity.PROCEDURE),
            "glossary": self.doc["glossary"],
            "change_log": self.doc["change_log"],
        }



REPEAT_KEYS = {
    Entity.SYSTEM: "systems",
    Entity.OUTSOURCING: "outsourcings",
    Entity.PROVISION: "provision_destinations",
    Entity.TRANSFER: "transfer_destinations",
    Entity.BUSINESS_FIGURE: "figures",
}
REMARKS_LABEL = label_key(items.FIGURE_REMARKS.label)



def _excerpt(text: str, length: int = 40) -> str:
    first = text.splitlines()[0]
    return first if len(first) <= length and "\n" not in text else first[:length] + "…"


def _shown(item: Item, value, revision: FormRevision) -> str:
    """A decoded value as staff read it: option labels, not codes."""
    if item.kind is Kind.CHECKS and isinstance(value, dict):
        return item.options.ticked_text(value, revision)
    if item.kind is Kind.CHOICE and isinstance(value, str):
        return item.options.label_of(value, revision)
    return str(value)


def _number_of(text: str) -> int | None:
    found = re.match(r"^\s*(\d+)[.．]\s*\S", text or "")
    return int(found.group(1)) if found else None


def _has_content(entry: dict) -> bool:
    """An entry the source shows only as its blank title row (提供先1 under 「行っていない」) is a
    placeholder of the printed form, not an entry."""
    return any(value not in (None, "", [], {}, False) for key, value in entry.items() if key != "uid")


def _mark(record: dict) -> dict:
    record["_seen"] = True
    return record


def _record_labels(text: str) -> list[str]:
    """記録項目 written as bullets, numbered comma lists (1. 宛名番号、2. 個人番号) or table cells."""
    return [label for _, label in _numbered_record_labels(text)]


def _numbered_record_labels(text: str) -> list[tuple[int | None, str]]:
    """(printed number or None, label) of each 記録項目 in a cell."""
    labels = []
    for line in text.split("\n"):
        line = line.strip().lstrip("・").strip()
        if not line:
            continue
        parts = re.split(r"(?:[、,]\s*|\s+)(?=\d+[.．]\s*\S)", line)
        for part in parts:
            number = re.match(r"^(\d+)[.．]\s*", part)
            label = part[number.end():].strip() if number else part.strip()
            if label:
                labels.append((int(number.group(1)) if number else None, label))
    return labels
