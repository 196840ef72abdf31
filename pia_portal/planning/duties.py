"""The duties calendar, computed from the records (nothing here is stored): re-evaluation within 5
years of the latest 公表, the review at least once a year, an evaluation that a しきい値判断 now
requires, and the end of publication 3 years after a 事務 ended."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from pia_portal.core.wareki import format_date
from pia_portal.reports.models import ReportKind

from .threshold import Required, evaluations_needed

from pia_portal.procedure import shishin  # noqa: E402  (the rules, each once)

REEVALUATION_YEARS = shishin.REEVALUATION_YEARS
REVIEW_YEARS = shishin.review_years()
PUBLIC_AFTER_END_YEARS = shishin.PUBLIC_AFTER_END_YEARS
SOON_DAYS = 30
REMINDER_DAYS = (30, 7)


def period_end(start: dt.date, *, years: int) -> dt.date:
    """The last day of a period of `years` counted from `start` as the 民法 counts periods (第140条:
    the first day is not counted; 第143条: the period ends on the day before the corresponding day,
    or on the month's last day when that day does not exist). Published on 1 April 2021: by 1 April
    2026. Published on 29 February 2020: by 28 February 2025."""
    following = start + dt.timedelta(days=1)
    year = following.year + years
    try:
        return following.replace(year=year) - dt.timedelta(days=1)
    except ValueError:  # 29 February, and the final year is a common year
        return dt.date(year, 2, 28)


def shift_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (or earlier); 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 2, 28)


class DutyKind(enum.StrEnum):
    REEVALUATION = "reevaluation"
    REVIEW = "review"
    EVALUATION = "evaluation"
    FIRST_EVALUATION = "first_evaluation"
    END_NOTIFICATION = "end_notification"
    END_OF_PUBLICATION = "end_of_publication"

    @property
    def label(self) -> str:
        return {
            "reevaluation": "再評価(前回の公表から5年以内)",
            "review": "評価書の見直し(1年に1回以上)",
            "evaluation": "しきい値判断で必要となった評価の実施",
            "first_evaluation": "評価の実施時期",
            "end_notification": "事務の終了の委員会への通知(遅滞なく)",
            "end_of_publication": "事務の終了後の公表期間(3年以上)の満了(公表の終了は職員が確認)",
        }[self.value]


@dataclass(frozen=True)
class Duty:
    kind: DutyKind
    due_on: dt.date
    basis: str  # what the date is counted from, in words
    subject: str = ""  # which evaluation, where a 事務 has several duties of one kind (「kiso」, 「juten-zenkomoku」)

    @property
    def key(self) -> str:
        """Stable and unique within a 事務: the calendar's UID and the reminders' record use it."""
        return f"{self.kind.value}-{self.subject}" if self.subject else self.kind.value

    @property
    def label(self) -> str:
        return self.kind.label

    def days_left(self, today: dt.date) -> int:
        return (self.due_on - today).days

    def state(self, today: dt.date) -> str:
        left = self.days_left(today)
        if left < 0 and self.kind is DutyKind.END_OF_PUBLICATION:
            return "ready"  # at least 3 years are over: staff may confirm the end (archive_affair)
        return "overdue" if left < 0 else "soon" if left <= SOON_DAYS else "planned"


@dataclass
class AffairRecords:
    """What the duties of one 事務 are computed from."""

    published_on: dict[str, dt.date] = field(default_factory=dict)  # latest 公表日 per report kind
    # latest 公表日 of an evaluation (first or 再実施, not a 修正) per kind: the 5-year period's start
    evaluated_on: dict[str, dt.date] = field(default_factory=dict)
    requirement_basis: str = ""  # why the requirement is what it is, when not the judgement alone
    reviewed_on: dt.date | None = None
    required: Required | None = None
    decided_on: dt.date | None = None
    ended_on: dt.date | None = None
    end_notified_on: dt.date | None = None
    archived: bool = False
    first_due: tuple[dt.date, str] | None = None  # 実施時期 of a new 事務 not yet evaluated


def duties_from(records: AffairRecords) -> list[Duty]:
    if records.ended_on is not None:
        ended = []
        if records.end_notified_on is None:
            ended.append(Duty(DutyKind.END_NOTIFICATION, records.ended_on,
                              f"{format_date(records.ended_on)}の事務の終了(遅滞なく通知。{shishin.public_until.rule.source})"))
        if not records.archived:
            end = shishin.public_until(records.ended_on)
            ended.append(Duty(DutyKind.END_OF_PUBLICATION, end,
                              f"{format_date(records.ended_on)}の事務の終了から少なくとも3年(公表の終了は職員が確認)"))
        return ended
    duties = []
    if records.published_on:
        latest = max(records.published_on.values())
        # A 修正 does not restart the period (procedure/shishin.py, correction; five_years).
        evaluated = max(records.evaluated_on.values(), default=None) or latest
        duties.append(Duty(DutyKind.REEVALUATION, period_end(evaluated, years=REEVALUATION_YEARS),
                           f"{format_date(evaluated)}の評価の公表から5年(評価書の修正の公表では再開しない)"))
        base, what = latest, "公表"
        if records.reviewed_on and records.reviewed_on > latest:
            base, what = records.reviewed_on, "見直し"
        duties.append(Duty(DutyKind.REVIEW, period_end(base, years=REVIEW_YEARS), f"{format_date(base)}の{what}から1年"))
    # A new 事務's evaluations are due by its 実施時期 (shishin.evaluation_due), not on the day of the
    # judgement that says which ones it needs.
    first = records.first_due if records.first_due is not None and not records.published_on else None
    outside = records.published_on.get("outside")
    # Reports published outside the portal after the judgement are taken to meet it.
    if records.required is not None and not (outside and records.decided_on and outside >= records.decided_on):
        # Only kinds the portal holds can be checked; a requirement for another is the staff's to track.
        known = [kind.value for kind in ReportKind]
        for kinds in evaluations_needed(records.required):
            if kinds & set(known) and not kinds & set(records.published_on):
                names = "又は".join(ReportKind(k).label for k in known if k in kinds)
                basis = records.requirement_basis or f"{format_date(records.decided_on)}のしきい値判断"
                due, when = (first[0], f"。期限は{first[1]}") if first and not records.requirement_basis else (
                    shishin.threshold_change_due(records.decided_on),
                    f"。指針に期限の定めはなく、判断から{shishin.THRESHOLD_CHANGE_DAYS}日を目安として示しています(指針の規則「"
                    f"{shishin.threshold_change_due.rule.title}」)")
                duties.append(Duty(DutyKind.EVALUATION, due, f"{basis}で{names}が必要(未公表){when}",
                                   subject="-".join(sorted(kinds))))
    if first is not None and not any(duty.kind is DutyKind.EVALUATION for duty in duties):
        duties.append(Duty(DutyKind.FIRST_EVALUATION, *first))
    return sorted(duties, key=lambda duty: duty.due_on)


def records_of(affair, *, published_on: dict[str, dt.date], threshold, evaluated_on: dict[str, dt.date] | None = None,
               today: dt.date | None = None) -> AffairRecords:
    """The records of `affair`, given the latest 公表日 of each of its report kinds and its latest
    しきい値判断 (the plan has them at hand); its reviews prefetched where the caller lists many. A
    重大事故 of the organisation within the past year re-judges the 事務 (planning/judgement.py)."""
    from django.utils import timezone

    from .judgement import organisation_incident

    records = AffairRecords(ended_on=affair.ended_on, end_notified_on=affair.end_notified_on,
                            archived=affair.archived_at is not None, published_on=dict(published_on),
                            evaluated_on=dict(evaluated_on if evaluated_on is not None else published_on))
    if affair.published_outside_on:
        records.published_on["outside"] = affair.published_outside_on
        records.evaluated_on["outside"] = affair.published_outside_on
    records.reviewed_on = max((review.reviewed_on for review in affair.reviews.all()), default=None)
    records.first_due = first_due(affair)
    if threshold is not None:
        records.required, records.decided_on = threshold.requirement, threshold.decided_on
        today = today or timezone.localdate()
        incident = None if threshold.serious_incident else organisation_incident(affair.organisation, today)
        if incident is not None:
            from pia_portal.procedure import shishin

            raised = shishin.threshold(threshold.subject_band, threshold.handlers, True)
            if raised.required.rank > threshold.requirement.rank:
                records.required = raised.required
                records.decided_on = max(incident.occurred_on, threshold.decided_on)
                records.requirement_basis = (
                    f"{format_date(incident.occurred_on)}の重大事故(評価実施機関の全ての事務に及ぶ。"
                    f"{shishin.incident_counts.rule.source})による再判断: {raised.rule}")
    return records


def first_due(affair) -> tuple[dt.date, str] | None:
    """When a new 事務 must be evaluated (shishin.evaluation_due, emergency_due), with why."""
    from pia_portal.procedure import shishin

    if affair.file_held_on is None and affair.requirements_end_on is None:
        return None
    if affair.emergency_reason and affair.file_held_on:
        due = shishin.emergency_due(held_on=affair.file_held_on)
        return due, (f"緊急時の事後評価: {format_date(affair.file_held_on)}のファイルの保有後、速やかに"
                     f"({shishin.emergency_due.rule.source})")
    due = shishin.evaluation_due(holds_on=affair.file_held_on, requirements_end=affair.requirements_end_on,
                                 system_file=affair.system_file)
    if due is None:
        return None
    what = "システムの要件定義の終了まで" if affair.system_file and affair.requirements_end_on else "ファイルを保有する前まで"
    return due, f"{what}({format_date(due)}。{shishin.evaluation_due.rule.source})"


def publication_day(version) -> dt.date:
    """The 公表日 printed on the cover (chosen when publishing, or typed), else the day the portal
    published the version."""
    from django.utils import timezone

    publication = getattr(version, "publication", None)
    if publication is not None and publication.published_on:
        return publication.published_on
    cover = getattr(version, "cover", None)
    printed = getattr(cover, "publication_date", None) if cover is not None else None
    return printed or timezone.localdate(version.published_at)
