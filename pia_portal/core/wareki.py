"""和暦 (Japanese era) dates: formatting and parsing.

Dates are stored as ISO dates with a precision (day or month: the forms allow 「平成27年10月」);
this module is the only place that knows the era table. A new era is one line in ERAS.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

DAY = "day"
MONTH = "month"


@dataclass(frozen=True)
class Era:
    name: str
    initial: str  # the Latin initial used in short forms: R5.4.28
    start: dt.date


# Newest first. 明治 starts here at the adoption of the Gregorian calendar (明治6年1月1日);
# earlier dates never occur in these documents.
ERAS = (
    Era("令和", "R", dt.date(2019, 5, 1)),
    Era("平成", "H", dt.date(1989, 1, 8)),
    Era("昭和", "S", dt.date(1926, 12, 25)),
    Era("大正", "T", dt.date(1912, 7, 30)),
    Era("明治", "M", dt.date(1873, 1, 1)),
)
_BY_NAME = {era.name: era for era in ERAS} | {era.initial: era for era in ERAS}


class WarekiError(ValueError):
    """A date that cannot be read; the message is shown to staff as it is."""


def era_of(day: dt.date) -> Era:
    for era in ERAS:
        if day >= era.start:
            return era
    raise WarekiError(f"{day.isoformat()} は対応する元号より前の日付です。")


def _era_end(era: Era) -> dt.date | None:
    index = ERAS.index(era)
    return ERAS[index - 1].start - dt.timedelta(days=1) if index else None


def format_date(day: dt.date | None, precision: str = DAY, *, short: bool = False) -> str:
    """令和5年4月28日 (or 令和5年4月 with month precision; R5.4.28 when short)."""
    if day is None:
        return ""
    era = era_of(day)
    year = day.year - era.start.year + 1
    if short:
        text = f"{era.initial}{year}.{day.month}"
        return text if precision == MONTH else f"{text}.{day.day}"
    year_text = "元" if year == 1 else str(year)
    text = f"{era.name}{year_text}年{day.month}月"
    return text if precision == MONTH else f"{text}{day.day}日"


_WAREKI = re.compile(
    r"^(?P<era>令和|平成|昭和|大正|明治|[RHSTM])\s*(?P<year>元|\d{1,2})\s*[年.\-/]\s*"
    r"(?P<month>\d{1,2})\s*(?:[月.\-/]\s*(?P<day>\d{1,2})\s*日?|月)?$"
)
_SEIREKI = re.compile(
    r"^(?P<year>\d{4})\s*[年.\-/]\s*(?P<month>\d{1,2})\s*(?:[月.\-/]\s*(?P<day>\d{1,2})\s*日?|月)?$"
)


def parse_date(text: str) -> tuple[dt.date, str]:
    """Read 令和5年4月28日, 令和元年5月1日, R5.4.28, 2023-04-28, 2023年4月28日 or 平成27年10月.

    Returns the date and its precision (a month-only date is stored as the first of the month).
    Full-width digits and letters are accepted.
    """
    cleaned = unicodedata.normalize("NFKC", text or "").strip().upper()
    if not cleaned:
        raise WarekiError("日付を入力してください。")
    match = _WAREKI.match(cleaned)
    if match:
        era = _BY_NAME[match["era"]]
        year_in_era = 1 if match["year"] == "元" else int(match["year"])
        if year_in_era < 1:
            raise WarekiError(f"「{text}」の年が正しくありません。")
        year = era.start.year + year_in_era - 1
    else:
        match = _SEIREKI.match(cleaned)
        if not match:
            raise WarekiError(
                f"「{text}」は日付として読めません。令和5年4月28日、R5.4.28、2023-04-28 のように入力してください。"
            )
        era = None
        year = int(match["year"])
    month = int(match["month"])
    precision = DAY if match["day"] else MONTH
    try:
        day = dt.date(year, month, int(match["day"]) if match["day"] else 1)
    except ValueError:
        raise WarekiError(f"「{text}」は存在しない日付です。") from None
    if era is not None:
        end = _era_end(era)
        last_day_meant = day if precision == DAY else _last_of_month(day)
        if last_day_meant < era.start or (end and day > end):
            raise WarekiError(f"「{text}」は{era.name}の期間外の日付です。")
    return day, precision


def _last_of_month(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)
