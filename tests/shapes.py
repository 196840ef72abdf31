"""Other shapes of the same extracted report, as other converters write them: the importer must read
them all alike. Written from the tab/HTML extractions of ../shared/reference (never copied)."""

from __future__ import annotations

import re

SECTION = re.compile(r"^(I|II|III|IV|V|VI|Ⅰ|Ⅱ|Ⅲ|Ⅳ|Ⅴ|Ⅵ)\s|^\(別添\d\)")


def markdown_tables(source: str, *, width: int = 6, page_rows: int = 35, inputs: bool = False,
                    side_by_side: bool = False, split_cells: bool = False, contents_table: bool = False,
                    blocks: bool = False) -> str:
    """PDF-to-Markdown output: `#`/`##` headings, pipe tables padded with empty trailing cells, a
    separator under each table's first row, tables cut every `page_rows` rows (a page end), check
    boxes as `[ ○ ]` / `[ ]`. Variants: boxes as `[ <input checked> ]` (`inputs`); two short
    label/value rows printed side by side in one row (`side_by_side`); a long value cut at a page
    end and continued in a row of its own with an empty label cell (`split_cells`); the 項目一覧 as a
    one-column table (`contents_table`); entries printed in blocks of five under a row such as
    「システム6～10」 (`blocks`)."""
    if contents_table:
        source = _contents_as_table(source)
    if blocks:
        source = re.sub(r"^(システム|委託事項|提供先|移転先)(\d+)(?=\t)",
                        lambda m: (f"{m[1]}{m[2]}～{int(m[2]) + 4}\t\n" if int(m[2]) % 5 == 1 and m[2] != "1" else "") + m[0],
                        source, flags=re.M)
    if side_by_side:
        source = _side_by_side(source)
    out: list[str] = []
    in_table = False
    rows_on_page = 0
    header = ""
    for line in source.splitlines():
        text = line.strip()
        if not text:
            if in_table:
                out.append("")
            in_table = False
            continue
        if "\t" not in line:
            if in_table:
                out.append("")
                in_table = False
            out.append(("# " if SECTION.match(text) else "") + text)
            continue
        cells = [c.strip().replace("|", "｜") for c in line.split("\t")]
        cells = [re.sub(r"\[\s*○\s*\]", "[ <input checked> ]" if inputs else "[ ○ ]", c) for c in cells]
        if split_cells and len(cells[1] if len(cells) > 1 else "") > 300 and len(cells) >= 2 and cells[0]:
            head, tail = _cut(cells[1])
            if tail:
                first = cells[:1] + [head] + cells[2:]
                first += [""] * max(0, width - len(first))
                out.append("| " + " | ".join(first) + " |")
                out += ["", "<!-- page -->", ""]
                cells = ["", tail]
        cells += [""] * max(0, width - len(cells))
        row = "| " + " | ".join(cells) + " |"
        if not in_table:
            out.append(row)
            out.append("|" + "---|" * len(cells))
            header, in_table, rows_on_page = row, True, 0
            continue
        rows_on_page += 1
        if rows_on_page >= page_rows:  # a page end: the table is cut and continues
            out += ["", f"<!-- page -->", ""]
            rows_on_page = 0
        out.append(row)
    return "\n".join(out) + "\n"


def _cut(value: str) -> tuple[str, str]:
    """A value cut between two of its paragraphs, as a page end cuts it."""
    parts = re.split(r"(?<=</p>)|(?<=</li>)", value)
    if len(parts) < 3:
        return value, ""
    middle = len(parts) // 2
    return "".join(parts[:middle]), "".join(parts[middle:])


def _contents_as_table(source: str) -> str:
    lines = source.splitlines()
    out, inside = [], False
    for line in lines:
        if line.strip() == "項目一覧":
            out.append(line)
            inside = True
            continue
        if inside and line.strip() and "\t" not in line and SECTION.match(line.strip()):
            out.append(f"{line.strip()}\t")
            continue
        if inside and line.strip():
            inside = False if "\t" in line or not SECTION.match(line.strip()) else inside
        out.append(line)
    return "\n".join(out)


def _side_by_side(source: str) -> str:
    """Two consecutive short 「label\tvalue」 rows printed as one four-cell row."""
    from pia_portal.importing.text import form_labels, label_key
    from pia_portal.reports.structure import FormKind

    labels = form_labels(FormKind.JUTEN) | form_labels(FormKind.ZENKOMOKU)
    lines = source.splitlines()
    out, index = [], 0
    def short(line: str) -> bool:  # a label and its value (not a table's column titles)
        label, _, value = line.partition("\t")
        return (line.count("\t") == 1 and len(line) < 40 and "<" not in line and label.strip() and value.strip()
                and label_key(value) not in labels
                and not re.match(r"^\d+\.|^(システム|委託事項|提供先|移転先)\d", label.strip()))

    while index < len(lines):
        if index + 1 < len(lines) and short(lines[index]) and short(lines[index + 1]):
            out.append(lines[index] + "\t" + lines[index + 1])
            index += 2
            continue
        out.append(lines[index])
        index += 1
    return "\n".join(out)


ANOTHER_STYLE = """
@page { size: A4; margin: 18mm 15mm; }
html { font-family: "Noto Sans CJK JP", sans-serif; font-size: 9.5pt; line-height: 1.5; color: #000; }
h1, h2, h3 { font-weight: bold; margin: 6mm 0 2mm; }
table { width: 100%; border-collapse: collapse; table-layout: auto; margin-bottom: 3mm; }
th, td { border: 0.75pt solid #000; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }
th { background: #ddd; font-weight: normal; }
tbody th:first-child { width: 32%; }
.no-print, .figure img { display: none; }
"""


def restyled_pdf(html: str, chromium: str = "/usr/bin/chromium") -> bytes:
    """The portal's print HTML with another stylesheet, printed by chromium: the same content as
    another producer's PDF would lay it out (other fonts, widths, margins, no running header)."""
    import subprocess
    import tempfile
    from pathlib import Path

    restyled = re.sub(r"<style[^>]*>.*?</style>", f"<style>{ANOTHER_STYLE}</style>", html, count=1, flags=re.S)
    with tempfile.TemporaryDirectory() as directory:
        page, pdf = Path(directory) / "report.html", Path(directory) / "report.pdf"
        page.write_text(restyled, encoding="utf-8")
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
             f"--print-to-pdf={pdf}", page.as_uri()],
            check=True, capture_output=True, timeout=120,
        )
        return pdf.read_bytes()
