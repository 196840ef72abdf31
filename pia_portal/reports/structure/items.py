"""Every item of both forms, declared once, grouped by the record that holds it.

Labels are printed labels without their number (the number depends on the form kind and is given
where the item is placed, in forms.py). Items used by one form kind only say so in a comment.
"""

from pia_portal.core.text import normalise_assessment_number

from . import headings as h
from . import option_sets as o
from .nodes import Variants, checks, choice, count, date, flag, line, text, Item, Kind

NONE_MARK = "—"  # the conventional filler for "not applicable"
SPECIAL_NOTES = "特記事項"
CONCRETE_METHOD = "具体的な方法"
CONCRETE_MANAGEMENT = "具体的な管理方法"
MEASURES = "リスクに対する措置の内容"
OTHER_MEASURES = "その他の措置の内容"
ADEQUATE = "リスクへの対策は十分か"
LEGAL_BASIS = "法令上の根拠"
VALIDITY = "その妥当性"
EXECUTION_DATE = "実施日"
METHOD = "方法"
RULES_CONTENT = "ルールの内容及びルール遵守の確認方法"

# 表紙 ------------------------------------------------------------------------------------------
ASSESSMENT_NUMBER = line(
    "assessment_number",
    "評価書番号",
    guidance="特定個人情報保護評価計画管理書の評価書番号を記載します。",
    normalise=normalise_assessment_number,
)
TITLE = line("title", "評価書名", guidance="「<事務の名称> 重点項目評価書」のように記載します。")
DECLARATION = text(
    "declaration",
    "個人のプライバシー等の権利利益の保護の宣言",
    guidance="特定個人情報ファイルの取扱いにあたり、リスクを軽減させるための適切な措置を講じ、個人のプライバシー等の権利利益の保護に取り組んでいることを宣言します。",
)
COVER_NOTES = text("special_notes", SPECIAL_NOTES, optional=True)
ORGANISATION_NAME = line("organisation_name", "評価実施機関名")
PPC_APPROVAL_DATE = date("ppc_approval_date", "個人情報保護委員会 承認日 【行政機関等のみ】", optional=True)  # 全項目
PUBLICATION_DATE = date("publication_date", "公表日", optional=True, guidance="公表時に記載します。")

# I 基本情報 ----------------------------------------------------------------------------------
AFFAIR_NAME = line("affair_name", "事務の名称")
AFFAIR_DESCRIPTION = text("affair_description", "事務の内容", guidance="事務の流れが分かるよう、番号付きの箇条書きで記載できます。")
TARGET_POPULATION_JUTEN = choice("target_population", h.SUBJECT_COUNT, o.TARGET_POPULATION_JUTEN)
TARGET_POPULATION_ZENKOMOKU = choice("target_population", h.SUBJECT_COUNT, o.TARGET_POPULATION_ZENKOMOKU)
FILE_NAMES = text("file_names", "特定個人情報ファイル名", guidance="IIで記載する特定個人情報ファイルの名称を列挙します。")
NECESSITY = text("necessity", "事務実施上の必要性")  # 全項目
BENEFITS = text("benefits", "実現が期待されるメリット")  # 全項目
MYNUMBER_LEGAL_BASIS = text("mynumber_legal_basis", LEGAL_BASIS)
NWS_LINKAGE = choice("nws_linkage", "実施の有無", o.NWS_LINKAGE)
NWS_LEGAL_BASIS = text("nws_legal_basis", LEGAL_BASIS)
DEPARTMENT = line("department", "部署")
DEPARTMENT_HEAD = line("department_head", Variants(h26="所属長", h31="所属長の役職名"))
OTHER_BODIES = text("other_bodies", "他の評価実施機関", optional=True)

# I-2 システム ----------------------------------------------------------------------------------
SYSTEM_NAME = line("name", "システムの名称")
SYSTEM_FUNCTIONS = text("functions", "システムの機能")
SYSTEM_CONNECTIONS = checks("connections", "他のシステムとの接続", o.CONNECTED_SYSTEMS, optional=True)

# (別添1) 事務の内容 (全項目): figures with their legend and notes --------------------------------
FIGURE_TITLE = line("title", "表題")
FIGURE_SUBTITLE = line("subtitle", "副題", optional=True)
FIGURE_IMAGE = Item("image", "図", Kind.IMAGE, optional=True)
FIGURE_CAPTION = line("caption", "図の説明", optional=True)
FIGURE_LEGEND = text("legend", "凡例", optional=True)
FIGURE_REMARKS = text("remarks", "(備考)", optional=True)

