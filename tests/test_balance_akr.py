"""Tests of lukin_course.balance_akr: triad dynamics of Antal, Krapivsky & Redner (2005)."""

from __future__ import annotations

from itertools import combinations
from math import comb

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lukin_course.balance import imbalanced_triads, is_balanced
from lukin_course.balance_akr import AKR_RULES, AKRResult, antal_krapivsky_redner

SETTINGS = settings(max_examples=30, deadline=None)


def random_signs(n: int, seed: int, friendly: float = 0.5) -> np.ndarray:
    rng = np.random.default_rng(seed)
    upper = np.triu(np.where(rng.random((n, n)) < friendly, 1, -1), 1)
    return upper + upper.T


def hostile_ties(s: np.ndarray) -> int:
    return int(np.count_nonzero(np.triu(s, 1) < 0))


def check_consistent(start: np.ndarray, result: AKRResult) -> None:
    """What every run must satisfy, checked with the static balance functions."""
    s = result.signs
    n = start.shape[0]
    np.testing.assert_array_equal(s, s.T)
    assert set(np.unique(s[~np.eye(n, dtype=bool)])) <= {-1, 1}
    assert np.all(np.diag(s) == 0)
    assert len(result.history) == result.steps + 1
    assert result.history[0] == len(imbalanced_triads(start))
    assert result.history[-1] == len(imbalanced_triads(s))
    assert result.balanced == is_balanced(s) == (result.history[-1] == 0)
    assert np.all((result.history >= 0) & (result.history <= comb(n, 3)))


@pytest.mark.parametrize("seed", range(6))
def test_p_equal_one_only_mends_ties(seed: int) -> None:
    # Antal et al. (2005), LTD with p = 1: every update turns a hostile tie friendly, so
    # balance comes after exactly (hostile ties at start - hostile ties at the end) steps.
    start = random_signs(9, seed)
    result = antal_krapivsky_redner(start, p=1.0, seed=seed)
    check_consistent(start, result)
    assert result.balanced
    assert result.steps == hostile_ties(start) - hostile_ties(result.signs)
    assert not result.jammed and result.rule == "local"


@pytest.mark.parametrize("p", [0.3, 0.5, 0.7, 1.0])
@pytest.mark.parametrize("seed", range(4))
def test_finite_networks_end_balanced(p: float, seed: int) -> None:
    # Antal et al. (2005): under LTD a finite network always reaches a balanced state.
    start = random_signs(7, seed)
    result = antal_krapivsky_redner(start, p=p, seed=seed)
    check_consistent(start, result)
    assert result.balanced


def test_large_p_reaches_paradise_p_zero_never_does() -> None:
    # Antal et al. (2005): for p > 1/2 the network ends all friendly ("paradise"). With
    # p = 0 the last update always leaves a hostile tie, so paradise is never reached
    # from an imbalanced start. Seeded runs.
    high = [antal_krapivsky_redner(random_signs(12, s), p=0.9, seed=s) for s in range(8)]
    assert all(r.balanced and r.paradise for r in high)
    zero = [antal_krapivsky_redner(random_signs(6, s), p=0.0, seed=s) for s in range(8)]
    assert all(r.balanced and not r.paradise for r in zero)


def test_local_dynamics_can_raise_the_number_of_imbalanced_triads() -> None:
    # One flip also changes the other n - 3 triads on the tie, so LTD is not monotone.
    result = antal_krapivsky_redner(random_signs(10, 0), p=0.5, seed=0)
    assert result.balanced
    assert np.any(np.diff(result.history) > 0)


@SETTINGS
@given(st.integers(3, 9), st.integers(0, 10_000))
def test_constrained_dynamics_never_raise_imbalance(n: int, seed: int) -> None:
    # Antal et al. (2005), CTD: a flip that would add imbalanced triads is refused.
    start = random_signs(n, seed)
    result = antal_krapivsky_redner(start, seed=seed, rule="constrained", max_steps=5_000)
    check_consistent(start, result)
    assert np.all(np.diff(result.history) <= 0)
    assert result.balanced or result.jammed or result.steps == 5_000


def test_constrained_dynamics_can_jam() -> None:
    # Antal et al. (2005): CTD can stop in a jammed state - imbalanced, yet every single
    # flip would add imbalanced triads. A seeded example on 9 actors, verified directly.
    start = random_signs(9, 111)
    result = antal_krapivsky_redner(start, seed=111, rule="constrained")
    check_consistent(start, result)
    assert result.jammed and not result.balanced
    s = result.signs
    before = len(imbalanced_triads(s))
    for i, j in combinations(range(9), 2):
        t = s.copy()
        t[i, j] = t[j, i] = -s[i, j]
        assert len(imbalanced_triads(t)) > before


