"""HTML and PDF of a version, from the one print template."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.core.serializers.json import DjangoJSONEncoder

from pia_portal.reports.models import Version
from pia_portal.reports.serialization import export_version, without_uids

from .document import build


class RenderError(Exception):
    """The version cannot be printed as it is; the message says why, in Japanese."""


def render_html(version: Version, *, preview: bool = False, figure_src=None, csp_nonce: str = "", draft_mark: bool = False,
                back_url: str = "") -> str:
    """`draft_mark` prints 「案」 on every page: the draft shown to residents for their comments;
    `back_url` (the preview only) is the way back to the editor."""
    document = build(version, figure_src=figure_src) if figure_src else build(version)
    return render_to_string("print/report.html", {
        "report": document, "preview": preview, "csp_nonce": csp_nonce, "draft_mark": draft_mark, "back_url": back_url,
    })


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def render_pdf(version: Version, *, draft_mark: bool = False) -> RenderedPdf:
    from weasyprint import HTML  # imported here: the web process never needs it

    from .fetcher import FigureFetcher

    fetcher = FigureFetcher(version)
    document = HTML(string=render_html(version, draft_mark=draft_mark), base_url=None, url_fetcher=fetcher).render()
    if fetcher.failed:
        raise RenderError("図を読み込めないため、PDFを作成できません: " + "、".join(fetcher.failed))
    # WeasyPrint writes no creation date unless the HTML asks for one; with an identifier derived
    # from the content, the same content gives the same bytes.
    content = document.write_pdf(pdf_identifier=content_key(version, draft_mark=draft_mark).encode("ascii"))
    return RenderedPdf(content=content, pages=len(document.pages))


def publication_date(version: Version):
    """The 公表日 the publication chose, printed on the cover instead of what the draft said."""
    publication = getattr(version, "publication", None)
    return publication.published_on if publication is not None else None


def content_key(version: Version, *, draft_mark: bool = False, published_on=None) -> str:
    """A digest of everything the PDF shows, so identical content is recognised."""
    shown = {"content": without_uids(export_version(version)), "organisation": version.report.organisation.name}
    if draft_mark:
        shown["draft_mark"] = True
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
