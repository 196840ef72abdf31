from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pia_portal.core.forms import PlainForm
from pia_portal.core.params import uuid_param
from pia_portal.organisations.access import get_membership, require_role
from pia_portal.organisations.models import Role
from pia_portal.reports import access
from pia_portal.reports import models as m
from pia_portal.reports.outline import Content
from pia_portal.core.text import AssessmentNumberError, normalise_assessment_number
from pia_portal.reports.services import AFFAIR_MAX, TITLE_MAX, ReportError, create_report
from pia_portal.reports.structure import Entity, FormKind, items
from pia_portal.reports.structure.nodes import resolve

from pia_portal.changelog.services import histories

from . import services
from .pages import build_page, page_refs, show_only
from .progress import progress
from .review import review_context

EDITORS = (Role.AUTHOR, Role.ADMIN)


class NewReportForm(PlainForm):
    kind = forms.ChoiceField(label="評価書の種類", choices=[(k.value, k.label) for k in FormKind], widget=forms.RadioSelect)
    assessment_number = forms.CharField(
        label=resolve(items.ASSESSMENT_NUMBER.label), max_length=40, help_text="計画管理書の番号(例: 20、1-2)。全角の数字も使えます。"
    )
    title = forms.CharField(label=resolve(items.TITLE.label), max_length=TITLE_MAX, help_text="例: 介護保険関係事務 重点項目評価書")
    affair_name = forms.CharField(label=resolve(items.AFFAIR_NAME.label), max_length=AFFAIR_MAX, required=False)

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
        return _post_page(request, slug, report_id, number, page_key)
    membership, version = access.get_version(request, slug, report_id, number)
    read_only = not (version.is_editable and membership.has_role(*EDITORS))
    content = Content(version)
    ref = _ref(version, page_key, content)
    page = build_page(version, ref, content=content)
    restored = None if read_only else services.page_draft(version, ref.key, request.user)
    base = "" if read_only else services.page_base(version, page)
    if restored is not None:
        services.restore_into(page, restored)
        # The input started from that base, and is merged against it when saved. A draft kept before
        # bases were (no base) names one that is not known: every difference is then put to the person.
        base = restored.base or "unknown"
    return _render_page(request, membership, version, page, base=base, restored=restored, read_only=read_only,
                        content=content)


def _ref(version, page_key: str, content):
    ref = next((r for r in page_refs(version, content) if r.key == page_key), None)
    if ref is None:
        raise Http404
    return ref


def _render_page(request, membership, version, page, *, base: str, read_only: bool = False, restored=None,
                 saved: services.Saved | None = None, posted=None, errors: list | None = None, status: int = 200,
                 blocked_action: str = "", removal: dict | None = None, content: Content | None = None) -> HttpResponse:
    if read_only:
        show_only(page)
    others = []
    if not read_only:
        services.mark_present(version, page.ref.key, request.user)
        others = services.others_present(version, page.ref.key, request.user)
    state = progress(version, content)
    conflicts = services.conflict_views(posted or page, saved, shown_on=page) if saved is not None else {}
    return render(request, "editing/page.html", {
        "organisation": membership.organisation, "version": version, "report": version.report, "page": page,
        "base": base, "conflicts": conflicts, "conflict_list": sorted(conflicts.values(), key=lambda c: c.order),
        "merged_names": services.merged_names(posted or page, saved) if saved is not None else [],
        "form_errors": errors or [], "blocked_action": blocked_action, "removal": removal,
        "progress": state, "page_progress": state.for_key(page.ref.key), "histories": histories(version),
        "read_only": read_only,
        "read_only_reason": "" if version.is_editable else str(m.VersionLocked(version.pk, version.status)),
        "restored": restored, "others_editing": others, **review_context(version, membership, page.ref.key),
    }, status=status)


