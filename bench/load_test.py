"""Load test: staff and citizens at once against a running portal, for a fixed time.

    ./portal run                                   # in another terminal: web, worker, demo data
    .venv/bin/python bench/load_test.py [--url http://127.0.0.1:8000] [--users 50] [--staff 20] [--seconds 300]

Each virtual staff member signs in (the demo accounts) and goes round: organisation home, a
report, the editor home, an editor page, a save of that page (with its CSRF token and page
sequence, so concurrent saves meet the optimistic lock as real colleagues would), the preview and
the history. Each citizen searches the public portal, opens a report and downloads its PDF. Think
time 0.5–2 s. Only the standard library: no extra dependency for a benchmark.

An error is any 5xx, any connection failure or time-out, or a 4xx the page kind should not give.
It prints, per page kind, the request count, p50, p95 and max latency, and the errors; then the
server configuration passed with --server (e.g. "gunicorn gthread, 2 workers × 8 threads").
"""

from __future__ import annotations

import argparse
import html
import http.cookiejar
import random
import re
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from html.parser import HTMLParser

PASSWORD = "pia-demo-2026"
STAFF = ("sakusei", "kanri", "shinsa", "shonin")
SEARCHES = ("介護", "ｶｲｺﾞ", "委託", "保険", "個人番号", "システム", "みどり", "住民")


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []

    def record(self, kind: str, seconds: float, error: str | None = None) -> None:
        with self.lock:
            self.latency[kind].append(seconds)
            if error:
                self.errors.append(f"{kind}: {error}")


class Visitor:
    def __init__(self, base: str, results: Results):
        self.base = base.rstrip("/")
        self.results = results
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, kind: str, path: str, data=None, expect=(200,)) -> str:
        url = path if path.startswith("http") else self.base + path
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"Referer": self.base + "/"}
        started = time.perf_counter()
        try:
            with self.opener.open(urllib.request.Request(url, data=body, headers=headers), timeout=60) as response:
                content = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            content, status = error.read(), error.code
        except Exception as error:  # noqa: BLE001 - counted as an error of this page kind
            self.results.record(kind, time.perf_counter() - started, f"{type(error).__name__}: {error}")
            return ""
        elapsed = time.perf_counter() - started
        wrong = status >= 500 or status not in expect
        self.results.record(kind, elapsed, f"HTTP {status} {path}" if wrong else None)
        return content.decode("utf-8", "replace")

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")


class FormFields(HTMLParser):
    """The values a browser would submit from the page's editor form (id="editor-form")."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self.textarea: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == "editor-form"
        if not self.inside or not attrs.get("name"):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("radio", "checkbox") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                self.fields.append((attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea":
            self.textarea, self.text = attrs["name"], []

    def handle_data(self, data):
        if self.textarea is not None:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea, "".join(self.text).removeprefix("\n")))
            self.textarea = None
        elif tag == "form":
            self.inside = False


def links(page: str, pattern: str) -> list[str]:
    return sorted(set(html.unescape(link) for link in re.findall(pattern, page)))


def staff_loop(base: str, results: Results, username: str, stop: float) -> None:
    visitor = Visitor(base, results)
    visitor.request("login form", "/login/")
    visitor.request("login", "/login/", {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": visitor.csrf()})
    home = visitor.request("organisation home", "/")
    reports = links(home, r'href="(/o/[^/"]+/reports/\d+/)"')
    while time.time() < stop and reports:
        report = random.choice(reports)
        detail = visitor.request("report page", report)
        editors = links(detail, r'href="(/o/[^"]+/versions/\d+/edit/)"')
        if editors:
            editor_home = visitor.request("editor home", random.choice(editors))
            pages = links(editor_home, r'href="(/o/[^"]+/versions/\d+/edit/[a-z0-9-]+/)"')
            if pages:
                page_url = random.choice(pages)
                page = visitor.request("editor page", page_url, expect=(200, 302, 403))
                parser = FormFields()
                parser.feed(page)
                if parser.fields:
                    # The page as it was loaded, saved again: what a colleague pressing 保存 sends.
                    visitor.request("editor save", page_url, parser.fields, expect=(200, 302))
        preview = links(detail, r'href="(/o/[^"]+/versions/\d+/preview/)"')
        if preview:
            visitor.request("preview", random.choice(preview))
        visitor.request("history", report + "history/")
        time.sleep(random.uniform(0.5, 2.0))


def citizen_loop(base: str, results: Results, stop: float) -> None:
    visitor = Visitor(base, results)
    while time.time() < stop:
        index = visitor.request("public search", "/public/?" + urllib.parse.urlencode({"q": random.choice(SEARCHES)}))
        index = index if "/public/reports/" in index else visitor.request("public index", "/public/")
        found = links(index, r'href="(/public/reports/\d+/)"')
        if found:
            page = visitor.request("public report", random.choice(found))
            pdfs = links(page, r'href="(/public/reports/\d+/v\d+\.pdf)"')
            if pdfs:
                visitor.request("public PDF", random.choice(pdfs))
        time.sleep(random.uniform(0.5, 2.0))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--staff", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--server", default="see bench/README.md")
    args = parser.parse_args()
    results = Results()
    stop = time.time() + args.seconds
    threads = [
        threading.Thread(target=staff_loop, args=(args.url, results, STAFF[n % len(STAFF)], stop), daemon=True)
        for n in range(args.staff)
    ] + [threading.Thread(target=citizen_loop, args=(args.url, results, stop), daemon=True) for _ in range(args.users - args.staff)]
    for thread in threads:
        thread.start()
        time.sleep(0.05)  # people arrive over a few seconds, not in one instant
    for thread in threads:
        thread.join(args.seconds + 120)
    total = sum(len(values) for values in results.latency.values())
    print(f"{args.users} users ({args.staff} staff, {args.users - args.staff} citizens) for {args.seconds} s against {args.url}")
    print(f"server: {args.server}")
    print(f"{'page kind':<20} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for kind, values in sorted(results.latency.items()):
        values = sorted(values)
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
        print(f"{kind:<20} {len(values):>8} {statistics.median(values) * 1000:>8.0f} {p95 * 1000:>8.0f} {values[-1] * 1000:>8.0f}")
    print(f"total {total} requests, {len(results.errors)} errors")
    for error in results.errors[:30]:
        print("  ", error)


if __name__ == "__main__":
    main()
