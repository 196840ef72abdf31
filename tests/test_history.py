"""An audit trail of every edit and every transition: who, when, what, before and after."""

import pytest
from django.urls import reverse
from pghistory.models import Events

from pia_portal.organisations.models import Role
from pia_portal.publishing import services
from pia_portal.reports import models as m

pytestmark = pytest.mark.django_db


def test_an_edit_in_the_browser_is_kept_row_by_row_with_who_made_it(client, author, organisation):
    from tests.builders import full_version

    version = full_version(organisation)
    basic = m.BasicInfo.objects.get(version=version)
    client.force_login(author)
    prefix = f"basic_info-{basic.uid.hex}"
    data = {"seq": "0", f"{prefix}-affair_name": "介護保険関係事務(改)", f"{prefix}-affair_description": basic.affair_description}
    client.post(reverse("editing:page", args=[organisation.slug, version.report.pk, 1, "basic"]), data)

    edits = [e for e in Events.objects.tracks(basic).filter(pgh_label="update") if e.pgh_data["affair_name"] == "介護保険関係事務(改)"]
    assert len(edits) == 1 and edits[0].pgh_context["user"] == author.pk
    # Writes that bypass save() (queryset updates) are caught by the database triggers too.
    m.BasicInfo.objects.filter(pk=basic.pk).update(department="総務部")
    assert "総務部" in [e.pgh_data["department"] for e in Events.objects.tracks(basic).filter(pgh_label="update")]


def test_the_history_page_shows_edits_and_transitions_per_report(client, make_person, organisation):
    from pia_portal.core.demo_reports import load_juten

    author = make_person("author", organisation, Role.AUTHOR)
    version = load_juten(organisation, actor=author)
    services.submit_version(version, actor=author)
    client.force_login(author)

    page = client.get(reverse("reports:report_history", args=[organisation.slug, version.report.pk])).content.decode()

    assert "評価書を作成" in page and "審査に提出" in page
    assert "作成中 → 審査中" in page and "第1版" in page
