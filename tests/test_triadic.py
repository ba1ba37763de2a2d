"""Tests of lukin_course.triadic: Lee, Muncaster & Zinnes (1994) triad dynamics.

The paper's stated results (its abstract, Synthese 1994, doi:10.1007/BF01063907):
the four friend/enemy rules lead to the *formation* and *preservation* of unipolar
and bipolar configurations, with the *strength* of every relationship, friendly
and hostile, *intensifying* through time. The hand-computed cases below follow
from the equations x' = yz, y' = xz, z' = xy in a line each.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lukin_course.triadic import (
    TriadRun,
    configuration,
    lmz_rates,
    policy_outcomes,
    simulate_triad,
    ties_matrix,
)

SETTINGS = settings(max_examples=30, deadline=None)
tie = st.floats(min_value=-1.0, max_value=1.0).filter(lambda v: abs(v) > 0.05)
# Generic starts: LMZ's results hold for ties of distinct strengths. (With equal strengths
# an unbalanced triad is degenerate: x = y = -z = 1/(1 + t) fades to zero, by hand.)
generic = st.tuples(tie, tie, tie).filter(
    lambda v: (
        min(abs(abs(a) - abs(b)) for a, b in ((v[0], v[1]), (v[0], v[2]), (v[1], v[2]))) > 0.05
    )
)


def upper(x: np.ndarray) -> np.ndarray:
    return np.array([x[0, 1], x[0, 2], x[1, 2]])


# --- the four rules -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("i_k", "k_j", "sign", "rule"),
    [
        (1, 1, 1, "the friend of my friend is my friend"),
        (-1, 1, -1, "the friend of my enemy is my enemy"),
        (1, -1, -1, "the enemy of my friend is my enemy"),
        (-1, -1, 1, "the enemy of my enemy is my friend"),
    ],
)
def test_each_rule_is_the_sign_of_a_product(i_k, k_j, sign, rule):
    # i = 0, j = 1, k = 2: directed relations, only X[0, 2] and X[2, 1] set.
    x = np.zeros((3, 3))
    x[0, 2], x[2, 1] = i_k, k_j
    assert np.sign(lmz_rates(x)[0, 1]) == sign, rule


def test_rates_by_hand():
    # x' = yz, y' = xz, z' = xy with x = 0.5, y = -0.2, z = 0.4.
    r = lmz_rates(ties_matrix(0.5, -0.2, 0.4))
    assert upper(r) == pytest.approx([-0.08, 0.2, -0.1])
    assert np.allclose(r, r.T) and np.all(np.diag(r) == 0)


# --- hand-computed solutions ----------------------------------------------------------------


@pytest.mark.parametrize("signs", [(1, 1, 1), (1, -1, -1), (-1, 1, -1), (-1, -1, 1)])
def test_equal_strength_balanced_start_diverges_at_one_over_a(signs):
    # |x(t)| = a / (1 - a t) for every tie, so every tie reaches 2a at t = 1/(2a).
    a = 0.4
    x0 = ties_matrix(*(a * s for s in signs))
    run = simulate_triad(x0, t_max=1.0 / (2 * a), n_points=11)
    assert not run.capped
    assert upper(run.final) == pytest.approx([2 * a * s for s in signs], rel=1e-8)
    mid = run.relations[5]  # t = 1/(4a): a / (1 - 1/4)
    assert np.abs(upper(mid)) == pytest.approx([a / 0.75] * 3, rel=1e-8)


def test_run_stops_at_the_cap_just_before_the_blow_up_time():
    a = 0.5
    run = simulate_triad(ties_matrix(a, a, a), t_max=10.0, cap=100.0)
    assert isinstance(run, TriadRun) and run.capped
    # a / (1 - a t) = 100  at  t = (1 - a/100) / a
    assert run.t[-1] == pytest.approx((1 - a / 100) / a, rel=1e-6)
    assert np.max(np.abs(run.final)) == pytest.approx(100.0, rel=1e-6)


@given(tie, tie, tie)
@SETTINGS
def test_squared_differences_are_conserved(x, y, z):
    run = simulate_triad(ties_matrix(x, y, z), t_max=3.0, n_points=31, cap=5.0)
    for m in run.relations:
        a, b, c = upper(m)
        assert a**2 - b**2 == pytest.approx(x**2 - y**2, abs=1e-6)
        assert b**2 - c**2 == pytest.approx(y**2 - z**2, abs=1e-6)


# --- the paper's results --------------------------------------------------------------------


@given(generic)
@SETTINGS
def test_formation_every_start_ends_unipolar_or_bipolar(ties):
    x, y, z = ties
    run = simulate_triad(ties_matrix(x, y, z), t_max=200.0, cap=50.0)
    assert run.capped  # relations diverge in finite time
    assert configuration(run.final) in ("unipolar", "bipolar")


@given(tie, tie, tie)
@SETTINGS
def test_the_triad_product_never_decreases(x, y, z):
    # d(xyz)/dt = (yz)^2 + (xz)^2 + (xy)^2 >= 0: imbalance is resolved, never created.
    run = simulate_triad(ties_matrix(x, y, z), t_max=20.0, n_points=101, cap=20.0)
    prod = [float(np.prod(upper(m))) for m in run.relations]
    assert np.all(np.diff(prod) >= -1e-9)


@given(tie, tie, tie)
@SETTINGS
def test_preservation_and_intensification_of_balanced_configurations(x, y, z):
    signs = np.sign([x, y, z])
    if signs.prod() < 0:  # make the start balanced: flip the last sign
        z = -z
    start = ties_matrix(x, y, z)
    run = simulate_triad(start, t_max=50.0, n_points=201, cap=20.0)
    kinds = {configuration(m) for m in run.relations}
    assert kinds == {configuration(start)}  # the configuration is preserved
    strength = np.abs(np.array([upper(m) for m in run.relations]))
    assert np.all(np.diff(strength, axis=0) >= -1e-9)  # every tie intensifies


def test_a_degenerate_unbalanced_triad_fades_instead():
    # x = y = -z = w with w' = -w^2: w = 1 / (1 + t), by hand.
    run = simulate_triad(ties_matrix(1.0, 1.0, -1.0), t_max=9.0, n_points=10)
    assert upper(run.final) == pytest.approx([0.1, 0.1, -0.1], rel=1e-6)


def test_an_unbalanced_triad_of_three_enemies_becomes_bipolar():
    # Two of three hostile ties stay hostile; the weakest one turns friendly.
    run = simulate_triad(ties_matrix(-0.6, -0.5, -0.2), t_max=50.0, cap=20.0)
    assert configuration(run.final) == "bipolar"
    assert run.final[1, 2] > 0  # the two weakest enemies made peace


# --- the four policies ----------------------------------------------------------------------


def test_policy_outcomes_lmz_cannot_tell_russia_from_china():
    out = policy_outcomes()
    assert out["democratism"]["configuration"] == "bipolar"
    assert out["democratism"]["russia_china"] == 1  # pressed together into a bloc
    assert out["engagement"]["configuration"] == "unipolar"  # courted together: all friends
    for courted, name in (("us_china", "china_card"), ("us_russia", "reverse_kissinger")):
        assert out[name]["configuration"] == "bipolar"
        assert out[name][courted] == 1 and out[name]["russia_china"] == -1
    # Swapping Russia and China changes nothing: the same blow-up time.
    assert out["china_card"]["blow_up"] == pytest.approx(out["reverse_kissinger"]["blow_up"])


def test_policy_outcomes_blow_up_time_by_hand():
    # From (s, s, 0) with s = 0.5: x^2 - y^2 = 0 and x^2 - z^2 = s^2, so
    # x' = xz and z' = x^2 with x^2 = z^2 + s^2: z' = z^2 + s^2, z = s tan(s t);
    # the ties reach the cap 10 where x = sqrt(z^2 + s^2) = 10.
    s = 0.5
    z_cap = math.sqrt(100 - s**2)
    t_cap = math.atan(z_cap / s) / s
    assert policy_outcomes({"engagement": (1, 1)})["engagement"]["blow_up"] == pytest.approx(
        t_cap, rel=1e-6
    )


def test_a_pivot_courting_two_hostile_wings_alike_loses_both_ties():
    # 1972: the US courts both (0.5, 0.5) while Russia and China are hostile (-0.9).
    # By hand: x = y, x' = xz, z^2 = x^2 + 0.56, so z stays below -0.748 and x decays
    # to zero: LMZ's rules leave no stable place for an even-handed pivot.
    run = simulate_triad(ties_matrix(0.5, 0.5, -0.9), t_max=60.0, n_points=61)
    assert abs(run.final[0, 1]) < 1e-6 and abs(run.final[0, 2]) < 1e-6
    assert run.final[1, 2] == pytest.approx(-math.sqrt(0.81 - 0.25), abs=1e-6)
    out = policy_outcomes({"engagement": (1.0, 1.0)}, russia_china=-0.9, t_max=60.0)
    assert out["engagement"]["blow_up"] == math.inf
    assert out["engagement"]["russia_china"] == -1


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "exc", "name"),
    [
        (np.zeros((4, 4)), ValueError, "3 x 3"),
        (np.zeros(3), ValueError, "x0"),
        ([[0, math.nan, 0], [0, 0, 0], [0, 0, 0]], ValueError, "x0"),
        ("abc", TypeError, "x0"),
        (np.full((3, 3), 1 + 2j), TypeError, "x0"),
    ],
)
def test_simulate_rejects_bad_relations(bad, exc, name):
    with pytest.raises(exc, match=name):
        simulate_triad(bad)


def test_simulate_rejects_bad_numbers():
    with pytest.raises(ValueError, match="t_max"):
        simulate_triad(ties_matrix(1, 1, 1), t_max=0)
    with pytest.raises(ValueError, match="cap"):
        simulate_triad(ties_matrix(1, 1, 1), cap=-1)
    with pytest.raises(ValueError, match="cap"):
        simulate_triad(ties_matrix(1, 1, 20), cap=10)
    with pytest.raises(TypeError, match="n_points"):
        simulate_triad(ties_matrix(1, 1, 1), n_points=2.5)


def test_configuration_names_and_errors():
    assert configuration(ties_matrix(1, 0, 1)) == "undecided"
    assert configuration(ties_matrix(0.1, 1, 1), tol=0.2) == "undecided"
    directed = ties_matrix(1, 1, 1)
    directed[2, 1] = -1
    assert configuration(directed) == "mixed"
    with pytest.raises(ValueError, match="tol"):
        configuration(ties_matrix(1, 1, 1), tol=-1)


def test_policy_outcomes_reject_bad_input():
    with pytest.raises(ValueError, match="policy 'x'"):
        policy_outcomes({"x": (2.0, 0.0)})
    with pytest.raises(TypeError, match="policy 'x'"):
        policy_outcomes({"x": "democratism"})
    with pytest.raises(TypeError, match="policies"):
        policy_outcomes([(1, 1)])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="strength"):
        policy_outcomes(strength=0.0)
    with pytest.raises(ValueError, match="russia_china"):
        policy_outcomes(russia_china=1.5)
