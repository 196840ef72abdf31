"""Changes to the 計画管理書: each a plain function, atomic, written to the action log."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from pia_portal.audit.log import log_action
from pia_portal.core.text import AssessmentNumberError, clean_text, normalise_assessment_number
from pia_portal.organisations.access import membership_for
from pia_portal.organisations.models import Role

from .duties import shift_years
from .models import Affair, AnnualReview, SeriousIncident, ThresholdAssessment
from .threshold import INCIDENT_WINDOW_YEARS, decide

PLANNERS = (Role.AUTHOR, Role.ADMIN)


class PlanningError(ValueError):
    """A change the rules do not allow; the message is for staff, in Japanese."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _require(organisation, actor, *roles) -> None:
    membership = membership_for(actor, organisation)
    if membership is None or not membership.has_role(*roles):
        names = "・".join(str(Role(role).label) for role in roles)
        raise PlanningError(f"この操作は{names}だけが行えます。")


@transaction.atomic
def create_affair(organisation, *, number: str, name: str, actor, published_outside_on: dt.date | None = None,
                  file_held_on: dt.date | None = None, system_file: bool = False, requirements_end_on: dt.date | None = None,
                  emergency_reason: str = "") -> Affair:
    _require(organisation, actor, *PLANNERS)
    try:
        number = normalise_assessment_number(number)
    except AssessmentNumberError as error:
        raise PlanningError(str(error), "number") from None
    name = clean_text(name, multiline=False).strip()
    if not name:
        raise PlanningError("事務の名称を入力してください。", "name")
    if Affair.objects.filter(organisation=organisation, number=number).exists():
        raise PlanningError(f"評価書番号「{number}」の事務はすでにあります。", "number")
    emergency_reason = clean_text(emergency_reason or "").strip()[:2_000]
    if emergency_reason and file_held_on is None:
        raise PlanningError("緊急時の事後評価では、ファイルを保有した日を入力してください。", "file_held_on")
    if system_file and requirements_end_on is None and not emergency_reason:
        raise PlanningError("システム用ファイルでは、要件定義の終了予定日を入力してください(評価はその日までに実施します)。",
                            "requirements_end_on")
    affair = Affair.objects.create(organisation=organisation, number=number, name=name[:300],
                                   published_outside_on=published_outside_on, file_held_on=file_held_on,
                                   system_file=system_file, requirements_end_on=requirements_end_on,
                                   emergency_reason=emergency_reason)
    log_action("affair.created", actor=actor, target=affair, organisation=organisation,
               data={"number": number, "name": name, "published_outside_on": published_outside_on,
                     "file_held_on": file_held_on, "system_file": system_file, "requirements_end_on": requirements_end_on,
                     "emergency_reason": emergency_reason})
    return affair


@transaction.atomic
def counting_problems(decided_on: dt.date | None, **counted: dt.date | None) -> list[tuple[str, str]]:
    """(field, message) for each 計数時点 after the day of the judgement; the wizard's first page
    and the service ask the same question."""
    return [(field, "計数時点は判断日以前の日付を入力してください。")
            for field, day in counted.items() if decided_on and day and day > decided_on]


def record_threshold(affair: Affair, *, subject_band: str, subject_counted_on: dt.date, handlers: str,
                     handlers_counted_on: dt.date, serious_incident: bool, decided_on: dt.date, actor,
                     exemption: str = "") -> ThresholdAssessment:
    """Records a しきい値判断 with the rule applied. A result that requires more than the previous one
    (「しきい値判断の結果の変更」) is logged as such: the duties calendar then asks for the evaluation."""
    _require(affair.organisation, actor, *PLANNERS)
    for field, message in counting_problems(decided_on, subject_counted_on=subject_counted_on,
                                            handlers_counted_on=handlers_counted_on):
        raise PlanningError(message, field)
    previous = affair.latest_threshold()
    decision = decide(subject_band, handlers, serious_incident, exemption=exemption)
    window_start = shift_years(decided_on, -INCIDENT_WINDOW_YEARS) + dt.timedelta(days=1)
    threshold = ThresholdAssessment.objects.create(
        affair=affair, subject_band=subject_band, subject_counted_on=subject_counted_on, handlers=handlers,
        handlers_counted_on=handlers_counted_on, serious_incident=serious_incident, incident_window_start=window_start,
        decided_on=decided_on, required=decision.required.value, rule=decision.rule, rule_verified=decision.verified,
        decided_by=actor, exemption=exemption or "",
    )
    copy_threshold_to_drafts(affair, threshold)
    raised = previous is not None and decision.required.rank > previous.requirement.rank
    log_action("threshold.decided", actor=actor, target=affair, organisation=affair.organisation, data={
        "required": decision.required.value, "previous": previous.required if previous else None,
        "rule": decision.rule, "requires_evaluation": raised,
    })
    return threshold


