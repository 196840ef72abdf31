"""The change-log generator: two versions of the same form kind in, the proposed 変更箇所 rows out.

One row per changed leaf item (the record's identity plus the item), in document order, over every
part of the form but the log itself. Records are paired by their uid when the versions share
them (a draft and the version it was made from); otherwise (two separately imported editions) by
content similarity, or by position when asked, as some authorities log renumbered entries. The
result says which pairing was used. Pure: it reads the two versions and writes nothing.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from pia_portal.reports import models as m
from pia_portal.reports.outline import Content, instance_title, item_key
from pia_portal.reports.structure import Entity, Group, Kind, Place, Repeat, Section, form_for, items_of
from pia_portal.reports.structure import items as i
from pia_portal.reports.structure.nodes import FormRevision, Node, resolve

from pia_portal.procedure import shishin

from . import explain, hunks
from .paths import Instance, ItemPath, PathStyle
from .values import display, unticked

SKIPPED_SECTIONS = {"changes"}  # the log does not log itself
ADDED_MARKS = ("", "追加", "—")
REMOVED_MARKS = ("削除", "—")


class ChangeLogError(Exception):
    """Two versions that cannot be compared, or a decision that cannot be taken; the message is for
    staff, `field` the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class Matching(enum.StrEnum):
    IDENTITY = "identity"
    SIMILARITY = "similarity"
    POSITION = "position"

    @property
    def label(self) -> str:
        return {
            "identity": "記録の識別子で対応付け",
            "similarity": "位置と内容の近さで対応付け(識別子を共有しない版)",
            "position": "位置で対応付け(印刷順の番号どおり)",
        }[self.value]


@dataclass(frozen=True)
class HouseStyle:
    """How an organisation writes its log (changelog.models.ChangeLogStyle holds it)."""

    path_style: PathStyle = PathStyle.FULL
    with_names: bool = True  # 「システム2 住民基本台帳ネットワークシステム」
    added_before: str = ""  # 変更前 of an addition: "", 「追加」 or 「—」
    removed_after: str = "削除"  # 変更後 of a deletion: 「削除」 or 「—」
    long_text: str = "hunk"  # hunk | full
    wording: explain.Wording = explain.Wording.CAUSE_FIRST
    negation: str = explain.NEGATIONS[0]
    cause_wording: tuple[tuple[str, str], ...] = ()  # (Cause, text) pairs overriding CAUSE_WORDING
    log_publication_date: bool = False  # only some authorities log the cover's 公表日

    def __post_init__(self):
        object.__setattr__(self, "path_style", PathStyle(self.path_style))
        object.__setattr__(self, "wording", explain.Wording(self.wording))

    def reason(self, cause: explain.Cause) -> str:
        return dict(self.cause_wording).get(cause.value) or cause.label


@dataclass
class ProposedRow:
    key: str  # stable across regenerations: entity.uid.attr~hunk (URL- and id-safe)
    path: ItemPath | None
    item: str  # the 項目 text in the house style
    before: str
    after: str
    important: bool  # a ※ item
    classification: explain.Classification
    cause: explain.Cause
    timing: explain.Timing
    explanation: str
    kind: str  # changed | added | removed
    page_key: str = ""  # where the editor shows the item (its field: the editor reads `key`)
    basis: str = ""  # the rule that proposed the classification, in plain Japanese
    delta: str = ""  # the characters that changed (「しない」→「する」), for staff to judge a typo by

    @property
    def is_important_change(self) -> bool:
        return self.classification is explain.Classification.IMPORTANT

    def as_json(self) -> dict:
        return {
            "item": self.item,
            "before": self.before,
            "after": self.after,
            "timing": self.timing.value,
            "important": self.is_important_change,
            "explanation": self.explanation,
        }


@dataclass
class Proposal:
    old: m.Version
    new: m.Version
    matching: Matching
    rows: list[ProposedRow] = field(default_factory=list)


