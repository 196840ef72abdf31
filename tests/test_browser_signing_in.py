"""In a real browser: a member logs in, sees the home page in Japanese, and logs out."""

import pytest

from tests.conftest import PASSWORD, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_member_logs_in_and_out_in_the_browser(page, author, organisation):
    page.goto("/")  # the public portal; staff sign in from its header
    page.get_by_role("link", name="職員ログイン").click()
    assert page.locator("h1").inner_text() == "PIA Portal にログイン"
    screenshot(page, "login")

    page.get_by_label("ユーザー名").fill("author")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()

    page.wait_for_url(f"**/o/{organisation.slug}/")
    assert page.locator("h1").inner_text() == "山口市長"
    assert page.get_by_text("この評価実施機関にはまだ評価書がありません。").is_visible()
    screenshot(page, "organisation-home")

    page.get_by_role("button", name="ログアウト").click()
    page.wait_for_url("**/login/**")
