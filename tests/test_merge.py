"""The editor's three-way merge as a property (hypothesis): over random pairs of edits of a
version's page, every item changed by exactly one side has that side's value, an item changed by
both is equal on both or reported as a conflict, and nothing else changes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pia_portal.editing.merge import MISSING, Why, join_paragraphs, merge

RECORDS = [f"{n:032x}" for n in range(4)]
ATTRS = ["department", "storage_place", "validity", "deletion_method", "contractor_name"]
KEYS = [(record, attr) for record in RECORDS for attr in ATTRS]
VALUES = st.one_of(st.sampled_from(["", "本庁舎", "分庁舎", "5年", "50年", "株式会社ABC", "株式会社ABD"]), st.booleans(),
                   st.dictionaries(st.sampled_from(["A", "B", "OTHER"]), st.sampled_from(["", "手入力"]), max_size=2))


@st.composite
def histories(draw):
    """A saved page (base); what I typed from it; what is saved now after the other's edits, with
    records they may have removed."""
    base = {key: draw(VALUES) for key in KEYS}
    mine = dict(base)
    for key in draw(st.lists(st.sampled_from(KEYS), unique=True, max_size=8)):
        mine[key] = draw(VALUES)
    theirs = dict(base)
    for key in draw(st.lists(st.sampled_from(KEYS), unique=True, max_size=8)):
        theirs[key] = draw(VALUES)
    for record in draw(st.lists(st.sampled_from(RECORDS), unique=True, max_size=1)):
        theirs = {key: value for key, value in theirs.items() if key[0] != record}
    return base, mine, theirs


def result_of(theirs: dict, outcome) -> dict:
    """The page after the save: what is saved, with what the merge writes."""
    return {**theirs, **outcome.values}


@settings(max_examples=400, deadline=None)
@given(histories())
def test_no_edit_of_either_side_is_lost_and_only_real_conflicts_are_reported(history):
    base, mine, theirs = history
    outcome = merge(base, mine, theirs)
    after = result_of(theirs, outcome)

    for key in KEYS:
        was = base[key]
        mine_changed = mine[key] != was
        removed = key not in theirs
        theirs_changed = removed or theirs[key] != was
        if removed:
            assert key not in after  # a record removed is not brought back behind anyone's back
            assert (key in outcome.conflicts) == mine_changed
            continue
        if mine_changed and theirs_changed and mine[key] != theirs[key]:
            assert key in outcome.conflicts and outcome.conflicts[key].why is Why.BOTH_CHANGED
            assert after[key] == theirs[key]  # nothing saved for it until the person chooses
        elif mine_changed:
            assert after[key] == mine[key] and key not in outcome.conflicts
        elif theirs_changed:
            assert after[key] == theirs[key] and key not in outcome.conflicts and key in outcome.taken
        else:
            assert after[key] == was and key not in outcome.conflicts
    assert set(outcome.values) <= set(mine)  # nothing else is written


@settings(max_examples=200, deadline=None)
@given(histories())
def test_ones_own_earlier_save_never_conflicts(history):
    base, mine, theirs = history
    outcome = merge(base, mine, theirs, mine_wins=lambda key: True)
    assert all(conflict.why is Why.REMOVED for conflict in outcome.conflicts.values())
    after = result_of(theirs, outcome)
    assert all(after[key] == mine[key] for key in mine if key in theirs and mine[key] != base[key])


def test_without_a_base_every_difference_is_a_conflict():
    key = (RECORDS[0], "department")
    outcome = merge(None, {key: "介護保険課"}, {key: "高齢福祉課"})
    assert set(outcome.conflicts) == {key} and not outcome.values


LINES = [f"{n}. 保管場所は本庁舎の施錠できる書庫とする({n})。" for n in range(1, 7)]


def test_a_long_text_changed_in_different_paragraphs_is_joined():
    base = "\n".join(LINES)
    mine = base.replace("(2)", "(二)")
    theirs = base.replace("(5)", "(五)")
    key = (RECORDS[0], "validity")

    outcome = merge({key: base}, {key: mine}, {key: theirs}, texts={key})

    assert outcome.joined == [key] and not outcome.conflicts
    assert outcome.values[key] == base.replace("(2)", "(二)").replace("(5)", "(五)")


def test_a_long_text_changed_in_the_same_paragraph_is_a_conflict():
    base = "\n".join(LINES)
    key = (RECORDS[0], "validity")
    outcome = merge({key: base}, {key: base.replace("(3)", "(三)")}, {key: base.replace("(3)", "(参)")}, texts={key})
    assert key in outcome.conflicts and not outcome.values


@given(st.lists(st.sampled_from(LINES + ["・追加の行"]), max_size=8), st.data())
def test_joined_paragraphs_keep_every_line_each_side_added(base_lines, data):
    base = "\n".join(base_lines)
    mine_lines = base_lines + ["・私が追加した行"]
    theirs_lines = ["・相手が追加した行"] + base_lines
    joined = join_paragraphs(base, "\n".join(mine_lines), "\n".join(theirs_lines))
    if joined is not None:
        assert "・私が追加した行" in joined and "・相手が追加した行" in joined
        for line in base_lines:
            assert line in joined
    assert MISSING is not None
