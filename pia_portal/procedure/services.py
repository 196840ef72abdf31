"""The steps of the procedure, as plain functions: each checks the actor and the order of the
steps on the server, records the step, writes what the form prints of it into the version and
logs the action, atomically."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.db import transaction
from django.utils import timezone

from pia_portal.audit.log import log_action
from pia_portal.core.text import clean_text
from pia_portal.core.wareki import format_date
from pia_portal.organisations.access import membership_for
from pia_portal.organisations.models import Role
from pia_portal.reports.models import EDITABLE_STATUSES, Cover, Procedure, ReportKind, Version

from .models import CommentPeriod, CommissionApproval, OutsidePublication, PublicComment, ThirdPartyInspection, VersionPurpose
from .rules import Purpose, ReevaluationCause, Step, is_government_body, missing_steps, period_problem, purpose_of, state_of

STAFF = (Role.AUTHOR, Role.ADMIN)
TEXT_MAX = 10_000
COMMENT_MAX = 4_000
NAME_MAX = PublicComment._meta.get_field("name").max_length
# A link in any case and width (「HTTPS://」, 「ｈｔｔｐ://」) is a link.
LINK = re.compile(r"(?i)https?://")
LINKS_MAX = 3


class ProcedureError(Exception):
    """A step that cannot be recorded; `field` names the form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field



def _label(model, name: str) -> str:
    """A field's name as the form prints it (the models read it from the catalogue)."""
    return str(model._meta.get_field(name).verbose_name)

def _lock(version: Version) -> Version:
    return Version.objects.select_for_update().select_related("report__organisation", "report__affair").get(pk=version.pk)


def _require_staff(version: Version, actor) -> None:
    membership = membership_for(actor, version.report.organisation)
    if membership is None or not membership.has_role(*STAFF):
        raise ProcedureError("評価実施手続を記録できるのは作成者と管理者だけです。")


def _require_editable(version: Version) -> None:
    if version.status not in EDITABLE_STATUSES:
        raise ProcedureError(f"この版は{version.get_status_display()}のため、手続を記録できません。手続は審査に提出する前に行います。")


def _text(value: str, label: str, field: str, *, limit: int = TEXT_MAX, required: bool = True) -> str:
    value = clean_text(value or "").strip()
    if required and not value:
        raise ProcedureError(f"{label}を入力してください。", field)
    if len(value) > limit:
        raise ProcedureError(f"{label}は{limit:,}文字以内にしてください({len(value):,}文字あります)。", field)
    return value


def _day(attr: str, day: dt.date | None) -> dict:
    return {attr: day, f"{attr}_precision": "day", f"{attr}_note": ""}


def _log(action: str, version: Version, actor, **data) -> None:
    log_action(action, actor=actor, target=version, organisation=version.report.organisation, data=data)


# 住民等からの意見の聴取 ---------------------------------------------------------------------


@transaction.atomic
def open_comment_period(version: Version, *, actor, method: str, starts_on: dt.date, ends_on: dt.date,
                        shortening_reason: str = "", today: dt.date | None = None) -> CommentPeriod:
    """Shows the draft, marked 「案」, on the public portal for residents' comments."""
    from pia_portal.rendering.services import request_render

    version = _lock(version)
    _require_staff(version, actor)
    _require_editable(version)
    if CommentPeriod.objects.filter(version=version).exists():
        raise ProcedureError("この版の意見の聴取は記録済みです。")
    method = _text(method, "実施方法", "method")
    reason = _text(shortening_reason, _label(CommentPeriod, "shortening_reason"), "shortening_reason", required=False)
    problem = period_problem(starts_on, ends_on, reason, today=today or timezone.localdate())
    if problem:
        raise ProcedureError(problem[1], problem[0])
    period = CommentPeriod.objects.create(version=version, method=method, starts_on=starts_on, ends_on=ends_on,
                                          shortening_reason=reason, opened_by=actor)
    write_items(version)
    period.draft_render = request_render(version, actor=actor, draft_mark=True, public=True)
    period.save(update_fields=["draft_render"])
    _log("procedure.comments_opened", version, actor, starts_on=starts_on, ends_on=ends_on, days=period.days,
         shortening_reason=reason)
    return period


def check_comment(*, name: str, body: str) -> tuple[str, str]:
    """A resident's comment as it will be stored, or ProcedureError naming the field."""
    body = _text(body, "ご意見", "body", limit=COMMENT_MAX)
    name = _text(name, "氏名・団体名", "name", limit=NAME_MAX, required=False)
    if "\n" in name:
        raise ProcedureError("氏名・団体名は1行で入力してください。", "name")
    if len(LINK.findall(unicodedata.normalize("NFKC", body))) > LINKS_MAX:
        raise ProcedureError(f"ご意見に含めるリンクは{LINKS_MAX}つまでにしてください。", "body")
    return name, body


