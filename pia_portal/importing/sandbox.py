"""Reading an uploaded PDF where a crafted one can do no harm (#27 item 2).

A PDF is a program for its reader: a few kilobytes can unfold into hundreds of megabytes of
operators, a hundred thousand pages or a page tree nested thousands deep. The web request never
opens one (services.check_upload looks only at its first bytes); the import worker reads it here,
in a child process of its own that it can kill without losing anything but that reading:

- the child limits itself (address space, CPU seconds) before it reads a byte, and the parent
  kills it if it is still running after the wall-clock limit;
- before pdfplumber sees the file, the child walks the page tree itself (iteratively: pdfminer's
  walk is recursive), refusing too many pages or too deep a nesting, and inflates every page's
  content streams, form XObjects and embedded fonts only far enough to know they fit the limits;
- each page is then read under a CPU-time budget of its own.

Whatever stops the reading, the job ends with a message for staff in Japanese.
"""

from __future__ import annotations

import dataclasses
import io
import json
import logging
import os
import resource
import signal
import subprocess
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

from .pdf import MAX_PAGES, PdfError, pdf_to_source

logger = logging.getLogger(__name__)

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_pages: int = MAX_PAGES
    max_depth: int = 32  # a real page tree is 2-4 levels deep
    # Inflated bytes: a dense page of a real report is well under 0.5 MB of operators.
    page_bytes: int = 8 * MB
    total_bytes: int = 160 * MB
    font_bytes: int = 48 * MB  # a whole embedded CJK font, which some producers do embed
    page_cpu_seconds: float = 15.0  # a real page takes about 0.4 s
    cpu_seconds: int = 240  # under the import task's own time limit (jobs.TIME_LIMIT)
    wall_seconds: int = 270
    memory_bytes: int = 2048 * MB


LIMITS = Limits()

UNREADABLE = "PDFとして読めません。ファイルが壊れていないか確かめてください。"


def too_many_pages(count: int | None, limits: Limits) -> str:
    found = f"{count}ページ。" if count else ""
    return f"ページ数が多すぎます({found}{limits.max_pages}ページまで)。"


def too_deep(limits: Limits) -> str:
    return (f"PDFのページの構成が入れ子になりすぎているため読めません({limits.max_depth}段まで)。"
            "ファイルが壊れていないか確かめてください。")


def too_large(limits: Limits, *, page: int | None = None, font: bool = False) -> str:
    if font:
        where = f"埋め込まれたフォントが大きすぎます({limits.font_bytes // MB}MBまで)"
    elif page is not None:
        where = f"{page}ページ目の中身が大きすぎます(展開して1ページ{limits.page_bytes // MB}MBまで)"
    else:
        where = f"ページの中身が全体で大きすぎます(展開して{limits.total_bytes // MB}MBまで)"
    return f"このPDFは{where}。評価書として公表したPDFを選んでください。"


def too_slow_page(page: int, limits: Limits) -> str:
    return (f"{page}ページ目の読み取りに時間がかかりすぎるため、中止しました(1ページ{limits.page_cpu_seconds:g}秒まで)。"
            "評価書として公表したPDFを選んでください。")


def too_slow(seconds: int) -> str:
    return (f"PDFの読み取りに時間がかかりすぎるため、中止しました({seconds}秒まで)。"
            "ファイルが大きすぎないか確認してください。")


def too_much_memory(limits: Limits) -> str:
    return (f"PDFを読むのに必要なメモリが多すぎるため、中止しました({limits.memory_bytes // MB}MBまで)。"
            "評価書として公表したPDFを選んでください。")


CRASHED = "PDFを読み取る処理が途中で止まりました。ファイルが壊れていないか確かめてください。"


# The parent (the import worker) -----------------------------------------------------------------


