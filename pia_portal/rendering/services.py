"""Asking for a PDF, and asking again. The rendering itself happens in the worker (tasks.py)."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone

from pia_portal.audit.log import log_action
from pia_portal.core.queue import send_on_commit
from pia_portal.core.text import safe_file_name
from pia_portal.organisations.access import membership_for
from pia_portal.organisations.models import Role
from pia_portal.reports.models import PUBLIC_STATUSES, Version

from .models import PdfRender, RenderStatus
from .pdf import content_key
from .signals import render_finished


class RenderRequestError(Exception):
    """A request about a PDF that cannot be carried out; the message is for staff, in Japanese."""


def queue_render(render: PdfRender) -> PdfRender:
    """Put `render` (a saved row) on the pdf queue under a new task id, once the transaction commits."""
    from .tasks import render_version_pdf

    render.status = RenderStatus.QUEUED
    render.task_id = uuid.uuid4().hex
    render.queued_at = timezone.now()
    render.save(update_fields=("status", "task_id", "queued_at"))
    # Sent only once the row is committed (the worker must find it); a broker that is down leaves
    # it to the sweep rather than failing the page.
    send_on_commit(render_version_pdf, (render.pk,), task_id=render.task_id)
    return render


@transaction.atomic
def request_render(version: Version, *, actor, force: bool = False, draft_mark: bool | None = None,
                   public: bool = False) -> PdfRender:
    """Queue a render of `version`, unless a finished PDF of the same content exists already.
    A version not yet published prints 「案」 unless told otherwise; `public` is the copy for
    residents (公表しない部分 withheld)."""
    if draft_mark is None:
        draft_mark = version.status not in PUBLIC_STATUSES
    key = content_key(version, draft_mark=draft_mark, public=public)
    if not force:
        reusable = (
            PdfRender.objects.filter(version=version, content_key=key)
            .exclude(status=RenderStatus.FAILED)
            .order_by("-created_at")
            .first()
        )
        if reusable is not None:
            return reusable
    render = PdfRender.objects.create(version=version, content_key=key, draft_mark=draft_mark, public=public,
                                      requested_by=actor if getattr(actor, "pk", None) else None)
    log_action("pdf.requested", actor=actor, target=version, organisation=version.report.organisation, data={"render": render.pk})
    return queue_render(render)


@transaction.atomic
def requeue(render_id: int, *, actor, reason: str) -> bool:
    """Queue a render again that failed or is stuck. False if it finished meanwhile."""
    from .tasks import MAX_ATTEMPTS, _fail

    render = PdfRender.objects.select_for_update().select_related("version__report__organisation").filter(pk=render_id).first()
    if render is None or render.status == RenderStatus.DONE:
        return False
    if reason == "sweep":
        if not render.is_stuck:
            return False
        if render.attempts >= MAX_ATTEMPTS:
            _fail(render, f"作成が{render.attempts}回中断されたため、中止しました。管理者は「PDFを作り直す」で再度作成できます。")
            return False
    else:
        render.attempts = 0  # a person asked: the render gets its full number of tries again
        render.save(update_fields=("attempts",))
    render.error = ""
    render.finished_at = None
    render.save(update_fields=("error", "finished_at"))
    queue_render(render)
    log_action("pdf.requeued", actor=actor, target=render.version, organisation=render.version.report.organisation,
               data={"render": render.pk, "reason": reason})
    return True


def retry_render(render: PdfRender, *, actor) -> PdfRender:
    """管理者's 「PDFを作り直す」 for a render that failed or is stuck (a publication waits on it)."""
    membership = membership_for(actor, render.version.report.organisation)
    if membership is None or not membership.has_role(Role.ADMIN):
        raise RenderRequestError("PDFの作り直しは管理者だけが行えます。")
    if render.status == RenderStatus.DONE:
        # Whoever waits on it hears of it again (a publication whose worker was killed right after
        # the PDF was recorded is published now); listeners take a second hearing as a no-op.
        render_finished.send(sender=PdfRender, render=render)
        return render
    if not (render.status == RenderStatus.FAILED or render.is_stuck):
        raise RenderRequestError("このPDFは作成中です。しばらく待っても終わらない場合に作り直せます。")
    requeue(render.pk, actor=actor, reason="retry")
    render.refresh_from_db()
    return render


def current_render(version: Version, *, draft_mark: bool | None = None, public: bool = False) -> PdfRender | None:
    """The latest render of exactly the version's content as it is now (any state but failed,
    unless only a failed one exists), or None if nobody asked for one."""
    if draft_mark is None:
        draft_mark = version.status not in PUBLIC_STATUSES
    renders = PdfRender.objects.filter(version=version, content_key=content_key(version, draft_mark=draft_mark, public=public),
                                       for_publication=False)
    return renders.exclude(status=RenderStatus.FAILED).order_by("-created_at", "-id").first() or \
        renders.order_by("-created_at", "-id").first()


def latest_render(version: Version) -> PdfRender | None:
    return version.renders.order_by("-created_at", "-id").first()


def pdf_file_name(version: Version) -> str:
    """「20_介護保険関係事務 重点項目評価書_第2版.pdf」, safe for any browser and file system. The
    title is the version's own (its cover): the report's follows a later draft, not yet public."""
    from pia_portal.reports.models import Cover

    report = version.report
    title = Cover.objects.filter(version=version).values_list("title", flat=True).first() or report.title
    return safe_file_name(f"{report.assessment_number}_{title}_第{version.number}版.pdf", default="report.pdf")


def is_outdated(render: PdfRender) -> bool:
    """The content changed after this PDF was made. A published version's never does."""
    version = render.version
    if version.status in PUBLIC_STATUSES or render.for_publication:
        return False
    return render.content_key != content_key(version, draft_mark=render.draft_mark, public=render.public)
