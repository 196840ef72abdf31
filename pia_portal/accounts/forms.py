from django import forms

from pia_portal.core.forms import PlainForm


class TokenForm(PlainForm):
    token = forms.CharField(
        label="確認コード",
        max_length=16,
        help_text="認証アプリに表示されている6桁の数字を入力します。予備コードも使えます。",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split())
