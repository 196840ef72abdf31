"""Demo reports of a fictional city (みどり市), written for the portal, so that a newcomer sees
complete, realistic reports of both kinds. Key items have their own text; every other item gets a
sensible sentence built from its label, so that each report is complete without a page of filler.
"""

from __future__ import annotations

import datetime as dt

from pia_portal.reports import models as m
from pia_portal.reports.services import add_entry, create_report
from pia_portal.reports.structure import Kind, items_of, places_by_attr
from pia_portal.reports.structure.nodes import FormKind, resolve

CITY = "みどり市"

# The answer a careful municipality gives to each kind of question.
PREFERRED = {
    "C-JUBUN": "SUFFICIENT",
    "C-OKONAU": "DONE",
    "C-KIROKU": "KEPT",
    "C-SEIGEN": "RESTRICTED",
    "C-SADAME": "DEFINED",
    "C-OKONAU3": "SUFFICIENT",
    "C-SAIITAKU-KAKUHO": "SUFFICIENT",
    "C-NISC": "NOT_GOVERNMENT",
    "C-SEIBI": "SUFFICIENT",
    "C-SHUCHI": "SUFFICIENT",
    "C-JIKO": "NONE",
    "C-SHISHA": "NOT_RETAINED",
    "C-TESURYO": "FREE",
    "C-FILEBO": "PUBLISHED",
    "C-FILE-SHURUI": "SYSTEM_FILE",
    "C-JISSHI": "IMPLEMENTED",
    "C-ITAKU": "OUTSOURCED",
    "C-HANI": "WHOLE",
    "C-SAIITAKU": "NOT_SUBCONTRACTED",
    "C-HOKAN-KIKAN": "FROM_10Y_TO_20Y",
    "C-NINZU6": "FROM_10_TO_50",
    "C-HONNIN-KAZU": "FROM_10K_TO_100K",
    "C-KOMOKU-SU": "FROM_50_TO_100",
}


def _sentence(label: str, affair: str) -> str:
    return (
        f"{affair}における「{label}」について、{CITY}の情報セキュリティポリシー及び事務の手順書に基づき対応している。\n"
        "・担当職員を限定し、年1回以上見直している。\n・実施状況は課長が確認し、記録を残している。"
    )


def fill(record, kind: FormKind, affair: str, values: dict | None = None) -> None:
    """Set the given values, and a sensible answer for every other item the form kind has."""
    values = values or {}
    places = places_by_attr(kind, record.entity)
    for attr, item in items_of(record.entity).items():
        place = places.get(attr)
        if place is None:
            continue
        if attr in values:
            setattr(record, attr, values[attr])
            continue
        if place.show_if is not None and not place.show_if.holds(record):
            continue
        label = resolve(item.label)
        if item.kind is Kind.TEXT:
            setattr(record, attr, "—" if place.is_optional else _sentence(label, affair))
        elif item.kind is Kind.CHOICE:
            setattr(record, attr, PREFERRED.get(item.options.code, item.options.codes[0]))
        elif item.kind is Kind.CHECKS and not place.is_optional:
            setattr(record, attr, {item.options.codes[0]: ""})
    record.save()


def _date(year: int, month: int, day: int) -> dict:
    return {"date": dt.date(year, month, day)}


def _set_date(record, attr: str, day: dt.date, precision: str = "day") -> None:
    setattr(record, attr, day)
    setattr(record, f"{attr}_precision", precision)


