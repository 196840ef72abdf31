"""和暦: staff type dates the way they write them, and see them the way the form prints them."""

import datetime as dt

import pytest
from django.template import Context, Template

from pia_portal.core.wareki import DAY, MONTH, WarekiError, format_date, parse_date


@pytest.mark.parametrize(
    "day, precision, printed",
    [
        (dt.date(2023, 4, 28), DAY, "令和5年4月28日"),
        (dt.date(2019, 5, 1), DAY, "令和元年5月1日"),
        (dt.date(2019, 4, 30), DAY, "平成31年4月30日"),
        (dt.date(1989, 1, 8), DAY, "平成元年1月8日"),
        (dt.date(1989, 1, 7), DAY, "昭和64年1月7日"),
        (dt.date(2015, 10, 1), MONTH, "平成27年10月"),
    ],
)
def test_dates_print_in_wareki(day, precision, printed):
    assert format_date(day, precision) == printed


@pytest.mark.parametrize(
    "typed, day, precision",
    [
        ("令和5年4月28日", dt.date(2023, 4, 28), DAY),
        ("令和元年5月1日", dt.date(2019, 5, 1), DAY),
        ("R5.4.28", dt.date(2023, 4, 28), DAY),
        ("r5/4/28", dt.date(2023, 4, 28), DAY),
        ("Ｒ５．４．２８", dt.date(2023, 4, 28), DAY),
        ("令和５年４月２８日", dt.date(2023, 4, 28), DAY),
        ("2023-04-28", dt.date(2023, 4, 28), DAY),
        ("2023年4月28日", dt.date(2023, 4, 28), DAY),
        ("平成27年10月", dt.date(2015, 10, 1), MONTH),
        ("H27.10", dt.date(2015, 10, 1), MONTH),
        ("平成31年4月30日", dt.date(2019, 4, 30), DAY),
    ],
)
def test_the_ways_staff_type_dates_are_all_understood(typed, day, precision):
    assert parse_date(typed) == (day, precision)


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "日付を入力してください"),
        ("来週の月曜", "日付として読めません"),
        ("令和5年2月30日", "存在しない日付"),
        ("平成31年5月1日", "平成の期間外"),
        ("令和1年4月30日", "令和の期間外"),
    ],
)
def test_impossible_dates_get_a_clear_japanese_message(typed, message):
    with pytest.raises(WarekiError, match=message):
        parse_date(typed)


def test_the_template_filter_prints_wareki():
    rendered = Template('{{ d|wareki }} / {{ d|wareki:"short" }} / {{ d|wareki:"month" }}').render(
        Context({"d": dt.date(2023, 4, 28)})
    )
    assert rendered == "令和5年4月28日 / R5.4.28 / 令和5年4月"
