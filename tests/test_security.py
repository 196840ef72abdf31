"""The portal as an attacker and a careless user would try it.

- IDOR sweep: every URL pattern of the portal, filled with another organisation's ids, requested
  by every role (and by nobody), answers exactly as it does for an id that does not exist, and never
  shows the other organisation's text.
- CSRF sweep: every URL, POSTed without a token, is refused and changes nothing.
- XSS corpus: markup typed into every text item, the title and the review comments comes back
  escaped on every page, and printed as text in the PDF.

The sweeps are generated from the URL configuration, so a new page is covered without a new test.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from pia_portal.audit.models import ActionLog
from pia_portal.importing.models import ImportJob
from pia_portal.organisations.models import Role
from pia_portal.procedure.models import CommentPeriod
from pia_portal.publishing import services as workflow
from pia_portal.publishing.models import ReviewComment, WithheldPart
from pia_portal.reports import models as m
from pia_portal.reports.structure import Kind, items_of
from pia_portal.rendering.models import BulkRender, PdfRender, RenderStatus
from pia_portal.rendering.pdf import render_pdf
from tests.builders import full_version, with_procedure

pytestmark = pytest.mark.django_db

SECRET = "鹿児島の秘密XQ7"
ROLES = (Role.AUTHOR, Role.REVIEWER, Role.APPROVER, Role.ADMIN)
NONEXISTENT = {"report_id": 999_999, "number": 77, "render_id": 999_999, "comment_id": 999_999, "job_id": 999_999,
               "affair_id": 999_999, "part_id": 999_999, "batch_id": 999_999}


def url_patterns(patterns=None, prefix=""):
    """Every URL pattern of the portal but the site admin, as (route, name)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if "admin" in str(pattern.pattern):
                continue  # the site admin is for operators and has its own permission system
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name


def fill(route: str, values: dict) -> str:
    """The path for `route` with its converters replaced by `values`."""
    import re

    if route.startswith("^public/"):  # the old public addresses, a regex
        return f"/public/{values['slug']}/20/"
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda match: str(values[match.group(1)]), route)


@pytest.fixture
def world(organisation, other_organisation, make_person):
    """山口市 (the visitors' organisation) and 鹿児島市 (the other one) with one report each, with
    a render, a review comment and an import job, so that every kind of id exists on both sides."""
    people = {role: make_person(f"yamaguchi-{role.value}", organisation, role) for role in ROLES}
    victim = make_person("kagoshima-author", other_organisation, *ROLES)
    sides = {}
    for org, actor, number in ((organisation, people[Role.AUTHOR], "20"), (other_organisation, victim, "5")):
        version = full_version(org, "zenkomoku", number=number, actor=actor)
        if org == other_organisation:
            m.Report.objects.filter(pk=version.report_id).update(title=f"{SECRET} 住民基本台帳")
            m.BasicInfo.objects.filter(version=version).update(affair_description=SECRET)
        render = PdfRender.objects.create(version=version, content_key="k", status=RenderStatus.DONE, file="pdf/x.pdf", sha256="0" * 64)
        m.Version.objects.filter(pk=version.pk).update(status=m.VersionStatus.IN_REVIEW)
        comment = ReviewComment.objects.create(version=version, page="basic", page_title="I 基本情報", text=f"{SECRET}の指摘" if org == other_organisation else "指摘")
        job = ImportJob.objects.create(organisation=org, source="imports/x", source_name="x.txt", source_sha256="0" * 64, source_size=1)
        # Ours is open for comments; theirs starts later, so nothing of it is public yet.
        start = timezone.localdate() + dt.timedelta(days=0 if org == organisation else 10)
        period = CommentPeriod.objects.create(version=version, method="x", starts_on=start, ends_on=start + dt.timedelta(days=40))
        version.refresh_from_db()
        sides[org.slug] = {
            "slug": org.slug, "report_id": version.report_id, "number": version.number, "render_id": render.pk,
            "comment_id": comment.pk, "job_id": job.pk, "uid": version.systems.first().uid,
            "figure_uid": version.figures.first().uid, "page_key": "basic", "entity": "system", "action": "approve",
            "direction": "up", "verb": "reply", "uidb64": "MQ", "token": "x-y", "org_slug": org.slug, "version_number": version.number,
            "key": f"basic_info.{version.systems.first().uid.hex}.department", "fragment_id": 987654, "note_id": 987654,
            "affair_id": version.report.affair_id, "period_id": period.pk, "size": "page",
            "batch_id": BulkRender.objects.create(organisation=org, total=1).pk,
            "part_id": WithheldPart.objects.create(version=version, record_uid=version.systems.first().uid, attr="name",
                                                   label="システム1 ①システムの名称", reason="x").pk,
        }
    return {"people": people, "ours": sides[organisation.slug], "theirs": sides[other_organisation.slug]}


