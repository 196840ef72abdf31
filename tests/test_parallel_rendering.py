"""Rendering in parts: the assembled PDF is the document a single pass gives, its pages numbered
and bookmarked, tagged throughout; a part whose content has not changed is reused; a worker
killed in the middle of a part costs that part, never a partial PDF."""

from __future__ import annotations

import hashlib
import io
import subprocess
import time

import pikepdf
import pytest
from django.core.cache import cache
from django.urls import reverse

from pia_portal.reports import models as m
from pia_portal.reports.services import add_entry
from pia_portal.reports.structure import Entity, Kind, items_of
from pia_portal.rendering import cut, part_cache
from pia_portal.rendering.models import CachedPart, PdfRender, RenderPart, RenderStatus
from pia_portal.rendering.font_subsets import share_font_subsets
from pia_portal.rendering.parts import (_render_frame_layer, assemble, join_order, render_numbers, render_part,
                                       render_stamp, render_whole, split)
from pia_portal.rendering.pdf import document_title, layout, render_pdf
from pia_portal.rendering.services import request_render
from pia_portal.rendering.tasks import assemble_version_pdf, assembly_claim, parts_made, render_version_pdf
from tests.conftest import until_finished
from tests.builders import fill, full_version


def pages_of(content: bytes) -> list[list[str]]:
    """Each page's lines of text, sorted: the order pdftotext meets overlapping boxes in is not
    the document's business."""
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return [sorted(line.strip() for line in page.splitlines() if line.strip()) for page in text.split("\f")[:-1]]


def bookmarks(content: bytes) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of every bookmark, in order."""
    with pikepdf.open(io.BytesIO(content)) as pdf:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        found = []

        def walk(items, depth):
            for item in items:
                found.append((depth, str(item.title), pages[item.destination[0].objgen]))
                walk(item.children, depth + 1)

        with pdf.open_outline() as outline:
            walk(outline.root, 0)
        return found


def tables_of(pdf) -> list:
    """The Table elements of the tag tree, in order."""
    found = []

    def walk(element):
        if str(element.get("/S")) == "/Table":
            found.append(element)
            return
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                walk(kid)

    walk(pdf.Root.StructTreeRoot.K[0])
    return found


def with_files(version: m.Version, extra: int) -> m.Version:
    for n in range(extra):
        file = add_entry(version, m.PersonalInfoFile)
        fill(file, version.form_kind, f"追加ファイル{n + 1}")
        fill(file.risk, version.form_kind, f"追加リスク対策{n + 1}")
    return version


@pytest.mark.django_db
@pytest.mark.parametrize("kind, extra_files, draft", [("zenkomoku", 2, False), ("juten", 0, True), ("kiso", 0, False)])
def test_the_assembled_pdf_is_the_single_pass_document(organisation, kind, extra_files, draft):
    """Given a report of any kind, draft or final, when it is rendered in parts, then it has the
    single pass's pages with the same text on each, numbered 「n / N」, and the same bookmarks."""
    version = with_files(full_version(organisation, kind), extra_files)
    single = render_pdf(version, draft_mark=draft)
    assembled, pages = render_whole(version, draft_mark=draft)
    _title, sources = split(version)
    assert len(sources) > (3 if kind == "zenkomoku" else 1)

    assert pages == single.pages
    assert pages_of(assembled) == pages_of(single.content)
    for number, lines in enumerate(pages_of(assembled), start=1):
        assert f"{number}/{pages}" in [line.replace(" ", "") for line in lines]
    assert bookmarks(assembled) == bookmarks(single.content)
    assert len(bookmarks(assembled)) > len(sources)


@pytest.mark.django_db
def test_identical_content_gives_identical_bytes(organisation):
    version = full_version(organisation, "juten")
    first, _ = render_whole(version)
    second, _ = render_whole(version)
    assert first == second
    m.BasicInfo.objects.filter(version=version).update(department="総務部 新しい課")
    changed, _ = render_whole(version)
    assert changed != first


def page_images(pdf: pikepdf.Pdf, directory) -> list[bytes]:
    """Every page drawn in grey at 40 dpi by poppler, as bytes."""
    buffer = io.BytesIO()
    pdf.save(buffer)
    subprocess.run(["pdftoppm", "-r", "40", "-gray", "-", str(directory / "page")], input=buffer.getvalue(), check=True)
    return [path.read_bytes() for path in sorted(directory.glob("page-*.pgm"))]


def embedded_font_files(pdf: pikepdf.Pdf) -> dict[str, set]:
    files: dict[str, set] = {}
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
            files.setdefault(str(obj.FontName), set()).add(obj.FontFile2.objgen)
    return files


