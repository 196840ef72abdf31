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
    from pia_portal.demo.reports import load_juten

    author = make_person("author", organisation, Role.AUTHOR)
    version = load_juten(organisation, actor=author)
    services.submit_version(version, actor=author)
    client.force_login(author)

    page = client.get(reverse("reports:report_history", args=[organisation.slug, version.report.pk])).content.decode()

    assert "評価書を作成" in page and "審査に提出" in page
    assert "作成中 → 審査中" in page and "第1版" in page


def test_the_history_reads_as_the_form_with_the_whole_change_marked(client, make_person, organisation):
    import re

    from tests.builders import full_version

    author = make_person("history-author", organisation, Role.AUTHOR)
    version = full_version(organisation, actor=author)
    basic = m.BasicInfo.objects.get(version=version)
    long_text = "介護保険法に基づき、" * 80 + "要介護認定を行う。"
    prefix = f"basic_info-{basic.uid.hex}"
    from pia_portal.reports.structure import option_sets

    other = next(code for code in option_sets.TARGET_POPULATION_JUTEN.codes if code != basic.target_population)
    data = {"seq": "0", f"{prefix}-affair_name": basic.affair_name, f"{prefix}-affair_description": long_text,
            f"{prefix}-target_population": other}
    for system in m.System.objects.filter(version=version):
        data[f"system-{system.uid.hex}-name"] = system.name
    client.force_login(author)
    assert client.post(reverse("editing:page", args=[organisation.slug, version.report_id, 1, "basic"]), data).status_code == 302

    page = client.get(reverse("reports:report_history", args=[organisation.slug, version.report_id])).content.decode()
    section = page[page.index("<tbody>"):]
    assert "②事務の内容" in page and "③対象人数" in page, re.sub(r"\s+", " ", section)[:3000]  # labels, not field names
    assert option_sets.TARGET_POPULATION_JUTEN.label_of(other) in section and other not in section  # option labels
    assert "<code>" not in section and "target_population" not in section and basic.uid.hex not in section
    assert long_text[-30:] in page and "…" not in page.split("②事務の内容")[1][:5000]  # whole, not cut
    assert '<ins class="diff-ins">' in page and '<del class="diff-del">' in page
