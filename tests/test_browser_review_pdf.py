"""The reviewers read the PDF of what was submitted, in a real browser (#31): the author submits,
the reviewer opens the PDF from the review page and it is the submitted content; after a return
the author edits and resubmits, and the PDF follows; the approver cannot approve until the PDF of
the resubmitted content is there, and the page updates itself when it is."""

import subprocess

import pytest

from pia_portal.organisations.models import Role
from pia_portal.reports import models as m
from tests.conftest import assert_accessible, screenshot
from tests.test_browser_journey import as_person, open_report

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser, pytest.mark.worker]

FIRST = "株式会社みどり情報"
SECOND = "株式会社あおば総合情報サービス"


def write_contractor(page, section: str, item_id: str, name: str) -> None:
    page.goto(section)
    page.locator(f"#{item_id}").locator("input, textarea").first.fill(name)
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_text("保存しました。").wait_for()


def submit(page, report) -> None:
    open_report(page, report)
    page.get_by_role("button", name="審査に提出").click()
    page.get_by_text("審査に提出しました。").wait_for()


def review_pdf_text(page, report) -> str:
    """The reviewer's page: wait until it shows the PDF as current (it updates itself), open it."""
    page.goto(f"/o/{report.organisation.slug}/reports/{report.pk}/versions/1/review/")
    page.get_by_text("最新の内容").wait_for(timeout=120_000)
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="審査する内容のPDF").click()
    path = download.value.path()
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_reviewer_reads_the_submitted_pdf_and_approval_waits_for_it(page, celery_worker_process, make_person,
                                                                          organisation):
    from pia_portal.demo.reports import load_juten

    for role in (Role.AUTHOR, Role.REVIEWER, Role.APPROVER):
        make_person(role.value, organisation, role)
    version = load_juten(organisation)
    report = version.report
    file = version.files.order_by("position").first()
    section = f"/o/{organisation.slug}/reports/{report.pk}/versions/1/edit/file-{file.uid.hex}/"
    outsourcing = m.Outsourcing.objects.filter(version=version, file=file).order_by("position").first()
    item_id = f"item-outsourcing-{outsourcing.uid.hex}-contractor_name"

    as_person(page, "author")
    write_contractor(page, section, item_id, FIRST)
    submit(page, report)

    as_person(page, "reviewer")
    assert FIRST in review_pdf_text(page, report)
    open_report(page, report)
    assert page.locator(".pdf-outdated").count() == 0  # not 「古い内容」
    page.get_by_role("button", name="差戻し").click()
    page.get_by_label("差戻しの理由").fill("委託先名を確認してください。")
    page.get_by_role("button", name="作成者に差し戻す").click()
    page.get_by_text("差し戻しました。").wait_for()

    as_person(page, "author")
    write_contractor(page, section, item_id, SECOND)
    celery_worker_process.kill()  # the PDF of the resubmitted content waits in the queue
    submit(page, report)

    as_person(page, "approver")
    open_report(page, report)
    blockers = page.locator("[data-approval-blockers]").inner_text()
    assert "承認する内容のPDFを作成しています" in blockers
    assert page.get_by_role("button", name="承認").count() == 0
    screenshot(page, "review-pdf-approval-waits")
    assert_accessible(page)
    celery_worker_process.start()
    page.get_by_role("button", name="承認").wait_for(timeout=120_000)  # the page updated itself

    text = review_pdf_text(page, report)
    assert SECOND in text and FIRST not in text
    open_report(page, report)
    page.get_by_role("button", name="承認").click()
    page.get_by_text("承認しました。").wait_for()
    version.refresh_from_db()
    assert version.status == m.VersionStatus.APPROVED
