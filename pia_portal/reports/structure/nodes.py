"""The building blocks of the form catalogue.

An `Item` is one input of the official form (a label with a value), declared once. A `Form` is a
tree (sections, groups, repeating groups, placed items) in print order, one per form kind; the
two trees share the Item objects they have in common and give each its printed number. The
models, the editor, the PDF, the diff and the importer all walk these trees.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Union


class FormKind(enum.StrEnum):
    JUTEN = "juten"
    ZENKOMOKU = "zenkomoku"
    KISO = "kiso"

    @property
    def label(self) -> str:
        return {"juten": "重点項目評価書", "zenkomoku": "全項目評価書", "kiso": "基礎項目評価書"}[self.value]


class FormRevision(enum.StrEnum):
    """Revisions of the official layout that changed printed wording.

    Inferred from the change logs of published reports, not from the 委員会's own documents: the
    所属長 → 所属長の役職名 switch is logged as 様式の変更 in 平成31年, and 5情報 replaced 4情報 with the
    氏名の振り仮名 amendment (logged 令和8年1月). Correct the names or dates here; nothing else
    needs to change.
    """

    H26 = "h26"
    H31 = "h31"
    R7 = "r7"

    @property
    def label(self) -> str:
        return {
            "h26": "平成26年様式(所属長・従業員・4情報)",
            "h31": "平成31年様式(所属長の役職名・従業者・4情報)",
            "r7": "令和7年様式(所属長の役職名・従業者・5情報)",
        }[self.value]


CURRENT_REVISION = FormRevision.R7


@dataclass(frozen=True)
class Variants:
    """A label worded differently by form revision: {revision it first appeared in: text}."""

    by_revision: tuple[tuple[FormRevision, str], ...]

    def __init__(self, **texts: str):
        object.__setattr__(
            self, "by_revision", tuple(sorted(((FormRevision(k), v) for k, v in texts.items()), key=_rev_order))
        )

    def resolve(self, revision: FormRevision) -> str:
        chosen = self.by_revision[0][1]
        for since, text in self.by_revision:
            if _rev_order((since, "")) <= _rev_order((revision, "")):
                chosen = text
        return chosen

    @property
    def all(self) -> tuple[str, ...]:
        return tuple(text for _, text in self.by_revision)


def _rev_order(pair: tuple[FormRevision, str]) -> int:
    return list(FormRevision).index(pair[0])


Text = Union[str, Variants]


def resolve(text: Text, revision: FormRevision = CURRENT_REVISION) -> str:
    return text.resolve(revision) if isinstance(text, Variants) else text


def all_wordings(text: Text) -> tuple[str, ...]:
    return text.all if isinstance(text, Variants) else (text,)


@dataclass(frozen=True)
class Option:
    code: str
    label: Text
    has_text: bool = False  # printed 「その他 ( … )」 with a free text


@dataclass(frozen=True)
class OptionSet:
    code: str
    options: tuple[Option, ...]
    # Printed sub-headings over runs of options (主な記録項目: ・識別情報, ・連絡先等情報, ・業務関係情報).
    headings: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def __post_init__(self):
        codes = [o.code for o in self.options]
        assert len(codes) == len(set(codes)), f"duplicate option code in {self.code}"

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(o.code for o in self.options)

    def get(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)

    def label_of(self, code: str, revision: FormRevision = CURRENT_REVISION) -> str:
        option = self.get(code)
        return resolve(option.label, revision) if option else code

    def choices(self, revision: FormRevision = CURRENT_REVISION) -> list[tuple[str, str]]:
        return [(o.code, resolve(o.label, revision)) for o in self.options]

    def ticked_text(self, ticked: dict, revision: FormRevision = CURRENT_REVISION) -> str:
        """Ticked check boxes as reports and change logs write them: 「[○]label [○]その他(text)」."""
        return " ".join(
            f"[○]{resolve(o.label, revision)}" + (f"({ticked[o.code]})" if ticked.get(o.code) else "")
            for o in self.options
            if o.code in (ticked or {})
        )


class Kind(enum.StrEnum):
    TEXT = "text"  # long free text, paragraphs and list lines kept
    LINE = "line"  # short text (a name, a title)
    CHOICE = "choice"  # exactly one option: [ 選択値 ] <選択肢> 1) … 2) …
    CHECKS = "checks"  # several check boxes, some with 「その他 ( … )」 texts
    COUNT = "count"  # ( n ) 件
    DATE = "date"  # 和暦, day or month precision, with an optional note such as (予定)
    FLAG = "flag"  # one check box on its own (header switches such as 委託しない)
    IMAGE = "image"  # an uploaded figure (別添1 事務の内容)


class Entity(enum.StrEnum):
    """The kinds of record that hold items; each is one Django model (see reports.models)."""

    VERSION = "version"  # sections that only hold repeating groups (変更箇所, 別添1 事務の内容)
    COVER = "cover"
    BASIC_INFO = "basic_info"
    SYSTEM = "system"
    BUSINESS_FIGURE = "business_figure"
    FILE = "file"
    OUTSOURCING = "outsourcing"
    PROVISION = "provision"
    TRANSFER = "transfer"
    ANNEX = "annex"
    ANNEX_ROW = "annex_row"
    RECORD_GROUP = "record_group"
    RECORD_ITEM = "record_item"
    RISK = "risk"
    OTHER_RISK = "other_risk"
    DISCLOSURE = "disclosure"
    PROCEDURE = "procedure"
    GLOSSARY = "glossary"
    CHANGE_LOG = "change_log"


@dataclass(frozen=True)
class When:
    """Show an item (and require it) only when a sibling item of the same record has one of `values`."""

    attr: str
    values: tuple[Any, ...]

    def __init__(self, attr: str, *values: Any):
        object.__setattr__(self, "attr", attr)
        object.__setattr__(self, "values", values)

    def holds(self, record: Any) -> bool:
        return _value(record, self.attr) in self.values


@dataclass(frozen=True)
class Unless:
    """Hide when a FLAG of the same record is ticked (委託しない hides the 委託 risk block)."""

    attr: str

    def holds(self, record: Any) -> bool:
        return not _value(record, self.attr)


Condition = Union[When, Unless]


def _value(record: Any, attr: str) -> Any:
    return record.get(attr) if isinstance(record, dict) else getattr(record, attr, None)


@dataclass(frozen=True, eq=False)
class Item:
    """One input of the form. `attr` names the model field and the JSON key and never changes."""

    attr: str
    label: Text
    kind: Kind
    options: OptionSet | None = None
    important: bool = False  # ※: a change is a 重要な変更 under the 評価指針
    optional: bool = False  # may stay empty in a submitted version (【任意】, 特記事項, 備考 …)
    guidance: str = ""  # 記載要領-style help shown in the editor
    suffix: str = ""  # printed after the value: 件 for counts
    # Turns a typed value into the stored one, or raises ValueError with a message for staff
    # (評価書番号: full-width digits folded, anything but a number refused). Every path applies it.
    normalise: Any = None
    # Not yet checked against the current official 様式: what the label rests on. The editor and the
    # README list these; correct the item here once a current 様式 has been read.
    unverified: str = ""

    def __post_init__(self):
        if self.kind in (Kind.CHOICE, Kind.CHECKS):
            assert self.options is not None, f"{self.attr} needs an option set"

    def __repr__(self) -> str:
        return f"Item({self.attr})"


@dataclass(frozen=True, eq=False)
class Node:
    """Base for tree nodes; `children` in print order."""

    children: tuple["Node", ...] = ()

    def walk(self) -> Iterator["Node"]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, eq=False)
class Place(Node):
    """An item at its place in one form: its printed number, ※ and sub-rows for this form kind."""

    item: Item = None  # type: ignore[assignment]
    number: str = ""
    important: bool | None = None  # None: the item's own mark
    optional: bool | None = None  # None: the item's own setting
    show_if: Condition | None = None
    inline: bool = False  # printed inside the value cell of the row above (委託の有無 ( 4 ) 件)

    @property
    def is_important(self) -> bool:
        return self.item.important if self.important is None else self.important

    @property
    def is_optional(self) -> bool:
        return self.item.optional if self.optional is None else self.optional

    def marked(self, within_important: bool) -> bool:
        """※ at this place: its own mark, or a ※ over its section or heading (III, IV as a whole),
        unless the placement is the exception the section's note names (important=False: 7. リスク1⑨)."""
        return self.is_important or (within_important and self.important is not False)

    def label(self, revision: FormRevision = CURRENT_REVISION) -> str:
        return _numbered(self.number, resolve(self.item.label, revision))


