"""Which steps of the 指針's procedure a version must go through, and which are still to do.

What a version is follows from its content compared with its last published edition (none: the
first evaluation of its kind of report), never from how it was made or which rows staff took into
its 変更箇所: a 重要な変更 makes it a 再実施; staff may declare a 再実施 for another cause (5年経過,
しきい値判断の変更, 重大事故, 任意); anything else is a 評価書の修正, which goes straight to review and
事後 publication. A 全項目評価書 that is new or re-done goes through 意見の聴取 and 第三者点検 (地方公共
団体等) or the 委員会's 承認 (行政機関等); one that the しきい値判断 does not require is 任意 and never
waits for them. The rules themselves are in shishin.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pia_portal.reports.models import PUBLIC_STATUSES, ReportKind, Version

from . import shishin
from .models import CommentPeriod, CommissionApproval, OutsidePublication, ThirdPartyInspection, VersionPurpose
from .shishin import MINIMUM_COMMENT_DAYS, Purpose, ReevaluationCause, Step, comment_period_problem  # noqa: F401


def last_published(version: Version) -> Version | None:
    """The latest edition of the report published in the portal before this version."""
    return (version.report.versions.filter(number__lt=version.number, status__in=PUBLIC_STATUSES)
            .order_by("-number").first())


def is_first_evaluation(version: Version) -> bool:
    """No earlier edition of this report (this kind of report of the 事務) was published, in the
    portal or, as staff recorded, before it. How the version was made (typed, copied, imported)
    does not matter, nor does an outside publication of another kind (shishin.is_first)."""
    return shishin.is_first(published_in_portal=last_published(version) is not None,
                            published_outside=OutsidePublication.objects.filter(report=version.report).exists())


def important_rows(version: Version) -> list:
    """The 重要な変更 in the version's content, compared with its last published edition, as staff
    classified them: whether the rows were taken into the 変更箇所 or not."""
    from pia_portal.changelog.services import important_rows_against

    base = last_published(version)
    return important_rows_against(base, version) if base is not None else []


def purpose_of(version: Version, important: list | None = None) -> tuple[Purpose, ReevaluationCause | None]:
    """What the version is. A published version keeps what it was when published. `important`:
    the version's 重要な変更 rows when the caller has them already."""
    from pia_portal.changelog.services import important_changes

    if important is None:
        important = important_changes(version)
    declared = VersionPurpose.objects.filter(version=version).first()
    if declared is not None and declared.fixed:
        return Purpose(declared.kind), ReevaluationCause(declared.cause) if declared.cause else None
    if is_first_evaluation(version):
        return Purpose.FIRST, None
    if version.status in PUBLIC_STATUSES:
        # Published before purposes were kept: what its log and its recorded steps say, without
        # comparing contents again (its content cannot change any more).
        if important or CommentPeriod.objects.filter(version=version).exists():
            return Purpose.REEVALUATION, ReevaluationCause.IMPORTANT_CHANGE
        return Purpose.CORRECTION, None
    if important or important_rows(version):
        return Purpose.REEVALUATION, ReevaluationCause.IMPORTANT_CHANGE
    if declared is not None and declared.kind == Purpose.REEVALUATION and declared.cause:
        return Purpose.REEVALUATION, ReevaluationCause(declared.cause)
    return Purpose.CORRECTION, None


def is_voluntary(version: Version, cause: ReevaluationCause | None = None) -> bool:
    """A 全項目評価 beyond what the latest しきい値判断 requires (or declared 任意) is 任意."""
    from pia_portal.planning.threshold import Required
    from pia_portal.planning.judgement import effective_requirement

    if cause is ReevaluationCause.VOLUNTARY:
        return True
    required = effective_requirement(version.report.affair)
    return required is not None and required is not Required.ZENKOMOKU


def why_required(version: Version) -> str:
    """「新規の全項目評価」, 「重要な変更」, 「全項目評価の再実施(原因)」 or "" when the version is a
    修正, or not a 全項目評価書."""
    return _why(version, *purpose_of(version))


