"""The form catalogue: the one place where item numbers, labels, option lists and ※ marks live.

    from pia_portal.reports.structure import form_for, items_of
    form = form_for("juten")
    for section, chain, place in form.places(): ...
"""

from functools import cache

from . import option_sets
from .forms import FORMS, JUTEN, ZENKOMOKU, form_for
from .nodes import (
    CURRENT_REVISION,
    Entity,
    Fixed,
    Form,
    FormKind,
    FormRevision,
    Group,
    Item,
    Kind,
    OptionSet,
    Place,
    Repeat,
    Section,
    entity_of,
    resolve,
)


@cache
def items_of(entity: Entity) -> dict[str, Item]:
    """Every item any form kind stores on records of `entity`, by attr (the model's fields)."""
    found: dict[str, Item] = {}
    for form in FORMS.values():
        for place in form.places_of(entity):
            item = place.item
            earlier = found.get(item.attr)
            if earlier is not None and earlier.kind != item.kind:
                raise ValueError(f"{entity}.{item.attr} is declared with two kinds: {earlier.kind} and {item.kind}")
            found.setdefault(item.attr, item)
    return found


@cache
def places_by_attr(kind: FormKind, entity: Entity) -> dict[str, Place]:
    """The items a form kind uses on `entity`, by attr."""
    return {place.item.attr: place for place in form_for(kind).places_of(entity)}


__all__ = [
    "CURRENT_REVISION",
    "Entity",
    "FORMS",
    "Fixed",
    "Form",
    "FormKind",
    "FormRevision",
    "Group",
    "Item",
    "JUTEN",
    "Kind",
    "OptionSet",
    "Place",
    "Repeat",
    "Section",
    "ZENKOMOKU",
    "entity_of",
    "form_for",
    "items_of",
    "option_sets",
    "places_by_attr",
    "resolve",
]
