"""The rules of the 規則, the 指針 and its 解説 that the portal enforces or proposes, each declared
once, with the words and the source of ../shared/reference/spec/shishin.md in its docstring.

`verified=False` marks a rule that rests on general knowledge (K in shishin.md), not on a source
read here: the page 「指針の規則」 (procedure:rules) lists every rule and says which ones still need
checking, and README's procedure section lists them too. A lawyer corrects a rule here, in one
place; the workflow, the 変更箇所 proposal and the 計画管理書 all ask these functions.

Sources (shishin.md): S1 指針 全文 (令和6年10月1日適用版); S2 指針 and 解説 quoted section by section;
S3 大田区 実施方針 (規則第7条第4項); S4 しきい値判断 as municipalities explain it; S5 指針 第2 定義;
S6 個人情報保護委員会 press release 2014-04-18 and ppc.go.jp (規則第15条); S7 記載要領 as quoted.
"""

from __future__ import annotations

import datetime as dt
import enum
import inspect
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    code: str
    title: str  # in Japanese, as staff see it next to a judgement
    source: str  # the source of shishin.md (V: read there)
    verified: bool  # False: K in shishin.md, general knowledge not read in a source
    strength: str  # 義務 (shall), 努力義務 (should), 任意, 判断
    function: Callable

    @property
    def words(self) -> str:
        return inspect.cleandoc(self.function.__doc__ or "")

    @property
    def status(self) -> str:
        return "確認済み" if self.verified else "未確認(一般的な理解による)"

    def cite(self) -> str:
        """How a judgement names the rule it applied: 「重要な変更(V S2-40, S7)」."""
        return f"{self.title}({self.source}{'' if self.verified else '・未確認'})"


RULES: dict[str, Rule] = {}


def rule(code: str, *, title: str, source: str, verified: bool, strength: str = "義務"):
    def register(function):
        RULES[code] = Rule(code, title, source, verified, strength, function)
        function.rule = RULES[code]
        return function

    return register


def unverified() -> list[Rule]:
    return [r for r in RULES.values() if not r.verified]


# §2 Who is a 行政機関等 ------------------------------------------------------------------------


class BodyCategory(enum.StrEnum):
    LOCAL = "local"
    LOCAL_INCORPORATED = "local_incorporated"
    MINISTRY = "ministry"
    INCORPORATED = "incorporated"
    JLIS = "jlis"
    INFORMATION_HOLDER = "information_holder"

    @property
    def label(self) -> str:
        return {
            "local": "地方公共団体(都道府県・市区町村・一部事務組合等)",
            "local_incorporated": "地方独立行政法人",
            "ministry": "行政機関の長",
            "incorporated": "独立行政法人等",
            "jlis": "地方公共団体情報システム機構",
            "information_holder": "番号法第19条第7号に規定する情報照会者・情報提供者(健康保険組合等。地方公共団体等を除く)",
        }[self.value]


@rule("government_body", title="行政機関等の範囲", source="V S5", verified=True, strength="判断")
def is_government_body(category: str) -> bool:  # the choices are Organisation.body_category's
    """「行政機関の長、独立行政法人等、地方公共団体情報システム機構並びに番号法第19条第7号に規定する
    情報照会者及び情報提供者(地方公共団体等を除く)」(指針 第2 定義)。これらは全項目評価書について
    第三者点検ではなく個人情報保護委員会の承認を受ける。地方公共団体と地方独立行政法人は
    地方公共団体等であり、第三者点検を受ける。"""
    return BodyCategory(category) not in (BodyCategory.LOCAL, BodyCategory.LOCAL_INCORPORATED)


# §1 しきい値判断 -------------------------------------------------------------------------------


@rule("threshold", title="しきい値判断", source="V S2-8, S2-14, S2-29, S4(1,000人以上10万人未満の行は K)", verified=False,
      strength="義務")
def threshold(subject_band: str, handlers: str, serious_incident: bool):
    """対象人数、取扱者数(委託先の従業者を含む)、評価実施機関における過去1年以内の特定個人情報に
    関する重大事故の有無の三つから、実施が義務付けられる評価を決める。1,000人未満は義務付けられない。
    10万人以上30万人未満は重点項目評価、取扱者数500人以上又は重大事故ありで全項目評価。30万人以上は
    全項目評価。1,000人以上1万人未満、1万人以上10万人未満の行は一般的な理解による(K)。
    表は planning/threshold.py の RULE に一度だけ書かれ、行ごとに確認の有無を持つ。"""
    from pia_portal.planning.threshold import decide

    return decide(subject_band, handlers, serious_incident)


