"""Turn the extracted text of a published report into the portal's canonical document.

A pipeline: a reader cuts the text into rows of cells (cells.py for tab/HTML and Markdown; pdf.py
turns a PDF into that text first), the aligner (align.py) places the rows into the catalogue's
slots section by section and file by file, and the builder (build.py) writes the canonical
document (docs/json-format.md) with what could not be placed, what had to be inferred and what
staff should check. The JSON importer then creates the draft version atomically.
"""

from __future__ import annotations

from pia_portal.reports.structure import FormKind
from pia_portal.reports.structure import items
from pia_portal.reports.structure.nodes import FormRevision

from .align import Aligner, form_labels
from .build import Builder
from .cells import cells_of, label_key, squeeze
from .result import Fragment, Inference, NotAReport, Note, Result

__all__ = ["Fragment", "Inference", "NotAReport", "Note", "Result", "detect", "form_labels", "label_key", "parse_text", "read"]


def detect(source: str) -> tuple[FormKind, FormRevision]:
    head = squeeze(source[:4000])
    # The title comes first; a 基礎項目評価書 names the other two later (IV 1), and they name it (基礎項目評価).
    titles = {kind: head.find(kind.label) for kind in (FormKind.ZENKOMOKU, FormKind.JUTEN, FormKind.KISO)}
    found = {kind: at for kind, at in titles.items() if at >= 0}
    if found:
        kind = min(found, key=found.get)
    elif "変更箇所" in head and items.CHANGE_BEFORE.label in head:
        kind = {"別添3": FormKind.ZENKOMOKU, "別添1": FormKind.KISO}.get(
            next((annex for annex in ("別添3", "別添1") if annex in head), ""), FormKind.JUTEN)
    else:
        raise NotAReport("特定個人情報保護評価書(基礎項目評価書・重点項目評価書・全項目評価書)の本文として読めません。")
    whole = squeeze(source)
    if "5情報(氏名、氏名の振り仮名" in whole:
        revision = FormRevision.R7
    elif "所属長の役職名" in whole or "従業者に対する" in whole:
        revision = FormRevision.H31
    else:
        revision = FormRevision.H26
    return kind, revision


def read(source: str) -> tuple[Aligner, list]:
    """The source's form (its aligner) and its rows of cells; refuses what is not a report's text."""
    if not source.strip():
        raise NotAReport("ファイルが空です。")
    if "\x00" in source:
        raise NotAReport("テキストファイルではありません(バイナリを含みます)。")
    kind, revision = detect(source)
    return Aligner(kind, revision), cells_of(source)


def parse_text(source: str) -> Result:
    aligner, rows = read(source)
    return Builder(aligner).build(aligner.blocks(rows))
