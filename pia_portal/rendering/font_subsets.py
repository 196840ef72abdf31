"""One font subset per font in an assembled PDF, instead of one per part.

Each part WeasyPrint renders embeds its own subset of every font it uses, so a report of 17 parts
carried 17 copies of 明朝 and ゴシック, twice the size of a single pass. WeasyPrint subsets with
the glyph ids kept (its CIDFonts map CID to glyph id one to one), so the subsets of one font are
the same font with different glyphs left in: their union is made here from the subsets' own
tables, without needing the original font file, and every part's font then points at it.

Only TrueType-outline CIDFonts with the Identity-H encoding are joined (what WeasyPrint writes for
the IPAex and most Japanese fonts); anything else (CFF outlines, a font with missing glyphs mapped
by its own CMap) is left as the parts had it: the file is larger, never wrong."""

from __future__ import annotations

import io
import itertools
import operator
import re
import struct
from collections import defaultdict

import pikepdf

from fontTools.ttLib import TTLibError
from fontTools.ttLib.sfnt import SFNTWriter

# maxp 1.0's fields after numGlyphs (uint16 from byte 6 to 32): the joined font takes the largest.
_MAXP_FIELDS = range(6, 32, 2)


class FontDigests:
    """What share_font_subsets reads of each part's fonts (widths, Unicode map, subset), read as
    each part is joined (`read`, parts.Assembly.add) rather than all at once when the last part is
    in: a tenth of a second less between the last part and the file for a report of a hundred
    pages. Kept by the font's object in the assembled PDF."""

    def __init__(self):
        self._digests: dict[tuple[int, int], _Digest] = {}

    def read(self, pages) -> None:
        """Digest the fonts `pages` use (the pages of a part just joined)."""
        for font in _type0_fonts(pages):
            if font.objgen not in self._digests and _joinable(font):
                try:
                    self._digests[font.objgen] = _Digest.of(font)
                except (KeyError, ValueError, struct.error):
                    pass  # read again, and left as it is, by share_font_subsets

    def of(self, font: pikepdf.Dictionary) -> _Digest:
        digest = self._digests.get(font.objgen)
        if digest is None:
            digest = self._digests[font.objgen] = _Digest.of(font)
        return digest


class _Digest:
    def __init__(self, widths: dict[int, float], unicode_map: dict[int, str], font_file: bytes):
        self.widths, self.unicode_map, self.font_file = widths, unicode_map, font_file
        self._subset: _Subset | Exception | None = None

    @classmethod
    def of(cls, font: pikepdf.Dictionary) -> _Digest:
        descendant = font.DescendantFonts[0]
        digest = cls(_widths(descendant.get("/W", pikepdf.Array())),
                     _unicode_map(font.ToUnicode.read_bytes()) if "/ToUnicode" in font else {},
                     descendant.FontDescriptor.FontFile2.read_bytes())
        try:
            digest.subset()  # parsed now too, while the other parts are still being rendered
        except (KeyError, ValueError, struct.error):
            pass  # kept in the digest: share_font_subsets leaves that font as the parts had it
        return digest

    def subset(self) -> _Subset:
        """The subset's tables (raises what a font that cannot be joined raises)."""
        if self._subset is None:
            try:
                self._subset = _Subset(self.font_file, max(self.widths, default=0))
                self._subset.outlined()
            except (KeyError, ValueError, struct.error) as error:
                self._subset = error
        if isinstance(self._subset, Exception):
            raise self._subset
        return self._subset


def share_font_subsets(pdf: pikepdf.Pdf, digests: FontDigests | None = None) -> None:
    """Point every part's copy of a font at one subset holding the glyphs of all of them."""
    digests = digests or FontDigests()
    groups: dict[str, list[pikepdf.Dictionary]] = defaultdict(list)
    for font in _type0_fonts(pdf.pages):
        if _joinable(font):
            groups[str(font.BaseFont)].append(font)
    for fonts in groups.values():
        if len(fonts) < 2:
            continue
        descendants = [font.DescendantFonts[0] for font in fonts]
        try:
            parts = [digests.of(font) for font in fonts]
            font_file = _join([part.subset() for part in parts])
        except (TTLibError, KeyError, ValueError, struct.error):
            continue  # not a font this module can join: keep the parts' own subsets
        widths: dict[int, float] = {}
        unicode_map: dict[int, str] = {}
        for part in parts:
            widths.update(part.widths)
            unicode_map.update(part.unicode_map)
        first = descendants[0]
        descriptor = pikepdf.Dictionary(dict(first.FontDescriptor.items()))
        descriptor.FontFile2 = pikepdf.Stream(pdf, font_file, Length1=len(font_file))
        bbox = [float(value) for value in first.FontDescriptor.FontBBox]
        bbox[2] = max(widths.values(), default=0)
        descriptor.FontBBox = pikepdf.Array(bbox)
        if len(set(widths.values())) > 1:
            descriptor.Flags = int(descriptor.Flags) & ~1  # FixedPitch only if every glyph is as wide
        descendant = pikepdf.Dictionary(dict(first.items()))
        descendant.FontDescriptor = pdf.make_indirect(descriptor)
        descendant.W = _width_array(widths)
        shared = pdf.make_indirect(descendant)
        to_unicode = pdf.make_indirect(pikepdf.Stream(pdf, _to_unicode_cmap(unicode_map)))
        for font in fonts:
            font.DescendantFonts = pikepdf.Array([shared])
            font.ToUnicode = to_unicode
        # The parts' own subsets are no longer referenced: saving leaves them out.


