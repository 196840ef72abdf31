"""A published PDF's pages as images, for reading in the browser on any device (phones show no
inline PDF): drawn by PDFium on first request and kept in the media storage by the PDF's
SHA-256, so an edition's images are made once and never change."""

from __future__ import annotations

import io
import threading
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from pia_portal.rendering.models import PdfRender

WIDTHS = {"page": 1000, "thumb": 160}
_pdfium = threading.Lock()  # PDFium is not thread-safe


class NoSuchPage(Exception):
    pass


def page_image(render: PdfRender, number: int, size: str) -> bytes:
    """PNG of page `number` (1-based) at one of WIDTHS."""
    if size not in WIDTHS or not 1 <= number <= (render.pages or 0):
        raise NoSuchPage
    name = f"pages/{render.sha256}/{size}-{number}.png"
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as handle:
            return handle.read()
    content = _draw(render, number, WIDTHS[size])
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(content))
    return content


def page_text(render: PdfRender, number: int) -> str:
    """The text of a page, beside its image for screen readers and for copying."""
    if not 1 <= number <= (render.pages or 0):
        raise NoSuchPage
    with _page(render, number) as page:
        return page.get_textpage().get_text_bounded()


@contextmanager
def _page(render: PdfRender, number: int):
    import pypdfium2

    with render.file.open("rb") as handle:
        data = handle.read()
    with _pdfium:
        document = pypdfium2.PdfDocument(data)
        try:
            yield document[number - 1]
        finally:
            document.close()


def _draw(render: PdfRender, number: int, width: int) -> bytes:
    with _page(render, number) as page:
        image = page.render(scale=width / page.get_width(), grayscale=False).to_pil()
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