@pytest.mark.django_db
def test_each_font_is_embedded_once_with_every_glyph_where_the_parts_drew_it(organisation, tmp_path):
    """Given a report's parts, each with its own font subsets, when they are put in one file, the
    file embeds one subset per font and every page looks exactly as the parts drew it."""
    version = with_files(full_version(organisation, "zenkomoku"), 1)
    m.BasicInfo.objects.filter(version=version).update(department="Ⅰ Ⅱ Ⅲ ①②③ ｶﾀｶﾅ 髙﨑 ㈱ №")
    _title, sources = split(version)
    joined = pikepdf.new()
    for source in sources:
        joined.pages.extend(pikepdf.open(io.BytesIO(render_part(version, source.html).content)).pages)
    (tmp_path / "before").mkdir()
    (tmp_path / "after").mkdir()
    before = page_images(joined, tmp_path / "before")
    assert max(len(files) for files in embedded_font_files(joined).values()) == len(sources)

    share_font_subsets(joined)
    buffer = io.BytesIO()
    joined.save(buffer)
    joined = pikepdf.open(buffer)
    assert all(len(files) == 1 for files in embedded_font_files(joined).values())
    assert page_images(joined, tmp_path / "after") == before


@pytest.mark.django_db
def test_a_font_the_assembly_cannot_join_is_left_as_the_parts_had_it(organisation):
    """Given a part whose font subset is not one the assembly can join (here: no outlines at all),
    when the parts are assembled, then the PDF is made all the same, that font's subsets kept as
    the parts had them: the file is larger, never wrong and never missing."""
    from dataclasses import replace

    version = with_files(full_version(organisation, "zenkomoku"), 1)
    title, sources = split(version)
    rendered = [render_part(version, source.html) for source in sources]
    with pikepdf.open(io.BytesIO(rendered[1].content)) as pdf:
        font = next(font for font in pdf.pages[0].Resources.Font.values() if font.get("/Subtype") == "/Type0")
        broken = str(font.BaseFont)
        font.DescendantFonts[0].FontDescriptor.FontFile2.write(b"\0\1\0\0" + b"\0" * 8)  # a TrueType of no tables
        buffer = io.BytesIO()
        pdf.save(buffer)
    rendered[1] = replace(rendered[1], content=buffer.getvalue())
    pages = sum(part.pages for part in rendered)

    content = assemble(rendered, render_numbers(pages), render_stamp(version, running_title=title, draft_mark=False),
                       title=title, order=join_order(sources))

    with pikepdf.open(io.BytesIO(content)) as pdf:
        files = embedded_font_files(pdf)
        assert len(files[broken]) > 1, files  # not joined: each part's own subset
        assert all(len(kept) == 1 for name, kept in files.items() if name != broken)
    assert len(pages_of(content)) == pages


@pytest.mark.parametrize("pages", [1, 9, 10, 114])
def test_the_page_numbers_are_what_weasyprint_lays_out_page_by_page(pages):
    """The numbers layer is made from a few sample pages (parts.render_numbers): every page draws
    exactly what laying out each page of the frame would draw."""
    sampled = pikepdf.open(io.BytesIO(render_numbers(pages)))
    laid_out = pikepdf.open(io.BytesIO(_render_frame_layer("numbers", pages=pages)))
    assert len(sampled.pages) == len(laid_out.pages) == pages
    for mine, theirs in zip(sampled.pages, laid_out.pages):
        assert mine.Contents.read_bytes() == theirs.Contents.read_bytes()
        assert mine.MediaBox == theirs.MediaBox
    assert pages_of(render_numbers(pages)) == pages_of(_render_frame_layer("numbers", pages=pages))


@pytest.mark.django_db
def test_the_assembled_pdf_is_about_the_size_of_the_single_pass(organisation):
    version = with_files(full_version(organisation, "zenkomoku"), 2)
    assembled, _pages = render_whole(version)
    assert len(assembled) < 1.3 * len(render_pdf(version).content)


