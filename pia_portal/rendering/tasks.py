"""The PDF worker. Runs on the `pdf` queue; takes ids, never objects.

A render is cut into parts that the `pdf` workers render at the same time, each part taken from
the cache when its content has not changed (parts.py, part_cache.py), then assembled into one PDF.
The parts are joined through the database rather than a Celery chord. The assembly is queued
behind the parts when the render is split: the first worker free once every part is taken joins
each part as soon as it is done (`_assemble`, looking at the parts' rows), so that when the last
is done only the file is left to make; the last part to be marked done (under a lock on the
render) queues the assembly again, in case the first was lost, and one claim in the cache lets
only one of them assemble. An assembly waits only for a part a live worker is making
(part_cache.making is a lease its worker renews): it makes any other itself, so a worker alone,
or one whose colleague died, never waits on a part nobody will make.

A render is claimed by the Celery task id written on its row when it was queued
(`services.queue_render`). A message redelivered after its worker died carries the same id and
takes the render over; a message made stale by a requeue (the sweep, a 管理者's retry) carries
another id and does nothing, so a render never runs twice at once."""

from __future__ import annotations

import json
import logging
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta

from celery import group, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from pia_portal.audit.log import log_action
from pia_portal.core.queue import repeated

from . import cut, part_cache, parts
from .models import CachedPart, PdfRender, RenderPart, RenderStatus
from .parts import render_part, split
from .pdf import RenderedPdf, RenderError, document_title, layout
from .signals import render_finished, sweeping
from .warm import LOW_PRIORITY, WHILE_MEASURING, is_latest

logger = logging.getLogger(__name__)

# A render that keeps dying (the worker killed, out of memory) is given up after this many starts.
MAX_ATTEMPTS = 3
# A render 作成中 whose workers have said nothing for this long (no heartbeat, no part done) has
# lost its worker, and one 待機中 this long its message: the sweep queues it again. It is a lease,
# not an age: a worker renews it every HEARTBEAT_EVERY while it works on the render, so a render
# of thousands of pages is never queued a second time while it is being made.
SOFT_TIME_LIMIT = 300
STUCK_AFTER = timedelta(minutes=10)
HEARTBEAT_EVERY = 20  # seconds


@contextmanager
def heartbeat(render_id: int):
    """Renew the render's lease now and every HEARTBEAT_EVERY seconds until the block ends."""
    beat(render_id)
    if connection.in_atomic_block:
        # Run inside a transaction (a test, a command): nobody else sees the render, and the
        # thread's own connection would wait on its row lock.
        yield
        return
    # The thread beats on a connection of its own, closed when it stops.
    with repeated(HEARTBEAT_EVERY, lambda: beat(render_id), name=f"pdf-heartbeat-{render_id}",
                  at_exit=connection.close):
        yield


def beat(render_id: int) -> None:
    PdfRender.objects.filter(pk=render_id, status=RenderStatus.RUNNING).update(heartbeat_at=timezone.now())


TASK_OPTIONS = {"acks_late": True, "reject_on_worker_lost": True, "soft_time_limit": SOFT_TIME_LIMIT,
                "time_limit": SOFT_TIME_LIMIT + 30}


@shared_task(name="pia_portal.rendering.tasks.render_version_pdf", bind=True, **TASK_OPTIONS)
def render_version_pdf(self, render_id: int) -> str:
    """Claims the render and cuts it into parts (parts.py); the parts not in the cache are rendered
    by a group of `render_pdf_part` tasks on the `pdf` workers, and the assembly queued behind them
    joins each as it is done. Called directly (a command, a test), it renders the parts here, one
    after another, then assembles."""
    task_id = getattr(self.request, "id", None)
    with transaction.atomic():
        render = PdfRender.objects.select_for_update().select_related("version__report__organisation").filter(pk=render_id).first()
        if render is None or render.is_finished:
            return "skipped"
        if render.task_id and task_id and render.task_id != task_id:
            return "superseded"  # queued again meanwhile; the newer message does the work
        if render.attempts >= MAX_ATTEMPTS:
            _fail(render, f"作成が{render.attempts}回中断されたため、中止しました。管理者は「PDFを作り直す」で再度作成できます。")
            return "failed"
        render.status = RenderStatus.RUNNING
        render.attempts += 1
        render.started_at = render.heartbeat_at = timezone.now()
        render.save(update_fields=("status", "attempts", "started_at", "heartbeat_at"))

    return _split(render, render.task_id, directly=self.request.called_directly)


