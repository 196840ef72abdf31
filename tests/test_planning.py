"""The 計画管理書: given an organisation's 事務, when staff assess their thresholds and publish and
review their reports, then the plan shows what each requires and when each duty falls due, and
exports it as CSV, Excel and a calendar."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from pia_portal.audit.models import ActionLog
from pia_portal.demo import reports as demo_reports
from pia_portal.organisations.models import Role
from pia_portal.planning import services
from pia_portal.planning.duties import AffairRecords, DutyKind, duties_from, period_end, shift_years
from pia_portal.planning.models import Affair, ThresholdAssessment
from pia_portal.planning.plan import plan_of
from pia_portal.planning.reminders import stage_of
from pia_portal.procedure import shishin
from pia_portal.planning.threshold import RULE, Required, decide, evaluations_needed
from pia_portal.reports import models as m

pytestmark = pytest.mark.django_db

# The しきい値判断 on every band and combination: (band, 取扱者数500人以上, 重大事故) → required.
EXPECTED = {
    "UNDER_1K": {(False, False): Required.NONE, (True, False): Required.NONE, (False, True): Required.NONE, (True, True): Required.NONE},
    "FROM_1K_TO_10K": {(False, False): Required.KISO, (True, False): Required.KISO, (False, True): Required.KISO, (True, True): Required.KISO},
    "FROM_10K_TO_100K": {(False, False): Required.KISO, (True, False): Required.JUTEN, (False, True): Required.JUTEN, (True, True): Required.JUTEN},
    "FROM_100K_TO_300K": {(False, False): Required.JUTEN, (True, False): Required.ZENKOMOKU, (False, True): Required.ZENKOMOKU, (True, True): Required.ZENKOMOKU},
    "OVER_300K": {(False, False): Required.ZENKOMOKU, (True, False): Required.ZENKOMOKU, (False, True): Required.ZENKOMOKU, (True, True): Required.ZENKOMOKU},
}


@pytest.mark.parametrize("band", list(EXPECTED))
@pytest.mark.parametrize("many_handlers", [False, True])
@pytest.mark.parametrize("incident", [False, True])
def test_the_threshold_rule_on_every_band_and_combination(band, many_handlers, incident):
    decision = decide(band, "OVER_500" if many_handlers else "UNDER_500", incident)

    assert decision.required is EXPECTED[band][many_handlers, incident]
    assert decision.verified is RULE[band].verified
    assert decision.result_label.startswith(("基礎項目評価", "特定個人情報保護評価の実施が義務付けられない"))
    # The record says which rule was applied, in words.
    assert "対象人数" in decision.rule and decision.required.label in decision.rule


def test_what_each_requirement_asks_for():
    assert evaluations_needed(Required.NONE) == []
    assert evaluations_needed(Required.KISO) == [{"kiso"}]
    assert evaluations_needed(Required.JUTEN) == [{"kiso"}, {"juten", "zenkomoku"}]
    assert evaluations_needed(Required.ZENKOMOKU) == [{"kiso"}, {"zenkomoku"}]


@pytest.mark.parametrize("start, years, end", [
    ("2021-04-01", 5, "2026-04-01"),  # published on 1 April: re-evaluated by 1 April five years on
    ("2021-04-30", 5, "2026-04-30"),
    ("2021-12-31", 1, "2022-12-31"),
    ("2020-02-29", 5, "2025-02-28"),  # a leap day: the period ends on the last day of February
    ("2020-02-29", 4, "2024-02-29"),  # ... and on the 29th when the final year is a leap year
    ("2024-02-28", 5, "2029-02-28"),  # the day after is 29 February, which 2029 lacks
    ("2023-02-28", 5, "2028-02-29"),  # the day before 1 March, which in a leap year is the 29th
    ("2026-03-31", 3, "2029-03-31"),  # three years after the end of a 事務
])
def test_periods_are_counted_as_the_civil_code_counts_them(start, years, end):
    assert period_end(dt.date.fromisoformat(start), years=years).isoformat() == end


def test_a_year_back_from_a_leap_day():
    assert shift_years(dt.date(2024, 2, 29), -1) == dt.date(2023, 2, 28)
    assert shift_years(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)


def test_duties_follow_the_latest_publication_review_and_end():
    published = AffairRecords(published_on={"juten": dt.date(2022, 6, 1), "zenkomoku": dt.date(2023, 9, 15)})
    duties = {d.kind: d.due_on for d in duties_from(published)}
    assert duties == {DutyKind.REEVALUATION: dt.date(2028, 9, 15), DutyKind.REVIEW: dt.date(2024, 9, 15)}

    # A review that found no change counts: the next one is due a year after it.
    reviewed = AffairRecords(published_on={"zenkomoku": dt.date(2023, 9, 15)}, reviewed_on=dt.date(2024, 8, 1))
    assert {d.kind: d.due_on for d in duties_from(reviewed)}[DutyKind.REVIEW] == dt.date(2025, 8, 1)
    # ... but not for the re-evaluation, which counts from the 公表日.
    assert {d.kind: d.due_on for d in duties_from(reviewed)}[DutyKind.REEVALUATION] == dt.date(2028, 9, 15)

    # An ended 事務 has its notification to the 委員会 (without delay) and at least 3 years of publication left.
    ended = AffairRecords(published_on={"zenkomoku": dt.date(2023, 9, 15)}, ended_on=dt.date(2026, 3, 31))
    assert [d.basis for d in duties_from(reviewed)] == [
        "令和6年8月1日の見直しから1年", "令和5年9月15日の評価の公表から5年(評価書の修正の公表では再開しない)"]
    assert [(d.kind, d.due_on) for d in duties_from(ended)] == [
        (DutyKind.END_NOTIFICATION, dt.date(2026, 3, 31)), (DutyKind.END_OF_PUBLICATION, dt.date(2029, 3, 31))]
    assert "少なくとも3年" in duties_from(ended)[1].basis
    notified = AffairRecords(ended_on=dt.date(2026, 3, 31), end_notified_on=dt.date(2026, 4, 2), archived=True)
    assert duties_from(notified) == []


def test_a_judgement_that_requires_an_unpublished_evaluation_is_a_duty():
    records = AffairRecords(published_on={"juten": dt.date(2024, 4, 1)}, required=Required.ZENKOMOKU, decided_on=dt.date(2026, 5, 1))
    evaluation = [d for d in duties_from(records) if d.kind is DutyKind.EVALUATION]
    # Both evaluations the judgement requires: the 基礎項目評価 and the 全項目評価.
    assert sorted(d.basis.split("で")[1].split("。")[0] for d in evaluation) == ["全項目評価書が必要(未公表)", "基礎項目評価書が必要(未公表)"]
    # An existing 事務 whose judgement was raised: due by the rule's period, not on the judgement day.
    assert {d.due_on for d in evaluation} == {shishin.threshold_change_due(dt.date(2026, 5, 1))}
    assert all(d.state(dt.date(2026, 5, 1)) == "planned" for d in evaluation)
    assert all(f"判断から{shishin.THRESHOLD_CHANGE_DAYS}日を目安" in d.basis for d in evaluation)
    # A published 全項目評価書 meets a requirement for 重点.
    met = AffairRecords(published_on={"zenkomoku": dt.date(2024, 4, 1)}, required=Required.JUTEN, decided_on=dt.date(2026, 5, 1))
    assert [d.basis.split("で")[1].split("。")[0] for d in duties_from(met) if d.kind is DutyKind.EVALUATION] == ["基礎項目評価書が必要(未公表)"]


@pytest.mark.parametrize("days_left, stage", [(31, None), (30, "30"), (8, "30"), (7, "7"), (0, "7"), (-1, "overdue")])
def test_reminder_stages(days_left, stage):
    today = dt.date(2026, 11, 23)
    duty = duties_from(AffairRecords(published_on={"juten": period_end(today + dt.timedelta(days=days_left), years=-1)}))
    review = next(d for d in duty if d.kind is DutyKind.REVIEW)
    assert review.days_left(today) == days_left
    assert stage_of(review, today) == stage


# Through the services and pages -----------------------------------------------------------------


@pytest.fixture
def people(make_person, organisation):
    return {role: make_person(role.value, organisation, role) for role in (Role.AUTHOR, Role.REVIEWER, Role.ADMIN)}


def _judge(affair, person, band="FROM_100K_TO_300K", handlers="UNDER_500", incident=False, day=dt.date(2026, 4, 1)):
    return services.record_threshold(affair, subject_band=band, subject_counted_on=day, handlers=handlers,
                                     handlers_counted_on=day, serious_incident=incident, decided_on=day, actor=person)


def test_every_report_belongs_to_an_affair_of_its_number(organisation):
    version = demo_reports.load_juten(organisation)
    affair = version.report.affair
    assert (affair.organisation, affair.number) == (organisation, version.report.assessment_number)


def test_a_changed_result_that_requires_more_is_recorded_as_such(organisation, people):
    affair = services.create_affair(organisation, number="１２", name="介護保険事務", actor=people[Role.AUTHOR])
    assert affair.number == "12"  # full-width digits normalised
    _judge(affair, people[Role.AUTHOR])
    _judge(affair, people[Role.AUTHOR], handlers="OVER_500", day=dt.date(2026, 10, 1))

    latest = affair.latest_threshold()
    assert latest.requirement is Required.ZENKOMOKU and latest.incident_window_start == dt.date(2025, 10, 2)
    logged = ActionLog.objects.filter(action="threshold.decided").order_by("id")
    assert [entry.data["requires_evaluation"] for entry in logged] == [False, True]
    assert [d.kind for d in plan_of(organisation)[0].duties] == [DutyKind.EVALUATION] * 2  # 基礎 and 全項目


def test_only_authors_and_admins_plan_and_only_admins_end(organisation, people):
    with pytest.raises(services.PlanningError):
        services.create_affair(organisation, number="1", name="x", actor=people[Role.REVIEWER])
    affair = services.create_affair(organisation, number="1", name="x", actor=people[Role.ADMIN])
    with pytest.raises(services.PlanningError, match="すでにあります"):
        services.create_affair(organisation, number="1", name="y", actor=people[Role.ADMIN])
    with pytest.raises(services.PlanningError):
        services.end_affair(affair, actor=people[Role.AUTHOR], ended_on=dt.date(2026, 3, 31))
    assert services.end_affair(affair, actor=people[Role.ADMIN], ended_on=dt.date(2026, 3, 31)).ended_on == dt.date(2026, 3, 31)


def test_the_wizard_shows_the_result_and_rule_before_recording(client, organisation, people):
    affair = services.create_affair(organisation, number="3", name="住民基本台帳事務", actor=people[Role.AUTHOR])
    client.force_login(people[Role.AUTHOR])
    url = reverse("planning:threshold", args=[organisation.slug, affair.pk])
    answers = {"subject_band": "OVER_300K", "subject_counted_on": "令和8年4月1日", "handlers": "UNDER_500",
               "handlers_counted_on": "R8.4.1", "serious_incident": "no", "decided_on": "令和8年4月10日"}

    check = client.post(url, {**answers, "step": "check"})
    assert "基礎項目評価及び全項目評価の実施が義務付けられる" in check.content.decode()
    assert not ThresholdAssessment.objects.exists()

    client.post(url, {**answers, "step": "record"})
    recorded = ThresholdAssessment.objects.get()
    assert (recorded.requirement, recorded.decided_by, recorded.subject_counted_on) == (Required.ZENKOMOKU, people[Role.AUTHOR], dt.date(2026, 4, 1))


@pytest.mark.parametrize("change, field, message", [
    ({"subject_band": ""}, "subject_band", "対象人数を選んでください。"),
    ({"subject_counted_on": "令和8年13月1日"}, "subject_counted_on", ""),
    ({"subject_counted_on": "令和8年5月1日"}, "subject_counted_on", "計数時点は判断日以前"),
    ({"decided_on": "令和99年1月1日"}, "decided_on", "未来の日付"),
    ({"serious_incident": "maybe"}, "serious_incident", ""),
])
def test_bad_answers_get_a_message_next_to_the_field(client, organisation, people, change, field, message):
    affair = services.create_affair(organisation, number="4", name="x", actor=people[Role.AUTHOR])
    client.force_login(people[Role.AUTHOR])
    answers = {"subject_band": "OVER_300K", "subject_counted_on": "令和8年4月1日", "handlers": "UNDER_500",
               "handlers_counted_on": "令和8年4月1日", "serious_incident": "no", "decided_on": "令和8年4月10日", "step": "record"}
    response = client.post(reverse("planning:threshold", args=[organisation.slug, affair.pk]), {**answers, **change})
    assert response.status_code == 200
    assert response.context["form"].errors[field] and message in " ".join(response.context["form"].errors[field])
    assert f'href="#id_{field}' in response.content.decode()  # the error summary links to the field
    assert not ThresholdAssessment.objects.exists()


def test_the_plan_is_exported_in_its_shape(client, organisation, people):
    version = demo_reports.load_juten(organisation)
    m.Version.objects.filter(pk=version.pk).update(status=m.VersionStatus.PUBLISHED, published_at=timezone.now())
    _judge(version.report.affair, people[Role.AUTHOR])
    client.force_login(people[Role.REVIEWER])  # every member may read the plan

    page = client.get(reverse("planning:plan", args=[organisation.slug])).content.decode()
    assert version.report.affair.name in page and "基礎項目評価及び重点項目評価" in page
    # The next duty says what it is counted from: here, the 基礎項目評価書 the judgement asks for too.
    assert "のしきい値判断で基礎項目評価書が必要(未公表)" in page

    exported = client.get(reverse("planning:plan_csv", args=[organisation.slug]))
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["評価書番号", "特定個人情報保護評価の対象となる事務の名称"]
    assert rows[1][0] == version.report.assessment_number and "重点項目評価書(公表)" in rows[1]

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get(reverse("planning:plan_xlsx", args=[organisation.slug])).content))
    sheet = book.active
    assert sheet["A1"].value == "特定個人情報保護評価計画管理書"
    assert [c.value for c in sheet[4]][:2] == rows[0][:2] and sheet.cell(row=5, column=1).value == rows[1][0]


def test_the_calendar_feed_lists_each_duty_and_needs_its_token(client, organisation, people):
    from icalendar import Calendar

    from pia_portal.planning.models import CalendarFeed

    version = demo_reports.load_juten(organisation)
    m.Version.objects.filter(pk=version.pk).update(status=m.VersionStatus.PUBLISHED, published_at=timezone.now())
    feed = CalendarFeed.for_organisation(organisation)
    response = client.get(reverse("planning:calendar_feed", args=[organisation.slug, feed.token]))  # no sign-in
    events = [c for c in Calendar.from_ical(response.content).walk("VEVENT")]
    assert sorted(str(e["summary"]).split("】")[0] for e in events) == ["【再評価(前回の公表から5年以内)", "【評価書の見直し(1年に1回以上)"]
    assert all(len(e.subcomponents) == 2 for e in events)  # alarms 30 and 7 days before
    assert client.get(reverse("planning:calendar_feed", args=[organisation.slug, "wrong"])).status_code == 404

    client.force_login(people[Role.ADMIN])
    client.post(reverse("planning:reset_calendar_feed", args=[organisation.slug]))  # not confirmed: nothing changes
    assert client.get(reverse("planning:calendar_feed", args=[organisation.slug, feed.token])).status_code == 200
    client.post(reverse("planning:reset_calendar_feed", args=[organisation.slug]), {"confirm": "yes"})
    assert client.get(reverse("planning:calendar_feed", args=[organisation.slug, feed.token])).status_code == 404


def test_a_review_with_no_change_moves_the_next_review(client, organisation, people):
    version = demo_reports.load_juten(organisation)
    published = timezone.now() - dt.timedelta(days=400)
    m.Cover.objects.filter(version=version).update(publication_date=published.date())  # the printed 公表日
    m.Version.objects.filter(pk=version.pk).update(status=m.VersionStatus.PUBLISHED, published_at=published)
    affair = version.report.affair
    today = timezone.localdate()
    assert [d.kind for d in plan_of(organisation)[0].overdue(today)] == [DutyKind.REVIEW]

    client.force_login(people[Role.AUTHOR])
    client.post(reverse("planning:review", args=[organisation.slug, affair.pk]),
                {"reviewed_on": today.isoformat(), "outcome": "no_change", "note": ""})
    assert plan_of(organisation)[0].overdue(today) == []
    assert ActionLog.objects.filter(action="affair.reviewed").exists()


def test_outsiders_reach_nothing_of_the_plan(client, organisation, other_organisation, make_person):
    affair = Affair.objects.create(organisation=organisation, number="9", name="x")
    stranger = make_person("stranger", other_organisation, Role.ADMIN)
    client.force_login(stranger)
    for name, args in [("plan", []), ("plan_csv", []), ("affair", [affair.pk]), ("threshold", [affair.pk])]:
        assert client.get(reverse(f"planning:{name}", args=[organisation.slug, *args])).status_code == 404


def test_the_kiso_report_takes_ii_and_iii_from_the_threshold_assessment(organisation, people):
    from pia_portal.reports.services import create_report

    affair = services.create_affair(organisation, number="8", name="児童手当に関する事務", actor=people[Role.AUTHOR])
    _judge(affair, people[Role.AUTHOR], band="FROM_1K_TO_10K")
    version = create_report(organisation, kind="kiso", assessment_number="8", title="児童手当に関する事務 基礎項目評価書",
                            affair_name="児童手当に関する事務", actor=people[Role.AUTHOR])
    assert version.report.affair == affair
    procedure = m.Procedure.objects.get(version=version)
    assert (procedure.threshold_subject_band, procedure.threshold_incident, procedure.threshold_result_kiso) == (
        "FROM_1K_TO_10K", "NONE", "KISO_REQUIRED")

    _judge(affair, people[Role.AUTHOR], band="FROM_10K_TO_100K", handlers="OVER_500", day=dt.date(2026, 6, 1))
    procedure.refresh_from_db()
    assert (procedure.threshold_result_kiso, procedure.threshold_handlers_counted_on) == ("KISO_AND_JUTEN_REQUIRED", dt.date(2026, 6, 1))

    # The 基礎 and the 重点 report of one 事務 share its number.
    juten = create_report(organisation, kind="juten", assessment_number="8", title="児童手当に関する事務 重点項目評価書",
                          actor=people[Role.AUTHOR])
    assert juten.report.affair == affair


def test_three_years_after_the_end_staff_confirm_the_reports_leave_the_public_portal(client, organisation, people):
    from tests.builders import publish

    version = publish(demo_reports.load_juten(organisation))
    from pia_portal.publishing.models import Publication
    from pia_portal.rendering.models import PdfRender, RenderStatus

    render = PdfRender.objects.create(version=version, content_key="k", status=RenderStatus.DONE, file="pdf/x.pdf")
    Publication.objects.create(version=version, render=render, published_at=timezone.now())
    affair = services.end_affair(version.report.affair, actor=people[Role.ADMIN], ended_on=dt.date(2024, 2, 29))
    public = reverse("public:public_report", args=[version.report_id])
    (row,) = [row for row in plan_of(organisation) if row.affair == affair]
    assert row.due(DutyKind.END_NOTIFICATION).state(dt.date(2024, 3, 1)) == "overdue"  # notify without delay
    services.record_end_notification(affair, actor=people[Role.AUTHOR], notified_on=dt.date(2024, 3, 4),
                                     today=dt.date(2024, 3, 5))

    # At least three years (民法: to 2027-02-28, a year without 29 February): refused before, and
    # nothing ends it on its own; after, the duty reminds staff, who confirm.
    with pytest.raises(services.PlanningError, match="少なくとも3年間"):
        services.archive_affair(affair, actor=people[Role.ADMIN], today=dt.date(2027, 2, 28))
    assert client.get(public).status_code == 200
    (row,) = [row for row in plan_of(organisation) if row.affair == affair]
    assert row.due(DutyKind.END_NOTIFICATION) is None
    assert row.due(DutyKind.END_OF_PUBLICATION).state(dt.date(2027, 3, 1)) == "ready"
    services.archive_affair(affair, actor=people[Role.ADMIN], today=dt.date(2027, 3, 1))
    with pytest.raises(services.PlanningError):
        services.archive_affair(affair, actor=people[Role.ADMIN], today=dt.date(2027, 3, 2))  # once
    response = client.get(public)
    assert response.status_code == 410 and "公表を終了しました" in response.content.decode()
    assert version.report.title not in client.get(reverse("public:public_index")).content.decode()
    assert ActionLog.objects.filter(action="affair.archived", object_id=str(affair.pk)).count() == 1
    (row,) = [row for row in plan_of(organisation) if row.affair == affair]
    assert row.due(DutyKind.END_OF_PUBLICATION) is None
    assert client.get(f"/o/{organisation.slug}/reports/{version.report_id}/").status_code in (200, 302)  # staff keep it

def test_each_duty_has_its_own_calendar_uid_and_the_stamp_is_when_the_feed_was_made(client, organisation, people):
    """#32 item 7: a 事務 that needs both a 基礎 and a 重点 has two evaluation events, not one."""
    from icalendar import Calendar

    from pia_portal.planning.models import CalendarFeed

    affair = services.create_affair(organisation, number="77", name="二つの評価が必要な事務", actor=people[Role.AUTHOR])
    _judge(affair, people[Role.AUTHOR], band="FROM_10K_TO_100K", handlers="OVER_500", day=dt.date(2026, 6, 1))
    feed = CalendarFeed.for_organisation(organisation)
    before = timezone.now().replace(microsecond=0)

    content = client.get(reverse("planning:calendar_feed", args=[organisation.slug, feed.token])).content
    events = [e for e in Calendar.from_ical(content).walk("VEVENT") if "二つの評価" in str(e["summary"])]

    uids = [str(e["uid"]) for e in events]
    assert len(events) == 2 and len(set(uids)) == 2
    assert all(e["dtstamp"].dt >= before for e in events)


def test_the_banner_and_the_rows_count_the_same_overdue_duties(client, organisation, people):
    """#32 item 8: every overdue duty of a row is shown in it, so the banner's count is the rows'."""
    affair = services.create_affair(organisation, number="78", name="期限切れの事務", actor=people[Role.AUTHOR])
    _judge(affair, people[Role.AUTHOR], band="FROM_10K_TO_100K", handlers="OVER_500", day=dt.date(2026, 1, 5))
    client.force_login(people[Role.AUTHOR])

    page = client.get(reverse("planning:plan", args=[organisation.slug])).content.decode()

    overdue = [row for row in plan_of(organisation) for duty in row.overdue(timezone.localdate())]
    assert len(overdue) == 2
    assert "期限を過ぎた義務が2件あります" in page and page.count("duty-overdue") == 2
