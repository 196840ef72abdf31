"""The review workflow of a version, as plain functions: each checks the actor's role on the
server, changes state atomically, writes the action log and queues the e-mails on commit.

    作成中 ──submit──▶ 審査中 ──approve──▶ 承認済 ──publish──▶ (PDF) ──▶ 公表 (previous → 旧版)
       ▲                  │                               (提出日)
       └──── return ──────┘ (差戻し, with reasons)

A version that needs the 指針's procedure (procedure/rules.py) is submitted and published only
once its steps are recorded.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pia_portal.audit.log import log_action
from pia_portal.core.text import clean_text
from pia_portal.organisations.access import display_name, emails_of, membership_for
from pia_portal.organisations.models import Membership, Role
from pia_portal.procedure.rules import state_of
from pia_portal.procedure.services import fix_purpose, write_items
from pia_portal.public.index import index_version
from pia_portal.reports.models import Report, Version, VersionStatus
from pia_portal.reports.structure import items as i
from pia_portal.reports.structure.nodes import resolve
from pia_portal.reports.validation import errors
from pia_portal.rendering.services import current_render, request_render

from .models import Publication, ReviewComment, WithheldPart


COMMENT_MAX = 5_000
ITEM_MAX = ReviewComment._meta.get_field("item").max_length


class WorkflowError(Exception):
    """A transition that is not allowed; the message tells staff why, in Japanese. `field` names
    the form field the message belongs next to, when it is about one."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def _membership(version: Version, actor) -> Membership:
    membership = membership_for(actor, version.report.organisation)
    if membership is None:
        raise WorkflowError("この評価実施機関の職員ではありません。")
    return membership


def _require(version: Version, actor, *roles: Role) -> None:
    if not _membership(version, actor).has_role(*roles):
        names = "・".join(str(Role(r).label) for r in roles)
        raise WorkflowError(f"この操作は{names}だけが行えます。")


def _require_status(version: Version, *statuses: str) -> None:
    if version.status not in statuses:
        raise WorkflowError(f"この版は{version.get_status_display()}のため、この操作はできません。")


def _lock(version: Version) -> Version:
    return Version.objects.select_for_update().select_related("report__organisation").get(pk=version.pk)


def _transition(version: Version, status: str, action: str, *, actor, data: dict | None = None, **fields) -> Version:
    version.change_status(status, action, actor=actor, data=data, **fields)
    return version


def reassessment(version: Version, state=None) -> dict:
    """What the workflow records of a version that makes 重要な変更: the 評価指針 requires the
    assessment to be carried out again, and the report published, before they take effect. The
    指針's procedure (its steps and dates) is to hang on this record. `state`: the version's
    procedure state when the caller has worked it out (it holds the rows already)."""
    from pia_portal.changelog.services import important_changes

    rows = state.important if state is not None else important_changes(version)
    if not rows:
        return {}
    return {"reassessment_required": True, "important_changes": [row.item[:200] for row in rows][:50]}


def _require_procedure(version: Version, doing: str):
    """The 指針's steps that must come first (意見の聴取, 第三者点検 or 委員会の承認); the state,
    for the caller's record."""
    state = state_of(version)
    if state.missing:
        names = "、".join(step.label for step in state.missing)
        raise WorkflowError(f"{state.why}のため、{doing}前に評価実施手続({names})を記録してください。")
    return state


@transaction.atomic
def submit_version(version: Version, *, actor) -> Version:
    version = _lock(version)
    _require(version, actor, Role.AUTHOR, Role.ADMIN)
    _require_status(version, VersionStatus.DRAFT, VersionStatus.RETURNED)
    state = _require_procedure(version, "審査に提出する")
    write_items(version)
    found = errors(version)
    if found:
        raise WorkflowError(f"エラーが{len(found)}件あるため提出できません。各節のエラーを直してください。")
    # A resubmission answers the reasons for returning; comments on items stay until resolved.
    version.review_comments.filter(page="", resolved=False).update(resolved=True, resolved_by=actor, resolved_at=timezone.now())
    version = _transition(
        version, VersionStatus.IN_REVIEW, "version.submitted", actor=actor, data=reassessment(version, state),
        submitted_by=actor, submitted_at=timezone.now(),
    )
    # The reviewers read, and the approver approves, the PDF of exactly what was submitted.
    request_render(version, actor=actor)
    _notify(version, (Role.REVIEWER, Role.APPROVER), "審査の依頼", f"{display_name(actor)}さんが審査を依頼しました。")
    return version


