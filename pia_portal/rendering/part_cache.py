"""Rendered parts kept in the media storage by their key (parts.PartSource.key), with eviction of
the least recently used beyond PDF_PART_CACHE_MB. A hit is counted on the row (`hits`), which is
how the tests and the bench tell a reused part from a rendered one without timing anything."""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from pia_portal.core.queue import repeated

from .models import CachedPart, RenderPart
from .parts import RenderedPart

logger = logging.getLogger(__name__)


def take(key: str) -> CachedPart | None:
    """The cached part of `key`, counted as reused, or None."""
    updated = CachedPart.objects.filter(key=key).update(hits=F("hits") + 1, used_at=timezone.now())
    return CachedPart.objects.get(key=key) if updated else None


def take_many(keys: list[str]) -> set[str]:
    """Those of `keys` in the cache, each counted as reused as often as it is in `keys` (take()
    for each, in two queries however many parts a render has)."""
    found = set(CachedPart.objects.filter(key__in=set(keys)).values_list("key", flat=True))
    counts: dict[int, list[str]] = {}
    for key, count in Counter(key for key in keys if key in found).items():
        counts.setdefault(count, []).append(key)
    now = timezone.now()
    for count, group in counts.items():
        CachedPart.objects.filter(key__in=group).update(hits=F("hits") + count, used_at=now)
    return found


def read_many(keys: list[str]) -> dict[str, RenderedPart]:
    """The cached parts of `keys` by key (those not in the cache left out), in one query."""
    return {cached.key: _rendered(cached) for cached in CachedPart.objects.filter(key__in=set(keys))}


def read(key: str) -> RenderedPart | None:
    """The cached part of `key` (None if there is none: never made, or evicted)."""
    cached = CachedPart.objects.filter(key=key).first()
    return _rendered(cached) if cached is not None else None


def _rendered(cached: CachedPart) -> RenderedPart:
    with cached.file.open("rb") as handle:
        return RenderedPart(content=handle.read(), pages=cached.pages, levels=tuple(cached.bookmark_levels),
                            tables=tuple(cached.tables), rows=cached.rows)


def measured(key: str, _html: str, _table_key: str, measure: Callable[[], dict]) -> dict:
    """A long table's piece laid out (parts.split's `measured`, cut.py), kept beside the parts by
    its key: what decides where the table's pages start, so a warm render lays out none of it again."""
    cached = read(key)
    if cached is None:
        cached = make(key, lambda: RenderedPart(content=json.dumps(measure()).encode(), pages=0), suffix="json")
    else:
        take(key)
    return json.loads(cached.content)


# How long a part stays marked as being made (or an assembly claimed) after its worker last said
# so: renewed while the worker works, so a worker that dies (killed, out of memory) leaves it
# unmarked within this, and whoever waits for the part (an assembly: tasks._assembled) makes it
# instead.
LEASE = 9  # seconds


@contextmanager
def leased(mark: str, owner: str, *, lease: float = LEASE) -> Iterator[bool]:
    """Holds the cache key `mark` for `owner` (a task id) for the block, renewed every third of
    `lease` while the block runs; yields False, holding nothing, when another owner holds it. A
    message redelivered after its worker died carries the same task id and takes its own over."""
    if not cache.add(mark, owner, timeout=lease) and cache.get(mark) != owner:
        yield False
        return

    def renew():
        try:
            if cache.get(mark) in (None, owner):
                cache.set(mark, owner, timeout=lease)
        except Exception:  # noqa: BLE001 - a cache that hiccups: renewed a third of a lease later
            logger.warning("could not renew %s", mark, exc_info=True)

    try:
        with repeated(lease / 3, renew, name=f"pdf-lease-{mark[-8:]}"):
            yield True
    finally:
        try:
            if cache.get(mark) == owner:
                cache.delete(mark)
        except Exception:  # noqa: BLE001 - the lease runs out by itself
            logger.warning("could not release %s", mark, exc_info=True)


def _making_key(key: str) -> str:
    return f"pdf-part-making:{key}"


@contextmanager
def making(key: str, owner: str, *, lease: float = LEASE) -> Iterator[bool]:
    """Marks the part `key` as being made by `owner` for the block (a lease). Yields False when
    another worker has marked it first: that worker stores it, and then tells the renders waiting
    for it (tasks.parts_made), so it need not be rendered twice."""
    with leased(_making_key(key), owner, lease=lease) as mine:
        yield mine


def being_made(key: str, *, by_other_than: str) -> bool:
    return cache.get(_making_key(key)) not in (None, by_other_than)


def made_elsewhere(keys: list[str], *, by_other_than: str) -> set[str]:
    """Those of `keys` a live worker other than `by_other_than` is making (one round trip)."""
    marks = cache.get_many([_making_key(key) for key in keys])
    return {key for key in keys if marks.get(_making_key(key)) not in (None, by_other_than)}


def stored(keys: list[str]) -> set[str]:
    """Those of `keys` in the cache (one query), not counted as reused."""
    return set(CachedPart.objects.filter(key__in=set(keys)).values_list("key", flat=True))


def make(key: str, render: Callable[[], RenderedPart], *, suffix: str = "pdf") -> RenderedPart:
    """Render a part with `render` and keep it, timed. The file is written whole before its row
    exists; when two workers rendered the same part, the first row wins and the other file is
    removed."""
    started = time.monotonic()
    part = render()
    name = default_storage.save(f"pdf-parts/{key[:2]}/{key}.{suffix}", ContentFile(part.content))
    try:
        with transaction.atomic():
            CachedPart.objects.create(key=key, file=name, pages=part.pages, size=len(part.content),
                                      bookmark_levels=list(part.levels), tables=list(part.tables), rows=part.rows,
                                      seconds=round(time.monotonic() - started, 3))
    except IntegrityError:
        default_storage.delete(name)
    return part


def evict(limit_bytes: int | None = None) -> int:
    """Remove the least recently used parts until the cache holds at most `limit_bytes`, never a
    part that a render in progress still needs. Returns how many were removed."""
    limit = settings.PDF_PART_CACHE_MB * 1024 * 1024 if limit_bytes is None else limit_bytes
    total = CachedPart.objects.aggregate(total=Sum("size"))["total"] or 0
    in_use = RenderPart.objects.values("key")
    removed = 0
    for part in CachedPart.objects.exclude(key__in=in_use).order_by("used_at", "id").iterator(chunk_size=200):
        if total <= limit:
            break
        CachedPart.objects.filter(pk=part.pk).delete()
        default_storage.delete(part.file.name)
        total -= part.size
        removed += 1
    return removed
