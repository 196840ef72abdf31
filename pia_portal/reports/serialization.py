"""The canonical JSON form of one version: `export_version` and `import_version`.

Documented in docs/json-format.md. Exporting, importing and exporting again gives the same
document: item values are keyed by the catalogue's attr names in catalogue order, entries are
listed in their order with their stable `uid`, and nothing depends on database ids.
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from pia_portal.audit.log import log_action
from pia_portal.core.text import MAX_LINE_LENGTH, MAX_TEXT_LENGTH
from pia_portal.core.wareki import ERAS

from . import models as m
from .outline import Content
from .figures import FigureError, check_figure, figure_file_name
from .services import ReportError, checked_identity, ensure_sections, new_report, user_or_none
from .structure import Entity, FormKind, FormRevision, Kind, items_of
from .structure.fields import choices_of

MAX_COUNT = 100_000  # the editor's bound for 「( n ) 件」
EARLIEST_DATE = ERAS[-1].start  # 和暦 cannot print a date before the era table
LATEST_DATE = dt.date(2200, 12, 31)
NOTE_MAX = 200

FORMAT = "pia-portal.version"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Part:
    key: str
    model: type[m.VersionContent]
    many: bool
    children: tuple["Part", ...] = ()


FILE_PARTS = (
    Part("risk", m.RiskMeasures, many=False),
    Part("outsourcings", m.Outsourcing, many=True),
    Part("provision_destinations", m.ProvisionDestination, many=True),
    Part("transfer_destinations", m.TransferDestination, many=True),
    Part("annexes", m.Annex, many=True, children=(Part("rows", m.AnnexRow, many=True),)),
    Part("record_groups", m.RecordItemGroup, many=True, children=(Part("items", m.RecordItem, many=True),)),
)
VERSION_PARTS = (
    Part("cover", m.Cover, many=False),
    Part("basic_info", m.BasicInfo, many=False),
    Part("systems", m.System, many=True),
    Part("figures", m.BusinessFigure, many=True),
    Part("files", m.PersonalInfoFile, many=True, children=FILE_PARTS),
    Part("other_risk", m.OtherRiskMeasures, many=False),
    Part("disclosure", m.Disclosure, many=False),
    Part("procedure", m.Procedure, many=False),
    Part("glossary", m.GlossaryEntry, many=True),
    Part("change_log", m.ChangeLogEntry, many=True),
)


class FormatError(ReportError):
    """The file is not a version in this format; the message says where and why."""


# Export ----------------------------------------------------------------------------------------


def export_version(version: m.Version) -> dict[str, Any]:
    report = version.report
    document: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "report": {
            "kind": report.kind,
            "assessment_number": report.assessment_number,
            "title": report.title,
            "affair_name": report.affair_name,
        },
        "version": {"form_revision": version.form_revision},
    }
    records = Content(version).by_parent
    for part in VERSION_PARTS:
        document[part.key] = _export_part(part, records, parent_key=None)
    return document


def without_uids(document):
    """The document's content alone: what two versions with the same text share."""
    if isinstance(document, dict):
        return {k: without_uids(v) for k, v in document.items() if k != "uid"}
    if isinstance(document, list):
        return [without_uids(v) for v in document]
    return document


def _export_part(part: Part, records, parent_key):
    found = records.get((part.model, parent_key), [])
    exported = [_export_record(part, record, records) for record in found]
    if part.many:
        return exported
    return exported[0] if exported else None


def _export_record(part: Part, record: m.VersionContent, records) -> dict[str, Any]:
    data: dict[str, Any] = {"uid": str(record.uid)}
    for attr, item in items_of(record.entity).items():
        data[attr] = _export_value(record, attr, item.kind)
    for child in part.children:
        data[child.key] = _export_part(child, records, record.pk)
    return data


def _export_value(record, attr: str, kind: Kind):
    value = getattr(record, attr)
    if kind is Kind.DATE:
        precision = getattr(record, f"{attr}_precision")
        note = getattr(record, f"{attr}_note")
        if value is None and not note:
            return None
        return {"date": value.isoformat() if value else None, "precision": precision, "note": note}
    if kind is Kind.IMAGE:
        if not value:
            return None
        with value.open("rb") as handle:
            content = handle.read()
        return {"name": value.name.rsplit("/", 1)[-1], "content_base64": base64.b64encode(content).decode("ascii")}
    if kind is Kind.CHECKS:
        return dict(value or {})
    return value


