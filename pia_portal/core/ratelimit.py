"""Fixed-window counters in the shared cache (Redis), for what must not be tried too often by one
address: password reset mails, public comments."""

from __future__ import annotations

import time

from django.core.cache import cache


def allow(key: str, *, limit: int, window: int) -> bool:
    """Count one more attempt for `key` in the current window of `window` seconds; False once
    more than `limit` have been made."""
    slot = f"ratelimit:{key}:{int(time.time() // window)}"
    if cache.add(slot, 1, timeout=window + 5):
        count = 1
    else:
        try:
            count = cache.incr(slot)
        except ValueError:  # expired between add and incr
            cache.add(slot, 1, timeout=window + 5)
            count = 1
    return count <= limit


def client_ip(request) -> str:
    """The address the request came from: REMOTE_ADDR (a reverse proxy in front must pass the
    client's address through, e.g. with the PROXY protocol, for limits to be per person)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"
