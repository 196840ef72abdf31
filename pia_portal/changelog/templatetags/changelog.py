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


@register.filter
def important_changes(version):
    """The 重要な変更 among the rows this version adds to its log."""
    from ..services import important_changes as rows

    return rows(version)


@register.filter
def add_class(field, css: str):
    return field.as_widget(attrs={"class": css})
