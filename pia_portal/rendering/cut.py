"""Long tables (変更箇所, 別紙) cut into parts of a bounded number of rows, at the rows where the
whole document starts a page, so that the assembled PDF is page for page the single pass's.

A table's page breaks depend on everything above them on their pages, so a piece of a table
rendered on its own breaks where the whole document breaks only if it starts where the whole
document starts a page. Those rows are found without laying out the whole table in one go:

1. The table is measured in pieces of MEASURE_ROWS rows (each piece cached by its HTML), which
   gives every row's height: a row's height does not depend on where it is on its page. A
   piece's rows are counted from a layout of a few of them (`counted`, below), or, where they
   cannot be, the piece is laid out whole (nothing written). A row taller than a page is split
   over pages, from the top of one, wherever it is; its piece, laid out, gives where it ends.
2. WeasyPrint's rule for rows is followed over the heights (`page_starts`): the rows have
   `break-inside: avoid`, so a row that does not end above the page's bottom goes to the next
   page, under the table's header printed again; a row that fits on no page starts a page of its
   own and is split.
3. The table is cut at those rows into pieces of at most CUT_ROWS rows; each piece after the
   first is the table without its title, from the top of a page (its header printed as a table's
   first row is, where the single pass repeats it).

The pieces are then parts like any other (parts.split): rendered in parallel, cached by their
HTML, their tag trees' Tables joined into one at assembly (parts._join_tables). Each part keeps
its long tables' rows as it laid them out, and the assembly checks the cut against them
(`verified`): a cut made from rows counted wrong is made again from the pieces laid out whole."""

from __future__ import annotations

import html as html_module
import re
from dataclasses import dataclass

# At most this many rows in a part (more only if one page holds more): about 0.5 CPU s of
# WeasyPrint for 001's 変更箇所.
CUT_ROWS = 25
# …and at most this many pages: rows of long texts cost by their lines, not by their number.
CUT_PAGES = 6
# Rows measured together to learn their heights (a task of their own on a worker). Counting is
# cheap beside the few rows each piece lays out first: 100 rows a piece took the least CPU for
# 001 with 8 workers (bench/README.md).
MEASURE_ROWS = 100
# The tables cut: their rows are never split between pages unless taller than a page
# (report.css: `break-inside: avoid`), which is the rule `page_starts` follows.
CUT_KINDS = ("changes", "annex")
_TBODY = re.compile(r"<tbody>(.*?)</tbody>", re.S)


def is_long_table(table_key: str) -> bool:
    """Whether the table named `table_key` (document.py: page, kind, count) is of a kind cut."""
    parts = table_key.rsplit("-", 2)
    return len(parts) == 3 and parts[1] in CUT_KINDS


def table_body(html: str, table_key: str) -> tuple[int, int]:
    """Where the inner HTML of the body of the table named `table_key` is in `html`."""
    start = html.index(f'data-table="{table_key}"')
    match = _TBODY.search(html, start)
    if match is None:
        raise LookupError(table_key)
    return match.start(1), match.end(1)


def units(html: str, table_key: str) -> list[str]:
    """The body rows of the table, each as printed (a 別紙's caption rows are rows of their own)."""
    start, end = table_body(html, table_key)
    body = html[start:end]
    positions = [match.start() for match in re.finditer(r"<tr[\s>]", body)]
    return [body[a:b].strip() for a, b in zip(positions, positions[1:] + [len(body)])]


def with_units(html: str, table_key: str, rows: list[str]) -> str:
    """`html` (a piece printed with an empty table body) with `rows` in the table's body."""
    start, end = table_body(html, table_key)
    return html[:start] + "\n" + "\n".join(rows) + "\n" + html[end:]


# A piece not laid out yet (the worker lays it out in a task of its own): the table is not cut.
UNMEASURED = {"rows": [], "top": None, "bottom": 0.0, "first_page": 0, "first_y": 0.0}


@dataclass(frozen=True)
class Row:
    height: float
    # Pages the row is printed on (more than 1: taller than a page, split) and, then, where it
    # ends on its last one.
    span: int = 1
    end: float = 0.0


@dataclass(frozen=True)
class Measured:
    """What one piece's layout says: its rows, where a row starts under the repeated header, the
    page's bottom, and (for the first piece) the page where the table's first row is and its position on it."""

    rows: tuple[Row, ...]
    top: float | None
    bottom: float
    first_page: int = 0
    first_y: float = 0.0

    def as_json(self) -> dict:
        return {"rows": [[row.height, row.span, row.end] for row in self.rows], "top": self.top, "bottom": self.bottom,
                "first_page": self.first_page, "first_y": self.first_y}

    @classmethod
    def from_json(cls, data: dict) -> Measured:
        return cls(rows=tuple(Row(*row) for row in data["rows"]), top=data["top"], bottom=data["bottom"],
                   first_page=data["first_page"], first_y=data["first_y"])


