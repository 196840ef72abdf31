"""In a real browser: a new author creates a 重点項目評価書 and fills it in, section by section."""

import re

import pytest

from pia_portal.reports import models as m
from tests.conftest import PASSWORD, assert_accessible, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def log_in(page, username="author"):
    page.goto("/login/")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()


def progress(page) -> int:
    return int(re.search(r"記載状況 (\d+)%", page.locator(".editor-nav").inner_text()).group(1))


def save(page):
    with page.expect_navigation():
        page.get_by_role("button", name="保存", exact=True).click()


def test_an_author_creates_and_fills_a_juten_report(page, author, organisation):
    log_in(page)
    page.get_by_role("link", name="新しい評価書").click()
    page.get_by_label("重点項目評価書").check()
    page.get_by_label("評価書番号").fill("20")
    page.get_by_label("評価書名").fill("介護保険関係事務 重点項目評価書")
    page.get_by_label("事務の名称").fill("介護保険関係事務")
    page.get_by_role("button", name="作成").click()
    page.get_by_text("評価書を作成しました").wait_for()
    start = progress(page)

    # I 基本情報
    page.locator(".editor-nav").get_by_role("link", name="I 基本情報").click()
    page.locator('[name$="-affair_description"]').fill("介護保険の資格、賦課、給付に関する事務\n・資格管理\n・保険料の賦課")
    page.locator('[name$="-target_population"][value="FROM_100K_TO_300K"]').check()
    page.locator('[name$="-nws_linkage"][value="IMPLEMENTED"]').check()
    save(page)
    page.get_by_text("保存しました。").wait_for()
    assert progress(page) > start
    # Beside the form, the section's print layout shows what was saved, and again after each save.
    page.locator("#section-preview summary").click()
    preview = page.frame_locator("iframe.section-preview-frame")
    preview.get_by_text("・保険料の賦課").wait_for()
    assert "秒で作成" in preview.locator(".preview-note").inner_text()
    page.locator('[name$="-affair_description"]').fill("介護保険の資格、賦課、給付に関する事務\n・資格管理\n・保険料の賦課と徴収")
    save(page)
    preview.get_by_text("・保険料の賦課と徴収").wait_for()  # still open after the reload
    assert_accessible(page)
    screenshot(page, "editor-section-preview")
    for name in ("介護保険システム", "宛名システム"):
        page.get_by_role("button", name="システムを追加").click()
        page.get_by_text(re.compile(r"システム\d+を追加しました")).wait_for()
        entry = page.locator(".editor-entry").last
        entry.locator('[name$="-name"]').fill(name)
        entry.get_by_label("庁内連携システム").check()
        save(page)
    assert page.locator(".editor-entry").count() == 2
    screenshot(page, "editor-basic-info")

    # A file with a 委託事項
    page.locator(".breadcrumb").get_by_role("link", name=re.compile("第1版")).click()
    page.get_by_role("button", name="ファイルを追加").click()
    page.get_by_text("特定個人情報ファイル1を追加しました").wait_for()
    with_empty_file = progress(page)
    page.locator('[name^="file-"][name$="-name"]').fill("介護保険情報ファイル")
    page.locator('[name$="-outsourcing"][value="OUTSOURCED"]').check()
    page.locator('[name$="-outsourcing_count"]').fill("1")
    save(page)
    page.get_by_role("button", name="委託事項を追加").click()
    page.get_by_text("委託事項1を追加しました").wait_for()
    entry = page.locator(".editor-entry").filter(has_text="委託事項1")
    entry.locator('[name$="-title"]').fill("介護保険システムの運用保守委託")
    entry.locator('[name$="-content"]').fill("システムの運用保守")
    entry.locator('[name$="-subcontract"][value="NOT_SUBCONTRACTED"]').check()
    # 再委託しない hides ⑤⑥ as the staff member types.
    assert not entry.locator('[name$="-subcontract_scope"]').is_visible()

    # An impossible date is refused next to the item, and nothing typed is lost.
    page.locator('[name$="-holding_start_date"]').fill("令和5年2月30日")
    save(page)
    assert page.locator(".invalid-feedback", has_text="「令和5年2月30日」は存在しない日付です。").is_visible()
    assert page.locator("[data-error-summary]").first.is_visible()
    assert page.locator('[name$="-holding_start_date"]').input_value() == "令和5年2月30日"
    assert entry.locator('[name$="-content"]').input_value() == "システムの運用保守"
    screenshot(page, "editor-date-error")
    page.locator('[name$="-holding_start_date"]').fill("H28.1.1")
    save(page)
    page.get_by_text("保存しました。").wait_for()
    assert page.locator('[name$="-holding_start_date"]').input_value() == "平成28年1月1日"

    file = m.PersonalInfoFile.objects.get(version__report__assessment_number="20")
    assert file.holding_start_date.isoformat() == "2016-01-01"
    assert file.outsourcings.get().contractor_name == "" and file.outsourcings.get().subcontract == "NOT_SUBCONTRACTED"
    assert list(m.System.objects.filter(version=file.version).order_by("position").values_list("name", flat=True)) == [
        "介護保険システム", "宛名システム"
    ]
    assert progress(page) > with_empty_file
    screenshot(page, "editor-file")