# II 特定個人情報ファイルの概要 ----------------------------------------------------------------
FILE_NAME = line("name", "特定個人情報ファイル名")
FILE_TYPE = choice("file_type", "ファイルの種類", o.FILE_TYPE, important=True)
SUBJECT_COUNT = choice("subject_count", "対象となる本人の数", o.SUBJECT_COUNT)
SUBJECT_SCOPE = text("subject_scope", "対象となる本人の範囲", important=True)
SCOPE_NECESSITY = text("scope_necessity", "その必要性")
RECORD_ITEM_COUNT = choice("record_item_count", "記録される項目", o.RECORD_ITEM_COUNT)
MAIN_RECORD_ITEMS = checks("main_record_items", "主な記録項目", o.MAIN_RECORD_ITEMS, important=True)
RECORD_ITEMS_VALIDITY = text("record_items_validity", VALIDITY)
HOLDING_START = date("holding_start_date", "保有開始日")
RESPONSIBLE_DEPARTMENT = line("responsible_department", "事務担当部署")
SOURCES = checks("sources", "入手元", o.ACQUISITION_SOURCES, important=True)
ACQUISITION_METHODS = checks("acquisition_methods", "入手方法", o.ACQUISITION_METHODS)
ACQUISITION_TIMING = text("acquisition_timing", "入手の時期・頻度")  # 全項目
ACQUISITION_VALIDITY = text("acquisition_validity", "入手に係る妥当性")  # 全項目
NOTICE_TO_PERSON = text("notice_to_person", "本人への明示")  # 全項目
PURPOSE = text("purpose", "使用目的", important=True)
PURPOSE_CHANGE_VALIDITY = text("purpose_change_validity", "変更の妥当性", optional=True)  # 全項目
USING_DEPARTMENTS = text("using_departments", "使用部署")
USER_COUNT = choice("user_count", "使用者数", o.HEADCOUNT)
USAGE_METHOD = text("usage_method", "使用方法")
DATA_MATCHING = text("data_matching", "情報の突合")
STATISTICAL_ANALYSIS = text("statistical_analysis", "情報の統計分析", important=True)  # 全項目
RIGHTS_DECISIONS = text("rights_decisions", "権利利益に影響を与え得る決定", important=True)  # 全項目
USAGE_START = date("usage_start_date", "使用開始日")
OUTSOURCING = choice("outsourcing", "委託の有無", o.OUTSOURCING, important=True)
OUTSOURCING_COUNT = count("outsourcing_count", "委託件数")
PROVIDES = flag("provides", "提供を行っている")
PROVISION_COUNT = count("provision_count", "提供件数")
TRANSFERS = flag("transfers", "移転を行っている")
TRANSFER_COUNT = count("transfer_count", "移転件数")
NO_PROVISION_TRANSFER = flag("no_provision_transfer", "行っていない")
STORAGE_LOCATION = text("storage_location", "保管場所", important=True)
RETENTION_PERIOD = choice("retention_period", "期間", o.RETENTION)  # 全項目
RETENTION_VALIDITY = text("retention_validity", VALIDITY)  # 全項目
DELETION_METHOD = text("deletion_method", "消去方法")  # 全項目
FILE_REMARKS = text("remarks", "備考", optional=True)

# II-4 委託事項 --------------------------------------------------------------------------------
OUTSOURCING_TITLE = line("title", "委託事項", optional=True)
OUTSOURCING_CONTENT = text("content", "委託内容")
OUTSOURCING_SCOPE = choice("scope", "取扱いを委託する特定個人情報ファイルの範囲", o.OUTSOURCE_SCOPE)  # 全項目
SCOPE_SUBJECT_COUNT = choice("scope_subject_count", "対象となる本人の数", o.SUBJECT_COUNT)  # 全項目
SCOPE_SUBJECT_RANGE = text("scope_subject_range", "対象となる本人の範囲", important=True)  # 全項目
SCOPE_VALIDITY = text("scope_validity", VALIDITY)  # 全項目
HANDLER_COUNT = choice("handler_count", "委託先における取扱者数", o.HEADCOUNT)
OUTSOURCE_PROVISION_METHODS = checks(
    "provision_methods", "委託先への特定個人情報ファイルの提供方法", o.OUTSOURCE_PROVISION_METHODS
)  # 全項目
CONTRACTOR_CONFIRMATION = line("contractor_confirmation", "委託先名の確認方法")  # 全項目
CONTRACTOR_NAME = line("contractor_name", "委託先名")
SUBCONTRACT = choice("subcontract", "再委託の有無", o.SUBCONTRACT, important=True)
SUBCONTRACT_PERMISSION = text("subcontract_permission", "再委託の許諾方法", optional=True)
SUBCONTRACT_SCOPE = text("subcontract_scope", "再委託事項", optional=True)

