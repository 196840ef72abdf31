"""Experiment (#31): can a long table's row heights be had without laying the table out?

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_pdf \
        .venv/bin/python bench/row_heights.py [--reference ../shared/reference] [--table changes]

The long tables are laid out in pieces before they are cut (rendering/cut.py), only to learn
each row's height, and laid out again when their parts are rendered: for 001 that first layout
is about a quarter of the cold path's CPU. A row's height is its tallest cell's lines times the
line height, plus the cell's padding and rules; the lines are what WeasyPrint's line breaker
(`weasyprint.text.line_break.split_first_line`) makes of each paragraph of the cell (its text
between <br>) in the cell's width. This imports 001, lays out each piece of the table as the
split does, and for each row compares the height WeasyPrint laid out with the one counted from
the line breaker, the cells' widths and styles and the line height taken from the piece's own
layout (the offset, padding and rules, from its most common value). It prints how many rows
come out exact and the CPU of each way.

An experiment, not the portal's code: it borrows the layout context from WeasyPrint by watching
the line breaker's calls during the piece's layout.
"""

from __future__ import annotations

import argparse
import html as html_module
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pia_portal.settings")
os.environ.setdefault("SECRET_KEY", "bench")

from render_pdf import cpu_seconds, setup  # noqa: E402

_CELL = re.compile(r"<t[dh][^>]*>(.*?)</t[dh]>", re.S)


def paragraphs(cell_html: str) -> list[str]:
    """The cell's text between <br>, as WeasyPrint collapses its white space."""
    texts = []
    for piece in re.split(r"<br\s*/?>", cell_html):
        text = html_module.unescape(re.sub(r"<[^>]+>", "", piece))
        texts.append(re.sub(r"[ \t\n\r]+", " ", text).strip(" "))
    return texts


def body_rows(document, table_key: str) -> list:
    rows = []

    def walk(box, inside: bool) -> None:
        name = type(box).__name__
        if name == "TableBox":
            inside = box.element is not None and box.element.get("data-table") == table_key
        if inside and name == "TableRowGroupBox" and box.element is not None and box.element.tag == "tbody":
            rows.extend(box.children)
            return
        for child in getattr(box, "children", None) or ():
            walk(child, inside)

    for page in document.pages:
        walk(page._page_box, False)
    return rows


def first_of(box, kind: str):
    return next((child for child in box.descendants() if type(child).__name__ == kind), None)


def lines(text: str, style, context, width: float, split_first_line) -> int:
    count = 0
    while text:
        _layout, _length, resume, _width, _height, _baseline = split_first_line(text, style, context, width, 0)
        count += 1
        if resume is None:
            break
        text = text.encode()[resume:].decode()
        if not text.strip():
            break
    return count


def text_style(box, default):
    text = first_of(box, "TextBox")
    return text.style if text is not None else default


def cell_lines(texts: list[str], style, context, width: float, split_first_line) -> int:
    """A cell's lines: each paragraph's, an empty one between two <br> a line of its own."""
    return sum(lines(text, style, context, width, split_first_line) if text else int(len(texts) > 1) for text in texts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reference", default=str(ROOT.parent / "shared" / "reference"))
    parser.add_argument("--table", default="changes", help="a part of the long tables' keys (changes, annex)")
    args = parser.parse_args()
    setup()
    import weasyprint.layout.inline as inline
    from weasyprint.text import line_break

    from pia_portal.importing.services import import_file
    from pia_portal.organisations.models import Organisation
    from pia_portal.rendering import cut, parts
    from pia_portal.rendering.pdf import layout

    organisation, _ = Organisation.objects.get_or_create(slug="bench", defaults={"name": "ベンチ市長"})
    name = "zenkomoku_kagoshima_juki.txt"
    version = import_file((Path(args.reference) / "reports" / name).read_bytes(), name, organisation, actor=None,
                          new_report=True, number=str(int(time.time()) % 1000000)).version
    pieces: list[tuple[str, str]] = []
    parts.split(version, public=True, measured=lambda _key, html, table, measure: pieces.append((html, table)) or measure())
    pieces = [(html, table) for html, table in pieces if args.table in table]

    original = line_break.split_first_line
    borrowed = {}

    def watching(text, style, context, *rest, **options):
        borrowed.setdefault("context", context)
        return original(text, style, context, *rest, **options)

    rows_total = exact = 0
    layout_cpu = counted_cpu = 0.0
    for html, table in pieces:
        inline.split_first_line = watching
        try:
            started = cpu_seconds()
            document = layout(version, html)
            layout_cpu += cpu_seconds() - started
        finally:
            inline.split_first_line = original
        boxes = body_rows(document, table)
        cells = [cell for row in boxes for cell in row.children]
        style = next(first_of(cell, "TextBox").style for cell in cells if first_of(cell, "TextBox"))
        line_height = next(first_of(cell, "LineBox").height for cell in cells if first_of(cell, "LineBox"))
        offsets = Counter(round(row.height - max(sum(1 for b in c.descendants() if type(b).__name__ == "LineBox")
                                                 for c in row.children) * line_height, 3) for row in boxes)
        offset = offsets.most_common(1)[0][0]
        started = cpu_seconds()
        for unit, box in zip(cut.units(html, table), boxes):
            # Each cell's width and style from its box: a caption row's cell spans the columns and
            # is set in bold (in the portal, both would come from the table's columns and classes).
            counted = max((cell_lines(paragraphs(cell), text_style(cell_box, style), borrowed["context"], cell_box.width,
                                      original)
                           for cell, cell_box in zip(_CELL.findall(unit), box.children)), default=0)
            rows_total += 1
            exact += abs(counted * line_height + offset - box.height) < 0.01
        counted_cpu += cpu_seconds() - started
    print(f"{len(pieces)} pieces of {args.table}: {exact} of {rows_total} rows exact "
          f"({exact / max(rows_total, 1):.1%}); CPU: laid out {layout_cpu:.2f} s, counted {counted_cpu:.2f} s")


if __name__ == "__main__":
    main()