@transaction.atomic
def receive_comment(period: CommentPeriod, *, name: str, body: str, sender_digest: str = "",
                    today: dt.date | None = None) -> PublicComment:
    period = CommentPeriod.objects.select_for_update().select_related("version__report__organisation").get(pk=period.pk)
    if not period.is_open(today):
        raise ProcedureError("この意見募集は受付期間外です。")
    name, body = check_comment(name=name, body=body)
    comment = PublicComment.objects.create(period=period, name=name, body=body, sender_digest=sender_digest)
    # Not the text: the log is read by staff of every role; the comment stays with the period.
    _log("procedure.comment_received", period.version, None, comment=comment.pk)
    return comment


@transaction.atomic
def record_comment_result(period: CommentPeriod, *, actor, summary: str, reflection: str,
                          today: dt.date | None = None) -> CommentPeriod:
    """主な意見の内容 and 評価書への反映, once the period is over; they fill VI 2 and the summary is
    shown on the public portal."""
    version = _lock(period.version)
    _require_staff(version, actor)
    _require_editable(version)
    period = CommentPeriod.objects.select_for_update().get(pk=period.pk)
    if not period.has_ended(today):
        raise ProcedureError(f"意見の聴取は{format_date(period.ends_on)}まで続いています。結果は期間が終わってから記録します。")
    period.summary = _text(summary, _label(CommentPeriod, "summary"), "summary")
    period.reflection = _text(reflection, _label(CommentPeriod, "reflection"), "reflection")
    period.result_recorded_by, period.result_recorded_at = actor, timezone.now()
    period.save()
    write_items(version)
    _log("procedure.comments_recorded", version, actor, comments=period.comments.count())
    return period


# 第三者点検 / 個人情報保護委員会の承認 --------------------------------------------------------


def _after_comments(version: Version, step: Step, day: dt.date, field: str, today: dt.date | None) -> None:
    if version.report.kind != ReportKind.ZENKOMOKU:
        raise ProcedureError(f"{step.label}は全項目評価書の手続です。")
    if Step.COMMENTS in missing_steps(version):
        raise ProcedureError(f"{step.label}は、住民等からの意見の聴取の結果を記録してから行います。")
    if day > (today or timezone.localdate()):
        raise ProcedureError("未来の日付は記録できません。", field)
    period = getattr(version, "comment_period", None)
    if period is not None and day <= period.ends_on:
        raise ProcedureError(f"意見の聴取の終了日({format_date(period.ends_on)})より後の日付にしてください。", field)


@transaction.atomic
def record_inspection(version: Version, *, actor, committee: str, inspected_on: dt.date, method: str, findings: str,
                      changes: str = "", minutes=None, today: dt.date | None = None) -> ThirdPartyInspection:
    version = _lock(version)
    _require_staff(version, actor)
    _require_editable(version)
    if is_government_body(version.report.organisation):
        raise ProcedureError("行政機関等の全項目評価書は、第三者点検ではなく個人情報保護委員会の承認を受けます。")
    _after_comments(version, Step.INSPECTION, inspected_on, "inspected_on", today)
    inspection = ThirdPartyInspection.objects.filter(version=version).first() or ThirdPartyInspection(version=version)
    inspection.committee = _text(committee, "点検を行った第三者", "committee", limit=200)
    inspection.inspected_on = inspected_on
    inspection.method = _text(method, "方法", "method")
    inspection.findings = _text(findings, "点検の結果", "findings")
    inspection.changes = _text(changes, "点検を受けて修正した内容", "changes", required=False)
    if minutes is not None:
        inspection.minutes = minutes
    inspection.recorded_by = actor
    inspection.save()
    write_items(version)
    _log("procedure.inspection_recorded", version, actor, committee=inspection.committee, inspected_on=inspected_on,
         minutes=bool(inspection.minutes))
    return inspection


@transaction.atomic
def record_commission_approval(version: Version, *, actor, submitted_on: dt.date, review: str, approved_on: dt.date,
                               today: dt.date | None = None) -> CommissionApproval:
    version = _lock(version)
    _require_staff(version, actor)
    _require_editable(version)
    if not is_government_body(version.report.organisation):
        raise ProcedureError("個人情報保護委員会の承認は行政機関等の手続です。地方公共団体等は第三者点検を受けます。")
    if state_of(version).voluntary:
        raise ProcedureError("任意で実施する全項目評価書は、個人情報保護委員会の承認を受けません(委員会は任意の全項目評価書を承認しません)。")
    _after_comments(version, Step.COMMISSION, submitted_on, "submitted_on", today)
    if approved_on < submitted_on:
        raise ProcedureError("承認日は提出日より後の日付にしてください。", "approved_on")
    if approved_on > (today or timezone.localdate()):
        raise ProcedureError("未来の日付は記録できません。", "approved_on")
    approval = CommissionApproval.objects.filter(version=version).first() or CommissionApproval(version=version)
    approval.submitted_on, approval.approved_on = submitted_on, approved_on
    approval.review = _text(review, _label(CommissionApproval, "review"), "review")
    approval.recorded_by = actor
    approval.save()
    write_items(version)
    _log("procedure.commission_recorded", version, actor, submitted_on=submitted_on, approved_on=approved_on)
    return approval


# What a version is: 再実施 or 修正; a report published before the portal ------------------------


