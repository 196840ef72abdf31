"""{% error_summary form %}: the GOV.UK / デジタル庁 error summary at the top of a page, one link per
problem to the field it is about, so that keyboard and screen-reader users reach it at once."""

from django import template

from pia_portal.core.forms import field_anchor, field_name

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
                anchor = field_anchor(bound)
                # A message that names its field (「評価書名を入力してください。」) needs no label before it.
                label = "" if field_name(field) and field_name(field) in str(error) else field.label
                problems.append({"anchor": anchor, "label": label, "text": error})
    return {"problems": problems}