# Import ----------------------------------------------------------------------------------------


@transaction.atomic
def import_version(document: Any, organisation, *, actor, as_new_report: bool = False, affair=None) -> m.Version:
    """A new draft version from a document: a new report, or the next version of the report with
    the same 評価書番号 in `organisation` (unless `as_new_report`: then the number must be free).
    A new report belongs to `affair` if given, else to the 事務 of its number.
    Nothing is created if the document is not valid."""
    report_data, version_data = _check_header(document)
    kind = report_data["kind"]
    try:
        number, title, affair_name = checked_identity(
            str(report_data["assessment_number"]), str(report_data.get("title") or "取り込んだ評価書"),
            str(report_data.get("affair_name") or ""),
        )
    except ReportError as error:
        raise FormatError(f"report: {error}") from None
    report = m.Report.objects.select_for_update().filter(
        organisation=organisation, assessment_number=number, kind=FormKind(kind).value
    ).first()
    if report is not None and as_new_report:
        raise FormatError(
            f"評価書番号「{number}」の評価書がすでにあります。新しい評価書として取り込むには、別の評価書番号を指定してください。"
        )
    if report is None:
        report = new_report(organisation, kind=kind, number=number, title=title, affair_name=affair_name, affair=affair)
        version_number = 1
    else:
        if report.kind != kind:
            raise FormatError(
                f"評価書番号「{number}」の評価書は{report.get_kind_display()}ですが、ファイルは{FormKind(kind).label}です。"
            )
        if report.versions.exclude(status__in=m.PUBLIC_STATUSES).exists():
            raise FormatError(f"評価書番号「{number}」には作成中または審査中の版があるため、取り込めません。")
        version_number = report.versions.order_by("-number").first().number + 1
    version = m.Version.objects.create(
        report=report, number=version_number, form_revision=version_data["form_revision"], created_by=user_or_none(actor)
    )
    seen_uids: dict[type, set] = {}
    for part in VERSION_PARTS:
        _import_part(part, document.get(part.key), version, parent=None, path=part.key, seen=seen_uids)
    ensure_sections(version)
    log_action(
        "version.imported",
        actor=actor,
        target=version,
        organisation=organisation,
        data={"format": "json", "number": version.number},
    )
    return version


def _check_header(document) -> tuple[dict, dict]:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise FormatError("PIA Portal の評価書データ(JSON)ではありません。")
    if document.get("format_version") != FORMAT_VERSION:
        raise FormatError(
            f"このデータの形式の版 {document.get('format_version')!r} には対応していません(対応: {FORMAT_VERSION})。"
        )
    report = document.get("report")
    version = document.get("version")
    if not isinstance(report, dict) or not isinstance(version, dict):
        raise FormatError("report と version の項目が必要です。")
    if report.get("kind") not in {k.value for k in FormKind}:
        raise FormatError(f"report.kind {report.get('kind')!r} は評価書の種類ではありません。")
    if not str(report.get("assessment_number", "")).strip():
        raise FormatError("report.assessment_number(評価書番号)が空です。")
    if version.get("form_revision") not in {r.value for r in FormRevision}:
        raise FormatError(f"version.form_revision {version.get('form_revision')!r} は様式ではありません。")
    known = {"format", "format_version", "report", "version", *(part.key for part in VERSION_PARTS)}
    unknown = set(document) - known
    if unknown:
        raise FormatError(f"不明な項目があります: {', '.join(sorted(unknown))}")
    return report, version


def _import_part(part: Part, data, version, parent, path: str, seen: dict[type, set]) -> None:
    if data is None:
        return
    entries = data if part.many else [data]
    if part.many and not isinstance(data, list):
        raise FormatError(f"{path} は一覧(配列)でなければなりません。")
    for position, entry in enumerate(entries):
        where = f"{path}[{position}]" if part.many else path
        record = _build_record(part, entry, version, parent, where, seen.setdefault(part.model, set()))
        if part.many:
            record.position = position
        record.save()
        for child in part.children:
            _import_part(child, entry.get(child.key), version, record, f"{where}.{child.key}", seen)