def measure(document, table_key: str) -> Measured:
    """The rows of the table named `table_key` in a laid-out (WeasyPrint) `document`."""
    fragments: dict[int, list[tuple[int, float, float]]] = {}
    order: list[int] = []
    page_first: dict[int, int] = {}  # page: its first row
    for page, row in _body_rows(document, table_key):
        identity = id(row.element)
        if identity not in fragments:
            fragments[identity] = []
            order.append(identity)
        fragments[identity].append((page, row.position_y, row.height))
        page_first.setdefault(page, identity)
    page_box = document.pages[0]._page_box
    bottom = page_box.content_box_y() + page_box.height  # WeasyPrint's page_bottom
    rows = []
    for identity in order:
        pieces = fragments[identity]
        end = pieces[-1][1] + pieces[-1][2]
        rows.append(Row(height=pieces[0][2]) if len(pieces) == 1 else Row(height=pieces[0][2], span=len(pieces), end=end))
    first_page, first_y, _height = fragments[order[0]][0] if order else (0, 0.0, 0.0)
    # Where a page's first row starts when it is a whole row: under the header printed again (a
    # row split over pages starts without it), or under the header of a table that starts a page.
    tops = [fragments[identity][0][1] for page, identity in sorted(page_first.items())
            if page > first_page and len(fragments[identity]) == 1]
    if order and _starts_page(document, first_page, table_key):
        tops.insert(0, first_y)
    return Measured(rows=tuple(rows), top=tops[0] if tops else None, bottom=bottom, first_page=first_page, first_y=first_y)


def _starts_page(document, page: int, table_key: str) -> bool:
    """Whether the table starts at the top of the page `page` (its header, then its first row)."""
    page_box = document.pages[page]._page_box
    table = _table_box(page_box, table_key)
    return table is not None and abs(table.position_y - page_box.content_box_y()) < _EXACT


def page_starts(pieces: list[Measured], top: float | None = None) -> list[int]:
    """The rows (positions in the whole table) that start a page of the whole document, following
    WeasyPrint's rule over the pieces' row heights; `top`, where a row starts under the header
    printed again, if the pieces do not show it."""
    first = pieces[0]
    tops = [piece.top for piece in pieces if piece.top is not None] + ([top] if top is not None else [])
    if not tops:
        return []
    top, limit = tops[0], first.bottom * (1 + 1e-9)  # layout.LayoutContext.overflows
    starts: list[int] = []
    y = first.first_y
    index = 0
    for piece in pieces:
        for row in piece.rows:
            if row.span > 1:
                # Taller than a page: moved to a page of its own (break-inside: avoid) and split
                # there, ending where its piece says.
                if index:
                    starts.append(index)
                y = row.end
            else:
                if index and y + row.height > limit:
                    starts.append(index)
                    y = top
                y += row.height
            index += 1
    return starts


def verified(parts_rows: list[dict]) -> bool:
    """Whether parts rendered from a cut start where the single pass starts a page: `parts_rows`
    are the parts' rows as each laid them out (parts.RenderedPart.rows), in order; every cut, a
    table's rows going on in the next part, must be a page start of those rows."""
    tables: dict[str, list[Measured]] = {}
    for rows in parts_rows:
        for table_key, data in rows.items():
            tables.setdefault(table_key, []).append(Measured.from_json(data))
    for pieces in tables.values():
        starts, cut_at = set(page_starts(pieces)), 0
        for piece in pieces[:-1]:
            cut_at += len(piece.rows)
            if cut_at not in starts:
                return False
    return True


def cut_points(starts: list[int], count: int, bound: int = CUT_ROWS, pages: int = CUT_PAGES) -> list[int]:
    """Where the pieces start (after the first): page starts at most `bound` rows and `pages`
    pages apart where the pages allow it."""
    points: list[int] = []
    start = 0
    while count - start > bound or sum(1 for row in starts if row > start) >= pages:
        later = [row for row in starts if row > start]
        if not later:
            break
        fitting = [row for number, row in enumerate(later) if row - start <= bound and number < pages]
        start = fitting[-1] if fitting else later[0]
        points.append(start)
    return points