@transaction.atomic
def return_version(version: Version, *, actor, reason: str) -> Version:
    version = _lock(version)
    _require(version, actor, Role.REVIEWER, Role.APPROVER)
    _require_status(version, VersionStatus.IN_REVIEW)
    reason = clean_text(reason).strip()
    if not reason:
        raise WorkflowError("差戻しの理由を入力してください。")
    if len(reason) > COMMENT_MAX:
        raise WorkflowError(f"差戻しの理由は{COMMENT_MAX:,}文字以内にしてください({len(reason):,}文字あります)。")
    ReviewComment.objects.create(version=version, page="", page_title="差戻しの理由", text=reason, author=actor)
    version = _transition(version, VersionStatus.RETURNED, "version.returned", actor=actor, data={"reason": reason})
    _notify(version, (Role.AUTHOR,), "差戻し", f"{display_name(actor)}さんが差し戻しました。理由: {reason}")
    return version


@transaction.atomic
def approve_version(version: Version, *, actor) -> Version:
    version = _lock(version)
    _require(version, actor, Role.APPROVER)
    _require_status(version, VersionStatus.IN_REVIEW)
    blockers = approval_blockers(version, actor)
    if blockers:
        raise WorkflowError(blockers[0])
    version = _transition(version, VersionStatus.APPROVED, "version.approved", actor=actor, data=reassessment(version))
    _notify(version, (Role.ADMIN,), "承認", f"{display_name(actor)}さんが承認しました。公表の手続をしてください。")
    return version


@transaction.atomic
def publish_version(version: Version, *, actor, submitted_on: dt.date | None = None,
                    published_on: dt.date | None = None) -> Publication:
    """Ask for the final PDF; the version becomes public only when it exists (finish_publication).
    `submitted_on` is the day the report goes to the 個人情報保護委員会 (指針: 提出 and 公表 together);
    `published_on` the 公表日 the cover prints (both today unless given)."""
    from pia_portal.rendering.models import PdfRender
    from pia_portal.rendering.pdf import content_key
    from pia_portal.rendering.services import queue_render

    version = _lock(version)
    _require(version, actor, Role.ADMIN)
    _require_status(version, VersionStatus.APPROVED)
    state = _require_procedure(version, "公表する")
    today = timezone.localdate()
    submitted_on, published_on = submitted_on or today, published_on or today
    for field, message in publication_date_errors(version, submitted_on=submitted_on, published_on=published_on).items():
        raise WorkflowError(message, field=field)
    existing = Publication.objects.filter(version=version).select_related("render").first()
    if existing is not None and existing.render.status in ("queued", "running") and not existing.render.is_stuck:
        raise WorkflowError("公表用のPDFを作成中です。")
    render = PdfRender.objects.create(version=version, content_key=content_key(version, public=True, published_on=published_on),
                                      requested_by=actor, for_publication=True, public=True)
    if existing is not None:
        existing.render, existing.submitted_on, existing.published_on = render, submitted_on, published_on
        existing.save(update_fields=["render", "submitted_on", "published_on"])
        publication = existing
    else:
        publication = Publication.objects.create(version=version, render=render, requested_by=actor, submitted_on=submitted_on,
                                                 published_on=published_on)
    log_action("version.publication_requested", actor=actor, target=version, organisation=version.report.organisation,
               data={"render": render.pk, "submitted_on": submitted_on, "published_on": published_on,
                     **reassessment(version, state)})
    queue_render(render)
    return publication


def approved_on(version: Version) -> dt.date | None:
    """The day the version was last approved (a return and a new approval move it)."""
    from django.contrib.contenttypes.models import ContentType

    from pia_portal.audit.models import ActionLog

    approval = ActionLog.objects.filter(
        action="version.approved", content_type=ContentType.objects.get_for_model(Version), object_id=str(version.pk),
    ).order_by("-created_at").values_list("created_at", flat=True).first()
    return timezone.localdate(approval) if approval else None


def publication_date_errors(version: Version, *, submitted_on: dt.date | None, published_on: dt.date | None) -> dict[str, str]:
    """公表日 and 提出日 are facts about what happened after the approval: neither can come before
    the day the version was approved, nor lie in the future (the cover and the feed print them)."""
    from pia_portal.core.wareki import format_date

    today, approved = timezone.localdate(), approved_on(version)
    found = {}
    for field, day, what in (("published_on", published_on, resolve(i.PUBLICATION_DATE.label)), ("submitted_on", submitted_on, "提出日")):
        if day is None:
            continue
        if day > today:
            found[field] = f"{what}に未来の日付は指定できません。{what}になってから手続をしてください。"
        elif approved and day < approved:
            found[field] = (f"{what}は承認日({format_date(approved)})以降の日付にしてください。"
                            "承認される前に公表・提出することはできません。")
    return found


