"""Figures of (別添1) 事務の内容: the one check that every way in (editor upload, JSON import) and
the renderer apply, so that only a decodable PNG or JPEG of bounded size is ever stored or printed.

SVG, GIF, WebP and friends are refused: an SVG can name other files and URLs, which the renderer
would then fetch, and the official form needs nothing beyond a picture.
"""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

from pia_portal.core.text import safe_file_name

FORMATS = {"PNG": ("image/png", "png"), "JPEG": ("image/jpeg", "jpg")}
MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 30_000_000  # an A4 page at 600 dpi is 35 MP; 30 MP keeps a render's memory bounded


class FigureError(ValueError):
    """The file is not a figure the form can print; the message is for staff, in Japanese."""


def check_figure(content: bytes) -> tuple[str, str]:
    """(MIME type, extension) of a valid figure, or FigureError saying what is wrong."""
    if not content:
        raise FigureError("図のファイルが空です。")
    if len(content) > MAX_BYTES:
        raise FigureError(f"図のファイルが大きすぎます({MAX_BYTES // (1024 * 1024)}MBまで)。")
    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.format not in FORMATS:
                raise FigureError("図はPNG又はJPEGの画像にしてください(SVG・GIF等は使えません)。")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise FigureError(f"図の画素数が多すぎます({width}×{height})。{MAX_PIXELS // 1_000_000}百万画素までにしてください。")
            found = image.format
            image.verify()
        # verify() checks the structure only; decoding the pixels proves the file is whole.
        with Image.open(io.BytesIO(content)) as image:
            image.load()
    except FigureError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as error:
        raise FigureError("図を画像として読み取れません。PNG又はJPEGのファイルを選んでください。") from error
    return FORMATS[found]


def figure_file_name(name: str, extension: str) -> str:
    """The stored name of a figure: its own stem, the extension of what it really is."""
    stem = safe_file_name(name, default="figure").rsplit(".", 1)[0] or "figure"
    return f"{stem}.{extension}"
