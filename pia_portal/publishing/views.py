"""Staff views of the workflow (buttons on the report page, the review page, the comparison)
and the public portal (no login)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from pia_portal.core.params import int_param, slug_param, text_param, uuid_param
from pia_portal.core.wareki import WarekiError, parse_date
from pia_portal.editing.pages import page_refs
from pia_portal.planning.forms import DayField
from pia_portal.organisations.models import Organisation
from pia_portal.reports import access
from pia_portal.reports.models import PUBLIC_STATUSES, Report, ReportKind, VersionStatus
from pia_portal.reports.structure import Entity, places_by_attr
from pia_portal.rendering.services import pdf_file_name

from . import services
from pia_portal.changelog.generate import ChangeLogError, HouseStyle, generate
from .models import Publication, ReviewComment

TRANSITIONS = {
    "submit": lambda version, request: services.submit_version(version, actor=request.user),
    "return": lambda version, request: services.return_version(version, actor=request.user, reason=request.POST.get("reason", "")),
    "approve": lambda version, request: services.approve_version(version, actor=request.user),
}
DONE = {
    "submit": "審査に提出しました。",
    "return": "差し戻しました。",
    "approve": "承認しました。",
}


class PublishForm(forms.Form):
    """公表: the 公表日 the cover prints and the day of submission to the Commission."""

    published_on = DayField(label="公表日", help_text="公表するPDFの表紙に印字されます。")
    submitted_on = DayField(label="個人情報保護委員会への提出日")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["published_on"].initial = self.fields["submitted_on"].initial = today


@login_required
def publish(request: HttpRequest, slug: str, report_id: int, number: int) -> HttpResponse:
    """A confirmation page: what publishing does, with the dates it records."""
    membership, version = access.get_version(request, slug, report_id, number)
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_version(version, actor=request.user, **form.cleaned_data)
        except services.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "公表用のPDFを作成しています。完成すると公表されます。")
            return redirect("reports:report_detail", slug=slug, report_id=report_id)
    previous = version.report.versions.filter(status=VersionStatus.PUBLISHED).first()
    return render(request, "publishing/publish.html", {
        "organisation": membership.organisation, "membership": membership, "version": version, "report": version.report,
        "form": form, "previous": previous,
    })


@login_required
def confirm_submission(request: HttpRequest, slug: str, report_id: int, number: int) -> HttpResponse:
    """Submitting with comments still open: they are listed, and the author decides."""
    membership, version = access.get_version(request, slug, report_id, number)
    if request.method == "POST":
        try:
            services.submit_version(version, actor=request.user)
        except services.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, DONE["submit"])
        return redirect("reports:report_detail", slug=slug, report_id=report_id)
    return render(request, "publishing/confirm_submission.html", {
        "organisation": membership.organisation, "version": version, "report": version.report,
        "comments": services.open_comments(version).exclude(page="").order_by("page", "created_at"),
    })


@require_POST
@login_required
def transition(request: HttpRequest, slug: str, report_id: int, number: int, action: str) -> HttpResponse:
    _membership, version = access.get_version(request, slug, report_id, number)
    if action not in TRANSITIONS:
        raise Http404
    if action == "submit" and services.open_comments(version).exclude(page="").exists() and not request.POST.get("confirmed"):
        return redirect("publishing:confirm_submission", slug=slug, report_id=report_id, number=number)
    try:
        TRANSITIONS[action](version, request)
    except services.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, DONE[action])
    return redirect("reports:report_detail", slug=slug, report_id=report_id)


@require_POST
@login_required
def end_report(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    _membership, report = access.get_report(request, slug, report_id)
    try:
        ended_on, _precision = parse_date(request.POST.get("ended_on", ""))
        services.end_report(report, actor=request.user, ended_on=ended_on)
    except (WarekiError, services.WorkflowError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "事務の終了を記録しました。評価書は引き続き公開されます。")
    return redirect("reports:report_detail", slug=slug, report_id=report_id)


@login_required
def review(request: HttpRequest, slug: str, report_id: int, number: int) -> HttpResponse:
    membership, version = access.get_version(request, slug, report_id, number)
    pages = page_refs(version)
    if request.method == "POST":
        page_key = request.POST.get("page", "")
        ref = next((p for p in pages if p.key == page_key), None)
        try:
            if ref is None:
                raise services.WorkflowError("指摘する節を選んでください。")
            services.add_comment(version, actor=request.user, page=ref.key, page_title=ref.title,
                                 item=request.POST.get("item", "").strip(), text=request.POST.get("text", ""))
        except services.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "指摘を登録しました。")
            return redirect(request.path)
    return render(request, "publishing/review.html", {
        "organisation": membership.organisation, "membership": membership, "version": version, "report": version.report,
        "pages": pages,
        "comments": version.review_comments.filter(parent__isnull=True).select_related("author", "resolved_by")
        .prefetch_related("replies__author"),
        "closable": (VersionStatus.IN_REVIEW, VersionStatus.RETURNED),
    })


def _back(request: HttpRequest, slug: str, report_id: int, number: int) -> HttpResponse:
    """To the page the form was on (the editor's section, at the item), else the review page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("publishing:review", slug=slug, report_id=report_id, number=number)


def _on_comment(request: HttpRequest, slug: str, report_id: int, number: int, comment_id: int, act, done: str) -> HttpResponse:
    _membership, version = access.get_version(request, slug, report_id, number)
    comment = get_object_or_404(ReviewComment, pk=comment_id, version=version)
    try:
        act(comment)
    except services.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return _back(request, slug, report_id, number)


@require_POST
@login_required
def resolve(request: HttpRequest, slug: str, report_id: int, number: int, comment_id: int) -> HttpResponse:
    return _on_comment(request, slug, report_id, number, comment_id,
                       lambda comment: services.resolve_comment(comment, actor=request.user), "指摘を解決済みにしました。")


@require_POST
@login_required
def reply(request: HttpRequest, slug: str, report_id: int, number: int, comment_id: int) -> HttpResponse:
    return _on_comment(request, slug, report_id, number, comment_id,
                       lambda comment: services.reply_to_comment(comment, actor=request.user, text=request.POST.get("text", "")),
                       "返信しました。")


@require_POST
@login_required
def answer(request: HttpRequest, slug: str, report_id: int, number: int, comment_id: int) -> HttpResponse:
    return _on_comment(request, slug, report_id, number, comment_id,
                       lambda comment: services.answer_comment(comment, actor=request.user, text=request.POST.get("text", "")),
                       "対応済みにしました。審査者が確認します。")


@require_POST
@login_required
def comment_on_item(request: HttpRequest, slug: str, report_id: int, number: int) -> HttpResponse:
    """A finding anchored to one item of a record, from the field in the editor."""
    _membership, version = access.get_version(request, slug, report_id, number)
    ref = next((p for p in page_refs(version) if p.key == request.POST.get("page", "")), None)
    record_uid = uuid_param(request.POST.get("record"))
    try:
        if ref is None or record_uid is None:
            raise services.WorkflowError("指摘する項目が見つかりません。ページを開き直してください。")
        services.add_comment(version, actor=request.user, page=ref.key, page_title=ref.title, text=request.POST.get("text", ""),
                             record_uid=record_uid, attr=request.POST.get("attr", "")[:80])
    except services.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "指摘を登録しました。")
    return _back(request, slug, report_id, number)