# II-5 提供先 / 移転先 ------------------------------------------------------------------------
PROVISION_NAME = line("name", "提供先")
PROVISION_LEGAL_BASIS = text("legal_basis", LEGAL_BASIS)
PROVISION_PURPOSE = text("purpose", "提供先における用途")
PROVISION_INFORMATION = text("information", "提供する情報")
PROVISION_SUBJECT_COUNT = choice("subject_count", "提供する情報の対象となる本人の数", o.SUBJECT_COUNT)
PROVISION_SUBJECT_RANGE = text("subject_range", "提供する情報の対象となる本人の範囲")
PROVISION_METHODS = checks("methods", "提供方法", o.PROVISION_METHODS)
TIMING = text("timing", "時期・頻度")
TRANSFER_NAME = line("name", "移転先")
TRANSFER_PURPOSE = text("purpose", "移転先における用途")
TRANSFER_INFORMATION = text("information", "移転する情報")
TRANSFER_SUBJECT_COUNT = choice("subject_count", "移転する情報の対象となる本人の数", o.SUBJECT_COUNT)
TRANSFER_SUBJECT_RANGE = text("subject_range", "移転する情報の対象となる本人の範囲")
TRANSFER_METHODS = checks("methods", "移転方法", o.TRANSFER_METHODS)

# 別紙: tables of further 提供先 / 移転先. Cells are printed text, as the published 別紙 show them.
ANNEX_NUMBER = line("number", "別紙番号", guidance="「別紙1」のように記載します。")
ANNEX_TITLE = line("title", "表題", optional=True)
ANNEX_KIND = choice("kind", "一覧の種類", o.ANNEX_KIND)
ANNEX_ROW_CAPTION = line("caption", "区分", optional=True, guidance="「(番号法第19条別表第2に基づくもの)」のような見出し。")
ANNEX_ROW_NUMBER = line("number", "No.", optional=True)
ANNEX_ROW_NAME = line("name", "提供先・移転先")
ANNEX_ROW_LEGAL_BASIS = text("legal_basis", "①" + LEGAL_BASIS, optional=True)
ANNEX_ROW_PURPOSE = text("purpose", "②用途", optional=True)
ANNEX_ROW_INFORMATION = text("information", "③提供・移転する情報", optional=True)
ANNEX_ROW_SUBJECT_COUNT = line("subject_count", "④対象となる本人の数", optional=True)
ANNEX_ROW_SUBJECT_RANGE = text("subject_range", "⑤対象となる本人の範囲", optional=True)
ANNEX_ROW_METHOD = line("method", "⑥提供・移転方法", optional=True)
ANNEX_ROW_TIMING = text("timing", "⑦時期・頻度", optional=True)

# 特定個人情報ファイル記録項目 --------------------------------------------------------------------
RECORD_GROUP_HEADING = line("heading", "見出し", optional=True, guidance="「1. 被保険者情報」のような区分。区分のない一覧では空欄にします。")
RECORD_GROUP_NOTE = text("note", "説明", optional=True)
RECORD_ITEM_LABEL = line("label", "記録項目")

