from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pia_portal.organisations import access as organisation_access
from pia_portal.organisations.access import require_role
from pia_portal.organisations.models import Role
from pia_portal.planning.plan import overdue_count
from pia_portal.rendering.bulk import bulk_renders_in_progress
from pia_portal.rendering.services import latest_render

from . import access, services
from .models import PUBLIC_STATUSES, Report


@login_required
def organisation_home(request: HttpRequest, slug: str) -> HttpResponse:
    membership = organisation_access.get_membership(request, slug)
    request.session[organisation_access.SESSION_KEY] = membership.organisation_id
    reports = (
        Report.objects.filter(organisation=membership.organisation)
        .prefetch_related("versions")
        .order_by("assessment_number")
    )
    return render(
        request,
        "reports/organisation_home.html",
        {
            "organisation": membership.organisation,
            "membership": membership,
            "reports": reports,
            "can_create": membership.has_role(Role.AUTHOR, Role.ADMIN),
            "overdue": overdue_count(membership.organisation, timezone.localdate()),
            "bulk_renders": bulk_renders_in_progress(membership.organisation),
        },
    )


@login_required
def report_detail(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    membership, report = access.get_report(request, slug, report_id)
    versions = [(version, latest_render(version)) for version in report.versions.order_by("-number")]
    statuses = {version.status for version, _ in versions}
    return render(
        request,
        "reports/report_detail.html",
        {
            "organisation": membership.organisation,
            "membership": membership,
            "report": report,
            "versions": versions,
            "is_public": bool(statuses & set(PUBLIC_STATUSES)),
            "can_start_version": membership.has_role(Role.AUTHOR, Role.ADMIN)
            and not statuses & {"draft", "returned", "in_review", "approved"},
        },
    )


HISTORY_PER_PAGE = 50


@login_required
def report_history(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    """Every change of state and every edit of the report and its versions, newest first, a page
    at a time."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.paginator import Paginator

    from pia_portal.audit.models import ActionLog
    from pia_portal.core.params import int_param

    membership, report = access.get_report(request, slug, report_id)
    versions = list(report.versions.all())
    entries = ActionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Report), object_id=str(report.pk)
    ) | ActionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(versions[0].__class__) if versions else None,
        object_id__in=[str(v.pk) for v in versions],
    )
    number_of = {str(v.pk): v.number for v in versions}
    page = Paginator(entries.order_by("-created_at", "-id"), HISTORY_PER_PAGE).get_page(int_param(request.GET.get("page"), 1))
    rows = [(entry, number_of.get(entry.object_id), _changes(entry.data)) for entry in page]
    return render(request, "reports/report_history.html", {
        "organisation": membership.organisation, "report": report, "rows": rows, "page": page,
        "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    })


def _changes(data) -> list[tuple[str, list[tuple[str, object, object]]]]:
    """An edit's {record: {field: {before, after}}} as lists, so that no logged key (a field named
    `items`, `keys` …) is mistaken by the template for a method of the dict."""
    changes = data.get("changes") if isinstance(data, dict) else None
    if not isinstance(changes, dict):
        return []
    rows = []
    for record, fields in changes.items():
        if not isinstance(fields, dict):
            continue
        rows.append((str(record), [
            (str(change.get("label") or attr),
             text_diff(_shown(change, "before"), _shown(change, "after"), by_character=change.get("kind", "text") == "text"))
            for attr, change in fields.items() if isinstance(change, dict)
        ]))
    return rows


def _shown(change: dict, side: str) -> str:
    value = change.get(f"shown_{side}", change.get(side))
    return "" if value in (None, {}) else str(value)


# A character diff costs about the product of the lengths compared. Texts are compared line by
# line first, and characters only within a changed block of lines that is small enough; beyond
# these bounds a change is shown as its whole before and after, so that no text someone typed can
# make the page (and the worker serving it) take minutes.
DIFF_MAX_LINES = 2_000
DIFF_BLOCK_MAX = 250_000  # length × length of one changed block diffed by character
DIFF_BUDGET = 2_000_000  # the same, summed over the blocks of one change
LONG_NOTE = "(長い記載のため、変更前と変更後をそのまま示します)"


def text_diff(before: str, after: str, *, by_character: bool = True):
    """The whole change, with what was taken out and put in marked (<del>/<ins>), character by
    character as Japanese is written (a choice or a date is replaced whole); nothing is cut."""
    from difflib import SequenceMatcher

    from django.utils.html import format_html, format_html_join
    from django.utils.safestring import mark_safe

    if not before:
        return format_html('<ins class="diff-ins">{}</ins>', after) if after else mark_safe("")
    if not after:
        return format_html('<del class="diff-del">{}</del>', before)
    if not by_character:
        return format_html('<del class="diff-del">{}</del> → <ins class="diff-ins">{}</ins>', before, after)
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    if max(len(old), len(new)) > DIFF_MAX_LINES:
        return _whole(before, after)
    parts: list[tuple[str, tuple]] = []
    budget, too_long = DIFF_BUDGET, False
    for op, a1, a2, b1, b2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        gone, came = "".join(old[a1:a2]), "".join(new[b1:b2])
        if op == "equal":
            parts.append(("{}", (gone,)))
            continue
        cost = len(gone) * len(came)
        if not gone or not came or cost > DIFF_BLOCK_MAX or cost > budget:
            too_long = too_long or bool(gone and came)
            parts += [('<del class="diff-del">{}</del>', (gone,))] if gone else []
            parts += [('<ins class="diff-ins">{}</ins>', (came,))] if came else []
            continue
        budget -= cost
        for char_op, c1, c2, d1, d2 in SequenceMatcher(None, gone, came, autojunk=False).get_opcodes():
            if char_op == "equal":
                parts.append(("{}", (gone[c1:c2],)))
                continue
            if c2 > c1:
                parts.append(('<del class="diff-del">{}</del>', (gone[c1:c2],)))
            if d2 > d1:
                parts.append(('<ins class="diff-ins">{}</ins>', (came[d1:d2],)))
    if too_long:
        parts.insert(0, ('<span class="text-secondary">{}</span>\n', (LONG_NOTE,)))
    return format_html_join("", "{}", ((format_html(template, *args),) for template, args in parts))


def _whole(before: str, after: str):
    from django.utils.html import format_html

    return format_html('<span class="text-secondary">{}</span>\n<del class="diff-del">{}</del><ins class="diff-ins">{}</ins>',
                       LONG_NOTE, before, after)


@require_POST
@login_required
def discard_version(request: HttpRequest, slug: str, report_id: int, number: int) -> HttpResponse:
    _membership, version = access.get_version(request, slug, report_id, number)
    try:
        services.discard_version(version, actor=request.user)
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"第{number}版を破棄しました。")
    return redirect("reports:report_detail", slug=slug, report_id=report_id)


@login_required
def delete_report(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    """A confirmation page, then the deletion (管理者, never-submitted reports only)."""
    membership, report = access.get_report(request, slug, report_id)
    require_role(membership, Role.ADMIN, message="評価書を削除できるのは管理者だけです。")
    blockers = services.deletion_blockers(report)
    if request.method == "POST" and not blockers:
        if request.POST.get("confirm_number", "").strip() != report.assessment_number:
            messages.error(request, "確認のため、評価書番号を正しく入力してください。")
        else:
            services.delete_report(report, actor=request.user)
            messages.success(request, f"評価書「{report.title}」を削除しました。")
            return redirect("reports:organisation_home", slug=slug)
    return render(request, "reports/delete_report.html", {
        "organisation": membership.organisation, "report": report, "blockers": blockers,
        "versions": report.versions.order_by("number"),
    })
