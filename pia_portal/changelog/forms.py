from __future__ import annotations

from django import forms

from pia_portal.core.forms import PlainForm
from pia_portal.editing.forms import WarekiDateField

from .explain import Cause, Classification, Timing
from .services import MAX_FIELD


class RowForm(PlainForm):
    """Staff's wording of one proposed row."""

    item = forms.CharField(label="項目", max_length=MAX_FIELD["item"], widget=forms.Textarea(attrs={"rows": 2}))
    before = forms.CharField(label="変更前の記載", required=False, max_length=MAX_FIELD["before"], widget=forms.Textarea(attrs={"rows": 6}))
    after = forms.CharField(label="変更後の記載", required=False, max_length=MAX_FIELD["after"], widget=forms.Textarea(attrs={"rows": 6}))
    timing = forms.ChoiceField(label="提出時期", choices=[(t.value, t.label) for t in Timing], widget=forms.RadioSelect)
    explanation = forms.CharField(
        label="提出時期に係る説明", required=False, max_length=MAX_FIELD["explanation"], widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(PlainForm):
    """A classification and a cause, from which the explanation is written (change_logs.md §3.2)."""

    classification = forms.ChoiceField(label="判断", choices=[(c.value, c.label) for c in Classification])
    cause = forms.ChoiceField(label="理由", choices=[(c.value, c.label) for c in Cause])


class BatchDateForm(PlainForm):
    change_date = WarekiDateField(
        label="変更日", required=False,
        help_text="この版で加える行の変更日。意見聴取中など、まだ決まっていなければ空欄のままにします。",
    )
    change_date_note = forms.CharField(label="注記", required=False, max_length=20, help_text="例: (予定)")


class StyleForm(forms.ModelForm):
    class Meta:
        from .models import ChangeLogStyle

        model = ChangeLogStyle
        fields = ("path_style", "with_names", "added_before", "removed_after", "long_text", "wording", "negation",
                  "log_publication_date")
        widgets = {
            "path_style": forms.RadioSelect, "added_before": forms.RadioSelect, "removed_after": forms.RadioSelect,
            "long_text": forms.RadioSelect, "wording": forms.RadioSelect, "negation": forms.RadioSelect,
        }
