"""Review where the author works: given a version under review, a reviewer opens its sections
read-only and comments on items (an entry's item too), returns it; the author sees the reasons,
the badges and the comments next to the fields, answers and replies; the reviewer accepts."""

import pytest
from django.urls import reverse

from pia_portal.organisations.models import Role
from pia_portal.publishing import services
from pia_portal.publishing.models import ReviewComment
from pia_portal.reports import models as m
from tests.builders import full_version, with_review_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_person, organisation):
    return {role: make_person(role.value, organisation, role) for role in (Role.AUTHOR, Role.REVIEWER, Role.APPROVER, Role.ADMIN)}


@pytest.fixture
def in_review(organisation, people):
    version = full_version(organisation, "juten", actor=people[Role.AUTHOR])
    m.PersonalInfoFile.objects.filter(version=version).update(provides=True, no_provision_transfer=False)  # submittable
    m.Version.objects.filter(pk=version.pk).update(status=m.VersionStatus.IN_REVIEW, submitted_by=people[Role.AUTHOR])
    version.refresh_from_db()
    return version


def _page(version, key):
    report = version.report
    return reverse("editing:page", args=[report.organisation.slug, report.pk, version.number, key])


def _file_page(version):
    return _page(version, "file-" + version.files.order_by("position").first().uid.hex)


def test_a_reviewer_reads_every_section_and_comments_on_an_entrys_item(client, in_review, people):
    client.force_login(people[Role.REVIEWER])
    page = client.get(_file_page(in_review)).content.decode()
    assert 'id="save"' not in page and "この項目を指摘する" in page
    first_file = in_review.files.order_by("position").first()
    second = m.Outsourcing.objects.filter(version=in_review, file=first_file).order_by("position")[1]
    key = "file-" + in_review.files.order_by("position").first().uid.hex
    response = client.post(reverse("publishing:comment_on_item", args=[in_review.report.organisation.slug, in_review.report_id, 1]), {
        "page": key, "record": second.uid, "attr": "contractor_name", "text": "委託先の正式名称を記載してください。",
        "next": _file_page(in_review) + "#x",
    })
    assert response.status_code == 302 and response["Location"].endswith("#x")
    comment = ReviewComment.objects.get()
    assert comment.item.startswith("委託事項2") and "委託先名" in comment.item
    assert (comment.record_uid, comment.attr) == (second.uid, "contractor_name")
    assert "委託先の正式名称を記載してください。" in client.get(_file_page(in_review)).content.decode()


def test_a_comment_must_name_an_item_of_this_version(in_review, people):
    other = full_version(in_review.report.organisation, "juten", number="21")
    with pytest.raises(services.WorkflowError, match="項目が見つかりません"):
        services.add_comment(in_review, actor=people[Role.REVIEWER], page="basic", page_title="I", text="x",
                             record_uid=other.basic_info.uid, attr="department")
    with pytest.raises(services.WorkflowError, match="項目が見つかりません"):
        services.add_comment(in_review, actor=people[Role.REVIEWER], page="basic", page_title="I", text="x",
                             record_uid=in_review.basic_info.uid, attr="no_such_item")
    assert not ReviewComment.objects.exists()


def test_the_author_sees_the_reasons_badges_and_comments_and_answers_them(client, in_review, people):
    reviewer, author, approver = people[Role.REVIEWER], people[Role.AUTHOR], people[Role.APPROVER]
    basic = in_review.basic_info
    one = services.add_comment(in_review, actor=reviewer, page="basic", page_title="I 基本情報", text="担当係まで書いてください。",
                               record_uid=basic.uid, attr="department")
    two = services.add_comment(in_review, actor=reviewer, page="basic", page_title="I 基本情報", text="法令の条項を確認してください。",
                               record_uid=basic.uid, attr="mynumber_legal_basis")
    services.return_version(in_review, actor=reviewer, reason="I 基本情報の2件を確認してください。")

    client.force_login(author)
    home = client.get(reverse("editing:home", args=[in_review.report.organisation.slug, in_review.report_id, 1])).content.decode()
    assert "data-return-banner" in home and "I 基本情報の2件を確認してください。" in home
    assert "data-comment-badge" in home
    page = client.get(_page(in_review, "basic")).content.decode()
    assert page.index("担当係まで書いてください。") > page.index('name="basic_info-')  # next to its field
    assert 'id="save"' in page

    services.answer_comment(one, actor=author, text="「介護認定係」を追記しました。")
    services.reply_to_comment(two, actor=author, text="条項は現行のとおりで正しいと考えます。")
    one.refresh_from_db()
    assert one.answered_at and not one.resolved
    assert [r.text for r in two.replies.all()] == ["条項は現行のとおりで正しいと考えます。"]

    services.submit_version(in_review, actor=author)
    with pytest.raises(services.WorkflowError, match="未解決の指摘が2件"):
        services.approve_version(in_review, actor=approver)
    for comment in (one, two):
        services.resolve_comment(comment, actor=approver)
    with_review_pdf(in_review)
    services.approve_version(in_review, actor=approver)  # replies never block


