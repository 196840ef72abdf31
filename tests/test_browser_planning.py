"""In a real browser: an author adds a 事務 to the 計画管理書, corrects what the error summary points
to, runs the しきい値判断 wizard (checking the answers before recording) and finds the judgement on the
事務's page; every screen passes axe-core's WCAG 2.1 AA rules."""

import pytest

from tests.conftest import PASSWORD, assert_accessible, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_an_author_adds_an_affair_and_assesses_its_threshold(page, author, organisation):
    page.goto("/login/")
    page.get_by_label("ユーザー名").fill("author")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(f"**/o/{organisation.slug}/")

    page.get_by_role("link", name="計画管理書").click()
    page.wait_for_url("**/plan/")
    assert_accessible(page)
    page.get_by_role("link", name="事務を追加").click()

    # A number that is not a number: the summary links to the field, what was typed stays.
    page.get_by_label("評価書番号").fill("十二")
    page.get_by_label("事務の名称").fill("介護保険に関する事務")
    page.get_by_role("button", name="追加して、しきい値判断へ進む").click()
    summary = page.locator("[data-error-summary]")
    assert "評価書番号" in summary.inner_text()
    assert page.get_by_label("事務の名称").input_value() == "介護保険に関する事務"
    assert_accessible(page)
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_number"
    page.get_by_label("評価書番号").fill("１２")  # full-width digits are fine
    page.get_by_role("button", name="追加して、しきい値判断へ進む").click()

    page.get_by_role("heading", name="しきい値判断", exact=True).wait_for()
    assert "/threshold/" in page.url
    assert_accessible(page)
    page.get_by_label("10万人以上30万人未満").check()
    page.get_by_label("対象人数の計数時点").fill("令和8年4月1日")
    page.get_by_label("500人以上").check()
    page.get_by_label("取扱者数の計数時点").fill("令和8年4月1日")
    page.get_by_label("発生なし").check()
    page.get_by_role("button", name="次へ").click()

    assert page.locator("[data-threshold-result]").inner_text() == "基礎項目評価及び全項目評価の実施が義務付けられる"
    assert_accessible(page)
    screenshot(page, "threshold-check")
    page.get_by_role("button", name="この内容で記録する").click()

    page.get_by_role("heading", name="しきい値判断の記録").wait_for()
    assert "基礎項目評価及び全項目評価の実施が義務付けられる" in page.locator("main").inner_text()
    assert_accessible(page)
    screenshot(page, "affair")
