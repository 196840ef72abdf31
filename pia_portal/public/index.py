"""Keeping the search documents in step with what is published."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from pia_portal.reports import models as m
from pia_portal.reports.models import Version
from pia_portal.publishing.withholding import public_texts

from . import fold
from .models import SearchDocument

SEPARATOR = " / "


def public_text(version: Version) -> str:
    """The version's texts as the public may read them, in the order of the form."""
    return fold.display(SEPARATOR.join(public_texts(version)))


@dataclass(frozen=True)
class EditionNames:
    """A report's names as one edition prints them. The report's own (Report.title) follow its
    current draft, which is not public until it is published."""

    title: str
    affair_name: str


def edition_names(version: Version) -> EditionNames:
    title = m.Cover.objects.filter(version=version).values_list("title", flat=True).first() or ""
    affair_name = m.BasicInfo.objects.filter(version=version).values_list("affair_name", flat=True).first() or ""
    report = version.report
    return EditionNames(" ".join(title.split()) or f"{report.get_kind_display()} {report.assessment_number}",
                        " ".join(affair_name.split()))


def index_version(version: Version) -> SearchDocument | None:
    """Make `version` (just published) what the search finds of its report."""
    report = version.report
    organisation = report.organisation
    publication = getattr(version, "publication", None)
    published_on = (publication and (publication.published_on or (publication.published_at and timezone.localdate(publication.published_at)))
                    or timezone.localdate())
    if report.affair.archived_at is not None:
        SearchDocument.objects.filter(report=report).delete()
        return None
    names = edition_names(version)
    text = fold.display(organisation.name) + SEPARATOR + public_text(version)
    key = fold.fold(text)
    heading_key = fold.key_of(" ".join((names.title, names.affair_name, organisation.name, report.assessment_number)))
    document, _ = SearchDocument.objects.update_or_create(report=report, defaults={
        "version": version, "organisation": organisation, "prefecture": organisation.prefecture, "kind": report.kind,
        "published_on": published_on, "title": names.title, "affair_name": names.affair_name,
        "heading_key": heading_key, "heading_grams": fold.grams(heading_key),
        "affair_key": fold.key_of(names.affair_name), "text": text, "key": key, "grams": fold.grams(key),
    })
    return document
