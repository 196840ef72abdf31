"""The 基礎項目評価書 (様式2) as the third form kind: given a 事務 whose しきい値判断 is recorded, when
staff fill its 基礎項目評価書 in the editor, then every page opens and saves, and what is not yet
verified against the current 様式 is marked so, in one place."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pia_portal.editing.pages import page_refs
from pia_portal.organisations.models import Role
from pia_portal.reports.structure import FormKind, form_for, option_sets
from tests.builders import full_version

pytestmark = pytest.mark.django_db


def test_the_kiso_form_prints_its_parts_in_the_official_order():
    form = form_for(FormKind.KISO)
    assert [s.label() for s in form.sections] == [
        "表紙", "I 関連情報", "II しきい値判断項目", "III しきい値判断結果", "IV リスク対策", "(別添1) 変更箇所"
    ]
    assert form.contents == ()  # the 基礎項目評価書 has no 項目一覧
    assert form.title == "特定個人情報保護評価書(基礎項目評価書)"
    labels = [place.label() for _, _, place in form.places()]
    for verified in ("①事務の名称", "②事務の概要", "③システムの名称", "評価対象の事務の対象人数は何人か", "いつ時点の計数か"):
        assert verified in labels
    assert option_sets.TARGET_POPULATION_KISO.label_of("UNDER_1K") == "1,000人未満(任意実施)"


def test_what_is_not_verified_is_marked_in_the_catalogue():
    form = form_for(FormKind.KISO)
    unverified = {place.item.attr for _, _, place in form.places() if place.item.unverified}
    assert {"threshold_handlers", "threshold_result_kiso", "kiso_priority", "kiso_submitted_kinds"} <= unverified
    assert not {"affair_name", "affair_description", "system_names", "threshold_subject_band"} & unverified
    assert option_sets.THRESHOLD_KISO.code in option_sets.UNVERIFIED


def test_every_page_of_the_kiso_editor_opens_and_saves(client, organisation, make_person):
    person = make_person("kiso-author", organisation, Role.AUTHOR)
    client.force_login(person)
    version = full_version(organisation, "kiso", number="8", actor=person)
    home = client.get(reverse("editing:home", args=[organisation.slug, version.report_id, version.number]))
    assert home.status_code == 200
    for ref in page_refs(version):
        url = reverse("editing:page", args=[organisation.slug, version.report_id, version.number, ref.key])
        page = client.get(url)
        assert page.status_code == 200, ref.key
        data = {"base": page.context["base"]}
        for form in page.context["page"].forms:
            for name, field in form.fields.items():
                value = form[name].value()
                if value not in (None, ""):
                    data[form.add_prefix(name)] = value
        assert client.post(url, data).status_code in (200, 302), ref.key


def test_the_editor_says_which_items_still_need_checking(organisation):
    from pia_portal.reports.structure.guidance import UNVERIFIED_NOTE, guidance_for

    places = {place.item.attr: place for _, _, place in form_for(FormKind.KISO).places()}
    assert any(UNVERIFIED_NOTE in part for part in guidance_for(places["kiso_priority"]))
    assert not any(UNVERIFIED_NOTE in part for part in guidance_for(places["affair_name"]))


def test_the_change_log_is_written_for_a_kiso_report_too(organisation, make_person):
    from pia_portal.changelog.generate import generate
    from pia_portal.reports import models as m
    from pia_portal.reports.services import start_new_version
    from tests.builders import publish

    person = make_person("kiso-author", organisation, Role.AUTHOR)
    old = publish(full_version(organisation, "kiso", number="8", actor=person))
    new = start_new_version(old.report, actor=person)
    assert generate(old, new).rows == []

    was = m.OtherRiskMeasures.objects.get(version=new).kiso_store_adequacy
    m.OtherRiskMeasures.objects.filter(version=new).update(
        kiso_store_adequacy="ISSUES_REMAIN" if was == "SPECIAL_EFFORT" else "SPECIAL_EFFORT")
    m.BasicInfo.objects.filter(version=new).update(department="健康福祉部 こども課")
    rows = generate(old, new).rows
    items = [row.item for row in rows]
    assert any(item.startswith("IV リスク対策 7.") for item in items), items
    assert any("5. 評価実施機関における担当部署" in item and "①部署" in item for item in items), items
    assert any(row.after in ("特に力を入れている", "課題が残されている") for row in rows), [r.after for r in rows]


def test_ii_and_iii_point_to_the_threshold_assessment_in_the_editor(client, organisation, make_person):
    person = make_person("kiso-author", organisation, Role.AUTHOR)
    client.force_login(person)
    version = full_version(organisation, "kiso", number="8", actor=person)
    page = client.get(reverse("editing:page", args=[organisation.slug, version.report_id, version.number, "threshold"]))
    assert "data-from-plan" in page.content.decode()
    assert reverse("planning:affair", args=[organisation.slug, version.report.affair_id]) in page.content.decode()


def test_once_the_threshold_is_assessed_ii_and_iii_cannot_be_typed_over(client, organisation, make_person):
    import datetime as dt

    from pia_portal.planning import services as planning
    from pia_portal.reports import models as m

    person = make_person("kiso-author", organisation, Role.AUTHOR)
    client.force_login(person)
    version = full_version(organisation, "kiso", number="8", actor=person)
    day = dt.date(2026, 4, 1)
    planning.record_threshold(version.report.affair, subject_band="FROM_1K_TO_10K", subject_counted_on=day, handlers="UNDER_500",
                              handlers_counted_on=day, serious_incident=False, decided_on=day, actor=person)
    url = reverse("editing:page", args=[organisation.slug, version.report_id, version.number, "threshold"])
    page = client.get(url).content.decode()
    assert 'name="procedure-' in page and "disabled" in page
    prefix = f"procedure-{m.Procedure.objects.get(version=version).uid.hex}"
    client.post(url, {"seq": "0", f"{prefix}-threshold_subject_band": "OVER_300K", f"{prefix}-threshold_handlers": "OVER_500"})
    procedure = m.Procedure.objects.get(version=version)
    assert (procedure.threshold_subject_band, procedure.threshold_handlers) == ("FROM_1K_TO_10K", "UNDER_500")


def test_iv_1_must_name_the_evaluations_iii_makes_mandatory(organisation):
    from pia_portal.reports import models as m
    from pia_portal.reports.validation import validate

    version = full_version(organisation, "kiso", number="8")
    m.Procedure.objects.filter(version=version).update(
        threshold_subject_band="OVER_300K", threshold_handlers="UNDER_500", threshold_incident="NONE",
        threshold_result_kiso="KISO_AND_JUTEN_REQUIRED")
    m.OtherRiskMeasures.objects.filter(version=version).update(kiso_submitted_kinds="KISO")
    findings = [f for f in validate(version) if f.attr in ("kiso_submitted_kinds", "threshold_result_kiso")]
    assert [(f.level.value, f.attr) for f in findings] == [("warning", "threshold_result_kiso"), ("error", "kiso_submitted_kinds")]
    m.OtherRiskMeasures.objects.filter(version=version).update(kiso_submitted_kinds="KISO_ZENKOMOKU")
    m.Procedure.objects.filter(version=version).update(threshold_result_kiso="KISO_AND_ZENKOMOKU_REQUIRED")
    assert not [f for f in validate(version) if f.attr in ("kiso_submitted_kinds", "threshold_result_kiso")]


def test_a_published_kiso_report_imports_from_its_text_and_its_pdf(organisation, other_organisation):
    """Another city's 基礎項目評価書, as extractors write its text and as the portal prints it, comes
    back into a 基礎 report printing the same text (a PDF keeps no line breaks inside a cell)."""
    import re

    from pia_portal.importing.services import import_file
    from pia_portal.rendering.pdf import render_pdf
    from tests.builders import publish
    from tests.extraction import extraction_of

    original = full_version(organisation, "kiso", number="8")
    text = extraction_of(original)
    from_text = import_file(text.encode("utf-8"), "kiso.txt", other_organisation, actor=None)
    assert from_text.version.report.kind == "kiso" and from_text.coverage == 1.0
    assert extraction_of(from_text.version) == text

    publish(from_text.version)
    from_pdf = import_file(render_pdf(original).content, "kiso.pdf", other_organisation, actor=None)
    assert from_pdf.version.report == from_text.version.report  # the same 評価書番号: its next version
    assert from_pdf.coverage == 1.0

    def squeezed(version):
        return re.sub(r"\s|</?p>", "", extraction_of(version))

    assert squeezed(from_pdf.version) == squeezed(original)