@login_required
def compare_versions(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    membership, report = access.get_report(request, slug, report_id)
    versions = list(report.versions.order_by("number"))
    if len(versions) < 2:
        messages.info(request, "比較するには版が2つ以上必要です。")
        return redirect("reports:report_detail", slug=slug, report_id=report_id)
    by_number = {v.number: v for v in versions}
    old = by_number.get(int_param(request.GET.get("a"), versions[-2].number))
    new = by_number.get(int_param(request.GET.get("b"), versions[-1].number))
    if old is None or new is None:
        raise Http404
    try:
        # Whole texts side by side here; the change log's hunks are for the printed annex.
        changes = generate(old, new, style=HouseStyle(long_text="full")).rows
    except ChangeLogError as error:
        messages.error(request, str(error))
        changes = []
    return render(request, "publishing/compare.html", {
        "organisation": membership.organisation, "report": report, "versions": versions, "old": old, "new": new,
        "changes": changes,
    })


# The public portal ------------------------------------------------------------------------------


def public_index(request: HttpRequest) -> HttpResponse:
    query = text_param(request.GET.get("q"))
    kind = request.GET.get("kind", "") if request.GET.get("kind") in ReportKind.values else ""
    organisation = slug_param(request.GET.get("org"))
    publications = (
        Publication.objects.filter(published_at__isnull=False, version__status=VersionStatus.PUBLISHED,
                                   version__report__affair__archived_at__isnull=True)
        .select_related("version__report__organisation")
        .order_by("-published_at")
    )
    if query:
        for word in services.normalise(query).split():
            publications = publications.filter(search_text__contains=word)
    if kind:
        publications = publications.filter(version__report__kind=kind)
    if organisation:
        publications = publications.filter(version__report__organisation__slug=organisation)
    page = Paginator(publications, 20).get_page(request.GET.get("page"))
    organisations = Organisation.objects.filter(
        reports__versions__status=VersionStatus.PUBLISHED, reports__affair__archived_at__isnull=True).distinct().order_by("name")
    return render(request, "publishing/public_index.html", {
        "page": page, "query": query, "kind": kind, "organisation": organisation, "organisations": organisations,
        "kinds": ReportKind.choices,
    })


class Archived(Exception):
    """The 事務 ended more than 3 years ago: its reports are no longer published."""

    def __init__(self, report: Report):
        self.report = report


def _public_report(**lookup) -> Report:
    report = (Report.objects.filter(versions__status__in=PUBLIC_STATUSES, **lookup)
              .select_related("organisation", "affair").distinct().first())
    if report is None:
        raise Http404
    if report.affair.archived_at is not None:
        raise Archived(report)
    return report


def _archived(request: HttpRequest, error: Archived) -> HttpResponse:
    """Old links say what happened, rather than a bare 404."""
    return render(request, "publishing/public_archived.html", {"report": error.report}, status=410)


def public_report_by_number(request: HttpRequest, org_slug: str, number: str) -> HttpResponse:
    try:
        report = _public_report(organisation__slug=org_slug, assessment_number=number)
    except Archived as error:
        return _archived(request, error)
    return redirect("public:public_report", report_id=report.pk, permanent=True)


def public_report(request: HttpRequest, report_id: int) -> HttpResponse:
    try:
        report = _public_report(pk=report_id)
    except Archived as error:
        return _archived(request, error)
    versions = list(report.versions.filter(status__in=PUBLIC_STATUSES).select_related("publication").order_by("-number"))
    current = next((v for v in versions if v.status == VersionStatus.PUBLISHED), None)
    change_log = current.change_log.order_by("position") if current else []
    columns = [place.label() for place in places_by_attr(report.form_kind, Entity.CHANGE_LOG).values()]
    return render(request, "publishing/public_report.html", {
        "report": report, "versions": versions, "current": current, "change_log": change_log, "columns": columns,
    })


def public_pdf(request: HttpRequest, report_id: int, version_number: int) -> HttpResponse:
    try:
        report = _public_report(pk=report_id)
    except Archived as error:
        return _archived(request, error)
    version = report.versions.filter(number=version_number, status__in=PUBLIC_STATUSES).select_related("publication__render").first()
    if version is None or not hasattr(version, "publication"):
        raise Http404
    render_ = version.publication.render
    response = FileResponse(
        render_.file.open("rb"), content_type="application/pdf", as_attachment=True, filename=pdf_file_name(version)
    )
    # A published version never changes: its PDF can be cached for long.
    response["Cache-Control"] = "public, max-age=86400, immutable"
    response["ETag"] = f'"{render_.sha256}"'
    return response
