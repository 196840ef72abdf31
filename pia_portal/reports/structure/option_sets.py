"""Every option list of both forms, verbatim, in printed order. Codes are stable English keys."""

from .nodes import Variants, options

# I-1 ③対象人数: 重点 stops at 30万人 (above it a 全項目評価 is required).
TARGET_POPULATION_JUTEN = options(
    "C-TAISHO-NINZU-JUTEN",
    ("UNDER_1K", "1,000人未満"),
    ("FROM_1K_TO_10K", "1,000人以上1万人未満"),
    ("FROM_10K_TO_100K", "1万人以上10万人未満"),
    ("FROM_100K_TO_300K", "10万人以上30万人未満"),
)
TARGET_POPULATION_ZENKOMOKU = options(
    "C-TAISHO-NINZU", *[(o.code, o.label) for o in TARGET_POPULATION_JUTEN.options], ("OVER_300K", "30万人以上")
)
SUBJECT_COUNT = options(
    "C-HONNIN-KAZU",
    ("UNDER_10K", "1万人未満"),
    ("FROM_10K_TO_100K", "1万人以上10万人未満"),
    ("FROM_100K_TO_1M", "10万人以上100万人未満"),
    ("FROM_1M_TO_10M", "100万人以上1,000万人未満"),
    ("OVER_10M", "1,000万人以上"),
)
RECORD_ITEM_COUNT = options(
    "C-KOMOKU-SU",
    ("UNDER_10", "10項目未満"),
    ("FROM_10_TO_50", "10項目以上50項目未満"),
    ("FROM_50_TO_100", "50項目以上100項目未満"),
    ("OVER_100", "100項目以上"),
)
HEADCOUNT = options(
    "C-NINZU6",
    ("UNDER_10", "10人未満"),
    ("FROM_10_TO_50", "10人以上50人未満"),
    ("FROM_50_TO_100", "50人以上100人未満"),
    ("FROM_100_TO_500", "100人以上500人未満"),
    ("FROM_500_TO_1000", "500人以上1,000人未満"),
    ("OVER_1000", "1,000人以上"),
)
FILE_TYPE = options(
    "C-FILE-SHURUI",
    ("SYSTEM_FILE", "システム用ファイル"),
    ("OTHER_ELECTRONIC", "その他の電子ファイル(表計算ファイル等)"),
)
NWS_LINKAGE = options("C-JISSHI", ("IMPLEMENTED", "実施する"), ("NOT_IMPLEMENTED", "実施しない"), ("UNDECIDED", "未定"))
OUTSOURCING = options("C-ITAKU", ("OUTSOURCED", "委託する"), ("NOT_OUTSOURCED", "委託しない"))
OUTSOURCE_SCOPE = options("C-HANI", ("WHOLE", "特定個人情報ファイルの全体"), ("PART", "特定個人情報ファイルの一部"))
SUBCONTRACT = options("C-SAIITAKU", ("SUBCONTRACTED", "再委託する"), ("NOT_SUBCONTRACTED", "再委託しない"))
RETENTION = options(
    "C-HOKAN-KIKAN",
    ("UNDER_1Y", "1年未満"),
    ("Y1", "1年"),
    ("Y2", "2年"),
    ("Y3", "3年"),
    ("Y4", "4年"),
    ("Y5", "5年"),
    ("FROM_6Y_TO_10Y", "6年以上10年未満"),
    ("FROM_10Y_TO_20Y", "10年以上20年未満"),
    ("OVER_20Y", "20年以上"),
    ("UNDEFINED", "定められていない"),
)
ADEQUACY = options(
    "C-JUBUN", ("SPECIAL_EFFORT", "特に力を入れている"), ("SUFFICIENT", "十分である"), ("ISSUES_REMAIN", "課題が残されている")
)
PERFORMED = options("C-OKONAU", ("DONE", "行っている"), ("NOT_DONE", "行っていない"))
RECORD_KEEPING = options("C-KIROKU", ("KEPT", "記録を残している"), ("NOT_KEPT", "記録を残していない"))
RESTRICTION = options("C-SEIGEN", ("RESTRICTED", "制限している"), ("NOT_RESTRICTED", "制限していない"))
RULE_DEFINED = options("C-SADAME", ("DEFINED", "定めている"), ("NOT_DEFINED", "定めていない"))
EFFORT = options(
    "C-OKONAU3",
    ("SPECIAL_EFFORT", "特に力を入れて行っている"),
    ("SUFFICIENT", "十分に行っている"),
    ("INSUFFICIENT", "十分に行っていない"),
)
SUBCONTRACT_ASSURANCE = options(
    "C-SAIITAKU-KAKUHO", *[(o.code, o.label) for o in EFFORT.options], ("NO_SUBCONTRACT", "再委託していない")
)
NISC_COMPLIANCE = options(
    "C-NISC",
    ("SPECIAL_EFFORT", "特に力を入れて遵守している"),
    ("SUFFICIENT", "十分に遵守している"),
    ("INSUFFICIENT", "十分に遵守していない"),
    ("NOT_GOVERNMENT", "政府機関ではない"),
)
MAINTENANCE = options(
    "C-SEIBI",
    ("SPECIAL_EFFORT", "特に力を入れて整備している"),
    ("SUFFICIENT", "十分に整備している"),
    ("INSUFFICIENT", "十分に整備していない"),
)
AWARENESS = options(
    "C-SHUCHI",
    ("SPECIAL_EFFORT", "特に力を入れて周知している"),
    ("SUFFICIENT", "十分に周知している"),
    ("INSUFFICIENT", "十分に周知していない"),
)
INCIDENT = options("C-JIKO", ("OCCURRED", "発生あり"), ("NONE", "発生なし"))
DECEASED_NUMBERS = options("C-SHISHA", ("RETAINED", "保管している"), ("NOT_RETAINED", "保管していない"))
FEE = options("C-TESURYO", ("CHARGED", "有料"), ("FREE", "無料"))
FILE_REGISTER = options("C-FILEBO", ("PUBLISHED", "行っている"), ("NOT_PUBLISHED", "行っていない"))
THRESHOLD_JUTEN = options(
    "C-SHIKIICHI-JUTEN",
    ("KISO_AND_JUTEN_REQUIRED", "基礎項目評価及び重点項目評価の実施が義務付けられる"),
    ("KISO_REQUIRED_JUTEN_VOLUNTARY", "基礎項目評価の実施が義務付けられる(任意に重点項目評価を実施)"),
    ("NOT_REQUIRED_JUTEN_VOLUNTARY", "特定個人情報保護評価の実施が義務付けられない(任意に重点項目評価を実施)"),
)
THRESHOLD_ZENKOMOKU = options(
    "C-SHIKIICHI",
    ("KISO_AND_ZENKOMOKU_REQUIRED", "基礎項目評価及び全項目評価の実施が義務付けられる"),
    ("KISO_AND_JUTEN_REQUIRED_ZENKOMOKU_VOLUNTARY", "基礎項目評価及び重点項目評価の実施が義務付けられる(任意に全項目評価を実施)"),
    ("KISO_REQUIRED_ZENKOMOKU_VOLUNTARY", "基礎項目評価の実施が義務付けられる(任意に全項目評価を実施)"),
    ("NOT_REQUIRED_ZENKOMOKU_VOLUNTARY", "特定個人情報保護評価の実施が義務付けられない(任意に全項目評価を実施)"),
)
# 基礎項目評価書 II しきい値判断項目 and III しきい値判断結果. Only the bands' edges and 「(任意実施)」 were
# seen in published reports; see UNVERIFIED below and ../shared/reference/spec/form_kiso.md §3–§4.
TARGET_POPULATION_KISO = options(
    "C-TAISHO-NINZU-KISO",
    ("UNDER_1K", "1,000人未満(任意実施)"),
    *[(o.code, o.label) for o in TARGET_POPULATION_ZENKOMOKU.options[1:]],
)
HANDLERS = options("C-TORIATSUKAISHA", ("OVER_500", "500人以上"), ("UNDER_500", "500人未満"))
THRESHOLD_KISO = options(
    "C-SHIKIICHI-KISO",
    ("KISO_AND_ZENKOMOKU_REQUIRED", "基礎項目評価及び全項目評価の実施が義務付けられる"),
    ("KISO_AND_JUTEN_REQUIRED", "基礎項目評価及び重点項目評価の実施が義務付けられる"),
    ("KISO_REQUIRED", "基礎項目評価の実施が義務付けられる"),
    ("NOT_REQUIRED", "特定個人情報保護評価の実施が義務付けられない"),
)
SUBMITTED_KINDS = options(
    "C-TEISHUTSU-SHURUI",
    ("KISO", "基礎項目評価書"),
    ("KISO_JUTEN", "基礎項目評価書及び重点項目評価書"),
    ("KISO_ZENKOMOKU", "基礎項目評価書及び全項目評価書"),
)
PRIORITY_MEASURE = options(
    "C-YUSEN-TAISAKU",
    ("ACQUISITION", "目的外の入手が行われるリスクへの対策"),
    ("LINKING", "目的を超えた紐付け、事務に必要のない情報との紐付けが行われるリスクへの対策"),
    ("UNAUTHORISED_USE", "権限のない者によって不正に使用されるリスクへの対策"),
    ("OUTSOURCING", "委託先における不正な使用等のリスクへの対策"),
    ("PROVISION", "不正な提供・移転が行われるリスクへの対策(委託や情報提供ネットワークシステムを通じた提供を除く。)"),
    ("NWS_ACQUISITION", "情報提供ネットワークシステムを通じて目的外の入手が行われるリスクへの対策"),
    ("NWS_PROVISION", "情報提供ネットワークシステムを通じて不正な提供が行われるリスクへの対策"),
    ("STORAGE", "特定個人情報の漏えい・滅失・毀損リスクへの対策"),
    ("EDUCATION", "従業者に対する教育・啓発"),
)
SUBMISSION_TIMING = options("C-TEISHUTSU", ("PRIOR", "事前"), ("POST", "事後"))

