import uuid

from django.conf import settings
from django.db import models


class ImportRecord(models.Model):
    """How a draft version was made from a published report: what was read, what was not."""

    version = models.OneToOneField("reports.Version", on_delete=models.CASCADE, related_name="import_record", verbose_name="版")
    source_name = models.CharField("取り込んだファイル", max_length=300)
    source_format = models.CharField("形式", max_length=10)
    total_chars = models.PositiveIntegerField("本文の文字数", default=0)
    placed_chars = models.PositiveIntegerField("項目に入った文字数", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("取込日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "取込み結果"

    def __str__(self) -> str:
        return f"{self.source_name} → {self.version}"

    @property
    def coverage(self) -> float:
        return self.placed_chars / self.total_chars if self.total_chars else 1.0


class UnplacedFragment(models.Model):
    """Text of the source that could not be placed in an item; kept, never dropped."""

    record = models.ForeignKey(ImportRecord, on_delete=models.CASCADE, related_name="unplaced", verbose_name="取込み結果")
    line = models.PositiveIntegerField("行")
    page = models.PositiveIntegerField("ページ", null=True, blank=True)  # where the reader says (PDF)
    text = models.TextField("記載")
    reason = models.CharField("理由", max_length=200, blank=True)
    # Where staff put it from the result page: the item's printed path.
    assigned_to = models.CharField("配置した項目", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "未配置の記載"
        ordering = ("line", "id")


class ImportNote(models.Model):
    """What staff should know about a section or file of the import: placed without its heading
    (the heading was lost with its page), or found empty."""

    record = models.ForeignKey(ImportRecord, on_delete=models.CASCADE, related_name="notes", verbose_name="取込み結果")
    section = models.CharField("節", max_length=20)
    line = models.PositiveIntegerField("行", default=0)
    page = models.PositiveIntegerField("ページ", null=True, blank=True)
    text = models.TextField("内容")
    # A file's III placed without its heading: which file it went to (1-based), so that staff can
    # move the block to another file in one step, and where they moved it.
    file_number = models.PositiveSmallIntegerField("配置したファイル", null=True, blank=True)
    moved_to = models.CharField("移動先", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "節ごとの注意"
        ordering = ("line", "id")


class InferredValue(models.Model):
    """A check-box state or choice the source did not show, and why it was set."""

    record = models.ForeignKey(ImportRecord, on_delete=models.CASCADE, related_name="inferred", verbose_name="取込み結果")
    item = models.CharField("項目", max_length=300)
    value = models.TextField("設定した値")
    evidence = models.TextField("根拠")

    class Meta:
        verbose_name = verbose_name_plural = "推定した値"
        ordering = ("id",)


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "待機中"
    RUNNING = "running", "読み取り中"
    DONE = "done", "完了"
    FAILED = "failed", "失敗"


def import_upload_to(job: "ImportJob", filename: str) -> str:
    return f"imports/{job.organisation_id}/{uuid.uuid4().hex}/source"


class ImportJob(models.Model):
    """An uploaded file being read by the worker: what the upload page hands over, and what the
    progress page shows until the draft exists (or the reason it could not be made)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name="評価実施機関")
    source = models.FileField("ファイル", upload_to=import_upload_to)
    source_name = models.CharField("取り込むファイル", max_length=300)
    source_sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    source_size = models.PositiveIntegerField("バイト数")
    format = models.CharField("形式", max_length=10, default="auto")
    # Staff may take a file in as a report of its own, whatever the number it carries.
    as_new_report = models.BooleanField("新しい評価書として取り込む", default=False)
    assessment_number = models.CharField("評価書番号(指定した場合)", max_length=40, blank=True)
    # The 事務 staff chose for a new report; none: the 事務 of its number (added if there is none).
    affair = models.ForeignKey("planning.Affair", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                               verbose_name="事務(指定した場合)")
    status = models.CharField("状態", max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    stage = models.CharField("処理中の段階", max_length=100, blank=True)
    progress = models.PositiveSmallIntegerField("進捗(%)", default=0)
    error = models.TextField("失敗の理由", blank=True)
    attempts = models.PositiveSmallIntegerField("試行回数", default=0)
    task_id = models.CharField("処理の識別子", max_length=64, blank=True)
    record = models.OneToOneField(ImportRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="job")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("依頼日時", auto_now_add=True)
    queued_at = models.DateTimeField("待機開始日時", null=True, blank=True)
    started_at = models.DateTimeField("開始日時", null=True, blank=True)
    finished_at = models.DateTimeField("終了日時", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "取込みの処理"
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.source_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)
