from django import template

register = template.Library()


@register.filter
def has_role(membership, roles: str) -> bool:
    """{% if membership|has_role:"author,admin" %}: buttons shown only to those the server lets act."""
    return membership is not None and membership.has_role(*roles.split(","))
