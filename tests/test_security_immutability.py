"""Published means immutable at every layer: given a published version, no path (the site admin,
the ORM, raw SQL) sets it back to draft or changes its content, and every change of state, from
any path, is in the action log."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from pia_portal.audit.models import ActionLog
from pia_portal.reports import models as m
from tests.builders import full_version, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(organisation):
    return publish(full_version(organisation, "zenkomoku"))


def _raw(sql: str, *params) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_site_admin_shows_a_published_version_but_cannot_change_it(admin_client, published):
    url = reverse("admin:reports_version_change", args=[published.pk])

    page = admin_client.get(url)
    response = admin_client.post(url, {"status": "draft", "number": published.number, "form_revision": published.form_revision})

    assert page.status_code == 200 and 'name="status"' not in page.content.decode()
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.status == m.VersionStatus.PUBLISHED
    cover_url = reverse("admin:reports_cover_change", args=[published.cover.pk])
    assert admin_client.post(cover_url, {"title": "改ざん"}).status_code == 403


def test_the_orm_cannot_set_a_published_version_back_to_draft(published):
    with pytest.raises(m.VersionLocked):
        published.status = m.VersionStatus.DRAFT
        published.save()
    with pytest.raises(DatabaseError, match="is published and cannot change"):
        with transaction.atomic():
            m.Version.objects.filter(pk=published.pk).update(status=m.VersionStatus.DRAFT)


@pytest.mark.parametrize("statement", [
    "UPDATE reports_version SET status = 'draft' WHERE id = %s",
    "UPDATE reports_version SET form_revision = 'h26' WHERE id = %s",
    "DELETE FROM reports_version WHERE id = %s",
])
def test_the_database_refuses_raw_changes_of_a_published_version(published, statement):
    with pytest.raises(DatabaseError, match="is published"):
        _raw(statement, published.pk)


@pytest.mark.parametrize("model", m.CONTENT_MODELS, ids=lambda model: model.__name__)
def test_the_database_refuses_raw_changes_of_published_content(published, model):
    record = model.objects.filter(version=published).first()
    table = model._meta.db_table

    with pytest.raises(DatabaseError, match="is not a draft"):
        _raw(f"UPDATE {table} SET uid = uid WHERE id = %s", record.pk)
    with pytest.raises(DatabaseError, match="is not a draft"):
        _raw(f"DELETE FROM {table} WHERE id = %s", record.pk)


def test_the_database_refuses_new_content_in_a_published_version(published):
    with pytest.raises(DatabaseError, match="is not a draft"):
        _raw("INSERT INTO reports_system (uid, version_id, position, name, functions, connections) "
             "VALUES (gen_random_uuid(), %s, 99, 'x', 'y', '{}')", published.pk)


def test_superseding_is_the_one_change_a_published_version_takes(published):
    m.Version.objects.filter(pk=published.pk).update(status=m.VersionStatus.SUPERSEDED)

    published.refresh_from_db()
    assert published.status == m.VersionStatus.SUPERSEDED


def test_a_status_changed_outside_the_workflow_is_logged(organisation):
    version = full_version(organisation, "juten")

    m.Version.objects.filter(pk=version.pk).update(status=m.VersionStatus.APPROVED)
    version.refresh_from_db()
    version.status = m.VersionStatus.RETURNED
    version.save()

    entries = list(ActionLog.objects.filter(action="version.status_changed", object_id=str(version.pk)).order_by("id"))
    assert [(e.data["before"], e.data["after"]) for e in entries] == [("draft", "approved"), ("approved", "returned")]


def test_the_action_log_is_append_only_in_the_database(organisation, author):
    full_version(organisation, "juten", actor=author)
    entry = ActionLog.objects.first()

    with pytest.raises(DatabaseError):
        _raw("UPDATE audit_actionlog SET action = 'x' WHERE id = %s", entry.pk)
    with pytest.raises(DatabaseError):
        _raw("DELETE FROM audit_actionlog WHERE id = %s", entry.pk)
    author.delete()  # a person leaves: the log keeps their name
    entry.refresh_from_db()
    assert entry.actor is None and entry.actor_name == "author"
