"""Accounts that resist attack: guessing is locked out, a forgotten password is reset by e-mail,
two-factor sign-in is there for anyone and required of 管理者 where the organisation says so,
sessions last a working day, and signed-in pages are never stored by a browser or proxy."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from pia_portal.organisations.models import Role
from tests.conftest import PASSWORD, ROOT

pytestmark = pytest.mark.django_db


def _login(client, username="author", password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.7", **extra)


def test_five_wrong_passwords_lock_the_account_for_a_while_with_a_japanese_page(client, author):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, password="wrong").status_code == 200
    assert _login(client, password="wrong").status_code == 429  # the last allowed mistake locks

    locked = _login(client)  # even the right password, now

    assert locked.status_code == 429
    assert "ログインを一時的に停止しています" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_right_password_after_a_few_mistakes_resets_the_count(client, author):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, password="wrong")
    assert _login(client).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, password="wrong")
    assert _login(client).status_code == 302


def test_a_forgotten_password_is_reset_through_a_link_sent_by_mail(client, author):
    response = client.post(reverse("accounts:password_reset"), {"email": "author@example.jp"}, follow=True)

    assert "メールを確認してください" in response.content.decode()
    (message,) = mail.outbox
    assert "パスワードの再設定" in message.subject
    link = re.search(r"https?://[^/]+(/account/password/reset/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    new = "木漏れ日と砂時計-2026"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True)
    assert "パスワードを設定しました" in done.content.decode()
    assert _login(client, password=new).status_code == 302


def test_a_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, author):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.jp"}, follow=True)

    assert "メールを確認してください" in response.content.decode() and mail.outbox == []


def test_reset_mails_are_limited_per_address(client, author):
    for _ in range(5):
        client.post(reverse("accounts:password_reset"), {"email": "author@example.jp"}, REMOTE_ADDR="10.0.0.9")

    assert len(mail.outbox) == 3


def test_a_member_changes_their_password(client, author):
    client.force_login(author)
    new = "木漏れ日と砂時計-2027"

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        follow=True,
    )

    assert "パスワードを変更しました" in response.content.decode()
    author.refresh_from_db()
    assert author.check_password(new)


def test_a_bad_new_password_is_explained_next_to_the_field_and_in_the_summary(client, author):
    client.force_login(author)

    page = client.post(
        reverse("accounts:password_change"), {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"}
    ).content.decode()

    assert 'class="alert alert-danger error-summary"' in page and 'href="#id_new_password2"' in page
    assert "このパスワードは短すぎます" in page


def _set_up_two_factor(client, user) -> TOTPDevice:
    client.force_login(user)
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=user)
    page = client.post(reverse("accounts:two_factor_setup"), {"token": f"{totp(device.bin_key):06d}"})
    assert "予備コード" in page.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_a_member_with_an_authenticator_must_give_its_code_after_the_password(client, author, organisation):
    device = _set_up_two_factor(client, author)
    client.post(reverse("logout"))

    response = _login(client, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:two_factor_verify"))
    reports = reverse("reports:organisation_home", args=[organisation.slug])
    assert client.get(reports).status_code == 302  # nothing else until the code is given

    wrong = client.post(reverse("accounts:two_factor_verify"), {"token": "000000"})
    assert "確認コードが正しくないか" in wrong.content.decode()
    time.sleep(1.2)  # django-otp throttles the next try after a wrong code (1 s, then doubling)
    device.refresh_from_db()
    # The code of the next 30-second step: the one used at set-up cannot be used twice.
    right = client.post(reverse("accounts:two_factor_verify"), {"token": f"{totp(device.bin_key, drift=1):06d}", "next": reports})
    assert right.status_code == 302 and right.url == reports
    assert client.get(reports).status_code == 200


def test_an_organisation_can_require_two_factor_of_its_admins(client, make_person, organisation):
    organisation.require_two_factor_for_admins = True
    organisation.save()
    admin = make_person("kanri", organisation, Role.ADMIN)
    author = make_person("sakusei", organisation, Role.AUTHOR)
    reports = reverse("reports:organisation_home", args=[organisation.slug])

    client.force_login(author)
    assert client.get(reports).status_code == 200  # authors are not asked
    client.force_login(admin)
    response = client.get(reports)
    assert response.status_code == 302 and response.url == reverse("accounts:two_factor_setup")
    assert "管理者に二段階認証を求めています" in client.get(response.url).content.decode()

    _set_up_two_factor(client, admin)
    assert client.get(reports).status_code == 200
    refused = client.post(reverse("accounts:two_factor_disable"), follow=True)
    assert "解除できません" in refused.content.decode() and TOTPDevice.objects.filter(user=admin).exists()


def test_a_session_lasts_a_working_day():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60


def test_signed_in_pages_are_never_stored_and_every_page_has_a_content_security_policy(client, author, organisation):
    public = client.get(reverse("public:public_index"))
    client.force_login(author)
    private = client.get(reverse("reports:organisation_home", args=[organisation.slug]))

    assert "no-store" in private["Cache-Control"]
    assert "no-store" not in public.get("Cache-Control", "")
    for response in (public, private):
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy


def test_the_production_settings_pass_the_deployment_checks():
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}  # the tests' own
    env.update(
        DEBUG="false",
        SECRET_KEY="a-long-random-production-secret-" + "x7Qz" * 10,
        SECURE_SSL_REDIRECT="true",
        SECURE_HSTS_SECONDS="31536000",
        SECURE_HSTS_PRELOAD="true",
        ALLOWED_HOSTS="pia.example.lg.jp",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