def on_render_finished(sender, render, **kwargs) -> None:
    """The worker finished a render: if it was a publication's and it succeeded, publish."""
    if render.for_publication and render.status == "done":
        finish_publication(render.pk)


def finish_stuck_publications(sender=None, **kwargs) -> int:
    """The sweep's turn (rendering.signals.sweeping): every publication whose PDF is done but
    which is not public yet (its worker was killed between recording the PDF and publishing) is
    finished now. finish_publication is idempotent, so a publication finished meanwhile is left."""
    waiting = Publication.objects.filter(published_at__isnull=True, render__status="done",
                                         version__status=VersionStatus.APPROVED).values_list("render_id", flat=True)
    return sum(1 for render_id in list(waiting) if finish_publication(render_id) is not None)


@transaction.atomic
def finish_publication(render_id: int) -> Version | None:
    """Once a publication PDF exists, the version becomes public and the version published before
    it becomes 旧版. A failed render never gets here."""
    publication = Publication.objects.select_for_update().select_related("version__report").filter(render_id=render_id).first()
    if publication is None or publication.published_at is not None:
        return None
    version = _lock(publication.version)
    if version.status != VersionStatus.APPROVED:
        return None
    for previous in Version.objects.select_for_update().filter(report=version.report, status=VersionStatus.PUBLISHED):
        _transition(previous, VersionStatus.SUPERSEDED, "version.superseded", actor=None)
    now = timezone.now()
    publication.published_at = now
    publication.save(update_fields=["published_at"])
    fix_purpose(version)  # 再実施 or 修正, as the rules made it: the 5-year period follows
    version = _transition(version, VersionStatus.PUBLISHED, "version.published", actor=None, published_at=now)
    index_version(version)
    _notify(version, (Role.AUTHOR, Role.ADMIN), "公表", "評価書を公表しました。")
    return version


def end_report(report: Report, *, actor, ended_on) -> Report:
    """The 事務 has ended: its reports stay public with the end date printed after the title."""
    from pia_portal.planning.services import PlanningError, end_affair

    try:
        report.affair = end_affair(report.affair, actor=actor, ended_on=ended_on)
    except PlanningError as error:
        raise WorkflowError(str(error)) from None
    return report


def _comment_text(text: str, what: str = "指摘") -> str:
    text = clean_text(text).strip()
    if not text:
        raise WorkflowError(f"{what}の内容を入力してください。")
    if len(text) > COMMENT_MAX:
        raise WorkflowError(f"{what}は{COMMENT_MAX:,}文字以内にしてください({len(text):,}文字あります)。")
    return text


def anchored_item(version: Version, record_uid, attr: str, content=None) -> str:
    """The item a comment is anchored to, as the form names it within its section
    (「委託事項2 ⑥委託先名」); WorkflowError if the version has no such item. `content`: the
    version's records when the caller read them already (outline.Content)."""
    from pia_portal.reports.outline import slots

    for slot in slots(version, content):
        if slot.record.uid == record_uid and slot.attr == attr:
            return slot.name(version.revision)[:ITEM_MAX]
    raise WorkflowError("指摘する項目が見つかりません。ページを開き直してください。")


@transaction.atomic
def add_comment(version: Version, *, actor, page: str, page_title: str, item: str = "", text: str,
                record_uid=None, attr: str = "", content=None) -> ReviewComment:
    """A reviewer's finding: on an item of a record when `record_uid` and `attr` name one (the
    editor shows it next to the field), else on the section with an optional item in words."""
    version = _lock(version)
    _require(version, actor, Role.REVIEWER, Role.APPROVER)
    _require_status(version, VersionStatus.IN_REVIEW)
    text = _comment_text(text)
    if record_uid is not None:
        item = anchored_item(version, record_uid, attr, content)
    else:
        attr = ""
        item = clean_text(item, multiline=False).strip()
    if len(item) > ITEM_MAX:
        raise WorkflowError(f"項目は{ITEM_MAX}文字以内にしてください({len(item)}文字あります)。")
    comment = ReviewComment.objects.create(
        version=version, page=page, page_title=page_title[:200], item=item, text=text, author=actor,
        record_uid=record_uid, attr=attr,
    )
    log_action("review.commented", actor=actor, target=version, organisation=version.report.organisation,
               data={"page": page_title, "item": item, "text": text})
    return comment


