"""A published report's PDF read into the text importer's source: its tables as rows of cells.

pdfplumber finds each page's tables from their ruling lines; every row becomes one line of
tab-separated cells (line breaks inside a cell kept as <br>), and the text outside tables (section
titles) becomes lines of its own, all in reading order. Running headers (the same text at the top of
most pages) and page numbers are dropped. A line wrapped by the cell's width is joined back to the
line it continues, so that paragraphs come out as typed.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter

MAX_PAGES = 1_000
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?\d+(?:\s*/\s*\d+)?(?:\s*-)?$|^\d+\s*ページ$")
# A line starting like this begins a new line of its own: a list item, a note, a sub-heading.
_STARTS_LINE = re.compile(r"^(?:[・●○◯■□◆◇※＊*\-−–]|\d+[.)．）]|[①-⑳]|[(（【〈<＜［\[])")
# After a line that filled the cell, only a list marker starts a new line; a bracket is the wrap.
_STARTS_ITEM = re.compile(r"^(?:[・●○◯■□◆◇※＊*]|\d+[.)．）]\s|[①-⑳]|【)")
_CHECKS = {"☑": "[○]", "☒": "[○]", "■": "[○]", "☐": "[ ]", "□": "[ ]"}


def _radicals() -> dict[int, str]:
    """Some PDF producers map ideographs to the look-alike Kangxi radicals (⼈ for 人, ⾏ for 行) in
    their text layer; NFKC gives the ideographs back. Only these characters are folded: full-width
    letters and circled numbers are content."""
    table = {}
    for code in [*range(0x2E80, 0x2EF4), *range(0x2F00, 0x2FD6)]:
        folded = unicodedata.normalize("NFKC", chr(code))
        if folded != chr(code):
            table[code] = folded
    # Radicals without a compatibility mapping, as the ideographs they stand for.
    table.update({ord(k): v for k, v in {
        "⻑": "長", "⺠": "民", "⻄": "西", "⻘": "青", "⻝": "食", "⻤": "鬼", "⻭": "歯", "⻲": "亀",
        "⻩": "黄", "⻨": "麦", "⺟": "母", "⻆": "角", "⻍": "辶", "⻖": "阝", "⺅": "亻", "⺡": "氵",
    }.items()})
    table[0x2027] = "・"  # ‧ HYPHENATION POINT, printed for the katakana middle dot
    return table


_FOLD = _radicals()


class PdfError(ValueError):
    """A PDF the importer cannot read; the message is for staff."""


def pdf_to_source(raw: bytes, *, pages: int | None = None) -> str:
    """The PDF as text source; `pages` reads only the first pages (a quick check of an upload)."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        document = pdfplumber.open(io.BytesIO(raw))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise PdfError("パスワードで保護されたPDFは読めません。保護を外したPDFを選んでください。") from None
    except (PDFSyntaxError, Exception) as error:  # a damaged file raises many kinds of errors
        if "password" in str(error).lower() or "encrypt" in str(error).lower():
            raise PdfError("パスワードで保護されたPDFは読めません。保護を外したPDFを選んでください。") from None
        raise PdfError("PDFとして読めません。ファイルが壊れていないか確かめてください。") from None
    with document:
        if len(document.pages) > MAX_PAGES:
            raise PdfError(f"ページ数が多すぎます({len(document.pages)}ページ。{MAX_PAGES}ページまで)。")
        blocks = [_page_blocks(page) for page in document.pages[:pages]]
    if not any(text.strip() for page in blocks for _, text in page):
        raise PdfError("このPDFには文字の情報がありません(紙をスキャンしたPDFなど)。文字を選択できるPDFを選んでください。")
    running = _running_lines(blocks)
    lines = []
    for page in blocks:
        for kind, text in page:
            if kind == "line" and (text in running or _PAGE_NUMBER.match(text)):
                continue
            lines.append(text)
    return "\n".join(lines)