def _post_page(request, slug, report_id, number, page_key, action=None, action_name: str = ""):
    """Every button of a section page posts the page's fields: they are saved, merged with what
    others saved meanwhile (editing/merge.py), and only then is the button's action carried out
    in the same transaction. A save that is refused (invalid input) or that meets a conflict
    keeps the input as the person's draft on the server and does nothing else."""
    membership, version = _editable(request, slug, report_id, number)
    if not version.is_editable:
        return _locked(request, m.VersionLocked(version.pk, version.status), slug, report_id, number)
    content = Content(version)
    ref = _ref(version, page_key, content)
    page = build_page(version, ref, request.POST, request.FILES, content)
    digest = request.POST.get("base", "")[:64]
    if not services.carries_page(request.POST, page):
        # A button from outside the section's form (the editor home's 「ファイルを追加」): none of
        # the page's fields came with it, so none of them is saved (empty is not what was typed).
        try:
            with transaction.atomic():
                outcome = action(version, None) if action is not None else None
        except m.VersionLocked as error:
            return _locked(request, error, slug, report_id, number)
        except (services.ActionRefused, services.RemovalConflict) as refused:
            messages.error(request, str(refused))
            return redirect(_page_url(slug, report_id, number, ref.key))
        message, target = outcome if outcome is not None else (_("Saved."), _page_url(slug, report_id, number, ref.key))
        messages.success(request, message)
        return redirect(target)
    if not all(form.is_valid() for form in page.forms):
        services.keep_draft(version, ref.key, request.POST, base=digest, actor=request.user)
        return _render_page(request, membership, version, page, base=digest, errors=services.form_errors(page),
                            blocked_action=action_name, content=content)
    chosen = services.choices(request.POST)
    try:
        with transaction.atomic():
            saved = services.save_page(version, page, actor=request.user, base=services.base_values(version, ref.key, digest),
                                       keep_mine=chosen["mine"], take_theirs=chosen["theirs"])
            outcome = action(version, saved) if saved.clean and action is not None else None
    except m.VersionLocked as error:
        return _locked(request, error, slug, report_id, number)
    except services.ActionRefused as refused:
        # Nothing was saved: the input stays on the page and as the person's draft.
        services.keep_draft(version, ref.key, request.POST, base=digest, actor=request.user)
        messages.error(request, str(refused))
        return _render_page(request, membership, version, page, base=digest)
    except services.RemovalConflict as conflict:
        # Nothing was saved: the page is shown again with what the other person changed.
        services.keep_draft(version, ref.key, request.POST, base=digest, actor=request.user)
        page = build_page(version, ref, request.POST, request.FILES, Content(version))
        [form.is_valid() for form in page.forms]
        return _render_page(request, membership, version, page, base=digest, removal=conflict.view)
    if not saved.clean:
        services.keep_draft(version, ref.key, request.POST, base=saved.base, actor=request.user)
        content = Content(version)  # read again: the page's own records too (a file's II is the file)
        fresh = build_page(version, _ref(version, page_key, content), content=content)
        services.overlay_conflicts(fresh, page, saved)
        return _render_page(request, membership, version, fresh, base=saved.base, saved=saved, posted=page,
                            blocked_action=action_name)
    services.discard_draft(version, ref.key, request.user)
    merged = services.merged_names(page, saved)
    if merged:
        messages.info(request, merged_message(merged))
    message, target = outcome if outcome is not None else (_("Saved."), request.path)
    messages.success(request, message)
    return redirect(target)


def merged_message(merged: list[tuple[str, list[str]]]) -> str:
    """「佐藤 花子さんの変更を取り込みました: ①保管場所、④消去方法」, one sentence a person."""
    return " ".join(f"{who}の変更を取り込みました: {'、'.join(names)}。" for who, names in merged)


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

    def add(version, saved):
        entry = services.add_repeat_entry(version, model, parent, page_key=page_key, actor=request.user)
        key = f"file-{entry.uid.hex}" if model is m.PersonalInfoFile else page_key
        label = f"{model._meta.verbose_name}{entry.position + 1}"
        return (_("%(entry)s has been added.") % {"entry": label},
                f"{_page_url(slug, report_id, number, key)}#entry-{entry.uid.hex}")

    return _post_page(request, slug, report_id, number, page_key, add, _("%(entry)s has been added.") % {"entry": model._meta.verbose_name})


@require_POST
@login_required
def delete_entry(request, slug, report_id, number, page_key, entity, uid):
    _membership, version = _editable(request, slug, report_id, number)
    entry = _entry(version, entity, uid)
    label = f"{entry._meta.verbose_name}{entry.position + 1}"

    def remove(version, saved):
        services.delete_repeat_entry(version, entry, page_key=page_key, actor=request.user,
                                     base=services.base_values(version, page_key, request.POST.get("base", "")),
                                     confirmed=request.POST.get("confirm_removal") == entry.uid.hex)
        if isinstance(entry, m.PersonalInfoFile):
            from django.urls import reverse

            return _("%(entry)s has been removed.") % {"entry": label}, reverse("editing:home", args=[slug, report_id, number])
        return _("%(entry)s has been removed.") % {"entry": label}, _page_url(slug, report_id, number, page_key)

    return _post_page(request, slug, report_id, number, page_key, remove, label)


