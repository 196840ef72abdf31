"""The 指針's rules, one table per rule (procedure/shishin.py; ../shared/reference/spec/shishin.md):
what the portal proposes or requires, at the boundaries the rule draws."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from pia_portal.changelog import explain
from pia_portal.changelog import services as changelog
from pia_portal.changelog.generate import ChangeLogError
from pia_portal.core.wareki import format_date
from pia_portal.organisations.models import Role
from pia_portal.procedure import shishin
from pia_portal.procedure.rules import Step, state_of
from pia_portal.reports import models as m
from pia_portal.reports.services import start_new_version
from pia_portal.reports.structure import items as i
from pia_portal.reports.structure import option_sets as o
from tests.builders import publish

IMPORTANT, MINOR, RISK_REDUCED, OTHER = (shishin.Classification.IMPORTANT, shishin.Classification.MINOR,
                                         shishin.Classification.RISK_REDUCED, shishin.Classification.OTHER)


# 重要な変更: of substance, never of length ---------------------------------------------------------

@pytest.mark.parametrize("item, marked, before, after, expected", [
    # The three examples of the issue: a few characters, each a 重要な変更.
    (i.AFFAIR_DESCRIPTION, True, "住民基本台帳ネットワークシステムと連携しない", "住民基本台帳ネットワークシステムと連携する", IMPORTANT),
    (i.RETENTION_VALIDITY, True, "5年", "50年", IMPORTANT),
    (i.CONTRACTOR_NAME, True, "株式会社ABC", "株式会社ABD", IMPORTANT),
    # A typo is shown, not decided by counting: staff reclassify it with a reason.
    (i.AFFAIR_DESCRIPTION, True, "住民票の写しの交付事務", "住民票の写しの交付事務。", IMPORTANT),
    # Formal: a renamed department; an article renumbered in a legal basis.
    (i.DEPARTMENT, True, "市民課", "市民窓口課", MINOR),
    (i.MYNUMBER_LEGAL_BASIS, True, "番号法第9条第1項", "住民基本台帳法第30条の9", IMPORTANT),
    (i.MYNUMBER_LEGAL_BASIS, True, "番号法第9条第1項", "番号法第9条第2項", MINOR),
    # Clearly reduces the risk: a better self-rating.
    (i.NWS_R1_ADEQUACY, True, "十分である", "特に力を入れている", RISK_REDUCED),
    # Not ※: a 修正.
    (i.AFFAIR_DESCRIPTION, False, "連携しない", "連携する", OTHER),
])
def test_a_change_of_a_marked_item_is_proposed_by_its_substance(item, marked, before, after, expected):
    old_value = new_value = None
    if item is i.NWS_R1_ADEQUACY:
        old_value, new_value = o.ADEQUACY.codes[1], o.ADEQUACY.codes[0]
    proposal = explain.propose(item, marked, before, after, old_value=old_value, new_value=new_value)

    assert proposal.classification is expected
    assert proposal.basis  # says which rule, in words


def test_a_measure_added_with_nothing_removed_clearly_reduces_risk():
    from pia_portal.reports.structure import Entity

    added = explain.propose(i.NWS_R1_MEASURES, True, "アクセス権限を設定する。", "アクセス権限を設定する。操作ログを確認する。",
                            entity=Entity.RISK)
    replaced = explain.propose(i.NWS_R1_MEASURES, True, "アクセス権限を設定する。", "操作ログを確認する。", entity=Entity.RISK)

    assert added.classification is RISK_REDUCED
    assert replaced.classification is IMPORTANT


def test_the_characters_that_changed_are_shown():
    assert explain.changed_characters("連携しない", "連携する") == "「しない」→「する」"


def test_every_rule_has_its_words_and_source_and_the_unverified_are_listed():
    for rule in shishin.RULES.values():
        assert rule.words and rule.source and rule.title
    unverified = {r.code for r in shishin.unverified()}
    assert {"formal_change", "risk_reduced", "voluntary_steps_optional", "exemptions"} <= unverified
    assert "important_change" not in unverified


# Staff decide; 事後 does not cancel a 重要な変更 ---------------------------------------------------

@pytest.fixture
def author(make_person, organisation):
    return make_person("shishin-author", organisation, Role.AUTHOR)


def _draft(organisation, author):
    from pia_portal.demo.reports import load_zenkomoku

    old = publish(load_zenkomoku(organisation))
    return start_new_version(old.report, actor=author)


def _changed(organisation, author, text):
    new = _draft(organisation, author)
    file = m.PersonalInfoFile.objects.filter(version=new).order_by("position").first()
    file.purpose = text(file.purpose)
    file.save()
    (state,) = [s for s in changelog.proposal_for(new)[1] if "使用目的" in s.row.item]
    return new, state


@pytest.mark.django_db
def test_staff_set_a_typo_as_formal_with_a_reason_kept_in_the_explanation(organisation, author):
    new, state = _changed(organisation, author, lambda text: text + "。")
    assert state.is_important and state_of(new).why == "重要な変更"

    with pytest.raises(ChangeLogError, match="判断の理由"):
        changelog.classify_row(new, state.key, classification="minor", cause="wording", actor=author)
    changelog.classify_row(new, state.key, classification="minor", cause="wording", reason="句点の脱字の訂正", actor=author)
    changelog.accept_rows(new, [state.key], actor=author)

    entry = m.ChangeLogEntry.objects.get(version=new, proposal_key=state.key)
    assert not entry.important and entry.timing == "POST"
    assert "句点の脱字の訂正" in entry.explanation
    assert state_of(new).why == ""


@pytest.mark.django_db
def test_staff_make_a_row_a_important_change(organisation, author):
    new = _draft(organisation, author)
    m.Cover.objects.filter(version=new).update(title="住民基本台帳に関する事務 全項目評価書(新)")
    (title,) = [s for s in changelog.proposal_for(new)[1] if s.row.classification is OTHER][:1]

    changelog.classify_row(new, title.key, classification="important", cause="review", reason="事務の範囲が変わるため",
                           actor=author)

    assert state_of(new).why == "重要な変更"


@pytest.mark.django_db
def test_a_important_change_set_to_post_keeps_its_procedure_and_needs_a_reason(organisation, author):
    new, state = _changed(organisation, author, lambda text: "転入者の健康診断の案内に用いる。")

    with pytest.raises(ChangeLogError, match="理由"):
        changelog.set_timing(new, [state.key], "POST", actor=author)
    with pytest.raises(ChangeLogError, match="区分"):
        changelog.classify_row(new, state.key, classification="important", cause="review", timing="POST", actor=author)
    changelog.classify_row(new, state.key, classification="important", cause="review", timing="POST",
                           late_cause="emergency", actor=author)
    changelog.accept_rows(new, [state.key], actor=author)

    entry = m.ChangeLogEntry.objects.get(version=new, proposal_key=state.key)
    assert entry.important and entry.timing == "POST" and "緊急時" in entry.explanation
    assert state_of(new).why == "重要な変更" and state_of(new).missing == [Step.COMMENTS, Step.INSPECTION]


@pytest.mark.django_db
def test_the_rules_page_lists_every_rule_and_flags_the_unverified(client, organisation, author):
    client.force_login(author)
    page = client.get(reverse("procedure:rules", args=[organisation.slug])).content.decode()

    assert all(f'id="rule-{code}"' in page for code in shishin.RULES)
    assert "V S2-40" in page and "unverified-count" in page


# Small rules of dates ----------------------------------------------------------------------------

@pytest.mark.parametrize("change_date, published_on, prior", [
    (dt.date(2026, 4, 1), dt.date(2026, 3, 31), True),
    (dt.date(2026, 4, 1), dt.date(2026, 4, 1), False),  # published on the day of the change: 事後
    (dt.date(2026, 4, 1), None, False),
    (None, dt.date(2026, 3, 1), None),
])
def test_a_row_is_prior_only_when_published_before_its_change_date(change_date, published_on, prior):
    assert shishin.is_prior(change_date=change_date, published_on=published_on) is prior


@pytest.mark.parametrize("days, reason, field", [
    (30, "", None), (29, "", "shortening_reason"), (29, "施行日に間に合わせるため", None),
])
def test_the_comment_period_is_thirty_days_unless_a_reason_is_given(days, reason, field):
    start = dt.date(2026, 5, 1)
    problem = shishin.comment_period_problem(start, start + dt.timedelta(days=days - 1), reason, today=start)
    assert (problem[0] if problem else None) == field


# 再実施 and 修正; first evaluation per kind; 任意 --------------------------------------------------

def _published_on(version, day):
    """Published on `day` as the workflow would record it (the purpose fixed with it)."""
    from pia_portal.procedure.services import fix_purpose

    fix_purpose(version)
    m.Cover.objects.filter(version=version).update(publication_date=day)
    m.Version.objects.filter(report=version.report, status=m.VersionStatus.PUBLISHED).update(status=m.VersionStatus.SUPERSEDED)
    m.Version.objects.filter(pk=version.pk).update(
        status=m.VersionStatus.PUBLISHED, published_at=dt.datetime.combine(day, dt.time(12), tzinfo=dt.timezone.utc))
    version.refresh_from_db()
    return version


def _reevaluation_due(affair):
    from pia_portal.planning.duties import DutyKind
    from pia_portal.planning.plan import row_of

    return row_of(affair).due(DutyKind.REEVALUATION).due_on


@pytest.mark.django_db
def test_a_correction_published_in_year_four_does_not_restart_the_five_years(organisation, author):
    from pia_portal.demo.reports import load_zenkomoku

    first = _published_on(load_zenkomoku(organisation), dt.date(2021, 4, 1))
    correction = start_new_version(first.report, actor=author)
    m.Cover.objects.filter(version=correction).update(title="住民基本台帳に関する事務 全項目評価書")  # not ※
    assert state_of(correction).purpose is shishin.Purpose.CORRECTION and state_of(correction).why == ""
    _published_on(correction, dt.date(2025, 3, 1))

    assert _reevaluation_due(first.report.affair) == dt.date(2026, 4, 1)  # 5 years from the first, not 2030


@pytest.mark.django_db
def test_a_five_year_reevaluation_carries_the_procedure_and_restarts_the_period(organisation, author):
    from pia_portal.demo.reports import load_zenkomoku
    from pia_portal.procedure import services as procedure

    first = _published_on(load_zenkomoku(organisation), dt.date(2021, 4, 1))
    again = start_new_version(first.report, actor=author)
    procedure.declare_purpose(again, actor=author, kind="reevaluation", cause="five_years")

    state = state_of(again)
    assert state.why == "全項目評価の再実施(前回の評価から5年経過)"
    assert state.missing == [Step.COMMENTS, Step.INSPECTION]
    _published_on(again, dt.date(2026, 2, 1))
    assert _reevaluation_due(first.report.affair) == dt.date(2031, 2, 1)


@pytest.mark.django_db
def test_a_version_with_a_important_change_cannot_be_declared_a_correction(organisation, author):
    from pia_portal.procedure import services as procedure

    new, _ = _changed(organisation, author, lambda text: "転入者の健康診断の案内に用いる。")
    with pytest.raises(procedure.ProcedureError, match="修正にはできません"):
        procedure.declare_purpose(new, actor=author, kind="correction")


@pytest.mark.django_db
def test_a_new_zenkomoku_after_an_outside_kiso_is_a_first_evaluation(organisation, author):
    from pia_portal.procedure import services as procedure
    from pia_portal.reports.services import create_report

    kiso = create_report(organisation, kind="kiso", assessment_number="30", title="国民健康保険に関する事務 基礎項目評価書",
                         affair_name="国民健康保険に関する事務", actor=author)
    kiso.report.affair.published_outside_on = dt.date(2024, 6, 1)
    kiso.report.affair.save()
    procedure.record_outside_publication(kiso.report, actor=author, published_on=dt.date(2024, 6, 1))
    zenkomoku = create_report(organisation, kind="zenkomoku", assessment_number="30", title="国民健康保険に関する事務 全項目評価書",
                              affair_name="国民健康保険に関する事務", actor=author)

    assert state_of(zenkomoku).why == "新規の全項目評価"
    # Its own outside publication, recorded by staff, is what makes it not new.
    procedure.record_outside_publication(zenkomoku.report, actor=author, published_on=dt.date(2024, 6, 1))
    assert state_of(zenkomoku).why == ""


def _judged(affair, author, band, handlers="UNDER_500", day=dt.date(2026, 1, 10)):
    from pia_portal.planning import services as planning

    return planning.record_threshold(affair, subject_band=band, subject_counted_on=day, handlers=handlers,
                                     handlers_counted_on=day, serious_incident=False, decided_on=day, actor=author)


@pytest.mark.django_db
def test_a_voluntary_zenkomoku_of_an_incorporated_body_never_waits_for_approval(organisation, author):
    from pia_portal.demo.reports import load_zenkomoku
    from pia_portal.procedure import services as procedure

    _make_government(organisation)
    zenkomoku = load_zenkomoku(organisation)
    _judged(zenkomoku.report.affair, author, "FROM_10K_TO_100K")  # 基礎 only: the 全項目 is 任意

    state = state_of(zenkomoku)
    assert state.voluntary and state.required == [] and state.optional == [Step.COMMENTS]
    assert state.missing == []
    with pytest.raises(procedure.ProcedureError, match="任意"):
        procedure.record_commission_approval(zenkomoku, actor=author, submitted_on=dt.date(2026, 2, 1), review="なし",
                                             approved_on=dt.date(2026, 2, 2), today=dt.date(2026, 3, 1))


def _make_government(organisation):
    from pia_portal.organisations.models import Organisation

    fields = {f.name for f in Organisation._meta.get_fields()}
    values = {"body_category": "incorporated"} if "body_category" in fields else {"is_national_agency": True}
    Organisation.objects.filter(pk=organisation.pk).update(**values)
    organisation.refresh_from_db()


# 重大事故: the organisation's, for a year ------------------------------------------------------

@pytest.mark.django_db
def test_a_serious_incident_rejudges_every_affair_of_the_organisation_for_a_year(organisation, author):
    from pia_portal.planning import services as planning
    from pia_portal.planning.duties import DutyKind
    from pia_portal.planning.judgement import effective_requirement
    from pia_portal.planning.plan import row_of
    from pia_portal.planning.threshold import Required

    small, middle, large = (planning.create_affair(organisation, number=str(n), name=f"事務{n}", actor=author) for n in (41, 42, 43))
    _judged(small, author, "UNDER_1K")
    _judged(middle, author, "FROM_10K_TO_100K")
    _judged(large, author, "FROM_100K_TO_300K")
    day = dt.date(2026, 3, 1)

    planning.record_incident(organisation, occurred_on=day, summary="委託先の従業者による特定個人情報の持ち出し",
                             attributable=True, actor=author, today=day)

    assert [effective_requirement(a, day) for a in (small, middle, large)] == [Required.NONE, Required.JUTEN, Required.ZENKOMOKU]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.localdate", lambda *args: day)
        duty = row_of(large).due(DutyKind.EVALUATION)
    assert duty.due_on == shishin.threshold_change_due(day) and "重大事故" in duty.basis and "全項目評価" in duty.basis
    # The window ends on its own: a year later the judgement is back.
    assert effective_requirement(large, dt.date(2027, 2, 28)) == Required.ZENKOMOKU
    assert effective_requirement(large, dt.date(2027, 3, 1)) == Required.JUTEN


@pytest.mark.django_db
def test_an_incident_not_attributable_to_the_body_changes_nothing(organisation, author):
    from pia_portal.planning import services as planning
    from pia_portal.planning.judgement import effective_requirement
    from pia_portal.planning.threshold import Required

    affair = planning.create_affair(organisation, number="44", name="事務44", actor=author)
    _judged(affair, author, "FROM_100K_TO_300K")
    day = dt.date(2026, 3, 1)
    planning.record_incident(organisation, occurred_on=day, summary="配送事業者による誤配送", attributable=False,
                             actor=author, today=day)

    assert effective_requirement(affair, day) == Required.JUTEN


# Timing: 実施時期, the 緊急時 path, 事前 rows ------------------------------------------------------

@pytest.mark.parametrize("fields, due, words", [
    ({"file_held_on": dt.date(2027, 4, 1)}, dt.date(2027, 4, 1), "ファイルを保有する前"),
    ({"file_held_on": dt.date(2027, 4, 1), "system_file": True, "requirements_end_on": dt.date(2026, 9, 30)},
     dt.date(2026, 9, 30), "要件定義の終了まで"),
    ({"file_held_on": dt.date(2026, 1, 5), "emergency_reason": "災害時の被災者支援のため"}, dt.date(2026, 2, 4), "緊急時の事後評価"),
])
@pytest.mark.django_db
def test_a_new_affair_is_due_by_its_implementation_time(organisation, author, fields, due, words):
    from pia_portal.planning import services as planning
    from pia_portal.planning.duties import DutyKind
    from pia_portal.planning.plan import row_of

    affair = planning.create_affair(organisation, number="51", name="新しい事務", actor=author, **fields)

    duty = row_of(affair).due(DutyKind.FIRST_EVALUATION)
    assert duty.due_on == due and words in duty.basis
    assert duty.state(due + dt.timedelta(days=1)) == "overdue"


@pytest.mark.django_db
def test_a_system_file_needs_the_end_of_its_requirements_definition(organisation, author):
    from pia_portal.planning import services as planning

    with pytest.raises(planning.PlanningError, match="要件定義の終了予定日"):
        planning.create_affair(organisation, number="52", name="システムの事務", actor=author, system_file=True,
                               file_held_on=dt.date(2027, 4, 1))


@pytest.mark.django_db
def test_a_prior_row_not_published_before_its_change_date_is_flagged(client, organisation, author, make_person):
    new, state = _changed(organisation, author, lambda text: "転入者の健康診断の案内に用いる。")
    changelog.accept_rows(new, [state.key], actor=author)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    changelog.set_batch_date(new, yesterday, actor=author)

    client.force_login(author)
    proposal = client.get(reverse("changelog:proposal", args=[organisation.slug, new.report_id, new.number])).content.decode()
    assert "data-late-prior" in proposal
    m.Version.objects.filter(pk=new.pk).update(status=m.VersionStatus.IN_REVIEW)
    client.force_login(make_person("shishin-approver", organisation, Role.APPROVER))
    review = client.get(reverse("publishing:review", args=[organisation.slug, new.report_id, new.number])).content.decode()
    detail = client.get(reverse("reports:report_detail", args=[organisation.slug, new.report_id])).content.decode()
    assert "data-late-prior" in review and "data-late-prior" in detail


@pytest.mark.django_db
def test_a_prior_row_with_its_change_date_ahead_is_not_flagged(organisation, author):
    from pia_portal.procedure.rules import late_prior_rows

    new, state = _changed(organisation, author, lambda text: "転入者の健康診断の案内に用いる。")
    changelog.accept_rows(new, [state.key], actor=author)
    changelog.set_batch_date(new, dt.date.today() + dt.timedelta(days=30), actor=author)
    assert late_prior_rows(new) == (None, [])


# Who is a 行政機関等; 規則第4条; the end of a 事務; the plan's submission ----------------------------

@pytest.mark.parametrize("category, government", [
    ("local", False), ("local_incorporated", False), ("ministry", True), ("incorporated", True), ("jlis", True),
    ("information_holder", True),
])
def test_who_takes_the_commissions_approval(category, government):
    assert shishin.is_government_body(category) is government


@pytest.mark.django_db
def test_an_exempt_affair_needs_no_evaluation_and_says_why(organisation, author):
    from pia_portal.planning import services as planning

    affair = planning.create_affair(organisation, number="53", name="職員の給与に関する事務", actor=author)
    day = dt.date(2026, 5, 1)
    threshold = planning.record_threshold(affair, subject_band="FROM_10K_TO_100K", subject_counted_on=day,
                                          handlers="UNDER_500", handlers_counted_on=day, serious_incident=False,
                                          decided_on=day, actor=author, exemption="staff")
    assert threshold.required == "none" and "規則第4条" in threshold.rule and not threshold.rule_verified


@pytest.mark.django_db
def test_the_plan_submission_is_recorded_with_the_plan_as_it_stood(organisation, author):
    from pia_portal.planning import services as planning

    planning.create_affair(organisation, number="54", name="提出時の事務", actor=author)
    submission = planning.record_plan_submission(organisation, actor=author, submitted_on=dt.date(2026, 4, 10),
                                                 today=dt.date(2026, 4, 10))
    assert submission.snapshot[0][0] == "評価書番号" and any("提出時の事務" in row for row in submission.snapshot[1:])
    with pytest.raises(planning.PlanningError, match="未来"):
        planning.record_plan_submission(organisation, actor=author, submitted_on=dt.date(2026, 4, 11),
                                        today=dt.date(2026, 4, 10))


# The pages: bad input answered next to the field, never a 500 --------------------------------------

@pytest.mark.django_db
def test_staff_record_an_incident_the_end_of_an_affair_and_the_plans_submission_on_their_pages(client, organisation, author,
                                                                                           make_person):
    from pia_portal.planning import services as planning
    from pia_portal.planning.models import SeriousIncident

    admin = make_person("shishin-admin", organisation, Role.ADMIN)
    affair = planning.create_affair(organisation, number="55", name="終わる事務", actor=author)
    client.force_login(author)
    incident = reverse("planning:incident", args=[organisation.slug])

    page = client.get(incident).content.decode()
    assert "重大事故とは" in page
    bad = client.post(incident, {"occurred_on": "来月", "summary": ""})
    assert bad.status_code == 200 and "error-summary" in bad.content.decode() and not SeriousIncident.objects.exists()
    done = client.post(incident, {"occurred_on": format_date(dt.date.today()), "summary": INCIDENT_TEXT, "attributable": "on"})
    assert done.status_code == 302 and SeriousIncident.objects.get().attributable
    assert INCIDENT_TEXT in client.get(reverse("planning:plan", args=[organisation.slug])).content.decode()

    submission = reverse("planning:submission", args=[organisation.slug])
    assert client.post(submission, {"submitted_on": format_date(dt.date.today())}).status_code == 302
    assert "委員会への提出" in client.get(reverse("planning:plan", args=[organisation.slug])).content.decode()

    end = reverse("planning:affair_end", args=[organisation.slug, affair.pk])
    refused = client.post(end, {"ended_on": format_date(dt.date.today()), "action": "save"})
    assert refused.status_code == 200 and "管理者だけ" in refused.content.decode()
    client.force_login(admin)
    assert client.post(end, {"ended_on": format_date(dt.date.today()), "action": "save"}).status_code == 302
    assert client.post(end, {"notified_on": format_date(dt.date.today()), "action": "save"}).status_code == 302
    too_early = client.post(end, {"action": "archive"})
    assert "少なくとも3年間" in too_early.content.decode()
    affair.refresh_from_db()
    assert affair.end_notified_on == dt.date.today() and affair.archived_at is None


INCIDENT_TEXT = "委託先の従業者による特定個人情報の持ち出し"


@pytest.mark.django_db
def test_staff_declare_a_reevaluation_and_classify_a_row_on_their_pages(client, organisation, author):
    new, state = _changed(organisation, author, lambda text: "転入者の健康診断の案内に用いる。")
    client.force_login(author)
    purpose = reverse("procedure:declare_purpose", args=[organisation.slug, new.report_id, new.number])

    no_cause = client.post(purpose, {"kind": "reevaluation", "cause": ""})
    assert no_cause.status_code == 200 and "再実施の原因を選んでください" in no_cause.content.decode()
    steps = client.get(reverse("procedure:steps", args=[organisation.slug, new.report_id, new.number])).content.decode()
    assert 'data-purpose="reevaluation"' in steps and "重要な変更" in steps

    edit = reverse("changelog:edit_row", args=[organisation.slug, new.report_id, new.number, state.key])
    page = client.get(edit).content.decode()
    assert "data-basis" in page and "data-delta" in page
    late = client.post(edit, {"rebuild": "1", "classification": "important", "cause": "review", "timing": "POST"})
    assert late.status_code == 200 and "緊急時又はその他" in late.content.decode()
    client.post(edit, {"rebuild": "1", "classification": "important", "cause": "review", "timing": "POST",
                       "late_cause": "other", "late_reason": "変更日の誤認により公表が遅れた"})
    proposal = client.get(reverse("changelog:proposal", args=[organisation.slug, new.report_id, new.number])).content.decode()
    assert "変更日の誤認により公表が遅れた" in proposal and "事後の理由が未記録" not in proposal


@pytest.mark.django_db
def test_a_new_affairs_required_evaluations_are_due_by_its_implementation_time_not_on_the_judgement_day(organisation, author):
    """#32 item 8: due dates from the rule."""
    from pia_portal.planning import services as planning
    from pia_portal.planning.duties import DutyKind
    from pia_portal.planning.plan import row_of

    affair = planning.create_affair(organisation, number="56", name="来年始まる事務", actor=author,
                                    file_held_on=dt.date(2027, 4, 1))
    _judged(affair, author, "FROM_1K_TO_10K", day=dt.date(2026, 6, 1))

    row = row_of(affair)
    assert [(d.kind, d.due_on) for d in row.duties] == [(DutyKind.EVALUATION, dt.date(2027, 4, 1))]
    assert "ファイルを保有する前" in row.duties[0].basis
