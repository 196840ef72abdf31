"""Staff views of the workflow: buttons on the report page, the review page, the comparison."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from pia_portal.core.forms import PlainForm
from pia_portal.core.params import int_param, uuid_param
from pia_portal.core.wareki import WarekiError, parse_date
from pia_portal.editing.pages import page_refs
from pia_portal.planning.forms import DayField
from pia_portal.reports import access
from pia_portal.organisations.models import Role
from pia_portal.reports.models import VersionStatus
from pia_portal.reports.structure import items as i
from pia_portal.reports.structure.nodes import resolve

from . import services
from pia_portal.changelog.generate import ChangeLogError, HouseStyle, generate
from .models import ReviewComment
from pia_portal.rendering.services import current_render

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


class PublishForm(PlainForm):
    """公表: the 公表日 the cover prints and the day of submission to the Commission."""

    published_on = DayField(label=resolve(i.PUBLICATION_DATE.label), help_text="公表するPDFの表紙に印字されます。")
    submitted_on = DayField(label="個人情報保護委員会への提出日")

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        today = timezone.localdate()
        self.fields["published_on"].initial = self.fields["submitted_on"].initial = today

    def clean(self):
        cleaned = super().clean()
        dates = {name: cleaned.get(name) for name in ("published_on", "submitted_on")}
        for field, message in services.publication_date_errors(self.version, **dates).items():
            self.add_error(field, message)
        return cleaned


@login_required
def publish(request: HttpRequest, slug: str, report_id: int, number: int) -> HttpResponse:
    """A confirmation page: what publishing does, with the dates it records."""
    membership, version = access.get_version(request, slug, report_id, number)
    form = PublishForm(request.POST if request.method == "POST" else None, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_version(version, actor=request.user, **form.cleaned_data)
        except services.WorkflowError as error:
            form.add_error(error.field, str(error))
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


@require_GET
@login_required
def review(request: HttpRequest, slug: str, report_id: int, number: int) -> HttpResponse:
    """Every finding of the version as one thread per item, the same threads the editor shows next
    to the fields: each links to its item, and findings are made there, at the item."""
    from pia_portal.editing.review import review_threads

    membership, version = access.get_version(request, slug, report_id, number)
    return render(request, "publishing/review.html", {
        "organisation": membership.organisation, "membership": membership, "version": version, "report": version.report,
        **review_threads(version, membership),
        "review_pdf": current_render(version) if version.status != VersionStatus.DRAFT else None,
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
    from pia_portal.reports.outline import Content

    _membership, version = access.get_version(request, slug, report_id, number)
    # Read once for the page and the item (a version in review does not change meanwhile).
    content = Content(version)
    ref = next((p for p in page_refs(version, content) if p.key == request.POST.get("page", "")), None)
    record_uid = uuid_param(request.POST.get("record"))
    try:
        if ref is None or record_uid is None:
            raise services.WorkflowError("指摘する項目が見つかりません。ページを開き直してください。")
        services.add_comment(version, actor=request.user, page=ref.key, page_title=ref.title, text=request.POST.get("text", ""),
                             record_uid=record_uid, attr=request.POST.get("attr", "")[:80], content=content)
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


@login_required
def withheld_parts(request: HttpRequest, slug: str, report_id: int, number: int) -> HttpResponse:
    """公表しない部分: what is marked, and a form to mark another item or entry."""
    membership, version = access.get_version(request, slug, report_id, number)
    problems = []
    if request.method == "POST":
        try:
            part = services.withhold(version, actor=request.user, choice=request.POST.get("choice", ""),
                                     reason=request.POST.get("reason", ""))
        except services.WorkflowError as error:
            field = "reason" if "理由" in str(error) else "choice"
            problems.append({"anchor": field, "text": str(error)})
        else:
            messages.success(request, f"「{part.label}」を公表しない部分に指定しました。公表用のPDFでは「(非公表)」と印字されます。")
            return redirect("publishing:withheld_parts", slug=slug, report_id=report_id, number=number)
    return render(request, "publishing/withheld_parts.html", {
        "organisation": membership.organisation, "membership": membership, "report": version.report, "version": version,
        "parts": version.withheld_parts.select_related("created_by"), "choices": services.withholdable(version),
        "can_edit": version.is_editable and membership.has_role(Role.AUTHOR, Role.ADMIN),
        "problems": problems, "posted": request.POST if problems else {},
    })


@require_POST
@login_required
def release_withheld(request: HttpRequest, slug: str, report_id: int, number: int, part_id: int) -> HttpResponse:
    _membership, version = access.get_version(request, slug, report_id, number)
    part = get_object_or_404(version.withheld_parts, pk=part_id)
    try:
        services.release_withheld(part, actor=request.user)
    except services.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"「{part.label}」の非公表の指定を解除しました。")
    return redirect("publishing:withheld_parts", slug=slug, report_id=report_id, number=number)