def _why(version: Version, purpose: Purpose, cause: ReevaluationCause | None) -> str:
    if version.report.kind != ReportKind.ZENKOMOKU:
        return ""
    if purpose is Purpose.FIRST:
        return "新規の全項目評価"
    if purpose is Purpose.REEVALUATION:
        if cause is ReevaluationCause.IMPORTANT_CHANGE:
            return "重要な変更"
        if shishin.reevaluation_needs_procedure(cause.value if cause else ""):
            return f"全項目評価の再実施({cause.label if cause else ''})"
        return f"全項目評価の再実施({ReevaluationCause.VOLUNTARY.label})"
    return ""


def required_steps(version: Version) -> list[Step]:
    return state_of(version).required


@dataclass(frozen=True)
class ProcedureState:
    """Why a version needs the steps (「」 when it does not), which, which are optional (a 任意
    evaluation's), and which are recorded."""

    why: str
    required: list[Step]
    done: dict[Step, bool]
    optional: list[Step] = field(default_factory=list)
    voluntary: bool = False
    purpose: Purpose = Purpose.CORRECTION
    cause: ReevaluationCause | None = None
    important: list = field(default_factory=list)  # the 変更箇所's rows staff classified 重要な変更

    @property
    def missing(self) -> list[Step]:
        return [step for step in self.required if not self.done[step]]


def is_government_body(organisation) -> bool:
    """行政機関等 (shishin.is_government_body) from the organisation's category."""
    category = getattr(organisation, "body_category", "") or ("ministry" if organisation.is_national_agency else "local")
    return shishin.is_government_body(category)


def state_of(version: Version) -> ProcedureState:
    """Everything the pages and the workflow ask of a version's procedure, worked out once."""
    from pia_portal.changelog.services import important_changes

    important = important_changes(version)
    purpose, cause = purpose_of(version, important)
    why = _why(version, purpose, cause)
    required: list[Step] = []
    optional: list[Step] = []
    voluntary = False
    if why:
        government = is_government_body(version.report.organisation)
        voluntary = is_voluntary(version, cause)
        steps = shishin.procedure_steps(government_body=government)
        if voluntary:
            # The 委員会 does not approve a 任意 全項目評価書; its other steps are optional, recorded if done.
            steps = [s for s in steps if s is not Step.COMMISSION or shishin.commission_approves(voluntary=True, government_body=government)]
            if shishin.voluntary_steps_required(voluntary=True):
                required = steps
            else:
                optional = steps
            why = f"{why}・任意"
        else:
            required = steps
    done = {step: is_done(version, step) for step in required + optional}
    return ProcedureState(why, required, done, optional, voluntary, purpose, cause, important)


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
    """(field, message) when a comment period cannot be opened with these dates (shishin.comment_period)."""
    return comment_period_problem(starts_on, ends_on, reason, today=today)


def late_prior_rows(version: Version, today: dt.date | None = None) -> tuple[dt.date | None, list]:
    """(変更日, rows) when rows of this version are 事前 but the version was not (or can no longer be)
    published before their 変更日 (shishin.is_prior): the page, the review and the approver say so."""
    from django.utils import timezone

    from pia_portal.changelog.models import ChangeBatch
    from pia_portal.reports import models as m

    batch = ChangeBatch.objects.filter(version=version).first()
    if batch is None or batch.change_date is None:
        return None, []
    publication = getattr(version, "publication", None)
    published_on = publication.published_on if publication is not None and publication.published_at else None
    if published_on is None and version.status in PUBLIC_STATUSES:
        return None, []
    # Not yet published: the earliest it can be is today.
    if shishin.is_prior(change_date=batch.change_date, published_on=published_on or today or timezone.localdate()):
        return None, []
    rows = list(m.ChangeLogEntry.objects.filter(version=version, to_version=version, timing="PRIOR").order_by("position"))
    if version.status not in PUBLIC_STATUSES:
        rows += [state for state in important_rows(version)
                 if state.value("timing") == "PRIOR" and not (state.decision and state.decision.entry_id)]
    return batch.change_date, rows
