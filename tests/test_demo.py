"""`./portal run` shows a newcomer a demo city with one person per role and two complete reports."""

import pytest
from django.core.management import call_command

from pia_portal.organisations.models import Membership, Organisation
from pia_portal.reports.models import Report
from pia_portal.reports.validation import validate

pytestmark = pytest.mark.django_db


def test_the_demo_city_has_a_person_per_role_and_two_complete_reports(capsys):
    call_command("load_demo")
    call_command("load_demo")  # running it again changes nothing

    organisation = Organisation.objects.get(slug="midori")
    roles = sorted(role for m in Membership.objects.filter(organisation=organisation) for role in m.roles)
    assert roles == ["admin", "approver", "author", "reviewer"]
    reports = Report.objects.filter(organisation=organisation).order_by("kind")
    assert [r.kind for r in reports] == ["juten", "zenkomoku"]
    for report in reports:
        version = report.versions.get()
        assert version.files.count() >= 2 and version.change_log.exists()
        assert [f.message for f in validate(version)] == []
    juten = reports[0].versions.get()
    # Approved, with its publication PDF queued for the worker (which publishes it when done).
    assert juten.status == "approved" and juten.publication.render.for_publication
    printed = capsys.readouterr().out
    assert "pia-demo-2026" in printed and "sakusei" in printed
