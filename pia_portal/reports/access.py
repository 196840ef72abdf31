"""One access helper per object kind: a report or version is reached only through the member's
organisation, so anything else is a 404."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from pia_portal.organisations.access import get_membership
from pia_portal.organisations.models import Membership

from .models import Report, Version


def get_report(request: HttpRequest, slug: str, report_id: int) -> tuple[Membership, Report]:
    membership = get_membership(request, slug)
    report = get_object_or_404(Report, pk=report_id, organisation=membership.organisation)
    return membership, report


def get_version(request: HttpRequest, slug: str, report_id: int, number: int) -> tuple[Membership, Version]:
    membership, report = get_report(request, slug, report_id)
    version = report.versions.filter(number=number).select_related("report__organisation").first()
    if version is None:
        raise Http404
    return membership, version
