"""Tests for lukin_course.triangle: configurations, roles, scores, the historical dataset."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lukin_course import triangle as tri
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
    configuration,
    historical_triangles,
    roles,
)

SLOW = settings(max_examples=50, deadline=None)
signs = st.sampled_from((1, -1))
actor_orders = st.permutations([US, RUSSIA, CHINA]).map(tuple)

# Dittmer (1981; the unit veto added in Dittmer 1987, p. 34): the configuration and
# roles of all eight sign patterns, written out by hand from the definitions. Signs are
# (US-Russia, US-China, Russia-China); roles are (US, Russia, China).
DITTMER_TABLE = {
    (+1, +1, +1): ("menage_a_trois", ("friend", "friend", "friend")),
    (+1, +1, -1): ("romantic_triangle", ("pivot", "wing", "wing")),
    (+1, -1, +1): ("romantic_triangle", ("wing", "pivot", "wing")),
    (-1, +1, +1): ("romantic_triangle", ("wing", "wing", "pivot")),
    (+1, -1, -1): ("stable_marriage", ("partner", "partner", "outcast")),
    (-1, +1, -1): ("stable_marriage", ("partner", "outcast", "partner")),
    (-1, -1, +1): ("stable_marriage", ("outcast", "partner", "partner")),
    (-1, -1, -1): ("unit_veto", ("enemy", "enemy", "enemy")),
}

# Wu (1996, table p. 30): roles best first, and the friendly ties each role holds.
WU_TABLE = (("pivot", 2), ("friend", 2), ("partner", 1), ("wing", 1), ("enemy", 0), ("outcast", 0))


@pytest.mark.parametrize(("signs", "expected"), DITTMER_TABLE.items())
def test_dittmer_configuration_and_roles_of_every_pattern(signs, expected):
    t = StrategicTriangle.from_signs(*signs)
    config, role_list = expected
    assert t.configuration == config == configuration(t)
    assert t.roles == dict(zip((US, RUSSIA, CHINA), role_list, strict=True)) == roles(t)
    assert t.pivot == (
        next(a for a, r in t.roles.items() if r == "pivot") if "pivot" in role_list else None
    )


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


def test_all_triangles_enumerates_eight_distinct_patterns():
    ts = all_triangles(("A", "B", "C"))
    assert len(set(ts)) == 8
    assert [sum(s > 0 for s in t.signs) for t in ts].count(2) == 3


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


@pytest.mark.parametrize("func", [configuration, roles])
def test_functional_forms_reject_non_triangles(func):
    with pytest.raises(TypeError, match="triangle must be a StrategicTriangle"):
        func((1, 1, 1))


def test_module_getattr_rejects_unknown_names():
    with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
        tri.nonexistent  # noqa: B018


def test_move_names_are_reexported_from_triangle():
    from lukin_course import triangle_moves

    for name in tri._MOVES_NAMES:
        assert getattr(tri, name) is getattr(triangle_moves, name)
        assert name in tri.__all__


# ---------------------------------------------------------------- historical dataset


@pytest.fixture(scope="module")
def history():
    return historical_triangles()


def test_history_has_the_contract_columns(history):
    assert list(history.columns[:13]) == [
        "period", "start_year", "end_year", "us_russia", "us_china", "russia_china",
        "configuration", "interpretation", "note", "source_title", "source_publisher",
        "source_year", "source_url",
    ]  # fmt: skip


def test_history_comes_through_the_data_loader_with_citations(history):
    titles = {c["title"] for c in history.attrs["citations"]}
    assert set(history["source_title"]) == titles
    assert any(c["url"] == "https://doi.org/10.2307/2010133" for c in history.attrs["citations"])


def test_history_configurations_follow_from_the_signs(history):
    for row in history.itertuples():
        t = StrategicTriangle.from_signs(
            int(row.us_russia), int(row.us_china), int(row.russia_china)
        )
        assert t.configuration == row.configuration, row.period


def test_history_rows_are_sourced_ordered_and_flagged(history):
    assert set(history["interpretation"]) <= {"yes", "no"}
    for col in ("period", "note", "source_title", "source_publisher"):
        assert history[col].astype(str).str.strip().str.len().gt(0).all(), col
    assert history["source_year"].between(1979, 2025).all()
    assert (history["start_year"] <= history["end_year"]).all()
    # periods are in order and do not overlap
    assert (
        history["start_year"].iloc[1:].to_numpy() > history["end_year"].iloc[:-1].to_numpy()
    ).all()
    urls = [u for u in history["source_url"].fillna("").astype(str) if u.strip()]
    assert urls and all(u.startswith("https://") for u in urls)


def test_history_cold_war_codings_follow_dittmer(history):
    # Dittmer (1981): the 1950s Sino-Soviet alliance was a stable marriage against the US,
    # and Nixon's opening to China made the US the pivot of a romantic triangle.
    cold_war = history[history["end_year"] <= 1985]
    assert cold_war["source_title"].str.contains("Strategic Triangle").all()
    first = history.iloc[0]
    assert (first.start_year, first.configuration) == (1949, "stable_marriage")
    nixon = history[history["start_year"] == 1972].iloc[0]
    t = StrategicTriangle.from_signs(
        int(nixon.us_russia), int(nixon.us_china), int(nixon.russia_china)
    )
    assert t.pivot == US


def test_history_latest_period_is_the_pattern_the_essay_argues(history):
    # Lukin (2018), claim C8: US pressure on both -> Russia-China stable marriage, US outcast.
    last = history.iloc[-1]
    t = StrategicTriangle.from_signs(
        int(last.us_russia), int(last.us_china), int(last.russia_china)
    )
    assert t.roles[US] == "outcast" and last.interpretation == "yes"