def generate(old: m.Version, new: m.Version, *, style: HouseStyle | None = None, matching: Matching | None = None) -> Proposal:
    if old.pk == new.pk:
        raise ChangeLogError("同じ版どうしは比べられません。変更前と変更後に別の版を選んでください。")
    if old.report.kind != new.report.kind:
        raise ChangeLogError(
            f"評価書の種類が違う版は比べられません({old.form_kind.label} と {new.form_kind.label})。"
        )
    style = style or HouseStyle()
    before, after = Content(old), Content(new)
    matching = matching or (Matching.IDENTITY if _share_identities(before, after) else Matching.SIMILARITY)
    form = form_for(new.report.kind)
    walker = _Walker(before, after, style, matching, new.revision, old.revision, form)
    proposal = Proposal(old, new, matching)
    proposal.rows = list(walker.rows(form.sections))
    return proposal


def _share_identities(before: Content, after: Content) -> bool:
    old = {r.uid for records in before.by_parent.values() for r in records}
    return any(r.uid in old for records in after.by_parent.values() for r in records)


# Pairing the entries of a repeating group ---------------------------------------------------------


def pair(olds: list, news: list, matching: Matching) -> list[tuple[object | None, object | None]]:
    """(old, new) pairs in document order: new entries in their order, each removed entry after
    the entry that preceded it."""
    if matching is Matching.POSITION:
        matched = {n: n for n in range(min(len(olds), len(news)))}
    elif matching is Matching.IDENTITY:
        by_uid = {record.uid: index for index, record in enumerate(olds)}
        matched = {by_uid[record.uid]: index for index, record in enumerate(news) if record.uid in by_uid}
    else:
        matched = _similar(olds, news)
    new_to_old = {n: o for o, n in matched.items()}
    pairs: list[tuple[int | None, int | None]] = [(new_to_old.get(n), n) for n in range(len(news))]
    for o in range(len(olds)):
        if o in matched:
            continue
        at = 0
        for index, (old_index, _) in enumerate(pairs):
            if old_index is not None and old_index < o:
                at = index + 1
        pairs.insert(at, (o, None))
    return [(olds[o] if o is not None else None, news[n] if n is not None else None) for o, n in pairs]


SIMILAR_ENOUGH = 0.5
MAX_COMPARISONS = 40_000  # beyond this, entries not equal in content are paired by position


def _similar(olds: list, news: list) -> dict[int, int]:
    """Equal content first, then the most similar remaining pairs, nearer positions breaking ties."""
    old_sig, new_sig = [_signature(r) for r in olds], [_signature(r) for r in news]
    matched: dict[int, int] = {}
    free_old = {}
    for index, sig in enumerate(old_sig):
        free_old.setdefault(sig, []).append(index)
    for n, sig in enumerate(new_sig):
        if free_old.get(sig):
            matched[free_old[sig].pop(0)] = n
    left_old = [o for o in range(len(olds)) if o not in matched]
    left_new = [n for n in range(len(news)) if n not in matched.values()]
    if len(left_old) * len(left_new) > MAX_COMPARISONS:
        for o, n in zip(left_old, left_new):
            matched[o] = n
        return matched
    scored = []
    for o in left_old:
        for n in left_new:
            ratio = difflib.SequenceMatcher(a=old_sig[o], b=new_sig[n], autojunk=False).ratio()
            if ratio >= SIMILAR_ENOUGH:
                scored.append((-ratio, abs(o - n), o, n))
    used_new = set()
    for _, _, o, n in sorted(scored):
        if o not in matched and n not in used_new:
            matched[o] = n
            used_new.add(n)
    return matched


def _signature(record) -> str:
    parts = []
    for attr, item in items_of(record.entity).items():
        if item.kind in (Kind.LINE, Kind.TEXT):
            parts.append(getattr(record, attr) or "")
        elif item.kind in (Kind.CHOICE, Kind.COUNT):
            parts.append(str(getattr(record, attr) or ""))
    return "\x1f".join(parts)


# Walking both versions along the form tree --------------------------------------------------------


@dataclass(frozen=True)
class _Where:
    section: Section
    file_number: int | None = None
    file_name: str = ""
    file_uid: str = ""
    groups: tuple[Group, ...] = ()
    instances: tuple[Instance, ...] = ()
    parents: tuple[Place, ...] = ()
    within_important: bool = False
    new_record: Entity | None = None  # inside an entry that the new version added


