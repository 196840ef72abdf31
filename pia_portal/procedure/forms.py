from __future__ import annotations

import datetime as dt

from django import forms
from django.core import signing
from django.core.validators import FileExtensionValidator
from django.utils import timezone

from pia_portal.core.forms import PlainForm
from pia_portal.planning.forms import DayField

from .models import CommentPeriod, CommissionApproval, ThirdPartyInspection
from .rules import MINIMUM_COMMENT_DAYS
from .shishin import ReevaluationCause
from .services import COMMENT_MAX, NAME_MAX, TEXT_MAX

MINUTES_MAX_BYTES = 20 * 1024 * 1024


def _text(model, name: str, *, rows: int = 4, required: bool = True, help_text: str = "", limit: int = TEXT_MAX):
    label = model._meta.get_field(name).verbose_name
    return forms.CharField(
        label=label, required=required, max_length=limit, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}) if rows > 1 else forms.TextInput(),
        error_messages={"max_length": f"{label}は{limit:,}文字以内にしてください(%(show_value)s文字あります)。"},
    )


def _day(model, name: str, **kwargs) -> DayField:
    return DayField(label=model._meta.get_field(name).verbose_name, **kwargs)


class CommentPeriodForm(PlainForm):
    method = _text(CommentPeriod, "method", rows=2, help_text="例: 市ホームページ及び市役所情報公開コーナーでの閲覧による意見募集")
    starts_on = _day(CommentPeriod, "starts_on")
    ends_on = _day(CommentPeriod, "ends_on", help_text=f"開始日と終了日を含めて{MINIMUM_COMMENT_DAYS}日以上にします。")
    shortening_reason = _text(CommentPeriod, "shortening_reason", rows=3, required=False,
                              help_text=f"{MINIMUM_COMMENT_DAYS}日未満にする場合だけ入力します。評価書の VI 2 に印字されます。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["starts_on"].initial = today
        self.fields["ends_on"].initial = today + dt.timedelta(days=MINIMUM_COMMENT_DAYS - 1)


class CommentPeriodWithProblemsForm(CommentPeriodForm):
    """Opening a period on a draft that could not yet be submitted: residents would read an
    unfinished report, so staff confirm it knowingly."""

    confirm_unfinished = forms.BooleanField(
        label="記載の問題が残ったまま、この案で意見を募集する", required=True,
        error_messages={"required": "記載の問題を直すか、このまま募集することを確認してください。"})


class CommentResultForm(PlainForm):
    summary = _text(CommentPeriod, "summary", rows=6, help_text="寄せられた意見の主な内容。住民向けのページにも公表されます。意見がなかった場合はその旨を記載します。")
    reflection = _text(CommentPeriod, "reflection", rows=4)


class InspectionForm(PlainForm):
    committee = _text(ThirdPartyInspection, "committee", rows=1, limit=200, help_text="例: 〇〇市個人情報保護審議会")
    inspected_on = _day(ThirdPartyInspection, "inspected_on")
    method = _text(ThirdPartyInspection, "method", rows=3, help_text="例: 審議会に評価書を諮問し、審議を受けた。")
    findings = _text(ThirdPartyInspection, "findings", rows=5)
    changes = _text(ThirdPartyInspection, "changes", rows=4, required=False)
    minutes = forms.FileField(
        label=ThirdPartyInspection._meta.get_field("minutes").verbose_name, required=False,
        help_text="PDF(20MBまで)。職員だけが閲覧できます。",
        validators=[FileExtensionValidator(["pdf"], message="議事録はPDFファイルを選んでください。")],
    )

    def clean_minutes(self):
        upload = self.cleaned_data.get("minutes")
        if upload is None:
            return None
        if upload.size > MINUTES_MAX_BYTES:
            raise forms.ValidationError("議事録のファイルは20MB以内にしてください。")
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError("議事録はPDFファイルを選んでください(このファイルはPDFではありません)。")
        return upload


class CommissionForm(PlainForm):
    submitted_on = _day(CommissionApproval, "submitted_on")
    review = _text(CommissionApproval, "review", rows=5)
    approved_on = _day(CommissionApproval, "approved_on")


# The public comment form -----------------------------------------------------------------------

FORM_SALT = "procedure.public-comment"
MIN_SECONDS = 3  # a person reads the page before sending; scripts post at once
MAX_AGE = 24 * 3600


class PublicCommentForm(PlainForm):
    name = forms.CharField(label="氏名・団体名(任意)", required=False, max_length=NAME_MAX,
                           error_messages={"max_length": f"氏名・団体名は{NAME_MAX}文字以内にしてください。"})
    body = forms.CharField(
        label="ご意見", max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=f"{COMMENT_MAX:,}文字まで。個人を特定できる情報(電話番号、住所など)は書かないでください。",
        error_messages={"max_length": f"ご意見は{COMMENT_MAX:,}文字以内にしてください(%(show_value)s文字あります)。"},
    )
    # Left empty by people (it is hidden from them and from screen readers); bots fill it.
    website = forms.CharField(required=False, label="この欄には何も入力しないでください")
    issued = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["issued"] = signing.dumps(timezone.now().timestamp(), salt=FORM_SALT)

    @property
    def looks_automated(self) -> bool:
        return bool(self.data.get("website"))

    def clean(self):
        data = super().clean()
        try:
            issued = float(signing.loads(self.data.get("issued", ""), salt=FORM_SALT, max_age=MAX_AGE))
        except (signing.BadSignature, TypeError, ValueError):
            # A fresh page: the next attempt carries a new, valid token.
            self.data = self.data.copy()
            self.data["issued"] = signing.dumps(timezone.now().timestamp(), salt=FORM_SALT)
            raise forms.ValidationError("ページの有効期限が切れました。お手数ですが、内容を確認してもう一度送信してください。") from None
        if timezone.now().timestamp() - issued < MIN_SECONDS:
            raise forms.ValidationError("送信が早すぎます。内容を確認して、もう一度送信してください。")
        return data


class PurposeForm(PlainForm):
    """再実施 (with its cause) or 評価書の修正."""

    kind = forms.ChoiceField(label="版の種類", widget=forms.RadioSelect, choices=[
        ("correction", "評価書の修正(再実施ではない。5年の期間は続く)"), ("reevaluation", "評価の再実施")])
    cause = forms.ChoiceField(label="再実施の原因", required=False, choices=[("", "(修正のときは空欄)")] + [
        (c.value, c.label) for c in ReevaluationCause if c is not ReevaluationCause.IMPORTANT_CHANGE])
    note = forms.CharField(label="メモ", required=False, max_length=2_000, widget=forms.Textarea(attrs={"rows": 2}))


class OutsidePublicationForm(PlainForm):
    published_on = DayField(label="ポータル外での公表日",
                            help_text="この評価書(この種類の評価書)をポータルを使う前に公表していた場合だけ記録します。")
