"""Shared world for the stories the tests tell: organisations, people with roles, a real Celery
worker and a real browser. Nothing of the portal itself is mocked."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from pia_portal.organisations.models import Membership, Organisation, Role

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference"
PASSWORD = "correct-horse-battery"

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run inside
# one unless told that the test process knows what it is doing.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _redis_url_with_db(url: str, db: int) -> str:
    if url.startswith("redis+socket://"):
        return url.split("?")[0] + f"?virtual_host={db}"
    if url.startswith("unix://"):
        return url.split("?")[0] + f"?db={db}"
    base, _, last = url.rstrip("/").rpartition("/")
    return f"{base}/{db}" if last.isdigit() else f"{url.rstrip('/')}/{db}"


def _own_redis_databases_per_test_process() -> None:
    """Under pytest-xdist each test process has its own Celery worker, and pytest-django gives it
    its own test database; it also needs its own Redis databases, or one process's worker would
    take the other's tasks (and look for their rows in the wrong database) and a cache clear in
    one would wipe the other's rate-limit counters. Settings are loaded before this file, so the
    change is made to them, to the Celery app and, for child processes, to the environment."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return
    number = int(worker.removeprefix("gw"))
    if number > 2:
        raise pytest.UsageError("the tests give Redis databases 10-15 to at most three processes (-n 3)")
    broker = _redis_url_with_db(settings.CELERY_BROKER_URL, 10 + number)
    settings.CELERY_BROKER_URL = settings.CELERY_RESULT_BACKEND = broker
    os.environ.update(CELERY_BROKER_URL=broker, CELERY_RESULT_BACKEND=broker)
    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        cache = _redis_url_with_db(settings.CACHES["default"]["LOCATION"], 13 + number)
        settings.CACHES["default"]["LOCATION"] = os.environ["CACHE_URL"] = cache
    from pia_portal.celery import app

    app.conf.update(broker_url=broker, result_backend=broker)


_own_redis_databases_per_test_process()


@pytest.fixture(scope="session")
def media_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _test_media(settings, media_root):
    settings.MEDIA_ROOT = str(media_root)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters live in Redis and outlast a test.
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # The live server serves /static/ through the finders, which know only unhashed names.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture
def organisation(db) -> Organisation:
    return Organisation.objects.create(name="山口市長", slug="yamaguchi")


@pytest.fixture
def other_organisation(db) -> Organisation:
    return Organisation.objects.create(name="鹿児島市長", slug="kagoshima")


@pytest.fixture
def make_person(db, django_user_model):
    def make(username: str, organisation: Organisation | None = None, *roles: Role):
        user = django_user_model.objects.create_user(username=username, password=PASSWORD, email=f"{username}@example.jp")
        if organisation is not None:
            Membership.objects.create(user=user, organisation=organisation, roles=list(roles) or [Role.AUTHOR])
        return user

    return make


@pytest.fixture
def author(make_person, organisation):
    return make_person("author", organisation, Role.AUTHOR)


@pytest.fixture
def reference_dir() -> Path:
    if not REFERENCE.is_dir():
        pytest.skip("../shared/reference is not beside this checkout")
    return REFERENCE


# The real worker ------------------------------------------------------------------------------


class WorkerProcess:
    """A real `celery worker` process on the real broker, reading the test database. Tests that
    kill it (as the system would) start it again with `restart()`."""

    def __init__(self, env: dict[str, str]):
        self.env = env
        self.process: subprocess.Popen | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "pia_portal", "worker", "--loglevel", "warning",
                "--queues", "default,pdf", "--concurrency", "1", "--pool", "prefork", "--without-heartbeat",
                "--without-gossip", "--without-mingle", "--hostname", f"tests-{os.getpid()}-{time.monotonic_ns()}@%h",
            ],
            env=self.env,
            cwd=ROOT,
        )
        from pia_portal.celery import app

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the Celery worker exited during start-up")
            if app.control.ping(timeout=1):
                return
        self.process.kill()
        raise RuntimeError("the Celery worker did not answer a ping within 60 s")

    def kill(self) -> None:
        """SIGKILL the worker and its pool, as an out-of-memory kill or a crashed host would."""
        import psutil

        parent = psutil.Process(self.process.pid)
        for child in parent.children(recursive=True):
            child.kill()
        parent.kill()
        self.process.wait(timeout=20)

    def restart(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.kill()
        self.start()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="session")
def mail_dir(tmp_path_factory) -> Path:
    """Where the real worker's e-mails land (Django's file backend), for tests to read."""
    return tmp_path_factory.mktemp("mail")


@pytest.fixture(scope="session")
def worker_env(media_root, mail_dir) -> dict[str, str]:
    return dict(os.environ, DATABASE_NAME=settings.DATABASES["default"]["NAME"], MEDIA_ROOT=str(media_root),
                EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend", EMAIL_FILE_PATH=str(mail_dir))


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, worker_env):
    worker = WorkerProcess(worker_env)
    worker.start()
    yield worker
    worker.stop()


# The real browser -----------------------------------------------------------------------------

CHROMIUM = os.environ.get("PLAYWRIGHT_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    # Reduced motion turns off Bootstrap's smooth scrolling: scrolled into view while the page is
    # still gliding, a button can be clicked where it no longer is (a save that never happened).
    context = browser.new_context(locale="ja-JP", base_url=live_server.url, viewport={"width": 1280, "height": 900},
                                  reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def until_finished(record, seconds: float, step: float = 0.3):
    """A render or import job once a worker has finished it (or the deadline passed), fresh from the database."""
    deadline = time.monotonic() + seconds
    while not record.is_finished and time.monotonic() < deadline:
        time.sleep(step)
        record.refresh_from_db()
    return record


def screenshot(page, name: str) -> None:
    """Keeps what the browser showed, for people to look at (test-artifacts/ is not committed)."""
    directory = ROOT / "test-artifacts"
    directory.mkdir(exist_ok=True)
    page.screenshot(path=str(directory / f"{name}.png"), full_page=True)


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def assert_accessible(page) -> None:
    """axe-core's WCAG 2.1 A/AA rules on the page as the browser shows it: no violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    assert not violations, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(f"{n['target']}: {n.get('failureSummary', '')[-160:]}" for n in v["nodes"][:6])
        for v in violations
    )
