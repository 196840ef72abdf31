from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pia_portal.reports import access

from .models import PdfRender, RenderStatus
from .pdf import render_html
from .services import request_render


@login_required
def preview(request: HttpRequest, slug: str, report_id: int, number: int) -> HttpResponse:
    """The version in the official layout, from the same template as the PDF."""
    _membership, version = access.get_version(request, slug, report_id, number)
    return HttpResponse(render_html(version, preview=True))


@require_POST
@login_required
def request_pdf(request: HttpRequest, slug: str, report_id: int, number: int) -> HttpResponse:
    _membership, version = access.get_version(request, slug, report_id, number)
    render = request_render(version, actor=request.user)
    if render.status == RenderStatus.DONE:
        messages.info(request, _("A PDF of this content has already been made."))
    else:
        messages.success(request, _("The PDF has been requested. It will be ready shortly."))
    return redirect("reports:report_detail", slug=slug, report_id=report_id)


@login_required
def render_status(request: HttpRequest, slug: str, report_id: int, number: int, render_id: int) -> JsonResponse:
    render = _render(request, slug, report_id, number, render_id)
    return JsonResponse({"status": render.status, "label": render.get_status_display(), "finished": render.is_finished})


@login_required
def download(request: HttpRequest, slug: str, report_id: int, number: int, render_id: int) -> FileResponse:
    render = _render(request, slug, report_id, number, render_id)
    if render.status != RenderStatus.DONE:
        raise Http404
    report = render.version.report
    filename = f"{report.assessment_number}_{report.title}_第{render.version.number}版.pdf"
    response = FileResponse(render.file.open("rb"), content_type="application/pdf", as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _render(request, slug, report_id, number, render_id) -> PdfRender:
    _membership, version = access.get_version(request, slug, report_id, number)
    render = version.renders.filter(pk=render_id).first()
    if render is None:
        raise Http404
    return render
