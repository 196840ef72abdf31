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


def render_html(version: Version, *, preview: bool = False) -> str:
    return render_to_string("print/report.html", {"report": build(version), "preview": preview})


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def render_pdf(version: Version) -> RenderedPdf:
    from weasyprint import HTML  # imported here: the web process never needs it

    document = HTML(string=render_html(version), base_url=None).render()
    # WeasyPrint writes no creation date unless the HTML asks for one; with an identifier derived
    # from the content, the same content gives the same bytes.
    content = document.write_pdf(pdf_identifier=content_key(version).encode("ascii"))
    return RenderedPdf(content=content, pages=len(document.pages))


def content_key(version: Version) -> str:
    """A digest of everything the PDF shows, so identical content is recognised."""
    data = json.dumps(
        {"content": without_uids(export_version(version)), "organisation": version.report.organisation.name},
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(data.encode("utf-8")).hexdigest()