def _type0_fonts(pages):
    """The Type0 fonts the pages use, directly or in their forms and patterns, in the order the
    pages first use them (not the objects' order, which follows the order the parts were joined
    in, not their order in the document). Walked from the pages' resources rather than over every
    object: an assembled report holds tens of thousands of tag tree elements and only a few fonts,
    in resources shared by its pages."""
    fonts: dict[tuple[int, int], pikepdf.Dictionary] = {}
    seen: set[tuple[int, int]] = set()
    for page in pages:
        pending = [page.obj.get("/Resources")]
        while pending:
            resources = pending.pop(0)
            if not isinstance(resources, pikepdf.Dictionary):
                continue
            if resources.is_indirect:
                if resources.objgen in seen:
                    continue
                seen.add(resources.objgen)
            for _name, font in sorted(resources.get("/Font", {}).items()):
                if isinstance(font, pikepdf.Dictionary) and font.get("/Subtype") == "/Type0" and font.is_indirect:
                    fonts.setdefault(font.objgen, font)
            for category in ("/XObject", "/Pattern"):
                for _name, item in sorted(resources.get(category, {}).items()):
                    if isinstance(item, (pikepdf.Dictionary, pikepdf.Stream)) and item.is_indirect \
                            and item.objgen not in seen:
                        seen.add(item.objgen)
                        pending.append(item.get("/Resources"))
    return list(fonts.values())


def _joinable(font: pikepdf.Dictionary) -> bool:
    if font.get("/Encoding") != "/Identity-H" or len(font.get("/DescendantFonts", ())) != 1:
        return False
    descendant = font.DescendantFonts[0]
    return (descendant.get("/Subtype") == "/CIDFontType2" and descendant.get("/CIDToGIDMap") == "/Identity"
            and "/FontFile2" in descendant.get("/FontDescriptor", {}))


def join_truetype_subsets(subsets: list[tuple[bytes, int]]) -> bytes:
    """The union of subsets of one TrueType font, each given with the highest glyph id its part
    uses: each glyph (outline and metrics) from a subset that has it, every other table from the
    largest subset.

    A subset keeps the ids of the glyphs up to the highest one used, but a composite glyph's
    component beyond that is renumbered by the subsetter (it lands right after): a glyph is only
    taken from a subset at or below its highest id, with components there too. Raises ValueError
    if a glyph that is needed is in no subset at its own id."""
    return _join([_Subset(data, limit) for data, limit in subsets])


