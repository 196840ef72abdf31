"""Importing a file: decode it safely, read it (no database), then create the draft version in
one transaction. Staff uploads run in the worker as an ImportJob (tasks.py); the command and the
tests call `import_file` directly."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django.db import transaction

from pia_portal.core.text import AssessmentNumberError, normalise_assessment_number
from pia_portal.reports.models import Report
from pia_portal.changelog.services import link_rows
from pia_portal.reports.serialization import FormatError, import_version
from pia_portal.reports.services import user_or_none

from .coverage import Coverage, measure
from .models import ImportNote, ImportRecord, InferredValue, UnplacedFragment
from .pdf import PdfError
from .sandbox import read_pdf
from .text import Inference, NotAReport, Result, detect, parse_text

MAX_BYTES = 20 * 1024 * 1024
MAX_MEGABYTES = MAX_BYTES // (1024 * 1024)


class ImportError_(FormatError):
    """The file cannot be imported; the message is for staff, in Japanese."""


def is_pdf(raw: bytes) -> bool:
    return raw.lstrip()[:5] == b"%PDF-"


def decode_source(raw: bytes) -> str:
    """The text of an upload: a PDF read by its layout, text as UTF-8 or Shift_JIS."""
    if not raw or not raw.strip():
        raise ImportError_("ファイルが空です。")
    if len(raw) > MAX_BYTES:
        raise ImportError_(f"ファイルが大きすぎます({MAX_MEGABYTES}MBまで)。")
    if is_pdf(raw):
        try:
            return read_pdf(raw)
        except PdfError as error:
            raise ImportError_(str(error)) from None
    if b"\x00" in raw[:8192]:
        raise ImportError_("読めないファイルです。公表した評価書のPDF、PDFから抽出したテキスト(.txt)、PIA Portal の JSON のいずれかを選んでください。")
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportError_("文字コードを読み取れません(UTF-8 または Shift_JIS のテキストにしてください)。")


def check_upload(raw: bytes) -> None:
    """What can be told at once, while the person is still on the upload page: the file is text
    or JSON of this portal that reads as a 評価書, or says it is a PDF. Nothing of a PDF is parsed
    here (#27 item 2: a crafted one held a web worker for minutes): the worker reads it in a
    child process under limits (sandbox.py), and the job's page says why one cannot be read."""
    if not raw or not raw.strip():
        raise ImportError_("ファイルが空です。")
    if len(raw) > MAX_BYTES:
        raise ImportError_(f"ファイルが大きすぎます({MAX_MEGABYTES}MBまで)。")
    if is_pdf(raw):
        return
    source = decode_source(raw)
    if _format_of(source) == "json":
        return
    try:
        detect(source)
    except NotAReport as error:
        raise ImportError_(str(error)) from None


def _format_of(source: str, format: str = "auto") -> str:
    if format != "auto":
        return format
    return "json" if source.lstrip().startswith("{") else "text"


@dataclass
class Prepared:
    """A source read into a canonical document, before anything is written."""

    name: str
    format: str
    document: dict
    result: Result | None = None
    coverage: Coverage = field(default_factory=Coverage)


def prepare(raw: bytes, name: str, *, format: str = "auto") -> Prepared:
    source = decode_source(raw)
    format = _format_of(source, format)
    if format == "json":
        try:
            document = json.loads(source)
        except json.JSONDecodeError as error:
            raise ImportError_(f"JSON として読めません({error.lineno}行目)。") from None
        except RecursionError:
            raise ImportError_("JSON の入れ子が深すぎるため読めません。PIA Portal が書き出した JSON を選んでください。") from None
        return Prepared(name, "json", document)
    try:
        result = parse_text(source)
    except NotAReport as error:
        raise ImportError_(str(error)) from None
    return Prepared(name, "pdf" if is_pdf(raw) else "text", result.document, result,
                    measure(source, result.document, result.kind))


@transaction.atomic
def create_from(prepared: Prepared, organisation, *, actor, new_report: bool = False, number: str = "",
                affair=None) -> ImportRecord:
    """The draft version from a prepared source; `new_report` takes it in as a report of its own,
    `number` (already normalised) gives it the 評価書番号 staff chose, `affair` the 事務 they chose."""
    result = prepared.result
    if number:
        prepared.document["report"]["assessment_number"] = number
        prepared.document.setdefault("cover", {})["assessment_number"] = number
    elif result is not None:
        _settle_number(result, organisation)
    version = import_version(prepared.document, organisation, actor=actor, as_new_report=new_report, affair=affair)
    link_rows(version)  # each row of the imported 変更箇所 linked to the item it names
    record = ImportRecord.objects.create(
        version=version,
        source_name=prepared.name[:300],
        source_format=prepared.format,
        total_chars=prepared.coverage.total,
        placed_chars=prepared.coverage.placed,
        created_by=user_or_none(actor),
    )
    if result is not None:
        UnplacedFragment.objects.bulk_create(
            UnplacedFragment(record=record, line=f.line, page=f.page, text=f.text, reason=f.reason) for f in result.unplaced
        )
        InferredValue.objects.bulk_create(
            InferredValue(record=record, item=i.path[:300], value=i.value, evidence=i.evidence) for i in result.inferred
        )
        ImportNote.objects.bulk_create(
            ImportNote(record=record, section=n.section[:20], line=n.line, page=n.page, text=n.text, file_number=n.file_number)
            for n in result.notes
        )
    return record


def import_file(raw: bytes, name: str, organisation, *, actor, format: str = "auto", new_report: bool = False,
                number: str = "") -> ImportRecord:
    return create_from(prepare(raw, name, format=format), organisation, actor=actor, new_report=new_report, number=number)


def sha256_of(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


PLACEHOLDER_NUMBER = "0"


def _settle_number(result, organisation) -> None:
    """A source without a readable 評価書番号 (a standalone 変更箇所, a damaged cover) still imports,
    under a placeholder number that staff are told to correct."""
    document = result.document
    found = document["report"]["assessment_number"]
    try:
        number = normalise_assessment_number(found)
    except AssessmentNumberError:
        pass
    else:
        document["report"]["assessment_number"] = document["cover"]["assessment_number"] = number
        return
    taken = set(Report.objects.filter(organisation=organisation).values_list("assessment_number", flat=True))
    number = PLACEHOLDER_NUMBER
    suffix = 0
    while number in taken:
        suffix += 1
        number = f"{PLACEHOLDER_NUMBER}-{suffix}"
    document["report"]["assessment_number"] = document["cover"]["assessment_number"] = number
    result.inferred.append(
        Inference(
            path="表紙 評価書番号",
            value=number,
            evidence=(f"評価書番号を読み取れませんでした(「{found[:40]}」)。" if found else "評価書番号が見つかりませんでした。")
            + "仮の番号を付けたので、表紙で計画管理書の番号に直してください。",
        )
    )


# Placing what the reader could not ------------------------------------------------------------


def text_slots(version) -> list:
    """The text items of a draft a fragment can be put in: (key, printed path), in print order."""
    return [(slot.key, slot.path(version.revision)) for slot in _text_slots(version)]


def _text_slots(version) -> list:
    from pia_portal.reports.outline import slots
    from pia_portal.reports.structure import Kind

    return [slot for slot in slots(version)
            if slot.place.item.kind in (Kind.TEXT, Kind.LINE) and slot.section.code != "changes"]


@transaction.atomic
def assign_fragment(fragment: UnplacedFragment, key: str, *, actor) -> str:
    """Append an unplaced fragment's text to the item `key` names (entity.uid.attr) of the draft."""
    from pia_portal.audit.log import log_action
    from pia_portal.reports import models as m

    version = m.Version.objects.select_for_update().get(pk=fragment.record.version_id)
    if not version.is_editable:
        raise m.VersionLocked(version.pk, version.status)
    slot = next((s for s in _text_slots(version) if s.key == key), None)
    if slot is None:
        raise ImportError_("選んだ項目が見つかりません。ページを読み込み直してください。")
    record = type(slot.record).objects.get(pk=slot.record.pk)
    current = getattr(record, slot.attr) or ""
    joined = f"{current}\n{fragment.text}" if current.strip() else fragment.text
    if slot.place.item.kind.value == "line":
        joined = joined.replace("\n", " ")
    setattr(record, slot.attr, joined)
    record.save()
    path = slot.path(version.revision)
    fragment.assigned_to = path[:500]
    fragment.save(update_fields=["assigned_to"])
    log_action("import.fragment_placed", actor=actor, target=version, organisation=version.report.organisation,
               data={"item": path, "text": fragment.text[:200]})
    return path


# Moving a block placed without its heading (#30) ------------------------------------------------


def files_of(version) -> list:
    """The draft's 特定個人情報ファイル in print order, with their III."""
    return list(version.files.select_related("risk").order_by("position", "pk"))


MOVABLE_SECTIONS = {"file": "II", "risk": "III"}
# What of a file's II a block placed without its heading carries: its items (not the name, which
# III or the (別添1) gave it) and the entries printed in II.
_II_ENTRIES = ("outsourcings", "provision_destinations", "transfer_destinations")


@transaction.atomic
def move_block(note, number: int, *, actor) -> str:
    """Put the II or III that the reader placed in file `note.file_number` without its heading into
    file `number` instead, in one step: the two files' II (or III) change places, so nothing is lost
    and a second move puts it back."""
    from pia_portal.audit.log import log_action
    from pia_portal.reports import models as m
    from pia_portal.reports.structure import Entity, items_of

    version = m.Version.objects.select_for_update().get(pk=note.record.version_id)
    if not version.is_editable:
        raise m.VersionLocked(version.pk, version.status)
    files = files_of(version)
    roman = MOVABLE_SECTIONS.get(note.section)
    if roman is None or not note.file_number or not 0 < note.file_number <= len(files):
        raise ImportError_("この記載は移動できません。ページを読み込み直してください。")
    if not 0 < number <= len(files) or number == note.file_number:
        raise ImportError_("移動先のファイルを選んでください。")
    one, other = files[note.file_number - 1], files[number - 1]
    if note.section == "risk":
        source, target, attrs = one.risk, other.risk, list(items_of(Entity.RISK))
    else:
        source, target, attrs = one, other, [a for a in items_of(Entity.FILE) if a != "name"]
        for related in _II_ENTRIES:
            mine = list(getattr(one, related).values_list("pk", flat=True))
            theirs = list(getattr(other, related).values_list("pk", flat=True))
            model = getattr(one, related).model
            model.objects.filter(pk__in=mine).update(file=other)
            model.objects.filter(pk__in=theirs).update(file=one)
    for attr in attrs:
        mine, theirs = getattr(source, attr), getattr(target, attr)
        setattr(source, attr, theirs)
        setattr(target, attr, mine)
    source.save()
    target.save()
    before, where = f"{roman} {one}", f"{roman} {other}"
    note.moved_to, note.file_number = where[:300], number
    note.save(update_fields=["moved_to", "file_number"])
    log_action("import.block_moved", actor=actor, target=version, organisation=version.report.organisation,
               data={"from": before, "to": where})
    return where
