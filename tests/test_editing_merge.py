"""The merge as the editor's pages use it, without a browser: a stale base is never taken as
consent, and what changed shows in the report list and the history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pia_portal.editing.models import PageBase, PageDraft
from pia_portal.reports import models as m
from tests.builders import form_fields, full_version

pytestmark = pytest.mark.django_db


def _basic(version):
    return reverse("editing:page", args=[version.report.organisation.slug, version.report_id, version.number, "basic"])


def test_a_base_nobody_knows_makes_every_difference_a_conflict(client, author, organisation):
    version = full_version(organisation, actor=author)
    client.force_login(author)
    data = form_fields(client.get(_basic(version)).content.decode())
    name = f"basic_info-{version.basic_info.uid.hex}-department"
    data[name], data["base"] = "介護保険課", "f" * 64

    page = client.post(_basic(version), data)

    assert page.status_code == 200 and "data-conflict" in page.content.decode()
    assert m.BasicInfo.objects.get(version=version).department != "介護保険課"
    assert PageDraft.objects.get().data[name] == ["介護保険課"]  # kept for the person


def test_saving_and_adding_show_in_the_report_list_and_the_history(client, author, organisation):
    version = full_version(organisation, actor=author)
    before = m.Report.objects.get(pk=version.report_id).updated_at
    client.force_login(author)
    url = reverse("editing:add_entry", args=[organisation.slug, version.report_id, 1, "basic", "system"])
    data = form_fields(client.get(_basic(version)).content.decode())

    assert client.post(url, data).status_code == 302

    assert m.Report.objects.get(pk=version.report_id).updated_at > before
    count = m.System.objects.filter(version=version).count()
    history = client.get(reverse("reports:report_history", args=[organisation.slug, version.report_id])).content.decode()
    assert f"システム{count}" in history
    assert PageBase.objects.filter(version=version, page="basic").exists()


def test_after_a_conflict_the_page_shows_what_is_saved_and_the_typed_item_in_conflict(client, make_person, organisation):
    sato, suzuki = make_person("sato", organisation), make_person("suzuki", organisation)
    version = full_version(organisation, "zenkomoku", actor=sato)
    file = version.files.order_by("position").first()
    url = reverse("editing:page", args=[organisation.slug, version.report_id, 1, f"file-{file.uid.hex}"])
    prefix = f"file-{file.uid.hex}"
    client.force_login(suzuki)
    theirs_form = form_fields(client.get(url).content.decode())
    client.force_login(sato)
    mine_form = form_fields(client.get(url).content.decode())
    mine_form.update({f"{prefix}-storage_location": "佐藤の保管場所", f"{prefix}-retention_validity": "佐藤の妥当性"})
    assert client.post(url, mine_form).status_code == 302

    client.force_login(suzuki)
    theirs_form.update({f"{prefix}-deletion_method": "鈴木の消去方法", f"{prefix}-retention_validity": "鈴木の妥当性"})
    page = client.post(url, theirs_form).content.decode()

    assert "鈴木の消去方法" in page and "佐藤の保管場所" in page  # what is saved now
    assert page.count("data-conflict=") == 1 and "鈴木の妥当性" in page and "佐藤の妥当性" in page


def test_a_button_posted_from_outside_the_page_saves_nothing_of_it(client, author, organisation):
    """The editor home's 「ファイルを追加」 posts to the 基本情報 page's action without its fields:
    a file is added and 基本情報 keeps every value (it was once saved as emptied)."""
    version = full_version(organisation, actor=author)
    before = m.BasicInfo.objects.get(version=version).department
    names = list(m.System.objects.filter(version=version).values_list("name", flat=True))
    client.force_login(author)
    home = client.get(reverse("editing:home", args=[organisation.slug, version.report_id, 1])).content.decode()
    add = reverse("editing:add_entry", args=[organisation.slug, version.report_id, 1, "basic", "file"])
    assert f'action="{add}"' in home

    response = client.post(add, {})

    assert response.status_code == 302
    assert m.PersonalInfoFile.objects.filter(version=version).count() == 3
    assert m.BasicInfo.objects.get(version=version).department == before != ""
    assert list(m.System.objects.filter(version=version).values_list("name", flat=True)) == names
