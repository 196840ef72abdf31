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
    text = models.TextField("記載")
    reason = models.CharField("理由", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "未配置の記載"
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