def _values(side: dict, route: str, **override) -> dict:
    values = dict(side, **override)
    if "figures/" in route:
        values["uid"] = values["figure_uid"]
    return values


def _snapshot():
    return (
        ActionLog.objects.count(), m.Version.objects.count(), m.Report.objects.count(), ReviewComment.objects.count(),
        ImportJob.objects.count(), PdfRender.objects.count(), m.System.objects.count(),
        list(m.Version.objects.order_by("pk").values_list("status", flat=True)),
    )


ORGANISATION_ROUTES = [route for route, _name in url_patterns() if route.startswith("o/<slug:slug>/")]


def test_the_sweep_covers_every_page_of_an_organisation():
    # A guard against a sweep that silently tests nothing: every organisation page is in it.
    assert len(ORGANISATION_ROUTES) >= 25


def test_another_organisations_ids_answer_like_ids_that_do_not_exist(world):
    """A member of 山口市, whatever their role, who swaps in 鹿児島市's ids (in 山口市's address, or
    in 鹿児島市's) gets the answer a made-up id gets, and never 鹿児島市's text. One test over every
    route (the world is built once), each failure naming its route, method and role."""
    ours, theirs = world["ours"], world["theirs"]
    before = _snapshot()
    clients = []
    for role, person in [*world["people"].items(), ("anonymous", None)]:
        client = Client()
        if person is not None:
            client.force_login(person)
        clients.append((role, person, client))
    for route, role, person, client, method in (
        (route, role, person, client, method)
        for route in ORGANISATION_ROUTES for role, person, client in clients for method in ("get", "post")
    ):
        if True:
            call = getattr(client, method)
            made_up = dict(NONEXISTENT, uid=uuid.uuid4(), figure_uid=uuid.uuid4())
            ours_made_up = call(fill(route, _values(ours, route, **made_up)))
            theirs_made_up = call(fill(route, _values(theirs, route, **made_up)))
            swapped = call(fill(route, _values(theirs, route, slug=ours["slug"])))
            foreign = call(fill(route, _values(theirs, route)))
            where = f"{method.upper()} {route} as {role}"
            assert swapped.status_code == ours_made_up.status_code, f"{where}: existence of another organisation's id shows"
            assert foreign.status_code == theirs_made_up.status_code, f"{where}: existence shows to a non-member"
            if person is None and "<str:token>" in route:  # a calendar program's address: the token is the key
                assert foreign.status_code in (404, 405), where
            elif person is None:
                assert foreign.status_code in (302, 405) and (foreign.status_code == 405 or "/login/" in foreign["Location"]), where
            else:
                assert foreign.status_code in (404, 405), f"{where}: a non-member reached another organisation"
            for response in (swapped, foreign):
                assert response.status_code != 500, where
                assert SECRET not in response.content.decode(errors="replace"), f"{where}: leaked"
    assert _snapshot() == before


def test_public_addresses_show_nothing_unpublished(world, client):
    theirs = world["theirs"]
    for route, _name in url_patterns():
        if not route.startswith("public/"):
            continue
        for values in (_values(theirs, route), _values(theirs, route, report_id=999_999, slug="nowhere")):
            response = client.get(fill(route, values))
            assert response.status_code in (200, 301, 404), route
            assert SECRET not in response.content.decode(errors="replace"), route
    search = client.get("/", {"q": SECRET})  # the query is echoed in the box; no result is found
    assert len(search.context["page"].object_list) == 0 and "住民基本台帳" not in search.content.decode()


