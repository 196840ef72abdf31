"""The しきい値判断 as it stands for a 事務 today: its latest judgement, re-judged when the
organisation recorded a 重大事故 since (the answer about 重大事故 is the organisation's, not the
事務's: procedure/shishin.py, incident_scope)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .threshold import Required


def effective_requirement(affair, today: dt.date | None = None) -> Required | None:
    judgement = current(affair, today)
    return judgement.required if judgement is not None else None


def current(affair, today: dt.date | None = None):
    """The Decision that applies to `affair` on `today` (None: never judged)."""
    from pia_portal.procedure import shishin

    threshold = affair.latest_threshold()
    if threshold is None:
        return None
    if threshold.exemption:
        return _exempt(threshold)
    today = today or timezone.localdate()
    incident = threshold.serious_incident or organisation_incident(affair.organisation, today) is not None
    return shishin.threshold(threshold.subject_band, threshold.handlers, incident)


def organisation_incident(organisation, today: dt.date):
    """The latest 重大事故 of the organisation that still counts on `today` (within the past year and
    attributable to it), or None."""
    from pia_portal.procedure import shishin

    from .models import SeriousIncident

    for incident in SeriousIncident.objects.filter(organisation=organisation, occurred_on__lte=today).order_by("-occurred_on"):
        if shishin.incident_counts(attributable=incident.attributable, occurred_on=incident.occurred_on, decided_on=today):
            return incident
    return None


def _exempt(threshold):
    from .threshold import decide

    return decide(threshold.subject_band, threshold.handlers, threshold.serious_incident, exemption=threshold.exemption)
