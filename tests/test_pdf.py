"""The official-layout PDF: every label and value is in it, in order, with Japanese fonts
embedded; the worker renders and stores it with its hash; a failure is shown with its reason."""

from __future__ import annotations

import hashlib
import re
import subprocess
import time

import pytest
from django.urls import reverse

from pia_portal.organisations.models import Role
from pia_portal.reports.outline import slots
from pia_portal.reports.structure import Entity, Kind, form_for
from pia_portal.rendering.models import PdfRender, RenderStatus
from pia_portal.rendering.parts import render_whole
from pia_portal.rendering.pdf import render_pdf
from pia_portal.rendering.services import request_render
from pia_portal.rendering.tasks import render_version_pdf
from tests.builders import full_version, with_procedure

KINDS = ["juten", "zenkomoku", "kiso"]
LOCAL_SWAP = 3000  # characters of extracted text
TABLE_ENTITIES = {Entity.ANNEX, Entity.ANNEX_ROW, Entity.RECORD_GROUP, Entity.RECORD_ITEM, Entity.BUSINESS_FIGURE, Entity.CHANGE_LOG, Entity.GLOSSARY}


def pdf_text(content: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


def squeeze(text: str) -> str:
    """Text as a reader sees it, without the line breaks and spaces the layout adds."""
    return re.sub(r"\s+", "", text)


def assert_values_in_order(version, text: str) -> None:
    """Each text value's first line is in the extracted text, after the one before it."""
    position = 0
    for slot in slots(version):
        if not slot.visible or slot.place.item.kind not in (Kind.TEXT, Kind.LINE) or slot.record.entity in TABLE_ENTITIES:
            continue  # table cells wrap in narrow columns and interleave in extracted text
        value = slot.record.title if slot.attr == "name" and slot.record.entity is Entity.FILE else slot.value
        first_line = squeeze(value.splitlines()[0])[:40] if value else ""
        if not first_line:
            continue
        # pdftotext may swap two long cells where a row breaks across pages: allow a local swap.
        found = text.find(first_line, max(0, position - LOCAL_SWAP))
        assert found >= 0, f"{slot.path(version.revision)}: 「{first_line}」 missing or out of order"
        position = max(position, found) if found > position - LOCAL_SWAP else found


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """One filled version of each kind, rendered once for the module's tests."""
    from pia_portal.organisations.models import Organisation

    results = {}
    with django_db_blocker.unblock():
        organisation = Organisation.objects.create(name="PDF試験市長", slug="pdf-midori")
        for number, kind in enumerate(KINDS, start=1):
            version = full_version(organisation, kind, number=str(number))
            pdf = render_pdf(version)
            results[kind] = (version, pdf, squeeze(pdf_text(pdf.content)))
    return results


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_every_label_of_the_form_is_printed(rendered, kind):
    version, _, text = rendered[kind]
    form = form_for(kind)
    missing = []
    for section in form.sections:
        if section.code != "cover" and squeeze(section.label()) not in text:  # the cover has no heading
            missing.append(section.label())
    for slot in slots(version):
        label = squeeze(slot.place.label(version.revision))
        if slot.place.inline or slot.record.entity in TABLE_ENTITIES:
            continue  # printed inside another cell, or as a table column (checked below)
        if label and label not in text:
            missing.append(slot.path(version.revision))
    for heading in form_for(kind).contents:
        assert squeeze(heading) in text
    assert not missing, missing


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_every_value_is_printed_in_the_order_of_the_form(rendered, kind):
    version, _, text = rendered[kind]
    assert_values_in_order(version, text)
    for slot in slots(version):
        if slot.visible and slot.place.item.kind is Kind.CHOICE and slot.value:
            chosen = squeeze(slot.place.item.options.label_of(slot.value, version.revision))
            assert f"[{chosen}]" in text or chosen in text, slot.path(version.revision)


@pytest.mark.django_db
def test_choices_print_the_selected_value_and_the_whole_legend(rendered):
    version, _, text = rendered["juten"]
    adequacy = squeeze("<選択肢> 1) 特に力を入れている 2) 十分である 3) 課題が残されている")
    assert adequacy in text
    assert "[○]個人番号" in text and "(1)ファイル1" in text
    # 別紙 columns are the 提供先 items with their numbers; 記録項目 are listed per group.
    assert squeeze("①法令上の根拠②提供先における用途③提供する情報") in text
    file = version.files.order_by("position").first()
    for annex in file.annexes.all():
        assert all(squeeze(row.name) in text for row in annex.rows.all())
    for group in file.record_groups.all():
        assert all(squeeze(item.label) in text for item in group.items.all())
    assert squeeze("(別添2) 変更箇所") in text
    assert all(squeeze(column) in text for column in ("変更日", "変更前の記載", "提出時期に係る説明"))


@pytest.mark.django_db
def test_the_same_content_gives_the_same_document(rendered):
    version, pdf, _ = rendered["juten"]
    assert render_pdf(version).sha256 == pdf.sha256


@pytest.mark.django_db
def test_japanese_fonts_are_embedded_and_pages_numbered(rendered, tmp_path):
    _, pdf, text = rendered["zenkomoku"]
    path = tmp_path / "z.pdf"
    path.write_bytes(pdf.content)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    assert re.search(r"IPAex\S*\s.*\syes\s", fonts), fonts
    assert f"1/{pdf.pages}" in text and f"{pdf.pages}/{pdf.pages}" in text


@pytest.mark.django_db
def test_the_preview_uses_the_print_template(client, author, organisation):
    version = full_version(organisation, "juten")
    client.force_login(author)
    url = reverse("reports:version_preview", args=[organisation.slug, version.report.pk, version.number])

    page = client.get(url).content.decode()

    assert "特定個人情報保護評価書(重点項目評価書)" in page and "③対象人数" in page and 'class="preview"' in page


@pytest.mark.django_db
def test_the_editor_shows_the_print_layout_of_the_section_being_edited(client, author, organisation, make_person,
                                                                        other_organisation):
    version = full_version(organisation, "zenkomoku")
    file = version.files.order_by("position").first()
    client.force_login(author)
    args = [organisation.slug, version.report.pk, version.number]
    editor = client.get(reverse("editing:page", args=[*args, f"file-{file.uid.hex}"])).content.decode()
    url = reverse("reports:version_section_preview", args=[*args, f"file-{file.uid.hex}"])
    assert f'src="{url}"' in editor

    response = client.get(url)
    page = response.content.decode()
    # The file's II 概要 and its 別添 tables, not the other sections, nor the other file's.
    assert "II 特定個人情報ファイルの概要" in page and file.name in page and "秒で作成" in page
    assert "III 特定個人情報ファイルの取扱いプロセスにおけるリスク対策" not in page
    assert version.files.order_by("position").last().name not in page
    # It may be framed by the portal's own pages only.
    assert response["X-Frame-Options"] == "SAMEORIGIN" and "frame-ancestors 'self'" in response["Content-Security-Policy"]

    assert client.get(reverse("reports:version_section_preview", args=[*args, "no-such-page"])).status_code == 404
    client.force_login(make_person("stranger", other_organisation, Role.ADMIN))
    assert client.get(url).status_code == 404


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_the_worker_renders_and_stores_the_pdf_with_its_hash(celery_worker_process, client, author, organisation):
    version = full_version(organisation, "juten")
    client.force_login(author)
    detail = reverse("reports:report_detail", args=[organisation.slug, version.report.pk])

    client.post(reverse("reports:version_request_pdf", args=[organisation.slug, version.report.pk, version.number]))
    render = PdfRender.objects.get(version=version)
    page = client.get(detail).content.decode()
    render.refresh_from_db()  # the worker may already have taken it
    assert "待機中" in page or render.status != RenderStatus.QUEUED
    deadline = time.monotonic() + 120
    while not render.is_finished and time.monotonic() < deadline:
        time.sleep(0.5)
        render.refresh_from_db()

    assert render.status == RenderStatus.DONE, render.error
    stored = render.file.read()
    assert hashlib.sha256(stored).hexdigest() == render.sha256 and len(stored) == render.size
    assert render.pages > 10 and render.seconds > 0 and render.attempts == 1
    # The worker's PDF, its parts made in parallel, is the same file as when its parts are made
    # one after the other here: a draft's, marked 「案」 with the time it was asked for.
    whole, pages = render_whole(version, draft_mark=True, printed_at=render.created_at)
    assert render.draft_mark and render.sha256 == hashlib.sha256(whole).hexdigest() and render.pages == pages
    download = client.get(reverse("reports:render_download", args=[organisation.slug, version.report.pk, 1, render.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == stored
    # Asking again for the same content reuses the finished PDF.
    assert request_render(version, actor=author) == render


@pytest.mark.django_db
def test_a_failed_render_is_reported_with_its_reason(client, author, organisation, settings, tmp_path):
    version = full_version(organisation, "juten")
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("media cannot live under a file")
    settings.MEDIA_ROOT = str(blocker)
    render = PdfRender.objects.create(version=version, content_key="x")

    assert render_version_pdf(render.pk) == "failed"

    render.refresh_from_db()
    assert render.status == RenderStatus.FAILED and render.file.name == ""
    assert render.error.startswith("PDFを作成できませんでした:")
    client.force_login(author)
    page = client.get(reverse("reports:report_detail", args=[organisation.slug, version.report.pk])).content.decode()
    assert "失敗" in page and "PDFを作成できませんでした" in page


@pytest.mark.django_db
def test_a_render_that_keeps_dying_is_given_up(organisation):
    version = full_version(organisation, "juten")
    render = PdfRender.objects.create(version=version, content_key="x", status=RenderStatus.RUNNING, attempts=3)

    render_version_pdf(render.pk)

    render.refresh_from_db()
    assert render.status == RenderStatus.FAILED and "3回中断" in render.error



@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_a_render_killed_half_way_is_retried_and_never_shows_a_partial_file(celery_worker_process, organisation):
    import psutil

    version = full_version(organisation, "zenkomoku")
    render = request_render(version, actor=None)
    deadline = time.monotonic() + 60
    while render.status != RenderStatus.RUNNING and time.monotonic() < deadline:
        time.sleep(0.05)
        render.refresh_from_db()
    assert render.status == RenderStatus.RUNNING
    assert render.file.name == ""  # nothing visible while it is being made

    for child in psutil.Process(celery_worker_process.pid).children(recursive=True):
        child.kill()  # the pool process dies mid-render, as on an out-of-memory kill

    deadline = time.monotonic() + 120
    while not render.is_finished and time.monotonic() < deadline:
        time.sleep(0.5)
        render.refresh_from_db()
    assert render.status == RenderStatus.DONE, render.error
    assert render.attempts == 2
    assert hashlib.sha256(render.file.read()).hexdigest() == render.sha256


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, kind", [("juten_yamaguchi_kaigo.txt", "juten"), ("zenkomoku_kagoshima_juki.txt", "zenkomoku")]
)
def test_a_reference_report_prints_every_label_and_value_in_order(reference_dir, organisation, name, kind):
    from pia_portal.importing.services import import_file

    version = import_file((reference_dir / "reports" / name).read_bytes(), name, organisation, actor=None).version
    text = squeeze(pdf_text(render_pdf(version).content))

    for section in form_for(kind).sections:
        if section.code != "cover" and (section.code != "glossary" or version.glossary.exists()):
            assert squeeze(section.label()) in text, section.label()
    for slot in slots(version):
        if not slot.place.inline and slot.record.entity not in TABLE_ENTITIES:
            assert squeeze(slot.place.label(version.revision)) in text, slot.path(version.revision)
    assert_values_in_order(version, text)
    rows = list(version.change_log.order_by("position"))
    assert squeeze(rows[-1].item)[:20] in text


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_a_publication_whose_worker_was_killed_is_requeued_by_the_sweep_and_published(celery_worker_process, make_person):
    """Given a publication whose worker is SIGKILLed mid-render (the render left 作成中, its message
    unacknowledged in Redis), when the beat's sweep finds it stuck, then it is queued again through
    the broker, rendered by the restarted worker, and the version is published."""
    from datetime import timedelta

    from django.utils import timezone

    from pia_portal.organisations.models import Organisation, Role
    from pia_portal.publishing.services import publish_version
    from pia_portal.reports import models as m
    from pia_portal.rendering.tasks import STUCK_AFTER, sweep_stuck_renders

    organisation = Organisation.objects.create(name="鳥取市長", slug="tottori-sweep")
    admin = make_person("kanri-sweep", organisation, Role.ADMIN)
    version = with_procedure(full_version(organisation, "zenkomoku"), admin)
    m.Version.objects.filter(pk=version.pk).update(status=m.VersionStatus.APPROVED)
    render = publish_version(version, actor=admin).render
    deadline = time.monotonic() + 60
    while render.status != RenderStatus.RUNNING and time.monotonic() < deadline:
        time.sleep(0.05)
        render.refresh_from_db()
    assert render.status == RenderStatus.RUNNING

    celery_worker_process.kill()
    celery_worker_process.start()
    # The restarted worker makes the parts still waiting in the queue (each renews the lease);
    # those the dead worker had taken stay lost until the sweep.
    from pia_portal.celery import app

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        time.sleep(1)
        inspect = app.control.inspect(timeout=1)
        if not any((inspect.active() or {}).values()) and not any((inspect.reserved() or {}).values()):
            break
    render.refresh_from_db()
    assert render.status == RenderStatus.RUNNING and render.is_stuck is False  # left behind, not yet stuck
    first_task = render.task_id
    silent = timezone.now() - STUCK_AFTER - timedelta(minutes=1)  # the dead worker's lease ran out
    PdfRender.objects.filter(pk=render.pk).update(started_at=silent, heartbeat_at=silent)

    assert sweep_stuck_renders.delay().get(timeout=60) == 1

    deadline = time.monotonic() + 120
    version.refresh_from_db()
    while version.status != m.VersionStatus.PUBLISHED and time.monotonic() < deadline:
        time.sleep(0.5)
        version.refresh_from_db()
    render.refresh_from_db()
    assert version.status == m.VersionStatus.PUBLISHED, render.error
    assert render.status == RenderStatus.DONE and render.task_id != first_task and render.attempts == 2
    # The dead worker's message, redelivered after the visibility timeout, finds nothing to do.
    assert render_version_pdf.apply(args=(render.pk,), task_id=first_task).get() == "skipped"
