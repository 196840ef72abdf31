"""Importing the PDF itself: given a report the portal rendered, when staff upload its PDF, then the
imported version matches the original, but for what a PDF cannot carry; and PDFs that cannot be read
get a message in Japanese and create nothing."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pia_portal.changelog.generate import HouseStyle, Matching, generate
from pia_portal.core import demo_reports
from pia_portal.importing.models import ImportJob
from pia_portal.importing.services import ImportError_, check_upload, import_file
from pia_portal.organisations.models import Role
from pia_portal.rendering.pdf import render_pdf

pytestmark = pytest.mark.django_db

# What the PDF cannot carry: a 「—」 typed into an item prints like an empty item.
PLACEHOLDERS = {"—", "-", ""}
# Known limits of the layout reader, left for the next step of the import issue: option texts of
# check boxes printed in two columns (入手元) interleave; the 別紙 table's columns shift.
KNOWN = {"juten": 2, "zenkomoku": 8}


def differences(original, imported):
    rows = generate(original, imported, style=HouseStyle(long_text="full"), matching=Matching.SIMILARITY).rows
    return [r for r in rows if not (r.before.strip() in PLACEHOLDERS and r.after in ("", "削除"))
            and not (r.after.strip() in PLACEHOLDERS and r.before.strip() in PLACEHOLDERS)]


@pytest.mark.parametrize("kind", ["juten", "zenkomoku"])
def test_a_rendered_report_comes_back_from_its_pdf(organisation, other_organisation, kind):
    original = (demo_reports.load_juten if kind == "juten" else demo_reports.load_zenkomoku)(organisation)
    pdf = render_pdf(original).content

    record = import_file(pdf, "published.pdf", other_organisation, actor=None)

    assert record.source_format == "pdf"
    assert record.placed_chars / record.total_chars >= 0.98
    left = differences(original, record.version)
    assert len(left) <= KNOWN[kind], [(r.item, r.before[:60], r.after[:60]) for r in left]
    assert record.version.report.assessment_number == original.report.assessment_number


def _pdf_of_image() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (800, 1100), "white").save(buffer, format="PDF")
    return buffer.getvalue()


def _pdf_of_html(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


@pytest.mark.parametrize(
    "content, message",
    [
        (_pdf_of_image, "文字の情報がありません"),
        (lambda: _pdf_of_html("<h1>議事録</h1><p>令和8年度 第1回 会議の記録です。</p>"), "評価書"),
        (lambda: b"%PDF-1.7\n" + b"garbage" * 100, "PDFとして読めません"),
    ],
)
def test_a_pdf_that_cannot_be_read_gets_a_message_and_creates_nothing(client, organisation, make_person, content, message):
    raw = content()
    with pytest.raises(ImportError_, match=message):
        check_upload(raw)
    client.force_login(make_person("pdf-author", organisation, Role.AUTHOR))

    response = client.post(reverse("importing:upload", args=[organisation.slug]), {"file": SimpleUploadedFile("x.pdf", raw)})

    assert response.status_code == 200 and message in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_an_upload_over_the_limit_is_refused_next_to_the_field(client, organisation, make_person):
    client.force_login(make_person("big-author", organisation, Role.AUTHOR))
    page = client.get(reverse("importing:upload", args=[organisation.slug])).content.decode()
    assert "20MBまで" in page  # the limit is stated before anyone tries

    huge = SimpleUploadedFile("huge.pdf", b"%PDF-1.7\n" + bytes(100 * 1024 * 1024))
    response = client.post(reverse("importing:upload", args=[organisation.slug]), {"file": huge})

    assert response.status_code == 200 and "ファイルが大きすぎます" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_a_file_can_always_be_taken_in_as_a_new_report(client, organisation, make_person):
    from pia_portal.reports import models as m
    from pia_portal.reports.serialization import FormatError

    original = demo_reports.load_juten(organisation)
    pdf = render_pdf(original).content
    with pytest.raises(FormatError, match="別の評価書番号を指定"):
        import_file(pdf, "again.pdf", organisation, actor=None, new_report=True)
    client.force_login(make_person("new-report-author", organisation, Role.AUTHOR))
    url = reverse("importing:upload", args=[organisation.slug])

    taken = client.post(url, {"file": SimpleUploadedFile("again.pdf", pdf), "target": "new", "assessment_number": "１２"})
    assert taken.status_code == 200 and "すでにあります" in taken.content.decode()  # 12 is the original's number
    client.post(url, {"file": SimpleUploadedFile("again.pdf", pdf), "target": "new", "assessment_number": "３１"})

    job = ImportJob.objects.get()
    assert job.as_new_report and job.assessment_number == "31"
    record = import_file(pdf, "again.pdf", organisation, actor=None, new_report=True, number=job.assessment_number)
    assert record.version.report.assessment_number == "31" and record.version.number == 1
    assert m.Report.objects.filter(organisation=organisation).count() == 2


# Another producer's layout (other fonts, widths and margins, no running header, text layer with
# Kangxi radicals): what is left are values cut at page ends and a few cells merged by the layout.
KNOWN_RESTYLED = {"juten": 4, "zenkomoku": 19}


@pytest.mark.parametrize("kind", ["juten", "zenkomoku"])
def test_a_pdf_laid_out_by_another_producer_imports(organisation, other_organisation, kind):
    from pia_portal.rendering.pdf import render_html
    from tests.shapes import restyled_pdf

    original = (demo_reports.load_juten if kind == "juten" else demo_reports.load_zenkomoku)(organisation)

    record = import_file(restyled_pdf(render_html(original)), "other-producer.pdf", other_organisation, actor=None)

    assert record.placed_chars / record.total_chars >= 0.98
    left = differences(original, record.version)
    assert len(left) <= KNOWN_RESTYLED[kind], [(r.item, r.before[:60], r.after[:60]) for r in left]


# The reference reports as the portal prints them: every character placed and every change-log row
# back, row for row. What differs is listed in the open import issue (the 用語集, check-box texts in
# two columns, spaces lost where a PDF wraps a line); these bounds keep it from growing.
KNOWN_REFERENCE = {"juten_yamaguchi_kaigo.txt": 42, "zenkomoku_kagoshima_juki.txt": 58}


@pytest.mark.parametrize("name", KNOWN_REFERENCE)
def test_a_reference_report_comes_back_from_the_pdf_the_portal_prints(reference_dir, organisation, other_organisation, name):
    extracted = import_file((reference_dir / "reports" / name).read_bytes(), name, organisation, actor=None)

    record = import_file(render_pdf(extracted.version).content, name.replace(".txt", ".pdf"), other_organisation, actor=None)

    assert record.placed_chars / record.total_chars >= 0.99
    def rows(version):  # a PDF breaks long 項目 texts into lines; the rows are the same
        return [("".join(item.split()), timing) for item, timing in version.change_log.values_list("item", "timing")]

    assert rows(record.version) == rows(extracted.version)
    assert len(differences(extracted.version, record.version)) <= KNOWN_REFERENCE[name]
