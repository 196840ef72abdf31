"""Benchmark: how much of each report's content the text importer places in items, and how fast.

    .venv/bin/python bench/import_coverage.py [FILE ...]     (default: ../shared/reference/reports/*.txt)
    .venv/bin/python bench/import_coverage.py --scale        (throughput on inputs of 0.5 to 8 MB)
    .venv/bin/python bench/import_coverage.py --shapes       (each reference also as Markdown tables)
    .venv/bin/python bench/import_coverage.py report.pdf     (a published PDF, read by its layout)
    DATABASE_URL=… .venv/bin/python bench/import_coverage.py --round-trip
                                                            (each reference in every shape, imported
                                                             and compared item by item with the original)

For each input: the share of the source's content characters (labels, option legends and
check-box marks excluded) found in the imported values, the time taken, MB/s, and the lines that
did not land anywhere. `--scale` grows 001's 変更箇所 to 1×, 4×, 16× and 32× its rows and prints
parse and measure throughput, to show both stay linear. These need no database: they parse and
measure only.

`--round-trip` imports each reference report, then imports it again from each shape it can take
(Markdown tables, the PDF the portal renders, the PDF chromium prints from a restyled HTML) and
compares the two versions with the change-log generator: the share of content characters in the
same item and entry, and the items that differ. Everything happens in a transaction that is rolled
back; it needs a database and chromium.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pia_portal.settings")
os.environ.setdefault("SECRET_KEY", "bench")

import django  # noqa: E402

django.setup()

from pia_portal.importing.coverage import measure  # noqa: E402
from pia_portal.importing.text import parse_text  # noqa: E402


def scaled(source: str, factor: int) -> str:
    """001 with the rows of its 変更箇所 repeated `factor` times (a long, real-shaped report)."""
    lines = source.splitlines()
    log = max(i for i, line in enumerate(lines) if line.replace(" ", "").startswith("(別添3)変更箇所"))
    start = next(i for i in range(log, len(lines)) if lines[i].startswith("変更日\t項目"))
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("(別紙"))
    return "\n".join(lines[:start + 1] + lines[start + 1:end] * factor + lines[end:])


def scale() -> None:
    source = (ROOT.parent / "shared" / "reference" / "reports" / "zenkomoku_kagoshima_juki.txt").read_text(encoding="utf-8")
    for factor in (1, 4, 16, 32):
        text = scaled(source, factor)
        size = len(text.encode("utf-8")) / 1e6
        started = time.perf_counter()
        result = parse_text(text)
        parsed = time.perf_counter() - started
        measure(text, result.document, result.kind)
        measured = time.perf_counter() - started - parsed
        print(
            f"{size:5.2f} MB, {len(result.document['change_log']):,} change-log rows: parse {parsed:.2f} s ({size / parsed:.1f} MB/s), "
            f"coverage {measured:.2f} s ({size / measured:.1f} MB/s), both {size / (parsed + measured):.1f} MB/s"
        )


def inputs(arguments: list[str]):
    """(label, source text) of each input: text files as they are, PDFs read by their layout, and
    with --shapes every reference also in the Markdown-table shape of other converters."""
    from pia_portal.importing.pdf import pdf_to_source

    shapes = "--shapes" in arguments
    paths = [Path(p) for p in arguments if p != "--shapes"] or sorted((ROOT.parent / "shared" / "reference" / "reports").glob("*.txt"))
    for path in paths:
        if path.suffix.lower() == ".pdf":
            started = time.perf_counter()
            source = pdf_to_source(path.read_bytes())
            print(f"{path.name}: PDF read in {time.perf_counter() - started:.2f} s")
            yield f"{path.name} (PDF)", source
            continue
        source = path.read_text(encoding="utf-8")
        yield path.name, source
        if shapes:
            from tests.shapes import markdown_tables

            yield f"{path.name} (Markdown tables)", markdown_tables(source)


def round_trip() -> None:
    from django.db import transaction

    from pia_portal.importing.coverage import agreement
    from pia_portal.importing.services import import_file
    from pia_portal.organisations.models import Organisation
    from pia_portal.rendering.pdf import render_html, render_pdf
    from tests.shapes import markdown_tables, restyled_pdf

    shapes = {
        "Markdown tables": lambda version, source: (markdown_tables(source).encode(), "report.md"),
        "the portal's PDF": lambda version, source: (render_pdf(version).content, "report.pdf"),
        "another producer's PDF": lambda version, source: (restyled_pdf(render_html(version)), "report.pdf"),
    }
    print("| input | shape | content characters in the same item | items that differ | change-log rows | time |")
    print("|---|---|---|---|---|---|")
    for path in sorted((ROOT.parent / "shared" / "reference" / "reports").glob("*.txt")):
        with transaction.atomic():
            first = Organisation.objects.create(name="bench", slug="bench-round-trip")
            source = path.read_text(encoding="utf-8")
            original = import_file(path.read_bytes(), path.name, first, actor=None).version
            for number, (shape, make) in enumerate(shapes.items()):
                second = Organisation.objects.create(name=f"bench {number}", slug=f"bench-round-trip-{number}")
                raw, name = make(original, source)
                started = time.perf_counter()
                record = import_file(raw, name, second, actor=None)
                seconds = time.perf_counter() - started
                found = agreement(original, record.version, record.total_chars)
                rows = f"{record.version.change_log.count()} / {original.change_log.count()}"
                print(f"| {path.name} | {shape} | {found.total - found.misplaced:,} / {found.total:,} ({found.share:.2%}) "
                      f"| {len(found.rows)} | {rows} | {seconds:.1f} s |")
                for row in found.rows:
                    print(f"|  | | differs: {row.item} | | | |")
            transaction.set_rollback(True)


def main() -> None:
    if sys.argv[1:] == ["--scale"]:
        return scale()
    if sys.argv[1:] == ["--round-trip"]:
        return round_trip()
    for name, source in inputs(sys.argv[1:]):
        started = time.perf_counter()
        result = parse_text(source)
        seconds = time.perf_counter() - started
        coverage = measure(source, result.document, result.kind)
        document = result.document
        size = len(source.encode("utf-8")) / 1e6
        print(
            f"{name}: {coverage.placed:,}/{coverage.total:,} content characters placed ({coverage.share:.2%}), "
            f"{len(document['files'])} files, {len(document['change_log'])} change-log rows, "
            f"{len(result.unplaced)} unplaced fragments, {len(result.inferred)} inferred values, "
            f"{seconds:.2f} s ({size / seconds:.1f} MB/s)"
        )
        for line, text in coverage.missing:
            print(f"    not placed, line {line}: {text}")


if __name__ == "__main__":
    main()
