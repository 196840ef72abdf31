"""When Redis (the broker and the shared cache) is down (issue #27 item 9): what people send is
kept and they are told in Japanese to try again shortly, at once, not after a 500 or a long wait.
The launcher restarting a dead embedded Redis is shown in tests/test_portal_run.py."""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from pia_portal.importing.models import ImportJob, ImportStatus
from pia_portal.organisations.models import Role
from pia_portal.procedure.models import PublicComment
from tests.test_procedure import _send, opened, people, zenkomoku  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
DEAD = "unix:///nonexistent/pia-test/redis.sock"


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {"default": {**settings.CACHES["default"], "BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": DEAD + "?db=1"}}
    yield


@pytest.fixture
def broker_down():
    from pia_portal.celery import app

    saved = app.conf.broker_url
    # The app keeps a pool of connections to the broker it was given; a pool made for the dead one
    # is dropped again afterwards.
    app.conf.broker_url = "redis+socket:///nonexistent/pia-test/redis.sock"
    app._pool = None
    yield
    app.conf.broker_url = saved
    app._pool = None


def test_a_residents_comment_is_kept_in_the_form_while_the_cache_is_down(client, zenkomoku, people, cache_down):
    period = opened(zenkomoku, people[Role.AUTHOR], today=timezone.localdate())
    started = time.monotonic()

    response = _send(client, period, body="委託先の監督方法を具体的に書いてください。")

    assert time.monotonic() - started < 10  # not the client's retries of about 19 s
    assert response.status_code == 503
    page = response.content.decode()
    assert "しばらくしてから" in page and "委託先の監督方法を具体的に書いてください。" in page
    assert not PublicComment.objects.exists()


def test_a_password_reset_while_the_cache_is_down_says_to_try_again(client, author, cache_down):
    response = client.post(reverse("accounts:password_reset"), {"email": "author@example.jp"})

    assert response.status_code == 503 and "しばらくしてから" in response.content.decode()


def test_an_import_asked_for_while_the_broker_is_down_is_kept_and_answered_at_once(client, author, organisation, broker_down):
    from pia_portal.demo.reports import load_juten
    from pia_portal.reports.serialization import export_version
    import json

    source = json.dumps(export_version(load_juten(organisation)), ensure_ascii=False).encode()
    client.force_login(author)
    started = time.monotonic()

    response = client.post(reverse("importing:upload", args=[organisation.slug]),
                           {"file": SimpleUploadedFile("report.json", source), "target": "new", "assessment_number": "88",
                            "affair": "new"})

    assert time.monotonic() - started < 10
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.QUEUED  # the sweep sends it once the broker is back


def test_any_other_page_needing_redis_answers_503_in_japanese(rf):
    from kombu.exceptions import OperationalError

    from django.contrib.auth.models import AnonymousUser

    from pia_portal.core.middleware import ServiceUnavailable

    request = rf.get("/")
    request.user = AnonymousUser()
    response = ServiceUnavailable(lambda request: None).process_exception(request, OperationalError("Error 2 connecting"))

    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "しばらくしてから" in response.content.decode()
    assert ServiceUnavailable(lambda request: None).process_exception(rf.get("/"), ValueError("a bug")) is None
