"""The worker path is real: a task goes through the broker to a worker process and back."""

import uuid

import pytest

from pia_portal.core.tasks import health_check

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def test_a_task_round_trips_through_the_real_broker_and_worker(celery_worker_process, settings):
    token = uuid.uuid4().hex

    result = health_check.delay(token).get(timeout=60)

    assert result == {"token": token, "database": settings.DATABASES["default"]["NAME"]}