@rule("incident_scope", title="重大事故は評価実施機関の全ての事務に及ぶ", source="V S2-14", verified=True, strength="判断")
def incident_counts(*, attributable: bool, occurred_on: dt.date, decided_on: dt.date) -> bool:
    """「評価実施機関における…重大事故」: 重大事故の有無は事務ではなく評価実施機関の回答であり、一度
    記録した重大事故はその評価実施機関の全ての事務のしきい値判断を変える。評価実施機関に帰責しない
    事故(配送事業者の事故など)は除く。判断日の過去1年以内に発生したものだけを数える。"""
    from pia_portal.planning.duties import shift_years
    from pia_portal.planning.threshold import INCIDENT_WINDOW_YEARS

    window_start = shift_years(decided_on, -INCIDENT_WINDOW_YEARS) + dt.timedelta(days=1)
    return attributable and window_start <= occurred_on <= decided_on


SERIOUS_INCIDENT_DEFINITION = (
    "重大事故とは、特定個人情報に関する事故のうち、評価実施機関の従業者が不正の目的で特定個人情報を"
    "提供・盗用したもの、不正アクセス等により特定個人情報が漏えい・滅失・毀損したもの、又は漏えい等の"
    "対象となった本人の数が101人以上であるものなどをいいます(配送事業者の事故など、評価実施機関に"
    "帰責しないものを除きます)。"
)


@rule("incident_definition", title="重大事故の定義", source="K(V S2-14 は帰責しない事故の除外のみ)", verified=False,
      strength="判断")
def incident_definition() -> str:
    """重大事故の定義(画面に表示する文言)。定義の詳細(不正の目的による提供・盗用、不正アクセス等、
    101人以上)は一般的な理解による(K)。評価実施機関に帰責しない事故を除くことは V S2-14。"""
    return SERIOUS_INCIDENT_DEFINITION


class Exemption(enum.StrEnum):
    STAFF = "staff"
    FEW = "few"
    MANUAL_ONLY = "manual_only"

    @property
    def label(self) -> str:
        return {
            "staff": "職員又は職員であった者の人事、給与、福利厚生に関する事項を記録したファイルのみを取り扱う事務",
            "few": "対象人数が1,000人未満の事務",
            "manual_only": "手作業処理用ファイル(紙ファイル等)のみを取り扱う事務",
        }[self.value]


@rule("exemptions", title="規則第4条により評価を要しない事務", source="V S2-4, S2-804(存在のみ)、一覧は K", verified=False,
      strength="判断")
def exemption_basis(exemption: str) -> str:
    """規則第4条は、対象人数1,000人未満の事務のほか、職員の人事・給与・福利厚生に関する事項を記録した
    ファイルのみを取り扱う事務などを評価の対象から除く。除外があることは V S2-4, S2-804、一覧そのものは
    一般的な理解による(K)。"""
    return f"規則第4条: {Exemption(exemption).label}"


# §3 The procedure of a 全項目評価 ----------------------------------------------------------------


class Step(enum.StrEnum):
    COMMENTS = "comments"
    INSPECTION = "inspection"
    COMMISSION = "commission"

    @property
    def label(self) -> str:
        from pia_portal.reports.structure import headings

        return {"comments": headings.PUBLIC_COMMENT, "inspection": headings.THIRD_PARTY_INSPECTION,
                "commission": headings.COMMISSION_APPROVAL}[self.value]


@rule("procedure", title="全項目評価の手続", source="V S2-805, S3, S2-804, S2-44", verified=True)
def procedure_steps(*, government_body: bool) -> list[Step]:
    """地方公共団体等: 公示し住民等の意見を聴取し、第三者点検(学識経験者を含む者で構成される合議制の
    機関による点検)を受けた上で委員会に提出し公表する。行政機関等: 公示し国民の意見を聴取し、委員会に
    提出してその承認を受けた上で公表する。"""
    return [Step.COMMENTS, Step.COMMISSION if government_body else Step.INSPECTION]


@rule("reevaluation_procedure", title="再実施も同じ手続", source="V S2-805, S2-40", verified=True)
def reevaluation_needs_procedure(cause: str) -> bool:
    """全項目評価を重要な変更のため又はしきい値判断の結果が変わったため再実施するときも、同じ手続
    (意見の聴取、第三者点検又は委員会の承認)を経る。5年経過、重大事故による再実施も全項目評価の
    再実施であり、同じ手続を経る。"""
    return cause != "voluntary"