@pytest.mark.django_db
def test_the_assembled_pdf_is_tagged_throughout(organisation):
    """Every piece of marked content on every page belongs to an element of the one tag tree, the
    page frame is an artifact, and the document keeps its language and title."""
    version = with_files(full_version(organisation, "zenkomoku"), 1)
    content, _ = render_whole(version, public=True)
    with pikepdf.open(io.BytesIO(content)) as pdf:
        assert str(pdf.Root.Lang) == "ja" and bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.docinfo["/Title"]) == split(version)[0]  # the report's name on its cover
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        assert 'pdfuaid:part="1"' in pdf.Root.Metadata.read_bytes().decode()
        tree = pdf.Root.StructTreeRoot
        assert len(tree.K) == 1 and str(tree.K[0].S) == "/Document"

        reachable = set()

        def walk(element):
            reachable.add(element.objgen)
            for child in element.get("/K", ()) if isinstance(element.get("/K"), pikepdf.Array) else ():
                if isinstance(child, pikepdf.Dictionary) and "/S" in child:
                    assert child.P.objgen == element.objgen
                    walk(child)

        walk(tree.K[0])
        parents = {int(key): value for key, value in zip(tree.ParentTree.Nums[::2], tree.ParentTree.Nums[1::2])}
        assert len({page.obj.StructParents for page in pdf.pages}) == len(pdf.pages)
        for page in pdf.pages:
            marked = [operands[1].MCID for operands, operator in pikepdf.parse_content_stream(page)
                      if operator == pikepdf.Operator("BDC") and isinstance(operands[1], pikepdf.Dictionary)
                      and "/MCID" in operands[1]]
            assert marked, "every page has tagged content"
            owners = parents[int(page.obj.StructParents)]
            for mcid in marked:
                assert owners[int(mcid)].objgen in reachable
            # The page frame (「n / N」, the running title, a draft's 「案」) is drawn first, under
            # the content, as a pagination artifact.
            instructions = list(pikepdf.parse_content_stream(page))
            assert instructions[0][0][0] == pikepdf.Name.Artifact
            assert [str(operator) for _operands, operator in instructions[:8]] == ["BDC", "q", "Do", "Q", "q", "Do", "Q", "EMC"]


@pytest.mark.django_db
def test_a_screen_reader_finds_one_table_per_table_however_many_pages_it_runs_over(organisation):
    """Given a 変更箇所 of 80 rows (several pages) and the other tables of a 全項目, when the PDF is
    assembled, then its tag tree has one Table element per table of the document, each with one
    header row, and the rows of every page of 変更箇所 in its body; the header printed again on
    each page is an artifact (the tag-tree test above checks every marked content is reached)."""
    import re

    version = with_files(full_version(organisation, "zenkomoku"), 1)
    for n in range(80):
        fill(add_entry(version, m.ChangeLogEntry), version.form_kind, f"変更箇所{n + 3}")
    content, pages = render_whole(version)
    sources = split(version)[1]
    # The 変更箇所 is cut into parts too: its name is in each of them, its Table in the PDF once.
    assert sum('data-table="changes-' in source.html for source in sources) > 1
    names = list(dict.fromkeys(name for source in sources for name in re.findall(r'data-table="([^"]+)"', source.html)))
    with pikepdf.open(io.BytesIO(content)) as pdf:
        tables = tables_of(pdf)
        assert len(tables) == len(names)
        changes = tables[names.index(next(name for name in names if name.startswith("changes")))]
        heads = [section for section in changes.K if str(section.S) == "/THead"]
        body = next(section for section in changes.K if str(section.S) == "/TBody")
        assert len(heads) == 1 and len(body.K) >= 82
        assert all(row.P.objgen == body.objgen for row in body.K)
    single = render_pdf(version).content
    with pikepdf.open(io.BytesIO(single)) as pdf:  # WeasyPrint alone tags each page's piece apart
        assert len(tables_of(pdf)) > len(names)


def tag_roles(pdf) -> list[tuple[int, str]]:
    """(depth, role) of every element of the tag tree, in reading order."""
    found = []

    def walk(element, depth):
        found.append((depth, str(element.get("/S"))))
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                walk(kid, depth + 1)

    walk(pdf.Root.StructTreeRoot.K[0], 0)
    return found


