"""What an import of a report's text gives: the canonical document, and what staff should check."""

from __future__ import annotations

from dataclasses import dataclass, field

from pia_portal.reports.structure import FormKind
from pia_portal.reports.structure.nodes import FormRevision


class NotAReport(ValueError):
    """The text is not a 特定個人情報保護評価書 the importer can read; the message says why."""


@dataclass
class Fragment:
    line: int
    text: str
    reason: str = ""
    page: int | None = None  # of a PDF


@dataclass
class Note:
    """What staff should know about a section: placed without its heading, or found empty."""

    section: str
    line: int
    text: str
    file_number: int | None = None  # the file a block placed without its heading went to
    page: int | None = None  # of a PDF


@dataclass
class Inference:
    path: str
    value: str
    evidence: str


@dataclass
class Result:
    document: dict
    kind: FormKind
    revision: FormRevision
    unplaced: list[Fragment] = field(default_factory=list)
    inferred: list[Inference] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


