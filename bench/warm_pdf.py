"""Benchmark: the user's wait for a PDF when the parts are kept warm (#31), beside chromium in the
same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_pdf \
        .venv/bin/python bench/warm_pdf.py [--reference ../shared/reference] [--files 12] [--runs 3]

Chromium's print and every CPU time of the cold path (each piece, part and the assembly) are
taken `--runs` times, and the least of them kept: on a shared machine one run of the same work
moved by a fifth between runs.

For 001 (the imported reference report) and a synthetic 全項目 of `--files` files it measures:

- chromium printing the whole document (the single pass's HTML, page frame included);
- cold: the long tables' pieces measured and every part of the published copy rendered one after
  the other in this process, each one's CPU time taken, then the assembly's (page numbers, stamp,
  assembly); from these, the wall time predicted for 2, 4, 8 and 16 workers by playing what
  rendering/tasks.py queues, in the broker's order, onto that many workers, each task to the
  first worker free (`predicted_wall`: the pieces and, at a lower priority, the parts that hold no
  long table at once; the split again after the last piece and the remaining parts ahead of them;
  then the assembly), and the critical path (the same with a worker for every task);
- warm 承認 → published PDF: the parts warmed on approval (rendering/warm.py: the public copy with
  today's 公表日) and then assembled (tasks.assemble_ahead), then the 管理者's 公表 and the worker's whole task, run here as the worker runs it
  (rendering/tasks.render_version_pdf called directly: claim, split, parts from the cache,
  assembly, the file stored, the version published), wall time from 公表 to the downloadable PDF;
- 保存 → up-to-date draft PDF: one item of the last file's III changed and saved, then the draft's
  PDF asked for at once: the changed part is rendered and the rest assembled from the cache; against
  the same request cold (no part cached), both in this one process.

The broker is Celery's in-memory transport (nothing is sent anywhere): the broker round trip of a
real worker adds milliseconds. Run it on an otherwise idle machine; compare rows of one run only.
"""

from __future__ import annotations

import argparse
import heapq
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pia_portal.settings")
os.environ.setdefault("SECRET_KEY", "bench")
os.environ.setdefault("CELERY_BROKER_URL", "memory://")
os.environ.setdefault("CELERY_RESULT_BACKEND", "cache+memory://")

from render_pdf import chromium, cpu_seconds, edit_one_item, setup, synthetic_version  # noqa: E402

WORKERS = (2, 4, 8, 16)