@require_POST
@login_required
def move_entry(request, slug, report_id, number, page_key, entity, uid, direction):
    _membership, version = _editable(request, slug, report_id, number)
    if direction not in ("up", "down"):
        raise Http404
    entry = _entry(version, entity, uid)

    def move(version, saved):
        services.move_repeat_entry(version, entry, -1 if direction == "up" else 1, page_key=page_key, actor=request.user)
        if isinstance(entry, m.PersonalInfoFile):
            from django.urls import reverse

            return _("Saved."), reverse("editing:home", args=[slug, report_id, number])
        return _("Saved."), f"{_page_url(slug, report_id, number, page_key)}#entry-{entry.uid.hex}"

    return _post_page(request, slug, report_id, number, page_key, move)


@require_POST
@login_required
def comment_action(request, slug, report_id, number, page_key, comment_id, verb):
    """対応済みにする and 返信 from a section page: the page's fields are saved first, as with every
    button of the page, then the comment is answered."""
    from django.shortcuts import get_object_or_404

    from pia_portal.publishing import services as workflow
    from pia_portal.publishing.models import ReviewComment

    _membership, version = _editable(request, slug, report_id, number)
    if verb not in ("answer", "reply"):
        raise Http404
    comment = get_object_or_404(ReviewComment, pk=comment_id, version=version)
    text = request.POST.get(f"comment-{comment.pk}-text", "")

    def act(version, saved):
        try:
            if verb == "answer":
                workflow.answer_comment(comment, actor=request.user, text=text)
                done = "対応済みにしました。審査者が確認します。"
            else:
                workflow.reply_to_comment(comment, actor=request.user, text=text)
                done = "返信しました。"
        except workflow.WorkflowError as error:
            raise services.ActionRefused(str(error)) from None
        return done, f"{_page_url(slug, report_id, number, page_key)}#comment-{comment.pk}"

    return _post_page(request, slug, report_id, number, page_key, act)


class CorrectionReasonForm(PlainForm):
    reason = forms.CharField(label="訂正の理由", widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="例: 変更日の誤記(公表した評価書の表記は令和7年4月1日)。訂正の記録として履歴に残ります。")


@login_required
def correct_row(request, slug, report_id, number, uid):
    """Correcting a row an earlier edition published: its own page, with a reason. Reached from
    the editor's 変更箇所 page by a button that saves that page first, like every other button."""
    from pia_portal.changelog.services import ChangeLogError, correct_published_row, published_rows
    from pia_portal.editing.forms import record_form_class
    from pia_portal.editing.pages import form_prefix

    membership, version = _editable(request, slug, report_id, number)
    entry = _entry(version, Entity.CHANGE_LOG.value, uid)
    back = f"{_page_url(slug, report_id, number, 'changes')}#entry-{entry.uid.hex}"
    if entry.uid not in published_rows(version):
        return redirect(back)  # a row of this draft's own batch is edited on the page itself
    if request.method == "POST" and "correcting" not in request.POST:
        return _post_page(request, slug, report_id, number, "changes",
                          lambda version, saved: (_("Saved."), request.path))
    if not version.is_editable:
        return _locked(request, m.VersionLocked(version.pk, version.status), slug, report_id, number)
    posted = request.POST if request.method == "POST" else None
    row = record_form_class(version.form_kind, Entity.CHANGE_LOG, version.revision)(
        posted, record=entry, prefix=form_prefix(entry))
    reason = CorrectionReasonForm(posted)
    if posted is not None and row.is_valid() and reason.is_valid():
        changed = row.apply()
        try:
            correct_published_row(entry, actor=request.user, reason=reason.cleaned_data["reason"],
                                  values={name: getattr(entry, name) for name in changed})
        except ChangeLogError as error:
            reason.add_error(error.field, str(error))
        except m.VersionLocked as error:
            return _locked(request, error, slug, report_id, number)
        else:
            messages.success(request, f"変更箇所{entry.position + 1}を訂正しました。理由は履歴に残ります。")
            return redirect(back)
    return render(request, "editing/correct_row.html", {
        "organisation": membership.organisation, "membership": membership, "version": version,
        "report": version.report, "entry": entry, "row": row, "reason": reason, "back": back,
        "label": f"変更箇所{entry.position + 1}",
    })


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
