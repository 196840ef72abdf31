from celery import shared_task
from django.db import connection


@shared_task(name="pia_portal.core.tasks.health_check")
def health_check(token: str) -> dict:
    """Proves the worker path end to end: broker in, database reachable, result back."""
    with connection.cursor() as cursor:
        cursor.execute("select current_database()")
        (database,) = cursor.fetchone()
    return {"token": token, "database": database}