@transaction.atomic
def record_review(affair: Affair, *, reviewed_on: dt.date, outcome: str, note: str, actor) -> AnnualReview:
    _require(affair.organisation, actor, *PLANNERS)
    review = AnnualReview.objects.create(
        affair=affair, reviewed_on=reviewed_on, outcome=outcome, note=clean_text(note).strip(), reviewed_by=actor
    )
    log_action("affair.reviewed", actor=actor, target=affair, organisation=affair.organisation,
               data={"reviewed_on": reviewed_on, "outcome": outcome})
    return review


@transaction.atomic
def end_affair(affair: Affair, *, actor, ended_on: dt.date | None, notified_on: dt.date | None = None) -> Affair:
    """The 事務 has ended: its reports stay public for at least 3 years with the end date after the
    title, and the 委員会 is notified without delay (shishin.affair_end); the day of the
    notification is recorded here or later (record_end_notification)."""
    affair = Affair.objects.select_for_update().get(pk=affair.pk)
    _require(affair.organisation, actor, Role.ADMIN)
    if ended_on is None:
        raise PlanningError("事務の終了日を入力してください。", "ended_on")
    if notified_on is not None and notified_on < ended_on:
        raise PlanningError("委員会への通知日は事務の終了日以後の日付にしてください。", "notified_on")
    affair.ended_on, affair.end_notified_on = ended_on, notified_on
    affair.save(update_fields=["ended_on", "end_notified_on", "updated_at"])
    log_action("affair.ended", actor=actor, target=affair, organisation=affair.organisation,
               data={"ended_on": ended_on, "notified_on": notified_on})
    return affair


@transaction.atomic
def record_end_notification(affair: Affair, *, actor, notified_on: dt.date | None, today: dt.date | None = None) -> Affair:
    affair = Affair.objects.select_for_update().get(pk=affair.pk)
    _require(affair.organisation, actor, *PLANNERS)
    if affair.ended_on is None:
        raise PlanningError("事務の終了を記録してから、委員会への通知を記録してください。")
    if notified_on is None:
        raise PlanningError("通知日を入力してください。", "notified_on")
    if notified_on < affair.ended_on or notified_on > (today or timezone.localdate()):
        raise PlanningError("通知日は事務の終了日から今日までの日付にしてください。", "notified_on")
    affair.end_notified_on = notified_on
    affair.save(update_fields=["end_notified_on", "updated_at"])
    log_action("affair.end_notified", actor=actor, target=affair, organisation=affair.organisation,
               data={"notified_on": notified_on})
    return affair


@transaction.atomic
def archive_affair(affair: Affair, *, actor, today: dt.date | None = None) -> Affair:
    """Staff confirm the end of publication of an ended 事務's reports, no earlier than 3 years
    after its end (shishin.affair_end: 「少なくとも3年間」); the reminder asks them, nothing ends it
    on its own."""
    from pia_portal.procedure import shishin

    affair = Affair.objects.select_for_update().get(pk=affair.pk)
    _require(affair.organisation, actor, Role.ADMIN)
    if affair.ended_on is None:
        raise PlanningError("終了していない事務の評価書は、公表を終えられません。")
    if affair.archived_at is not None:
        raise PlanningError("この事務の評価書の公表は終了しています。")
    until = shishin.public_until(affair.ended_on)
    if (today or timezone.localdate()) <= until:
        from pia_portal.core.wareki import format_date

        raise PlanningError(f"事務の終了後少なくとも3年間({format_date(until)}まで)は公表を続けます。")
    affair.archived_at, affair.archived_by = timezone.now(), actor
    affair.save(update_fields=["archived_at", "archived_by", "updated_at"])
    unindex_affair(affair)
    log_action("affair.archived", actor=actor, target=affair, organisation=affair.organisation,
               data={"ended_on": affair.ended_on, "reports": list(affair.reports.values_list("pk", flat=True))})
    return affair