def load_juten(organisation, actor=None) -> m.Version:
    affair = "介護保険関係事務"
    kind = FormKind.JUTEN
    version = create_report(
        organisation, kind=kind, assessment_number="12", title=f"{affair} 重点項目評価書", affair_name=affair, actor=actor
    )
    cover = version.cover
    fill(cover, kind, affair, {
        "declaration": f"{CITY}は、{affair}における特定個人情報ファイルの取扱いにあたり、特定個人情報ファイルの取扱いが個人の"
        "プライバシー等の権利利益に影響を及ぼしかねないことを認識し、特定個人情報の漏えいその他の事態を発生させるリスクを軽減させるために"
        "適切な措置を講じ、もって個人のプライバシー等の権利利益の保護に取り組んでいることを宣言する。",
        "special_notes": "",
    })
    _set_date(cover, "publication_date", dt.date(2026, 4, 1))
    cover.save()
    basic = version.basic_info
    fill(basic, kind, affair, {
        "affair_description": f"{CITY}における{affair}は、介護保険法に基づき、次の事務を行う。\n"
        "1. 被保険者の資格管理(資格の取得・喪失、被保険者証の交付)\n"
        "2. 保険料の賦課及び収納(特別徴収・普通徴収)\n"
        "3. 要介護認定(認定調査、介護認定審査会の運営)\n"
        "4. 保険給付(居宅・施設サービス費、高額介護サービス費の支給)\n"
        "※情報提供ネットワークシステムを通じ、番号法別表に定める事務について他機関と情報連携を行う。",
        "target_population": "FROM_10K_TO_100K",
        "file_names": "(1)介護保険情報ファイル、(2)介護保険料収納情報ファイル",
        "mynumber_legal_basis": "番号法第9条第1項及び別表の第68項\n番号法別表の主務省令で定める事務を定める命令第50条",
        "nws_legal_basis": "・番号法第19条第8号及び同号に基づく主務省令第2条の表\n(情報照会の根拠) 同表の第94項、第96項\n(情報提供の根拠) 同表の第23項、第42項",
        "department": "健康福祉部 介護保険課",
        "department_head": "介護保険課長",
        "other_bodies": "—",
    })
    for name, functions, connections in (
        ("介護保険システム", "1. 資格管理(資格の取得・喪失、被保険者証の発行)\n2. 賦課(保険料の算定、納入通知書の発行)\n3. 給付管理(給付実績の管理、高額介護サービス費の算定)",
         {"INTERNAL_LINK": "", "ADDRESSEE": "", "TAX": ""}),
        ("団体内統合宛名システム", "1. 団体内統合宛名番号の付番\n2. 個人番号と宛名番号の紐付け管理\n3. 中間サーバーとの連携",
         {"NWS": "", "INTERNAL_LINK": "", "EXISTING_JUKI": ""}),
        ("中間サーバー", "1. 符号管理\n2. 情報照会・情報提供\n3. 既存システムとの連携", {"NWS": "", "ADDRESSEE": ""}),
    ):
        fill(add_entry(version, m.System), kind, affair, {"name": name, "functions": functions, "connections": connections})
    files = []
    for name, scope in (
        ("介護保険情報ファイル", "介護保険の第1号被保険者及び第2号被保険者のうち、要介護・要支援認定を受けた者"),
        ("介護保険料収納情報ファイル", "介護保険料の納付義務者"),
    ):
        file = add_entry(version, m.PersonalInfoFile)
        fill(file, kind, affair, {
            "name": name,
            "subject_scope": scope,
            "scope_necessity": "資格管理及び保険料の賦課・収納を正確に行うため。",
            "main_record_items": {"MY_NUMBER": "", "OTHER_ID": "", "BASIC_INFO": "", "CONTACT": "", "LOCAL_TAX": "", "ELDERLY_CARE": ""},
            "record_items_validity": "・個人番号、その他識別情報: 対象者を正確に特定するため\n・5情報、連絡先: 通知書等を送付するため\n・地方税関係情報: 保険料の段階を判定するため",
            "responsible_department": "健康福祉部 介護保険課",
            "sources": {"SELF_OR_AGENT": "", "OTHER_DEPT": "市民課、税務課", "GOVT_AGENCY": "日本年金機構"},
            "acquisition_methods": {"PAPER": "", "INTERNAL_LINK": "", "NWS": ""},
            "purpose": "介護保険法に基づく資格管理、保険料の賦課・収納及び保険給付を、公平かつ正確に行うため。",
            "using_departments": "健康福祉部 介護保険課、各支所 市民サービス課",
            "usage_method": "1. 転入・転出等の異動情報により資格を管理する。\n2. 税情報から保険料段階を判定し、保険料を賦課する。",
            "data_matching": "宛名番号により、住民基本台帳情報及び税情報と突合する。",
            "outsourcing": "OUTSOURCED",
            "outsourcing_count": 2 if not files else 1,
            "provides": not files,
            "provision_count": 2 if not files else None,
            "transfers": not files,
            "transfer_count": 1 if not files else None,
            "no_provision_transfer": bool(files),
            "storage_location": "・サーバーは、入退室管理を行っている本庁舎のサーバー室に設置している。\n・紙の申請書は、施錠できる書庫に保管している。",
            "remarks": "",
        })
        _set_date(file, "holding_start_date", dt.date(2016, 1, 1))
        _set_date(file, "usage_start_date", dt.date(2016, 1, 1))
        file.save()
        fill(file.risk, kind, affair, {
            "no_outsourcing": False,
            "no_provision_transfer": bool(files),
            "nws_no_acquisition": False,
            "nws_no_provision": bool(files),
            "outs_subcontract_assurance": "NO_SUBCONTRACT" if files else "SUFFICIENT",
            "serious_incident": "NONE",
            "audits": {"SELF_CHECK": "", "INTERNAL_AUDIT": ""},
        })
        files.append(file)
    first, second = files
    for title, contractor, subcontract in (
        ("介護保険システムの運用保守業務", "株式会社みどり情報サービス", "SUBCONTRACTED"),
        ("通知書等の印刷・封入封緘業務", "みどり印刷株式会社", "NOT_SUBCONTRACTED"),
    ):
        outsourcing = add_entry(version, m.Outsourcing, first)
        fill(outsourcing, kind, affair, {
            "title": title, "content": f"{title}を委託する。", "contractor_name": contractor, "subcontract": subcontract,
            "subcontract_permission": "再委託先の名称、業務範囲及び安全管理措置を書面で確認し、事前に承認する。" if subcontract == "SUBCONTRACTED" else "",
            "subcontract_scope": "障害発生時の現地対応の一部" if subcontract == "SUBCONTRACTED" else "",
        })
    fill(add_entry(version, m.Outsourcing, second), kind, affair, {
        "title": "コンビニ収納代行業務", "content": "コンビニエンスストアでの保険料収納の代行", "contractor_name": "みどり収納サービス株式会社",
        "subcontract": "NOT_SUBCONTRACTED",
    })
    for name, basis in (("厚生労働大臣", "番号法第19条第8号 主務省令第2条の表第23項"), ("市町村長", "番号法第19条第8号 主務省令第2条の表第42項")):
        fill(add_entry(version, m.ProvisionDestination, first), kind, affair, {
            "name": name, "legal_basis": basis, "purpose": "介護保険法による保険給付の支給に関する事務", "information": "介護保険給付等関係情報",
            "subject_count": "FROM_10K_TO_100K", "subject_range": "「2. ③対象となる本人の範囲」と同上", "methods": {"NWS": ""}, "timing": "照会を受けた都度",
        })
    fill(add_entry(version, m.TransferDestination, first), kind, affair, {
        "name": "健康福祉部 高齢福祉課", "legal_basis": "番号法第9条第2項 みどり市個人番号の利用に関する条例第3条",
        "purpose": "高齢者福祉サービスの利用者負担額の決定", "information": "要介護認定情報", "subject_count": "FROM_10K_TO_100K",
        "subject_range": "要介護・要支援認定を受けた者", "methods": {"INTERNAL_LINK": ""}, "timing": "必要の都度",
    })
    for file, groups in (
        (first, (("1. 被保険者情報", ("被保険者番号", "個人番号", "宛名番号", "氏名", "氏名の振り仮名", "生年月日", "性別", "住所", "資格取得日", "資格喪失日")),
                 ("2. 受給者情報", ("要介護状態区分", "認定有効期間", "認定年月日", "給付制限情報")))),
        (second, (("1. 調定情報", ("調定年度", "賦課年度", "保険料段階", "調定額")), ("2. 収納情報", ("納付日", "収納額", "納付方法")))),
    ):
        for heading, labels in groups:
            group = add_entry(version, m.RecordItemGroup, file, heading=heading)
            for label in labels:
                add_entry(version, m.RecordItem, group, label=label)
    fill(version.disclosure, kind, affair, {
        "request_to": f"〒000-0000 {CITY}中央一丁目1番1号 {CITY}総務部 総務課 情報公開係 電話 000-000-0000",
        "request_method": "個人情報開示請求書を窓口に提出又は郵送する。",
        "special_procedure": "—", "register_omission": "—",
        "inquiry_contact": f"〒000-0000 {CITY}中央一丁目1番1号 健康福祉部 介護保険課 電話 000-000-0001",
        "inquiry_handling": "問合せの内容、対応者及び対応内容を記録し、必要に応じて関係課と連携して回答する。",
    })
    procedure = version.procedure
    fill(procedure, kind, affair, {"threshold_result": "KISO_AND_JUTEN_REQUIRED", "comment_method": "", "comment_summary": "",
                                   "third_party_method": "", "third_party_result": ""})
    _set_date(procedure, "basic_assessment_date", dt.date(2026, 2, 10))
    procedure.save()
    for when, item, before, after, timing, why in (
        ((2019, 4, 1), "I 基本情報_6. 評価実施機関における担当部署_②所属長の役職名", "介護保険課長 緑川 一郎", "介護保険課長", "POST", "様式の変更に伴う変更"),
        ((2023, 4, 1), "II 特定個人情報ファイル【(1)介護保険情報ファイル】の概要_4. 特定個人情報ファイルの取扱いの委託_委託事項2", "", "通知書等の印刷・封入封緘業務", "PRIOR", "重要な変更"),
        ((2025, 6, 1), "II 特定個人情報ファイル【(1)介護保険情報ファイル】の概要_2. 基本情報_④記録される項目_主な記録項目", "[○]4情報(氏名、性別、生年月日、住所)", "[○]5情報(氏名、氏名の振り仮名、性別、生年月日、住所)", "POST", "法令改正による変更"),
        ((2026, 2, 10), "V 評価実施手続_1. 基礎項目評価_①実施日", "令和5年2月1日", "令和8年2月10日", "POST", "再実施による修正"),
    ):
        entry = add_entry(version, m.ChangeLogEntry, item=item, before=before, after=after, timing=timing, explanation=why)
        _set_date(entry, "change_date", dt.date(*when))
        entry.save()
    return version


