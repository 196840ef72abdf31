"""A report written out the way PDF-to-text extractors write published reports: label<TAB>value
lines, [○]/[ ] boxes, <選択肢> legends, tab-separated tables. Used to test that the importer reads
reports other than the three references (another city, the newer form revision)."""

from __future__ import annotations

from pia_portal.importing.cells import CHECKED, UNCHECKED, text_of
from pia_portal.rendering.document import build


def _flat(html) -> str:
    """One line, as extractors write a cell: several lines become <p> fragments, as in the references."""
    text = text_of(str(html)).replace(CHECKED, "[○]").replace(UNCHECKED, "[ ]")
    lines = text.split("\n")
    if len(lines) > 1 and not any(mark in text for mark in ("[○]", "[ ]", "選択肢")):
        return " ".join(f"<p>{line}</p>" for line in lines)
    return " ".join(lines)


def extraction_of(version) -> str:
    report = build(version)
    lines: list[str] = []
    for part in report.parts:
        if part.kind == "cover":
            cover = part.cover
            lines += [part.title, "", f"{cover['labels']['assessment_number']}\t{cover['labels']['title']}",
                      f"{_flat(cover['values']['assessment_number'])}\t{_flat(cover['values']['title'])}", "",
                      cover["labels"]["declaration"], _flat(cover["values"]["declaration"]), ""]
            for label, value in cover["rest"]:
                lines += [label, _flat(value), ""]
            lines += [cover["contents_title"], *cover["contents"], ""]
        elif part.kind == "form":
            lines += ["", f"{part.title}{' ' + part.note if part.note else ''}", ""]
            for row in part.rows:
                if row.kind == "heading":
                    lines.append(f"{row.label}{' ※' if row.important else ''}\t{_flat(row.flags)}".rstrip())
                elif row.kind == "span":
                    if row.first_of_span:
                        lines.append(row.label)
                    lines.append(f"{row.sublabel}{' ※' if row.important else ''}\t{_flat(row.value)}")
                elif row.kind in ("item", "sub", "instance"):
                    lines.append(f"{row.label}{' ※' if row.important else ''}\t{_flat(row.value)}")
                elif row.kind == "caption":
                    lines.append(row.label)
                else:
                    lines.append(_flat(row.value))
        elif part.kind == "records":
            lines += ["", part.title, part.subtitle]
            for group in part.table["groups"]:
                if group["heading"]:
                    lines.append(group["heading"])
                lines += [f"・{item}" for item in group["items"]]
        elif part.kind == "annex":
            lines += ["", part.title, "\t".join(part.table["columns"])]
            for row in part.table["rows"]:
                lines.append("\t".join(_flat(cell) or "-" for cell in row["cells"]))
        elif part.kind == "changes":
            lines += ["", part.title, "\t".join(part.table["columns"])]
            for row in part.table["rows"]:
                lines.append("\t".join(_flat(cell) for cell in row))
    return "\n".join(lines) + "\n"
