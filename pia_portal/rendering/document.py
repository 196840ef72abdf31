"""A version as the printed form: parts (cover, sections, per-file blocks, tables) made of rows,
with every value already written the way the official layout writes it. The print template
(templates/print/report.html) only lays these out; the HTML preview and the PDF share it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from pia_portal.core.wareki import format_date
from pia_portal.reports import models as m
from pia_portal.reports.outline import Content, instance_title
from pia_portal.reports.structure import Entity, Fixed, Group, Kind, Place, Repeat, Section, form_for, items_of
from pia_portal.reports.structure import items as catalogue_items
from pia_portal.reports.structure.nodes import FormRevision, resolve

MARK = "※"
WITHHELD_HTML = format_html('<span class="withheld">{}</span>', "(非公表)")


@dataclass
class Row:
    kind: str  # heading | item | sub | span | instance | caption | full | text
    label: str = ""
    sublabel: str = ""
    value: SafeString = mark_safe("")
    important: bool = False
    flags: SafeString = mark_safe("")
    rowspan: int = 1
    first_of_span: bool = True


@dataclass
class Part:
    kind: str  # cover | form | records | annex | figures | glossary | changes
    title: str
    note: str = ""  # 「※(7. ②を除く。)」 after a section title
    subtitle: str = ""
    rows: list[Row] = field(default_factory=list)
    table: dict | None = None  # for annex, glossary and change-log tables
    figures: list[dict] = field(default_factory=list)
    cover: dict | None = None
    break_before: bool = True
    page_key: str = ""  # the editor page that edits what this part prints (editing.pages.PageRef.key)
    # Names the part's tables in the whole document (data-table): the assembly joins the pieces of
    # one table, wherever pages or parts cut it, into one Table element (parts._join_tables).
    table_key: str = ""
    # The rest of a long table cut into parts (parts.py): printed without its title, from the top
    # of the page where the whole document's page of that table begins.
    continued: bool = False


@dataclass
class PrintedReport:
    version: m.Version
    form_title: str
    parts: list[Part]

    @property
    def title(self) -> str:
        cover = self.parts[0].cover or {}
        return cover.get("title", "")


FigureSource = Callable[[m.VersionContent, str], str]
FIGURE_SCHEME = "pia-figure"


def figure_reference(record: m.VersionContent, attr: str) -> str:
    """How the print document names a stored figure: an address only the renderer's fetcher
    (rendering/fetcher.py) answers, by the record's uid, never a path or a URL of the author's."""
    return f"{FIGURE_SCHEME}:{record.uid.hex}"


def build(version: m.Version, *, figure_src: FigureSource = figure_reference, public: bool = False) -> PrintedReport:
    """`public`: the copy the public reads, with 公表しない部分 printed as 「(非公表)」."""
    from pia_portal.publishing.withholding import redaction_for

    content = Content(version)
    form = form_for(version.report.kind)
    revision = version.revision
    printer = _Printer(version, content, revision, figure_src, redaction_for(version, public=public))
    parts: list[Part] = []
    for section in form.sections:
        before = len(parts)
        _add_section(printer, content, section, form, parts)
        for part in parts[before:]:
            part.page_key = part.page_key or section.code
    # From what the part is, not where: adding a file must not change the HTML of the parts after it.
    seen: dict[tuple[str, str], int] = {}
    for part in parts:
        count = seen[part.page_key, part.kind] = seen.get((part.page_key, part.kind), 0) + 1
        part.table_key = f"{part.page_key}-{part.kind}-{count}"
    return PrintedReport(version=version, form_title=form.title, parts=parts)


def _add_section(printer: _Printer, content: Content, section: Section, form, parts: list[Part]) -> None:
    def per_file(part: Part, file) -> Part:
        part.page_key = f"{section.code}-{file.uid.hex}"
        return part

    if section.code == "cover":
        parts.append(printer.cover(section, form))
    elif section.code == "changes":
        parts.append(printer.change_log(section))
    elif section.code == "glossary":
        if content.records(m.GlossaryEntry):
            parts.append(printer.glossary(section))
    elif section.code == "figures":
        parts.append(printer.figures(section))
    elif section.code == "records":
        for position, file in enumerate(content.files):
            parts.append(per_file(printer.record_items(section, file, first=position == 0), file))
    elif section.per_file:
        for file in content.files:
            record = file if section.entity is Entity.FILE else content.risk_of(file)
            parts.append(per_file(printer.section(section, record, file), file))
            if section.code == "file":
                parts.extend(per_file(part, file) for part in printer.annexes(section, file))
    else:
        record = content.section_record(m.MODEL_FOR_ENTITY[section.entity])
        parts.append(printer.section(section, record, None))


class _Printer:
    def __init__(self, version: m.Version, content: Content, revision: FormRevision, figure_src: FigureSource, redaction):
        self.version = version
        self.content = content
        self.revision = revision
        self.figure_src = figure_src
        self.redaction = redaction

    def _hides(self, record, attr: str = "") -> bool:
        return self.redaction.hides(record, attr)

    def _shown(self, record, attr: str, value: SafeString) -> SafeString:
        return WITHHELD_HTML if self._hides(record, attr) else value

    # Parts ---------------------------------------------------------------------------------------

    def cover(self, section: Section, form) -> Part:
        record = self.content.section_record(m.Cover)
        places = {p.item.attr: p for p in section.children if isinstance(p, Place)}
        values = {attr: self.value(place, record) for attr, place in places.items()}
        report = self.version.report
        from .pdf import publication_date

        chosen = publication_date(self.version)
        if chosen and "publication_date" in values:
            values["publication_date"] = format_date(chosen)
        if report.ended_on and "title" in values:
            # A report whose 事務 has ended prints its end date after the 評価書名.
            values["title"] = format_html("{} ({} 終了)", values["title"], format_date(report.ended_on))
        labels = {attr: place.label(self.revision) for attr, place in places.items()}
        return Part(
            kind="cover",
            title=form.title,
            break_before=False,
            cover={
                "labels": labels,
                "values": values,
                "rest": [
                    (labels[attr], values[attr])
                    for attr in places
                    if attr not in ("assessment_number", "title", "declaration")
                ],
                "title": record.title if record else "",
                "contents_title": form.contents_title,
                "contents": form.contents,
            },
        )

    def section(self, section: Section, record, file) -> Part:
        rows: list[Row] = []
        self._nodes(section.children, record, file, rows, visible=True)
        return Part(kind="form", title=section.label(), note=section.important_note, rows=rows, break_before=not section.same_page)

    def record_items(self, section: Section, file: m.PersonalInfoFile, first: bool) -> Part:
        groups = []
        for group in self.content.records(m.RecordItemGroup, file):
            groups.append(
                {
                    "heading": WITHHELD_HTML if self._hides(group, "heading") else group.heading,
                    "note": self._shown(group, "note", _text(group.note)),
                    "items": [WITHHELD_HTML if self._hides(item, "label") else item.label
                              for item in self.content.records(m.RecordItem, group)],
                }
            )
        return Part(kind="records", title=section.label(), subtitle=file.title, table={"groups": groups}, break_before=first)

    def annexes(self, section: Section, file: m.PersonalInfoFile) -> list[Part]:
        parts = []
        for annex in self.content.records(m.Annex, file):
            entity = Entity.TRANSFER if annex.kind == "TRANSFER" else Entity.PROVISION
            names = _column_labels(self.version.form_kind, entity, self.revision)
            rows = []
            for row in self.content.records(m.AnnexRow, annex):
                rows.append(
                    {
                        "caption": self._shown(row, "caption", escape(row.caption)),
                        "cells": [row.number] + [
                            self._shown(row, attr, _text(getattr(row, attr)))
                            for attr in ("name", "legal_basis", "purpose", "information", "subject_count", "subject_range",
                                         "method", "timing")
                        ],
                    }
                )
            title = " ".join(x for x in (f"({annex.number})" if annex.number else "", annex.title) if x)
            parts.append(
                Part(kind="annex", title=title, subtitle=file.title, table={"columns": ["No.", *names], "rows": rows})
            )
        return parts

    def figures(self, section: Section) -> Part:
        figures = []
        for figure in self.content.records(m.BusinessFigure):
            figures.append(
                {
                    "title": figure.title,
                    "subtitle": figure.subtitle,
                    "image": self.figure_src(figure, "image") if figure.image and not self._hides(figure, "image") else "",
                    "withheld": self._hides(figure, "image"),
                    "caption": self._shown(figure, "caption", escape(figure.caption)),
                    "legend": self._shown(figure, "legend", _text(figure.legend)),
                    "remarks_label": resolve(catalogue_items.FIGURE_REMARKS.label),
                    "remarks": self._shown(figure, "remarks", _text(figure.remarks)),
                }
            )
        return Part(kind="figures", title=section.label(), figures=figures)

    def glossary(self, section: Section) -> Part:
        labels = items_of(Entity.GLOSSARY)
        rows = [
            {"group": e.kana_group, "cells": [self._shown(e, "term", escape(e.term)), self._shown(e, "meaning", _text(e.meaning))]}
            for e in self.content.records(m.GlossaryEntry)
        ]
        columns = [resolve(labels["term"].label), resolve(labels["meaning"].label)]
        return Part(kind="glossary", title=section.label(), table={"columns": columns, "rows": rows})

    def change_log(self, section: Section) -> Part:
        repeat = next(node for node in section.children if isinstance(node, Repeat))
        places = [p for p in repeat.children if isinstance(p, Place)]
        rows = [[self._change_cell(place, entry) for place in places] for entry in self.content.records(m.ChangeLogEntry)]
        columns = [p.label(self.revision) for p in places]
        return Part(kind="changes", title=section.label(), table={"columns": columns, "rows": rows})

    def _change_cell(self, place: Place, entry: m.ChangeLogEntry) -> SafeString:
        """A 変更箇所 row quoting a withheld value keeps only its date and timing."""
        if place.item.attr not in ("change_date", "timing") and self.redaction.hides_row(entry):
            return WITHHELD_HTML
        return self.value(place, entry)

    # Rows ----------------------------------------------------------------------------------------

    def _nodes(self, nodes, record, file, rows: list[Row], visible: bool, sub: bool = False) -> None:
        for node in nodes:
            if isinstance(node, Place):
                self._place(node, record, file, rows, visible, sub)
            elif isinstance(node, Group):
                self._group(node, record, file, rows, visible)
            elif isinstance(node, Repeat):
                self._repeat(node, record, file, rows, visible)
            elif isinstance(node, Fixed):
                value = file.title if node.derived == "file_title" and file else node.text
                if node.label:
                    rows.append(Row(kind="item", label=node.label, value=_text(value)))
                else:
                    rows.append(Row(kind="text", value=_text(value)))

    def _place(self, place: Place, record, file, rows, visible, sub=False) -> None:
        shown = visible and (place.show_if is None or record is None or place.show_if.holds(record))
        value = self.value(place, record, file) if shown else mark_safe("")
        inline = [child for child in place.children if isinstance(child, Place) and child.inline]
        for child in inline:
            child_shown = shown and (child.show_if is None or child.show_if.holds(record))
            if not child_shown:
                continue
            if child.item.kind in (Kind.TEXT, Kind.LINE):
                # 「[ 無料 ] … (手数料額、納付方法: … )」: an inline text is printed with its label.
                label = resolve(child.item.label, self.revision)
                value = format_html("{}<br>({}: {} )", value, label, self.value(child, record, file))
            elif child.item.kind is Kind.DATE:
                value = format_html("{} ～ {}", value, self.value(child, record, file))
            else:
                value = format_html("{} {}", value, self.value(child, record, file))
        label = place.label(self.revision)
        if place.item.attr.endswith("other_risks") and place.item.kind is Kind.TEXT:
            # 「…におけるその他のリスク及びそのリスクに対する措置」: a caption row, then the text full width.
            rows.append(Row(kind="caption", label=label, important=place.is_important))
            rows.append(Row(kind="full", value=value))
            return
        rows.append(Row(kind="sub" if sub else "item", label=label, value=value, important=place.is_important))
        others = tuple(child for child in place.children if not (isinstance(child, Place) and child.inline))
        self._nodes(others, record, file, rows, shown, sub=True)

    def _group(self, group: Group, record, file, rows, visible) -> None:
        shown = visible and (group.show_if is None or record is None or group.show_if.holds(record))
        label = group.label(self.revision)
        if group.cell:
            parts = []
            for place in group.children:
                place_shown = shown and (place.show_if is None or place.show_if.holds(record))
                if place.inline:
                    if place_shown:
                        parts.append(self.value(place, record, file))
                else:
                    parts.append(self.value(place, record, file))
            rows.append(Row(kind="item", label=label, value=mark_safe(" ".join(parts))))
            return
        if group.span:
            children: list[Row] = []
            self._nodes(group.children, record, file, children, shown, sub=True)
            for index, child in enumerate(children):
                child.kind = "span"
                child.sublabel, child.label = child.label, label
                child.first_of_span = index == 0
                child.rowspan = len(children) if index == 0 else 0
            rows.extend(children)
            return
        flags = format_html_join(
            " ", "{}", ((self.value(flag, record, file),) for flag in group.flags)
        ) if group.flags else mark_safe("")
        if label:
            rows.append(Row(kind="heading", label=label, important=group.important, flags=flags))
        self._nodes(group.children, record, file, rows, shown)

    def _repeat(self, repeat: Repeat, record, file, rows, visible) -> None:
        model = m.MODEL_FOR_ENTITY[repeat.entity]
        if repeat.entity in (Entity.ANNEX, Entity.RECORD_GROUP):
            return  # printed as tables of their own
        parent = record if model.parent_field else None
        if repeat.heading:
            rows.append(Row(kind="heading", label=repeat.heading))
        for position, entry in enumerate(self.content.records(model, parent)):
            title = instance_title(repeat, entry, position)
            name = self.value(repeat.name, entry, file) if repeat.name else mark_safe("")
            rows.append(Row(kind="instance", label=title, value=name))
            self._nodes(repeat.children, entry, file, rows, visible)

    # Values --------------------------------------------------------------------------------------

    def value(self, place: Place, record, file=None) -> SafeString:
        if record is None:
            return mark_safe("")
        item = place.item
        if self._hides(record, item.attr):
            return WITHHELD_HTML
        value = getattr(record, item.attr)
        if item.kind is Kind.LINE and item.attr == "name" and isinstance(record, m.PersonalInfoFile):
            return escape(record.title)
        if item.kind in (Kind.TEXT, Kind.LINE):
            return _text(value)
        if item.kind is Kind.CHOICE:
            return self._choice(place, value)
        if item.kind is Kind.CHECKS:
            return self._checks(place, value or {})
        if item.kind is Kind.COUNT:
            return format_html('<span class="count">( {} ) {}</span>', "" if value is None else value, item.suffix)
        if item.kind is Kind.FLAG:
            return format_html('<span class="box">{}</span> {}', "[ ○ ]" if value else "[　]", resolve(item.label, self.revision))
        if item.kind is Kind.DATE:
            return self._date(record, item.attr)
        if item.kind is Kind.IMAGE:
            return format_html('<img src="{}" alt="">', self.figure_src(record, item.attr)) if value else mark_safe("")
        return escape(value)

    def _choice(self, place: Place, code: str) -> SafeString:
        options = place.item.options
        chosen = options.label_of(code, self.revision) if code else ""
        legend = format_html_join(
            " ", '<span class="option">{}) {}</span>', ((n, label) for n, (_, label) in enumerate(options.choices(self.revision), 1))
        )
        if place.item.attr == "timing" and place.item.options.code == "C-TEISHUTSU":
            return escape(chosen)  # the 変更箇所 table prints 事前 / 事後 bare
        return format_html(
            '<span class="choice">[ {} ]</span><span class="legend"><span class="legend-title">&lt;選択肢&gt;</span> {}</span>',
            chosen or "\u3000",
            legend,
        )

    def _checks(self, place: Place, ticked: dict) -> SafeString:
        options = place.item.options
        headings = dict((code, heading) for heading, codes in options.headings for code in codes[:1])

        def box(option):
            mark = "[ ○ ]" if option.code in ticked else "[　]"
            label = resolve(option.label, self.revision)
            text = ticked.get(option.code, "")
            # Two boxes a line, as the form prints them; a long label or text takes the whole line.
            css = "check wide" if len(label) + len(text) > 18 else "check"
            if option.has_text:
                return format_html('<span class="{}"><span class="box">{}</span> {} ( {} )</span>', css, mark, label, text)
            return format_html('<span class="{}"><span class="box">{}</span> {}</span>', css, mark, label)

        pieces = []
        for option in options.options:
            if option.code in headings:
                pieces.append(format_html('<span class="check-heading">{}</span>', headings[option.code]))
            pieces.append(box(option))
        return format_html('<span class="checks">{}</span>', mark_safe("".join(pieces)))

    def _date(self, record, attr: str) -> SafeString:
        day = getattr(record, attr)
        precision = getattr(record, f"{attr}_precision")
        note = getattr(record, f"{attr}_note")
        text = " ".join(x for x in (format_date(day, precision) if day else "", note) if x)
        return escape(text)


def _text(value: str) -> SafeString:
    """Long texts keep their paragraphs and list lines: each line is printed as it was written."""
    if not value:
        return mark_safe("")
    lines = [escape(line) for line in value.replace("\r\n", "\n").split("\n")]
    return mark_safe("<br>".join(lines))


def _column_labels(kind, entity: Entity, revision) -> list[str]:
    """The 別紙 columns are the 提供先/移転先 items, printed with their numbers."""
    from pia_portal.reports.structure import places_by_attr

    places = places_by_attr(kind, entity)
    order = ("name", "legal_basis", "purpose", "information", "subject_count", "subject_range", "methods", "timing")
    return [places[attr].label(revision) if attr != "name" else resolve(places[attr].item.label, revision) for attr in order]
