"""記載要領-style help for every item: the item's own guidance, then what its kind, its ※ mark and
its condition mean for the person filling it in."""

from __future__ import annotations

from .nodes import Kind, Place, Unless, When
from .option_sets import UNVERIFIED

KIND_HINTS = {
    Kind.TEXT: "行を分けて書いた段落と箇条書き(「・」「1.」「①」で始まる行)は、そのまま評価書に印刷されます。該当がない場合は「—」と記載します。",
    Kind.LINE: "短い名称を記載します。",
    Kind.CHOICE: "選択肢から1つ選びます。評価書には選んだ値と選択肢の一覧が印刷されます。",
    Kind.CHECKS: "該当するものすべてにチェックします。( )のある選択肢は、チェックしたうえで内容を具体的に記載します。",
    Kind.COUNT: "件数を数字で入力します。",
    Kind.DATE: "令和5年4月28日、R5.4.28、2023-04-28 のいずれでも入力できます。月までの場合は「平成27年10月」。「(予定)」などは注記欄に記載します。",
    Kind.FLAG: "該当する場合にチェックします。",
    Kind.IMAGE: "図をPNG又はJPEGでアップロードします。",
}
UNVERIFIED_NOTE = "この項目の文言・選択肢は、現行の様式との照合がまだです。現行の様式と異なる場合は管理者に連絡してください。"
IMPORTANT = "※ 重要な変更の対象となる項目です。内容を変更する場合、軽微な変更やリスクを明らかに軽減させる変更を除き、事前に評価を再実施します(特定個人情報保護評価指針)。"


def guidance_for(place: Place, *, important: bool | None = None) -> list[str]:
    parts = []
    if place.item.guidance:
        parts.append(place.item.guidance)
    parts.append(KIND_HINTS[place.item.kind])
    if place.is_optional:
        parts.append("記載は任意です。")
    if place.show_if is not None:
        parts.append(_condition_text(place))
    if place.is_important if important is None else important:
        parts.append(IMPORTANT)
    unverified = place.item.unverified or (place.item.options and UNVERIFIED.get(place.item.options.code))
    if unverified:
        parts.append(f"{UNVERIFIED_NOTE}({unverified})")
    return parts


def _condition_text(place: Place) -> str:
    condition = place.show_if
    if isinstance(condition, Unless):
        return "見出しの欄にチェックした場合は記載しません(保存時に空欄になります)。"
    if isinstance(condition, When):
        return "前の項目の選択によって記載が必要になります。不要な場合は表示されず、保存時に空欄になります。"
    return ""
