"""How much of a source's content landed in items: the share of its content characters (labels,
option legends and check-box marks excluded) found in the imported values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from pia_portal.reports.structure import FormKind, Group, Place, Section, form_for
from pia_portal.reports.structure import items
from pia_portal.reports.structure.nodes import all_wordings

from .cells import CHECKED, LABEL_VARIANTS, UNCHECKED, cells_of, numbered_pieces, squeeze


@dataclass
class Coverage:
    total: int = 0
    placed: int = 0
    missing: list[tuple[int, str]] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.placed / self.total if self.total else 1.0


@cache
def form_strings(kind: FormKind) -> list[str]:
    form = form_for(kind)
    strings = {form.title, form.contents_title, *form.contents, "<選択肢>", "選択肢"}
    for section in form.sections:
        strings |= {section.label(), section.title, section.important_note}
        for node in section.walk():
            if isinstance(node, Place):
                strings |= set(all_wordings(node.item.label))
                strings |= {f"{node.number}{w}" for w in all_wordings(node.item.label)}
                if node.item.options:
                    strings |= {w for o in node.item.options.options for w in all_wordings(o.label)}
                    strings |= {h for h, _ in node.item.options.headings}
            elif isinstance(node, Group):
                strings |= set(all_wordings(node.title)) | {node.label()}
            elif hasattr(node, "derived"):  # Fixed: a printed constant and its label
                strings |= set(node.text.splitlines()) | {node.label}
            if isinstance(node, Section) or hasattr(node, "heading") and getattr(node, "heading", ""):
                strings.add(getattr(node, "heading", ""))
    # The 変更箇所's column heads and its two timings, and the counter word of 件数 items.
    strings |= {item.label for item in (items.CHANGE_DATE, items.CHANGE_ITEM, items.CHANGE_BEFORE, items.CHANGE_AFTER,
                                        items.CHANGE_TIMING, items.CHANGE_EXPLANATION)}
    strings |= {label for _code, label in items.CHANGE_TIMING.options.choices()} | {"件"}
    return sorted((squeeze(s) for s in strings if s and len(squeeze(s)) >= 1), key=len, reverse=True)


def _values(document) -> list[str]:
    found = []
    if isinstance(document, dict):
        for key, value in document.items():
            if key in ("uid", "format", "format_version", "content_base64"):
                continue
            if isinstance(value, str):
                found.append(value)
            elif isinstance(value, int) and not isinstance(value, bool):
                found.append(str(value))
            found += _values(value)
            if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
                found += list(value.keys())
        if set(document) == {"date", "precision", "note"} and document.get("date"):
            import datetime as dt

            from pia_portal.core.wareki import format_date

            # As printed: the date, then its note (「令和3年5月12日 (予定)」).
            found.append(format_date(dt.date.fromisoformat(document["date"]), document["precision"]) + (document["note"] or ""))
    elif isinstance(document, list):
        for value in document:
            found += _values(value)
    return found


_PUNCTUATION = re.compile(r"[\[\]()（）○※:：、。・\-—\s]")


def _comparable(text: str) -> str:
    """The same normalisation on both sides: list numbering, punctuation and label spellings go."""
    for variant, canonical in LABEL_VARIANTS:
        text = text.replace(variant, canonical)
    text = re.sub(r"\d+[.．)](?!\d)", "", text)
    return _PUNCTUATION.sub("", text)


@cache
def _labels_by_initial(kind: FormKind) -> dict[str, list[str]]:
    """The form's labels of two characters or more, by first character, longest first."""
    found: dict[str, list[str]] = {}
    for label in form_strings(kind):
        if len(label) >= 2:
            found.setdefault(label[0], []).append(label)
    return found


def _strip_labels(content: str, kind: FormKind) -> str:
    """Labels stand at the start of a cell (「①事務の名称 …」); words inside a sentence are content."""
    by_initial = _labels_by_initial(kind)
    while content:
        label = next((label for label in by_initial.get(content[0], ()) if content.startswith(label)), None)
        if label is None:
            break
        content = content[len(label):]
    return content


NOT_PRINTED_AS_LEGENDS = {"C-BESSHI", "C-TEISHUTSU"}


@cache
def option_labels(kind: FormKind) -> list[str]:
    """Labels printed next to a box or in a legend: options, and the flags (委託しない …)."""
    form = form_for(kind)
    labels = set()
    for _, _, place in form.places():
        if place.item.options and place.item.options.code not in NOT_PRINTED_AS_LEGENDS:
            labels |= {w for o in place.item.options.options for w in all_wordings(o.label)}
        if place.item.kind.value == "flag":
            labels |= set(all_wordings(place.item.label))
    return sorted(labels, key=len, reverse=True)


@cache
def _form_marks(kind: FormKind) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """One pattern each for 「[ 選択値 ]」, 「☑ label」 and 「1) label」 over every option label of
    the form kind, so that a line costs three scans however many options the form has."""
    alternatives = "|".join(re.escape(label) for label in option_labels(kind))
    return (
        re.compile(rf"\[\s*(?:{alternatives})\s*\]"),
        re.compile(rf"[{CHECKED}{UNCHECKED}]\s*(?:{alternatives})"),
        re.compile(rf"\d+\)\s*(?:{alternatives})"),
    )


