"""A published report's PDF read into the text importer's source: its tables as rows of cells.

pdfplumber finds each page's tables from their ruling lines; every row becomes one line of
tab-separated cells (line breaks inside a cell kept as <br>), and the text outside tables (section
titles) becomes lines of its own, all in reading order. Running headers (the same text at the top of
most pages) and page numbers are dropped. A line wrapped by the cell's width is joined back to the
line it continues, so that paragraphs come out as typed.
"""

from __future__ import annotations

import contextlib
import io
import re
import unicodedata
from collections import Counter

from .cells import PAGE_LOST, page_mark, split_boxes, squeeze

MAX_PAGES = 400  # read in about 0.4 s a page: well within the import worker's time limit
WATERMARK_SIZE = 48  # points: body text is 7-12 pt, titles up to about 24 pt
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
    table[0x2F3E] = "戸"  # ⼾ folds to the traditional 戶; Japanese text means 戸
    table[0x2027] = "・"  # ‧ HYPHENATION POINT, printed for the katakana middle dot
    table[0x2215] = "／"  # ∕ DIVISION SLASH, printed for the full-width solidus
    return table


_FOLD = _radicals()


class PdfError(ValueError):
    """A PDF the importer cannot read; the message is for staff."""


ENCRYPTED = "パスワードで保護されたPDFは読めません。保護を外したPDFを選んでください。"


def pdf_to_source(raw: bytes, *, pages: int | None = None, each_page=contextlib.nullcontext) -> str:
    """The PDF as text source; `pages` reads only the first pages. Each page is read within
    `each_page(number)` (sandbox.py gives each page a CPU budget). Uploads are read through
    sandbox.read_pdf, never by calling this in the web or worker process itself."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        document = pdfplumber.open(io.BytesIO(raw))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise PdfError(ENCRYPTED) from None
    except (PDFSyntaxError, Exception) as error:  # a damaged file raises many kinds of errors
        cause = error.args[0] if error.args else error  # pdfplumber wraps pdfminer's error
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in repr(error).lower() or "encrypt" in repr(error).lower():
            raise PdfError(ENCRYPTED) from None
        raise PdfError("PDFとして読めません。ファイルが壊れていないか確かめてください。") from None
    with document:
        if len(document.pages) > MAX_PAGES:
            raise PdfError(f"ページ数が多すぎます({len(document.pages)}ページ。{MAX_PAGES}ページまで)。")
        blocks = []
        for number, page in enumerate(document.pages[:pages], start=1):
            with each_page(number):
                blocks.append(_page_blocks(page))
    if not any(text.strip() for page in blocks for _, text in page):
        raise PdfError("このPDFには文字の情報がありません(紙をスキャンしたPDFなど)。文字を選択できるPDFを選んでください。")
    running = _running_lines(blocks)
    lost_before = _lost_before(blocks)
    lines: list[str] = []
    continued: tuple[int, str] | None = None  # a row cut by the page end: its line, its table's head
    for number, page in enumerate(blocks):
        if number in lost_before:
            lines.append(PAGE_LOST)
            continued = None
        lines.append(page_mark(number + 1))  # what staff are told is found on that page of their file
        for kind, text in page:
            if kind == "line":
                if not (_running_key(text) in running or _PAGE_NUMBER.match(text)):
                    lines.append(text)
                continue
            if kind == "blank":
                continued = None
                continue
            if kind == "row" and _may_run(kind, text) and _running_key(text) in running:
                continue
            if continued is not None:
                at, head, going_on = continued
                if text == head:
                    continue  # the table's head printed again on the new page
                continued = None
                if _page_between_lost(lines[at], text, going_on):
                    lines.append(PAGE_LOST)  # and the row is a row of its own
                else:
                    joined = _join_rows(lines[at], text)
                    if joined is not None:
                        lines[at] = joined
                        if kind.startswith("cut"):
                            continued = (at, head, _cut_of(kind)[0])
                        continue
            lines.append(_one_cell_split(text))
            if kind.startswith("cut"):
                going_on, head = _cut_of(kind)
                continued = (len(lines) - 1, head, going_on)
    return "\n".join(lines)


def _one_cell_split(row: str) -> str:
    """A row whose only text is in its first cell may be a heading with its check boxes."""
    cells = row.split("\t")
    if cells[0] and not any(cells[1:]):
        return "\t".join(split_boxes(cells[0]))
    return row


def _cut_of(kind: str) -> tuple[str, str]:
    """A cut row's kind 「cut:<cells that reach the page end>:<its table's first row>」 as its two
    parts: one character a cell, 「1」 where the cell's text runs to the page end."""
    going_on, _, head = kind.partition(":")[2].partition(":")
    return going_on, head