MINIMUM_COMMENT_DAYS = 30


@rule("comment_period", title="意見の聴取は原則30日以上", source="V S3(規則第7条第4項、指針)", verified=True)
def comment_period_problem(starts_on: dt.date, ends_on: dt.date, reason: str, *, today: dt.date) -> tuple[str, str] | None:
    """「原則として30日以上…特段の理由がある場合には、全項目評価書においてその理由を明らかにした上で
    これを短縮することができる」。期間は両端の日を含めて数える。"""
    if starts_on < today:
        return "starts_on", "開始日に過去の日付は指定できません。"
    if ends_on < starts_on:
        return "ends_on", "終了日は開始日より後の日付にしてください。"
    days = (ends_on - starts_on).days + 1
    if days < MINIMUM_COMMENT_DAYS and not reason.strip():
        return "shortening_reason", (
            f"期間が{days}日間です。{MINIMUM_COMMENT_DAYS}日未満にする場合は、期間を短縮する特段の理由を入力してください。"
        )
    return None


@rule("voluntary_no_approval", title="任意の全項目評価書は委員会の承認を受けない", source="V S2-44", verified=True,
      strength="判断")
def commission_approves(*, voluntary: bool, government_body: bool) -> bool:
    """委員会は、基礎項目評価書・重点項目評価書、地方公共団体等の全項目評価書、及び「任意で提出された
    全項目評価書」を承認しない。しきい値判断が求めるより上の全項目評価は任意であり、承認を待たない。"""
    return government_body and not voluntary


@rule("voluntary_steps_optional", title="任意の評価の意見の聴取・第三者点検は任意", source="K", verified=False, strength="任意")
def voluntary_steps_required(*, voluntary: bool) -> bool:
    """任意で実施する全項目評価の意見の聴取と第三者点検を必須とするかは確認できていない(K)。任意の
    手続として扱い、行った場合は記録する。"""
    return not voluntary


# §5 After publication: 重要な変更 and 修正 -------------------------------------------------------


class Classification(enum.StrEnum):
    IMPORTANT = "important"
    MINOR = "minor"
    RISK_REDUCED = "risk_reduced"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "important": "重要な変更",
            "minor": "重要な変更に当たらない:形式的な変更(誤字脱字、名称・条番号の変更)",
            "risk_reduced": "重要な変更に当たらない:リスクを明らかに軽減",
            "other": "その他の項目の変更(事前の提出・公表が義務付けられない)",
        }[self.value]

    @property
    def timing(self):
        """The 提出時期 a classification proposes: 事前 for a 重要な変更, 事後 otherwise."""
        from pia_portal.changelog.explain import Timing

        return Timing.PRIOR if self is Classification.IMPORTANT else Timing.POST


@dataclass(frozen=True)
class Proposal:
    classification: Classification
    basis: str  # the rule applied, in plain Japanese


ARTICLE_CHARS = set("0123456789０１２３４５６７８９一二三四五六七八九十百〇条項号第の之")


@rule("important_change", title="※の項目の変更は重要な変更", source="V S2-40, S7", verified=True)
def important_change(*, marked: bool) -> Proposal | None:
    """様式で※が付された項目の変更は重要な変更であり、変更前に評価を再実施し、提出・公表する(提出時期
    「事前」)。変更の長さは判断に関係しない:「連携しない」→「連携する」、保存期間「5年」→「50年」、
    別の委託先は、数文字の変更でも重要な変更である。※のない項目の変更は評価書の修正で、事後に提出・
    公表する。"""
    if not marked:
        return Proposal(Classification.OTHER, "※のない項目の変更は評価書の修正(事後に提出・公表)")
    return None


@rule("formal_change", title="形式的な変更は重要な変更に当たらない", source="K(shishin.md §5: 例外は実質による)",
      verified=False, strength="判断")
def formal_change(*, cause: str, before: str, after: str) -> Proposal | None:
    """誤字脱字の訂正、部署名や法令の条番号の変更で、行うことが変わらないものは形式的な変更であり、重要な
    変更に当たらない。誤字かどうかは文字数では決めず、変わった文字を示して職員が判断する。案として
    形式的とするのは、組織改編による部署名の変更と、法令の根拠で条・項・号の番号だけが変わったもの。"""
    if cause == "reorganisation":
        return Proposal(Classification.MINOR, "部署名の変更(組織改編による名称変更で、行う事務は変わらない)は形式的な変更。担当する事務が移った場合は重要な変更に直してください")
    if cause == "law" and before and after and _only_numbering(before, after):
        return Proposal(Classification.MINOR, "法令の条・項・号の番号だけの変更は形式的な変更。根拠の内容が変わった場合は重要な変更に直してください")
    return None


