from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pia_portal.organisations.access import get_membership, require_role
from pia_portal.organisations.models import Organisation, Role
from pia_portal.reports.structure import headings, option_sets

from . import exports, services
from .access import get_affair
from .forms import AffairForm, EndForm, IncidentForm, ReviewForm, SubmissionForm, ThresholdForm
from .models import CalendarFeed
from .plan import plan_of, row_of
from .threshold import INCIDENT_LABEL, decide, incident_answer

from pia_portal.procedure.shishin import SERIOUS_INCIDENT_DEFINITION  # noqa: E402

PLANNER_MESSAGE = "計画管理書を変更できるのは作成者と管理者だけです。"


@login_required
def plan(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug)
    organisation = membership.organisation
    today = timezone.localdate()
    rows = plan_of(organisation)
    feed = CalendarFeed.for_organisation(organisation)
    return render(request, "planning/plan.html", {
        "organisation": organisation, "membership": membership, "rows": rows, "today": today,
        "overdue": sum(len(row.overdue(today)) for row in rows),
        "feed_url": request.build_absolute_uri(
            _feed_path(organisation, feed.token)
        ),
        "can_plan": membership.has_role(*services.PLANNERS),
        "incidents": organisation.serious_incidents.all()[:20], "incident_definition": SERIOUS_INCIDENT_DEFINITION,
        "submissions": organisation.plan_submissions.all()[:5],
    })


@login_required
def incident(request: HttpRequest, slug: str) -> HttpResponse:
    """Recording a 重大事故 of the organisation: every 事務 is re-judged."""
    membership = get_membership(request, slug)
    require_role(membership, *services.PLANNERS, message=PLANNER_MESSAGE)
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_incident(membership.organisation, actor=request.user, **form.cleaned_data)
        except services.PlanningError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, "重大事故を記録しました。全ての事務のしきい値判断を見直し、必要となる評価を計画管理書に示しています。")
            return redirect("planning:plan", slug=slug)
    return render(request, "planning/incident.html", {
        "organisation": membership.organisation, "form": form, "definition": SERIOUS_INCIDENT_DEFINITION})


