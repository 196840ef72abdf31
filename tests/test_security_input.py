"""Input that used to give a 500 or slip past a check (issue #27 items 10 and 11): each case is
answered in Japanese next to what was sent, or refused as the rule says."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from pia_portal.editing.models import PageDraft
from pia_portal.organisations.models import Role
from pia_portal.procedure import services as procedure
from pia_portal.procedure.models import CommentPeriod, PublicComment
from pia_portal.publishing import services
from pia_portal.reports import models as m
from tests.builders import full_version
from tests.test_procedure import _send, opened, people as procedure_people, zenkomoku  # noqa: F401 (fixtures)
from tests.test_review_in_editor import in_review, people  # noqa: F401 (fixtures)
from tests.test_workflow import ready  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_answering_a_reply_answers_its_thread(client, in_review, people):
    comment = services.add_comment(in_review, actor=people[Role.REVIEWER], page="basic", page_title="I 基本情報",
                                   text="担当係まで書いてください。", record_uid=in_review.basic_info.uid, attr="department")
    reply = services.reply_to_comment(comment, actor=people[Role.REVIEWER], text="補足です。")
    services.return_version(in_review, actor=people[Role.REVIEWER], reason="確認してください。")
    client.force_login(people[Role.AUTHOR])
    slug = in_review.report.organisation.slug

    response = client.post(reverse("publishing:answer", args=[slug, in_review.report_id, 1, reply.pk]), {"text": "追記しました。"})

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.answered_by == people[Role.AUTHOR]


def test_an_autosave_with_a_huge_sequence_number_is_kept(client, author, organisation):
    version = full_version(organisation, actor=author)
    basic = m.BasicInfo.objects.get(version=version)
    client.force_login(author)
    url = reverse("editing:autosave", args=[organisation.slug, version.report_id, 1, "basic"])

    response = client.post(url, {"seq": "9" * 30, f"basic_info-{basic.uid.hex}-department": "介護保険課"})

    assert response.status_code == 200
    assert PageDraft.objects.get().data[f"basic_info-{basic.uid.hex}-department"] == ["介護保険課"]


@pytest.mark.parametrize("number", ["٢٠", "۲۰", "२०", "20\u0660"])
def test_an_assessment_number_in_other_scripts_digits_is_refused_as_not_a_number(client, author, organisation, number):
    client.force_login(author)

    page = client.post(reverse("editing:new_report", args=[organisation.slug]),
                       {"kind": "juten", "assessment_number": number, "title": "介護保険関係事務 重点項目評価書"})

    html = page.content.decode()
    assert page.status_code == 200 and "数字で入力してください" in html and "すでにあります" not in html
    assert not m.Report.objects.exists()


def test_a_shortening_reason_of_invisible_characters_is_no_reason(zenkomoku, procedure_people):
    today = timezone.localdate()
    with pytest.raises(procedure.ProcedureError, match="特段の理由"):
        procedure.open_comment_period(zenkomoku, actor=procedure_people[Role.AUTHOR], method="ホームページ", starts_on=today,
                                      ends_on=today + timezone.timedelta(days=10), shortening_reason="\u200b\u2060\ufeff ", today=today)
    assert not CommentPeriod.objects.exists()


@pytest.mark.parametrize("links", [
    "HTTP://a.example HTTPS://b.example Http://c.example hTTps://d.example",
    "ｈｔｔｐｓ://a.example ｈｔｔｐ://b.example https://c.example http://d.example",
])
def test_the_link_limit_of_public_comments_ignores_case_and_width(client, zenkomoku, procedure_people, links):
    period = opened(zenkomoku, procedure_people[Role.AUTHOR], today=timezone.localdate())

    response = _send(client, period, body=f"参考: {links}")

    assert response.status_code == 400 and "リンクは3つまで" in response.content.decode()
    assert not PublicComment.objects.exists()


def test_who_submitted_a_version_once_cannot_approve_it_after_a_colleague_resubmits(make_person, organisation, ready):
    both = make_person("both", organisation, Role.AUTHOR, Role.APPROVER)
    colleague = make_person("colleague", organisation, Role.AUTHOR)
    reviewer = make_person("reviewer", organisation, Role.REVIEWER)
    services.submit_version(ready, actor=both)
    services.return_version(ready, actor=reviewer, reason="確認してください。")
    services.submit_version(ready, actor=colleague)

    with pytest.raises(services.WorkflowError, match="提出した本人は承認できません"):
        services.approve_version(ready, actor=both)
