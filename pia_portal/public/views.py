"""The public portal: no login, only what has been published and is not archived."""

from __future__ import annotations

from functools import wraps

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static

from pia_portal.reports.models import PUBLIC_STATUSES, Report, Version, VersionStatus
from pia_portal.reports.structure import Entity, places_by_attr
from pia_portal.rendering.services import pdf_file_name

from pia_portal.core.params import int_param
from pia_portal.publishing.withholding import public_change_log

from . import pages, search
from .index import edition_names

PER_PAGE = 20


def index(request: HttpRequest) -> HttpResponse:
    form = search.SearchForm(request.GET or None)
    searched = form.is_bound
    documents = search.run(form) if searched else search.Results(
        search.published().prefetch_related("report__organisation", "version").order_by("-published_on", "-id"))
    page = Paginator(documents, PER_PAGE).get_page(request.GET.get("page"))
    words = form.words if searched else []
    results = [(document, search.snippet(document, words) if words else "") for document in page]
    return render(request, "public/index.html", {
        "form": form, "page": page, "results": results, "capped": documents.capped, "cap": search.CAP,
        "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1), "searched": searched, "words": words,
        "problems": _problems(form),
    })


def _problems(form) -> list[dict]:
    if not form.is_bound or form.is_valid():
        return []
    return [{"anchor": form[name].id_for_label, "label": form.fields[name].label, "text": error}
            for name, errors in form.errors.items() for error in errors]


class Archived(Exception):
    """The 事務 ended more than 3 years ago: its reports are no longer published."""

    def __init__(self, report: Report):
        self.report = report


def public_report_or_404(**lookup) -> Report:
    """The one access helper of the public side: a report with a public edition, not archived."""
    report = (Report.objects.filter(versions__status__in=PUBLIC_STATUSES, **lookup)
              .select_related("organisation", "affair").distinct().first())
    if report is None:
        raise Http404
    if report.affair.archived_at is not None:
        raise Archived(report)
    return report


def public_edition_or_404(report: Report, number: int) -> Version:
    version = (report.versions.filter(number=number, status__in=PUBLIC_STATUSES, publication__published_at__isnull=False)
               .select_related("publication__render").first())
    if version is None:
        raise Http404
    return version


def archived(request: HttpRequest, error: Archived) -> HttpResponse:
    """Old links say what happened, rather than a bare 404."""
    last = error.report.versions.filter(status__in=PUBLIC_STATUSES).order_by("-number").first()
    return render(request, "public/archived.html", {"report": error.report, "names": edition_names(last)}, status=410)


def answers_archived(view):
    """A view of an archived report's pages answers 410 with the reason."""
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Archived as error:
            return archived(request, error)
    return wrapped


@answers_archived
def report_by_number(request: HttpRequest, org_slug: str, number: str) -> HttpResponse:
    report = public_report_or_404(organisation__slug=org_slug, assessment_number=number)
    return redirect("public:public_report", report_id=report.pk, permanent=True)


@answers_archived
def report(request: HttpRequest, report_id: int) -> HttpResponse:
    report = public_report_or_404(pk=report_id)
    versions = list(report.versions.filter(status__in=PUBLIC_STATUSES, publication__published_at__isnull=False)
                    .select_related("publication__render").order_by("-number"))
    current = next((v for v in versions if v.status == VersionStatus.PUBLISHED), None)
    change_log = public_change_log(current) if current else []
    columns = [place.label() for place in places_by_attr(report.form_kind, Entity.CHANGE_LOG).values()]
    names = edition_names(current or versions[0])
    return render(request, "public/report.html", {
        "report": report, "names": names, "versions": versions, "current": current, "change_log": change_log,
        "columns": columns, "page_description": f"{report.organisation.name}の{report.get_kind_display()}「{names.title}」",
    })


@answers_archived
def pdf(request: HttpRequest, report_id: int, version_number: int) -> HttpResponse:
    report = public_report_or_404(pk=report_id)
    version = public_edition_or_404(report, version_number)
    render_ = version.publication.render
    response = FileResponse(
        render_.file.open("rb"), content_type="application/pdf", as_attachment=True, filename=pdf_file_name(version)
    )
    # A published version never changes: its PDF can be cached for long.
    response["Cache-Control"] = "public, max-age=86400, immutable"
    response["ETag"] = f'"{render_.sha256}"'
    return response


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Search engines may read the public portal; staff pages and downloads are not for indexing."""
    lines = [
        "User-agent: *",
        "Allow: /$",
        "Allow: /public/",
        "Disallow: /o/", "Disallow: /staff/", "Disallow: /admin/", "Disallow: /login/", "Disallow: /account/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: send them to the static file."""
    return redirect(static("favicon.ico"), permanent=True)


@answers_archived
def edition(request: HttpRequest, report_id: int, version_number: int) -> HttpResponse:
    """An edition read in the browser: one page large, every page as a thumbnail to jump to."""
    report = public_report_or_404(pk=report_id)
    version = public_edition_or_404(report, version_number)
    render_ = version.publication.render
    number = min(max(int_param(request.GET.get("page"), 1), 1), render_.pages or 1)
    try:
        text = pages.page_text(render_, number)
    except pages.NoSuchPage:
        raise Http404 from None
    names = edition_names(version)
    return render(request, "public/edition.html", {
        "report": report, "names": names, "version": version, "render": render_, "number": number, "text": text,
        "numbers": range(1, (render_.pages or 0) + 1), "page_description": f"{names.title} 第{version.number}版",
    })


@answers_archived
def page_image(request: HttpRequest, report_id: int, version_number: int, number: int, size: str) -> HttpResponse:
    report = public_report_or_404(pk=report_id)
    render_ = public_edition_or_404(report, version_number).publication.render
    try:
        content = pages.page_image(render_, number, size)
    except pages.NoSuchPage:
        raise Http404 from None
    response = HttpResponse(content, content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400, immutable"
    return response
