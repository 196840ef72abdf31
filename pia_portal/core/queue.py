"""Sending work to the Celery workers without making anyone wait for the broker.

The row that asks for the work (a PDF render, an import) is saved first, and the task is sent once
that transaction commits. If the broker cannot be reached then, the request has still been kept:
the task is not sent now, and the sweeps that celery beat runs (they look for work queued long
ago and not done) send it again once the broker is back. The person is answered at once instead
of after the client's retries, and never with an error for work that is safe in the database."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import transaction

logger = logging.getLogger(__name__)


def broker_errors() -> tuple[type[BaseException], ...]:
    from kombu.exceptions import OperationalError
    from redis.exceptions import RedisError

    return OperationalError, RedisError, ConnectionError


def send_on_commit(task, args: tuple, *, task_id: str, **options) -> None:
    def send() -> None:
        try:
            task.apply_async(args, task_id=task_id, **options)
        except broker_errors() as error:
            logger.warning("broker unreachable: %s %s left for the sweep (%s)", task.name, args, error)

    transaction.on_commit(send)


@contextmanager
def repeated(every: float, action: Callable[[], None], *, name: str,
             at_exit: Callable[[], None] | None = None) -> Iterator[None]:
    """Run `action` every `every` seconds, in a thread of its own, until the block ends: a lease a
    worker renews while it works (a render's heartbeat, a part being made); `at_exit` runs in
    that thread when it stops."""
    stop = threading.Event()

    def run() -> None:
        try:
            while not stop.wait(every):
                action()
        finally:
            if at_exit is not None:
                at_exit()

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)
