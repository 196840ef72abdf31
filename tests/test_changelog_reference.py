"""The generator against real logs: given a published report imported with its own 変更箇所, when
the rows of its last batch are undone in a copy and the log is generated between the copy and the
report, then the real rows come back (bench/changelog_replay.py lists the misses)."""

from __future__ import annotations

import pytest

from pia_portal.changelog.replay import replay
from pia_portal.importing.services import import_file
from pia_portal.reports import models as m

REPORTS = {"000": "juten_yamaguchi_kaigo.txt", "001": "zenkomoku_kagoshima_juki.txt"}


def imported(reference_dir, organisation, report):
    path = reference_dir / "reports" / REPORTS[report]
    return import_file(path.read_bytes(), path.name, organisation, actor=None).version


@pytest.mark.django_db
@pytest.mark.parametrize("report, share", [("000", 0.55), ("001", 0.55)])
def test_the_rows_of_a_real_batch_come_back(reference_dir, organisation, report, share):
    version = imported(reference_dir, organisation, report)

    result = replay(version, organisation)

    assert len(result.outcomes) >= 16
    assert result.share >= share, [(o.reason, o.row.item[:60]) for o in result.outcomes if not o.reproduced]


@pytest.mark.django_db
def test_the_rows_of_an_imported_log_are_linked_to_the_items_they_name(reference_dir, organisation):
    version = imported(reference_dir, organisation, "001")
    rows = list(m.ChangeLogEntry.objects.filter(version=version))

    linked = [row for row in rows if row.item_ref]

    assert len(linked) / len(rows) >= 0.8
    by_text = {row.item: row.item_ref for row in rows}
    assert by_text["I-7-②"] == "basic_info.department_head"
    assert by_text["II(2)-2-⑤"] == "f2/file.holding_start_date"
