"""提出時期 and 提出時期に係る説明: proposed from the ※ mark, the kind of change and its cause.

The classifications and causes are those real logs use (change_logs.md §3.2); the 評価指針 makes a
substantive change of a ※ item a 重要な変更, to be assessed and published before it takes effect
(事前). Staff confirm every row; this only proposes.
"""

from __future__ import annotations

import difflib
import enum

from pia_portal.procedure import shishin
from pia_portal.procedure.shishin import Classification, Proposal  # the 指針's classifications, declared there
from pia_portal.reports.structure import Entity, Item, Kind
from pia_portal.reports.structure import items as i
from pia_portal.reports.structure import option_sets as o


class Timing(enum.StrEnum):
    """The codes of the catalogue's 提出時期 option set (C-TEISHUTSU)."""

    PRIOR = "PRIOR"  # 事前
    POST = "POST"  # 事後

    @property
    def label(self) -> str:
        return o.SUBMISSION_TIMING.label_of(self.value)


class Cause(enum.StrEnum):
    REVIEW = "review"
    PERSONNEL = "personnel"
    REORGANISATION = "reorganisation"
    LAW = "law"
    CONTRACTOR = "contractor"
    SYSTEM = "system"
    RISK_MEASURES = "risk_measures"
    WORDING = "wording"
    REASSESSMENT = "reassessment"
    PERIOD = "period"
    LAYOUT = "layout"

    @property
    def label(self) -> str:
        return CAUSE_WORDING[self]


# How a cause is written in the explanation unless the organisation words it its own way
# (ChangeLogStyle.cause_wording).
CAUSE_WORDING = {
    Cause.REVIEW: "内容の見直し",
    Cause.PERSONNEL: "人事異動",
    Cause.REORGANISATION: "組織改編に伴う名称変更",
    Cause.LAW: "法令改正",
    Cause.CONTRACTOR: "委託先の変更",
    Cause.SYSTEM: "システムの導入・更改",
    Cause.RISK_MEASURES: "リスク対策の追加・見直し",
    Cause.WORDING: "誤記修正・文言整理",
    Cause.REASSESSMENT: "再実施による修正",
    Cause.PERIOD: "期間経過",
    Cause.LAYOUT: "様式変更",
}

# Items whose changes usually have one cause (staff change it where it does not fit).
_CAUSE_OF_ITEM: dict[Item, Cause] = {
    i.DEPARTMENT: Cause.REORGANISATION,
    i.DEPARTMENT_HEAD: Cause.REORGANISATION,
    i.RESPONSIBLE_DEPARTMENT: Cause.REORGANISATION,
    i.USING_DEPARTMENTS: Cause.REORGANISATION,
    i.CONTRACTOR_NAME: Cause.CONTRACTOR,
    i.MYNUMBER_LEGAL_BASIS: Cause.LAW,
    i.NWS_LEGAL_BASIS: Cause.LAW,
    i.PROVISION_LEGAL_BASIS: Cause.LAW,
    i.ANNEX_ROW_LEGAL_BASIS: Cause.LAW,
}
_CAUSE_OF_NEW_RECORD = {Entity.SYSTEM: Cause.SYSTEM, Entity.OUTSOURCING: Cause.CONTRACTOR}


class Wording(enum.StrEnum):
    """How an organisation writes its explanations (change_logs.md §3.2 (c), (e), (a))."""

    CAUSE_FIRST = "cause_first"  # 内容の見直しであり、重要な変更に当たらない
    CLASSIFICATION_FIRST = "classification_first"  # 重要な変更に当たらない。(内容の見直し)
    BLANK = "blank"

    @property
    def label(self) -> str:
        return {
            "cause_first": "理由を先に(「内容の見直しであり、重要な変更に当たらない」)",
            "classification_first": "判断を先に(「重要な変更に当たらない。(内容の見直し)」)",
            "blank": "空欄にする",
        }[self.value]


NEGATIONS = ("当たらない", "あたらない", "あたらぬ")


