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
from .models import Affair, AnnualReview, ThresholdAssessment
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
def create_affair(organisation, *, number: str, name: str, actor, published_outside_on: dt.date | None = None) -> Affair:
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
    affair = Affair.objects.create(organisation=organisation, number=number, name=name[:300],
                                   published_outside_on=published_outside_on)
    log_action("affair.created", actor=actor, target=affair, organisation=organisation,
               data={"number": number, "name": name, "published_outside_on": published_outside_on})
    return affair


@transaction.atomic
def counting_problems(decided_on: dt.date | None, **counted: dt.date | None) -> list[tuple[str, str]]:
    """(field, message) for each 計数時点 after the day of the judgement; the wizard's first page
    and the service ask the same question."""
    return [(field, "計数時点は判断日以前の日付を入力してください。")
            for field, day in counted.items() if decided_on and day and day > decided_on]


def record_threshold(affair: Affair, *, subject_band: str, subject_counted_on: dt.date, handlers: str,
                     handlers_counted_on: dt.date, serious_incident: bool, decided_on: dt.date, actor) -> ThresholdAssessment:
    """Records a しきい値判断 with the rule applied. A result that requires more than the previous one
    (「しきい値判断の結果の変更」) is logged as such: the duties calendar then asks for the evaluation."""
    _require(affair.organisation, actor, *PLANNERS)
    for field, message in counting_problems(decided_on, subject_counted_on=subject_counted_on,
                                            handlers_counted_on=handlers_counted_on):
        raise PlanningError(message, field)
    previous = affair.latest_threshold()
    decision = decide(subject_band, handlers, serious_incident)
    window_start = shift_years(decided_on, -INCIDENT_WINDOW_YEARS) + dt.timedelta(days=1)
    threshold = ThresholdAssessment.objects.create(
        affair=affair, subject_band=subject_band, subject_counted_on=subject_counted_on, handlers=handlers,
        handlers_counted_on=handlers_counted_on, serious_incident=serious_incident, incident_window_start=window_start,
        decided_on=decided_on, required=decision.required.value, rule=decision.rule, rule_verified=decision.verified,
        decided_by=actor,
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
def end_affair(affair: Affair, *, actor, ended_on: dt.date | None) -> Affair:
    """The 事務 has ended: its reports stay public for 3 years with the end date after the title."""
    affair = Affair.objects.select_for_update().get(pk=affair.pk)
    _require(affair.organisation, actor, Role.ADMIN)
    if ended_on is None:
        raise PlanningError("事務の終了日を入力してください。", "ended_on")
    affair.ended_on = ended_on
    affair.save(update_fields=["ended_on", "updated_at"])
    log_action("affair.ended", actor=actor, target=affair, organisation=affair.organisation, data={"ended_on": ended_on})
    return affair


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


def archive_ended_affairs(today: dt.date) -> int:
    """Takes off the public portal the reports of every 事務 whose 3 years of publication after its
    end are over (run every morning by beat); each one is in the action log."""
    from .duties import PUBLIC_AFTER_END_YEARS, period_end

    archived = 0
    for affair in Affair.objects.filter(ended_on__isnull=False, archived_at__isnull=True).select_related("organisation"):
        if today <= period_end(affair.ended_on, years=PUBLIC_AFTER_END_YEARS):
            continue
        with transaction.atomic():
            if Affair.objects.filter(pk=affair.pk, archived_at__isnull=True).update(archived_at=timezone.now()):
                unindex_affair(affair)
                log_action("affair.archived", actor=None, target=affair, organisation=affair.organisation,
                           data={"ended_on": affair.ended_on, "reports": list(affair.reports.values_list("pk", flat=True))})
                archived += 1
    return archived
