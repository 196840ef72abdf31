"""Review where the author works, in a real browser: a reviewer comments on two items of a
委託事項 and returns the version; the author sees the banner, the badges and the comments next to
the fields, fixes one, replies to the other and resubmits past the warning; the approver sees the
blocker, resolves and approves; the 管理者 publishes with a chosen 公表日 and the PDF's cover shows
it. axe-core checks every editor and review screen on the way."""

import subprocess

import pytest
from playwright.sync_api import expect

from pia_portal.organisations.models import Role
from pia_portal.reports import models as m
from tests.conftest import assert_accessible, screenshot
from tests.test_browser_journey import as_person, open_report, publish_as_admin

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser, pytest.mark.worker]

NAME_COMMENT = "委託先の正式名称(法人格を含む)を記載してください。"
SCOPE_COMMENT = "委託内容を具体的に記載してください。"
FIXED_NAME = "株式会社みどり総合情報サービス"


def test_review_happens_where_the_author_works(page, celery_worker_process, make_person, organisation):
    from pia_portal.demo.reports import load_juten

    for role in (Role.AUTHOR, Role.REVIEWER, Role.APPROVER, Role.ADMIN):
        make_person(role.value, organisation, role)
    version = load_juten(organisation)
    report = version.report
    file = version.files.order_by("position").first()
    section = f"/o/{organisation.slug}/reports/{report.pk}/versions/1/edit/file-{file.uid.hex}/"
    outsourcing = m.Outsourcing.objects.filter(version=version, file=file).order_by("position").first()
    prefix = f"outsourcing-{outsourcing.uid.hex}"

    as_person(page, "author")
    open_report(page, report)
    page.get_by_role("button", name="審査に提出").click()
    page.get_by_text("審査に提出しました。").wait_for()

    # The reviewer reads the section and comments on two items of 委託事項1.
    as_person(page, "reviewer")
    page.goto(section)
    assert page.locator("#save").count() == 0
    assert_accessible(page)
    for attr, text in (("contractor_name", NAME_COMMENT), ("content", SCOPE_COMMENT)):
        item = page.locator(f"#item-{prefix}-{attr}")
        item.get_by_text("この項目を指摘する").click()
        item.locator("textarea[name=text]").fill(text)
        item.get_by_role("button", name="指摘を登録").click()
        page.get_by_text("指摘を登録しました。").wait_for()
    screenshot(page, "review-reviewer")
    open_report(page, report)
    page.get_by_role("button", name="差戻し").click()
    page.get_by_label("差戻しの理由").fill("委託事項1の記載を確認してください。")
    page.get_by_role("button", name="作成者に差し戻す").click()
    page.get_by_text("差し戻しました。").wait_for()

    # The author: the banner, the badge of the section, the comments next to their fields.
    as_person(page, "author")
    page.goto(f"/o/{organisation.slug}/reports/{report.pk}/versions/1/edit/")
    assert "委託事項1の記載を確認してください。" in page.locator("[data-return-banner]").inner_text()
    page.locator("[data-comment-badge]").first.wait_for()
    page.goto(section)
    assert_accessible(page)
    name_item = page.locator(f"#item-{prefix}-contractor_name")
    assert NAME_COMMENT in name_item.inner_text()
    name_item.locator("input, textarea").first.fill(FIXED_NAME)
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_text("保存しました。").wait_for()
    name_item = page.locator(f"#item-{prefix}-contractor_name")
    name_item.get_by_text("対応済みにする").first.click()
    name_item.get_by_label("対応した内容(任意)").fill("正式名称に修正しました。")
    name_item.get_by_role("button", name="対応済みにする").click()
    page.get_by_text("対応済みにしました。").wait_for()
    scope_item = page.locator(f"#item-{prefix}-content")
    scope_item.get_by_text("返信").first.click()
    scope_item.get_by_label("返信").fill("範囲は現在の記載で全てです。")
    scope_item.get_by_role("button", name="返信する").click()
    page.get_by_text("返信しました。").wait_for()
    assert page.locator("[data-restored]").count() == 0  # typing a reply is not unsaved input of the section
    screenshot(page, "review-author")

    open_report(page, report)
    page.get_by_role("button", name="審査に提出").click()
    expect(page.locator("[data-open-comments] li")).to_have_count(2)
    assert_accessible(page)
    page.get_by_role("button", name="このまま審査に提出する").click()
    page.get_by_text("審査に提出しました。").wait_for()

    # The approver sees what blocks approval, resolves both in the editor, approves.
    as_person(page, "approver")
    open_report(page, report)
    assert "未解決の指摘が2件" in page.locator("[data-approval-blockers]").inner_text()
    page.goto(section)
    for _ in range(2):
        page.get_by_role("button", name="確認して解決にする").first.click()
        page.get_by_text("指摘を解決済みにしました。").wait_for()
    open_report(page, report)
    page.get_by_role("button", name="承認").click()
    page.get_by_text("承認しました。").wait_for()

    # The 管理者 publishes with a chosen 公表日 (on or after the approval); the PDF's cover prints it.
    from django.utils import timezone

    from pia_portal.core.wareki import format_date

    today = format_date(timezone.localdate())
    publish_as_admin(page, version, published_on=today, check=assert_accessible)
    version.refresh_from_db()
    pdf = version.publication.render.file.path
    cover = subprocess.run(["pdftotext", "-l", "1", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    assert today in cover
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    assert FIXED_NAME in text

    # The history reads as the form, and it and the public pages pass axe too.
    page.goto(f"/o/{organisation.slug}/reports/{report.pk}/history/")
    history = page.locator("main").inner_text()
    assert "③委託先名" in history and FIXED_NAME in history, history
    assert_accessible(page)
    screenshot(page, "review-history")
    page.context.clear_cookies()
    page.goto(f"/public/reports/{report.pk}/")
    assert_accessible(page)


def test_a_page_killed_mid_typing_gives_the_text_back_on_reload(browser, live_server, make_person, organisation):
    """The tab dies while the author types (no save, no unload handler): the server kept the input."""
    from pia_portal.demo.reports import load_juten
    from pia_portal.editing.models import PageDraft

    make_person("author", organisation, Role.AUTHOR)
    version = load_juten(organisation)
    section = f"{live_server.url}/o/{organisation.slug}/reports/{version.report_id}/versions/1/edit/basic/"
    typed = "介護保険課 介護認定係(入力途中)"

    context = browser.new_context(locale="ja-JP", base_url=live_server.url, reduced_motion="reduce")
    page = context.new_page()
    as_person(page, "author")
    page.goto(section)
    field = page.locator(f"[name='basic_info-{version.basic_info.uid.hex}-department']")
    field.fill("")
    field.press_sequentially(typed, delay=20)
    for _ in range(100):  # the autosave comes a couple of seconds after typing stops
        if PageDraft.objects.filter(version=version).exists():
            break
        page.wait_for_timeout(100)
    page.close(run_before_unload=False)  # as a crash would: nothing more is sent

    page = context.new_page()
    page.goto(section)
    page.locator("[data-restored]").wait_for()
    assert page.locator(f"[name='basic_info-{version.basic_info.uid.hex}-department']").input_value() == typed
    assert_accessible(page)
    context.close()
