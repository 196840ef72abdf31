"""The public, read-only API: what the portal shows, for programs. It reads through the same
helpers as the pages (search.run, public_report_or_404, public_change_log), so it can never
reach more than a citizen can: unpublished versions and 公表しない部分 are not there."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError

from pia_portal.core.wareki import format_date
from pia_portal.publishing.withholding import public_change_log
from pia_portal.reports.models import PUBLIC_STATUSES, Version

from . import search
from .index import edition_names
from .views import Archived, public_edition_or_404, public_report_or_404

api = NinjaAPI(
    title="PIA Portal 公開API",
    version="1",
    description="公表された特定個人情報保護評価書(評価書・各版・変更箇所・PDF)を読むためのAPIです。"
                "認証は不要で、公表前の版や非公表とされた部分は含みません。",
    urls_namespace="api",
)
MAX_PER_PAGE = 100


class Organisation(Schema):
    slug: str
    name: str
    prefecture: str


class Edition(Schema):
    number: int
    current: bool
    published_on: dt.date | None
    pdf_url: str
    sha256: str
    pages: int | None
    bytes: int | None


class ReportSummary(Schema):
    id: int
    url: str
    assessment_number: str
    title: str
    kind: str
    kind_label: str
    affair_name: str
    organisation: Organisation
    current_edition: Edition


class ReportPage(Schema):
    count: int
    count_is_lower_bound: bool = Field(description="true のとき、該当はこの件数より多い(条件を加えると絞り込めます)")
    page: int
    pages: int
    results: list[ReportSummary]


class ChangeLogRow(Schema):
    change_date: dt.date | None
    change_date_text: str
    item: str
    before: str
    after: str
    timing: str
    explanation: str


class ReportDetail(ReportSummary):
    editions: list[Edition]


class EditionDetail(Edition):
    report_id: int
    change_log: list[ChangeLogRow]


class Filters(Schema):
    q: str = Field("", description="キーワード。空白で区切った語をすべて含む評価書(全角・半角、カタカナ・ひらがなは区別しない)")
    organisation: str = Field("", description="評価実施機関の識別子(slug)")
    prefecture: str = Field("", description="都道府県(例: 山口県)。国の機関は「国」")
    kind: str = Field("", description="評価書の種類: kiso(基礎項目)、juten(重点項目)、zenkomoku(全項目)")
    affair: str = Field("", description="事務の名称に含まれる語")
    published_from: str = Field("", description="公表日(から)。2026-04-01、令和8年4月1日、令和8年4月(その月の初日から)の形式")
    published_to: str = Field("", description="公表日(まで)。2026-04-01、令和8年4月1日、令和8年4月(その月の末日まで)の形式")
    sort: str = Field("", description="relevance(関連度順、既定)、newest(新しい順)、oldest(古い順)")
    page: int = Field(1, description="ページ番号(1から)")
    per_page: int = Field(20, description=f"1ページの件数(最大{MAX_PER_PAGE})")


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _edition(request, version: Version) -> Edition:
    render = version.publication.render
    return Edition(
        number=version.number, current=version.status == "published",
        published_on=version.publication.published_on or (version.published_at and version.published_at.date()),
        pdf_url=_absolute(request, reverse("public:public_pdf", args=[version.report_id, version.number])),
        sha256=render.sha256, pages=render.pages, bytes=render.size,
    )


def _summary(request, report, current: Version) -> dict:
    organisation = report.organisation
    names = edition_names(current)  # not the report's own: a draft renames it before it is published
    return dict(
        id=report.pk, url=_absolute(request, reverse("public:public_report", args=[report.pk])),
        assessment_number=report.assessment_number, title=names.title, kind=report.kind,
        kind_label=report.get_kind_display(), affair_name=names.affair_name,
        organisation=Organisation(slug=organisation.slug, name=organisation.name, prefecture=organisation.prefecture),
        current_edition=_edition(request, current),
    )


def _report(report_id: int):
    try:
        return public_report_or_404(pk=report_id)
    except (Archived, Http404):
        raise HttpError(404, "公表中の評価書が見つかりません。") from None


@api.get("/reports", response=ReportPage, tags=["評価書"], summary="評価書を探す",
         description="公表中の評価書を、公開ポータルの検索と同じ条件(キーワード・評価実施機関・都道府県・種類・事務・公表日)で探します。")
def list_reports(request, filters: Query[Filters]):
    params = filters.dict()
    page_number, per_page = params.pop("page"), min(max(params.pop("per_page"), 1), MAX_PER_PAGE)
    form = search.SearchForm({k: v for k, v in params.items() if v})
    if not form.is_valid():
        raise HttpError(422, " ".join(f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()))
    paginator = Paginator(search.run(form), per_page)
    page = paginator.get_page(page_number)
    return ReportPage(count=paginator.count, count_is_lower_bound=paginator.object_list.capped, page=page.number, pages=paginator.num_pages,
                      results=[_summary(request, d.report, d.version) for d in page])


@api.get("/reports/{report_id}", response=ReportDetail, tags=["評価書"], summary="評価書と各版")
def get_report(request, report_id: int):
    report = _report(report_id)
    versions = list(report.versions.filter(status__in=PUBLIC_STATUSES, publication__published_at__isnull=False)
                    .select_related("publication__render", "report").order_by("-number"))
    current = next((v for v in versions if v.status == "published"), versions[0])
    return ReportDetail(**_summary(request, report, current), editions=[_edition(request, v) for v in versions])


@api.get("/reports/{report_id}/editions/{number}", response=EditionDetail, tags=["評価書"], summary="版と変更箇所")
def get_edition(request, report_id: int, number: int):
    report = _report(report_id)
    try:
        version = public_edition_or_404(report, number)
    except Http404:
        raise HttpError(404, "公表された版が見つかりません。") from None
    rows = [ChangeLogRow(change_date=row["change_date"], change_date_text=" ".join(
                x for x in (format_date(row["change_date"], row["change_date_precision"]) if row["change_date"] else "",
                            row["change_date_note"]) if x),
                         item=row["item"], before=row["before"], after=row["after"], timing=row["timing"],
                         explanation=row["explanation"])
            for row in public_change_log(version)]
    return EditionDetail(**_edition(request, version).dict(), report_id=report.pk, change_log=rows)