# III リスク対策: items of both kinds ------------------------------------------------------------
ACQ_OTHER_RISKS = text(
    "acq_other_risks", "特定個人情報の入手(情報提供ネットワークシステムを通じた入手を除く。)におけるその他のリスク及びそのリスクに対する措置", optional=True
)
USE_R1_ADEQUACY = choice("use_r1_adequacy", ADEQUATE, o.ADEQUACY)
USER_AUTH = choice("use_user_auth", "ユーザ認証の管理", o.PERFORMED)
USER_AUTH_METHOD = text("use_user_auth_method", CONCRETE_MANAGEMENT)
USE_R2_OTHER = text("use_r2_other", OTHER_MEASURES, optional=True)
USE_R2_ADEQUACY = choice("use_r2_adequacy", ADEQUATE, o.ADEQUACY)
USE_OTHER_RISKS = text("use_other_risks", "特定個人情報の使用におけるその他のリスク及びそのリスクに対する措置", optional=True)
NO_OUTSOURCING = flag("no_outsourcing", "委託しない")
CONTRACT_RULES = choice("outs_contract_rules", "委託契約書中の特定個人情報ファイルの取扱いに関する規定", o.RULE_DEFINED)
CONTRACT_RULES_CONTENT = text("outs_contract_rules_content", "規定の内容")
SUBCONTRACT_ASSURANCE_JUTEN = choice(
    "outs_subcontract_assurance", "再委託先による特定個人情報ファイルの適切な取扱いの担保", o.SUBCONTRACT_ASSURANCE
)
SUBCONTRACT_ASSURANCE_ZENKOMOKU = choice(
    "outs_subcontract_assurance", "再委託先による特定個人情報ファイルの適切な取扱いの確保", o.SUBCONTRACT_ASSURANCE
)
SUBCONTRACT_METHOD = text("outs_subcontract_method", CONCRETE_METHOD)
OUTS_OTHER = text("outs_other", OTHER_MEASURES, optional=True)
OUTS_ADEQUACY = choice("outs_adequacy", ADEQUATE, o.ADEQUACY)
OUTS_OTHER_RISKS = text(
    "outs_other_risks", "特定個人情報ファイルの取扱いの委託におけるその他のリスク及びそのリスクに対する措置", optional=True
)
NO_PROVISION_TRANSFER_RISK = flag("no_provision_transfer", "提供・移転しない")
PT_RULES = choice("pt_rules", "特定個人情報の提供・移転に関するルール", o.RULE_DEFINED)
PT_RULES_CONTENT_JUTEN = text("pt_rules_content", "ルール内容及びルール遵守の確認方法")
PT_RULES_CONTENT_ZENKOMOKU = text("pt_rules_content", RULES_CONTENT)
PT_OTHER = text("pt_other", OTHER_MEASURES, optional=True)
PT_ADEQUACY = choice("pt_adequacy", ADEQUATE, o.ADEQUACY)
PT_OTHER_RISKS = text(
    "pt_other_risks",
    "特定個人情報の提供・移転(委託や情報提供ネットワークシステムを通じた提供を除く。)におけるその他のリスク及びそのリスクに対する措置",
    optional=True,
)
NWS_NO_ACQUISITION = flag("nws_no_acquisition", "接続しない(入手)")
NWS_NO_PROVISION = flag("nws_no_provision", "接続しない(提供)")
NWS_R1_MEASURES = text("nws_r1_measures", MEASURES)
NWS_R1_ADEQUACY = choice("nws_r1_adequacy", ADEQUATE, o.ADEQUACY)
NWS_R5_MEASURES = text("nws_r5_measures", MEASURES)
NWS_R5_ADEQUACY = choice("nws_r5_adequacy", ADEQUATE, o.ADEQUACY)
NWS_OTHER_RISKS = text(
    "nws_other_risks", "情報提供ネットワークシステムとの接続に伴うその他のリスク及びそのリスクに対する措置", optional=True
)
INCIDENT_PROCEDURE = choice("store_incident_procedure", "事故発生時手順の策定・周知", o.EFFORT)
SERIOUS_INCIDENT = choice(
    "serious_incident", "過去3年以内に、評価実施機関において、個人情報に関する重大事故が発生したか", o.INCIDENT
)
INCIDENT_DETAIL = text("incident_detail", "その内容")
INCIDENT_PREVENTION = text("incident_prevention", "再発防止策の内容")
STORE_OTHER = text("store_other", OTHER_MEASURES, optional=True)
STORE_ADEQUACY = choice("store_adequacy", ADEQUATE, o.ADEQUACY)
STORE_OTHER_RISKS = text(
    "store_other_risks", "特定個人情報の保管・消去におけるその他のリスク及びそのリスクに対する措置", optional=True
)
STAFF_EDUCATION = choice(
    "staff_education", Variants(h26="従業員に対する教育・啓発", h31="従業者に対する教育・啓発"), o.EFFORT
)
STAFF_EDUCATION_METHOD = text("staff_education_method", CONCRETE_METHOD)
OTHER_RISK_MEASURES = text("other_measures", "その他のリスク対策", optional=True)

# III リスク対策: 重点 only ---------------------------------------------------------------------
ACQ_MEASURES = text("acq_measures", MEASURES)
ACQ_ADEQUACY = choice("acq_adequacy", ADEQUATE, o.ADEQUACY)
USE_R1_MEASURES = text("use_r1_measures", MEASURES)
AUDITS = checks("audits", "実施の有無", o.AUDITS)

