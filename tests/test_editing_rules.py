"""Only 作成者 and 管理者 edit, and only a version that is being drafted."""

import pytest
from django.urls import reverse

from pia_portal.organisations.models import Role
from pia_portal.reports import models as m
from tests.builders import full_version, publish

pytestmark = pytest.mark.django_db


def page_url(version, key="basic"):
    report = version.report
    return reverse("editing:page", args=[report.organisation.slug, report.pk, version.number, key])


def test_a_reviewer_reads_a_section_but_cannot_save_it(client, make_person, organisation):
    version = full_version(organisation)
    client.force_login(make_person("reviewer", organisation, Role.REVIEWER))

    page = client.get(page_url(version)).content.decode()
    assert "①事務の名称" in page and 'id="save"' not in page and "閲覧のみ" in page

    response = client.post(page_url(version), {"seq": "0"})
    assert response.status_code == 403
    assert "評価書を編集できるのは作成者と管理者だけです" in response.content.decode()


def test_an_admin_can_edit_and_the_save_is_logged(client, make_person, organisation):
    from pia_portal.audit.models import ActionLog

    version = full_version(organisation)
    admin = make_person("kanri", organisation, Role.ADMIN)
    client.force_login(admin)
    page = client.get(page_url(version)).content.decode()
    assert "①事務の名称" in page
    basic = m.BasicInfo.objects.get(version=version)
    prefix = f"basic_info-{basic.uid.hex}"
    data = {"seq": "0", f"{prefix}-affair_name": "介護保険関係事務"}
    for system in m.System.objects.filter(version=version):
        data[f"system-{system.uid.hex}-name"] = system.name

    response = client.post(page_url(version), data)

    assert response.status_code == 302
    basic.refresh_from_db()
    assert basic.affair_name == "介護保険関係事務"
    log = ActionLog.objects.filter(action="version.edited").latest("created_at")
    change = next(c["affair_name"] for c in log.data["changes"].values() if "affair_name" in c)
    assert change["after"] == "介護保険関係事務" and change["before"] != change["after"]


def test_a_published_version_cannot_be_edited_through_the_editor(client, author, organisation):
    version = publish(full_version(organisation))
    client.force_login(author)

    page = client.get(page_url(version)).content.decode()
    assert "公表済み" in page and 'id="save"' not in page

    response = client.post(page_url(version), {"seq": "0"}, follow=True)
    assert "公表済み" in response.content.decode()
    assert response.redirect_chain[-1][0].endswith("/edit/")


def test_a_non_member_gets_a_404(client, make_person, organisation, other_organisation):
    version = full_version(organisation)
    client.force_login(make_person("stranger", other_organisation, Role.ADMIN))

    assert client.get(page_url(version)).status_code == 404


def test_every_item_has_guidance_one_click_away_and_the_important_note_where_it_applies(client, author, organisation):
    from pia_portal.editing.pages import build_page, page_refs

    version = full_version(organisation)
    refs = {ref.key.split("-")[0]: ref for ref in page_refs(version)}
    basic = build_page(version, refs["basic"])
    fields = [e for e in basic.elements if e.kind == "field"]
    assert fields and all(e.guidance for e in fields)
    by_attr = {e.place.item.attr: e for e in fields}
    assert any("重要な変更" in g for g in by_attr["mynumber_legal_basis"].guidance)  # 4. 個人番号の利用 ※
    assert not any("重要な変更" in g for g in by_attr["affair_name"].guidance)
    risk = {e.place.item.attr: e for e in build_page(version, refs["risk"]).elements if e.kind == "field"}
    assert any("重要な変更" in g for g in risk["acq_measures"].guidance)  # III is ※ as a whole …
    assert not any("重要な変更" in g for g in risk["serious_incident"].guidance)  # … except 7. ②
    client.force_login(author)
    page = client.get(page_url(version)).content.decode()
    assert page.count(">記載要領<") == len(fields)


