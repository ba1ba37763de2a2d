"""Tests of lukin_course.alignment_types: ordinal 2x2 game types and Nash equilibria."""

from __future__ import annotations

import itertools
import math

import nashpy as nash
import numpy as np
import pytest

from lukin_course.alignment_types import GAME_TYPES, equilibria, game_type

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
