"""Tests of lukin_course.pressure: runs under a fixed policy, time to alignment."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lukin_course.pressure import (
    DEFAULT_X0,
    ActorProfile,
    PressureParams,
    Trajectory,
    simulate,
    time_to_alignment,
)

unit = st.floats(-1.0, 1.0, allow_nan=False)


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
    # With beta = kappa = eta = epsilon = 0 the fields are constant,
    # h = min(gamma m_r - delta c_c, gamma m_c - delta c_r), and
    # dr/dt = lam (tanh(h) - r) is solved by hand.
    p = PressureParams(
        lam=0.3,
        beta=0.0,
        kappa=0.0,
        eta=0.0,
        epsilon=0.0,
        gamma=5.0,
        delta=0.2,
        russia=ActorProfile("Russia", 0.11, 0.04, 0.15),
        china=ActorProfile("China", 0.89, 0.14, 0.02),
    )
    h = min(5.0 * 0.15 - 0.2 * 0.89, 5.0 * 0.02 - 0.2 * 0.11)
    c = math.tanh(h)
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
        ({"n_points": 10.5}, TypeError, "n_points"),
        ({"n_points": True}, TypeError, "n_points"),
    ],
)
def test_simulate_rejects_bad_input(kwargs, exc, name):
    with pytest.raises(exc, match=name):
        simulate("engagement", **kwargs)


def test_simulate_rejects_unknown_policy():
    with pytest.raises(ValueError, match="democratism"):
        simulate("containment")


def test_params_argument_must_be_pressure_params():
    with pytest.raises(TypeError, match="params"):
        simulate("engagement", params={"alpha": 1.0})


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
    twins = PressureParams(
        russia=ActorProfile("A", 0.5, 0.1, 0.1), china=ActorProfile("B", 0.5, 0.1, 0.1)
    )
    a = simulate((s_r, s_c), twins, x0=(u_r, u_c, r), t_max=10.0, n_points=21)
    b = simulate((s_c, s_r), twins, x0=(u_c, u_r, r), t_max=10.0, n_points=21)
    np.testing.assert_allclose(a.us_russia, b.us_china, atol=1e-8)
    np.testing.assert_allclose(a.us_china, b.us_russia, atol=1e-8)
    np.testing.assert_allclose(a.russia_china, b.russia_china, atol=1e-8)