def _split(render: PdfRender, generation: str, *, directly: bool) -> str:
    """Cut the render into parts and have them made. On a worker, the pieces of long tables that
    must be laid out first (cut.py) are laid out by the workers at the same time, one task each,
    and the last of them splits the render again (`split_version_pdf`)."""
    missing: list[tuple[str, str, str]] = []

    def measured_or_missing(key: str, html: str, table_key: str, measure) -> dict:
        cached = part_cache.read(key)
        if cached is not None:
            part_cache.take(key)
            return json.loads(cached.content)
        missing.append((key, html, table_key))
        return cut.UNMEASURED

    try:
        with heartbeat(render.pk):
            title, sources = split(render.version, public=render.public,
                                   measured=part_cache.measured if directly else measured_or_missing)
    except Exception as error:  # noqa: BLE001 - any failure is reported to staff with its reason
        return _failed_by(render, error)
    if missing:
        keys = [key for key, _html, _table in missing]
        group(measure_table_piece.si(render.pk, generation, key, html, table, keys)
              for key, html, table in sorted(missing, key=lambda job: -len(job[1]))).apply_async()
        # The parts that hold none of those tables are what they will be: made into the cache
        # meanwhile, behind the pieces, so that the split after them finds them done.
        waiting = {f'data-table="{table}"' for _key, _html, table in missing}
        ready = [source for source in sources if not any(name in source.html for name in waiting)
                 and not CachedPart.objects.filter(key=source.key).exists()]
        for source in sorted(ready, key=lambda source: -len(source.html)):
            warm_part.apply_async((render.version_id, source.key, source.html), queue="pdf", priority=WHILE_MEASURING)
        return "measuring"
    if not render.draft_mark and (ahead := _made_ahead(render.version, title, sources)) is not None:
        # The copy to be published, assembled on approval (assemble_ahead): only stored now.
        return _record(render, ahead)
    with transaction.atomic():
        locked = PdfRender.objects.select_for_update().get(pk=render.pk)
        if locked.status != RenderStatus.RUNNING or locked.task_id != generation:
            return "superseded"
        locked.running_title = title
        locked.save(update_fields=("running_title",))
        RenderPart.objects.filter(render=render).delete()
        cached = part_cache.take_many([source.key for source in sources])
        rows = RenderPart.objects.bulk_create(
            RenderPart(render=render, position=source.index, key=source.key, html=source.html, generation=generation,
                       done=source.key in cached)
            for source in sources
        )
    # Longest first (parts.join_order): the workers then finish together instead of waiting on a
    # long 変更箇所 started last, and the assembly joins them about in the order they are done.
    by_position = {row.position: row for row in rows}
    pending = [by_position[position].pk for position in parts.join_order(sources) if not by_position[position].done]
    if directly:
        for part_id in pending:
            if _render_part(part_id, directly=True) == "failed":
                return "failed"
        result = _assemble(render.pk, generation)
        # "waiting": a worker's message for the same render split it again meanwhile, so its
        # parts are the worker's now; "assembling elsewhere": a worker is assembling it (its
        # assembly, queued when a worker split it, holds the claim). Either way the worker
        # finishes it.
        return "superseded" if result in ("waiting", "assembling elsewhere") else result
    if pending:
        group(render_pdf_part.si(part_id) for part_id in pending).apply_async()
    # Behind the parts: the first worker free once they are all taken joins each as it is done.
    assemble_version_pdf.apply_async((render.pk, generation))
    return "split"


