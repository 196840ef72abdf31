from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pia_portal.core.forms import PlainForm
from pia_portal.core.params import int_param, uuid_param
from pia_portal.organisations.access import get_membership, require_role
from pia_portal.organisations.models import Role
from pia_portal.reports import access
from pia_portal.reports import models as m
from pia_portal.reports.outline import Content
from pia_portal.core.text import AssessmentNumberError, normalise_assessment_number
from pia_portal.reports.services import AFFAIR_MAX, TITLE_MAX, ReportError, create_report
from pia_portal.reports.structure import Entity, FormKind

from pia_portal.changelog.services import histories

from . import services
from .pages import build_page, page_refs, show_only
from .progress import progress
from .review import review_context

EDITORS = (Role.AUTHOR, Role.ADMIN)


class NewReportForm(PlainForm):
    kind = forms.ChoiceField(label="評価書の種類", choices=[(k.value, k.label) for k in FormKind], widget=forms.RadioSelect)
    assessment_number = forms.CharField(
        label="評価書番号", max_length=40, help_text="計画管理書の番号(例: 20、1-2)。全角の数字も使えます。"
    )
    title = forms.CharField(label="評価書名", max_length=TITLE_MAX, help_text="例: 介護保険関係事務 重点項目評価書")
    affair_name = forms.CharField(label="事務の名称", max_length=AFFAIR_MAX, required=False)

    def clean_assessment_number(self):
        try:
            return normalise_assessment_number(self.cleaned_data["assessment_number"])
        except AssessmentNumberError as error:
            raise forms.ValidationError(str(error)) from None


def _editable(request, slug, report_id, number):
    membership, version = access.get_version(request, slug, report_id, number)
    require_role(membership, *EDITORS, message=_("Only authors and organisation admins can edit reports."))
    return membership, version


def _locked(request, error: m.VersionLocked, slug, report_id, number):
    """A change asked of a version that is no longer a draft (submitted meanwhile, or published):
    nothing is changed, and the person is told why."""
    messages.error(request, str(error))
    return redirect("editing:home", slug=slug, report_id=report_id, number=number)


@login_required
def new_report(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug)
    require_role(membership, *EDITORS, message=_("Only authors and organisation admins can create reports."))
    form = NewReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            version = create_report(membership.organisation, actor=request.user, **form.cleaned_data)
        except ReportError as error:
            form.add_error("assessment_number", str(error))
        else:
            messages.success(request, _("The report has been created. Fill it in section by section."))
            return redirect("editing:home", slug=slug, report_id=version.report_id, number=version.number)
    return render(request, "editing/new_report.html", {"organisation": membership.organisation, "form": form})


@login_required
def home(request: HttpRequest, slug: str, report_id: int, number: int) -> HttpResponse:
    membership, version = access.get_version(request, slug, report_id, number)
    return render(
        request,
        "editing/home.html",
        {
            "organisation": membership.organisation,
            "version": version,
            "report": version.report,
            "progress": progress(version),
            "files": version.files.order_by("position", "pk"),
            "can_edit": version.is_editable and membership.has_role(*EDITORS),
            **review_context(version, membership),
        },
    )


@login_required
def edit_page(request: HttpRequest, slug: str, report_id: int, number: int, page_key: str) -> HttpResponse:
    """A section of the form: editable for authors while the version is a draft, read-only for
    everyone else (reviewers comment on its items from here)."""
    if request.method == "POST":
        membership, version = _editable(request, slug, report_id, number)
        if not version.is_editable:
            return _locked(request, m.VersionLocked(version.pk, version.status), slug, report_id, number)
    else:
        membership, version = access.get_version(request, slug, report_id, number)
    read_only = not (version.is_editable and membership.has_role(*EDITORS))
    restored = None
    read_only_reason = "" if version.is_editable else str(m.VersionLocked(version.pk, version.status))
    content = Content(version)
    refs = page_refs(version, content)
    ref = next((r for r in refs if r.key == page_key), None)
    if ref is None:
        raise Http404
    conflict, differences = None, {}
    if request.method == "POST":
        page = build_page(version, ref, request.POST, request.FILES, content)
        seen = int_param(request.POST.get("seq"), 0)
        if all(form.is_valid() for form in page.forms):
            try:
                services.save_page(version, page, actor=request.user, seen=seen)
            except services.EditConflict as error:
                conflict = error
                # Item by item, what the other person saved beside what this person typed; the
                # next save is taken, with whatever the person chose for each item.
                differences = services.differences_from_saved(version, page)
                seen = services.current_seq(version, ref.key)
            except m.VersionLocked as error:
                return _locked(request, error, slug, report_id, number)
            else:
                services.discard_draft(version, ref.key, request.user)
                messages.success(request, _("Saved."))
                return redirect(request.path)
        else:
            messages.error(request, _("Some items could not be saved. Please correct the items marked in red."))
        seq = seen
    else:
        page = build_page(version, ref, content=content)
        seq = services.current_seq(version, ref.key)
        draft = None if read_only else services.page_draft(version, ref.key, request.user)
        if draft is not None:
            services.restore_into(page, draft)
            restored, seq = draft, draft.seq  # a save in between is then caught as a conflict
    others = []
    if not read_only:
        services.mark_present(version, ref.key, request.user)
        others = services.others_present(version, ref.key, request.user)
    if read_only:
        show_only(page)
    state = progress(version)
    return render(
        request,
        "editing/page.html",
        {
            "organisation": membership.organisation,
            "version": version,
            "report": version.report,
            "page": page,
            "seq": seq,
            "conflict": conflict,
            "differences": differences,
            "progress": state,
            "page_progress": state.for_key(ref.key),
            "histories": histories(version),
            "read_only": read_only,
            "read_only_reason": read_only_reason,
            "restored": restored,
            "others_editing": others,
            **review_context(version, membership, ref.key),
        },
    )


