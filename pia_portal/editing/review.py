"""What the editor shows of the review: the comments of a section filed under the item they are
anchored to, the open ones per section for the sidebar, the reasons a version came back, and
what the person looking may do with them."""

from __future__ import annotations

from collections import Counter, defaultdict

from pia_portal.organisations.models import Membership, Role
from pia_portal.reports.models import Version, VersionStatus


def _threads(version: Version) -> list:
    return list(
        version.review_comments.filter(parent__isnull=True)
        .select_related("author", "answered_by", "resolved_by").prefetch_related("replies__author")
        .order_by("resolved", "created_at", "pk")
    )


def review_threads(version: Version, membership: Membership) -> dict:
    """The review page: every thread, in the order of the form's pages, each with the editor
    address of its item (the thread shows there, next to the field)."""
    from django.urls import reverse

    from .pages import page_refs

    comments = _threads(version)
    order = {ref.key: position for position, ref in enumerate(page_refs(version))}
    comments.sort(key=lambda c: (order.get(c.page, -1), c.resolved, c.created_at, c.pk))
    report = version.report
    for comment in comments:
        comment.editor_url = (
            reverse("editing:page", args=[report.organisation.slug, report.pk, version.number, comment.page])
            + f"#comment-{comment.pk}" if comment.page in order else ""
        )
    return {**_permissions(version, membership), "threads": comments, "thread_comments": comments, "read_only": True}


def _permissions(version: Version, membership: Membership) -> dict:
    reviewer = membership.has_role(Role.REVIEWER, Role.APPROVER)
    author = membership.has_role(Role.AUTHOR, Role.ADMIN)
    return {
        "can_comment": reviewer and version.status == VersionStatus.IN_REVIEW,
        "can_accept": reviewer and version.status in (VersionStatus.IN_REVIEW, VersionStatus.RETURNED),
        "can_answer": author and version.status in (VersionStatus.RETURNED, VersionStatus.DRAFT),
        "can_reply": (author or reviewer) and version.status in (VersionStatus.IN_REVIEW, VersionStatus.RETURNED),
    }


def review_context(version: Version, membership: Membership, page_key: str | None = None) -> dict:
    comments = _threads(version)
    by_item: dict[str, list] = defaultdict(list)
    on_page = []
    for comment in comments:
        if comment.page != page_key:
            continue
        if comment.anchor:
            by_item[comment.anchor].append(comment)
        elif comment.page:
            on_page.append(comment)
    return {
        # 公表しない部分: the editor marks them, so nobody is surprised by 「(非公表)」 in the PDF.
        "withheld": {f"{uid.hex}:{attr}" for uid, attr in version.withheld_parts.values_list("record_uid", "attr")},
        "comments_by_item": dict(by_item),
        "page_comments": on_page,
        "thread_comments": on_page + [c for group in by_item.values() for c in group],
        "open_comment_counts": Counter(c.page for c in comments if not c.resolved and c.page),
        "return_reasons": [c for c in comments if not c.page and not c.resolved] if version.status == VersionStatus.RETURNED else [],
        **_permissions(version, membership),
    }
