"""The 指針's procedure as steps of a version: given a new 全項目評価書, the residents are heard for
at least 30 days (or a recorded reason), a third party (or the Commission) checks it, and only
then can it be submitted and published; what the steps record is what VI prints."""

import datetime as dt
import time

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from pia_portal.audit.models import ActionLog
from pia_portal.organisations.models import Organisation, Role
from pia_portal.procedure import services
from pia_portal.procedure.forms import FORM_SALT
from pia_portal.procedure.models import CommentPeriod, PublicComment
from pia_portal.procedure.rules import Step, missing_steps, required_steps
from pia_portal.publishing import services as workflow
from pia_portal.reports import models as m
from pia_portal.reports.services import start_new_version

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 2)
MINUTES = b"%PDF-1.4\n% minutes\n"


@pytest.fixture
def people(make_person, organisation):
    return {role: make_person(role.value, organisation, role) for role in (Role.AUTHOR, Role.REVIEWER, Role.APPROVER, Role.ADMIN)}


@pytest.fixture
def zenkomoku(organisation):
    from pia_portal.demo.reports import load_zenkomoku

    return load_zenkomoku(organisation)


def opened(version, person, *, days=30, reason="", today=TODAY):
    return services.open_comment_period(version, actor=person, method="市ホームページでの意見募集", starts_on=today,
                                        ends_on=today + dt.timedelta(days=days - 1), shortening_reason=reason, today=today)


def heard(version, person):
    period = opened(version, person)
    return services.record_comment_result(period, actor=person, summary="意見はありませんでした。", reflection="反映なし。",
                                          today=period.ends_on + dt.timedelta(days=1))


def inspected(version, person, **overrides):
    values = dict(committee="鹿児島市個人情報保護審議会", inspected_on=TODAY + dt.timedelta(days=40), method="審議会に諮問した。",
                  findings="適切であるとの答申を受けた。", changes="委託先の監督の記載を具体化した。", today=TODAY + dt.timedelta(days=60))
    return services.record_inspection(version, actor=person, **(values | overrides))


def test_a_new_zenkomoku_cannot_be_submitted_before_its_procedure(zenkomoku, people):
    assert required_steps(zenkomoku) == [Step.COMMENTS, Step.INSPECTION]
    with pytest.raises(workflow.WorkflowError, match="新規の全項目評価のため.*住民等からの意見の聴取、第三者点検"):
        workflow.submit_version(zenkomoku, actor=people[Role.AUTHOR])
    heard(zenkomoku, people[Role.AUTHOR])
    with pytest.raises(workflow.WorkflowError, match="第三者点検"):
        workflow.submit_version(zenkomoku, actor=people[Role.AUTHOR])
    inspected(zenkomoku, people[Role.AUTHOR])
    assert missing_steps(zenkomoku) == []
    workflow.submit_version(zenkomoku, actor=people[Role.AUTHOR])


def test_what_the_steps_record_is_what_vi_prints(zenkomoku, people):
    period = opened(zenkomoku, people[Role.AUTHOR], days=20, reason="法改正の施行日に間に合わせるため")
    services.record_comment_result(period, actor=people[Role.AUTHOR], summary="委託先の監督についての意見が2件", reflection="VIIに追記した。",
                                   today=period.ends_on + dt.timedelta(days=1))
    inspected(zenkomoku, people[Role.ADMIN])
    # Whatever is typed over them in the editor, submission writes the records back.
    m.Procedure.objects.filter(version=zenkomoku).update(comment_summary="書き換え")
    workflow.submit_version(zenkomoku, actor=people[Role.AUTHOR])
    vi = m.Procedure.objects.get(version=zenkomoku)
    assert (vi.comment_start, vi.comment_end) == (TODAY, TODAY + dt.timedelta(days=19))
    assert vi.comment_shortening_reason == "法改正の施行日に間に合わせるため"
    assert (vi.comment_summary, vi.comment_reflection) == ("委託先の監督についての意見が2件", "VIIに追記した。")
    assert vi.third_party_date == TODAY + dt.timedelta(days=40)
    assert vi.third_party_method.startswith("鹿児島市個人情報保護審議会")
    assert "委託先の監督の記載を具体化した。" in vi.third_party_result
    actions = set(ActionLog.objects.filter(object_id=str(zenkomoku.pk)).values_list("action", flat=True))
    assert {"procedure.comments_opened", "procedure.comments_recorded", "procedure.inspection_recorded"} <= actions


