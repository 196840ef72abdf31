"""The reference reports' PDFs damaged the way real ones are (#30), in the two PDF shapes: the
portal's own PDF (WeasyPrint, running header and footer) and another producer's (the print HTML
restyled and printed by chromium: other fonts, widths, page ends). tests/damage.py damages the
text extraction; here the damage is done to the PDF itself with pikepdf, so that the PDF reader's
page joins, running lines and cut rows meet it as they would in a published file:

- 1-3 whole pages lost (seeded; never the cover page),
- a section heading lost: its text taken out of the page (the rest of the page kept),
- the first page of a file's II or III lost: the page that holds its heading,
- a page's last row merged into the next page's first: the two pages drawn as one, the page break
  between them lost.

Each damaged PDF is read by importing/pdf.py's pdf_to_source, as the import worker reads an
upload, and measured with tests/damage.py's `placement` against the import of the undamaged PDF of
the same shape. The reference reports are read from ../shared/reference, never copied.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import random
from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf

SHAPES = {"portal": "the portal's PDF", "other": "another producer's PDF"}
_SHOWS = {"Tj", "TJ", "'", '"'}


@dataclass
class PdfVariant:
    report: str
    shape: str
    damage: str  # e.g. "pages 12,13 lost", "heading risk (page 31) lost"
    pdf: bytes


def printed(version) -> dict[str, bytes]:
    """The version as the portal prints it and as another producer prints its HTML."""
    from pia_portal.rendering.pdf import render_html, render_pdf
    from tests.shapes import restyled_pdf

    return {"portal": render_pdf(version).content, "other": restyled_pdf(render_html(version))}


# Damaging -----------------------------------------------------------------------------------------


def _saved(pdf) -> bytes:
    # Without object streams: pdfminer opens a PDF whose objects are all in one stream slowly.
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()


def drop_pages(raw: bytes, lost: set[int]) -> bytes:
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        for index in sorted(lost, reverse=True):
            del pdf.pages[index]
        return _saved(pdf)


def merge_pages(raw: bytes, index: int) -> bytes:
    """The PDF with pages `index` and `index + 1` drawn as one page, the first above the second:
    the page break between them is lost, so the last row of the one meets the first row of the
    other on one page (a cut row and its rest, or two rows) without a page end to read them by."""
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        upper, lower = pdf.pages[index], pdf.pages[index + 1]
        (_, _, width_u, height_u), (_, _, width_l, height_l) = (map(float, page.mediabox) for page in (upper, lower))
        merged = pdf.add_blank_page(page_size=(max(width_u, width_l), height_u + height_l))
        merged.add_overlay(upper, pikepdf.Rectangle(0, height_l, width_u, height_l + height_u))
        merged.add_overlay(lower, pikepdf.Rectangle(0, 0, width_l, height_l))
        pages = list(pdf.pages)
        order = pages[:index] + [pages[-1]] + pages[index + 2:-1]
        del pdf.pages[:]
        pdf.pages.extend(order)
        return _saved(pdf)


def blank_line(raw: bytes, index: int, text: str, nth: int = 0) -> bytes:
    """The PDF with the line `text` (its `nth` occurrence) taken out of page `index`: every text-showing operator whose
    characters make up that line is removed from the page's content, the rest of the page kept.
    Which operators those are is found by marking each one (marked content with its number) and
    reading the marked page with pdfplumber."""
    import pdfplumber

    from pia_portal.importing.cells import squeeze

    with pikepdf.open(io.BytesIO(raw)) as pdf:
        page = pdf.pages[index]
        instructions = list(pikepdf.parse_content_stream(page))
        marked = []
        for number, instruction in enumerate(instructions):
            if str(instruction.operator) in _SHOWS:
                marked.append(pikepdf.ContentStreamInstruction(
                    [pikepdf.Name("/Dmg"), pikepdf.Dictionary(MCID=number)], pikepdf.Operator("BDC")))
                marked.append(instruction)
                marked.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC")))
            else:
                marked.append(instruction)
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(marked))
        probe = _saved(pdf)
    wanted = squeeze(text)
    with pdfplumber.open(io.BytesIO(probe)) as document:
        lines = document.pages[index].extract_text_lines(return_chars=True)
        line = [line for line in lines if squeeze(line["text"]) == wanted][nth]
        numbers = {char["mcid"] for char in line["chars"] if char.get("tag") == "Dmg"}
    assert numbers, f"no operator of {text!r} on page {index + 1}"
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        page = pdf.pages[index]
        kept = [instruction for number, instruction in enumerate(pikepdf.parse_content_stream(page))
                if number not in numbers]
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(kept))
        return _saved(pdf)


def headings(raw: bytes, source: str) -> list[tuple[int, str, str, int]]:
    """(page index, text, section code, occurrence of the text on its page) of every section
    heading after the 項目一覧: the lines that the importer takes for a section's heading."""
    import pdfplumber

    from pia_portal.importing.text import label_key, read

    keys = read(source)[0].section_keys
    found: list[tuple[int, str, str, int]] = []
    with pdfplumber.open(io.BytesIO(raw)) as document:
        for index, page in enumerate(document.pages):
            for line in page.extract_text_lines():
                section = keys.get(label_key(line["text"].strip()))
                if section is None:
                    continue
                if section.code == "basic" and found:
                    found = []  # the 項目一覧 names every section first
                text = line["text"].strip()
                found.append((index, text, section.code, sum(1 for f in found if f[:2] == (index, text))))
    return found


