"""Benchmark: one version's PDF made every way, side by side in one run on the same HTML.

    DATABASE_URL=... .venv/bin/python bench/render_pdf.py [VERSION_ID ...] [--files 12] [--workers 2,4]

Without ids it builds one synthetic 全項目 version with `--files` 特定個人情報ファイル (every item
filled) in the database it is pointed at. For each version it measures:

- chromium printing the whole document (the single pass's HTML, page frame included);
- WeasyPrint, whole document in one pass (a fresh process, so its peak RSS is its own);
- the parallel path, cold (no part cached): a pool of N warm worker processes, as the long-lived
  `pdf` workers are, renders the parts (rendering/parts.py); this process splits the document,
  renders the page numbers and the stamp and assembles; for N = 2 and every `--workers` value;
- a one-item edit: one item of the last file's III changed, then the same again with the parts of
  the cold run cached: only the changed part is rendered.

The Celery path adds a broker round trip and a database row per part to this (a few ms each).
Prints pages, seconds, CPU seconds (chromium's: the whole machine's, so run it idle; the parallel
path's: every part's in the workers plus the assembly's), peak RSS (of the single pass; of the
largest pool worker) and size.
See bench/README.md for the figures last measured.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pia_portal.settings")
os.environ.setdefault("SECRET_KEY", "bench")


def setup():
    import django

    django.setup()


def cpu_seconds() -> float:
    """User and system CPU time of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def machine_cpu_seconds() -> float:
    """CPU time spent by every process of the machine so far (/proc/stat): chromium's renderer
    processes are not children this process waits for, so only the machine's total counts them.
    Run the bench on an otherwise idle machine."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    busy = sum(fields) - fields[3] - fields[4]  # all but idle and iowait
    return busy / os.sysconf("SC_CLK_TCK")


def weasyprint_child(version_id: int) -> None:
    """Runs in its own process: render once in a single pass, print a JSON line."""
    setup()
    from pia_portal.reports.models import Version
    from pia_portal.rendering.pdf import render_pdf

    version = Version.objects.get(pk=version_id)
    started, cpu = time.perf_counter(), cpu_seconds()
    pdf = render_pdf(version)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"pages": pdf.pages, "seconds": round(seconds, 2), "cpu": round(cpu_seconds() - cpu, 2),
                      "peak_mb": round(peak_mb), "bytes": len(pdf.content)}))


def chromium(html: str) -> dict:
    with tempfile.TemporaryDirectory() as directory:
        source = Path(directory) / "report.html"
        target = Path(directory) / "report.pdf"
        source.write_text(html, encoding="utf-8")
        started, cpu = time.perf_counter(), machine_cpu_seconds()
        subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
             "--disable-background-networking", "--disable-component-update", f"--user-data-dir={directory}/profile",
             f"--print-to-pdf={target}", source.as_uri()],
            check=True, capture_output=True,
        )
        seconds = time.perf_counter() - started
        cpu = machine_cpu_seconds() - cpu
        info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        return {"pages": pages, "seconds": round(seconds, 2), "cpu": round(cpu, 2), "bytes": target.stat().st_size}


# The pool's workers: set up once, then render parts (the function the pdf workers run).

def _worker_start() -> None:
    setup()
    from weasyprint import HTML

    HTML(string="<p lang=ja>準備</p>").write_pdf()  # fonts loaded, as in a worker that has rendered before


def _worker_part(version_id: int, html: str):
    from pia_portal.reports.models import Version
    from pia_portal.rendering.parts import render_part

    cpu = cpu_seconds()
    part = render_part(Version.objects.get(pk=version_id), html)
    return part, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, cpu_seconds() - cpu


def parallel(pool, version, cache: dict) -> dict:
    """The parallel path as the worker runs it, parts taken from `cache` (key → part) if there."""
    from pia_portal.rendering import parts

    started, cpu = time.perf_counter(), cpu_seconds()
    title, sources = parts.split(version)
    missing = sorted((source for source in sources if source.key not in cache), key=lambda source: -len(source.html))
    peak, workers_cpu = 0.0, 0.0
    for source, (part, rss, part_cpu) in zip(missing, pool.map(_worker_part, [version.pk] * len(missing), [s.html for s in missing])):
        cache[source.key] = part
        peak = max(peak, rss)
        workers_cpu += part_cpu
    rendered = [cache[source.key] for source in sources]
    pages = sum(part.pages for part in rendered)
    numbers_key = ("numbers", pages)
    if numbers_key not in cache:
        cache[numbers_key] = parts.render_numbers(pages)
    stamp = parts.render_stamp(version, running_title=title, draft_mark=False)
    content = parts.assemble(rendered, cache[numbers_key], stamp, title=title)
    return {"pages": pages, "seconds": round(time.perf_counter() - started, 2), "cpu": round(cpu_seconds() - cpu + workers_cpu, 2),
            "peak_mb": round(peak), "bytes": len(content),
            "parts": len(sources), "rendered": len(missing)}


def edit_one_item(version) -> None:
    """One item of the last file's III リスク対策 (one part), or of I 基本情報 if there is no file."""
    from pia_portal.reports import models as m
    from pia_portal.reports.structure import Kind, items_of

    file = version.files.order_by("position").last()
    record = file.risk if file is not None else m.BasicInfo.objects.get(version=version)
    attr = next(attr for attr, item in items_of(record.entity).items() if item.kind is Kind.TEXT and getattr(record, attr))
    setattr(record, attr, getattr(record, attr) + "(改)")
    record.save()