def _lost_before(blocks: list[list[tuple[str, str]]]) -> set[int]:
    """The pages before which a page was lost, where the pages print their numbers (「3 / 49」,
    「- 3 -」): a number that does not follow the page before's."""
    numbers = []
    for page in blocks:
        found = [int(re.search(r"\d+", text).group()) for kind, text in page if kind == "line" and _PAGE_NUMBER.match(text)]
        numbers.append(found[-1] if found else None)
    pairs = [(n, a, b) for n, (a, b) in enumerate(zip(numbers, numbers[1:]), start=1) if a is not None and b is not None]
    following = sum(1 for _, a, b in pairs if b == a + 1)
    jumps = [n for n, a, b in pairs if b > a + 1]
    # Numbered pages: most follow each other (a lone number in the text is no page number).
    return set(jumps) if following >= max(3, 2 * len(jumps)) else set()


def _page_between_lost(first: str, rest: str, going_on: str) -> bool:
    """Whether the row after a row cut by a page end cannot go on from it, because the page
    between was lost: the cut row's first cell (a label, a date, a number) ended well above the
    page end and the row has a first cell of its own, or a cell broke off in mid-sentence at the
    page end (its last line full, 「2」 in `going_on`) and its continuation starts with a bullet."""
    heads, tails = first.split("\t"), rest.split("\t")
    if len(tails) == 1 < len(heads):
        # A page that one long cell fills is read as a table of that cell: it goes on the last.
        heads, going_on = heads[-1:], going_on[-1:]
    if len(heads) != len(tails):
        return False
    if (going_on[:1] == "0" and heads[0] and tails[0]
            and not squeeze(heads[0]).endswith(squeeze(tails[0]))):  # some producers print a cut row's label again
        return True
    return any(mark == "2" and head and tail[:1] in _BULLETS for mark, head, tail in zip(going_on, heads, tails))


def _join_rows(first: str, rest: str) -> str | None:
    """A row cut by a page end and its continuation on the next page, cell by cell (None: rows of
    different tables), where the page between was not lost (`_page_between_lost`)."""
    heads, tails = first.split("\t"), rest.split("\t")
    if len(heads) != len(tails):
        return None
    cells = []
    for head, tail in zip(heads, tails):
        if not head or not tail:
            cells.append(head or tail)
        elif len(squeeze(tail)) >= 2 and squeeze(head).endswith(squeeze(tail)):
            cells.append(head)  # the producer printed the cell again on the new page: joined once
        elif _STARTS_ITEM.match(tail):
            cells.append(f"{head}<br>{tail}")
        else:  # the page end cut a line: it goes on
            cells.append(head + (" " if head[-1].isascii() and tail[0].isascii() and head[-1] != " " else "") + tail)
    return "\t".join(cells)


def _page_blocks(page) -> list[tuple[str, str]]:
    """("row", cells joined by tabs) and ("line", text outside tables), top to bottom; a row cut by
    the page end is ("cut:<which cells run to the page end>:<its table's first row>", …), an empty
    row ("blank", "")."""
    # A watermark (the portal's own 「案」 across a draft's pages, 180 pt) is no content: set in
    # a cell's box, it was read as that cell's text.
    page = page.filter(lambda obj: obj.get("object_type") != "char" or obj.get("size", 0) < WATERMARK_SIZE)
    _untrim_brackets(page)
    closing = _closing_rules(page)
    try:
        finder = page.debug_tablefinder({"explicit_horizontal_lines": closing} if closing else None)
    except Exception:  # a page pdfplumber cannot analyse is read as plain lines
        finder = None
    # pdfplumber leaves out a table of one cell: a page that one long row fills from top to bottom.
    tables = finder.tables if finder else []
    rows = [[(row.bbox, [cell for cell in row.cells if cell is not None]) for row in table.rows] for table in tables]
    boxes = [table.bbox for table in tables]
    in_tables = {cell for table in rows for _, cells in table for cell in cells}
    for cell in (finder.cells if finder else []):
        if cell not in in_tables:
            rows.append([(cell, [cell])])
            boxes.append(cell)
    chars_in = _chars_by_cell(page.chars, [cell for table in rows for _, cells in table for cell in cells])
    found: list[tuple[float, str, str]] = []
    cut_at = [rule["top"] for rule in closing if rule["top"] > page.height / 2]
    for table in rows:
        head = ""
        for number, (bbox, cells) in enumerate(table):
            texts = [_cell_text(chars_in.get(cell, []), cell) for cell in cells]
            text = "\t".join(t.replace("\t", " ") for t in texts)
            if number == 0:
                head = text
            cut = any(abs(bbox[3] - y) < 1.5 for y in cut_at)
            if any(texts) and cut:
                going_on = "".join(_going_on(chars_in.get(cell, []), cell) for cell in cells)
                found.append((bbox[1], f"cut:{going_on}:{head if number else ''}", text))
            elif any(texts):
                found.append((bbox[1], "row", text))
            else:  # kept: an empty rest of a row cut at the page end ends it
                found.append((bbox[1], "blank", ""))
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    lines = _columned_lists([line for line in outside.extract_text_lines(return_chars=True) if line["text"].strip()])
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