def _add_to_thread(comment: ReviewComment, *, actor, text: str) -> ReviewComment:
    """A message under a finding, filed where the finding is; never open on its own."""
    return ReviewComment.objects.create(
        version=comment.version, page=comment.page, page_title=comment.page_title, item=comment.item, text=text,
        author=actor, parent=comment, record_uid=comment.record_uid, attr=comment.attr, resolved=True,
    )


@transaction.atomic
def reply_to_comment(comment: ReviewComment, *, actor, text: str) -> ReviewComment:
    """A reply in the comment's thread, by the author or the reviewers, while the version is under
    review or back with its author."""
    version = _lock(comment.version)
    _require(version, actor, Role.AUTHOR, Role.ADMIN, Role.REVIEWER, Role.APPROVER)
    _require_status(version, VersionStatus.IN_REVIEW, VersionStatus.RETURNED)
    if comment.parent_id:
        comment = comment.parent
    reply = _add_to_thread(comment, actor=actor, text=_comment_text(text, "返信"))
    log_action("review.replied", actor=actor, target=version, organisation=version.report.organisation,
               data={"comment": comment.pk, "text": reply.text})
    return reply


@transaction.atomic
def answer_comment(comment: ReviewComment, *, actor, text: str = "") -> ReviewComment:
    """The author's 「対応済み」 (with what was done, optionally); the reviewer then accepts it by
    resolving the comment, or keeps it open."""
    version = _lock(comment.version)
    _require(version, actor, Role.AUTHOR, Role.ADMIN)
    _require_status(version, VersionStatus.RETURNED, VersionStatus.DRAFT)
    # A reply is answered with its thread: the finding is what the reviewer accepts.
    comment = ReviewComment.objects.select_for_update().get(pk=comment.parent_id or comment.pk)
    if text.strip():
        _add_to_thread(comment, actor=actor, text=_comment_text(text, "対応の内容"))
    comment.answered_by, comment.answered_at = actor, timezone.now()
    comment.save(update_fields=["answered_by", "answered_at"])
    log_action("review.answered", actor=actor, target=version, organisation=version.report.organisation,
               data={"comment": comment.pk, "text": text.strip()[:COMMENT_MAX]})
    return comment


def approval_blockers(version: Version, actor) -> list[str]:
    """What keeps `actor` from approving the version: shown before the button, checked by it."""
    blockers = []
    if has_submitted(version, actor):
        blockers.append("提出した本人は承認できません。別の承認者に依頼してください。")
    missing = state_of(version).missing
    if missing:
        names = "、".join(step.label for step in missing)
        blockers.append(f"{state_of(version).why}のため、承認の前に評価実施手続({names})の記録が必要です。")
    still_open = open_comments(version).count()
    if still_open:
        blockers.append(f"未解決の指摘が{still_open}件あるため承認できません。")
    pdf = review_pdf_blocker(version)
    if pdf:
        blockers.append(pdf)
    return blockers


def review_pdf_blocker(version: Version) -> str:
    """Why the approver cannot approve yet as far as the PDF goes: what is approved is the PDF of
    exactly this content, so it must exist (made on submission: submit_version)."""
    render = current_render(version)
    if render is None:
        return "承認する内容のPDFがありません。「PDFを作成」で作成すると承認できます。"
    if render.status == "failed":
        return "承認する内容のPDFを作成できませんでした。「PDFを作成」でもう一度作成してください。"
    if render.status != "done":
        return "承認する内容のPDFを作成しています。できあがると承認できます(この画面は自動で更新されます)。"
    return ""


def has_submitted(version: Version, actor) -> bool:
    """Whether `actor` submitted the version, this time or an earlier time (a colleague may have
    resubmitted it after a return): either way they are its author, not its approver."""
    from django.contrib.contenttypes.models import ContentType

    from pia_portal.audit.models import ActionLog

    actor_id = getattr(actor, "pk", None)
    if actor_id is None:
        return False
    return version.submitted_by_id == actor_id or ActionLog.objects.filter(
        action="version.submitted", actor_id=actor_id, content_type=ContentType.objects.get_for_model(Version),
        object_id=str(version.pk)).exists()


def open_comments(version: Version):
    """The findings not yet resolved (replies are part of their thread, never open on their own)."""
    return version.review_comments.filter(parent__isnull=True, resolved=False)


