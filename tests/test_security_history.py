"""The history page answers whatever was typed (issue #27 item 8): a long text saved again and
again is shown with a diff whose work is bounded, and the history is read a page at a time."""

from __future__ import annotations

import random

import pytest
from django.urls import reverse

from pia_portal.audit.log import log_action
from pia_portal.reports.views import HISTORY_PER_PAGE, text_diff
from tests.builders import full_version

pytestmark = pytest.mark.django_db


def _long_texts() -> tuple[str, str]:
    """Two texts of 20,000 characters with little in common: the worst case of a character diff."""
    rng = random.Random(27)
    first = "".join(rng.choice("介護保険の認定を行う。住民票と照合する。") for _ in range(20_000))
    second = "".join(rng.choice("要介護者の情報を管理し、給付を決定する。") for _ in range(20_000))
    return first, second


def _edit(version, author, before: str, after: str) -> None:
    log_action("version.edited", actor=author, target=version, organisation=version.report.organisation,
               data={"page": "I 基本情報", "changes": {"I 基本情報": {"affair_description": {
                   "label": "②事務の内容", "before": before, "after": after, "kind": "text"}}}})


def test_a_long_text_saved_six_times_is_shown_whole_without_a_character_diff(client, author, organisation):
    version = full_version(organisation, actor=author)
    first, second = _long_texts()
    for number in range(6):
        before, after = (first, second) if number % 2 == 0 else (second, first)
        _edit(version, author, before, after)
    client.force_login(author)

    page = client.get(reverse("reports:report_history", args=[organisation.slug, version.report_id])).content.decode()

    assert page.count("長い記載のため、変更前と変更後をそのまま示します") == 6
    assert first[-40:] in page and second[-40:] in page  # shown whole, nothing cut


def test_a_change_within_a_long_text_is_still_marked_character_by_character():
    lines = [f"{n}. 介護保険の認定に関する書類を確認し、台帳に記録する。" for n in range(1, 400)]
    before = "\n".join(lines)
    after = before.replace("200. 介護保険の認定", "200. 要介護の認定")

    diff = str(text_diff(before, after))

    assert '200. <ins class="diff-ins">要</ins>介護<del class="diff-del">保険</del>の認定' in diff
    assert diff.count("diff-del") == 1 and "長い記載" not in diff


def test_the_history_is_read_a_page_at_a_time(client, author, organisation):
    version = full_version(organisation, actor=author)
    for number in range(HISTORY_PER_PAGE + 10):
        _edit(version, author, "", f"変更後{number}")
    client.force_login(author)
    url = reverse("reports:report_history", args=[organisation.slug, version.report_id])

    first = client.get(url).content.decode()
    last = client.get(url, {"page": "2"}).content.decode()

    assert f"変更後{HISTORY_PER_PAGE + 9}" in first and "変更後0<" not in first
    assert "変更後0<" in last and 'aria-label="履歴のページ"' in first
    assert client.get(url, {"page": "99999999999999999999"}).status_code == 200
