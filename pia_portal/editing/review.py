"""What the editor shows of the review: the comments of a section filed under the item they are
anchored to, the open ones per section for the sidebar, the reasons a version came back, and
what the person looking may do with them."""

from __future__ import annotations

from collections import Counter, defaultdict

from pia_portal.organisations.models import Membership, Role
from pia_portal.reports.models import Version, VersionStatus


def review_context(version: Version, membership: Membership, page_key: str | None = None) -> dict:
    comments = list(
        version.review_comments.filter(parent__isnull=True)
        .select_related("author", "answered_by", "resolved_by").prefetch_related("replies__author")
        .order_by("resolved", "created_at", "pk")
    )
    by_item: dict[str, list] = defaultdict(list)
    on_page = []
    for comment in comments:
        if comment.page != page_key:
            continue
        if comment.anchor:
            by_item[comment.anchor].append(comment)
        elif comment.page:
            on_page.append(comment)
    reviewer = membership.has_role(Role.REVIEWER, Role.APPROVER)
    author = membership.has_role(Role.AUTHOR, Role.ADMIN)
    return {
        # 公表しない部分: the editor marks them, so nobody is surprised by 「(非公表)」 in the PDF.
        "withheld": {f"{uid.hex}:{attr}" for uid, attr in version.withheld_parts.values_list("record_uid", "attr")},
        "comments_by_item": dict(by_item),
        "page_comments": on_page,
        "thread_comments": on_page + [c for group in by_item.values() for c in group],
        "open_comment_counts": Counter(c.page for c in comments if not c.resolved and c.page),
        "return_reasons": [c for c in comments if not c.page and not c.resolved] if version.status == VersionStatus.RETURNED else [],
        "can_comment": reviewer and version.status == VersionStatus.IN_REVIEW,
        "can_accept": reviewer and version.status in (VersionStatus.IN_REVIEW, VersionStatus.RETURNED),
        "can_answer": author and version.status in (VersionStatus.RETURNED, VersionStatus.DRAFT),
        "can_reply": (author or reviewer) and version.status in (VersionStatus.IN_REVIEW, VersionStatus.RETURNED),
    }
