"""Signing in a second step, setting it up, and the person's own account page."""

from __future__ import annotations

import io
import secrets

import django_otp
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pia_portal.audit.log import log_action
from pia_portal.core import ratelimit
from pia_portal.core.ratelimit import client_ip

from .forms import TokenForm
from .two_factor import is_required

RECOVERY_CODES = 8


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()) else "/"


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account.html", {
        "has_two_factor": user_has_device(request.user), "two_factor_required": is_required(request.user),
    })


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    if not user_has_device(request.user):
        return redirect("accounts:two_factor_setup")
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(request.user, form.cleaned_data["token"])
        if device is None:
            form.add_error("token", "確認コードが正しくないか、期限が切れています。認証アプリの新しいコードを入力してください。")
            log_action("account.two_factor_failed", actor=request.user, target=request.user)
        else:
            django_otp.login(request, device)
            return redirect(_next(request))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request)})


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """A new authenticator: shown as a QR code and as text, confirmed by a first code; then the
    recovery codes, shown once."""
    if user_has_device(request.user) and not request.user.is_verified():
        return redirect("accounts:two_factor_verify")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first() or TOTPDevice.objects.create(
        user=request.user, name="認証アプリ", confirmed=False
    )
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=request.user, confirmed=True).exclude(pk=device.pk).delete()
                device.confirmed = True
                device.save()
                codes = _new_recovery_codes(request.user)
                log_action("account.two_factor_enabled", actor=request.user, target=request.user)
            django_otp.login(request, device)
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
        form.add_error("token", "確認コードが正しくありません。認証アプリに表示されている6桁の数字を入力してください。")
    svg = io.BytesIO()
    import segno

    segno.make(device.config_url, error="m").save(svg, kind="svg", scale=5, xmldecl=False, svgns=True, title="設定用のQRコード")
    secret = _base32(device)
    return render(request, "accounts/two_factor_setup.html", {
        "form": form, "qr": svg.getvalue().decode(), "secret": secret, "required": is_required(request.user),
    })


@require_POST
@login_required
def disable(request: HttpRequest) -> HttpResponse:
    # The middleware already stops a half-signed-in session; this says it where it matters most.
    if not request.user.is_verified():
        return redirect("accounts:two_factor_verify")
    if is_required(request.user):
        messages.error(request, "所属する評価実施機関が管理者の二段階認証を必須にしているため、解除できません。")
        return redirect("accounts:account")
    with transaction.atomic():
        for device in devices_for_user(request.user, confirmed=None):
            device.delete()
        log_action("account.two_factor_disabled", actor=request.user, target=request.user)
    messages.success(request, "二段階認証を解除しました。")
    return redirect("accounts:account")


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="予備コード")
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _base32(device: TOTPDevice) -> str:
    import base64

    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


class PasswordReset(auth_views.PasswordResetView):
    """Reset by e-mail, at most a few requests an hour per address and per network address: the
    page answers the same whether the address is known or not."""

    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        email = form.cleaned_data["email"].lower()
        try:
            allowed = ratelimit.allow(f"reset-ip:{client_ip(self.request)}", limit=10, window=3600) and ratelimit.allow(
                f"reset-email:{email}", limit=3, window=3600
            )
        except ratelimit.Unavailable:
            form.add_error(None, "ただいま再設定のメールを送れません。しばらくしてから、もう一度お試しください。")
            response = self.form_invalid(form)
            response.status_code = 503
            return response
        if not allowed:
            # Said the same way as a sent mail: nothing here tells whether the address exists.
            return redirect(self.success_url)
        return super().form_valid(form)
