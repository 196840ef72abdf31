"""The text of a published report as extracted from its PDF, cut into cells.

Extractions come tab-separated, as Markdown tables or with HTML fragments, often mixed on one
line. A `Cell` is one table cell or line with its source position; `text_of` turns a cell's HTML
into the portal's plain text (paragraphs and list items become lines, nothing stays as HTML).
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, replace
from html.parser import HTMLParser

from pia_portal.reports.structure import items

CHECKED = "☑"  # internal tokens that survive text conversion
UNCHECKED = "☐"

_BLOCK_TAGS = {"p", "div", "li", "tr", "ul", "ol", "table", "br", "h1", "h2", "h3", "h4"}


# Where a reader knows that a page of the report is missing (pdf.py: the printed page numbers
# jump, or a row cut at a page end cannot go on in what follows; a converter's page marks
# <!-- page n --> that jump). Text read next, before any label, continues an item whose label was
# on the lost page.
PAGE_LOST = "<!-- page lost -->"


@dataclass(frozen=True)
class Cell:
    line: int  # 1-based line of the source
    column: int
    raw: str
    after_lost_page: bool = False  # the first cell read after a page the reader knows was lost
    page: int | None = None  # the page of the report it was read from, where the reader says (pdf.py)

    @property
    def where(self) -> str:
        """Where staff find it: the page of a PDF, the line of a text."""
        return f"{self.page}ページ目" if self.page else f"{self.line}行目"

    @property
    def text(self) -> str:
        return text_of(self.raw)


def cells_of(source: str) -> list[list[Cell]]:
    """The source as rows of cells, blank cells and Markdown separator rows dropped."""
    rows = []
    lost = False
    page = None  # the number of the last page mark (<!-- page 12 -->: pdf.py's, or a converter's)
    for number, line in enumerate(source.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or re.fullmatch(r"[|\-: ]+", stripped) or re.fullmatch(r"-{3,}", stripped):
            continue
        if stripped == PAGE_LOST:
            lost = True
            continue
        if re.fullmatch(r"<!--.*-->", stripped):
            # A converter's comment; its page marks tell where a page is missing.
            mark = _PAGE_MARK.fullmatch(stripped)
            if mark is not None:
                lost = lost or page is not None and int(mark.group(1)) > page + 1
                page = int(mark.group(1))
            continue
        if re.match(r"#{1,6}\s", stripped):
            line = stripped = re.sub(r"^#{1,6}\s+", "", stripped)  # a Markdown heading: its text
        if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 2:
            parts = [p for p in stripped.strip("|").split("|")]
        else:
            parts = line.split("\t")
        cells = []
        seen = set()
        for column, part in enumerate(parts):
            part = part.strip()
            if not part:
                continue
            key = squeeze(text_of(part))
            # Flattened tables repeat the same cell as further columns; keep one.
            if key and key in seen and len(key) > 3:
                continue
            seen.add(key)
            cells.append(Cell(number, column, part, page=page))
        if len(cells) == 1 and _NUMBERED_HEADING.match(cells[0].raw):
            cells = [Cell(number, cells[0].column + n, text, page=page) for n, text in enumerate(split_boxes(cells[0].raw))]
        if cells and not all(re.fullmatch(r"[-—ー]{2,}", c.raw) for c in cells):
            if lost:
                cells[0] = replace(cells[0], after_lost_page=True)
                lost = False
            rows.append(cells)
    return rows


def page_mark(number: int) -> str:
    return f"<!-- page {number} -->"


_PAGE_MARK = re.compile(r"<!--\s*(?:page|ページ)\s*:?\s*(\d+)\s*(?:/\s*\d+\s*)?-->", re.I)
_NUMBERED_HEADING = re.compile(r"^\d+[.．]\s*[^\d\s]")
_BOXES = re.compile(r"\s*(?:\[\s*(?:[○〇]|<input[^>]*>)?\s*\]|<input\b)")


def split_boxes(text: str) -> list[str]:
    """「4. 特定個人情報ファイルの取扱いの委託 [ ] 委託しない」, a heading with its check boxes in one
    cell, as the heading cell and the boxes cell that other extractions give."""
    found = _BOXES.search(text)
    if found and found.start() > 0 and "<br>" not in text[: found.start()]:
        return [text[: found.start()].strip(), text[found.start():].strip()]
    return [text]


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input":
            checked = "checked" in attributes
            self.parts.append(CHECKED if checked or attributes.get("type") == "radio" else UNCHECKED)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag == "td":
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def text_of(raw: str) -> str:
    """Plain text with line breaks; check boxes become ☑/☐ tokens."""
    if "<" in raw and ">" in raw:
        parser = _TextParser()
        parser.feed(raw.replace("<br/>", "<br>"))
        parser.close()
        text = "".join(parser.parts)
    else:
        text = html.unescape(raw)
    text = re.sub(r"\[\s*○\s*\]", CHECKED, text)
    text = re.sub(r"\[\s*\]", UNCHECKED, text)
    text = re.sub(r"\[\s*(☑|☐)\s*\]", r"\1", text)
    lines = [re.sub(r"[ \u3000]+", " ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def squeeze(text: str) -> str:
    """A comparison key: width-folded, without spaces, check-box tokens or marks."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace(CHECKED, "").replace(UNCHECKED, "")
    return re.sub(r"[\s　]+", "", text)


def label_key(text: str) -> str:
    """A label as printed, reduced for matching: no ※ mark, no numbers' formatting differences."""
    key = squeeze(text)
    key = re.sub(r"※(\(.*?\))?$", "", key)
    # Spellings the published reports use for the same label.
    for variant, canonical in LABEL_VARIANTS:
        key = key.replace(variant, canonical)
    return key


LABEL_VARIANTS = (
    ("ユーザー", "ユーザ"),
    ("発行・失効", "発効・失効"),
    ("取り扱い", "取扱い"),
    ("事務に必要なない情報", "事務に必要のない情報"),
    ("事務に必要な情報との紐付け", "事務に必要のない情報との紐付け"),
    ("ルール内容及び", "ルールの内容及び"),
    ("従業員", "従業者"),
    ("他の措置の内容", items.OTHER_MEASURES),
    ("そのその他", "その他"),
    ("与える得る", "与え得る"),
)


_NUMBERED = re.compile(r"(?:^|\s)\d+[.．]\s*\S")


def numbered_pieces(line: str) -> list[str]:
    """A line of a list printed in columns (「1. 氏名 5. 住所 9. 性別」) as its items; any other line whole."""
    if len(_NUMBERED.findall(line)) > 1:
        return re.split(r"\s+(?=\d+[.．]\s*\S)", line)
    return [line]
