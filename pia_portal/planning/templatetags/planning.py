from django import template

register = template.Library()


@register.filter
def duty_state(duty, today) -> str:
    """"overdue", "soon" or "planned": how the duty stands on `today`."""
    return duty.state(today)
