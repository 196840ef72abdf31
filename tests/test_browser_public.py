"""In a real browser, on a desktop and on a phone: a citizen lands on the portal, searches with
half-width katakana, narrows by kind, opens a report, reads page 2 of its PDF in the page, and
takes an earlier edition, checking it against the SHA-256 shown."""

import hashlib

import pytest
from playwright.sync_api import expect

from tests.conftest import assert_accessible, screenshot
from tests.test_public_portal import demo_report, publish

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def two_editions(organisation, make_person):
    from pia_portal.organisations.models import Role
    from pia_portal.reports.services import start_new_version

    admin = make_person("admin", organisation, Role.ADMIN, Role.AUTHOR)
    first = publish(demo_report(organisation), admin)
    second = publish(start_new_version(first.report, actor=admin), admin)
    first.refresh_from_db()
    return first, second


def test_a_citizen_finds_reads_and_downloads_a_report_on_a_desktop_and_on_a_phone(page, two_editions):
    for width in (1280, 375):  # one set of published reports for both (each costs two renders)
        page.context.clear_cookies()
        page.set_viewport_size({"width": width, "height": 900})
        a_citizen_finds_reads_and_downloads(page, *two_editions, width)


def a_citizen_finds_reads_and_downloads(page, first, second, width):
    report = first.report

    page.goto("/")
    expect(page.get_by_role("heading", name="特定個人情報保護評価書を探す")).to_be_visible()
    expect(page.get_by_role("link", name="職員ログイン")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("キーワード").fill("ｼｽﾃﾑ")
    page.get_by_role("button", name="検索", exact=True).click()
    expect(page.get_by_role("heading", name="1件見つかりました")).to_be_visible()
    assert page.locator(".snippet mark").first.inner_text() == "システム"

    page.get_by_text("条件を追加して探す").click()
    page.get_by_label("評価書の種類").select_option(label="重点項目評価書")
    page.get_by_role("button", name="この条件で探す").click()
    expect(page.get_by_role("heading", name="1件見つかりました")).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"public-search-{width}")

    page.get_by_role("link", name=report.title).click()
    page.wait_for_load_state()  # the stylesheet too: the phone layout is read from computed styles
    expect(page.get_by_role("heading", name="すべての版")).to_be_visible()
    changes = page.locator("table.stack-on-phone")
    changes.scroll_into_view_if_needed()
    if width < 768:
        # On a phone each 変更箇所 row is a card: the column's name above each cell, nothing cut off.
        cell = changes.locator("td").first
        assert cell.evaluate("td => getComputedStyle(td).display") == "block"
        assert changes.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth + 1")
    assert_accessible(page)
    screenshot(page, f"public-report-{width}")

    page.get_by_role("link", name="最新版を読む(第2版)").click()
    page.get_by_role("navigation", name="ページ一覧").get_by_role("link", name="2", exact=True).click()
    expect(page.get_by_role("heading", name=f"2 / {second.publication.render.pages}ページ")).to_be_visible()
    image = page.locator("img.viewer-image")
    # The page image is drawn from the PDF on the first request: wait for it to arrive.
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert_accessible(page)
    screenshot(page, f"public-viewer-{width}")

    page.go_back()
    page.go_back()
    link = page.get_by_role("link", name="第1版をダウンロード(PDF)")
    shown = page.locator(".edition", has=link).locator(".sha256 code").inner_text()
    pdf = page.request.get(link.get_attribute("href"))  # browser downloads do not work here
    assert pdf.ok and pdf.body()[:5] == b"%PDF-"
    assert hashlib.sha256(pdf.body()).hexdigest() == shown == first.publication.render.sha256
