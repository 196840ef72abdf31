"""Attacks on signing in (issue #27): the second factor cannot be taken off with the password alone,
and one person's wrong passwords lock out that person, not everyone behind the same proxy."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD, ROOT

pytestmark = pytest.mark.django_db


def _login(client, username="author", password=PASSWORD, address="10.0.0.7", **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def _with_authenticator(user) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="認証アプリ", confirmed=True)
    StaticDevice.objects.create(user=user, name="予備コード").token_set.create(token="12345678")
    return device


def _csrf(page) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)


# The second factor -------------------------------------------------------------------------------


def test_a_half_signed_in_session_cannot_remove_the_second_factor(author):
    """The password alone, then a POST to 「解除」 with the second-factor page's own CSRF token."""
    _with_authenticator(author)
    client = Client(enforce_csrf_checks=True)
    login_page = client.get(reverse("login"))
    signed = client.post(reverse("login"), {"username": "author", "password": PASSWORD, "csrfmiddlewaretoken": _csrf(login_page)},
                         REMOTE_ADDR="10.0.0.7", follow=True)
    assert signed.redirect_chain[-1][0].startswith(reverse("accounts:two_factor_verify"))

    attempt = client.post(reverse("accounts:two_factor_disable"), {"csrfmiddlewaretoken": _csrf(signed)})

    assert TOTPDevice.objects.filter(user=author, confirmed=True).exists()
    assert StaticDevice.objects.filter(user=author).exists()
    assert attempt.status_code == 302 and attempt.url.startswith(reverse("accounts:two_factor_verify"))
    assert not client.session.get("otp_device_id")


@pytest.mark.parametrize("name", ["two_factor_setup", "account", "password_change"])
def test_a_half_signed_in_session_reaches_only_the_second_factor_step_and_signing_out(author, name):
    _with_authenticator(author)
    client = Client()
    _login(client)

    page = client.get(reverse(f"accounts:{name}"))

    assert page.status_code == 302 and page.url.startswith(reverse("accounts:two_factor_verify"))
    assert client.get(reverse("accounts:two_factor_verify")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_removing_the_second_factor_needs_it_verified_in_this_session(author):
    device = _with_authenticator(author)
    client = Client()
    _login(client)
    verified = client.post(reverse("accounts:two_factor_verify"), {"token": f"{totp(device.bin_key):06d}"})
    assert verified.status_code == 302

    removed = client.post(reverse("accounts:two_factor_disable"), follow=True)

    assert "二段階認証を解除しました" in removed.content.decode()
    assert not TOTPDevice.objects.filter(user=author).exists()


# Lockout ---------------------------------------------------------------------------------------------


def test_one_persons_wrong_passwords_do_not_lock_out_a_colleague_at_the_same_address(author, make_person, organisation):
    make_person("colleague", organisation)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(), password="wrong", address="192.0.2.10")

    assert _login(Client(), address="192.0.2.10").status_code == 429  # the person who guessed is locked
    colleague = _login(Client(), username="colleague", address="192.0.2.10")
    assert colleague.status_code == 302


def test_behind_an_untrusted_proxy_the_forwarded_address_is_ignored(author, settings):
    settings.TRUSTED_PROXIES = []
    for number in range(settings.AXES_FAILURE_LIMIT):
        # An attacker cannot escape the lockout by making up an address for each try.
        _login(Client(), password="wrong", address="192.0.2.10", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")

    assert _login(Client(), address="192.0.2.10", HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429


def test_behind_the_trusted_proxy_each_citizen_and_member_has_their_own_address(author, settings):
    from pia_portal.core.ratelimit import client_ip

    settings.TRUSTED_PROXIES = ["192.0.2.1"]
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, password="wrong", address="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.7")

    # The person at 198.51.100.7 is locked out; the same user name from another citizen's address is not.
    assert _login(Client(), address="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    assert _login(Client(), address="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 302

    class Request:
        META = {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": "203.0.113.5, 198.51.100.7"}

    # The proxy appends the address it saw: the last one is the only one it vouches for.
    assert client_ip(Request) == "198.51.100.7"


# Deployment ------------------------------------------------------------------------------------------


def _compose_environment() -> dict[str, str]:
    """The portal's environment as docker-compose.yml gives it, each ${NAME:-default} at its default."""
    text = (ROOT / "docker-compose.yml").read_text()
    block = text.split("environment: &portal-env\n", 1)[1]
    env = {}
    for line in block.splitlines():
        found = re.match(r"^    ([A-Z_]+): (.*)$", line)
        if not found:
            if line.startswith("    #") or not line.strip():
                continue
            break
        value = found.group(2).strip().strip('"')
        value = re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", value)
        env[found.group(1)] = value
    return env


def test_the_deployment_checks_are_clean_with_the_docker_compose_settings():
    compose = _compose_environment()
    assert compose["SECURE_SSL_REDIRECT"] == "true" and "SECURE_HSTS_PRELOAD" not in compose
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({key: value for key, value in compose.items() if key not in ("DATABASE_URL", "CELERY_BROKER_URL", "MEDIA_ROOT")})
    env.update(DEBUG="false", SECRET_KEY="a-long-random-production-secret-" + "x7Qz" * 10, ALLOWED_HOSTS="pia.example.lg.jp")

    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
