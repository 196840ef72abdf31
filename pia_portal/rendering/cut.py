"""Long tables (変更箇所, 別紙) cut into parts of a bounded number of rows, at the rows where the
whole document starts a page, so that the assembled PDF is page for page the single pass's.

A table's page breaks depend on everything above them on their pages, so a piece of a table
rendered on its own breaks where the whole document breaks only if it starts where the whole
document starts a page. Those rows are found without laying out the whole table in one go:

1. The table is laid out in pieces of MEASURE_ROWS rows (layout only, nothing written; each piece
   cached by its HTML), which gives every row's height: a row's height does not depend on where
   it is on its page. A row taller than a page is split over pages, from the top of one, wherever
   it is; its piece gives where it ends.
2. WeasyPrint's rule for rows is followed over the heights (`page_starts`): the rows have
   `break-inside: avoid`, so a row that does not end above the page's bottom goes to the next
   page, under the table's header printed again; a row that fits on no page starts a page of its
   own and is split.
3. The table is cut at those rows into pieces of at most CUT_ROWS rows; each piece after the
   first is the table without its title, from the top of a page (its header printed as a table's
   first row is, where the single pass repeats it).

The pieces are then parts like any other (parts.split): rendered in parallel, cached by their
HTML, their tag trees' Tables joined into one at assembly (parts._join_tables)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# At most this many rows in a part (more only if one page holds more): about 0.5 CPU s of
# WeasyPrint for 001's 変更箇所.
CUT_ROWS = 25
# …and at most this many pages: rows of long texts cost by their lines, not by their number.
CUT_PAGES = 6
# Rows laid out together to learn their heights: layout only, about 70 % of a render's CPU.
MEASURE_ROWS = 25
# The tables cut: their rows are never split between pages unless taller than a page
# (report.css: `break-inside: avoid`), which is the rule `page_starts` follows.
CUT_KINDS = ("changes", "annex")
_TBODY = re.compile(r"<tbody>(.*?)</tbody>", re.S)


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

    def walk(box, page: int, table: bool) -> None:
        name = type(box).__name__
        if name == "TableBox":
            table = box.element is not None and box.element.get("data-table") == table_key
        if table and name == "TableRowGroupBox" and box.element is not None and box.element.tag == "tbody":
            for row in box.children:
                identity = id(row.element)
                if identity not in fragments:
                    fragments[identity] = []
                    order.append(identity)
                fragments[identity].append((page, row.position_y, row.height))
                page_first.setdefault(page, identity)
            return
        for child in getattr(box, "children", None) or ():
            walk(child, page, table)

    for number, page in enumerate(document.pages):
        walk(page._page_box, number, False)
    page_box = document.pages[0]._page_box
    bottom = page_box.content_box_y() + page_box.height  # WeasyPrint's page_bottom
    rows = []
    for identity in order:
        pieces = fragments[identity]
        end = pieces[-1][1] + pieces[-1][2]
        rows.append(Row(height=pieces[0][2]) if len(pieces) == 1 else Row(height=pieces[0][2], span=len(pieces), end=end))
    first_page, first_y, _height = fragments[order[0]][0] if order else (0, 0.0, 0.0)
    # Where a page's first row starts when it is a whole row: under the header printed again (a
    # row split over pages starts without it).
    tops = [fragments[identity][0][1] for page, identity in sorted(page_first.items())
            if page > first_page and len(fragments[identity]) == 1]
    return Measured(rows=tuple(rows), top=tops[0] if tops else None, bottom=bottom, first_page=first_page, first_y=first_y)


def page_starts(pieces: list[Measured]) -> list[int]:
    """The rows (positions in the whole table) that start a page of the whole document, following
    WeasyPrint's rule over the pieces' row heights."""
    first = pieces[0]
    tops = [piece.top for piece in pieces if piece.top is not None]
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
