"""Versions of a report: a new version copies everything with stable identities, a published
version refuses every change, and a version survives a JSON round trip unchanged."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from pia_portal.audit.models import ActionLog
from pia_portal.reports import models as m
from pia_portal.reports.serialization import FormatError, export_version, import_version, without_uids
from pia_portal.reports.services import ReportError, start_new_version
from pia_portal.reports.structure.nodes import FormKind
from tests.builders import full_version, publish

pytestmark = pytest.mark.django_db

KINDS = [FormKind.JUTEN, FormKind.ZENKOMOKU, FormKind.KISO]


@pytest.mark.parametrize("kind", KINDS)
def test_a_new_version_copies_everything_and_keeps_every_identity(organisation, author, kind):
    first = publish(full_version(organisation, kind, actor=author))

    second = start_new_version(first.report, actor=author)

    assert second.number == 2 and second.based_on == first and second.is_editable
    assert export_version(second) == export_version(first)  # uids included
    for model in m.CONTENT_MODELS:
        old = model.objects.filter(version=first)
        new = model.objects.filter(version=second)
        assert sorted(r.uid for r in old) == sorted(r.uid for r in new), model.__name__
        assert not set(old.values_list("pk", flat=True)) & set(new.values_list("pk", flat=True))
    copied_file = second.files.order_by("position")[0]
    assert copied_file.outsourcings.count() == 3 and copied_file.risk.version == second
    assert ActionLog.objects.filter(action="version.created", object_id=str(second.pk)).exists()


def test_editing_the_new_version_leaves_the_published_one_as_it_was(organisation, author):
    first = publish(full_version(organisation, actor=author))
    before = export_version(first)
    second = start_new_version(first.report, actor=author)

    outsourcing = m.Outsourcing.objects.filter(version=second).order_by("position").first()
    outsourcing.contractor_name = "株式会社みどり情報サービス"
    outsourcing.save()
    m.Outsourcing.objects.filter(version=second, position=2).delete()

    assert export_version(first) == before


def test_only_one_version_can_be_in_progress(organisation, author):
    first = full_version(organisation, actor=author)

    with pytest.raises(ReportError, match="作成中または審査中の版"):
        start_new_version(first.report, actor=author)


@pytest.mark.parametrize("model", m.CONTENT_MODELS, ids=lambda model: model.__name__)
def test_a_published_version_refuses_every_change(organisation, author, model):
    version = publish(full_version(organisation, FormKind.ZENKOMOKU, actor=author))
    record = model.objects.filter(version=version).first()
    assert record is not None
    queryset = model.objects.filter(version=version)

    with pytest.raises(m.VersionLocked, match="公表済み"):
        record.save()
    with pytest.raises(m.VersionLocked):
        record.delete()
    with pytest.raises(m.VersionLocked):
        queryset.update(uid=record.uid)
    with pytest.raises(m.VersionLocked):
        queryset.delete()
    with pytest.raises(m.VersionLocked):
        model.objects.bulk_update([record], ["uid"])
    copy = model.objects.get(pk=record.pk)
    copy.pk = copy.id = None
    with pytest.raises(m.VersionLocked):
        model.objects.bulk_create([copy])
    with pytest.raises(m.VersionLocked):
        copy.save()
    assert model.objects.filter(version=version).count() == queryset.count()


def test_a_published_version_itself_cannot_be_deleted_or_reworded(organisation, author):
    version = publish(full_version(organisation, actor=author))

    with pytest.raises(m.VersionLocked):
        version.delete()
    with pytest.raises(m.VersionLocked):
        m.Version.objects.filter(pk=version.pk).delete()
    version.form_revision = "h26"
    with pytest.raises(m.VersionLocked):
        version.save()
    assert m.Version.objects.filter(pk=version.pk).exists()


def test_a_version_under_review_cannot_be_edited_either(organisation, author):
    version = full_version(organisation, actor=author)
    m.Version.objects.filter(pk=version.pk).update(status=m.VersionStatus.IN_REVIEW)
    cover = m.Cover.objects.get(version=version)
    cover.title = "変更"

    with pytest.raises(m.VersionLocked, match="審査中"):
        cover.save()


@pytest.mark.parametrize("kind", KINDS)
def test_a_version_survives_a_json_round_trip_unchanged(organisation, other_organisation, author, kind):
    version = full_version(organisation, kind, actor=author)
    document = export_version(version)
    text = json.dumps(document, ensure_ascii=False)

    imported = import_version(json.loads(text), other_organisation, actor=author)

    assert export_version(imported) == document
    assert imported.report.organisation == other_organisation and imported.number == 1
    # Every catalogue item of every record is in the document (nothing silently skipped).
    if kind is FormKind.KISO:
        assert document["procedure"]["threshold_result_kiso"] and document["other_risk"]["kiso_priority_grounds"]
        assert document["basic_info"]["system_names"] and document["change_log"]
    else:
        assert document["files"][0]["risk"]["serious_incident"]
        assert document["files"][0]["annexes"][0]["rows"][2]["name"]


def test_importing_into_an_existing_report_adds_the_next_version(organisation, author):
    version = publish(full_version(organisation, actor=author))
    document = export_version(version)
    document["cover"]["title"] = "介護保険関係事務 重点項目評価書(改訂)"

    imported = import_version(document, organisation, actor=author)

    assert imported.report == version.report and imported.number == 2
    assert imported.cover.title.endswith("(改訂)")
    # The same uids: a later diff sees the same records, not new ones.
    assert export_version(imported)["files"][0]["uid"] == document["files"][0]["uid"]


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda d: d.update(format="something-else"), "PIA Portal の評価書データ"),
        (lambda d: d.update(format_version=99), "形式の版"),
        (lambda d: d["report"].update(kind="shiki"), "評価書の種類"),
        (lambda d: d.update(surprise=1), "不明な項目"),
        (lambda d: d["files"][0].update(file_type="ROUND"), "files\\[0\\].file_type"),
        (lambda d: d["files"][1]["outsourcings"][0].update(handler_count=3), "outsourcings\\[0\\].handler_count"),
        (lambda d: d["systems"][0].update(connections=["NWS"]), "systems\\[0\\].connections"),
        (lambda d: d["procedure"].update(basic_assessment_date={"date": "2023-02-30"}), "YYYY-MM-DD"),
        (lambda d: d["files"][0]["risk"].update(uid="not-a-uuid"), "UUID"),
    ],
)
def test_a_damaged_document_is_refused_and_creates_nothing(organisation, other_organisation, author, damage, message):
    document = export_version(full_version(organisation, actor=author))
    damage(document)
    reports_before = m.Report.objects.count()

    with pytest.raises(FormatError, match=message):
        import_version(document, other_organisation, actor=author)

    assert m.Report.objects.count() == reports_before


def test_export_and_import_commands_round_trip(organisation, tmp_path, capsys):
    version = full_version(organisation, FormKind.ZENKOMOKU)
    out = tmp_path / "version.json"

    call_command("export_report", str(version.pk), "--out", str(out))
    call_command("import_report", str(out), "--org", "鹿児島市長", "--format", "json")

    printed = capsys.readouterr().out.strip().splitlines()
    assert printed[-1].startswith("version ")
    imported = m.Version.objects.get(pk=int(printed[-1].split()[1]))
    assert imported.report.organisation.name == "鹿児島市長"
    assert without_uids(export_version(imported)) == without_uids(json.loads(out.read_text(encoding="utf-8")))

    call_command("export_report", str(imported.pk))
    assert json.loads(capsys.readouterr().out) == export_version(imported)


def test_a_draft_version_can_be_discarded_and_an_unpublished_report_deleted(client, make_person, organisation):
    """Housekeeping: an author throws away a second draft; a 管理者 deletes a report that never
    reached review, after typing its number; both are in the action log; the 事務 stays."""
    from pia_portal.audit.models import ActionLog
    from pia_portal.organisations.models import Role
    from pia_portal.reports.services import ReportError, delete_report, discard_version, start_new_version
    from tests.builders import full_version, publish

    author = make_person("discarder", organisation, Role.AUTHOR)
    admin = make_person("deleter", organisation, Role.ADMIN)
    published = publish(full_version(organisation, actor=author))
    second = start_new_version(published.report, actor=author)
    with pytest.raises(ReportError, match="公表"):
        delete_report(published.report, actor=admin)
    discard_version(second, actor=author)
    assert list(published.report.versions.values_list("number", flat=True)) == [1]

    draft = full_version(organisation, number="31", actor=author)
    with pytest.raises(ReportError, match="これだけ"):
        discard_version(draft, actor=author)
    with pytest.raises(ReportError, match="管理者だけ"):
        delete_report(draft.report, actor=author)
    client.force_login(admin)
    url = reverse("reports:delete_report", args=[organisation.slug, draft.report_id])
    client.post(url, {"confirm_number": "32"})
    assert m.Report.objects.filter(pk=draft.report_id).exists()  # the wrong number deletes nothing
    affair = draft.report.affair
    assert client.post(url, {"confirm_number": "31"}).status_code == 302
    assert not m.Report.objects.filter(pk=draft.report_id).exists()
    affair.refresh_from_db()  # the 事務 stays on the plan
    assert set(ActionLog.objects.values_list("action", flat=True)) >= {"version.discarded", "report.deleted"}
