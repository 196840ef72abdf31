import time

from django.core.management.base import BaseCommand, CommandError

from pia_portal.reports.models import Version
from pia_portal.rendering.pdf import render_pdf


class Command(BaseCommand):
    help = "Render one version to PDF synchronously (for operators; the portal renders through Celery)."

    def add_arguments(self, parser):
        parser.add_argument("version_id", type=int)
        parser.add_argument("--out", required=True, help="the PDF file to write")

    def handle(self, *args, version_id, out, **options):
        version = Version.objects.select_related("report__organisation").filter(pk=version_id).first()
        if version is None:
            raise CommandError(f"版 {version_id} はありません。")
        started = time.monotonic()
        pdf = render_pdf(version)
        with open(out, "wb") as handle:
            handle.write(pdf.content)
        self.stdout.write(
            f"{version}: {pdf.pages} ページ, {len(pdf.content):,} バイト, {time.monotonic() - started:.1f} 秒 → {out}"
        )
        self.stdout.write(f"sha256 {pdf.sha256}")
