"""Tests for lukin_course.triangle: the triangle value, its roles and scores."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lukin_course.triangle import (
    CHINA,
    CONFIGURATIONS,
    ROLE_SCORES,
    ROLES,
    RUSSIA,
    US,
    WU_RANKING,
    StrategicTriangle,
    all_triangles,
)

SLOW = settings(max_examples=50, deadline=None)
signs = st.sampled_from((1, -1))
actor_orders = st.permutations([US, RUSSIA, CHINA]).map(tuple)

# Wu (1996, table p. 30): roles best first, and the friendly ties each role holds.
WU_TABLE = (("pivot", 2), ("friend", 2), ("partner", 1), ("wing", 1), ("enemy", 0), ("outcast", 0))


def test_constants_match_the_contract_and_wu():
    assert CONFIGURATIONS == ("menage_a_trois", "romantic_triangle", "stable_marriage", "unit_veto")
    assert set(ROLES) == {r for r, _ in WU_TABLE}
    assert tuple(r for r, _ in WU_TABLE) == WU_RANKING  # Wu 1996, p. 30
    assert ROLE_SCORES == {
        "pivot": 3,
        "friend": 1,
        "partner": 1,
        "wing": -1,
        "enemy": -1,
        "outcast": -3,
    }


def test_friendly_ties_held_per_role_match_wu_table():
    held = dict(WU_TABLE)
    for t in all_triangles():
        m = t.to_matrix()
        for i, a in enumerate(t.actors):
            assert int((m[i] > 0).sum()) == held[t.roles[a]]


def test_score_sorted_with_friendly_ties_reproduces_wu_ranking():
    # The course's cardinal score ties friend/partner and wing/enemy; Wu separates each tied
    # pair by one friendly tie, so (score, friendly ties) must give Wu's strict order.
    held = dict(WU_TABLE)
    order = sorted(ROLES, key=lambda r: (ROLE_SCORES[r], held[r]), reverse=True)
    assert tuple(order) == WU_RANKING


def test_scores_computed_from_ties_equal_role_scores():
    for t in all_triangles():
        for a in t.actors:
            others = [b for b in t.actors if b != a]
            by_hand = t.tie(a, others[0]) + t.tie(a, others[1]) - t.tie(*others)
            assert t.scores[a] == by_hand == ROLE_SCORES[t.roles[a]]


def test_nixon_kissinger_triangle_example():
    t = StrategicTriangle.from_signs(+1, +1, -1)
    assert t.pivot == US
    assert t.rank(US) == 0 and t.rank(RUSSIA) == t.rank(CHINA) == 3
    assert t.scores == {US: 3, RUSSIA: -1, CHINA: -1}
    assert not t.balanced


def test_heider_balance_matches_configuration():
    # Heider (1946): a triad is balanced iff the product of its signs is positive.
    for t in all_triangles():
        assert t.balanced == (t.configuration in ("menage_a_trois", "stable_marriage"))


def test_matrix_round_trip_and_shape():
    t = StrategicTriangle.from_signs(+1, -1, -1)
    m = t.to_matrix()
    assert m.shape == (3, 3) and np.array_equal(m, m.T) and np.all(np.diag(m) == 0)
    assert m[0, 1] == 1 and m[0, 2] == -1 and m[1, 2] == -1
    assert StrategicTriangle.from_matrix(m) == t
    assert StrategicTriangle.from_matrix(m.astype(float)) == t


def test_general_constructor_accepts_pairs_in_any_order():
    ties = {(RUSSIA, US): 1, (CHINA, US): -1, (CHINA, RUSSIA): 1}
    t = StrategicTriangle((US, RUSSIA, CHINA), ties)
    assert t == StrategicTriangle.from_signs(1, -1, 1)
    assert t.signs == (1, -1, 1) and t.tie(CHINA, RUSSIA) == 1
    assert (
        StrategicTriangle(
            (US, RUSSIA, CHINA), {(US, RUSSIA): np.int64(1), (US, CHINA): -1.0, (RUSSIA, CHINA): 1}
        )
        == t
    )


def test_equality_hash_repr_immutability():
    a = StrategicTriangle.from_signs(1, 1, -1)
    b = StrategicTriangle.from_signs(1, 1, -1)
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != StrategicTriangle.from_signs(1, 1, -1, actors=(US, CHINA, RUSSIA))
    assert a != "not a triangle"
    assert "romantic_triangle" in repr(a) and "United States–Russia: +1" in repr(a)
    with pytest.raises(AttributeError, match="immutable"):
        a._signs = (1, 1, 1)


# ---------------------------------------------------------------- invariants (hypothesis)


@SLOW
@given(signs, signs, signs)
def test_roles_are_consistent_with_configuration(ab, ac, bc):
    t = StrategicTriangle.from_signs(ab, ac, bc)
    expected = {
        "menage_a_trois": ["friend"] * 3,
        "romantic_triangle": ["pivot", "wing", "wing"],
        "stable_marriage": ["outcast", "partner", "partner"],
        "unit_veto": ["enemy"] * 3,
    }[t.configuration]
    assert sorted(t.roles.values()) == sorted(expected)
    assert sum(t.scores.values()) == sum(t.signs)  # each tie counts +1 twice and -1 once


@SLOW
@given(signs, signs, signs, actor_orders)
def test_relabelling_actors_permutes_roles(ab, ac, bc, order):
    t = StrategicTriangle.from_signs(ab, ac, bc)
    relabelled = StrategicTriangle(
        order, {(a, b): t.tie(a, b) for a, b in itertools.combinations(order, 2)}
    )
    assert relabelled.roles == t.roles
    assert relabelled.scores == t.scores
    assert relabelled.configuration == t.configuration
    perm = [t.actors.index(a) for a in order]
    assert np.array_equal(relabelled.to_matrix(), t.to_matrix()[np.ix_(perm, perm)])


@SLOW
@given(signs, signs, signs, st.sampled_from(list(itertools.combinations((US, RUSSIA, CHINA), 2))))
def test_flipping_a_tie_twice_is_identity(ab, ac, bc, pair):
    t = StrategicTriangle.from_signs(ab, ac, bc)
    once = t.with_tie(*pair, -t.tie(*pair))
    assert once != t and once.tie(*pair) == -t.tie(*pair)
    assert once.with_tie(*pair, -once.tie(*pair)) == t


@SLOW
@given(signs, signs, signs)
def test_scores_never_contradict_wu_ranking(ab, ac, bc):
    t = StrategicTriangle.from_signs(ab, ac, bc)
    for a, b in itertools.permutations(t.actors, 2):
        if t.rank(a) < t.rank(b):
            assert t.scores[a] >= t.scores[b]


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("bad", [0, 2, -2, 0.5, math.nan, math.inf])
def test_wrong_sign_value_is_rejected(bad):
    with pytest.raises(ValueError, match=r"ties\[.*\+1 \(amity\) or -1"):
        StrategicTriangle.from_signs(bad, 1, 1)


@pytest.mark.parametrize("bad", [True, "1", None, [1]])
def test_wrong_sign_type_is_rejected(bad):
    with pytest.raises(TypeError, match=r"ties\["):
        StrategicTriangle.from_signs(1, bad, 1)


@pytest.mark.parametrize(
    ("actors", "exc", "msg"),
    [
        ((US, US, CHINA), ValueError, "three different actors"),
        ((US, RUSSIA), ValueError, "exactly three"),
        ((US, RUSSIA, CHINA, "India"), ValueError, "exactly three"),
        ("USA", TypeError, "tuple of three"),
        ((US, RUSSIA, 3), TypeError, "non-empty strings"),
        ((US, RUSSIA, "  "), TypeError, "non-empty strings"),
        ({US, RUSSIA, CHINA}, TypeError, "tuple of three"),
    ],
)
def test_bad_actors_are_rejected(actors, exc, msg):
    with pytest.raises(exc, match=msg):
        StrategicTriangle.from_signs(1, 1, 1, actors=actors)
    with pytest.raises(exc, match=msg):
        all_triangles(actors)


def test_bad_ties_mappings_are_rejected():
    acts = (US, RUSSIA, CHINA)
    with pytest.raises(TypeError, match="ties must be a mapping"):
        StrategicTriangle(acts, [((US, RUSSIA), 1)])
    with pytest.raises(ValueError, match="missing the pair"):
        StrategicTriangle(acts, {(US, RUSSIA): 1, (US, CHINA): 1})
    with pytest.raises(ValueError, match="more than once"):
        StrategicTriangle(
            acts, {(US, RUSSIA): 1, (RUSSIA, US): 1, (US, CHINA): 1, (RUSSIA, CHINA): 1}
        )
    with pytest.raises(ValueError, match="with itself"):
        StrategicTriangle(acts, {(US, US): 1, (US, CHINA): 1, (RUSSIA, CHINA): 1})
    with pytest.raises(ValueError, match="unknown actor 'India'"):
        StrategicTriangle(acts, {(US, "India"): 1, (US, CHINA): 1, (RUSSIA, CHINA): 1})
    with pytest.raises(TypeError, match="pairs of actors"):
        StrategicTriangle(acts, {US: 1, (US, CHINA): 1, (RUSSIA, CHINA): 1})
    with pytest.raises(TypeError, match="actor name"):
        StrategicTriangle(acts, {(US, 1): 1, (US, CHINA): 1, (RUSSIA, CHINA): 1})


def test_bad_matrix_is_rejected():
    with pytest.raises(ValueError, match="matrix must be 3×3"):
        StrategicTriangle.from_matrix(np.ones((4, 4)))
    with pytest.raises(ValueError, match="matrix must be symmetric"):
        StrategicTriangle.from_matrix([[0, 1, 1], [-1, 0, 1], [1, 1, 0]])
    with pytest.raises(ValueError, match="matrix must have off-diagonal"):
        StrategicTriangle.from_matrix([[0, 0.5, 1], [0.5, 0, 1], [1, 1, 0]])
    with pytest.raises(ValueError, match="matrix must contain only finite"):
        StrategicTriangle.from_matrix([[0, np.nan, 1], [np.nan, 0, 1], [1, 1, 0]])


def test_bad_method_arguments_are_rejected():
    t = StrategicTriangle.from_signs(1, 1, 1)
    with pytest.raises(ValueError, match="unknown actor 'India' in a"):
        t.tie("India", US)
    with pytest.raises(ValueError, match="different actors"):
        t.tie(US, US)
    with pytest.raises(TypeError, match="b must be an actor name"):
        t.tie(US, None)
    with pytest.raises(ValueError, match="unknown actor 'USA' in actor"):
        t.rank("USA")
    with pytest.raises(ValueError, match="sign must be"):
        t.with_tie(US, CHINA, 0)
    with pytest.raises(ValueError, match="unknown actor"):
        t.with_tie(US, "India", -1)
