"""Reviewers and the approver judge the PDF of exactly what was submitted (#31 item 1): submission
asks for it, the review page shows it as current, and approval waits until it exists."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pia_portal.organisations.models import Role
from pia_portal.publishing import services
from pia_portal.reports import models as m
from pia_portal.rendering.models import PdfRender, RenderStatus
from pia_portal.rendering.pdf import content_key
from pia_portal.rendering.services import is_outdated, latest_render
from pia_portal.rendering.tasks import render_version_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_person, organisation):
    return {role: make_person(role.value, organisation, role) for role in (Role.AUTHOR, Role.REVIEWER, Role.APPROVER)}


@pytest.fixture
def submitted(organisation, people):
    from pia_portal.demo.reports import load_juten

    version = load_juten(organisation)
    services.submit_version(version, actor=people[Role.AUTHOR])
    version.refresh_from_db()
    return version


def test_submission_asks_for_the_pdf_of_what_was_submitted(submitted):
    render = latest_render(submitted)
    assert render is not None and render.status == RenderStatus.QUEUED
    assert render.content_key == content_key(submitted, draft_mark=True) and render.draft_mark
    assert not is_outdated(render)


def test_approval_is_refused_until_the_pdf_of_the_submitted_content_is_there(submitted, people, client):
    approver = people[Role.APPROVER]
    with pytest.raises(services.WorkflowError, match="承認する内容のPDFを作成しています"):
        services.approve_version(submitted, actor=approver)

    client.force_login(approver)
    url = reverse("reports:report_detail", args=[submitted.report.organisation.slug, submitted.report_id])
    page = client.get(url).content.decode()
    assert "承認する内容のPDFを作成しています" in page and "/workflow/approve/" not in page
    assert "data-poll=" in page  # the page updates itself when the PDF is made

    render_version_pdf(latest_render(submitted).pk)
    page = client.get(url).content.decode()
    assert "承認する内容のPDF" not in page and "/workflow/approve/" in page
    services.approve_version(submitted, actor=approver)
    submitted.refresh_from_db()
    assert submitted.status == m.VersionStatus.APPROVED


def test_a_failed_pdf_blocks_approval_and_says_so(submitted, people):
    PdfRender.objects.filter(version=submitted).update(status=RenderStatus.FAILED, error="図を読み込めません")
    with pytest.raises(services.WorkflowError, match="PDFを作成できませんでした"):
        services.approve_version(submitted, actor=people[Role.APPROVER])


def test_the_reviewer_page_shows_the_pdf_as_current(submitted, people, client):
    client.force_login(people[Role.REVIEWER])
    url = reverse("publishing:review", args=[submitted.report.organisation.slug, submitted.report_id, submitted.number])
    page = client.get(url).content.decode()
    assert "審査する内容のPDFを作成しています" in page and "data-poll=" in page

    render_version_pdf(latest_render(submitted).pk)
    page = client.get(url).content.decode()
    assert "審査する内容のPDF" in page and "最新の内容" in page
    assert f"/pdf/{latest_render(submitted).pk}/download/" in page
