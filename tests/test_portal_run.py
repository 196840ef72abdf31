"""`./portal run` as a newcomer (and a process manager) uses it: with nothing configured it starts
embedded PostgreSQL and Redis, the demo, web, worker and beat; stopped, it stops all of them. As the
README shows it next, pointed at real servers, it runs the same children."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import psutil
import psycopg
import pytest
from django.conf import settings

from tests.conftest import _redis_url_with_db

ROOT = Path(__file__).resolve().parent.parent
CONFIGURED = ("DATABASE_URL", "DATABASE_NAME", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "CACHE_URL", "MEDIA_ROOT")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_line(log: Path, text: str, process: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in log.read_text(errors="replace"):
            return
        if process.poll() is not None:
            break
        time.sleep(0.5)
    raise AssertionError(f"`portal run` did not print {text!r}:\n{log.read_text(errors='replace')[-3000:]}")


def public_page(url: str, seconds: float) -> str:
    """The page once web answers: it starts listening a moment after the portal says it runs."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                assert response.status == 200
                return response.read().decode()
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_a_portal_started_with_nothing_configured_stops_everything_it_started_when_terminated(tmp_path):
    """Given `portal run` with no database or broker configured (its own embedded servers, in a
    directory of their own), when the system terminates it as a process manager does, then web,
    worker, beat and the embedded servers stop with it and nothing is left running."""
    env = {key: value for key, value in os.environ.items() if key not in CONFIGURED}
    env.update(EMBEDDED_DIR=str(tmp_path / "data"), MEDIA_ROOT=str(tmp_path / "media"), SECRET_KEY="test-only-secret-key")
    port = free_port()
    log = tmp_path / "portal.log"
    with log.open("w") as output:
        portal = subprocess.Popen([sys.executable, "-m", "pia_portal.launcher", "run", "--port", str(port)], env=env,
                                  cwd=ROOT, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    started: list[psutil.Process] = []
    try:
        wait_for_line(log, "PIA Portal is running", portal, seconds=240)
        assert "評価書" in public_page(f"http://127.0.0.1:{port}/", seconds=60)
        started += psutil.Process(portal.pid).children(recursive=True)
        commands = " ".join(" ".join(child.cmdline()) for child in started)
        assert "gunicorn" in commands and "celery -A pia_portal worker" in commands and "celery -A pia_portal beat" in commands
        postmaster = tmp_path / "data" / "postgres" / "postmaster.pid"
        assert postmaster.exists()

        # The embedded servers die (killed by the system): the launcher starts them again, and the
        # portal answers as before.
        redis = next(child for child in started if "redis-server" in " ".join(child.cmdline()))
        redis.kill()
        postgres = psutil.Process(int(postmaster.read_text().splitlines()[0]))
        postgres.kill()
        wait_for_line(log, "embedded Redis stopped", portal, seconds=30)
        wait_for_line(log, "embedded PostgreSQL stopped", portal, seconds=30)
        # A deadline, not a target: on a loaded machine the servers take a while to come back.
        assert "評価書" in public_page(f"http://127.0.0.1:{port}/", seconds=180)
        assert (tmp_path / "data" / "redis" / "redis.sock").exists()
        started = psutil.Process(portal.pid).children(recursive=True)

        portal.send_signal(signal.SIGTERM)
        assert portal.wait(timeout=60) == 0, log.read_text(errors="replace")[-3000:]
        _gone, alive = psutil.wait_procs(started, timeout=30)
        assert not alive, f"still running after the portal stopped: {[child.cmdline() for child in alive]}"
        deadline = time.monotonic() + 30
        while postmaster.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not postmaster.exists(), "the embedded PostgreSQL is still running"
    finally:
        if portal.poll() is None:
            os.killpg(portal.pid, signal.SIGKILL)
        # What a failing run leaves: its children (gone from the portal's process group if it was
        # killed) and the embedded servers, which run under tmp_path.
        leftovers = [process for process in psutil.process_iter() if _runs_under(process, tmp_path)]
        for leftover in [*started, *leftovers]:
            try:
                leftover.kill()
            except psutil.Error:
                pass


def _runs_under(process: psutil.Process, directory: Path) -> bool:
    try:
        return str(directory) in " ".join(process.cmdline())
    except psutil.Error:
        return False


@pytest.fixture
def own_database():
    """A database of its own on the test's PostgreSQL server, as an operator creates one."""
    server = settings.DATABASES["default"]
    name = f"pia_run_{os.getpid()}"
    params = {"host": server.get("HOST") or None, "port": server.get("PORT") or None, "user": server.get("USER") or None,
              "password": server.get("PASSWORD") or None}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    credentials = quote(server["USER"], safe="") + (f":{quote(server['PASSWORD'], safe='')}" if server.get("PASSWORD") else "")
    if server["HOST"].startswith("/"):  # a unix-socket directory (the embedded server): django-environ's form
        yield f"postgres://{credentials}@/{server['HOST']}/{name}"
    else:
        yield f"postgres://{credentials}@{server['HOST']}{':' + str(server['PORT']) if server.get('PORT') else ''}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_a_portal_pointed_at_real_servers_runs_web_worker_and_beat(tmp_path, own_database):
    """Given `portal run` with DATABASE_URL and CELERY_BROKER_URL set (as the README's example does)
    and no state directory yet, when it has started, then beat runs beside web and worker, keeping
    its schedule in the directory it made, and the public portal answers."""
    env = {key: value for key, value in os.environ.items() if key not in CONFIGURED}
    # Redis database 9: the test processes' workers and caches use 10-15 (tests/conftest.py).
    env.update(DATABASE_URL=own_database, CELERY_BROKER_URL=_redis_url_with_db(settings.CELERY_BROKER_URL, 9),
               EMBEDDED_DIR=str(tmp_path / "state"), MEDIA_ROOT=str(tmp_path / "media"), SECRET_KEY="test-only-secret-key")
    port = free_port()
    log = tmp_path / "portal.log"
    with log.open("w") as output:
        portal = subprocess.Popen([sys.executable, "-m", "pia_portal.launcher", "run", "--port", str(port)], env=env,
                                  cwd=ROOT, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_line(log, "PIA Portal is running", portal, seconds=240)
        text = log.read_text(errors="replace")
        assert "PostgreSQL from DATABASE_URL" in text and "Redis from CELERY_BROKER_URL" in text
        assert not (tmp_path / "state" / "postgres").exists(), "it started an embedded PostgreSQL all the same"
        assert "評価書" in public_page(f"http://127.0.0.1:{port}/", seconds=60)
        deadline = time.monotonic() + 60
        while not list((tmp_path / "state").glob("celerybeat-schedule*")) and time.monotonic() < deadline:
            assert portal.poll() is None and "beat stopped" not in log.read_text(errors="replace"), \
                log.read_text(errors="replace")[-3000:]
            time.sleep(0.5)
        assert list((tmp_path / "state").glob("celerybeat-schedule*")), log.read_text(errors="replace")[-3000:]
        portal.send_signal(signal.SIGTERM)
        assert portal.wait(timeout=60) == 0, log.read_text(errors="replace")[-3000:]
    finally:
        if portal.poll() is None:
            os.killpg(portal.pid, signal.SIGKILL)
