"""The two official forms as trees in print order: sections, headings, repeating groups and the
items placed in them with their printed numbers and ※ marks for that form kind."""

from . import headings as h
from . import items as i
from .nodes import (
    Entity,
    Fixed,
    Form,
    FormKind,
    Repeat,
    Section,
    Unless,
    When,
    at,
    group,
    sub,
)

HIDDEN_UNLESS_SUBCONTRACTED = When("subcontract", "SUBCONTRACTED")
SHOWN_IF_INCIDENT = When("serious_incident", "OCCURRED")
OUTSOURCED = When("outsourcing", "OUTSOURCED")
SUBCONTRACTING_ASSURED = When("outs_subcontract_assurance", "SPECIAL_EFFORT", "SUFFICIENT", "INSUFFICIENT", "")
NWS_LEGAL_BASIS_SHOWN = When("nws_linkage", "IMPLEMENTED", "UNDECIDED", "")


def _cover(*extra, title=i.TITLE):
    return Section(
        code="cover",
        title="表紙",
        entity=Entity.COVER,
        children=(
            at("", i.ASSESSMENT_NUMBER),
            at("", title),
            at("", i.DECLARATION),
            at("", i.COVER_NOTES),
            at("", i.ORGANISATION_NAME),
            *extra,
            at("", i.PUBLICATION_DATE),
        ),
    )


def _subcontract_assurance(item):
    """再委託先による…の担保 (重点) / 確保 (全項目): 具体的な方法 only while there is 再委託."""
    return at("", item, sub(i.SUBCONTRACT_METHOD, show_if=SUBCONTRACTING_ASSURED))


def _file_basics(record_items_annex: str):
    """II-2 基本情報, the same on both forms but for the annex that lists the 記録項目."""
    return group(
        "2.",
        h.BASIC_INFO,
        at("①", i.FILE_TYPE),
        at("②", i.SUBJECT_COUNT),
        at("③", i.SUBJECT_SCOPE, sub(i.SCOPE_NECESSITY)),
        at(
            "④",
            i.RECORD_ITEM_COUNT,
            sub(i.MAIN_RECORD_ITEMS),
            sub(i.RECORD_ITEMS_VALIDITY),
            Fixed(label="全ての記録項目", text=f"{record_items_annex}を参照。"),
        ),
        at("⑤", i.HOLDING_START),
        at("⑥", i.RESPONSIBLE_DEPARTMENT),
    )


def _system_repeat():
    return Repeat(
        entity=Entity.SYSTEM,
        heading="2. 特定個人情報ファイルを取り扱う事務において使用するシステム",
        title="システム{n}",
        maximum=20,
        children=(at("①", i.SYSTEM_NAME), at("②", i.SYSTEM_FUNCTIONS), at("③", i.SYSTEM_CONNECTIONS)),
    )


def _provision_repeats():
    recipient = dict(maximum=20)
    return (
        group(
            "",
            "提供・移転の有無",
            at("", i.PROVIDES),
            at("", i.PROVISION_COUNT, inline=True, show_if=When("provides", True)),
            at("", i.TRANSFERS),
            at("", i.TRANSFER_COUNT, inline=True, show_if=When("transfers", True)),
            at("", i.NO_PROVISION_TRANSFER),
            cell=True,
        ),
        Repeat(
            entity=Entity.PROVISION,
            title="提供先{n}",
            name=at("", i.PROVISION_NAME),
            children=(
                at("①", i.PROVISION_LEGAL_BASIS),
                at("②", i.PROVISION_PURPOSE),
                at("③", i.PROVISION_INFORMATION),
                at("④", i.PROVISION_SUBJECT_COUNT),
                at("⑤", i.PROVISION_SUBJECT_RANGE),
                at("⑥", i.PROVISION_METHODS),
                at("⑦", i.TIMING),
            ),
            **recipient,
        ),
        Repeat(
            entity=Entity.TRANSFER,
            title="移転先{n}",
            name=at("", i.TRANSFER_NAME),
            children=(
                at("①", i.PROVISION_LEGAL_BASIS),
                at("②", i.TRANSFER_PURPOSE),
                at("③", i.TRANSFER_INFORMATION),
                at("④", i.TRANSFER_SUBJECT_COUNT),
                at("⑤", i.TRANSFER_SUBJECT_RANGE),
                at("⑥", i.TRANSFER_METHODS),
                at("⑦", i.TIMING),
            ),
            **recipient,
        ),
    )


