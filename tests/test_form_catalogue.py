"""The catalogue holds every item of both forms with its exact label and option list.

The expected labels and options are read from the field-by-field analysis in
../shared/reference/spec, so that analysis and catalogue cannot drift apart unnoticed.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from django.db import models as dj

from pia_portal.reports import models as m
from pia_portal.reports.structure import (
    FORMS,
    Entity,
    Fixed,
    FormKind,
    FormRevision,
    Group,
    Kind,
    Place,
    Repeat,
    entity_of,
    items_of,
    option_sets,
)
from pia_portal.reports.structure.nodes import OptionSet, all_wordings

CIRCLED = "".join(chr(c) for c in range(0x2460, 0x2474))


def normal(text: str) -> str:
    """Compare labels as printed text: width-insensitive, blind to spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def catalogue_labels(kind: FormKind) -> set[str]:
    form = FORMS[kind]
    labels = {form.title, form.contents_title, *form.contents}
    for section in form.sections:
        labels |= {section.label(), section.title, section.nav_title}
        for node in section.walk():
            if isinstance(node, Place):
                for wording in all_wordings(node.item.label):
                    labels |= {wording, f"{node.number}{wording}"}
            elif isinstance(node, Group):
                for revision in FormRevision:
                    labels |= {node.label(revision), *all_wordings(node.title)}
                    labels |= {flag.label(revision) for flag in node.flags}
            elif isinstance(node, Repeat):
                labels |= {node.title.replace("{n}", "N"), node.heading}
                if node.name:
                    labels |= set(all_wordings(node.name.item.label))
            elif isinstance(node, Fixed):
                labels |= {node.label, *node.text.splitlines()}
    return {normal(label) for label in labels if label}


LABEL_COLUMNS = {"label", "label (verbatim)", "item label", "block"}


def spec_labels(path) -> list[tuple[str, str]]:
    """(label, the table row it came from) for every label cell of every item table."""
    found = []
    header = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = [c.lower() for c in cells]
            continue
        if set(line) <= set("|-: "):
            continue
        for index, name in enumerate(header):
            if index < len(cells) and (name.startswith("printed") or name in LABEL_COLUMNS):
                for label in _labels_in_cell(cells[index]):
                    found.append((label, line))
    return found


def _labels_in_cell(cell: str) -> list[str]:
    parts = re.findall(r"`([^`]+)`", cell) or [cell]
    labels = []
    for part in parts:
        part = part.replace("**", "").split(" / ")[0].strip()
        part = re.sub(r"^\[\s*○?\s*\]\s*", "", part)  # a check box drawn before its label
        part = re.sub(r"\s*\+ value( cell)?$", "", part)
        part = re.sub(r"\s*※(\(.*\))?$", "", part)  # the important mark is not part of the label
        if not part or part.startswith("(") or part in {"—", "heading", "head", "(closing)"} or part.startswith("<"):
            continue
        part = re.sub(r"^[%s]" % CIRCLED, "", part)
        part = re.sub(r"^(\d+\.|[IVX]+(-\d+)?)\s+(?=\S)", "", part) if not part.startswith(("I ", "II ", "V ", "IV ", "VI ", "III ")) else part
        part = re.sub(r"(システム|委託事項|提供先|移転先)[Nn]$", r"\1N", part)
        labels.append(part.strip())
    return labels


# Labels the analysis names that the catalogue models differently, each with the reason.
KNOWN_DIFFERENCES = {
    # Descriptive row names of the analysis, not printed labels.
    "提供・移転の有無",  # printed, and in the catalogue as the cell group of II-5 (checked below)
    "全ての記録項目",  # a printed constant (Fixed), checked below
    # 基礎: the cover's 様式 tag. Only the 平成 tags are verified and the current one is not
    # (form_kiso.md §0), so none is printed; the version's 様式 is recorded as its form_revision.
    "[平成26年4月 様式2]",
    # 基礎: a row of the analysis that records an absence (only the 全項目 cover has it).
    "個人情報保護委員会 承認日",
}


def _option_labels(kind: FormKind) -> set[str]:
    return {normal(option.label) for _, _, place in FORMS[kind].places() if place.item.options
            for option in place.item.options.options}


