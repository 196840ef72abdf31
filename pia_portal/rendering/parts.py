"""The print document in parts that WeasyPrint renders independently, and one PDF made of them.

A report's parts (document.Part) mostly begin on a new page: cut there, each run of parts lays out
exactly as it does in the whole document, so the parts can be rendered at the same time by
different workers, and a part whose HTML has not changed need not be rendered again (its key is
the digest of everything that decides its pages: part_cache.py). A long 変更箇所 or 別紙 is cut
further, at rows where the whole document starts a page (cut.py), so that no part is much longer
than another and the pages are still the single pass's. What depends on the whole
document, the running title, 「n / N」 and a draft's 「案」 and footer, is left out of the parts and
printed once under the assembled pages from a frame document (print/frame.html), so that adding a
page to one part changes no other part.

Assembly keeps what a single WeasyPrint pass gives: the tag tree (PDF/UA: one Document element
with every part's elements under it, marked-content references renumbered), the language and
title, bookmarks for every heading at the right page, and one subset of each font rather than one
per part (font_subsets.py). The frame is drawn as a pagination
artifact, as PDF/UA wants page numbers to be."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache

from django.template.loader import render_to_string

from pia_portal.reports.models import Version

from . import cut
from .document import FIGURE_SCHEME, PrintedReport, build
from .pdf import document_title, format_datetime, layout, print_html

# Bump when the way parts are rendered changes in a way their HTML does not show (WeasyPrint
# options, the PDF variant, what is kept beside a part), so that cached parts are not reused
# across the change. 3: a part keeps its long tables' rows (RenderedPart.rows).
PART_FORMAT = "3"


@dataclass(frozen=True)
class PartSource:
    """One run of parts starting on a new page, as HTML, with the key its PDF is cached under."""

    index: int
    html: str
    key: str


def split(version: Version, *, public: bool = False, measured: Measurer | None = None,
          exact: bool = False) -> tuple[str, list[PartSource]]:
    """The version's print document cut where a part starts a new page, and where a long table
    (cut.py) starts a page, and the report's name as the cover prints it (the frame's running
    title). `measured` may keep the measure of a long table's pieces by its key
    (part_cache.measured) or have it made elsewhere (tasks.py); without it they are measured here.
    The pieces' rows are counted where they can be (cut.measure_piece); `exact` lays every piece
    out whole, for a render whose counted cut the assembly found wrong."""
    document = build(version, public=public)
    runs: list[list] = []
    for part in document.parts:
        if part.break_before or not runs:
            runs.append([part])
        else:
            runs[-1].append(part)
    figures = _figure_files(version)

    def key_of(html: str, *extra: str) -> str:
        used = tuple(sorted(uid for uid in re.findall(FIGURE_SCHEME + r":([0-9a-f]{32})", html)))
        digest = hashlib.sha256()
        for piece in (PART_FORMAT, renderer_fingerprint(), *extra, html, *(f"{uid}={figures.get(uid, '')}" for uid in used)):
            digest.update(piece.encode("utf-8"))
            digest.update(b"\0")
        return digest.hexdigest()

    def measure(html: str, table_key: str) -> cut.Measured:
        def laid_out() -> dict:
            if exact:
                return cut.measure(layout(version, html), table_key).as_json()
            return cut.measure_piece(html, table_key, lambda html: layout(version, html)).as_json()

        key = key_of(html, "measure-exact" if exact else "measure", table_key)
        return cut.Measured.from_json(measured(key, html, table_key, laid_out) if measured else laid_out())

    htmls: list[str] = []
    for run in runs:
        htmls.extend(_cut_run(document, run, measure))
    sources = [PartSource(index=index, html=html, key=key_of(html)) for index, html in enumerate(htmls)]
    return document.title, sources


# measured(key, html, table_key, measure): the piece's layout (measure()), perhaps kept by its key.
Measurer = Callable[[str, str, str, Callable[[], dict]], dict]


def _cut_run(document: PrintedReport, run: list, measure) -> list[str]:
    """The run's HTML, or, if it holds a long table, the HTML of its pieces (cut.py)."""

    def html_of(parts: list) -> str:
        return print_html(PrintedReport(version=document.version, form_title=document.form_title, parts=parts),
                          page_frame=False)

    whole = html_of(run)
    for position, part in enumerate(run):
        if part.kind in cut.CUT_KINDS and part.table and len(part.table.get("rows", ())) > cut.CUT_ROWS:
            break
    else:
        return [whole]
    rows = cut.units(whole, part.table_key)
    if len(rows) <= cut.CUT_ROWS:
        return [whole]
    empty = dict(part.table, rows=[])
    first = html_of([*run[:position], replace(part, table=empty)])
    rest = replace(part, table=empty, continued=True, break_before=True)
    middle, last = html_of([rest]), html_of([rest, *run[position + 1:]])
    size = cut.MEASURE_ROWS
    pieces = [measure(cut.with_units(first if start == 0 else middle, part.table_key, rows[start:start + size]),
                      part.table_key)
              for start in range(0, len(rows), size)]
    # The table continued on a page of its own with one row: where a row starts under its header
    # printed again, which a piece that does not run over a page does not show.
    header = measure(cut.with_units(middle, part.table_key, rows[:1]), part.table_key)
    points = cut.cut_points(cut.page_starts(pieces, header.top), len(rows))
    if not points:
        return [whole]
    bounds = [0, *points, len(rows)]
    htmls = []
    for number, (start, end) in enumerate(zip(bounds, bounds[1:])):
        frame = first if number == 0 else last if end == len(rows) else middle
        htmls.append(cut.with_units(frame, part.table_key, rows[start:end]))
    return htmls