# III リスク対策: 全項目 only -------------------------------------------------------------------
ACQ_R1_NON_TARGET = text("acq_r1_non_target", "対象者以外の情報の入手を防止するための措置の内容")
ACQ_R1_UNNEEDED = text("acq_r1_unneeded", "必要な情報以外を入手することを防止するための措置の内容")
ACQ_R1_OTHER = text("acq_r1_other", OTHER_MEASURES, optional=True)
ACQ_R2_MEASURES = text("acq_r2_measures", MEASURES)
ACQ_R2_ADEQUACY = choice("acq_r2_adequacy", ADEQUATE, o.ADEQUACY)
ACQ_R3_IDENTITY = text("acq_r3_identity", "入手の際の本人確認の措置の内容")
ACQ_R3_AUTHENTICITY = text("acq_r3_authenticity", "個人番号の真正性確認の措置の内容")
ACQ_R3_ACCURACY = text("acq_r3_accuracy", "特定個人情報の正確性確保の措置の内容")
ACQ_R3_OTHER = text("acq_r3_other", OTHER_MEASURES, optional=True)
ACQ_R3_ADEQUACY = choice("acq_r3_adequacy", ADEQUATE, o.ADEQUACY)
ACQ_R4_MEASURES = text("acq_r4_measures", MEASURES)
ACQ_R4_ADEQUACY = choice("acq_r4_adequacy", ADEQUATE, o.ADEQUACY)
USE_R1_ADDRESSEE = text("use_r1_addressee", "宛名システム等における措置の内容")
USE_R1_OTHER_SYSTEMS = text("use_r1_other_systems", "事務で使用するその他のシステムにおける措置の内容")
USE_R1_OTHER = text("use_r1_other", OTHER_MEASURES, optional=True)
ACCESS_ISSUANCE = choice("use_access_issuance", "アクセス権限の発効・失効の管理", o.PERFORMED)
ACCESS_ISSUANCE_METHOD = text("use_access_issuance_method", CONCRETE_MANAGEMENT)
ACCESS_MANAGEMENT = choice("use_access_management", "アクセス権限の管理", o.PERFORMED)
ACCESS_MANAGEMENT_METHOD = text("use_access_management_method", CONCRETE_MANAGEMENT)
USAGE_RECORD = choice("use_usage_record", "特定個人情報の使用の記録", o.RECORD_KEEPING)
USAGE_RECORD_METHOD = text("use_usage_record_method", CONCRETE_METHOD)
USE_R3_MEASURES = text("use_r3_measures", MEASURES)
USE_R3_ADEQUACY = choice("use_r3_adequacy", ADEQUATE, o.ADEQUACY)
USE_R4_MEASURES = text("use_r4_measures", MEASURES)
USE_R4_ADEQUACY = choice("use_r4_adequacy", ADEQUATE, o.ADEQUACY)
OUTS_MANAGEMENT_CHECK = text("outs_management_check", "情報保護管理体制の確認")
OUTS_VIEWER_RESTRICTION = choice("outs_viewer_restriction", "特定個人情報ファイルの閲覧者・更新者の制限", o.RESTRICTION)
OUTS_VIEWER_RESTRICTION_METHOD = text("outs_viewer_restriction_method", "具体的な制限方法")
OUTS_HANDLING_RECORD = choice("outs_handling_record", "特定個人情報ファイルの取扱いの記録", o.RECORD_KEEPING)
OUTS_HANDLING_RECORD_METHOD = text("outs_handling_record_method", CONCRETE_METHOD)
OUTS_PROVISION_RULES = choice("outs_provision_rules", "特定個人情報の提供ルール", o.RULE_DEFINED)
OUTS_RULES_TO_OTHERS = text("outs_rules_to_others", "委託先から他者への提供に関するルールの内容及びルール遵守の確認方法")
OUTS_RULES_BETWEEN = text("outs_rules_between", "委託元と委託先間の提供に関するルールの内容及びルール遵守の確認方法")
OUTS_DELETION_RULES = choice("outs_deletion_rules", "特定個人情報の消去ルール", o.RULE_DEFINED)
OUTS_DELETION_RULES_CONTENT = text("outs_deletion_rules_content", RULES_CONTENT)
PT_RECORD = choice("pt_record", "特定個人情報の提供・移転の記録", o.RECORD_KEEPING)
PT_RECORD_METHOD = text("pt_record_method", CONCRETE_METHOD)
PT_R2_MEASURES = text("pt_r2_measures", MEASURES)
PT_R2_ADEQUACY = choice("pt_r2_adequacy", ADEQUATE, o.ADEQUACY)
PT_R3_MEASURES = text("pt_r3_measures", MEASURES)
PT_R3_ADEQUACY = choice("pt_r3_adequacy", ADEQUATE, o.ADEQUACY)
NWS_R2_MEASURES = text("nws_r2_measures", MEASURES)
NWS_R2_ADEQUACY = choice("nws_r2_adequacy", ADEQUATE, o.ADEQUACY)
NWS_R3_MEASURES = text("nws_r3_measures", MEASURES)
NWS_R3_ADEQUACY = choice("nws_r3_adequacy", ADEQUATE, o.ADEQUACY)
NWS_R4_MEASURES = text("nws_r4_measures", MEASURES)
NWS_R4_ADEQUACY = choice("nws_r4_adequacy", ADEQUATE, o.ADEQUACY)
NWS_R6_MEASURES = text("nws_r6_measures", MEASURES)
NWS_R6_ADEQUACY = choice("nws_r6_adequacy", ADEQUATE, o.ADEQUACY)
NWS_R7_MEASURES = text("nws_r7_measures", MEASURES)
NWS_R7_ADEQUACY = choice("nws_r7_adequacy", ADEQUATE, o.ADEQUACY)
NISC = choice("store_nisc", "NISC政府機関統一基準群", o.NISC_COMPLIANCE)
SAFETY_SYSTEM = choice("store_safety_system", "安全管理体制", o.MAINTENANCE)
SAFETY_RULES = choice("store_safety_rules", "安全管理規程", o.MAINTENANCE)
STAFF_AWARENESS = choice("store_staff_awareness", "安全管理体制・規程の職員への周知", o.AWARENESS)
PHYSICAL = choice("store_physical", "物理的対策", o.EFFORT)
PHYSICAL_DETAIL = text("store_physical_detail", "具体的な対策の内容")
TECHNICAL = choice("store_technical", "技術的対策", o.EFFORT)
TECHNICAL_DETAIL = text("store_technical_detail", "具体的な対策の内容")
BACKUP = choice("store_backup", "バックアップ", o.EFFORT)
DECEASED = choice("store_deceased", "死者の個人番号", o.DECEASED_NUMBERS)
DECEASED_METHOD = text("store_deceased_method", "具体的な保管方法")
STORE_R2_MEASURES = text("store_r2_measures", MEASURES)
STORE_R2_ADEQUACY = choice("store_r2_adequacy", ADEQUATE, o.ADEQUACY)
DELETION_PROCEDURE = choice("store_r3_procedure", "消去手順", o.RULE_DEFINED)
DELETION_PROCEDURE_CONTENT = text("store_r3_procedure_content", "手順の内容")
STORE_R3_OTHER = text("store_r3_other", OTHER_MEASURES, optional=True)
STORE_R3_ADEQUACY = choice("store_r3_adequacy", ADEQUATE, o.ADEQUACY)