def _entry(version, entity: str, uid: str):
    try:
        model = m.MODEL_FOR_ENTITY[Entity(entity)]
    except ValueError:
        raise Http404 from None
    entry = model.objects.filter(version=version, uid=uid).first()
    if entry is None or not isinstance(entry, m.VersionEntry):
        raise Http404
    return entry


@require_POST
@login_required
def add_entry(request, slug, report_id, number, page_key, entity):
    _membership, version = _editable(request, slug, report_id, number)
    try:
        model = m.MODEL_FOR_ENTITY[Entity(entity)]
    except ValueError:
        raise Http404 from None
    parent = None
    if model.parent_field:
        parent_model = model._meta.get_field(model.parent_field).related_model
        parent_uid = uuid_param(request.POST.get("parent"))
        parent = parent_model.objects.filter(version=version, uid=parent_uid).first() if parent_uid else None
        if parent is None:
            raise Http404
    try:
        entry = services.add_repeat_entry(version, model, parent, page_key=page_key, actor=request.user)
    except m.VersionLocked as error:
        return _locked(request, error, slug, report_id, number)
    messages.success(request, _("%(entry)s has been added.") % {"entry": f"{model._meta.verbose_name}{entry.position + 1}"})
    if model is m.PersonalInfoFile:
        page_key = f"file-{entry.uid.hex}"
    return redirect(f"{_page_url(slug, report_id, number, page_key)}#entry-{entry.uid.hex}")


@require_POST
@login_required
def delete_entry(request, slug, report_id, number, page_key, entity, uid):
    _membership, version = _editable(request, slug, report_id, number)
    entry = _entry(version, entity, uid)
    label = f"{entry._meta.verbose_name}{entry.position + 1}"
    try:
        with transaction.atomic():
            services.delete_repeat_entry(version, entry, page_key=page_key, actor=request.user)
    except m.VersionLocked as error:
        return _locked(request, error, slug, report_id, number)
    messages.success(request, _("%(entry)s has been removed.") % {"entry": label})
    if isinstance(entry, m.PersonalInfoFile):
        return redirect("editing:home", slug=slug, report_id=report_id, number=number)
    return redirect(_page_url(slug, report_id, number, page_key))


@require_POST
@login_required
def move_entry(request, slug, report_id, number, page_key, entity, uid, direction):
    _membership, version = _editable(request, slug, report_id, number)
    if direction not in ("up", "down"):
        raise Http404
    entry = _entry(version, entity, uid)
    try:
        services.move_repeat_entry(version, entry, -1 if direction == "up" else 1, page_key=page_key, actor=request.user)
    except m.VersionLocked as error:
        return _locked(request, error, slug, report_id, number)
    if isinstance(entry, m.PersonalInfoFile):
        return redirect("editing:home", slug=slug, report_id=report_id, number=number)
    return redirect(f"{_page_url(slug, report_id, number, page_key)}#entry-{entry.uid.hex}")


def _page_url(slug, report_id, number, page_key):
    from django.urls import reverse

    return reverse("editing:page", args=[slug, report_id, number, page_key])


@require_POST
@login_required
def new_version(request, slug, report_id):
    """A new draft from the latest version (after publication, to make the next change)."""
    from pia_portal.reports.services import start_new_version

    membership, report = access.get_report(request, slug, report_id)
    require_role(membership, *EDITORS, message=_("Only authors and organisation admins can edit reports."))
    try:
        version = start_new_version(report, actor=request.user)
    except ReportError as error:
        messages.error(request, str(error))
        return redirect("reports:report_detail", slug=slug, report_id=report_id)
    return redirect("editing:home", slug=slug, report_id=report_id, number=version.number)


@require_POST
@login_required
def autosave(request: HttpRequest, slug: str, report_id: int, number: int, page_key: str) -> HttpResponse:
    """Called by the editor's script as the person types, and when they leave the page."""
    from django.http import JsonResponse

    from pia_portal.organisations.access import display_name

    membership, version = access.get_version(request, slug, report_id, number)
    if not membership.has_role(*EDITORS):
        return JsonResponse({"error": _("Only authors and organisation admins can edit reports.")}, status=403)
    if page_key not in {ref.key for ref in page_refs(version)}:
        raise Http404
    if request.POST.get("presence"):
        services.mark_present(version, page_key, request.user)
        return JsonResponse({"others": [display_name(u) for u in services.others_present(version, page_key, request.user)]})
    try:
        draft = services.autosave(version, page_key, request.POST, actor=request.user)
    except m.VersionLocked as error:
        return JsonResponse({"error": str(error)}, status=409)
    except ValueError as error:
        return JsonResponse({"error": str(error)}, status=413)
    return JsonResponse({"saved_at": draft.saved_at.isoformat()})


@require_POST
@login_required
def discard_autosave(request: HttpRequest, slug: str, report_id: int, number: int, page_key: str) -> HttpResponse:
    _membership, version = access.get_version(request, slug, report_id, number)
    services.discard_draft(version, page_key, request.user)
    messages.info(request, _("The restored input has been discarded."))
    return redirect("editing:page", slug=slug, report_id=report_id, number=number, page_key=page_key)