def _join(fonts: list[_Subset]) -> bytes:
    base = max(fonts, key=lambda font: font.glyph_count)
    count = max(font.limit for font in fonts) + 1
    # Each glyph id from the first subset that holds an outline for it at that id, else (an
    # empty glyph: its metrics only) from the first subset that reaches that id. A subset has
    # outlines for the few glyphs its part uses: the loops below go over those, not every id.
    chosen: list[_Subset] = []
    for font in fonts:
        if font.limit >= len(chosen):
            chosen.extend([font] * (font.limit + 1 - len(chosen)))
    outlined: dict[int, _Subset] = {}
    for font in fonts:
        for gid in font.outlined():
            outlined.setdefault(gid, font)
    for gid, font in outlined.items():
        chosen[gid] = font
        if any(component > font.limit for component in font.components(gid)):
            raise ValueError(f"glyph {gid}'s components are renumbered")
    sizes = [0] * count
    for gid, font in outlined.items():
        sizes[gid] = -(-len(font.glyph(gid)) // 4) * 4
    offsets = [0, *itertools.accumulate(sizes)]
    glyf = b"".join(chosen[gid].glyph(gid).ljust(sizes[gid], b"\0") for gid in sorted(outlined))
    tables = dict(base.tables)
    tables["glyf"] = glyf
    tables["loca"] = struct.pack(f">{len(offsets)}I", *offsets)
    # The metrics in runs of ids taken from one subset, each run a slice of that subset's hmtx.
    hmtx = bytearray()
    start = 0
    for gid in range(1, count + 1):
        if gid == count or chosen[gid] is not chosen[start]:
            hmtx += chosen[start].metrics(start, gid)
            start = gid
    tables["hmtx"] = bytes(hmtx)
    head = bytearray(tables["head"])
    head[50:52] = struct.pack(">h", 1)  # long loca offsets
    head[8:12] = b"\0\0\0\0"  # checkSumAdjustment: SFNTWriter writes it again
    tables["head"] = bytes(head)
    hhea = bytearray(tables["hhea"])
    hhea[34:36] = struct.pack(">H", count)  # every glyph has its own advance width
    hhea[10:12] = struct.pack(">H", max(advance for advance, _side in struct.iter_unpack(">Hh", hmtx)))
    tables["hhea"] = bytes(hhea)
    maxp = bytearray(tables["maxp"])
    maxp[4:6] = struct.pack(">H", count)
    if len(maxp) >= 32:
        for offset in _MAXP_FIELDS:
            maxp[offset:offset + 2] = struct.pack(">H", max(font.maxp_field(offset) for font in fonts))
    tables["maxp"] = bytes(maxp)
    tables.pop("post", None)  # glyph names by the largest subset's numbering: not needed by a PDF
    output = io.BytesIO()
    writer = SFNTWriter(output, len(tables), sfntVersion=base.version)
    for tag in sorted(tables):
        writer[tag] = tables[tag]
    writer.close()
    return output.getvalue()


# The sfnt versions of TrueType-outline fonts (the other, "OTTO", has CFF outlines).
_TRUETYPE = (b"\0\1\0\0", b"true")


class _Subset:
    """One subset's tables as bytes, and its glyphs and metrics by id. Read from the sfnt's table
    directory directly: fontTools' reader costs more than the join on a report's dozens of parts."""

    def __init__(self, data: bytes, limit: int):
        version, table_count = struct.unpack_from(">4sH", data, 0)
        if version not in _TRUETYPE:
            raise ValueError("not a TrueType-outline font")
        self.version = version
        self._outlined: list[int] | None = None
        self.tables = {}
        for index in range(table_count):
            tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
            if offset + length > len(data):
                raise ValueError(f"table {tag!r} lies beyond the font's end")
            self.tables[tag.decode("latin-1")] = data[offset:offset + length]
        if "glyf" not in self.tables or "loca" not in self.tables:
            raise ValueError("not a TrueType-outline font")
        self.glyph_count = struct.unpack(">H", self.tables["maxp"][4:6])[0]
        self.limit = min(limit, self.glyph_count - 1)
        long_offsets = struct.unpack(">h", self.tables["head"][50:52])[0] == 1
        loca = self.tables["loca"]
        # Short offsets are kept halved (scaled when a glyph is read): the order is the same.
        self.scale = 1 if long_offsets else 2
        self.offsets = struct.unpack(f">{len(loca) // 4}I", loca) if long_offsets \
            else struct.unpack(f">{len(loca) // 2}H", loca)
        if len(self.offsets) < self.glyph_count + 1:
            raise ValueError("loca is shorter than the glyph count")
        self.metric_count = struct.unpack(">H", self.tables["hhea"][34:36])[0]
        if not 0 < self.metric_count or len(self.tables["hmtx"]) < 4 * self.metric_count:
            raise ValueError("hmtx is shorter than its metrics")

    def outlined(self) -> list[int]:
        """The ids up to the limit that have an outline (a non-empty glyph)."""
        if self._outlined is None:
            ends = self.offsets[1:self.limit + 2]
            self._outlined = list(itertools.compress(range(self.limit + 1), map(operator.lt, self.offsets, ends)))
        return self._outlined

    def glyph(self, gid: int) -> bytes:
        if gid >= self.glyph_count:
            return b""
        return self.tables["glyf"][self.scale * self.offsets[gid]:self.scale * self.offsets[gid + 1]]

    def components(self, gid: int) -> list[int]:
        """The glyph ids a composite glyph is made of (none for a simple one)."""
        glyph = self.glyph(gid)
        if len(glyph) < 10 or struct.unpack(">h", glyph[:2])[0] >= 0:
            return []
        found, position = [], 10
        while True:
            flags, component = struct.unpack_from(">HH", glyph, position)
            found.append(component)
            position += 4 + (4 if flags & 0x1 else 2)  # arguments: words or bytes
            position += 8 if flags & 0x80 else 4 if flags & 0x40 else 2 if flags & 0x8 else 0  # the transform
            if not flags & 0x20:  # no more components
                return found

    def metrics(self, start: int, end: int) -> bytes:
        """hmtx's long metrics (advance, side bearing) of the ids from `start` to before `end`: the
        ids past the subset's last long metric have its advance and their own side bearing."""
        hmtx = self.tables["hmtx"]
        long_end = min(end, self.metric_count)
        found = hmtx[4 * start:4 * long_end] if start < long_end else b""
        if end > long_end:
            advance = hmtx[4 * (self.metric_count - 1):4 * self.metric_count - 2]
            sides = hmtx[4 * self.metric_count:]
            found += b"".join(advance + (sides[position:position + 2] if position + 2 <= len(sides) else b"\0\0")
                              for position in range(2 * (max(start, long_end) - self.metric_count),
                                                    2 * (end - self.metric_count), 2))
        return found

    def maxp_field(self, offset: int) -> int:
        maxp = self.tables["maxp"]
        return struct.unpack(">H", maxp[offset:offset + 2])[0] if len(maxp) >= offset + 2 else 0


_TOKEN = re.compile(rb"\[|\]|R|[-+]?(?:\d+(?:\.\d*)?|\.\d+)")


def _widths(array) -> dict[int, float]:
    """A CIDFont's /W: `c [w1 w2 …]` and `c_first c_last w` runs. Read from the array's text, as
    one pikepdf object per width costs more than the join on a report's dozens of parts."""
    tokens = _TOKEN.findall(array.unparse(resolved=True))[1:-1]
    if b"R" in tokens:  # a width given by reference: read as objects
        return _widths_of_objects(array)
    widths: dict[int, float] = {}
    position = 0
    while position < len(tokens):
        first = int(float(tokens[position]))
        if tokens[position + 1] == b"[":
            end = tokens.index(b"]", position + 2)
            widths.update(zip(range(first, first + end - position - 2), map(float, tokens[position + 2:end])))
            position = end + 1
        else:
            width = float(tokens[position + 2])
            widths.update((cid, width) for cid in range(first, int(float(tokens[position + 1])) + 1))
            position += 3
    return widths


def _widths_of_objects(array) -> dict[int, float]:
    items = list(array)
    widths: dict[int, float] = {}
    position = 0
    while position < len(items):
        first = int(items[position])
        following = items[position + 1]
        if isinstance(following, pikepdf.Array):
            for index, width in enumerate(following):
                widths[first + index] = float(width)
            position += 2
        else:
            for cid in range(first, int(following) + 1):
                widths[cid] = float(items[position + 2])
            position += 3
    return widths


def _width_array(widths: dict[int, float]) -> pikepdf.Array:
    runs: list = []
    previous = None
    for cid in sorted(widths):
        if previous is None or cid != previous + 1:
            runs.extend([cid, []])
        runs[-1].append(_number(widths[cid]))
        previous = cid
    return pikepdf.Array([pikepdf.Array(item) if isinstance(item, list) else item for item in runs])


def _number(value: float):
    return int(value) if value == int(value) else value


_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")


def _unicode_map(cmap: bytes) -> dict[int, str]:
    """Glyph id to text from a ToUnicode CMap's bfchar entries (what WeasyPrint writes)."""
    found = {}
    for block in _BFCHAR.findall(cmap):
        for glyph, text in _PAIR.findall(block):
            found[int(glyph, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be", errors="replace")
    return found


def _to_unicode_cmap(unicode_map: dict[int, str]) -> bytes:
    lines = [b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap", b"/CIDSystemInfo",
             b"<< /Registry (Adobe)", b"/Ordering (UCS)", b"/Supplement 0", b">> def",
             b"/CMapName /Adobe-Identity-UCS def", b"/CMapType 2 def", b"1 begincodespacerange", b"<0000> <ffff>",
             b"endcodespacerange"]
    items = sorted(unicode_map.items())
    for start in range(0, len(items), 100):
        batch = items[start:start + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        lines.extend(f"<{glyph:04x}> <{text.encode('utf-16-be').hex()}>".encode() for glyph, text in batch)
        lines.append(b"endbfchar")
    lines.extend([b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"])
    return b"\n".join(lines)
