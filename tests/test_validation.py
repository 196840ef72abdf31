"""Errors block submission; warnings are shown but do not block."""

import datetime as dt

import pytest

from pia_portal.reports import models as m
from pia_portal.reports.services import add_entry
from pia_portal.reports.structure.nodes import FormKind
from pia_portal.reports.validation import Level, errors, validate
from tests.builders import full_version

pytestmark = pytest.mark.django_db


def messages(version, level):
    return [f.message for f in validate(version) if f.level is level]


def consistent(version):
    """Make the cross-item answers of a filled version agree, so each test breaks one thing."""
    m.BasicInfo.objects.filter(version=version).update(nws_linkage="IMPLEMENTED")
    for file in version.files.all():
        count = file.outsourcings.count()
        m.PersonalInfoFile.objects.filter(pk=file.pk).update(
            outsourcing="OUTSOURCED", outsourcing_count=count, provides=True, transfers=True,
            no_provision_transfer=False, provision_count=file.provision_destinations.count(),
            transfer_count=file.transfer_destinations.count(),
        )
        m.Outsourcing.objects.filter(file=file).update(subcontract="NOT_SUBCONTRACTED", subcontract_permission="", subcontract_scope="")
        m.RiskMeasures.objects.filter(file=file).update(
            no_outsourcing=False, no_provision_transfer=False, outs_subcontract_assurance="NO_SUBCONTRACT",
            serious_incident="NONE", nws_no_acquisition=False, nws_no_provision=False,
        )
    m.Procedure.objects.filter(version=version).update(
        comment_start=dt.date(2023, 1, 4), comment_end=dt.date(2023, 2, 3), comment_shortening_reason="—"
    )
    return version


def test_a_complete_consistent_version_has_no_errors(organisation):
    version = consistent(full_version(organisation, FormKind.ZENKOMOKU))
    found = validate(version)
    assert [f.message for f in found if f.is_error] == []
    assert [f.message for f in found if not f.is_error] == []


def test_an_empty_required_item_is_an_error_that_names_the_item(organisation):
    version = consistent(full_version(organisation))
    m.BasicInfo.objects.filter(version=version).update(affair_description="  ")

    (finding,) = errors(version)
    assert finding.message == "「②事務の内容」を入力してください。"
    assert finding.path == "I 基本情報 1. 特定個人情報ファイルを取り扱う事務 ②事務の内容"


def test_a_choice_outside_the_forms_list_is_an_error(organisation):
    version = consistent(full_version(organisation, FormKind.JUTEN))
    # 30万人以上 exists only on the 全項目評価書.
    m.BasicInfo.objects.filter(version=version).update(target_population="OVER_300K")

    assert "「③対象人数」の値「OVER_300K」はこの様式の選択肢にありません。" in messages(version, Level.ERROR)


def test_hidden_items_are_not_required(organisation):
    version = consistent(full_version(organisation))
    m.Outsourcing.objects.filter(version=version).update(subcontract="NOT_SUBCONTRACTED", subcontract_permission="", subcontract_scope="")
    m.RiskMeasures.objects.filter(version=version).update(
        no_outsourcing=True, outs_contract_rules="", outs_contract_rules_content="", outs_adequacy=""
    )
    m.PersonalInfoFile.objects.filter(version=version).update(outsourcing="NOT_OUTSOURCED", outsourcing_count=None)
    m.Outsourcing.objects.filter(version=version).delete()

    assert errors(version) == []


def test_count_mismatches_and_contradicting_switches_are_warnings_only(organisation):
    version = consistent(full_version(organisation))
    file = version.files.order_by("position").first()
    m.PersonalInfoFile.objects.filter(pk=file.pk).update(outsourcing_count=9, provision_count=42)
    m.RiskMeasures.objects.filter(file=file).update(no_outsourcing=True)
    entry = file.outsourcings.order_by("position").first()
    m.Outsourcing.objects.filter(pk=entry.pk).update(subcontract="SUBCONTRACTED", subcontract_permission="書面で許諾", subcontract_scope="")

    warnings = messages(version, Level.WARNING)
    assert errors(version) == []
    assert any("委託の件数(9件)と委託事項の数(3件)が一致しません" in w for w in warnings)
    assert any("提供の件数(42件)" in w for w in warnings)
    assert any("「委託の有無」とリスク対策の「委託しない」が食い違っています" in w for w in warnings)
    assert any("委託事項1: 再委託するとしていますが、再委託事項が空欄です" in w for w in warnings)


def test_no_provision_ticked_together_with_provision_is_an_error(organisation):
    version = consistent(full_version(organisation))
    m.PersonalInfoFile.objects.filter(version=version).update(no_provision_transfer=True)

    assert any("「行っていない」は「提供を行っている」「移転を行っている」と同時に選べません" in e for e in messages(version, Level.ERROR))


def test_a_short_public_comment_period_needs_a_reason(organisation):
    version = consistent(full_version(organisation, FormKind.ZENKOMOKU))
    m.Procedure.objects.filter(version=version).update(
        comment_start=dt.date(2023, 1, 4), comment_end=dt.date(2023, 1, 20), comment_shortening_reason=""
    )

    assert any("17日間で、原則の30日に満たない" in w for w in messages(version, Level.WARNING))


def test_an_organisation_wide_answer_must_agree_across_files(organisation):
    version = consistent(full_version(organisation))
    m.RiskMeasures.objects.filter(file=version.files.order_by("position").first()).update(
        serious_incident="OCCURRED", incident_detail="誤送付", incident_prevention="二重確認"
    )

    assert any("全てのファイルで同じになるはずです" in w for w in messages(version, Level.WARNING))


def test_a_version_without_files_cannot_be_submitted(organisation, author):
    from pia_portal.reports.services import create_report

    version = create_report(organisation, kind="juten", assessment_number="1", title="t", actor=author)
    add_entry(version, m.System, name="介護保険システム", functions="資格管理")

    assert "特定個人情報ファイルを1つ以上登録してください。" in messages(version, Level.ERROR)
