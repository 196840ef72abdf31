from django import template

register = template.Library()


@register.filter
def has_role(membership, roles: str) -> bool:
    """{% if membership|has_role:"author,admin" %}: buttons shown only to those the server lets act."""
    return membership is not None and membership.has_role(*roles.split(","))


@register.filter
def person(user) -> str:
    """{{ user|person }}: a person's name as Japanese writes it (family name first)."""
    from pia_portal.organisations.access import display_name

    return display_name(user) if user is not None else ""