# Rows counted, not laid out --------------------------------------------------------------------
#
# Laying a piece out only to learn its rows' heights costs nearly what rendering it does, and the
# rows are laid out again when their parts are rendered. A row of these tables is plain text
# between <br> in each cell, so its height is its tallest cell's lines times the line height plus
# the cell's padding and rules, and the lines are what WeasyPrint's own line breaker makes of each
# paragraph in the cell's width. The widths, styles and extras are taken from a layout of a few of
# the piece's rows (a probe); the probe's rows must come out of the count as they were laid out,
# or the piece is laid out whole as before. The assembly checks the cut against the heights the
# parts were rendered with (`verified`), so a count that is wrong costs time, never a page.

_ROW = re.compile(r"<tr(?P<attrs>[^>]*)>(?P<cells>.*)</tr>", re.S)
_CELL = re.compile(r"<(?P<tag>t[dh])(?P<attrs>[^>]*)>(?P<text>.*?)</(?P=tag)>", re.S)
_BREAK = re.compile(r"<br\s*/?>")
_SPACES = re.compile(r"[ \t\n\r\f]+")
_COLSPAN = re.compile(r'\bcolspan="(\d+)"')
_EXACT = 0.01  # pt: what "the same height" allows for floating point


@dataclass(frozen=True)
class _Cell:
    shape: tuple[str, int, str, str]  # the row's attributes, the column it starts in, tag, attributes
    paragraphs: tuple[str, ...]


def _cells(unit: str) -> tuple[_Cell, ...] | None:
    """The row's cells as text paragraphs (between <br>), or None if it holds anything else."""
    row = _ROW.fullmatch(unit.strip())
    if row is None or _CELL.sub("", row["cells"]).strip() or "rowspan" in row["cells"]:
        return None
    cells, column = [], 0
    for match in _CELL.finditer(row["cells"]):
        pieces = _BREAK.split(match["text"])
        if any("<" in piece for piece in pieces):
            return None
        texts = tuple(_SPACES.sub(" ", html_module.unescape(piece)).strip(" ") for piece in pieces)
        cells.append(_Cell((row["attrs"].strip(), column, match["tag"], match["attrs"].strip()), texts))
        span = _COLSPAN.search(match["attrs"])
        column += int(span.group(1)) if span else 1
    return tuple(cells)


@dataclass(frozen=True)
class _Shape:
    """How a cell of one shape is laid out: its text's width and style, its line height, and what
    its row adds above and below its lines (padding, rules, its offset in the row)."""

    width: float
    style: object
    line_height: float | None
    extra: float


def _body_rows(document, table_key: str) -> list[tuple[int, object]]:
    """(page, row box) of each row fragment of the table's body."""
    found: list[tuple[int, object]] = []

    def walk(box, page: int, table: bool) -> None:
        name = type(box).__name__
        if name == "TableBox":
            table = box.element is not None and box.element.get("data-table") == table_key
        if table and name == "TableRowGroupBox" and box.element is not None and box.element.tag == "tbody":
            found.extend((page, row) for row in box.children)
            return
        for child in getattr(box, "children", None) or ():
            walk(child, page, table)

    for number, page in enumerate(document.pages):
        walk(page._page_box, number, False)
    return found


def _shape_of(cell_box, row_box) -> _Shape | None:
    """The cell's shape, or None if it is laid out in a way the count does not follow (aligned
    other than to the top, a bottom padding in percent)."""
    lines = [box for box in cell_box.descendants() if type(box).__name__ == "LineBox"]
    texts = [box for box in cell_box.descendants() if type(box).__name__ == "TextBox"]
    padding = cell_box.style["padding_bottom"]
    if cell_box.style["vertical_align"] != "top" or getattr(padding, "unit", None) != "px":
        return None
    # The bottom padding as styled: the layout stretched the box's own to the row's height.
    extra = (cell_box.position_y - row_box.position_y + cell_box.border_top_width + cell_box.padding_top
             + padding.value + cell_box.border_bottom_width)
    return _Shape(width=cell_box.width, style=texts[0].style if texts else cell_box.style,
                  line_height=lines[0].height if lines else None, extra=extra)


class _Context:
    """What WeasyPrint's line breaker reads of its layout context: the hyphenation dictionaries."""

    def __init__(self) -> None:
        self.dictionaries: dict = {}


def _lines(text: str, shape: _Shape, context: _Context) -> int:
    from weasyprint.text.line_break import split_first_line

    count = 0
    while text:
        _layout, _length, resume, _width, _height, _baseline = split_first_line(text, shape.style, context, shape.width, 0)
        count += 1
        if not resume:  # the rest fits (None), or nothing was taken: never loop on the same text
            break
        # A line starts without the white space it was broken at (inline.skip_first_whitespace).
        text = text.encode()[resume:].decode().lstrip(" ")
    return count


