"""「変更箇所の案」: the rows proposed for a draft, taken into its change log by staff."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pia_portal.core.wareki import format_date
from pia_portal.editing.progress import progress
from pia_portal.organisations.access import require_role
from pia_portal.organisations.models import Role
from pia_portal.reports import access
from pia_portal.reports import models as m

from . import services
from .forms import BatchDateForm, ReasonForm, RowForm
from .generate import ChangeLogError
from .models import ChangeBatch

EDITORS = (Role.AUTHOR, Role.ADMIN)
MAX_KEYS = 5_000


def _draft(request, slug, report_id, number):
    membership, version = access.get_version(request, slug, report_id, number)
    require_role(membership, *EDITORS, message=_("Only authors and organisation admins can edit reports."))
    return membership, version


def _back(slug, report_id, number, anchor=""):
    response = redirect("changelog:proposal", slug=slug, report_id=report_id, number=number)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@login_required
def proposal(request: HttpRequest, slug: str, report_id: int, number: int) -> HttpResponse:
    membership, version = _draft(request, slug, report_id, number)
    try:
        found, states, orphans = services.proposal_for(version)
    except ChangeLogError as error:
        messages.info(request, str(error))
        return redirect("editing:home", slug=slug, report_id=report_id, number=number)
    batch = ChangeBatch.objects.filter(version=version).first()
    date_form = BatchDateForm(initial={
        "change_date": format_date(batch.change_date, batch.change_date_precision) if batch and batch.change_date else "",
        "change_date_note": batch.change_date_note if batch else "",
    })
    counts = {status: sum(1 for s in states if s.status == status) for status in ("pending", "accepted", "outdated", "dropped")}
    return render(request, "changelog/proposal.html", {
        "organisation": membership.organisation, "report": version.report, "version": version, "proposal": found,
        "states": states, "orphans": orphans, "counts": counts, "date_form": date_form,
        "can_edit": version.is_editable, "progress": progress(version), "is_admin": membership.has_role(Role.ADMIN),
        "important": [s for s in states if s.is_important],
    })


@login_required
@require_POST
def decide(request: HttpRequest, slug: str, report_id: int, number: int) -> HttpResponse:
    """Take the chosen rows into the log, or leave them out."""
    membership, version = _draft(request, slug, report_id, number)
    keys = [k[:200] for k in request.POST.getlist("key")][:MAX_KEYS]
    action = request.POST.get("action")
    if not keys:
        messages.error(request, _("Choose at least one row first."))
        return _back(slug, report_id, number)
    try:
        if action == "accept":
            count = services.accept_rows(version, keys, actor=request.user)
            messages.success(request, _("%(count)s rows were added to the change log.") % {"count": count})
        elif action == "drop":
            count = services.drop_rows(version, keys, actor=request.user)
            messages.success(request, _("%(count)s rows were left out of the change log.") % {"count": count})
        elif action in ("PRIOR", "POST"):
            count = services.set_timing(version, keys, action, actor=request.user)
            messages.success(request, _("提出時期 was set on %(count)s rows.") % {"count": count})
        else:
            raise Http404
    except ChangeLogError as error:
        messages.error(request, str(error))
    except m.VersionLocked as error:
        messages.error(request, str(error))
    return _back(slug, report_id, number, anchor=f"row-{keys[0]}" if len(keys) == 1 else "")


@login_required
@require_POST
def reconsider(request: HttpRequest, slug: str, report_id: int, number: int) -> HttpResponse:
    membership, version = _draft(request, slug, report_id, number)
    key = request.POST.get("key", "")[:200]
    try:
        services.reconsider_row(version, key, actor=request.user)
    except m.VersionLocked as error:
        messages.error(request, str(error))
    return _back(slug, report_id, number, anchor=f"row-{key}")


@login_required
def edit(request: HttpRequest, slug: str, report_id: int, number: int, key: str) -> HttpResponse:
    membership, version = _draft(request, slug, report_id, number)
    try:
        states = services.proposal_for(version)[1]
    except ChangeLogError as error:
        messages.info(request, str(error))
        return redirect("editing:home", slug=slug, report_id=report_id, number=number)
    state = next((s for s in states if s.key == key), None)
    if state is None:
        messages.error(request, _("This row is no longer proposed: the draft has changed. Here is the current proposal."))
        return _back(slug, report_id, number)
    form = RowForm(request.POST if request.method == "POST" else None, initial={name: state.value(name) for name in services.EDITABLE_FIELDS})
    decision = state.decision
    reason_form = ReasonForm(request.POST if request.POST.get("rebuild") else None, initial={
        "classification": state.classification.value, "cause": state.row.cause.value,
        "reason": decision.classification_reason if decision else "",
        "late_cause": decision.late_cause if decision else "", "late_reason": decision.late_reason if decision else "",
    })
    if request.method == "POST" and request.POST.get("rebuild"):
        if reason_form.is_valid():
            data = reason_form.cleaned_data
            try:
                services.classify_row(version, key, classification=data["classification"], cause=data["cause"],
                                      reason=data["reason"], timing=data["timing"] or None, late_cause=data["late_cause"],
                                      late_reason=data["late_reason"], actor=request.user)
            except ChangeLogError as error:
                reason_form.add_error(error.field if error.field in reason_form.fields else None, str(error))
            except m.VersionLocked as error:
                messages.error(request, str(error))
                return _back(slug, report_id, number)
            else:
                messages.success(request, _("The explanation has been written from your choice."))
                return redirect(request.path)
        form = RowForm(initial={name: state.value(name) for name in services.EDITABLE_FIELDS})
    elif request.method == "POST" and form.is_valid():
        try:
            services.edit_row(version, key, actor=request.user, **form.cleaned_data)
            if request.POST.get("accept"):
                services.accept_rows(version, [key], actor=request.user)
        except ChangeLogError as error:
            form.add_error(None, str(error))
        except m.VersionLocked as error:
            messages.error(request, str(error))
            return _back(slug, report_id, number)
        else:
            messages.success(request, _("The row has been saved."))
            return _back(slug, report_id, number, anchor=f"row-{key}")
    return render(request, "changelog/edit_row.html", {
        "organisation": membership.organisation, "report": version.report, "version": version, "state": state, "form": form,
        "reason_form": reason_form,
    })


@login_required
@require_POST
def set_date(request: HttpRequest, slug: str, report_id: int, number: int) -> HttpResponse:
    membership, version = _draft(request, slug, report_id, number)
    form = BatchDateForm(request.POST)
    if form.is_valid():
        day, precision = form.cleaned_data["change_date"]
        try:
            services.set_batch_date(version, day, precision=precision, note=form.cleaned_data["change_date_note"], actor=request.user)
        except m.VersionLocked as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The change date has been set."))
    else:
        for error in form.errors.get("change_date", []) + form.errors.get("change_date_note", []):
            messages.error(request, f"変更日: {error}")
    return _back(slug, report_id, number)


@login_required
def house_style(request: HttpRequest, slug: str) -> HttpResponse:
    """How this organisation writes its 変更箇所: chosen by a 管理者, used for every proposal."""
    from pia_portal.audit.log import log_action
    from pia_portal.organisations.access import get_membership

    from .forms import StyleForm
    from .models import ChangeLogStyle

    membership = get_membership(request, slug)
    require_role(membership, Role.ADMIN, message=_("Only organisation admins can change how the change log is written."))
    style = ChangeLogStyle.objects.filter(organisation=membership.organisation).first() or ChangeLogStyle(
        organisation=membership.organisation)
    form = StyleForm(request.POST if request.method == "POST" else None, instance=style)
    if request.method == "POST" and form.is_valid():
        form.save()
        log_action("changelog.style_changed", actor=request.user, target=membership.organisation,
                   organisation=membership.organisation, data={f: form.cleaned_data[f] for f in form.changed_data})
        messages.success(request, _("Saved."))
        return redirect("changelog:house_style", slug=slug)
    return render(request, "changelog/house_style.html", {"organisation": membership.organisation, "form": form})
