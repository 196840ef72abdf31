"""Keeping the search documents in step with what is published."""

from __future__ import annotations

from django.utils import timezone

from pia_portal.reports.models import Version
from pia_portal.publishing.withholding import public_texts

from . import fold
from .models import SearchDocument

SEPARATOR = " / "


def public_text(version: Version) -> str:
    """The version's texts as the public may read them, in the order of the form."""
    return fold.display(SEPARATOR.join(public_texts(version)))


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
    text = fold.display(organisation.name) + SEPARATOR + public_text(version)
    key = fold.fold(text)
    heading_key = fold.key_of(" ".join((report.title, report.affair_name, organisation.name, report.assessment_number)))
    document, _ = SearchDocument.objects.update_or_create(report=report, defaults={
        "version": version, "organisation": organisation, "prefecture": organisation.prefecture, "kind": report.kind,
        "published_on": published_on, "heading_key": heading_key, "heading_grams": fold.grams(heading_key),
        "affair_key": fold.key_of(report.affair_name), "text": text, "key": key, "grams": fold.grams(key),
    })
    return document
