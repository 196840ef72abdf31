"""Editor forms generated from the catalogue: one form per (form kind, kind of record), with the
widget that fits each kind of item. Drafts save whatever is typed; what is missing or odd is
reported by reports.validation, next to the item, not by refusing the save."""

from __future__ import annotations

from functools import cache

from django import forms
from django.core.exceptions import ValidationError

from pia_portal.core.text import MAX_LINE_LENGTH, MAX_TEXT_LENGTH, clean_text
from pia_portal.core.wareki import WarekiError, format_date, parse_date
from pia_portal.reports.figures import MAX_BYTES as MAX_FIGURE_BYTES
from pia_portal.reports.figures import FigureError, check_figure, figure_file_name
from pia_portal.reports.structure import Entity, Kind, places_by_attr
from pia_portal.reports.structure.nodes import FormKind, FormRevision, OptionSet, Place, resolve



class ChecksWidget(forms.Widget):
    """Check boxes of an option set, each 「その他 ( … )」 with its text input."""

    template_name = "editing/widgets/checks.html"

    def __init__(self, options: OptionSet, revision: FormRevision, attrs=None):
        super().__init__(attrs)
        self.options = options
        self.revision = revision

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        value = value or {}
        headings = {codes[0]: heading for heading, codes in self.options.headings}
        context["widget"]["boxes"] = [
            {
                "code": option.code,
                "label": resolve(option.label, self.revision),
                "checked": option.code in value,
                "has_text": option.has_text,
                "text": value.get(option.code, ""),
                "heading": headings.get(option.code, ""),
            }
            for option in self.options.options
        ]
        return context

    def value_from_datadict(self, data, files, name):
        ticked = {}
        for option in self.options.options:
            text = (data.get(f"{name}__{option.code}__text") or "").strip()
            if data.get(f"{name}__{option.code}"):
                ticked[option.code] = text if option.has_text else ""
            elif text:
                # A text typed into 「その他 ( )」 means the box is meant: the form prints it ticked.
                ticked[option.code] = text
        return ticked

    def value_omitted_from_data(self, data, files, name):
        return False


class ChecksField(forms.Field):
    widget = ChecksWidget

    def __init__(self, *, options: OptionSet, revision: FormRevision, **kwargs):
        self.options = options
        super().__init__(widget=ChecksWidget(options, revision), **kwargs)

    def to_python(self, value):
        return dict(value or {})

    def validate(self, value):
        super().validate(value)
        unknown = set(value) - set(self.options.codes)
        if unknown:
            raise ValidationError("選択肢にない値があります: %(codes)s", params={"codes": ", ".join(sorted(unknown))})


class WarekiDateField(forms.CharField):
    """令和5年4月28日, R5.4.28 or 2023-04-28; cleaned to (date, precision)."""

    def __init__(self, **kwargs):
        super().__init__(max_length=40, **kwargs)
        self.widget.attrs.update({"placeholder": "令和5年4月28日", "inputmode": "text", "class": "form-control wareki"})

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None, "day"
        try:
            return parse_date(value)
        except WarekiError as error:
            raise ValidationError(str(error)) from None


