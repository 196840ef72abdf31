"""Benchmark: how much of each report's content the text importer places in items, and how fast.

    .venv/bin/python bench/import_coverage.py [FILE ...]     (default: ../shared/reference/reports/*.txt)
    .venv/bin/python bench/import_coverage.py --scale        (throughput on inputs of 0.5 to 8 MB)
    .venv/bin/python bench/import_coverage.py --shapes       (each reference also as Markdown tables)
    .venv/bin/python bench/import_coverage.py report.pdf     (a published PDF, read by its layout)

For each input: the share of the source's content characters (labels, option legends and
check-box marks excluded) found in the imported values, the time taken, MB/s, and the lines that
did not land anywhere. `--scale` grows 001's 変更箇所 to 1×, 4×, 16× and 32× its rows and prints
parse and measure throughput, to show both stay linear. Needs no database: it parses and measures
only.
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


def main() -> None:
    if sys.argv[1:] == ["--scale"]:
        return scale()
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