class _Walker:
    def __init__(self, before: Content, after: Content, style: HouseStyle, matching: Matching,
                 revision: FormRevision, old_revision: FormRevision, form):
        self.before, self.after = before, after
        self.important_entities = {e for e in Entity if any(p.is_important for p in form.places_of(e))}
        self.style, self.matching = style, matching
        self.revision, self.old_revision = revision, old_revision

    def rows(self, sections: tuple[Section, ...]) -> Iterator[ProposedRow]:
        first_per_file = next((s for s in sections if s.per_file), None)
        for section in sections:
            if section.code in SKIPPED_SECTIONS:
                continue
            within = bool(section.important_note)
            if not section.per_file:
                model = m.MODEL_FOR_ENTITY.get(section.entity)
                old = self.before.section_record(model) if model else None
                new = self.after.section_record(model) if model else None
                yield from self._nodes(section.children, old, new, _Where(section, within_important=within))
                continue
            files = pair(self.before.files, self.after.files, self.matching)
            for index, (old_file, new_file) in enumerate(files):
                file = new_file or old_file
                where = _Where(section, file.position + 1, file.name, file.uid.hex, within_important=within)
                if new_file is None:
                    if section is first_per_file:
                        renumbered = any(n is not None for _, n in files[index + 1:])
                        yield self._removed(old_file, where, "", renumbered=renumbered)
                    continue
                old = old_file if section.entity is Entity.FILE or old_file is None else self.before.risk_of(old_file)
                new = new_file if section.entity is Entity.FILE else self.after.risk_of(new_file)
                if old_file is None:
                    where = replace(where, new_record=Entity.FILE)
                yield from self._nodes(section.children, old, new, where)

    def _nodes(self, nodes: tuple[Node, ...], old, new, where: _Where) -> Iterator[ProposedRow]:
        for node in nodes:
            if isinstance(node, Place):
                yield from self._place(node, old, new, where)
            elif isinstance(node, Group):
                if node.show_if is not None:  # a side where the form hides the group has nothing there
                    old = old if old is None or node.show_if.holds(old) else None
                    new = new if new is None or node.show_if.holds(new) else None
                inner = replace(where, groups=where.groups + (node,), within_important=where.within_important or node.important)
                for flag in node.flags:
                    yield from self._place(flag, old, new, inner)
                yield from self._nodes(node.children, old, new, inner)
            elif isinstance(node, Repeat):
                yield from self._repeat(node, old, new, where)

    def _repeat(self, repeat: Repeat, old_parent, new_parent, where: _Where) -> Iterator[ProposedRow]:
        model = m.MODEL_FOR_ENTITY[repeat.entity]
        olds = self.before.records(model, old_parent if model.parent_field else None) if (old_parent is not None or not model.parent_field) else []
        news = self.after.records(model, new_parent if model.parent_field else None) if (new_parent is not None or not model.parent_field) else []
        pairs = pair(olds, news, self.matching)
        old_at = {id(r): n for n, r in enumerate(olds)}
        new_at = {id(r): n for n, r in enumerate(news)}
        for index, (old, new) in enumerate(pairs):
            record = new or old
            position = new_at[id(new)] if new is not None else old_at[id(old)]
            title = instance_title(repeat, record, position)
            name = display(repeat.name.item, record, self.revision) if repeat.name is not None else ""
            inner = replace(where, instances=where.instances + (Instance(title, name, position + 1),))
            if new is None:
                renumbered = any(n is not None for _, n in pairs[index + 1:])
                yield self._removed(old, inner, name, renumbered=renumbered)
                continue
            if old is None:
                inner = replace(inner, new_record=inner.new_record or repeat.entity)
            if repeat.name is not None:
                yield from self._place(repeat.name, old, new, replace(inner, instances=inner.instances[:-1] + (Instance(title, number=position + 1),)))
            yield from self._nodes(repeat.children, old, new, inner)

    def _place(self, place: Place, old, new, where: _Where) -> Iterator[ProposedRow]:
        if place.inline:
            return  # printed within the row above, and logged with it
        item = place.item
        if item is i.PUBLICATION_DATE and not self.style.log_publication_date:
            return
        inline = [child for child in place.children if isinstance(child, Place) and child.inline]
        before = self._value(place, inline, old, self.old_revision)
        after = self._value(place, inline, new, self.revision)
        if before != after:
            yield from self._changed(place, where, old, new, before, after)
        children = tuple(child for child in place.children if not (isinstance(child, Place) and child.inline))
        if children:
            yield from self._nodes(children, old, new, replace(where, parents=where.parents + (place,)))

    def _value(self, place: Place, inline: list[Place], record, revision) -> str:
        """What the item shows, "" when its record is absent or the form hides it there."""
        if record is None or (place.show_if is not None and not place.show_if.holds(record)):
            return ""
        if place.item.kind is Kind.FLAG and not getattr(record, place.item.attr):
            return ""  # an unticked header box (委託しない) prints nothing worth logging
        parts = [display(place.item, record, revision)]
        for child in inline:
            if child.show_if is None or child.show_if.holds(record):
                parts.append(display(child.item, record, revision))
        return " ".join(p for p in parts if p)

    def _changed(self, place: Place, where: _Where, old, new, before: str, after: str) -> Iterator[ProposedRow]:
        important = place.marked(where.within_important)
        path = self._path(where, place)
        key = item_key(new or old, place.item.attr)
        kind = "added" if not before else "removed" if not after else "changed"
        proposed = explain.propose(
            place.item, important, before, after,
            old_value=getattr(old, place.item.attr, None) if old is not None else None,
            new_value=getattr(new, place.item.attr, None) if new is not None else None,
            entity=(new or old).entity,
        )
        classification = proposed.classification
        cause = explain.cause_for(place.item, classification, new_record=where.new_record)
        base = dict(
            path=path, item=path.render(self.style.path_style, with_names=self.style.with_names), important=important,
            classification=classification, cause=cause, timing=classification.timing,
            explanation=explain.explanation(classification, self.style.reason(cause), wording=self.style.wording,
                                            negation=self.style.negation),
            kind=kind, page_key=self._page_key(where),
            basis=proposed.basis, delta=explain.changed_characters(before, after),
        )
        if place.item.kind is Kind.CHECKS and old is not None and new is not None:
            gone = unticked(place.item, getattr(old, place.item.attr), getattr(new, place.item.attr), self.revision)
            after = " ".join(x for x in (after, gone) if x)
        if place.item.kind is Kind.FLAG:  # a box unticked on a side that has the record reads 「[]label」
            blank = f"[]{resolve(place.item.label, self.revision)}"
            before = before or (blank if old is not None else "")
            after = after or (blank if new is not None else "")
        if not before:
            before = self.style.added_before
        if not after:
            after = self.style.removed_after
        if (kind == "changed" and place.item.kind is Kind.TEXT and self.style.long_text == "hunk"
                and hunks.is_long(before, after)):
            found = hunks.hunks(before, after)
            for number, hunk in enumerate(found):
                suffix = f"~{number + 1}" if len(found) > 1 else ""
                yield ProposedRow(key=key + suffix, before=hunk.before, after=hunk.after, **base)
            return
        yield ProposedRow(key=key, before=before, after=after, **base)

    def _removed(self, record, where: _Where, name: str, *, renumbered: bool = False) -> ProposedRow:
        """One row for an entry (or a file) the new version no longer has: 「委託事項3 削除(以降繰上げ)」."""
        path = ItemPath(where.section, where.file_number, where.file_name, where.groups, where.instances,
                        where.parents, None, self.revision)
        after = self.style.removed_after + ("(以降繰上げ)" if renumbered else "")
        important = where.within_important or record.entity in self.important_entities
        proposed = shishin.important_change(marked=important) or shishin.Proposal(
            explain.Classification.IMPORTANT, "※の項目を含む記載の削除は重要な変更")
        classification = proposed.classification
        cause = explain.Cause.REVIEW
        return ProposedRow(
            key=f"{record.entity.value}.{record.uid.hex}", path=path,
            item=path.render(self.style.path_style, with_names=self.style.with_names),
            before=name or (where.instances[-1].title if where.instances else where.file_name), after=after,
            important=important, classification=classification, cause=cause, timing=classification.timing,
            explanation=explain.explanation(classification, self.style.reason(cause), wording=self.style.wording,
                                            negation=self.style.negation),
            kind="removed", page_key=self._page_key(where), basis=proposed.basis,
        )

    def _path(self, where: _Where, place: Place) -> ItemPath:
        return ItemPath(where.section, where.file_number, where.file_name, where.groups, where.instances,
                        where.parents, place, self.revision)

    def _page_key(self, where: _Where) -> str:
        return where.section.code + (f"-{where.file_uid}" if where.file_uid else "")

