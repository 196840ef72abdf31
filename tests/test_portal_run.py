"""`./portal run` as a newcomer (and a process manager) uses it: with nothing configured it starts
embedded PostgreSQL and Redis, the demo, web, worker and beat; stopped, it stops all of them."""

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

import psutil

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
        except urllib.error.URLError:
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