@pytest.mark.parametrize("days, reason, field", [
    (29, "", "shortening_reason"),  # 30 days counted with both ends
    (30, "", None),
    (14, "緊急に施行するため", None),
    (14, "   ", "shortening_reason"),
])
def test_the_thirty_day_rule_and_its_recorded_exception(zenkomoku, people, days, reason, field):
    if field is None:
        period = opened(zenkomoku, people[Role.AUTHOR], days=days, reason=reason)
        assert period.days == days
        return
    with pytest.raises(services.ProcedureError, match=f"{days}日間です") as error:
        opened(zenkomoku, people[Role.AUTHOR], days=days, reason=reason)
    assert error.value.field == field
    assert not CommentPeriod.objects.exists()


def test_a_period_cannot_start_in_the_past_or_end_before_it_starts(zenkomoku, people):
    with pytest.raises(services.ProcedureError, match="過去"):
        services.open_comment_period(
            zenkomoku, actor=people[Role.AUTHOR], method="x", starts_on=TODAY - dt.timedelta(days=1),
            ends_on=TODAY + dt.timedelta(days=40), today=TODAY)
    with pytest.raises(services.ProcedureError, match="終了日は開始日より後"):
        services.open_comment_period(zenkomoku, actor=people[Role.AUTHOR], method="x", starts_on=TODAY + dt.timedelta(days=5),
                                     ends_on=TODAY, today=TODAY)


def test_who_may_record_and_in_which_order(zenkomoku, people):
    for role in (Role.REVIEWER, Role.APPROVER):
        with pytest.raises(services.ProcedureError, match="作成者と管理者だけ"):
            opened(zenkomoku, people[role])
    with pytest.raises(services.ProcedureError, match="意見の聴取の結果を記録してから"):
        inspected(zenkomoku, people[Role.AUTHOR])
    period = opened(zenkomoku, people[Role.AUTHOR])
    with pytest.raises(services.ProcedureError, match="記録済み"):
        opened(zenkomoku, people[Role.AUTHOR])
    with pytest.raises(services.ProcedureError, match="まで続いています"):
        services.record_comment_result(period, actor=people[Role.AUTHOR], summary="a", reflection="b", today=period.ends_on)
    services.record_comment_result(period, actor=people[Role.AUTHOR], summary="a", reflection="b", today=period.ends_on + dt.timedelta(days=1))
    with pytest.raises(services.ProcedureError, match="終了日.*より後の日付") as error:
        inspected(zenkomoku, people[Role.AUTHOR], inspected_on=period.ends_on)
    assert error.value.field == "inspected_on"
    with pytest.raises(services.ProcedureError, match="行政機関等の手続"):
        services.record_commission_approval(zenkomoku, actor=people[Role.AUTHOR], submitted_on=TODAY, review="x", approved_on=TODAY)


def test_a_national_agency_records_the_commissions_approval_printed_on_the_cover(make_person):
    from pia_portal.demo.reports import load_zenkomoku

    ministry = Organisation.objects.create(name="デジタル庁", slug="digital-agency", is_national_agency=True)
    author = make_person("ministry-author", ministry, Role.AUTHOR)
    version = load_zenkomoku(ministry)
    assert required_steps(version) == [Step.COMMENTS, Step.COMMISSION]
    heard(version, author)
    with pytest.raises(services.ProcedureError, match="第三者点検ではなく"):
        inspected(version, author)
    with pytest.raises(services.ProcedureError, match="承認日は提出日より後") as error:
        services.record_commission_approval(version, actor=author, submitted_on=TODAY + dt.timedelta(days=50), review="審査済み",
                                            approved_on=TODAY + dt.timedelta(days=45), today=TODAY + dt.timedelta(days=90))
    assert error.value.field == "approved_on"
    services.record_commission_approval(version, actor=author, submitted_on=TODAY + dt.timedelta(days=50), review="指摘なし",
                                        approved_on=TODAY + dt.timedelta(days=80), today=TODAY + dt.timedelta(days=90))
    version.cover.refresh_from_db()
    assert version.cover.ppc_approval_date == TODAY + dt.timedelta(days=80)
    assert m.Procedure.objects.get(version=version).ppc_review == "指摘なし"
    assert missing_steps(version) == []


