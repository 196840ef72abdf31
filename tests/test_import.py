"""Published reports become draft versions: every section, entry and change-log row placed, what
cannot be placed kept and listed, inferred ticks reported, bad files refused whole."""

from __future__ import annotations

import time

import pytest
from django.core.management import call_command
from django.urls import reverse

from pia_portal.importing.models import ImportJob
from pia_portal.importing.services import ImportError_, import_file
from pia_portal.importing.tasks import run_import
from pia_portal.organisations.models import Organisation, Role
from pia_portal.reports import models as m
from tests.reference_checks import NAMED_ITEMS

pytestmark = pytest.mark.django_db

REFERENCES = {
    "juten_yamaguchi_kaigo.txt": dict(kind="juten", files=3, changes=65, systems=7),
    "zenkomoku_kagoshima_juki.txt": dict(kind="zenkomoku", files=3, changes=214, systems=5),
    "changelog_zenkomoku_sample.txt": dict(kind="zenkomoku", files=0, changes=117, systems=0),
}


@pytest.fixture
def imported(reference_dir, organisation):
    def run(name):
        raw = (reference_dir / "reports" / name).read_bytes()
        return import_file(raw, name, organisation, actor=None)

    return run


@pytest.mark.parametrize("name", REFERENCES)
def test_each_reference_report_imports_with_its_structure_and_whole_change_log(imported, name):
    expected = REFERENCES[name]
    record = imported(name)
    version = record.version

    assert version.report.kind == expected["kind"] and version.status == m.VersionStatus.DRAFT
    assert version.files.count() == expected["files"]
    assert version.change_log.count() == expected["changes"]
    assert version.systems.count() == expected["systems"]
    assert record.coverage >= 0.98, f"{record.placed_chars}/{record.total_chars}"


@pytest.mark.parametrize("name", REFERENCES)
def test_each_reference_report_lands_in_its_named_items(imported, name):
    NAMED_ITEMS[name](imported(name).version)


SHAPES = """特定個人情報保護評価書(重点項目評価書)

評価書番号\t評価書名
7\tみどり市 テスト事務 重点項目評価書

評価実施機関名
みどり市長

I 基本情報

1. 特定個人情報ファイルを取り扱う事務
①事務の名称\tテスト事務
②事務の内容\t<p>一つ目の段落</p> <ul style="list-style-type: none"><li>・箇条一</li><li>・箇条二</li></ul>
③対象人数\t<input type="checkbox"/> 1万人以上10万人未満] <選択肢> 1) 1,000人未満 2) 1,000人以上1万人未満 3) 1万人以上10万人未満 4) 10万人以上30万人未満
2. 特定個人情報ファイルを取り扱う事務において使用するシステム
| システム1 | |
|---|---|
| ①システムの名称 | 住民記録システム |
| ③他のシステムとの接続 | [○] 庁内連携システム [ ] 税務システム [ ] その他 ( ) |
システム2～5
この行はどの項目にも当たらない迷子の記載
II 特定個人情報ファイルの概要
1. 特定個人情報ファイル名
(1)テストファイル
3. 特定個人情報の入手・使用
①入手元 ※\t<input type="checkbox"/> 本人又は本人の代理人 <input type="checkbox"/> 評価実施機関内の他部署 (市民課)
Ⅲ リスク対策 ※(7. ②を除く。)
1. 特定個人情報ファイル名
(1)テストファイル
(別添2) 変更箇所
変更日\t項目\t変更前の記載\t変更後の記載\t提出時期\t提出時期に係る説明
令和5年4月1日\tI 基本情報_6. 評価実施機関における担当部署_①部署\t市民課\t市民生活課\t事後\t組織改編
"""


def test_each_shape_of_input_is_read(organisation):
    record = import_file(SHAPES.encode("utf-8"), "shapes.txt", organisation, actor=None)
    version = record.version

    basic = version.basic_info
    assert basic.affair_description == "一つ目の段落\n・箇条一\n・箇条二"  # paragraphs and list items kept, no HTML
    assert basic.target_population == "FROM_10K_TO_100K"  # the opening bracket was lost in extraction
    system = version.systems.get()
    assert system.name == "住民記録システム" and system.connections == {"INTERNAL_LINK": ""}  # Markdown table, [○]/[ ]
    file = version.files.get()
    assert file.name == "テストファイル"
    assert file.sources == {"OTHER_DEPT": "市民課"}
    (row,) = version.change_log.all()
    assert (row.before, row.after, row.timing, row.explanation) == ("市民課", "市民生活課", "POST", "組織改編")


