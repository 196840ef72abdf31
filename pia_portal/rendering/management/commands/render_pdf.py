import hashlib
import time

from django.core.management.base import BaseCommand, CommandError

from pia_portal.reports.models import Version
from pia_portal.rendering.parts import render_whole
from pia_portal.rendering.pdf import render_pdf


class Command(BaseCommand):
    help = ("版のPDFをこのプロセスで作成する(運用者向け。ポータルは pdf キューのワーカーが部分ごとに並行して作成する)。"
            "部分を順に作成して組み立てる。--single-pass は文書全体を一度に作成する(比較用)。")

    def add_arguments(self, parser):
        parser.add_argument("version_id", type=int)
        parser.add_argument("--out", required=True, help="the PDF file to write")
        parser.add_argument("--single-pass", action="store_true", help="文書全体を WeasyPrint で一度に作成する")

    def handle(self, *args, version_id, out, single_pass=False, **options):
        version = Version.objects.select_related("report__organisation").filter(pk=version_id).first()
        if version is None:
            raise CommandError(f"版 {version_id} はありません。")
        started = time.monotonic()
        if single_pass:
            pdf = render_pdf(version)
            content, pages = pdf.content, pdf.pages
        else:
            content, pages = render_whole(version)
        with open(out, "wb") as handle:
            handle.write(content)
        self.stdout.write(f"{version}: {pages} ページ, {len(content):,} バイト, {time.monotonic() - started:.1f} 秒 → {out}")
        self.stdout.write(f"sha256 {hashlib.sha256(content).hexdigest()}")
