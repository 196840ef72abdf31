"""A publication is never left half done (#27 item 4): a worker killed just after the PDF row is
marked done leaves a version 承認済 without 公表日, which the sweep finishes; and the sweep never
queues again a render a live worker is still making, however long it takes."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from pia_portal.audit.models import ActionLog
from pia_portal.organisations.models import Role
from pia_portal.publishing.models import Publication
from pia_portal.reports import models as m
from pia_portal.rendering.models import PdfRender, RenderStatus
from pia_portal.rendering.services import request_render, retry_render
from pia_portal.rendering.tasks import STUCK_AFTER, sweep_stuck_renders
from tests.builders import full_version, with_procedure
from tests.test_parallel_rendering import with_files


def killed_after_the_pdf_was_marked_done(version, admin) -> Publication:
    """The database as a worker SIGKILLed between recording the publication's PDF and publishing
    leaves it: the render 完了 with its file, the publication without 公表日時, the version 承認済."""
    m.Version.objects.filter(pk=version.pk).update(status=m.VersionStatus.APPROVED)
    render = PdfRender.objects.create(version=version, content_key="k" * 64, for_publication=True, public=True,
                                      status=RenderStatus.DONE, pages=1, sha256="0" * 64, finished_at=timezone.now(),
                                      started_at=timezone.now() - timedelta(seconds=8))
    render.file.save("published.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    today = timezone.localdate()
    return Publication.objects.create(version=version, render=render, requested_by=admin, submitted_on=today,
                                      published_on=today)


@pytest.fixture
def admin(make_person, organisation):
    return make_person("kanri", organisation, Role.ADMIN)


@pytest.mark.django_db
def test_the_sweep_finishes_a_publication_whose_pdf_was_done_when_its_worker_died(organisation, admin):
    version = with_procedure(full_version(organisation, "juten"), admin)
    publication = killed_after_the_pdf_was_marked_done(version, admin)

    sweep_stuck_renders()

    version.refresh_from_db()
    publication.refresh_from_db()
    assert version.status == m.VersionStatus.PUBLISHED
    assert version.published_at is not None and publication.published_at == version.published_at

    # A second sweep (beat runs every minute) changes nothing more: one publication, once.
    sweep_stuck_renders()
    assert ActionLog.objects.filter(action="version.published", object_id=str(version.pk)).count() == 1


@pytest.mark.django_db
def test_making_the_pdf_again_finishes_the_publication_instead_of_saying_it_exists(organisation, admin):
    """The 管理者 presses 「PDFを作り直す」 on the stuck publication before the sweep came by."""
    version = with_procedure(full_version(organisation, "juten"), admin)
    publication = killed_after_the_pdf_was_marked_done(version, admin)

    retry_render(publication.render, actor=admin)

    version.refresh_from_db()
    assert version.status == m.VersionStatus.PUBLISHED


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_the_sweep_leaves_a_long_render_alone_while_its_worker_is_on_it(celery_worker_process, organisation):
    """Given a render that has been 作成中 for longer than the sweep's limit (a 2,500-page report on
    a busy queue), while a live worker still works on it, then the sweep does not queue it again:
    it is made once, by its first task."""
    version = with_files(full_version(organisation, "zenkomoku", number="2500"), 4)
    render = request_render(version, actor=None)
    deadline = time.monotonic() + 60
    while render.status != RenderStatus.RUNNING and time.monotonic() < deadline:
        time.sleep(0.05)
        render.refresh_from_db()
    assert render.status == RenderStatus.RUNNING
    first_task = render.task_id
    long_ago = timezone.now() - STUCK_AFTER - timedelta(minutes=1)
    PdfRender.objects.filter(pk=render.pk).update(started_at=long_ago, queued_at=long_ago)

    assert sweep_stuck_renders() == 0

    deadline = time.monotonic() + 180
    while not render.is_finished and time.monotonic() < deadline:
        time.sleep(0.5)
        render.refresh_from_db()
    assert render.status == RenderStatus.DONE, render.error
    assert render.task_id == first_task and render.attempts == 1
    assert not ActionLog.objects.filter(action="pdf.requeued").exists()


@pytest.mark.django_db
def test_a_render_nobody_has_worked_on_for_the_lease_is_queued_again(organisation):
    """The other side of the lease: a render whose worker went silent (killed) is taken up again."""
    version = full_version(organisation, "juten")
    silent = timezone.now() - STUCK_AFTER - timedelta(minutes=1)
    render = PdfRender.objects.create(version=version, content_key="x", status=RenderStatus.RUNNING, attempts=1,
                                      started_at=silent, queued_at=silent, task_id="dead")
    PdfRender.objects.filter(pk=render.pk).update(heartbeat_at=silent)

    assert sweep_stuck_renders() == 1
    render.refresh_from_db()
    assert render.status == RenderStatus.QUEUED and render.task_id != "dead"


@pytest.mark.django_db
def test_the_button_to_make_the_pdf_again_publishes_the_stuck_version_and_says_so(organisation, admin, client):
    version = with_procedure(full_version(organisation, "juten"), admin)
    publication = killed_after_the_pdf_was_marked_done(version, admin)
    client.force_login(admin)

    response = client.post(f"/o/{organisation.slug}/reports/{version.report_id}/versions/{version.number}/pdf/"
                           f"{publication.render_id}/retry/", follow=True)

    assert "このPDFは作成済みです。このPDFを待っていた手続(公表など)を進めました。" in response.content.decode()
    version.refresh_from_db()
    assert version.status == m.VersionStatus.PUBLISHED