def _annexes():
    """別紙: further 提供先/移転先 in tables, printed after the file's II."""
    return Repeat(
        entity=Entity.ANNEX,
        title="{number}",
        children=(
            at("", i.ANNEX_NUMBER),
            at("", i.ANNEX_TITLE),
            at("", i.ANNEX_KIND),
            Repeat(
                entity=Entity.ANNEX_ROW,
                title="{n}",
                children=(
                    at("", i.ANNEX_ROW_CAPTION),
                    at("", i.ANNEX_ROW_NUMBER),
                    at("", i.ANNEX_ROW_NAME),
                    at("", i.ANNEX_ROW_LEGAL_BASIS),
                    at("", i.ANNEX_ROW_PURPOSE),
                    at("", i.ANNEX_ROW_INFORMATION),
                    at("", i.ANNEX_ROW_SUBJECT_COUNT),
                    at("", i.ANNEX_ROW_SUBJECT_RANGE),
                    at("", i.ANNEX_ROW_METHOD),
                    at("", i.ANNEX_ROW_TIMING),
                ),
            ),
        ),
    )


def _record_items(number: str):
    return Section(
        code="records",
        number=number,
        title="特定個人情報ファイル記録項目",
        entity=Entity.FILE,
        per_file=True,
        short_title=f"{number}記録項目",
        children=(
            Fixed(label="特定個人情報ファイル名", derived="file_title"),
            Repeat(
                entity=Entity.RECORD_GROUP,
                title="{heading}",
                children=(
                    at("", i.RECORD_GROUP_HEADING),
                    at("", i.RECORD_GROUP_NOTE),
                    Repeat(entity=Entity.RECORD_ITEM, title="{n}", children=(at("", i.RECORD_ITEM_LABEL),)),
                ),
            ),
        ),
    )


def _disclosure(number: str, *middle):
    return Section(
        code="disclosure",
        number=number,
        title="開示請求、問合せ",
        entity=Entity.DISCLOSURE,
        children=(
            group("1.", h.DISCLOSURE_REQUEST, *middle),
            group(
                "2.",
                h.INQUIRY,
                at("①", i.INQUIRY_CONTACT),
                at("②", i.INQUIRY_HANDLING),
            ),
        ),
    )


def _change_log(number: str):
    return Section(
        code="changes",
        number=number,
        title="変更箇所",
        entity=Entity.VERSION,
        children=(
            Repeat(
                entity=Entity.CHANGE_LOG,
                title="{n}",
                children=(
                    at("", i.CHANGE_DATE),
                    at("", i.CHANGE_ITEM),
                    at("", i.CHANGE_BEFORE),
                    at("", i.CHANGE_AFTER),
                    at("", i.CHANGE_TIMING),
                    at("", i.CHANGE_EXPLANATION),
                ),
            ),
        ),
    )