# IV その他のリスク対策 (全項目) ------------------------------------------------------------------
SELF_CHECK = choice("self_check", "自己点検", o.EFFORT)
SELF_CHECK_METHOD = text("self_check_method", "具体的なチェック方法")
AUDIT = choice("audit", "監査", o.EFFORT)
AUDIT_DETAIL = text("audit_detail", "具体的な内容")

# 開示請求、問合せ (重点 IV / 全項目 V) --------------------------------------------------------------
REQUEST_TO = text("request_to", "請求先")
REQUEST_METHOD = text("request_method", "請求方法")
REQUEST_NOTES = text("request_notes", SPECIAL_NOTES, optional=True)  # 全項目
FEE = choice("fee", "手数料等", o.FEE)  # 全項目
FEE_DETAIL = text("fee_detail", "手数料額、納付方法", optional=True)  # 全項目
FILE_REGISTER = choice("file_register", "個人情報ファイル簿の公表", o.FILE_REGISTER)  # 全項目
FILE_REGISTER_NAME = text("file_register_name", "個人情報ファイル名")  # 全項目
FILE_REGISTER_PLACE = text("file_register_place", "公表場所")  # 全項目
SPECIAL_PROCEDURE = text("special_procedure", "法令による特別の手続", optional=True)
REGISTER_OMISSION = text("register_omission", "個人情報ファイル簿への不記載等", optional=True)
INQUIRY_CONTACT = text("inquiry_contact", "連絡先")
INQUIRY_HANDLING = text("inquiry_handling", "対応方法")

