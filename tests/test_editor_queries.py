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


def test_a_reviewers_comment_on_an_item_reads_the_version_once(client, zenkomoku, django_assert_max_num_queries):
    import re

    type(zenkomoku).objects.filter(pk=zenkomoku.pk).update(status="in_review")  # as submitted, without its procedure
    client.force_login(get_user_model().objects.get(username="shinsa"))
    ii = next(ref for ref in page_refs(zenkomoku) if ref.key.startswith("file-"))
    page = client.get(f"/o/midori/reports/{zenkomoku.report_id}/versions/{zenkomoku.number}/edit/{ii.key}/").content.decode()
    action, key, record, attr = re.search(
        r'id="new-comment-form-[^"]*" action="([^"]+)">.*?name="page" value="([^"]+)">'
        r'<input type="hidden" name="record" value="([^"]+)">\s*<input type="hidden" name="attr" value="([^"]+)">', page, re.S).groups()

    # 50 queries when the version's records were read for the page's name and again for the item's.
    with django_assert_max_num_queries(35):
        response = client.post(action, {"page": key, "record": record, "attr": attr, "text": "記載を確認してください。"})

    assert response.status_code == 302
    assert zenkomoku.review_comments.get().item