def test_a_correction_goes_straight_to_review_but_an_important_change_starts_the_procedure(zenkomoku, people):
    from tests.builders import publish

    assert required_steps(start_new_version(publish(zenkomoku).report, actor=people[Role.AUTHOR])) == []
    second = zenkomoku.report.versions.get(number=2)
    m.ChangeLogEntry.objects.create(version=second, to_version=second, item="II 1 ③対象となる本人の範囲", important=True, position=99)
    assert required_steps(second) == [Step.COMMENTS, Step.INSPECTION]


def test_a_juten_report_needs_none_of_the_steps(organisation, people):
    from pia_portal.demo.reports import load_juten

    assert required_steps(load_juten(organisation)) == []


def test_publishing_records_the_day_of_submission_to_the_commission(zenkomoku, people):
    heard(zenkomoku, people[Role.AUTHOR])
    inspected(zenkomoku, people[Role.AUTHOR])
    m.Version.objects.filter(pk=zenkomoku.pk).update(status=m.VersionStatus.APPROVED)
    with pytest.raises(workflow.WorkflowError, match="未来の日付"):
        workflow.publish_version(zenkomoku, actor=people[Role.ADMIN], submitted_on=timezone.localdate() + dt.timedelta(days=1))
    publication = workflow.publish_version(zenkomoku, actor=people[Role.ADMIN], submitted_on=dt.date(2026, 11, 20))
    assert publication.submitted_on == dt.date(2026, 11, 20)


def test_the_minutes_must_be_a_pdf(client, zenkomoku, people):
    heard(zenkomoku, people[Role.AUTHOR])
    client.force_login(people[Role.AUTHOR])
    url = reverse("procedure:record_inspection", args=[zenkomoku.report.organisation.slug, zenkomoku.report.pk, 1])
    day = timezone.localdate()
    period = zenkomoku.comment_period
    CommentPeriod.objects.filter(pk=period.pk).update(starts_on=day - dt.timedelta(days=60), ends_on=day - dt.timedelta(days=31))
    data = {"committee": "審議会", "inspected_on": day.isoformat(), "method": "諮問", "findings": "適切"}
    response = client.post(url, {**data, "minutes": SimpleUploadedFile("minutes.pdf", b"not a pdf")})
    assert response.status_code == 200
    assert "議事録はPDFファイルを選んでください" in response.content.decode()
    assert not hasattr(m.Version.objects.get(pk=zenkomoku.pk), "third_party_inspection")
    response = client.post(url, {**data, "minutes": SimpleUploadedFile("minutes.pdf", MINUTES)})
    assert response.status_code == 302
    download = client.get(reverse("procedure:minutes", args=[zenkomoku.report.organisation.slug, zenkomoku.report.pk, 1]))
    assert b"".join(download.streaming_content) == MINUTES
    client.logout()
    assert client.get(download.request["PATH_INFO"]).status_code == 302  # to the login page


# The public comment form ------------------------------------------------------------------------


@pytest.fixture
def open_period(zenkomoku, people):
    return opened(zenkomoku, people[Role.AUTHOR], today=timezone.localdate())


def _issued(seconds_ago: float = 10) -> str:
    return signing.dumps(time.time() - seconds_ago, salt=FORM_SALT)


def _send(client, period, **fields):
    data = {"name": "", "body": "委託先の監督を具体的に書いてください。", "issued": _issued(), "website": ""} | fields
    return client.post(reverse("public_comments:period", args=[period.pk]), data, REMOTE_ADDR=fields.pop("ip", "192.0.2.10"))


