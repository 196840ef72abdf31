"""How much of a real change log the generator writes back.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pia_bench .venv/bin/python bench/changelog_replay.py [FILE ...]

For each extracted report (default: 000 and 001 of ../shared/reference/reports) it imports the
report, undoes the rows of the last batch of its own 変更箇所 in a copy of its document, generates
the log between the copy and the report, and counts the real rows that come back (the same item;
the real before and after contained in the proposed ones). The misses are listed with their reason.
Everything it creates is rolled back.
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

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from pia_portal.changelog.generate import generate  # noqa: E402
from pia_portal.changelog.replay import replay  # noqa: E402
from pia_portal.importing.services import import_file  # noqa: E402
from pia_portal.organisations.models import Organisation  # noqa: E402

REFERENCE = ROOT.parent / "shared" / "reference" / "reports"
DEFAULT = ("juten_yamaguchi_kaigo.txt", "zenkomoku_kagoshima_juki.txt")


class Rollback(Exception):
    pass


def main(paths: list[Path]) -> None:
    call_command("migrate", verbosity=0)
    for path in paths:
        try:
            with transaction.atomic():
                organisation = Organisation.objects.create(name="ベンチ市長", slug="bench-replay")
                record = import_file(path.read_bytes(), path.name, organisation, actor=None)
                rows = list(record.version.change_log.all())
                linked = sum(1 for row in rows if row.item_ref)
                print(f"{path.name}: {linked} / {len(rows)} rows of the imported log linked to an item ({linked / len(rows):.0%})")
                result = replay(record.version, organisation)
                started = time.perf_counter()
                rows = generate(record.version.report.versions.model.objects.filter(report__organisation=organisation)
                                .exclude(pk=record.version.pk).get(), record.version).rows
                print(f"  generating the proposal ({len(rows)} rows) took {time.perf_counter() - started:.2f} s")
                print(f"{path.name}: batch {result.batch}: {result.reproduced} / {len(result.outcomes)} rows "
                      f"reproduced ({result.share:.0%})")
                for outcome in result.outcomes:
                    if not outcome.reproduced:
                        print(f"  miss [{outcome.reason}] {outcome.row.item[:90]}  ({outcome.reference or '—'})")
                raise Rollback
        except Rollback:
            pass


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]] or [REFERENCE / name for name in DEFAULT])
