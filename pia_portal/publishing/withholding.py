"""What the public must not read of a version (公表しない部分), applied in one place.

Every public output (the public PDF, the search text, the report page's change log, the API,
the feed) asks `redaction_for(version)`. A withheld entry hides everything under it too
(a 委託事項's 再委託). Withholding follows the item, not its text: a 変更箇所 row about an item that
any edition up to this one withheld carries that edition's text (before) or a later one's (the
hunks), so it is withheld whole, whatever the item says now. A row that quotes a withheld value
is withheld as well, for rows typed by hand or imported that name no item."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field

from pia_portal.reports.models import EDITABLE_STATUSES, Version

WITHHELD = "(非公表)"
# A quoted value shorter than this could be any word (「有」, 「1」): not a leak worth a whole row.
MIN_QUOTED = 4


@dataclass(frozen=True)
class EditionMarks:
    """What one edition withheld, in every form a 変更箇所 row can name it."""

    items: frozenset[tuple[uuid.UUID, str]] = frozenset()
    records: frozenset[uuid.UUID] = frozenset()  # entries withheld whole, and every record under them
    refs: frozenset[str] = frozenset()  # the items as rows name them (ChangeLogEntry.item_ref)
    entry_refs: frozenset[tuple[str, int | None, int | None]] = frozenset()  # (entity, file, entry) of whole entries
    texts: frozenset[str] = frozenset()  # the withheld texts, as a reader sees them


@dataclass
class Redaction:
    items: set[tuple[uuid.UUID, str]] = field(default_factory=set)
    entries: set[uuid.UUID] = field(default_factory=set)
    texts: list[str] = field(default_factory=list)
    # What this edition or any earlier one of the report withheld.
    ever: EditionMarks = field(default_factory=EditionMarks)

    def __bool__(self) -> bool:
        return bool(self.items or self.entries or self.ever.items or self.ever.records)

    def hides(self, record, attr: str = "", *, inside: bool = False) -> bool:
        """`inside`: the record is under a withheld entry."""
        if record is None or not self:
            return False
        uid = record.uid if hasattr(record, "uid") else record
        return inside or uid in self.entries or (uid, attr) in self.items

    def hides_row(self, entry) -> bool:
        """A 変更箇所 row of a withheld entry, about an item withheld in any edition, or quoting a
        withheld value, keeps only its date and timing."""
        return (self.hides(entry) or self.is_about_withheld(entry)
                or self.quotes_withheld(entry.item, entry.before, entry.after, entry.explanation))

    def is_about_withheld(self, entry) -> bool:
        subject = row_subject(getattr(entry, "proposal_key", ""))
        if subject is not None:
            uid, attr = subject
            if uid in self.ever.records or (uid, attr) in self.ever.items:
                return True
            if not attr and any(item_uid == uid for item_uid, _attr in self.ever.items):
                return True  # a removed entry's row names the entry by an item that was withheld
        from pia_portal.changelog.refs import ItemRef

        ref = ItemRef.parse(getattr(entry, "item_ref", ""))
        return ref is not None and (str(ref) in self.ever.refs or (ref.entity, ref.file, ref.entry) in self.ever.entry_refs)

    def quotes_withheld(self, *texts: str) -> bool:
        folded = [" ".join((t or "").split()) for t in texts]
        return any(secret in text for secret in self.texts for text in folded)


def row_subject(proposal_key: str) -> tuple[uuid.UUID, str] | None:
    """(record uid, item) a proposed row is about, from its key 「entity.<uid>.attr~hunk」; the item
    is "" for a row about a whole entry (「entity.<uid>」, a removed entry)."""
    parts = (proposal_key or "").split("~", 1)[0].split(".")
    if len(parts) not in (2, 3):
        return None
    try:
        uid = uuid.UUID(hex=parts[1])
    except ValueError:
        return None
    return uid, (parts[2] if len(parts) == 3 else "")


def redaction_for(version: Version, *, public: bool = True, exported: dict | None = None) -> Redaction:
    """The version's 公表しない部分, with what earlier editions withheld; nothing when `public` is
    False (the internal PDF). `exported`: the version as reports.serialization exports it, when
    the caller has it."""
    if not public:
        return Redaction()
    from .models import WithheldPart

    parts = list(WithheldPart.objects.filter(version=version).values_list("record_uid", "attr"))
    redaction = Redaction(items={(uid, attr) for uid, attr in parts if attr}, entries={uid for uid, attr in parts if not attr})
    own = marks_of(version, exported=exported) if parts else EditionMarks()
    redaction.entries |= own.records
    redaction.ever = _union([own, *(marks_of(earlier) for earlier in _earlier_with_marks(version))])
    texts = set(own.texts) | set(redaction.ever.texts)
    redaction.texts = sorted({t for t in texts if len(t) >= MIN_QUOTED}, key=len, reverse=True)
    return redaction


def _earlier_with_marks(version: Version) -> list[Version]:
    from .models import WithheldPart

    ids = (WithheldPart.objects.filter(version__report_id=version.report_id, version__number__lt=version.number)
           .values_list("version_id", flat=True).distinct())
    return list(Version.objects.filter(pk__in=ids).select_related("report"))


def _union(marks: list[EditionMarks]) -> EditionMarks:
    return EditionMarks(*(frozenset().union(*(getattr(m, name) for m in marks))
                          for name in ("items", "records", "refs", "entry_refs", "texts")))


# A version past drafting keeps its marks and content for good: what it withheld is worked out once.
_FIXED_MARKS: OrderedDict[int, EditionMarks] = OrderedDict()
_FIXED_MARKS_KEPT = 256


def marks_of(version: Version, *, exported: dict | None = None) -> EditionMarks:
    fixed = version.status not in EDITABLE_STATUSES
    if fixed and version.pk in _FIXED_MARKS:
        _FIXED_MARKS.move_to_end(version.pk)
        return _FIXED_MARKS[version.pk]
    marks = _work_out_marks(version, exported)
    if fixed:
        _FIXED_MARKS[version.pk] = marks
        while len(_FIXED_MARKS) > _FIXED_MARKS_KEPT:
            _FIXED_MARKS.popitem(last=False)
    return marks


def _work_out_marks(version: Version, exported: dict | None) -> EditionMarks:
    from pia_portal.changelog.services import reference_of
    from pia_portal.reports.outline import Content, slots
    from pia_portal.reports.serialization import export_version

    from .models import WithheldPart

    parts = list(WithheldPart.objects.filter(version=version).values_list("record_uid", "attr"))
    if not parts:
        return EditionMarks()
    redaction = Redaction(items={(uid, attr) for uid, attr in parts if attr}, entries={uid for uid, attr in parts if not attr})
    # Walking the export also puts the records under a withheld entry into `redaction.entries`.
    _visible, hidden = split_texts(exported if exported is not None else export_version(version), redaction)
    refs, entry_refs = set(), set()
    for slot in slots(version, Content(version)):
        record = slot.record
        whole = record.uid in redaction.entries
        if whole or (record.uid, slot.attr) in redaction.items:
            ref = reference_of(record, slot.attr, slot.file)
            refs.add(ref)
            if whole:
                from pia_portal.changelog.refs import ItemRef

                parsed = ItemRef.parse(ref)
                if parsed is not None:
                    entry_refs.add((parsed.entity, parsed.file, parsed.entry))
    return EditionMarks(frozenset(redaction.items), frozenset(redaction.entries), frozenset(refs), frozenset(entry_refs),
                        frozenset(hidden))


# What the export says about itself and its form, not what the report says: a citizen searching
# must not find (or be shown in a snippet) 「pia-portal.version」, 「juten」 or 「r7」.
NOT_READ = {"format", "format_version", "version"}
NOT_READ_OF_REPORT = {"kind"}


def _readable_date(node: dict) -> str | None:
    """A date of the export ({date, precision, note}) as the form prints it: 令和8年4月1日(予定)."""
    from pia_portal.core.wareki import format_date

    if set(node) != {"date", "precision", "note"}:
        return None
    try:
        day = dt.date.fromisoformat(node["date"]) if node["date"] else None
    except (TypeError, ValueError):
        return None
    return format_date(day, node["precision"]) + (node["note"] or "")


def split_texts(exported: dict, redaction: Redaction) -> tuple[list[str], list[str]]:
    """The texts of an exported version (reports.serialization) as a reader sees them (choices
    by their labels, dates in 和暦), visible and withheld, each with its blanks squeezed."""
    visible: list[str] = []
    hidden_texts: list[str] = []

    def collect(node, hidden: bool):
        date = _readable_date(node) if isinstance(node, dict) else None
        if date is not None:
            node = date
        if isinstance(node, dict):
            uid = node.get("uid")
            uid = uuid.UUID(uid) if isinstance(uid, str) else uid
            hidden_here = hidden or (uid is not None and uid in redaction.entries)
            if hidden_here and uid is not None:
                redaction.entries.add(uid)
            for key, value in node.items():
                if key != "uid":
                    collect(value, hidden_here or (uid is not None and (uid, key) in redaction.items))
        elif isinstance(node, list):
            for value in node:
                collect(value, hidden)
        elif isinstance(node, str) and node.strip():
            text = OPTION_LABELS.get(node, node)  # a choice is read as the form prints it
            (hidden_texts if hidden else visible).append(" ".join(text.split()))

    report = {key: value for key, value in exported.get("report", {}).items() if key not in NOT_READ_OF_REPORT}
    collect({**{key: value for key, value in exported.items() if key not in NOT_READ}, "report": report}, False)
    return visible, hidden_texts


def _option_labels() -> dict[str, str]:
    from pia_portal.reports.structure import option_sets
    from pia_portal.reports.structure.nodes import OptionSet

    labels: dict[str, str] = {}
    for value in vars(option_sets).values():
        if isinstance(value, OptionSet):
            for code in value.codes:
                labels.setdefault(code, value.label_of(code))
    return labels


OPTION_LABELS = _option_labels()


def public_texts(version: Version) -> list[str]:
    """Every text of `version` the public may read (the search reads these): the form as this
    edition prints it, and its 変更箇所 as the public report page shows it. Not the report's own
    name (a draft renames it before it is published): the cover and I say the edition's."""
    from pia_portal.core.wareki import format_date
    from pia_portal.reports.serialization import export_version

    exported = export_version(version)
    redaction = redaction_for(version, exported=exported)
    form = {key: value for key, value in exported.items() if key not in ("change_log", "report")}
    visible, _hidden = split_texts(form, redaction)
    texts = [text for text in visible if not redaction.quotes_withheld(text)]
    for row in public_change_log(version, redaction=redaction):
        if row["change_date"]:
            texts.append(format_date(row["change_date"], row["change_date_precision"]) + (row["change_date_note"] or ""))
        texts += [" ".join(row[name].split()) for name in ("item", "before", "after", "timing", "explanation")
                  if row[name] and row[name] != WITHHELD]
    return texts


def public_change_log(version: Version, *, redaction: Redaction | None = None) -> list[dict]:
    """The 変更箇所 of `version` as the public may read it: rows of a withheld entry, about an item
    any edition withheld, or quoting a withheld value, keep their date and timing but say
    「(非公表)」 for the rest."""
    redaction = redaction if redaction is not None else redaction_for(version)
    rows = []
    for entry in version.change_log.order_by("position"):
        hidden = redaction.hides_row(entry)
        rows.append({
            "entry": entry, "change_date": entry.change_date, "change_date_precision": entry.change_date_precision,
            "change_date_note": entry.change_date_note,
            "item": WITHHELD if hidden or redaction.hides(entry, "item") else entry.item,
            "before": WITHHELD if hidden or redaction.hides(entry, "before") else entry.before,
            "after": WITHHELD if hidden or redaction.hides(entry, "after") else entry.after,
            "timing": entry.get_timing_display(),
            "explanation": WITHHELD if hidden or redaction.hides(entry, "explanation") else entry.explanation,
        })
    return rows
