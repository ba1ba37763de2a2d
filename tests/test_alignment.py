"""Tests of the alignment games (course model on Snyder 1984; types after Rapoport & Guyer 1966)."""

from __future__ import annotations

import itertools
import math

import nashpy as nash
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lukin_course.alignment import (
    GAME_TYPES,
    STRATEGIES,
    alignment_game,
    alignment_payoffs,
    equilibria,
    game_type,
    game_types_over_pressure,
    pressure_thresholds,
    type_transitions,
)

ALIGN, HEDGE = np.array([1.0, 0.0]), np.array([0.0, 1.0])


def _as_lists(eqs):
    return sorted((tuple(np.round(s, 10)), tuple(np.round(c, 10))) for s, c in eqs)


def test_constants():
    assert STRATEGIES == ("align", "hedge")
    assert set(GAME_TYPES) == {
        "prisoners_dilemma",
        "stag_hunt",
        "chicken",
        "harmony",
        "deadlock",
        "other",
    }


# --- the alignment game ---------------------------------------------------------------------


def test_payoffs_by_hand():
    pay = alignment_payoffs(0.3, abandonment=1.0, entrapment=0.2, benefit=2.0, temptation=0.7)
    assert pay == pytest.approx({"R": 0.4, "S": -0.7, "T": 0.7, "P": 0.0})


def test_alignment_game_is_symmetric_with_align_first():
    game = alignment_game(0.5)
    a, b = game.payoff_matrices
    np.testing.assert_array_equal(b, a.T)
    pay = alignment_payoffs(0.5)
    np.testing.assert_array_equal(a, [[pay["R"], pay["S"]], [pay["T"], pay["P"]]])


def test_pressure_turns_a_dilemma_into_harmony_with_the_defaults():
    types = game_types_over_pressure([0.05, 0.25, 0.5, 1.0, 2.0])
    assert types == ["deadlock", "prisoners_dilemma", "stag_hunt", "harmony", "harmony"]
    assert _as_lists(equilibria(alignment_game(0.25))) == _as_lists([(HEDGE, HEDGE)])
    assert _as_lists(equilibria(alignment_game(1.0))) == _as_lists([(ALIGN, ALIGN)])


def test_cheap_abandonment_gives_chicken_instead_of_stag_hunt():
    params = {"abandonment": 0.4}  # 2a = 0.8 < t + e = 1.5
    assert [t for _, _, t in type_transitions(**params)] == [
        "deadlock",
        "prisoners_dilemma",
        "chicken",
        "harmony",
    ]


def test_thresholds_closed_form():
    th = pressure_thresholds(abandonment=1.0, entrapment=0.2, benefit=2.0, temptation=0.7)
    assert th == pytest.approx({"R>P": 0.1, "R>T": 0.45, "S>P": 1.0, "R>S": -0.8, "S>T": 1.7})


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"abandonment": 0.4},
        {"abandonment": 0.2, "entrapment": 1.0, "benefit": 3.0, "temptation": 0.3},
        {"abandonment": 2.0, "entrapment": 0.1, "benefit": 1.0, "temptation": 2.0},
    ],
)
def test_transitions_match_a_fine_scan(params):
    step = 1e-4
    pressures = (np.arange(20000) + 1 / math.pi) * step  # never exactly on a threshold
    scan = game_types_over_pressure(pressures, **params)
    changes = [(i, scan[i - 1], scan[i]) for i in range(1, len(scan)) if scan[i] != scan[i - 1]]
    closed = type_transitions(p_max=2.0, **params)
    assert [(a, b) for _, a, b in changes] == [(a, b) for _, a, b in closed]
    for (i, _, _), (p, _, _) in zip(changes, closed, strict=True):
        assert pressures[i - 1] < p < pressures[i]