def predicted_wall(cold: dict, workers: int) -> float:
    """When the published copy's PDF is done if `workers` pdf workers take what tasks.py queues, in
    the order the broker hands it out (Redis's priority steps, first in first out within one),
    each task going to the first worker free (list scheduling; the broker round trips and the
    database rows, a few ms each, left out):

    - render_version_pdf splits the render (`split` s), the long tables' pieces not laid out yet;
    - it queues a measure_table_piece for each piece (longest HTML first) and a warm_part for each
      part that holds none of those tables (longest HTML first) at priority WHILE_MEASURING, behind
      the render's own steps;
    - the last piece laid out queues split_version_pdf, ahead of the warm_parts still queued: it
      splits again (`split` s) and queues a render_pdf_part for every part not in the cache by
      then (longest HTML first), ahead of them too. A part being made by a warm_part is not made
      again: its render_pdf_part ends at once and the warm_part marks it done when it has stored
      it (tasks.parts_made); a task whose part is cached or being made costs nothing;
    - the split queues the assembly behind its parts: the first worker free once they are all
      taken draws the stamp (`stamp` s), joins the parts in `parts.join_order`, each once it is
      done (`joins`), and when the last is joined makes the page numbers and the file (`numbers`,
      `finish`); the worker is busy from its start, waiting included. The message the last part
      done queues again finds it assembling and costs nothing.

    Each task takes the CPU time it took here, one after the other in one process."""
    from pia_portal.rendering.warm import WHILE_MEASURING

    pieces = sorted(cold["pieces"], key=lambda piece: -piece[0])  # (html length, CPU s)
    parts = cold["sources"]  # (html length, CPU s, holds a long table)
    cached: set[int] = set()
    making: set[int] = set()
    waiting: set[int] = set()  # the render's parts not done
    queue: list[tuple] = []  # heap of (priority, sequence, (kind, part index or None, CPU s))
    running: list[tuple[float, int, tuple]] = []  # heap of (end, sequence, task)
    sequence = 0
    idle = workers
    now = 0.0
    state = {"pieces_left": len(pieces), "split": False}

    def send(kind: str, index, seconds: float, priority: int = 0) -> None:
        nonlocal sequence
        heapq.heappush(queue, (priority, sequence, (kind, index, seconds, False)))
        sequence += 1

    def send_parts(kind: str, indexes, priority: int = 0) -> None:
        for index in sorted(indexes, key=lambda index: -parts[index][0]):
            send(kind, index, parts[index][1], priority)

    done_at: dict[int, float] = {}

    def part_done(index: int) -> None:
        waiting.discard(index)
        done_at.setdefault(index, now)

    def assembled_at() -> float | None:
        """When the assembly that started at state["assembling"] ends, once every part is done."""
        at = state["assembling"] + cold["stamp"]
        for position in cold["order"]:
            if position not in done_at:
                return None
            at = max(at, done_at[position]) + cold["joins"][position]
        return at + cold["numbers"] + cold["finish"]

    def done(task) -> bool:
        """Whatever finishing `task` queues; True when the PDF is done."""
        kind, index, _seconds, makes = task
        if kind == "render_version_pdf" and pieces:
            for _length, seconds in pieces:
                send("measure_table_piece", None, seconds)
            send_parts("warm_part", [number for number, part in enumerate(parts) if not part[2]], WHILE_MEASURING)
        elif kind == "measure_table_piece":
            state["pieces_left"] -= 1
            if not state["pieces_left"]:
                send("split_version_pdf", None, cold["split"])
        elif kind in ("render_version_pdf", "split_version_pdf"):
            state["split"] = True
            waiting.update(number for number in range(len(parts)) if number not in cached)
            for number in range(len(parts)):
                if number in cached:
                    part_done(number)
            send_parts("render_pdf_part", waiting)
            send("assembly", None, 0.0)
        elif makes:
            making.discard(index)
            cached.add(index)
            if state["split"]:
                part_done(index)  # the render's row, marked done by whichever task made the part
        elif kind == "render_pdf_part" and index in cached:
            part_done(index)
        elif kind == "assembled":
            return True
        return False

    state["assembling"] = None
    send("render_version_pdf", None, cold["split"])
    while True:
        while idle and queue:
            _priority, _sequence, (kind, index, seconds, _makes) = heapq.heappop(queue)
            if kind == "assembly":
                state["assembling"] = now  # the worker is the assembly's until it ends
                idle -= 1
                continue
            makes = kind in ("warm_part", "render_pdf_part") and index not in cached and index not in making
            if makes:
                making.add(index)
            elif kind in ("warm_part", "render_pdf_part"):
                seconds = 0.0  # in the cache, or another worker's: nothing to render
            heapq.heappush(running, (now + seconds, sequence, (kind, index, seconds, makes)))
            sequence += 1
            idle -= 1
        if state["assembling"] is not None and state.get("end") is None:
            state["end"] = assembled_at()
            if state["end"] is not None:  # the assembly's worker is given back when this pops
                heapq.heappush(running, (state["end"], sequence, ("assembled", None, 0.0, False)))
                sequence += 1
        now, _sequence, task = heapq.heappop(running)
        idle += 1
        if done(task):
            return now


def clear_cache() -> None:
    from django.core.files.storage import default_storage

    from pia_portal.rendering.models import CachedPart

    for part in CachedPart.objects.all():
        default_storage.delete(part.file.name)
    CachedPart.objects.all().delete()


def as_published_today(version):
    from django.utils import timezone

    from pia_portal.publishing.models import Publication
    from pia_portal.reports.models import Version

    probe = Version.objects.select_related("report__organisation").get(pk=version.pk)
    probe.publication = Publication(version=probe, published_on=timezone.localdate())
    return probe


def least_cpu(work, runs: int):
    """What `work()` gives, and the least CPU time it took in `runs` runs."""
    times = []
    for _ in range(runs):
        cpu = cpu_seconds()
        result = work()
        times.append(cpu_seconds() - cpu)
    return result, min(times)


