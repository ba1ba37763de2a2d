"""Tests for lukin_course.triangle: ideological constraints and reachable roles."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lukin_course.triangle import (
    CHINA,
    DEMOCRATISM,
    REALISM,
    ROLE_SCORES,
    RUSSIA,
    US,
    WU_RANKING,
    IdeologicalConstraint,
    StrategicTriangle,
    all_triangles,
    best_reachable_role,
    reachable_roles,
    stable_triangles,
)

SLOW = settings(max_examples=50, deadline=None)
ACTORS = (US, RUSSIA, CHINA)
PAIRS = list(itertools.combinations(ACTORS, 2))
# Every way of forbidding amity on a subset of the three ties.


def _constraint(pairs):
    """The constraint under which each (a, b) in ``pairs`` is a refused tie."""
    return IdeologicalConstraint({a: {b for x, b in pairs if x == a} for a, _ in pairs})


constraints = st.sets(st.sampled_from(PAIRS)).map(_constraint)


MENAGE = StrategicTriangle.from_signs(+1, +1, +1)
NIXON = StrategicTriangle.from_signs(+1, +1, -1)  # US pivot, Russia and China wings


# ---------------------------------------------------------------- hand-worked cases


def test_democratism_caps_the_hegemon_and_realism_lets_it_pivot():
    # Claims C9/C10: allowed patterns under democratism give the US only "outcast" (R-C +1)
    # or "enemy" (R-C -1); with no refusals the US can be the pivot (Nixon-Kissinger).
    assert reachable_roles(US, constraint=DEMOCRATISM) == ["enemy", "outcast"]
    assert best_reachable_role(US, constraint=DEMOCRATISM) == "enemy"
    assert best_reachable_role(US, constraint=REALISM) == "pivot"
    assert best_reachable_role(US) == "pivot"
    assert reachable_roles(RUSSIA, constraint=DEMOCRATISM) == ["partner", "enemy"]
    assert reachable_roles(US) == list(WU_RANKING)


def test_constraint_basics():
    assert DEMOCRATISM.refuses == {US: {RUSSIA, CHINA}}
    assert DEMOCRATISM.actors == {US, RUSSIA, CHINA}
    assert REALISM.refuses == {} and REALISM.actors == frozenset()
    assert DEMOCRATISM.forbids(CHINA, US) and not DEMOCRATISM.forbids(RUSSIA, CHINA)
    assert DEMOCRATISM == IdeologicalConstraint({US: [CHINA, RUSSIA]})
    assert hash(DEMOCRATISM) == hash(IdeologicalConstraint({US: (RUSSIA, CHINA)}))
    assert DEMOCRATISM != REALISM and DEMOCRATISM != "democratism"
    assert "United States" in repr(DEMOCRATISM)
    assert DEMOCRATISM.apply(MENAGE) == StrategicTriangle.from_signs(-1, -1, +1)
    assert REALISM.apply(NIXON) == NIXON
    with pytest.raises(AttributeError, match="immutable"):
        DEMOCRATISM._pairs = frozenset()


# ---------------------------------------------------------------- invariants (hypothesis)


@SLOW
@given(constraints, st.sampled_from(ACTORS))
def test_best_reachable_role_is_at_least_as_good_as_any_allowed_role(c, actor):
    best = best_reachable_role(actor, constraint=c)
    for t in all_triangles():
        if c.allows(t):
            assert WU_RANKING.index(best) <= t.rank(actor)
            assert ROLE_SCORES[best] >= t.scores[actor]


# ---------------------------------------------------------------- bad input


def test_constraint_rejects_bad_input():
    with pytest.raises(TypeError, match="refuses must be a mapping"):
        IdeologicalConstraint([(US, RUSSIA)])
    with pytest.raises(TypeError, match="refuses keys"):
        IdeologicalConstraint({1: {RUSSIA}})
    with pytest.raises(TypeError, match=r"refuses\['United States'\] must be a collection"):
        IdeologicalConstraint({US: RUSSIA})
    with pytest.raises(TypeError, match="must hold actor names"):
        IdeologicalConstraint({US: {None}})
    with pytest.raises(ValueError, match="cannot refuse itself"):
        IdeologicalConstraint({US: {US}})
    with pytest.raises(TypeError, match="a must be an actor name"):
        DEMOCRATISM.forbids(1, US)
    with pytest.raises(TypeError, match="triangle must be a StrategicTriangle"):
        DEMOCRATISM.allows((1, 1, 1))
    other = StrategicTriangle.from_signs(1, 1, 1, actors=("USA", "USSR", "PRC"))
    with pytest.raises(ValueError, match="not in the triangle"):
        DEMOCRATISM.allows(other)
    with pytest.raises(ValueError, match="not in the triangle"):
        stable_triangles(("USA", "USSR", "PRC"), DEMOCRATISM)


def test_role_queries_reject_bad_input():
    with pytest.raises(ValueError, match="unknown actor 'India' in actor"):
        best_reachable_role("India")
    with pytest.raises(ValueError, match="three different actors"):
        reachable_roles(US, (US, US, CHINA))
    with pytest.raises(TypeError, match="constraint must be"):
        best_reachable_role(US, constraint="democratism")
    with pytest.raises(ValueError, match="exactly three"):
        stable_triangles((US, RUSSIA))
