"""Reports for tests, built through the portal's own services. `full_version` gives every item of
every record a value (from the catalogue, so new items are covered without touching this file)."""

from __future__ import annotations

import datetime as dt
import itertools

from django.core.files.base import ContentFile

from pia_portal.reports import models as m
from pia_portal.reports.services import add_entry, create_report
from pia_portal.reports.structure import Kind, items_of, places_by_attr
from pia_portal.reports.structure.nodes import FormKind

# A 4×3 PNG (made with Pillow): enough to prove that figures travel with a version.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000040000000308020000003b963991"
    "0000001449444154789c6394b68a61800126062480c2010019f000b704dcebe30000000049454e44ae426082"
)
_counter = itertools.count(1)


def fill(record: m.VersionContent, kind: FormKind, label: str) -> None:
    """Give every item the form kind uses on this record a plausible, distinct value."""
    places = places_by_attr(kind, record.entity)
    for attr, item in items_of(record.entity).items():
        place = places.get(attr)
        if place is None or item.normalise is not None:
            continue  # absent from this form kind, or an identifier set by create_report (評価書番号)
        n = next(_counter)
        if item.kind is Kind.TEXT:
            setattr(record, attr, f"{label}の{attr}〔{n}〕\n・一つ目の箇条\n・二つ目の箇条")
        elif item.kind is Kind.LINE:
            setattr(record, attr, f"{label} {attr}〔{n}〕")
        elif item.kind is Kind.CHOICE:
            codes = place.item.options.codes
            setattr(record, attr, codes[n % len(codes)])
        elif item.kind is Kind.CHECKS:
            options = place.item.options.options
            ticked = {options[0].code: "", options[-1].code: f"その他の内容〔{n}〕" if options[-1].has_text else ""}
            setattr(record, attr, ticked)
        elif item.kind is Kind.COUNT:
            setattr(record, attr, n % 20 + 1)
        elif item.kind is Kind.FLAG:
            setattr(record, attr, n % 2 == 0)
        elif item.kind is Kind.DATE:
            setattr(record, attr, dt.date(2019, 5, 1) + dt.timedelta(days=n % 3650))  # the counter is suite-wide
            setattr(record, f"{attr}_precision", "month" if n % 5 == 0 else "day")
            setattr(record, f"{attr}_note", "(予定)" if n % 7 == 0 else "")
        elif item.kind is Kind.IMAGE:
            getattr(record, attr).save(f"figure-{n}.png", ContentFile(PNG), save=False)
    record.save()


def full_version(organisation, kind: FormKind | str = FormKind.JUTEN, *, number: str = "20", actor=None) -> m.Version:
    kind = FormKind(kind)
    version = create_report(
        organisation, kind=kind, assessment_number=number, title=f"介護保険関係事務 {kind.label}", affair_name="介護保険関係事務", actor=actor
    )
    for model in m.SECTION_MODELS:
        fill(model.objects.get(version=version), kind, model._meta.verbose_name)
    for n in range(2):
        fill(add_entry(version, m.System), kind, f"システム{n + 1}")
        fill(add_entry(version, m.ChangeLogEntry), kind, f"変更箇所{n + 1}")
        fill(add_entry(version, m.GlossaryEntry), kind, f"用語{n + 1}")
        if kind is FormKind.ZENKOMOKU:
            fill(add_entry(version, m.BusinessFigure), kind, f"図{n + 1}")
    for n in range(2):
        file = add_entry(version, m.PersonalInfoFile)
        fill(file, kind, f"ファイル{n + 1}")
        fill(file.risk, kind, f"リスク対策{n + 1}")
        for k in range(3):
            fill(add_entry(version, m.Outsourcing, file), kind, f"委託事項{k + 1}")
            fill(add_entry(version, m.ProvisionDestination, file), kind, f"提供先{k + 1}")
            fill(add_entry(version, m.TransferDestination, file), kind, f"移転先{k + 1}")
        annex = add_entry(version, m.Annex, file)
        fill(annex, kind, "別紙1")
        for k in range(3):
            fill(add_entry(version, m.AnnexRow, annex), kind, f"別紙の行{k + 1}")
        for g in range(2):
            group = add_entry(version, m.RecordItemGroup, file)
            fill(group, kind, f"区分{g + 1}")
            for k in range(4):
                fill(add_entry(version, m.RecordItem, group), kind, f"記録項目{k + 1}")
    return version