def test_record_items_are_edited_one_a_line_and_keep_their_identity(client, author, organisation):
    version = full_version(organisation)
    file = version.files.order_by("position").first()
    group = file.record_groups.order_by("position").first()
    items = list(group.items.order_by("position"))
    client.force_login(author)
    key = f"records-{file.uid.hex}"
    page = client.get(page_url(version, key)).content.decode()
    assert items[0].label in page
    data = {"seq": "0"}
    for other in file.record_groups.all():
        prefix = f"record_group-{other.uid.hex}"
        data[f"{prefix}-heading"] = other.heading
        data[f"{prefix}-item_lines"] = "\n".join(i.label for i in other.items.order_by("position"))
    prefix = f"record_group-{group.uid.hex}"
    data[f"{prefix}-item_lines"] = "\n".join([items[1].label, "氏名の振り仮名", items[0].label])  # reorder, add, drop 2

    assert client.post(page_url(version, key), data).status_code == 302

    after = list(group.items.order_by("position"))
    assert [i.label for i in after] == [items[1].label, "氏名の振り仮名", items[0].label]
    assert after[0].uid == items[1].uid and after[2].uid == items[0].uid
    assert not m.RecordItem.objects.filter(pk__in=[i.pk for i in items[2:]]).exists()


def test_files_are_reordered_and_removed_from_the_editor_home(client, author, organisation):
    version = full_version(organisation)
    first, second = version.files.order_by("position")
    client.force_login(author)
    slug, report = organisation.slug, version.report.pk
    home = client.get(reverse("editing:home", args=[slug, report, 1])).content.decode()
    assert first.title in home and second.title in home

    client.post(reverse("editing:move_entry", args=[slug, report, 1, "basic", "file", second.uid, "up"]))
    assert list(version.files.order_by("position")) == [second, first]
    client.post(reverse("editing:delete_entry", args=[slug, report, 1, "basic", "file", first.uid]))
    assert list(version.files.all()) == [second]
    assert not m.RiskMeasures.objects.filter(file_id=first.pk).exists()  # its III goes with it


