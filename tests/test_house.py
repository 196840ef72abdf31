"""The house has no back doors (#32 item 13): each app imports only what is below it, demo data
sits above the domain, and publishing works out a version's 重要な変更 once."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "pia_portal"

# What each app must never import (a domain module knows nothing of the editor's pages, the log of
# nothing above it, and nothing of the domain knows the demo).
FORBIDDEN = {
    "changelog": {"pia_portal.editing"},
    "audit": {"pia_portal.reports", "pia_portal.publishing", "pia_portal.editing"},
    "core": {"pia_portal.reports", "pia_portal.demo", "pia_portal.publishing"},
    **{app: {"pia_portal.demo"} for app in ("reports", "editing", "publishing", "rendering", "importing", "planning",
                                            "procedure", "public", "changelog", "organisations", "accounts")},
}


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_an_app_imports_nothing_above_it(app):
    wrong = []
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for module in imports_of(path):
            if any(module == banned or module.startswith(banned + ".") for banned in FORBIDDEN[app]):
                wrong.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not wrong, "\n".join(wrong)


def test_demo_data_is_its_own_app():
    assert not (ROOT / "core" / "demo_reports.py").exists()
    assert (ROOT / "demo" / "reports.py").exists()


@pytest.mark.django_db
def test_publishing_works_out_the_important_changes_once(organisation, make_person, monkeypatch):
    """Given an approved version, publishing reads its 重要な変更 once (the procedure's state and
    the log's record share it), not once for the check and again for the log."""
    from pia_portal.changelog import services as changelog
    from pia_portal.demo.reports import load_juten
    from pia_portal.organisations.models import Role
    from pia_portal.publishing import services
    from tests.builders import with_review_pdf

    people = {role: make_person(role.value, organisation, role) for role in (Role.AUTHOR, Role.APPROVER, Role.ADMIN)}
    version = load_juten(organisation)
    services.submit_version(version, actor=people[Role.AUTHOR])
    with_review_pdf(version)
    services.approve_version(version, actor=people[Role.APPROVER])
    calls = []
    real = changelog.important_changes
    monkeypatch.setattr(changelog, "important_changes", lambda v: calls.append(v.pk) or real(v))

    services.publish_version(version, actor=people[Role.ADMIN])

    assert calls == [version.pk]
