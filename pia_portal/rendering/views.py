import time

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from pia_portal.organisations import access as organisation_access
from pia_portal.reports import access
from pia_portal.reports.figures import FigureError, check_figure
from pia_portal.reports.models import BusinessFigure

from . import bulk
from .document import PrintedReport, build
from .models import BulkRender, PdfRender, RenderStatus
from .pdf import print_html, render_html
from .services import RenderRequestError, pdf_file_name, request_render, retry_render


@login_required
def preview(request: HttpRequest, slug: str, report_id: int, number: int) -> HttpResponse:
    """The version in the official layout, from the same template as the PDF."""
    _membership, version = access.get_version(request, slug, report_id, number)
    back = reverse("editing:home", args=[slug, report_id, number])
    return HttpResponse(render_html(version, preview=True, figure_src=_figure_src(slug, report_id, number),
                                    csp_nonce=str(request.csp_nonce), back_url=back))


def _figure_src(slug: str, report_id: int, number: int):
    """Where the previews load a figure from: the checked figure view below."""

    def figure_src(record, attr):
        return reverse("reports:version_figure", args=[slug, report_id, number, record.uid])

    return figure_src


@login_required
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})
def section_preview(request: HttpRequest, slug: str, report_id: int, number: int, page_key: str) -> HttpResponse:
    """The print layout of one editor page's section only, shown beside its form: built afresh on
    every load, so the editor's reload after a save shows what was saved, with the time it took."""
    _membership, version = access.get_version(request, slug, report_id, number)
    started = time.perf_counter()
    document = build(version, figure_src=_figure_src(slug, report_id, number))
    parts = [part for part in document.parts if part.page_key == page_key]
    if not parts:
        raise Http404
    for part in parts:
        part.break_before = False  # one screen, not pages
    html = print_html(PrintedReport(version=version, form_title=document.form_title, parts=parts), preview=True,
                      csp_nonce=str(request.csp_nonce), page_frame=False,
                      preview_note=_("Print layout of this section, made in %(seconds).2f s from what was saved last.")
                      % {"seconds": time.perf_counter() - started})
    response = HttpResponse(html)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def figure(request: HttpRequest, slug: str, report_id: int, number: int, uid) -> HttpResponse:
    """A figure of the version, for the preview: checked as the renderer checks it, and sent so
    that a browser can only ever show it as an image."""
    _membership, version = access.get_version(request, slug, report_id, number)
    record = BusinessFigure.objects.filter(version=version, uid=uid).first()
    if record is None or not record.image:
        raise Http404
    try:
        with record.image.open("rb") as handle:
            content = handle.read()
        mime, _extension = check_figure(content)
    except (FigureError, OSError):
        raise Http404 from None
    response = HttpResponse(content, content_type=mime)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


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


@require_POST
@login_required
def retry(request: HttpRequest, slug: str, report_id: int, number: int, render_id: int) -> HttpResponse:
    """管理者's 「PDFを作り直す」 for a failed or stuck render (a publication waiting on it goes on)."""
    render = _render(request, slug, report_id, number, render_id)
    was_done = render.status == RenderStatus.DONE
    try:
        retry_render(render, actor=request.user)
    except RenderRequestError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("This PDF was already made; what was waiting for it has gone on.") if was_done
                         else _("The PDF is being made again."))
    return redirect("reports:report_detail", slug=slug, report_id=report_id)


@login_required
def download(request: HttpRequest, slug: str, report_id: int, number: int, render_id: int) -> FileResponse:
    render = _render(request, slug, report_id, number, render_id)
    if render.status != RenderStatus.DONE:
        raise Http404
    response = FileResponse(
        render.file.open("rb"), content_type="application/pdf", as_attachment=True, filename=pdf_file_name(render.version)
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _render(request, slug, report_id, number, render_id) -> PdfRender:
    _membership, version = access.get_version(request, slug, report_id, number)
    render = version.renders.filter(pk=render_id).first()
    if render is None:
        raise Http404
    return render


@login_required
def bulk_render_status(request: HttpRequest, slug: str, batch_id: int) -> JsonResponse:
    """How far a bulk re-render of the organisation's PDFs has got (manage.py rerender_pdfs)."""
    membership = organisation_access.get_membership(request, slug)
    batch = BulkRender.objects.filter(pk=batch_id, organisation=membership.organisation).first()
    if batch is None:
        raise Http404
    state = bulk.progress(batch)
    return JsonResponse({
        "progress": state.percent, "finished": batch.finished_at is not None,
        "label": _("%(done)s of %(total)s made") % {"done": state.done, "total": state.total}
        + (_(" (%(failed)s failed)") % {"failed": state.failed} if state.failed else ""),
    })
