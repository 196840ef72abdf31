"""Taking a published report in as a new report, in a real browser (#32 item 6): given 事務 12
介護保険関係事務 with its 重点項目評価書 12, when staff upload a file as a new report 12-2, then they
are asked which 事務 it belongs to, 事務 12 offered first, a missing answer is said next to the
field, and the page passes axe-core."""

import json
import re

import pytest
from playwright.sync_api import expect

from pia_portal.importing.models import ImportJob
from pia_portal.organisations.models import Role
from pia_portal.planning.models import Affair
from pia_portal.reports.serialization import export_version
from pia_portal.reports.structure.nodes import FormKind
from tests.builders import full_version
from tests.conftest import PASSWORD, assert_accessible, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_staff_choose_the_affair_of_a_report_taken_in_as_new(page, celery_worker_process, make_person, organisation, tmp_path):
    make_person("importer", organisation, Role.AUTHOR)
    Affair.objects.create(organisation=organisation, number="3", name="住民基本台帳に関する事務")
    source = tmp_path / "juten.json"
    source.write_text(json.dumps(export_version(full_version(organisation, FormKind.JUTEN, number="12")), ensure_ascii=False))

    page.goto("/login/")
    page.get_by_label("ユーザー名").fill("importer")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.goto(f"/o/{organisation.slug}/import/")
    page.locator("input[type=file]").set_input_files(str(source))
    page.get_by_label("新しい評価書として取り込む").check()
    page.get_by_label("評価書番号(新しい評価書にするとき)").fill("12-2")
    page.get_by_role("button", name="取り込む").click()

    field = page.get_by_label("この評価書が属する事務(新しい評価書にするとき)")
    expect(page.get_by_text("この評価書が属する事務を選んでください。").first).to_be_visible()
    options = field.locator("option").all_inner_texts()
    assert options[1] == "12 介護保険関係事務" and options[-1] == "新しい事務として計画管理書に追加する"
    screenshot(page, "import-upload-affair-asked")
    assert_accessible(page)

    page.locator("input[type=file]").set_input_files(str(source))
    field.select_option(label="12 介護保険関係事務")
    page.get_by_role("button", name="取り込む").click()
    page.wait_for_url(re.compile(r"/import/\d+/$"))

    job = ImportJob.objects.get()
    assert job.affair == Affair.objects.get(organisation=organisation, number="12")
    # The worker takes the file in; the new report is filed under 事務 12, no 「12-2」 事務 is made.
    import time

    for _ in range(240):
        job.refresh_from_db()
        if job.status in ("done", "failed"):
            break
        time.sleep(0.5)
    assert job.status == "done", job.error
    assert job.record.version.report.affair == job.affair
    assert not Affair.objects.filter(organisation=organisation, number="12-2").exists()