def test_text_that_cannot_be_placed_is_kept_and_listed_with_its_line(client, author, organisation):
    record = import_file(SHAPES.encode("utf-8"), "shapes.txt", organisation, actor=author)

    (fragment,) = [f for f in record.unplaced.all() if "迷子" in f.text]
    assert fragment.line == SHAPES.splitlines().index("この行はどの項目にも当たらない迷子の記載") + 1
    (inferred,) = record.inferred.all()
    assert "評価実施機関内の他部署" in inferred.evidence and "市民課" in inferred.evidence
    client.force_login(author)
    page = client.get(reverse("importing:result", args=[organisation.slug, record.version.report_id, 1])).content.decode()
    assert "迷子の記載" in page and "市民課" in page


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"", "ファイルが空です"),
        (b"   \n\n", "ファイルが空です"),
        ("今日の献立: カレーライス".encode("utf-8"), "本文として読めません"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDFとして読めません"),
        (bytes(range(256)) * 4, "読めないファイルです"),
        (b'{"format": "pia-portal.version"', "JSON として読めません"),
    ],
    ids=["empty", "blank", "not-a-report", "pdf", "binary", "broken-json"],
)
def test_bad_input_gets_a_clear_message_and_creates_nothing(organisation, raw, message):
    with pytest.raises(ImportError_, match=message):
        import_file(raw, "bad.txt", organisation, actor=None)
    assert not m.Report.objects.exists() and not m.Version.objects.exists()


def test_a_report_cut_short_imports_what_is_there_and_says_which_sections_are_empty(organisation):
    """Refused whole before #30: staff had no better extraction to give and would retype it."""
    record = import_file(SHAPES.split("II 特定個人情報ファイルの概要")[0].encode("utf-8"), "cut.txt", organisation, actor=None)

    notes = list(record.notes.values_list("text", flat=True))
    for section in ("II 特定個人情報ファイルの概要", "III リスク対策"):
        assert any(f"「{section}」が見つからなかったため、空のままです" in note for note in notes), notes
    assert record.version.basic_info.affair_name == "テスト事務"  # what is there is imported


def test_the_command_prints_a_summary_and_the_version_id(reference_dir, capsys):
    call_command("import_report", str(reference_dir / "reports" / "juten_yamaguchi_kaigo.txt"), "--org", "山口市長")

    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1].startswith("version ") and m.Version.objects.filter(pk=int(lines[-1].split()[1])).exists()
    assert any("変更箇所: 65 行" in line for line in lines)


def test_importing_the_same_report_again_adds_a_draft_version(imported):
    first = imported("juten_yamaguchi_kaigo.txt").version
    m.Version.objects.filter(pk=first.pk).update(status=m.VersionStatus.PUBLISHED)

    second = imported("juten_yamaguchi_kaigo.txt").version

    assert second.report == first.report and second.number == 2


def test_staff_upload_a_report_in_the_browser_form(client, author, make_person, organisation, reference_dir):
    client.force_login(make_person("shinsa", organisation, Role.REVIEWER))
    assert client.get(reverse("importing:upload", args=[organisation.slug])).status_code == 403

    client.force_login(author)
    with open(reference_dir / "reports" / "juten_yamaguchi_kaigo.txt", "rb") as handle:
        response = client.post(reverse("importing:upload", args=[organisation.slug]), {"file": handle}, follow=True)
    assert "待機中" in response.content.decode()  # the worker reads it; the page shows the progress
    job = ImportJob.objects.get(organisation=organisation)

    assert run_import(job.pk) == "done"

    page = client.get(reverse("importing:job", args=[organisation.slug, job.pk]), follow=True).content.decode()
    assert "取込み結果" in page or "Import result" in page
    assert m.Report.objects.get(organisation=organisation).versions.get().change_log.count() == 65


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_an_upload_is_read_by_the_real_worker_while_the_page_shows_progress(celery_worker_process, client, make_person, reference_dir):
    organisation = Organisation.objects.create(name="山口市長", slug="yamaguchi-worker")
    client.force_login(make_person("importer", organisation, Role.AUTHOR))
    with open(reference_dir / "reports" / "zenkomoku_kagoshima_juki.txt", "rb") as handle:
        page = client.post(reverse("importing:upload", args=[organisation.slug]), {"file": handle}, follow=True)
    job = ImportJob.objects.get(organisation=organisation)
    assert 'data-poll="' in page.content.decode()

    deadline = time.monotonic() + 120
    while not job.is_finished and time.monotonic() < deadline:
        time.sleep(0.5)
        job.refresh_from_db()

    assert job.status == "done", job.error
    status = client.get(reverse("importing:job_status", args=[organisation.slug, job.pk])).json()
    assert status["finished"] and status["progress"] == 100
    assert job.record.version.change_log.count() == 214


def test_an_organisation_has_at_most_two_imports_in_progress_and_a_double_click_is_one(organisation, author, reference_dir):
    from pia_portal.importing.jobs import start_import

    source = (reference_dir / "reports" / "juten_yamaguchi_kaigo.txt").read_bytes()
    first = start_import(source, "a.txt", organisation, actor=author)
    assert start_import(source, "a.txt", organisation, actor=author) == first  # the same file again
    start_import(source + b"\n", "b.txt", organisation, actor=author)

    with pytest.raises(ImportError_, match="取込みが2件処理中です"):
        start_import(source + b"\n\n", "c.txt", organisation, actor=author)
    assert ImportJob.objects.count() == 2


