"""The 指針's rules in a real browser: given a city whose two 事務 of 10万人以上30万人未満 need only a
重点項目評価, an author records a 重大事故 of the city; the 計画管理書 then shows both 事務 needing a
全項目評価 with the rule that makes it due; one 全項目評価書 goes through 意見の聴取 and 第三者点検 to
publication. Every screen passes axe-core's WCAG 2.1 AA rules."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pia_portal.core.wareki import format_date
from pia_portal.organisations.models import Role
from pia_portal.planning import services as planning
from pia_portal.procedure.models import CommentPeriod
from pia_portal.reports import models as m
from tests.conftest import assert_accessible, screenshot
from tests.test_browser_journey import as_person, open_report, publish_as_admin

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser, pytest.mark.worker]

INCIDENT = "委託先の従業者が住民の特定個人情報を記録した媒体を持ち出した。"


def _judge(affair, author, day):
    planning.record_threshold(affair, subject_band="FROM_100K_TO_300K", subject_counted_on=day, handlers="UNDER_500",
                              handlers_counted_on=day, serious_incident=False, decided_on=day, actor=author)


def test_a_serious_incident_puts_two_zenkomoku_on_the_plan_and_one_is_published(
        page, celery_worker_process, make_person, organisation):
    from pia_portal.demo.reports import load_zenkomoku

    people = {role: make_person(role.value, organisation, role) for role in (Role.AUTHOR, Role.APPROVER, Role.ADMIN)}
    today = timezone.localdate()
    version = load_zenkomoku(organisation)
    report = version.report
    other = planning.create_affair(organisation, number="61", name="国民健康保険に関する事務", actor=people[Role.AUTHOR])
    for affair in (report.affair, other):
        _judge(affair, people[Role.AUTHOR], today - dt.timedelta(days=60))
    slug = organisation.slug

    # Before: a 全項目評価 is 任意 for both; the plan asks for a 重点 (or more).
    as_person(page, "author")
    page.goto(f"/o/{slug}/plan/")
    assert page.locator("[data-duty=evaluation]").filter(has_text="重大事故").count() == 0

    # The 重大事故 is recorded once, for the city.
    page.get_by_role("link", name="重大事故を記録する").click()
    assert "重大事故とは" in page.locator("#incident-definition").inner_text()
    assert_accessible(page)
    page.get_by_label("発生日").fill(format_date(today - dt.timedelta(days=3)))
    page.get_by_label("概要").fill(INCIDENT)
    page.get_by_role("button", name="記録する").click()
    page.get_by_text("重大事故を記録しました。").wait_for()

    # The plan shows both 事務 now needing a 全項目評価, with the rule that makes it due.
    due = page.locator("[data-duty=evaluation]").filter(has_text="全項目評価書")
    assert due.count() == 2
    for text in due.all_inner_texts():
        assert "重大事故" in text and "評価実施機関の全ての事務に及ぶ" in text and "基礎項目評価及び全項目評価" in text
    assert page.locator("[data-raised]").count() == 2  # the judgement as it stands today
    assert_accessible(page)
    screenshot(page, "shishin-plan-after-incident")
    page.get_by_role("link", name="指針の規則").first.click()
    expect(page.locator("#rule-incident_scope")).to_have_count(1)
    expect(page.locator("#unverified-count")).to_have_count(1)
    assert_accessible(page)

    # One 全項目評価書 is evaluated: the procedure is required (not 任意 any more).
    open_report(page, report)
    page.get_by_role("link", name="評価実施手続").first.click()
    expect(page.locator("main")).to_contain_text("新規の全項目評価")
    assert page.locator("[data-voluntary]").count() == 0
    assert_accessible(page)
    screenshot(page, "shishin-procedure")
    page.get_by_role("link", name="意見の聴取を始める").click()
    page.get_by_label("実施方法").fill("市ホームページ及び市民課窓口での閲覧による意見募集")
    page.get_by_role("button", name="記録する").click()
    page.get_by_text("意見の聴取の開始を記録しました。").wait_for()
    period = CommentPeriod.objects.get(version=version)
    CommentPeriod.objects.filter(pk=period.pk).update(starts_on=today - dt.timedelta(days=35),
                                                     ends_on=today - dt.timedelta(days=6))
    page.reload()
    page.get_by_role("link", name="結果を記録する").click()
    page.get_by_label("主な意見の内容").fill("意見はありませんでした。")
    page.get_by_label("評価書への反映").fill("反映なし。")
    page.get_by_role("button", name="記録する").click()
    page.get_by_text("意見の聴取の結果を記録しました。").wait_for()
    page.get_by_role("link", name="第三者点検を記録する").click()
    page.get_by_label("点検を行った第三者").fill("みどり市個人情報保護審議会")
    page.get_by_label("実施日").fill(format_date(today))
    page.locator("[name=method]").fill("審議会に評価書を諮問し、審議を受けた。")
    page.get_by_label("点検の結果").fill("評価書の内容は適当であるとの答申を受けた。")
    page.get_by_role("button", name="記録する").click()
    page.get_by_text("第三者点検を記録しました。").wait_for()

    open_report(page, report)
    page.get_by_role("button", name="審査に提出").click()
    page.get_by_text("審査に提出しました。").wait_for()
    as_person(page, "approver")
    open_report(page, report)
    page.get_by_role("button", name="承認").click()
    page.get_by_text("承認しました。").wait_for()
    publish_as_admin(page, m.Version.objects.get(pk=version.pk))
    assert m.Version.objects.get(pk=version.pk).status == m.VersionStatus.PUBLISHED
    assert m.Version.objects.get(pk=version.pk).purpose.kind == "first"

    # The plan: only the other 事務 still needs its 全項目評価.
    page.goto(f"/o/{slug}/plan/")
    assert page.locator("[data-duty=evaluation]").filter(has_text="全項目評価書").count() == 1
    screenshot(page, "shishin-plan-after-publication")
