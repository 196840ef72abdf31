"""The steps of the 指針's procedure a version goes through before it is submitted for review:
住民等からの意見の聴取, 第三者点検 (地方公共団体等) or 個人情報保護委員会の承認 (行政機関等).
Each step is a record of its own, kept after the version is published; the services write what
the form prints of it into the version's VI 評価実施手続 (and the cover's 承認日)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from pia_portal.reports.structure import headings
from pia_portal.reports.structure import items as i
from pia_portal.reports.structure.nodes import resolve


def minutes_upload_to(instance, filename: str) -> str:
    return f"procedure/minutes/{uuid.uuid4().hex}/{filename}"


class CommentPeriod(models.Model):
    """意見の聴取: the draft (「案」) is shown on the public portal from `starts_on` to `ends_on`."""

    version = models.OneToOneField("reports.Version", on_delete=models.PROTECT, related_name="comment_period", verbose_name="版")
    method = models.TextField("実施方法")
    starts_on = models.DateField("開始日")
    ends_on = models.DateField(resolve(i.COMMENT_END.label))
    shortening_reason = models.TextField(resolve(i.COMMENT_SHORTENING_REASON.label), blank=True)
    draft_render = models.ForeignKey("rendering.PdfRender", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name="意見聴取用のPDF(案)")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="開始した人")
    opened_at = models.DateTimeField("開始の記録日時", auto_now_add=True)
    summary = models.TextField(resolve(i.COMMENT_SUMMARY.label), blank=True)
    reflection = models.TextField(resolve(i.COMMENT_REFLECTION.label), blank=True)
    # The comments themselves never become public; the summary does, once staff record it.
    result_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                           related_name="+", verbose_name="結果を記録した人")
    result_recorded_at = models.DateTimeField("結果の記録日時", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "意見の聴取"

    def __str__(self) -> str:
        return f"{self.version} 意見の聴取"

    @property
    def days(self) -> int:
        """The length of the period counted as the 行政手続法 counts one: both ends included."""
        return (self.ends_on - self.starts_on).days + 1

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.starts_on <= today <= self.ends_on and self.result_recorded_at is None

    def has_ended(self, today=None) -> bool:
        return (today or timezone.localdate()) > self.ends_on


class PublicComment(models.Model):
    """One comment a resident sent through the public portal, without an account."""

    period = models.ForeignKey(CommentPeriod, on_delete=models.CASCADE, related_name="comments", verbose_name="意見の聴取")
    name = models.CharField("氏名・団体名(任意)", max_length=100, blank=True)
    body = models.TextField("意見")
    received_at = models.DateTimeField("受付日時", auto_now_add=True)
    # A keyed digest of the sender's address: enough to see one sender flooding, never the address.
    sender_digest = models.CharField("送信元の識別子", max_length=64, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "寄せられた意見"
        ordering = ("received_at", "id")

    def __str__(self) -> str:
        return f"{self.period} 意見{self.pk}"


class ThirdPartyInspection(models.Model):
    """第三者点検 of a 全項目評価書 of a 地方公共団体等 (by its 個人情報保護審議会 or the like)."""

    version = models.OneToOneField("reports.Version", on_delete=models.PROTECT, related_name="third_party_inspection", verbose_name="版")
    committee = models.CharField("点検を行った第三者", max_length=200)
    inspected_on = models.DateField(i.EXECUTION_DATE)
    method = models.TextField("方法")
    findings = models.TextField("点検の結果")
    changes = models.TextField("点検を受けて修正した内容", blank=True)
    minutes = models.FileField("議事録", upload_to=minutes_upload_to, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="記録した人")
    recorded_at = models.DateTimeField("記録日時", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = headings.THIRD_PARTY_INSPECTION

    def __str__(self) -> str:
        return f"{self.version} 第三者点検"


class CommissionApproval(models.Model):
    """個人情報保護委員会の承認 of a 全項目評価書 of a 行政機関等."""

    version = models.OneToOneField("reports.Version", on_delete=models.PROTECT, related_name="commission_approval", verbose_name="版")
    submitted_on = models.DateField(resolve(i.PPC_SUBMISSION_DATE.label))
    review = models.TextField(resolve(i.PPC_REVIEW.label))
    approved_on = models.DateField("承認日")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="記録した人")
    recorded_at = models.DateTimeField("記録日時", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = headings.COMMISSION_APPROVAL

    def __str__(self) -> str:
        return f"{self.version} 委員会の承認"


class VersionPurpose(models.Model):
    """What staff declared a version to be: a 再実施 (with its cause) or a 評価書の修正. A version
    whose content makes a 重要な変更, or the first of its report, is what the rules say whatever is
    declared; on publication the purpose the rules gave is fixed here (procedure/rules.py)."""

    version = models.OneToOneField("reports.Version", on_delete=models.CASCADE, related_name="purpose", verbose_name="版")
    kind = models.CharField("版の種類", max_length=20)
    cause = models.CharField("再実施の原因", max_length=30, blank=True)
    note = models.TextField("メモ", blank=True)
    fixed = models.BooleanField("公表時に確定", default=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="判断した人")
    decided_at = models.DateTimeField("判断日時", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "版の種類"

    def __str__(self) -> str:
        return f"{self.version} {self.kind} {self.cause}"


class OutsidePublication(models.Model):
    """Staff's record that this report (this kind of report of its 事務) was published before the
    portal: its first version in the portal is then not a first evaluation. Another kind published
    outside (a 基礎項目評価書) does not count for a 全項目評価書."""

    report = models.OneToOneField("reports.Report", on_delete=models.CASCADE, related_name="outside_publication",
                                  verbose_name="評価書")
    published_on = models.DateField("ポータル外での公表日")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="記録した人")
    recorded_at = models.DateTimeField("記録日時", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "ポータル外での公表"
