"""Nothing anyone types is lost (issue #28), in a real browser with two people in two browsers.

Given a 全項目 draft that 佐藤 and 鈴木 both have open, when each changes items of the same
section and saves, then each keeps what the other changed, and only an item both changed
differently is put to the one who saved second. Typed text survives every button of the page, a
refused save, and leaving the page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from pia_portal.organisations.models import Role
from pia_portal.publishing import services as workflow
from pia_portal.reports import models as m
from tests.builders import full_version
from tests.conftest import PASSWORD, assert_accessible, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def people(make_person, organisation):
    found = {}
    for username, last, first in (("sato", "佐藤", "花子"), ("suzuki", "鈴木", "一郎")):
        person = make_person(username, organisation, Role.AUTHOR)
        person.last_name, person.first_name = last, first
        person.save()
        found[username] = person
    return found


@pytest.fixture
def draft(organisation, people):
    return full_version(organisation, "zenkomoku", actor=people["sato"])


def person_page(browser, live_server, username: str):
    context = browser.new_context(locale="ja-JP", base_url=live_server.url, viewport={"width": 1280, "height": 900},
                                  reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto("/login/")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(re.compile(r"/o/"))
    return page


def file_page_url(version) -> str:
    file = version.files.order_by("position").first()
    return reverse("editing:page", args=[version.report.organisation.slug, version.report_id, version.number, f"file-{file.uid.hex}"])


def field(page, record, attr: str):
    return page.locator(f'[name="{record.entity.value}-{record.uid.hex}-{attr}"]')


def save(page):
    with page.expect_navigation():
        page.get_by_role("button", name="保存", exact=True).click()


def test_a_colleagues_edit_survives_and_only_the_item_both_changed_is_put_to_the_second(browser, live_server, draft, people):
    file = draft.files.order_by("position").first()
    contract = m.Outsourcing.objects.filter(file=file).order_by("position").first()
    sato, suzuki = person_page(browser, live_server, "sato"), person_page(browser, live_server, "suzuki")
    url = file_page_url(draft)
    sato.goto(url)
    suzuki.goto(url)

    field(sato, file, "storage_location").fill("本庁舎地下の施錠された書庫(佐藤)")
    field(sato, file, "retention_validity").fill("法令の保存期間に合わせる(佐藤)")
    save(sato)
    sato.get_by_text("保存しました。").wait_for()

    field(suzuki, file, "deletion_method").fill("裁断の上、溶解処理する(鈴木)")
    field(suzuki, file, "retention_validity").fill("事務の必要に応じて定める(鈴木)")
    field(suzuki, contract, "contractor_name").fill("株式会社ＡＢＤ(鈴木)")
    suzuki.get_by_role("button", name="保存", exact=True).click()

    summary = suzuki.locator("[data-error-summary]")
    summary.wait_for()
    assert "1件" in summary.inner_text() and "その妥当性" in summary.inner_text()
    assert summary.get_by_role("link").count() == 1
    assert suzuki.evaluate("document.activeElement === document.querySelector('[data-error-summary]')")
    assert "佐藤 花子さんの変更を取り込みました" in suzuki.locator("[data-merged]").inner_text()
    # 佐藤's 保管場所 is shown to 鈴木 now, and is what is saved; 鈴木's other edits are saved.
    assert field(suzuki, file, "storage_location").input_value() == "本庁舎地下の施錠された書庫(佐藤)"
    assert field(suzuki, file, "deletion_method").input_value() == "裁断の上、溶解処理する(鈴木)"
    file.refresh_from_db()
    contract.refresh_from_db()
    assert file.storage_location == "本庁舎地下の施錠された書庫(佐藤)"
    assert file.deletion_method == "裁断の上、溶解処理する(鈴木)" and contract.contractor_name == "株式会社ＡＢＤ(鈴木)"
    assert file.retention_validity == "法令の保存期間に合わせる(佐藤)"  # nothing saved for it until 鈴木 chooses
    conflict = suzuki.locator("[data-conflict]")
    assert "法令の保存期間に合わせる(佐藤)" in conflict.inner_text()
    assert field(suzuki, file, "retention_validity").input_value() == "事務の必要に応じて定める(鈴木)"
    assert_accessible(suzuki)
    screenshot(suzuki, "merge-conflict")

    # Saving again without choosing saves nothing for it; by keyboard alone 鈴木 keeps their own.
    save(suzuki)
    file.refresh_from_db()
    assert file.retention_validity == "法令の保存期間に合わせる(佐藤)"
    suzuki.locator("[data-error-summary]").get_by_role("link").press("Enter")
    mine = suzuki.get_by_label("自分の内容を使う(上の入力のまま。手で直してもかまいません)")
    mine.focus()
    suzuki.keyboard.press("Space")
    assert mine.is_checked()
    with suzuki.expect_navigation():
        suzuki.get_by_role("button", name="保存", exact=True).press("Enter")
    suzuki.get_by_text("保存しました。").wait_for()
    file.refresh_from_db()
    assert file.retention_validity == "事務の必要に応じて定める(鈴木)"
    assert file.storage_location == "本庁舎地下の施錠された書庫(佐藤)"


def test_typed_text_survives_every_button_of_the_page(browser, live_server, draft, people, make_person, organisation):
    reviewer = make_person("shinsa", organisation, Role.REVIEWER)
    m.Version.objects.filter(pk=draft.pk).update(status=m.VersionStatus.IN_REVIEW, submitted_by=people["sato"])
    comment = workflow.add_comment(draft, actor=reviewer, page="basic", page_title="I 基本情報", text="部署名を確認してください。",
                                   record_uid=draft.basic_info.uid, attr="department")
    workflow.return_version(draft, actor=reviewer, reason="確認をお願いします。")
    page = person_page(browser, live_server, "sato")
    slug = draft.report.organisation.slug
    basic = reverse("editing:page", args=[slug, draft.report_id, 1, "basic"])
    page.goto(basic)
    department = page.locator(f'[name="basic_info-{draft.basic_info.uid.hex}-department"]')

    for n, button in enumerate(["システムを追加", "対応済みにする"]):
        typed = f"健康福祉部 介護保険課 その{n}"
        department.fill(typed)
        if button == "対応済みにする":
            page.locator(f"#comment-{comment.pk}").get_by_text("対応済みにする").first.click()  # opens the answer box
        with page.expect_navigation():
            page.get_by_role("button", name=button, exact=True).last.click()
        assert department.input_value() == typed, button
    comment.refresh_from_db()
    assert comment.answered_at is not None
    assert m.BasicInfo.objects.get(version=draft).department == "健康福祉部 介護保険課 その1"

    page.goto(file_page_url(draft))
    file = draft.files.order_by("position").first()
    for n, button in enumerate(["委託事項を追加", "提供先を追加"]):
        typed = f"本庁舎の書庫 その{n}"
        field(page, file, "storage_location").fill(typed)
        with page.expect_navigation():
            page.get_by_role("button", name=button).first.click()
        assert field(page, file, "storage_location").input_value() == typed, button
    screenshot(page, "merge-after-add")


def test_a_refused_save_keeps_every_input_and_lists_each_error(browser, live_server, draft, people):
    page = person_page(browser, live_server, "sato")
    page.goto(file_page_url(draft))
    typed = {}
    inputs = page.locator('#editor-form textarea:visible, #editor-form input[type="text"]:visible:not([name$="_date"]):not([disabled])')
    for n in range(min(inputs.count(), 60)):
        box = inputs.nth(n)
        value = f"入力{n:02d}"
        box.fill(value)
        typed[box.get_attribute("name")] = value
    assert len(typed) >= 40
    file = draft.files.order_by("position").first()
    field(page, file, "holding_start_date").fill("令和9年13月45日")
    field(page, file, "usage_start_date").fill("あした")
    page.get_by_role("button", name="保存", exact=True).click()

    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    links = summary.get_by_role("link")
    assert links.count() == 2
    for n in range(2):
        target = links.nth(n).get_attribute("href")
        assert page.locator(target).count() == 1, target
    assert "保有開始日" in summary.inner_text() and "使用開始日" in summary.inner_text()
    assert page.locator("[data-submission-checks]").count() <= 1
    assert_accessible(page)
    screenshot(page, "merge-refused-save")

    page.on("dialog", lambda dialog: dialog.accept())
    page.locator(".editor-nav").get_by_role("link", name="I 基本情報").click()
    page.wait_for_url(re.compile(r"/basic/$"))
    page.goto(file_page_url(draft))
    page.locator("[data-restored]").wait_for()
    for name, value in typed.items():
        assert page.locator(f'[name="{name}"]').input_value() == value, name
    assert field(page, file, "usage_start_date").input_value() == "あした"


def test_entries_two_people_add_are_both_kept_and_removing_an_entry_someone_edited_asks(browser, live_server, draft, people):
    sato, suzuki = person_page(browser, live_server, "sato"), person_page(browser, live_server, "suzuki")
    url = file_page_url(draft)
    sato.goto(url)
    suzuki.goto(url)
    file = draft.files.order_by("position").first()
    before = m.Outsourcing.objects.filter(file=file).count()

    for page in (sato, suzuki):
        with page.expect_navigation():
            page.get_by_role("button", name="委託事項を追加").click()
    assert m.Outsourcing.objects.filter(file=file).count() == before + 2

    # 佐藤 changes 委託事項1 while 鈴木, who opened the page before, removes it: 鈴木 is asked.
    sato.goto(url)
    suzuki.goto(url)
    first = m.Outsourcing.objects.filter(file=file).order_by("position").first()
    field(sato, first, "contractor_name").fill("株式会社変更後(佐藤)")
    save(sato)
    suzuki.once("dialog", lambda dialog: dialog.accept())
    suzuki.get_by_role("button", name="委託事項1を削除").click()
    summary = suzuki.locator("[data-error-summary]")
    summary.wait_for()
    assert "③委託先名" in summary.inner_text() or "委託先名" in summary.inner_text()
    assert m.Outsourcing.objects.filter(pk=first.pk).exists()
    assert_accessible(suzuki)

    # 鈴木 in two tabs: what one tab saved is never a conflict for the other.
    other_tab = suzuki.context.new_page()
    other_tab.goto(url)
    suzuki.goto(url)
    field(other_tab, file, "deletion_method").fill("一つ目のタブで保存")
    save(other_tab)
    field(suzuki, file, "deletion_method").fill("二つ目のタブで保存")
    save(suzuki)
    suzuki.get_by_text("保存しました。").wait_for()
    assert suzuki.locator("[data-conflict]").count() == 0
    file.refresh_from_db()
    assert file.deletion_method == "二つ目のタブで保存"

    # A long text both changed in different paragraphs is joined.
    lines = [f"{n}. 保管場所は本庁舎の施錠できる書庫とする({n})。" for n in range(1, 7)]
    m.PersonalInfoFile.objects.filter(pk=file.pk).update(storage_location="\n".join(lines))
    sato.goto(url)
    suzuki.goto(url)
    field(sato, file, "storage_location").fill("\n".join(lines).replace("(2)", "(二)"))
    save(sato)
    field(suzuki, file, "storage_location").fill("\n".join(lines).replace("(5)", "(五)"))
    save(suzuki)
    suzuki.get_by_text("保存しました。").wait_for()
    file.refresh_from_db()
    assert "(二)" in file.storage_location and "(五)" in file.storage_location
    assert "佐藤 花子さんの変更を取り込みました" in suzuki.locator(".alert").all_inner_texts().__str__()
