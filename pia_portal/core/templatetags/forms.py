"""{% error_summary form %}: the GOV.UK / デジタル庁 error summary at the top of a page, one link per
problem to the field it is about, so that keyboard and screen-reader users reach it at once."""

from django import forms as django_forms
from django import template

from pia_portal.core.forms import field_name

register = template.Library()


@register.inclusion_tag("_error_summary.html")
def error_summary(*forms):
    problems = []
    for form in forms:
        if form is None or not getattr(form, "errors", None):
            continue
        for error in form.non_field_errors():
            problems.append({"anchor": "", "text": error})
        for name, field in form.fields.items():
            bound = form[name]
            for error in bound.errors:
                anchor = field.widget.attrs.get("id") or bound.auto_id
                if isinstance(field.widget, (django_forms.RadioSelect, django_forms.CheckboxSelectMultiple)) and bound.subwidgets:
                    anchor = bound.subwidgets[0].id_for_label  # a group of options has no element of its own id
                # A message that names its field (「評価書名を入力してください。」) needs no label before it.
                label = "" if field_name(field) and field_name(field) in str(error) else field.label
                problems.append({"anchor": anchor, "label": label, "text": error})
    return {"problems": problems}
