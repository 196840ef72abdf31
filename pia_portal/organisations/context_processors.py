from . import access


def current_organisation(request) -> dict:
    """The organisation switcher in the header needs these on every page."""
    if not request.user.is_authenticated:
        return {}
    return {
        "current_organisation": access.current_organisation(request),
        "my_organisations": access.organisations_for(request.user),
        "my_name": access.display_name(request.user),
    }