def _strip_form_marks(line: str, kind: FormKind) -> str:
    """Option legends, bracketed choices and check boxes are the form's own printing."""
    bracketed, boxed, numbered = _form_marks(kind)
    line = re.sub(r"[<＜◇]選択肢[>＞◇]", " ", line)
    line = bracketed.sub(" ", line)
    line = boxed.sub(CHECKED, line)
    line = numbered.sub(" ", line)
    line = re.sub(r"^(システム|委託事項|提供先|移転先)\s*\d+(～\d+)?$", "", line.strip())
    line = re.sub(r"[(（]\s*(\d*)\s*[)）]\s*件", r" \1 ", line)  # ( 19 ) 件: the number is content
    return line


# A line that is not a whole line of some value is looked for as a substring: near where the last
# line was found (sources follow the form's order), and in the whole text only a bounded number of
# times, so that measuring stays linear in the size of the source whatever it contains.
WINDOW = 60_000
WHOLE_TEXT_SEARCHES = 200


def measure(source: str, document: dict, kind: FormKind) -> Coverage:
    values = [_comparable(squeeze(value.replace(CHECKED, "").replace(UNCHECKED, ""))) for value in _values(document)]
    blob = "".join(values)
    lines = {
        _comparable(squeeze(line.replace(CHECKED, "").replace(UNCHECKED, "")))
        for value in _values(document) for line in value.split("\n")
    } | set(values)
    result = Coverage()
    position = 0
    searches = WHOLE_TEXT_SEARCHES
    for row in cells_of(source):
        for cell in row:
            for line in (piece for text in cell.text.split("\n") for piece in numbered_pieces(text)):
                line = _strip_form_marks(line, kind)
                content = squeeze(line.replace(CHECKED, "").replace(UNCHECKED, ""))
                content = re.sub(r"[<＜]選択肢[>＞].*", "", content)
                content = _strip_labels(content, kind)
                content = _comparable(content)
                if not content:
                    continue
                result.total += len(content)
                found = content in lines
                if not found:
                    at = blob.find(content, max(0, position - WINDOW), position + WINDOW + len(content))
                    if at < 0 and searches > 0:
                        searches -= 1
                        at = blob.find(content)
                    if at >= 0:
                        position, found = at, True
                if found:
                    result.placed += len(content)
                else:
                    result.missing.append((cell.line, line[:120]))
    return result


# What a PDF cannot carry: where a line broke (a space or a line break) and which of two look-alike
# characters the producer's font maps a glyph to.
_LOOK_ALIKES = str.maketrans({"〜": "～", "−": "－", "‐": "－", "―": "—", "☐": "□"})


def laid_out(text: str) -> str:
    return re.sub(r"\s+|<br>", "", text).translate(_LOOK_ALIKES)


@dataclass
class Agreement:
    """How an imported version agrees with the version it was printed from (round trips)."""

    total: int
    misplaced: int
    rows: list  # the generator's rows that differ beyond layout

    @property
    def share(self) -> float:
        return 1 - self.misplaced / self.total if self.total else 1.0


def agreement(original, imported, total: int) -> Agreement:
    """`total` content characters of the original (its import's Coverage.total): the share of them
    found in the same item and entry of `imported`, by the change-log generator's item-by-item
    comparison. An entry missing in `imported` counts as one row, as the change log writes it."""
    from difflib import SequenceMatcher

    from pia_portal.changelog.generate import HouseStyle, Matching, generate

    rows = generate(original, imported, style=HouseStyle(long_text="full"), matching=Matching.SIMILARITY).rows
    misplaced, differing = 0, []
    for row in rows:
        before, after = laid_out(row.before), laid_out(row.after)
        if before == after or (before in _PLACEHOLDERS and after in _PLACEHOLDERS | {"削除"}):
            continue
        differing.append(row)
        if row.kind == "removed" and row.key.count(".") == 1:  # a whole entry
            misplaced += _record_chars(row.key)
        elif before:
            matcher = SequenceMatcher(None, before, after, autojunk=False)
            misplaced += len(before) - sum(block.size for block in matcher.get_matching_blocks())
    return Agreement(total, misplaced, differing)


def _record_chars(key: str) -> int:
    """The text an entry missing from the import held (its own items; rows of a removed 別紙 are
    entries of their own)."""
    from django.db import models as dj

    from pia_portal.reports import models as m
    from pia_portal.reports.structure import Entity

    entity, _, uid = key.partition(".")
    record = m.MODEL_FOR_ENTITY[Entity(entity)].objects.filter(uid=uid).first()
    if record is None:
        return 0
    return sum(len(laid_out(str(getattr(record, f.attname) or ""))) for f in record._meta.concrete_fields
               if isinstance(f, (dj.CharField, dj.TextField)))


_PLACEHOLDERS = {"—", "-", ""}  # a 「—」 typed into an item prints like an empty item
