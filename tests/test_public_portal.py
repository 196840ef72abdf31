"""The public portal as citizens use it, and what it must never show.

Given published reports, a citizen searches from `/` (half-width katakana finds katakana and
hiragana alike), sees the count and where the words occur, filters and pages through; programs
read the same through the API and the feed. 公表しない部分 appear in none of them, nor in the
public PDF, while the internal PDF keeps them."""

import datetime as dt
import subprocess
import time
import xml.etree.ElementTree as ET

import pikepdf
import pytest
from django.urls import reverse

from pia_portal.organisations.models import Role
from pia_portal.public.models import SearchDocument
from pia_portal.publishing import services
from pia_portal.reports import models as m
from pia_portal.rendering.models import PdfRender
from pia_portal.rendering.pdf import render_pdf
from pia_portal.rendering.services import is_outdated, request_render
from pia_portal.rendering.tasks import render_version_pdf

pytestmark = pytest.mark.django_db

SECRET_ITEM = "監視カメラ設置場所ＡＢ棟地下"
SECRET_ENTRY = "特別保守委託先株式会社ゼット"


@pytest.fixture
def admin(make_person, organisation):
    return make_person("admin", organisation, Role.ADMIN, Role.AUTHOR)


def publish(version, admin, published_on=None):
    m.Version.objects.filter(pk=version.pk).update(status=m.VersionStatus.APPROVED)
    version.refresh_from_db()
    publication = services.publish_version(version, actor=admin, published_on=published_on)
    # In a test that commits, the session's worker may take the render first: either way, wait
    # until the version is public.
    assert render_version_pdf(publication.render_id) in ("done", "superseded")
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        version.refresh_from_db()
        if version.status == m.VersionStatus.PUBLISHED:
            return version
        time.sleep(0.2)
    raise AssertionError(f"{version} was not published")


def demo_report(organisation, *, number="12", title=None, affair=None):
    from pia_portal.demo.reports import load_juten

    version = load_juten(organisation)
    if number != "12" or title or affair:
        # As the editor renames a report: its draft's cover and I, which the report follows.
        title, affair = title or version.report.title, affair or version.report.affair_name
        m.Report.objects.filter(pk=version.report_id).update(assessment_number=number, title=title, affair_name=affair)
        m.Cover.objects.filter(version=version).update(assessment_number=number, title=title)
        m.BasicInfo.objects.filter(version=version).update(affair_name=affair)
        version.refresh_from_db()
    return version


