"""Which catalogue item a 項目 text names, in any of the styles real logs use (change_logs.md §2):

    I-7-②   II(2)-3-⑨   III リスク対策(プロセス)(2)-7-⑩   Ⅱ-5 移転先1 ①
    II 特定個人情報ファイルの概要 (1)住民基本台帳ファイル 4. … 委託事項5 ⑤委託先名の確認方法
    Ⅲ リスク対策【(1)介護保険情報ファイル】_4. 特定個人情報ファイルの取扱いの委託_…_具体的な方法

The answer is an item reference (refs.ItemRef, 「f1/outsourcing.contractor_name@5」), or "" when the text cannot be told apart from other items. Every candidate item of the form is
scored by the numbers and labels of its path found in the text; the best clear winner is taken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pia_portal.reports.structure import FormKind, Group, Place, Repeat, Section, form_for
from pia_portal.reports.structure.nodes import all_wordings, entity_of, resolve

from .refs import ItemRef

ROMAN = ("VI", "IV", "V", "III", "II", "I")  # longest first
_WIDE = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ（）－．＿／"}
_ROMAN_CHARS = {"Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III", "Ⅳ": "IV", "Ⅴ": "V", "Ⅵ": "VI"}
_SPELLINGS = (("手続き", "手続"), ("ユーザー", "ユーザ"), ("取り扱い", "取扱い"), ("—", "-"), ("一", "-"))
MINIMUM_SCORE = 6


@dataclass(frozen=True)
class Candidate:
    section: Section
    place: Place
    groups: tuple[Group, ...]
    repeats: tuple[Repeat, ...]
    parents: tuple[Place, ...]
    entity: str


def normalise(text: str) -> str:
    text = text.translate(_WIDE)
    for wide, roman in _ROMAN_CHARS.items():
        text = text.replace(wide, roman)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _squeezed(text: str) -> str:
    """Without spaces and with the spellings logs vary on made one (「一」 used as a dash only
    between codes, so only there)."""
    text = text.replace(" ", "")
    for variant, spelling in _SPELLINGS[:-1]:
        text = text.replace(variant, spelling)
    return re.sub(r"(?<=[\dA-Z)])一(?=\S)", "-", text)


@cache
def _candidates(kind: FormKind) -> tuple[Candidate, ...]:
    found = []
    for section in form_for(kind).sections:
        if section.code == "changes":
            continue
        found += _walk(section, section.children, (), (), ())
    return tuple(found)


def _walk(section, nodes, groups, repeats, parents) -> list[Candidate]:
    found = []
    for node in nodes:
        if isinstance(node, Place):
            entity = entity_of(section, tuple(repeats)).value
            found.append(Candidate(section, node, groups, repeats, parents, entity))
            found += _walk(section, node.children, groups, repeats, parents + (node,))
        elif isinstance(node, Group):
            for flag in node.flags:
                found.append(Candidate(section, flag, groups + (node,), repeats, parents, entity_of(section, tuple(repeats)).value))
            found += _walk(section, node.children, groups + (node,), repeats, parents)
        elif isinstance(node, Repeat):
            if node.name is not None:
                found.append(Candidate(section, node.name, groups, repeats + (node,), parents, node.entity.value))
            found += _walk(section, node.children, groups, repeats + (node,), parents)
    return found


def _section_of(text: str, kind: FormKind) -> Section | None:
    sections = [s for s in form_for(kind).sections if s.code != "changes"]
    lead = re.match(r"^\s*(VI|IV|V|III|II|I)(?![A-Za-z])", text)
    if lead:
        return next((s for s in sections if s.number == lead.group(1)), None)
    annex = re.match(r"^\s*[(（]?(別添\d)[)）]?", text)
    if annex:
        return next((s for s in sections if s.number.strip("()（）") == annex.group(1)), None)
    if text.lstrip().startswith("表紙"):
        return next((s for s in sections if s.code == "cover"), None)
    arabic = re.match(r"^\s*(\d)\s", text)  # 「1 基本情報」 for I
    if arabic and 1 <= int(arabic.group(1)) <= 6:
        return next((s for s in sections if s.number == ROMAN[::-1][int(arabic.group(1)) - 1]), None)
    squeezed = _squeezed(text)
    for section in sorted(sections, key=lambda s: -len(s.title)):
        if _squeezed(section.title) in squeezed:
            return section
    return None


def resolve_item(text: str, kind: FormKind | str) -> str:
    """The item reference a 項目 text names, or ""."""
    kind = FormKind(kind)
    text = normalise(text or "")
    if not text:
        return ""
    section = _section_of(text, kind)
    squeezed = _squeezed(text)
    best, best_score, tie = None, 0, False
    for candidate in _candidates(kind):
        if section is not None and candidate.section is not section:
            continue
        score = _score(candidate, text, squeezed)
        if score > best_score:
            best, best_score, tie = candidate, score, False
        elif score == best_score and best is not None and score:
            tie = tie or (candidate.place.item is not best.place.item)
    if best is None or best_score < MINIMUM_SCORE or tie:
        return ""
    return _reference(best, text)


def _score(candidate: Candidate, text: str, squeezed: str) -> int:
    score = 0
    label_hit = max((len(_squeezed(w)) for w in all_wordings(candidate.place.item.label) if w and _squeezed(w) in squeezed), default=0)
    score += 2 * label_hit
    # Logs write the item last (after its headings, which name other items' labels too).
    if label_hit and any(w and squeezed.rstrip("。.)）】").endswith(_squeezed(w)) for w in all_wordings(candidate.place.item.label)):
        score += 10
    number = candidate.place.number
    codes = [g.number.rstrip(".") for g in candidate.groups if g.number and not _circled(g.number)]
    if number and _circled(number):
        if number in text:
            score += 4 if label_hit or codes else 2
            # The circled number right after its group's code (I-7-②, II-3-⑨) names exactly this item.
            if codes and re.search(rf"(?<!\d){re.escape(codes[-1])}\.?[-_ ]?(?:[^\d①-⑳]{{0,60}})?{number}", text):
                score += 6
    for group in candidate.groups:
        title = resolve(group.title)
        if _circled(group.number) and group.number in text:
            score += 3
        if group.number and not _circled(group.number):
            if re.search(rf"(?<![\d(（]){re.escape(group.number.rstrip('.'))}(?:\.|-|_|\s|$)", text):
                score += 2
        short = title.split("：", 1)[0]
        if "：" in title and short in squeezed:
            score += 3 + (2 if re.search(rf"{re.escape(short)}(?!\d)", squeezed) else 0)
        elif title and len(title) > 2 and _squeezed(title) in squeezed:
            score += min(len(title), 12)
    for parent in candidate.parents:
        if any(_squeezed(w) in squeezed for w in all_wordings(parent.item.label) if w):
            score += 2
    for repeat in candidate.repeats:
        word = repeat.title.split("{", 1)[0]
        if word and word in text:
            score += 4
        elif word:
            score -= 3  # an item inside 委託事項n, named without it, is the group's own item rather
    if not label_hit and not (number and number in text):
        return 0
    return score


def _circled(number: str) -> bool:
    return bool(number) and "\u2460" <= number[0] <= "\u2473"


def _reference(candidate: Candidate, text: str) -> str:
    file = None
    if candidate.section.per_file:
        found = re.search(r"[(（](\d{1,2})[)）]", text)
        file = int(found.group(1)) if found else 1
    entry = None
    if candidate.repeats:
        word = candidate.repeats[-1].title.split("{", 1)[0]
        found = re.search(rf"{re.escape(word)}\s*(\d+)", text) if word else None
        if found:
            entry = int(found.group(1))
    return str(ItemRef(candidate.entity, candidate.place.item.attr, file, entry))
