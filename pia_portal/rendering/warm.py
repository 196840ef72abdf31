"""Keeping a draft's parts warm: after each save, the parts whose HTML changed are rendered into
the part cache on the `pdf` workers at low priority, so that the draft's PDF, the review copy on
submission and the published PDF are assembled from parts already made instead of rendered cold.

Saves are heard through the action log (every edit of a version writes one, in its transaction),
so the editor knows nothing of this. A burst of saves warms once: each save replaces the
version's token, and only the task holding the latest token, sent DEBOUNCE seconds after its
save, does the work."""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

# Seconds between a save and the warming it asks for: saves within it are one warming.
DEBOUNCE = 5
# Redis's priority steps run 0 (first) to 9 (last): what people wait for goes first. A render's
# own steps take 0. The parts a cold render has made while its long tables are laid out come
# behind its next steps (the split after the last piece, then the parts that waited on the
# pieces), which are its critical path; the warming after a save comes last.
WHILE_MEASURING = 3
LOW_PRIORITY = 9
# Actions that change what a version prints (editing/services.py and the withholding marks).
EDITS = ("version.edited", "version.entry_added", "version.entry_deleted", "version.entry_moved",
         "version.withheld", "version.withheld_released", "version.imported", "version.created")
APPROVED = "version.approved"


def _token_key(version_id: int) -> str:
    return f"pdf-warm:{version_id}"


def on_action_logged(sender, instance, created, **kwargs) -> None:
    """post_save of ActionLog: an edit of a version asks for its parts to be warmed."""
    if not created or instance.action not in (*EDITS, APPROVED) or not instance.object_id.isdigit():
        return
    from pia_portal.reports.models import Version

    if instance.content_type_id is None or instance.content_type.model_class() is not Version:
        return
    if instance.action == APPROVED:
        # Published most likely today: its cover with today's 公表日 is made now, not at 公表.
        schedule(int(instance.object_id), published_on=timezone.localdate().isoformat(), countdown=0)
    else:
        schedule(int(instance.object_id))


def schedule(version_id: int, *, published_on: str = "", countdown: int = DEBOUNCE) -> None:
    """Warm the version's parts `countdown` seconds after the transaction commits, unless it is
    saved again meanwhile."""
    from pia_portal.core.queue import broker_errors

    from .tasks import warm_version_parts

    token = uuid.uuid4().hex

    def send() -> None:
        try:
            cache.set(_token_key(version_id), token, timeout=3600)
            warm_version_parts.apply_async((version_id, token, published_on), countdown=countdown, queue="pdf",
                                           priority=LOW_PRIORITY)
        except (*broker_errors(), Exception):  # noqa: BLE001 - warming is an optimisation: never fail a save for it
            pass

    transaction.on_commit(send)


def is_latest(version_id: int, token: str) -> bool:
    return cache.get(_token_key(version_id)) in (None, token)