def test_an_author_cannot_comment_nor_accept(in_review, people):
    author = people[Role.AUTHOR]
    with pytest.raises(services.WorkflowError, match="だけが行えます"):
        services.add_comment(in_review, actor=author, page="basic", page_title="I", text="x",
                             record_uid=in_review.basic_info.uid, attr="department")
    comment = services.add_comment(in_review, actor=people[Role.REVIEWER], page="basic", page_title="I", text="x",
                                   record_uid=in_review.basic_info.uid, attr="department")
    with pytest.raises(services.WorkflowError, match="だけが行えます"):
        services.resolve_comment(comment, actor=author)


def test_submitting_with_open_comments_lists_them_first(client, in_review, people):
    reviewer, author = people[Role.REVIEWER], people[Role.AUTHOR]
    services.add_comment(in_review, actor=reviewer, page="basic", page_title="I 基本情報", text="担当係まで書いてください。",
                         record_uid=in_review.basic_info.uid, attr="department")
    services.return_version(in_review, actor=reviewer, reason="確認してください。")
    client.force_login(author)
    slug, report = in_review.report.organisation.slug, in_review.report_id
    response = client.post(reverse("publishing:transition", args=[slug, report, 1, "submit"]))
    assert response["Location"] == reverse("publishing:confirm_submission", args=[slug, report, 1])
    page = client.get(response["Location"]).content.decode()
    assert "担当係まで書いてください。" in page and "未対応" in page
    in_review.refresh_from_db()
    assert in_review.status == m.VersionStatus.RETURNED  # nothing happened yet
    client.post(response["Location"])
    in_review.refresh_from_db()
    assert in_review.status == m.VersionStatus.IN_REVIEW


def test_the_approver_sees_what_blocks_approval_before_pressing_it(client, in_review, people):
    services.add_comment(in_review, actor=people[Role.REVIEWER], page="basic", page_title="I 基本情報", text="x",
                         record_uid=in_review.basic_info.uid, attr="department")
    client.force_login(people[Role.APPROVER])
    page = client.get(reverse("reports:report_detail", args=[in_review.report.organisation.slug, in_review.report_id])).content.decode()
    assert "data-approval-blockers" in page and "未解決の指摘が1件" in page
    assert "publishing/transition" not in page and "/versions/1/workflow/approve/" not in page


def test_publishing_asks_for_the_publication_date_the_cover_prints(client, in_review, people):
    import datetime as dt

    from pia_portal.core.wareki import format_date
    from pia_portal.rendering.document import build

    m.Version.objects.filter(pk=in_review.pk).update(status=m.VersionStatus.APPROVED)
    client.force_login(people[Role.ADMIN])
    url = reverse("publishing:publish", args=[in_review.report.organisation.slug, in_review.report_id, 1])
    assert "公表日" in client.get(url).content.decode()
    tomorrow = format_date(dt.date.today() + dt.timedelta(days=2))
    response = client.post(url, {"published_on": tomorrow, "submitted_on": "令和8年11月20日"})
    assert response.status_code == 200 and "未来の日付" in response.content.decode()
    response = client.post(url, {"published_on": "令和8年11月21日", "submitted_on": "令和8年11月20日"})
    assert response.status_code == 302
    version = m.Version.objects.get(pk=in_review.pk)
    assert version.publication.published_on == dt.date(2026, 11, 21)
    cover = next(part for part in build(version).parts if part.kind == "cover").cover
    assert "令和8年11月21日" in str(cover["values"]["publication_date"])
