"""Asking for a PDF. The rendering itself happens in the worker (tasks.py)."""

from __future__ import annotations

from django.db import transaction

from pia_portal.audit.log import log_action
from pia_portal.reports.models import Version

from .models import PdfRender, RenderStatus
from .pdf import content_key


@transaction.atomic
def request_render(version: Version, *, actor, force: bool = False) -> PdfRender:
    """Queue a render of `version`, unless a finished PDF of the same content exists already."""
    key = content_key(version)
    if not force:
        reusable = (
            PdfRender.objects.filter(version=version, content_key=key)
            .exclude(status=RenderStatus.FAILED)
            .order_by("-created_at")
            .first()
        )
        if reusable is not None:
            return reusable
    render = PdfRender.objects.create(version=version, content_key=key, requested_by=actor if getattr(actor, "pk", None) else None)
    log_action("pdf.requested", actor=actor, target=version, organisation=version.report.organisation, data={"render": render.pk})
    from .tasks import render_version_pdf

    # Queued only once the row is committed: the worker must find it.
    transaction.on_commit(lambda: render_version_pdf.delay(render.pk))
    return render


def latest_render(version: Version) -> PdfRender | None:
    return version.renders.order_by("-created_at", "-id").first()
