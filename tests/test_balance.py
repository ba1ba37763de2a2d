"""Tests of lukin_course.balance: structural balance (Heider 1946; Cartwright & Harary 1956)."""

from __future__ import annotations

from itertools import combinations, pairwise, permutations, product
from math import comb, prod

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lukin_course.balance import (
    MAX_EXACT_ACTORS,
    balance_index,
    factions,
    frustration,
    imbalanced_triads,
    is_balanced,
    triad_census,
)

SETTINGS = settings(max_examples=50, deadline=None)


def from_upper(n: int, upper: list[int]) -> np.ndarray:
    """Symmetric sign matrix from its upper triangle, row by row."""
    s = np.zeros((n, n), dtype=int)
    s[np.triu_indices(n, 1)] = upper
    return s + s.T


@st.composite
def sign_matrices(draw: st.DrawFn, min_n: int = 3, max_n: int = 6) -> np.ndarray:
    n = draw(st.integers(min_n, max_n))
    upper = draw(st.lists(st.sampled_from([-1, 1]), min_size=comb(n, 2), max_size=comb(n, 2)))
    return from_upper(n, upper)


# ---- independent brute-force references (no code shared with the module) ----


def all_cycles_positive(s: np.ndarray) -> bool:
    """Cartwright & Harary's definition: every cycle (length >= 3) has positive sign."""
    n = s.shape[0]
    for k in range(3, n + 1):
        for nodes in combinations(range(n), k):
            first, rest = nodes[0], nodes[1:]
            for order in permutations(rest):
                cycle = (first, *order, first)
                if prod(int(s[a, b]) for a, b in pairwise(cycle)) < 0:
                    return False
    return True


def two_faction_partitions(s: np.ndarray) -> list[set[int]]:
    """All sets A such that ties are + within A and within its complement, - between."""
    n = s.shape[0]
    found = []
    for mask in range(2**n):
        side = [(mask >> i) & 1 for i in range(n)]
        if all(s[i, j] == (1 if side[i] == side[j] else -1) for i, j in combinations(range(n), 2)):
            found.append({i for i in range(n) if side[i]})
    return found


def triads_all_balanced(s: np.ndarray) -> bool:
    return all(s[i, j] * s[j, k] * s[i, k] > 0 for i, j, k in combinations(range(s.shape[0]), 3))


def brute_force_frustration(s: np.ndarray) -> int:
    """Smallest k such that flipping some k ties gives a balanced network."""
    n = s.shape[0]
    pairs = list(combinations(range(n), 2))
    for k in range(len(pairs) + 1):
        for chosen in combinations(pairs, k):
            t = s.copy()
            for i, j in chosen:
                t[i, j] = t[j, i] = -t[i, j]
            if triads_all_balanced(t):
                return k
    raise AssertionError("unreachable: flipping all ties to + always balances")


def disagreements(s: np.ndarray, first: list[int]) -> int:
    side = np.array([1 if i in first else -1 for i in range(s.shape[0])])
    return sum(int(s[i, j] != side[i] * side[j]) for i, j in combinations(range(s.shape[0]), 2))


def switch(s: np.ndarray, actor: int) -> np.ndarray:
    t = s.copy()
    t[actor, :] *= -1
    t[:, actor] *= -1
    return t


# ---- published results as regression tests ----


def test_heider_1946_eight_sign_patterns_of_a_triad() -> None:
    # Heider (1946): a triad is balanced iff the product of its three signs is positive,
    # so of the 2**3 = 8 sign patterns exactly four are balanced: all positive, and the
    # three with two negative ties ("the enemy of my enemy is my friend").
    balanced = []
    for ab, ac, bc in product([1, -1], repeat=3):
        s = from_upper(3, [ab, ac, bc])
        if is_balanced(s):
            balanced.append((ab, ac, bc))
        assert imbalanced_triads(s) == ([] if ab * ac * bc > 0 else [(0, 1, 2)])
    assert sorted(balanced) == sorted([(1, 1, 1), (1, -1, -1), (-1, 1, -1), (-1, -1, 1)])


