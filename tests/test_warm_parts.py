"""The PDF is ready before anyone asks (#31): after each save of a draft the parts whose HTML
changed are rendered into the part cache by the worker, so the draft's PDF is then only assembled."""

from __future__ import annotations

import hashlib
import time

import pytest
from django.urls import reverse

from pia_portal.rendering.models import CachedPart, PdfRender, RenderStatus
from pia_portal.rendering.parts import assembled_key, numbers_key, split
from pia_portal.rendering.services import request_render
from tests.builders import form_fields, full_version


def wait_until_warm(version, timeout: float = 180) -> set[str]:
    """The keys of the version's parts (internal and public copies), once all are in the cache."""
    deadline = time.monotonic() + timeout
    while True:
        keys = {source.key for public in (False, True) for source in split(version, public=public)[1]}
        if set(CachedPart.objects.filter(key__in=keys).values_list("key", flat=True)) == keys:
            return keys
        assert time.monotonic() < deadline, "the parts were not warmed"
        time.sleep(0.5)


def save_department(client, version, text: str) -> None:
    url = reverse("editing:page", args=[version.report.organisation.slug, version.report_id, version.number, "basic"])
    data = form_fields(client.get(url).content.decode())
    data[f"basic_info-{version.basic_info.uid.hex}-department"] = text
    assert client.post(url, data).status_code == 302


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_after_a_save_only_the_changed_part_is_rendered_and_the_draft_pdf_is_assembled_from_warm_parts(
        celery_worker_process, client, author, organisation):
    version = full_version(organisation, "juten", actor=author)
    client.force_login(author)
    save_department(client, version, "健康福祉部 介護保険課")
    before = wait_until_warm(version)

    save_department(client, version, "健康福祉部 介護保険課 認定係")
    after = wait_until_warm(version)

    changed = after - before
    assert len(changed) == 1  # the one part that prints 部署; the public copy is the same part
    made = set(CachedPart.objects.values_list("key", flat=True))
    assert made - before - changed == set()  # nothing else was rendered again

    render = request_render(version, actor=author)
    deadline = time.monotonic() + 120
    while not render.is_finished and time.monotonic() < deadline:
        time.sleep(0.2)
        render.refresh_from_db()
    assert render.status == RenderStatus.DONE, render.error
    parts_made_for_the_pdf = set(CachedPart.objects.values_list("key", flat=True)) - made - {numbers_key(render.pages)}
    assert parts_made_for_the_pdf == set()  # assembled from the warm parts only


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_publication_only_stores_the_pdf_assembled_on_approval(celery_worker_process, make_person, organisation):
    """Given an approved version whose parts were warmed on approval (its cover with today's 公表日)
    and then assembled into the PDF it will be published as, when the 管理者 publishes it today,
    then nothing is rendered or joined again: the published PDF is that file, without 「案」, with
    the 公表日 on its cover."""
    import subprocess

    from django.utils import timezone

    from pia_portal.core.wareki import format_date
    from pia_portal.organisations.models import Role
    from pia_portal.publishing import services
    from pia_portal.reports import models as m
    from pia_portal.rendering.models import RenderStatus
    from pia_portal.rendering.services import latest_render

    author = make_person("sakusei", organisation, Role.AUTHOR)
    approver = make_person("shonin", organisation, Role.APPROVER)
    admin = make_person("kanri", organisation, Role.ADMIN)
    from pia_portal.demo.reports import load_juten

    version = load_juten(organisation)
    services.submit_version(version, actor=author)
    review = latest_render(version)
    deadline = time.monotonic() + 120
    while not review.is_finished and time.monotonic() < deadline:
        time.sleep(0.2)
        review.refresh_from_db()
    assert review.status == RenderStatus.DONE, review.error
    services.approve_version(version, actor=approver)
    version.refresh_from_db()

    today = timezone.localdate()
    from pia_portal.publishing.models import Publication

    as_published = m.Version.objects.get(pk=version.pk)
    as_published.publication = Publication(version=as_published, published_on=today)
    deadline = time.monotonic() + 120
    while True:
        title, sources = split(as_published, public=True)
        keys = {source.key for source in sources}
        ahead = assembled_key(as_published, title, [source.key for source in sources])
        if CachedPart.objects.filter(key__in=keys | {ahead}).count() == len(keys) + 1:
            break
        assert time.monotonic() < deadline, "the approved version's PDF was not made ahead"
        time.sleep(0.5)
    made = set(CachedPart.objects.values_list("key", flat=True))
    made_ahead = CachedPart.objects.get(key=ahead).file.read()

    publication = services.publish_version(m.Version.objects.get(pk=version.pk), actor=admin)
    render = publication.render
    deadline = time.monotonic() + 120
    while not render.is_finished and time.monotonic() < deadline:
        time.sleep(0.2)
        render.refresh_from_db()
    assert render.status == RenderStatus.DONE, render.error
    assert set(CachedPart.objects.values_list("key", flat=True)) - made == set()
    assert render.sha256 == hashlib.sha256(made_ahead).hexdigest() and CachedPart.objects.get(key=ahead).hits == 1
    text = subprocess.run(["pdftotext", "-", "-"], input=render.file.read(), capture_output=True, check=True).stdout.decode()
    assert format_date(today) in text.replace(" ", "") and "案" not in text.split("\f")[0].split()
    # The worker marks the version published just after it stores the file (its own transaction).
    while True:
        version.refresh_from_db()
        if version.status == m.VersionStatus.PUBLISHED or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert version.status == m.VersionStatus.PUBLISHED