def test_an_import_whose_worker_died_is_picked_up_by_the_sweep(organisation, author, reference_dir):
    from datetime import timedelta

    from django.utils import timezone

    from pia_portal.importing.jobs import start_import
    from pia_portal.importing.tasks import sweep_stuck_imports

    job = start_import((reference_dir / "reports" / "juten_yamaguchi_kaigo.txt").read_bytes(), "a.txt", organisation, actor=author)
    old_task = job.task_id
    ImportJob.objects.filter(pk=job.pk).update(status="running", attempts=1, started_at=timezone.now() - timedelta(hours=1))

    assert sweep_stuck_imports() == 1

    job.refresh_from_db()
    assert job.status == "queued" and job.task_id != old_task
    assert run_import.apply(args=(job.pk,), task_id=old_task).get() == "superseded"  # the dead worker's message
    assert run_import.apply(args=(job.pk,), task_id=job.task_id).get() == "done"


def test_an_upload_of_a_bad_file_shows_the_reason_next_to_the_field(client, author, organisation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(author)
    response = client.post(
        reverse("importing:upload", args=[organisation.slug]), {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 binary")}
    )
    assert response.status_code == 302  # a PDF is read by the worker, never in the web request
    assert run_import(ImportJob.objects.get().pk) == "failed"
    page = client.get(response["Location"]).content.decode()
    assert "PDFとして読めません" in page and 'href="#id_file"' in page


@pytest.mark.parametrize("kind", ["juten", "zenkomoku"])
def test_a_newer_revision_report_of_another_city_imports_too(kind, organisation, other_organisation):
    """みどり市's demo reports use the newest wording (5情報, 従業者); written out as extractors write
    published reports and imported by another organisation, they come back item for item."""
    from pia_portal.demo.reports import load_juten, load_zenkomoku
    from pia_portal.reports.serialization import export_version
    from tests.extraction import extraction_of

    original = (load_juten if kind == "juten" else load_zenkomoku)(organisation)
    text = extraction_of(original)
    assert "5情報(氏名、氏名の振り仮名、性別、生年月日、住所)" in text

    record = import_file(text.encode("utf-8"), "midori.txt", other_organisation, actor=None)
    imported = record.version

    assert imported.form_revision == "r7" and record.coverage >= 0.98
    before, after = export_version(original), export_version(imported)
    for key in ("cover", "basic_info", "disclosure"):
        for attr, value in before[key].items():
            if attr != "uid" and value not in (None, "", {}, "—"):
                assert after[key][attr] == value, f"{key}.{attr}"
    assert [s["name"] for s in after["systems"]] == [s["name"] for s in before["systems"]]
    for old, new in zip(before["files"], after["files"], strict=True):
        for attr in ("name", "file_type", "main_record_items", "sources", "outsourcing", "outsourcing_count", "provides"):
            assert new[attr] == old[attr], attr
        assert [o["contractor_name"] for o in new["outsourcings"]] == [o["contractor_name"] for o in old["outsourcings"]]
        assert new["risk"]["outs_adequacy"] == old["risk"]["outs_adequacy"]
    assert len(after["change_log"]) == len(before["change_log"])


def test_staff_put_unplaced_text_into_an_item_from_the_result_page(client, author, organisation, reference_dir):
    from pia_portal.importing.models import UnplacedFragment

    # 000 with a note typed under 「③対象人数」, where no text item follows to take it.
    lines = (reference_dir / "reports" / "juten_yamaguchi_kaigo.txt").read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("③対象人数"))
    source = "\n".join([*lines[:at + 1], "(令和6年4月1日時点の人数)", *lines[at + 1:]])
    record = import_file(source.encode(), "000.txt", organisation, actor=None)
    version = record.version
    fragment = record.unplaced.get()
    assert fragment.text == "(令和6年4月1日時点の人数)"
    client.force_login(author)
    url = reverse("importing:result", args=[organisation.slug, version.report_id, version.number])
    page = client.get(url).content.decode()
    assert "配置する項目" in page and "I 基本情報 7. 他の評価実施機関" in page

    basic = version.basic_info
    key = f"basic_info.{basic.uid.hex}.other_bodies"
    place = reverse("importing:place_fragment", args=[organisation.slug, version.report_id, version.number, fragment.pk])
    assert client.post(place, {"item": "nothing.here"}, follow=True).status_code == 200  # a message, nothing changed
    client.post(place, {"item": key})

    basic.refresh_from_db()
    assert basic.other_bodies.endswith(fragment.text)
    assert "他の評価実施機関" in UnplacedFragment.objects.get(pk=fragment.pk).assigned_to
    assert "配置先" in client.get(url).content.decode()
