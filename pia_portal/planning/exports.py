"""The 計画管理書 as CSV and Excel, and the duties as an iCalendar feed."""

from __future__ import annotations

import csv
import datetime as dt
import io

from .plan import PlanRow, table

TITLE = "特定個人情報保護評価計画管理書"


def as_csv(rows: list[PlanRow]) -> bytes:
    headings, body = table(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headings)
    writer.writerows(body)
    # With a byte-order mark, Excel on Japanese Windows opens UTF-8 CSV without garbling it.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(rows: list[PlanRow], organisation_name: str, today: dt.date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from pia_portal.core.wareki import format_date

    headings, body = table(rows)
    book = Workbook()
    sheet = book.active
    sheet.title = "計画管理書"
    sheet.append([TITLE])
    sheet.append([f"評価実施機関: {organisation_name}", "", f"{format_date(today)}現在"])
    sheet.append([])
    sheet.append(headings)
    for values in body:
        sheet.append(values)
    sheet["A1"].font = Font(bold=True, size=14)
    header_row = 4
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, heading in enumerate(headings, start=1):
        longest = max([len(heading)] + [len(values[index - 1]) for values in body])
        sheet.column_dimensions[get_column_letter(index)].width = min(40, max(10, longest * 2))
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=3)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def as_ical(rows: list[PlanRow], organisation_name: str, *, base_url: str, now: dt.datetime | None = None) -> bytes:
    """Each duty an all-day event on its due date, with alarms 30 and 7 days before; the UID is
    stable and one per duty (two evaluations of one 事務 are two events), so that a calendar updates
    an event when its date moves instead of adding or merging one. DTSTAMP is when the feed was made."""
    from django.utils import timezone

    from icalendar import Alarm, Calendar, Event

    from .duties import REMINDER_DAYS

    stamp = (now or timezone.now()).astimezone(dt.timezone.utc).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", "-//PIA Portal//計画管理書//JA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{organisation_name} 特定個人情報保護評価の期限")
    calendar.add("x-wr-timezone", "Asia/Tokyo")
    for row in rows:
        for duty in row.duties:
            event = Event()
            event.add("uid", f"affair-{row.affair.pk}-{duty.key}@pia-portal")
            event.add("summary", f"【{duty.label}】{row.affair.number} {row.affair.name}")
            event.add("dtstart", duty.due_on)
            event.add("dtend", duty.due_on + dt.timedelta(days=1))
            event.add("description", f"{duty.basis}\n{base_url}")
            event.add("dtstamp", stamp)
            for days in REMINDER_DAYS:
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", f"{duty.label}の期限まで{days}日")
                alarm.add("trigger", dt.timedelta(days=-days))
                event.add_component(alarm)
            calendar.add_component(event)
    return calendar.to_ical()