# Marks that start a list item and never a wrapped line (「・」 may not begin a line in Japanese
# typesetting). Numbers may: 「III リスク対策」 wraps to 「1. 特定個人情報ファイル名」 in a 項目 cell.
_BULLETS = set("・●◆")
# A sentence, a list item or a quotation may end here: a paragraph can end with the line.
_MAY_END = set("。．.」』）)")


def _going_on(chars: list[dict], cell) -> str:
    """A cut row's cell: 「0」 ended above the page end, 「1」 may go on, 「2」 goes on in mid-sentence
    (its last line is full and does not end a sentence): what follows it on the next page cannot
    start with a bullet."""
    if not _runs_to_end(chars, cell):
        return "0"
    lines = _text_lines(chars, cell)
    if len(lines) < 2:
        return "1"
    last = lines[-1]
    size = last["bottom"] - last["top"]
    right = max(line["x1"] for line in lines)
    text = last["text"].strip()
    return "2" if right - last["x1"] < 1.2 * size and text and text[-1] not in _MAY_END else "1"


def _runs_to_end(chars: list[dict], cell) -> bool:
    """Whether a cell of a row cut by the page end may go on: its text comes down near the cut.
    Producers keep two lines of a paragraph together (widows) and add the line spacing and the
    cell's padding: a cell that goes on may end three to four character heights above the cut; one
    that ended six or more above it is finished."""
    if not chars:
        return True  # an empty cell may start on the next page
    size = max(char["bottom"] - char["top"] for char in chars)
    return cell[3] - max(char["bottom"] for char in chars) < 6 * size


_OPENING = set("「『（【〔〈《［｛")


def _untrim_brackets(page) -> None:
    """A full-width opening bracket after a half-width one is printed trimmed (its blank left half
    under the character before, as chromium's text-spacing-trim does): its box then starts left of
    that character, and reading by x would put it first (「( for (「). Its box starts where that
    character ends."""
    by_line: dict[float, list[dict]] = {}
    for char in page.chars:
        by_line.setdefault(round(char["top"], 1), []).append(char)
    for chars in by_line.values():
        for bracket in (c for c in chars if c["text"] in _OPENING):
            half = (bracket["x1"] - bracket["x0"]) / 2
            under = [c for c in chars if c is not bracket and bracket["x0"] - 0.1 < c["x0"] < bracket["x0"] + half]
            if under:
                bracket["x0"] = max(c["x1"] for c in under)


def _columned_lists(lines: list[dict]) -> list[dict]:
    """A numbered list printed in columns (the 記録項目) as one item a line, in the order of their
    numbers: read as lines, an item that wraps within its column would run into the item beside it."""
    out: list[dict] = []
    block: list[tuple[dict, list[float]]] = []

    def flush():
        columns = _list_columns([marks for _, marks in block])
        if len(columns) < 2:
            out.extend(line for line, _ in block)
        else:
            out.extend(_read_column_lines([line for line, _ in block], columns))
        block.clear()

    for line in lines:
        marks = _number_marks(line["chars"])
        size = line["bottom"] - line["top"]
        near = block and line["top"] - block[-1][0]["bottom"] < size
        # A line of the list has numbers in two columns or more; below it, a line whose numbers
        # stand in those columns (the last row, shorter) or with none (an item's wrapped end).
        ends = {round(end) for _, these in block for _, end in these}
        below = near and len(block) >= 2 and all(any(abs(end - x) <= 1.5 for x in ends) for _, end in marks)
        if len(marks) >= 2 or below:
            if block and not near:
                flush()
            block.append((line, marks))
        else:
            if block:
                flush()
            out.append(line)
    if block:
        flush()
    return out