def test_a_business_flow_figure_is_uploaded_for_the_zenkomoku_annex(client, author, organisation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.builders import PNG

    version = full_version(organisation, "zenkomoku")
    figure = version.figures.order_by("position").first()
    client.force_login(author)
    prefix = f"business_figure-{figure.uid.hex}"
    data = {"seq": "0"}
    for other in version.figures.all():
        p = f"business_figure-{other.uid.hex}"
        data.update({f"{p}-title": other.title, f"{p}-legend": other.legend, f"{p}-remarks": other.remarks})
    data[f"{prefix}-image"] = SimpleUploadedFile("flow.png", PNG, content_type="image/png")

    response = client.post(page_url(version, "figures"), data)

    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.image.name.endswith("flow.png")
    from pia_portal.rendering.pdf import render_html

    # The print document names the figure for the renderer's fetcher, never by a path or a URL.
    assert f'src="pia-figure:{figure.uid.hex}"' in render_html(version)


def test_a_section_lists_its_problems_first_with_links_and_unfilled_items_as_progress(client, author, organisation):
    import re

    version = full_version(organisation)
    file = version.files.order_by("position").first()
    second = m.Outsourcing.objects.filter(version=version, file=file).order_by("position")[1]
    m.Outsourcing.objects.filter(pk=second.pk).update(contractor_name="")
    client.force_login(author)
    page = client.get(page_url(version, "file-" + file.uid.hex)).content.decode()

    summary = page[page.index("data-error-summary"):page.index("</div>", page.index("data-error-summary"))]
    links = re.findall(r'href="#(item-[^"]+)"', summary)
    assert links and all(f'id="{anchor}"' in page for anchor in links)  # each problem links to its field
    missing = page[page.index("data-missing"):page.index("</details>", page.index("data-missing"))]
    assert f"#item-outsourcing-{second.uid.hex}-contractor_name" in missing and "委託事項2" in missing
    item = page[page.index(f'id="item-outsourcing-{second.uid.hex}-contractor_name"'):]
    assert "未記入" in item[:3000] and "has-findings" not in page[page.rindex("<div", 0, page.index(f'id="item-outsourcing-{second.uid.hex}-contractor_name"')):page.index(f'id="item-outsourcing-{second.uid.hex}-contractor_name"')]


def test_counts_come_from_the_entries_not_typed(client, author, organisation):
    """委託件数 is the number of 委託事項: shown read-only, written on save and when an entry comes or goes."""
    version = full_version(organisation)
    file = version.files.order_by("position").first()
    key = "file-" + file.uid.hex
    client.force_login(author)
    page = client.get(page_url(version, key)).content.decode()
    field = page[page.index(f'name="file-{file.uid.hex}-outsourcing_count"') - 200:page.index(f'name="file-{file.uid.hex}-outsourcing_count"') + 200]
    assert "disabled" in field and 'value="3"' in field
    client.post(reverse("editing:add_entry", args=[organisation.slug, version.report_id, 1, key, "outsourcing"]),
                {"parent": str(file.uid)})
    file.refresh_from_db()
    assert file.outsourcing_count == 4


def test_the_report_list_and_the_cover_say_the_same_title(client, author, organisation):
    version = full_version(organisation)
    cover = m.Cover.objects.get(version=version)
    client.force_login(author)
    page = client.get(page_url(version, "cover")).content.decode()
    number = page[page.index(f'name="cover-{cover.uid.hex}-assessment_number"') - 200:page.index(f'name="cover-{cover.uid.hex}-assessment_number"') + 200]
    assert "disabled" in number
    prefix = f"cover-{cover.uid.hex}"
    data = {"seq": "0", f"{prefix}-title": "介護保険に関する事務 重点項目評価書", f"{prefix}-declaration": cover.declaration,
            f"{prefix}-organisation_name": cover.organisation_name, f"{prefix}-assessment_number": "999"}
    assert client.post(page_url(version, "cover"), data).status_code == 302
    version.report.refresh_from_db()
    cover.refresh_from_db()
    assert version.report.title == cover.title == "介護保険に関する事務 重点項目評価書"
    assert cover.assessment_number == version.report.assessment_number == "20"  # the number is the report's


def test_the_editor_home_offers_the_one_next_step_once_nothing_is_missing(client, author, organisation):
    """Given a new 全項目評価書 with every item filled, its editor home sends the author to the
    evaluation procedure first (submission would be refused without it); once the steps are
    recorded, it offers the submission itself, which submits the version."""
    from tests.builders import with_procedure

    from pia_portal.procedure.rules import Step

    version = full_version(organisation, "zenkomoku")
    m.PersonalInfoFile.objects.filter(version=version).update(provides=True, no_provision_transfer=False)  # submittable
    client.force_login(author)
    home_url = reverse("editing:home", args=[organisation.slug, version.report.pk, 1])
    home = client.get(home_url).content.decode()
    assert 'data-next-step="procedure"' in home and Step.COMMENTS.label in home
    assert reverse("procedure:steps", args=[organisation.slug, version.report.pk, 1]) in home
    assert "審査に提出</button>" not in home

    with_procedure(version, author)
    home = client.get(home_url).content.decode()
    assert "エラーはありません。この版は審査に提出できます。" in home and 'data-next-step="procedure"' not in home
    submit = reverse("publishing:transition", args=[organisation.slug, version.report.pk, 1, "submit"])
    assert submit in home
    client.post(submit)
    version.refresh_from_db()
    assert version.status == m.VersionStatus.IN_REVIEW


@pytest.mark.parametrize("url_name, wanted", [
    ("editing:new_report", ["評価書の種類を選んでください。", "評価書番号を入力してください。", "評価書名を入力してください。"]),
    ("importing:upload", ["ファイルを選んでください。"]),
])
def test_an_empty_form_says_what_is_missing_by_name_at_the_top_and_at_each_field(client, author, organisation, url_name, wanted):
    """Given an author who sends a form empty, the page names each missing field in plain Japanese
    (not 「このフィールドは必須です。」), once in the error summary linking to the field and once
    beside it."""
    import re

    client.force_login(author)
    page = client.post(reverse(url_name, args=[organisation.slug]), {}).content.decode()
    summary = page[page.index("data-error-summary"):page.index("</div>", page.index("data-error-summary"))]
    assert re.findall(r'<a href="#[^"]+">([^<]+)</a>', summary) == wanted
    assert all(f'id="{anchor}"' in page for anchor in re.findall(r'href="#([^"]+)"', summary))
    assert all(page.count(message) == 2 for message in wanted) and "このフィールドは必須です" not in page
