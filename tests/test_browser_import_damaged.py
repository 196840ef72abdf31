"""A report whose extraction lost the page with a heading, in a real browser (#30): given staff who
imported 000 without the 「Ⅲ リスク対策」 heading of its first file, when they open the import
result, then it says where the text without its heading was placed, and the page passes axe-core."""

import pytest
from playwright.sync_api import expect

from pia_portal.importing.services import import_file
from pia_portal.organisations.models import Role
from tests.conftest import PASSWORD, assert_accessible, screenshot
from tests.damage import variants

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def open_import_result(page, reference_dir, make_person, organisation, chosen) -> None:
    """Staff signed in on the result page of importing the first damaged variant of 000 that `chosen` picks."""
    variant = next(v for v in variants(reference_dir, reports=("juten_yamaguchi_kaigo.txt",)) if chosen(v.damage))
    open_result_of(page, make_person, organisation, variant.source.encode(), "kaigo.txt")


def open_result_of(page, make_person, organisation, raw: bytes, name: str) -> None:
    """Staff signed in on the result page of importing `raw`."""
    make_person("importer", organisation, Role.AUTHOR)
    version = import_file(raw, name, organisation, actor=None).version

    page.goto("/login/")
    page.get_by_label("ユーザー名").fill("importer")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.goto(f"/o/{organisation.slug}/reports/{version.report_id}/versions/{version.number}/import/")


def test_the_result_page_says_where_a_section_without_its_heading_went(page, reference_dir, make_person, organisation):
    open_import_result(page, reference_dir, make_person, organisation, lambda damage: damage.startswith("heading risk"))

    notes = page.get_by_role("region", name="確認が必要な節")
    assert "見出しが見つからなかったため" in notes.inner_text()
    assert "「III リスク対策 (1) 介護保険情報ファイル」に配置しました" in notes.inner_text()
    screenshot(page, "import-result-damaged")
    assert_accessible(page)


def test_staff_move_a_file_overview_without_its_heading_to_the_file_it_belongs_to(page, reference_dir, make_person, organisation):
    open_import_result(page, reference_dir, make_person, organisation, lambda damage: damage == "heading file (line 211) lost")

    notes = page.get_by_role("region", name="確認が必要な節")
    assert "「II 特定個人情報ファイルの概要 (2) 収納消込情報ファイル」に配置しました" in notes.inner_text()
    notes.get_by_label("別のファイルの記載なら、移動先").select_option(label="II (3)滞納整理情報ファイル")
    screenshot(page, "import-result-move-file")
    notes.get_by_role("button", name="移動する").click()

    expect(page.get_by_text("「II (3)滞納整理情報ファイル」に移動しました").first).to_be_visible()
    assert "移動先: II (3)滞納整理情報ファイル" in page.get_by_role("region", name="確認が必要な節").inner_text()
    assert_accessible(page)


def test_a_damaged_pdf_is_reported_by_the_pages_of_the_uploaded_file(page, make_person, organisation, other_organisation):
    """Given the portal's PDF of a report that lost the page holding III's heading and the page
    after it, when staff open the import result, then every note, text not placed and value placed
    where its label was lost names a page of their PDF, and the page passes axe-core."""
    from pia_portal.demo import reports as demo_reports
    from pia_portal.importing.pdf import pdf_to_source
    from pia_portal.rendering.pdf import render_pdf
    from tests.damage_pdf import drop_pages, headings

    pdf = render_pdf(demo_reports.load_juten(other_organisation)).content
    index = next(h[0] for h in headings(pdf, pdf_to_source(pdf)) if h[2] == "risk")
    open_result_of(page, make_person, organisation, drop_pages(pdf, {index, index + 1}), "published.pdf")

    notes = page.get_by_role("region", name="確認が必要な節").inner_text()
    assert "ページ目からの本文" in notes and "行目" not in notes
    unplaced = page.get_by_role("region", name="項目に配置できなかった記載")
    if unplaced.get_by_role("table").count():
        assert unplaced.get_by_role("columnheader").first.inner_text() == "ページ"
    assert "行目" not in page.get_by_role("region", name="推定して設定した値").inner_text()
    screenshot(page, "import-result-damaged-pdf")
    assert_accessible(page)
