from celery import shared_task
from django.utils import timezone


@shared_task(name="pia_portal.planning.tasks.send_duty_reminders")
def send_duty_reminders() -> int:
    """Run by celery beat every morning (CELERY_BEAT_SCHEDULE). The end of publication of an ended
    事務's reports is a duty like the others: reminded, and confirmed by staff (archive_affair)."""
    from .reminders import send_reminders

    return send_reminders(timezone.localdate())
