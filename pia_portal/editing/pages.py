"""Editor pages: which records a page of the editor shows, and in what order, from the form tree.

A page is a section of the form, once per file for the sections that repeat per file. Its
`elements` are what the template renders in order: headings, item fields, and the entries of
repeating groups with their add and delete buttons.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pia_portal.reports import models as m
from pia_portal.reports.outline import Content, instance_title
from pia_portal.reports.structure import Entity, Fixed, Group, Place, Repeat, Section, form_for, items
from pia_portal.reports.structure.nodes import resolve

from django import forms

from pia_portal.reports.structure.guidance import guidance_for

from .forms import RecordForm, record_form_class


ITEM_LINES = "item_lines"
ITEM_LINES_LABEL = resolve(items.RECORD_ITEM_LABEL.label)  # the one field that holds a group's 記録項目


@dataclass(frozen=True)
class PageRef:
    section: Section
    file: m.PersonalInfoFile | None = None

    @property
    def key(self) -> str:
        return self.section.code + (f"-{self.file.uid.hex}" if self.file else "")

    @property
    def title(self) -> str:
        return f"{self.section.nav_title} {self.file.title}" if self.file else self.section.nav_title


def page_refs(version: m.Version, content: Content | None = None) -> list[PageRef]:
    content = content or Content(version)
    refs = []
    for section in form_for(version.report.kind).sections:
        if section.per_file:
            refs += [PageRef(section, file) for file in content.files]
        else:
            refs.append(PageRef(section))
    return refs


@dataclass
class Element:
    kind: str  # heading | field | repeat | entry | end
    label: str = ""
    important: bool = False
    level: int = 0
    form: RecordForm | None = None
    place: Place | None = None
    names: tuple[str, ...] = ()  # the form field names of the item
    entity: Entity | None = None
    record: m.VersionContent | None = None
    parent: m.VersionContent | None = None
    count: int = 0
    show_if: dict | None = None
    noun: str = ""  # what an entry of a repeating group is called: システム, 委託事項
    guidance: list[str] = field(default_factory=list)
    published: bool = False  # a row of the 変更箇所 an earlier edition published: shown, corrected apart


@dataclass
class Page:
    ref: PageRef
    elements: list[Element] = field(default_factory=list)
    forms: list[RecordForm] = field(default_factory=list)
    from_procedure: bool = False  # some items are written from the version's 評価実施手続 records


def build_page(version: m.Version, ref: PageRef, data=None, files=None, content: Content | None = None) -> Page:
    content = content or Content(version)
    page = Page(ref)
    section = ref.section
    if section.per_file:
        record = ref.file if section.entity is Entity.FILE else content.risk_of(ref.file)
    else:
        model = m.MODEL_FOR_ENTITY.get(section.entity)
        record = content.section_record(model) if model else None
    # III and IV are ※ as a whole, except the items their title note excludes (placed important=False).
    _walk(version, page, section.children, record, data, files, content, level=0,
          within_important=bool(section.important_note))
    _lock_procedure_items(version, page)
    _lock_published_rows(version, page)
    _derive_counts(page)
    _lock_identity(page)
    if section.from_plan and version.report.affair.latest_threshold() is not None:
        # Written from the しきい値判断 (planning.services.copy_threshold_to_drafts): shown, never typed.
        # Without a judgement (an imported report, say) staff type them as printed.
        show_only(page)
    return page


def show_only(page: Page) -> None:
    """Every item of the page shown, none typed (a read-only page, or items written elsewhere)."""
    for form in page.forms:
        for form_field in form.fields.values():
            form_field.disabled = True


def _lock_published_rows(version, page: Page) -> None:
    """Rows of the 変更箇所 that an earlier edition published are the record of that edition: the
    page shows them, and a correction is its own action with a reason (changelog.services)."""
    if not any(element.entity is Entity.CHANGE_LOG for element in page.elements):
        return
    from pia_portal.changelog.services import published_rows

    published = published_rows(version)
    locked = set()
    for element in page.elements:
        if element.kind == "entry" and element.entity is Entity.CHANGE_LOG and element.record.uid in published:
            element.published = True
            locked.add(element.record.pk)
    for form in page.forms:
        if isinstance(form.record, m.ChangeLogEntry) and form.record.pk in locked:
            for form_field in form.fields.values():
                form_field.disabled = True


def _lock_identity(page: Page) -> None:
    """The cover's 評価書番号 is the report's (its number on the 計画管理書), set when it was made."""
    for form in page.forms:
        if isinstance(form.record, m.Cover) and "assessment_number" in form.fields:
            form.fields["assessment_number"].disabled = True
            form.fields["assessment_number"].help_text = "評価書番号は評価書の作成時に決まります(計画管理書の番号)。"


def _derive_counts(page: Page) -> None:
    """委託件数 and the like are counted from the entries (reports/derived.py): shown, not typed."""
    from pia_portal.reports.derived import derived_counts

    for form in page.forms:
        if not isinstance(form.record, m.PersonalInfoFile):
            continue
        for attr, count in derived_counts(form.record).items():
            if attr in form.fields:
                form.fields[attr].disabled = True
                form.fields[attr].help_text = "登録した項目の数から自動で数えます。"
                form.initial[attr] = count


def _lock_procedure_items(version, page: Page) -> None:
    """Items the procedure's records write (VI 2 and 3, the cover's 承認日) are shown, not typed:
    submission writes them again from the records (procedure.services.write_items)."""
    if not any(form.record.entity in (Entity.PROCEDURE, Entity.COVER) for form in page.forms):
        return
    from pia_portal.procedure.services import printed_values

    procedure, cover = printed_values(version)
    written = {Entity.PROCEDURE: procedure, Entity.COVER: cover}
    for form in page.forms:
        for name in written.get(form.record.entity, {}):
            if name in form.fields:
                form.fields[name].disabled = True
                page.from_procedure = True


def _form(version, page: Page, record, data, files) -> RecordForm:
    for existing in page.forms:
        if existing.record is record:
            return existing
    cls = record_form_class(version.form_kind, record.entity, version.revision)
    form = cls(data, files, record=record, prefix=form_prefix(record))
    if record.entity is Entity.RECORD_GROUP:
        # Lists of 記録項目 run to a hundred lines: one textarea, one item a line.
        form.fields[ITEM_LINES] = forms.CharField(
            label=ITEM_LINES_LABEL, required=False, widget=forms.Textarea(attrs={"rows": 10}), max_length=100_000
        )
        form.initial[ITEM_LINES] = "\n".join(item.label for item in record.items.order_by("position", "pk"))
    page.forms.append(form)
    return form


def form_prefix(record) -> str:
    """The prefix of a record's fields on an editor page; a field's id is 「id_<prefix>-<attr>」."""
    return f"{record.entity.value}-{record.uid.hex}"


def field_id(record, attr: str) -> str:
    return f"id_{form_prefix(record)}-{attr}"


def anchor_of_item_key(key: str) -> str:
    """Where on its page the editor shows an item named by its key (reports.outline.item_key,
    「outsourcing.<uid>.contractor_name」, a hunk's 「~2」 aside): the field, or for a whole
    entry (「outsourcing.<uid>」) the entry."""
    parts = key.split("~", 1)[0].split(".")
    if len(parts) == 3:
        return f"id_{parts[0]}-{parts[1]}-{parts[2]}"
    return f"entry-{parts[1]}" if len(parts) == 2 else ""


def _walk(version, page: Page, nodes, record, data, files, content, level: int, within_important: bool = False) -> None:
    for node in nodes:
        if isinstance(node, Place):
            if record is None:
                continue
            form = _form(version, page, record, data, files)
            important = node.marked(within_important)
            names = tuple(name for name in form.fields if name == node.item.attr or name == f"{node.item.attr}_note")
            page.elements.append(
                Element(
                    kind="field", label=node.label(version.revision), important=important, level=level,
                    form=form, place=node, names=names, record=record, show_if=_condition(node.show_if),
                    guidance=guidance_for(node, important=important),
                )
            )
            _walk(version, page, node.children, record, data, files, content, level + 1, within_important)
        elif isinstance(node, Group):
            label = node.label(version.revision)
            if label:
                page.elements.append(
                    Element(kind="heading", label=label, important=node.important, level=level, show_if=_condition(node.show_if))
                )
            marked = within_important or node.important
            for flag in node.flags:
                _walk(version, page, (flag,), record, data, files, content, level + 1, marked)
            _walk(version, page, node.children, record, data, files, content, level + 1, marked)
            if label:
                page.elements.append(Element(kind="end", label="heading"))
        elif isinstance(node, Repeat) and node.entity is Entity.RECORD_ITEM:
            form = _form(version, page, record, data, files)
            label_place = node.children[0]
            page.elements.append(
                Element(
                    kind="field", label=f"{ITEM_LINES_LABEL}(1行に1項目)", level=level, form=form, place=label_place,
                    names=(ITEM_LINES,), record=record,
                    guidance=["1行に1項目を記載します。行の順に番号が付いて印刷されます。", *guidance_for(label_place)[1:]],
                )
            )
        elif isinstance(node, Repeat):
            model = m.MODEL_FOR_ENTITY[node.entity]
            parent = record if model.parent_field else None
            entries = content.records(model, parent)
            title = node.heading or node.title.replace("{n}", "").replace("{", "").replace("}", "") or model._meta.verbose_name
            page.elements.append(
                Element(kind="repeat", label=node.heading or model._meta.verbose_name, entity=node.entity, parent=parent,
                        count=len(entries), level=level, noun=str(model._meta.verbose_name))
            )
            for position, entry in enumerate(entries):
                page.elements.append(
                    Element(kind="entry", label=instance_title(node, entry, position) or title, entity=node.entity,
                            record=entry, level=level + 1, count=position,
                            noun=f"{model._meta.verbose_name}{position + 1}")
                )
                if node.name is not None:
                    _walk(version, page, (node.name,), entry, data, files, content, level + 1)
                _walk(version, page, node.children, entry, data, files, content, level + 1)
                page.elements.append(Element(kind="end", label="entry"))
            page.elements.append(Element(kind="end", label="repeat"))
        elif isinstance(node, Fixed):
            continue


def _condition(condition) -> dict | None:
    """Conditions as data for the page's script, which hides what the form would not print."""
    if condition is None:
        return None
    values = getattr(condition, "values", None)
    if values is None:  # Unless(flag)
        return {"attr": condition.attr, "unless": True}
    return {"attr": condition.attr, "values": ["on" if v is True else v for v in values]}
