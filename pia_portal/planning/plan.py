"""The 計画管理書 of an organisation: one row per 事務, as the page, the CSV, the Excel workbook and
the calendar feed show it. The columns are declared once, here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch

from pia_portal.core.wareki import format_date
from pia_portal.reports.models import PUBLIC_STATUSES, Report, Version
from pia_portal.reports.structure import headings, option_sets
from pia_portal.reports.structure import items as i
from pia_portal.reports.structure.nodes import resolve

from .duties import Duty, DutyKind, duties_from, publication_day, records_of
from .models import Affair, ThresholdAssessment
from .threshold import INCIDENT_LABEL, incident_answer


@dataclass
class ReportState:
    report: Report
    latest: Version | None
    published_on: dt.date | None
    evaluated_on: dt.date | None = None  # the latest evaluation published (a 修正 is not one)


@dataclass
class PlanRow:
    affair: Affair
    threshold: ThresholdAssessment | None
    reports: list[ReportState]
    duties: list[Duty] = field(default_factory=list)
    # What the judgement requires today: a 重大事故 of the organisation may have raised it for a year.
    required: object = None
    raised_by_incident: bool = False

    def next_duty(self) -> Duty | None:
        return self.duties[0] if self.duties else None

    def due(self, kind) -> Duty | None:
        return next((duty for duty in self.duties if duty.kind == kind), None)

    def overdue(self, today: dt.date) -> list[Duty]:
        return [duty for duty in self.duties if duty.state(today) == "overdue"]


def affairs_with_records(organisation):
    versions = Version.objects.select_related("cover", "publication", "purpose").order_by("number")
    return (
        Affair.objects.filter(organisation=organisation)
        .prefetch_related(
            Prefetch("reports", queryset=Report.objects.order_by("kind").prefetch_related(Prefetch("versions", queryset=versions))),
            "thresholds", "reviews",
        )
        .order_by("number")
    )


def row_of(affair: Affair) -> PlanRow:
    reports = []
    for report in affair.reports.all():
        versions = list(report.versions.all())
        public = [v for v in versions if v.status in PUBLIC_STATUSES and v.published_at]
        evaluations = [v for v in public if getattr(getattr(v, "purpose", None), "kind", "") != "correction"]
        reports.append(ReportState(report, versions[-1] if versions else None, max(map(publication_day, public), default=None),
                                   max(map(publication_day, evaluations), default=None)))
    thresholds = sorted(affair.thresholds.all(), key=lambda t: (t.decided_on, t.id))
    threshold = thresholds[-1] if thresholds else None
    published_on = {state.report.kind: state.published_on for state in reports if state.published_on}
    evaluated_on = {state.report.kind: state.evaluated_on for state in reports if state.evaluated_on}
    records = records_of(affair, published_on=published_on, threshold=threshold, evaluated_on=evaluated_on)
    return PlanRow(affair, threshold, reports, duties_from(records), records.required,
                   bool(records.requirement_basis))


def plan_of(organisation) -> list[PlanRow]:
    # A 事務 without reports and without a judgement yet is still a row: it is on the plan.
    return [row_of(affair) for affair in affairs_with_records(organisation)]


def overdue_count(organisation, today: dt.date) -> int:
    return sum(len(row.overdue(today)) for row in plan_of(organisation))


def _reports(row: PlanRow) -> str:
    return "、".join(
        f"{state.report.get_kind_display()}({state.latest.get_status_display() if state.latest else '版なし'})"
        for state in row.reports
    )


def _published(row: PlanRow) -> str:
    return "、".join(f"{state.report.get_kind_display()} {format_date(state.published_on)}" for state in row.reports if state.published_on)


def _due(kind):
    def cell(row: PlanRow) -> str:
        duty = row.due(kind)
        return format_date(duty.due_on) if duty else ""
    return cell


def _threshold(attribute):
    def cell(row: PlanRow) -> str:
        return attribute(row.threshold) if row.threshold else ""
    return cell


# The 計画管理書's columns as far as its layout is known (no official template was read): correct
# the headings or their order here, and the page, CSV and Excel follow.
COLUMNS: list[tuple[str, object]] = [
    (resolve(i.ASSESSMENT_NUMBER.label), lambda row: row.affair.number),
    ("特定個人情報保護評価の対象となる事務の名称", lambda row: row.affair.name),
    (headings.SUBJECT_COUNT, _threshold(lambda t: option_sets.TARGET_POPULATION_KISO.label_of(t.subject_band))),
    (headings.HANDLERS, _threshold(lambda t: option_sets.HANDLERS.label_of(t.handlers))),
    (INCIDENT_LABEL, _threshold(lambda t: incident_answer(t.serious_incident))),
    (resolve(i.KISO_THRESHOLD_RESULT.label), _threshold(lambda t: t.result_label)),
    ("しきい値判断日", _threshold(lambda t: format_date(t.decided_on))),
    ("評価書(状態)", _reports),
    (resolve(i.PUBLICATION_DATE.label), _published),
    ("見直しの期限", _due(DutyKind.REVIEW)),
    ("再評価の期限", _due(DutyKind.REEVALUATION)),
    ("事務の終了日", lambda row: format_date(row.affair.ended_on) if row.affair.ended_on else ""),
    ("公表期間の満了日", _due(DutyKind.END_OF_PUBLICATION)),
]


def table(rows: list[PlanRow]) -> tuple[list[str], list[list[str]]]:
    return [heading for heading, _ in COLUMNS], [[str(cell(row)) for _, cell in COLUMNS] for row in rows]
