"""Starting an import in the worker, and keeping it from hurting the site: a per-organisation limit
of imports in progress, the same file not queued twice (a double click), a time limit in the task,
and a sweep that picks up imports whose worker died."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from pia_portal.audit.log import log_action
from pia_portal.core.queue import send_on_commit
from pia_portal.organisations.models import Organisation
from pia_portal.reports.services import user_or_none

from .models import ImportJob, ImportStatus
from .services import ImportError_, check_upload, sha256_of

# Each import holds a worker for up to TIME_LIMIT; two per organisation at a time leave the
# workers to everyone else.
MAX_IN_PROGRESS = 2
TIME_LIMIT = 300
STUCK_AFTER = timedelta(minutes=10)
MAX_ATTEMPTS = 2


@transaction.atomic
def start_import(raw: bytes, name: str, organisation: Organisation, *, actor, format: str = "auto",
                 new_report: bool = False, number: str = "", affair=None) -> ImportJob:
    """Check what can be checked at once (ImportError_ for the upload page), store the file and
    queue the reading. The same file asked for twice while the first is under way is one job.
    `affair`: the 事務 a new report belongs to, or "new" for a 事務 of its own number."""
    check_upload(raw)
    # One organisation's uploads are counted one at a time, so two requests cannot both slip
    # under the limit.
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    in_progress = ImportJob.objects.filter(organisation=organisation, status__in=(ImportStatus.QUEUED, ImportStatus.RUNNING))
    digest = sha256_of(raw)
    same = in_progress.filter(source_sha256=digest).first()
    if same is not None:
        return same
    if in_progress.count() >= MAX_IN_PROGRESS:
        raise ImportError_(
            f"この評価実施機関では取込みが{MAX_IN_PROGRESS}件処理中です。終わってから、もう一度取り込んでください。"
        )
    job = ImportJob(
        organisation=organisation, source_name=name[:300], source_sha256=digest, source_size=len(raw), format=format,
        requested_by=user_or_none(actor), as_new_report=new_report, assessment_number=number,
        affair=affair if affair != "new" else None,
    )
    job.source.save("source", ContentFile(raw), save=False)
    job.save()
    log_action("import.requested", actor=actor, target=job, organisation=organisation, data={"file": job.source_name, "affair": str(job.affair or "") or ("new" if affair == "new" else "")})
    return queue(job)


def queue(job: ImportJob) -> ImportJob:
    from .tasks import run_import

    job.status, job.task_id, job.queued_at = ImportStatus.QUEUED, uuid.uuid4().hex, timezone.now()
    job.save(update_fields=("status", "task_id", "queued_at"))
    send_on_commit(run_import, (job.pk,), task_id=job.task_id)
    return job


def is_stuck(job: ImportJob) -> bool:
    since = job.started_at if job.status == ImportStatus.RUNNING else job.queued_at or job.created_at
    return not job.is_finished and since is not None and timezone.now() - since > STUCK_AFTER


def in_progress_for(organisation: Organisation):
    return ImportJob.objects.filter(organisation=organisation, status__in=(ImportStatus.QUEUED, ImportStatus.RUNNING))
