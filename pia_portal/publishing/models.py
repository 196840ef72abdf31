from django.conf import settings
from django.db import models

from pia_portal.reports.structure import items as i
from pia_portal.reports.structure.nodes import resolve


class ReviewComment(models.Model):
    """A reviewer's remark on a section or item of a version; approval waits until all are resolved."""

    version = models.ForeignKey("reports.Version", on_delete=models.CASCADE, related_name="review_comments", verbose_name="版")
    page = models.CharField("節", max_length=80, help_text="editor page key (section, and file for II/III)")
    page_title = models.CharField("節の名称", max_length=200)
    item = models.CharField("項目", max_length=300, blank=True)
    # Anchored to an item of a record (an entry's item too): the editor shows it next to the field.
    record_uid = models.UUIDField("項目の記録", null=True, blank=True)
    attr = models.CharField("項目の識別子", max_length=80, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies", verbose_name="返信先")
    text = models.TextField("指摘")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="指摘者")
    created_at = models.DateTimeField("指摘日時", auto_now_add=True)
    resolved = models.BooleanField("解決済み", default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="解決した人"
    )
    resolved_at = models.DateTimeField("解決日時", null=True, blank=True)
    # The author's answer (対応済み); the reviewer accepts it by resolving the comment.
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="対応した人"
    )
    answered_at = models.DateTimeField("対応日時", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "審査の指摘"
        ordering = ("resolved", "created_at", "id")

    def __str__(self) -> str:
        return f"{self.page_title} {self.item}: {self.text[:40]}"

    @property
    def anchor(self) -> str:
        """The key the editor files the comment under: 「<record uid hex>:<attr>」."""
        return f"{self.record_uid.hex}:{self.attr}" if self.record_uid and self.attr else ""


class Publication(models.Model):
    """A version made public: its PDF and the dates the 指針 asks for."""

    version = models.OneToOneField("reports.Version", on_delete=models.PROTECT, related_name="publication", verbose_name="版")
    render = models.ForeignKey("rendering.PdfRender", on_delete=models.PROTECT, related_name="+", verbose_name="PDF")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField("公表の依頼日時", auto_now_add=True)
    published_at = models.DateTimeField("公表日時", null=True, blank=True)
    # 指針: the report is submitted to the 個人情報保護委員会 and published together.
    submitted_on = models.DateField("個人情報保護委員会への提出日", null=True, blank=True)
    # Printed as the cover's 公表日 of the published PDF (the version's content is frozen by then).
    published_on = models.DateField(resolve(i.PUBLICATION_DATE.label), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "公表"

    def __str__(self) -> str:
        return f"{self.version} ({'公表済み' if self.published_at else '作成待ち'})"


class WithheldPart(models.Model):
    """公表しない部分: an item of a record, or a whole entry (blank `attr`), that the 指針 allows to
    keep from the public (e.g. details that would weaken security). The public PDF prints
    「(非公表)」 in its place; the internal PDF, the editor and the history keep it. Marks belong to
    a version and are copied into the next, like its content; a published version's are fixed."""

    version = models.ForeignKey("reports.Version", on_delete=models.CASCADE, related_name="withheld_parts", verbose_name="版")
    record_uid = models.UUIDField("記録の識別子")
    attr = models.CharField("項目の識別子", max_length=80, blank=True, help_text="空欄は記録(委託事項など)の全体")
    label = models.CharField("項目", max_length=300)
    reason = models.TextField("非公表とする理由")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name="指定した人")
    created_at = models.DateTimeField("指定日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "公表しない部分"
        ordering = ("created_at", "id")
        constraints = [models.UniqueConstraint(fields=("version", "record_uid", "attr"), name="withheld_once")]

    def __str__(self) -> str:
        return self.label
