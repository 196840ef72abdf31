"""How long each page of the demo takes to answer: every staff and public URL kind, p50 and p95
over 20 requests each, one request at a time (the wait one person feels on an idle machine).

    ./portal run                                   # in another terminal: web, worker, demo data
    .venv/bin/python bench/page_timings.py [--url http://127.0.0.1:8000] [--repeat 20] [--users sakusei,shinsa]

It signs in as each demo account, walks the links of the organisation home two levels deep
(GET only, same site, no downloads), keeps one URL per kind (the path with its numbers and ids
replaced: /o/{slug}/reports/{n}/versions/{n}/edit/{page}/), adds the public pages, then times
each kind. Pages over the 300 ms target are marked. Only the standard library.

The walk stops two links from home, before the editor's section pages: those of the demo's
全項目 are added one per section (every section of the form, II once), and the POSTs the issue
names are timed too (each followed by the page it redirects to, as the browser does): 保存 of the
全項目's II, 「…を追加」 there (each added entry removed again with its 「…を削除」, timed apart) and
a reviewer's comment on an item. These POSTs add review comments to the demo data.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
import urllib.parse
import uuid

from load_test import PASSWORD, FormFields, Results, Visitor, links

TARGET = 0.300
SKIP = re.compile(r"\.(pdf|csv|ics|json|xml|png|jpg|xlsx)$|/logout/|/download|/i18n/|/autosave/|/admin/")


def kind_of(path: str) -> str:
    path = path.split("?", 1)[0].split("#", 1)[0]
    path = re.sub(r"/o/[^/]+/", "/o/{slug}/", path)
    path = re.sub(r"/(file|changes|basic|outline|risk|other|disclosure|procedure|cover|glossary)-[0-9a-f]{32}/", r"/\1-{uid}/", path)
    path = re.sub(r"/[0-9a-f]{32}/|/[0-9a-f-]{36}/", "/{uid}/", path)
    return re.sub(r"/\d+(?=/)", "/{n}", path)


def walk(visitor: Visitor, start: str, depth: int = 2) -> dict[str, str]:
    found: dict[str, str] = {}
    frontier = [start]
    for _ in range(depth):
        following = []
        for path in frontier:
            page = visitor.request("walk", path, expect=(200, 302, 403, 404))
            for link in links(page, r'href="(/[^"#]*)"'):
                kind = kind_of(link)
                if SKIP.search(link.split("?")[0]) or kind in found:
                    continue
                found[kind] = link
                following.append(link)
        frontier = following
    return found


def zenkomoku_editor(visitor: Visitor) -> tuple[str, dict[str, str]]:
    """The editor home of the demo's 全項目 and one URL per section page of it."""
    home = visitor.request("walk", "/staff/")
    for report in links(home, r'href="(/o/[^/"]+/reports/\d+/)"'):
        detail = visitor.request("walk", report)
        if "全項目評価書" not in detail:
            continue
        editors = links(detail, r'href="(/o/[^"]+/versions/\d+/edit/)"')
        if editors:
            page = visitor.request("walk", editors[0])
            sections = links(page, r'href="(/o/[^"]+/versions/\d+/edit/[a-z]+(?:-[0-9a-f]{32})?/)"')
            return editors[0], {f"{kind_of(url)} (全項目)": url for url in sections}
    return "", {}


class FormById(FormFields):
    """The fields of the form whose id starts with `prefix`."""

    def __init__(self, prefix: str):
        super().__init__()
        self.prefix = prefix

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self.inside = (dict(attrs).get("id") or "").startswith(self.prefix) and not self.fields
            return
        super().handle_starttag(tag, attrs)


def form_fields(page: str, prefix: str) -> list[tuple[str, str]]:
    parser = FormById(prefix)
    parser.feed(page)
    return parser.fields