@pytest.mark.django_db
def test_the_parts_joined_in_whatever_order_they_are_done_give_the_same_document(organisation):
    """Given a report's parts (a 変更箇所 cut between parts among them), when they are joined in the
    order they happen to be done (the worker joins each as soon as it is), then the document is
    the one they give joined in order: the same text on every page, bookmarks, tag tree and
    tables; and joined in the order the worker queues them, the same bytes every time."""
    version = with_files(full_version(organisation, "zenkomoku"), 1)
    for n in range(80):
        fill(add_entry(version, m.ChangeLogEntry), version.form_kind, f"変更箇所{n + 3}")
    title, sources = split(version)
    assert sum('data-table="changes-' in source.html for source in sources) > 1
    rendered = [render_part(version, source.html) for source in sources]
    pages = sum(part.pages for part in rendered)
    numbers, stamp = render_numbers(pages), render_stamp(version, running_title=title, draft_mark=True)

    def joined(order):
        return assemble(rendered, numbers, stamp, title=document_title(title, True), order=order)

    in_order = joined(None)
    positions = list(range(len(sources)))
    for order in (positions[::-1], positions[1::2] + positions[::2], join_order(sources)):
        content = joined(order)
        assert pages_of(content) == pages_of(in_order)
        assert bookmarks(content) == bookmarks(in_order)
        with pikepdf.open(io.BytesIO(content)) as pdf, pikepdf.open(io.BytesIO(in_order)) as expected:
            assert tag_roles(pdf) == tag_roles(expected)
            assert len(tables_of(pdf)) == len(tables_of(expected))
            assert [int(page.StructParents) for page in pdf.pages] == [int(page.StructParents) for page in expected.pages]
            assert pdf.Root.Lang == expected.Root.Lang and pdf.docinfo.Title == expected.docinfo.Title
    assert joined(join_order(sources)) == joined(join_order(sources)) == render_whole(version, draft_mark=True)[0]


def split_not_rendered(version: m.Version) -> PdfRender:
    """A render split into parts as the worker splits it, none of them made yet."""
    render = request_render(version, actor=None, draft_mark=False)
    title, sources = split(version, measured=part_cache.measured)
    PdfRender.objects.filter(pk=render.pk).update(status=RenderStatus.RUNNING, running_title=title)
    RenderPart.objects.bulk_create(RenderPart(render=render, position=source.index, key=source.key, html=source.html,
                                              generation=render.task_id) for source in sources)
    render.refresh_from_db()
    return render


@pytest.mark.django_db
def test_an_assembly_that_comes_before_its_parts_makes_those_nobody_is_making(organisation):
    """Given a render split into parts that no worker has taken (their messages held by a busy
    worker, or their worker gone), when its assembly starts first, then it makes them itself
    rather than wait for them (a worker alone never waits on itself), and the PDF is the one
    its parts made one after the other give."""
    version = with_files(full_version(organisation, "zenkomoku"), 1)
    render = split_not_rendered(version)
    assert not RenderPart.objects.filter(render=render, done=True).exists()

    assert assemble_version_pdf.apply(args=(render.pk, render.task_id)).get() == "done"

    render.refresh_from_db()
    assert render.status == RenderStatus.DONE, render.error
    assert render.file.read() == render_whole(version)[0]
    keys = {source.key for source in split(version)[1]}
    assert CachedPart.objects.filter(key__in=keys).count() == len(keys)  # made once, here, and kept


@pytest.mark.django_db
def test_a_part_made_but_not_yet_marked_done_is_joined_and_not_counted_as_reused(organisation):
    """Given a render whose parts have just been stored by the workers that made them, their rows
    not yet marked done (the moment between a worker's storing a part and marking it), when the
    assembly looks, then it joins them as they are, makes none again and counts none as reused."""
    version = full_version(organisation, "juten")
    render = split_not_rendered(version)
    keys = []
    for row in RenderPart.objects.filter(render=render):
        part_cache.make(row.key, lambda row=row: render_part(version, row.html))
        keys.append(row.key)

    assert assemble_version_pdf.apply(args=(render.pk, render.task_id)).get() == "done"

    render.refresh_from_db()
    assert render.status == RenderStatus.DONE, render.error
    assert list(CachedPart.objects.filter(key__in=keys).values_list("hits", flat=True)) == [0] * len(set(keys))


@pytest.mark.django_db
def test_a_render_made_here_while_a_worker_assembles_it_is_left_to_the_worker(organisation):
    """Given a render that a worker has split and is assembling (a command or a test makes the
    same render here at the same time), when the render made here comes to its assembly, then
    it says the render is the worker's ("superseded") rather than fail: the worker finishes it."""
    version = full_version(organisation, "juten")
    render = request_render(version, actor=None, draft_mark=False)
    cache.add(assembly_claim(render.pk, render.task_id), "the worker's assembly", timeout=60)
    try:
        assert render_version_pdf(render.pk) == "superseded"
    finally:
        cache.delete(assembly_claim(render.pk, render.task_id))
    render.refresh_from_db()
    assert render.status == RenderStatus.RUNNING


@pytest.mark.django_db
def test_a_second_assembly_of_a_render_leaves_it_to_the_first(organisation):
    """Given a render whose assembly has started on one worker (queued behind its parts), when the
    last part done queues the assembly again, then the second ends at once: nothing is made twice."""
    version = full_version(organisation, "juten")
    render = split_not_rendered(version)
    cache.add(assembly_claim(render.pk, render.task_id), "the first assembly", timeout=60)
    try:
        assert assemble_version_pdf.apply(args=(render.pk, render.task_id)).get() == "assembling elsewhere"
    finally:
        cache.delete(assembly_claim(render.pk, render.task_id))
    render.refresh_from_db()
    assert render.status == RenderStatus.RUNNING and not RenderPart.objects.filter(render=render, done=True).exists()


