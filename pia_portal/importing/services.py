"""Importing a file: decode it safely, read it, create the draft version atomically."""

from __future__ import annotations

import json

from django.db import transaction

from pia_portal.reports.serialization import FormatError, import_version
from pia_portal.reports.services import user_or_none

from .coverage import measure
from .models import ImportRecord, InferredValue, UnplacedFragment
from .text import NotAReport, parse_text

MAX_BYTES = 20 * 1024 * 1024


class ImportError_(FormatError):
    """The file cannot be imported; the message is for staff, in Japanese."""


def decode_source(raw: bytes) -> str:
    if not raw or not raw.strip():
        raise ImportError_("ファイルが空です。")
    if len(raw) > MAX_BYTES:
        raise ImportError_("ファイルが大きすぎます(20MBまで)。")
    if b"\x00" in raw[:8192] or raw[:4] == b"%PDF":
        raise ImportError_("テキストファイルではありません。PDFから抽出したテキスト(.txt)か、PIA Portal の JSON を選んでください。")
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportError_("文字コードを読み取れません(UTF-8 または Shift_JIS のテキストにしてください)。")


@transaction.atomic
def import_file(raw: bytes, name: str, organisation, *, actor, format: str = "auto") -> ImportRecord:
    source = decode_source(raw)
    if format == "auto":
        format = "json" if source.lstrip().startswith("{") else "text"
    if format == "json":
        try:
            document = json.loads(source)
        except json.JSONDecodeError as error:
            raise ImportError_(f"JSON として読めません({error.lineno}行目)。") from None
        version = import_version(document, organisation, actor=actor)
        return ImportRecord.objects.create(version=version, source_name=name, source_format="json", created_by=user_or_none(actor))
    try:
        result = parse_text(source)
    except NotAReport as error:
        raise ImportError_(str(error)) from None
    version = import_version(result.document, organisation, actor=actor)
    coverage = measure(source, result.document, result.kind)
    record = ImportRecord.objects.create(
        version=version,
        source_name=name,
        source_format="text",
        total_chars=coverage.total,
        placed_chars=coverage.placed,
        created_by=user_or_none(actor),
    )
    UnplacedFragment.objects.bulk_create(
        UnplacedFragment(record=record, line=f.line, text=f.text, reason=f.reason) for f in result.unplaced
    )
    InferredValue.objects.bulk_create(
        InferredValue(record=record, item=i.path, value=i.value, evidence=i.evidence) for i in result.inferred
    )
    return record

