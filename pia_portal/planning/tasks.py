from celery import shared_task
from django.utils import timezone


@shared_task(name="pia_portal.planning.tasks.send_duty_reminders")
def send_duty_reminders() -> int:
    """Run by celery beat every morning (CELERY_BEAT_SCHEDULE); also ends the publication of the
    reports of 事務 ended more than 3 years ago."""
    from .reminders import send_reminders
    from .services import archive_ended_affairs

    today = timezone.localdate()
    archive_ended_affairs(today)
    return send_reminders(today)