@pytest.mark.parametrize("rule", AKR_RULES)
@SETTINGS
@given(n=st.integers(3, 8), seed=st.integers(0, 10_000), p=st.floats(0.0, 1.0))
def test_invariants_of_every_run(rule: str, n: int, seed: int, p: float) -> None:
    start = random_signs(n, seed)
    result = antal_krapivsky_redner(start, p=p, seed=seed, max_steps=300, rule=rule)
    check_consistent(start, result)
    again = antal_krapivsky_redner(start, p=p, seed=seed, max_steps=300, rule=rule)
    np.testing.assert_array_equal(again.signs, result.signs)
    np.testing.assert_array_equal(again.history, result.history)


def test_single_triads() -> None:
    one_hostile = [[0, 1, 1], [1, 0, -1], [1, -1, 0]]
    # p = 1: the hostile tie is mended -> all friendly
    mended = antal_krapivsky_redner(one_hostile, p=1.0, seed=0)
    assert mended.paradise and mended.steps == 1
    # p = 0: a friendly tie turns hostile -> "+--", balanced with two hostile ties
    split = antal_krapivsky_redner(one_hostile, p=0.0, seed=0)
    assert split.balanced and not split.paradise and hostile_ties(split.signs) == 2
    # all hostile: one tie always turns friendly, whatever p
    for p in (0.0, 1.0):
        res = antal_krapivsky_redner(-np.ones((3, 3)), p=p, seed=0)
        assert res.steps == 1 and hostile_ties(res.signs) == 2 and res.balanced


def test_balanced_start_takes_no_steps_and_limits_are_respected() -> None:
    side = np.array([1, 1, -1, -1, 1])
    start = np.outer(side, side)
    result = antal_krapivsky_redner(start, seed=0)
    assert result.steps == 0 and result.balanced
    np.testing.assert_array_equal(result.history, [0])
    stopped = antal_krapivsky_redner(-np.ones((8, 8)), p=0.0, seed=0, max_steps=3)
    assert stopped.steps == 3 and not stopped.balanced and len(stopped.history) == 4
    none = antal_krapivsky_redner(-np.ones((4, 4)), max_steps=0)
    assert none.steps == 0 and none.history.tolist() == [4]


def test_seed_or_generator_gives_reproducible_runs() -> None:
    start = random_signs(8, 3)
    by_int = antal_krapivsky_redner(start, seed=42)
    by_gen = antal_krapivsky_redner(start, seed=np.random.default_rng(42))
    np.testing.assert_array_equal(by_int.history, by_gen.history)
    np.testing.assert_array_equal(by_int.signs, by_gen.signs)
    # default seed=None runs too
    assert antal_krapivsky_redner(start, p=1.0).balanced


# ---- bad input ----


@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        ([[0, 1, 1], [1, 0, 1]], ValueError, "square"),
        ([[0, 1, -1], [1, 0, 1], [1, 1, 0]], ValueError, "symmetric"),
        ([[0, 0.5, 1], [0.5, 0, 1], [1, 1, 0]], ValueError, r"\+1 or -1"),
        ([[0, np.nan, 1], [np.nan, 0, 1], [1, 1, 0]], ValueError, "finite"),
        ([[0, 1], [1, 0]], ValueError, "at least 3"),
        (None, ValueError, "2-dimensional"),
        ("friends", TypeError, "numeric"),
    ],
)
def test_bad_signs_rejected(bad, error, message) -> None:
    with pytest.raises(error, match=message) as info:
        antal_krapivsky_redner(bad)
    assert "signs0" in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"p": -0.1}, ValueError, "p"),
        ({"p": 1.5}, ValueError, "p"),
        ({"p": np.nan}, ValueError, "p"),
        ({"p": "half"}, TypeError, "p"),
        ({"seed": -1}, ValueError, "seed"),
        ({"seed": 1.5}, TypeError, "seed"),
        ({"seed": True}, TypeError, "seed"),
        ({"max_steps": -1}, ValueError, "max_steps"),
        ({"max_steps": 10.0}, TypeError, "max_steps"),
        ({"max_steps": False}, TypeError, "max_steps"),
        ({"rule": "global"}, ValueError, "rule"),
        ({"rule": None}, ValueError, "rule"),
    ],
)
def test_bad_arguments_rejected(kwargs, error, name) -> None:
    with pytest.raises(error) as info:
        antal_krapivsky_redner(-np.ones((3, 3)), **kwargs)
    assert name in str(info.value)
