"""Two-factor sign-in (TOTP, django-otp): optional for every member of staff, required for 管理者
of an organisation that asks for it. A person who has set up an authenticator, or who must have
one, reaches nothing but the sign-in steps until the code of this session is verified."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from pia_portal.organisations.models import Membership, Role

# Reachable before the second step: the steps themselves, signing out, static files, the public portal.
OPEN_PREFIXES = ("/account/two-factor/", "/logout/", "/static/", "/public/", "/i18n/", "/favicon", "/healthz/")


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
        if user.is_authenticated and not user.is_verified() and not request.path.startswith(OPEN_PREFIXES):
            if user_has_device(user):
                return redirect(f"{reverse('accounts:two_factor_verify')}?{urlencode({'next': request.get_full_path()})}")
            if is_required(user):
                return redirect(reverse("accounts:two_factor_setup"))
        return self.get_response(request)