@shared_task(name="pia_portal.rendering.tasks.measure_table_piece", **TASK_OPTIONS)
def measure_table_piece(render_id: int, generation: str, key: str, html: str, table_key: str, keys: list[str]) -> str:
    """One piece of a long table laid out into the cache (cut.py); the last of the render's pieces
    to be done splits the render again, now with every piece's rows known."""
    render = PdfRender.objects.select_related("version__report__organisation").filter(pk=render_id).first()
    if render is None or render.status != RenderStatus.RUNNING or render.task_id != generation:
        return "superseded"
    try:
        with heartbeat(render.pk):
            part_cache.measured(key, html, table_key, lambda: cut.measure_piece(
                html, table_key, lambda html: layout(render.version, html)).as_json())
    except Exception as error:  # noqa: BLE001 - any failure is reported to staff with its reason
        return _failed_by(render, error)
    # Each piece looks once its own is stored, so the last to be stored sees them all; two that
    # finish together may both see them, and the cache's atomic add lets one of them split.
    if CachedPart.objects.filter(key__in=set(keys)).count() == len(set(keys)) and \
            cache.add(f"pdf-measured:{render_id}:{generation}:{len(keys)}:{keys[0]}", True, timeout=3600):
        split_version_pdf.apply_async((render_id, generation))
        return "last"
    return "done"


@shared_task(name="pia_portal.rendering.tasks.split_version_pdf", **TASK_OPTIONS)
def split_version_pdf(render_id: int, generation: str) -> str:
    render = PdfRender.objects.select_related("version__report__organisation").filter(pk=render_id).first()
    if render is None or render.status != RenderStatus.RUNNING or render.task_id != generation:
        return "superseded"
    return _split(render, generation, directly=False)


@shared_task(name="pia_portal.rendering.tasks.render_pdf_part", bind=True, **TASK_OPTIONS)
def render_pdf_part(self, part_id: int) -> str:
    result = _render_part(part_id, owner=self.request.id or "")
    if isinstance(result, tuple):
        render_id, generation = result
        assemble_version_pdf.apply_async((render_id, generation))
        return "last"
    return result


@shared_task(name="pia_portal.rendering.tasks.assemble_version_pdf", bind=True, **TASK_OPTIONS)
def assemble_version_pdf(self, render_id: int, generation: str) -> str:
    """Joins the render's parts into its PDF, each as soon as it is done (queued behind them when
    the render is split, and again by the last part done, in case the first has been lost)."""
    return _assemble(render_id, generation, owner=self.request.id or "", wait=not self.request.called_directly)


def _render_part(part_id: int, *, owner: str = "", directly: bool = False):
    """Render one part into the cache, unless it is there already or another worker is making it
    (that worker marks it done here when it has stored it: `parts_made`). Returns (render id,
    generation) when it was the last part of its render to be done, else what happened."""
    part = RenderPart.objects.select_related("render__version__report__organisation").filter(pk=part_id).first()
    if part is None or part.done:
        return "skipped"  # a redelivered message, or the render was requeued meanwhile
    render = part.render
    if render.status != RenderStatus.RUNNING or render.task_id != part.generation:
        return "superseded"
    # Looked at before the cache: a part stored between the two looks is found in the cache, and
    # one stored after them is announced by its maker to this render's row, which exists by now.
    owner = owner or uuid.uuid4().hex
    elsewhere = part_cache.being_made(part.key, by_other_than=owner) and not directly
    if part_cache.take(part.key) is None:
        if elsewhere:
            return "being made"
        try:
            with heartbeat(render.pk):
                made = _make(part.key, owner, lambda: render_part(render.version, part.html), alone=directly,
                             besides=part.pk)
        except Exception as error:  # noqa: BLE001 - any failure is reported to staff with its reason
            return _failed_by(render, error)
        if not made:
            return "being made"
    return _done(part)


def _make(key: str, owner: str, make, *, alone: bool = False, besides: int | None = None) -> bool:
    """Make the part `key` into the cache, marked as being made by `owner` meanwhile, and tell the
    renders that waited for it (`parts_made`); False, and nothing made, when another worker is
    making it (unless `alone`: called directly, nobody else finishes the render). If making
    raises, the renders that waited render it themselves, and say why if it fails again."""
    tried = made = False
    try:
        with part_cache.making(key, owner) as mine:
            if not mine and not alone:
                return False
            tried = True
            part_cache.make(key, make)
            made = True
            parts_made(key, besides=besides)
        return True
    finally:
        if tried and not made:
            # Queued once the mark is gone, so that they do not find it being made again.
            for part_id in RenderPart.objects.filter(key=key, done=False).exclude(pk=besides).values_list("pk", flat=True):
                render_pdf_part.apply_async((part_id,))