@transaction.atomic
def record_plan_submission(organisation, *, actor, submitted_on: dt.date | None, note: str = "",
                           today: dt.date | None = None):
    """The 計画管理書 as submitted to the 委員会 (shishin.plan_submission), kept as it was that day."""
    from .models import PlanSubmission
    from .plan import plan_of, table

    _require(organisation, actor, *PLANNERS)
    if submitted_on is None:
        raise PlanningError("提出日を入力してください。", "submitted_on")
    if submitted_on > (today or timezone.localdate()):
        raise PlanningError("提出日に未来の日付は指定できません。", "submitted_on")
    headings, rows = table(plan_of(organisation))
    submission = PlanSubmission.objects.create(organisation=organisation, submitted_on=submitted_on,
                                               note=clean_text(note or "").strip()[:2_000],
                                               snapshot=[headings] + rows, recorded_by=actor)
    log_action("plan.submitted", actor=actor, target=organisation, organisation=organisation,
               data={"submitted_on": submitted_on, "affairs": len(rows)})
    return submission


@transaction.atomic
def reset_calendar_feed(organisation, *, actor) -> None:
    import secrets

    from .models import CalendarFeed

    _require(organisation, actor, Role.ADMIN)
    CalendarFeed.objects.update_or_create(organisation=organisation, defaults={"token": secrets.token_urlsafe(32)})
    log_action("calendar_feed.reset", actor=actor, organisation=organisation)


def threshold_values(threshold: ThresholdAssessment) -> dict:
    """基礎項目評価書 II and III, as the しきい値判断 recorded them."""
    return {
        "threshold_subject_band": threshold.subject_band,
        "threshold_subject_counted_on": threshold.subject_counted_on,
        "threshold_handlers": threshold.handlers,
        "threshold_handlers_counted_on": threshold.handlers_counted_on,
        "threshold_incident": "OCCURRED" if threshold.serious_incident else "NONE",
        "threshold_result_kiso": threshold.requirement.result_code,
    }


def copy_threshold_to_drafts(affair: Affair, threshold: ThresholdAssessment | None = None) -> int:
    """Writes the latest しきい値判断 into II and III of the 事務's 基礎項目評価書 drafts, so that they
    are never typed twice; submitted and published versions keep what they said."""
    from pia_portal.reports.models import EDITABLE_STATUSES, Procedure, ReportKind

    threshold = threshold or affair.latest_threshold()
    if threshold is None:
        return 0
    return Procedure.objects.filter(
        version__report__affair=affair, version__report__kind=ReportKind.KISO, version__status__in=EDITABLE_STATUSES
    ).update(**threshold_values(threshold))


def unindex_affair(affair: Affair) -> None:
    """The public search stops finding the 事務's reports (their pages answer 410)."""
    from pia_portal.public.models import SearchDocument

    SearchDocument.objects.filter(report__affair=affair).delete()


INCIDENT_SUMMARY_MAX = 5_000


@transaction.atomic
def record_incident(organisation, *, occurred_on: dt.date | None, summary: str, attributable: bool, actor,
                    today: dt.date | None = None) -> SeriousIncident:
    """A 重大事故 at the 評価実施機関: every 事務 of the organisation is re-judged for a year (the
    plan then lists the evaluations it requires, each with the rule); logged with what changed."""
    from .judgement import current

    _require(organisation, actor, *PLANNERS)
    today = today or timezone.localdate()
    if occurred_on is None:
        raise PlanningError("発生日を入力してください。", "occurred_on")
    if occurred_on > today:
        raise PlanningError("発生日に未来の日付は指定できません。", "occurred_on")
    summary = clean_text(summary or "").strip()
    if not summary:
        raise PlanningError("概要を入力してください。", "summary")
    if len(summary) > INCIDENT_SUMMARY_MAX:
        raise PlanningError(f"概要は{INCIDENT_SUMMARY_MAX:,}文字以内にしてください({len(summary):,}文字あります)。", "summary")
    affairs = list(Affair.objects.filter(organisation=organisation, ended_on__isnull=True))
    before = {affair.pk: current(affair, today) for affair in affairs}
    incident = SeriousIncident.objects.create(organisation=organisation, occurred_on=occurred_on, summary=summary,
                                              attributable=attributable, recorded_by=actor)
    raised = []
    for affair in affairs:
        after, was = current(affair, today), before[affair.pk]
        if after is not None and was is not None and after.required.rank > was.required.rank:
            raised.append({"affair": affair.number, "before": was.required.value, "after": after.required.value,
                           "rule": after.rule})
    log_action("serious_incident.recorded", actor=actor, target=organisation, organisation=organisation, data={
        "occurred_on": occurred_on, "attributable": attributable, "requires_evaluation": raised})
    return incident
