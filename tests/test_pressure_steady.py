"""Tests of lukin_course.pressure: fixed points, bistability, steady states, hysteresis."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from lukin_course.pressure import (
    POLICIES,
    ActorProfile,
    HysteresisResult,
    PressureParams,
    bistable_window,
    hysteresis,
    steady_state,
    steady_states,
)

# A fixed parameter set (the first fit of the current equations, with its profiles), so
# that these hand-checked cases do not move when the shipped defaults are refitted.
FIXED = PressureParams(
    lam=0.73,
    beta=0.33,
    kappa=1.24,
    gamma=4.35,
    delta=1.99,
    eta=2.83,
    epsilon=0.91,
    russia=ActorProfile("Russia", 0.11, 0.04, 0.15),
    china=ActorProfile("China", 0.89, 0.14, 0.02),
)


def _params_with_field(h, eta):
    """Parameters whose field at the neutral policy (0, 0) is exactly ``h``."""
    # Twin profiles (capability 0.5, partner dependence 1) and no policy terms: h = gamma - delta/2.
    return PressureParams(
        beta=0.0,
        kappa=0.0,
        epsilon=0.0,
        gamma=max(h, 0.0),
        delta=2 * max(-h, 0.0),
        eta=eta,
        russia=ActorProfile("A", 0.5, 0.0, 1.0),
        china=ActorProfile("B", 0.5, 0.0, 1.0),
    )


# --- fixed points ---------------------------------------------------------------------------


@pytest.mark.parametrize("policy", [*POLICIES, (0.3, -0.8)])
def test_without_self_reinforcement_the_fixed_point_is_tanh_of_the_field(policy):
    p = PressureParams(eta=0.0)
    s_r, s_c = POLICIES.get(policy, policy) if isinstance(policy, str) else policy
    assert steady_states(policy, p) == [pytest.approx(math.tanh(p.field(s_r, s_c)), abs=1e-12)]


@pytest.mark.parametrize("policy", list(POLICIES))
@pytest.mark.parametrize("eta", [0.5, 1.5, 2.5])
def test_stable_roots_solve_the_fixed_point_equation(policy, eta):
    p = PressureParams(eta=eta)
    s_r, s_c = POLICIES[policy]
    h = p.field(s_r, s_c)
    roots = steady_states(policy, p)
    assert roots == sorted(roots)
    for r in roots:
        assert math.tanh(h + eta * r) - r == pytest.approx(0.0, abs=1e-12)
        assert eta / math.cosh(h + eta * r) ** 2 - 1 < 0  # g'(r) < 0: stable


def test_bistability_threshold_is_eta_one_at_zero_field():
    assert steady_states((0, 0), _params_with_field(0.0, 0.99)) == [pytest.approx(0.0, abs=1e-12)]
    assert steady_states((0, 0), _params_with_field(0.0, 1.0)) == [0.0]  # degenerate root
    low, high = steady_states((0, 0), _params_with_field(0.0, 1.01))
    assert low == pytest.approx(-high)
    assert 0 < high < 0.3


def test_at_zero_field_stable_states_are_the_nonzero_roots_of_r_equals_tanh_eta_r():
    # eta = 2: r = tanh(2 r) has the non-zero roots ±0.957504 (solved by hand with Newton).
    assert steady_states((0, 0), _params_with_field(0.0, 2.0)) == [
        pytest.approx(-0.957504, abs=1e-6),
        pytest.approx(0.957504, abs=1e-6),
    ]


def test_bistable_window_below_and_at_one_is_empty():
    assert bistable_window(0.0) == 0.0
    assert bistable_window(1.0) == 0.0


@pytest.mark.parametrize("eta", [1.2, 1.5, 2.0, 3.0])
def test_bistable_window_matches_a_scan_of_the_fixed_points(eta):
    fields = np.linspace(0.0, 2.0, 2001)
    counts = [len(steady_states((0, 0), _params_with_field(h, eta))) for h in fields]
    edge = fields[np.flatnonzero(np.asarray(counts) == 1)[0]]
    assert edge == pytest.approx(bistable_window(eta), abs=2e-3)
    assert len(steady_states((0, 0), _params_with_field(-0.5 * edge, eta))) == 2


@pytest.mark.parametrize(
    ("bad", "exc"), [(-0.1, ValueError), (math.nan, ValueError), ("2", TypeError)]
)
def test_bistable_window_rejects_bad_eta(bad, exc):
    with pytest.raises(exc, match="eta"):
        bistable_window(bad)


def test_steady_states_reject_bad_input():
    with pytest.raises(ValueError, match="engagement"):
        steady_states("isolation")
    with pytest.raises(ValueError, match="policy"):
        steady_states((2.0, 0.0))
    with pytest.raises(TypeError, match="params"):
        steady_states("engagement", params=1.5)


# --- steady_state from an initial state -----------------------------------------------------


def test_steady_state_depends_on_history_only_when_bistable():
    cool, warm = (0.0, 0.0, -0.9), (0.0, 0.0, 0.9)
    low, high = steady_states("engagement")
    assert steady_state("engagement", x0=cool) == (1.0, 1.0, low)
    assert steady_state("engagement", x0=warm) == (1.0, 1.0, high)
    p = PressureParams(eta=0.5)
    assert steady_state("engagement", p, x0=cool) == steady_state("engagement", p, x0=warm)


@pytest.mark.parametrize(
    ("kwargs", "exc", "name"),
    [
        ({"x0": (0.0, 0.0, 0.0, 0.0)}, ValueError, "x0"),
        ({"x0": (-1.5, 0.0, 0.0)}, ValueError, "x0"),
        ({"t_max": -1.0}, ValueError, "t_max"),
        ({"t_max": math.nan}, ValueError, "t_max"),
    ],
)
def test_steady_state_rejects_bad_input(kwargs, exc, name):
    with pytest.raises(exc, match=name):
        steady_state("democratism", **kwargs)


# --- hysteresis (claims C11, C15) -----------------------------------------------------------


def test_democratism_then_engagement_survives_and_is_hysteresis_with_the_defaults():
    res = hysteresis()
    assert isinstance(res, HysteresisResult)
    assert res.survives and res.hysteretic
    assert res.r_before > 0.95 and res.r_limit >= 0.5
    # Engagement alone, from the same 1992 start, splits them: same policy, other history.
    assert res.r_alone == pytest.approx(steady_state("engagement")[2]) and res.r_alone < -0.9
    assert res.r_limit == pytest.approx(steady_states("engagement")[-1])


def test_survival_without_memory_is_not_hysteresis():
    # eta <= 1: one steady state for every policy, yet engagement alone aligns them
    # (shared interests, no threat): the alignment survives but the history is forgotten.
    p = dataclasses.replace(FIXED, eta=0.9, gamma=10.0, delta=0.0)
    res = hysteresis(params=p)
    assert res.survives and not res.hysteretic
    assert len(steady_states("engagement", p)) == 1


@pytest.mark.parametrize("eta", [0.5, 0.9])
def test_without_bistability_there_is_never_hysteresis(eta):
    p = dataclasses.replace(FIXED, eta=eta)
    res = hysteresis(params=p)
    assert res.r_before >= 0.5  # alignment was built...
    assert not res.survives and not res.hysteretic  # ...and fades once the pressure is lifted
    assert res.r_limit == pytest.approx(res.r_alone)


def test_eta_above_one_is_necessary_not_sufficient_for_hysteresis():
    # Reverse Kissinger relief: Russia's field lies outside the window H(2.83): no memory.
    p = FIXED
    h = p.field(*POLICIES["reverse_kissinger"])
    assert p.eta > 1 and abs(h) > bistable_window(p.eta)
    res = hysteresis(params=p, relief_policy="reverse_kissinger")
    assert not res.hysteretic and not res.survives
    # With a window wide enough (eta = 4: H > |h|) the alignment survives it, but so does
    # the recorded 1992 partnership without any pressure: survival, not hysteresis.
    assert bistable_window(4.0) > abs(h)
    strong = hysteresis(
        params=dataclasses.replace(FIXED, eta=4.0), relief_policy="reverse_kissinger"
    )
    assert strong.survives and not strong.hysteretic


def test_no_alignment_means_nothing_survives():
    res = hysteresis(x0=(0.0, 0.0, -0.5))
    assert res.r_before < 0.5 and not res.survives


def test_hysteresis_trajectory_is_the_two_phases_joined():
    res = hysteresis(pressure_years=5, relief_years=7)
    traj = res.trajectory
    assert traj.t[0] == 0 and traj.t[-1] == pytest.approx(12.0)
    assert np.all(np.diff(traj.t) > 0)
    assert len(traj.t) == 51 + 70
    assert traj.russia_china[50] == pytest.approx(res.r_before)
    assert traj.final[2] == pytest.approx(res.r_after)
    assert traj.us_china[50] < 0 < traj.us_china[-1]  # pressure, then engagement


@pytest.mark.parametrize(
    ("kwargs", "exc", "name"),
    [
        ({"pressure_years": 0}, ValueError, "pressure_years"),
        ({"relief_years": -5}, ValueError, "relief_years"),
        ({"threshold": 2.0}, ValueError, "threshold"),
        ({"policy": "pressure"}, ValueError, "democratism"),
        ({"relief_policy": (0.0, 3.0)}, ValueError, "policy"),
        ({"params": "defaults"}, TypeError, "params"),
        ({"x0": (0.0, math.nan, 0.0)}, ValueError, "x0"),
    ],
)
def test_hysteresis_rejects_bad_input(kwargs, exc, name):
    with pytest.raises(exc, match=name):
        hysteresis(**kwargs)