def _done(part: RenderPart):
    """Marks the part done; (render id, generation) when it was the last of its render."""
    with transaction.atomic():
        locked = PdfRender.objects.select_for_update().get(pk=part.render_id)
        if not RenderPart.objects.filter(pk=part.pk, done=False).update(done=True):
            return "skipped"
        beat(part.render_id)
        last = not RenderPart.objects.filter(render_id=part.render_id, done=False).exists()
        if last and locked.status == RenderStatus.RUNNING and locked.task_id == part.generation:
            return (part.render_id, part.generation)
    return "done"


def parts_made(key: str, *, besides: int | None = None) -> None:
    """The part `key` is in the cache now: the renders waiting for it (their render_pdf_part found
    it being made) have it marked done, and the assembly queued when it was their last."""
    for part in RenderPart.objects.filter(key=key, done=False).exclude(pk=besides):
        result = _done(part)
        if isinstance(result, tuple):
            assemble_version_pdf.apply_async(result)


# How often an assembly waiting for a part looks whether it is done, and every how many looks it
# makes sure the render is still its own.
ASSEMBLY_POLL = 0.02  # seconds
STILL_OURS_EVERY = 10


class _Stopped(Exception):
    """The render is no longer this assembly's: failed, requeued or superseded meanwhile."""


def assembly_claim(render_id: int, generation: str) -> str:
    """The cache key of the render's assembly in progress (its value: the assembling task's id)."""
    return f"pdf-assembling:{render_id}:{generation}"


def _assemble(render_id: int, generation: str, *, owner: str = "", wait: bool = False) -> str:
    """Assemble the render, joining its parts in `parts.join_order`, waiting for those not done
    yet (`wait`: on a worker, queued behind them) or making those no live worker is making, so
    that a worker alone never waits on a part it would have to make itself. One assembly at a
    time: the claim is a lease its worker renews; another message finding it held looks again
    once a dead holder's lease would have run out, so a worker dying mid-assembly costs seconds."""
    render = PdfRender.objects.select_related("version__report__organisation").get(pk=render_id)
    if render.status != RenderStatus.RUNNING or render.task_id != generation:
        return "superseded"
    rows = list(render.parts.order_by("position"))
    if not rows or not (wait or all(row.done for row in rows)):
        return "waiting"
    owner = owner or uuid.uuid4().hex
    with part_cache.leased(assembly_claim(render_id, generation), owner) as mine:
        if not mine:
            if wait:
                assemble_version_pdf.apply_async((render_id, generation), countdown=part_cache.LEASE + 1)
            return "assembling elsewhere"
        try:
            with heartbeat(render.pk):
                pdf, assembly = _assembled(render, rows, owner)
        except _Stopped:
            return "superseded"
        except Exception as error:  # noqa: BLE001 - any failure is reported to staff with its reason
            return _failed_by(render, error)
        result = _record(render, pdf)
        # Freed once the file is stored: the twenty thousand objects of a long report take a
        # tenth of a second to free, which nobody need wait for.
        del assembly
        return result


def _assembled(render: PdfRender, rows: list[RenderPart], owner: str) -> tuple[RenderedPdf, parts.Assembly]:
    # Made while the parts are still being rendered: nothing in it depends on them.
    stamp = parts.render_stamp(render.version, running_title=render.running_title, draft_mark=render.draft_mark,
                               printed_at=render.created_at)
    by_position = {row.position: row for row in rows}
    order = parts.join_order([parts.PartSource(row.position, row.html, row.key) for row in rows])
    parts_of = _PartsAsDone(render, [by_position[position] for position in order], owner)
    assembly = None
    for position in order:
        part = parts_of.when_done(by_position[position])
        if assembly is None:
            assembly = parts.Assembly(position, part)
        else:
            assembly.add(position, part)
    if not cut.verified(assembly.rows):
        # A long table's rows were counted wrong (cut.measure_piece): its cut would leave a page
        # half empty. Cut again from its pieces laid out whole, here, and render what changed.
        logger.warning("render %s: a long table's counted cut is not where its pages start; cut again", render.pk)
        _title, sources = split(render.version, public=render.public, measured=part_cache.measured, exact=True)
        assembly = parts.joined(_parts_of(render, [(source.key, source.html) for source in sources]),
                                parts.join_order(sources))
    pages = sum(assembly.pages)
    title = document_title(render.running_title, render.draft_mark)
    return RenderedPdf(content=assembly.finish(_numbers(pages), stamp, title=title), pages=pages), assembly