JUTEN = Form(
    kind=FormKind.JUTEN,
    title="特定個人情報保護評価書(重点項目評価書)",
    sections=(
        _cover(),
        Section(
            code="basic",
            number="I",
            title=h.BASIC_INFO,
            entity=Entity.BASIC_INFO,
                children=(
                group(
                    "1.",
                    h.AFFAIR,
                    at("①", i.AFFAIR_NAME),
                    at("②", i.AFFAIR_DESCRIPTION),
                    at("③", i.TARGET_POPULATION_JUTEN),
                ),
                _system_repeat(),
                at("3.", i.FILE_NAMES),
                group("4.", h.MYNUMBER_USE, at("", i.MYNUMBER_LEGAL_BASIS), important=True),
                group(
                    "5.",
                    h.NWS_LINKAGE,
                    at("①", i.NWS_LINKAGE),
                    at("②", i.NWS_LEGAL_BASIS, show_if=NWS_LEGAL_BASIS_SHOWN),
                    important=True,
                ),
                group("6.", h.DEPARTMENT, at("①", i.DEPARTMENT), at("②", i.DEPARTMENT_HEAD)),
                at("7.", i.OTHER_BODIES),
            ),
        ),
        Section(
            code="file",
            number="II",
            title=h.FILE_OVERVIEW,
            entity=Entity.FILE,
            per_file=True,
            short_title=h.FILE_OVERVIEW_SHORT,
            children=(
                at("1.", i.FILE_NAME),
                _file_basics("別添1"),
                group(
                    "3.",
                    h.ACQUISITION_AND_USE,
                    at("①", i.SOURCES),
                    at("②", i.ACQUISITION_METHODS),
                    at("③", i.PURPOSE),
                    group("④", h.USERS, at("", i.USING_DEPARTMENTS), at("", i.USER_COUNT), span=True),
                    at("⑤", i.USAGE_METHOD, sub(i.DATA_MATCHING)),
                    at("⑥", i.USAGE_START),
                ),
                group(
                    "4.",
                    h.OUTSOURCING,
                    at("", i.OUTSOURCING, sub(i.OUTSOURCING_COUNT, inline=True, show_if=OUTSOURCED)),
                    Repeat(
                        entity=Entity.OUTSOURCING,
                        title=h.OUTSOURCING_ENTRY,
                        name=at("", i.OUTSOURCING_TITLE),
                        maximum=20,
                        children=(
                            at("①", i.OUTSOURCING_CONTENT),
                            at("②", i.HANDLER_COUNT),
                            at("③", i.CONTRACTOR_NAME),
                            group(
                                "",
                                h.SUBCONTRACTING,
                                at("④", i.SUBCONTRACT),
                                at("⑤", i.SUBCONTRACT_PERMISSION, show_if=HIDDEN_UNLESS_SUBCONTRACTED),
                                at("⑥", i.SUBCONTRACT_SCOPE, show_if=HIDDEN_UNLESS_SUBCONTRACTED),
                                span=True,
                            ),
                        ),
                    ),
                ),
                group("5.", h.PROVISION_AND_TRANSFER, *_provision_repeats()),
                group("6.", h.STORAGE, at("", i.STORAGE_LOCATION)),
                at("7.", i.FILE_REMARKS),
                _annexes(),
            ),
        ),
        _record_items("(別添1)"),
        Section(
            code="risk",
            number="III",
            title="リスク対策",
            important_note="※(7. ②を除く。)",
            entity=Entity.RISK,
            per_file=True,
                children=(
                Fixed(label=h.FILE_NAME, derived="file_title"),
                group(
                    "2.",
                    h.ACQUISITION,
                    group(
                        "",
                        "リスク：目的外の入手が行われるリスク",
                        at("", i.ACQ_MEASURES),
                        at("", i.ACQ_ADEQUACY),
                    ),
                    at("", i.ACQ_OTHER_RISKS),
                ),
                group(
                    "3.",
                    h.USE,
                    group(
                        "",
                        h.RISK_LINKING,
                        at("", i.USE_R1_MEASURES),
                        at("", i.USE_R1_ADEQUACY),
                    ),
                    group(
                        "",
                        h.RISK_UNAUTHORISED_USE,
                        at("", i.USER_AUTH, sub(i.USER_AUTH_METHOD)),
                        at("", i.USE_R2_OTHER),
                        at("", i.USE_R2_ADEQUACY),
                    ),
                    at("", i.USE_OTHER_RISKS),
                ),
                group(
                    "4.",
                    h.OUTSOURCING,
                    group(
                        "",
                        "リスク：委託先における不正な使用等のリスク",
                        at("", i.CONTRACT_RULES, sub(i.CONTRACT_RULES_CONTENT)),
                        _subcontract_assurance(i.SUBCONTRACT_ASSURANCE_JUTEN),
                        at("", i.OUTS_OTHER),
                        at("", i.OUTS_ADEQUACY),
                    ),
                    at("", i.OUTS_OTHER_RISKS),
                    flags=(at("", i.NO_OUTSOURCING),),
                    show_if=Unless("no_outsourcing"),
                ),
                group(
                    "5.",
                    h.PROVISION_AND_TRANSFER_RISKS,
                    group(
                        "",
                        "リスク：不正な提供・移転が行われるリスク",
                        at("", i.PT_RULES, sub(i.PT_RULES_CONTENT_JUTEN)),
                        at("", i.PT_OTHER),
                        at("", i.PT_ADEQUACY),
                    ),
                    at("", i.PT_OTHER_RISKS),
                    flags=(at("", i.NO_PROVISION_TRANSFER_RISK),),
                    show_if=Unless("no_provision_transfer"),
                ),
                group(
                    "6.",
                    h.NWS_CONNECTION,
                    group(
                        "",
                        h.RISK_ACQUISITION_OUT_OF_PURPOSE,
                        at("", i.NWS_R1_MEASURES),
                        at("", i.NWS_R1_ADEQUACY),
                        show_if=Unless("nws_no_acquisition"),
                    ),
                    group(
                        "",
                        "リスク2：不正な提供が行われるリスク",
                        at("", i.NWS_R5_MEASURES),
                        at("", i.NWS_R5_ADEQUACY),
                        show_if=Unless("nws_no_provision"),
                    ),
                    at("", i.NWS_OTHER_RISKS),
                    flags=(at("", i.NWS_NO_ACQUISITION), at("", i.NWS_NO_PROVISION)),
                ),
                group(
                    "7.",
                    h.STORAGE,
                    group(
                        "",
                        "リスク：特定個人情報の漏えい・滅失・毀損リスク",
                        at("①", i.INCIDENT_PROCEDURE),
                        at(
                            "②",
                            i.SERIOUS_INCIDENT,
                            sub(i.INCIDENT_DETAIL, important=False, show_if=SHOWN_IF_INCIDENT),
                            sub(i.INCIDENT_PREVENTION, important=False, show_if=SHOWN_IF_INCIDENT),
                            important=False,
                        ),
                        at("", i.STORE_OTHER),
                        at("", i.STORE_ADEQUACY),
                    ),
                    at("", i.STORE_OTHER_RISKS),
                ),
                group("8.", h.AUDIT, at("", i.AUDITS)),
                group(
                    "9.",
                    i.STAFF_EDUCATION.label,
                    at("", i.STAFF_EDUCATION, sub(i.STAFF_EDUCATION_METHOD)),
                ),
                at("10.", i.OTHER_RISK_MEASURES),
            ),
        ),
        _disclosure(
            "IV",
            at("①", i.REQUEST_TO),
            at("②", i.REQUEST_METHOD),
            at("③", i.SPECIAL_PROCEDURE),
            at("④", i.REGISTER_OMISSION),
        ),
        Section(
            code="procedure",
            number="V",
            title=h.PROCEDURE,
            entity=Entity.PROCEDURE,
                children=(
                group("1.", h.BASIC_ASSESSMENT, at("①", i.BASIC_ASSESSMENT_DATE), at("②", i.THRESHOLD_JUTEN)),
                group(
                    "2.",
                    f"{h.PUBLIC_COMMENT}【任意】",
                    at("①", i.COMMENT_METHOD, optional=True),
                    at("②", i.COMMENT_START, sub(i.COMMENT_END, inline=True), optional=True),
                    at("③", i.COMMENT_SUMMARY, optional=True),
                ),
                group(
                    "3.",
                    f"{h.THIRD_PARTY_INSPECTION}【任意】",
                    at("①", i.THIRD_PARTY_DATE, optional=True),
                    at("②", i.THIRD_PARTY_METHOD, optional=True),
                    at("③", i.THIRD_PARTY_RESULT, optional=True),
                ),
            ),
        ),
        _change_log("(別添2)"),
    ),
)

