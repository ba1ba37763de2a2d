"""Tests of the pressure model's phase diagrams: batch RK4 against solve_ivp."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lukin_course.pressure import (
    DEFAULT_X0,
    ActorProfile,
    PressureParams,
    phase_diagram,
    steady_state,
    steady_states,
    vector_field,
)


def solve_ivp_grid(s_russia, s_china, x0=DEFAULT_X0, t_max=500.0, tol=1e-6):
    """The plain baseline: one solve_ivp run per policy, stopped once max|dx/dt| < tol."""
    from scipy.integrate import solve_ivp

    out = np.empty((len(s_china), len(s_russia)))
    for i, sc in enumerate(s_china):
        for j, sr in enumerate(s_russia):

            def still(_t, x, policy=(sr, sc)):
                return float(np.max(np.abs(vector_field(x, policy)))) - tol

            still.terminal = True
            sol = solve_ivp(
                lambda _t, x, policy=(sr, sc): vector_field(x, policy),
                (0.0, t_max),
                np.asarray(x0, dtype=float),
                rtol=1e-6,
                atol=1e-9,
                events=still,
            )
            out[i, j] = sol.y[2, -1]
    return out


# --- phase diagrams -------------------------------------------------------------------------


def test_batch_agrees_with_the_solve_ivp_reference_on_a_small_grid():
    s_r, s_c = np.linspace(-1, 1, 7), np.linspace(-1, 1, 5)
    batch = phase_diagram(s_r, s_c)
    ref = solve_ivp_grid(s_r, s_c)
    assert batch.shape == ref.shape == (5, 7)
    assert np.max(np.abs(batch - ref)) < 1e-3


def test_phase_diagram_orientation_and_values_match_steady_state():
    s_r, s_c = [-1.0, 0.5, 1.0], [-1.0, 1.0]
    grid = phase_diagram(s_r, s_c, tol=1e-9)
    for i, c in enumerate(s_c):
        for j, r in enumerate(s_r):
            assert grid[i, j] == pytest.approx(steady_state((r, c))[2], abs=1e-6)


def test_phase_diagram_settled_value_does_not_depend_on_the_step():
    axis = np.linspace(-1, 1, 9)
    a = phase_diagram(axis, axis, dt=0.1, tol=1e-9)
    b = phase_diagram(axis, axis, dt=0.5, tol=1e-9)
    assert np.max(np.abs(a - b)) < 1e-6


@settings(max_examples=25, deadline=None)
@given(
    a=st.lists(st.floats(-1.0, 1.0), min_size=1, max_size=4),
    b=st.lists(st.floats(-1.0, 1.0), min_size=1, max_size=4),
    u0=st.floats(-1.0, 1.0),
)
def test_phase_diagram_is_symmetric_under_swapping_the_axes(a, b, u0):
    # With twin profiles and the two US ties starting alike, Russia and China are
    # interchangeable; with the measured (unequal) profiles they are not.
    twins = PressureParams(
        russia=ActorProfile("A", 0.5, 0.1, 0.1), china=ActorProfile("B", 0.5, 0.1, 0.1)
    )
    x0 = (u0, u0, 0.0)
    np.testing.assert_allclose(
        phase_diagram(a, b, twins, x0=x0), phase_diagram(b, a, twins, x0=x0).T, atol=0
    )


def test_the_measured_asymmetry_breaks_the_swap_symmetry():
    r = phase_diagram([-1.0, 1.0], [-1.0, 1.0])
    assert abs(r[0, 1] - r[1, 0]) > 1.0  # reverse Kissinger vs China card


def test_unsettled_grids_warn():
    with pytest.warns(RuntimeWarning, match="t_max"):
        phase_diagram([-1.0, 1.0], [0.0], t_max=1.0)


def test_already_settled_start_returns_at_once():
    r_star = steady_states("democratism")[0]
    x0 = (-1.0, -1.0, r_star)
    assert phase_diagram([-1.0], [-1.0], x0=x0)[0, 0] == r_star


@pytest.mark.parametrize("func", [phase_diagram])
@pytest.mark.parametrize(
    ("args", "kwargs", "exc", "name"),
    [
        (([[-1.0, 1.0]], [0.0]), {}, ValueError, "s_russia"),
        (([0.0], np.zeros((2, 2))), {}, ValueError, "s_china"),
        (([], [0.0]), {}, ValueError, "s_russia"),
        (([0.0, 1.5], [0.0]), {}, ValueError, "s_russia"),
        (([0.0], [math.nan]), {}, ValueError, "s_china"),
        ((["x"], [0.0]), {}, TypeError, "s_russia"),
        (([0.0], [0.0]), {"t_max": 0.0}, ValueError, "t_max"),
        (([0.0], [0.0]), {"tol": -1e-6}, ValueError, "tol"),
        (([0.0], [0.0]), {"x0": (0.0, 0.0)}, ValueError, "x0"),
        (([0.0], [0.0]), {"params": object()}, TypeError, "params"),
    ],
)
def test_phase_diagrams_reject_bad_input(func, args, kwargs, exc, name):
    with pytest.raises(exc, match=name):
        func(*args, **kwargs)


@pytest.mark.parametrize(("kwargs", "name"), [({"dt": 0.0}, "dt"), ({"dt": -0.1}, "dt")])
def test_phase_diagram_rejects_bad_step(kwargs, name):
    with pytest.raises(ValueError, match=name):
        phase_diagram([0.0], [0.0], **kwargs)


def test_vector_field_is_the_models_right_hand_side():
    # hand-computed at the origin under democratism with the defaults:
    # du/dt = alpha (s - u) = 0.5 * (-1 - 0); dr/dt = lam (tanh(h) - r), h = gamma - delta + ...
    rates = vector_field((0.0, 0.0, 0.0), "democratism")
    assert rates[0] == pytest.approx(-0.5) and rates[1] == pytest.approx(-0.5)
    with pytest.raises(ValueError, match="state"):
        vector_field((0.0, 0.0), "democratism")
