"""The 指針's procedure in a real browser: given a 事務 whose 全項目評価書 is drafted, an author records
the しきい値判断, opens a comment period (corrects a period that is too short by recording the
reason), a resident comments without an account, the author records the result and the 第三者点検
with its minutes, an approver approves, an administrator publishes with the 提出日, and the
published PDF's VI shows the dates and results. Every screen passes axe-core's WCAG 2.1 AA rules."""

import datetime as dt
import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pia_portal.core.wareki import format_date
from pia_portal.organisations.models import Role
from pia_portal.procedure.models import CommentPeriod, PublicComment
from pia_portal.reports import models as m
from pia_portal.rendering.models import RenderStatus
from tests.conftest import assert_accessible, screenshot
from tests.test_browser_journey import as_person, open_report, publish_as_admin

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser, pytest.mark.worker]

REASON = "制度改正の施行日に間に合わせる必要があるため"
COMMENT = "本人確認情報の提供先ごとに、提供の方法を具体的に書いてください。"
SUMMARY = "本人確認情報の提供方法を具体的に記載すべきとの意見が1件あった。"
FINDINGS = "評価書の内容は適当であるとの答申を受けた。"
MINUTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _wait(predicate, seconds=120):
    import time

    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.5)


def test_a_zenkomoku_goes_through_the_procedure_to_publication(page, celery_worker_process, make_person, organisation, tmp_path):
    from pia_portal.demo.reports import load_zenkomoku

    for role in (Role.AUTHOR, Role.APPROVER, Role.ADMIN):
        make_person(role.value, organisation, role)
    version = load_zenkomoku(organisation)
    report = version.report
    slug, today = organisation.slug, timezone.localdate()

    # しきい値判断: the 事務 needs the 全項目評価.
    as_person(page, "author")
    page.goto(f"/o/{slug}/plan/affairs/{report.affair_id}/threshold/")
    page.get_by_label("30万人以上").check()
    page.get_by_label("対象人数の計数時点").fill(format_date(today))
    page.get_by_label("500人以上").check()
    page.get_by_label("取扱者数の計数時点").fill(format_date(today))
    page.get_by_label("発生なし").check()
    page.get_by_role("button", name="次へ").click()
    assert "全項目評価の実施が義務付けられる" in page.locator("[data-threshold-result]").inner_text()
    page.get_by_role("button", name="この内容で記録する").click()
    page.get_by_role("heading", name="しきい値判断の記録").wait_for()

    # The report's next step is the procedure, not the review.
    open_report(page, report)
    assert page.get_by_role("button", name="審査に提出").count() == 0
    page.get_by_role("link", name="評価実施手続").click()
    assert_accessible(page)
    page.get_by_role("link", name="意見の聴取を始める").click()
    page.get_by_label("実施方法").fill("市ホームページ及び市民課窓口での閲覧による意見募集")
    page.get_by_label("終了日").fill(format_date(today + dt.timedelta(days=19)))
    page.get_by_role("button", name="記録する").click()
    summary = page.locator("[data-error-summary]")
    assert "20日間です" in summary.inner_text()
    assert_accessible(page)
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.name") == "shortening_reason"
    page.get_by_label("期間を短縮する特段の理由").fill(REASON)
    page.get_by_role("button", name="記録する").click()
    page.get_by_text("意見の聴取の開始を記録しました。").wait_for()
    screenshot(page, "procedure-open")

    period = CommentPeriod.objects.get(version=version)
    _wait(lambda: CommentPeriod.objects.get(pk=period.pk).draft_render.status == RenderStatus.DONE)

    # A resident, without an account, reads the draft and comments.
    page.context.clear_cookies()
    page.goto("/public/")
    page.get_by_role("link", name="意見募集中の評価書(案)", exact=True).click()
    page.get_by_role("link", name=f"{report.title}(案)").click()
    expect(page.get_by_role("link", name="評価書(案)をダウンロード(PDF)")).to_have_count(1)
    assert_accessible(page)
    page.get_by_label("ご意見").fill(COMMENT)
    page.wait_for_timeout(3_100)  # a person reads before sending; instant posts are refused
    page.get_by_role("button", name="意見を送信する").click()
    page.get_by_role("heading", name="ご意見ありがとうございました").wait_for()
    assert_accessible(page)
    assert PublicComment.objects.get().body == COMMENT

    # The period runs its course.
    CommentPeriod.objects.filter(pk=period.pk).update(starts_on=today - dt.timedelta(days=25), ends_on=today - dt.timedelta(days=6))
    period.refresh_from_db()

    as_person(page, "author")
    page.goto(f"/o/{slug}/reports/{report.pk}/versions/1/procedure/")
    page.get_by_role("link", name="結果を記録する").click()
    expect(page.get_by_text(COMMENT).first).to_be_visible()  # staff read what residents wrote
    page.get_by_label("主な意見の内容").fill(SUMMARY)
    page.get_by_label("評価書への反映").fill("III 7 リスク対策に提供方法を追記した。")
    page.get_by_role("button", name="記録する").click()
    page.get_by_text("意見の聴取の結果を記録しました。").wait_for()

    page.get_by_role("link", name="第三者点検を記録する").click()
    page.get_by_label("点検を行った第三者").fill("みどり市個人情報保護審議会")
    page.get_by_label("実施日").fill(format_date(today))
    page.locator("[name=method]").fill("審議会に評価書を諮問し、審議を受けた。")
    page.get_by_label("点検の結果").fill(FINDINGS)
    minutes = tmp_path / "minutes.pdf"
    minutes.write_bytes(MINUTES)
    page.get_by_label("議事録").set_input_files(str(minutes))
    page.get_by_role("button", name="記録する").click()
    page.get_by_text("第三者点検を記録しました。").wait_for()
    assert_accessible(page)
    screenshot(page, "procedure-done")

    open_report(page, report)
    page.get_by_role("button", name="審査に提出").click()
    page.get_by_text("審査に提出しました。").wait_for()
    as_person(page, "approver")
    open_report(page, report)
    page.get_by_role("button", name="承認").click()
    page.get_by_text("承認しました。").wait_for()
    publish_as_admin(page, m.Version.objects.get(pk=version.pk))
    assert m.Version.objects.get(pk=version.pk).publication.submitted_on == today

    # The published PDF's VI carries what the steps recorded.
    pdf = m.Version.objects.get(pk=version.pk).publication.render.file.path
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    vi = text[text.index("評価実施手続"):]
    vi = vi[vi.index("意見の聴取"):]
    for expected in (format_date(period.starts_on), format_date(period.ends_on), REASON, SUMMARY[:20],
                     format_date(today), "みどり市個人情報保護審議会", FINDINGS):
        assert expected in vi, expected
    assert "案" not in text.splitlines()[0]

    # Residents see the summary, never the comment itself.
    page.context.clear_cookies()
    page.goto(f"/public/comments/{period.pk}/")
    body = page.locator("main").inner_text()
    assert SUMMARY in body and COMMENT not in body