ZENKOMOKU = Form(
    kind=FormKind.ZENKOMOKU,
    title="特定個人情報保護評価書(全項目評価書)",
    sections=(
        _cover(at("", i.PPC_APPROVAL_DATE)),
        Section(
            code="basic",
            number="I",
            title=h.BASIC_INFO,
            entity=Entity.BASIC_INFO,
                children=(
                group(
                    "1.",
                    h.AFFAIR,
                    at("①", i.AFFAIR_NAME),
                    at("②", i.AFFAIR_DESCRIPTION, important=True),
                    at("③", i.TARGET_POPULATION_ZENKOMOKU),
                ),
                _system_repeat(),
                at("3.", i.FILE_NAMES),
                group("4.", "特定個人情報ファイルを取り扱う理由", at("①", i.NECESSITY), at("②", i.BENEFITS)),
                group("5.", h.MYNUMBER_USE, at("", i.MYNUMBER_LEGAL_BASIS), important=True),
                group(
                    "6.",
                    h.NWS_LINKAGE,
                    at("①", i.NWS_LINKAGE),
                    at("②", i.NWS_LEGAL_BASIS, show_if=NWS_LEGAL_BASIS_SHOWN),
                    important=True,
                ),
                group("7.", h.DEPARTMENT, at("①", i.DEPARTMENT), at("②", i.DEPARTMENT_HEAD)),
                at("8.", i.OTHER_BODIES),
            ),
        ),
        Section(
            code="figures",
            number="(別添1)",
            title="事務の内容",
            entity=Entity.VERSION,
            children=(
                Repeat(
                    entity=Entity.BUSINESS_FIGURE,
                    title="{title}",
                    children=(
                        at("", i.FIGURE_TITLE),
                        at("", i.FIGURE_SUBTITLE),
                        at("", i.FIGURE_IMAGE),
                        at("", i.FIGURE_CAPTION),
                        at("", i.FIGURE_LEGEND),
                        at("", i.FIGURE_REMARKS),
                    ),
                ),
            ),
        ),
        Section(
            code="file",
            number="II",
            title=h.FILE_OVERVIEW,
            entity=Entity.FILE,
            per_file=True,
            short_title=h.FILE_OVERVIEW_SHORT,
            children=(
                at("1.", i.FILE_NAME),
                _file_basics("別添2"),
                group(
                    "3.",
                    h.ACQUISITION_AND_USE,
                    at("①", i.SOURCES),
                    at("②", i.ACQUISITION_METHODS),
                    at("③", i.ACQUISITION_TIMING),
                    at("④", i.ACQUISITION_VALIDITY),
                    at("⑤", i.NOTICE_TO_PERSON),
                    at("⑥", i.PURPOSE, sub(i.PURPOSE_CHANGE_VALIDITY)),
                    group(
                        "⑦",
                        h.USERS,
                        at("", i.USING_DEPARTMENTS, important=True),
                        at("", i.USER_COUNT),
                        span=True,
                    ),
                    at(
                        "⑧",
                        i.USAGE_METHOD,
                        sub(i.DATA_MATCHING, important=True),
                        sub(i.STATISTICAL_ANALYSIS),
                        sub(i.RIGHTS_DECISIONS),
                        important=True,
                    ),
                    at("⑨", i.USAGE_START),
                ),
                group(
                    "4.",
                    h.OUTSOURCING,
                    at("", i.OUTSOURCING, sub(i.OUTSOURCING_COUNT, inline=True, show_if=OUTSOURCED)),
                    Repeat(
                        entity=Entity.OUTSOURCING,
                        title=h.OUTSOURCING_ENTRY,
                        name=at("", i.OUTSOURCING_TITLE),
                        maximum=20,
                        children=(
                            at("①", i.OUTSOURCING_CONTENT),
                            at(
                                "②",
                                i.OUTSOURCING_SCOPE,
                                sub(i.SCOPE_SUBJECT_COUNT),
                                sub(i.SCOPE_SUBJECT_RANGE),
                                sub(i.SCOPE_VALIDITY),
                            ),
                            at("③", i.HANDLER_COUNT),
                            at("④", i.OUTSOURCE_PROVISION_METHODS),
                            at("⑤", i.CONTRACTOR_CONFIRMATION),
                            at("⑥", i.CONTRACTOR_NAME),
                            group(
                                "",
                                h.SUBCONTRACTING,
                                at("⑦", i.SUBCONTRACT),
                                at("⑧", i.SUBCONTRACT_PERMISSION, show_if=HIDDEN_UNLESS_SUBCONTRACTED),
                                at("⑨", i.SUBCONTRACT_SCOPE, show_if=HIDDEN_UNLESS_SUBCONTRACTED),
                                span=True,
                            ),
                        ),
                    ),
                ),
                group("5.", h.PROVISION_AND_TRANSFER, *_provision_repeats()),
                group(
                    "6.",
                    h.STORAGE,
                    at("①", i.STORAGE_LOCATION),
                    group("②", "保管期間", at("", i.RETENTION_PERIOD), at("", i.RETENTION_VALIDITY), span=True),
                    at("③", i.DELETION_METHOD),
                ),
                at("7.", i.FILE_REMARKS),
                _annexes(),
            ),
        ),
        _record_items("(別添2)"),
        Section(
            code="risk",
            number="III",
            title="特定個人情報ファイルの取扱いプロセスにおけるリスク対策",
            important_note="※(7. リスク1⑨を除く。)",
            entity=Entity.RISK,
            per_file=True,
            short_title="III リスク対策(プロセス)",
            children=(
                Fixed(label=h.FILE_NAME, derived="file_title"),
                group(
                    "2.",
                    h.ACQUISITION,
                    group(
                        "",
                        h.RISK_ACQUISITION_OUT_OF_PURPOSE,
                        at("", i.ACQ_R1_NON_TARGET),
                        at("", i.ACQ_R1_UNNEEDED),
                        at("", i.ACQ_R1_OTHER),
                        at("", i.ACQ_ADEQUACY),
                    ),
                    group("", "リスク2：不適切な方法で入手が行われるリスク", at("", i.ACQ_R2_MEASURES), at("", i.ACQ_R2_ADEQUACY)),
                    group(
                        "",
                        h.RISK_INACCURATE,
                        at("", i.ACQ_R3_IDENTITY),
                        at("", i.ACQ_R3_AUTHENTICITY),
                        at("", i.ACQ_R3_ACCURACY),
                        at("", i.ACQ_R3_OTHER),
                        at("", i.ACQ_R3_ADEQUACY),
                    ),
                    group(
                        "",
                        h.RISK_LEAK_ON_ACQUISITION,
                        at("", i.ACQ_R4_MEASURES),
                        at("", i.ACQ_R4_ADEQUACY),
                    ),
                    at("", i.ACQ_OTHER_RISKS),
                ),
                group(
                    "3.",
                    h.USE,
                    group(
                        "",
                        h.RISK_LINKING,
                        at("", i.USE_R1_ADDRESSEE),
                        at("", i.USE_R1_OTHER_SYSTEMS),
                        at("", i.USE_R1_OTHER),
                        at("", i.USE_R1_ADEQUACY),
                    ),
                    group(
                        "",
                        h.RISK_UNAUTHORISED_USE,
                        at("", i.USER_AUTH, sub(i.USER_AUTH_METHOD)),
                        at("", i.ACCESS_ISSUANCE, sub(i.ACCESS_ISSUANCE_METHOD)),
                        at("", i.ACCESS_MANAGEMENT, sub(i.ACCESS_MANAGEMENT_METHOD)),
                        at("", i.USAGE_RECORD, sub(i.USAGE_RECORD_METHOD)),
                        at("", i.USE_R2_OTHER),
                        at("", i.USE_R2_ADEQUACY),
                    ),
                    group("", "リスク3：従業者が事務外で使用するリスク", at("", i.USE_R3_MEASURES), at("", i.USE_R3_ADEQUACY)),
                    group(
                        "",
                        "リスク4：特定個人情報ファイルが不正に複製されるリスク",
                        at("", i.USE_R4_MEASURES),
                        at("", i.USE_R4_ADEQUACY),
                    ),
                    at("", i.USE_OTHER_RISKS),
                ),
                group(
                    "4.",
                    h.OUTSOURCING,
                    Fixed(
                        label="",
                        text="委託先による特定個人情報の不正入手・不正な使用に関するリスク\n"
                        "委託先による特定個人情報の不正な提供に関するリスク\n"
                        "委託先による特定個人情報の保管・消去に関するリスク\n"
                        "委託契約終了後の不正な使用等のリスク\n"
                        "再委託に関するリスク",
                    ),
                    at("", i.OUTS_MANAGEMENT_CHECK),
                    at("", i.OUTS_VIEWER_RESTRICTION, sub(i.OUTS_VIEWER_RESTRICTION_METHOD)),
                    at("", i.OUTS_HANDLING_RECORD, sub(i.OUTS_HANDLING_RECORD_METHOD)),
                    at("", i.OUTS_PROVISION_RULES, sub(i.OUTS_RULES_TO_OTHERS), sub(i.OUTS_RULES_BETWEEN)),
                    at("", i.OUTS_DELETION_RULES, sub(i.OUTS_DELETION_RULES_CONTENT)),
                    at("", i.CONTRACT_RULES, sub(i.CONTRACT_RULES_CONTENT)),
                    _subcontract_assurance(i.SUBCONTRACT_ASSURANCE_ZENKOMOKU),
                    at("", i.OUTS_OTHER),
                    at("", i.OUTS_ADEQUACY),
                    at("", i.OUTS_OTHER_RISKS),
                    flags=(at("", i.NO_OUTSOURCING),),
                    show_if=Unless("no_outsourcing"),
                ),
                group(
                    "5.",
                    h.PROVISION_AND_TRANSFER_RISKS,
                    group(
                        "",
                        "リスク1：不正な提供・移転が行われるリスク",
                        at("", i.PT_RECORD, sub(i.PT_RECORD_METHOD)),
                        at("", i.PT_RULES, sub(i.PT_RULES_CONTENT_ZENKOMOKU)),
                        at("", i.PT_OTHER),
                        at("", i.PT_ADEQUACY),
                    ),
                    group("", "リスク2：不適切な方法で提供・移転が行われるリスク", at("", i.PT_R2_MEASURES), at("", i.PT_R2_ADEQUACY)),
                    group(
                        "",
                        "リスク3：誤った情報を提供・移転してしまうリスク、誤った相手に提供・移転してしまうリスク",
                        at("", i.PT_R3_MEASURES),
                        at("", i.PT_R3_ADEQUACY),
                    ),
                    at("", i.PT_OTHER_RISKS),
                    flags=(at("", i.NO_PROVISION_TRANSFER_RISK),),
                    show_if=Unless("no_provision_transfer"),
                ),
                group(
                    "6.",
                    h.NWS_CONNECTION,
                    *[
                        group("", caption, at("", measures), at("", adequacy), show_if=Unless(switch))
                        for caption, measures, adequacy, switch in (
                            (h.RISK_ACQUISITION_OUT_OF_PURPOSE, i.NWS_R1_MEASURES, i.NWS_R1_ADEQUACY, "nws_no_acquisition"),
                            ("リスク2：安全が保たれない方法によって入手が行われるリスク", i.NWS_R2_MEASURES, i.NWS_R2_ADEQUACY, "nws_no_acquisition"),
                            (h.RISK_INACCURATE, i.NWS_R3_MEASURES, i.NWS_R3_ADEQUACY, "nws_no_acquisition"),
                            (h.RISK_LEAK_ON_ACQUISITION, i.NWS_R4_MEASURES, i.NWS_R4_ADEQUACY, "nws_no_acquisition"),
                            ("リスク5：不正な提供が行われるリスク", i.NWS_R5_MEASURES, i.NWS_R5_ADEQUACY, "nws_no_provision"),
                            ("リスク6：不適切な方法で提供されるリスク", i.NWS_R6_MEASURES, i.NWS_R6_ADEQUACY, "nws_no_provision"),
                            (
                                "リスク7：誤った情報を提供してしまうリスク、誤った相手に提供してしまうリスク",
                                i.NWS_R7_MEASURES,
                                i.NWS_R7_ADEQUACY,
                                "nws_no_provision",
                            ),
                        )
                    ],
                    at("", i.NWS_OTHER_RISKS),
                    flags=(at("", i.NWS_NO_ACQUISITION), at("", i.NWS_NO_PROVISION)),
                ),
                group(
                    "7.",
                    h.STORAGE,
                    group(
                        "",
                        "リスク1：特定個人情報の漏えい・滅失・毀損リスク",
                        at("①", i.NISC),
                        at("②", i.SAFETY_SYSTEM),
                        at("③", i.SAFETY_RULES),
                        at("④", i.STAFF_AWARENESS),
                        at("⑤", i.PHYSICAL, sub(i.PHYSICAL_DETAIL)),
                        at("⑥", i.TECHNICAL, sub(i.TECHNICAL_DETAIL)),
                        at("⑦", i.BACKUP),
                        at("⑧", i.INCIDENT_PROCEDURE),
                        at(
                            "⑨",
                            i.SERIOUS_INCIDENT,
                            sub(i.INCIDENT_DETAIL, important=False, show_if=SHOWN_IF_INCIDENT),
                            sub(i.INCIDENT_PREVENTION, important=False, show_if=SHOWN_IF_INCIDENT),
                            important=False,
                        ),
                        at("⑩", i.DECEASED, sub(i.DECEASED_METHOD, show_if=When("store_deceased", "RETAINED"))),
                        at("", i.STORE_OTHER),
                        at("", i.STORE_ADEQUACY),
                    ),
                    group(
                        "",
                        "リスク2：特定個人情報が古い情報のまま保管され続けるリスク",
                        at("", i.STORE_R2_MEASURES),
                        at("", i.STORE_R2_ADEQUACY),
                    ),
                    group(
                        "",
                        "リスク3：特定個人情報が消去されずいつまでも存在するリスク",
                        at("", i.DELETION_PROCEDURE, sub(i.DELETION_PROCEDURE_CONTENT)),
                        at("", i.STORE_R3_OTHER),
                        at("", i.STORE_R3_ADEQUACY),
                    ),
                    at("", i.STORE_OTHER_RISKS),
                ),
            ),
        ),
        Section(
            code="other_risk",
            number="IV",
            title="その他のリスク対策",
            important_note="※",
            entity=Entity.OTHER_RISK,
                children=(
                group(
                    "1.",
                    h.AUDIT,
                    at("①", i.SELF_CHECK, sub(i.SELF_CHECK_METHOD)),
                    at("②", i.AUDIT, sub(i.AUDIT_DETAIL)),
                ),
                group("2.", i.STAFF_EDUCATION.label, at("", i.STAFF_EDUCATION, sub(i.STAFF_EDUCATION_METHOD))),
                at("3.", i.OTHER_RISK_MEASURES),
            ),
        ),
        _disclosure(
            "V",
            at("①", i.REQUEST_TO),
            at("②", i.REQUEST_METHOD, sub(i.REQUEST_NOTES)),
            at("③", i.FEE, sub(i.FEE_DETAIL, inline=True)),
            at(
                "④",
                i.FILE_REGISTER,
                sub(i.FILE_REGISTER_NAME, show_if=When("file_register", "PUBLISHED")),
                sub(i.FILE_REGISTER_PLACE, show_if=When("file_register", "PUBLISHED")),
            ),
            at("⑤", i.SPECIAL_PROCEDURE),
            at("⑥", i.REGISTER_OMISSION),
        ),
        Section(
            code="procedure",
            number="VI",
            title=h.PROCEDURE,
            entity=Entity.PROCEDURE,
                children=(
                group("1.", h.BASIC_ASSESSMENT, at("①", i.BASIC_ASSESSMENT_DATE), at("②", i.THRESHOLD_ZENKOMOKU)),
                group(
                    "2.",
                    h.PUBLIC_COMMENT,
                    at("①", i.COMMENT_METHOD),
                    at("②", i.COMMENT_START, sub(i.COMMENT_END, inline=True)),
                    at("③", i.COMMENT_SHORTENING_REASON),
                    at("④", i.COMMENT_SUMMARY),
                    at("⑤", i.COMMENT_REFLECTION),
                ),
                group(
                    "3.",
                    h.THIRD_PARTY_INSPECTION,
                    at("①", i.THIRD_PARTY_DATE),
                    at("②", i.THIRD_PARTY_METHOD),
                    at("③", i.THIRD_PARTY_RESULT),
                ),
                group(
                    "4.",
                    f"{h.COMMISSION_APPROVAL} 【行政機関等のみ】",
                    at("①", i.PPC_SUBMISSION_DATE),
                    at("②", i.PPC_REVIEW),
                ),
            ),
        ),
        _change_log("(別添3)"),
        Section(
            code="glossary",
            title=h.GLOSSARY,
            entity=Entity.VERSION,
            in_contents=False,  # a local appendix, not a part of the official form
            children=(
                Repeat(
                    entity=Entity.GLOSSARY,
                    title="{term}",
                    children=(at("", i.GLOSSARY_GROUP), at("", i.GLOSSARY_TERM), at("", i.GLOSSARY_MEANING)),
                ),
            ),
        ),
    ),
)

