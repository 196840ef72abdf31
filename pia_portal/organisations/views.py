from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import access


@login_required
def home(request: HttpRequest) -> HttpResponse:
    organisation = access.current_organisation(request)
    if organisation is None:
        return render(request, "organisations/no_organisation.html")
    return redirect("reports:organisation_home", slug=organisation.slug)


@require_POST
@login_required
def switch_organisation(request: HttpRequest) -> HttpResponse:
    membership = access.get_membership(request, request.POST.get("slug", ""))
    request.session[access.SESSION_KEY] = membership.organisation_id
    return redirect("reports:organisation_home", slug=membership.organisation.slug)
