"""Staff pages of a version's procedure (a task list and one page per step), and the public
comment pages residents use without an account."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.crypto import salted_hmac

from pia_portal.core.ratelimit import Unavailable, allow, client_ip
from pia_portal.reports import access
from pia_portal.reports.models import Version

from . import services
from .forms import (CommentPeriodForm, CommentPeriodWithProblemsForm, CommentResultForm, CommissionForm, InspectionForm, OutsidePublicationForm,
                    PublicCommentForm, PurposeForm)
from .models import CommentPeriod
from .rules import Step, is_government_body, state_of

COMMENTS_PER_HOUR = 5  # per address, across all comment periods


@login_required
def steps(request: HttpRequest, slug: str, report_id: int, number: int) -> HttpResponse:
    membership, version = access.get_version(request, slug, report_id, number)
    state = state_of(version)
    period = CommentPeriod.objects.filter(version=version).select_related("draft_render").first()
    return render(request, "procedure/steps.html", {
        "organisation": membership.organisation, "membership": membership, "version": version, "report": version.report,
        "why": state.why, "required": {step.value: done for step, done in state.done.items()}, "missing": state.missing,
        "period": period, "comment_count": period.comments.count() if period else 0,
        "inspection": getattr(version, "third_party_inspection", None),
        "approval": getattr(version, "commission_approval", None),
        "publication": getattr(version, "publication", None),
        "can_record": membership.has_role(*services.STAFF) and version.is_editable,
        "national": is_government_body(version.report.organisation), "today": timezone.localdate(),
        "optional": [step.value for step in state.optional], "state": state,
        "purpose_form": PurposeForm(initial={"kind": state.purpose.value if state.purpose.value != "first" else "correction",
                                             "cause": state.cause.value if state.cause else ""}),
        "outside_form": OutsidePublicationForm(),
    })


@login_required
def declare_purpose(request: HttpRequest, slug: str, report_id: int, number: int) -> HttpResponse:
    return _step(request, slug, report_id, number, form_class=PurposeForm, title="版の種類",
                 lead="この版が評価の再実施か、評価書の修正かを記録します。重要な変更を含む版は、ここでの記録によらず再実施です。",
                 record=lambda version, data, actor: services.declare_purpose(version, actor=actor, **data))


@login_required
def record_outside(request: HttpRequest, slug: str, report_id: int, number: int) -> HttpResponse:
    return _step(request, slug, report_id, number, form_class=OutsidePublicationForm, title="ポータル外での公表",
                 lead="この評価書をポータルを使う前に公表していたことを記録します。他の種類の評価書(基礎項目評価書など)の公表はここに記録しません。",
                 record=lambda version, data, actor: services.record_outside_publication(
                     version.report, actor=actor, published_on=data["published_on"]))


def _step(request: HttpRequest, slug: str, report_id: int, number: int, *, form_class, title: str, lead: str,
          record, instance=None, initial=None, extra=None) -> HttpResponse:
    """A step's page: its form, the service that records it, and errors next to their fields."""
    membership, version = access.get_version(request, slug, report_id, number)
    if request.method == "POST":
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            try:
                record(version, form.cleaned_data, request.user)
            except services.ProcedureError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, f"{title}を記録しました。")
                return redirect("procedure:steps", slug=slug, report_id=report_id, number=number)
    else:
        form = form_class(initial=initial(version) if initial else None)
    return render(request, "procedure/step_form.html", {
        "organisation": membership.organisation, "version": version, "report": version.report, "form": form,
        "title": title, "lead": lead, **(extra(version) if extra else {}),
    })


@login_required
def open_comments(request, slug: str, report_id: int, number: int) -> HttpResponse:
    from pia_portal.reports.validation import errors

    _membership, version = access.get_version(request, slug, report_id, number)
    problems = errors(version)

    def record(version, data, actor):
        data.pop("confirm_unfinished", None)
        services.open_comment_period(version, actor=actor, **data)

    return _step(request, slug, report_id, number, record=record,
                 form_class=CommentPeriodWithProblemsForm if problems else CommentPeriodForm,
                 extra=lambda version: {"problems": problems[:50], "problem_count": len(problems)},
                 title="意見の聴取の開始",
                 lead="この版を「案」として住民向けのページに掲載し、意見を募集します。掲載するPDFは開始の時点の記載で作成されます。")


def _period_of(version: Version) -> CommentPeriod:
    period = CommentPeriod.objects.filter(version=version).first()
    if period is None:
        raise Http404
    return period


@login_required
def record_comments(request, slug: str, report_id: int, number: int) -> HttpResponse:
    def record(version, data, actor):
        services.record_comment_result(_period_of(version), actor=actor, **data)

    def initial(version):
        period = _period_of(version)
        return {"summary": period.summary, "reflection": period.reflection}

    def extra(version):
        period = _period_of(version)
        # While residents can still write, the comments so far are readable and the result waits.
        return {"period": period, "comments": period.comments.all(), "not_yet": not period.has_ended()}

    return _step(request, slug, report_id, number, form_class=CommentResultForm, record=record, initial=initial, extra=extra,
                 title="意見の聴取の結果",
                 lead="寄せられた意見を読み、主な意見の内容と評価書への反映を記録します。評価書の VI 2 に印字され、概要は住民向けのページに公表されます。")