def _only_numbering(before: str, after: str) -> bool:
    import difflib

    a, b = unicodedata.normalize("NFKC", before), unicodedata.normalize("NFKC", after)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    changed = "".join(a[a0:a1] + b[b0:b1] for op, a0, a1, b0, b1 in matcher.get_opcodes() if op != "equal")
    return bool(changed) and set(changed) <= ARTICLE_CHARS and bool(re.search(r"第.*条", a)) and bool(re.search(r"第.*条", b))


@rule("risk_reduced", title="リスクを明らかに軽減させる変更は重要な変更に当たらない", source="K(shishin.md §5)",
      verified=False, strength="判断")
def risk_reduced(*, better_rating: bool, only_added: bool, risk_measure: bool) -> Proposal | None:
    """リスクを明らかに軽減させる変更(自己評価の向上、対策を追加するだけで何も除かない変更)は重要な
    変更に当たらない。"""
    if better_rating:
        return Proposal(Classification.RISK_REDUCED, "自己評価が上がる変更はリスクを明らかに軽減させる変更")
    if risk_measure and only_added:
        return Proposal(Classification.RISK_REDUCED, "リスク対策を追加するだけで何も除かない変更はリスクを明らかに軽減させる変更")
    return None


class LateCause(enum.StrEnum):
    EMERGENCY = "emergency"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"emergency": "緊急時(災害その他)", "other": "その他(手続の遅れ・誤りなど)"}[self.value]


@rule("important_change_post", title="事後でも重要な変更は重要な変更", source="shishin.md §5(出典の記載なし)", verified=False)
def post_important_change(*, important: bool, post: bool) -> bool:
    """重要な変更は、事後に記録されても(緊急時、又は誤り)重要な変更のままであり、評価は再実施する。
    行には遅れた理由(緊急時又はその他)を書く。提出時期を事後にしても手続は取り消されない。
    (True: the row needs a reason why it is late)"""
    return important and post


@rule("prior_timing", title="事前とは変更日より前の公表", source="V S7", verified=True)
def is_prior(*, change_date: dt.date | None, published_on: dt.date | None) -> bool | None:
    """提出時期:「委員会に提出・公表する時期が、変更前である場合は「事前」と、変更後である場合は
    「事後」」。行が事前であるのは、その版が変更日より前に公表された場合だけ。(None: 変更日がない)"""
    if change_date is None:
        return None
    return published_on is not None and published_on < change_date


class Purpose(enum.StrEnum):
    """What a version is: the first evaluation of its report, a 再実施, or a 評価書の修正."""

    FIRST = "first"
    REEVALUATION = "reevaluation"
    CORRECTION = "correction"

    @property
    def label(self) -> str:
        return {"first": "新規の評価", "reevaluation": "再実施", "correction": "評価書の修正"}[self.value]


class ReevaluationCause(enum.StrEnum):
    IMPORTANT_CHANGE = "important_change"
    THRESHOLD_CHANGE = "threshold_change"
    FIVE_YEARS = "five_years"
    SERIOUS_INCIDENT = "serious_incident"
    VOLUNTARY = "voluntary"

    @property
    def label(self) -> str:
        return {
            "important_change": "重要な変更",
            "threshold_change": "しきい値判断の結果の変更",
            "five_years": "前回の評価から5年経過",
            "serious_incident": "重大事故の発生",
            "voluntary": "任意の再実施",
        }[self.value]


@rule("first_evaluation", title="新規の評価は評価書の種類ごと", source="V S2-805, S2-40(種類ごとに判断すること)", verified=True)
def is_first(*, published_in_portal: bool, published_outside: bool) -> bool:
    """評価書の種類(基礎・重点・全項目)ごとに、その種類の評価書が初めて作られるときが新規の評価である。
    事務の基礎項目評価書がポータル外で公表されていても、新たな全項目評価書は新規の全項目評価であり、
    意見の聴取と第三者点検(又は委員会の承認)を経る。"""
    return not (published_in_portal or published_outside)


@rule("correction", title="評価書の修正は事後、再実施ではない", source="V S7, S2-40(5年の期間を再開しないことは K)",
      verified=False)
