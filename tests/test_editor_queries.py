"""The editor's pages read the version's records once per request (#32 item 12): the page and its
progress sidebar share them, so opening a section of the demo 全項目 stays a fixed number of queries."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from pia_portal.editing.pages import page_refs
from pia_portal.reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def zenkomoku(client):
    call_command("load_demo")
    report = Report.objects.get(organisation__slug="midori", kind="zenkomoku")
    client.force_login(get_user_model().objects.get(username="sakusei"))
    return report.versions.get()


def test_the_author_opens_section_ii_of_the_demo_zenkomoku_reading_its_records_once(client, zenkomoku, django_assert_max_num_queries):
    ii = next(ref for ref in page_refs(zenkomoku) if ref.key.startswith("file-"))
    url = f"/o/midori/reports/{zenkomoku.report_id}/versions/{zenkomoku.number}/edit/{ii.key}/"
    client.get(url)  # the first view remembers the page's base; the next ones find it

    # 66 queries when the progress sidebar read every record of the version a second time.
    with django_assert_max_num_queries(50):
        response = client.get(url)

    assert response.status_code == 200
    assert "委託事項" in response.content.decode()