# 評価実施手続 (重点 V / 全項目 VI) --------------------------------------------------------------------
BASIC_ASSESSMENT_DATE = date("basic_assessment_date", EXECUTION_DATE)
THRESHOLD_JUTEN = choice("threshold_result", "しきい値判断結果", o.THRESHOLD_JUTEN)
THRESHOLD_ZENKOMOKU = choice("threshold_result", "しきい値判断結果", o.THRESHOLD_ZENKOMOKU)
COMMENT_METHOD = text("comment_method", METHOD, guidance="例: 市パブリックコメント手続に関する要綱に基づく意見募集")
COMMENT_START = date("comment_start", "実施日・期間", guidance="開始日を入力します。全項目評価では原則30日以上の期間が必要です。")
COMMENT_END = date("comment_end", "終了日", optional=True)
COMMENT_SHORTENING_REASON = text("comment_shortening_reason", "期間を短縮する特段の理由", optional=True)  # 全項目
COMMENT_SUMMARY = text("comment_summary", "主な意見の内容")
COMMENT_REFLECTION = text("comment_reflection", "評価書への反映")  # 全項目
THIRD_PARTY_DATE = date("third_party_date", EXECUTION_DATE)
THIRD_PARTY_METHOD = text("third_party_method", METHOD)
THIRD_PARTY_RESULT = text("third_party_result", "結果")
PPC_SUBMISSION_DATE = date("ppc_submission_date", "提出日", optional=True)  # 全項目
PPC_REVIEW = text("ppc_review", "個人情報保護委員会による審査", optional=True)  # 全項目

# 用語集 (a local appendix some reports add) ----------------------------------------------------
GLOSSARY_GROUP = line("kana_group", "区分", optional=True, guidance="「ア行」のような見出し。")
GLOSSARY_TERM = line("term", "用語")
GLOSSARY_MEANING = text("meaning", "用語の意味")

# 基礎項目評価書 (様式2) ---------------------------------------------------------------------------
# Seen only in the opening pages of published 基礎項目評価書 (../shared/reference/spec/form_kiso.md):
# I and the start of II are verified; the rest rests on general knowledge and the two other forms,
# and says so in `unverified`.
_GK = "公表例で確認できていない(一般的な知識と重点・全項目評価書からの類推)"
KISO_TITLE = line("title", "評価書名", guidance="「<事務の名称> 基礎項目評価書」のように記載します。")
KISO_AFFAIR_SUMMARY = text("affair_description", "事務の概要")
KISO_SYSTEM_NAMES = text("system_names", "システムの名称", guidance="使用するシステムを番号付きで列挙します(例: 1. 児童手当システム)。")
KISO_FILE_NAMES = text("file_names", "特定個人情報ファイル名", guidance="この事務で取り扱う全ての特定個人情報ファイルの名称を列挙します。")
KISO_REQUEST_TO = text("kiso_request_to", "請求先", unverified="平成26年様式で確認。現行様式にあるかは未確認")
KISO_INQUIRY_CONTACT = text("kiso_inquiry_contact", "連絡先", unverified="平成26年様式で確認。現行様式にあるかは未確認")
# II しきい値判断項目 and III しきい値判断結果: filled from the 計画管理書's しきい値判断, not typed.
KISO_SUBJECT_BAND = choice("threshold_subject_band", "評価対象の事務の対象人数は何人か", o.TARGET_POPULATION_KISO,
                           guidance="計画管理書のしきい値判断から記載されます。")
KISO_SUBJECT_COUNTED_ON = date("threshold_subject_counted_on", "いつ時点の計数か")
KISO_HANDLERS = choice("threshold_handlers", "特定個人情報ファイル取扱者数は500人以上か", o.HANDLERS, unverified=_GK,
                       guidance="計画管理書のしきい値判断から記載されます。")
KISO_HANDLERS_COUNTED_ON = date("threshold_handlers_counted_on", "いつ時点の計数か", unverified=_GK)
KISO_INCIDENT = choice("threshold_incident", "過去1年以内に、評価実施機関において特定個人情報に関する重大事故が発生したか",
                       o.INCIDENT, unverified="期間(1年)と範囲(特定個人情報)は確認済み。文言は未確認")