def _numbers(pages: int) -> bytes:
    """The page numbers of a document of `pages` pages: the same for every one, kept like a part
    (and counted as reused like one)."""
    key = parts.numbers_key(pages)
    numbers = part_cache.read(key) if part_cache.take(key) else None
    return (numbers or part_cache.make(key, lambda: parts.RenderedPart(parts.render_numbers(pages), pages))).content


class _PartsAsDone:
    """A render's parts for its assembly, each once it is done: waited for while a live worker
    makes it; meanwhile any part of the render that no live worker is making (its message still
    queued behind another's task, or its worker gone) is made here, first in join order.
    Raises _Stopped if the render stops being this assembly's (a part failed, a requeue)."""

    def __init__(self, render: PdfRender, rows: list[RenderPart], owner: str):
        self.render, self.owner = render, owner
        self.left = {row.key: row for row in rows if not row.done}
        self.looks = 0

    def when_done(self, row: RenderPart) -> parts.RenderedPart:
        while row.key in self.left:
            # Stored counts as done: its maker marks the row a moment later.
            for key in part_cache.stored(list(self.left)):
                del self.left[key]
            if row.key not in self.left:
                break
            busy = part_cache.made_elsewhere(list(self.left), by_other_than=self.owner)
            idle = [other for other in self.left.values() if other.key not in busy]
            if idle:
                self._make(idle[0])
                continue
            time.sleep(ASSEMBLY_POLL)
            self.looks += 1
            if self.looks % STILL_OURS_EVERY == 0 and not PdfRender.objects.filter(
                    pk=self.render.pk, status=RenderStatus.RUNNING, task_id=row.generation).exists():
                raise _Stopped
        part = part_cache.read(row.key)
        # Evicted since it was made (a cache much smaller than a render): made again.
        return part if part is not None else part_cache.make(row.key, lambda: render_part(self.render.version, row.html))

    def _make(self, row: RenderPart) -> None:
        result = _render_part(row.pk, owner=self.owner)
        if result in ("failed", "superseded"):
            raise _Stopped  # failed (the render says why), or requeued
        if result == "skipped":
            if not RenderPart.objects.filter(pk=row.pk).exists():
                raise _Stopped  # the render was split again
            if not part_cache.stored([row.key]):
                # Marked done, then evicted (a cache much smaller than a render): made again.
                part_cache.make(row.key, lambda: render_part(self.render.version, row.html))


def _parts_of(render: PdfRender, sources: list[tuple[str, str]]) -> list[parts.RenderedPart]:
    """The parts (key, HTML) from the cache; one evicted since it was made is made again."""
    cached = part_cache.read_many([key for key, _html in sources])
    return [cached.get(key) or part_cache.make(key, lambda html=html: render_part(render.version, html))
            for key, html in sources]


def _failed_by(render: PdfRender, error: Exception) -> str:
    if isinstance(error, RenderError):
        _fail(render, str(error))
    elif isinstance(error, SoftTimeLimitExceeded):
        _fail(render, f"PDFの作成が{SOFT_TIME_LIMIT // 60}分以内に終わらなかったため、中止しました。")
    else:
        logger.exception("render %s failed", render.pk, exc_info=error)
        _fail(render, f"PDFを作成できませんでした: {type(error).__name__}: {error}")
    return "failed"


