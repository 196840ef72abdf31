"""Japanese is the product (#32 item 10): the half-translated English interface is gone, so a
browser that asks for English, or a cookie left from before, still gets the whole portal in
Japanese, and no control offers another language."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/login/"])
def test_a_browser_asking_for_english_gets_japanese(client, url):
    client.cookies["django_language"] = "en"
    page = client.get(url, headers={"accept-language": "en-US,en;q=0.9"}, follow=True)

    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="ja"' in html
    assert 'name="language"' not in html


def test_staff_pages_are_japanese_for_an_english_browser(client, author, organisation):
    client.force_login(author)
    page = client.get(reverse("reports:organisation_home", args=[organisation.slug]),
                      headers={"accept-language": "en"})
    assert page.status_code == 200 and '<html lang="ja"' in page.content.decode()


def test_there_is_no_language_switch_to_post_to(client):
    assert client.post("/i18n/setlang/", {"language": "en"}).status_code == 404
