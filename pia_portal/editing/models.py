from django.conf import settings
from django.db import models


class SectionStamp(models.Model):
    """Optimistic lock of one editor page: every save raises `seq`, and a save that started from
    an older `seq` is refused with the name of the person who saved in between."""

    version = models.ForeignKey("reports.Version", on_delete=models.CASCADE, related_name="+", verbose_name="版")
    page = models.CharField("頁", max_length=80)
    seq = models.PositiveIntegerField("保存回数", default=0)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="保存者"
    )
    saved_at = models.DateTimeField("保存日時", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "編集の記録"
        constraints = [models.UniqueConstraint(fields=("version", "page"), name="one_stamp_per_page")]
