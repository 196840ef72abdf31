"""HTML and PDF of a version, from the one print template."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.core.serializers.json import DjangoJSONEncoder

from pia_portal.core.wareki import format_date
from pia_portal.reports.models import Version
from pia_portal.reports.serialization import export_version, without_uids

from .document import PrintedReport, build


class RenderError(Exception):
    """The version cannot be printed as it is; the message says why, in Japanese."""


def render_html(version: Version, *, preview: bool = False, figure_src=None, csp_nonce: str = "", draft_mark: bool = False,
                public: bool = False, printed_at=None, back_url: str = "") -> str:
    """`draft_mark` prints 「案」 on every page and the version and time in the footer (drafts,
    review copies, the draft shown to residents); `public` prints 公表しない部分 as 「(非公表)」
    (the published PDF and the draft shown to residents); `back_url` (the preview only) is the
    way back to the editor."""
    options = {"figure_src": figure_src} if figure_src else {}
    document = build(version, public=public, **options)
    return print_html(document, preview=preview, csp_nonce=csp_nonce, draft_mark=draft_mark, printed_at=printed_at,
                      back_url=back_url)


def print_html(document: PrintedReport, *, page_frame: bool = True, preview: bool = False, csp_nonce: str = "",
               draft_mark: bool = False, printed_at=None, back_url: str = "", preview_note: str = "") -> str:
    """The print template over `document` (or some of its parts). Without `page_frame` the pages
    carry only the content, for the parallel renderer (parts.py), which frames them itself."""
    version = document.version
    return render_to_string("print/report.html", {
        "report": document, "preview": preview, "csp_nonce": csp_nonce, "draft_mark": draft_mark, "back_url": back_url,
        "page_frame": page_frame, "organisation": version.report.organisation.name, "version": version, "preview_note": preview_note,
        "document_title": document_title(document.title, draft_mark),
        "printed_at": format_datetime(printed_at) if draft_mark and printed_at else "",
    })


def document_title(report_title: str, draft_mark: bool) -> str:
    """The PDF's title (the single pass's <title>, the assembled file's metadata): a draft's ends
    in 「(案)」."""
    return report_title + ("(案)" if draft_mark else "")


def format_datetime(moment) -> str:
    """「令和8年11月23日 14:05」 in Japan's time."""
    local = timezone.localtime(moment)
    return f"{format_date(local.date())} {local:%H:%M}"


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def layout(version: Version, html: str):
    """WeasyPrint's document of `html` (the whole print document or a part of it), loading only
    the version's own figures. Raises RenderError if one of them cannot be read."""
    from weasyprint import HTML  # imported here: the web process never needs it

    from .fetcher import FigureFetcher

    fetcher = FigureFetcher(version)
    document = HTML(string=html, base_url=None, url_fetcher=fetcher).render()
    if fetcher.failed:
        raise RenderError("図を読み込めないため、PDFを作成できません: " + "、".join(fetcher.failed))
    return document


def render_pdf(version: Version, *, draft_mark: bool = False, public: bool = False, printed_at=None) -> RenderedPdf:
    """The whole document in one WeasyPrint pass (the worker renders it in parts: parts.py)."""
    document = layout(version, render_html(version, draft_mark=draft_mark, public=public, printed_at=printed_at))
    # WeasyPrint writes no creation date unless the HTML asks for one; with an identifier derived
    # from the content, the same content gives the same bytes.
    # PDF/UA-1: tagged (a structure tree a screen reader follows), with the language and title.
    key = content_key(version, draft_mark=draft_mark, public=public)
    content = document.write_pdf(pdf_identifier=key.encode("ascii"), pdf_variant="pdf/ua-1")
    return RenderedPdf(content=content, pages=len(document.pages))


def publication_date(version: Version):
    """The 公表日 the publication chose, printed on the cover instead of what the draft said."""
    publication = getattr(version, "publication", None)
    return publication.published_on if publication is not None else None


def content_key(version: Version, *, draft_mark: bool = False, public: bool = False, published_on=None) -> str:
    """A digest of everything the PDF shows, so identical content is recognised."""
    shown = {"content": without_uids(export_version(version)), "organisation": version.report.organisation.name}
    if draft_mark:
        shown["draft_mark"] = True
    if public:
        shown["withheld"] = sorted(f"{uid}:{attr}" for uid, attr in version.withheld_parts.values_list("record_uid", "attr"))
    published_on = published_on or publication_date(version)
    if published_on:
        shown["published_on"] = published_on
    data = json.dumps(
        shown,
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(data.encode("utf-8")).hexdigest()
