from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pia_portal.organisations import access

from .models import Report


@login_required
def organisation_home(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.get_membership(request, slug)
    request.session[access.SESSION_KEY] = membership.organisation_id
    reports = (
        Report.objects.filter(organisation=membership.organisation)
        .prefetch_related("versions")
        .order_by("assessment_number")
    )
    return render(
        request,
        "reports/organisation_home.html",
        {"organisation": membership.organisation, "membership": membership, "reports": reports},
    )
