from __future__ import annotations

from django import forms

from pia_portal.core.forms import PlainForm
from pia_portal.editing.forms import WarekiDateField

from pia_portal.procedure.shishin import LateCause
from pia_portal.reports.structure import items as i
from pia_portal.reports.structure.nodes import resolve

from .explain import Cause, Classification, Timing
from .services import MAX_FIELD


class RowForm(PlainForm):
    """Staff's wording of one proposed row."""

    item = forms.CharField(label=resolve(i.CHANGE_ITEM.label), max_length=MAX_FIELD["item"], widget=forms.Textarea(attrs={"rows": 2}))
    before = forms.CharField(label=resolve(i.CHANGE_BEFORE.label), required=False, max_length=MAX_FIELD["before"], widget=forms.Textarea(attrs={"rows": 6}))
    after = forms.CharField(label=resolve(i.CHANGE_AFTER.label), required=False, max_length=MAX_FIELD["after"], widget=forms.Textarea(attrs={"rows": 6}))
    timing = forms.ChoiceField(label=resolve(i.CHANGE_TIMING.label), choices=[(t.value, t.label) for t in Timing],
                               widget=forms.RadioSelect)
    explanation = forms.CharField(
        label=resolve(i.CHANGE_EXPLANATION.label), required=False, max_length=MAX_FIELD["explanation"], widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(PlainForm):
    """Staff's classification of a row, with its reason, from which the 提出時期 and the explanation
    are written (change_logs.md §3.2; the 指針's rules in procedure/shishin.py)."""

    classification = forms.ChoiceField(label="判断", choices=[(c.value, c.label) for c in Classification])
    cause = forms.ChoiceField(label="理由", choices=[(c.value, c.label) for c in Cause])
    reason = forms.CharField(
        label="判断の理由", required=False, max_length=1_000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="案と違う判断にするときは必須です。提出時期に係る説明に記載されます。",
    )
    timing = forms.ChoiceField(label=resolve(i.CHANGE_TIMING.label), choices=[("", "判断のとおり")] + [(t.value, t.label) for t in Timing],
                               required=False)
    late_cause = forms.ChoiceField(label="重要な変更を事後とする理由の区分", required=False,
                                   choices=[("", "(事後としない)")] + [(c.value, c.label) for c in LateCause])
    late_reason = forms.CharField(label="事後とする理由", required=False, max_length=1_000,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class BatchDateForm(PlainForm):
    change_date = WarekiDateField(
        label=resolve(i.CHANGE_DATE.label), required=False,
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