def _is_known(kind: FormKind, label: str, have: set[str]) -> bool:
    """A label, an option list written 「1) … 2) …」 or the columns of a table 「a │ b」."""
    if normal(label) in have or label in KNOWN_DIFFERENCES:
        return True
    if re.match(r"^\d\)\s", label):
        return all(normal(o) in _option_labels(kind) for o in re.split(r"\s*\d\)\s+", label) if o.strip())
    if "│" in label:
        return all(normal(column) in have for column in label.split("│"))
    return False


@pytest.mark.parametrize(
    "kind, spec_file, at_least",
    [(FormKind.JUTEN, "form_juten.md", 100), (FormKind.ZENKOMOKU, "form_zenkomoku.md", 100), (FormKind.KISO, "form_kiso.md", 40)],
)
def test_every_item_of_the_analysis_is_in_the_catalogue_with_its_exact_label(reference_dir, kind, spec_file, at_least):
    have = catalogue_labels(kind)
    missing = []
    rows = spec_labels(reference_dir / "spec" / spec_file)
    assert len(rows) > at_least, "the analysis lists more items than that"
    for label, row in rows:
        if _is_known(kind, label, have):
            continue
        missing.append(f"{label}    ← {row[:140]}")
    assert not missing, "labels of the analysis not in the catalogue:\n" + "\n".join(missing)


def spec_option_lists(path) -> dict[str, list[str]]:
    """The option tables of the 全項目 analysis (§0): {set id: [label, …]}."""
    lists = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| `([CK]-[A-Z0-9-]+)` \| [^|]+ \| (.+) \|$", line)
        if not match:
            continue
        code, text = match.groups()
        if code.startswith("C-"):
            lists[code] = [o.strip() for o in re.split(r"\s*\d+\)\s+", text) if o.strip()]
        else:
            text = re.sub(r"\s*\((every|001 layout|each of).*$", "", text)
            text = re.sub(r"・[^:]+:\s*", "", text).replace(";", " /")
            lists[code] = [re.sub(r"\s*\(\s*\)$", "", o).strip() for o in text.split(" / ") if o.strip()]
    return lists


def catalogue_option_sets() -> dict[str, OptionSet]:
    return {value.code: value for value in vars(option_sets).values() if isinstance(value, OptionSet)}


def test_every_option_list_of_the_analysis_is_in_the_catalogue_verbatim(reference_dir):
    expected = spec_option_lists(reference_dir / "spec" / "form_zenkomoku.md")
    have = catalogue_option_sets()
    assert len(expected) >= 30
    # 提供・移転の有無 is check boxes each with its own 件数, so it is three flag items and two counts.
    provision = next(
        node for node in FORMS[FormKind.ZENKOMOKU].section("file").walk() if isinstance(node, Group) and node.cell
    )
    flags = [p.item.label for p in provision.children if p.item.kind is Kind.FLAG]
    assert [re.sub(r"\s*\(\s*\)\s*件$", "", label) for label in expected.pop("K-TEIKYO-UMU")] == flags
    for code, labels in expected.items():
        assert code in have, f"option set {code} is missing"
        # 4情報 is the older wording of 5情報: the option carries both, one per form revision.
        wordings = [all_wordings(o.label) for o in have[code].options]
        assert len(wordings) == len(labels), f"{code}: {labels} vs {wordings}"
        for label, options in zip(labels, wordings):
            assert label in options, f"{code}: 「{label}」 not among {options}"


def test_the_juten_only_option_lists_are_verbatim(reference_dir):
    text = (reference_dir / "spec" / "form_juten.md").read_text(encoding="utf-8")
    target = re.search(r"\| I\.1\.3 .*?`<選択肢>`\s*\*\*`(.+?)`\*\*", text).group(1)
    threshold = re.search(r"\| V\.1\.2 .*?`<選択肢> (.+?)`", text).group(1)
    for spec, option_set in ((target, option_sets.TARGET_POPULATION_JUTEN), (threshold, option_sets.THRESHOLD_JUTEN)):
        labels = [o.strip() for o in re.split(r"\s*\d+\)\s+", spec) if o.strip()]
        assert labels == [o.label for o in option_set.options]