@dataclass(frozen=True, eq=False)
class Fixed(Node):
    """A printed constant: a label with fixed text (全ての記録項目 別添1を参照。) or a derived value."""

    label: str = ""
    text: str = ""
    derived: str = ""  # name of a value computed at render time (file_title, …)


@dataclass(frozen=True, eq=False)
class Group(Node):
    """A heading row (1. 特定個人情報ファイルを取り扱う事務, リスク1：…) or a label spanning its rows (再委託)."""

    number: str = ""
    title: Text = ""
    important: bool = False  # a ※ on the heading marks every item below it
    span: bool = False  # printed as a label cell spanning the rows below rather than a heading row
    flags: tuple[Place, ...] = ()  # header check boxes printed on the heading row (III-4, III-5, III-6)
    show_if: Condition | None = None
    cell: bool = False  # all items below share one value cell (提供・移転の有無)

    def label(self, revision: FormRevision = CURRENT_REVISION) -> str:
        return _numbered(self.number, resolve(self.title, revision))


@dataclass(frozen=True, eq=False)
class Repeat(Node):
    """A repeating group (システムN, 委託事項N, 提供先N …): each entry is one record of `entity`."""

    entity: Entity = None  # type: ignore[assignment]
    title: str = ""  # 「システム{n}」: the printed heading of the n-th entry
    heading: str = ""  # printed once above all entries, when the form has one
    name: Place | None = None  # an item printed in the heading cell (委託事項1 | <name>)
    maximum: int | None = None


