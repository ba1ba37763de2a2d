"""Tests for lukin_course.arms_race: the Richardson model (Richardson 1960)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from lukin_course.arms_race import (
    RichardsonParams,
    eigenvalues,
    equilibrium,
    is_stable,
    simulate,
)

SLOW = settings(max_examples=40, deadline=None)
coef = st.floats(0.0, 3.0, allow_nan=False)
grievance = st.floats(-2.0, 2.0, allow_nan=False)
params_st = st.builds(RichardsonParams, k=coef, l=coef, a=coef, b=coef, g=grievance, h=grievance)


def _rhs(p):
    return lambda _t, z: [p.k * z[1] - p.a * z[0] + p.g, p.l * z[0] - p.b * z[1] + p.h]


# ---------------------------------------------------------------- hand-computed cases


def test_symmetric_equilibrium_by_hand():
    # a*b - k*l = 3; x* = (b g + k h)/3 = 1; y* = (l g + a h)/3 = 1
    assert equilibrium(RichardsonParams(k=1, l=1, a=2, b=2, g=1, h=1)) == pytest.approx((1.0, 1.0))


def test_asymmetric_equilibrium_by_hand():
    # det = 3*4 - 1*2 = 10; x* = (4*1 + 1*(-1))/10 = 0.3; y* = (2*1 + 3*(-1))/10 = -0.1
    p = RichardsonParams(k=1, l=2, a=3, b=4, g=1, h=-1)
    x, y = equilibrium(p)
    assert (x, y) == pytest.approx((0.3, -0.1))
    assert p.k * y - p.a * x + p.g == pytest.approx(0.0, abs=1e-12)
    assert p.l * x - p.b * y + p.h == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "expected", "stable"),
    [
        ({"k": 1, "l": 1, "a": 2, "b": 2}, [-3.0, -1.0], True),  # (-4 ± sqrt(0 + 4)) / 2
        ({"k": 4, "l": 1, "a": 1, "b": 1}, [-3.0, 1.0], False),  # (-2 ± sqrt(0 + 16)) / 2
        ({"k": 0, "l": 0, "a": 3, "b": 1}, [-3.0, -1.0], True),  # (-4 ± sqrt(4 + 0)) / 2 = -a, -b
        ({"k": 1, "l": 1, "a": 1, "b": 1}, [-2.0, 0.0], False),  # (-2 ± sqrt(0 + 4)) / 2; a*b = k*l
    ],
)
def test_eigenvalues_by_hand(kwargs, expected, stable):
    p = RichardsonParams(**kwargs)
    assert eigenvalues(p) == pytest.approx(expected, abs=1e-12)
    assert is_stable(p) is stable


def test_uncoupled_closed_form_by_hand():
    # k = l = 0: x(t) = g/a + (x0 - g/a) exp(-a t)
    p = RichardsonParams(k=0, l=0, a=0.5, b=2.0, g=1.0, h=-2.0)
    t, x, y = simulate(p, x0=5.0, y0=0.0, t_max=4.0, n_points=9)
    assert t == pytest.approx(np.linspace(0, 4, 9))
    assert x == pytest.approx(2.0 + 3.0 * np.exp(-0.5 * t), rel=1e-10)
    assert y == pytest.approx(-1.0 + 1.0 * np.exp(-2.0 * t), rel=1e-10, abs=1e-12)


def test_boundary_case_drifts_linearly_by_hand():
    # k = l = a = b = 1, g = h = 1: d(x + y)/dt = 2 and d(x - y)/dt = -2 (x - y).
    p = RichardsonParams(k=1, l=1, a=1, b=1, g=1, h=1)
    with pytest.raises(ValueError, match="no unique equilibrium"):
        equilibrium(p)
    t, x, y = simulate(p, x0=3.0, y0=1.0, t_max=5.0, n_points=11)
    assert x + y == pytest.approx(4.0 + 2.0 * t, rel=1e-10)
    assert x - y == pytest.approx(2.0 * np.exp(-2.0 * t), rel=1e-9, abs=1e-12)


def test_claim_c6_no_race_despite_a_head_start():
    # Low reaction, no grievance: a ten-to-one head start melts away (claim C6).
    p = RichardsonParams(k=0.2, l=0.2, a=1.0, b=1.0)
    _, x, y = simulate(p, x0=10.0, y0=1.0, t_max=30.0)
    assert (x[0], y[0]) == (10.0, 1.0)
    assert abs(x[-1]) < 1e-6 and abs(y[-1]) < 1e-6
    assert np.all(np.diff(x) < 0)


def test_unstable_race_runs_away():
    p = RichardsonParams(k=2.0, l=2.0, a=0.5, b=0.5, g=0.1, h=0.1)
    _, x, y = simulate(p, x0=1.0, y0=1.0, t_max=5.0)
    assert x[-1] > 100 and y[-1] > 100


# ---------------------------------------------------------------- invariants and numerics


@SLOW
@given(params_st)
def test_stability_condition_matches_the_eigenvalues(p):
    det = p.a * p.b - p.k * p.l
    assume(abs(det) > 1e-6 and p.a + p.b > 1e-6)
    lam = eigenvalues(p)
    assert lam == pytest.approx(np.sort(np.linalg.eigvals(p.matrix).real), abs=1e-9)
    assert is_stable(p) == bool(lam.max() < 0) == (det > 0)


@SLOW
@given(params_st, st.floats(-5, 5), st.floats(-5, 5))
def test_equilibrium_is_a_rest_point_and_the_limit_of_stable_runs(p, x0, y0):
    assume(p.a * p.b - p.k * p.l > 0.05)
    xs, ys = equilibrium(p)
    assert np.allclose(p.matrix @ [xs, ys] + p.grievances, 0.0, atol=1e-9 * (1 + abs(xs) + abs(ys)))
    slowest = -eigenvalues(p).max()
    t_end = min(40.0 / slowest, 1e4)
    _, x, y = simulate(p, x0, y0, t_max=t_end, n_points=3)
    assert x[-1] == pytest.approx(xs, abs=1e-6 * (1 + abs(xs)))
    assert y[-1] == pytest.approx(ys, abs=1e-6 * (1 + abs(ys)))


@settings(max_examples=15, deadline=None)
@given(params_st, st.floats(-3, 3), st.floats(-3, 3))
def test_simulate_matches_numerical_integration(p, x0, y0):
    t, x, y = simulate(p, x0, y0, t_max=2.0, n_points=21)
    sol = solve_ivp(
        _rhs(p), (0.0, 2.0), [x0, y0], t_eval=t, rtol=1e-10, atol=1e-12, method="DOP853"
    )
    scale = 1.0 + np.abs(sol.y).max()
    assert np.allclose(x, sol.y[0], atol=1e-7 * scale)
    assert np.allclose(y, sol.y[1], atol=1e-7 * scale)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "exc", "msg"),
    [
        ({"k": -1.0}, ValueError, "k must be non-negative"),
        ({"l": -0.1}, ValueError, "l must be non-negative"),
        ({"a": math.nan}, ValueError, "a must be finite"),
        ({"b": math.inf}, ValueError, "b must be finite"),
        ({"b": "1"}, TypeError, "b must be a real number"),
        ({"g": math.nan}, ValueError, "g must be finite"),
        ({"h": True}, TypeError, "h must be a real number"),
        ({"h": None}, TypeError, "h must be a real number"),
    ],
)
def test_bad_params_are_rejected(kwargs, exc, msg):
    base = {"k": 1.0, "l": 1.0, "a": 2.0, "b": 2.0, "g": 0.0, "h": 0.0}
    with pytest.raises(exc, match=msg):
        RichardsonParams(**(base | kwargs))


@pytest.mark.parametrize("func", [is_stable, eigenvalues, equilibrium])
def test_functions_reject_non_params(func):
    with pytest.raises(TypeError, match="params must be RichardsonParams"):
        func({"k": 1, "l": 1, "a": 2, "b": 2})


@pytest.mark.parametrize(
    ("kwargs", "exc", "msg"),
    [
        ({"x0": math.nan}, ValueError, "x0 must be finite"),
        ({"y0": "high"}, TypeError, "y0 must be a real number"),
        ({"t_max": 0.0}, ValueError, "t_max must be positive"),
        ({"t_max": -1.0}, ValueError, "t_max must be positive"),
        ({"n_points": 1}, ValueError, "n_points must be at least 2"),
        ({"n_points": 2.5}, TypeError, "n_points must be an integer"),
        ({"n_points": True}, TypeError, "n_points must be an integer"),
        ({"params": (1, 1, 2, 2, 0, 0)}, TypeError, "params must be RichardsonParams"),
    ],
)
def test_simulate_rejects_bad_input(kwargs, exc, msg):
    args = {
        "params": RichardsonParams(1, 1, 2, 2),
        "x0": 1.0,
        "y0": 1.0,
        "t_max": 1.0,
        "n_points": 5,
    }
    with pytest.raises(exc, match=msg):
        simulate(**(args | kwargs))


def test_params_are_frozen_and_numpy_numbers_accepted():
    p = RichardsonParams(np.float64(1.0), np.int64(1), 2, 2, g=np.float32(0.5))
    assert p == RichardsonParams(1.0, 1.0, 2.0, 2.0, 0.5, 0.0)
    with pytest.raises(AttributeError):
        p.k = 3.0  # type: ignore[misc]
    t, x, y = simulate(p, np.float64(0.0), 0, t_max=1, n_points=np.int64(3))
    assert len(t) == len(x) == len(y) == 3