def _figure_files(version: Version) -> dict[str, str]:
    """What identifies each figure's stored image: a replaced image is a new file name."""
    from pia_portal.reports import models as m

    return {figure.uid.hex: f"{figure.image.name}:{figure.image.size}"
            for figure in m.BusinessFigure.objects.filter(version=version) if figure.image}


@cache
def renderer_fingerprint() -> str:
    """WeasyPrint's version and the fonts it may use: a part rendered with others is not reused."""
    import weasyprint

    try:
        fonts = subprocess.run(["fc-list", "--format", "%{file} %{fontversion}\n", ":lang=ja"],
                               capture_output=True, text=True, timeout=20).stdout
    except OSError:
        fonts = ""
    return hashlib.sha256(f"{weasyprint.__version__}\n{''.join(sorted(fonts.splitlines(True)))}".encode()).hexdigest()


@cache
def assembler_fingerprint() -> str:
    """The code and libraries that join parts into a PDF: a PDF assembled before a deployment that
    changed them is not taken for one assembled after it."""
    from importlib.metadata import version
    from pathlib import Path

    here = Path(__file__).parent
    digest = hashlib.sha256()
    for name in ("parts.py", "font_subsets.py", "cut.py"):
        digest.update((here / name).read_bytes())
    for package in ("pikepdf", "fonttools"):
        digest.update(version(package).encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class RenderedPart:
    content: bytes
    pages: int
    # The heading level (1 for h1…) of each of the part's bookmarks, in order: a part's own outline
    # starts at its first heading, so the levels are what puts its h2 under the cover's h1 again.
    levels: tuple[int, ...] = ()
    # The data-table name of each Table element of the part's tag tree, in order: WeasyPrint tags
    # each page's piece of a table as a Table, and the assembly joins the pieces of one table.
    tables: tuple[str, ...] = ()
    # The rows of each long table in the part as it laid them out (cut.Measured as JSON, by the
    # table's name): the assembly checks against them that the table was cut where pages start.
    rows: dict = field(default_factory=dict)


def render_part(version: Version, html: str) -> RenderedPart:
    """One part's PDF, tagged, with no page frame. Raises RenderError if a figure cannot be read."""
    document = layout(version, html)
    content = document.write_pdf(pdf_identifier=hashlib.sha256(html.encode()).hexdigest()[:32].encode(),
                                 pdf_variant="pdf/ua-1")
    levels = tuple(level for page in document.pages for level, _label, _target, _state in page.bookmarks)
    tables = _table_pieces(document)
    rows = {name: cut.measure(document, name).as_json() for name in dict.fromkeys(tables) if cut.is_long_table(name)}
    return RenderedPart(content=content, pages=len(document.pages), levels=levels, tables=tables, rows=rows)


def _table_pieces(document) -> tuple[str, ...]:
    """The data-table name of each table box, page by page, in the order WeasyPrint tags them."""
    found: list[str] = []

    def walk(box) -> None:
        if type(box).__name__ == "TableBox":
            found.append(box.element.get("data-table", "") if box.element is not None else "")
        for child in getattr(box, "children", None) or ():
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return tuple(found)


def render_numbers(pages: int) -> bytes:
    """`pages` empty pages numbered 「n / N」 as the single pass numbers them: the same for every
    document of that many pages (the worker caches it by `numbers_key`).

    Laying out a page's margin boxes costs WeasyPrint some 3 ms, a third of a second for a report
    of a hundred pages, on the way from the last part to the PDF. The pages differ only in n's
    digits, and the report fonts' digits are all as wide: WeasyPrint lays out one page for each
    width of n (「1 / N」, 「10 / N」, …) and one with every digit, so the font holds them all, and
    page n is the page of its width with n's glyphs in place of the sample's. Pages drawn any
    other way than that expects (digits of different widths, n's glyphs not where they are looked
    for) are laid out one by one as before."""
    widths = range(1, len(str(pages)) + 1)
    samples = [f"{10 ** (width - 1)} / {pages}" for width in widths] + ["0123456789 / 0"]
    try:
        return _numbered_from_samples(_render_frame_layer("numbers", pages=len(samples), samples=samples), pages)
    except _NotSampled:
        return _render_frame_layer("numbers", pages=pages)


class _NotSampled(Exception):
    pass


_SHOWN = re.compile(rb"\[((?:<[0-9a-f]+>-?[0-9.]*)+)\] TJ")
_GLYPHS = re.compile(rb"<([0-9a-f]+)>(-?[0-9.]*)")


def _numbered_from_samples(sample: bytes, pages: int) -> bytes:
    import pikepdf

    from .font_subsets import _unicode_map, _widths

    pdf = pikepdf.open(io.BytesIO(sample))
    fonts = list(pdf.pages[0].obj.get("/Resources", {}).get("/Font", {}).values())
    if len(fonts) != 1 or "/ToUnicode" not in fonts[0] or len(fonts[0].get("/DescendantFonts", ())) != 1:
        raise _NotSampled
    glyph_of = {text: glyph for glyph, text in _unicode_map(fonts[0].ToUnicode.read_bytes()).items()}
    digits = "0123456789"
    if any(digit not in glyph_of for digit in digits):
        raise _NotSampled
    advances = _widths(fonts[0].DescendantFonts[0].get("/W", pikepdf.Array()))
    if len({advances.get(glyph_of[digit]) for digit in digits}) != 1:
        raise _NotSampled
    templates = []  # per width of n: (page, content before n's glyphs, each glyph's adjustment, content after)
    for width, page in enumerate(pdf.pages[:-1], start=1):
        content = page.Contents.read_bytes() if isinstance(page.obj.get("/Contents"), pikepdf.Stream) else None
        shown = _SHOWN.findall(content or b"")
        if len(shown) != 1:
            raise _NotSampled
        glyphs = list(_GLYPHS.finditer(content, content.index(shown[0])))[:width]
        expected = str(10 ** (width - 1))
        if len(glyphs) != width or any(int(match.group(1), 16) != glyph_of[digit] or len(match.group(1)) != 4
                                       for match, digit in zip(glyphs, expected)):
            raise _NotSampled
        templates.append((page.obj, content[:glyphs[0].start()], [match.group(2) for match in glyphs],
                          content[glyphs[-1].end():]))
    samples = len(pdf.pages)
    for number in range(1, pages + 1):
        page, before, adjustments, after = templates[len(str(number)) - 1]
        shown = b"".join(b"<%04x>%s" % (glyph_of[digit], adjustment)
                         for digit, adjustment in zip(str(number), adjustments))
        copy = pikepdf.Dictionary({key: value for key, value in page.items() if key not in ("/Contents", "/Parent")})
        copy.Contents = pdf.make_stream(before + shown + after)
        pdf.pages.append(pikepdf.Page(pdf.make_indirect(copy)))
    del pdf.pages[:samples]
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buffer.getvalue()


def numbers_key(pages: int) -> str:
    return hashlib.sha256(f"numbers\0{PART_FORMAT}\0{renderer_fingerprint()}\0{pages}".encode()).hexdigest()


def render_stamp(version: Version, *, running_title: str, draft_mark: bool, printed_at=None) -> bytes:
    """One page with what every page carries besides its number: the report's name (as the cover
    prints it) and, on a draft, 「案」 and the version and time."""
    return _render_frame_layer("stamp", pages=1, version=version, running_title=running_title, draft_mark=draft_mark,
                               printed_at=printed_at)


def _render_frame_layer(layer: str, *, pages: int, version: Version | None = None, running_title: str = "",
                        draft_mark: bool = False, printed_at=None, samples: list[str] | None = None) -> bytes:
    from weasyprint import HTML

    html = _frame_html(layer, pages=pages, version=version, running_title=running_title, draft_mark=draft_mark,
                       printed_at=printed_at, samples=samples)
    return HTML(string=html, base_url=None).write_pdf(pdf_identifier=layer.encode())


def _frame_html(layer: str, *, pages: int, version: Version | None = None, running_title: str = "",
                draft_mark: bool = False, printed_at=None, samples: list[str] | None = None) -> str:
    return render_to_string("print/frame.html", {
        "layer": layer, "running_title": running_title, "pages": range(pages), "draft_mark": draft_mark, "version": version,
        "samples": samples or (),
        "printed_at": format_datetime(printed_at) if draft_mark and printed_at else "",
    })


def assembled_key(version: Version, running_title: str, keys: list[str]) -> str:
    """The key a public copy's PDF assembled ahead of its publication is kept under (tasks.
    assemble_ahead): what it is made of, its parts (their keys, in order) and its frame (the
    stamp's HTML: a copy without 「案」 prints no date, so it is the same whenever it is made),
    and what assembles it (`assembler_fingerprint`)."""
    digest = hashlib.sha256()
    stamp = _frame_html("stamp", pages=1, version=version, running_title=running_title)
    for piece in ("assembled", PART_FORMAT, renderer_fingerprint(), assembler_fingerprint(), stamp, *keys):
        digest.update(piece.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def assemble(parts: list[RenderedPart], numbers: bytes, stamp: bytes, *, title: str,
             order: list[int] | None = None) -> bytes:
    """One tagged PDF of `parts` in order, each page framed by its page of `numbers` and by `stamp`.
    `order` is the order the parts are joined in (by position; `join_order`): the same parts
    joined in the same order give the same bytes, whatever the order."""
    return joined(parts, list(range(len(parts))) if order is None else order).finish(numbers, stamp, title=title)


def joined(parts: list[RenderedPart], order: list[int]) -> Assembly:
    """`parts` joined in `order` (positions), ready to `finish`."""
    assembly = Assembly(order[0], parts[order[0]])
    for position in order[1:]:
        assembly.add(position, parts[position])
    return assembly


def join_order(sources: list[PartSource]) -> list[int]:
    """The order the worker joins a render's parts in: the order it queues them (longest first,
    tasks.py), which is about the order they are done, so that few are left to join when the
    last is done. Fixed by the parts' HTML, so that a render's file does not depend on which
    worker was quicker (the objects are numbered as they are joined)."""
    return [source.index for source in sorted(sources, key=lambda source: (-len(source.html), source.index))]


class Assembly:
    """The parts joined into one PDF one by one, in any order, the worker joining each while the
    others are still being rendered, so that little is left when the last is done (tasks.py).
    `finish` joins the tables cut between pages and parts, frames the pages and writes the file.

    Every part is a WeasyPrint document of the same print template: the first joined lends the
    file its catalog (language, viewer preferences, tag tree root), the others their pages, their
    elements under the one Document element, at their positions, and their parent trees."""

    def __init__(self, position: int, part: RenderedPart):
        import pikepdf  # only the pdf worker assembles: the web process never loads pikepdf or fontTools

        from .font_subsets import FontDigests

        self.out = pikepdf.open(io.BytesIO(part.content))
        self._sources = [self.out]  # kept open until the file is written: qpdf copies lazily
        self._fonts = FontDigests()
        self._fonts.read(self.out.pages)
        tree = self.out.Root.StructTreeRoot
        self._document_element = tree.K[0]
        self._parent_tree = _number_tree(tree.ParentTree)
        self._names = _table_names(list(self._document_element.K), part.tables)
        # Per position: (pages, elements under the Document element, bookmarks at pages counted
        # from the part's first page, the long tables' rows).
        self._added: dict[int, tuple[int, int, list[_Bookmark], dict]] = {
            position: (len(self.out.pages), len(self._document_element.K), _bookmarks(self.out, 0, part.levels), part.rows)}
        # Per position: the part's parent tree keys as the part numbered them, and what was added
        # to them here (in the order the parts came); `finish` numbers them in the parts' order.
        self._keys: dict[int, tuple[list[int], int]] = {position: (sorted(self._parent_tree), 0)}

    @property
    def pages(self) -> list[int]:
        """Each part's number of pages, in order."""
        return [self._added[position][0] for position in sorted(self._added)]

    @property
    def rows(self) -> list[dict]:
        """The long tables' rows of the parts added, in order (cut.verified)."""
        return [self._added[position][3] for position in sorted(self._added)]

    def add(self, position: int, part: RenderedPart) -> None:
        import pikepdf

        if position in self._added:
            raise ValueError(f"part {position} is joined already")
        source = pikepdf.open(io.BytesIO(part.content))
        self._sources.append(source)
        before = [value for key, value in self._added.items() if key < position]
        first_page = sum(pages for pages, _elements, _marks, _rows in before)
        first_element = sum(elements for _pages, elements, _marks, _rows in before)
        offset = max(self._parent_tree, default=-1) + 1
        for number, page in enumerate(source.pages):
            self.out.pages.insert(first_page + number, page)
        joined = self.out.pages[first_page:first_page + len(source.pages)]
        for page in joined:
            _shift_struct_parents(page.obj, offset)
        self._fonts.read(joined)
        # copy_foreign maps an object of `source` to one copy only, so the elements copied here
        # point at the pages copied above and the parent tree at these same elements.
        part_tree = source.Root.StructTreeRoot
        copied_elements = []
        for number, element in enumerate(part_tree.K[0].K):
            copied = self.out.copy_foreign(element)
            copied.P = self._document_element
            self._document_element.K.insert(first_element + number, copied)
            copied_elements.append(copied)
        self._names.update(_table_names(copied_elements, part.tables))
        # Copied in one go (copy_foreign takes indirect objects only): one call rather than one
        # per marked element, and each element is the copy made above.
        part_parents = _number_tree(part_tree.ParentTree)
        copied_parents = self.out.copy_foreign(source.make_indirect(pikepdf.Array(list(part_parents.values()))))
        for key, value in zip(part_parents, copied_parents):
            self._parent_tree[key + offset] = value
        self._keys[position] = (sorted(part_parents), offset)
        self._added[position] = (len(source.pages), len(copied_elements), _bookmarks(source, 0, part.levels), part.rows)

    def finish(self, numbers: bytes, stamp: bytes, *, title: str) -> bytes:
        """The PDF, once every part is added (positions 0 to n - 1)."""
        import pikepdf

        from .font_subsets import share_font_subsets

        if sorted(self._added) != list(range(len(self._added))):
            raise ValueError("a part is missing")
        out = self.out
        parent_tree = self._in_order()
        tree = out.Root.StructTreeRoot
        _as_artifacts(out, _join_tables(self._document_element, self._names), parent_tree)
        tree.ParentTree = out.make_indirect(pikepdf.Dictionary(
            Nums=pikepdf.Array([item for key in sorted(parent_tree) for item in (key, parent_tree[key])])))
        tree.ParentTreeNextKey = max(parent_tree, default=-1) + 1
        _draw_frame(out, pikepdf.open(io.BytesIO(numbers)), pikepdf.open(io.BytesIO(stamp)))
        bookmarks, first_page = [], 0
        for position in sorted(self._added):
            pages, _elements, marks, _rows = self._added[position]
            bookmarks.extend(replace(mark, page=mark.page + first_page) for mark in marks)
            first_page += pages
        _write_bookmarks(out, bookmarks)
        share_font_subsets(out, self._fonts)
        out.docinfo["/Title"] = title
        with out.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as metadata:
            metadata["dc:title"] = title
        buffer = io.BytesIO()
        # No dates are written and the file identifier comes from the content: same content, same bytes.
        out.save(buffer, deterministic_id=True, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return buffer.getvalue()

    def _in_order(self) -> dict:
        """The parent tree numbered as if the parts had come in order (the pages' StructParents
        renumbered with it), whatever order they were joined in."""
        numbered, next_key, first_page = {}, 0, 0
        for position in sorted(self._added):
            local, offset = self._keys[position]
            shift = next_key - offset
            for key in local:
                numbered[key + next_key] = self._parent_tree[key + offset]
            pages = self._added[position][0]
            if shift:
                for page in self.out.pages[first_page:first_page + pages]:
                    _shift_struct_parents(page.obj, shift)
            first_page += pages
            next_key = max((key + next_key for key in local), default=next_key - 1) + 1
        return numbered


def _table_names(elements, tables: tuple[str, ...]) -> dict:
    """{Table element's object id: its data-table name}, when the part's tag tree has as many
    Table elements as its layout had table boxes (else nothing is joined: never a wrong join)."""
    import pikepdf

    found: list = []

    def walk(element) -> None:
        if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
            return
        if _is(element, "/Table"):
            found.append(element)
            return
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            walk(kid)

    for element in elements:
        walk(element)
    if len(found) != len(tables):
        return {}
    return {element.objgen: name for element, name in zip(found, tables) if name and element.objgen != (0, 0)}


def _join_tables(document_element, names: dict) -> list:
    """One Table element per table. WeasyPrint tags each page's piece of a table as a Table of its
    own (with the header row again), inside a piece of its section of its own, and a table cut
    between parts is more pieces: a screen reader would announce dozens of tables for 変更箇所.
    The pieces of one table (the same data-table name, one right after the other) join the first
    one's body, and the pieces of the elements around them (the section) join too. Returns the
    repeated header rows, which leave the tree: printed on each page, not read again."""
    import pikepdf

    repeated: list = []

    def kids_of(element) -> list:
        kids = element.get("/K")
        return [kid for kid in (kids if isinstance(kids, pikepdf.Array) else [kids])
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]

    def join(previous, element) -> bool:
        """Join `element` into `previous`, its sibling before it, if it goes on with it."""
        if _is(element, "/Table"):
            name = names.get(element.objgen)
            if not name or not _is(previous, "/Table") or names.get(previous.objgen) != name:
                return False
            try:
                body = _section(previous, "/TBody")
            except LookupError:
                return False
            headers = dict(zip(_header_ids(element), _header_ids(previous)))
            for section in kids_of(element):
                if _is(section, "/THead"):
                    repeated.append(section)
                elif _is(section, "/TBody"):
                    for row in list(section.K):
                        row.P = body
                        body.K.append(row)
                        if headers:
                            _point_headers(row, headers)
            return True
        if str(element.get("/S")) != str(previous.get("/S")) or not isinstance(element.get("/K"), pikepdf.Array):
            return False
        first, last = kids_of(element), kids_of(previous)
        if not first or not last or not isinstance(previous.get("/K"), pikepdf.Array) or not join(last[-1], first[0]):
            return False
        rest = list(element.K)[list(element.K).index(first[0]) + 1:]
        for kid in rest:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                kid.P = previous
            previous.K.append(kid)
        return True

    kids = list(document_element.K)
    joined: list = []
    for element in kids:
        if joined and isinstance(element, pikepdf.Dictionary) and join(joined[-1], element):
            continue
        joined.append(element)
    if len(joined) != len(kids):
        document_element.K = pikepdf.Array(joined)
    return repeated


_MARKED = re.compile(rb"/[A-Za-z0-9]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
_ARTIFACT = b"/Artifact <</Type /Pagination /Subtype /Header>> BDC"


def _as_artifacts(out, elements, parent_tree: dict) -> None:
    """The marked content of `elements` (repeated header rows) becomes pagination artifacts, as
    PDF/UA wants content that is printed but not read, and leaves the parent tree."""
    import pikepdf

    marked: dict[tuple, set[int]] = {}

    def collect(element, page) -> None:
        page = element.get("/Pg", page)
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, int) and page is not None:
                marked.setdefault(page.objgen, set()).add(int(kid))
            elif isinstance(kid, pikepdf.Dictionary):
                if "/MCID" in kid:
                    owner = kid.get("/Pg", page)
                    if owner is not None:
                        marked.setdefault(owner.objgen, set()).add(int(kid.MCID))
                elif "/S" in kid:
                    collect(kid, page)

    for element in elements:
        collect(element, None)
    for page in out.pages:
        numbers = marked.get(page.obj.objgen)
        if not numbers:
            continue
        contents = page.obj.Contents
        data = b"\n".join(stream.read_bytes() for stream in contents) if isinstance(contents, pikepdf.Array) \
            else contents.read_bytes()

        def unmark(match):
            return _ARTIFACT if int(match.group(1)) in numbers else match.group(0)

        # On the bytes rather than parsed operators: ten times faster on a long table's pages.
        page.obj.Contents = out.make_stream(_MARKED.sub(unmark, data))
        owners = parent_tree.get(int(page.obj.get("/StructParents", -1)))
        if isinstance(owners, pikepdf.Array):
            for number in numbers:
                if number < len(owners):
                    owners[number] = None  # a PDF null: the MCID is no longer marked content


def _header_ids(table) -> list[str]:
    try:
        head = _section(table, "/THead")
    except LookupError:
        return []
    return [str(cell.get("/ID", "")) for row in head.K for cell in (row.K if hasattr(row.K, "__len__") else [row.K])
            if hasattr(cell, "get")]


def _point_headers(row, headers: dict) -> None:
    """The row's cells name the header cells of the table they joined (their own piece's header
    row is no longer in the tree)."""
    import pikepdf

    for cell in row.K if isinstance(row.K, pikepdf.Array) else [row.K]:
        attributes = cell.get("/A") if isinstance(cell, pikepdf.Dictionary) else None
        if isinstance(attributes, pikepdf.Dictionary) and "/Headers" in attributes:
            attributes.Headers = pikepdf.Array([pikepdf.String(headers.get(str(name), str(name)))
                                                for name in attributes.Headers])


def _is(element, role: str) -> bool:
    import pikepdf

    return isinstance(element, pikepdf.Dictionary) and element.get("/S") == role


def _section(table, role: str):
    """The table's THead or TBody (a body is made if the table has none)."""
    for section in table.K:
        if _is(section, role):
            return section
    raise LookupError(role)


def _number_tree(node) -> dict:
    """A PDF number tree (its /Nums and /Kids) as a dict."""
    found = {}
    if "/Nums" in node:
        values = list(node.Nums)
        for position in range(0, len(values), 2):
            found[int(values[position])] = values[position + 1]
    for kid in node.get("/Kids", ()):
        found.update(_number_tree(kid))
    return found


def _shift_struct_parents(page, offset: int) -> None:
    if "/StructParents" in page:
        page.StructParents = int(page.StructParents) + offset
    for annotation in page.get("/Annots", ()):
        if "/StructParent" in annotation:
            annotation.StructParent = int(annotation.StructParent) + offset


@dataclass
class _Bookmark:
    level: int
    title: str
    page: int
    top: float | None


def _bookmarks(source, first_page: int, levels: tuple[int, ...]) -> list[_Bookmark]:
    """The part's bookmarks in order, at their pages in the whole document."""
    pages = {page.obj.objgen: number for number, page in enumerate(source.pages)}
    found: list[_Bookmark] = []

    def walk(items):
        for item in items:
            destination = item.destination
            top = float(destination[3]) if len(destination) > 3 and str(destination[1]) == "/XYZ" else None
            level = levels[len(found)] if len(found) < len(levels) else 1
            found.append(_Bookmark(level, str(item.title), first_page + pages.get(destination[0].objgen, 0), top))
            walk(item.children)

    with source.open_outline() as outline:
        walk(outline.root)
    return found


def _write_bookmarks(out, bookmarks: list[_Bookmark]) -> None:
    """Nested by heading level, as WeasyPrint nests a single pass's."""
    import pikepdf

    root: list = []
    open_items: list[tuple[int, pikepdf.OutlineItem]] = []
    for mark in bookmarks:
        options = {"page_location": pikepdf.PageLocation.XYZ, "top": mark.top, "left": 0} if mark.top is not None else {}
        item = pikepdf.OutlineItem(mark.title, mark.page, **options)
        while open_items and open_items[-1][0] >= mark.level:
            open_items.pop()
        (open_items[-1][1].children if open_items else root).append(item)
        open_items.append((mark.level, item))
    with out.open_outline() as outline:
        outline.root.clear()
        outline.root.extend(root)


def _draw_frame(out, numbers, stamp) -> None:
    """Each page's number and the stamp are drawn as forms, marked as a pagination artifact, and
    the page's content over them as it is (wrapped so its coordinate system does not leak): a
    draft's 「案」 across the page lies behind the text, as in a single pass (z-index: -1)."""
    import pikepdf

    stamp_form = out.copy_foreign(stamp.pages[0].as_form_xobject())  # one object, on every page
    for page, numbers_page in zip(out.pages, numbers.pages, strict=True):
        # WeasyPrint's pages share their resources: each page gets its own, the forms under fixed
        # names (generated ones would differ from run to run).
        resources = pikepdf.Dictionary(dict(page.obj.get("/Resources", pikepdf.Dictionary()).items()))
        xobjects = pikepdf.Dictionary(dict(resources.get("/XObject", pikepdf.Dictionary()).items()))
        xobjects.PiaPageNumber = out.copy_foreign(numbers_page.as_form_xobject())
        xobjects.PiaPageStamp = stamp_form
        resources.XObject = xobjects
        page.obj.Resources = resources
        page.contents_add(pikepdf.Stream(out, b"/Artifact <</Type /Pagination>> BDC\n"
                                              b"q\n/PiaPageStamp Do\nQ\nq\n/PiaPageNumber Do\nQ\nEMC\nq\n"), prepend=True)
        page.contents_add(pikepdf.Stream(out, b"\nQ\n"))


def render_whole(version: Version, *, draft_mark: bool = False, public: bool = False, printed_at=None) -> tuple[bytes, int]:
    """The version's PDF made of its parts, rendered one after the other in this process (the
    worker renders them in parallel: tasks.py). Returns the PDF and its number of pages."""
    running_title, sources = split(version, public=public)
    rendered = [render_part(version, source.html) for source in sources]
    if not cut.verified([part.rows for part in rendered]):
        # A long table's rows were counted wrong: cut it again from its pieces laid out whole.
        running_title, sources = split(version, public=public, exact=True)
        rendered = [render_part(version, source.html) for source in sources]
    pages = sum(part.pages for part in rendered)
    stamp = render_stamp(version, running_title=running_title, draft_mark=draft_mark, printed_at=printed_at)
    return assemble(rendered, render_numbers(pages), stamp, title=document_title(running_title, draft_mark),
                    order=join_order(sources)), pages
