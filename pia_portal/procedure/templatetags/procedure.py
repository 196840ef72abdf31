from django import template

from pia_portal.procedure.rules import ProcedureState, state_of

register = template.Library()


@register.filter
def procedure(version) -> ProcedureState:
    """{% with procedure=version|procedure %}: why the version needs the 指針's steps (a 全項目評価書,
    new or changed in a 重要な変更), and which are still to be recorded, worked out once."""
    return state_of(version)