@SETTINGS
@given(sign_matrices(max_n=6))
def test_cartwright_harary_1956_structure_theorem(s: np.ndarray) -> None:
    # Cartwright & Harary (1956): balanced (all cycles positive) iff the actors split
    # into at most two factions, friendly within and hostile between.
    partitions = two_faction_partitions(s)
    assert is_balanced(s) == all_cycles_positive(s) == bool(partitions)
    if partitions:
        first, second = factions(s)
        assert set(first) in partitions or set(second) in partitions
        assert 0 in first
        assert sorted(first + second) == list(range(s.shape[0]))


@SETTINGS
@given(sign_matrices(max_n=6))
def test_frustration_equals_brute_force_over_sign_flips(s: np.ndarray) -> None:
    assert frustration(s) == brute_force_frustration(s)


@SETTINGS
@given(sign_matrices(max_n=7))
def test_factions_attain_the_frustration(s: np.ndarray) -> None:
    first, second = factions(s)
    assert disagreements(s, first) == frustration(s)
    assert sorted(first + second) == list(range(s.shape[0]))
    assert 0 in first


@pytest.mark.parametrize("n", [3, 4, 5, 6, 7, 8])
def test_frustration_of_all_hostile_network(n: int) -> None:
    # Splitting n mutual enemies into groups of a and n - a leaves C(a,2) + C(n-a,2)
    # hostile ties inside groups; the best split is as even as possible.
    expected = min(comb(a, 2) + comb(n - a, 2) for a in range(n + 1))
    assert frustration(-np.ones((n, n))) == expected
    first, second = factions(-np.ones((n, n)))
    assert abs(len(first) - len(second)) <= 1


def test_nixon_opening_triangle_factions_with_labels() -> None:
    # 1972: US-China friendly, both hostile to the USSR -> a balanced "stable marriage".
    actors = ["United States", "USSR", "China"]
    s = from_upper(3, [-1, 1, -1])  # US-USSR, US-China, USSR-China
    assert is_balanced(s)
    assert factions(s, labels=actors) == (["United States", "China"], ["USSR"])
    assert factions(s, labels=tuple(actors)) == (["United States", "China"], ["USSR"])


def test_census_of_a_known_network() -> None:
    # One hostile tie (0, 1) in a friendly 4-clique: the two triads on it are "++-".
    s = np.ones((4, 4), dtype=int)
    s[0, 1] = s[1, 0] = -1
    assert triad_census(s) == {"+++": 2, "++-": 2, "+--": 0, "---": 0}
    assert balance_index(s) == pytest.approx(0.5)
    assert imbalanced_triads(s) == [(0, 1, 2), (0, 1, 3)]
    assert frustration(s) == 1


def test_census_matches_a_plain_loop_on_a_random_network() -> None:
    rng = np.random.default_rng(7)
    n = 9
    s = from_upper(n, list(rng.choice([-1, 1], size=comb(n, 2))))
    expected = {"+++": 0, "++-": 0, "+--": 0, "---": 0}
    for i, j, k in combinations(range(n), 3):
        plus = int(s[i, j] > 0) + int(s[j, k] > 0) + int(s[i, k] > 0)
        expected[["---", "+--", "++-", "+++"][plus]] += 1
    assert triad_census(s) == expected


# ---- invariants ----


@SETTINGS
@given(sign_matrices(max_n=8))
def test_census_sums_and_index_range(s: np.ndarray) -> None:
    census = triad_census(s)
    n = s.shape[0]
    assert sum(census.values()) == comb(n, 3)
    index = balance_index(s)
    assert 0.0 <= index <= 1.0
    assert (index == 1.0) == is_balanced(s) == (frustration(s) == 0)
    assert len(imbalanced_triads(s)) == census["++-"] + census["---"]


