"""Tests for lukin_course.triangle: moves and stability (C9, C10)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lukin_course.triangle import (
    CHINA,
    DEMOCRATISM,
    REALISM,
    RUSSIA,
    US,
    IdeologicalConstraint,
    Move,
    StrategicTriangle,
    all_triangles,
    improving_moves,
    possible_moves,
    stable_triangles,
)

SLOW = settings(max_examples=50, deadline=None)
signs = st.sampled_from((1, -1))
ACTORS = (US, RUSSIA, CHINA)
PAIRS = list(itertools.combinations(ACTORS, 2))
# Every way of forbidding amity on a subset of the three ties.


def _constraint(pairs):
    """The constraint under which each (a, b) in ``pairs`` is a refused tie."""
    return IdeologicalConstraint({a: {b for x, b in pairs if x == a} for a, _ in pairs})


constraints = st.sets(st.sampled_from(PAIRS)).map(_constraint)


def _key(t):
    return frozenset((frozenset(p), t.tie(*p)) for p in PAIRS)


MENAGE = StrategicTriangle.from_signs(+1, +1, +1)
NIXON = StrategicTriangle.from_signs(+1, +1, -1)  # US pivot, Russia and China wings
ALLIANCE_1950S = StrategicTriangle.from_signs(-1, -1, +1)  # Russia-China marriage, US outcast
UNIT_VETO = StrategicTriangle.from_signs(-1, -1, -1)
SPLIT = IdeologicalConstraint({RUSSIA: {CHINA}})  # Sino-Soviet hostility taken as fixed


# ---------------------------------------------------------------- hand-worked cases


def test_wings_gain_by_reconciling():
    # Worked by hand with Wu's ranking (1996, p. 30): in the romantic triangle each wing
    # becomes a friend (rank 1 < 3) by befriending the other wing; turning on the pivot makes
    # it an outcast (worse); the pivot can only lose.
    moves = improving_moves(NIXON)
    assert [(m.actor, m.other, m.new_sign) for m in moves] == [
        (RUSSIA, CHINA, 1),
        (CHINA, RUSSIA, 1),
    ]
    assert all(m.role_before == "wing" and m.role_after == "friend" and m.gain == 2 for m in moves)
    assert improving_moves(NIXON, actor=US) == []


def test_partners_court_the_outcast_and_the_outcast_courts_them():
    # By hand: a partner who befriends the outcast becomes pivot (partner -> pivot, +2);
    # the outcast who befriends a partner becomes a wing (outcast -> wing, +2).
    moves = improving_moves(ALLIANCE_1950S)
    got = {(m.actor, m.other, m.role_before, m.role_after, m.gain) for m in moves}
    assert got == {
        (US, RUSSIA, "outcast", "wing", 2),
        (US, CHINA, "outcast", "wing", 2),
        (RUSSIA, US, "partner", "pivot", 2),
        (CHINA, US, "partner", "pivot", 2),
    }


def test_unit_veto_every_move_improves_and_menage_no_move_does():
    # By hand: an enemy who befriends anyone becomes a partner; a friend who turns on anyone
    # becomes a wing.
    veto = possible_moves(UNIT_VETO)
    assert len(veto) == 6 and all(m.improves and m.role_after == "partner" for m in veto)
    menage = possible_moves(MENAGE)
    assert len(menage) == 6 and not any(m.improves for m in menage)
    assert all(m.gain == -2 for m in menage)


def test_realism_only_the_menage_a_trois_is_stable():
    # From the three cases above: romantic triangles, stable marriages and the unit veto all
    # offer someone an improving move; the menage a trois offers none.
    assert stable_triangles() == [MENAGE]
    assert stable_triangles(constraint=REALISM) == [MENAGE]


def test_democratism_leaves_only_the_sino_russian_marriage():
    # Claim C10 worked by hand: with US-Russia and US-China fixed at -1 only the
    # Russia-China tie is free. At -1 (unit veto) Russia and China each gain by befriending
    # the other (enemy -> partner); at +1 neither gains by breaking it and the US has no
    # allowed move. So the only stable pattern is the stable marriage with the US as outcast.
    (only,) = stable_triangles(constraint=DEMOCRATISM)
    assert only == ALLIANCE_1950S
    assert only.roles == {US: "outcast", RUSSIA: "partner", CHINA: "partner"}


def test_fixed_sino_soviet_hostility_makes_the_us_pivot_stable():
    # Dittmer (1981) / Kissinger (1979): with Sino-Soviet enmity fixed the wings cannot
    # reconcile, so the romantic triangle with the US as pivot is the one stable pattern
    # (worked by hand: from the US-Russia marriage China gains by courting the US, from the
    # unit veto anyone gains by befriending the US).
    assert stable_triangles(constraint=SPLIT) == [NIXON]
    assert improving_moves(NIXON, constraint=SPLIT) == []


def test_democratism_forbids_courting_moves():
    assert possible_moves(ALLIANCE_1950S, actor=US, constraint=DEMOCRATISM) == []
    moves = possible_moves(ALLIANCE_1950S, constraint=DEMOCRATISM)
    assert {(m.actor, m.other, m.new_sign) for m in moves} == {
        (RUSSIA, CHINA, -1),
        (CHINA, RUSSIA, -1),
    }
    assert improving_moves(ALLIANCE_1950S, constraint=DEMOCRATISM) == []


def test_move_properties_and_text():
    m = Move(US, CHINA, +1, ALLIANCE_1950S)
    assert m.after == StrategicTriangle.from_signs(-1, +1, +1)
    assert (m.role_before, m.role_after, m.gain, m.improves) == ("outcast", "wing", 2, True)
    assert str(m) == "United States befriends China: outcast → wing"
    assert (
        str(Move(RUSSIA, CHINA, -1, ALLIANCE_1950S))
        == "Russia turns against China: partner → enemy"
    )
    assert Move(US, CHINA, 1.0, ALLIANCE_1950S).new_sign == 1


# ---------------------------------------------------------------- invariants (hypothesis)


@SLOW
@given(signs, signs, signs, constraints)
def test_moves_change_exactly_one_own_tie_and_respect_the_constraint(ab, ac, bc, c):
    t = c.apply(StrategicTriangle.from_signs(ab, ac, bc))
    for m in possible_moves(t, constraint=c):
        assert m.before == t and c.allows(m.after)
        changed = [p for p in PAIRS if m.after.tie(*p) != t.tie(*p)]
        assert changed == [p for p in PAIRS if set(p) == {m.actor, m.other}]
        assert m.gain == m.after.scores[m.actor] - t.scores[m.actor]
        # the cardinal score never contradicts Wu's ranking
        if m.gain > 0:
            assert m.improves
        if m.improves:
            assert m.gain >= 0


ALL_CONSTRAINTS = [
    _constraint(pairs) for r in range(4) for pairs in itertools.combinations(PAIRS, r)
]


@pytest.mark.parametrize("c", ALL_CONSTRAINTS, ids=repr)
def test_stable_patterns_exist_and_have_no_improving_move(c):
    # exhaustive over every subset of forbidden ties
    stable = stable_triangles(constraint=c)
    assert stable
    for t in all_triangles():
        if c.allows(t):
            assert (t in stable) == (improving_moves(t, constraint=c) == [])


@SLOW
@given(constraints, st.permutations(ACTORS).map(tuple))
def test_actor_order_does_not_change_stability(c, order):
    assert {_key(t) for t in stable_triangles(order, c)} == {
        _key(t) for t in stable_triangles(ACTORS, c)
    }


# ---------------------------------------------------------------- bad input


def test_moves_reject_bad_input():
    with pytest.raises(ValueError, match="constraint forbids"):
        possible_moves(NIXON, constraint=DEMOCRATISM)
    with pytest.raises(TypeError, match="constraint must be an IdeologicalConstraint"):
        improving_moves(NIXON, constraint={US: {RUSSIA}})
    with pytest.raises(ValueError, match="unknown actor 'India' in actor"):
        improving_moves(NIXON, actor="India")
    with pytest.raises(TypeError, match="triangle must be a StrategicTriangle"):
        improving_moves("romantic_triangle")


def test_move_rejects_bad_input():
    with pytest.raises(ValueError, match="different actors"):
        Move(US, US, 1, NIXON)
    with pytest.raises(ValueError, match="unknown actor 'India' in other"):
        Move(US, "India", 1, NIXON)
    with pytest.raises(ValueError, match="new_sign must be"):
        Move(US, CHINA, 0, NIXON)
    with pytest.raises(ValueError, match="new_sign must be"):
        Move(US, CHINA, float("nan"), NIXON)
    with pytest.raises(TypeError, match="before must be a StrategicTriangle"):
        Move(US, CHINA, 1, None)
