"""Nothing reaches the public without approval: each transition is allowed to one role only, the
submitter cannot approve, open comments block approval, and a failed render publishes nothing."""

import pytest
from django.core import mail
from django.urls import reverse

from pia_portal.organisations.models import Role
from pia_portal.publishing import services
from pia_portal.publishing.models import Publication
from pia_portal.reports import models as m
from pia_portal.rendering.models import PdfRender, RenderStatus
from pia_portal.rendering.tasks import render_version_pdf
from tests.builders import full_version, with_review_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_person, organisation):
    return {
        role: make_person(role.value, organisation, role)
        for role in (Role.AUTHOR, Role.REVIEWER, Role.APPROVER, Role.ADMIN)
    }


@pytest.fixture
def ready(organisation):
    """A version without errors, as authors submit them."""
    from pia_portal.demo.reports import load_juten

    return load_juten(organisation)


ACTIONS = {
    "submit": (lambda v, p: services.submit_version(v, actor=p), m.VersionStatus.DRAFT, {Role.AUTHOR, Role.ADMIN}),
    "return": (lambda v, p: services.return_version(v, actor=p, reason="記載が不足"), m.VersionStatus.IN_REVIEW, {Role.REVIEWER, Role.APPROVER}),
    "approve": (lambda v, p: services.approve_version(v, actor=p), m.VersionStatus.IN_REVIEW, {Role.APPROVER}),
    "publish": (lambda v, p: services.publish_version(v, actor=p), m.VersionStatus.APPROVED, {Role.ADMIN}),
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", [Role.AUTHOR, Role.REVIEWER, Role.APPROVER, Role.ADMIN])
def test_every_transition_refuses_the_wrong_role(action, role, people, ready):
    do, status, allowed = ACTIONS[action]
    m.Version.objects.filter(pk=ready.pk).update(status=status, submitted_by=people[Role.AUTHOR])
    ready.refresh_from_db()
    if action == "approve":
        with_review_pdf(ready)
    if role in allowed:
        do(ready, people[role])
    else:
        with pytest.raises(services.WorkflowError, match="だけが行えます"):
            do(ready, people[role])
        ready.refresh_from_db()
        assert ready.status == status


def test_the_submitter_cannot_approve(make_person, organisation, ready):
    both = make_person("both", organisation, Role.AUTHOR, Role.APPROVER)
    services.submit_version(ready, actor=both)

    with pytest.raises(services.WorkflowError, match="提出した本人は承認できません"):
        services.approve_version(ready, actor=both)


def test_a_version_with_errors_cannot_be_submitted(people, organisation):
    version = full_version(organisation)
    m.BasicInfo.objects.filter(version=version).update(affair_description="")

    with pytest.raises(services.WorkflowError, match="エラーが"):
        services.submit_version(version, actor=people[Role.AUTHOR])


def test_open_comments_block_approval_until_resolved(people, ready):
    services.submit_version(ready, actor=people[Role.AUTHOR])
    comment = services.add_comment(ready, actor=people[Role.REVIEWER], page="basic", page_title="I 基本情報", item="①部署", text="課名を確認")

    with pytest.raises(services.WorkflowError, match="未解決の指摘が1件"):
        services.approve_version(ready, actor=people[Role.APPROVER])
    with pytest.raises(services.WorkflowError, match="審査者・承認者だけ"):
        services.resolve_comment(comment, actor=people[Role.AUTHOR])  # the author answers; reviewers close
    services.resolve_comment(comment, actor=people[Role.REVIEWER])
    with_review_pdf(ready)
    services.approve_version(ready, actor=people[Role.APPROVER])
    ready.refresh_from_db()
    assert ready.status == m.VersionStatus.APPROVED


def test_transitions_notify_the_next_people_by_mail(people, ready, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_version(ready, actor=people[Role.AUTHOR])

    (message,) = mail.outbox
    assert sorted(message.to) == ["approver@example.jp", "reviewer@example.jp"]
    assert "審査の依頼" in message.subject and ready.report.title in message.subject


def test_a_failed_render_does_not_publish_and_the_previous_version_stays(people, ready, settings, tmp_path):
    m.Version.objects.filter(pk=ready.pk).update(status=m.VersionStatus.PUBLISHED)
    from pia_portal.reports.services import start_new_version

    second = start_new_version(ready.report, actor=people[Role.AUTHOR])
    m.Version.objects.filter(pk=second.pk).update(status=m.VersionStatus.APPROVED)
    second.refresh_from_db()
    publication = services.publish_version(second, actor=people[Role.ADMIN])
    blocker = tmp_path / "file"
    blocker.write_text("x")
    settings.MEDIA_ROOT = str(blocker)

    assert render_version_pdf(publication.render_id) == "failed"

    second.refresh_from_db()
    ready.refresh_from_db()
    assert second.status == m.VersionStatus.APPROVED and ready.status == m.VersionStatus.PUBLISHED
    assert Publication.objects.get(pk=publication.pk).published_at is None
    assert PdfRender.objects.get(pk=publication.render_id).status == RenderStatus.FAILED


def test_a_successful_render_publishes_and_supersedes_the_previous_version(people, ready):
    m.Version.objects.filter(pk=ready.pk).update(status=m.VersionStatus.PUBLISHED)
    from pia_portal.reports.services import start_new_version

    second = start_new_version(ready.report, actor=people[Role.AUTHOR])
    m.Version.objects.filter(pk=second.pk).update(status=m.VersionStatus.APPROVED)
    publication = services.publish_version(second, actor=people[Role.ADMIN])

    assert render_version_pdf(publication.render_id) == "done"

    second.refresh_from_db()
    ready.refresh_from_db()
    assert second.status == m.VersionStatus.PUBLISHED and ready.status == m.VersionStatus.SUPERSEDED
    from pia_portal.public.models import SearchDocument

    assert "介護保険" in SearchDocument.objects.get(report=second.report, version=second).text


def test_no_public_url_reveals_a_draft(client, organisation, ready):
    report = ready.report
    urls = [
        reverse("public:public_index") + "?q=介護",
        reverse("public:public_report", args=[report.pk]),
        reverse("public:public_pdf", args=[report.pk, 1]),
        f"/public/{organisation.slug}/{report.assessment_number}/",
    ]
    index = client.get(urls[0])
    assert index.status_code == 200 and report.title not in index.content.decode()
    assert client.get(urls[1]).status_code == 404
    assert client.get(urls[2]).status_code == 404
    assert client.get(urls[3]).status_code == 404


def test_the_public_finds_published_reports_by_partial_japanese_words(client, people, ready):
    m.Version.objects.filter(pk=ready.pk).update(status=m.VersionStatus.APPROVED)
    publication = services.publish_version(ready, actor=people[Role.ADMIN])
    render_version_pdf(publication.render_id)

    for query in ("介護", "介護保険システム", "みどり", "委託", "介護　保険"):
        page = client.get(reverse("public:public_index"), {"q": query}).content.decode()
        assert ready.report.title in page, query
    assert ready.report.title not in client.get(reverse("public:public_index"), {"q": "住基"}).content.decode()
    report_page = client.get(f"/public/{ready.report.organisation.slug}/12/", follow=True)
    assert report_page.redirect_chain[0] == (reverse("public:public_report", args=[ready.report.pk]), 301)
    assert "変更前の記載" in report_page.content.decode()
    pdf = client.get(reverse("public:public_pdf", args=[ready.report.pk, 1]))
    assert pdf["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''" in pdf["Content-Disposition"] and "max-age" in pdf["Cache-Control"]


def test_the_comparison_shows_changed_added_and_removed_items_in_the_forms_terms(client, people, ready):
    from pia_portal.reports.services import start_new_version

    m.Version.objects.filter(pk=ready.pk).update(status=m.VersionStatus.PUBLISHED)
    second = start_new_version(ready.report, actor=people[Role.AUTHOR])
    file = second.files.order_by("position").first()
    outsourcings = list(file.outsourcings.order_by("position"))
    outsourcings[0].delete()  # 委託事項1 removed: 委託事項2 must not show as changed
    m.BasicInfo.objects.filter(version=second).update(department="健康福祉部 介護保険課 介護認定係")
    m.System.objects.create(version=second, position=9, name="電子申請システム")
    client.force_login(people[Role.REVIEWER])

    page = client.get(reverse("publishing:compare", args=[ready.report.organisation.slug, ready.report.pk]), {"a": 1, "b": 2})

    from pia_portal.changelog.generate import HouseStyle, generate

    changes = generate(ready, second, style=HouseStyle(with_names=False)).rows
    assert [c.item.split(" ")[-1] for c in changes if c.kind == "removed"] == ["委託事項1"]
    assert any(c.kind == "added" and " システム4 " in c.item for c in changes)
    assert [c for c in changes if c.kind == "changed" and c.item.endswith("①部署")][0].after == "健康福祉部 介護保険課 介護認定係"
    assert not [c for c in changes if c.kind == "changed" and "委託事項" in c.item]
    assert "①部署" in page.content.decode() and "削除" in page.content.decode()


def test_an_ended_affair_is_recorded_by_an_admin_and_stays_public(client, people, ready):
    from pia_portal.rendering.document import build

    m.Version.objects.filter(pk=ready.pk).update(status=m.VersionStatus.PUBLISHED)
    with pytest.raises(services.WorkflowError):
        services.end_report(ready.report, actor=people[Role.AUTHOR], ended_on=None)
    client.force_login(people[Role.ADMIN])
    client.post(reverse("publishing:end_report", args=[ready.report.organisation.slug, ready.report.pk]), {"ended_on": "令和8年3月31日"})

    ready.report.refresh_from_db()
    assert ready.report.ended_on.isoformat() == "2026-03-31"
    assert "令和8年3月31日 終了" in str(build(ready).parts[0].cover["values"]["title"])