@SETTINGS
@given(sign_matrices(max_n=8), st.randoms(use_true_random=False))
def test_relabelling_actors_changes_nothing(s: np.ndarray, random) -> None:
    perm = list(range(s.shape[0]))
    random.shuffle(perm)
    t = s[np.ix_(perm, perm)]
    assert triad_census(t) == triad_census(s)
    assert frustration(t) == frustration(s)
    assert is_balanced(t) == is_balanced(s)
    assert len(imbalanced_triads(t)) == len(imbalanced_triads(s))


@SETTINGS
@given(sign_matrices(max_n=8), st.data())
def test_switching_an_actor_preserves_balance(s: np.ndarray, data: st.DataObject) -> None:
    # Harary's switching: reversing all ties of one actor keeps every cycle's sign.
    actor = data.draw(st.integers(0, s.shape[0] - 1))
    t = switch(s, actor)
    assert is_balanced(t) == is_balanced(s)
    assert frustration(t) == frustration(s)
    assert imbalanced_triads(t) == imbalanced_triads(s)


def test_balanced_network_factions_beyond_the_enumeration_limit() -> None:
    n = MAX_EXACT_ACTORS + 5
    side = np.where(np.arange(n) % 3 == 0, -1, 1)
    s = np.outer(side, side)
    assert is_balanced(s)
    first, second = factions(s)
    assert first == [i for i in range(n) if i % 3 == 0]
    assert second == [i for i in range(n) if i % 3 != 0]
    assert balance_index(s) == 1.0


def test_frustration_at_the_enumeration_limit() -> None:
    n = MAX_EXACT_ACTORS
    side = np.where(np.arange(n) < 8, 1, -1)
    s = np.outer(side, side)
    flips = [(0, 9), (3, 4), (12, 15)]
    for i, j in flips:
        s[i, j] = s[j, i] = -s[i, j]
    # three flips from a balanced network, far apart: they are the cheapest repair
    assert frustration(s) == len(flips)
    assert factions(s)[0] == list(range(8))


# ---- bad input ----

BAD_SIGNS = [
    ([[0, 1, 1], [1, 0, 1]], ValueError, "square"),
    ([[0, 1, -1], [1, 0, 1], [1, 1, 0]], ValueError, "symmetric"),
    ([[0, 1, 0], [1, 0, 1], [0, 1, 0]], ValueError, r"\+1 or -1"),
    ([[0, 2, 1], [2, 0, 1], [1, 1, 0]], ValueError, r"\+1 or -1"),
    ([[0, np.nan, 1], [np.nan, 0, 1], [1, 1, 0]], ValueError, "finite"),
    ([[0, 1], [1, 0]], ValueError, "at least 3"),
    ([1, -1, 1], ValueError, "2-dimensional"),
    ("friends", TypeError, "numeric"),
]
FUNCTIONS = [is_balanced, triad_census, balance_index, frustration, factions, imbalanced_triads]


@pytest.mark.parametrize("func", FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(("bad", "error", "message"), BAD_SIGNS)
def test_bad_signs_rejected(func, bad, error, message) -> None:
    with pytest.raises(error, match=message) as info:
        func(bad)
    assert "signs" in str(info.value)


def test_exact_enumeration_limit_is_clear() -> None:
    n = MAX_EXACT_ACTORS + 1
    s = np.ones((n, n), dtype=int)
    s[0, 1] = s[1, 0] = -1
    with pytest.raises(ValueError, match=f"limited to {MAX_EXACT_ACTORS} actors"):
        frustration(s)
    with pytest.raises(ValueError, match=f"limited to {MAX_EXACT_ACTORS} actors"):
        factions(s)


@pytest.mark.parametrize(
    ("labels", "error", "message"),
    [
        (["a", "b"], ValueError, "all 3 actors"),
        (["a", "b", "a"], ValueError, "distinct"),
        ([["a"], "b", "c"], ValueError, "hashable"),
        ("abc", TypeError, "sequence"),
        (3, TypeError, "sequence"),
    ],
)
def test_bad_labels_rejected(labels, error, message) -> None:
    with pytest.raises(error, match=message) as info:
        factions(np.ones((3, 3)), labels=labels)
    assert "labels" in str(info.value)