def publish(version: m.Version) -> m.Version:
    """Mark a version published the way the workflow will: straight in the database, for tests
    of what a published version refuses."""
    m.Version.objects.filter(pk=version.pk).update(status=m.VersionStatus.PUBLISHED)
    version.refresh_from_db()
    return version


def with_procedure(version: m.Version, actor) -> m.Version:
    """The 指針's steps a new 全項目評価書 needs, recorded through the services as if a comment
    period had run in April 2026, so that the version can be submitted."""
    from pia_portal.procedure import services as procedure
    from pia_portal.procedure.rules import Step, required_steps
    from pia_portal.rendering.models import PdfRender, RenderStatus

    steps = required_steps(version)
    if not steps:
        return version
    start = dt.date(2026, 4, 1)
    period = procedure.open_comment_period(version, actor=actor, method="ホームページでの意見募集", starts_on=start,
                                           ends_on=start + dt.timedelta(days=29), today=start)
    # The 「案」 PDF is not what these tests are about: a worker that picks it up skips it.
    PdfRender.objects.filter(pk=period.draft_render_id).update(status=RenderStatus.FAILED, error="テストでは作成しない")
    later = start + dt.timedelta(days=40)
    procedure.record_comment_result(period, actor=actor, summary="意見なし", reflection="反映なし", today=later)
    if Step.INSPECTION in steps:
        procedure.record_inspection(version, actor=actor, committee="個人情報保護審議会", inspected_on=later,
                                    method="諮問", findings="適切", today=later)
    else:
        procedure.record_commission_approval(version, actor=actor, submitted_on=later, review="指摘なし",
                                             approved_on=later, today=later)
    return version


def form_fields(html: str, form_id: str | None = None) -> dict[str, str]:
    """What a browser would post of a page's form (the first form with a `base` field, or the one
    with `form_id`): inputs, text areas, ticked boxes and chosen options, as the page holds them."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.forms: list[dict] = []
            self.inside = False
            self.textarea = self.select = None
            self.option = None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "form":
                self.inside = form_id is None or a.get("id") == form_id
                self.forms.append({"id": a.get("id"), "fields": []}) if self.inside else None
            elif not self.inside:
                return
            elif tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "file", "image"):
                if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                    return
                self.forms[-1]["fields"].append((a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")))
            elif tag == "textarea" and a.get("name"):
                self.textarea = [a["name"], ""]
            elif tag == "select" and a.get("name"):
                self.select = [a["name"], None, None]
            elif tag == "option" and self.select is not None:
                value = a.get("value")
                self.select[2] = value if self.select[2] is None else self.select[2]
                if "selected" in a:
                    self.select[1] = value

        def handle_data(self, data):
            if self.textarea is not None:
                self.textarea[1] += data

        def handle_endtag(self, tag):
            if tag == "form":
                self.inside = False
            elif tag == "textarea" and self.textarea is not None:
                self.forms[-1]["fields"].append((self.textarea[0], self.textarea[1].removeprefix("\n")))
                self.textarea = None
            elif tag == "select" and self.select is not None:
                name, chosen, first = self.select
                self.forms[-1]["fields"].append((name, chosen if chosen is not None else (first or "")))
                self.select = None

    reader = Reader()
    reader.feed(html)
    for form in reader.forms:
        names = [name for name, _ in form["fields"]]
        if form_id is not None or "base" in names:
            return dict(form["fields"])
    raise AssertionError("no editor form on the page")


def with_review_pdf(version: m.Version) -> m.Version:
    """The PDF that submission asks for, made here (as the worker would) so the version can be
    approved: approval waits for the PDF of exactly the content approved."""
    from pia_portal.rendering.services import request_render
    from pia_portal.rendering.tasks import render_version_pdf

    render_version_pdf(request_render(version, actor=None).pk)
    return version
