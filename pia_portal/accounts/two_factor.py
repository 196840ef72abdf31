"""Two-factor sign-in (TOTP, django-otp): optional for every member of staff, required for 管理者
of an organisation that asks for it. A person who has set up an authenticator, or who must have
one, reaches nothing but the sign-in steps until the code of this session is verified."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from pia_portal.organisations.models import Membership, Role

# Reachable before the second step: signing out, static files, the public portal. Of the account
# pages only the second step itself (and its set-up, for someone who has no authenticator yet and
# must make one): a half-signed-in session must not change anything of the account.
OPEN_PREFIXES = ("/logout/", "/static/", "/public/", "/i18n/", "/favicon", "/healthz/")


def _is_open(path: str) -> bool:
    return path.startswith(OPEN_PREFIXES) or path in (reverse("accounts:two_factor_verify"), reverse("accounts:two_factor_setup"))


def is_required(user) -> bool:
    """管理者 of an organisation that requires two-factor sign-in for its 管理者."""
    return any(
        membership.has_role(Role.ADMIN)
        for membership in Membership.objects.filter(user=user, organisation__require_two_factor_for_admins=True)
    )


class TwoFactorMiddleware:
    """After django_otp's OTPMiddleware: sends a signed-in person who still owes a code to the
    verification page, or, if the organisation requires it and none is set up, to the set-up page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and not _is_open(request.path):
            if user_has_device(user):
                return redirect(f"{reverse('accounts:two_factor_verify')}?{urlencode({'next': request.get_full_path()})}")
            if is_required(user):
                return redirect(reverse("accounts:two_factor_setup"))
        return self.get_response(request)
