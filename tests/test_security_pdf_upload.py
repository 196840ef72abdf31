"""A crafted PDF never holds a web worker (#27 item 2): given an author who uploads a PDF made to
hurt its reader (a page of 20 MB of text operators, a Flate bomb, 100,000 empty pages, 5,000
nested /Pages), when the upload is posted, then the page answers at once with the job queued, the
site goes on answering, the real worker reads the file in a child process under limits and the job
ends refused, its reason in Japanese next to the upload field. The PDFs are made here, byte by
byte; none is stored."""

from __future__ import annotations

import re
import time

import psutil
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pia_portal.importing.models import ImportJob
from pia_portal.importing.pdf import PdfError
from pia_portal.importing.sandbox import Limits, read_pdf
from pia_portal.organisations.models import Organisation, Role
from tests.conftest import until_finished
from tests.crafted_pdfs import MB, empty_pages, flate_bomb, nested_pages, text_operators

CRAFTED = {
    "a page of 20 MB of text operators": (text_operators, "1ページ目の中身が大きすぎます"),
    "a Flate bomb of 300 MB": (flate_bomb, "1ページ目の中身が大きすぎます"),
    "100,000 empty pages": (empty_pages, "ページ数が多すぎます(100000ページ。400ページまで)"),
    "5,000 nested /Pages": (nested_pages, "入れ子になりすぎている"),
}


def wait_for(job: ImportJob, seconds: float = 120) -> ImportJob:
    return until_finished(job, seconds)


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
@pytest.mark.parametrize("crafted", CRAFTED)
def test_a_crafted_pdf_is_refused_by_the_worker_without_holding_the_web(celery_worker_process, client, make_person, crafted):
    build, message = CRAFTED[crafted]
    raw = build()
    assert len(raw) < 20 * MB  # under the upload limit: it reaches the reader
    number = list(CRAFTED).index(crafted)
    organisation = Organisation.objects.create(name=f"試験市{number}", slug=f"crafted-{number}")
    client.force_login(make_person(f"crafter-{number}", organisation, Role.AUTHOR))
    upload = reverse("importing:upload", args=[organisation.slug])

    started = time.monotonic()
    response = client.post(upload, {"file": SimpleUploadedFile("hyokasho.pdf", raw, "application/pdf")})
    answered_in = time.monotonic() - started

    job = ImportJob.objects.get(organisation=organisation)
    assert response.status_code == 302 and response["Location"] == reverse("importing:job", args=[organisation.slug, job.pk])
    # Not a speed target: before, these requests took from 30 s to minutes in the web worker.
    assert answered_in < 10, answered_in
    assert client.get("/").status_code == 200  # the site answers while the worker reads

    wait_for(job)
    assert job.status == "failed" and message in job.error, job.error
    page = client.get(reverse("importing:job", args=[organisation.slug, job.pk])).content.decode()
    field = re.search(r'<input[^>]*name="file"[^>]*>.*?</div>', page, re.S)
    assert field and 'is-invalid' in field.group(0) and message in page
    # The message stands next to the upload field, and the summary at the top links to it.
    assert re.search(r'id="error_\d+_id_file"[^>]*>.*?' + re.escape(message), page, re.S)
    assert 'href="#id_file"' in page
    assert client.get("/").status_code == 200


def test_the_reader_is_a_child_that_a_page_too_slow_or_too_long_a_reading_ends():
    """Each page has its own CPU budget, and the whole reading a wall-clock limit after which the
    child is killed: the limits below are small only so the test is short."""
    page = text_operators(4)
    with pytest.raises(PdfError, match="1ページ目の読み取りに時間がかかりすぎる"):
        read_pdf(page, limits=Limits(page_bytes=64 * MB, page_cpu_seconds=0.3))

    started = time.monotonic()
    with pytest.raises(PdfError, match="時間がかかりすぎるため、中止しました"):
        read_pdf(page, limits=Limits(page_bytes=64 * MB, wall_seconds=2))
    assert time.monotonic() - started < 15
    readers = [p for p in psutil.Process().children(recursive=True) if "pia_portal.importing.sandbox" in " ".join(p.cmdline())]
    assert readers == []  # nothing of the killed reader keeps running


def test_a_reader_that_needs_too_much_memory_is_stopped_with_a_message():
    with pytest.raises(PdfError, match="メモリが多すぎるため"):
        read_pdf(flate_bomb(300), limits=Limits(page_bytes=1024 * MB, total_bytes=1024 * MB, memory_bytes=400 * MB))