def with_long_change_log(version: m.Version, rows: int, *, tall_every: int = 60) -> m.Version:
    """`rows` 変更箇所 of varied lengths: one line, a few lines, a long paragraph, and every
    `tall_every`th row (the 18th first) a 変更後の記載 longer than a page."""
    for n in range(rows):
        entry = add_entry(version, m.ChangeLogEntry)
        fill(entry, version.form_kind, f"変更箇所{n + 1}")
        lines = 200 if n % tall_every == 17 else (n * 7) % 23 if n % 5 == 0 else n % 4
        entry.after = entry.after + "".join(f"\n・{n + 1}行目の{k}番目の変更後の記載(事務の流れに沿って)" for k in range(lines))
        entry.item = entry.item * (1 + n % 3)
        entry.save()
    return version


def table_rows(content: bytes) -> list[tuple[int, int]]:
    """(header rows, body rows) of each Table element of the tag tree."""
    with pikepdf.open(io.BytesIO(content)) as pdf:
        return [(sum(len(section.K) for section in table.K if str(section.S) == "/THead"),
                 sum(len(section.K) for section in table.K if str(section.S) == "/TBody")) for table in tables_of(pdf)]


def assert_cut_path_prints_the_single_pass(version: m.Version, minimum_pieces: int) -> None:
    """The long tables are cut into pieces of at most CUT_ROWS rows, where the rows counted say
    the single pass starts a page (no piece had to be cut again), and the assembled PDF has the
    single pass's pages, each with the same text, and one Table element (one header row) per table."""
    import re


    running_title, sources = split(version)
    pieces = [source for source in sources if re.search(r'data-table="changes-', source.html)]
    assert len(pieces) >= minimum_pieces
    for piece in pieces:
        assert len(cut.units(piece.html, re.search(r'data-table="(changes-[^"]+)"', piece.html).group(1))) <= cut.CUT_ROWS
    rendered = [render_part(version, source.html) for source in sources]
    assert cut.verified([part.rows for part in rendered])
    pages = sum(part.pages for part in rendered)
    assembled = assemble(rendered, render_numbers(pages), render_stamp(version, running_title=running_title, draft_mark=False),
                         title=document_title(running_title, False))
    single = render_pdf(version)
    assert pages == single.pages
    assert pages_of(assembled) == pages_of(single.content)
    names = {name for source in sources for name in re.findall(r'data-table="([^"]+)"', source.html)}
    tables = table_rows(assembled)
    assert len(tables) == len(names)
    assert all(heads == 1 for heads, _rows in tables if heads)
    # Every row is in the one table (a row longer than a page is a row per page, as WeasyPrint tags it).
    assert max(rows for _heads, rows in tables) >= m.ChangeLogEntry.objects.filter(version=version).count()


@pytest.mark.django_db
def test_a_long_change_log_is_cut_into_parts_that_print_as_the_single_pass(organisation, tmp_path):
    """Given a 変更箇所 of 240 rows of varied lengths, some longer than a page, when the PDF is made
    in parts, then the table is cut into parts of a bounded number of rows, and the assembled PDF
    is the single pass's page for page, its table one Table element with every row."""
    version = with_long_change_log(full_version(organisation, "zenkomoku"), 240)
    assert_cut_path_prints_the_single_pass(version, minimum_pieces=8)


