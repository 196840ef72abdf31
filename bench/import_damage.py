"""Benchmark (#30): the importer on extractions damaged as real ones are.

    .venv/bin/python bench/import_damage.py [--shapes] [--list N]

Makes the seeded variants of tests/damage.py from 000 and 001 (1-3 whole pages lost, each section
heading lost alone, the first page of each file's II and III lost, a page's last row merged into
the next page's first), imports each (parse only: no database) and prints, per kind of damage, how
many variants were refused and the share of the content characters still in the damaged text that
landed in the same item of the same file or entry as in the import of the whole report; then the
worst variants and, with --list, what moved in the N worst. `--shapes` also writes each variant
as Markdown tables (tests/shapes.py) and imports that.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pia_portal.settings")
os.environ.setdefault("SECRET_KEY", "bench")

import django  # noqa: E402

django.setup()

from pia_portal.importing.text import NotAReport, parse_text  # noqa: E402
from tests.damage import placement, variants  # noqa: E402
from tests.shapes import markdown_tables  # noqa: E402

REFERENCE = ROOT.parent / "shared" / "reference"


def kind_of(damage: str) -> str:
    for prefix, kind in (("pages", "1-3 pages lost"), ("heading", "a section heading lost"),
                         ("first page", "first page of a file's II/III lost"), ("page", "a row merged across a page end")):
        if damage.startswith(prefix):
            return kind
    return damage


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shapes", action="store_true")
    parser.add_argument("--list", type=int, default=0)
    parser.add_argument("--match", default="", help="only the variants whose report and damage contain this")
    parser.add_argument("--strict", action="store_true",
                        help="count a line printed more often in the whole report than in the damaged text as present "
                             "wherever it is missing (tests/damage.py placement)")
    args = parser.parse_args()
    started = time.perf_counter()
    shapes = {"tab": lambda s: s, **({"markdown": markdown_tables} if args.shapes else {})}
    wholes, whole_sources = {}, {}
    rows = []
    for variant in variants(REFERENCE):
        if args.match and args.match not in f"{variant.report} {variant.damage}":
            continue
        for shape, write in shapes.items():
            if (variant.report, shape) not in wholes:
                whole_source = (REFERENCE / "reports" / variant.report).read_text(encoding="utf-8")
                wholes[variant.report, shape] = parse_text(write(whole_source)).document
                whole_sources[variant.report] = whole_source
            source = write(variant.source)
            try:
                document = parse_text(source).document
            except NotAReport as error:
                rows.append((variant, shape, None, str(error)))
                continue
            rows.append((variant, shape, placement(wholes[variant.report, shape], document, variant.source,
                                                   None if args.strict else whole_sources[variant.report]), ""))
    print(f"{len(rows)} imports of {len(rows) // len(shapes)} variants in {time.perf_counter() - started:.0f} s")
    print(f"{'damage':<38} {'shape':<9} {'variants':>8} {'refused':>8} {'same item':>22} {'worst':>7}")
    groups = defaultdict(list)
    for row in rows:
        groups[kind_of(row[0].damage), row[1]].append(row)
    groups["all", "all"] = rows
    for (kind, shape), members in groups.items():
        measured = [p for _, _, p, _ in members if p is not None]
        present, same = sum(p.present for p in measured), sum(p.same for p in measured)
        refused = sum(1 for _, _, p, _ in members if p is None)
        worst = min((p.share for p in measured), default=1.0)
        print(f"{kind:<38} {shape:<9} {len(members):>8} {refused:>8} {same:>10,}/{present:>10,} {same / present if present else 1:>6.2%} {worst:>6.1%}")
    print("\nrefused:")
    for variant, shape, _, error in rows:
        if error:
            print(f"  {variant.report[:8]} {shape:<8} {variant.damage}: {error[:90]}")
    measured = sorted((row for row in rows if row[2] is not None), key=lambda row: row[2].share)
    print("\nworst variants:")
    for variant, shape, found, _ in measured[:15]:
        print(f"  {found.share:6.1%} {variant.report[:8]} {shape:<8} {variant.damage}")
    for variant, shape, found, _ in measured[:args.list]:
        print(f"\n{variant.report} {shape} {variant.damage}: {len(found.moved)} lines moved")
        for path, text in found.moved[:25]:
            print(f"    {path}: {text}")


if __name__ == "__main__":
    main()
