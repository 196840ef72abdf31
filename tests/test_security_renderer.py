"""The renderer fetches nothing an author names: given a version whose figure or text points at an
http server, a file of another organisation or a data: URL, when it is rendered, then no request
is made, nothing foreign is embedded, and a figure that cannot be loaded fails the render."""

from __future__ import annotations

import base64
import http.server
import io
import json
import threading

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from pia_portal.importing.services import import_file
from pia_portal.reports import models as m
from pia_portal.reports.serialization import FormatError, export_version
from pia_portal.rendering.fetcher import FigureFetcher, RefusedURL
from pia_portal.rendering.pdf import RenderError, render_pdf
from tests.builders import PNG, full_version


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(PNG)

    def log_message(self, *args):
        pass


@pytest.fixture
def listener():
    """An http server on 127.0.0.1 that counts every request made to it."""
    _Counter.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Counter.hits
    server.shutdown()


def _svg(url: str, other_file: str) -> bytes:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'
        f'<image href="{url}/svg-href.png" width="5" height="5"/>'
        f'<image xlink:href="file://{other_file}" width="5" height="5"/>'
        f'<image href="data:image/png;base64,{base64.b64encode(PNG).decode()}" width="5" height="5"/>'
        f'<style>@import url("{url}/svg-style.css");</style>'
        "</svg>"
    ).encode()


@pytest.mark.django_db
def test_an_svg_figure_stored_behind_the_editors_back_fetches_nothing_and_fails_the_render(
    listener, organisation, other_organisation, settings
):
    url, hits = listener
    other = full_version(other_organisation, "zenkomoku", number="9")
    other_file = other.figures.first().image.path
    version = full_version(organisation, "zenkomoku")
    figure = version.figures.first()
    figure.image.save("flow.svg", ContentFile(_svg(url, other_file)), save=False)
    figure.save()  # as a row written before validation existed, or straight into the database

    with pytest.raises(RenderError, match="図を読み込めない"):
        render_pdf(version)

    assert hits == []


@pytest.mark.django_db
def test_texts_that_look_like_markup_are_printed_not_fetched(listener, organisation):
    url, hits = listener
    version = full_version(organisation, "juten")
    basic = version.basic_info
    basic.affair_description = f'<img src="{url}/text.png"><link rel="stylesheet" href="{url}/x.css"><style>@import "{url}/y.css";</style>'
    basic.save()

    pdf = render_pdf(version)

    assert hits == [] and pdf.pages > 1


@pytest.mark.django_db
@pytest.mark.parametrize("scheme", ["http", "https", "file", "data", "ftp", "pia-figure-of-another-version"])
def test_the_fetcher_answers_only_the_versions_own_figures(listener, organisation, other_organisation, scheme):
    url, hits = listener
    version = full_version(organisation, "zenkomoku")
    other_figure = full_version(other_organisation, "zenkomoku", number="9").figures.first()
    fetcher = FigureFetcher(version)
    target = {
        "http": f"{url}/a.png",
        "https": "https://127.0.0.1:1/a.png",
        "file": f"file://{other_figure.image.path}",
        "data": f"data:image/png;base64,{base64.b64encode(PNG).decode()}",
        "ftp": "ftp://127.0.0.1/a.png",
        "pia-figure-of-another-version": f"pia-figure:{other_figure.uid.hex}",
    }[scheme]

    with pytest.raises(RefusedURL):
        fetcher.fetch(target)

    own = version.figures.first()
    assert fetcher.fetch(f"pia-figure:{own.uid.hex}").read() == own.image.open("rb").read()
    assert hits == []


def _png(width: int, height: int, fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, fmt)
    return buffer.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content, message",
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><image href="http://127.0.0.1/x"/></svg>', "画像として読み取れません"),
        (_png(4, 4, "GIF"), "PNG又はJPEG"),
        (PNG[:40], "画像として読み取れません"),
        (_png(6000, 6000), "画素数が多すぎます"),
    ],
    ids=["svg", "gif", "truncated-png", "too-many-pixels"],
)
def test_the_json_import_checks_figures_as_the_editor_does(organisation, author, content, message):
    document = export_version(full_version(organisation, "zenkomoku"))
    document["report"]["assessment_number"] = "77"
    document["figures"][0]["image"] = {"name": "../../flow.png", "content_base64": base64.b64encode(content).decode()}

    with pytest.raises(FormatError, match=message):
        import_file(json.dumps(document).encode(), "x.json", organisation, actor=author)

    assert not m.Report.objects.filter(assessment_number="77").exists()


@pytest.mark.django_db
def test_a_figure_keeps_a_safe_name_of_what_it_really_is(organisation, author):
    document = export_version(full_version(organisation, "zenkomoku"))
    document["report"]["assessment_number"] = "78"
    document["figures"][0]["image"] = {"name": "../../etc/\u202eflow.svg", "content_base64": base64.b64encode(_png(8, 8, "JPEG")).decode()}

    version = import_file(json.dumps(document).encode(), "x.json", organisation, actor=author).version

    name = version.figures.order_by("position").first().image.name
    assert name.startswith("figures/") and name.endswith("/flow.jpg") and ".." not in name and "\u202e" not in name


@pytest.mark.django_db
def test_the_editor_refuses_a_gif_next_to_the_field(client, organisation, author):
    version = full_version(organisation, "zenkomoku")
    figure = version.figures.first()
    client.force_login(author)
    url = reverse("editing:page", args=[organisation.slug, version.report_id, version.number, "figures"])
    page = client.get(url)
    field = f"business_figure-{figure.uid.hex}-image"

    response = client.post(url, {"base": page.context["base"], field: ContentFile(_png(4, 4, "GIF"), name="flow.gif")})

    assert response.status_code == 200
    assert "PNG又はJPEG" in response.content.decode()
    figure.refresh_from_db()
    assert figure.image.name.endswith(".png")  # the stored figure is untouched


@pytest.mark.django_db
def test_the_preview_shows_figures_through_the_checked_figure_view(client, organisation, author, other_organisation, make_person):
    version = full_version(organisation, "zenkomoku")
    figure = version.figures.first()
    client.force_login(author)
    preview = client.get(reverse("reports:version_preview", args=[organisation.slug, version.report_id, version.number]))
    src = reverse("reports:version_figure", args=[organisation.slug, version.report_id, version.number, figure.uid])

    assert f'src="{src}"' in preview.content.decode() and "data:" not in preview.content.decode()
    image = client.get(src)
    assert image["Content-Type"] == "image/png" and image["X-Content-Type-Options"] == "nosniff"
    client.force_login(make_person("outsider", other_organisation))
    assert client.get(src).status_code == 404
