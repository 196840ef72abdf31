"""Nothing typed is lost: given an author typing in a section, the editor keeps the input on the
server as they type; when the page is reloaded (or the browser crashed) the input comes back
with a notice, until it is saved or thrown away."""

import pytest
from django.urls import reverse

from pia_portal.editing.models import PageDraft
from pia_portal.organisations.models import Role
from pia_portal.reports import models as m
from tests.builders import full_version, publish

pytestmark = pytest.mark.django_db
TYPED = "健康福祉部 介護保険課(入力途中)"


def _urls(version, key="basic"):
    args = [version.report.organisation.slug, version.report_id, version.number, key]
    return reverse("editing:page", args=args), reverse("editing:autosave", args=args), reverse("editing:discard_autosave", args=args)


def _typed(version):
    basic = m.BasicInfo.objects.get(version=version)
    return {"seq": "0", f"basic_info-{basic.uid.hex}-department": TYPED, f"basic_info-{basic.uid.hex}-affair_name": basic.affair_name}


def test_typed_input_comes_back_after_a_reload_until_saved(client, author, organisation):
    version = full_version(organisation, actor=author)
    page, autosave, _discard = _urls(version)
    client.force_login(author)
    assert client.post(autosave, _typed(version)).status_code == 200
    html = client.get(page).content.decode()
    assert "data-restored" in html and TYPED in html
    assert m.BasicInfo.objects.get(version=version).department != TYPED  # not the report's content yet

    data = _typed(version)
    for system in m.System.objects.filter(version=version):
        data[f"system-{system.uid.hex}-name"] = system.name
    assert client.post(page, data).status_code == 302
    assert m.BasicInfo.objects.get(version=version).department == TYPED
    assert not PageDraft.objects.exists()
    assert "data-restored" not in client.get(page).content.decode()


def test_the_restored_input_can_be_thrown_away(client, author, organisation):
    version = full_version(organisation, actor=author)
    page, autosave, discard = _urls(version)
    client.force_login(author)
    client.post(autosave, _typed(version))
    client.post(discard)
    assert TYPED not in client.get(page).content.decode()


def test_each_person_has_their_own_input_and_only_editors_keep_any(client, author, make_person, organisation):
    version = full_version(organisation, actor=author)
    page, autosave, _discard = _urls(version)
    client.force_login(author)
    client.post(autosave, _typed(version))
    other = make_person("author2", organisation, Role.AUTHOR)
    client.force_login(other)
    assert TYPED not in client.get(page).content.decode()
    client.force_login(make_person("reviewer", organisation, Role.REVIEWER))
    assert client.post(autosave, _typed(version)).status_code == 403
    assert PageDraft.objects.count() == 1


def test_nothing_is_kept_for_a_published_version(client, author, organisation):
    version = publish(full_version(organisation, actor=author))
    _page, autosave, _discard = _urls(version)
    client.force_login(author)
    response = client.post(autosave, _typed(version))
    assert response.status_code == 409 and "公表済み" in response.json()["error"]
    assert not PageDraft.objects.exists()


def test_someone_opening_a_section_another_has_open_is_told_so(client, author, make_person, organisation):
    version = full_version(organisation, actor=author)
    page, autosave, _discard = _urls(version)
    other = make_person("sato", organisation, Role.AUTHOR)
    other.last_name, other.first_name = "佐藤", "花子"
    other.save()
    client.force_login(other)
    client.get(page)
    client.force_login(author)
    html = client.get(page).content.decode()
    assert "佐藤 花子" in html and "data-others-editing data-text" in html  # shown, not hidden
    assert client.post(autosave, {"presence": "1"}).json() == {"others": ["佐藤 花子"]}
