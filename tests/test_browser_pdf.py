"""In a real browser: staff ask for the PDF of a version and see it become ready to download."""

import pytest

from pia_portal.rendering.models import PdfRender, RenderStatus
from tests.builders import full_version
from tests.conftest import PASSWORD, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser, pytest.mark.worker]


def test_staff_make_a_pdf_and_see_it_ready(page, celery_worker_process, author, organisation):
    version = full_version(organisation, "juten")
    page.goto("/login/")
    page.get_by_label("ユーザー名").fill("author")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()

    page.get_by_role("link", name=version.report.title).click()
    page.get_by_role("button", name="PDFを作成").click()
    page.get_by_text("PDFの作成を依頼しました").wait_for()

    download = page.get_by_role("link", name="ダウンロード")
    download.wait_for(timeout=90_000)  # the page reloads itself when the worker has finished
    render = PdfRender.objects.get(version=version)
    assert render.status == RenderStatus.DONE
    assert page.get_by_text(f"{render.pages}ページ").is_visible()
    screenshot(page, "report-pdf-ready")

    preview = page.context.new_page()
    preview.goto(page.get_by_role("link", name="プレビュー").get_attribute("href"))
    assert preview.get_by_text("特定個人情報保護評価書(重点項目評価書)").first.is_visible()
    screenshot(preview, "version-preview")
