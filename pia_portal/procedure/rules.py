"""Which steps of the 指針's procedure a version must go through, and which are still to do.

A 全項目評価書 is assessed with the residents' comments and a third party's (or the Commission's)
check when it is first made and whenever it makes a 重要な変更; a 評価書の修正 (no 重要な変更)
goes straight to review and 事後 publication, and so do 基礎 and 重点項目評価書, for which the
指針 makes those steps optional.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from pia_portal.reports.models import PUBLIC_STATUSES, ReportKind, Version
from pia_portal.reports.structure import headings

from .models import CommentPeriod, CommissionApproval, ThirdPartyInspection

MINIMUM_COMMENT_DAYS = 30  # 指針 第6の2(2): 原則として30日以上


class Step(enum.StrEnum):
    COMMENTS = "comments"
    INSPECTION = "inspection"
    COMMISSION = "commission"

    @property
    def label(self) -> str:
        return STEP_LABELS[self]


STEP_LABELS = {
    Step.COMMENTS: headings.PUBLIC_COMMENT,
    Step.INSPECTION: headings.THIRD_PARTY_INSPECTION,
    Step.COMMISSION: headings.COMMISSION_APPROVAL,
}


def last_published(version: Version) -> Version | None:
    """The latest edition of the report published in the portal before this version."""
    return (version.report.versions.filter(number__lt=version.number, status__in=PUBLIC_STATUSES)
            .order_by("-number").first())


def is_first_evaluation(version: Version) -> bool:
    """No earlier edition of the report was published, here or (for the 事務) before the portal.
    How the version was made (typed, copied, imported) does not matter: an imported report that
    was never published is evaluated for the first time."""
    if version.report.affair.published_outside_on is not None:
        return False
    return last_published(version) is None


def important_rows(version: Version) -> list:
    """The 重要な変更 in the version's content, compared with its last published edition: whether
    staff took the proposed rows into the 変更箇所 or not."""
    from pia_portal.changelog.services import important_rows_against

    base = last_published(version)
    return important_rows_against(base, version) if base is not None else []


def why_required(version: Version) -> str:
    """「新規の全項目評価」, 「重要な変更」 or "" when the version needs none of the steps."""
    from pia_portal.changelog.services import important_changes

    if version.report.kind != ReportKind.ZENKOMOKU:
        return ""
    if is_first_evaluation(version):
        return "新規の全項目評価"
    if important_changes(version) or important_rows(version):
        return "重要な変更"
    return ""


def required_steps(version: Version) -> list[Step]:
    return state_of(version).required


@dataclass(frozen=True)
class ProcedureState:
    """Why a version needs the steps (「」 when it does not), which, and which are recorded."""

    why: str
    required: list[Step]
    done: dict[Step, bool]

    @property
    def missing(self) -> list[Step]:
        return [step for step in self.required if not self.done[step]]


def state_of(version: Version) -> ProcedureState:
    """Everything the pages and the workflow ask of a version's procedure, worked out once."""
    why = why_required(version)
    required = []
    if why:
        check = Step.COMMISSION if version.report.organisation.is_national_agency else Step.INSPECTION
        required = [Step.COMMENTS, check]
    return ProcedureState(why, required, {step: is_done(version, step) for step in required})


def is_done(version: Version, step: Step) -> bool:
    """Asked of the database, not of the version's cached relations: a step recorded through
    another instance of the same version counts at once."""
    match step:
        case Step.COMMENTS:
            return CommentPeriod.objects.filter(version=version, result_recorded_at__isnull=False).exists()
        case Step.INSPECTION:
            return ThirdPartyInspection.objects.filter(version=version).exists()
        case Step.COMMISSION:
            return CommissionApproval.objects.filter(version=version).exists()


def missing_steps(version: Version) -> list[Step]:
    return state_of(version).missing


def period_problem(starts_on: dt.date, ends_on: dt.date, reason: str, *, today: dt.date) -> tuple[str, str] | None:
    """(field, message) when a comment period cannot be opened with these dates, else None."""
    if starts_on < today:
        return "starts_on", "開始日に過去の日付は指定できません。"
    if ends_on < starts_on:
        return "ends_on", "終了日は開始日より後の日付にしてください。"
    days = (ends_on - starts_on).days + 1
    if days < MINIMUM_COMMENT_DAYS and not reason.strip():
        return "shortening_reason", (
            f"期間が{days}日間です。{MINIMUM_COMMENT_DAYS}日未満にする場合は、期間を短縮する特段の理由を入力してください。"
        )
    return None
