import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from pia_portal.organisations.models import Organisation
from pia_portal.rendering import bulk
from pia_portal.rendering.models import BulkRender


class Command(BaseCommand):
    help = ("PDFを一括して作り直す(様式の改正、フォントや WeasyPrint の更新の後に)。pdf キューのワーカーが作成し、"
            "このコマンドは同時に作成する数を抑えて順に依頼し、進み具合を表示する(評価実施機関の画面にも表示)。"
            "中断しても --resume で続きから再開できる。")

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--organisation", metavar="SLUG", help="この評価実施機関の評価書(各評価書の最新の版)")
        scope.add_argument("--all", action="store_true", help="すべての評価実施機関の評価書")
        scope.add_argument("--resume", type=int, metavar="BATCH", help="中断した一括作成の続き")
        parser.add_argument("--published-only", action="store_true", help="公表中の版のみ")
        parser.add_argument("--concurrency", type=int, default=4, help="同時に作成する数(既定 4)")

    def handle(self, *args, organisation=None, resume=None, published_only=False, concurrency=4, **options):
        if resume:
            batch = BulkRender.objects.filter(pk=resume).first()
            if batch is None:
                raise CommandError(f"一括作成 {resume} はありません。")
        else:
            found = None
            if organisation:
                found = Organisation.objects.filter(slug=organisation).first()
                if found is None:
                    raise CommandError(f"評価実施機関 {organisation} はありません。")
            batch = bulk.start(organisation=found, published_only=published_only, concurrency=concurrency)
        self.stdout.write(f"{batch}: {batch.total} 件、同時に {batch.concurrency} 件まで(中断したら --resume {batch.pk})")
        state = bulk.progress(batch)
        with tqdm(total=batch.total, initial=state.done + state.failed, unit="件", desc="PDF", file=self.stdout) as bar:
            # A resumed batch tries once more what had failed before it was resumed.
            retry_before = timezone.now() if resume else None
            while True:
                bulk.queue_more(batch, retry_failed_before=retry_before)
                state = bulk.progress(batch)
                bar.n = state.done + state.failed
                bar.set_postfix(作成中=state.running, 失敗=state.failed)
                bar.refresh()
                if state.finished:
                    break
                time.sleep(1)
        bulk.finish(batch)
        self.stdout.write(f"完了: {state.done} 件、失敗: {state.failed} 件")
