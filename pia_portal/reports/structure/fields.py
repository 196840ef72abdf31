"""Django model fields generated from the catalogue, so a label or an option list is never
written twice: `class Cover(fields_of(Entity.COVER), VersionSection)`."""

from __future__ import annotations

import uuid

from django.db import models

from . import FORMS, items_of
from .nodes import Entity, Item, Kind, resolve

DATE_PRECISIONS = [("day", "日"), ("month", "月")]


def figure_upload_to(instance, filename: str) -> str:
    """A directory of its own per upload, so the file keeps its name (exports rely on it)."""
    return f"figures/{uuid.uuid4().hex}/{filename}"


def choices_of(entity: Entity, attr: str) -> list[tuple[str, str]]:
    """The union of the option lists the form kinds give this field, in printed order."""
    seen: dict[str, str] = {}
    for form in FORMS.values():
        for place in form.places_of(entity):
            if place.item.attr == attr and place.item.options:
                for code, label in place.item.options.choices():
                    seen.setdefault(code, label)
    return list(seen.items())


def _fields_for(entity: Entity, item: Item) -> dict[str, models.Field]:
    common = {"verbose_name": resolve(item.label), "help_text": item.guidance}
    match item.kind:
        case Kind.TEXT | Kind.LINE:
            return {item.attr: models.TextField(blank=True, default="", **common)}
        case Kind.CHOICE:
            return {
                item.attr: models.CharField(
                    max_length=64, blank=True, default="", choices=choices_of(entity, item.attr), **common
                )
            }
        case Kind.CHECKS:
            # {option code: その他 text or ""} for the ticked boxes.
            return {item.attr: models.JSONField(default=dict, blank=True, **common)}
        case Kind.COUNT:
            return {item.attr: models.PositiveIntegerField(null=True, blank=True, **common)}
        case Kind.FLAG:
            return {item.attr: models.BooleanField(default=False, **common)}
        case Kind.IMAGE:
            return {item.attr: models.ImageField(upload_to=figure_upload_to, blank=True, **common)}
        case Kind.DATE:
            return {
                item.attr: models.DateField(null=True, blank=True, **common),
                f"{item.attr}_precision": models.CharField(
                    max_length=5, choices=DATE_PRECISIONS, default="day", verbose_name=f"{common['verbose_name']}(精度)"
                ),
                # 「(予定)」 after a date, or a placeholder in its place (「意見聴取後に記載」).
                f"{item.attr}_note": models.CharField(
                    max_length=200, blank=True, default="", verbose_name=f"{common['verbose_name']}(注記)"
                ),
            }
    raise ValueError(item.kind)


def fields_of(entity: Entity) -> type[models.Model]:
    """An abstract model holding one field (or, for dates, three) per catalogue item of `entity`."""
    attrs: dict[str, object] = {"__module__": "pia_portal.reports.models"}
    for item in items_of(entity).values():
        attrs.update(_fields_for(entity, item))
    attrs["Meta"] = type("Meta", (), {"abstract": True})
    name = "".join(part.title() for part in entity.value.split("_")) + "Items"
    return type(name, (models.Model,), attrs)
