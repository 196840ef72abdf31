"""Reading numbers that people and robots put in query strings and forms."""

from __future__ import annotations

import re
import uuid

MAX_INT = 2_147_483_647
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")  # PostgreSQL's integer: a larger id can never match a row


def int_param(value, default: int | None = None) -> int | None:
    """The integer in `value`, or `default` for anything else (letters, blanks, huge numbers)."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return number if -MAX_INT <= number <= MAX_INT else default


def uuid_param(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def slug_param(value) -> str:
    """A slug as URLs carry them, or "" for anything else (it would never match a row)."""
    text = str(value or "")
    return text if SLUG.fullmatch(text) else ""


def text_param(value, *, limit: int = 200) -> str:
    """A free-text parameter (a search query): control and bidi characters out, bounded length."""
    from .text import clean_text

    return clean_text(str(value or ""), multiline=False).strip()[:limit]
