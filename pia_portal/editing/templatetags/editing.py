import json

from django import template

register = template.Library()


@register.filter
def bound(form, name: str):
    return form[name]


@register.filter
def lookup(mapping, key):
    """mapping[key], or None: dictionaries keyed by what templates cannot spell (page keys, anchors)."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag
def anchor_of(record, attr: str) -> str:
    """The key review comments are filed under: 「<record uid hex>:<attr>」 (ReviewComment.anchor)."""
    return f"{record.uid.hex}:{attr}"


@register.simple_tag
def is_withheld(withheld, record, attr: str) -> bool:
    """The item, or the entry it belongs to, is not to be published."""
    return bool(withheld) and (f"{record.uid.hex}:{attr}" in withheld or f"{record.uid.hex}:" in withheld)


@register.simple_tag
def conflict_for(conflicts, record, attr: str):
    """The conflict on an item after a save (services.ConflictView), or None."""
    return conflicts.get(f"{record.uid.hex}:{attr}") if conflicts and record is not None else None


@register.filter
def json_attr(value) -> str:
    return json.dumps(value, ensure_ascii=False)


@register.filter
def problems(findings) -> list:
    """The findings that are mistakes or warnings, not items merely not filled yet."""
    return [f for f in findings if not f.missing]


@register.simple_tag
def finding_anchor(finding) -> str:
    """The id of the field a finding is about on its editor page (「item-<prefix>-<attr>」), or ""."""
    from pia_portal.editing.pages import form_prefix

    if finding.record is None or not finding.attr:
        return ""
    return f"item-{form_prefix(finding.record)}-{finding.attr}"


@register.simple_tag
def item_findings(page_progress, record, attr: str) -> list:
    """The findings of one item, shown under it."""
    if page_progress is None or record is None:
        return []
    return [
        finding
        for finding in (*page_progress.errors, *page_progress.warnings)
        if finding.record is not None and finding.record.pk == record.pk and type(finding.record) is type(record)
        and finding.attr == attr
    ]


@register.simple_tag
def item_history(histories, page, record, attr: str) -> list:
    """The rows of the change log about one item, shown next to it ("changed 3 times")."""
    from pia_portal.changelog.services import reference_of

    if not histories or record is None:
        return []
    return histories.get(reference_of(record, attr, page.ref.file), [])


@register.filter
def as_list(value) -> list:
    """One item as a list, for templates that show lists (one review thread as a thread list)."""
    return [value]


@register.filter
def editor_anchor(item_key: str) -> str:
    """The element id of an item on its editor page, from the item's key (a change-log row's)."""
    from pia_portal.editing.pages import anchor_of_item_key

    return anchor_of_item_key(item_key)
