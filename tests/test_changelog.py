"""The change log written by the portal: given a published version and a draft made from it, when
staff change items, then the generator proposes one row per changed item, as real logs write them."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pia_portal.changelog import hunks
from pia_portal.changelog.explain import Classification, Timing
from pia_portal.changelog.generate import ChangeLogError, HouseStyle, Matching, generate
from pia_portal.changelog.paths import PathStyle
from pia_portal.reports import models as m
from pia_portal.reports.services import add_entry, copy_content, create_report, start_new_version
from pia_portal.reports.structure import items as i
from pia_portal.reports.structure import option_sets as o
from tests.builders import PNG, fill, full_version, publish, with_review_pdf


def published_and_draft(organisation, author, kind="juten"):
    old = publish(full_version(organisation, kind, actor=author))
    return old, start_new_version(old.report, actor=author)


def rows_for(old, new, **style):
    return generate(old, new, style=HouseStyle(**style)).rows


def row_of(rows, attr):
    found = [r for r in rows if r.key.split("~")[0].endswith(f".{attr}")]
    assert len(found) == 1, [r.key for r in rows]
    return found[0]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["juten", "zenkomoku"])
def test_a_draft_nobody_touched_proposes_nothing(organisation, author, kind):
    old, new = published_and_draft(organisation, author, kind)
    assert generate(old, new).rows == []


@pytest.mark.django_db
def test_entries_reordered_without_change_propose_nothing(organisation, author):
    old, new = published_and_draft(organisation, author)
    systems = list(m.System.objects.filter(version=new).order_by("position"))
    for position, system in enumerate(reversed(systems)):
        system.position = position
        system.save()
    assert generate(old, new).rows == []


@pytest.mark.django_db
def test_every_kind_of_value_is_written_as_the_reports_write_it(organisation, author):
    old, new = published_and_draft(organisation, author)
    basic = m.BasicInfo.objects.get(version=new)
    before_choice = basic.target_population
    basic.target_population = next(c for c in i.TARGET_POPULATION_JUTEN.options.codes if c != before_choice)
    basic.department = "健康福祉部介護保険課"
    basic.save()
    system = m.System.objects.filter(version=new).order_by("position").first()
    codes = i.SYSTEM_CONNECTIONS.options.codes
    system.connections = {codes[1]: ""}
    system.save()
    file = m.PersonalInfoFile.objects.filter(version=new).order_by("position").first()
    file.holding_start_date, file.holding_start_date_precision, file.holding_start_date_note = dt.date(2025, 4, 1), "day", "(予定)"
    file.outsourcing, file.outsourcing_count = "DONE" if "DONE" in i.OUTSOURCING.options.codes else i.OUTSOURCING.options.codes[0], 7
    file.provides = not file.provides
    file.save()

    rows = rows_for(old, new)

    choice = row_of(rows, "target_population")
    assert (choice.before, choice.after) == (
        i.TARGET_POPULATION_JUTEN.options.label_of(before_choice), i.TARGET_POPULATION_JUTEN.options.label_of(basic.target_population))
    assert row_of(rows, "department").after == "健康福祉部介護保険課"
    checks = row_of(rows, "connections")
    first, second = (i.SYSTEM_CONNECTIONS.options.options[n].label for n in (0, 1))
    assert checks.before.startswith(f"[○]{first}") and "その他の内容" in checks.before  # その他(…) text kept
    assert checks.after.startswith(f"[○]{second}")
    assert f"[]{first}" in checks.after  # unticked boxes are named: never the same text on both sides
    assert row_of(rows, "holding_start_date").after == "令和7年4月1日(予定)"
    assert row_of(rows, "outsourcing").after.endswith("7件")  # the count is printed in the row above it
    flag = row_of(rows, "provides")
    assert {flag.before, flag.after} == {"[○]提供を行っている", "[]提供を行っている"}


@pytest.mark.django_db
def test_a_changed_figure_is_logged(organisation, author):
    from django.core.files.base import ContentFile

    old, new = published_and_draft(organisation, author, "zenkomoku")
    figure = m.BusinessFigure.objects.filter(version=new).first()
    figure.image.save("new-flow.png", ContentFile(PNG), save=True)
    row = row_of(rows_for(old, new), "image")
    assert "new-flow" in row.after and row.item.startswith("(別添1) 事務の内容")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model, parent_of, word",
    [
        (m.System, lambda v: None, "システム"),
        (m.Outsourcing, lambda v: m.PersonalInfoFile.objects.filter(version=v).first(), "委託事項"),
        (m.ProvisionDestination, lambda v: m.PersonalInfoFile.objects.filter(version=v).first(), "提供先"),
        (m.TransferDestination, lambda v: m.PersonalInfoFile.objects.filter(version=v).first(), "移転先"),
        (m.AnnexRow, lambda v: m.Annex.objects.filter(version=v).first(), ""),
        (m.RecordItem, lambda v: m.RecordItemGroup.objects.filter(version=v).first(), ""),
        (m.PersonalInfoFile, lambda v: None, "ファイル"),
    ],
)
def test_records_added_and_removed_are_logged_by_identity(organisation, author, model, parent_of, word):
    old, new = published_and_draft(organisation, author)
    added = add_entry(new, model, parent_of(new))
    fill(added, "juten", f"新しい{word or model._meta.verbose_name}")
    if model is m.PersonalInfoFile:
        fill(added.risk, "juten", "新しいリスク対策")
    removed = model.objects.filter(version=new, **({model.parent_field: parent_of(new)} if model.parent_field else {})).order_by("position").first()
    removed.delete()

    rows = rows_for(old, new)

    additions = [r for r in rows if r.key.startswith(f"{model.entity.value}.{added.uid.hex}.")]
    assert additions and all(r.kind == "added" and r.before == "" for r in additions)  # one row per filled item
    deletion = [r for r in rows if r.key == f"{model.entity.value}.{removed.uid.hex}"]
    assert len(deletion) == 1 and deletion[0].after.startswith("削除")
    assert "以降繰上げ" in deletion[0].after  # the entries after it are numbered one less now
    # Nothing else: the entries that only moved up a place are not logged as changed.
    assert {r.kind for r in rows} <= {"added", "removed"}


@pytest.mark.django_db
def test_editions_that_share_no_identities_are_paired_by_content(organisation, author):
    old = publish(full_version(organisation, actor=author))
    other = create_report(organisation, kind="juten", assessment_number="21", title="別に取り込んだ版", actor=author)
    for model in reversed(m.CONTENT_MODELS):
        model.objects.filter(version=other).delete()
    copy_content(old, other)
    for model in m.CONTENT_MODELS:  # what a separate import gives: the same content, new identities
        for record in model.objects.filter(version=other):
            model.objects.filter(pk=record.pk).update(uid=uuid.uuid4())
    middle = m.Outsourcing.objects.filter(version=other).order_by("file", "position")[1]
    middle.delete()
    contractor = m.Outsourcing.objects.filter(version=other).order_by("file", "position")[1]
    contractor.contractor_name = "株式会社新しい委託先"
    contractor.save()

    proposal = generate(old, other)

    assert proposal.matching is Matching.SIMILARITY
    assert [r.kind for r in proposal.rows] == ["removed", "changed"]
    assert proposal.rows[1].after == "株式会社新しい委託先"
    # By position, as some authorities log it: every later field of every later entry changes.
    assert len(generate(old, other, matching=Matching.POSITION).rows) > 5


@pytest.mark.django_db
def test_the_house_styles_of_the_item_column(organisation, author):
    old, new = published_and_draft(organisation, author)
    entry = m.Outsourcing.objects.filter(version=new).order_by("file", "position")[1]
    entry.contractor_name = "株式会社新しい委託先"
    entry.save()
    file = entry.file

    full, compact, underscore = (
        row_of(rows_for(old, new, path_style=style, with_names=False), "contractor_name").item
        for style in (PathStyle.FULL, PathStyle.COMPACT, PathStyle.UNDERSCORE)
    )

    assert full == f"II 特定個人情報ファイルの概要 (1){file.name} 4. 特定個人情報ファイルの取扱いの委託 委託事項2 ③委託先名"
    assert compact == "II(1)-4-委託事項2-③ 委託先名"
    assert underscore == f"II 特定個人情報ファイル【(1){file.name}】の概要_4. 特定個人情報ファイルの取扱いの委託_委託事項2_③委託先名"
    named = row_of(rows_for(old, new, path_style=PathStyle.COMPACT), "contractor_name").item
    assert named == f"II(1)-4-委託事項2 {entry.title}-③ 委託先名"


def test_a_long_text_is_logged_as_the_hunk_that_changed():
    before = "\n".join(["(技術的対策)", "・一つ目の対策。", "・二つ目の対策。", "・三つ目の対策。", "(物理的対策)",
                        "・私物の持込を禁止する。", "・入退室を記録する。", "・施錠する。"])
    after = before.replace("・入退室を記録する。", "・入退室を記録する。\n・監視カメラを置く。")

    (hunk,) = hunks.hunks(before, after)

    # The sub-heading it sits under, 「(省略)」 for what is left out, one unchanged line either side.
    assert hunk.before.splitlines() == ["(物理的対策)", "(省略)", "・入退室を記録する。", "・施錠する。"]
    assert hunk.after.splitlines() == ["(物理的対策)", "(省略)", "・入退室を記録する。", "・監視カメラを置く。", "・施錠する。"]
    # Two separate edits are two hunks, each whole; nothing is cut.
    twice = after.replace("・一つ目の対策。", "・一つ目の対策を強めた。")
    found = hunks.hunks(before, twice)
    assert len(found) == 2 and "・一つ目の対策を強めた。" in found[0].after and "・監視カメラを置く。" in found[1].after
    assert found[0].after.endswith("(省略)") and found[1].after.startswith("(物理的対策)")


@pytest.mark.django_db
def test_long_texts_give_one_row_per_hunk_or_the_full_text_by_setting(organisation, author):
    _, first = published_and_draft(organisation, author)
    lines = [f"・業務{n}を行う。" for n in range(1, 13)]
    m.BasicInfo.objects.filter(version=first).update(affair_description="\n".join(lines))
    old = publish(first)
    new = start_new_version(old.report, actor=author)
    basic = m.BasicInfo.objects.get(version=new)
    basic.affair_description = "\n".join(lines[:2] + ["・新しい業務を行う。"] + lines[2:10] + ["・業務11を改めて行う。", lines[11]])
    basic.save()

    rows = [r for r in rows_for(old, new) if r.key.split("~")[0].endswith(".affair_description")]

    assert [r.key.rsplit("~", 1)[1] for r in rows] == ["1", "2"]  # two edits, two rows with the same 項目
    assert rows[0].item == rows[1].item
    assert rows[0].before == "(省略)\n・業務2を行う。\n・業務3を行う。\n(省略)"
    assert rows[0].after == "(省略)\n・業務2を行う。\n・新しい業務を行う。\n・業務3を行う。\n(省略)"
    assert rows[1].after == "(省略)\n・業務10を行う。\n・業務11を改めて行う。\n・業務12を行う。"
    full_rows = [r for r in rows_for(old, new, long_text="full") if r.key.endswith(".affair_description")]
    assert len(full_rows) == 1 and full_rows[0].after == basic.affair_description


@pytest.mark.django_db
def test_important_items_are_proposed_before_the_change_takes_effect(organisation, author):
    old, new = published_and_draft(organisation, author)
    file = m.PersonalInfoFile.objects.filter(version=new).order_by("position").first()
    file.purpose = "新しい使用目的として、介護保険の給付に加え、地域支援事業の実施に用いる。"  # ※ ③使用目的
    file.responsible_department = "介護保険課"  # not ※
    file.save()
    risk = file.risk
    risk.acq_adequacy = o.ADEQUACY.codes[0]  # 特に力を入れている: a better self-rating
    risk.save()
    old_risk = m.PersonalInfoFile.objects.filter(version=old).order_by("position").first().risk
    rows = rows_for(old, new)

    purpose = row_of(rows, "purpose")
    assert purpose.important and purpose.classification is Classification.IMPORTANT and purpose.timing is Timing.PRIOR
    department = row_of(rows, "responsible_department")
    assert not department.important and department.timing is Timing.POST
    assert department.explanation.endswith("その他の項目の変更であり事前の提出・公表が義務付けられない")
    if old_risk.acq_adequacy != o.ADEQUACY.codes[0]:
        rating = row_of(rows, "acq_adequacy")
        assert rating.classification is Classification.RISK_REDUCED and rating.timing is Timing.POST
        assert "リスクを明らかに軽減" in rating.explanation


@pytest.mark.django_db
def test_a_typo_in_an_important_item_is_shown_and_staff_decide(organisation, author):
    old, new = published_and_draft(organisation, author)
    file = m.PersonalInfoFile.objects.filter(version=new).order_by("position").first()
    file.purpose = file.purpose.replace("〔", "[", 1)
    file.save()
    row = row_of(rows_for(old, new, wording="classification_first", negation="あたらない"), "purpose")
    # Never decided by counting characters: proposed as 重要な変更, with the characters that changed.
    assert row.classification is Classification.IMPORTANT and row.timing is Timing.PRIOR
    assert row.delta == "「〔」→「[」"


@pytest.mark.django_db
def test_versions_that_cannot_be_compared_are_refused_with_a_message(organisation, author):
    juten = publish(full_version(organisation, "juten", actor=author))
    zenkomoku = publish(full_version(organisation, "zenkomoku", number="21", actor=author))
    with pytest.raises(ChangeLogError, match="種類が違う"):
        generate(juten, zenkomoku)
    with pytest.raises(ChangeLogError, match="同じ版"):
        generate(juten, juten)
    with pytest.raises(CommandError, match="見つかりません"):
        call_command("changelog", str(juten.pk), "999999")
    with pytest.raises(CommandError, match="数字"):
        call_command("changelog", "abc", str(juten.pk))
    with pytest.raises(CommandError, match="種類が違う"):
        call_command("changelog", str(juten.pk), str(zenkomoku.pk))


@pytest.mark.django_db
def test_the_command_prints_json_rows(organisation, author, capsys):
    old, new = published_and_draft(organisation, author)
    file = m.PersonalInfoFile.objects.filter(version=new).order_by("position").first()
    file.responsible_department = "介護保険課"
    file.save()

    call_command("changelog", str(old.pk), str(new.pk), "--format", "json", "--style", "compact")

    (row,) = json.loads(capsys.readouterr().out)
    assert row == {
        "item": "II(1)-2-⑥ 事務担当部署", "before": row["before"], "after": "介護保険課", "timing": "POST",
        "important": False, "explanation": "組織改編に伴う名称変更。その他の項目の変更であり事前の提出・公表が義務付けられない",
    }
    call_command("changelog", str(old.pk), str(new.pk))
    assert "介護保険課\t事後" in capsys.readouterr().out


# Taking the proposal into the draft's log ---------------------------------------------------------

from django.urls import reverse  # noqa: E402

from pia_portal.changelog import services  # noqa: E402
from pia_portal.changelog.models import ChangeLogStyle, RowDecision  # noqa: E402


def change_department(version, text):
    m.BasicInfo.objects.filter(version=version).update(department=text)


@pytest.mark.django_db
def test_accepted_rows_are_appended_with_their_pair_and_earlier_rows_stay(organisation, author):
    old, new = published_and_draft(organisation, author)
    earlier = list(m.ChangeLogEntry.objects.filter(version=new).order_by("position").values_list("item", "before", "after"))
    change_department(new, "介護保険課")
    (state,) = services.proposal_for(new)[1]

    services.accept_rows(new, [state.key], actor=author)
    services.set_batch_date(new, dt.date(2026, 4, 1), actor=author)

    log = list(m.ChangeLogEntry.objects.filter(version=new).order_by("position"))
    assert [(e.item, e.before, e.after) for e in log[:-1]] == earlier
    row = log[-1]
    assert (row.after, row.timing, row.from_version, row.to_version) == ("介護保険課", "POST", old, new)
    assert row.change_date == dt.date(2026, 4, 1) and row.item_ref == "basic_info.department"
    assert services.proposal_for(new)[1][0].status == "accepted"


@pytest.mark.django_db
def test_staff_wording_survives_a_later_change_of_the_draft(organisation, author):
    old, new = published_and_draft(organisation, author)
    change_department(new, "介護保険課")
    (state,) = services.proposal_for(new)[1]
    services.edit_row(new, state.key, actor=author, item="I 基本情報 担当部署", explanation="組織改編による名称変更")
    services.accept_rows(new, [state.key], actor=author)

    change_department(new, "介護保険課 認定係")  # edited again after the row was taken

    (state,) = services.proposal_for(new)[1]
    assert state.status == "outdated"
    services.accept_rows(new, [state.key], actor=author)
    entry = m.ChangeLogEntry.objects.get(version=new, proposal_key=state.key)
    assert (entry.item, entry.after, entry.explanation) == ("I 基本情報 担当部署", "介護保険課 認定係", "組織改編による名称変更")
    assert m.ChangeLogEntry.objects.filter(version=new, proposal_key=state.key).count() == 1


@pytest.mark.django_db
def test_a_dropped_row_leaves_the_log_and_an_undone_change_is_flagged(organisation, author):
    old, new = published_and_draft(organisation, author)
    change_department(new, "介護保険課")
    file = m.PersonalInfoFile.objects.filter(version=new).order_by("position").first()
    m.PersonalInfoFile.objects.filter(pk=file.pk).update(responsible_department="認定係")
    states = services.proposal_for(new)[1]
    services.accept_rows(new, [s.key for s in states], actor=author)
    count = m.ChangeLogEntry.objects.filter(version=new).count()

    services.drop_rows(new, [states[0].key], actor=author)
    assert m.ChangeLogEntry.objects.filter(version=new).count() == count - 1
    original = m.PersonalInfoFile.objects.filter(version=old).order_by("position").first()
    m.PersonalInfoFile.objects.filter(pk=file.pk).update(responsible_department=original.responsible_department)

    _, states, orphans = services.proposal_for(new)
    assert [s.status for s in states] == ["dropped"] and len(orphans) == 1
    services.drop_rows(new, [orphans[0].key], actor=author)
    assert m.ChangeLogEntry.objects.filter(version=new).count() == count - 2


@pytest.mark.django_db
def test_the_organisation_house_style_is_used(organisation, author):
    ChangeLogStyle.objects.create(organisation=organisation, path_style="compact", wording="blank")
    old, new = published_and_draft(organisation, author)
    change_department(new, "介護保険課")
    (state,) = services.proposal_for(new)[1]
    assert state.row.item == "I-6-① 部署" and state.row.explanation == ""


@pytest.mark.django_db
def test_the_proposal_page_takes_rows_in_bulk_and_edits_one(client, organisation, author):
    old, new = published_and_draft(organisation, author)
    change_department(new, "介護保険課")
    m.PersonalInfoFile.objects.filter(version=new).update(purpose="全く新しい使用目的")
    client.force_login(author)
    url = reverse("changelog:proposal", args=[organisation.slug, new.report_id, new.number])

    page = client.get(url).content.decode()
    assert "重要な変更" in page and "介護保険課" in page
    keys = [s.key for s in services.proposal_for(new)[1]]
    edit = reverse("changelog:edit_row", args=[organisation.slug, new.report_id, new.number, keys[0]])
    bad = client.post(edit, {"item": "", "before": "", "after": "x", "timing": "SOON", "explanation": ""})
    assert bad.status_code == 200 and "error-summary" in bad.content.decode()
    client.post(edit, {"item": "部署", "before": "", "after": "介護保険課", "timing": "POST", "explanation": "", "accept": "1"})
    client.post(reverse("changelog:decide", args=[organisation.slug, new.report_id, new.number]), {"action": "accept", "key": keys})
    client.post(reverse("changelog:set_date", args=[organisation.slug, new.report_id, new.number]), {"change_date": "令和8年4月1日"})
    bad_date = client.post(reverse("changelog:set_date", args=[organisation.slug, new.report_id, new.number]),
                           {"change_date": "来年"}, follow=True)
    assert "変更日:" in bad_date.content.decode()

    entries = m.ChangeLogEntry.objects.filter(version=new, to_version=new).order_by("position")
    assert [e.item for e in entries][0] == "部署" and len(entries) == len(keys)
    assert all(e.change_date == dt.date(2026, 4, 1) for e in entries)
    assert services.important_changes(new)
    assert RowDecision.objects.filter(version=new, state="accepted").count() == len(keys)


@pytest.mark.django_db
def test_a_version_with_an_important_change_says_so_to_reviewers_and_the_workflow_records_it(client, organisation, make_person):
    from pia_portal.audit.models import ActionLog
    from pia_portal.demo.reports import load_juten
    from pia_portal.organisations.models import Role
    from pia_portal.publishing import services as workflow

    author = make_person("cl-author", organisation, Role.AUTHOR)
    approver = make_person("cl-approver", organisation, Role.APPROVER)
    old = publish(load_juten(organisation))
    new = start_new_version(old.report, actor=author)
    file = m.PersonalInfoFile.objects.filter(version=new).order_by("position").first()
    file.purpose = "介護保険の給付に加え、地域支援事業の実施に用いる。"
    file.save()
    services.accept_rows(new, [s.key for s in services.proposal_for(new)[1]], actor=author)

    workflow.submit_version(new, actor=author)
    with_review_pdf(new)  # the approver is offered approval once the PDF of the content exists

    logged = ActionLog.objects.filter(action="version.submitted").latest("pk")
    assert logged.data["reassessment_required"] is True and "③使用目的" in logged.data["important_changes"][0]
    client.force_login(approver)
    detail = client.get(reverse("reports:report_detail", args=[organisation.slug, new.report_id])).content.decode()
    assert "重要な変更" in detail and "data-confirm" in detail  # the approver is asked to confirm
    review = client.get(reverse("publishing:review", args=[organisation.slug, new.report_id, new.number])).content.decode()
    assert "important-changes" in review and "③使用目的" in review


@pytest.mark.django_db
def test_an_admin_chooses_the_house_style_and_others_may_not(client, organisation, make_person):
    from pia_portal.organisations.models import Role

    url = reverse("changelog:house_style", args=[organisation.slug])
    client.force_login(make_person("cl-author2", organisation, Role.AUTHOR))
    assert client.get(url).status_code == 403
    client.force_login(make_person("cl-admin", organisation, Role.ADMIN))
    assert "変更箇所の書き方" in client.get(url).content.decode()
    response = client.post(url, {"path_style": "underscore", "added_before": "追加", "removed_after": "—",
                                 "long_text": "full", "wording": "classification_first", "negation": "あたらぬ"})
    assert response.status_code == 302
    style = ChangeLogStyle.objects.get(organisation=organisation).house_style()
    assert (style.path_style, style.added_before, style.negation) == (PathStyle.UNDERSCORE, "追加", "あたらぬ")
    bad = client.post(url, {"path_style": "sideways"})
    assert bad.status_code == 200 and "error-summary" in bad.content.decode()


@pytest.mark.django_db
def test_the_editor_shows_an_items_history_next_to_it(client, organisation, author):
    old, new = published_and_draft(organisation, author)
    change_department(new, "介護保険課")
    services.accept_rows(new, [s.key for s in services.proposal_for(new)[1]], actor=author)
    client.force_login(author)

    page = client.get(reverse("editing:page", args=[organisation.slug, new.report_id, new.number, "basic"])).content.decode()

    assert page.count("item-history") == 1 and "これまでに1回変更" in page and "→ 介護保険課" in page


@pytest.mark.django_db
def test_staff_set_the_timing_of_a_batch_and_write_an_explanation_from_a_reason(client, organisation, author):
    old, new = published_and_draft(organisation, author)
    change_department(new, "介護保険課")
    m.PersonalInfoFile.objects.filter(version=new).update(purpose="全く新しい使用目的")
    client.force_login(author)
    keys = [s.key for s in services.proposal_for(new)[1]]
    decide = reverse("changelog:decide", args=[organisation.slug, new.report_id, new.number])

    client.post(decide, {"action": "POST", "key": keys})

    # A 重要な変更 is not made 事後 in bulk: each needs the reason it is late.
    assert {s.value("timing") for s in services.proposal_for(new)[1] if not s.is_important} == {"POST"}
    assert {s.value("timing") for s in services.proposal_for(new)[1] if s.is_important} == {"PRIOR"}
    edit = reverse("changelog:edit_row", args=[organisation.slug, new.report_id, new.number, keys[-1]])
    assert "判断の理由" in client.get(edit).content.decode()
    refused = client.post(edit, {"rebuild": "1", "classification": "risk_reduced", "cause": "risk_measures"})
    assert "判断の理由を入力してください" in refused.content.decode()
    client.post(edit, {"rebuild": "1", "classification": "risk_reduced", "cause": "risk_measures", "reason": "対策の追加のみ"})
    state = next(s for s in services.proposal_for(new)[1] if s.key == keys[-1])
    assert state.value("timing") == "POST"
    assert state.value("explanation") == (
        "リスク対策の追加・見直しで、リスクを明らかに軽減させるものであり、重要な変更に当たらない(判断の理由: 対策の追加のみ)")
    bad = client.post(edit, {"rebuild": "1", "classification": "whatever", "cause": "x"})
    assert bad.status_code == 200


@pytest.mark.django_db
def test_figures_and_glossary_entries_added_and_removed_are_logged(organisation, author):
    old, new = published_and_draft(organisation, author, "zenkomoku")
    for model in (m.BusinessFigure, m.GlossaryEntry):
        removed = model.objects.filter(version=new).order_by("position").first()
        removed.delete()
        fill(add_entry(new, model), "zenkomoku", f"新しい{model._meta.verbose_name}")

    rows = rows_for(old, new)

    for entity in ("business_figure", "glossary"):
        kinds = {r.kind for r in rows if r.key.startswith(f"{entity}.")}
        assert kinds == {"added", "removed"}, (entity, kinds)
    figure = next(r for r in rows if r.key.startswith("business_figure.") and r.kind == "added" and r.key.endswith(".image"))
    assert figure.after.startswith("図(")