def _record(render: PdfRender, pdf: RenderedPdf) -> str:
    """Store the finished PDF and point the render at it."""
    report = render.version.report
    try:
        # The file is written whole before the row points at it: a render killed half-way leaves
        # at most an unreferenced file, never a visible partial PDF.
        name = default_storage.save(
            f"pdf/{report.organisation_id}/{report.pk}/v{render.version.number}-{pdf.sha256[:16]}.pdf",
            ContentFile(pdf.content),
        )
    except Exception as error:  # noqa: BLE001
        return _failed_by(render, error)
    seconds = (timezone.now() - render.started_at).total_seconds() if render.started_at else None
    try:
        with transaction.atomic():
            updated = PdfRender.objects.filter(pk=render.pk, status=RenderStatus.RUNNING, task_id=render.task_id).update(
                status=RenderStatus.DONE,
                file=name,
                sha256=pdf.sha256,
                size=len(pdf.content),
                pages=pdf.pages,
                seconds=round(seconds, 2) if seconds is not None else None,
                error="",
                finished_at=timezone.now(),
            )
            if not updated:
                default_storage.delete(name)
                return "superseded"
            RenderPart.objects.filter(render=render).delete()
            log_action(
                "pdf.rendered",
                actor=None,
                target=render.version,
                organisation=render.version.report.organisation,
                data={"render": render.pk, "sha256": pdf.sha256, "pages": pdf.pages},
            )
    except Exception as error:  # noqa: BLE001 - never leave a render 作成中 for ever
        logger.exception("render %s could not be recorded", render.pk)
        default_storage.delete(name)
        _fail(render, f"PDFは作成できましたが、記録できませんでした: {type(error).__name__}: {error}")
        return "failed"
    # Whoever asked for this PDF (the publication, for one) hears of it; rendering knows no more.
    render_finished.send(sender=PdfRender, render=PdfRender.objects.get(pk=render.pk))
    return "done"


@shared_task(name="pia_portal.rendering.tasks.warm_version_parts", acks_late=True, soft_time_limit=SOFT_TIME_LIMIT,
             time_limit=SOFT_TIME_LIMIT + 30)
def warm_version_parts(version_id: int, token: str = "", published_on: str = "") -> str:
    """After a save (warm.py): the parts of the version's print document not in the cache yet,
    internal and public copies, are queued for rendering one task each, at low priority. With
    `published_on` (on approval), the public copy as it will be published that day: its cover
    prints the 公表日, so that publishing that day only assembles."""
    import datetime as dt

    from pia_portal.publishing.models import Publication
    from pia_portal.reports.models import PUBLIC_STATUSES, Version

    if token and not is_latest(version_id, token):
        return "superseded"  # saved again meanwhile: the later task warms
    version = Version.objects.select_related("report__organisation").filter(pk=version_id).first()
    if version is None or version.status in PUBLIC_STATUSES:
        return "skipped"
    copies = (False, True)
    if published_on:
        # Not saved: the cover reads the 公表日 from the version's publication (pdf.publication_date).
        version.publication = Publication(version=version, published_on=dt.date.fromisoformat(published_on))
        copies = (True,)
    missing = {}
    for public in copies:
        _title, sources = split(version, public=public, measured=part_cache.measured)
        missing.update({source.key: source.html for source in sources
                        if source.key not in missing and not CachedPart.objects.filter(key=source.key).exists()})
    # Longest first, as for a render: the workers finish together.
    for key, html in sorted(missing.items(), key=lambda item: -len(item[1])):
        warm_part.apply_async((version_id, key, html), queue="pdf", priority=LOW_PRIORITY)
    if published_on:
        assemble_ahead.apply_async((version_id, published_on), queue="pdf", priority=LOW_PRIORITY)
    return f"queued {len(missing)}"


@shared_task(name="pia_portal.rendering.tasks.warm_part", bind=True, acks_late=True, soft_time_limit=SOFT_TIME_LIMIT,
             time_limit=SOFT_TIME_LIMIT + 30)
def warm_part(self, version_id: int, key: str, html: str) -> str:
    from pia_portal.reports.models import Version

    if CachedPart.objects.filter(key=key).exists():
        return "cached"
    version = Version.objects.select_related("report__organisation").filter(pk=version_id).first()
    if version is None:
        return "skipped"
    try:
        made = _make(key, self.request.id or uuid.uuid4().hex, lambda: render_part(version, html))
    except RenderError:
        return "failed"  # a figure that cannot be read: the render the person asks for says so
    return "made" if made else "being made"


def _made_ahead(version, running_title: str, sources: list[parts.PartSource]) -> RenderedPdf | None:
    """The PDF of exactly these parts and frame, if assemble_ahead made it (counted as reused)."""
    key = parts.assembled_key(version, running_title, [source.key for source in sources])
    try:
        ahead = part_cache.read(key) if part_cache.take(key) else None
    except (CachedPart.DoesNotExist, OSError):
        return None  # evicted while being read: assembled as usual
    return RenderedPdf(content=ahead.content, pages=ahead.pages) if ahead is not None else None


# How often assemble_ahead looks again for parts still being warmed, and how long apart.
AHEAD_TRIES = 60
AHEAD_EVERY = 2  # seconds


