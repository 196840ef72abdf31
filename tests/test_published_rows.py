"""The 変更箇所 is the record of what each edition published (#32 item 2): in a new version the
rows an earlier edition published cannot be edited, deleted or moved on the editor's page; a
correction is its own action, with a reason, and the history shows it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pia_portal.audit.models import ActionLog
from pia_portal.reports import models as m
from pia_portal.reports.services import start_new_version
from tests.builders import form_fields, full_version, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(organisation, author):
    """v1 published with two rows in its 変更箇所; v2 a draft that has added a row of its own."""
    first = publish(full_version(organisation, actor=author))
    version = start_new_version(first.report, actor=author)
    from pia_portal.editing.services import add_repeat_entry

    row = add_repeat_entry(version, m.ChangeLogEntry, None, page_key="changes", actor=author)
    m.ChangeLogEntry.objects.filter(pk=row.pk).update(item="今回の版の行", timing="事前")
    return version


def _url(version, name="page", *args):
    slug = version.report.organisation.slug
    if name == "page":
        return reverse("editing:page", args=[slug, version.report_id, version.number, "changes"])
    return reverse(f"editing:{name}", args=[slug, version.report_id, version.number, *args])


def _rows(version):
    return list(m.ChangeLogEntry.objects.filter(version=version).order_by("position"))


def test_published_rows_are_shown_but_not_typed_and_the_new_row_is(client, author, second):
    client.force_login(author)
    published, _other, own = _rows(second)
    html = client.get(_url(second)).content.decode()
    data = form_fields(html)
    data[f"change_log-{published.uid.hex}-item"] = "書き換えた項目"
    data[f"change_log-{own.uid.hex}-item"] = "今回の版の行(直した)"

    client.post(_url(second), data)

    assert m.ChangeLogEntry.objects.get(pk=published.pk).item == published.item
    assert m.ChangeLogEntry.objects.get(pk=own.pk).item == "今回の版の行(直した)"
    assert "公表済みの行" in html and "変更箇所1を訂正する" in html
    assert f'formaction="{_url(second, "delete_entry", "changes", "change_log", published.uid)}"' not in html
    assert f'formaction="{_url(second, "delete_entry", "changes", "change_log", own.uid)}"' in html


@pytest.mark.parametrize("action", ["delete_entry", "up", "down"])
def test_deleting_or_moving_a_published_row_is_refused_and_nothing_typed_is_lost(client, author, second, action):
    client.force_login(author)
    published, other, own = _rows(second)
    data = form_fields(client.get(_url(second)).content.decode())
    data[f"change_log-{own.uid.hex}-item"] = "入力途中の文"
    if action == "delete_entry":
        url = _url(second, "delete_entry", "changes", "change_log", published.uid)
    else:  # the new row may not be moved above the published ones either
        target = own if action == "up" else other
        url = _url(second, "move_entry", "changes", "change_log", target.uid, action)

    page = client.post(url, data, follow=True)

    assert "公表した版の変更箇所の行は" in page.content.decode()
    assert [r.uid for r in _rows(second)] == [published.uid, other.uid, own.uid]
    assert "入力途中の文" in page.content.decode()


def test_a_correction_needs_a_reason_and_is_logged_with_what_it_said_before(client, author, second):
    client.force_login(author)
    published = _rows(second)[0]
    url = _url(second, "correct_row", published.uid)
    data = form_fields(client.get(url).content.decode(), form_id="correction-form")
    data[f"change_log-{published.uid.hex}-item"] = "訂正した項目"

    refused = client.post(url, {**data, "reason": "  "})
    assert "訂正の理由を入力してください" in refused.content.decode()
    assert 'href="#id_reason"' in refused.content.decode()
    assert m.ChangeLogEntry.objects.get(pk=published.pk).item == published.item

    done = client.post(url, {**data, "reason": "公表した評価書の項目名の誤記"})

    assert done.status_code == 302
    assert m.ChangeLogEntry.objects.get(pk=published.pk).item == "訂正した項目"
    log = ActionLog.objects.get(action="changelog.published_row_corrected")
    assert log.data["reason"] == "公表した評価書の項目名の誤記"
    assert log.data["before"]["item"] == published.item and log.data["after"]["item"] == "訂正した項目"
    history = client.get(reverse("reports:report_history", args=[second.report.organisation.slug, second.report_id]))
    assert "公表した評価書の項目名の誤記" in history.content.decode()