def _cell_lines(paragraphs: tuple[str, ...], shape: _Shape, context: _Context) -> int:
    """A cell's lines: each paragraph's; an empty one is a line of its own, unless it is the last
    (a <br> that ends a cell starts no line)."""
    *leading, last = paragraphs
    return sum(_lines(text, shape, context) if text else 1 for text in leading) + (_lines(last, shape, context) if last else 0)


def _height(cells: tuple[_Cell, ...], shapes: dict, context: _Context) -> float | None:
    """The row's height counted, or None if a cell is of a shape the probe did not show."""
    tallest = 0.0
    for cell in cells:
        shape = shapes.get(cell.shape)
        if shape is None:
            return None
        lines = _cell_lines(cell.paragraphs, shape, context)
        if lines and shape.line_height is None:
            return None
        tallest = max(tallest, lines * (shape.line_height or 0.0) + shape.extra)
    return tallest


def _probe(parsed: list[tuple[_Cell, ...]]) -> list[int]:
    """The rows laid out to learn the cells' shapes: the piece's first (where the table starts),
    the first of each other shape of row, the first to hold text in each shape of cell (its lines
    give the line height), and the longest (its lines check the line height)."""
    chosen, rows, written = [0], set(), set()
    for index, cells in enumerate(parsed):
        shapes = tuple(cell.shape for cell in cells)
        new = {cell.shape for cell in cells if any(cell.paragraphs)} - written
        if shapes not in rows or new:
            chosen.append(index)
        rows.add(shapes)
        written |= new
    longest = max(range(len(parsed)), key=lambda index: sum(len(text) for cell in parsed[index] for text in cell.paragraphs))
    return sorted({*chosen, longest})


def measure_piece(html: str, table_key: str, lay_out) -> Measured:
    """The rows of the table in the piece `html`, counted from a probe where they can be, else
    from laying the piece out whole (`lay_out(html)` gives WeasyPrint's document)."""
    estimate = counted(html, table_key, lay_out)
    return estimate if estimate is not None else measure(lay_out(html), table_key)


def counted(html: str, table_key: str, lay_out) -> Measured | None:
    """The rows of the table in the piece `html` counted from a probe, or None where they cannot
    be: a cell holding more than text, a shape or a line height the probe did not show, a probe
    row that did not come out of the count as it was laid out, a row that may not fit on a page."""
    rows = units(html, table_key)
    parsed = [_cells(row) for row in rows]
    if len(rows) <= 2 or not all(parsed):
        return None
    chosen = _probe(parsed)
    document = lay_out(with_units(html, table_key, [rows[index] for index in chosen]))
    boxes = _body_rows(document, table_key)
    if len(boxes) != len(chosen):
        return None  # a probe row split over pages
    shapes: dict = {}
    for (_page, row_box), index in zip(boxes, chosen):
        if len(row_box.children) != len(parsed[index]):
            return None
        for cell, cell_box in zip(parsed[index], row_box.children):
            known = shapes.get(cell.shape)
            if known is None or known.line_height is None:  # an empty cell shows no line height
                shape = _shape_of(cell_box, row_box)
                if shape is None:
                    return None
                shapes[cell.shape] = shape
    context = _Context()
    heights = [_height(cells, shapes, context) for cells in parsed]
    if any(height is None for height in heights):
        return None
    if any(abs(heights[index] - row_box.height) > _EXACT for (_page, row_box), index in zip(boxes, chosen)):
        return None
    page_box = document.pages[0]._page_box
    page_top, bottom = page_box.content_box_y(), page_box.content_box_y() + page_box.height
    page, first = boxes[0]
    # Where a row starts under the header printed again at a page's top: where this piece's first
    # row starts if its table starts a page (each piece after the first does).
    top = first.position_y if _starts_page(document, page, table_key) else None
    room = bottom - (top if top is not None else page_top)
    if any(height > room * 0.9 for height in heights):
        return None  # a row that may not fit on a page is split: its piece is laid out
    return Measured(rows=tuple(Row(height=height) for height in heights), top=top, bottom=bottom, first_page=page,
                    first_y=first.position_y)


def _table_box(box, table_key: str):
    if type(box).__name__ == "TableBox" and box.element is not None and box.element.get("data-table") == table_key:
        return box
    for child in getattr(box, "children", None) or ():
        found = _table_box(child, table_key)
        if found is not None:
            return found
    return None