def _number_marks(chars: list[dict]) -> list[tuple[float, float]]:
    """Where each list number of a line starts and ends (「16.」: its first digit, the right edge of
    its period), for a number at the line's start or after a gap."""
    marks = []
    for n, char in enumerate(chars):
        if not char["text"].isdigit() or (n and chars[n - 1]["text"].isdigit()):
            continue
        gap = n == 0 or char["x0"] - chars[n - 1]["x1"] > 0.5 * (char["bottom"] - char["top"])
        end = n
        while end + 1 < len(chars) and chars[end + 1]["text"].isdigit():
            end += 1
        if gap and end + 1 < len(chars) and chars[end + 1]["text"] in ".．":
            marks.append((char["x0"], chars[end + 1]["x1"]))
    return marks


def _list_columns(marks: list[list[tuple[float, float]]]) -> list[float]:
    """Where each column starts: the numbers of a column end at the same x (they are right-aligned)
    on two lines or more; the column starts at its widest number."""
    counts = Counter(round(end) for line in marks for _, end in line)
    ends = sorted(x for x, count in counts.items() if count >= 2)
    ends = [x for n, x in enumerate(ends) if n == 0 or x - ends[n - 1] > 6]
    return [min(start for line in marks for start, end in line if abs(end - x) <= 1.5) for x in ends]


def _read_column_lines(lines: list[dict], columns: list[float]) -> list[dict]:
    starts = [x - 1 for x in columns[1:]]
    items: list[list[str]] = [[] for _ in columns]
    for line in lines:
        pieces: list[list[dict]] = [[] for _ in columns]
        for char in line["chars"]:
            pieces[sum(1 for s in starts if char["x0"] >= s)].append(char)
        for column, chars in enumerate(pieces):
            text = _chars_text(chars).strip() if chars else ""
            if not text:
                continue
            if re.match(r"^\d+[.．]", text) or not items[column]:
                items[column].append(text)
            else:  # the wrapped end of the item above, in its column
                items[column][-1] += text
    texts = [text for column in items for text in column]
    numbers = [int(number.group()) if (number := re.match(r"\d+", text)) else None for text in texts]
    if None not in numbers and len(set(numbers)) == len(numbers):
        # Read down the columns or across them (「1. 2. 3.」 on a line): their numbers give the order.
        texts = [text for _number, text in sorted(zip(numbers, texts))]
    first = lines[0]
    return [{**first, "text": text, "chars": [], "x1": first["x0"]} for text in texts]