def _page_blocks(page) -> list[tuple[str, str]]:
    """("row", cells joined by tabs) and ("line", text outside tables), top to bottom."""
    try:
        tables = page.find_tables()
    except Exception:  # a page pdfplumber cannot analyse is read as plain lines
        tables = []
    found: list[tuple[float, str, str]] = []
    boxes = [table.bbox for table in tables]
    for table in tables:
        for row in table.rows:
            texts = []
            for cell in row.cells:
                if cell is None:
                    continue
                texts.append(_cell_text(page, cell))
            if len([t for t in texts if t]) == 1:
                texts = _split_boxes(next(t for t in texts if t))
            if any(texts):
                found.append((row.bbox[1], "row", "\t".join(t.replace("\t", " ") for t in texts)))
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    lines = [line for line in outside.extract_text_lines(return_chars=False) if line["text"].strip()]
    right_edge = max((line["x1"] for line in lines), default=0)
    previous = None
    for line in lines:
        text = _checks(line["text"].strip())
        size = line["bottom"] - line["top"]
        # A title too long for the page wraps onto the next line: one title.
        if (previous is not None and right_edge - previous["x1"] < 2 * size and line["top"] - previous["bottom"] < size
                and not _STARTS_LINE.match(text) and found and found[-1][1] == "line"):
            top, kind, joined = found[-1]
            found[-1] = (top, kind, joined + text)
        else:
            found.append((line["top"], "line", text))
        previous = line
    found.sort(key=lambda item: item[0])
    return [(kind, text) for _, kind, text in found]


def _inside(obj, boxes) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _cell_text(page, bbox) -> str:
    """A cell's text with its own line breaks as <br>, lines wrapped by the cell's width joined."""
    region = page.crop(bbox, strict=False)
    lines = region.extract_text_lines(return_chars=False)
    if not lines:
        return ""
    right = bbox[2]
    # A full-width character is as wide as the line is high (the font size).
    char_width = min(14.0, max(4.0, lines[0]["bottom"] - lines[0]["top"]))
    out: list[str] = []
    previous_end = None
    for line in lines:
        text = _checks(line["text"].strip())
        if not text:
            continue
        starts_own_line = previous_end is None or bool(_STARTS_LINE.match(text))
        filled = previous_end is not None and right - previous_end < 2.5 * char_width and not _STARTS_ITEM.match(text)
        # A word of Latin letters or digits wraps whole, at a space: the line ended early.
        first_word = text.split(" ", 1)[0]
        word_wrapped = (not starts_own_line and not filled and first_word.isascii()
                        and right - previous_end < _width(first_word, char_width) + char_width)
        if (filled or word_wrapped) and out:
            out[-1] += (" " if word_wrapped else "") + text
        else:
            out.append(text)
        previous_end = line["x1"]
    return "<br>".join(out)


def _split_boxes(text: str) -> list[str]:
    """「4. 特定個人情報ファイルの取扱いの委託 [ ] 委託しない」, a heading with its check boxes in
    one cell, as the heading cell and the boxes cell that extractions give."""
    found = re.search(r"\s*\[\s*[○〇]?\s*\]", text)
    if found and found.start() > 0 and "<br>" not in text[: found.start()]:
        return [text[: found.start()].strip(), text[found.start():].strip()]
    return [text]


def _width(word: str, char_width: float) -> float:
    return sum(char_width * (0.55 if ord(ch) < 0x2000 else 1.0) for ch in word)


def _checks(text: str) -> str:
    text = text.translate(_FOLD)
    for glyph, mark in _CHECKS.items():
        text = text.replace(glyph, mark)
    return text


def _running_lines(pages: list[list[tuple[str, str]]]) -> set[str]:
    """Lines outside tables that recur on most pages: running headers and footers."""
    if len(pages) < 3:
        return set()
    counts = Counter(text for page in pages for text in {t for kind, t in page if kind == "line"})
    return {text for text, count in counts.items() if count >= max(3, len(pages) // 2)}
