from django import template

from pia_portal.procedure.rules import missing_steps, required_steps

register = template.Library()


@register.filter
def needs_procedure(version) -> bool:
    """The version must go through the 指針's steps before review (a 全項目評価書, new or changed in
    a 重要な変更)."""
    return bool(required_steps(version))


@register.filter
def procedure_missing(version) -> bool:
    """Steps are still to be recorded: the procedure, not the review, is the next step."""
    return bool(missing_steps(version))
