"""Benchmark: render versions to PDF with WeasyPrint and, for comparison, with headless chromium.

    ./portal test -q tests/test_pdf.py   # once, so the virtual environment exists
    DATABASE_URL=... .venv/bin/python bench/render_pdf.py [VERSION_ID ...] [--files N]

Without ids it builds one synthetic 重点 and one 全項目 version (every item filled, N files) in the
database it is pointed at. Each WeasyPrint render runs in a fresh process so that its peak memory
is its own. Prints pages, seconds and peak RSS; see bench/README.md for the figures last measured.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pia_portal.settings")
os.environ.setdefault("SECRET_KEY", "bench")


def setup():
    import django

    django.setup()


def weasyprint_child(version_id: int) -> None:
    """Runs in its own process: render once, print a JSON line."""
    setup()
    from pia_portal.reports.models import Version
    from pia_portal.rendering.pdf import render_pdf

    version = Version.objects.get(pk=version_id)
    started = time.perf_counter()
    pdf = render_pdf(version)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"pages": pdf.pages, "seconds": round(seconds, 2), "peak_mb": round(peak_mb), "bytes": len(pdf.content)}))


def chromium(version_id: int) -> dict:
    from pia_portal.reports.models import Version
    from pia_portal.rendering.pdf import render_html

    html = render_html(Version.objects.get(pk=version_id))
    with tempfile.TemporaryDirectory() as directory:
        source = Path(directory) / "report.html"
        target = Path(directory) / "report.pdf"
        source.write_text(html, encoding="utf-8")
        started = time.perf_counter()
        subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
             "--disable-background-networking", "--disable-component-update", f"--user-data-dir={directory}/profile",
             f"--print-to-pdf={target}", source.as_uri()],
            check=True, capture_output=True,
        )
        seconds = time.perf_counter() - started
        info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        return {"pages": pages, "seconds": round(seconds, 2), "bytes": target.stat().st_size}


def synthetic_versions(files: int) -> list[int]:
    from pia_portal.organisations.models import Organisation
    from pia_portal.reports import models as m
    from pia_portal.reports.services import add_entry
    from tests.builders import fill, full_version

    organisation, _ = Organisation.objects.get_or_create(slug="bench", defaults={"name": "ベンチ市長"})
    ids = []
    for kind in ("juten", "zenkomoku"):
        number = f"B{kind[0]}{files}-{int(time.time()) % 1000000}"
        version = full_version(organisation, kind, number=number)
        for n in range(max(0, files - 2)):
            file = add_entry(version, m.PersonalInfoFile)
            fill(file, version.form_kind, f"追加ファイル{n + 1}")
            fill(file.risk, version.form_kind, f"追加リスク対策{n + 1}")
        ids.append(version.pk)
    return ids


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("version_ids", nargs="*", type=int)
    parser.add_argument("--files", type=int, default=3, help="files per synthetic version")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        weasyprint_child(args.child)
        return
    setup()
    from pia_portal.reports.models import Version

    ids = args.version_ids or synthetic_versions(args.files)
    print(f"{'version':<44} {'engine':<11} {'pages':>5} {'seconds':>8} {'peak MB':>8} {'KB':>7}")
    for version_id in ids:
        name = str(Version.objects.get(pk=version_id))[:42]
        child = subprocess.run([sys.executable, __file__, "--child", str(version_id)], capture_output=True, text=True, check=True)
        weasy = json.loads(child.stdout.strip().splitlines()[-1])
        print(f"{name:<44} {'WeasyPrint':<11} {weasy['pages']:>5} {weasy['seconds']:>8} {weasy['peak_mb']:>8} {weasy['bytes'] // 1024:>7}")
        chrome = chromium(version_id)
        print(f"{name:<44} {'chromium':<11} {chrome['pages']:>5} {chrome['seconds']:>8} {'—':>8} {chrome['bytes'] // 1024:>7}")


if __name__ == "__main__":
    main()