class FigureField(forms.FileField):
    """A figure upload, checked exactly as the JSON import and the renderer check it."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", "image/png,image/jpeg")

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        if upload.size > MAX_FIGURE_BYTES:
            raise ValidationError(f"図のファイルが大きすぎます({MAX_FIGURE_BYTES // (1024 * 1024)}MBまで)。")
        content = upload.read()
        upload.seek(0)
        try:
            _mime, extension = check_figure(content)
        except FigureError as error:
            raise ValidationError(str(error)) from None
        upload.name = figure_file_name(upload.name, extension)
        return upload


def _field_for(place: Place, revision: FormRevision) -> dict[str, forms.Field]:
    item = place.item
    label = place.label(revision)
    # The guidance is shown one click away by the page, not under every field.
    common = {"label": label, "required": False}
    match item.kind:
        case Kind.TEXT:
            return {item.attr: forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=MAX_TEXT_LENGTH, strip=False, **common)}
        case Kind.LINE:
            return {item.attr: forms.CharField(max_length=MAX_LINE_LENGTH, **common)}
        case Kind.CHOICE:
            return {
                item.attr: forms.ChoiceField(
                    choices=[("", "未選択")] + item.options.choices(revision), widget=forms.RadioSelect, **common
                )
            }
        case Kind.CHECKS:
            return {item.attr: ChecksField(options=item.options, revision=revision, **common)}
        case Kind.COUNT:
            return {item.attr: forms.IntegerField(min_value=0, max_value=100_000, **common)}
        case Kind.FLAG:
            return {item.attr: forms.BooleanField(**common)}
        case Kind.DATE:
            return {
                item.attr: WarekiDateField(**common),
                f"{item.attr}_note": forms.CharField(
                    label=f"{label}(注記)", required=False, max_length=200,
                    widget=forms.TextInput(attrs={"placeholder": "注記(任意): (予定)、第三者点検後に記載 など"}),
                ),
            }
        case Kind.IMAGE:
            return {item.attr: FigureField(**common)}
    raise ValueError(item.kind)


class RecordForm(forms.Form):
    """The items of one record. `places` keeps the catalogue order and conditions."""

    places: tuple[Place, ...] = ()

    def __init__(self, *args, record=None, **kwargs):
        self.record = record
        if record is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_values(record, self.places)
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        for place in self.places:
            attr, normalise = place.item.attr, place.item.normalise
            if normalise is not None and cleaned.get(attr):
                try:
                    cleaned[attr] = normalise(cleaned[attr])
                except ValueError as error:
                    self.add_error(attr, str(error))
        return cleaned

    def apply(self) -> list[str]:
        """Copy cleaned values onto the record; hidden items are emptied. Returns changed attrs."""
        changed = []
        for place in self.places:
            attr = place.item.attr
            if attr not in self.cleaned_data:
                continue
            if place.item.kind is Kind.DATE:
                day, precision = self.cleaned_data[attr]
                new = {attr: day, f"{attr}_precision": precision, f"{attr}_note": self.cleaned_data.get(f"{attr}_note", "")}
            elif place.item.kind is Kind.IMAGE:
                upload = self.cleaned_data[attr]
                if not upload:
                    continue
                new = {attr: upload}
            elif place.item.kind in (Kind.TEXT, Kind.LINE):
                new = {attr: clean_text(self.cleaned_data[attr])}
            else:
                new = {attr: self.cleaned_data[attr]}
            for key, value in new.items():
                if getattr(self.record, key) != value:
                    setattr(self.record, key, value)
                    changed.append(key)
        changed += clear_hidden(self.record, self.places)
        return sorted(set(changed))


def clear_hidden(record, places) -> list[str]:
    """再委託しない empties ⑤⑥, and so on: a hidden item keeps no value."""
    cleared = []
    for place in places:
        if place.show_if is not None and not place.show_if.holds(record):
            attr = place.item.attr
            empty = {Kind.CHOICE: "", Kind.CHECKS: {}, Kind.COUNT: None, Kind.FLAG: False, Kind.DATE: None}.get(
                place.item.kind, ""
            )
            if place.item.kind is not Kind.IMAGE and getattr(record, attr) != empty:
                setattr(record, attr, empty)
                cleared.append(attr)
    return cleared


def initial_values(record, places) -> dict:
    initial = {}
    for place in places:
        attr = place.item.attr
        value = getattr(record, attr)
        if place.item.kind is Kind.DATE:
            initial[attr] = format_date(value, getattr(record, f"{attr}_precision")) if value else ""
            initial[f"{attr}_note"] = getattr(record, f"{attr}_note")
        elif place.item.kind is not Kind.IMAGE:
            initial[attr] = value
    return initial


@cache
def record_form_class(kind: FormKind, entity: Entity, revision: FormRevision) -> type[RecordForm]:
    places = tuple(places_by_attr(kind, entity).values())
    fields: dict[str, forms.Field] = {}
    for place in places:
        fields.update(_field_for(place, revision))
    return type(f"{entity.value.title()}Form", (RecordForm,), {**fields, "places": places})
