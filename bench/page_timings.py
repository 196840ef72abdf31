"""How long each page of the demo takes to answer: every staff and public URL kind, p50 and p95
over 20 requests each, one request at a time (the wait one person feels on an idle machine).

    ./portal run                                   # in another terminal: web, worker, demo data
    .venv/bin/python bench/page_timings.py [--url http://127.0.0.1:8000] [--repeat 20] [--users sakusei,shinsa]

It signs in as each demo account, walks the links of the organisation home two levels deep
(GET only, same site, no downloads), keeps one URL per kind (the path with its numbers and ids
replaced: /o/{slug}/reports/{n}/versions/{n}/edit/{page}/), adds the public pages, then times
each kind. Pages over the 300 ms target are marked. Only the standard library.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time

from load_test import PASSWORD, Results, Visitor, links

TARGET = 0.300
SKIP = re.compile(r"\.(pdf|csv|ics|json|xml|png|jpg)$|/logout/|/download|/i18n/|/autosave/|/admin/")


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
    args = parser.parse_args()
    table: list[tuple[str, str, float, float, int]] = []
    for username in ["(public)", *args.users.split(",")]:
        visitor = Visitor(args.url, Results())
        if username != "(public)":
            visitor.request("login form", "/login/")
            visitor.request("login", "/login/", {"username": username, "password": PASSWORD,
                                                 "csrfmiddlewaretoken": visitor.csrf()})
            pages = walk(visitor, "/")
            pages = {k: v for k, v in pages.items() if k.startswith(("/o/", "/account/", "/site/"))}
        else:
            pages = walk(visitor, "/", depth=2)
            pages = {k: v for k, v in pages.items() if not k.startswith(("/o/", "/account/", "/login"))}
            pages["/?q=..."] = "/?q=介護"
        table += [(username, *row) for row in time_pages(visitor, pages, args.repeat)]
    print(f"{'who':10} {'page':70} {'p50 ms':>7} {'p95 ms':>7} errors")
    for who, kind, p50, p95, errors in table:
        mark = "  > 300 ms" if p50 > TARGET else ""
        print(f"{who:10} {kind[:70]:70} {p50 * 1000:7.0f} {p95 * 1000:7.0f} {errors:6}{mark}")
    slow = [row for row in table if row[2] > TARGET]
    print(f"\n{len(table)} page kinds, {len(slow)} over {TARGET * 1000:.0f} ms (p50)")


if __name__ == "__main__":
    main()
