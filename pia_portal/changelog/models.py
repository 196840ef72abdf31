"""What staff decided about the proposed rows of a draft, and how their organisation writes logs."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from pia_portal.organisations.models import Organisation
from pia_portal.reports.structure import items as i
from pia_portal.reports.structure.nodes import resolve
from pia_portal.reports.models import ChangeLogEntry, Version

from .explain import NEGATIONS, Wording
from .generate import ADDED_MARKS, REMOVED_MARKS, HouseStyle
from .paths import PathStyle


class ChangeLogStyle(models.Model):
    """An organisation's house style for its 変更箇所 (change_logs.md §2–§5)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="change_log_style", verbose_name="評価実施機関"
    )
    path_style = models.CharField(
        "項目の書き方", max_length=20, choices=[(s.value, s.label) for s in PathStyle], default=PathStyle.FULL.value
    )
    with_names = models.BooleanField("システム名・委託事項名などを項目に添える", default=True, blank=True)
    added_before = models.CharField(
        "追加したときの変更前の記載", max_length=4, blank=True, default="",
        choices=[(mark, mark or "空欄") for mark in ADDED_MARKS],
    )
    removed_after = models.CharField(
        "削除したときの変更後の記載", max_length=4, default=REMOVED_MARKS[0], choices=[(mark, mark) for mark in REMOVED_MARKS]
    )
    long_text = models.CharField(
        "長い記載", max_length=10, default="hunk",
        choices=[("hunk", "変わった段落だけを(省略)で挟んで書く"), ("full", "全文を書く")],
    )
    wording = models.CharField(
        "提出時期に係る説明の書き方", max_length=30, choices=[(w.value, w.label) for w in Wording], default=Wording.CAUSE_FIRST.value
    )
    negation = models.CharField(
        "「重要な変更に…」の書き方", max_length=10, choices=[(n, f"重要な変更に{n}") for n in NEGATIONS], default=NEGATIONS[0]
    )
    cause_wording = models.JSONField("理由の書き方", default=dict, blank=True)
    log_publication_date = models.BooleanField("表紙の公表日の変更も記載する", default=False, blank=True)

    class Meta:
        verbose_name = "変更箇所の書き方"
        verbose_name_plural = "変更箇所の書き方"

    def __str__(self) -> str:
        return f"{self.organisation} の変更箇所の書き方"

    def house_style(self) -> HouseStyle:
        return HouseStyle(
            path_style=PathStyle(self.path_style), with_names=self.with_names, added_before=self.added_before,
            removed_after=self.removed_after, long_text=self.long_text, wording=Wording(self.wording),
            negation=self.negation, cause_wording=tuple(sorted((self.cause_wording or {}).items())),
            log_publication_date=self.log_publication_date,
        )


def house_style_for(organisation: Organisation, version: Version | None = None) -> HouseStyle:
    """The organisation's house style when its admin chose one; otherwise new rows follow the 項目
    style of the rows already in the version's log (an imported report's own), so that one table
    never mixes two styles."""
    import dataclasses

    from .paths import style_of_items

    style = ChangeLogStyle.objects.filter(organisation=organisation).first()
    if style is not None:
        return style.house_style()
    found = style_of_items(version.change_log.values_list("item", flat=True)) if version is not None else None
    return dataclasses.replace(HouseStyle(), path_style=found) if found else HouseStyle()


class RowDecision(models.Model):
    """Staff's answer to one proposed row of a draft: taken into the log (with their edits) or dropped.

    Keyed by the row's stable key, so a decision and its edits survive every regeneration."""

    class State(models.TextChoices):
        PENDING = "", "未判断"  # not decided, but edited
        ACCEPTED = "accepted", "採用"
        DROPPED = "dropped", "不採用"

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="+", verbose_name="版")
    key = models.CharField("案の識別子", max_length=200)
    state = models.CharField("判断", max_length=10, choices=State.choices, blank=True)
    # The texts staff changed, by field (item, before, after, timing, explanation); the rest follow
    # the proposal as it is regenerated.
    edits = models.JSONField("職員による修正", default=dict, blank=True)
    # The proposal as it stood when accepted: a later difference means the draft changed since.
    accepted_as = models.JSONField("採用時の案", default=dict, blank=True)
    entry = models.ForeignKey(
        ChangeLogEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="変更箇所の行"
    )
    # Staff's classification of the row ("" follows the proposal) and why; printed in the
    # 提出時期に係る説明. The importance of a version is what staff decide here.
    classification = models.CharField("職員の判断", max_length=20, blank=True)
    classification_reason = models.TextField("判断の理由", blank=True)
    # A 重要な変更 submitted 事後 stays one; the row says why it is late.
    late_cause = models.CharField("事後とする理由の区分", max_length=20, blank=True)
    late_reason = models.TextField("事後とする理由", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="判断した人"
    )
    decided_at = models.DateTimeField("判断日時", auto_now=True)

    class Meta:
        verbose_name = "変更箇所の案への判断"
        verbose_name_plural = "変更箇所の案への判断"
        constraints = [models.UniqueConstraint(fields=("version", "key"), name="one_decision_per_row")]


class ChangeBatch(models.Model):
    """The 変更日 of the rows a draft adds to the log: blank while the revision is still a draft
    under public comment or 第三者点検, filled when it takes effect."""

    version = models.OneToOneField(Version, on_delete=models.CASCADE, related_name="change_batch", verbose_name="版")
    change_date = models.DateField(resolve(i.CHANGE_DATE.label), null=True, blank=True)
    change_date_precision = models.CharField("精度", max_length=5, default="day")
    change_date_note = models.CharField("注記", max_length=20, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = resolve(i.CHANGE_DATE.label)
