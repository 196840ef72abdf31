"""In a real browser, the screens #32 touched, as their users meet them: the admin's 公表日 refused
next to the field, a past row of the 変更箇所 corrected with a reason, the review page's threads,
the public search by 和暦, and the staff home on a phone. Each is looked at (test-artifacts/)
and checked with axe-core."""

import pytest
from django.utils import timezone

from pia_portal.core.wareki import format_date
from pia_portal.organisations.models import Role
from pia_portal.publishing import services
from pia_portal.reports import models as m
from tests.builders import with_review_pdf
from tests.conftest import assert_accessible, screenshot
from tests.test_browser_editor import log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def review_pdf_made(version) -> None:
    """The PDF submission asked for, made here; a worker left running by an earlier test of the
    session may be making it already, so wait until it is done either way."""
    import time

    from pia_portal.rendering.services import current_render

    with_review_pdf(version)
    for _ in range(240):
        if current_render(version).status == "done":
            return
        time.sleep(0.5)
    raise AssertionError("the review PDF was not made")


@pytest.fixture
def people(make_person, organisation):
    return {role: make_person(role.value, organisation, role) for role in (Role.AUTHOR, Role.REVIEWER, Role.APPROVER, Role.ADMIN)}


def test_a_publication_date_before_the_approval_is_refused_next_to_the_field(page, people, organisation):
    from pia_portal.demo.reports import load_juten

    version = load_juten(organisation)
    services.submit_version(version, actor=people[Role.AUTHOR])
    review_pdf_made(version)
    services.approve_version(version, actor=people[Role.APPROVER])
    log_in(page, "admin")
    page.goto(f"/o/{organisation.slug}/reports/{version.report_id}/versions/1/publish/")
    page.get_by_label("公表日").fill("令和8年1月5日")
    page.get_by_role("button", name="公表", exact=True).click()

    summary = page.locator("[data-error-summary]")
    assert "承認日" in summary.inner_text()
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_published_on"
    assert "承認日" in page.locator("#id_published_on").locator("xpath=..").inner_text()
    screenshot(page, "publish-date-before-approval")
    assert_accessible(page)


def test_an_author_corrects_a_published_row_with_a_reason(page, people, organisation):
    from pia_portal.reports.services import start_new_version
    from tests.builders import full_version, publish

    first = publish(full_version(organisation, actor=people[Role.AUTHOR]))
    version = start_new_version(first.report, actor=people[Role.AUTHOR])
    log_in(page, "author")
    page.goto(f"/o/{organisation.slug}/reports/{version.report_id}/versions/{version.number}/edit/changes/")
    entry = page.locator(".editor-entry").first
    assert "公表済みの行" in entry.inner_text()
    assert entry.locator("textarea").first.is_disabled()
    assert entry.get_by_role("button", name="変更箇所1を削除").count() == 0
    assert_accessible(page)
    entry.get_by_role("button", name="変更箇所1を訂正する").click()

    page.get_by_role("button", name="この行を訂正する").click()
    assert "訂正の理由を入力してください" in page.locator("[data-error-summary]").inner_text()
    page.get_by_label("項目").fill("訂正した項目")
    page.get_by_label("訂正の理由").fill("公表時の誤記")
    screenshot(page, "correct-published-row")
    assert_accessible(page)
    page.get_by_role("button", name="この行を訂正する").click()
    page.get_by_text("変更箇所1を訂正しました").wait_for()
    assert m.ChangeLogEntry.objects.filter(version=version, item="訂正した項目").exists()


def test_the_review_page_shows_each_thread_and_links_to_its_item(page, people, organisation):
    from pia_portal.demo.reports import load_juten

    version = load_juten(organisation)
    services.submit_version(version, actor=people[Role.AUTHOR])
    finding = services.add_comment(version, actor=people[Role.REVIEWER], page="basic", page_title="I 基本情報",
                                   text="部署名を正式名称に", record_uid=version.basic_info.uid, attr="department")
    services.reply_to_comment(finding, actor=people[Role.REVIEWER], text="例: 介護保険課")
    log_in(page, "reviewer")
    page.goto(f"/o/{organisation.slug}/reports/{version.report_id}/versions/1/review/")
    assert "例: 介護保険課" in page.inner_text("main")
    screenshot(page, "review-threads")
    assert_accessible(page)
    page.locator(f'a[href$="#comment-{finding.pk}"]').click()
    page.wait_for_url(f"**/edit/basic/#comment-{finding.pk}")
    assert page.locator(f"#comment-{finding.pk}").is_visible()


def test_the_public_search_takes_wareki_and_the_staff_home_fits_a_phone(page, people, organisation, browser, live_server):
    page.goto("/")
    page.locator("summary", has_text="条件を追加").click()
    page.get_by_label("公表日(から)").fill("令和8年4月")
    page.get_by_label("公表日(まで)").fill("令和8年13月")
    page.get_by_role("button", name="この条件で探す").click()
    assert "「令和8年13月」" in page.locator("[data-error-summary]").inner_text()
    assert page.get_by_label("公表日(から)").input_value() == "令和8年4月"
    screenshot(page, "public-search-wareki")
    assert_accessible(page)

    phone = browser.new_context(locale="ja-JP", base_url=live_server.url, viewport={"width": 375, "height": 800})
    small = phone.new_page()
    organisation.name = "独立行政法人地域医療機能推進機構理事長"
    organisation.save()
    log_in(small, "author")
    small.goto(f"/o/{organisation.slug}/")
    heading = small.locator("h1")
    lines = heading.evaluate("h => Math.round(h.getBoundingClientRect().height / parseFloat(getComputedStyle(h).lineHeight))")
    assert lines <= 2
    screenshot(small, "staff-home-375")
    phone.close()
