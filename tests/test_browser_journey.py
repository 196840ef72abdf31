"""The whole journey in a real browser: an author submits, a reviewer returns it with a comment,
the author fixes it, an approver approves, an admin publishes, and an anonymous visitor finds the
report by searching and downloads a PDF whose text contains the fix."""

import subprocess

import pytest

from pia_portal.organisations.models import Role
from pia_portal.reports import models as m
from tests.conftest import PASSWORD, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser, pytest.mark.worker]

FIX = "健康福祉部 介護保険課 介護認定係"


def as_person(page, username):
    page.context.clear_cookies()
    page.goto("/login/")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()


def open_report(page, report):
    page.goto(f"/o/{report.organisation.slug}/reports/{report.pk}/")


def publish_as_admin(page, version, *, published_on: str = "", check=None) -> None:
    """The admin publishes (with a chosen 公表日 if given; `check` looks at the confirmation page);
    the worker renders the PDF and the version becomes public."""
    as_person(page, "admin")
    open_report(page, version.report)
    page.get_by_role("link", name="公表", exact=True).click()
    if check:
        check(page)
    if published_on:
        page.get_by_label("公表日").fill(published_on)
    page.get_by_role("button", name="公表", exact=True).click()
    page.get_by_text("公表用のPDFを作成しています").wait_for()
    for _ in range(240):
        version.refresh_from_db()
        if version.status == m.VersionStatus.PUBLISHED:
            break
        page.wait_for_timeout(500)
    assert version.status == m.VersionStatus.PUBLISHED
    # The page polls the render and reloads itself when it has finished; let it, or the test's
    # next navigation would race the reload.
    page.locator("[data-poll]").wait_for(state="detached", timeout=30_000)


def test_from_draft_to_the_public_pdf(page, celery_worker_process, make_person, organisation):
    from pia_portal.demo.reports import load_juten

    for role in (Role.AUTHOR, Role.REVIEWER, Role.APPROVER, Role.ADMIN):
        make_person(role.value, organisation, role)
    report = load_juten(organisation).report

    as_person(page, "author")
    open_report(page, report)
    page.get_by_role("button", name="審査に提出").click()
    page.get_by_text("審査に提出しました。").wait_for()

    as_person(page, "reviewer")
    open_report(page, report)
    # Findings are made at the item, in the editor, where the author will answer them.
    page.get_by_role("link", name="審査の指摘").click()
    page.get_by_role("link", name="評価書を開いて項目に指摘する").click()
    page.goto(f"/o/{organisation.slug}/reports/{report.pk}/versions/1/edit/basic/")
    item = page.locator('[id^="item-basic_info-"][id$="-department"]')
    item.get_by_text("この項目を指摘する").click()
    item.locator("textarea[name=text]").fill("担当の係まで記載してください。")
    item.get_by_role("button", name="指摘を登録").click()
    page.get_by_text("指摘を登録しました。").wait_for()
    open_report(page, report)
    page.get_by_role("button", name="差戻し").click()
    page.get_by_label("差戻しの理由").fill("担当部署の記載を確認してください。")
    page.get_by_role("button", name="作成者に差し戻す").click()
    page.get_by_text("差し戻しました。").wait_for()
    screenshot(page, "journey-returned")

    as_person(page, "author")
    page.goto(f"/o/{organisation.slug}/reports/{report.pk}/versions/1/edit/basic/")
    page.locator('[name$="-department"]').fill(FIX)
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_text("保存しました。").wait_for()
    open_report(page, report)
    page.get_by_role("button", name="審査に提出").click()
    # The finding is still open (the reviewer closes it): it is listed before the author goes on.
    assert "担当の係まで記載してください。" in page.locator("[data-open-comments]").inner_text()
    page.get_by_role("button", name="このまま審査に提出する").click()
    page.get_by_text("審査に提出しました。").wait_for()

    as_person(page, "approver")
    open_report(page, report)
    # The finding is closed by a reviewer once the fix is seen; never by the author alone.
    page.get_by_role("link", name="審査の指摘").click()
    page.locator(".review-comment").filter(has_text="担当の係まで").get_by_role("button", name="確認して解決にする").click()
    open_report(page, report)
    page.get_by_role("button", name="承認").click()
    page.get_by_text("承認しました。").wait_for()

    publish_as_admin(page, report.versions.get())

    page.context.clear_cookies()
    page.goto("/")
    page.get_by_label("キーワード").fill("介護")
    page.get_by_role("button", name="検索").click()
    page.get_by_role("link", name=report.title).click()
    screenshot(page, "journey-public-report")
    href = page.get_by_role("link", name="第1版をダウンロード(PDF)").get_attribute("href")
    response = page.request.get(href)  # the browser's own request; file downloads do not work here
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=response.body(), capture_output=True, check=True).stdout.decode()
    assert FIX.replace(" ", "") in text.replace(" ", "").replace("\n", "")
