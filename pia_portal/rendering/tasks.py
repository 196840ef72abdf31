"""The PDF worker. Runs on the `pdf` queue; takes ids, never objects."""

from __future__ import annotations

import logging
import time

from celery import shared_task
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from pia_portal.audit.log import log_action

from .models import PdfRender, RenderStatus
from .pdf import render_pdf

logger = logging.getLogger(__name__)

# A render that keeps dying (the worker killed, out of memory) is given up after this many starts.
MAX_ATTEMPTS = 3


@shared_task(name="pia_portal.rendering.tasks.render_version_pdf", acks_late=True, reject_on_worker_lost=True)
def render_version_pdf(render_id: int) -> str:
    with transaction.atomic():
        render = PdfRender.objects.select_for_update().select_related("version__report__organisation").filter(pk=render_id).first()
        if render is None or render.is_finished:
            return "skipped"
        if render.attempts >= MAX_ATTEMPTS:
            _fail(render, f"作成が{render.attempts}回中断されたため、中止しました。")
            return "failed"
        render.status = RenderStatus.RUNNING
        render.attempts += 1
        render.started_at = timezone.now()
        render.save(update_fields=("status", "attempts", "started_at"))

    started = time.monotonic()
    try:
        pdf = render_pdf(render.version)
        report = render.version.report
        # The file is written whole before the row points at it: a render killed half-way leaves
        # at most an unreferenced file, never a visible partial PDF.
        name = default_storage.save(
            f"pdf/{report.organisation.slug}/{report.assessment_number}/v{render.version.number}-{pdf.sha256[:16]}.pdf",
            ContentFile(pdf.content),
        )
    except Exception as error:  # noqa: BLE001 - any failure is reported to staff with its reason
        logger.exception("render %s failed", render_id)
        _fail(render, f"PDFを作成できませんでした: {type(error).__name__}: {error}")
        return "failed"

    try:
        with transaction.atomic():
            PdfRender.objects.filter(pk=render.pk).update(
                status=RenderStatus.DONE,
                file=name,
                sha256=pdf.sha256,
                size=len(pdf.content),
                pages=pdf.pages,
                seconds=round(time.monotonic() - started, 2),
                error="",
                finished_at=timezone.now(),
            )
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
    if render.for_publication:
        from pia_portal.publishing.services import finish_publication

        # Only now, with the PDF stored, does the version become public.
        finish_publication(render.pk)
    return "done"


def _fail(render: PdfRender, reason: str) -> None:
    PdfRender.objects.filter(pk=render.pk).update(status=RenderStatus.FAILED, error=reason, finished_at=timezone.now())
    log_action(
        "pdf.failed",
        actor=None,
        target=render.version,
        organisation=render.version.report.organisation,
        data={"render": render.pk, "reason": reason},
    )