def synthetic_version(files: int) -> int:
    from pia_portal.organisations.models import Organisation
    from pia_portal.reports import models as m
    from pia_portal.reports.services import add_entry
    from tests.builders import fill, full_version

    organisation, _ = Organisation.objects.get_or_create(slug="bench", defaults={"name": "ベンチ市長"})
    version = full_version(organisation, "zenkomoku", number=str(int(time.time()) % 1000000))
    for n in range(max(0, files - 2)):
        file = add_entry(version, m.PersonalInfoFile)
        fill(file, version.form_kind, f"追加ファイル{n + 1}")
        fill(file.risk, version.form_kind, f"追加リスク対策{n + 1}")
    return version.pk


def row(name: str, way: str, result: dict) -> None:
    peak = f"{result['peak_mb']} MB" if result.get("peak_mb") else "—"
    extra = f"  ({result['rendered']} of {result['parts']} parts rendered)" if "parts" in result else ""
    print(f"{name:<36} {way:<34} {result['pages']:>5} {result['seconds']:>8} {result['cpu']:>7} {peak:>9} "
          f"{result['bytes'] // 1024:>7}{extra}",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("version_ids", nargs="*", type=int)
    parser.add_argument("--files", type=int, default=12, help="files of the synthetic 全項目 version")
    parser.add_argument("--workers", default="", help="more pool sizes to try besides 2 and all cores, e.g. 4,8")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        weasyprint_child(args.child)
        return
    setup()
    from django.db import connections, transaction

    from pia_portal.reports.models import Version
    from pia_portal.rendering.pdf import render_html

    ids = args.version_ids or [synthetic_version(args.files)]
    counts = sorted({2, os.cpu_count() or 1, *(int(n) for n in args.workers.split(",") if n)})
    print(f"{os.cpu_count()} cores; chromium may use all of them (its CPU seconds over its seconds say how many it did)")
    print(f"{'version':<36} {'way':<34} {'pages':>5} {'seconds':>8} {'CPU s':>7} {'peak RSS':>9} {'KB':>7}")
    connections.close_all()  # the pool's processes open their own
    for version_id in ids:
        version = Version.objects.select_related("report__organisation").get(pk=version_id)
        name = str(version)[:34]
        row(name, "chromium, whole document", chromium(render_html(version)))
        child = subprocess.run([sys.executable, __file__, "--child", str(version_id)], capture_output=True, text=True, check=True)
        row(name, "WeasyPrint, single pass", json.loads(child.stdout.strip().splitlines()[-1]))
        for count in counts:
            with ProcessPoolExecutor(count, mp_context=get_context("spawn"), initializer=_worker_start) as pool:
                list(pool.map(time.sleep, [0.5] * count * 2))  # every worker started and warm
                cache: dict = {}
                row(name, f"parts in parallel, {count} workers, cold", parallel(pool, version, cache))
                if count == counts[-1]:
                    with transaction.atomic():
                        edit_one_item(version)
                        row(name, f"one-item edit, {count} workers", parallel(pool, version, cache))
                        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
