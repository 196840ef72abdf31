from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pia_portal.organisations.access import get_membership
from pia_portal.organisations.models import Role
from pia_portal.reports import access
from pia_portal.reports.services import ReportError

from .services import MAX_BYTES, import_file


class UploadForm(forms.Form):
    file = forms.FileField(label="ファイル", help_text="PDFから抽出したテキスト(.txt)か、PIA Portal の JSON。")


@login_required
def upload(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug)
    if not membership.has_role(Role.AUTHOR, Role.ADMIN):
        raise PermissionDenied(_("Only authors and organisation admins can import reports."))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            form.add_error("file", "ファイルが大きすぎます(20MBまで)。")
        else:
            try:
                record = import_file(upload.read(), upload.name, membership.organisation, actor=request.user)
            except ReportError as error:
                form.add_error("file", str(error))
            else:
                messages.success(request, _("The report has been imported as a draft. Please check it."))
                version = record.version
                return redirect("importing:result", slug=slug, report_id=version.report_id, number=version.number)
    return render(request, "importing/upload.html", {"organisation": membership.organisation, "form": form})


@login_required
def result(request: HttpRequest, slug: str, report_id: int, number: int) -> HttpResponse:
    membership, version = access.get_version(request, slug, report_id, number)
    record = getattr(version, "import_record", None)
    return render(
        request,
        "importing/result.html",
        {"organisation": membership.organisation, "version": version, "report": version.report, "record": record},
    )
