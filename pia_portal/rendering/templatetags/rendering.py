from django import template

from pia_portal.rendering.services import is_outdated

register = template.Library()


@register.filter
def pdf_outdated(render) -> bool:
    """The PDF shows content that has changed since: marked wherever staff are offered it."""
    return render is not None and render.status == "done" and is_outdated(render)