def read_pdf(raw: bytes, *, limits: Limits = LIMITS) -> str:
    """The PDF's text source (pdf.pdf_to_source), read in a child process under `limits`;
    PdfError with the reason for staff when it cannot or may not be read."""
    root = Path(__file__).resolve().parents[2]
    command = [sys.executable, "-m", "pia_portal.importing.sandbox", json.dumps(dataclasses.asdict(limits))]
    # The child needs no settings, database or broker: it gets the bytes and gives back text.
    environment = {key: value for key, value in os.environ.items() if key in ("PATH", "LANG", "LC_ALL", "HOME", "TMPDIR")}
    environment["PYTHONPATH"] = str(root)
    try:
        finished = subprocess.run(command, input=raw, capture_output=True, timeout=limits.wall_seconds, cwd=root,
                                  env=environment, start_new_session=True)
    except subprocess.TimeoutExpired:  # subprocess.run has killed it
        raise PdfError(too_slow(limits.wall_seconds)) from None
    try:
        answer = json.loads(finished.stdout or b"{}")
    except ValueError:
        answer = {}
    if "text" in answer:
        return answer["text"]
    if "error" in answer:
        raise PdfError(answer["error"])
    code = finished.returncode
    logger.warning("PDF reader ended with %s: %s", code, finished.stderr.decode("utf-8", "replace")[-2000:])
    if code in (-signal.SIGXCPU, -signal.SIGKILL):
        raise PdfError(too_slow(limits.cpu_seconds))
    if b"MemoryError" in finished.stderr:
        raise PdfError(too_much_memory(limits))
    raise PdfError(CRASHED)


# The child --------------------------------------------------------------------------------------


class _PageTooSlow(BaseException):
    pass


class _OutOfTime(BaseException):
    pass


def _limit_self(limits: Limits) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    # The soft limit sends SIGXCPU (answered with a message below), the hard one kills.
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))

    def out_of_time(signum, frame):
        raise _OutOfTime

    signal.signal(signal.SIGXCPU, out_of_time)


def inspect(raw: bytes, limits: Limits) -> None:
    """Refuse, before any page is laid out, a PDF whose page tree or inflated content is beyond
    `limits`. Walks what pdfplumber would walk, without recursion."""
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFObjRef, resolve1

    from .pdf import ENCRYPTED

    try:
        document = PDFDocument(PDFParser(io.BytesIO(raw)))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise PdfError(ENCRYPTED) from None
    except (MemoryError, _OutOfTime):
        raise
    except Exception:  # noqa: BLE001 - a damaged file raises many kinds of errors
        raise PdfError(UNREADABLE) from None

    def value(obj):
        return resolve1(obj)

    def name_of(obj) -> str:
        obj = value(obj)
        return getattr(obj, "name", "") if obj is not None else ""

    root = value(document.catalog.get("Pages"))
    if not isinstance(root, dict):
        raise PdfError(UNREADABLE)
    claimed = value(root.get("Count"))
    if isinstance(claimed, int) and claimed > limits.max_pages:
        raise PdfError(too_many_pages(claimed, limits))

    pages: list[tuple[dict, dict | None]] = []  # each page with the resources it inherits
    seen: set[int] = set()
    stack: list[tuple[object, int, object]] = [(document.catalog.get("Pages"), 1, None)]
    while stack:
        reference, depth, inherited = stack.pop()
        if isinstance(reference, PDFObjRef):
            if reference.objid in seen:
                continue
            seen.add(reference.objid)
        node = value(reference)
        if not isinstance(node, dict):
            continue
        if depth > limits.max_depth:
            raise PdfError(too_deep(limits))
        kind = name_of(node.get("Type") or node.get("type"))
        resources = node.get("Resources", inherited)
        if kind == "Pages":
            kids = value(node.get("Kids"))
            if isinstance(kids, list):
                stack.extend((kid, depth + 1, resources) for kid in reversed(kids))
        elif kind == "Page":
            pages.append((node, resources))
            if len(pages) > limits.max_pages:
                raise PdfError(too_many_pages(claimed if isinstance(claimed, int) and claimed > limits.max_pages else None, limits))
    if not pages:
        raise PdfError(UNREADABLE)

    inflated = {}  # object id -> inflated size, each stream counted once

    def size(stream, cap: int) -> int:
        key = getattr(stream, "objid", None) or id(stream)
        if key not in inflated:
            inflated[key] = _inflated_size(stream, cap)
        return inflated[key]

    def streams_of(contents) -> list:
        contents = value(contents)
        items = contents if isinstance(contents, list) else [contents]
        return [s for s in (value(item) for item in items) if hasattr(s, "get_filters")]

    font_keys = ("FontFile", "FontFile2", "FontFile3")
    total = 0
    for number, (page, resources) in enumerate(pages, start=1):
        used = sum(size(s, limits.page_bytes) for s in streams_of(page.get("Contents")))
        # Form XObjects are content too, and may hold forms of their own.
        pending, visited = [resources], set()
        while pending:
            current = value(pending.pop())
            if not isinstance(current, dict) or id(current) in visited or len(visited) > 1000:
                continue
            visited.add(id(current))
            xobjects = value(current.get("XObject"))
            for xobject in (xobjects.values() if isinstance(xobjects, dict) else ()):
                xobject = value(xobject)
                if hasattr(xobject, "get_filters") and name_of(xobject.get("Subtype")) == "Form":
                    used += size(xobject, limits.page_bytes)
                    pending.append(xobject.get("Resources"))
            fonts = value(current.get("Font"))
            for font in (fonts.values() if isinstance(fonts, dict) else ()):
                font = value(font)
                if not isinstance(font, dict):
                    continue
                descendants = value(font.get("DescendantFonts"))
                for each in [font, *(value(d) for d in (descendants if isinstance(descendants, list) else ()))]:
                    descriptor = value(each.get("FontDescriptor")) if isinstance(each, dict) else None
                    for key in font_keys if isinstance(descriptor, dict) else ():
                        stream = value(descriptor.get(key))
                        if hasattr(stream, "get_filters") and size(stream, limits.font_bytes) > limits.font_bytes:
                            raise PdfError(too_large(limits, font=True))
            if used > limits.page_bytes:
                break
        if used > limits.page_bytes:
            raise PdfError(too_large(limits, page=number))
        total += used
        if total > limits.total_bytes:
            raise PdfError(too_large(limits))


