"""The same published report in the shapes other converters write (Markdown pipe tables, boxes as
`<input checked>`, values cut at page ends, the 項目一覧 as a table): each imports exactly as the
tab/HTML extraction does, and nothing of I–V ever lands in the 変更箇所."""

from __future__ import annotations

import pytest

from pia_portal.changelog.generate import HouseStyle, Matching, generate
from pia_portal.importing.services import import_file
from tests.reference_checks import NAMED_ITEMS
from tests.shapes import markdown_tables

REFERENCES = ("juten_yamaguchi_kaigo.txt", "zenkomoku_kagoshima_juki.txt", "changelog_zenkomoku_sample.txt")
SHAPES = {
    "markdown": {},
    "markdown, boxes as <input checked>": {"inputs": True},
    "markdown, values cut at page ends": {"split_cells": True},
    "markdown, 項目一覧 as a table": {"contents_table": True},
    "markdown, narrow tables": {"width": 2, "page_rows": 12},
    "markdown, two label/value pairs on a row": {"side_by_side": True},
    "markdown, entries in blocks (システム6～10)": {"blocks": True},
}


@pytest.mark.django_db
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("name", REFERENCES)
def test_every_shape_imports_like_the_extraction(reference_dir, organisation, other_organisation, name, shape):
    source = (reference_dir / "reports" / name).read_bytes()
    reference = import_file(source, name, organisation, actor=None)

    converted = markdown_tables(source.decode("utf-8"), **SHAPES[shape]).encode("utf-8")
    record = import_file(converted, name.replace(".txt", ".md"), other_organisation, actor=None)

    assert record.placed_chars / record.total_chars >= 0.98
    assert record.version.change_log.count() == reference.version.change_log.count()
    differences = generate(reference.version, record.version, style=HouseStyle(long_text="full"),
                           matching=Matching.SIMILARITY).rows
    assert differences == [], [(r.item, r.before[:50], r.after[:50]) for r in differences[:10]]
    NAMED_ITEMS[name](record.version)


def test_form_labels_are_never_taken_for_change_log_rows(reference_dir):
    from pia_portal.importing.text import parse_text

    source = (reference_dir / "reports" / "juten_yamaguchi_kaigo.txt").read_text(encoding="utf-8")
    lines = source.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("変更日\t項目"))
    # A form row that a converter misplaced after the log's header (a page of I printed late).
    lines.insert(header + 1, "①事務の名称\t介護保険関係事務")
    expected_rows = len(parse_text(source).document["change_log"])

    result = parse_text("\n".join(lines))

    assert len(result.document["change_log"]) == expected_rows
    assert any("変更箇所の行ではない" in fragment.reason for fragment in result.unplaced)