@dataclass(frozen=True, eq=False)
class Section(Node):
    """A part of the form, in print order. `per_file` sections repeat for each 特定個人情報ファイル."""

    code: str = ""
    number: str = ""
    title: str = ""
    entity: Entity = None  # type: ignore[assignment]
    per_file: bool = False
    important_note: str = ""  # printed after the title: ※(7. ②を除く。)
    short_title: str = ""  # a shorter name for navigation, as change logs abbreviate (II ファイルの概要)
    in_contents: bool = True  # listed in the cover's 項目一覧
    from_plan: bool = False  # written from the 計画管理書's しきい値判断 (基礎 II and III), not typed
    same_page: bool = False  # printed on after the section before, not on a new page (基礎 III)

    def label(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    @property
    def nav_title(self) -> str:
        return self.short_title or self.label()


def _numbered(number: str, title: str) -> str:
    """①事務の名称 (circled numbers touch the label), 1. 特定個人情報ファイル名 (others are spaced)."""
    if not number:
        return title
    circled = "\u2460" <= number[0] <= "\u2473"
    return f"{number}{title}" if circled else f"{number} {title}"


@dataclass(frozen=True)
class Form:
    kind: FormKind
    title: str  # 特定個人情報保護評価書(重点項目評価書)
    sections: tuple[Section, ...]
    contents_title: str = "項目一覧"

    @property
    def contents(self) -> tuple[str, ...]:
        """項目一覧, printed on the cover: the sections after it (the 基礎項目評価書 has none)."""
        if not self.contents_title:
            return ()
        return tuple(s.label() for s in self.sections if s.code != "cover" and s.in_contents)

    def places(self) -> Iterator[tuple[Section, tuple[Node, ...], Place]]:
        """Every placed item with its section and the chain of groups/repeats above it."""
        for section in self.sections:
            yield from _places(section, section.children, ())

    def places_of(self, entity: Entity) -> list[Place]:
        return [place for section, chain, place in self.places() if entity_of(section, chain) == entity]

    def section(self, code: str) -> Section:
        return next(s for s in self.sections if s.code == code)


def _places(section: Section, nodes: tuple[Node, ...], chain: tuple[Node, ...]):
    for node in nodes:
        if isinstance(node, Place):
            yield section, chain, node
            yield from _places(section, node.children, chain + (node,))
        elif isinstance(node, Group):
            for flag in node.flags:
                yield section, chain + (node,), flag
            yield from _places(section, node.children, chain + (node,))
        elif isinstance(node, Repeat):
            if node.name is not None:
                yield section, chain + (node,), node.name
            yield from _places(section, node.children, chain + (node,))


def entity_of(section: Section, chain: tuple[Node, ...]) -> Entity:
    for node in reversed(chain):
        if isinstance(node, Repeat):
            return node.entity
    return section.entity


# Short constructors keep the two form trees readable.
def at(number: str, item: Item, *subs: Node, **kwargs) -> Place:
    return Place(item=item, number=number, children=tuple(subs), **kwargs)


def sub(item: Item, **kwargs) -> Place:
    return Place(item=item, **kwargs)


def group(number: str, title: Text, *children: Node, **kwargs) -> Group:
    return Group(number=number, title=title, children=tuple(children), **kwargs)


def text(attr: str, label: Text, **kwargs) -> Item:
    return Item(attr, label, Kind.TEXT, **kwargs)


def line(attr: str, label: Text, **kwargs) -> Item:
    return Item(attr, label, Kind.LINE, **kwargs)


def choice(attr: str, label: Text, options: OptionSet, **kwargs) -> Item:
    return Item(attr, label, Kind.CHOICE, options=options, **kwargs)


def checks(attr: str, label: Text, options: OptionSet, **kwargs) -> Item:
    return Item(attr, label, Kind.CHECKS, options=options, **kwargs)


def date(attr: str, label: Text, **kwargs) -> Item:
    return Item(attr, label, Kind.DATE, **kwargs)


def count(attr: str, label: Text, **kwargs) -> Item:
    return Item(attr, label, Kind.COUNT, suffix="件", **kwargs)


def flag(attr: str, label: Text, **kwargs) -> Item:
    return Item(attr, label, Kind.FLAG, **kwargs)


def options(code: str, *labels: str | tuple, headings=()) -> OptionSet:
    """options("C-JUBUN", ("SPECIAL", "特に力を入れている"), …); a third element True marks a text slot."""
    built = []
    for entry in labels:
        code_, label, *rest = entry
        built.append(Option(code_, label, has_text=bool(rest and rest[0])))
    return OptionSet(code, tuple(built), headings=tuple(headings))