def variants(report: str, shape: str, raw: bytes, source: str, *, page_drops: int, headings_lost: int | None = None,
             first_pages: int | None = None, merges: int = 10, seed: int = 30) -> Iterator[PdfVariant]:
    """The seeded damaged variants of one report's PDF in one shape; `headings_lost` and
    `first_pages` take that many of each kind (spread over the report), None all of them;
    `merges` pages drawn at random whose break to the next page is lost."""
    random_ = random.Random(f"{seed}:{report}:{shape}")
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        count = len(pdf.pages)
    marks = headings(raw, source)
    drawn: set[tuple[int, ...]] = set()
    while len(drawn) < page_drops:
        lost = tuple(sorted(random_.sample(range(1, count), random_.randint(1, 3))))
        if lost in drawn:
            continue
        drawn.add(lost)
        yield PdfVariant(report, shape, f"pages {','.join(str(p + 1) for p in lost)} lost", drop_pages(raw, set(lost)))
    for index, text, code, nth in _spread(marks, headings_lost):
        yield PdfVariant(report, shape, f"heading {code} (page {index + 1}{', the second' if nth else ''}) lost",
                         blank_line(raw, index, text, nth))
    firsts = [(index, code) for index, _, code, _ in marks if code in ("file", "risk") and index > 0]
    for index, code in _spread(firsts, first_pages):
        yield PdfVariant(report, shape, f"first page of {code} (page {index + 1}) lost", drop_pages(raw, {index}))
    for index in sorted(random_.sample(range(1, count - 1), min(merges, count - 2))):
        yield PdfVariant(report, shape, f"page {index + 1}'s last row merged into page {index + 2}", merge_pages(raw, index))


def _spread(items: list, count: int | None) -> list:
    if count is None or count >= len(items):
        return items
    if count <= 0:
        return []
    step = len(items) / count
    return [items[int(n * step)] for n in range(count)]


# Reading ------------------------------------------------------------------------------------------


@contextlib.contextmanager
def pages_read_once():
    """Within it, pdf_to_source analyses a page whose content it has seen before only once: a
    variant shares all its pages but the damaged ones with the whole PDF, and reading every page
    of a 114-page PDF again for each variant (0.2 s a page) would take the test an hour. The page
    joins, running lines and everything between pages are read anew for every variant."""
    from pdfminer.pdftypes import resolve1

    from pia_portal.importing import pdf as reader

    analyse = reader._page_blocks
    seen: dict[str, list] = {}

    def page_blocks(page):
        contents = page.page_obj.contents or []
        digest = hashlib.sha256(repr(page.page_obj.mediabox).encode())
        for stream in contents:
            digest.update(resolve1(stream).get_data())
        fonts = resolve1((page.page_obj.resources or {}).get("Font")) or {}
        digest.update(repr(sorted((name, str(resolve1(font).get("BaseFont"))) for name, font in fonts.items())).encode())
        key = digest.hexdigest()
        if key not in seen:
            seen[key] = analyse(page)
        return seen[key]

    reader._page_blocks = page_blocks
    try:
        yield
    finally:
        reader._page_blocks = analyse
