from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class RenderStatus(models.TextChoices):
    QUEUED = "queued", "待機中"
    RUNNING = "running", "作成中"
    DONE = "done", "完了"
    FAILED = "failed", "失敗"


FINISHED = (RenderStatus.DONE, RenderStatus.FAILED)


class PdfRender(models.Model):
    """One rendering of a version to PDF, as the portal shows it: state, and the stored file."""

    version = models.ForeignKey("reports.Version", on_delete=models.CASCADE, related_name="renders", verbose_name="版")
    status = models.CharField("状態", max_length=10, choices=RenderStatus.choices, default=RenderStatus.QUEUED)
    content_key = models.CharField("内容のハッシュ", max_length=64, db_index=True)
    file = models.FileField("PDF", upload_to="pdf/", blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    size = models.PositiveIntegerField("バイト数", null=True, blank=True)
    pages = models.PositiveIntegerField("ページ数", null=True, blank=True)
    seconds = models.FloatField("作成時間(秒)", null=True, blank=True)
    error = models.TextField("失敗の理由", blank=True)
    attempts = models.PositiveSmallIntegerField("試行回数", default=0)
    for_publication = models.BooleanField("公表用", default=False)
    draft_mark = models.BooleanField("「案」の表示", default=False,
                                     help_text="下書き・審査用・意見の聴取に示す案: 各ページに「案」と、版と作成日時を印字する")
    public = models.BooleanField("公表用の内容", default=False, help_text="公表しない部分を「(非公表)」と印字する(公表・意見の聴取)")
    running_title = models.CharField("各ページの表題", max_length=1000, blank=True,
                                     help_text="各ページの右上に印字する評価書名(部分に分けて作成するときに記録)")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="依頼者"
    )
    batch = models.ForeignKey("BulkRender", null=True, blank=True, on_delete=models.SET_NULL, related_name="renders",
                              verbose_name="一括作成")
    created_at = models.DateTimeField("依頼日時", auto_now_add=True)
    # The Celery task that may work on this render, and when it was (last) queued: see tasks.py.
    task_id = models.CharField("処理の識別子", max_length=64, blank=True)
    queued_at = models.DateTimeField("待機開始日時", null=True, blank=True)
    started_at = models.DateTimeField("開始日時", null=True, blank=True)
    finished_at = models.DateTimeField("終了日時", null=True, blank=True)
    # The lease of the worker on it: renewed while a worker works on the render (tasks.heartbeat)
    # and whenever a part is done, so a long render is never taken for a dead one.
    heartbeat_at = models.DateTimeField("最終応答日時", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "PDF作成"
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.version} PDF ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def is_stuck(self) -> bool:
        """作成中 with no word from its worker for STUCK_AFTER (the worker is gone), or 待機中 that
        long (the message is gone). A render a worker is still on is never stuck, however long."""
        from .tasks import STUCK_AFTER

        if self.status == RenderStatus.RUNNING:
            since = max((moment for moment in (self.heartbeat_at, self.started_at) if moment), default=None)
        else:
            since = self.queued_at or self.created_at
        return not self.is_finished and since is not None and timezone.now() - since > STUCK_AFTER


class RenderPart(models.Model):
    """One part of a render in progress (parts.py): the pages a `pdf` worker renders on its own.
    The render is assembled once every part of its generation is done; the rows go with it."""

    render = models.ForeignKey(PdfRender, on_delete=models.CASCADE, related_name="parts", verbose_name="PDF作成")
    position = models.PositiveSmallIntegerField("順番")
    key = models.CharField("部分のハッシュ", max_length=64)
    html = models.TextField("印刷用HTML")
    # The render's task id when it was split: a part of an earlier attempt never joins a later one.
    generation = models.CharField("処理の識別子", max_length=64)
    done = models.BooleanField("作成済み", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "PDFの部分"
        ordering = ("render", "position")
        constraints = [models.UniqueConstraint(fields=("render", "position"), name="render_part_position_unique")]


class CachedPart(models.Model):
    """A part's PDF, kept by the digest of everything that decides its pages (parts.PartSource.key):
    a render whose part has not changed takes it from here instead of rendering it again. The row
    is written only once the file is complete, so a row always means a whole file."""

    key = models.CharField("部分のハッシュ", max_length=64, unique=True)
    file = models.FileField("PDF", upload_to="pdf-parts/")
    pages = models.PositiveIntegerField("ページ数")
    size = models.PositiveIntegerField("バイト数")
    seconds = models.FloatField("作成時間(秒)")
    bookmark_levels = models.JSONField("しおりの階層", default=list, help_text="部分のしおりそれぞれの見出しの階層(1=h1)")
    tables = models.JSONField("表の名前", default=list, help_text="部分のタグのTableそれぞれの表の名前(ページごとの断片を1つの表にまとめるため)")
    rows = models.JSONField("長い表の行", default=dict, help_text="部分に含まれる長い表の行の高さ(分割位置がページの始まりか組み立て時に確かめるため)")
    hits = models.PositiveIntegerField("再利用の回数", default=0)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    used_at = models.DateTimeField("最終利用日時", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "PDFの部分のキャッシュ"


class BulkRender(models.Model):
    """Many versions' PDFs made again (manage.py rerender_pdfs: after a form revision, a font or
    WeasyPrint upgrade), a few at a time; resumable, since what is done is its renders that are."""

    organisation = models.ForeignKey("organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="+", verbose_name="評価実施機関", help_text="空欄: すべての評価実施機関")
    published_only = models.BooleanField("公表中の版のみ", default=False)
    concurrency = models.PositiveSmallIntegerField("同時に作成する数", default=4)
    total = models.PositiveIntegerField("対象の版の数", default=0)
    created_at = models.DateTimeField("開始日時", auto_now_add=True)
    finished_at = models.DateTimeField("終了日時", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "PDFの一括作成"
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"PDFの一括作成 {self.pk} ({self.organisation or 'すべての評価実施機関'})"