def cold_parts(version, runs: int = 1) -> dict:
    """Every part of the published copy rendered here, timed one by one (the least of `runs`
    runs), and the assembly."""
    from pia_portal.rendering import parts

    probe = as_published_today(version)
    measure_cpu: list[float] = []

    pieces: list[tuple[int, float]] = []
    spent: list[float] = []  # all runs of the pieces, to take out of the split's time
    tables: set[str] = set()

    def measured(_key, html, table, measure):
        started = cpu_seconds()
        result, seconds = least_cpu(measure, runs)
        measure_cpu.append(seconds)
        pieces.append((len(html), seconds))
        spent.append(cpu_seconds() - started)
        tables.add(table)
        return result

    # The pdf workers are long-lived processes: WeasyPrint's and fontTools' first use in a process
    # (fonts found, modules loaded) is paid once, not by a part; here it is paid before timing.
    parts.render_numbers(1)
    cpu = cpu_seconds()
    title, sources = parts.split(probe, public=True, measured=measured)
    split_cpu = cpu_seconds() - cpu - sum(spent)
    rendered, part_cpu = [], []
    for source in sources:
        part, seconds = least_cpu(lambda source=source: parts.render_part(probe, source.html), runs)
        rendered.append(part)
        part_cpu.append(seconds)
    names = [(re.findall(r'data-table="([^"]+)"', source.html) or ["-"])[0] for source in sources]
    largest = sorted(zip(part_cpu, (part.pages for part in rendered), names), reverse=True)[:3]
    pages = sum(part.pages for part in rendered)
    _numbers, numbers_cpu = least_cpu(lambda: parts.render_numbers(pages), runs)

    order = parts.join_order(sources)

    def assembly():
        numbers = parts.render_numbers(pages)
        stamp = parts.render_stamp(probe, running_title=title, draft_mark=False)
        return parts.assemble(rendered, numbers, stamp, title=title, order=order)

    _pdf, assembly_cpu = least_cpu(assembly, runs)
    # The assembly as the worker runs it (tasks._assembled): the stamp first, each part joined as
    # it is done, then what waits for the last (the page numbers and `finish`).
    stamp, stamp_cpu = least_cpu(lambda: parts.render_stamp(probe, running_title=title, draft_mark=False), runs)
    joins = {position: float("inf") for position in order}
    finish_cpu = float("inf")
    for _ in range(runs):
        cpu = cpu_seconds()
        joined = parts.Assembly(order[0], rendered[order[0]])
        joins[order[0]] = min(joins[order[0]], cpu_seconds() - cpu)
        for position in order[1:]:
            cpu = cpu_seconds()
            joined.add(position, rendered[position])
            joins[position] = min(joins[position], cpu_seconds() - cpu)
        cpu = cpu_seconds()
        joined.finish(_numbers, stamp, title=title)
        finish_cpu = min(finish_cpu, cpu_seconds() - cpu)
        del joined  # freed after the file is stored, as the worker does: not timed
    # What tasks.py waits for before it queues a part: tables whose pieces were laid out.
    waiting = [f'data-table="{table}"' for table in tables]
    held = [(len(source.html), seconds, any(name in source.html for name in waiting))
            for source, seconds in zip(sources, part_cpu)]
    return {"pages": pages, "parts": len(sources), "part_cpu": part_cpu, "split": split_cpu, "assembly": assembly_cpu,
            "numbers": numbers_cpu, "largest": largest, "measure_cpu": measure_cpu, "pieces": pieces, "sources": held,
            "order": order, "stamp": stamp_cpu, "joins": joins, "finish": finish_cpu}


def warm_publication(version, admin) -> tuple[float, int]:
    """承認 → published PDF with the parts warmed on approval. Returns (seconds, parts rendered)."""
    from pia_portal.publishing.services import publish_version
    from pia_portal.reports import models as m
    from pia_portal.rendering import part_cache
    from pia_portal.rendering.models import CachedPart
    from pia_portal.rendering.parts import render_part, split
    from pia_portal.rendering.tasks import assemble_ahead, render_version_pdf

    from tests.builders import with_procedure

    with_procedure(version, admin)  # the 指針's steps a 全項目評価書 records before 公表
    m.Version.objects.filter(pk=version.pk).update(status=m.VersionStatus.APPROVED)
    probe = as_published_today(version)
    for source in split(probe, public=True, measured=part_cache.measured)[1]:  # what warm_version_parts queues on approval
        if not CachedPart.objects.filter(key=source.key).exists():
            part_cache.make(source.key, lambda source=source: render_part(probe, source.html))
    assert assemble_ahead(version.pk, probe.publication.published_on.isoformat()) == "assembled"  # and behind them
    before = CachedPart.objects.count()
    started = time.perf_counter()
    render = publish_version(m.Version.objects.get(pk=version.pk), actor=admin).render
    render_version_pdf(render.pk)
    seconds = time.perf_counter() - started
    render.refresh_from_db()
    assert render.status == "done", render.error
    assert m.Version.objects.get(pk=version.pk).status == m.VersionStatus.PUBLISHED
    return seconds, CachedPart.objects.count() - before


def draft_pdf_seconds(version) -> tuple[float, int]:
    """The draft's PDF asked for now, made as the worker makes it; (seconds, parts rendered)."""
    from pia_portal.rendering.models import CachedPart
    from pia_portal.rendering.parts import numbers_key
    from pia_portal.rendering.services import request_render
    from pia_portal.rendering.tasks import render_version_pdf

    before = set(CachedPart.objects.values_list("key", flat=True))
    started = time.perf_counter()
    render = request_render(version, actor=None, force=True)
    render_version_pdf(render.pk)
    seconds = time.perf_counter() - started
    render.refresh_from_db()
    assert render.status == "done", render.error
    made = set(CachedPart.objects.values_list("key", flat=True)) - before - {numbers_key(render.pages)}
    return seconds, len(made)


