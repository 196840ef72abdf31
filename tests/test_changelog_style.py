"""One 変更箇所 table, one style (#32 item 9): new rows follow the 項目 style of the rows already
in the log (an imported report's own) unless the admin chose a house style, and the 提出時期に
係る説明 keeps its cause and its verdict apart."""

import pytest

from pia_portal.changelog.explain import Classification, Wording, explanation
from pia_portal.changelog.models import ChangeLogStyle, house_style_for
from pia_portal.changelog.paths import PathStyle, style_of_items
from pia_portal.reports import models as m
from tests.builders import full_version


@pytest.mark.parametrize("items, style", [
    (["II 特定個人情報ファイル【(1)介護保険情報ファイル】の概要_4. 特定個人情報ファイルの取扱いの委託_委託事項2_⑥委託先名"],
     PathStyle.UNDERSCORE),
    (["II(1)-4-委託事項2-⑥ 委託先名", "I-2-システム1-① システムの名称"], PathStyle.COMPACT),
    (["Ⅱ(1)-4-委託事項1-⑥ 委託先名"], PathStyle.COMPACT),
    (["II 特定個人情報ファイルの概要 (1)介護保険情報ファイル 4. 特定個人情報ファイルの取扱いの委託 委託事項2 ⑥委託先名"],
     PathStyle.FULL),
    (["表紙 公表日", "II(1)-4-委託事項2-⑥ 委託先名", "II(1)-5-提供先1-① 法令上の根拠"], PathStyle.COMPACT),
    ([], None),
])
def test_the_style_of_a_log_is_read_from_its_rows(items, style):
    assert style_of_items(items) == style


@pytest.mark.django_db
def test_new_rows_follow_the_logs_own_style_unless_the_admin_chose_one(organisation, author):
    version = full_version(organisation, actor=author)
    m.ChangeLogEntry.objects.filter(version=version).update(item="II(1)-4-委託事項1-⑥ 委託先名")
    assert house_style_for(organisation, version).path_style is PathStyle.COMPACT

    ChangeLogStyle.objects.create(organisation=organisation, path_style=PathStyle.UNDERSCORE.value)
    assert house_style_for(organisation, version).path_style is PathStyle.UNDERSCORE


def test_the_cause_and_the_verdict_are_two_sentences():
    text = explanation(Classification.OTHER, "委託先の変更", wording=Wording.CAUSE_FIRST)
    assert text == "委託先の変更。その他の項目の変更であり事前の提出・公表が義務付けられない"
    assert explanation(Classification.OTHER, "", wording=Wording.CAUSE_FIRST).startswith("その他の項目")