def time_posts(author: Visitor, reviewer: Visitor, page_url: str, repeat: int) -> list[tuple[str, float, float, int]]:
    """保存, 「…を追加」 (then 「…を削除」 of what was added) on a 全項目 II page, and a reviewer's
    comment on its first item."""
    results = Results()
    author.results = reviewer.results = results
    for _ in range(repeat):
        page = author.request("walk", page_url)
        fields = form_fields(page, "editor-form")
        author.request("POST save II (全項目)", page_url, fields, expect=(200,))
        add = re.search(r'formaction="([^"]+/entries/[a-z_]+/add/)" name="parent" value="([^"]*)"', page)
        if add:
            before = set(re.findall(r'id="entry-([0-9a-f]{32})"', page))
            added = author.request("POST add entry (全項目 II)", add.group(1), [*fields, ("parent", add.group(2))])
            new = [uid for uid in re.findall(r'id="entry-([0-9a-f]{32})"', added) if uid not in before]
            dashed = str(uuid.UUID(new[0])) if new else ""
            delete = re.search(rf'formaction="([^"]+/{dashed}/delete/)"', added) if new else None
            if delete:
                author.request("POST delete entry (全項目 II)", delete.group(1), form_fields(added, "editor-form"))
        shown = reviewer.request("walk", page_url)
        comment = form_fields(shown, "new-comment-form-")
        action = re.search(r'id="new-comment-form-[^"]*" action="([^"]+)"', shown)
        if comment and action:
            reviewer.request("POST review comment (全項目 II)", action.group(1),
                             [*comment, ("text", "bench: 記載を確認してください。")])
    rows = []
    for kind, times in sorted(results.latency.items()):
        if kind == "walk":
            continue
        times = sorted(times)
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        rows.append((kind, statistics.median(times), p95, sum(e.startswith(kind) for e in results.errors)))
    return rows


def time_pages(visitor: Visitor, pages: dict[str, str], repeat: int) -> list[tuple[str, float, float, int]]:
    rows = []
    for kind, path in sorted(pages.items()):
        results = Results()
        visitor.results = results
        for _ in range(repeat):
            visitor.request(kind, path, expect=(200, 302, 403, 404))
        times = sorted(results.latency[kind])
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        rows.append((kind, statistics.median(times), p95, len(results.errors)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--users", default="sakusei,shinsa")
    parser.add_argument("--no-posts", action="store_true", help="only GETs (leaves the demo data as it is)")
    args = parser.parse_args()
    table: list[tuple[str, str, float, float, int]] = []
    signed_in: dict[str, Visitor] = {}
    ii_page = ""
    for username in ["(public)", *args.users.split(",")]:
        visitor = Visitor(args.url, Results())
        if username != "(public)":
            visitor.request("login form", "/login/")
            visitor.request("login", "/login/", {"username": username, "password": PASSWORD,
                                                 "csrfmiddlewaretoken": visitor.csrf()})
            signed_in[username] = visitor
            pages = walk(visitor, "/staff/")
            pages = {k: v for k, v in pages.items() if k.startswith(("/o/", "/account/", "/site/", "/staff/"))}
            pages["/staff/"] = "/staff/"
            _home, sections = zenkomoku_editor(visitor)
            pages.update(sections)
            ii_page = ii_page or next((url for kind, url in sections.items() if "/file-{uid}/" in kind), "")
        else:
            pages = walk(visitor, "/", depth=2)
            pages = {k: v for k, v in pages.items() if not k.startswith(("/o/", "/account/", "/login"))}
            pages["/?q=..."] = "/?q=" + urllib.parse.quote("介護")
        table += [(username, *row) for row in time_pages(visitor, pages, args.repeat)]
    author, reviewer = signed_in.get("sakusei"), signed_in.get("shinsa")
    if not args.no_posts and author and reviewer and ii_page:
        table += [("sakusei", *row) for row in time_posts(author, reviewer, ii_page, args.repeat)]
    print(f"{'who':10} {'page':70} {'p50 ms':>7} {'p95 ms':>7} errors")
    for who, kind, p50, p95, errors in table:
        mark = "  > 300 ms" if p50 > TARGET else ""
        print(f"{who:10} {kind[:70]:70} {p50 * 1000:7.0f} {p95 * 1000:7.0f} {errors:6}{mark}")
    slow = [row for row in table if row[2] > TARGET]
    print(f"\n{len(table)} page kinds, {len(slow)} over {TARGET * 1000:.0f} ms (p50)")


if __name__ == "__main__":
    main()
