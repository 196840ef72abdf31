"""How far each editor page is: items filled, errors and warnings, from the validation."""

from __future__ import annotations

from dataclasses import dataclass, field

from pia_portal.reports import models as m
from pia_portal.reports.outline import Content, slots
from pia_portal.reports.validation import Finding, _is_empty, validate

from .pages import PageRef, page_refs


@dataclass
class PageProgress:
    ref: PageRef
    filled: int = 0
    total: int = 0
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.filled / self.total) if self.total else 100

    @property
    def mistakes(self) -> list[Finding]:
        """Errors other than items not filled yet: these come first, in red."""
        return [f for f in self.errors if not f.missing]

    @property
    def missing(self) -> list[Finding]:
        return [f for f in self.errors if f.missing]


@dataclass
class Progress:
    pages: list[PageProgress]
    general: list[Finding]

    @property
    def percent(self) -> int:
        total = sum(p.total for p in self.pages)
        return round(100 * sum(p.filled for p in self.pages) / total) if total else 0

    @property
    def error_count(self) -> int:
        return sum(len(p.errors) for p in self.pages) + sum(f.is_error for f in self.general)

    def for_key(self, key: str) -> PageProgress | None:
        return next((p for p in self.pages if p.ref.key == key), None)


def progress(version: m.Version, content: Content | None = None) -> Progress:
    """`content`: the version's records when the caller loaded them already (the page being shown),
    read once per request rather than once for the page and again for its progress."""
    content = content or Content(version)
    refs = page_refs(version, content)
    by_key = {ref.key: PageProgress(ref) for ref in refs}
    record_page: dict[tuple[type, int], str] = {}
    for slot in slots(version, content):
        key = slot.section.code + (f"-{slot.file.uid.hex}" if slot.file else "")
        record_page.setdefault((type(slot.record), slot.record.pk), key)
        if slot.visible and not slot.place.is_optional and slot.place.item.kind.value != "flag":
            by_key[key].total += 1
            by_key[key].filled += 0 if _is_empty(slot) else 1
    general = []
    for finding in validate(version, content):
        key = record_page.get((type(finding.record), finding.record.pk)) if finding.record is not None else None
        if key is None:
            general.append(finding)
        else:
            (by_key[key].errors if finding.is_error else by_key[key].warnings).append(finding)
    return Progress(pages=[by_key[ref.key] for ref in refs], general=general)