@pytest.mark.django_db
def test_a_long_tables_rows_are_counted_as_weasyprint_lays_them_out(organisation):
    """Given a 変更箇所 of 240 rows of varied lengths, some of whose first rows leave a column
    empty, when its pieces' rows are counted from a few rows laid out (cut.counted), then every row
    comes out at the height WeasyPrint lays it out at, and the piece with a row longer than a page
    is laid out whole instead."""

    version = with_long_change_log(full_version(organisation, "zenkomoku"), 240, tall_every=240)
    # An empty cell has no line to show its line height: a later row's text in that column must
    # still be counted.
    for number, entry in enumerate(m.ChangeLogEntry.objects.filter(version=version).order_by("position")):
        if number % cut.MEASURE_ROWS < 2:  # each piece's first rows
            entry.explanation = ""
        elif number % 7 == 0:  # empty lines in the tallest cell: before, between and after paragraphs
            entry.item, entry.before, entry.explanation = "項目", "", ""
            entry.after = "\n変更後\n\n追記\n"
        entry.save()
    pieces: list[tuple[str, str]] = []
    split(version, measured=lambda _key, html, table, measure: pieces.append((html, table)) or measure())
    # Not the table's header printed again over one row, which is laid out.
    pieces = [(html, table) for html, table in pieces if len(cut.units(html, table)) > 1]
    counted = 0
    for html, table in pieces:
        laid_out = cut.measure(layout(version, html), table)
        estimate = cut.counted(html, table, lambda html: layout(version, html))
        if any(row.span > 1 for row in laid_out.rows):
            assert estimate is None
            continue
        assert estimate is not None
        counted += 1
        assert [round(row.height, 3) for row in estimate.rows] == [round(row.height, 3) for row in laid_out.rows]
        assert (estimate.bottom, estimate.first_page, round(estimate.first_y, 3)) == (
            laid_out.bottom, laid_out.first_page, round(laid_out.first_y, 3))
        if estimate.top is not None and laid_out.top is not None:
            assert round(estimate.top, 3) == round(laid_out.top, 3)
    assert counted == len(pieces) - 1 >= 2  # the first piece holds the row longer than a page


@pytest.mark.parametrize("cell", ["一行", "一行<br>", "一行<br><br>", "<br>一行", "一行<br><br>二行", "<br>", "",
                                  "とても長い文章が続く場合は" * 12 + "<br>・箇条"])
def test_a_cells_empty_lines_are_counted_as_weasyprint_lays_them_out(cell):
    """A <br> that ends a cell starts no line; every other empty paragraph is a line."""
    from weasyprint import HTML

    style = "td { vertical-align: top; padding: 2px 3px; border: 1px solid; line-height: 1.45; font-size: 8pt; }"
    rows = "".join(f"<tr><td>{text}</td><td>{cell}</td></tr>" for text in ("一", "二<br>三", "四"))
    html = (f'<html lang="ja"><style>{style}</style><table data-table="t-changes-1" style="width: 60mm">'
            f"<tbody>{rows}</tbody></table></html>")

    def lay_out(html):
        return HTML(string=html).render()

    estimate = cut.counted(html, "t-changes-1", lay_out)
    assert estimate is not None
    assert [round(row.height, 3) for row in estimate.rows] == [
        round(row.height, 3) for row in cut.measure(lay_out(html), "t-changes-1").rows]


def test_a_cut_is_verified_against_the_rows_as_the_parts_laid_them_out():
    """A cut where the parts' own rows say no page starts is found wrong."""

    def part(heights, *, first_y=100.0, top=None):
        return {"changes-changes-1": cut.Measured(rows=tuple(cut.Row(h) for h in heights), top=top, bottom=800.0,
                                                first_y=first_y).as_json()}

    # 700 pt of room on the first page, 750 after the header on the next: rows of 100 pt.
    assert cut.verified([part([100.0] * 7), part([100.0] * 7, first_y=50.0, top=50.0)])
    assert not cut.verified([part([100.0] * 6), part([100.0] * 8, first_y=50.0, top=50.0)])
    assert cut.verified([part([100.0] * 3)])  # not cut


@pytest.mark.django_db
def test_a_cut_counted_wrong_is_cut_again_from_the_pieces_laid_out_whole(organisation, caplog):
    """Given a long 変更箇所 whose pieces were measured wrong (kept in the cache so: as if the rows
    had been counted shorter than they print), when its PDF is made, then the assembly finds that
    the cut is not where the pages start, cuts the table again from its pieces laid out whole,
    and the PDF is the single pass's page for page."""
    version = with_long_change_log(full_version(organisation, "zenkomoku"), 100)

    def shorter(key, html, table, measure):
        def wrong():
            data = measure()
            data["rows"] = [[height * 0.8, span, end] for height, span, end in data["rows"]]
            return data
        return part_cache.measured(key, html, table, wrong)

    split(version, measured=shorter)
    render = request_render(version, actor=None, draft_mark=False)
    with caplog.at_level("WARNING", logger="pia_portal.rendering.tasks"):
        assert render_version_pdf(render.pk) == "done"
    assert any("cut again" in record.getMessage() for record in caplog.records)
    render.refresh_from_db()
    assert pages_of(render.file.read()) == pages_of(render_pdf(version).content)


REFERENCE_REPORTS = {"000": "juten_yamaguchi_kaigo.txt", "001": "zenkomoku_kagoshima_juki.txt",
                     "002": "changelog_zenkomoku_sample.txt"}