@settings(max_examples=40, deadline=None)
@given(
    a=st.floats(0.0, 3.0),
    e=st.floats(0.0, 3.0),
    b=st.floats(0.1, 5.0),
    t=st.floats(0.01, 3.0),
    p=st.floats(0.0, 3.0),
)
def test_closed_form_thresholds_predict_each_inequality(a, e, b, t, p):
    pay = alignment_payoffs(p, a, e, b, t)
    th = pressure_thresholds(a, e, b, t)
    for key in th:
        if abs(p - th[key]) < 1e-9:
            continue  # at the crossing itself the two payoffs tie
        hi, lo = key.split(">")
        assert (pay[hi] > pay[lo]) == (p > th[key])


@pytest.mark.filterwarnings(r"ignore:\s*An even number:RuntimeWarning")  # nashpy: tied payoffs
@settings(max_examples=40, deadline=None)
@given(p=st.floats(0.0, 3.0), a=st.floats(0.0, 3.0))
def test_equilibria_are_best_responses(p, a):
    game = alignment_game(p, abandonment=a)
    mat_a, mat_b = game.payoff_matrices
    for s, c in equilibria(game):
        assert s @ mat_a @ c >= np.max(mat_a @ c) - 1e-9
        assert s @ mat_b @ c >= np.max(s @ mat_b) - 1e-9


@pytest.mark.parametrize(
    ("kwargs", "exc", "name"),
    [
        ({"pressure": -0.1}, ValueError, "pressure"),
        ({"pressure": math.nan}, ValueError, "pressure"),
        ({"pressure": "high"}, TypeError, "pressure"),
        ({"pressure": 0.5, "abandonment": -1.0}, ValueError, "abandonment"),
        ({"pressure": 0.5, "entrapment": -1.0}, ValueError, "entrapment"),
        ({"pressure": 0.5, "benefit": 0.0}, ValueError, "benefit"),
        ({"pressure": 0.5, "temptation": math.inf}, ValueError, "temptation"),
    ],
)
@pytest.mark.parametrize("func", [alignment_game, alignment_payoffs])
def test_games_reject_bad_input(func, kwargs, exc, name):
    with pytest.raises(exc, match=name):
        func(**kwargs)


def test_scans_reject_bad_input():
    with pytest.raises(ValueError, match="pressures"):
        game_types_over_pressure([0.1, -0.2])
    with pytest.raises(ValueError, match="pressures"):
        game_types_over_pressure([[0.1, 0.2]])
    with pytest.raises(ValueError, match="pressures"):
        game_types_over_pressure([0.1, math.nan])
    with pytest.raises(TypeError, match="bribe"):
        game_types_over_pressure([0.1], bribe=1.0)
    with pytest.raises(ValueError, match="benefit"):
        pressure_thresholds(benefit=-1.0)
    with pytest.raises(ValueError, match="p_max"):
        type_transitions(p_max=0.0)


# === ordinal 2x2 game types and Nash equilibria ===========================================

ALIGN, HEDGE = np.array([1.0, 0.0]), np.array([0.0, 1.0])


def _sym(r, s, t, p):
    return [[r, s], [t, p]]


# --- game types: textbook orderings ---------------------------------------------------------
# Rapoport & Guyer (1966), "A taxonomy of 2x2 games", General Systems 11, classify the strict
# ordinal 2x2 games; the names below are those Oye (1985, World Politics 38(1)) uses.


@pytest.mark.parametrize(
    ("payoffs", "expected"),
    [
        ((3, 0, 5, 1), "prisoners_dilemma"),  # T > R > P > S, Axelrod's 3, 0, 5, 1
        ((4, 1, 3, 2), "stag_hunt"),  # R > T > P > S
        ((3, 1, 4, 0), "chicken"),  # T > R > S > P
        ((2, 1, 4, 3), "deadlock"),  # T > P > R > S
        ((4, 2, 3, 1), "harmony"),  # R > T > S > P
        ((4, 3, 2, 1), "harmony"),  # R > S > T > P
        ((2, 4, 1, 3), "other"),  # S > P > R > T: aligning dominates but R is not best
        ((3, 0, 3, 1), "other"),  # a tie T = R
        ((1, 3, 4, 2), "other"),  # T > S > P > R
    ],
)
def test_textbook_orderings(payoffs, expected):
    assert game_type(_sym(*payoffs)) == expected