@shared_task(name="pia_portal.rendering.tasks.assemble_ahead", acks_late=True, soft_time_limit=SOFT_TIME_LIMIT,
             time_limit=SOFT_TIME_LIMIT + 30)
def assemble_ahead(version_id: int, published_on: str, tries: int = 0) -> str:
    """On approval, queued behind the warming of the public copy's parts (warm_version_parts): that
    copy as it will be published on `published_on`, assembled into the cache once its parts are
    all there, so that 公表 only stores it (`_assembled`). The same bytes as an assembly at
    公表 would give; anything that differs by then (a part changed, another day) misses its key
    and is assembled as usual."""
    import datetime as dt

    from pia_portal.publishing.models import Publication
    from pia_portal.reports.models import Version, VersionStatus

    version = Version.objects.select_related("report__organisation").filter(pk=version_id).first()
    if version is None or version.status != VersionStatus.APPROVED:
        return "skipped"
    if Publication.objects.filter(version=version).exists():
        return "published meanwhile"  # its render assembles it: not twice
    version.publication = Publication(version=version, published_on=dt.date.fromisoformat(published_on))
    title, sources = split(version, public=True, measured=part_cache.measured)
    key = parts.assembled_key(version, title, [source.key for source in sources])
    if part_cache.stored([key]):
        return "cached"
    if len(part_cache.stored([source.key for source in sources])) < len({source.key for source in sources}):
        if tries >= AHEAD_TRIES:
            return "gave up"  # 公表 assembles it as usual
        assemble_ahead.apply_async((version_id, published_on, tries + 1), countdown=AHEAD_EVERY, queue="pdf",
                                   priority=LOW_PRIORITY)
        return "waiting"
    cached = part_cache.read_many([source.key for source in sources])
    rendered = [cached.get(source.key) for source in sources]
    if None in rendered or not cut.verified([part.rows for part in rendered]):
        return "left to 公表"  # evicted meanwhile, or a cut to make again: the render does it
    if Publication.objects.filter(version=version).exists():
        return "published meanwhile"
    pages = sum(part.pages for part in rendered)
    stamp = parts.render_stamp(version, running_title=title, draft_mark=False)
    content = parts.assemble(rendered, _numbers(pages), stamp, title=document_title(title, False),
                             order=parts.join_order(sources))
    part_cache.make(key, lambda: parts.RenderedPart(content=content, pages=pages))
    return "assembled"


@shared_task(name="pia_portal.rendering.tasks.evict_cached_parts")
def evict_cached_parts() -> int:
    """Run by Celery beat every hour: the part cache kept within PDF_PART_CACHE_MB."""
    return part_cache.evict()


@shared_task(name="pia_portal.rendering.tasks.sweep_stuck_renders")
def sweep_stuck_renders() -> int:
    """Run by Celery beat every minute: renders whose lease ran out (作成中 with no word from a
    worker for STUCK_AFTER: it was killed) or left 待機中 that long (the broker lost the message) are
    queued again, or given up after MAX_ATTEMPTS. Then whoever waits on finished renders (the
    publication) finishes what a worker killed after the PDF was recorded left undone."""
    from .services import requeue

    cutoff = timezone.now() - STUCK_AFTER
    last_word = Greatest(Coalesce("heartbeat_at", "started_at"), Coalesce("started_at", "heartbeat_at"))
    stuck = PdfRender.objects.annotate(last_word=last_word).filter(
        Q(status=RenderStatus.QUEUED, queued_at__lt=cutoff) | Q(status=RenderStatus.RUNNING, last_word__lt=cutoff)
    ).values_list("pk", flat=True)
    count = 0
    for render_id in list(stuck):
        if requeue(render_id, actor=None, reason="sweep"):
            count += 1
    sweeping.send(sender=PdfRender)
    return count


def _fail(render: PdfRender, reason: str) -> None:
    PdfRender.objects.filter(pk=render.pk).update(status=RenderStatus.FAILED, error=reason, finished_at=timezone.now())
    log_action(
        "pdf.failed",
        actor=None,
        target=render.version,
        organisation=render.version.report.organisation,
        data={"render": render.pk, "reason": reason},
    )
    render_finished.send(sender=PdfRender, render=PdfRender.objects.get(pk=render.pk))
