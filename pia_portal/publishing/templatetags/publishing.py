from django import template

from pia_portal.publishing.services import approval_blockers as blockers_of

register = template.Library()


@register.simple_tag
def approval_blockers(version, user) -> list[str]:
    """What would stop `user` approving the version, shown before the 承認 button."""
    return blockers_of(version, user)
