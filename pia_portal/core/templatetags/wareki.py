"""Template filters for 和暦: {{ day|wareki }} → 令和5年4月28日, {{ day|wareki:"short" }} → R5.4.28."""

import datetime as dt

from django import template
from django.utils import timezone

from pia_portal.core import wareki as w

register = template.Library()


@register.filter
def wareki(value, arg: str = "") -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    options = set(arg.split(",")) if arg else set()
    precision = w.MONTH if "month" in options else w.DAY
    return w.format_date(value, precision, short="short" in options)


@register.filter
def wareki_datetime(value) -> str:
    """令和5年4月28日 14:05 for timestamps shown to staff (history, audit log)."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{w.format_date(local.date())} {local:%H:%M}"
