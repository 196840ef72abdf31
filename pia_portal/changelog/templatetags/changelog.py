from django import template

from ..explain import Timing

register = template.Library()


@register.filter
def proposal_value(state, name: str) -> str:
    """A text of a proposed row as it stands: staff's wording where they gave one."""
    return state.value(name)


@register.filter
def proposal_timing(state) -> str:
    return Timing(state.value("timing")).label