KISO_RISK_NOTE = "2)又は3)を選択した評価実施機関については、それぞれ重点項目評価書又は全項目評価書において、リスク対策の詳細が記載されている。"

# 様式2. No 項目一覧, no repeating groups but the change log; II and III come from the 計画管理書's
# しきい値判断. Most of III and IV is not yet verified (items.py says which, in `unverified`).
KISO = Form(
    kind=FormKind.KISO,
    title="特定個人情報保護評価書(基礎項目評価書)",
    contents_title="",
    sections=(
        _cover(title=i.KISO_TITLE),
        Section(
            code="basic",
            number="I",
            title="関連情報",
            entity=Entity.BASIC_INFO,
            children=(
                group("1.", h.AFFAIR, at("①", i.AFFAIR_NAME), at("②", i.KISO_AFFAIR_SUMMARY), at("③", i.KISO_SYSTEM_NAMES)),
                at("2.", i.KISO_FILE_NAMES),
                group("3.", h.MYNUMBER_USE, at("", i.MYNUMBER_LEGAL_BASIS)),
                group("4.", h.NWS_LINKAGE, at("①", i.NWS_LINKAGE), at("②", i.NWS_LEGAL_BASIS, show_if=NWS_LEGAL_BASIS_SHOWN)),
                group("5.", h.DEPARTMENT, at("①", i.DEPARTMENT), at("②", i.DEPARTMENT_HEAD)),
                at("6.", i.OTHER_BODIES),
                group("7.", h.DISCLOSURE_REQUEST, at("", i.KISO_REQUEST_TO)),
                group("8.", h.INQUIRY, at("", i.KISO_INQUIRY_CONTACT)),
            ),
        ),
        Section(
            code="threshold",
            number="II",
            title="しきい値判断項目",
            entity=Entity.PROCEDURE,
            from_plan=True,
            children=(
                group("1.", h.SUBJECT_COUNT, at("", i.KISO_SUBJECT_BAND), at("", i.KISO_SUBJECT_COUNTED_ON)),
                group("2.", h.HANDLERS, at("", i.KISO_HANDLERS), at("", i.KISO_HANDLERS_COUNTED_ON)),
                group("3.", h.SERIOUS_INCIDENT, at("", i.KISO_INCIDENT)),
            ),
        ),
        Section(
            code="threshold_result",
            number="III",
            title="しきい値判断結果",
            entity=Entity.PROCEDURE,
            from_plan=True,
            same_page=True,
            children=(at("", i.KISO_THRESHOLD_RESULT),),
        ),
        Section(
            code="kiso_risk",
            number="IV",
            title="リスク対策",
            entity=Entity.OTHER_RISK,
            children=(
                group("1.", i.KISO_SUBMITTED_KINDS.label, at("", i.KISO_SUBMITTED_KINDS), Fixed(label="", text=KISO_RISK_NOTE)),
                group("2.", h.ACQUISITION, at("", i.KISO_ACQ_ADEQUACY)),
                group("3.", h.USE, at("", i.KISO_LINKING_ADEQUACY), at("", i.KISO_USE_ADEQUACY)),
                group("4.", h.OUTSOURCING, at("", i.KISO_OUTS_ADEQUACY, show_if=Unless("kiso_no_outsourcing")),
                      flags=(at("", i.KISO_NO_OUTSOURCING),)),
                group("5.", h.PROVISION_AND_TRANSFER_RISKS, at("", i.KISO_PT_ADEQUACY, show_if=Unless("kiso_no_provision")),
                      flags=(at("", i.KISO_NO_PROVISION),)),
                group(
                    "6.",
                    h.NWS_CONNECTION,
                    at("", i.KISO_NWS_ACQ_ADEQUACY, show_if=Unless("kiso_nws_no_acquisition")),
                    at("", i.KISO_NWS_PROV_ADEQUACY, show_if=Unless("kiso_nws_no_provision")),
                    flags=(at("", i.KISO_NWS_NO_ACQUISITION), at("", i.KISO_NWS_NO_PROVISION)),
                ),
                group("7.", h.STORAGE, at("", i.KISO_STORE_ADEQUACY)),
                group(
                    "8.",
                    "人手を介在させる作業",
                    at("", i.KISO_MANUAL_ADEQUACY, show_if=Unless("kiso_no_manual_work")),
                    at("", i.KISO_MANUAL_GROUNDS, show_if=Unless("kiso_no_manual_work")),
                    flags=(at("", i.KISO_NO_MANUAL_WORK),),
                ),
                group("9.", h.AUDIT, at("", i.KISO_AUDITS)),
                group("10.", i.KISO_EDUCATION.label, at("", i.KISO_EDUCATION)),
                group(
                    "11.",
                    i.KISO_PRIORITY.label,
                    at("", i.KISO_PRIORITY, show_if=Unless("kiso_full_evaluation")),
                    at("", i.KISO_PRIORITY_ADEQUACY, show_if=Unless("kiso_full_evaluation")),
                    at("", i.KISO_PRIORITY_GROUNDS, show_if=Unless("kiso_full_evaluation")),
                    flags=(at("", i.KISO_FULL_EVALUATION),),
                ),
            ),
        ),
        _change_log("(別添1)"),
    ),
)

FORMS = {FormKind.JUTEN: JUTEN, FormKind.ZENKOMOKU: ZENKOMOKU, FormKind.KISO: KISO}


def form_for(kind: str | FormKind):
    return FORMS[FormKind(kind)]
