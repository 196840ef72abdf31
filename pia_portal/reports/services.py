"""State changes of reports and versions. Each is atomic and writes the action log."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from pia_portal.audit.log import log_action
from pia_portal.organisations.access import membership_for
from pia_portal.core.text import AssessmentNumberError, clean_text, normalise_assessment_number

from .models import (
    CONTENT_MODELS,
    SECTION_MODELS,
    PersonalInfoFile,
    Report,
    RiskMeasures,
    Version,
    VersionEntry,
)
from .structure import FormKind


class ReportError(Exception):
    """A request that cannot be carried out; the message is for staff, in Japanese."""


TITLE_MAX = Report._meta.get_field("title").max_length
AFFAIR_MAX = Report._meta.get_field("affair_name").max_length


def checked_identity(assessment_number: str, title: str, affair_name: str = "") -> tuple[str, str, str]:
    """評価書番号, 評価書名 and 事務の名称 as stored, or ReportError saying what is wrong."""
    try:
        number = normalise_assessment_number(assessment_number)
    except AssessmentNumberError as error:
        raise ReportError(str(error)) from None
    title, affair_name = clean_text(title, multiline=False).strip(), clean_text(affair_name, multiline=False).strip()
    if not title:
        raise ReportError("評価書名を入力してください。")
    if len(title) > TITLE_MAX:
        raise ReportError(f"評価書名は{TITLE_MAX}文字以内にしてください({len(title)}文字あります)。")
    if len(affair_name) > AFFAIR_MAX:
        raise ReportError(f"事務の名称は{AFFAIR_MAX}文字以内にしてください({len(affair_name)}文字あります)。")
    return number, title, affair_name


def new_report(organisation, *, kind: FormKind | str, number: str, title: str, affair_name: str, affair=None) -> Report:
    """The Report row, refused with a message if its number is taken, also by a request that
    raced this one (a double-clicked button)."""
    label = FormKind(kind).label
    taken = ReportError(f"評価書番号「{number}」の{label}は既にあります。別の番号にするか、その評価書の新しい版として作成してください。")
    if Report.objects.filter(organisation=organisation, assessment_number=number, kind=FormKind(kind).value).exists():
        raise taken
    try:
        with transaction.atomic():
            return Report.objects.create(
                organisation=organisation, kind=FormKind(kind).value, assessment_number=number, title=title, affair_name=affair_name,
                affair=affair,  # none: Report.save finds or adds the 事務 of the number
            )
    except IntegrityError:
        raise taken from None


@transaction.atomic
def create_report(
    organisation, *, kind: FormKind | str, assessment_number: str, title: str, affair_name: str = "", actor
) -> Version:
    """A new report with its first, empty draft version (表紙 pre-filled from the report)."""
    number, title, affair_name = checked_identity(assessment_number, title, affair_name)
    report = new_report(organisation, kind=kind, number=number, title=title, affair_name=affair_name)
    version = Version.objects.create(report=report, number=1, created_by=user_or_none(actor))
    ensure_sections(version)
    cover = version.cover
    cover.assessment_number, cover.title, cover.organisation_name = number, title, organisation.name
    cover.save()
    if affair_name:
        version.basic_info.affair_name = affair_name
        version.basic_info.save()
    if report.kind == FormKind.KISO:
        from pia_portal.planning.services import copy_threshold_to_drafts

        copy_threshold_to_drafts(report.affair)  # II and III come from the 計画管理書
    log_action("report.created", actor=actor, target=report, organisation=organisation, data={"version": version.number})
    return version


def ensure_sections(version: Version) -> None:
    """Every version has exactly one record of each once-per-version part of the form."""
    for model in SECTION_MODELS:
        model.objects.get_or_create(version=version)


@transaction.atomic
def start_new_version(report: Report, *, actor) -> Version:
    """A new draft that starts as a deep copy of the latest version, keeping every record's uid."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    latest = report.versions.order_by("-number").first()
    if latest is None:
        raise ReportError("元になる版がありません。")
    if report.versions.filter(status__in=("draft", "returned", "in_review", "approved")).exists():
        raise ReportError("作成中または審査中の版があるため、新しい版を作成できません。")
    version = Version.objects.create(
        report=report, number=latest.number + 1, form_revision=latest.form_revision, based_on=latest, created_by=user_or_none(actor)
    )
    copy_content(latest, version)
    Report.objects.filter(pk=report.pk).update(updated_at=timezone.now())  # the report list's 更新日時
    # 公表しない部分 stay withheld in the next version: the records keep their uids.
    for part in latest.withheld_parts.all():
        part.pk, part.version = None, version
        part.save()
    log_action(
        "version.created",
        actor=actor,
        target=version,
        organisation=report.organisation,
        data={"based_on": latest.number, "number": version.number},
    )
    return version


