"""Only 作成者 and 管理者 edit, and only a version that is being drafted."""

import pytest
from django.urls import reverse

from pia_portal.organisations.models import Role
from pia_portal.reports import models as m
from tests.builders import full_version, publish

pytestmark = pytest.mark.django_db


def page_url(version, key="basic"):
    report = version.report
    return reverse("editing:page", args=[report.organisation.slug, report.pk, version.number, key])


def test_a_reviewer_cannot_open_the_editor(client, make_person, organisation):
    version = full_version(organisation)
    client.force_login(make_person("reviewer", organisation, Role.REVIEWER))

    response = client.get(page_url(version))

    assert response.status_code == 403
    assert "評価書を編集できるのは作成者と管理者だけです" in response.content.decode()


def test_an_admin_can_edit_and_the_save_is_logged(client, make_person, organisation):
    from pia_portal.audit.models import ActionLog

    version = full_version(organisation)
    admin = make_person("kanri", organisation, Role.ADMIN)
    client.force_login(admin)
    page = client.get(page_url(version)).content.decode()
    assert "①事務の名称" in page
    basic = m.BasicInfo.objects.get(version=version)
    prefix = f"basic_info-{basic.uid.hex}"
    data = {"seq": "0", f"{prefix}-affair_name": "介護保険関係事務"}
    for system in m.System.objects.filter(version=version):
        data[f"system-{system.uid.hex}-name"] = system.name

    response = client.post(page_url(version), data)

    assert response.status_code == 302
    basic.refresh_from_db()
    assert basic.affair_name == "介護保険関係事務"
    log = ActionLog.objects.filter(action="version.edited").latest("created_at")
    change = next(c["affair_name"] for c in log.data["changes"].values() if "affair_name" in c)
    assert change["after"] == "介護保険関係事務" and change["before"] != change["after"]


def test_a_published_version_cannot_be_edited_through_the_editor(client, author, organisation):
    version = publish(full_version(organisation))
    client.force_login(author)

    response = client.get(page_url(version), follow=True)

    assert "公表済み" in response.content.decode()
    assert response.redirect_chain[-1][0].endswith("/edit/")


def test_a_non_member_gets_a_404(client, make_person, organisation, other_organisation):
    version = full_version(organisation)
    client.force_login(make_person("stranger", other_organisation, Role.ADMIN))

    assert client.get(page_url(version)).status_code == 404
