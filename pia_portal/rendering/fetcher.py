"""What WeasyPrint may load while it renders a version: the version's own stored figures, by the
uid the print document names them with, read through the storage API and checked again. Nothing
else: no http(s), no file:, no data: URL, whatever a text, a figure or a stylesheet names.

A figure of the version that cannot be loaded is remembered, and `render_pdf` fails the render
with its name instead of printing a silent gap."""

from __future__ import annotations

import logging

from weasyprint.urls import URLFetcher, URLFetcherResponse

from pia_portal.reports import models as m
from pia_portal.reports.figures import FigureError, check_figure

from .document import FIGURE_SCHEME

logger = logging.getLogger(__name__)


class RefusedURL(ValueError):
    pass


class FigureFetcher(URLFetcher):
    def __init__(self, version: m.Version):
        super().__init__(allowed_protocols=(FIGURE_SCHEME,), allow_redirects=False, timeout=1)
        self.figures = {figure.uid.hex: figure for figure in m.BusinessFigure.objects.filter(version=version)}
        self.refused: list[str] = []
        self.failed: list[str] = []

    def fetch(self, url, headers=None):
        scheme, _, key = url.partition(":")
        figure = self.figures.get(key) if scheme == FIGURE_SCHEME else None
        if figure is None or not figure.image:
            self.refused.append(url[:200])
            logger.warning("renderer refused to fetch %s", url[:200])
            raise RefusedURL("only the version's own figures are loaded")
        try:
            with figure.image.open("rb") as handle:
                content = handle.read()
            mime, _extension = check_figure(content)
        except (FigureError, OSError) as error:
            self.failed.append(f"{figure.title or '(表題なし)'}: {error}")
            raise
        return URLFetcherResponse(url, content, {"Content-Type": mime})
