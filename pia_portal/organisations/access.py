"""Who may see what. Every view reaches an organisation through these helpers, never directly:

- a person outside an organisation gets a 404 for anything of it, and learns nothing of its
  existence (the same answer as for an id that does not exist);
- a member who lacks the role an action needs gets a 403 that says, in Japanese, who may do it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from pia_portal.core.params import slug_param

from .models import Membership, Organisation, Role

SESSION_KEY = "current_organisation_id"


def organisations_for(user) -> list[Organisation]:
    if not user.is_authenticated:
        return []
    return list(Organisation.objects.filter(memberships__user=user).order_by("name"))


def membership_for(user, organisation: Organisation) -> Membership | None:
    """The person's membership, or None (also for no one: services called by the worker)."""
    if user is None or not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organisation=organisation).first()


def emails_of(organisation: Organisation, *roles: Role) -> list[str]:
    """The addresses the portal writes to: active members holding one of `roles`, each once."""
    return sorted({
        m.user.email for m in Membership.objects.filter(organisation=organisation).select_related("user")
        if m.has_role(*roles) and m.user.email and m.user.is_active
    })


def get_membership(request: HttpRequest, slug: str) -> Membership:
    """The requesting person's membership of the organisation `slug`, or 404."""
    if not slug_param(slug):
        raise Http404
    membership = (
        Membership.objects.select_related("organisation")
        .filter(user=request.user, organisation__slug=slug)
        .first()
        if request.user.is_authenticated
        else None
    )
    if membership is None:
        raise Http404
    return membership


def require_role(membership: Membership, *roles: Role, message: str | None = None) -> None:
    """A member without one of `roles` gets a 403 saying who may act."""
    if not membership.has_role(*roles):
        names = "・".join(str(Role(role).label) for role in roles)
        raise PermissionDenied(message or f"この操作は{names}だけが行えます。")


def current_organisation(request: HttpRequest) -> Organisation | None:
    organisations = organisations_for(request.user)
    wanted = request.session.get(SESSION_KEY)
    for organisation in organisations:
        if organisation.pk == wanted:
            return organisation
    return organisations[0] if organisations else None


def display_name(user) -> str:
    """Family name first, as Japanese names are written (佐藤 花子); the user name otherwise."""
    if user is None:
        return ""
    full = f"{user.last_name} {user.first_name}".strip()
    return full or user.get_username()
