"""What a careful user still tripped on in the workflow (#32): dates that cannot be true are
refused next to their field, and what has been published stays as it was."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from pia_portal.core.wareki import format_date
from pia_portal.organisations.models import Role
from pia_portal.publishing import services
from pia_portal.publishing.models import Publication
from pia_portal.reports import models as m
from tests.builders import with_review_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_person, organisation):
    return {role: make_person(role.value, organisation, role) for role in (Role.AUTHOR, Role.APPROVER, Role.ADMIN)}


@pytest.fixture
def approved(organisation, people):
    """A 重点項目評価書 approved today, waiting for its 公表."""
    from pia_portal.demo.reports import load_juten

    version = load_juten(organisation)
    services.submit_version(version, actor=people[Role.AUTHOR])
    with_review_pdf(version)
    services.approve_version(version, actor=people[Role.APPROVER])
    return version


def publish_page(client, version, **dates):
    url = reverse("publishing:publish", args=[version.report.organisation.slug, version.report.pk, version.number])
    return client.post(url, dates) if dates else client.get(url)


@pytest.mark.parametrize("field", ["published_on", "submitted_on"])
def test_a_date_before_the_approval_is_refused_next_to_its_field(client, people, approved, field):
    """Given a version approved today, when the admin gives yesterday as its 公表日 (or 提出日),
    then the page says why next to that field and nothing is published or queued."""
    client.force_login(people[Role.ADMIN])
    today = timezone.localdate()
    dates = {"published_on": format_date(today), "submitted_on": format_date(today)}
    dates[field] = format_date(today - dt.timedelta(days=1))

    page = publish_page(client, approved, **dates)

    assert page.status_code == 200
    form = page.context["form"]
    assert list(form.errors) == [field]
    assert "承認日" in form.errors[field][0] and format_date(today) in form.errors[field][0]
    assert f'href="#id_{field}"' in page.content.decode()
    assert not Publication.objects.filter(version=approved).exists()


def test_a_future_date_is_refused_next_to_its_field(client, people, approved):
    client.force_login(people[Role.ADMIN])
    today = timezone.localdate()
    page = publish_page(client, approved, published_on=format_date(today + dt.timedelta(days=3)),
                        submitted_on=format_date(today))
    assert list(page.context["form"].errors) == ["published_on"]
    assert "未来" in page.context["form"].errors["published_on"][0]


def test_the_service_refuses_a_date_before_the_approval_whoever_calls_it(people, approved):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(services.WorkflowError) as refused:
        services.publish_version(approved, actor=people[Role.ADMIN], published_on=yesterday)
    assert refused.value.field == "published_on"


def test_the_approval_day_itself_is_a_valid_publication_day(client, people, approved):
    client.force_login(people[Role.ADMIN])
    today = format_date(timezone.localdate())
    page = publish_page(client, approved, published_on=today, submitted_on=today)
    assert page.status_code == 302
    assert Publication.objects.get(version=approved).published_on == timezone.localdate()


def test_the_review_page_shows_each_thread_with_answers_and_replies_linking_to_its_item(client, organisation, make_person):
    """Given a finding on 「②所属長の役職名」 that the author answered and the reviewer replied to,
    the review page shows the whole thread, links to the item in the editor, and offers no
    free-text 項目 of its own: findings are made at the item."""
    from pia_portal.demo.reports import load_juten

    author, reviewer = make_person("a", organisation, Role.AUTHOR), make_person("r", organisation, Role.REVIEWER)
    version = load_juten(organisation)
    services.submit_version(version, actor=author)
    finding = services.add_comment(version, actor=reviewer, page="basic", page_title="I 基本情報", text="役職名を正式名称に",
                                   record_uid=version.basic_info.uid, attr="department")
    services.reply_to_comment(finding, actor=reviewer, text="例: 介護保険課長")
    services.return_version(version, actor=reviewer, reason="指摘を確認してください")
    services.answer_comment(finding, actor=author, text="正式名称に直しました")

    client.force_login(reviewer)
    html = client.get(reverse("publishing:review", args=[organisation.slug, version.report_id, 1])).content.decode()

    assert "役職名を正式名称に" in html and "例: 介護保険課長" in html and "正式名称に直しました" in html
    editor = reverse("editing:page", args=[organisation.slug, version.report_id, 1, "basic"])
    assert f'href="{editor}#comment-{finding.pk}"' in html
    assert 'name="item"' not in html
    assert client.post(reverse("publishing:review", args=[organisation.slug, version.report_id, 1]),
                       {"page": "basic", "item": "自由記述", "text": "x"}).status_code == 405


def test_the_public_comment_page_of_a_draft_since_published_links_to_the_report(client, organisation, make_person):
    """A resident comes back to the draft they commented on: once the report is published, the
    page sends them on to it (#32 item 5)."""
    from pia_portal.procedure import services as procedure
    from pia_portal.procedure.models import CommentPeriod
    from tests.builders import full_version

    author = make_person("a", organisation, Role.AUTHOR)
    version = full_version(organisation, "zenkomoku", actor=author)
    start = timezone.localdate() - dt.timedelta(days=40)
    period = procedure.open_comment_period(version, actor=author, method="ホームページ", starts_on=start,
                                           ends_on=start + dt.timedelta(days=30), today=start)
    url = reverse("public_comments:period", args=[period.pk])
    assert "data-published" not in client.get(url).content.decode()

    m.Version.objects.filter(pk=version.pk).update(status=m.VersionStatus.PUBLISHED)
    page = client.get(url).content.decode()

    assert "data-published" in page and reverse("public:public_report", args=[version.report_id]) in page
    assert CommentPeriod.objects.filter(pk=period.pk).exists()


def test_a_comment_period_on_an_unfinished_draft_is_opened_only_knowingly(client, organisation, make_person):
    """#32 item 4: the draft still has problems that would stop its submission; the page lists
    them and opens the period only once staff confirm; while it runs, the comments so far can be
    read, and the result form says it waits for the end before anything is typed."""
    from pia_portal.procedure.models import CommentPeriod, PublicComment
    from pia_portal.reports.services import create_report

    author = make_person("a", organisation, Role.AUTHOR)
    version = create_report(organisation, kind="zenkomoku", assessment_number="30", title="未完成 全項目評価書",
                            affair_name="未完成の事務", actor=author)
    client.force_login(author)
    args = [organisation.slug, version.report_id, 1]
    url = reverse("procedure:open_comments", args=args)
    today = timezone.localdate()
    data = {"method": "ホームページで募集", "starts_on": format_date(today),
            "ends_on": format_date(today + dt.timedelta(days=29))}

    page = client.get(url).content.decode()
    assert "data-unfinished" in page and "提出を止める記載の問題が" in page

    refused = client.post(url, data)
    assert refused.status_code == 200 and not CommentPeriod.objects.exists()
    assert 'href="#id_confirm_unfinished"' in refused.content.decode()

    assert client.post(url, {**data, "confirm_unfinished": "on"}).status_code == 302
    period = CommentPeriod.objects.get(version=version)
    PublicComment.objects.create(period=period, body="最初の意見です", sender_digest="x" * 64)

    steps = client.get(reverse("procedure:steps", args=args)).content.decode()
    assert "寄せられた意見(1件)を読む" in steps
    result = client.get(reverse("procedure:record_comments", args=args)).content.decode()
    assert "最初の意見です" in result and "data-not-yet" in result and "<fieldset disabled" in result