def _inflated_size(stream, cap: int) -> int:
    """How many bytes the stream's first filter gives, counted without holding more than a
    megabyte of them, stopping past `cap`. Only Flate is counted here (the producers' filter, and
    the bomb's); the address-space limit stands behind the rest."""
    raw = stream.rawdata if stream.rawdata is not None else stream.data or b""
    filters = stream.get_filters()
    if not filters:
        return len(raw)
    name = getattr(filters[0][0], "name", "")
    if name not in ("FlateDecode", "Fl"):
        return len(raw)
    inflater, total, pending = zlib.decompressobj(), 0, raw
    try:
        while pending:
            total += len(inflater.decompress(pending, MB))
            if total > cap:
                return total
            pending = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error:
        pass  # pdfminer says what it makes of a damaged stream
    return total


def read_in_child(raw: bytes, limits: Limits) -> str:
    inspect(raw, limits)

    def page_too_slow(signum, frame):
        raise _PageTooSlow

    signal.signal(signal.SIGVTALRM, page_too_slow)

    class each_page:
        """A CPU-time budget of its own for each page, counted by the kernel in this process."""

        def __init__(self, number: int):
            self.number = number

        def __enter__(self):
            signal.setitimer(signal.ITIMER_VIRTUAL, limits.page_cpu_seconds)

        def __exit__(self, kind, error, trace):
            signal.setitimer(signal.ITIMER_VIRTUAL, 0)
            if kind is _PageTooSlow:
                raise PdfError(too_slow_page(self.number, limits)) from None
            return False

    return pdf_to_source(raw, each_page=each_page)


def main() -> None:
    limits = Limits(**json.loads(sys.argv[1]))
    _limit_self(limits)
    raw = sys.stdin.buffer.read()
    try:
        answer = {"text": read_in_child(raw, limits)}
    except PdfError as error:
        answer = {"error": str(error)}
    except MemoryError:
        answer = {"error": too_much_memory(limits)}
    except _OutOfTime:
        answer = {"error": too_slow(limits.cpu_seconds)}
    except RecursionError:
        answer = {"error": too_deep(limits)}
    except Exception as error:  # noqa: BLE001 - a damaged file raises many kinds of errors; the log keeps it
        import traceback

        traceback.print_exc()
        # pdfplumber wraps what pdfminer raised, running out of memory too.
        causes = []
        while error is not None and len(causes) < 20:
            causes.append(error)
            error = error.__cause__ or error.__context__
        answer = {"error": too_much_memory(limits) if any(isinstance(c, MemoryError) for c in causes) else UNREADABLE}
    sys.stdout.write(json.dumps(answer, ensure_ascii=False))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
