"""A report taken in as a new report belongs to a 事務 staff choose (#32 item 6): the existing
事務 of its number is offered first, and a new 事務 is added to the 計画管理書 only when asked."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pia_portal.importing.models import ImportJob
from pia_portal.importing.tasks import run_import
from pia_portal.organisations.models import Role
from pia_portal.planning.models import Affair
from pia_portal.reports import models as m
from pia_portal.reports.serialization import export_version
from pia_portal.reports.services import create_report
from pia_portal.reports.structure.nodes import FormKind
from tests.builders import full_version, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def kaigo(organisation):
    """事務 12 介護保険関係事務: its published 基礎項目評価書 and its 重点項目評価書 12."""
    publish(create_report(organisation, kind=FormKind.KISO, assessment_number="12", title="介護保険関係事務 基礎項目評価書",
                          affair_name="介護保険関係事務", actor=None))
    juten = full_version(organisation, FormKind.JUTEN, number="12")
    return juten


@pytest.fixture
def author_client(client, organisation, make_person):
    client.force_login(make_person("affair-author", organisation, Role.AUTHOR))
    return client


def upload(client, organisation, version, **fields):
    raw = json.dumps(export_version(version), ensure_ascii=False).encode()
    return client.post(reverse("importing:upload", args=[organisation.slug]),
                       {"file": SimpleUploadedFile("juten.json", raw), "target": "new", **fields})


def test_the_upload_page_offers_the_organisations_affairs_and_a_new_one(author_client, organisation, kaigo):
    page = author_client.get(reverse("importing:upload", args=[organisation.slug])).content.decode()

    assert "12 介護保険関係事務" in page
    assert "新しい事務として計画管理書に追加する" in page


def test_a_new_report_numbered_12_2_goes_under_the_existing_affair_12(author_client, organisation, kaigo):
    affair = Affair.objects.get(organisation=organisation, number="12")

    response = upload(author_client, organisation, kaigo, assessment_number="12-2", affair=str(affair.pk))
    assert response.status_code == 302, response.content.decode()
    assert run_import(ImportJob.objects.get().pk) == "done"

    report = m.Report.objects.get(organisation=organisation, assessment_number="12-2")
    assert report.affair == affair and report.kind == FormKind.JUTEN
    assert not Affair.objects.filter(organisation=organisation, number="12-2").exists()
    assert affair.reports.count() == 3


def test_the_existing_affair_of_the_typed_number_is_offered_first(author_client, organisation, kaigo):
    Affair.objects.create(organisation=organisation, number="3", name="住民基本台帳に関する事務")

    page = upload(author_client, organisation, kaigo, assessment_number="12-2").content.decode()

    assert page.index("12 介護保険関係事務") < page.index("3 住民基本台帳に関する事務")
    assert "この評価書が属する事務を選んでください。" in page  # nothing chosen: asked, not guessed
    assert not ImportJob.objects.exists()


def test_choosing_a_new_affair_adds_one_to_the_plan(author_client, organisation, kaigo):
    response = upload(author_client, organisation, kaigo, assessment_number="12-3", affair="new")
    assert response.status_code == 302
    assert run_import(ImportJob.objects.get().pk) == "done"

    report = m.Report.objects.get(organisation=organisation, assessment_number="12-3")
    assert report.affair.number == "12-3" and report.affair != Affair.objects.get(organisation=organisation, number="12")


def test_another_organisations_affair_cannot_be_chosen(author_client, organisation, other_organisation, kaigo):
    theirs = Affair.objects.create(organisation=other_organisation, number="12", name="介護保険関係事務")

    page = upload(author_client, organisation, kaigo, assessment_number="12-2", affair=str(theirs.pk)).content.decode()

    assert "選んだ事務は見つかりません。一覧から選んでください。" in page and "is-invalid" in page
    assert not ImportJob.objects.exists()


def test_an_affair_is_chosen_only_for_a_new_report(author_client, organisation, kaigo):
    affair = Affair.objects.get(organisation=organisation, number="12")

    page = upload(author_client, organisation, kaigo, target="auto", affair=str(affair.pk)).content.decode()

    assert "事務を選ぶのは「新しい評価書として取り込む」ときだけです。" in page
    assert not ImportJob.objects.exists()
