"""Reading one item's value out of the text of its cells, by kind of item."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pia_portal.core.wareki import WarekiError, parse_date
from pia_portal.reports.structure.nodes import Item, Kind, all_wordings

from .cells import CHECKED, UNCHECKED, squeeze

_LEGEND = re.compile(r"[<＜◇]選択肢[>＞◇].*", re.S)
_NUMBERED_OPTION = re.compile(r"\d+\)\s*")


@dataclass
class Decoded:
    value: object
    inferred: str = ""  # why a state was inferred rather than read
    recognized: bool = False  # the text is the item's printed form even if nothing is chosen


def decode(item: Item, text: str) -> Decoded:
    if item.kind in (Kind.TEXT, Kind.LINE):
        return Decoded(_plain(text))
    if item.kind is Kind.CHOICE:
        return _choice(item, text)
    if item.kind is Kind.CHECKS:
        return _checks(item, text)
    if item.kind is Kind.COUNT:
        match = re.search(r"[(（]\s*(\d+)\s*[)）]\s*件?", text) or re.search(r"(\d+)\s*件", text)
        return Decoded(int(match.group(1)) if match else None)
    if item.kind is Kind.DATE:
        return _date(text)
    if item.kind is Kind.FLAG:
        return Decoded(CHECKED in text)
    return Decoded(None)


def _plain(text: str) -> str:
    return text.replace(CHECKED, "[○]").replace(UNCHECKED, "[ ]").strip()


def option_texts(item: Item) -> list[tuple[str, list[str]]]:
    return [(o.code, [squeeze(w) for w in all_wordings(o.label)]) for o in item.options.options]


def _choice(item: Item, text: str) -> Decoded:
    squeezed = squeeze(text)
    options = option_texts(item)
    # The chosen value is the bracketed one; the legend lists every option and is not a choice.
    candidates = re.findall(r"\[([^\[\]]*)\]", text.replace(CHECKED, "").replace(UNCHECKED, ""))
    candidates += [m for m in re.findall(f"{CHECKED}\\s*([^{CHECKED}{UNCHECKED}\\n<]+)", text)]
    for candidate in candidates:
        key = squeeze(candidate)
        for code, wordings in options:
            if key and any(key == w for w in wordings):
                return Decoded(code)
    head = squeeze(_LEGEND.sub("", text))
    head = re.sub(r"\(\d*\)件", "", head).replace("[", "").replace("]", "")
    for code, wordings in sorted(options, key=lambda o: -max(len(w) for w in o[1])):
        if any(head == w for w in wordings):
            return Decoded(code)
    # Only the legend: nothing was chosen, or the extraction lost the choice.
    return Decoded("", recognized="選択肢" in squeezed)


def _checks(item: Item, text: str) -> Decoded:
    """[○] label / ☑ label ticked, [ ] label not; その他 ( text ) texts. A box whose state was
    lost but whose text is filled is ticked, and reported as inferred."""
    flat = " ".join(text.split("\n"))
    options = item.options.options
    labels = []
    for option in options:
        for wording in all_wordings(option.label):
            labels.append((option, wording))
    positions = []
    for option, wording in labels:
        for match in re.finditer(re.escape(wording), flat):
            positions.append((match.start(), match.end(), option))
    # The longest label wins where labels overlap: 「その他」 inside 「その他識別情報(内部番号)」 is not その他.
    positions.sort(key=lambda p: (p[0], -(p[1] - p[0])))
    kept = []
    for start, end, option in positions:
        if any(start >= s and end <= e for s, e, _ in kept):
            continue
        kept.append((start, end, option))
    positions = kept
    chosen = {}
    inferred = []
    seen_codes = set()
    for index, (start, end, option) in enumerate(positions):
        if option.code in seen_codes:
            continue
        seen_codes.add(option.code)
        before = flat[max(0, start - 3):start]
        ticked = CHECKED in before
        following = flat[end:positions[index + 1][0] if index + 1 < len(positions) else len(flat)]
        extra = ""
        if option.has_text:
            match = re.match(r"\s*[(（](.*?)[)）]", following)
            if match is None:
                match = re.match(r"\s*[(（](.*)$", following.split(CHECKED)[0].split(UNCHECKED)[0])
            extra = (match.group(1) if match else "").strip()
        if ticked:
            chosen[option.code] = extra
        elif extra:
            chosen[option.code] = extra
            inferred.append(f"「{option.label if isinstance(option.label, str) else option.code}」の欄に記載「{extra}」があるため、チェックありと判断")
    return Decoded(chosen, "、".join(inferred), recognized=bool(positions))


def _date(text: str) -> Decoded:
    value = text.strip()
    if not value or value.strip("—-～〜~ ") == "":
        return Decoded(None)  # a dash, or the 「～」 of an empty period
    planned = "(予定)" in value or "（予定）" in value
    core = value.replace("(予定)", "").replace("（予定）", "").strip()
    try:
        day, precision = parse_date(core)
    except WarekiError:
        return Decoded({"date": None, "precision": "day", "note": value})
    return Decoded({"date": day, "precision": precision, "note": "(予定)" if planned else ""})