def test_both_wordings_of_the_revised_labels_are_kept_and_chosen_by_revision():
    basic = option_sets.MAIN_RECORD_ITEMS.get("BASIC_INFO")
    assert option_sets.MAIN_RECORD_ITEMS.label_of("BASIC_INFO", FormRevision.H26) == "4情報(氏名、性別、生年月日、住所)"
    assert option_sets.MAIN_RECORD_ITEMS.label_of("BASIC_INFO", FormRevision.R7) == "5情報(氏名、氏名の振り仮名、性別、生年月日、住所)"
    assert len(all_wordings(basic.label)) == 2
    head = items_of(Entity.BASIC_INFO)["department_head"]
    assert [w for w in all_wordings(head.label)] == ["所属長", "所属長の役職名"]
    education = items_of(Entity.RISK)["staff_education"]
    assert all_wordings(education.label) == ("従業員に対する教育・啓発", "従業者に対する教育・啓発")


def test_important_marks_follow_the_form_kind():
    def marks(kind):
        return {
            place.item.attr: place.is_important or any(getattr(g, "important", False) for g in chain)
            for section, chain, place in FORMS[kind].places()
            if entity_of(section, chain) in (Entity.BASIC_INFO, Entity.FILE)
        }

    juten, zenkomoku = marks(FormKind.JUTEN), marks(FormKind.ZENKOMOKU)
    assert zenkomoku["affair_description"] and not juten["affair_description"]
    assert zenkomoku["using_departments"] and not juten["using_departments"]
    assert juten["purpose"] and zenkomoku["purpose"] and juten["main_record_items"]
    assert juten["mynumber_legal_basis"] and juten["nws_linkage"]  # section-level ※
    assert not juten["subject_count"] and not zenkomoku["holding_start_date"]
    risk_marks = {
        place.item.attr: place.is_important for section, _, place in FORMS[FormKind.JUTEN].places() if section.code == "risk"
    }
    assert risk_marks["serious_incident"] is False  # ※(7. ②を除く。)


def test_printed_numbers_follow_the_form_kind():
    def number(kind, attr):
        return next(p.number for s, _, p in FORMS[kind].places() if p.item.attr == attr and s.entity is Entity.FILE)

    assert number(FormKind.JUTEN, "purpose") == "③" and number(FormKind.ZENKOMOKU, "purpose") == "⑥"
    assert number(FormKind.JUTEN, "subcontract") == "④" and number(FormKind.ZENKOMOKU, "subcontract") == "⑦"


@pytest.mark.parametrize("entity", [e for e in Entity if e is not Entity.VERSION])
def test_every_catalogue_item_is_a_model_field_of_the_right_type(entity):
    model = m.MODEL_FOR_ENTITY[entity]
    expected = {
        Kind.TEXT: dj.TextField,
        Kind.LINE: dj.TextField,
        Kind.CHOICE: dj.CharField,
        Kind.CHECKS: dj.JSONField,
        Kind.COUNT: dj.PositiveIntegerField,
        Kind.DATE: dj.DateField,
        Kind.FLAG: dj.BooleanField,
        Kind.IMAGE: dj.ImageField,
    }
    for attr, item in items_of(entity).items():
        field = model._meta.get_field(attr)
        assert isinstance(field, expected[item.kind]), f"{model.__name__}.{attr}"
        if item.kind is Kind.CHOICE:
            assert {code for code, _ in field.choices} >= set(item.options.codes)


def _spec_options(text: str, row_id: str) -> list[str]:
    """The 「1) … 2) …」 list in the table row `row_id` of an analysis."""
    row = next(line for line in text.splitlines() if line.startswith(f"| {row_id} "))
    listed = next(cell for cell in re.findall(r"`([^`]+)`", row) if re.search(r"(^|\s)1\)\s", cell))
    listed = listed.replace("<選択肢>", "")
    return [o.strip() for o in re.split(r"\s*\d\)\s+", listed) if o.strip()]


@pytest.mark.parametrize("row_id, option_set", [
    ("K.III.1o", option_sets.THRESHOLD_KISO),
    ("K.IV.1", option_sets.SUBMITTED_KINDS),
    ("K.IV.11.1", option_sets.PRIORITY_MEASURE),
    ("K.I.4.1", None),  # the 実施の有無 of 情報連携, shared with the other forms
])
def test_the_kiso_option_lists_are_those_of_the_analysis(reference_dir, row_id, option_set):
    text = (reference_dir / "spec" / "form_kiso.md").read_text(encoding="utf-8")
    expected = _spec_options(text, row_id)
    if option_set is None:
        assert set(map(normal, expected)) <= _option_labels(FormKind.KISO)
    else:
        assert [o.label for o in option_set.options] == expected
