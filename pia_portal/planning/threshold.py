"""しきい値判断 (指針 第5の2): which evaluations a 事務 must have, from three answers.

The rule is data, declared once: a row per 対象人数 band, what it requires when the 事務 is 「小」
(取扱者数 under 500 and no 重大事故 in the past year) and when it is 「大」, and whether that row was
confirmed against the 指針 or rests on general knowledge (../shared/reference/spec/form_kiso.md §7).
Correct a row here and the wizard, the 計画管理書, the duties and the 基礎項目評価書 follow.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from pia_portal.reports.structure import headings, option_sets

INCIDENT_WINDOW_YEARS = 1  # 「過去1年以内に…重大事故」 (the 重点/全項目 forms ask about 3 years: another item)
HANDLERS_THRESHOLD = 500
INCIDENT_LABEL = f"過去{INCIDENT_WINDOW_YEARS}年以内の{headings.SERIOUS_INCIDENT}"


def incident_answer(occurred: bool) -> str:
    """発生あり / 発生なし, as the 基礎項目評価書 prints the answer."""
    return option_sets.INCIDENT.label_of("OCCURRED" if occurred else "NONE")


class Required(enum.StrEnum):
    """The evaluations the rule makes mandatory, from least to most."""

    NONE = "none"
    KISO = "kiso"
    JUTEN = "juten"
    ZENKOMOKU = "zenkomoku"

    @property
    def label(self) -> str:
        return {
            "none": "義務付けられない(任意実施)",
            "kiso": "基礎項目評価",
            "juten": "基礎項目評価及び重点項目評価",
            "zenkomoku": "基礎項目評価及び全項目評価",
        }[self.value]

    @property
    def rank(self) -> int:
        return list(Required).index(self)

    @property
    def result_code(self) -> str:
        """The option of 基礎項目評価書 III しきい値判断結果 that prints this result."""
        return {
            "none": "NOT_REQUIRED",
            "kiso": "KISO_REQUIRED",
            "juten": "KISO_AND_JUTEN_REQUIRED",
            "zenkomoku": "KISO_AND_ZENKOMOKU_REQUIRED",
        }[self.value]


@dataclass(frozen=True)
class Band:
    small: Required  # 取扱者数 500人未満 and no 重大事故
    large: Required  # 取扱者数 500人以上 or a 重大事故
    verified: bool
    basis: str


RULE: dict[str, Band] = {
    "UNDER_1K": Band(Required.NONE, Required.NONE, True, "対象人数1,000人未満は評価の実施が義務付けられない"),
    "FROM_1K_TO_10K": Band(Required.KISO, Required.KISO, False, "1,000人以上1万人未満は取扱者数・重大事故によらず基礎項目評価"),
    "FROM_10K_TO_100K": Band(Required.KISO, Required.JUTEN, False, "1万人以上10万人未満は、取扱者数500人以上又は重大事故ありで重点項目評価"),
    "FROM_100K_TO_300K": Band(Required.JUTEN, Required.ZENKOMOKU, True, "10万人以上30万人未満は重点項目評価、取扱者数500人以上又は重大事故ありで全項目評価"),
    "OVER_300K": Band(Required.ZENKOMOKU, Required.ZENKOMOKU, True, "30万人以上は全項目評価"),
}
assert set(RULE) == set(option_sets.TARGET_POPULATION_KISO.codes), "a band of 対象人数 without a rule"


@dataclass(frozen=True)
class Decision:
    required: Required
    rule: str  # the rule applied, in words, as the record and the 計画管理書 show it
    verified: bool

    @property
    def result_code(self) -> str:
        return self.required.result_code

    @property
    def result_label(self) -> str:
        return option_sets.THRESHOLD_KISO.label_of(self.result_code)


def decide(subject_band: str, handlers: str, serious_incident: bool, *, exemption: str = "") -> Decision:
    """The しきい値判断 for 対象人数 `subject_band`, 取扱者数 `handlers` (OVER_500 / UNDER_500) and
    whether a 重大事故 occurred in the past year; a 事務 that 規則第4条 exempts needs none."""
    if exemption:
        from pia_portal.procedure import shishin

        basis = shishin.exemption_basis(exemption)
        return Decision(Required.NONE, f"{basis} → {Required.NONE.label}({shishin.exemption_basis.rule.source})", False)
    band = RULE[subject_band]
    large = handlers == "OVER_500" or serious_incident
    required = band.large if large else band.small
    reasons = [f"{headings.SUBJECT_COUNT}「{option_sets.TARGET_POPULATION_KISO.label_of(subject_band)}」"]
    if band.small != band.large:
        reasons.append(f"{headings.HANDLERS}「{option_sets.HANDLERS.label_of(handlers)}」")
        reasons.append(f"{INCIDENT_LABEL}「{incident_answer(serious_incident)}」")
    rule = f"{'、'.join(reasons)} → {required.label}({band.basis})"
    return Decision(required, rule, band.verified)


def evaluations_needed(required: Required) -> list[set[str]]:
    """The evaluations a requirement asks for, each as the report kinds that meet it: 基礎 and 重点
    is [{kiso}, {juten, zenkomoku}] (a 全項目評価 also meets a 重点項目評価's requirement)."""
    needs = []
    if required.rank >= Required.KISO.rank:
        needs.append({"kiso"})
    if required is Required.JUTEN:
        needs.append({"juten", "zenkomoku"})
    if required is Required.ZENKOMOKU:
        needs.append({"zenkomoku"})
    return needs