def _closing_rules(page) -> list[dict]:
    """Rules that close a table row cut by the page: some producers draw its side rules to the page
    end (or from the page top, where it goes on) without a rule under (or above) it, and a row
    without its rule would be read as loose lines, its columns interleaved."""
    vertical = [e for e in page.edges if e["orientation"] == "v" and e["height"] > 3]
    horizontal = [e for e in page.edges if e["orientation"] == "h" and e["width"] > 3]
    if len(vertical) < 2:
        return []
    rules = []
    for end, y in (("bottom", max(e["bottom"] for e in vertical)), ("top", min(e["top"] for e in vertical))):
        ends = [e for e in vertical if abs(e[end] - y) < 1]
        if len(ends) < 2:
            continue
        x0, x1 = min(e["x0"] for e in ends), max(e["x1"] for e in ends)
        ruled = sum(min(h["x1"], x1) - max(h["x0"], x0) for h in horizontal if abs(h["top"] - y) < 2 and h["x1"] > x0 and h["x0"] < x1)
        if ruled < 0.9 * (x1 - x0):
            rules.append({"object_type": "line", "x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0})
    return rules


def _box_of(obj, boxes):
    """The box that holds the object's centre, or None."""
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return next((box for box in boxes if box[0] <= x <= box[2] and box[1] <= y <= box[3]), None)


def _inside(obj, boxes) -> bool:
    return _box_of(obj, boxes) is not None


def _chars_by_cell(chars: list[dict], cells: list[tuple]) -> dict[tuple, list[dict]]:
    """Each cell's characters (by their centre), found once for the page: cropping the page for
    every cell would clip every object of the page again for each cell."""
    found: dict[tuple, list[dict]] = {}
    for char in chars:
        cell = _box_of(char, cells)
        if cell is not None:
            found.setdefault(cell, []).append(char)
    return found


def _text_lines(chars: list[dict], bbox, *, return_chars: bool = False) -> list[dict]:
    from pdfplumber.utils import chars_to_textmap

    if not chars:
        return []
    textmap = chars_to_textmap(chars, layout_bbox=bbox, layout_width=bbox[2] - bbox[0], layout_height=bbox[3] - bbox[1])
    return textmap.extract_text_lines(strip=True, return_chars=return_chars)


def _cell_text(chars: list[dict], bbox) -> str:
    """A cell's text with its own line breaks as <br>, lines wrapped by the cell's width joined.
    Check boxes laid out in columns are read column by column, so that an option's text that wraps
    within its column is not interleaved with the option beside it."""
    columns = _box_columns(chars)
    if len(columns) < 2:
        lines = _text_lines(chars, bbox)
        right = max((line["x1"] for line in lines), default=bbox[2])
        size = lines[0]["bottom"] - lines[0]["top"] if lines else 0
        # Text wraps at the cell's padding, which producers size differently: where the longest line
        # comes near the rule, that line's end is where lines wrap.
        return _lines_text(lines, right if bbox[2] - right < 3 * size else bbox[2])
    boundaries = columns[1:]
    segments: list[list[dict]] = [[] for _ in columns]
    for line in _text_lines(chars, bbox, return_chars=True):
        pieces, current = [], [line["chars"][0]]
        for char in line["chars"][1:]:
            # A column starts where a box glyph stands after a gap; an option too long for its
            # column runs on across the boundary without one.
            between = any(current[-1]["x1"] <= b + 1 and char["x0"] >= b - 1 for b in boundaries)
            if between and char["x0"] - current[-1]["x1"] > 1.5:
                pieces.append(current)
                current = []
            current.append(char)
        pieces.append(current)
        for chars in pieces:
            at = sum(1 for b in boundaries if chars[0]["x0"] >= b - 1)
            crosses = any(chars[0]["x0"] < b - 1 and chars[-1]["x1"] > b + 1 for b in boundaries)
            segments[at].append({"text": _chars_text(chars), "x1": chars[-1]["x1"], "top": line["top"],
                                 "bottom": line["bottom"], "crosses": crosses})
    texts = []
    for lines in segments:
        right = max((line["x1"] for line in lines if not line["crosses"]), default=bbox[2])
        texts.append(_lines_text(lines, right, column=True))
    return "<br>".join(t for t in texts if t)


def _chars_text(chars: list[dict]) -> str:
    """Characters of one line as text, a space where they stand apart (as pdfplumber's lines)."""
    out = chars[0]["text"]
    for before, char in zip(chars, chars[1:]):
        out += (" " if char["x0"] - before["x1"] > 1 else "") + char["text"]
    return out


def _box_columns(chars: list[dict]) -> list[float]:
    """The x of each column of check boxes: box glyphs that start lines at the same x on two lines
    or more, at two x or more; [] when the boxes simply flow along the lines."""
    starts: dict[float, set[float]] = {}
    for char in chars:
        if char["text"] in "[☐☑☒□■":
            x = round(char["x0"] / 3) * 3
            starts.setdefault(x, set()).add(round(char["top"]))
    columns = sorted(x for x, lines in starts.items() if len(lines) >= 2)
    merged = [x for n, x in enumerate(columns) if n == 0 or x - columns[n - 1] > 6]
    return merged if len(merged) >= 2 else []


def _lines_text(lines: list[dict], right: float, *, column: bool = False) -> str:
    """Lines of a cell (or of one column of check boxes in it) as its text: a line that reached
    `right` wraps on; in a column, each box starts an option of its own."""
    if not lines:
        return ""
    # A full-width character is as wide as the line is high (the font size).
    char_width = min(14.0, max(4.0, lines[0]["bottom"] - lines[0]["top"]))
    out: list[str] = []
    previous_end = None
    for line in lines:
        text = _checks(line["text"].strip())
        if not text:
            continue
        starts_own_line = previous_end is None or bool(_STARTS_LINE.match(text))
        filled = (previous_end is not None and right - previous_end < 2.5 * char_width and not _STARTS_ITEM.match(text)
                  and not (column and text[0] in "[☐☑"))
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
    counts = Counter(key for page in pages for key in {_running_key(t) for kind, t in page if _may_run(kind, t)})
    return {key for key, count in counts.items() if count >= max(3, len(pages) // 2)}


def _may_run(kind: str, text: str) -> bool:
    """A line outside tables, or a short box of its own (the portal's framed 「案」 in a draft's
    top corner is a table of one cell to pdfplumber)."""
    return kind == "line" or kind == "row" and "\t" not in text and len(text) <= 20


def _running_key(text: str) -> str:
    """A running line with its numbers folded: 「第1版(案) … 3 / 24」 is the same footer on every page."""
    return re.sub(r"\d+", "#", text)
