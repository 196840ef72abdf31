"""Benchmark: how much of each report's content the text importer places in items.

    .venv/bin/python bench/import_coverage.py [FILE ...]     (default: ../shared/reference/reports/*.txt)

For each input: the share of the source's content characters (labels, option legends and
check-box marks excluded) found in the imported values, the time taken, and the lines that did not
land anywhere. Needs no database: it parses and measures only.
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


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or sorted((ROOT.parent / "shared" / "reference" / "reports").glob("*.txt"))
    for path in paths:
        source = path.read_text(encoding="utf-8")
        started = time.perf_counter()
        result = parse_text(source)
        seconds = time.perf_counter() - started
        coverage = measure(source, result.document, result.kind)
        document = result.document
        print(
            f"{path.name}: {coverage.placed:,}/{coverage.total:,} content characters placed ({coverage.share:.2%}), "
            f"{len(document['files'])} files, {len(document['change_log'])} change-log rows, "
            f"{len(result.unplaced)} unplaced fragments, {len(result.inferred)} inferred values, {seconds:.2f} s"
        )
        for line, text in coverage.missing:
            print(f"    not placed, line {line}: {text}")


if __name__ == "__main__":
    main()
