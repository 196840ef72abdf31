"""The change log written by the portal, in a real browser: given a published report, when an author
makes a new version, edits three items (one ※), opens 「変更箇所の案」 and adds the rows, and the
version is approved and published, then its public PDF ends with those rows."""

import re
import subprocess

import pytest

from pia_portal.organisations.models import Role
from pia_portal.reports import models as m
from tests.builders import publish
from tests.conftest import ROOT, assert_accessible, screenshot
from tests.test_browser_journey import as_person, open_report, publish_as_admin

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser, pytest.mark.worker]

DEPARTMENT = "健康福祉部 介護保険課 認定係"
RESPONSIBLE = "介護保険課 給付係"
PURPOSE = "介護保険の給付と地域支援事業の実施のため。"


def test_the_proposed_rows_end_the_published_pdf(page, celery_worker_process, make_person, organisation):
    from pia_portal.demo.reports import load_juten

    for role in (Role.AUTHOR, Role.APPROVER, Role.ADMIN):
        make_person(role.value, organisation, role)
    report = publish(load_juten(organisation)).report
    file = m.PersonalInfoFile.objects.filter(version__report=report).order_by("position").first()

    as_person(page, "author")
    open_report(page, report)
    page.get_by_role("button", name="新しい版を作成").click()
    edit = f"/o/{organisation.slug}/reports/{report.pk}/versions/2/edit/"
    page.goto(edit + "basic/")
    page.locator('[name$="-department"]').fill(DEPARTMENT)
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_text("保存しました。").wait_for()
    page.goto(edit + f"file-{file.uid.hex}/")
    page.locator('[name$="-responsible_department"]').fill(RESPONSIBLE)
    page.get_by_role("textbox", name="③使用目的").fill(PURPOSE)  # a ※ item
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_text("保存しました。").wait_for()

    page.get_by_role("link", name="変更箇所の案").click()
    page.get_by_text("重要な変更に当たる案が1行あります").wait_for()
    assert page.locator("tbody tr").count() == 3
    assert_accessible(page)
    screenshot(page, "changelog-proposal")
    page.get_by_label("変更日").fill("令和8年4月1日")
    page.get_by_role("button", name="変更日を設定する").click()
    page.get_by_text("変更日を設定しました。").wait_for()
    page.get_by_role("button", name="選んだ行を変更箇所に加える").first.click()
    page.get_by_text("3行を変更箇所に加えました。").wait_for()
    assert page.locator(".status-accepted").count() == 3
    open_report(page, report)
    page.get_by_role("button", name="審査に提出").click()
    page.get_by_text("審査に提出しました。").wait_for()

    as_person(page, "approver")
    open_report(page, report)
    assert page.get_by_text("この版には重要な変更が1件あります").is_visible()
    page.once("dialog", lambda dialog: dialog.accept())  # the approver confirms the 重要な変更
    page.get_by_role("button", name="承認").click()
    page.get_by_text("承認しました。").wait_for()

    publish_as_admin(page, report.versions.get(number=2))

    page.context.clear_cookies()
    page.goto(f"/public/reports/{report.pk}/")
    href = page.get_by_role("link", name="第2版をダウンロード(PDF)").get_attribute("href")
    response = page.request.get(href)
    text = subprocess.run(["pdftotext", "-", "-"], input=response.body(), capture_output=True, check=True).stdout.decode()
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts" / "changelog-published.txt").write_text(text)
    log = text[text.index("(別添2)"):].replace(" ", "").replace("\n", "")
    # The log ends with this version's rows, in document order, after every earlier row.
    positions = [log.index(value.replace(" ", "")) for value in (DEPARTMENT, RESPONSIBLE, PURPOSE)]
    assert positions == sorted(positions)
    dates = re.findall(r"(?:平成|令和)\d+年\d+月\d+日", log)
    assert len(dates) > 3 and dates[-3:] == ["令和8年4月1日"] * 3 and "令和8年4月1日" not in dates[:-3]
    assert "事前" in log[positions[-1]:]