@pytest.mark.django_db
@pytest.mark.parametrize("report, pieces", [("000", 2), ("001", 7), ("002", 4)])
def test_a_real_reports_long_tables_cut_into_parts_print_as_the_single_pass(reference_dir, organisation, report, pieces):
    """Given a published report imported (000: a 別添2 of 65 rows and 別紙 of 67; 001: 214 rows and
    45 pages; 002: 117 rows of long texts over 40 pages), when its PDF is made in parts, then its
    long tables are cut and the PDF is the single pass's page for page."""
    from pia_portal.importing.services import import_file

    path = reference_dir / "reports" / REFERENCE_REPORTS[report]
    version = import_file(path.read_bytes(), path.name, organisation, actor=None).version
    assert_cut_path_prints_the_single_pass(version, minimum_pieces=pieces)


def finished(render: PdfRender, seconds: int = 300) -> PdfRender:
    return until_finished(render, seconds, step=0.5)


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_the_workers_measure_a_long_tables_pieces_then_render_its_parts(celery_worker_process, organisation):
    """Given a 変更箇所 of 100 rows and nothing cached, when the worker makes the PDF, then the
    table's pieces are measured first by tasks of their own (kept in the part cache), the table is
    cut at the single pass's page starts and the PDF is the single pass's page for page. When one
    row's words change but not its lines, that row's piece is measured again and only the part
    holding the row is rendered: every other part is taken from the cache."""
    version = with_long_change_log(full_version(organisation, "zenkomoku"), 100)
    render = finished(request_render(version, actor=None, draft_mark=False))
    assert render.status == RenderStatus.DONE, render.error
    measured = CachedPart.objects.filter(file__endswith=".json")
    # 102 rows measured MEASURE_ROWS at a time, and the header printed again over one row.
    assert measured.count() == -(-102 // cut.MEASURE_ROWS) + 1
    assert pages_of(render.file.read()) == pages_of(render_pdf(version).content)
    before = set(CachedPart.objects.values_list("key", flat=True))

    entry = m.ChangeLogEntry.objects.filter(version=version).order_by("position")[50]
    entry.after = entry.after.replace("一つ目", "第一の", 1)  # full-width both: the same lines
    entry.save()
    again = finished(request_render(version, actor=None, draft_mark=False))
    assert again.status == RenderStatus.DONE, again.error
    assert again.pages == render.pages
    assert CachedPart.objects.exclude(key__in=before).filter(file__endswith=".json").count() == 1
    _title, sources = split(version, measured=part_cache.measured)
    assert len({source.key for source in sources} - before) == 1


@pytest.mark.django_db
def test_a_one_item_edit_renders_one_part_again(organisation):
    """Given a rendered report, when one item is edited and the PDF asked for again, then only the
    part holding that item is rendered: every other part is taken from the cache (counted)."""
    version = with_files(full_version(organisation, "zenkomoku"), 2)
    first = request_render(version, actor=None)
    assert render_version_pdf(first.pk) == "done"
    parts = CachedPart.objects.count()
    assert parts > 5 and not CachedPart.objects.filter(hits__gt=0).exists()

    risk = version.files.order_by("position").last().risk  # III of the last file: one part
    attr = next(attr for attr, item in items_of(Entity.RISK).items() if item.kind is Kind.TEXT and getattr(risk, attr))
    setattr(risk, attr, getattr(risk, attr) + "(改)")
    risk.save()
    second = request_render(version, actor=None)
    assert second.pk != first.pk and render_version_pdf(second.pk) == "done"
    assert CachedPart.objects.count() == parts + 1  # the one part that changed (the page numbers are reused too)
    assert CachedPart.objects.filter(hits=1).count() == parts - 1
    assert not RenderPart.objects.exists()  # the bookkeeping goes with the finished render
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.pages == first.pages and second.file.read()[:5] == b"%PDF-"


@pytest.mark.django_db
def test_the_cache_keeps_what_is_used_and_the_parts_of_renders_in_progress(organisation):
    version = full_version(organisation, "juten")
    render = request_render(version, actor=None)
    assert render_version_pdf(render.pk) == "done"
    keys = list(CachedPart.objects.order_by("used_at", "id").values_list("key", flat=True))
    oldest = CachedPart.objects.get(key=keys[0])
    part_cache.take(keys[-1])  # used again: now the most recent

    total = sum(CachedPart.objects.values_list("size", flat=True))
    removed = part_cache.evict(total - oldest.size)
    assert removed == 1 and not CachedPart.objects.filter(key=keys[0]).exists()
    assert not oldest.file.storage.exists(oldest.file.name)

    RenderPart.objects.create(render=render, position=0, key=keys[1], html="", generation="g")
    assert part_cache.evict(0) == len(keys) - 2
    assert list(CachedPart.objects.values_list("key", flat=True)) == [keys[1]]


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_a_part_another_worker_is_making_is_not_rendered_twice(celery_worker_process, organisation):
    """Given the longest part of a report being made by one worker (its warming after a save, say),
    when the PDF is asked for, then the workers render every other part but not that one, and the
    PDF is assembled as soon as that worker has stored it."""
    version = with_files(full_version(organisation, "zenkomoku"), 2)
    longest = max(split(version, measured=part_cache.measured)[1], key=lambda source: len(source.html))
    with part_cache.making(longest.key, "another worker") as mine:
        assert mine
        render = request_render(version, actor=None, draft_mark=False)
        deadline = time.monotonic() + 120
        while RenderPart.objects.filter(render=render, done=False).exclude(key=longest.key).exists() or \
                not RenderPart.objects.filter(render=render).exists():
            assert time.monotonic() < deadline, "the other parts were not made"
            time.sleep(0.2)
        time.sleep(1)  # the worker's task for the longest part has had its turn
        assert not CachedPart.objects.filter(key=longest.key).exists()
        render.refresh_from_db()
        assert render.status == RenderStatus.RUNNING

        part_cache.make(longest.key, lambda: render_part(version, longest.html))
        parts_made(longest.key)
    render = finished(render)
    assert render.status == RenderStatus.DONE, render.error
    assert pages_of(render.file.read()) == pages_of(render_pdf(version).content)


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_a_worker_killed_in_the_middle_of_a_part_costs_that_part_only(celery_worker_process, organisation):
    """Given a render whose parts are being made by the worker, when the worker's process dies in
    the middle of one, then that part is made again and the PDF is whole; no part file is cut short."""
    import psutil

    version = with_files(full_version(organisation, "zenkomoku"), 2)
    render = request_render(version, actor=None)
    deadline = time.monotonic() + 90
    while not (RenderPart.objects.filter(render=render, done=True).exists()
               and RenderPart.objects.filter(render=render, done=False).exists()) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert RenderPart.objects.filter(render=render, done=False).exists(), "the parts were being made"
    render.refresh_from_db()
    assert render.status == RenderStatus.RUNNING and render.file.name == ""

    for child in psutil.Process(celery_worker_process.pid).children(recursive=True):
        child.kill()  # the pool process dies mid-part, as on an out-of-memory kill

    deadline = time.monotonic() + 180
    while not render.is_finished and time.monotonic() < deadline:
        time.sleep(0.5)
        render.refresh_from_db()
    assert render.status == RenderStatus.DONE, render.error
    assert render.attempts == 1  # the render was not started again: only the part was
    content = render.file.read()
    assert hashlib.sha256(content).hexdigest() == render.sha256
    assert len(pages_of(content)) == render.pages
    for part in CachedPart.objects.all():
        stored = part.file.read()
        assert len(stored) == part.size and stored.rstrip().endswith(b"%%EOF")
    assert PdfRender.objects.get(pk=render.pk).parts.count() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_an_operator_makes_every_pdf_of_an_organisation_again_a_few_at_a_time(celery_worker_process, organisation, author,
                                                                                client):
    """Given an organisation's reports, when the operator re-renders them two at a time and the
    command is interrupted, then resumed, it finishes every version once; staff see the progress."""
    from django.core.management import call_command

    from pia_portal.rendering import bulk
    from pia_portal.reports.services import create_report

    versions = [create_report(organisation, kind="juten", assessment_number=str(n), title=f"事務{n} 重点項目評価書",
                              affair_name=f"事務{n}", actor=author) for n in (1, 2, 3)]
    batch = bulk.start(organisation=organisation, concurrency=2)
    assert batch.total == 3
    assert bulk.queue_more(batch) == 2 and bulk.queue_more(batch) == 0  # never more than two at once

    client.force_login(author)
    home = client.get(reverse("reports:organisation_home", args=[organisation.slug])).content.decode()
    assert "評価書のPDFを作り直しています" in home and "3件中" in home
    # The command stopped here (Ctrl-C, a deploy); run again, it goes on with what is not done.
    output = io.StringIO()
    call_command("rerender_pdfs", "--resume", str(batch.pk), stdout=output)
    assert "完了: 3 件、失敗: 0 件" in output.getvalue()
    for version in versions:
        assert version.renders.filter(batch=batch, status=RenderStatus.DONE).count() == 1
    status = client.get(reverse("reports:bulk_render_status", args=[organisation.slug, batch.pk])).json()
    assert status["finished"] and status["progress"] == 100 and "3件中3件" in status["label"]
