"""The 特定個人情報保護評価計画管理書: each 事務 of an organisation, its しきい値判断 and the records the
duties are computed from (annual reviews, reminders sent)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from pia_portal.reports.structure import headings, option_sets
from pia_portal.reports.structure import items as i
from pia_portal.reports.structure.nodes import resolve

from .threshold import INCIDENT_LABEL, Required


class Affair(models.Model):
    """事務: what a set of reports (基礎 and, where required, 重点 or 全項目) assesses."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="affairs", verbose_name="評価実施機関"
    )
    number = models.CharField(resolve(i.ASSESSMENT_NUMBER.label), max_length=20)
    name = models.CharField(resolve(i.AFFAIR_NAME.label), max_length=300)
    ended_on = models.DateField("事務の終了日", null=True, blank=True)
    # Reports published before the organisation used the portal still start the duties' clocks.
    published_outside_on = models.DateField(
        "ポータル外で公表した評価書の公表日", null=True, blank=True,
        help_text="このポータルを使う前に公表した評価書があれば、その最新の公表日。",
    )
    # 実施時期 of a new 事務 (procedure/shishin.py, timing_new_file, emergency).
    file_held_on = models.DateField("特定個人情報ファイルを保有する(した)日", null=True, blank=True)
    system_file = models.BooleanField("システム用ファイル", default=False)
    requirements_end_on = models.DateField("要件定義の終了予定日", null=True, blank=True)
    emergency_reason = models.TextField("緊急時の事後評価とする理由", blank=True)
    # 事務の終了 (shishin.affair_end): the notification to the 委員会 and, 3 years on at least,
    # the end of publication that staff confirm.
    end_notified_on = models.DateField("委員会への終了の通知日", null=True, blank=True)
    # 3 years after the end (指針), at the earliest, staff take the reports off the public portal.
    archived_at = models.DateTimeField("公表の終了日時", null=True, blank=True)
    archived_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="公表の終了を確認した人")
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = "事務"
        verbose_name_plural = "事務"
        ordering = ("organisation", "number")
        constraints = [models.UniqueConstraint(fields=("organisation", "number"), name="unique_affair_number_per_org")]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def latest_threshold(self) -> ThresholdAssessment | None:
        return self.thresholds.order_by("-decided_on", "-id").first()


class ThresholdAssessment(models.Model):
    """しきい値判断: the three answers, when they were counted, and the result with the rule applied.
    Never edited: a new judgement is a new record, so that the plan shows how the result moved."""

    affair = models.ForeignKey(Affair, on_delete=models.CASCADE, related_name="thresholds", verbose_name="事務")
    subject_band = models.CharField(headings.SUBJECT_COUNT, max_length=30, choices=option_sets.TARGET_POPULATION_KISO.choices())
    subject_counted_on = models.DateField(f"{headings.SUBJECT_COUNT}の計数時点")
    handlers = models.CharField(headings.HANDLERS, max_length=20, choices=option_sets.HANDLERS.choices())
    handlers_counted_on = models.DateField(f"{headings.HANDLERS}の計数時点")
    serious_incident = models.BooleanField(INCIDENT_LABEL)
    incident_window_start = models.DateField(f"{headings.SERIOUS_INCIDENT}を確かめた期間の初日")
    decided_on = models.DateField("判断日")
    required = models.CharField("判断結果", max_length=20, choices=[(r.value, r.label) for r in Required])
    rule = models.TextField("適用した規則")
    rule_verified = models.BooleanField("規則の確認済み", default=True)
    exemption = models.CharField("規則第4条による除外", max_length=20, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="判断者"
    )
    created_at = models.DateTimeField("記録日時", auto_now_add=True)

    class Meta:
        verbose_name = "しきい値判断"
        verbose_name_plural = "しきい値判断"
        ordering = ("affair", "-decided_on", "-id")

    def __str__(self) -> str:
        return f"{self.affair} しきい値判断 {self.decided_on}"

    @property
    def requirement(self) -> Required:
        return Required(self.required)

    @property
    def result_label(self) -> str:
        return option_sets.THRESHOLD_KISO.label_of(self.requirement.result_code)


