"""The import result page offers the draft's items once (#32 item 12): sixteen unplaced lines
share one searchable list instead of a select of every item each, and a line goes to the item
whose printed path staff picked from it."""

import pytest
from django.urls import reverse

from pia_portal.importing.models import ImportRecord, UnplacedFragment
from pia_portal.importing.services import text_slots
from pia_portal.reports import models as m
from tests.builders import full_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(organisation, author):
    version = full_version(organisation, actor=author)
    record = ImportRecord.objects.create(version=version, source_name="000.txt", source_format="text")
    UnplacedFragment.objects.bulk_create(
        UnplacedFragment(record=record, line=n, text=f"置けなかった行{n}", reason="項目が分からない") for n in range(16))
    return version


def test_sixteen_lines_share_one_list_of_the_items(client, author, imported):
    client.force_login(author)
    url = reverse("importing:result", args=[imported.report.organisation.slug, imported.report_id, 1])
    html = client.get(url).content.decode()

    slots = text_slots(imported)
    assert html.count('<datalist id="import-slots">') == 1
    assert html.count('list="import-slots"') == 16
    assert html.count("<option") == len(slots)


def test_a_line_goes_to_the_item_picked_by_its_path(client, author, imported):
    client.force_login(author)
    fragment = imported.import_record.unplaced.first()
    place = reverse("importing:place_fragment", args=[imported.report.organisation.slug, imported.report_id, 1, fragment.pk])
    key, path = next((k, p) for k, p in text_slots(imported) if k.endswith(".other_bodies"))

    refused = client.post(place, {"item_path": "存在しない項目"}, follow=True)
    assert "選んだ項目が見つかりません" in refused.content.decode()
    assert not UnplacedFragment.objects.get(pk=fragment.pk).assigned_to

    client.post(place, {"item_path": path})

    assert m.BasicInfo.objects.get(version=imported).other_bodies.endswith(fragment.text)
    assert UnplacedFragment.objects.get(pk=fragment.pk).assigned_to
