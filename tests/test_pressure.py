"""Tests of the pressure model (this course's own teaching model): equations, policies, inputs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lukin_course import pressure
from lukin_course.pressure import (
    DEFAULT_X0,
    POLICIES,
    PressureParams,
    Trajectory,
    policy_stances,
    simulate,
    steady_state,
    time_to_alignment,
)

unit = st.floats(-1.0, 1.0, allow_nan=False)


# --- parameters -----------------------------------------------------------------------------


def test_defaults_are_the_documented_ones():
    p = PressureParams()
    assert (p.alpha, p.lam, p.beta, p.kappa, p.gamma, p.delta, p.eta) == (
        0.5,
        0.25,
        1.0,
        1.0,
        0.4,
        0.5,
        1.5,
    )
    assert p.eta > 1  # the defaults are in the bistable regime


def test_field_matches_the_equation_by_hand():
    p = PressureParams(beta=2.0, kappa=0.6, gamma=0.3, delta=0.1)
    # 2 * 0.5 * (-0.4) - 0.3 * (0.5 - 0.4) + 0.3 - 0.1 = -0.4 - 0.03 + 0.2
    assert p.field(0.5, -0.4) == pytest.approx(-0.23)


def test_kappa_zero_gives_the_pure_heider_field():
    p = PressureParams(kappa=0.0)
    for u_r, u_c in [(-1, -1), (1, 1), (0.3, -0.7)]:
        assert p.field(u_r, u_c) == pytest.approx(p.beta * u_r * u_c + p.gamma - p.delta)


@pytest.mark.parametrize("name", ["alpha", "lam"])
@pytest.mark.parametrize("bad", [0.0, -0.1])
def test_rates_must_be_positive(name, bad):
    with pytest.raises(ValueError, match=name):
        PressureParams(**{name: bad})


@pytest.mark.parametrize("name", ["beta", "kappa", "gamma", "delta", "eta"])
def test_couplings_must_be_nonnegative(name):
    with pytest.raises(ValueError, match=name):
        PressureParams(**{name: -0.5})


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_params_reject_nan_and_inf(bad):
    with pytest.raises(ValueError, match="eta"):
        PressureParams(eta=bad)


@pytest.mark.parametrize("bad", ["1", True, None])
def test_params_reject_non_numbers(bad):
    with pytest.raises(TypeError, match="alpha"):
        PressureParams(alpha=bad)


def test_params_argument_must_be_pressure_params():
    with pytest.raises(TypeError, match="params"):
        simulate("engagement", params={"alpha": 1.0})


# --- policies -------------------------------------------------------------------------------


def test_named_policies():
    assert POLICIES == {
        "democratism": (-1.0, -1.0),
        "triangulation": (-1.0, 1.0),
        "reverse_kissinger": (1.0, -1.0),
        "engagement": (1.0, 1.0),
    }
    for name, pair in POLICIES.items():
        assert policy_stances(name) == pair


def test_policy_pairs_pass_through():
    assert policy_stances([0.25, -1]) == (0.25, -1.0)
    assert policy_stances(np.array([1.0, 0.0])) == (1.0, 0.0)


def test_unknown_policy_lists_the_valid_names():
    with pytest.raises(ValueError, match="policy") as err:
        policy_stances("appeasement")
    for name in POLICIES:
        assert name in str(err.value)


@pytest.mark.parametrize(
    ("bad", "exc"),
    [
        ((1.5, 0.0), ValueError),
        ((0.0, -1.01), ValueError),
        ((math.nan, 0.0), ValueError),
        ((0.1, 0.2, 0.3), ValueError),
        ([[0.1, 0.2]], ValueError),
        ({"s_r": 1}, TypeError),
        (["a", "b"], TypeError),
    ],
)
def test_bad_policies(bad, exc):
    with pytest.raises(exc, match="policy"):
        policy_stances(bad)


# --- simulate: hand-computed cases ----------------------------------------------------------


@pytest.mark.parametrize(("s_r", "s_c"), [(-1.0, -1.0), (1.0, -0.5), (0.2, 0.9)])
def test_us_ties_relax_exponentially(s_r, s_c):
    # du/dt = alpha (s - u) has the closed form u(t) = s + (u0 - s) exp(-alpha t)
    p = PressureParams(alpha=0.7)
    x0 = (0.4, -0.3, 0.1)
    traj = simulate((s_r, s_c), p, x0=x0, t_max=12.0, n_points=61)
    decay = np.exp(-p.alpha * traj.t)
    np.testing.assert_allclose(traj.us_russia, s_r + (x0[0] - s_r) * decay, atol=1e-7)
    np.testing.assert_allclose(traj.us_china, s_c + (x0[1] - s_c) * decay, atol=1e-7)


def test_uncoupled_tie_relaxes_to_tanh_of_interests_minus_threat():
    # With beta = kappa = eta = 0: dr/dt = lam (tanh(gamma - delta) - r), solved by hand.
    p = PressureParams(lam=0.3, beta=0.0, kappa=0.0, eta=0.0, gamma=0.9, delta=0.2)
    c = math.tanh(0.7)
    traj = simulate("democratism", p, x0=(0.0, 0.0, -0.5), t_max=20.0, n_points=41)
    np.testing.assert_allclose(traj.russia_china, c + (-0.5 - c) * np.exp(-0.3 * traj.t), atol=1e-7)


def test_trajectory_shape_final_and_frame():
    traj = simulate("engagement", t_max=10.0, n_points=11)
    assert isinstance(traj, Trajectory)
    np.testing.assert_allclose(traj.t, np.linspace(0, 10, 11))
    assert traj.policy == (1.0, 1.0)
    assert traj.final == (traj.us_russia[-1], traj.us_china[-1], traj.russia_china[-1])
    frame = traj.as_frame()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["t", "us_russia", "us_china", "russia_china"]
    assert frame.shape == (11, 4)
    assert tuple(traj.as_frame().iloc[0, 1:]) == pytest.approx(DEFAULT_X0)


# --- policy semantics (claims C8, C10) ------------------------------------------------------


def test_democratism_aligns_russia_and_china():
    r = steady_state("democratism")[2]
    assert r > 0.95
    assert 0 < time_to_alignment(simulate("democratism")) < 30


@pytest.mark.parametrize("policy", ["triangulation", "reverse_kissinger"])
def test_triangulation_keeps_them_apart(policy):
    traj = simulate(policy)
    assert traj.russia_china[-1] < DEFAULT_X0[2]  # drifted apart from where they started
    assert steady_state(policy)[2] < -0.9
    assert time_to_alignment(traj) == math.inf


def test_engagement_is_between_the_two_and_does_not_align():
    r = {name: steady_state(name)[2] for name in POLICIES}
    assert r["triangulation"] < r["engagement"] < r["democratism"]
    assert r["engagement"] < 0.5
    assert time_to_alignment(simulate("engagement", t_max=60.0)) == math.inf


def test_pressure_on_both_aligns_faster_than_pressure_on_one():
    # C8: the more the leading power presses both, the sooner they align.
    times = [time_to_alignment(simulate((-s, -s), t_max=60.0)) for s in (1.0, 0.8, 0.6)]
    assert times[0] < times[1] < times[2]


# --- time_to_alignment by hand --------------------------------------------------------------


def _hand_trajectory(r):
    t = np.arange(len(r), dtype=float)
    zeros = np.zeros(len(r))
    return Trajectory(t, zeros, zeros, np.asarray(r, dtype=float))


def test_time_to_alignment_interpolates_linearly():
    assert time_to_alignment(_hand_trajectory([0.0, 0.4, 0.8]), 0.6) == pytest.approx(1.5)
    assert time_to_alignment(_hand_trajectory([0.7, 0.4, 0.8])) == 0.0
    assert time_to_alignment(_hand_trajectory([0.0, 0.1, 0.2])) == math.inf


def test_time_to_alignment_rejects_bad_input():
    with pytest.raises(TypeError, match="trajectory"):
        time_to_alignment({"t": [0.0]})
    with pytest.raises(ValueError, match="threshold"):
        time_to_alignment(_hand_trajectory([0.0, 1.0]), threshold=1.5)
    with pytest.raises(ValueError, match="threshold"):
        time_to_alignment(_hand_trajectory([0.0, 1.0]), threshold=math.nan)


# --- bad input for simulate -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "exc", "name"),
    [
        ({"x0": (0.0, 0.0)}, ValueError, "x0"),
        ({"x0": (0.0, 0.0, 1.2)}, ValueError, "x0"),
        ({"x0": (0.0, math.nan, 0.0)}, ValueError, "x0"),
        ({"t_max": 0.0}, ValueError, "t_max"),
        ({"t_max": -3.0}, ValueError, "t_max"),
        ({"n_points": 1}, ValueError, "n_points"),
        ({"n_points": 10.5}, ValueError, "n_points"),
        ({"n_points": True}, ValueError, "n_points"),
    ],
)
def test_simulate_rejects_bad_input(kwargs, exc, name):
    with pytest.raises(exc, match=name):
        simulate("engagement", **kwargs)


def test_simulate_rejects_unknown_policy():
    with pytest.raises(ValueError, match="democratism"):
        simulate("containment")


# --- invariants -----------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(s_r=unit, s_c=unit, u_r=unit, u_c=unit, r=unit, eta=st.floats(0.0, 3.0))
def test_state_stays_in_the_unit_cube(s_r, s_c, u_r, u_c, r, eta):
    traj = simulate((s_r, s_c), PressureParams(eta=eta), x0=(u_r, u_c, r), t_max=15.0)
    for arr in (traj.us_russia, traj.us_china, traj.russia_china):
        assert np.all(np.abs(arr) <= 1.0 + 1e-9)


@settings(max_examples=30, deadline=None)
@given(s_r=unit, s_c=unit, u_r=unit, u_c=unit, r=unit)
def test_swapping_russia_and_china_swaps_their_ties(s_r, s_c, u_r, u_c, r):
    a = simulate((s_r, s_c), x0=(u_r, u_c, r), t_max=10.0, n_points=21)
    b = simulate((s_c, s_r), x0=(u_c, u_r, r), t_max=10.0, n_points=21)
    np.testing.assert_allclose(a.us_russia, b.us_china, atol=1e-8)
    np.testing.assert_allclose(a.us_china, b.us_russia, atol=1e-8)
    np.testing.assert_allclose(a.russia_china, b.russia_china, atol=1e-8)


# --- module plumbing ------------------------------------------------------------------------


def test_long_run_functions_are_re_exported():
    from lukin_course import pressure_batch

    for name in ("steady_states", "steady_state", "hysteresis", "phase_diagram"):
        assert getattr(pressure, name) is getattr(pressure_batch, name)
        assert name in pressure.__all__
    with pytest.raises(AttributeError, match="no_such_thing"):
        pressure.no_such_thing  # noqa: B018
