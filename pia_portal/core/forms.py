"""Forms that say what is missing in plain Japanese, next to the field and in the error summary."""

from __future__ import annotations

from django import forms


def field_name(field: forms.Field) -> str:
    """How a message names the field: its label without a note in brackets (「評価書番号(新しい
    評価書にするとき)」 is 「評価書番号」)."""
    return str(field.label or "").split("(")[0]


def field_anchor(bound: forms.BoundField) -> str:
    """The id an error summary links to: the field, or a group of options' first option (the
    group has no element of its own id)."""
    field = bound.field
    if isinstance(field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)) and bound.subwidgets:
        return bound.subwidgets[0].id_for_label
    return field.widget.attrs.get("id") or bound.auto_id


def required_message(field: forms.Field) -> str:
    """「評価書の種類を選んでください。」 for a choice or a file, 「評価書名を入力してください。」
    for what is typed: Django's 「このフィールドは必須です。」 does not say which field, and the
    error summary lists the messages away from their fields."""
    label = field_name(field) or "この項目"
    chosen = isinstance(field, (forms.ChoiceField, forms.FileField, forms.BooleanField))
    return f"{label}を{'選んで' if chosen else '入力して'}ください。"


class PlainForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Optional fields too: a form may make one required once it knows the other answers.
        for field in self.fields.values():
            if field.error_messages.get("required") == forms.Field.default_error_messages["required"]:
                field.error_messages["required"] = required_message(field)
