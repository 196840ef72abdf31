"""The PDF worker. Runs on the `pdf` queue; takes ids, never objects.

A render is claimed by the Celery task id written on its row when it was queued
(`services.queue_render`). A message redelivered after its worker died carries the same id and
takes the render over; a message made stale by a requeue (the sweep, a 管理者's retry) carries
another id and does nothing, so a render never runs twice at once."""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from pia_portal.audit.log import log_action

from .models import PdfRender, RenderStatus
from .pdf import RenderError, render_pdf
from .signals import render_finished

logger = logging.getLogger(__name__)

# A render that keeps dying (the worker killed, out of memory) is given up after this many starts.
MAX_ATTEMPTS = 3
# The longest render (a 12-file 全項目評価書) takes under 15 s; a render still 作成中 or 待機中 after
# this long has lost its worker or its message, and the sweep queues it again.
SOFT_TIME_LIMIT = 300
STUCK_AFTER = timedelta(minutes=10)


@shared_task(
    name="pia_portal.rendering.tasks.render_version_pdf", bind=True, acks_late=True, reject_on_worker_lost=True,
    soft_time_limit=SOFT_TIME_LIMIT, time_limit=SOFT_TIME_LIMIT + 30,
)
def render_version_pdf(self, render_id: int) -> str:
    task_id = getattr(self.request, "id", None)
    with transaction.atomic():
        render = PdfRender.objects.select_for_update().select_related("version__report__organisation").filter(pk=render_id).first()
        if render is None or render.is_finished:
            return "skipped"
        if render.task_id and task_id and render.task_id != task_id:
            return "superseded"  # queued again meanwhile; the newer message does the work
        if render.attempts >= MAX_ATTEMPTS:
            _fail(render, f"作成が{render.attempts}回中断されたため、中止しました。管理者は「PDFを作り直す」で再度作成できます。")
            return "failed"
        render.status = RenderStatus.RUNNING
        render.attempts += 1
        render.started_at = timezone.now()
        render.save(update_fields=("status", "attempts", "started_at"))

    started = time.monotonic()
    try:
        pdf = render_pdf(render.version, draft_mark=render.draft_mark, public=render.public, printed_at=render.created_at)
        report = render.version.report
        # The file is written whole before the row points at it: a render killed half-way leaves
        # at most an unreferenced file, never a visible partial PDF.
        name = default_storage.save(
            f"pdf/{report.organisation_id}/{report.pk}/v{render.version.number}-{pdf.sha256[:16]}.pdf",
            ContentFile(pdf.content),
        )
    except RenderError as error:
        _fail(render, str(error))
        return "failed"
    except SoftTimeLimitExceeded:
        _fail(render, f"PDFの作成が{SOFT_TIME_LIMIT // 60}分以内に終わらなかったため、中止しました。")
        return "failed"
    except Exception as error:  # noqa: BLE001 - any failure is reported to staff with its reason
        logger.exception("render %s failed", render_id)
        _fail(render, f"PDFを作成できませんでした: {type(error).__name__}: {error}")
        return "failed"

    try:
        with transaction.atomic():
            updated = PdfRender.objects.filter(pk=render.pk, status=RenderStatus.RUNNING, task_id=render.task_id).update(
                status=RenderStatus.DONE,
                file=name,
                sha256=pdf.sha256,
                size=len(pdf.content),
                pages=pdf.pages,
                seconds=round(time.monotonic() - started, 2),
                error="",
                finished_at=timezone.now(),
            )
            if not updated:
                default_storage.delete(name)
                return "superseded"
            log_action(
                "pdf.rendered",
                actor=None,
                target=render.version,
                organisation=render.version.report.organisation,
                data={"render": render.pk, "sha256": pdf.sha256, "pages": pdf.pages},
            )
    except Exception as error:  # noqa: BLE001 - never leave a render 作成中 for ever
        logger.exception("render %s could not be recorded", render_id)
        default_storage.delete(name)
        _fail(render, f"PDFは作成できましたが、記録できませんでした: {type(error).__name__}: {error}")
        return "failed"
    # Whoever asked for this PDF (the publication, for one) hears of it; rendering knows no more.
    render_finished.send(sender=PdfRender, render=PdfRender.objects.get(pk=render.pk))
    return "done"


@shared_task(name="pia_portal.rendering.tasks.sweep_stuck_renders")
def sweep_stuck_renders() -> int:
    """Run by Celery beat every minute: renders left 作成中 or 待機中 past STUCK_AFTER (their worker
    was killed, the broker lost the message) are queued again, or given up after MAX_ATTEMPTS."""
    from .services import requeue

    cutoff = timezone.now() - STUCK_AFTER
    stuck = PdfRender.objects.filter(
        Q(status=RenderStatus.QUEUED, queued_at__lt=cutoff) | Q(status=RenderStatus.RUNNING, started_at__lt=cutoff)
    ).values_list("pk", flat=True)
    count = 0
    for render_id in list(stuck):
        if requeue(render_id, actor=None, reason="sweep"):
            count += 1
    return count


def _fail(render: PdfRender, reason: str) -> None:
    PdfRender.objects.filter(pk=render.pk).update(status=RenderStatus.FAILED, error=reason, finished_at=timezone.now())
    log_action(
        "pdf.failed",
        actor=None,
        target=render.version,
        organisation=render.version.report.organisation,
        data={"render": render.pk, "reason": reason},
    )
    render_finished.send(sender=PdfRender, render=PdfRender.objects.get(pk=render.pk))