def _build_record(part: Part, entry, version, parent, where: str, seen: set) -> m.VersionContent:
    if not isinstance(entry, dict):
        raise FormatError(f"{where} はオブジェクトでなければなりません。")
    model = part.model
    record = model(version=version)
    if model.parent_field:
        setattr(record, model.parent_field, parent)
    try:
        record.uid = uuid.UUID(entry["uid"]) if entry.get("uid") else uuid.uuid4()
    except (ValueError, TypeError, AttributeError):
        raise FormatError(f"{where}.uid が識別子(UUID)ではありません。") from None
    if record.uid in seen:
        raise FormatError(f"{where}.uid {record.uid} が同じ版の中で重複しています。")
    seen.add(record.uid)
    items = items_of(model.entity)
    unknown = set(entry) - set(items) - {"uid"} - {child.key for child in part.children}
    if unknown:
        raise FormatError(f"{where} に不明な項目があります: {', '.join(sorted(unknown))}")
    for attr, item in items.items():
        if attr in entry:
            _set_value(record, model.entity, attr, item.kind, entry[attr], f"{where}.{attr}")
    return record


def _set_value(record, entity: Entity, attr: str, kind: Kind, value, where: str) -> None:
    def fail(expected: str):
        shown = repr(value)
        raise FormatError(f"{where}: {expected}が必要です(値: {shown[:80]}{'…' if len(shown) > 80 else ''})。")

    if kind in (Kind.TEXT, Kind.LINE):
        limit = MAX_TEXT_LENGTH if kind is Kind.TEXT else MAX_LINE_LENGTH
        if not isinstance(value, str):
            fail("文字列")
        if len(value) > limit:
            raise FormatError(f"{where}: 文字数が多すぎます({len(value):,}文字。{limit:,}文字まで)。")
        normalise = items_of(entity)[attr].normalise
        if normalise is not None and value:
            try:
                value = normalise(value)
            except ValueError as error:
                raise FormatError(f"{where}: {error}") from None
        setattr(record, attr, value)
    elif kind is Kind.CHOICE:
        allowed = {code for code, _ in choices_of(entity, attr)}
        if not isinstance(value, str) or (value and value not in allowed):
            fail(f"選択肢のコード({', '.join(sorted(allowed))})")
        setattr(record, attr, value)
    elif kind is Kind.CHECKS:
        allowed = {code for code, _ in choices_of(entity, attr)}
        if not isinstance(value, dict) or not set(value) <= allowed or not all(isinstance(v, str) for v in value.values()):
            fail("選択肢のコードと文字列の組")
        setattr(record, attr, value)
    elif kind is Kind.COUNT:
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_COUNT):
            fail(f"0以上{MAX_COUNT:,}以下の整数")
        setattr(record, attr, value)
    elif kind is Kind.FLAG:
        if not isinstance(value, bool):
            fail("true または false")
        setattr(record, attr, value)
    elif kind is Kind.DATE:
        if value is None:
            return
        if not isinstance(value, dict) or value.get("precision", "day") not in ("day", "month"):
            fail("日付(date, precision, note)")
        try:
            day = dt.date.fromisoformat(value["date"]) if value.get("date") else None
        except (TypeError, ValueError):
            fail("YYYY-MM-DD 形式の日付")
        if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE:
            fail(f"{EARLIEST_DATE.year}年から{LATEST_DATE.year}年までの日付")
        note = value.get("note") or ""
        if not isinstance(note, str) or len(note) > NOTE_MAX:
            fail(f"{NOTE_MAX}文字までの注記")
        setattr(record, attr, day)
        setattr(record, f"{attr}_precision", value.get("precision", "day"))
        setattr(record, f"{attr}_note", note)
    elif kind is Kind.IMAGE:
        if value is None:
            return
        try:
            content = base64.b64decode(value["content_base64"], validate=True)
            name = str(value["name"])
        except (KeyError, TypeError, ValueError):
            fail("画像(name, content_base64)")
        try:
            _mime, extension = check_figure(content)
        except FigureError as error:
            raise FormatError(f"{where}: {error}") from None
        getattr(record, attr).save(figure_file_name(name, extension), ContentFile(content), save=False)