# Check-box sets.
CONNECTED_SYSTEMS = options(
    "K-SETSUZOKU",
    ("NWS", "情報提供ネットワークシステム"),
    ("INTERNAL_LINK", "庁内連携システム"),
    ("JUKI_NET", "住民基本台帳ネットワークシステム"),
    ("EXISTING_JUKI", "既存住民基本台帳システム"),
    ("ADDRESSEE", "宛名システム等"),
    ("TAX", "税務システム"),
    ("OTHER", "その他", True),
)
MAIN_RECORD_ITEMS = options(
    "K-SHUYO-KOMOKU",
    ("MY_NUMBER", "個人番号"),
    ("MY_NUMBER_CODE", "個人番号対応符号"),
    ("OTHER_ID", "その他識別情報(内部番号)"),
    ("BASIC_INFO", Variants(h26="4情報(氏名、性別、生年月日、住所)", r7="5情報(氏名、氏名の振り仮名、性別、生年月日、住所)")),
    ("CONTACT", "連絡先(電話番号等)"),
    ("OTHER_RESIDENT", "その他住民票関係情報"),
    ("NATIONAL_TAX", "国税関係情報"),
    ("LOCAL_TAX", "地方税関係情報"),
    ("HEALTH_MEDICAL", "健康・医療関係情報"),
    ("MEDICAL_INSURANCE", "医療保険関係情報"),
    ("CHILD_WELFARE", "児童福祉・子育て関係情報"),
    ("DISABILITY_WELFARE", "障害者福祉関係情報"),
    ("PUBLIC_ASSISTANCE", "生活保護・社会福祉関係情報"),
    ("ELDERLY_CARE", "介護・高齢者福祉関係情報"),
    ("EMPLOYMENT", "雇用・労働関係情報"),
    ("PENSION", "年金関係情報"),
    ("EDUCATION", "学校・教育関係情報"),
    ("DISASTER", "災害関係情報"),
    ("OTHER", "その他", True),
    headings=(
        ("・識別情報", ("MY_NUMBER", "MY_NUMBER_CODE", "OTHER_ID")),
        ("・連絡先等情報", ("BASIC_INFO", "CONTACT", "OTHER_RESIDENT")),
        (
            "・業務関係情報",
            (
                "NATIONAL_TAX", "LOCAL_TAX", "HEALTH_MEDICAL", "MEDICAL_INSURANCE", "CHILD_WELFARE",
                "DISABILITY_WELFARE", "PUBLIC_ASSISTANCE", "ELDERLY_CARE", "EMPLOYMENT", "PENSION",
                "EDUCATION", "DISASTER", "OTHER",
            ),
        ),
    ),
)
ACQUISITION_SOURCES = options(
    "K-NYUSHUMOTO",
    ("SELF_OR_AGENT", "本人又は本人の代理人"),
    ("OTHER_DEPT", "評価実施機関内の他部署", True),
    ("GOVT_AGENCY", "行政機関・独立行政法人等", True),
    ("LOCAL_GOVT", "地方公共団体・地方独立行政法人", True),
    ("PRIVATE", "民間事業者", True),
    ("OTHER", "その他", True),
)
ACQUISITION_METHODS = options(
    "K-NYUSHU-HOHO",
    ("PAPER", "紙"),
    ("ELECTRONIC_MEDIA", "電子記録媒体(フラッシュメモリを除く。)"),
    ("FLASH_MEMORY", "フラッシュメモリ"),
    ("EMAIL", "電子メール"),
    ("LEASED_LINE", "専用線"),
    ("INTERNAL_LINK", "庁内連携システム"),
    ("NWS", "情報提供ネットワークシステム"),
    ("OTHER", "その他", True),
)
OUTSOURCE_PROVISION_METHODS = options(
    "K-ITAKU-TEIKYO",
    ("LEASED_LINE", "専用線"),
    ("EMAIL", "電子メール"),
    ("ELECTRONIC_MEDIA", "電子記録媒体(フラッシュメモリを除く。)"),
    ("FLASH_MEMORY", "フラッシュメモリ"),
    ("PAPER", "紙"),
    ("OTHER", "その他", True),
)
PROVISION_METHODS = options(
    "K-TEIKYO-HOHO",
    ("NWS", "情報提供ネットワークシステム"),
    ("LEASED_LINE", "専用線"),
    ("EMAIL", "電子メール"),
    ("ELECTRONIC_MEDIA", "電子記録媒体(フラッシュメモリを除く。)"),
    ("FLASH_MEMORY", "フラッシュメモリ"),
    ("PAPER", "紙"),
    ("OTHER", "その他", True),
)
TRANSFER_METHODS = options(
    "K-ITEN-HOHO",
    ("INTERNAL_LINK", "庁内連携システム"),
    *[(o.code, o.label, o.has_text) for o in PROVISION_METHODS.options[1:]],
)
AUDITS = options("K-KANSA", ("SELF_CHECK", "自己点検"), ("INTERNAL_AUDIT", "内部監査"), ("EXTERNAL_AUDIT", "外部監査"))
ANNEX_KIND = options("C-BESSHI", ("PROVISION", "提供先"), ("TRANSFER", "移転先"))


# Option lists not yet checked against the current official 様式 (no complete copy could be read):
# each with what it rests on. The editor's guidance and the README list them; correct them here.
UNVERIFIED = {
    TARGET_POPULATION_KISO.code: "1,000人未満(任意実施) と 1,000人以上1万人未満 は公表例で確認。ほかの区分は全項目評価書の区分からの類推",
    HANDLERS.code: "500人の境界は確認済み。選択肢の文言は未確認",
    THRESHOLD_KISO.code: "文言は重点・全項目評価書のしきい値判断結果からの類推",
    SUBMITTED_KINDS.code: "公表例で確認できていない(一般的な知識による)",
    PRIORITY_MEASURE.code: "9つの選択肢の文言は未確認(一般的な知識による)",
}
