"""What the public must not read of a version (公表しない部分), applied in one place.

Every public output (the public PDF, the search text, the report page's change log, the API,
the feed) asks `redaction_for(version)`. A withheld entry hides everything under it too
(a 委託事項's 再委託). A 変更箇所 row that quotes a withheld value is withheld as well: the
change log must not give back what the form keeps."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from pia_portal.reports.models import Version

WITHHELD = "(非公表)"
# A quoted value shorter than this could be any word (「有」, 「1」): not a leak worth a whole row.
MIN_QUOTED = 4


@dataclass
class Redaction:
    items: set[tuple[uuid.UUID, str]] = field(default_factory=set)
    entries: set[uuid.UUID] = field(default_factory=set)
    texts: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.items or self.entries)

    def hides(self, record, attr: str = "", *, inside: bool = False) -> bool:
        """`inside`: the record is under a withheld entry."""
        if record is None or not self:
            return False
        uid = record.uid if hasattr(record, "uid") else record
        return inside or uid in self.entries or (uid, attr) in self.items

    def hides_row(self, entry) -> bool:
        """A 変更箇所 row of a withheld entry, or quoting a withheld value, keeps only its date
        and timing."""
        return self.hides(entry) or self.quotes_withheld(entry.item, entry.before, entry.after, entry.explanation)

    def quotes_withheld(self, *texts: str) -> bool:
        folded = [" ".join((t or "").split()) for t in texts]
        return any(secret in text for secret in self.texts for text in folded)


def redaction_for(version: Version, *, public: bool = True, exported: dict | None = None) -> Redaction:
    """The version's 公表しない部分; nothing when `public` is False (the internal PDF).
    `exported`: the version as reports.serialization exports it, when the caller has it."""
    if not public:
        return Redaction()
    from .models import WithheldPart

    parts = list(WithheldPart.objects.filter(version=version).values_list("record_uid", "attr"))
    redaction = Redaction(items={(uid, attr) for uid, attr in parts if attr}, entries={uid for uid, attr in parts if not attr})
    if redaction:
        from pia_portal.reports.serialization import export_version

        # The texts the marks hide, to catch them quoted elsewhere (the 変更箇所); entries under a
        # withheld entry join `redaction.entries` on the way.
        _visible, hidden = split_texts(exported if exported is not None else export_version(version), redaction)
        redaction.texts = sorted({t for t in hidden if len(t) >= MIN_QUOTED}, key=len, reverse=True)
    return redaction


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
    """Every text of `version` the public may read (the search reads these)."""
    from pia_portal.reports.serialization import export_version

    exported = export_version(version)
    redaction = redaction_for(version, exported=exported)
    visible, _hidden = split_texts(exported, redaction)
    return [text for text in visible if not redaction.quotes_withheld(text)]


def public_change_log(version: Version) -> list[dict]:
    """The 変更箇所 of `version` as the public may read it: rows of a withheld entry, or quoting
    a withheld value, keep their date and timing but say 「(非公表)」 for the rest."""
    redaction = redaction_for(version)
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