KISO_THRESHOLD_RESULT = choice("threshold_result_kiso", "しきい値判断結果", o.THRESHOLD_KISO, unverified=_GK)
# IV リスク対策: answers only, no texts but 判断の根拠.
KISO_SUBMITTED_KINDS = choice("kiso_submitted_kinds", "提出する特定個人情報保護評価書の種類", o.SUBMITTED_KINDS, unverified=_GK)
KISO_ACQ_ADEQUACY = choice("kiso_acq_adequacy", "目的外の入手が行われるリスクへの対策は十分か", o.ADEQUACY, unverified=_GK)
KISO_LINKING_ADEQUACY = choice(
    "kiso_linking_adequacy", "目的を超えた紐付け、事務に必要のない情報との紐付けが行われるリスクへの対策は十分か", o.ADEQUACY, unverified=_GK
)
KISO_USE_ADEQUACY = choice(
    "kiso_use_adequacy", "権限のない者(元職員、アクセス権限のない職員等)によって不正に使用されるリスクへの対策は十分か", o.ADEQUACY, unverified=_GK
)
KISO_NO_OUTSOURCING = flag("kiso_no_outsourcing", "委託しない", unverified=_GK)
KISO_OUTS_ADEQUACY = choice("kiso_outs_adequacy", "委託先における不正な使用等のリスクへの対策は十分か", o.ADEQUACY, unverified=_GK)
KISO_NO_PROVISION = flag("kiso_no_provision", "提供・移転しない", unverified=_GK)
KISO_PT_ADEQUACY = choice("kiso_pt_adequacy", "不正な提供・移転が行われるリスクへの対策は十分か", o.ADEQUACY, unverified=_GK)
KISO_NWS_NO_ACQUISITION = flag("kiso_nws_no_acquisition", "接続しない(入手)", unverified=_GK)
KISO_NWS_NO_PROVISION = flag("kiso_nws_no_provision", "接続しない(提供)", unverified=_GK)
KISO_NWS_ACQ_ADEQUACY = choice("kiso_nws_acq_adequacy", "目的外の入手が行われるリスクへの対策は十分か", o.ADEQUACY, unverified=_GK)
KISO_NWS_PROV_ADEQUACY = choice("kiso_nws_prov_adequacy", "不正な提供が行われるリスクへの対策は十分か", o.ADEQUACY, unverified=_GK)
KISO_STORE_ADEQUACY = choice("kiso_store_adequacy", "特定個人情報の漏えい・滅失・毀損リスクへの対策は十分か", o.ADEQUACY, unverified=_GK)
KISO_NO_MANUAL_WORK = flag("kiso_no_manual_work", "人手を介在させる作業はない", unverified=_GK)
KISO_MANUAL_ADEQUACY = choice("kiso_manual_adequacy", "人為的ミスが発生するリスクへの対策は十分か", o.ADEQUACY, unverified=_GK)
KISO_MANUAL_GROUNDS = text("kiso_manual_grounds", "判断の根拠", optional=True, unverified=_GK)
KISO_AUDITS = checks("kiso_audits", "実施の有無", o.AUDITS, unverified=_GK)
KISO_EDUCATION = choice("kiso_education", "従業者に対する教育・啓発", o.EFFORT, unverified=_GK)
KISO_FULL_EVALUATION = flag("kiso_full_evaluation", "全項目評価又は重点項目評価を実施する", unverified=_GK)
KISO_PRIORITY = choice("kiso_priority", "最も優先度が高いと考えられる対策", o.PRIORITY_MEASURE, unverified=_GK)
KISO_PRIORITY_ADEQUACY = choice("kiso_priority_adequacy", "当該対策は十分か【再掲】", o.ADEQUACY, unverified=_GK)
KISO_PRIORITY_GROUNDS = text("kiso_priority_grounds", "判断の根拠", unverified=_GK)

# 変更箇所 ---------------------------------------------------------------------------------------
CHANGE_DATE = date("change_date", "変更日", optional=True)
CHANGE_ITEM = text("item", "項目")
CHANGE_BEFORE = text("before", "変更前の記載", optional=True)
CHANGE_AFTER = text("after", "変更後の記載", optional=True)
CHANGE_TIMING = choice("timing", "提出時期", o.SUBMISSION_TIMING)
CHANGE_EXPLANATION = text("explanation", "提出時期に係る説明", optional=True)

__all__ = [name for name, value in dict(globals()).items() if isinstance(value, Item)]
