"""Published PDFs whose pages are lost still import (#30): given a reference report printed by the
portal and by another producer, damaged at the PDF level (tests/damage_pdf.py: 1-3 pages lost, a
section heading's text lost, the page with a file's II or III heading lost, two pages drawn as
one), when each damaged PDF is read and imported, then none is refused and what is still in it lands in the same item of the
same file or entry as when the whole PDF is imported.

Fewer variants than bench/import_damage.py --pdf draws (which has the figures), to keep the run to
a few minutes: each report is rendered once per run, and a page the reader has seen is analysed once.
"""

from __future__ import annotations

import io
import logging

import pikepdf
import pytest

from pia_portal.importing.pdf import pdf_to_source
from pia_portal.importing.services import import_file
from pia_portal.importing.text import NotAReport, parse_text
from tests.damage import REPORTS, placement
from tests.damage_pdf import SHAPES, blank_line, drop_pages, headings, merge_pages, pages_read_once, printed, variants

pytestmark = pytest.mark.django_db

_PRINTED: dict[str, dict[str, bytes]] = {}  # report → shape → its undamaged PDF; rendered once a run
_DRAWN = {REPORTS[0]: {"page_drops": 8, "headings_lost": 6, "first_pages": 4, "merges": 3},  # of each shape
          REPORTS[1]: {"page_drops": 3, "headings_lost": 3, "first_pages": 2, "merges": 1}}  # 114-133 pages: fewer


def pdfs(reference_dir, organisation, report: str) -> dict[str, bytes]:
    if report not in _PRINTED:
        logging.getLogger("pdfminer").setLevel(logging.ERROR)  # 「Could not get FontBBox」 on chromium's pages
        version = import_file((reference_dir / "reports" / report).read_bytes(), report, organisation, actor=None).version
        _PRINTED[report] = printed(version)
    return _PRINTED[report]


def measured(reference_dir, organisation, report: str) -> list:
    """(shape, damage, Placement or the refusal) of each damaged variant of the report."""
    rows = []
    for shape, raw in pdfs(reference_dir, organisation, report).items():
        with pages_read_once():
            whole_source = pdf_to_source(raw)
            whole = parse_text(whole_source).document
            for variant in variants(report, shape, raw, whole_source, **_DRAWN[report]):
                source = pdf_to_source(variant.pdf)
                try:
                    rows.append((shape, variant.damage, placement(whole, parse_text(source).document, source, whole_source)))
                except NotAReport as error:
                    rows.append((shape, variant.damage, str(error)))
    print(f"\n{report}:")
    for shape, damage, found in rows:
        print(f"  {SHAPES[shape]:<24} {damage:<40} {found if isinstance(found, str) else f'{found.share:.1%}'}")
    return rows


def test_the_pdf_damage_takes_out_what_it_names(reference_dir, organisation):
    """A page lost is gone and the others kept; a heading lost is gone from its page, the rest of
    the page read as before; two pages merged are one page holding both."""
    raw = pdfs(reference_dir, organisation, REPORTS[0])["portal"]
    with pages_read_once():
        whole = pdf_to_source(raw)
        index, text, code, nth = next(h for h in headings(raw, whole) if h[2] == "risk")
        blanked = pdf_to_source(blank_line(raw, index, text, nth))
        without = pdf_to_source(drop_pages(raw, {index}))
    merged = merge_pages(raw, index)

    assert blanked == whole.replace(f"\n{text}\n", "\n", 1) != whole
    assert without.count(text) == whole.count(text) - 1
    assert len(without) < len(whole) - 1000  # a page of rows
    with pikepdf.open(io.BytesIO(raw)) as before, pikepdf.open(io.BytesIO(merged)) as after:
        assert len(after.pages) == len(before.pages) - 1
        assert float(after.pages[index].mediabox[3]) == float(before.pages[index].mediabox[3]) * 2
    for page in (index, index + 1):
        assert _page_text(raw, page) in _page_text(merged, index)


def _page_text(raw: bytes, index: int) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(raw)) as document:
        return "".join(document.pages[index].extract_text().split())


@pytest.mark.parametrize("report", REPORTS)
def test_no_damaged_pdf_is_refused_and_what_is_left_stays_in_its_items(reference_dir, organisation, report):
    # One test per report: measuring its variants is most of the run, and under pytest-xdist two
    # tests sharing the measurement could each pay for it in their own process.
    rows = measured(reference_dir, organisation, report)

    assert {shape for shape, _, _ in rows} == set(SHAPES)
    assert [(shape, damage, found) for shape, damage, found in rows if isinstance(found, str)] == []
    present = sum(found.present for _, _, found in rows)
    same = sum(found.same for _, _, found in rows)
    assert same / present >= 0.99
    assert [(shape, damage, f"{found.share:.1%}") for shape, damage, found in rows if found.share < 0.97] == []