def load_zenkomoku(organisation, actor=None) -> m.Version:
    affair = "住民基本台帳に関する事務"
    kind = FormKind.ZENKOMOKU
    version = create_report(
        organisation, kind=kind, assessment_number="3", title=f"{affair} 全項目評価書", affair_name=affair, actor=actor
    )
    fill(version.cover, kind, affair, {"special_notes": ""})
    fill(version.basic_info, kind, affair, {
        "affair_description": "住民基本台帳法に基づき、住民の居住関係を公証し、住民に関する事務処理の基礎とするため、次の事務を行う。\n"
        "1. 住民票の記載、消除及び記載の修正\n2. 住民票の写し等の交付\n3. 本人確認情報の都道府県知事への通知\n4. 個人番号の指定及び通知",
        "target_population": "FROM_100K_TO_300K",
        "file_names": "(1)住民基本台帳ファイル、(2)本人確認情報ファイル",
        "necessity": "(1)住民基本台帳ファイル: 住民の居住関係を正確に記録し、住民票の写し等を交付するため。\n"
        "(2)本人確認情報ファイル: 住基ネットを通じて本人確認情報を都道府県知事に通知するため。",
        "benefits": "住民票の写しの添付が不要となる手続が増え、住民の負担が軽減される。",
        "mynumber_legal_basis": "・住民基本台帳法第7条(住民票の記載事項)\n・番号法第7条(指定及び通知)、第16条(本人確認の措置)",
        "nws_legal_basis": "番号法第19条第8号及び同号に基づく主務省令第2条の表(住民票関係情報の提供)",
        "department": "市民生活部 市民課", "department_head": "市民課長", "other_bodies": "—",
    })
    for name in ("既存住民基本台帳システム", "市町村CS", "団体内統合宛名システム"):
        fill(add_entry(version, m.System), kind, affair, {"name": name, "connections": {"JUKI_NET": "", "INTERNAL_LINK": ""}})
    for index, name in enumerate(("住民基本台帳ファイル", "本人確認情報ファイル")):
        file = add_entry(version, m.PersonalInfoFile)
        fill(file, kind, affair, {
            "name": name, "outsourcing": "OUTSOURCED", "outsourcing_count": 1,
            "provides": index == 0, "provision_count": 1 if index == 0 else None,
            "transfers": False, "no_provision_transfer": index == 1,
            "main_record_items": {"MY_NUMBER": "", "OTHER_ID": "", "BASIC_INFO": "", "OTHER_RESIDENT": ""},
            "responsible_department": "市民生活部 市民課",
        })
        _set_date(file, "holding_start_date", dt.date(2015, 10, 5))
        _set_date(file, "usage_start_date", dt.date(2016, 1, 1))
        file.save()
        fill(file.risk, kind, affair, {
            "no_outsourcing": False, "no_provision_transfer": index == 1, "nws_no_acquisition": True,
            "nws_no_provision": index == 1, "outs_subcontract_assurance": "NO_SUBCONTRACT", "serious_incident": "NONE",
        })
        fill(add_entry(version, m.Outsourcing, file), kind, affair, {
            "title": "住民基本台帳システムの運用保守業務", "contractor_name": "株式会社みどり情報サービス", "subcontract": "NOT_SUBCONTRACTED",
            "contractor_confirmation": "市民課に問い合わせる",
        })
        if index == 0:
            fill(add_entry(version, m.ProvisionDestination, file), kind, affair, {
                "name": "番号法別表の主務省令で定める情報照会者(別紙1参照)", "methods": {"NWS": ""}, "timing": "照会を受けた都度",
            })
            annex = add_entry(version, m.Annex, file, number="別紙1", title="情報提供ネットワークシステムを使用して情報提供する場合の提供先一覧", kind="PROVISION")
            for number, (name, basis) in enumerate((("厚生労働大臣", "主務省令第2条の表第1項"), ("都道府県知事", "主務省令第2条の表第2項")), start=1):
                add_entry(version, m.AnnexRow, annex, number=str(number), name=name, legal_basis=basis, purpose="住民票関係情報の確認", subject_range="区域内の住民")
        group = add_entry(version, m.RecordItemGroup, file)
        for label in ("宛名番号", "個人番号", "住民票コード", "氏名", "氏名の振り仮名", "生年月日", "性別", "住所"):
            add_entry(version, m.RecordItem, group, label=label)
    fill(version.other_risk, kind, affair)
    fill(version.disclosure, kind, affair, {"fee_detail": "写しの交付は1枚10円", "special_procedure": "—", "register_omission": "—"})
    procedure = version.procedure
    fill(procedure, kind, affair, {
        "threshold_result": "KISO_AND_ZENKOMOKU_REQUIRED",
        "comment_method": f"{CITY}パブリックコメント手続要綱に基づく意見募集",
        "comment_summary": "意見なし", "comment_reflection": "なし", "comment_shortening_reason": "—",
        "third_party_method": f"{CITY}個人情報保護審議会による点検", "third_party_result": "評価書の内容は適当であるとの答申を受けた。",
    })
    _set_date(procedure, "basic_assessment_date", dt.date(2025, 10, 1))
    _set_date(procedure, "comment_start", dt.date(2025, 11, 4))
    _set_date(procedure, "comment_end", dt.date(2025, 12, 3))
    _set_date(procedure, "third_party_date", dt.date(2026, 1, 20))
    procedure.save()
    fill(add_entry(version, m.BusinessFigure), kind, affair, {
        "title": "「(1)住民基本台帳ファイル」を取り扱う事務の内容", "subtitle": "(既存住民基本台帳システムを中心とした事務の流れ)",
        "legend": "・既存住基システム: 住民票の記載等を行うシステム\n・市町村CS: 住基ネットに接続するためのサーバー",
        "remarks": "1. 住所異動に関する事務\n1-①. 住民から転入等の届出を受け付ける。\n1-②. 既存住基システムの住民票を更新する。",
    })
    for term, meaning in (("CS", "コミュニケーションサーバの略。市町村の既存住基システムと住基ネットを接続する。"),
                          ("住基ネット", "住民基本台帳ネットワークシステムの略。")):
        add_entry(version, m.GlossaryEntry, term=term, meaning=meaning)
    entry = add_entry(version, m.ChangeLogEntry, item="I 基本情報 7. 評価実施機関における担当部署 ①部署", before="市民部 市民課",
                      after="市民生活部 市民課", timing="POST", explanation="組織改編による名称変更。その他の項目の変更であり事前の提出・公表が義務付けられない")
    _set_date(entry, "change_date", dt.date(2024, 4, 1))
    entry.save()
    return version
