"""PDFs made to hurt their reader (#27 item 2), written byte by byte so that none is stored:
tests/test_security_pdf_upload.py uploads them to the portal, bench/crafted_pdf_uploads.py to a
running one. Standard library only."""

from __future__ import annotations

import zlib

MB = 1024 * 1024


def pdf_of(objects: list) -> bytes:
    """A PDF of the given objects (numbered from 1; the first is the catalogue), each the bytes of
    a dictionary or (dictionary, stream data), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        if isinstance(obj, tuple):
            head, data = obj
            out += b"%d 0 obj\n%s\nstream\n" % (number, head) + data + b"\nendstream\nendobj\n"
        else:
            out += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def one_page_of(content: bytes) -> bytes:
    """One page whose content stream inflates to `content`'s bytes (already Flate-compressed)."""
    return pdf_of([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        (b"<< /Length %d /Filter /FlateDecode >>" % len(content), content),
        FONT,
    ])


def text_operators(megabytes: int = 20) -> bytes:
    """A page of `megabytes` of text-showing operators after Flate (the issue's is 51 KB)."""
    line = b"1 0 0 1 72 720 Tm (Tokutei kojin joho hogo hyokasho) Tj\n"
    body = b"BT /F1 9 Tf\n" + line * (megabytes * MB // len(line)) + b"ET\n"
    return one_page_of(zlib.compress(body, 9))


def flate_bomb(megabytes: int = 300) -> bytes:
    """A page whose content inflates to `megabytes` of spaces, compressed a megabyte at a time."""
    packer = zlib.compressobj(9)
    chunk = b" " * MB
    packed = b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()
    return one_page_of(packed)


def empty_pages(count: int = 100_000) -> bytes:
    kids = b" ".join(b"%d 0 R" % (3 + n) for n in range(count))
    return pdf_of([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        *[b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * count,
    ])


def nested_pages(depth: int = 5_000) -> bytes:
    """/Pages inside /Pages `depth` deep, one empty page at the bottom (a RecursionError before)."""
    nodes = [b"<< /Type /Pages /Kids [%d 0 R] /Count 1%s >>" % (3 + n, b"" if n == 0 else b" /Parent %d 0 R" % (1 + n))
             for n in range(depth)]
    page = b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] >>" % (1 + depth)
    return pdf_of([b"<< /Type /Catalog /Pages 2 0 R >>", *nodes, page])
