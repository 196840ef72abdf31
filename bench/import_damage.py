"""Benchmark (#30): the importer on extractions damaged as real ones are.

    .venv/bin/python bench/import_damage.py [--shapes] [--list N]
    DATABASE_URL=… .venv/bin/python bench/import_damage.py --pdf [--pdf-drops N] [--list N]

Makes the seeded variants of tests/damage.py from 000 and 001 (1-3 whole pages lost, each section
heading lost alone, the first page of each file's II and III lost, a page's last row merged into
the next page's first), imports each (parse only: no database) and prints, per kind of damage, how
many variants were refused and the share of the content characters still in the damaged text that
landed in the same item of the same file or entry as in the import of the whole report; then the
worst variants and, with --list, what moved in the N worst. `--shapes` also writes each variant
as Markdown tables (tests/shapes.py) and imports that.

`--pdf` damages the PDFs instead (tests/damage_pdf.py): each reference is imported, printed by the
portal and by another producer (chromium, restyled), and each PDF loses 1-3 pages (N seeded draws,
40 by default), each section heading's text alone, and the page of each file's II and III heading;
each damaged PDF is read by the PDF reader and measured against the read of the undamaged PDF of
the same shape. It needs a database (everything is rolled back) and chromium.
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
    parser.add_argument("--pdf", action="store_true")
    parser.add_argument("--pdf-drops", type=int, default=40)
    parser.add_argument("--strict", action="store_true",
                        help="count a line printed more often in the whole report than in the damaged text as present "
                             "wherever it is missing (tests/damage.py placement)")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.pdf:
        return report(pdf_rows(args, started), 1, started, args)
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
    report(rows, len(shapes), started, args)


def pdf_rows(args, started: float) -> list:
    import logging

    from django.db import transaction

    from pia_portal.importing.cells import squeeze
    from pia_portal.importing.pdf import pdf_to_source
    from pia_portal.importing.services import import_file
    from pia_portal.organisations.models import Organisation
    from tests.damage import REPORTS
    from tests.damage_pdf import pages_read_once, printed
    from tests.damage_pdf import variants as pdf_variants

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # 「Could not get FontBBox」 on every page of chromium's PDF
    rows = []
    for name in REPORTS:
        with transaction.atomic():
            organisation = Organisation.objects.create(name="bench", slug="bench-import-damage-pdf")
            version = import_file((REFERENCE / "reports" / name).read_bytes(), name, organisation, actor=None).version
            pdfs = printed(version)
            transaction.set_rollback(True)
        for shape, raw in pdfs.items():
            with pages_read_once():
                whole_source = pdf_to_source(raw)
                whole = parse_text(whole_source).document
                whole_lines = set(whole_source.splitlines())
                for variant in pdf_variants(name, shape, raw, whole_source, page_drops=args.pdf_drops):
                    if args.match and args.match not in f"{variant.report} {variant.damage}":
                        continue
                    source = pdf_to_source(variant.pdf)
                    variant.pdf = b""  # read: 250 variants of a 1 MB PDF need not stay in memory
                    try:
                        document = parse_text(source).document
                    except NotAReport as error:
                        rows.append((variant, f"{shape} PDF", None, str(error)))
                        continue
                    found = placement(whole, document, source, None if args.strict else whole_source)
                    # A moved line on a line the reader read differently than from the whole PDF
                    # (a page join across the gap, a cut row without its rest) is the reader's
                    # part; on a line read as before, the importer's placement.
                    changed = [squeeze(line) for line in source.splitlines() if line not in whole_lines]
                    found.by_reader = sum(1 for _, text in found.moved if any(squeeze(text)[:40] in line for line in changed))
                    rows.append((variant, f"{shape} PDF", found, ""))
            print(f"{name} {shape}: {sum(1 for r in rows if r[0].report == name and r[0].shape == shape)} variants, "
                  f"{time.perf_counter() - started:.0f} s", flush=True)
    return rows


def report(rows: list, shapes: int, started: float, args) -> None:
    print(f"{len(rows)} imports of {len(rows) // shapes} variants in {time.perf_counter() - started:.0f} s")
    print(f"{'damage':<38} {'shape':<9} {'variants':>8} {'refused':>8} {'same item':>22} {'worst':>7}")
    groups = defaultdict(list)
    for row in rows:
        groups[kind_of(row[0].damage), row[1]].append(row)
    if shapes == 1:
        for row in rows:
            groups["all", row[1]].append(row)
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
    moved = [found for _, _, found, _ in measured if hasattr(found, "by_reader")]
    if moved:
        lines, by_reader = sum(len(f.moved) for f in moved), sum(f.by_reader for f in moved)
        print(f"\nmoved lines: {lines:,}, of which on lines the reader read differently: {by_reader:,}")
    print("\nworst variants:")
    for variant, shape, found, _ in measured[:15]:
        reader = f" ({len(found.moved)} lines moved, {found.by_reader} on lines read differently)" if hasattr(found, "by_reader") else ""
        print(f"  {found.share:6.1%} {variant.report[:8]} {shape:<8} {variant.damage}{reader}")
    for variant, shape, found, _ in measured[:args.list]:
        print(f"\n{variant.report} {shape} {variant.damage}: {len(found.moved)} lines moved")
        for path, text in found.moved[:25]:
            print(f"    {path}: {text}")


if __name__ == "__main__":
    main()
