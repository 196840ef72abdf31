"""A 事務 is reached only through the member's organisation; anything else is a 404."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from pia_portal.organisations.access import get_membership
from pia_portal.organisations.models import Membership

from .models import Affair


def get_affair(request: HttpRequest, slug: str, affair_id: int) -> tuple[Membership, Affair]:
    membership = get_membership(request, slug)
    affair = get_object_or_404(Affair, pk=affair_id, organisation=membership.organisation)
    return membership, affair