def copy_content(source: Version, target: Version) -> None:
    """Copy every content record of `source` into `target`, parents before children."""
    new_pk: dict[tuple[type, int], int] = {}
    for model in CONTENT_MODELS:
        parent = model.parent_field
        for record in model.objects.filter(version=source).order_by("pk"):
            old_pk = record.pk
            record.pk = None
            record.id = None
            record.version = target
            if parent:
                parent_model = model._meta.get_field(parent).related_model
                setattr(record, f"{parent}_id", new_pk[(parent_model, getattr(record, f"{parent}_id"))])
            record._state.adding = True
            record.save()
            new_pk[(model, old_pk)] = record.pk


def siblings(model: type[VersionEntry], version: Version, parent=None):
    """The entries of one repeating group: same version, same parent record."""
    entries = model.objects.filter(version=version)
    if model.parent_field:
        entries = entries.filter(**{model.parent_field: parent})
    return entries


def add_entry(version: Version, model: type[VersionEntry], parent=None, **values) -> VersionEntry:
    """Append an entry to a repeating group; a new 特定個人情報ファイル gets its III at once."""
    last = siblings(model, version, parent).order_by("-position").values_list("position", flat=True).first()
    entry = model(version=version, position=0 if last is None else last + 1, **values)
    if model.parent_field:
        setattr(entry, model.parent_field, parent)
    entry.save()
    if model is PersonalInfoFile:
        RiskMeasures.objects.create(version=version, file=entry)
    return entry


def user_or_none(actor):
    """The acting user for a foreign key; commands and the worker act without one."""
    return actor if getattr(actor, "pk", None) else None


# Housekeeping --------------------------------------------------------------------------------------


def _has_procedure(version: Version) -> bool:
    return any(hasattr(version, name) for name in ("comment_period", "third_party_inspection", "commission_approval"))


@transaction.atomic
def discard_version(version: Version, *, actor) -> Report:
    """Throw away a draft that is not wanted after all (an author or 管理者); the report goes on
    from the version before it."""
    from pia_portal.organisations.models import Role

    version = Version.objects.select_for_update().select_related("report__organisation").get(pk=version.pk)
    report = version.report
    membership = membership_for(actor, report.organisation)
    if membership is None or not membership.has_role(Role.AUTHOR, Role.ADMIN):
        raise ReportError("版を破棄できるのは作成者と管理者だけです。")
    if version.status not in ("draft", "returned"):
        raise ReportError(f"この版は{version.get_status_display()}のため破棄できません。破棄できるのは作成中・差戻しの版だけです。")
    if not report.versions.exclude(pk=version.pk).exists():
        raise ReportError("この評価書の版はこれだけです。評価書ごと削除する場合は、管理者が「評価書を削除」から行います。")
    if _has_procedure(version):
        raise ReportError("意見の聴取などの評価実施手続を記録した版は、記録を残すため破棄できません。")
    number = version.number
    version.delete()
    log_action("version.discarded", actor=actor, target=report, organisation=report.organisation, data={"number": number})
    return report


def deletion_blockers(report: Report) -> list[str]:
    """Why a report cannot be deleted: it was published (or submitted), or a procedure was held."""
    blockers = []
    if report.versions.exclude(status__in=("draft", "returned")).exists():
        blockers.append("審査中・承認済み又は公表された版があるため、削除できません。公表した評価書は記録として残ります。")
    if any(_has_procedure(version) for version in report.versions.all()):
        blockers.append("意見の聴取などの評価実施手続を記録した版があるため、削除できません。")
    return blockers


@transaction.atomic
def delete_report(report: Report, *, actor) -> None:
    """Delete a report that never reached review (管理者 only); its 事務 stays on the plan."""
    from pia_portal.organisations.models import Role

    report = Report.objects.select_for_update().select_related("organisation").get(pk=report.pk)
    membership = membership_for(actor, report.organisation)
    if membership is None or not membership.has_role(Role.ADMIN):
        raise ReportError("評価書を削除できるのは管理者だけです。")
    blockers = deletion_blockers(report)
    if blockers:
        raise ReportError(blockers[0])
    log_action("report.deleted", actor=actor, target=report, organisation=report.organisation,
               data={"number": report.assessment_number, "title": report.title, "kind": report.kind,
                     "versions": report.versions.count()})
    for version in report.versions.order_by("-number"):
        version.delete()
    report.delete()
