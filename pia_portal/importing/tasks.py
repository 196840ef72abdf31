"""Reading an uploaded report in the worker. Takes ids; claims its job by the task id as the
render task does (rendering/tasks.py), so a redelivered or requeued message never runs twice."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from pia_portal.audit.log import log_action
from pia_portal.reports.services import ReportError

from .jobs import MAX_ATTEMPTS, STUCK_AFTER, TIME_LIMIT, is_stuck, queue
from .models import ImportJob, ImportStatus
from .services import create_from, prepare

logger = logging.getLogger(__name__)


def _progress(job: ImportJob, stage: str, percent: int) -> None:
    # Outside the import's own transaction, so the progress page sees it at once.
    ImportJob.objects.filter(pk=job.pk).update(stage=stage, progress=percent)


@shared_task(
    name="pia_portal.importing.tasks.run_import", bind=True, acks_late=True, reject_on_worker_lost=True,
    soft_time_limit=TIME_LIMIT, time_limit=TIME_LIMIT + 30,
)
def run_import(self, job_id: int) -> str:
    task_id = getattr(self.request, "id", None)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update(of=("self",)).select_related("organisation", "requested_by").filter(pk=job_id).first()
        if job is None or job.is_finished:
            return "skipped"
        if job.task_id and task_id and job.task_id != task_id:
            return "superseded"
        if job.attempts >= MAX_ATTEMPTS:
            _fail(job, "読み取りが繰り返し中断されたため、中止しました。ファイルを確認して、もう一度取り込んでください。")
            return "failed"
        job.status, job.started_at, job.attempts = ImportStatus.RUNNING, timezone.now(), job.attempts + 1
        job.save(update_fields=("status", "started_at", "attempts"))
    try:
        _progress(job, "ファイルを読んでいます", 10)
        with job.source.open("rb") as handle:
            raw = handle.read()
        _progress(job, "評価書の項目を読み取っています", 25)
        prepared = prepare(raw, job.source_name, format=job.format)
        _progress(job, "下書きの版を作成しています", 70)
        record = create_from(prepared, job.organisation, actor=job.requested_by, new_report=job.as_new_report,
                             number=job.assessment_number, affair=job.affair)
    except ReportError as error:
        _fail(job, str(error))
        return "failed"
    except SoftTimeLimitExceeded:
        _fail(job, f"{TIME_LIMIT // 60}分以内に読み取れなかったため、中止しました。ファイルが大きすぎないか確認してください。")
        return "failed"
    except Exception:  # noqa: BLE001 - the person is told; the log keeps the details
        logger.exception("import %s failed", job_id)
        _fail(job, "予期しない理由で取り込めませんでした。ファイルを確認して、もう一度取り込んでください。")
        return "failed"
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.DONE, record=record, stage="完了", progress=100, finished_at=timezone.now()
    )
    return "done"


@shared_task(name="pia_portal.importing.tasks.sweep_stuck_imports")
def sweep_stuck_imports() -> int:
    """Run by Celery beat: imports whose worker died are queued again, or failed after MAX_ATTEMPTS."""
    cutoff = timezone.now() - STUCK_AFTER
    count = 0
    candidates = ImportJob.objects.filter(
        Q(status=ImportStatus.QUEUED, queued_at__lt=cutoff) | Q(status=ImportStatus.RUNNING, started_at__lt=cutoff)
    ).values_list("pk", flat=True)
    for job_id in list(candidates):
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().select_related("organisation").get(pk=job_id)
            if not is_stuck(job):
                continue
            if job.attempts >= MAX_ATTEMPTS:
                _fail(job, "読み取りが繰り返し中断されたため、中止しました。ファイルを確認して、もう一度取り込んでください。")
            else:
                queue(job)
                count += 1
    return count


def _fail(job: ImportJob, reason: str) -> None:
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, error=reason, finished_at=timezone.now())
    log_action("import.failed", actor=None, target=job, organisation=job.organisation, data={"file": job.source_name, "reason": reason})