def measure(name: str, version, admin, runs: int) -> None:
    from pia_portal.rendering.pdf import render_html

    html = render_html(version)
    chrome = min((chromium(html) for _ in range(runs)), key=lambda run: run["seconds"])
    print(f"\n{name}: {chrome['pages']} pages")
    print(f"  chromium, whole document: {chrome['seconds']:.2f} s ({chrome['cpu']:.2f} CPU s)")

    clear_cache()
    cold = cold_parts(version, runs)
    largest = max(cold["part_cpu"])
    measuring = cold["measure_cpu"]
    waiting = sum(1 for _length, _seconds, held in cold["sources"] if held)
    print(f"  cold: {cold['parts']} parts, {sum(cold['part_cpu']):.2f} CPU s in parts; largest part {largest:.2f} s; "
          f"split {cold['split']:.2f} s; assembly {cold['assembly']:.2f} s "
          f"(page numbers {cold['numbers']:.2f} s of it)")
    print(f"  the assembly as the worker runs it: stamp {cold['stamp']:.2f} s first, the parts joined as they are done "
          f"{sum(cold['joins'].values()):.2f} s in all (largest {max(cold['joins'].values()):.2f}), after the last: "
          f"page numbers {cold['numbers']:.2f} s and the file {cold['finish']:.2f} s")
    print(f"  long tables measured in {len(measuring)} pieces first: {sum(measuring):.2f} CPU s, largest "
          f"{max(measuring, default=0):.2f} s; {waiting} parts wait for them, {cold['parts'] - waiting} start at once")
    print("  largest parts: " + ", ".join(f"{seconds:.2f} s ({pages} pages, {name})" for seconds, pages, name in cold["largest"])
          + f"; parts over 1 s of CPU: {sum(1 for seconds in cold['part_cpu'] if seconds > 1)}")
    # As many workers as tasks: nothing waits for a worker, only for what it waits on.
    endless = predicted_wall(cold, len(measuring) + 2 * cold["parts"] + 3)
    print(f"  cold critical path (the tasks' order with a worker for each): {endless:.2f} s")
    for workers in WORKERS:
        wall = predicted_wall(cold, workers)
        print(f"  predicted cold wall on {workers:>2} workers: {wall:.2f} s ({wall / chrome['seconds']:.2f}x chromium)")

    clear_cache()
    cold_draft, rendered = draft_pdf_seconds(version)
    print(f"  draft PDF cold, one process: {cold_draft:.2f} s ({rendered} parts rendered)")
    from django.db import transaction

    with transaction.atomic():
        edit_one_item(version)
        warm_draft, rendered = draft_pdf_seconds(version)
        transaction.set_rollback(True)
    print(f"  保存 → up-to-date draft PDF, one item changed, warm: {warm_draft:.2f} s ({rendered} part rendered; "
          f"{warm_draft / cold_draft:.2f}x cold)")

    seconds, rendered = warm_publication(version, admin)
    print(f"  承認 → published PDF, warm: {seconds:.2f} s ({rendered} parts rendered; "
          f"{seconds / chrome['seconds']:.2f}x chromium)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reference", default=str(ROOT.parent / "shared" / "reference"))
    parser.add_argument("--files", type=int, default=12)
    parser.add_argument("--runs", type=int, default=3, help="timings taken this many times, the least kept")
    args = parser.parse_args()
    setup()
    from pia_portal.importing.services import import_file
    from pia_portal.organisations.models import Membership, Organisation, Role
    from pia_portal.reports.models import Version

    from django.contrib.auth import get_user_model

    organisation, _ = Organisation.objects.get_or_create(slug="bench", defaults={"name": "ベンチ市長"})
    admin, _ = get_user_model().objects.get_or_create(username="bench-admin")
    Membership.objects.get_or_create(user=admin, organisation=organisation, defaults={"roles": [Role.ADMIN]})
    print(f"{os.cpu_count()} cores; CPU seconds of chromium are the whole machine's; the least of {args.runs} runs")
    name = "zenkomoku_kagoshima_juki.txt"
    raw = (Path(args.reference) / "reports" / name).read_bytes()
    reference = import_file(raw, name, organisation, actor=None, new_report=True,
                            number=str(int(time.time()) % 1000000)).version
    measure("001 全項目 鹿児島市 (imported)", reference, admin, args.runs)
    synthetic = Version.objects.select_related("report__organisation").get(pk=synthetic_version(args.files))
    measure(f"全項目, {args.files} files (synthetic)", synthetic, admin, args.runs)


if __name__ == "__main__":
    main()
