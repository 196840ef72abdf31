from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
import json

from .models import ActionLog


def log_action(action: str, *, actor, target=None, organisation=None, data: dict[str, Any] | None = None) -> ActionLog:
    """Record a change of state. Call it inside the transaction that made the change."""
    return ActionLog.objects.create(
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "") or "",
        organisation=organisation,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        # Round-trip through the JSON encoder so dates and UUIDs in `data` are stored as text.
        data=json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder)),
    )
