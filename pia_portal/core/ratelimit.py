"""Fixed-window counters in the shared cache (Redis), for what must not be tried too often by one
address: password reset mails, public comments."""

from __future__ import annotations

import ipaddress
import time
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache


class Unavailable(Exception):
    """The shared cache (Redis) cannot be reached, so nothing can be counted: the caller keeps
    what the person typed and asks them to try again shortly (core.middleware answers the rest)."""


def allow(key: str, *, limit: int, window: int) -> bool:
    """Count one more attempt for `key` in the current window of `window` seconds; False once
    more than `limit` have been made. Unavailable when the counters cannot be reached: a limit
    that fails open would let anyone through while Redis is down."""
    from redis.exceptions import RedisError

    slot = f"ratelimit:{key}:{int(time.time() // window)}"
    try:
        if cache.add(slot, 1, timeout=window + 5):
            count = 1
        else:
            try:
                count = cache.incr(slot)
            except ValueError:  # expired between add and incr
                cache.add(slot, 1, timeout=window + 5)
                count = 1
    except (RedisError, ConnectionError) as error:
        raise Unavailable(str(error)) from error
    return count <= limit


def client_ip(request) -> str:
    """The address the request came from, for lockouts and limits (django-axes asks this too).

    REMOTE_ADDR, unless it is one of settings.TRUSTED_PROXIES: then X-Forwarded-For is read from
    the right, each trusted proxy having appended the address it saw, and the first address no
    trusted proxy owns is the client's. What lies left of it anyone could have written."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    trusted = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not trusted or not _is_in(remote, trusted):
        return remote
    for address in reversed([part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]):
        if not address:
            continue
        if _parse(address) is None:
            break  # a malformed entry: trust nothing beyond the proxy
        if not _is_in(address, trusted):
            return address
    return remote


def client_ip_or_none(request) -> str | None:
    """client_ip for django-axes, which stores the address as an IP address field."""
    address = client_ip(request)
    return address if _parse(address) is not None else None


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _parse(address: str):
    try:
        return ipaddress.ip_address(address)
    except ValueError:
        return None


def _is_in(address: str, networks) -> bool:
    parsed = _parse(address)
    return parsed is not None and any(parsed in network for network in networks)
