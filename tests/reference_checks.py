"""What the reference reports say in named items, checked the same way whatever shape they were
imported from (the tab/HTML extraction, Markdown tables, the portal's PDF, another producer's PDF)."""

from __future__ import annotations

from pia_portal.reports import models as m


def report_000_lands_in_the_right_items(version: m.Version) -> None:
    cover, basic = version.cover, version.basic_info
    assert (cover.assessment_number, cover.title, cover.organisation_name) == ("20", "介護保険関係事務 重点項目評価書", "山口市長")
    assert cover.publication_date.isoformat() == "2023-04-28"
    assert basic.target_population == "FROM_100K_TO_300K" and basic.nws_linkage == "IMPLEMENTED"
    assert basic.mynumber_legal_basis == "番号法第9条第1項及び別表第一の68の項"
    systems = list(version.systems.order_by("position"))
    assert len(systems) == 7 and systems[0].name == "介護保険システム"
    # The check boxes the source shows ticked (checked="" inputs, [○]) are ticked, and only those.
    assert set(systems[0].connections) == {"INTERNAL_LINK", "ADDRESSEE", "TAX"}
    assert systems[-1].name == "申請管理システム" and "EXISTING_JUKI" in systems[-1].connections
    assert systems[-1].connections["OTHER"].startswith("マイナポータル申請管理")
    assert version.files.count() == 3
    first = version.files.order_by("position").first()
    assert first.name == "介護保険情報ファイル" and first.file_type == "SYSTEM_FILE"
    assert first.holding_start_date.isoformat() == "2016-01-01"
    assert {"LEASED_LINE", "INTERNAL_LINK"} <= set(first.acquisition_methods)
    assert first.outsourcing == "OUTSOURCED" and first.outsourcings.count() == 4
    assert first.annexes.get().rows.count() == 20
    assert first.record_groups.count() >= 3 and m.RecordItem.objects.filter(group__file=first).count() > 100
    risk = first.risk
    assert risk.acq_adequacy and risk.serious_incident in ("OCCURRED", "NONE")
    rows = list(version.change_log.order_by("position"))
    assert len(rows) == 65
    assert rows[0].change_date.isoformat() == "2016-07-01" and rows[0].timing in ("PRIOR", "POST")
    assert sum(r.timing == "PRIOR" for r in rows) == 33 and sum(r.timing == "POST" for r in rows) == 32


def report_001_places_the_full_form_and_its_annexes(version: m.Version) -> None:
    assert version.basic_info.target_population == "OVER_300K"
    assert version.files.count() == 3 and version.systems.count() == 5
    first = version.files.order_by("position").first()
    assert first.name == "住民基本台帳ファイル" and first.outsourcings.count() == 5
    assert first.provides and first.provision_count == 65 and first.transfer_count == 41
    annex_rows = m.AnnexRow.objects.filter(annex__file=first)
    assert annex_rows.filter(annex__kind="PROVISION").count() == 65
    assert version.figures.count() == 2
    assert version.glossary.count() > 20
    assert version.change_log.count() == 214
    undated = version.change_log.filter(change_date__isnull=True).count()
    assert undated >= 150  # the pending re-evaluation batch of the public-comment draft


def change_log_sample_keeps_every_row(version: m.Version) -> None:
    assert version.files.count() == 0 and version.change_log.count() == 117


NAMED_ITEMS = {
    "juten_yamaguchi_kaigo.txt": report_000_lands_in_the_right_items,
    "zenkomoku_kagoshima_juki.txt": report_001_places_the_full_form_and_its_annexes,
    "changelog_zenkomoku_sample.txt": change_log_sample_keeps_every_row,
}
