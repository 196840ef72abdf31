"""Benchmark: how much of WeasyPrint's time our print document decides.

    DATABASE_URL=... .venv/bin/python bench/weasyprint_variants.py VERSION_ID [--runs 3]

Renders one version's single-pass print HTML (as rendering/pdf.py does) with WeasyPrint, once as
it is and once per variant below, each in a fresh process (the fastest of `--runs`), and prints
the CPU seconds of laying out (parse, style, layout) and of writing (paint, tags, PDF), pages and
the change against the document as it is. The variants are not proposals: most would break the
official layout. They measure how far changing our HTML and CSS could take WeasyPrint towards
chromium's CPU per page (bench/README.md, "PDF rendering"), so that the answer is a measurement,
not a guess.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pia_portal.settings")
os.environ.setdefault("SECRET_KEY", "bench")

# name → (what it changes, a function of the HTML). Extra CSS goes last in the first <style>.
MINIMAL_CSS = ("@page { size: A4 portrait; margin: 14mm 12mm 16mm 12mm; } "
               "html { font-family: IPAexGothic; font-size: 8.6pt; } "
               "table { width: 100%; table-layout: fixed; } td, th { border: 0.5pt solid #000; }")


def _css(extra: str):
    return lambda html: html.replace("</style>", extra + "</style>", 1)


VARIANTS = {
    "as printed": ("the document as the portal prints it", lambda html: html),
    "separate borders": ("tables with border-collapse: separate", _css("table.grid { border-collapse: separate; border-spacing: 0; }")),
    "no columns": ("記録項目 lists in one column instead of CSS columns", _css("ol.record-items { columns: auto; }")),
    "normal wrapping": ("overflow-wrap: normal in every cell", _css("table.grid th, table.grid td { overflow-wrap: normal; }")),
    "no floats": ("the ※ flags of headings not floated", _css(".flags { float: none !important; }")),
    "no page frame": ("no running title, no 「n / N」 (as the parts are rendered)",
                      _css("@page { @top-right { content: none; } @bottom-center { content: none; } }")),
    "no spans": ("every <span> removed, its text kept (choices, legends, marks)", lambda html: re.sub(r"</?span[^>]*>", "", html)),
    "minimal stylesheet": ("the whole stylesheet replaced by page size, font and fixed tables",
                           lambda html: re.sub(r"<style>.*?</style>", f"<style>{MINIMAL_CSS}</style>", html, count=1, flags=re.S)),
}
UNTAGGED = "untagged"  # the document as printed, written without PDF/UA tags


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(path: str, tagged: bool) -> None:
    """Runs in its own process: lay out and write `path` once, print a JSON line."""
    from weasyprint import HTML

    HTML(string="<p lang=ja>準備</p>").write_pdf()  # fonts loaded, as in a worker that has rendered before
    html = Path(path).read_text(encoding="utf-8")
    started = cpu_seconds()
    document = HTML(string=html).render()
    laid_out = cpu_seconds()
    document.write_pdf(pdf_variant="pdf/ua-1" if tagged else None)
    print(json.dumps({"pages": len(document.pages), "layout": laid_out - started, "write": cpu_seconds() - laid_out}))


def measure(html: str, *, tagged: bool, runs: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".html", encoding="utf-8", delete=False) as file:
        file.write(html)
    try:
        results = []
        for _ in range(runs):
            out = subprocess.run([sys.executable, __file__, "--child", file.name, "--tagged", str(int(tagged))],
                                 capture_output=True, text=True, check=True).stdout
            results.append(json.loads(out.strip().splitlines()[-1]))
        return min(results, key=lambda result: result["layout"] + result["write"])
    finally:
        os.unlink(file.name)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("version_id", nargs="?", type=int)
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per variant; the fastest counts")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--tagged", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, bool(args.tagged))
        return
    if args.version_id is None:
        parser.error("the id of the version to print")
    import django

    django.setup()
    from pia_portal.reports.models import Version
    from pia_portal.rendering.pdf import render_html

    html = render_html(Version.objects.get(pk=args.version_id))
    print(f"{'variant':<20} {'pages':>5} {'layout s':>9} {'write s':>8} {'CPU s':>7} {'change':>7}  what it changes")
    base = None
    rows = [(name, what, change(html), True) for name, (what, change) in VARIANTS.items()]
    rows.append((UNTAGGED, "the document as printed, written without PDF/UA tags", html, False))
    for name, what, variant, tagged in rows:
        result = measure(variant, tagged=tagged, runs=args.runs)
        total = result["layout"] + result["write"]
        base = base or total
        print(f"{name:<20} {result['pages']:>5} {result['layout']:>9.2f} {result['write']:>8.2f} {total:>7.2f} "
              f"{(total / base - 1) * 100:>+6.0f}%  {what}", flush=True)


if __name__ == "__main__":
    main()
