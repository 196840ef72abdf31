"""Reminders of the duties: one e-mail per organisation a day at most, to its 管理者 and authors,
when a duty comes within 30 days, within 7 days, and when it is overdue. Each stage of each duty
is sent once (DutyReminder), so a day the beat missed is caught up the next day."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from pia_portal.audit.log import log_action
from pia_portal.core.wareki import format_date
from pia_portal.organisations.access import emails_of
from pia_portal.organisations.models import Organisation, Role

from .duties import REMINDER_DAYS, Duty
from .models import DutyReminder
from .plan import plan_of

RECIPIENT_ROLES = (Role.ADMIN, Role.AUTHOR)


def stage_of(duty: Duty, today: dt.date) -> str | None:
    """"overdue", "7" or "30" (days before), or None while the due date is further away."""
    left = duty.days_left(today)
    if left < 0:
        return "overdue"
    for days in sorted(REMINDER_DAYS):
        if left <= days:
            return str(days)
    return None


def _line(row, duty: Duty, stage: str, today: dt.date) -> str:
    when = f"期限を{-duty.days_left(today)}日過ぎています" if stage == "overdue" else f"あと{duty.days_left(today)}日"
    return f"・{row.affair.number} {row.affair.name}: {duty.label} 期限 {format_date(duty.due_on)}({when})\n  {duty.basis}"


def send_reminders(today: dt.date) -> int:
    """Sends what is due today; returns the number of e-mails sent."""
    sent = 0
    for organisation in Organisation.objects.order_by("pk"):
        recipients = emails_of(organisation, *RECIPIENT_ROLES)
        lines = []
        with transaction.atomic():
            for row in plan_of(organisation):
                for duty in row.duties:
                    stage = stage_of(duty, today)
                    if stage is None:
                        continue
                    try:
                        with transaction.atomic():
                            DutyReminder.objects.create(affair=row.affair, duty=duty.key, due_on=duty.due_on,
                                                        stage=stage, recipients=len(recipients))
                    except IntegrityError:  # this stage was sent already
                        continue
                    lines.append(_line(row, duty, stage, today))
            if not lines:
                continue
            log_action("duties.reminded", actor=None, organisation=organisation,
                       data={"duties": len(lines), "recipients": len(recipients)})
            if recipients:
                link = settings.SITE_URL.rstrip("/") + reverse("planning:plan", args=[organisation.slug])
                body = (f"{organisation.name}\n特定個人情報保護評価の期限が近づいている、又は過ぎている事務があります。\n\n"
                        + "\n".join(lines) + f"\n\n計画管理書: {link}\n")
                transaction.on_commit(lambda body=body, recipients=recipients: send_mail(
                    f"[PIA Portal] 特定個人情報保護評価の期限のお知らせ({len(lines)}件)", body,
                    settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True,
                ))
                sent += 1
    return sent
