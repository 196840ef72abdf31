"""`./portal run` shows a newcomer a demo city with one person per role and two complete reports."""

import datetime as dt

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
    reports = Report.objects.filter(organisation=organisation).exclude(kind="kiso").order_by("kind")
    assert [r.kind for r in reports] == ["juten", "zenkomoku"]
    for report in reports:
        version = report.versions.get()
        assert version.files.count() >= 2 and version.change_log.exists()
        assert [f.message for f in validate(version)] == []
    juten = reports[0].versions.get()
    # Approved, with its publication PDF queued for the worker (which publishes it when done).
    assert juten.status == "approved" and juten.publication.render.for_publication
    # The 計画管理書: 事務 in different states, one of them with only its 基礎項目評価書 begun.
    from pia_portal.planning.plan import plan_of

    rows = {row.affair.number: row for row in plan_of(organisation)}
    assert sorted(rows) == ["12", "3", "5", "8"]
    assert [s.report.kind for s in rows["8"].reports] == ["kiso"]
    assert rows["5"].overdue(dt.date.today())  # an annual review nobody did
    printed = capsys.readouterr().out
    assert "pia-demo-2026" in printed and "sakusei" in printed