@pytest.mark.parametrize("fields, message", [
    ({"body": "   "}, "ご意見を入力してください。"),
    ({"body": "あ" * 4001}, "ご意見は4,000文字以内にしてください"),
    ({"name": "名" * 101}, "氏名・団体名は100文字以内にしてください。"),
    ({"body": "https://a.example https://b.example http://c.example https://d.example"}, "リンクは3つまで"),
    ({"issued": "forged"}, "ページの有効期限が切れました"),
    ({"issued": signing.dumps(0, salt="x")}, "ページの有効期限が切れました"),
])
def test_bad_comments_are_refused_next_to_their_field(client, open_period, fields, message):
    response = _send(client, open_period, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PublicComment.objects.exists()


def test_a_comment_sent_at_once_after_loading_the_page_is_refused(client, open_period):
    response = _send(client, open_period, issued=_issued(seconds_ago=0))
    assert response.status_code == 400 and "送信が早すぎます" in response.content.decode()


def test_a_bot_filling_the_hidden_field_is_thanked_and_ignored(client, open_period):
    response = _send(client, open_period, website="http://spam.example")
    assert response.status_code == 302
    assert not PublicComment.objects.exists()


def test_one_address_may_send_five_comments_an_hour(client, open_period):
    for n in range(5):
        assert _send(client, open_period, body=f"意見{n}").status_code == 302
    response = _send(client, open_period, body="六件目")
    assert response.status_code == 429 and "1時間ほどおいて" in response.content.decode()
    assert _send(client, open_period, body="別の人", ip="198.51.100.7").status_code == 302
    assert PublicComment.objects.count() == 6
    assert all(len(c.sender_digest) == 64 and "192.0.2" not in c.sender_digest for c in PublicComment.objects.all())


def test_comments_stay_private_until_the_summary_is_published(client, open_period, people):
    _send(client, open_period, body="非公開であるべき意見の本文")
    page = client.get(reverse("public_comments:period", args=[open_period.pk])).content.decode()
    assert "非公開であるべき意見の本文" not in page and "ご意見" in page
    day = timezone.localdate()
    CommentPeriod.objects.filter(pk=open_period.pk).update(starts_on=day - dt.timedelta(days=40), ends_on=day - dt.timedelta(days=1))
    # Once closed, nothing more is taken.
    assert _send(client, open_period, body="遅れた意見").status_code == 200
    assert PublicComment.objects.count() == 1
    services.record_comment_result(CommentPeriod.objects.get(pk=open_period.pk), actor=people[Role.AUTHOR],
                                   summary="委託先の監督について1件の意見", reflection="記載を具体化した。")
    page = client.get(reverse("public_comments:period", args=[open_period.pk])).content.decode()
    assert "委託先の監督について1件の意見" in page and "非公開であるべき意見の本文" not in page


def test_a_period_not_yet_started_is_not_public(client, zenkomoku, people):
    period = opened(zenkomoku, people[Role.AUTHOR], today=timezone.localdate() + dt.timedelta(days=3))
    assert client.get(reverse("public_comments:period", args=[period.pk])).status_code == 404


def test_the_items_the_steps_write_are_shown_not_typed_in_the_editor(client, zenkomoku, people):
    heard(zenkomoku, people[Role.AUTHOR])
    client.force_login(people[Role.AUTHOR])
    url = reverse("editing:page", args=[zenkomoku.report.organisation.slug, zenkomoku.report_id, 1, "procedure"])
    assert "data-from-procedure" in client.get(url).content.decode()
    prefix = f"procedure-{m.Procedure.objects.get(version=zenkomoku).uid.hex}"
    client.post(url, {"seq": "0", f"{prefix}-comment_summary": "書き換え", f"{prefix}-third_party_method": "手で書いた方法"})
    vi = m.Procedure.objects.get(version=zenkomoku)
    assert vi.comment_summary == "意見はありませんでした。"
    assert vi.third_party_method == "手で書いた方法"  # not recorded yet: typed as before