def correction_restarts_period(kind: str) -> bool:
    """重要な変更以外の変更は評価書の修正であり、事後(遅滞なく)提出・公表する。修正は再実施ではなく、
    修正した版の公表は5年の期間を再開しない(K)。"""
    return kind != "correction"


# §4 実施時期 -------------------------------------------------------------------------------------


@rule("timing_new_file", title="実施時期: ファイルを保有する前", source="V S2-39, S6", verified=True)
def evaluation_due(*, holds_on: dt.date | None, requirements_end: dt.date | None, system_file: bool) -> dt.date | None:
    """新たにファイルを保有するときは、保有する前に評価を実施する。システム用ファイルは、原則として
    システムの要件定義の終了まで(構築の前)に実施する(「システムの開発前に実施する必要があります」)。"""
    if system_file and requirements_end is not None:
        return requirements_end
    return holds_on


@rule("emergency", title="緊急時の事後評価", source="V S2-39(規則第9条第2項)、30日の目安は K", verified=False)
def emergency_due(*, held_on: dt.date) -> dt.date:
    """災害その他の緊急時には、ファイルを保有した後、速やかに評価を実施することができる。速やかには
    期限の定めがなく、ここでは保有から30日を目安として期限を示す(目安は K)。"""
    return held_on + dt.timedelta(days=30)


# §5 Periodic duties and the end of a 事務 ---------------------------------------------------------


REEVALUATION_YEARS = 5


@rule("five_years", title="5年を経過する前の再実施", source="V S6(規則第15条)", verified=True, strength="努力義務")
def five_year_base(published: list[tuple[dt.date, str]]) -> dt.date | None:
    """最新の評価(初回の評価又は再実施)の公表から5年を経過する前に再実施するよう努める。評価書の修正の
    公表は期間を再開しない。`published`: (公表日, 版の種類) の組。"""
    days = [day for day, kind in published if correction_restarts_period(kind)]
    return max(days, default=None)


@rule("annual_review", title="少なくとも1年に1回の見直し", source="V(Wikipedia via weblio, S2)", verified=True, strength="努力義務")
def review_years() -> int:
    """評価書の記載内容を少なくとも1年に1回見直すよう努める。変更がなかった見直しも見直しに数える。"""
    return 1


@rule("threshold_change", title="しきい値判断の結果が変わったら再実施", source="V S2-40", verified=True)
def threshold_raised(previous_rank: int | None, new_rank: int) -> bool:
    """しきい値判断の結果が変わり、より上の評価が必要になったときは、新たな水準で評価を再実施する。"""
    return previous_rank is not None and new_rank > previous_rank


THRESHOLD_CHANGE_DAYS = 180


@rule("threshold_change_due", title="しきい値判断の結果が変わったときの再実施の期限",
      source="V S2-40(再実施の義務)、期限の定めはなく 180日の目安は K", verified=False)
def threshold_change_due(decided_on: dt.date) -> dt.date:
    """すでに評価を公表している事務のしきい値判断の結果が変わり(重大事故による再判断を含む)、より上の
    評価が必要になったとき、指針は再実施を求めるが期限を定めていない。判断の日を期限とすると記録した
    瞬間に期限間近となるため、ここでは判断から180日を目安として期限を示す。全項目評価の再実施には意見の
    聴取(30日以上)と第三者点検を要し、数か月かかる。目安は K であり、この定数だけを改めればよい。"""
    return decided_on + dt.timedelta(days=THRESHOLD_CHANGE_DAYS)


PUBLIC_AFTER_END_YEARS = 3


@rule("affair_end", title="事務の終了: 委員会への通知と3年以上の公表", source="V S2-38, S7", verified=True)
def public_until(ended_on: dt.date) -> dt.date:
    """事務を終了したときは遅滞なく委員会に通知し、評価書は終了後少なくとも3年間公表を続ける。3年を
    過ぎても自動では公表を終えず、職員が確認して終える。"""
    from pia_portal.planning.duties import period_end

    return period_end(ended_on, years=PUBLIC_AFTER_END_YEARS)


@rule("plan_submission", title="計画管理書の提出", source="V S1(第5 1 計画管理書)", verified=True)
def plan_records() -> list[str]:
    """計画管理書を作成し委員会に提出する。提出した日、各事務のしきい値判断とその根拠、必要な評価と
    それを必要とする規則、再実施とその原因、事務の終了と委員会への通知を記録する。"""
    return ["提出日", "しきい値判断と根拠", "必要な評価と規則", "再実施と原因", "事務の終了と通知"]
