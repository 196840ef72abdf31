"""What is withheld stays withheld across editions, and what is not yet published is not public
(issue #27 items 1 and 6).

A 公表しない部分 belongs to an item, not to its text: once an item was withheld in any edition,
every 変更箇所 row about it (hunks of a long text included) is withheld whole in every public
output: the report page, the API, the public PDF and the search."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pia_portal.changelog.services import accept_rows, proposal_for
from pia_portal.public.models import SearchDocument
from pia_portal.publishing import services
from pia_portal.reports import models as m
from pia_portal.reports.services import start_new_version
from tests.builders import form_fields
from tests.test_public_portal import admin, demo_report, pdf_text, publish  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

FIRST = "職員の認証には静脈認証装置ＶＸ－７を用い、保守端末は地下サーバ室の施錠区画に置く。"
SECOND = "職員の認証には静脈認証装置ＶＸ－９を用い、保守端末は地下サーバ室の施錠区画に置く。"
THIRD = "職員の認証には顔認証装置ＦＲ－２を用い、保守端末は地下サーバ室の施錠区画に置く。"
OTHER_LINES = "\n".join(f"{n}. 操作者ごとに権限を設定し、定期的に見直す(手順{n})。" for n in range(1, 8))


def _measure(version) -> m.RiskMeasures:
    return m.RiskMeasures.objects.get(file=version.files.order_by("position").first())


def _set_measure(version, first_line: str) -> None:
    risk = _measure(version)
    risk.use_user_auth_method = first_line + "\n" + OTHER_LINES
    risk.save()


def _next_edition(version, admin, first_line: str, *, release: bool = False):
    draft = start_new_version(version.report, actor=admin)
    _set_measure(draft, first_line)
    if release:
        for part in draft.withheld_parts.all():
            services.release_withheld(part, actor=admin)
    _proposal, states, _orphans = proposal_for(draft)
    accept_rows(draft, [state.key for state in states], actor=admin)
    return publish(draft, admin)


def _public_outputs(client, version) -> dict[str, str]:
    report_id = version.report_id
    routes = [reverse("public:public_report", args=[report_id]), f"/api/v1/reports/{report_id}",
              f"/api/v1/reports/{report_id}/editions/{version.number}", reverse("public:feed"), "/"]
    outputs = {route: client.get(route).content.decode() for route in routes}
    pdf = client.get(reverse("public:public_pdf", args=[report_id, version.number]))
    outputs["pdf"] = pdf_text(b"".join(pdf.streaming_content)).replace(" ", "")
    outputs["search document"] = SearchDocument.objects.get(report_id=report_id).text
    return outputs


def _secrets(*lines: str) -> list[str]:
    # The words that tell one edition's measure from another's, and the line as a whole.
    return [word for line in lines for word in (line, line[8:20])] + ["ＶＸ－７", "ＶＸ－９", "ＦＲ－２", "静脈認証", "顔認証"]


def test_a_withheld_measure_changed_in_two_later_editions_leaks_through_no_public_output(client, organisation, admin):
    first = demo_report(organisation)
    _set_measure(first, FIRST)
    services.withhold(first, actor=admin, choice=f"{_measure(first).uid.hex}:use_user_auth_method", reason="施設の警備上の理由")
    first = publish(first, admin)

    second = _next_edition(first, admin, SECOND)
    third = _next_edition(second, admin, THIRD)

    rows = list(third.change_log.filter(proposal_key__contains="use_user_auth_method"))
    assert len(rows) >= 2  # the changes of v2 and v3 are in the cumulative log
    for where, body in _public_outputs(client, third).items():
        for secret in _secrets(FIRST, SECOND, THIRD):
            assert secret not in body, (where, secret)
    for word in ("静脈認証", "ＶＸ－７", "顔認証"):
        assert "0件" in client.get("/", {"q": word}).content.decode(), word
        assert client.get("/api/v1/reports", {"q": word}).json()["count"] == 0, word


def test_rows_about_an_item_withheld_in_an_earlier_edition_stay_withheld_after_it_is_released(client, organisation, admin):
    """v1 withheld the measure; v2 publishes it openly. Its v2 text is public now, but the 変更箇所
    rows about it carry the v1 text, and stay withheld whole."""
    first = demo_report(organisation)
    _set_measure(first, FIRST)
    services.withhold(first, actor=admin, choice=f"{_measure(first).uid.hex}:use_user_auth_method", reason="施設の警備上の理由")
    first = publish(first, admin)

    second = _next_edition(first, admin, SECOND, release=True)

    outputs = _public_outputs(client, second)
    assert "ＶＸ－９" in outputs["pdf"]  # the item itself is public in this edition
    for where, body in outputs.items():
        assert "ＶＸ－７" not in body and FIRST not in body, where


def test_a_drafts_new_title_is_not_public_before_it_is_published(client, organisation, admin):
    published = publish(demo_report(organisation), admin)
    public_title = published.report.title
    draft = start_new_version(published.report, actor=admin)
    client.force_login(admin)
    cover_page = reverse("editing:page", args=[organisation.slug, draft.report_id, draft.number, "cover"])
    data = form_fields(client.get(cover_page).content.decode())
    cover = m.Cover.objects.get(version=draft)
    data[f"cover-{cover.uid.hex}-title"] = "未承認の新しい評価書名"
    assert client.post(cover_page, data).status_code == 302
    draft.refresh_from_db()
    assert draft.report.title == "未承認の新しい評価書名"  # staff pages follow the draft
    client.logout()

    report_id = published.report_id
    for route in ("/", f"/?q={public_title[:4]}", reverse("public:public_report", args=[report_id]),
                  reverse("public:edition", args=[report_id, 1]), "/api/v1/reports", f"/api/v1/reports/{report_id}",
                  reverse("public:feed"), "/sitemap.xml"):
        body = client.get(route).content.decode()
        assert "未承認の新しい評価書名" not in body, route
    page = client.get(reverse("public:public_report", args=[report_id])).content.decode()
    assert public_title in page
    assert client.get("/api/v1/reports", {"q": "未承認"}).json()["count"] == 0