@transaction.atomic
def declare_purpose(version: Version, *, actor, kind: str, cause: str = "", note: str = "") -> VersionPurpose:
    """Staff declare a draft a 再実施 (with its cause) or a 評価書の修正. A version that is the first
    of its report, or whose content makes a 重要な変更, stays what the rules make it."""
    version = _lock(version)
    _require_staff(version, actor)
    _require_editable(version)
    try:
        kind, cause_ = Purpose(kind), ReevaluationCause(cause) if cause else None
    except ValueError:
        raise ProcedureError("版の種類と再実施の原因を一覧から選んでください。", "kind") from None
    if kind is Purpose.FIRST:
        raise ProcedureError("新規の評価かどうかは、公表した版の有無で決まります。", "kind")
    if kind is Purpose.REEVALUATION and cause_ is None:
        raise ProcedureError("再実施の原因を選んでください。", "cause")
    if kind is Purpose.CORRECTION:
        cause_ = None
        ruled, ruled_cause = purpose_of(version)
        if ruled is not Purpose.CORRECTION and not (ruled is Purpose.REEVALUATION and ruled_cause is not ReevaluationCause.IMPORTANT_CHANGE):
            raise ProcedureError(f"この版は{ruled.label}{'(' + ruled_cause.label + ')' if ruled_cause else ''}のため、"
                                 "評価書の修正にはできません。", "kind")
    purpose, _ = VersionPurpose.objects.update_or_create(version=version, defaults={
        "kind": kind.value, "cause": cause_.value if cause_ else "", "note": _text(note, "メモ", "note", required=False),
        "decided_by": actor})
    _log("procedure.purpose_declared", version, actor, kind=kind.value, cause=purpose.cause)
    return purpose


def fix_purpose(version: Version) -> VersionPurpose:
    """On publication, what the rules made the version is kept with it: a 修正 never restarts the
    5-year period of the 計画管理書, a 再実施 does."""
    purpose, cause = purpose_of(version)
    record, _ = VersionPurpose.objects.update_or_create(version=version, defaults={
        "kind": purpose.value, "cause": cause.value if cause else "", "fixed": True})
    return record


@transaction.atomic
def record_outside_publication(report, *, actor, published_on: dt.date, today: dt.date | None = None) -> OutsidePublication:
    """This report (this kind of report of its 事務) was published before the portal: its first
    version here is then not a first evaluation."""
    membership = membership_for(actor, report.organisation)
    if membership is None or not membership.has_role(*STAFF):
        raise ProcedureError("評価実施手続を記録できるのは作成者と管理者だけです。")
    if published_on > (today or timezone.localdate()):
        raise ProcedureError("未来の日付は記録できません。", "published_on")
    record, _ = OutsidePublication.objects.update_or_create(report=report, defaults={"published_on": published_on,
                                                                                     "recorded_by": actor})
    log_action("procedure.outside_publication_recorded", actor=actor, target=report, organisation=report.organisation,
               data={"published_on": published_on, "kind": report.kind})
    return record


# What the form prints of the steps ------------------------------------------------------------


def printed_values(version: Version) -> tuple[dict, dict]:
    """(VI 評価実施手続, 表紙) items that the version's own procedure records give."""
    from pia_portal.reports.structure import items as i

    procedure: dict = {}
    cover: dict = {}
    period = CommentPeriod.objects.filter(version=version).first()
    if period is not None:
        procedure |= {i.COMMENT_METHOD.attr: period.method, **_day(i.COMMENT_START.attr, period.starts_on),
                      **_day(i.COMMENT_END.attr, period.ends_on), i.COMMENT_SHORTENING_REASON.attr: period.shortening_reason}
        if period.result_recorded_at:
            procedure |= {i.COMMENT_SUMMARY.attr: period.summary, i.COMMENT_REFLECTION.attr: period.reflection}
    inspection = ThirdPartyInspection.objects.filter(version=version).first()
    if inspection is not None:
        result = inspection.findings + (f"\n【点検を受けた修正】\n{inspection.changes}" if inspection.changes else "")
        procedure |= {**_day(i.THIRD_PARTY_DATE.attr, inspection.inspected_on),
                      i.THIRD_PARTY_METHOD.attr: f"{inspection.committee}\n{inspection.method}", i.THIRD_PARTY_RESULT.attr: result}
    approval = CommissionApproval.objects.filter(version=version).first()
    if approval is not None:
        procedure |= {**_day(i.PPC_SUBMISSION_DATE.attr, approval.submitted_on), i.PPC_REVIEW.attr: approval.review}
        cover |= _day(i.PPC_APPROVAL_DATE.attr, approval.approved_on)
    return procedure, cover


def write_items(version: Version) -> None:
    """The printed VI (and the cover's 承認日) always say what the records say: written at each
    step and again when the version is submitted, whatever was typed in the editor meanwhile."""
    procedure, cover = printed_values(version)
    if procedure:
        Procedure.objects.filter(version=version).update(**procedure)
    if cover:
        Cover.objects.filter(version=version).update(**cover)
