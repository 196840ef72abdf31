"""Checks of a version, in two strengths: errors block submission, warnings are shown only.

Item-level rules (required, option lists) come from the catalogue; the cross-item rules of the
評価指針 and the 記載要領 that the catalogue cannot express are the functions below.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass

from . import models as m
from .outline import Content, Slot, slots
from .structure import Entity, Kind, places_by_attr
from .structure.nodes import FormKind, resolve

# 評価指針: the public comment period of a 全項目評価 is 30 days unless there is a special reason.
PUBLIC_COMMENT_DAYS = 30


class Level(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    level: Level
    message: str
    path: str = ""  # the printed item path, for people
    record: m.VersionContent | None = None
    attr: str | None = None
    missing: bool = False  # a required item not filled yet: progress to show, not a mistake

    @property
    def is_error(self) -> bool:
        return self.level is Level.ERROR


def validate(version: m.Version, content: Content | None = None) -> list[Finding]:
    content = content or Content(version)
    findings = list(_item_findings(version, content))
    for rule in RULES:
        findings.extend(rule(version, content))
    return findings


def errors(version: m.Version) -> list[Finding]:
    return [f for f in validate(version) if f.is_error]


def _item_findings(version: m.Version, content: Content) -> Iterator[Finding]:
    revision = version.revision
    for slot in slots(version, content):
        item = slot.place.item
        if item.kind in (Kind.CHOICE, Kind.CHECKS):
            yield from _option_findings(slot, revision)
        if not slot.visible or slot.place.is_optional or item.kind is Kind.FLAG:
            continue
        if _is_empty(slot):
            verb = "選択してください" if item.kind in (Kind.CHOICE, Kind.CHECKS) else "入力してください"
            yield Finding(
                Level.ERROR, f"「{slot.place.label(revision)}」を{verb}。", slot.path(revision), slot.record, slot.attr,
                missing=True,
            )


def _option_findings(slot: Slot, revision) -> Iterator[Finding]:
    options = slot.place.item.options
    values = slot.value
    chosen = [values] if slot.place.item.kind is Kind.CHOICE and values else list(values or {})
    for code in chosen:
        if code not in options.codes:
            yield Finding(
                Level.ERROR,
                f"「{slot.place.label(revision)}」の値「{code}」はこの様式の選択肢にありません。",
                slot.path(revision),
                slot.record,
                slot.attr,
            )


def _is_empty(slot: Slot) -> bool:
    value = slot.value
    if slot.place.item.kind is Kind.DATE:
        return value is None and not getattr(slot.record, f"{slot.attr}_note")
    if slot.place.item.kind is Kind.TEXT or slot.place.item.kind is Kind.LINE:
        return not (value or "").strip()
    return value in (None, "", {}, [])


# Cross-item rules -------------------------------------------------------------------------------


def _label(version: m.Version, entity: Entity, attr: str) -> str:
    place = places_by_attr(version.form_kind, entity).get(attr)
    return place.label(version.revision) if place else attr


def structure_rule(version, content) -> Iterator[Finding]:
    if not content.files:
        yield Finding(Level.ERROR, "特定個人情報ファイルを1つ以上登録してください。")
    if not content.records(m.System):
        yield Finding(Level.ERROR, "使用するシステムを1つ以上登録してください。")
    for file in content.files:
        if content.risk_of(file) is None:
            yield Finding(Level.ERROR, f"{file.title} のリスク対策がありません。", record=file)


def outsourcing_rule(version, content) -> Iterator[Finding]:
    for file in content.files:
        entries = content.records(m.Outsourcing, file)
        risk = content.risk_of(file)
        if file.outsourcing == "OUTSOURCED":
            if not entries:
                yield Finding(Level.WARNING, f"{file.title}: 委託するとしていますが、委託事項がありません。", record=file)
            elif file.outsourcing_count is not None and file.outsourcing_count != len(entries):
                yield Finding(
                    Level.WARNING,
                    f"{file.title}: 委託の件数({file.outsourcing_count}件)と委託事項の数({len(entries)}件)が一致しません。",
                    record=file,
                    attr="outsourcing_count",
                )
        if file.outsourcing == "NOT_OUTSOURCED" and entries:
            yield Finding(Level.WARNING, f"{file.title}: 委託しないとしていますが、委託事項が登録されています。", record=file)
        if risk is not None and file.outsourcing and risk.no_outsourcing != (file.outsourcing == "NOT_OUTSOURCED"):
            yield Finding(
                Level.WARNING,
                f"{file.title}: 「委託の有無」とリスク対策の「委託しない」が食い違っています。",
                record=risk,
                attr="no_outsourcing",
            )
        subcontracted = [e for e in entries if e.subcontract == "SUBCONTRACTED"]
        for position, entry in enumerate(entries, start=1):
            if entry.subcontract == "SUBCONTRACTED" and not entry.subcontract_scope.strip():
                yield Finding(
                    Level.WARNING,
                    f"{file.title} 委託事項{position}: 再委託するとしていますが、再委託事項が空欄です。",
                    record=entry,
                    attr="subcontract_scope",
                )
            if entry.subcontract == "NOT_SUBCONTRACTED" and (entry.subcontract_scope or entry.subcontract_permission):
                yield Finding(
                    Level.WARNING,
                    f"{file.title} 委託事項{position}: 再委託しないとしていますが、再委託の記載が残っています。",
                    record=entry,
                )
        if risk is not None and not risk.no_outsourcing and entries:
            assurance = risk.outs_subcontract_assurance
            if subcontracted and assurance == "NO_SUBCONTRACT":
                yield Finding(
                    Level.WARNING,
                    f"{file.title}: 再委託する委託事項がありますが、リスク対策では「再委託していない」となっています。",
                    record=risk,
                    attr="outs_subcontract_assurance",
                )
            if not subcontracted and assurance and assurance != "NO_SUBCONTRACT":
                yield Finding(
                    Level.WARNING,
                    f"{file.title}: 再委託する委託事項がないため、リスク対策は「再委託していない」となるはずです。",
                    record=risk,
                    attr="outs_subcontract_assurance",
                )


def provision_rule(version, content) -> Iterator[Finding]:
    for file in content.files:
        if file.no_provision_transfer and (file.provides or file.transfers):
            yield Finding(
                Level.ERROR,
                f"{file.title}: 「行っていない」は「提供を行っている」「移転を行っている」と同時に選べません。",
                record=file,
                attr="no_provision_transfer",
            )
        if not (file.no_provision_transfer or file.provides or file.transfers):
            yield Finding(Level.ERROR, f"{file.title}: 「提供・移転の有無」を選択してください。", record=file, attr="provides")
        annex_rows = {"PROVISION": 0, "TRANSFER": 0}
        for annex in content.records(m.Annex, file):
            annex_rows[annex.kind or "PROVISION"] = annex_rows.get(annex.kind or "PROVISION", 0) + len(
                content.records(m.AnnexRow, annex)
            )
        for ticked, count, model, kind, word in (
            (file.provides, file.provision_count, m.ProvisionDestination, "PROVISION", "提供"),
            (file.transfers, file.transfer_count, m.TransferDestination, "TRANSFER", "移転"),
        ):
            listed = len(content.records(model, file))
            if ticked and listed == 0:
                yield Finding(Level.WARNING, f"{file.title}: {word}を行っているとしていますが、{word}先がありません。", record=file)
            if ticked and count is not None and count not in (listed, annex_rows[kind], listed + annex_rows[kind]):
                yield Finding(
                    Level.WARNING,
                    f"{file.title}: {word}の件数({count}件)が{word}先の数({listed}件、別紙{annex_rows[kind]}件)と一致しません。",
                    record=file,
                    attr=f"{'provision' if kind == 'PROVISION' else 'transfer'}_count",
                )
            if not ticked and listed:
                yield Finding(Level.WARNING, f"{file.title}: {word}を行っていないとしていますが、{word}先が登録されています。", record=file)
        risk = content.risk_of(file)
        if risk is not None and risk.no_provision_transfer and (file.provides or file.transfers):
            if not _only_through_nws(content, file):
                yield Finding(
                    Level.WARNING,
                    f"{file.title}: 提供・移転を行っていますが、リスク対策では「提供・移転しない」となっています。",
                    record=risk,
                    attr="no_provision_transfer",
                )
        if risk is not None and file.no_provision_transfer and not risk.no_provision_transfer:
            yield Finding(
                Level.WARNING,
                f"{file.title}: 提供・移転を行っていないため、リスク対策の「提供・移転しない」にチェックが必要です。",
                record=risk,
                attr="no_provision_transfer",
            )


def _only_through_nws(content, file) -> bool:
    """III-5 excludes 提供 through the 情報提供ネットワークシステム, so such 提供先 alone do not count."""
    provisions = content.records(m.ProvisionDestination, file)
    return not file.transfers and provisions and all(set(p.methods) == {"NWS"} for p in provisions)


def nws_rule(version, content) -> Iterator[Finding]:
    basic = content.section_record(m.BasicInfo)
    if basic is None or basic.nws_linkage != "NOT_IMPLEMENTED":
        return
    for file in content.files:
        risk = content.risk_of(file)
        if risk is not None and not (risk.nws_no_acquisition and risk.nws_no_provision):
            yield Finding(
                Level.WARNING,
                f"{file.title}: 情報連携を実施しないため、「接続しない(入手)」「接続しない(提供)」にチェックが必要です。",
                record=risk,
            )
        if "NWS" in (file.acquisition_methods or {}):
            yield Finding(
                Level.WARNING,
                f"{file.title}: 情報連携を実施しないとしていますが、入手方法に情報提供ネットワークシステムがあります。",
                record=file,
                attr="acquisition_methods",
            )


def incident_rule(version, content) -> Iterator[Finding]:
    answers = {risk.serious_incident for file in content.files if (risk := content.risk_of(file)) and risk.serious_incident}
    if len(answers) > 1:
        label = _label(version, Entity.RISK, "serious_incident")
        yield Finding(Level.WARNING, f"「{label}」は評価実施機関としての回答のため、全てのファイルで同じになるはずです。")


def public_comment_rule(version, content) -> Iterator[Finding]:
    procedure = content.section_record(m.Procedure)
    if procedure is None or not (procedure.comment_start and procedure.comment_end):
        return
    days = (procedure.comment_end - procedure.comment_start).days + 1
    if days < 1:
        yield Finding(Level.ERROR, "意見の聴取の終了日が開始日より前です。", record=procedure, attr="comment_end")
    elif (
        version.form_kind is FormKind.ZENKOMOKU
        and days < PUBLIC_COMMENT_DAYS
        and not procedure.comment_shortening_reason.strip()
    ):
        label = resolve(places_by_attr(FormKind.ZENKOMOKU, Entity.PROCEDURE)["comment_shortening_reason"].item.label)
        yield Finding(
            Level.WARNING,
            f"意見の聴取の期間が{days}日間で、原則の{PUBLIC_COMMENT_DAYS}日に満たないため、「{label}」の記載が必要です。",
            record=procedure,
            attr="comment_shortening_reason",
        )


# 基礎項目評価書 IV 1: the reports a result of III obliges the body to submit at the least.
SUBMITTED_AT_LEAST = {
    "KISO_AND_ZENKOMOKU_REQUIRED": ("KISO_ZENKOMOKU",),
    "KISO_AND_JUTEN_REQUIRED": ("KISO_JUTEN", "KISO_ZENKOMOKU"),
}


def kiso_threshold_rule(version, content) -> Iterator[Finding]:
    """form_kiso.md §8: III is what the rule gives for II (a warning: some bodies file a voluntary
    基礎 below the threshold), and IV 1 names at least the evaluations III makes mandatory."""
    if version.form_kind is not FormKind.KISO:
        return
    from pia_portal.planning.threshold import decide

    procedure = content.section_record(m.Procedure)
    risks = content.section_record(m.OtherRiskMeasures)
    if procedure is None:
        return
    result = procedure.threshold_result_kiso
    if procedure.threshold_subject_band and procedure.threshold_handlers and procedure.threshold_incident and result:
        expected = decide(procedure.threshold_subject_band, procedure.threshold_handlers,
                          procedure.threshold_incident == "OCCURRED").result_code
        if expected != result:
            label = _label(version, Entity.PROCEDURE, "threshold_result_kiso")
            yield Finding(Level.WARNING, f"「{label}」が II しきい値判断項目の回答から導かれる結果と異なります。",
                          record=procedure, attr="threshold_result_kiso")
    allowed = SUBMITTED_AT_LEAST.get(result)
    if risks is not None and allowed and risks.kiso_submitted_kinds and risks.kiso_submitted_kinds not in allowed:
        label = _label(version, Entity.OTHER_RISK, "kiso_submitted_kinds")
        yield Finding(Level.ERROR, f"III しきい値判断結果により義務付けられる評価書が「{label}」に含まれていません。",
                      record=risks, attr="kiso_submitted_kinds")


RULES = (structure_rule, outsourcing_rule, provision_rule, nws_rule, incident_rule, public_comment_rule, kiso_threshold_rule)
