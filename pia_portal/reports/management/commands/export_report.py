import json
import sys

from django.core.management.base import BaseCommand, CommandError

from pia_portal.reports.models import Version
from pia_portal.reports.serialization import export_version


class Command(BaseCommand):
    help = "Write one version as canonical JSON (docs/json-format.md) to standard output or --out."

    def add_arguments(self, parser):
        parser.add_argument("version_id", type=int)
        parser.add_argument("--out", help="file to write instead of standard output")

    def handle(self, *args, version_id, out=None, **options):
        version = Version.objects.select_related("report").filter(pk=version_id).first()
        if version is None:
            raise CommandError(f"版 {version_id} はありません。")
        text = json.dumps(export_version(version), ensure_ascii=False, indent=2) + "\n"
        if out:
            with open(out, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(f"{version} → {out}")
        else:
            sys.stdout.write(text)