class ReviewOutcome(models.TextChoices):
    NO_CHANGE = "no_change", "見直した結果、変更なし"
    CHANGE_NEEDED = "change_needed", "見直した結果、評価書の変更が必要"


class AnnualReview(models.Model):
    """評価書の見直し (少なくとも1年に1回): a review that finds no change counts as much as a new version."""

    affair = models.ForeignKey(Affair, on_delete=models.CASCADE, related_name="reviews", verbose_name="事務")
    reviewed_on = models.DateField("見直しの日")
    outcome = models.CharField("結果", max_length=20, choices=ReviewOutcome.choices)
    note = models.TextField("メモ", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="見直した人"
    )
    created_at = models.DateTimeField("記録日時", auto_now_add=True)

    class Meta:
        verbose_name = "見直し"
        verbose_name_plural = "見直し"
        ordering = ("affair", "-reviewed_on", "-id")

    def __str__(self) -> str:
        return f"{self.affair} 見直し {self.reviewed_on}"


class DutyReminder(models.Model):
    """A reminder sent: one per duty, due date and stage, so that each is sent once."""

    affair = models.ForeignKey(Affair, on_delete=models.CASCADE, related_name="reminders", verbose_name="事務")
    duty = models.CharField("義務", max_length=30)
    due_on = models.DateField("期限")
    stage = models.CharField("段階", max_length=10)  # "30", "7" days before, or "overdue"
    recipients = models.PositiveIntegerField("送信先の数", default=0)
    sent_at = models.DateTimeField("送信日時", auto_now_add=True)

    class Meta:
        verbose_name = "リマインダー"
        verbose_name_plural = "リマインダー"
        constraints = [
            models.UniqueConstraint(fields=("affair", "duty", "due_on", "stage"), name="one_reminder_per_stage")
        ]


class PlanSubmission(models.Model):
    """The 計画管理書 submitted to the 委員会 (shishin.plan_submission): when, and what it said."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="plan_submissions",
                                     verbose_name="評価実施機関")
    submitted_on = models.DateField("提出日")
    note = models.TextField("メモ", blank=True)
    snapshot = models.JSONField("提出した内容", default=list)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="記録した人")
    recorded_at = models.DateTimeField("記録日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "計画管理書の提出"
        ordering = ("organisation", "-submitted_on", "-id")


class CalendarFeed(models.Model):
    """The secret address of an organisation's duties calendar: calendar programs fetch it without
    signing in, so it is a long random token that a 管理者 can replace."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="calendar_feed", verbose_name="評価実施機関"
    )
    token = models.CharField("トークン", max_length=64, unique=True)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "期限カレンダーの配信"

    @classmethod
    def for_organisation(cls, organisation) -> CalendarFeed:
        import secrets

        feed, _ = cls.objects.get_or_create(organisation=organisation, defaults={"token": secrets.token_urlsafe(32)})
        return feed


class SeriousIncident(models.Model):
    """重大事故 at the 評価実施機関: the organisation's answer to the しきい値判断's third question, so
    recording one re-judges every 事務 of the organisation for a year (procedure/shishin.py)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="serious_incidents",
                                     verbose_name="評価実施機関")
    occurred_on = models.DateField("発生日")
    summary = models.TextField("概要")
    attributable = models.BooleanField("評価実施機関に帰責する", default=True,
                                       help_text="配送事業者の事故など、評価実施機関に帰責しない事故は重大事故に数えません。")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="記録した人")
    recorded_at = models.DateTimeField("記録日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "重大事故"
        ordering = ("organisation", "-occurred_on", "-id")

    def __str__(self) -> str:
        return f"{self.organisation} 重大事故 {self.occurred_on}"