@transaction.atomic
def resolve_comment(comment: ReviewComment, *, actor) -> ReviewComment:
    """A finding is closed by the reviewers (審査者・承認者), while the version is under review or
    back with its author; never by the author alone, never once the version is approved."""
    version = _lock(comment.version)
    _require(version, actor, Role.REVIEWER, Role.APPROVER)
    _require_status(version, VersionStatus.IN_REVIEW, VersionStatus.RETURNED)
    comment = ReviewComment.objects.select_for_update().get(pk=comment.pk)
    if comment.resolved:
        return comment
    comment.resolved, comment.resolved_by, comment.resolved_at = True, actor, timezone.now()
    comment.save(update_fields=["resolved", "resolved_by", "resolved_at"])
    log_action("review.resolved", actor=actor, target=comment.version, organisation=comment.version.report.organisation,
               data={"comment": comment.pk})
    return comment


def _notify(version: Version, roles, subject: str, body: str) -> None:
    report = version.report
    recipients = emails_of(report.organisation, *roles)
    if not recipients:
        return
    link = settings.SITE_URL.rstrip("/") + reverse("reports:report_detail", args=[report.organisation.slug, report.pk])
    message = (
        f"[PIA Portal] {subject}: {report.title} 第{version.number}版",
        f"{report.organisation.name}\n{report.assessment_number} {report.title} 第{version.number}版\n\n{body}\n\n{link}\n",
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )
    transaction.on_commit(lambda: send_mass_mail([message], fail_silently=True))


# 公表しない部分 ---------------------------------------------------------------------------------


def withholdable(version: Version) -> list[tuple[str, list[tuple[str, str]]]]:
    """What can be withheld, by section: each item of each record (「委託事項2 ③委託先名」)
    and each entry of a repeating group as a whole. The cover is never withheld: the public
    must always be able to tell which report it is reading."""
    from pia_portal.reports.outline import slots

    sections: dict[str, list[tuple[str, str]]] = {}
    seen_entries: set = set()
    for slot in slots(version):
        if slot.section.code == "cover":
            continue
        choices = sections.setdefault(slot.section.label() + (f" {slot.file.title}" if slot.file else ""), [])
        if slot.instances and slot.record.uid not in seen_entries and slot.record.pk is not None:
            seen_entries.add(slot.record.uid)
            choices.append((f"{slot.record.uid.hex}:", " ".join(slot.instances) + " (全体)"))
        choices.append((f"{slot.record.uid.hex}:{slot.attr}", slot.name(version.revision)))
    return [(title, choices) for title, choices in sections.items() if choices]


@transaction.atomic
def withhold(version: Version, *, actor, choice: str, reason: str) -> WithheldPart:
    """Mark an item or an entry (`choice` as `withholdable` gives it) as not to be published."""

    version = _lock(version)
    _require(version, actor, Role.AUTHOR, Role.ADMIN)
    if not version.is_editable:
        raise WorkflowError("公表しない部分は、作成中または差し戻し中の版でだけ指定できます。")
    reason = clean_text(reason or "").strip()
    if not reason:
        raise WorkflowError("非公表とする理由を入力してください。")
    if len(reason) > 1000:
        raise WorkflowError(f"理由は1000文字以内にしてください({len(reason)}文字あります)。")
    labels = {value: label for _title, choices in withholdable(version) for value, label in choices}
    if choice not in labels:
        raise WorkflowError("非公表にする項目を一覧から選んでください。")
    uid_hex, attr = choice.split(":", 1)
    part, created = WithheldPart.objects.get_or_create(
        version=version, record_uid=uuid.UUID(uid_hex), attr=attr,
        defaults={"label": labels[choice][:300], "reason": reason, "created_by": actor})
    if not created:
        raise WorkflowError(f"「{part.label}」はすでに非公表に指定されています。")
    log_action("version.withheld", actor=actor, target=version, organisation=version.report.organisation,
               data={"item": part.label, "reason": reason})
    return part


@transaction.atomic
def release_withheld(part: WithheldPart, *, actor) -> None:
    """Publish again what was withheld (in versions still being written)."""
    version = _lock(part.version)
    _require(version, actor, Role.AUTHOR, Role.ADMIN)
    if not version.is_editable:
        raise WorkflowError("公表済みまたは審査中の版の指定は変更できません。")
    part.delete()
    log_action("version.withheld_released", actor=actor, target=version, organisation=version.report.organisation,
               data={"item": part.label})
