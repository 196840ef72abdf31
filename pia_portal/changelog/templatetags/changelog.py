from django import template

from ..explain import Timing

register = template.Library()


@register.filter
def proposal_value(state, name: str) -> str:
    """A text of a proposed row as it stands: staff's wording where they gave one."""
    return state.value(name)


@register.filter
def proposal_timing(state) -> str:
    return Timing(state.value("timing")).label


@register.filter
def important_changes(version):
    """The 重要な変更 of a version: for one not yet published, those its content makes compared with
    its last published edition (taken into the log or not); for a published one, its log's."""
    from pia_portal.procedure.rules import important_rows
    from pia_portal.reports.models import PUBLIC_STATUSES

    from ..services import important_changes as rows

    logged = rows(version)
    if version.status in PUBLIC_STATUSES:
        return logged
    return important_rows(version) or logged


@register.filter
def late_prior_rows(version):
    """(変更日, rows) of 事前 rows the version is not published before: procedure/rules.py."""
    from pia_portal.procedure.rules import late_prior_rows as late

    return late(version)


@register.filter
def add_class(field, css: str):
    return field.as_widget(attrs={"class": css})