def propose(item: Item | None, important: bool, before: str, after: str, *, old_value=None, new_value=None,
            entity: Entity | None = None) -> Proposal:
    """The classification the 指針's rules propose for a change, with the rule applied in plain
    Japanese: 重要な変更 for every change of a ※ item unless a rule of substance says otherwise (a
    formal change, a change that clearly reduces risk). The length of a change never decides."""
    found = shishin.important_change(marked=important)
    if found:
        return found
    better = False
    if item is not None and item.kind is Kind.CHOICE and item.options is o.ADEQUACY and old_value and new_value:
        codes = o.ADEQUACY.codes
        better = old_value in codes and new_value in codes and codes.index(new_value) < codes.index(old_value)
    risk_measure = entity in (Entity.RISK, Entity.OTHER_RISK) and item is not None and item.kind is Kind.TEXT
    found = shishin.risk_reduced(better_rating=better, only_added=only_added(before, after), risk_measure=risk_measure)
    if found:
        return found
    cause = _CAUSE_OF_ITEM.get(item) if item is not None else None
    found = shishin.formal_change(cause=cause.value if cause else "", before=before, after=after)
    if found:
        return found
    return Proposal(Classification.IMPORTANT, "※の項目の変更は重要な変更(誤字の訂正などの形式的な変更であれば、理由を付けて判断を変えてください)")


def classify(item: Item | None, important: bool, before: str, after: str, *, old_value=None, new_value=None,
             entity: Entity | None = None) -> Classification:
    return propose(item, important, before, after, old_value=old_value, new_value=new_value, entity=entity).classification


def only_added(before: str, after: str) -> bool:
    """Text was added and nothing of the earlier text removed or replaced."""
    if not before or not after or before == after:
        return False
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    return all(op in ("equal", "insert") for op, *_ in matcher.get_opcodes())


def changed_characters(before: str, after: str, *, limit: int = 80) -> str:
    """The characters that changed, as staff judge a typo by them: 「しない」→「する」. Shown, never counted."""
    if not before or not after:
        return ""
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    parts = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op != "equal":
            parts.append(f"「{before[a0:a1][:limit]}」→「{after[b0:b1][:limit]}」")
    return "、".join(parts[:5]) + ("…" if len(parts) > 5 else "")


def cause_for(item: Item | None, classification: Classification, *, new_record: Entity | None = None) -> Cause:
    if classification is Classification.RISK_REDUCED:
        return Cause.RISK_MEASURES
    if classification is Classification.MINOR:
        return Cause.WORDING
    if new_record in _CAUSE_OF_NEW_RECORD:
        return _CAUSE_OF_NEW_RECORD[new_record]
    return _CAUSE_OF_ITEM.get(item, Cause.REVIEW) if item is not None else Cause.REVIEW


def explanation(classification: Classification, reason: str, *, wording: Wording, negation: str = NEGATIONS[0]) -> str:
    """The 提出時期に係る説明 of a row, in the organisation's wording; `reason` is the cause as written."""
    if wording is Wording.BLANK:
        return ""
    not_important = f"重要な変更に{negation}"
    if wording is Wording.CLASSIFICATION_FIRST:
        verdict = {
            Classification.IMPORTANT: "重要な変更に当たる。",
            Classification.RISK_REDUCED: f"{not_important}。",
            Classification.MINOR: f"{not_important}。",
            Classification.OTHER: f"{not_important}。",
        }[classification]
        detail = "リスクを明らかに軽減させる変更" if classification is Classification.RISK_REDUCED else reason
        return f"{verdict}({detail})" if detail else verdict
    if classification is Classification.IMPORTANT:
        return f"{reason}であり、重要な変更に当たる" if reason else "重要な変更に当たる"
    if classification is Classification.OTHER:
        tail = "その他の項目の変更であり事前の提出・公表が義務付けられない"
        # The cause is its own sentence: 「委託先の変更。その他の項目の変更であり…」.
        return f"{reason.rstrip('。')}。{tail}" if reason else tail
    if classification is Classification.RISK_REDUCED:
        return f"{reason}で、リスクを明らかに軽減させるものであり、{not_important}"
    return f"{reason}であり、{not_important}" if reason else not_important