@login_required
def record_inspection(request, slug: str, report_id: int, number: int) -> HttpResponse:
    def record(version, data, actor):
        services.record_inspection(version, actor=actor, **data)

    def initial(version):
        inspection = getattr(version, "third_party_inspection", None)
        if inspection is None:
            return None
        return {name: getattr(inspection, name) for name in ("committee", "inspected_on", "method", "findings", "changes")}

    return _step(request, slug, report_id, number, form_class=InspectionForm, record=record, initial=initial,
                 title=Step.INSPECTION.label,
                 lead="第三者(個人情報保護審議会など)による点検の内容を記録します。評価書の VI 3 に印字されます。")


@login_required
def record_commission(request, slug: str, report_id: int, number: int) -> HttpResponse:
    def record(version, data, actor):
        services.record_commission_approval(version, actor=actor, **data)

    return _step(request, slug, report_id, number, form_class=CommissionForm, record=record,
                 title=Step.COMMISSION.label,
                 lead="個人情報保護委員会への提出日、委員会による審査の内容と承認日を記録します。VI 4 と表紙の承認日に印字されます。")


@login_required
def minutes(request: HttpRequest, slug: str, report_id: int, number: int) -> FileResponse:
    _membership, version = access.get_version(request, slug, report_id, number)
    inspection = getattr(version, "third_party_inspection", None)
    if inspection is None or not inspection.minutes:
        raise Http404
    return FileResponse(inspection.minutes.open("rb"), content_type="application/pdf", as_attachment=True,
                        filename=f"議事録_第{version.number}版.pdf")


# The public comment pages -----------------------------------------------------------------------


def _public_periods():
    today = timezone.localdate()
    return (CommentPeriod.objects.filter(starts_on__lte=today)
            .select_related("version__report__organisation", "draft_render").order_by("-ends_on", "-pk"))


def public_periods(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    periods = list(_public_periods())
    return render(request, "procedure/public_periods.html", {
        "open": [p for p in periods if p.is_open(today)],
        "closed": [p for p in periods if not p.is_open(today)][:50],
    })


def public_period(request: HttpRequest, period_id: int) -> HttpResponse:
    period = get_object_or_404(_public_periods(), pk=period_id)
    form = PublicCommentForm()
    status = 200
    if request.method == "POST" and period.is_open():
        form = PublicCommentForm(request.POST)
        if form.looks_automated:
            return redirect("public_comments:thanks", period_id=period.pk)
        if form.is_valid():
            address = client_ip(request)
            try:
                allowed = allow(f"public-comment:{address}", limit=COMMENTS_PER_HOUR, window=3600)
            except Unavailable:
                allowed = None
            if allowed is None:
                # The comment stays in the form: nothing the resident wrote is lost.
                form.add_error(None, "ただいま意見を受け付けられません。入力した内容はこのページに残っています。しばらくしてから、もう一度送信してください。")
                status = 503
            elif not allowed:
                form.add_error(None, "短い時間に多くの意見が送信されたため、受付を一時的に止めています。1時間ほどおいてから送信してください。")
                status = 429
            else:
                try:
                    services.receive_comment(period, name=form.cleaned_data["name"], body=form.cleaned_data["body"],
                                             sender_digest=salted_hmac("procedure.sender", address, algorithm="sha256").hexdigest())
                except services.ProcedureError as error:
                    form.add_error(error.field if error.field in form.fields else None, str(error))
                else:
                    return redirect("public_comments:thanks", period_id=period.pk)
        if form.errors and status == 200:
            status = 400
    return render(request, "procedure/public_period.html", {
        "period": period, "report": period.version.report, "form": form, "is_open": period.is_open(),
        "published": _published_since(period),
    }, status=status)


def _published_since(period):
    """The edition the draft became (or a later one), once published: residents who come back
    to the draft they commented on are sent on to what the body published."""
    from pia_portal.reports.models import VersionStatus

    report = period.version.report
    if report.affair.archived_at is not None:
        return None
    return (report.versions.filter(number__gte=period.version.number, status=VersionStatus.PUBLISHED)
            .order_by("-number").first())


def public_thanks(request: HttpRequest, period_id: int) -> HttpResponse:
    period = get_object_or_404(_public_periods(), pk=period_id)
    return render(request, "procedure/public_thanks.html", {"period": period, "report": period.version.report})


def public_draft_pdf(request: HttpRequest, period_id: int) -> FileResponse:
    period = get_object_or_404(_public_periods(), pk=period_id)
    render_ = period.draft_render
    if render_ is None or render_.status != "done":
        raise Http404
    report = period.version.report
    return FileResponse(render_.file.open("rb"), content_type="application/pdf", as_attachment=True,
                        filename=f"{report.assessment_number}_{report.title}_案.pdf")


@login_required
def rules(request: HttpRequest, slug: str) -> HttpResponse:
    """「指針の規則」: every rule the portal applies, its words and source, and which still need
    checking against the 指針 (procedure/shishin.py; the しきい値判断's rows in planning/threshold.py)."""
    from pia_portal.organisations.access import get_membership
    from pia_portal.planning.threshold import RULE
    from pia_portal.reports.structure import option_sets

    from .shishin import RULES

    membership = get_membership(request, slug)
    bands = [(option_sets.TARGET_POPULATION_KISO.label_of(code), band) for code, band in RULE.items()]
    listed = sorted(RULES.values(), key=lambda r: r.verified)
    return render(request, "procedure/rules.html", {
        "organisation": membership.organisation, "rules": listed, "bands": bands,
        "unverified": sum(1 for r in listed if not r.verified) + sum(1 for _, b in bands if not b.verified),
    })