def test_every_post_without_a_csrf_token_is_refused_and_changes_nothing(world):
    from pia_portal.organisations.models import Membership

    ours = world["ours"]
    admin = world["people"][Role.ADMIN]
    Membership.objects.filter(user=admin).update(roles=list(ROLES))  # every button is there for them
    signed_in, anonymous = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    signed_in.force_login(admin)
    before = _snapshot()
    routes = list(url_patterns())

    for route, name in routes:
        for client in (signed_in, anonymous):
            response = client.post(fill(route, _values(ours, route)), {"text": "x", "reason": "x", "title": "x", "slug": ours["slug"]})
            # The public API is read-only: it refuses every POST as a method it does not know.
            refused = (403, 405) if route.startswith("api/") else (403,)
            assert response.status_code in refused, f"POST {route} without a CSRF token answered {response.status_code}"

    assert len(routes) >= 40 and _snapshot() == before


XSS = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "</textarea><svg onload=alert(2)>",
    "javascript:alert(3)",
    "{{ 7|add:7 }}{% now 'Y' %}",
    "'-alert(4)-'\u202e",
]


@pytest.fixture
def poisoned(world):
    """Every text item of 山口市's version, its title, a comment and a return reason carry the corpus."""
    ours = world["ours"]
    version = m.Version.objects.get(report_id=ours["report_id"], number=ours["number"])
    m.Version.objects.filter(pk=version.pk).update(status=m.VersionStatus.DRAFT)
    payload = " ".join(XSS)
    for model in m.CONTENT_MODELS:
        texts = [attr for attr, item in items_of(model.entity).items() if item.kind in (Kind.TEXT, Kind.LINE) and item.normalise is None]
        for record in model.objects.filter(version=version):
            for attr in texts:
                setattr(record, attr, payload)
            record.save()
    report = version.report
    report.title, report.affair_name = payload[:300], payload[:300]
    report.save()
    m.PersonalInfoFile.objects.filter(version=version).update(provides=True, no_provision_transfer=False)  # submittable
    people = world["people"]
    CommentPeriod.objects.filter(version=version).delete()  # the world's; the steps are recorded afresh
    with_procedure(version, people[Role.AUTHOR])
    workflow.submit_version(version, actor=people[Role.AUTHOR])
    workflow.add_comment(version, actor=people[Role.REVIEWER], page="basic", page_title="I 基本情報", item=payload[:200], text=payload)
    workflow.return_version(version, actor=people[Role.REVIEWER], reason=payload)
    return version


def test_markup_typed_anywhere_comes_back_escaped_on_every_page(world, poisoned):
    ours = world["ours"]
    from pia_portal.organisations.models import Membership

    admin = world["people"][Role.ADMIN]
    Membership.objects.filter(user=admin).update(roles=list(ROLES))
    client = Client()
    client.force_login(admin)
    pages = 0
    for route, name in url_patterns():
        if not route.startswith("o/<slug:slug>/") or any(part in route for part in ("/add/", "/delete/", "/up", "resolve", "workflow", "/end/", "retry", "versions/new", "pdf/")):
            continue
        response = client.get(fill(route, _values(ours, route)))
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        pages += 1
        body = response.content.decode()
        for payload in XSS[:3]:
            assert payload not in body, f"{route}: unescaped {payload}"
        assert "onerror=alert(1)>" not in body.replace("&gt;", ">").replace("&quot;", '"') or "&lt;img" in body, route
        assert "\u202e" not in body, f"{route}: a bidi override reached the page"
    for page_key in ("cover", "basic", "changes", f"file-{poisoned.files.first().uid.hex}"):
        body = client.get(fill("o/<slug:slug>/reports/<int:report_id>/versions/<int:number>/edit/<str:page_key>/",
                               _values(ours, "", page_key=page_key))).content.decode()
        pages += 1
        assert XSS[0] not in body and "&lt;script&gt;" in body, page_key
    assert pages >= 12


def test_markup_is_printed_as_text_in_the_pdf(poisoned):
    text = subprocess.run(["pdftotext", "-", "-"], input=render_pdf(poisoned).content, capture_output=True, check=True).stdout.decode()

    flat = "".join(text.split())
    assert "<script>alert('xss')</script>" in flat and "{{7|add:7}}" in flat
