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

REEVALUATION_YEARS = 5  # 指針: 前回の評価書の公表から5年を経過する前に再評価
REVIEW_YEARS = 1  # 指針: 少なくとも1年に1回、評価書の記載内容を見直す
PUBLIC_AFTER_END_YEARS = 3  # 事務の終了後も3年間は公表を続ける
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
    END_OF_PUBLICATION = "end_of_publication"

    @property
    def label(self) -> str:
        return {
            "reevaluation": "再評価(前回の公表から5年以内)",
            "review": "評価書の見直し(1年に1回以上)",
            "evaluation": "しきい値判断で必要となった評価の実施",
            "end_of_publication": "事務の終了後の公表期間(3年)の満了",
        }[self.value]


@dataclass(frozen=True)
class Duty:
    kind: DutyKind
    due_on: dt.date
    basis: str  # what the date is counted from, in words

    @property
    def label(self) -> str:
        return self.kind.label

    def days_left(self, today: dt.date) -> int:
        return (self.due_on - today).days

    def state(self, today: dt.date) -> str:
        left = self.days_left(today)
        if left < 0 and self.kind is DutyKind.END_OF_PUBLICATION:
            return "done"  # the portal itself takes the reports off the public portal (archive_ended_affairs)
        return "overdue" if left < 0 else "soon" if left <= SOON_DAYS else "planned"


@dataclass
class AffairRecords:
    """What the duties of one 事務 are computed from."""

    published_on: dict[str, dt.date] = field(default_factory=dict)  # latest 公表日 per report kind
    reviewed_on: dt.date | None = None
    required: Required | None = None
    decided_on: dt.date | None = None
    ended_on: dt.date | None = None


def duties_from(records: AffairRecords) -> list[Duty]:
    if records.ended_on is not None:
        end = period_end(records.ended_on, years=PUBLIC_AFTER_END_YEARS)
        return [Duty(DutyKind.END_OF_PUBLICATION, end, f"{format_date(records.ended_on)}の事務の終了から3年")]
    duties = []
    if records.published_on:
        latest = max(records.published_on.values())
        duties.append(Duty(DutyKind.REEVALUATION, period_end(latest, years=REEVALUATION_YEARS),
                           f"{format_date(latest)}の公表から5年"))
        base, what = latest, "公表"
        if records.reviewed_on and records.reviewed_on > latest:
            base, what = records.reviewed_on, "見直し"
        duties.append(Duty(DutyKind.REVIEW, period_end(base, years=REVIEW_YEARS), f"{format_date(base)}の{what}から1年"))
    outside = records.published_on.get("outside")
    # Reports published outside the portal after the judgement are taken to meet it.
    if records.required is not None and not (outside and records.decided_on and outside >= records.decided_on):
        # Only kinds the portal holds can be checked; a requirement for another is the staff's to track.
        known = [kind.value for kind in ReportKind]
        for kinds in evaluations_needed(records.required):
            if kinds & set(known) and not kinds & set(records.published_on):
                names = "又は".join(ReportKind(k).label for k in known if k in kinds)
                duties.append(Duty(DutyKind.EVALUATION, records.decided_on,
                                   f"{format_date(records.decided_on)}のしきい値判断で{names}が必要(未公表)"))
    return sorted(duties, key=lambda duty: duty.due_on)


def records_of(affair, *, published_on: dict[str, dt.date], threshold) -> AffairRecords:
    """The records of `affair`, given the latest 公表日 of each of its report kinds and its latest
    しきい値判断 (the plan has them at hand); its reviews prefetched where the caller lists many."""
    records = AffairRecords(ended_on=affair.ended_on, published_on=dict(published_on))
    if affair.published_outside_on:
        records.published_on["outside"] = affair.published_outside_on
    records.reviewed_on = max((review.reviewed_on for review in affair.reviews.all()), default=None)
    if threshold is not None:
        records.required, records.decided_on = threshold.requirement, threshold.decided_on
    return records


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