def pdf_text(content: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


def test_a_citizen_finds_a_report_from_the_front_page_with_half_width_katakana(client, organisation, admin):
    organisation.prefecture = "山口県"
    organisation.save()
    version = publish(demo_report(organisation), admin, published_on=dt.date(2026, 4, 1))

    front = client.get("/")
    assert front.status_code == 200
    page = front.content.decode()
    assert "職員ログイン" in page and version.report.title in page and 'property="og:title"' in page

    found = client.get("/", {"q": "ｼｽﾃﾑ"}).content.decode()  # half-width katakana
    assert "1件" in found and version.report.title in found
    assert "<mark>システム</mark>" in found  # the snippet, the word marked
    assert "<mark>" in client.get("/", {"q": "しすてむ"}).content.decode()  # hiragana finds katakana

    assert "0件" in client.get("/", {"q": "ｼｽﾃﾑ", "kind": "zenkomoku"}).content.decode()
    for conditions in ({"kind": "juten"}, {"prefecture": "山口県"}, {"organisation": organisation.slug},
                       {"affair": "介護"}, {"published_from": "2026-04-01", "published_to": "2026-04-01"}):
        assert "1件" in client.get("/", {"q": "ｼｽﾃﾑ", **conditions}).content.decode(), conditions
    assert "0件" in client.get("/", {"published_from": "2026-04-02"}).content.decode()
    # Dates as staff type them everywhere else: 和暦, a whole month, full-width digits (#32 item 11).
    for conditions in ({"published_from": "令和8年4月1日"}, {"published_from": "令和8年4月", "published_to": "令和8年4月"},
                       {"published_to": "R8.4.1"}, {"published_from": "令和８年３月"}):
        assert "1件" in client.get("/", {"q": "ｼｽﾃﾑ", **conditions}).content.decode(), conditions
    assert "0件" in client.get("/", {"published_from": "令和8年5月"}).content.decode()
    assert "0件" in client.get("/", {"published_to": "令和8年3月"}).content.decode()
    assert client.get("/api/v1/reports", {"published_from": "令和8年4月"}).json()["count"] == 1


def test_the_search_reads_the_report_as_printed_not_its_codes(client, organisation, admin):
    """A citizen searching 「juten」 or 「r7」 finds nothing, and no snippet shows the export's own
    words: the search holds what the report says, choices by their labels and dates in 和暦, and
    its snippet prefers the report's words to its name."""
    from pia_portal.public.index import public_text

    version = demo_report(organisation)
    m.Procedure.objects.filter(version=version).update(basic_assessment_date=dt.date(2026, 2, 10),
                                                           basic_assessment_date_note="(予定)")
    text = public_text(version)
    assert "pia-portal" not in text
    for code in ("juten", version.form_revision, "2026-02-10", "day"):
        assert code not in text.split(" / "), code
    assert "令和8年2月10日(予定)" in text and version.report.affair_name in text

    publish(version, admin)
    for code in ("juten", version.form_revision, "portal.version"):
        assert "0件" in client.get("/", {"q": code}).content.decode(), code
    assert "1件" in client.get("/", {"q": "令和8年2月10日"}).content.decode()
    # The result shows the report's name already: the snippet shows the word where the report
    # itself says it (the cover's declaration), not the name once more.
    declaration = m.Cover.objects.get(version=version).declaration
    assert "介護" in version.report.title and "介護" in declaration
    snippet = client.get("/", {"q": "介護"}).content.decode().split('class="snippet')[1].split("</p>")[0]
    assert declaration[:declaration.index("介護")] + "<mark>介護</mark>" in snippet


def indexed(organisation, number: str, text: str) -> SearchDocument:
    """A report as the search holds it once published, with `text` for its public text."""
    from pia_portal.public import fold

    version = demo_report(organisation, number=number, title=f"第{number}号の事務 重点項目評価書")
    key, heading = fold.key_of(text), fold.key_of(version.report.title)
    return SearchDocument.objects.create(
        report=version.report, version=version, organisation=organisation, kind=version.report.kind,
        published_on=dt.date(2026, 4, 1), title=version.report.title, heading_key=heading, heading_grams=fold.grams(heading), affair_key="",
        text=text, key=key, grams=fold.grams(key))


def test_a_long_word_is_found_by_its_three_character_pieces(client, organisation):
    indexed(organisation, "1", "介護保険料の納付について")
    indexed(organisation, "2", "介護保険と国民年金")
    indexed(organisation, "3", "介護保険の保険料")  # every piece of 介護保険料, apart

    three = client.get("/", {"q": "保険料"}).content.decode()  # up to three characters: exact
    assert "2件" in three and "第2号の事務" not in three
    long = client.get("/", {"q": "介護保険料"}).content.decode()
    assert "2件" in long and "第2号の事務" not in long
    # The snippet marks the word, or its pieces where the report has them apart.
    assert "<mark>介護保険料</mark>" in long and "<mark>介護保険</mark>の<mark>保険料</mark>" in long
    assert "0件" in client.get("/", {"q": "介護保険料金"}).content.decode()


def test_bad_search_conditions_are_explained_next_to_the_field(client, organisation):
    page = client.get("/", {"published_from": "2026-05-01", "published_to": "2026-04-01", "kind": "nonsense"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "公表日(まで)には、公表日(から)と同じかそれより後の日付を入力してください。" in html
    assert 'href="#id_published_to"' in html and "一覧から選んでください。" in html
    refused = client.get("/", {"published_from": "昨日"}).content.decode()
    assert "「昨日」は日付として読めません。令和5年4月28日" in refused and 'type="date"' not in refused


def test_results_are_counted_sorted_and_paged(client, organisation, admin, monkeypatch):
    monkeypatch.setattr("pia_portal.public.views.PER_PAGE", 2)  # pages of two: four reports make two pages
    for n in range(4):
        title = "第0号の事務 システム移行 重点項目評価書" if n == 0 else f"第{n}号の事務 重点項目評価書"
        version = demo_report(organisation, number=str(100 + n), title=title)
        publish(version, admin, published_on=dt.date(2026, 1, 1) + dt.timedelta(days=n))
    first = client.get("/", {"q": "介護", "sort": "newest"}).content.decode()
    assert "4件" in first and "第3号の事務" in first and "第2号の事務" in first and "第0号の事務" not in first
    second = client.get("/", {"q": "介護", "sort": "newest", "page": 2}).content.decode()
    assert "第0号の事務" in second and "第3号の事務" not in second
    oldest = client.get("/", {"q": "介護", "sort": "oldest"}).content.decode()
    assert oldest.index("第0号の事務") < oldest.index("第1号の事務")
    # By relevance, a report whose name says the words comes before those that only mention them.
    relevant = client.get("/", {"q": "システム"}).content.decode()
    assert "4件" in relevant and relevant.index("第0号の事務") < relevant.index("第3号の事務")


def test_the_report_page_offers_every_edition_with_its_sha256_and_an_inline_view(client, organisation, admin):
    from pia_portal.reports.services import start_new_version

    first = publish(demo_report(organisation), admin)
    second = publish(start_new_version(first.report, actor=admin), admin)
    page = client.get(reverse("public:public_report", args=[first.report_id])).content.decode()
    for version in (first, second):
        version.refresh_from_db()
        assert version.publication.render.sha256 in page
        assert reverse("public:public_pdf", args=[first.report_id, version.number]) in page
    assert "stack-on-phone" in page and 'data-label="変更日"' in page

    viewer = client.get(reverse("public:edition", args=[first.report_id, 1]), {"page": 2}).content.decode()
    assert reverse("public:page_image", args=[first.report_id, 1, "page", 2]) in viewer
    assert '<a href="?page=2#page" aria-current="page">' in viewer
    image = client.get(reverse("public:page_image", args=[first.report_id, 1, "page", 2]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png" and image.content[:4] == b"\x89PNG"
    assert client.get(reverse("public:page_image", args=[first.report_id, 1, "page", 999])).status_code == 404
    assert client.get(reverse("public:page_image", args=[first.report_id, 1, "huge", 1])).status_code == 404


def test_feed_sitemap_robots_favicon_and_japanese_404(client, organisation, admin):
    version = publish(demo_report(organisation), admin)
    feed = client.get(reverse("public:feed"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    entries = ET.fromstring(feed.content).findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 1 and version.report.title in entries[0].findtext("{http://www.w3.org/2005/Atom}title")
    assert f"/public/reports/{version.report_id}/" in client.get("/sitemap.xml").content.decode()
    assert "Disallow: /o/" in client.get("/robots.txt").content.decode()
    assert client.get("/favicon.ico").status_code == 301
    missing = client.get("/public/reports/999999/")
    assert missing.status_code == 404 and "ページが見つかりません" in missing.content.decode()


def test_the_api_answers_what_the_portal_shows_and_nothing_unpublished(client, organisation, admin):
    draft = demo_report(organisation, number="77", title="下書きの事務 重点項目評価書")
    published = publish(demo_report(organisation), admin)

    listing = client.get("/api/v1/reports", {"q": "ｼｽﾃﾑ"}).json()
    assert listing["count"] == 1 and listing["results"][0]["id"] == published.report_id
    assert listing["results"][0]["current_edition"]["sha256"] == published.publication.render.sha256
    assert client.get("/api/v1/reports", {"kind": "zenkomoku"}).json()["count"] == 0
    bad = client.get("/api/v1/reports", {"published_from": "あした"})
    assert bad.status_code == 422 and "日付" in bad.json()["detail"]
    detail = client.get(f"/api/v1/reports/{published.report_id}").json()
    assert [e["number"] for e in detail["editions"]] == [1]
    edition = client.get(f"/api/v1/reports/{published.report_id}/editions/1").json()
    assert edition["change_log"] and edition["pdf_url"].endswith("/v1.pdf")
    assert client.get(f"/api/v1/reports/{draft.report_id}").status_code == 404
    assert client.get(f"/api/v1/reports/{draft.report_id}/editions/1").status_code == 404
    assert client.get("/api/v1/openapi.json").json()["info"]["title"] == "PIA Portal 公開API"
    assert client.get("/api/v1/docs").status_code == 200


def test_a_withheld_date_quoted_in_the_change_log_is_withheld_there_too(organisation, admin):
    """Dates are compared as the form prints them (和暦): a 変更箇所 row giving back a withheld
    date keeps only its date and timing."""
    from pia_portal.publishing.withholding import WITHHELD, public_change_log

    version = demo_report(organisation)
    procedure = m.Procedure.objects.get(version=version)
    procedure.basic_assessment_date = dt.date(2026, 2, 10)
    procedure.save()
    quoting = m.ChangeLogEntry.objects.create(version=version, position=99, item="基礎項目評価の実施日",
                                              before="令和5年2月1日", after="令和8年2月10日", timing="after")
    services.withhold(version, actor=admin, choice=f"{procedure.uid.hex}:basic_assessment_date", reason="テスト")
    row = next(row for row in public_change_log(version) if row["entry"] == quoting)
    assert row["after"] == row["item"] == WITHHELD and row["change_date"] == quoting.change_date


def test_parts_not_to_be_published_leak_through_no_public_route(client, organisation, admin):
    version = demo_report(organisation)
    system = m.System.objects.filter(version=version).order_by("position").first()
    system.functions = SECRET_ITEM
    system.save()
    file = version.files.order_by("position").first()
    entry = m.Outsourcing.objects.filter(file=file).order_by("position").first()
    entry.contractor_name = SECRET_ENTRY
    entry.save()
    # The change log quotes the withheld value: the row must not give it back.
    m.ChangeLogEntry.objects.create(version=version, position=99, item="システム1 ②システムの機能",
                                    before="旧", after=SECRET_ITEM, timing="after")
    choices = {value: label for _title, options in services.withholdable(version) for value, label in options}
    item_choice, entry_choice = f"{system.uid.hex}:functions", f"{entry.uid.hex}:"
    assert choices[item_choice] == "システム1 ②システムの機能" and choices[entry_choice] == "委託事項1 (全体)"
    services.withhold(version, actor=admin, choice=item_choice, reason="施設の警備上の理由")
    services.withhold(version, actor=admin, choice=entry_choice, reason="委託先の安全確保のため")
    with pytest.raises(services.WorkflowError, match="理由"):
        services.withhold(version, actor=admin, choice=f"{system.uid.hex}:name", reason=" ")

    internal = pdf_text(render_pdf(version).content)
    assert SECRET_ITEM in internal.replace(" ", "") and SECRET_ENTRY in internal.replace(" ", "")
    version = publish(version, admin)
    public_pdf = client.get(reverse("public:public_pdf", args=[version.report_id, 1]))
    public_text = pdf_text(b"".join(public_pdf.streaming_content)).replace(" ", "")
    assert "(非公表)" in public_text

    report_id = version.report_id
    routes = [
        "/", "/?q=監視", "/?q=ゼット", reverse("public:public_report", args=[report_id]),
        reverse("public:edition", args=[report_id, 1]), reverse("public:edition", args=[report_id, 1]) + "?page=3",
        reverse("public:feed"), "/sitemap.xml", "/api/v1/reports", f"/api/v1/reports?q={SECRET_ITEM}",
        f"/api/v1/reports/{report_id}", f"/api/v1/reports/{report_id}/editions/1",
    ]
    for route in routes:
        body = client.get(route).content.decode()
        assert SECRET_ITEM not in body and SECRET_ENTRY not in body, route
    for secret in (SECRET_ITEM, SECRET_ENTRY, "監視カメラ", "ゼット"):
        assert secret not in public_text, secret
        assert secret not in SearchDocument.objects.get(report_id=report_id).text
    for query in ("監視カメラ", SECRET_ITEM, SECRET_ENTRY):
        assert "0件" in client.get("/", {"q": query}).content.decode(), query

    # The next version keeps the marks; a published version's cannot change.
    from pia_portal.reports.services import start_new_version

    second = start_new_version(version.report, actor=admin)
    assert second.withheld_parts.count() == 2
    with pytest.raises(services.WorkflowError):
        services.release_withheld(version.withheld_parts.first(), actor=admin)


def test_a_draft_pdf_is_marked_and_dated_and_a_published_one_is_tagged_and_clean(organisation, admin):
    version = demo_report(organisation)
    render = request_render(version, actor=admin)
    assert render.draft_mark and render_version_pdf(render.pk) == "done"
    render.refresh_from_db()
    draft = pdf_text(render.file.read())
    assert "案" in draft and "第1版(案)" in draft.replace(" ", "") and "作成" in draft

    # Changing the content makes the draft's PDF outdated, and asking again makes a new one.
    assert not is_outdated(render)
    m.BasicInfo.objects.filter(version=version).update(department="総務部 新しい課")
    assert is_outdated(render)
    assert request_render(version, actor=admin).pk != render.pk

    version = publish(version, admin)
    published = version.publication.render
    text = pdf_text(published.file.read())
    assert "(案)" not in text.replace(" ", "") and "作成" not in text.split("\f")[1]
    with pikepdf.open(published.file.path) as pdf:
        assert str(pdf.Root.Lang) == "ja" and bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.docinfo["/Title"]) == version.report.title
        assert str(pdf.docinfo["/Author"]) == organisation.name
        tree = pdf.Root.StructTreeRoot
        assert "/ParentTree" in tree
        kinds = set()

        def walk(node, depth=0):
            if isinstance(node, pikepdf.Array):
                for child in node:
                    walk(child, depth)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                kinds.add(str(node.S))
                if "/K" in node:
                    walk(node.K, depth + 1)

        walk(tree.K)
        assert {"/Document", "/Table", "/TR", "/TH", "/TD", "/H1", "/H2"} <= kinds, kinds
        # Every page's marked content belongs to the tree.
        assert all("/StructParents" in page.obj for page in pdf.pages)
    assert not is_outdated(PdfRender.objects.get(pk=published.pk))
