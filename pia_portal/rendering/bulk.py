"""Making many versions' PDFs again, a few at a time (manage.py rerender_pdfs).

Which versions: the current edition of every report of an organisation (or of all), published or
not; with `published_only`, the published editions only. A published version's PDF is never
replaced (a published version is immutable): it gets a fresh public copy beside the published file,
which shows that the new form revision, font or WeasyPrint prints it, and fills the part cache.
At most `concurrency` renders of a batch are queued or running at once, so a batch of hundreds
never floods the pdf queue ahead of staff's own previews. A version is done when it has a
finished render in the batch: an interrupted batch resumes where it stopped."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.utils import timezone

from pia_portal.audit.log import log_action
from pia_portal.reports.models import PUBLIC_STATUSES, Version, VersionStatus

from .models import FINISHED, BulkRender, PdfRender, RenderStatus
from .services import request_render


def versions_in_scope(batch: BulkRender) -> QuerySet[Version]:
    versions = Version.objects.exclude(status=VersionStatus.SUPERSEDED)
    if batch.organisation_id:
        versions = versions.filter(report__organisation_id=batch.organisation_id)
    if batch.published_only:
        return versions.filter(status=VersionStatus.PUBLISHED)
    # Each report's latest version: the one staff work on, or its published edition.
    latest = Version.objects.filter(report=OuterRef("report")).values("report").annotate(last=Max("number")).values("last")
    return versions.filter(number=Subquery(latest))


@transaction.atomic
def start(*, organisation=None, published_only: bool = False, concurrency: int = 4, actor=None) -> BulkRender:
    batch = BulkRender.objects.create(organisation=organisation, published_only=published_only, concurrency=max(1, concurrency))
    batch.total = versions_in_scope(batch).count()
    batch.save(update_fields=("total",))
    log_action("pdf.bulk_started", actor=actor, target=batch, organisation=organisation,
               data={"batch": batch.pk, "total": batch.total, "published_only": published_only})
    return batch


@dataclass(frozen=True)
class Progress:
    done: int
    failed: int
    running: int
    total: int

    @property
    def finished(self) -> bool:
        return self.done + self.failed >= self.total and not self.running

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * (self.done + self.failed) / self.total)


def progress(batch: BulkRender) -> Progress:
    """Versions done (a finished PDF in the batch), failed (their last try failed, none running)
    and renders in flight."""
    renders = batch.renders.all()
    done = renders.filter(status=RenderStatus.DONE).values("version")
    in_flight = renders.exclude(status__in=FINISHED)
    failed = renders.filter(status=RenderStatus.FAILED).exclude(version__in=done).exclude(version__in=in_flight.values("version"))
    return Progress(done=done.distinct().count(), failed=failed.values("version").distinct().count(),
                    running=in_flight.count(), total=batch.total)


def queue_more(batch: BulkRender, *, retry_failed_before=None) -> int:
    """Queue renders for versions not yet done until `concurrency` are in flight. A version whose
    render failed in this batch is tried again if that was before `retry_failed_before` (a
    resumed batch), once."""
    in_flight = batch.renders.exclude(status__in=FINISHED)
    room = batch.concurrency - in_flight.count()
    if room <= 0:
        return 0
    failed = batch.renders.filter(status=RenderStatus.FAILED)
    if retry_failed_before is not None:
        failed = failed.filter(created_at__gte=retry_failed_before)
    settled = batch.renders.filter(status=RenderStatus.DONE) | failed
    pending = (versions_in_scope(batch).exclude(pk__in=settled.values("version")).exclude(pk__in=in_flight.values("version"))
               .select_related("report__organisation").order_by("report__organisation_id", "report_id", "number")[:room])
    queued = 0
    for version in pending:
        with transaction.atomic():
            public = version.status in PUBLIC_STATUSES
            render = request_render(version, actor=None, force=True, draft_mark=not public, public=public)
            PdfRender.objects.filter(pk=render.pk).update(batch=batch)
        queued += 1
    return queued


def finish(batch: BulkRender) -> None:
    state = progress(batch)
    BulkRender.objects.filter(pk=batch.pk).update(finished_at=timezone.now())
    log_action("pdf.bulk_finished", actor=None, target=batch, organisation=batch.organisation,
               data={"batch": batch.pk, "done": state.done, "failed": state.failed, "total": state.total})


def bulk_renders_in_progress(organisation) -> list[BulkRender]:
    """The organisation's batches not finished yet, each with its `progress` (the organisation's
    page shows them)."""
    batches = list(BulkRender.objects.filter(organisation=organisation, finished_at__isnull=True))
    for batch in batches:
        batch.progress = progress(batch)
    return batches
