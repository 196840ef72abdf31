"""The 指針's procedure cannot be skipped (#27 item 7): what a version needs follows from its
content compared with its last published edition (none: a first evaluation), never from how the
version was made or which proposed rows staff took into its 変更箇所."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pia_portal.changelog import services as changelog
from pia_portal.importing.services import import_file
from pia_portal.organisations.models import Role
from pia_portal.procedure.rules import Step, state_of
from pia_portal.publishing import services as workflow
from pia_portal.reports import models as m
from pia_portal.reports.services import start_new_version
from tests.builders import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(make_person, organisation):
    return make_person("proc-author", organisation, Role.AUTHOR)


@pytest.fixture
def approver(make_person, organisation):
    return make_person("proc-approver", organisation, Role.APPROVER)


def test_a_zenkomoku_imported_as_a_new_report_is_a_first_evaluation(reference_dir, organisation, author):
    path = reference_dir / "reports" / "zenkomoku_kagoshima_juki.txt"
    version = import_file(path.read_bytes(), path.name, organisation, actor=author, new_report=True, number="71").version

    state = state_of(version)

    assert state.why == "新規の全項目評価"
    assert state.missing == [Step.COMMENTS, Step.INSPECTION]
    with pytest.raises(workflow.WorkflowError, match="新規の全項目評価のため"):
        workflow.submit_version(version, actor=author)


def _changed_purpose(organisation, author):
    from pia_portal.demo.reports import load_zenkomoku

    old = publish(load_zenkomoku(organisation))
    new = start_new_version(old.report, actor=author)
    file = m.PersonalInfoFile.objects.filter(version=new).order_by("position").first()
    file.purpose = "住民票の写しの交付に加え、転入者の健康診断の案内に用いる。"
    file.save()
    return new


@pytest.mark.parametrize("decision", ["none", "dropped", "others_taken"])
def test_a_important_change_needs_the_procedure_whichever_rows_were_taken(organisation, author, decision):
    new = _changed_purpose(organisation, author)
    m.Cover.objects.filter(version=new).update(title="住民基本台帳に関する事務 全項目評価書(改)")
    states = changelog.proposal_for(new)[1]
    purpose = [s.key for s in states if "使用目的" in s.row.item]
    assert purpose
    if decision == "dropped":
        changelog.drop_rows(new, purpose, actor=author)
    elif decision == "others_taken":
        changelog.accept_rows(new, [s.key for s in states if s.key not in purpose], actor=author)

    state = state_of(new)

    assert state.why == "重要な変更"
    assert state.missing == [Step.COMMENTS, Step.INSPECTION]
    with pytest.raises(workflow.WorkflowError, match="重要な変更のため"):
        workflow.submit_version(new, actor=author)


def test_the_approver_is_warned_of_an_important_change_not_taken_into_the_log(client, organisation, author, approver):
    new = _changed_purpose(organisation, author)
    m.Version.objects.filter(pk=new.pk).update(status=m.VersionStatus.IN_REVIEW)  # as if submitted by the old code

    client.force_login(approver)
    page = client.get(reverse("reports:report_detail", args=[organisation.slug, new.report_id])).content.decode()

    assert "必要ありません" not in page
    with pytest.raises(workflow.WorkflowError, match="重要な変更"):
        workflow.approve_version(new, actor=approver)
