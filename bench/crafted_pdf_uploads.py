"""Crafted PDF uploads against a running portal (#27 item 2): does `/` keep answering?

    ./portal run                                   # in another terminal: web, worker, demo data
    .venv/bin/python bench/crafted_pdf_uploads.py [--url http://127.0.0.1:8000] [--username sakusei]
        [--password pia-demo-2026] [--organisation SLUG]

Signs in as an author (as bench/load_test.py does), then posts at once the crafted PDFs of
tests/crafted_pdfs.py (a page of 20 MB of text operators after Flate, a 300 MB Flate bomb,
100,000 empty pages, 5,000 nested /Pages) to the organisation's upload page, while another client
asks for `/` five times a second. An upload refused because two imports of the organisation are
already in progress is posted again once one has finished. It prints each upload's answer time,
each job's end and message, and the latency of `/` over the whole run; it exits 1 if any `/`
took 1 s or more, failed, or a crafted file did not end refused.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.crafted_pdfs import empty_pages, flate_bomb, nested_pages, text_operators  # noqa: E402

CRAFTED = {
    "20 MB of text operators": text_operators,
    "300 MB Flate bomb": flate_bomb,
    "100,000 empty pages": empty_pages,
    "5,000 nested /Pages": nested_pages,
}
BUSY = "処理中です"


class Session:
    def __init__(self, base: str, jar: http.cookiejar.CookieJar | None = None):
        self.base = base.rstrip("/")
        self.jar = jar if jar is not None else http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def open(self, path: str, body: bytes | None = None, headers: dict | None = None, timeout: float = 300):
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + "/", **(headers or {})})
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.headers, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode("utf-8", "replace")

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def sign_in(self, username: str, password: str) -> str:
        self.open("/login/")
        form = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": self.csrf()})
        status, headers, _ = self.open("/login/", form.encode(), {"Content-Type": "application/x-www-form-urlencoded"})
        if status != 302:
            sys.exit(f"signing in as {username} failed (HTTP {status})")
        return headers.get("Location", "")

    def upload(self, path: str, name: str, raw: bytes) -> tuple[int, str, str]:
        boundary = uuid.uuid4().hex
        body = (
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrfmiddlewaretoken\"\r\n\r\n{self.csrf()}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"target\"\r\n\r\nauto\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            "Content-Type: application/pdf\r\n\r\n"
        ).encode() + raw + f"\r\n--{boundary}--\r\n".encode()
        status, headers, page = self.open(path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
        return status, headers.get("Location", ""), page


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def probe(base: str, stop: threading.Event, latencies: list[float], failures: list[str]) -> None:
    session = Session(base)
    while not stop.is_set():
        started = time.perf_counter()
        try:
            status, _, _ = session.open("/", timeout=30)
            if status >= 400:
                failures.append(f"HTTP {status}")
        except Exception as error:  # noqa: BLE001 - counted as a failure of `/`
            failures.append(f"{type(error).__name__}: {error}")
        latencies.append(time.perf_counter() - started)
        time.sleep(0.2)


def upload_and_wait(base: str, jar, upload_path: str, name: str, raw: bytes, out: dict) -> None:
    # The signed-in session of main(): signing in (PBKDF2) four times at once would itself hold
    # the web workers, which is not what is measured here.
    session = Session(base, jar)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        started = time.perf_counter()
        status, location, page = session.upload(upload_path, name.replace(" ", "_") + ".pdf", raw)
        answered = time.perf_counter() - started
        if status == 200 and BUSY in page:
            time.sleep(2)  # two imports of the organisation in progress: wait for a slot
            continue
        break
    out.update(answered=answered, status=status)
    if status != 302 or "/import/" not in location:
        message = re.search(r'class="invalid-feedback[^"]*"[^>]*>(.*?)<', page, re.S)
        out.update(end="refused on the upload page", message=message.group(1).strip() if message else f"HTTP {status}")
        return
    job_path = urllib.parse.urlparse(location).path
    while time.monotonic() < deadline:
        _, _, body = session.open(job_path + "status/")
        state = json.loads(body)
        if state["finished"]:
            break
        time.sleep(0.5)
    out["read_in"] = time.perf_counter() - started
    _, _, page = session.open(job_path)
    message = re.search(r'id="error_\d+_id_file"[^>]*>(.*?)</', page, re.S)
    out.update(end=state["label"], message=re.sub(r"<[^>]+>", "", message.group(1)).strip() if message else "")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--username", default="sakusei")
    parser.add_argument("--password", default="pia-demo-2026")
    parser.add_argument("--organisation", help="the organisation's slug (default: the first the user reaches)")
    args = parser.parse_args()

    session = Session(args.url)
    landing = session.sign_in(args.username, args.password)
    slug = args.organisation
    if not slug:
        # The staff home sends a member of one organisation on to its page.
        _, headers, home = session.open(urllib.parse.urlparse(landing).path or "/staff/")
        found = re.search(r'/o/([^/"]+)/', headers.get("Location") or "") or re.search(r'href="/o/([^/"]+)/', home)
        if not found:
            sys.exit("no organisation found on the home page: pass --organisation")
        slug = found.group(1)
    upload_path = f"/o/{slug}/import/"

    crafted = {name: build() for name, build in CRAFTED.items()}
    stop, latencies, failures = threading.Event(), [], []
    prober = threading.Thread(target=probe, args=(args.url, stop, latencies, failures), daemon=True)
    prober.start()
    time.sleep(1)
    results = {name: {} for name in crafted}
    session.open(upload_path)  # its CSRF cookie
    threads = [threading.Thread(target=upload_and_wait, args=(args.url, session.jar, upload_path, name, raw, results[name]))
               for name, raw in crafted.items()]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    time.sleep(1)
    stop.set()
    prober.join()

    print(f"{len(crafted)} crafted PDFs posted at once to {args.url}{upload_path} as {args.username}; "
          f"all ended in {time.perf_counter() - started:.1f} s")
    print(f"{'PDF':<26} {'bytes':>10} {'upload answered':>16} {'job ended':>10}  end: message")
    ok = True
    for name, raw in crafted.items():
        result = results[name]
        read_in = f"{result['read_in']:.1f} s" if "read_in" in result else "—"
        print(f"{name:<26} {len(raw):>10,} {result.get('answered', 0):>14.2f} s {read_in:>10}  {result.get('end')}: {result.get('message')}")
        ok &= result.get("end") in ("失敗", "failed", "refused on the upload page")
    values = sorted(latencies)
    p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
    print(f"`/` meanwhile: {len(values)} requests, p50 {statistics.median(values) * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms, max {values[-1] * 1000:.0f} ms, {len(failures)} failures")
    for failure in failures[:10]:
        print("  ", failure)
    ok &= not failures and values[-1] < 1.0
    print("OK: `/` answered within 1 s throughout" if ok else "NOT OK")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
