"""Municipal staff sign in, see their own organisation's reports in Japanese, and nothing else."""

import pytest
from django.urls import reverse

from pia_portal.organisations.models import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_member_logs_in_and_lands_on_their_organisation_in_japanese(client, author, organisation):
    response = client.post(reverse("login"), {"username": "author", "password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("reports:organisation_home", args=[organisation.slug])
    page = response.content.decode()
    assert "山口市長" in page
    assert "評価書" in page
    assert 'lang="ja"' in page


def test_a_wrong_password_is_refused_with_a_japanese_message(client, author):
    response = client.post(reverse("login"), {"username": "author", "password": "nope"})

    assert response.status_code == 200
    assert "正しいユーザー名とパスワードを入力してください" in response.content.decode()


def test_logging_out_ends_the_session(client, author):
    client.force_login(author)
    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302  # back to the login page


def test_anonymous_visitors_are_sent_to_the_login_page(client, organisation):
    response = client.get(reverse("reports:organisation_home", args=[organisation.slug]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_another_organisation_does_not_exist_for_a_non_member(client, author, other_organisation):
    client.force_login(author)

    response = client.get(reverse("reports:organisation_home", args=[other_organisation.slug]))

    # 404, not 403: a non-member must not learn that the organisation exists.
    assert response.status_code == 404
    missing = client.get(reverse("reports:organisation_home", args=["no-such-organisation"]))
    assert missing.status_code == 404


def test_switching_to_an_organisation_one_does_not_belong_to_is_a_404(client, author, other_organisation):
    client.force_login(author)

    response = client.post(reverse("switch_organisation"), {"slug": other_organisation.slug})

    assert response.status_code == 404


def test_a_member_of_two_organisations_switches_between_them(client, make_person, organisation, other_organisation):
    from pia_portal.organisations.models import Membership

    person = make_person("both", organisation, Role.REVIEWER)
    Membership.objects.create(user=person, organisation=other_organisation, roles=[Role.AUTHOR])
    client.force_login(person)

    response = client.post(reverse("switch_organisation"), {"slug": other_organisation.slug}, follow=True)

    assert "鹿児島市長" in response.content.decode()
    assert client.get(reverse("home")).url == reverse("reports:organisation_home", args=[other_organisation.slug])


def test_a_person_without_organisation_is_told_so(client, make_person):
    client.force_login(make_person("lonely"))

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "所属する評価実施機関がありません" in response.content.decode()
