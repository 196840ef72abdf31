from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from pia_portal.core.forms import PlainForm
from pia_portal.core.wareki import format_date
from pia_portal.editing.forms import WarekiDateField
from pia_portal.reports.structure import headings, option_sets
from pia_portal.reports.structure import items as catalogue
from pia_portal.reports.structure.nodes import resolve

from pia_portal.procedure.shishin import SERIOUS_INCIDENT_DEFINITION, Exemption

from .models import ReviewOutcome
from .threshold import incident_answer


class DayField(WarekiDateField):
    """A 和暦 (or western) date to the day, required unless told otherwise."""

    def __init__(self, *, required: bool = True, **kwargs):
        super().__init__(required=required, **kwargs)
        self.error_messages["required"] = f"{kwargs.get('label', '日付')}を入力してください。"

    def clean(self, value):
        day, precision = super().clean(value)
        if day is None and not self.required:
            return None
        if day is not None and precision != "day":
            raise forms.ValidationError("日まで入力してください(例: 令和8年4月1日)。")
        return day

    def prepare_value(self, value):
        return format_date(value) if isinstance(value, dt.date) else value


class AffairForm(PlainForm):
    number = forms.CharField(label=resolve(catalogue.ASSESSMENT_NUMBER.label), max_length=40, help_text="計画管理書の番号(例: 12)。全角数字も使えます。")
    name = forms.CharField(label=resolve(catalogue.AFFAIR_NAME.label), max_length=300)
    file_held_on = DayField(label="特定個人情報ファイルを保有する(した)日", required=False,
                            help_text="新たに始める事務では、評価はファイルを保有する前に実施します。")
    system_file = forms.BooleanField(label="システム用ファイル", required=False,
                                     help_text="システム用ファイルは、原則としてシステムの要件定義の終了まで(構築の前)に評価を実施します。")
    requirements_end_on = DayField(label="要件定義の終了予定日", required=False)
    emergency_reason = forms.CharField(
        label="緊急時の事後評価とする理由", required=False, max_length=2_000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="災害その他の緊急時に、ファイルの保有後速やかに評価を実施する場合だけ入力します(規則第9条第2項)。")
    published_outside_on = DayField(
        label="ポータル外で公表した評価書の公表日", required=False,
        help_text="このポータルを使う前に公表した評価書があれば、その最新の公表日(見直しと再評価の期限の起点になります)。",
    )

    def clean_published_outside_on(self):
        day = self.cleaned_data["published_outside_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("公表日に未来の日付は入力できません。")
        return day


class ThresholdForm(PlainForm):
    """The three questions of the しきい値判断, each with the day it was counted."""

    subject_band = forms.ChoiceField(
        widget=forms.RadioSelect, choices=option_sets.TARGET_POPULATION_KISO.choices(),
        help_text="評価対象の事務で取り扱う全ての特定個人情報ファイルの本人の数(受給者等に限りません)。",
        label=headings.SUBJECT_COUNT,
    )
    subject_counted_on = DayField(label=f"{headings.SUBJECT_COUNT}の計数時点")
    handlers = forms.ChoiceField(
        widget=forms.RadioSelect, choices=option_sets.HANDLERS.choices(),
        help_text="特定個人情報ファイルを取り扱う職員等と、委託先の従業者のうち取り扱う者の合計。",
        label=headings.HANDLERS,
    )
    handlers_counted_on = DayField(label=f"{headings.HANDLERS}の計数時点")
    serious_incident = forms.TypedChoiceField(
        widget=forms.RadioSelect, choices=[("yes", incident_answer(True)), ("no", incident_answer(False))], coerce=lambda v: v == "yes",
        label=catalogue.KISO_INCIDENT.label,
        help_text=SERIOUS_INCIDENT_DEFINITION + "重大事故の有無は評価実施機関としての回答で、計画管理書に記録した重大事故があれば「発生あり」になります。",
    )
    decided_on = DayField(label="判断日", help_text="重大事故は判断日までの1年間について答えます。")
    exemption = forms.ChoiceField(
        label="規則第4条により評価を要しない事務", required=False, widget=forms.RadioSelect,
        choices=[("", "当たらない")] + [(e.value, e.label) for e in Exemption],
        help_text="当たる場合、しきい値判断の結果は「義務付けられない」になり、その根拠(規則第4条)が記録されます。一覧は未確認です。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        decided = data.get("decided_on")
        from .services import counting_problems

        for name, message in counting_problems(decided, subject_counted_on=data.get("subject_counted_on"),
                                               handlers_counted_on=data.get("handlers_counted_on")):
            self.add_error(name, message)
        if decided and decided > timezone.localdate():
            self.add_error("decided_on", "判断日に未来の日付は入力できません。")
        return data


class ReviewForm(PlainForm):
    reviewed_on = DayField(label="見直しの日")
    outcome = forms.ChoiceField(widget=forms.RadioSelect, choices=ReviewOutcome.choices, label="結果")
    note = forms.CharField(label="メモ", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewed_on"].initial = timezone.localdate()

    def clean_reviewed_on(self):
        day = self.cleaned_data["reviewed_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("見直しの日に未来の日付は入力できません。")
        return day


class IncidentForm(PlainForm):
    occurred_on = DayField(label="発生日")
    summary = forms.CharField(label="概要", max_length=5_000, widget=forms.Textarea(attrs={"rows": 4}))
    attributable = forms.BooleanField(
        label="評価実施機関に帰責する事故である", required=False, initial=True,
        help_text="配送事業者の事故など、評価実施機関に帰責しない事故は、しきい値判断の重大事故に数えません。")


class EndForm(PlainForm):
    ended_on = DayField(label="事務の終了日", required=False)
    notified_on = DayField(label="委員会への終了の通知日", required=False,
                           help_text="事務を終了したときは、遅滞なく個人情報保護委員会に通知します。")


class SubmissionForm(PlainForm):
    submitted_on = DayField(label="計画管理書の提出日")
    note = forms.CharField(label="メモ", required=False, max_length=2_000, widget=forms.Textarea(attrs={"rows": 2}))