def test_only_the_order_of_payoffs_matters():
    pd_ = np.array(_sym(3, 0, 5, 1), dtype=float)
    assert game_type(10 * pd_ - 7) == "prisoners_dilemma"
    assert game_type(np.exp(pd_)) == "prisoners_dilemma"  # any increasing transform


def test_game_type_accepts_games_and_pairs():
    a = np.array(_sym(4, 1, 3, 2))
    assert game_type(nash.Game(a, a.T)) == "stag_hunt"
    assert game_type((a, a.T)) == "stag_hunt"


def test_game_type_rejects_bad_input():
    a = np.array(_sym(4, 1, 3, 2), dtype=float)
    with pytest.raises(ValueError, match="symmetric"):
        game_type((a, a))
    with pytest.raises(ValueError, match="game"):
        game_type(np.ones((3, 3)))
    with pytest.raises(ValueError, match="game"):
        game_type([[1.0, math.nan], [0.0, 2.0]])
    with pytest.raises(TypeError, match="game"):
        game_type("stag hunt")


def test_every_type_named_by_game_type_is_listed():
    names = {game_type(_sym(*order)) for order in itertools.permutations(range(4))}
    assert names <= set(GAME_TYPES)


# --- equilibria, checked by hand ------------------------------------------------------------


def _as_lists(eqs):
    return sorted((tuple(np.round(s, 10)), tuple(np.round(c, 10))) for s, c in eqs)


def test_prisoners_dilemma_has_only_mutual_hedging():
    assert _as_lists(equilibria(_sym(3, 0, 5, 1))) == _as_lists([(HEDGE, HEDGE)])


def test_deadlock_has_only_mutual_hedging():
    assert _as_lists(equilibria(_sym(2, 1, 4, 3))) == _as_lists([(HEDGE, HEDGE)])


def test_harmony_has_only_mutual_alignment():
    assert _as_lists(equilibria(_sym(4, 2, 3, 1))) == _as_lists([(ALIGN, ALIGN)])


def test_stag_hunt_has_two_pure_and_one_mixed_equilibrium():
    # Indifference: q R + (1-q) S = q T + (1-q) P  =>  q = (P - S) / ((R - T) + (P - S)) = 1/2.
    mixed = np.array([0.5, 0.5])
    expected = [(ALIGN, ALIGN), (HEDGE, HEDGE), (mixed, mixed)]
    assert _as_lists(equilibria(_sym(4, 1, 3, 2))) == _as_lists(expected)


def test_chicken_has_two_asymmetric_pure_and_one_mixed_equilibrium():
    # q = (S - P) / ((S - P) + (T - R)) = 1 / (1 + 1) for R, S, T, P = 3, 1, 4, 0.
    mixed = np.array([0.5, 0.5])
    expected = [(ALIGN, HEDGE), (HEDGE, ALIGN), (mixed, mixed)]
    assert _as_lists(equilibria(_sym(3, 1, 4, 0))) == _as_lists(expected)


def test_equilibria_of_an_asymmetric_game():
    # Matching pennies: only the 50/50 mix.
    a = np.array([[1, -1], [-1, 1]])
    ((s, c),) = equilibria((a, -a))
    np.testing.assert_allclose(s, [0.5, 0.5])
    np.testing.assert_allclose(c, [0.5, 0.5])


def test_equilibria_rejects_bad_input():
    with pytest.raises(ValueError, match="game"):
        equilibria(np.zeros((2, 3)))
    with pytest.raises(TypeError, match="game"):
        equilibria("pennies")