def _feed_path(organisation: Organisation, token: str) -> str:
    from django.urls import reverse

    return reverse("planning:calendar_feed", args=[organisation.slug, token])


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
def plan_csv(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_membership(request, slug).organisation
    return _download(exports.as_csv(plan_of(organisation)), "text/csv; charset=utf-8", f"計画管理書_{organisation.name}.csv")


@login_required
def plan_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_membership(request, slug).organisation
    content = exports.as_xlsx(plan_of(organisation), organisation.name, timezone.localdate())
    return _download(content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", f"計画管理書_{organisation.name}.xlsx")


def calendar_feed(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """Fetched by calendar programs, which do not sign in: the token is the key."""
    feed = CalendarFeed.objects.select_related("organisation").filter(token=token, organisation__slug=slug).first()
    if feed is None:
        raise Http404
    base = request.build_absolute_uri(f"/o/{slug}/plan/")
    content = exports.as_ical(plan_of(feed.organisation), feed.organisation.name, base_url=base)
    return HttpResponse(content, content_type="text/calendar; charset=utf-8")


@require_POST
@login_required
def reset_calendar_feed(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug)
    require_role(membership, Role.ADMIN)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "前のアドレスが使えなくなることを確認して、チェックを入れてください。")
    else:
        services.reset_calendar_feed(membership.organisation, actor=request.user)
        messages.success(request, "カレンダーのアドレスを新しくしました。前のアドレスは使えなくなりました。")
    return redirect("planning:plan", slug=slug)


@login_required
def new_affair(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug)
    require_role(membership, *services.PLANNERS, message=PLANNER_MESSAGE)
    form = AffairForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            affair = services.create_affair(membership.organisation, actor=request.user, **form.cleaned_data)
        except services.PlanningError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, "事務を追加しました。次に、しきい値判断を行ってください。")
            return redirect("planning:threshold", slug=slug, affair_id=affair.pk)
    return render(request, "planning/affair_form.html", {"organisation": membership.organisation, "form": form})


@login_required
def affair_detail(request: HttpRequest, slug: str, affair_id: int) -> HttpResponse:
    membership, affair = get_affair(request, slug, affair_id)
    return render(request, "planning/affair.html", {
        "organisation": membership.organisation, "membership": membership, "affair": affair, "row": row_of(affair),
        "thresholds": affair.thresholds.select_related("decided_by"), "reviews": affair.reviews.select_related("reviewed_by"),
        "today": timezone.localdate(), "can_plan": membership.has_role(*services.PLANNERS),
    })


@login_required
def threshold(request: HttpRequest, slug: str, affair_id: int) -> HttpResponse:
    """The wizard: the three answers, then a check of the answers with the result and the rule it
    follows, then the record. Changing an answer goes back to the form with the answers kept."""
    membership, affair = get_affair(request, slug, affair_id)
    require_role(membership, *services.PLANNERS, message=PLANNER_MESSAGE)
    previous = affair.latest_threshold()
    initial = {}
    if previous is not None:
        initial = {"subject_band": previous.subject_band, "handlers": previous.handlers,
                   "serious_incident": "yes" if previous.serious_incident else "no"}
    from .judgement import organisation_incident

    if organisation_incident(affair.organisation, timezone.localdate()) is not None:
        initial["serious_incident"] = "yes"  # the organisation's answer, not the 事務's
    form = ThresholdForm(request.POST if request.method == "POST" else None, initial=initial)

    context = {"organisation": membership.organisation, "affair": affair, "form": form, "previous": previous}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decision = decide(data["subject_band"], data["handlers"], data["serious_incident"], exemption=data.get("exemption", ""))
        if request.POST.get("step") == "record":
            try:
                services.record_threshold(affair, actor=request.user, **data)
            except services.PlanningError as error:
                form.add_error(error.field, str(error))
            else:
                messages.success(request, f"しきい値判断を記録しました: {decision.required.label}")
                return redirect("planning:affair", slug=slug, affair_id=affair.pk)
        elif request.POST.get("step") != "change":
            return render(request, "planning/threshold_check.html", {
                **context, "decision": decision, "answers": _answers(data),
            })
    return render(request, "planning/threshold.html", context)


def _answers(data) -> list[tuple[str, str]]:
    from pia_portal.core.wareki import format_date

    return [
        (headings.SUBJECT_COUNT, f"{option_sets.TARGET_POPULATION_KISO.label_of(data['subject_band'])}({format_date(data['subject_counted_on'])}時点)"),
        (headings.HANDLERS, f"{option_sets.HANDLERS.label_of(data['handlers'])}({format_date(data['handlers_counted_on'])}時点)"),
        (INCIDENT_LABEL, incident_answer(data["serious_incident"])),
        ("判断日", format_date(data["decided_on"])),
    ]


@login_required
def review(request: HttpRequest, slug: str, affair_id: int) -> HttpResponse:
    membership, affair = get_affair(request, slug, affair_id)
    require_role(membership, *services.PLANNERS, message=PLANNER_MESSAGE)
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.record_review(affair, actor=request.user, **form.cleaned_data)
        messages.success(request, "見直しを記録しました。次の見直しの期限はこの日から1年です。")
        return redirect("planning:affair", slug=slug, affair_id=affair.pk)
    return render(request, "planning/review.html", {"organisation": membership.organisation, "affair": affair, "form": form})


@login_required
def affair_end(request: HttpRequest, slug: str, affair_id: int) -> HttpResponse:
    """The end of a 事務: its day (管理者), the notification to the 委員会, and, at least three years
    on, the end of its reports' publication, confirmed by a 管理者."""
    membership, affair = get_affair(request, slug, affair_id)
    require_role(membership, *services.PLANNERS, message=PLANNER_MESSAGE)
    form = EndForm(request.POST or None, initial={"ended_on": affair.ended_on, "notified_on": affair.end_notified_on})
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action")
        try:
            if action == "archive":
                services.archive_affair(affair, actor=request.user)
                messages.success(request, "評価書の公表を終了しました。")
            elif affair.ended_on is None:
                services.end_affair(affair, actor=request.user, ended_on=form.cleaned_data["ended_on"],
                                    notified_on=form.cleaned_data["notified_on"])
                messages.success(request, "事務の終了を記録しました。評価書は少なくとも3年間公表を続けます。")
            else:
                services.record_end_notification(affair, actor=request.user, notified_on=form.cleaned_data["notified_on"])
                messages.success(request, "委員会への通知を記録しました。")
        except services.PlanningError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            return redirect("planning:affair", slug=slug, affair_id=affair.pk)
    from pia_portal.procedure import shishin

    return render(request, "planning/affair_end.html", {
        "organisation": membership.organisation, "affair": affair, "form": form,
        "public_until": shishin.public_until(affair.ended_on) if affair.ended_on else None,
        "can_archive": membership.has_role(Role.ADMIN) and affair.ended_on is not None and affair.archived_at is None
        and timezone.localdate() > shishin.public_until(affair.ended_on),
    })


@login_required
def plan_submission(request: HttpRequest, slug: str) -> HttpResponse:
    """The 計画管理書 submitted to the 委員会: the day, and the plan as it stood, kept."""
    membership = get_membership(request, slug)
    require_role(membership, *services.PLANNERS, message=PLANNER_MESSAGE)
    form = SubmissionForm(request.POST or None, initial={"submitted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_plan_submission(membership.organisation, actor=request.user, **form.cleaned_data)
        except services.PlanningError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, "計画管理書の提出を記録しました。")
            return redirect("planning:plan", slug=slug)
    return render(request, "planning/submission.html", {"organisation": membership.organisation, "form": form})
