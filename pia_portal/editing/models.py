from django.conf import settings
from django.db import models


class SectionStamp(models.Model):
    """One editor page's saves: taken (locked) by every save and structural change of the page, so
    that they merge one after another, with who saved last and when."""

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


class PageDraft(models.Model):
    """What a person typed on an editor page and has not saved yet, kept by the server as they
    type (autosave), so that a crash, a closed tab or a reload loses nothing. It is not the
    version's content: it is restored into the form, and the person saves it or throws it away."""

    version = models.ForeignKey("reports.Version", on_delete=models.CASCADE, related_name="+", verbose_name="版")
    page = models.CharField("頁", max_length=80)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="入力者")
    data = models.JSONField("入力内容")  # the form's fields, by name, as the browser posts them
    # The saved values the input started from (PageBase.digest): merged against them when saved.
    base = models.CharField("入力を始めた時点の保存内容", max_length=64, blank=True)
    saved_at = models.DateTimeField("自動保存日時", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "自動保存された入力"
        constraints = [models.UniqueConstraint(fields=("version", "page", "user"), name="one_draft_per_page_and_person")]


class PagePresence(models.Model):
    """Who has an editor page open: refreshed when the page is opened and every minute while it
    stays open, so that others see 「〇〇さんがこの節を編集中です」."""

    version = models.ForeignKey("reports.Version", on_delete=models.CASCADE, related_name="+", verbose_name="版")
    page = models.CharField("頁", max_length=80)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="利用者")
    seen_at = models.DateTimeField("最終確認日時")

    class Meta:
        verbose_name = verbose_name_plural = "編集中の表示"
        constraints = [models.UniqueConstraint(fields=("version", "page", "user"), name="one_presence_per_page_and_person")]


class PageBase(models.Model):
    """The saved values of an editor page as someone opened it (or last saved it): the base of the
    three-way merge when they save (editing/merge.py). Kept by the digest of the values, which the
    page posts back, so every page that shows the same saved state shares one row."""

    digest = models.CharField("識別子", max_length=64, unique=True)
    version = models.ForeignKey("reports.Version", on_delete=models.CASCADE, related_name="+", verbose_name="版")
    page = models.CharField("頁", max_length=80)
    values = models.JSONField("保存内容")  # {"<record uid hex>:<attr>": value}
    created_at = models.DateTimeField("作成日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "編集の起点"
        indexes = [models.Index(fields=("version", "page", "created_at"))]
