"""A version's content laid along its form tree: every item of every record, in print order,
with its printed path and whether the form's conditions show it. Validation, the editor, the
PDF and the diff all walk versions through `slots()`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from . import models as m
from .structure import Entity, Fixed, Group, Place, Repeat, Section, form_for
from .structure.nodes import FormRevision, Node


@dataclass(frozen=True)
class Slot:
    """One item of one record: e.g. ④再委託の有無 of 委託事項2 of file (1)."""

    section: Section
    file: m.PersonalInfoFile | None
    record: m.VersionContent
    place: Place
    groups: tuple[Group, ...]  # headings above the item, outermost first
    instances: tuple[str, ...]  # printed titles of the entries above it: 「委託事項2」
    visible: bool

    @property
    def attr(self) -> str:
        return self.place.item.attr

    @property
    def value(self) -> Any:
        return getattr(self.record, self.attr)

    @property
    def key(self) -> str:
        return item_key(self.record, self.attr)

    def path(self, revision: FormRevision) -> str:
        """The printed path of the item, as change logs and messages name it."""
        parts = [self.section.label()]
        if self.file is not None:
            parts.append(self.file.title)
        parts += [g.label(revision) for g in self.groups if g.label(revision)]
        parts += list(self.instances)
        parts.append(self.place.label(revision))
        return " ".join(p for p in parts if p)

    def name(self, revision: FormRevision) -> str:
        """The item as it is named within its section: 「委託事項2 ③委託先名」."""
        return " ".join([*self.instances, self.place.label(revision)])


def item_key(record, attr: str) -> str:
    """One item of one record, stable across versions (the uid is copied): 「outsourcing.<uid>.contractor_name」."""
    return f"{record.entity.value}.{record.uid.hex}.{attr}"


class Content:
    """All records of a version, loaded once and indexed by model and parent."""

    def __init__(self, version: m.Version):
        self.version = version
        self.by_parent: dict[tuple[type, Any], list[m.VersionContent]] = {}
        for model in m.CONTENT_MODELS:
            order = ("position", "pk") if issubclass(model, m.VersionEntry) else ("pk",)
            for record in model.objects.filter(version=version).order_by(*order):
                parent = getattr(record, f"{model.parent_field}_id") if model.parent_field else None
                self.by_parent.setdefault((model, parent), []).append(record)

    def records(self, model, parent=None) -> list[m.VersionContent]:
        return self.by_parent.get((model, parent.pk if parent is not None else None), [])

    def section_record(self, model) -> m.VersionContent | None:
        found = self.records(model)
        return found[0] if found else None

    @property
    def files(self) -> list[m.PersonalInfoFile]:
        return self.records(m.PersonalInfoFile)

    def risk_of(self, file: m.PersonalInfoFile) -> m.RiskMeasures | None:
        found = self.records(m.RiskMeasures, file)
        return found[0] if found else None


def slots(version: m.Version, content: Content | None = None) -> Iterator[Slot]:
    content = content or Content(version)
    form = form_for(version.report.kind)
    for section in form.sections:
        if section.per_file:
            for file in content.files:
                record = file if section.entity is Entity.FILE else content.risk_of(file)
                if record is not None:
                    yield from _walk(section, section.children, record, file, (), (), True, content)
        else:
            model = m.MODEL_FOR_ENTITY.get(section.entity)
            record = content.section_record(model) if model else None
            yield from _walk(section, section.children, record, None, (), (), True, content)


def _walk(section, nodes: tuple[Node, ...], record, file, groups, instances, visible, content) -> Iterator[Slot]:
    for node in nodes:
        if isinstance(node, Place):
            if record is None:
                continue
            shown = visible and (node.show_if is None or node.show_if.holds(record))
            yield Slot(section, file, record, node, groups, instances, shown)
            yield from _walk(section, node.children, record, file, groups, instances, shown, content)
        elif isinstance(node, Group):
            shown = visible and (node.show_if is None or record is None or node.show_if.holds(record))
            for flag in node.flags:
                yield Slot(section, file, record, flag, groups + (node,), instances, visible)
            yield from _walk(section, node.children, record, file, groups + (node,), instances, shown, content)
        elif isinstance(node, Repeat):
            model = m.MODEL_FOR_ENTITY[node.entity]
            parent = record if model.parent_field else None
            for position, entry in enumerate(content.records(model, parent)):
                title = instance_title(node, entry, position)
                if node.name is not None:
                    yield Slot(section, file, entry, node.name, groups, instances + (title,), visible)
                yield from _walk(section, node.children, entry, file, groups, instances + (title,), visible, content)
        elif isinstance(node, Fixed):
            continue


def instance_title(repeat: Repeat, entry, position: int) -> str:
    """「委託事項2」, or the entry's own heading for groups titled by a field ({heading})."""
    values = {"n": position + 1}
    for attr in ("heading", "number", "title", "term"):
        if hasattr(entry, attr):
            values[attr] = getattr(entry, attr)
    try:
        return repeat.title.format(**values)
    except (KeyError, IndexError):
        return f"{position + 1}"
