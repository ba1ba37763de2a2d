"""Long-run behaviour of the pressure model: steady states, hysteresis, phase diagrams.

Companion of :mod:`lukin_course.pressure` (this course's own teaching model; the
equations are in that module's docstring). Everything here is re-exported from
``lukin_course.pressure``.

Two integrators run the model to its steady state:

* :func:`phase_diagram` advances *every* policy on a grid at once with a fixed-step
  fourth-order Runge–Kutta scheme written in numpy (the batch integrator);
* :func:`phase_diagram_reference` loops over the same grid calling
  ``scipy.integrate.solve_ivp`` once per policy (the baseline in the benchmark).

Both stop when the state has stopped moving, ``max |dx/dt| < tol`` (per year),
or at ``t_max`` with a ``RuntimeWarning``.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from ._validation import as_finite_array, check_in_range, check_nonnegative, check_positive
from .pressure import (
    DEFAULT_X0,
    PressureParams,
    Trajectory,
    _as_state,
    _params,
    _rhs,
    policy_stances,
    simulate,
)

__all__ = [
    "HysteresisResult",
    "bistable_window",
    "hysteresis",
    "phase_diagram",
    "phase_diagram_reference",
    "steady_state",
    "steady_states",
]

_ROOT_GRID = np.linspace(-1.0, 1.0, 4001)


def bistable_window(eta: float) -> float:
    """Half-width ``H(eta)`` of the band of fields ``|h| < H`` with two stable states.

    Parameters
    ----------
    eta : float
        Self-reinforcement (>= 0).

    Returns
    -------
    float
        ``eta r_f - artanh(r_f)`` with ``r_f = sqrt(1 - 1/eta)`` if ``eta > 1``;
        0 if ``eta <= 1`` (one state for every field).

    Raises
    ------
    ValueError, TypeError
        If ``eta`` is negative or not a finite number.

    Notes
    -----
    This course's own teaching model; derived in the Notes of
    :class:`~lukin_course.pressure.PressureParams`.

    References
    ----------
    [lukin2018perspective]

    Examples
    --------
    >>> bistable_window(0.8)
    0.0
    >>> round(bistable_window(1.5), 4)
    0.2075
    """
    eta = check_nonnegative(eta, "eta")
    if eta <= 1.0:
        return 0.0
    r_f = math.sqrt(1.0 - 1.0 / eta)
    return eta * r_f - math.atanh(r_f)


def steady_states(
    policy: str | Sequence[float], params: PressureParams | None = None
) -> list[float]:
    """All stable steady values of the Russia–China tie under a fixed policy.

    Parameters
    ----------
    policy : str or pair of float
        A name in ``POLICIES`` or stances ``(s_r, s_c)`` in ``[-1, 1]^2``.
    params : PressureParams, optional
        Model parameters; the illustrative defaults if omitted.

    Returns
    -------
    list of float
        Stable roots of ``g(r) = tanh(h + eta r) - r`` in increasing order, where
        ``h = beta s_r s_c - kappa (s_r + s_c)/2 + gamma - delta`` (one or two).

    Raises
    ------
    ValueError, TypeError
        For a bad policy or parameters.

    Notes
    -----
    This course's own teaching model. ``g`` is sampled on 4001 points of
    ``[-1, 1]`` (``g(-1) > 0 > g(1)``); each sign change is refined with Brent's
    method. A root is stable where ``g`` falls through zero (``g'(r) < 0`` for a
    simple root; this also keeps the degenerate root ``r = 0`` at ``eta = 1, h = 0``).
    Two roots closer than the sampling step (within about 1e-3 of a fold) are missed.

    References
    ----------
    [lukin2018perspective]

    Examples
    --------
    >>> [round(r, 3) for r in steady_states("democratism")]
    [0.998]
    >>> [round(r, 3) for r in steady_states("engagement")]
    [-0.894, 0.801]
    """
    s_r, s_c = policy_stances(policy)
    p = _params(params)
    h = p.field(s_r, s_c)

    def g(r: float) -> float:
        return math.tanh(h + p.eta * r) - r

    v = np.tanh(h + p.eta * _ROOT_GRID) - _ROOT_GRID
    roots: list[float] = []
    for i in np.flatnonzero((v[:-1] > 0.0) & (v[1:] <= 0.0)):
        if v[i + 1] < 0.0:  # a sign change inside the cell
            roots.append(float(brentq(g, _ROOT_GRID[i], _ROOT_GRID[i + 1], xtol=1e-14)))
        elif i + 2 < v.size and v[i + 2] < 0.0:  # the grid hits the root exactly
            roots.append(float(_ROOT_GRID[i + 1]))
    return roots


def _settle(
    s_r: float,
    s_c: float,
    p: PressureParams,
    x0: NDArray[np.float64],
    t_max: float,
    tol: float,
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> tuple[NDArray[np.float64], bool]:
    """Run one policy to steady state with solve_ivp (RK45); stop when max|dx/dt| < tol."""

    def rhs(_t: float, x: NDArray[np.float64]) -> NDArray[np.float64]:
        return _rhs(x, s_r, s_c, p)

    def still(_t: float, x: NDArray[np.float64]) -> float:
        return float(np.max(np.abs(_rhs(x, s_r, s_c, p)))) - tol

    still.terminal = True  # type: ignore[attr-defined]
    if still(0.0, x0) < 0.0:
        return x0.copy(), True
    sol = solve_ivp(rhs, (0.0, t_max), x0, method="RK45", rtol=rtol, atol=atol, events=still)
    return sol.y[:, -1], sol.status == 1


def steady_state(
    policy: str | Sequence[float],
    params: PressureParams | None = None,
    x0: Sequence[float] = DEFAULT_X0,
    t_max: float = 1000.0,
) -> tuple[float, float, float]:
    """The steady state ``(u_r, u_c, r)`` reached from ``x0`` under a fixed policy.

    Parameters
    ----------
    policy : str or pair of float
        A name in ``POLICIES`` or stances ``(s_r, s_c)`` in ``[-1, 1]^2``.
    params : PressureParams, optional
        Model parameters; the illustrative defaults if omitted.
    x0 : sequence of 3 float, default ``DEFAULT_X0``
        Initial state, each entry in ``[-1, 1]``.
    t_max : float, default 1000.0
        Cap on the integration time (years).

    Returns
    -------
    tuple of float
        ``(s_r, s_c, r*)`` where ``r*`` is the stable root of
        :func:`steady_states` whose basin the trajectory from ``x0`` ends in.

    Raises
    ------
    ValueError, TypeError
        For bad arguments.

    Notes
    -----
    This course's own teaching model. The run is integrated until
    ``max |dx/dt| < 1e-9``; the end value of ``r`` is then snapped to the nearest
    stable root so that the result is exact. With ``eta > 1`` the answer depends on
    ``x0``: that is the hysteresis.

    References
    ----------
    [lukin2018perspective]

    Examples
    --------
    >>> [round(v, 3) for v in steady_state("engagement")]
    [1.0, 1.0, -0.894]
    >>> [round(v, 3) for v in steady_state("engagement", x0=(-1.0, -1.0, 0.9))]
    [1.0, 1.0, 0.801]
    """
    s_r, s_c = policy_stances(policy)
    p = _params(params)
    state = _as_state(x0)
    t_max = check_positive(t_max, "t_max")
    end, _ = _settle(s_r, s_c, p, state, t_max, tol=1e-9, rtol=1e-9, atol=1e-12)
    roots = steady_states((s_r, s_c), p)
    r_star = min(roots, key=lambda root: abs(root - end[2]))
    return (s_r, s_c, r_star)


@dataclass(eq=False)
class HysteresisResult:
    """Outcome of a pressure phase followed by a relief phase (see :func:`hysteresis`)."""

    trajectory: Trajectory
    r_before: float
    r_after: float
    r_limit: float
    persists: bool
    threshold: float


def hysteresis(
    policy: str | Sequence[float] = "democratism",
    params: PressureParams | None = None,
    pressure_years: float = 20,
    relief_policy: str | Sequence[float] = "engagement",
    relief_years: float = 30,
    x0: Sequence[float] = DEFAULT_X0,
    threshold: float = 0.5,
) -> HysteresisResult:
    """Apply a policy, then switch to a relief policy: does the alignment outlast it?

    Parameters
    ----------
    policy, relief_policy : str or pair of float, default "democratism", "engagement"
        The policies of the first and second phase (names or stance pairs).
    params : PressureParams, optional
        Model parameters; the illustrative defaults if omitted.
    pressure_years, relief_years : float, default 20 and 30
        Lengths of the two phases (years, > 0).
    x0 : sequence of 3 float, default ``DEFAULT_X0``
        Initial state.
    threshold : float, default 0.5
        Level of ``r`` in ``[-1, 1]`` that counts as alignment.

    Returns
    -------
    HysteresisResult
        The joined trajectory (10 samples per year); ``r_before`` (end of the first
        phase), ``r_after`` (end of the second), ``r_limit`` (the steady state the
        relief policy leads to from the end of the first phase) and ``persists``:
        alignment was reached (``r_before >= threshold``) and survives for good
        (``r_limit >= threshold``).

    Raises
    ------
    ValueError, TypeError
        For bad arguments.

    Notes
    -----
    This course's own teaching model (claims C11, C15). For ``eta <= 1`` the relief
    policy has a single steady state, so the outcome forgets the first phase; for
    ``eta > 1`` and a relief field inside the window ``|h| < H(eta)`` it does not.

    References
    ----------
    [lukin2018perspective]

    Examples
    --------
    >>> hysteresis().persists
    True
    >>> hysteresis(params=PressureParams(eta=0.5)).persists
    False
    """
    p = _params(params)
    pressure_years = check_positive(pressure_years, "pressure_years")
    relief_years = check_positive(relief_years, "relief_years")
    threshold = check_in_range(threshold, "threshold", -1.0, 1.0)
    first = simulate(policy, p, x0, pressure_years, max(2, round(10 * pressure_years) + 1))
    second = simulate(
        relief_policy, p, first.final, relief_years, max(2, round(10 * relief_years) + 1)
    )
    joined = Trajectory(
        np.concatenate([first.t, pressure_years + second.t[1:]]),
        np.concatenate([first.us_russia, second.us_russia[1:]]),
        np.concatenate([first.us_china, second.us_china[1:]]),
        np.concatenate([first.russia_china, second.russia_china[1:]]),
    )
    r_before, r_after = first.final[2], second.final[2]
    r_limit = steady_state(relief_policy, p, first.final)[2]
    persists = bool(r_before >= threshold and r_limit >= threshold)
    return HysteresisResult(joined, r_before, r_after, r_limit, persists, threshold)


def _grid_args(
    s_russia: Any, s_china: Any, x0: Any, t_max: Any, dt: Any, tol: Any
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], float, float, float]:
    axes = []
    for value, name in ((s_russia, "s_russia"), (s_china, "s_china")):
        arr = as_finite_array(value, name, ndim=1)
        if arr.size == 0:
            raise ValueError(f"{name} must contain at least one stance")
        if np.any(np.abs(arr) > 1.0):
            raise ValueError(f"{name} stances must lie in [-1, 1]")
        axes.append(arr)
    return (
        axes[0],
        axes[1],
        _as_state(x0),
        check_positive(t_max, "t_max"),
        check_positive(dt, "dt"),
        check_positive(tol, "tol"),
    )


def phase_diagram(
    s_russia: Any,
    s_china: Any,
    params: PressureParams | None = None,
    x0: Sequence[float] = DEFAULT_X0,
    t_max: float = 500.0,
    dt: float = 0.25,
    tol: float = 1e-6,
) -> NDArray[np.float64]:
    """Steady Russia–China tie over a grid of policies (vectorised batch integrator).

    Parameters
    ----------
    s_russia, s_china : 1-D array-like
        Stances towards Russia (columns) and China (rows), each in ``[-1, 1]``.
    params : PressureParams, optional
        Model parameters; the illustrative defaults if omitted.
    x0 : sequence of 3 float, default ``DEFAULT_X0``
        The common initial state of every grid point.
    t_max : float, default 500.0
        Cap on the integration time (years).
    dt : float, default 0.25
        Fixed RK4 step (years).
    tol : float, default 1e-6
        Stop when ``max |dx/dt| < tol`` (per year) over the whole grid.

    Returns
    -------
    ndarray, shape (len(s_china), len(s_russia))
        ``r`` at steady state; row ``i`` is ``s_china[i]``, column ``j`` is ``s_russia[j]``.

    Raises
    ------
    ValueError, TypeError
        For a non-1-D or empty axis, a stance outside ``[-1, 1]``, NaN, or a
        non-positive ``t_max``, ``dt`` or ``tol``.

    Warns
    -----
    RuntimeWarning
        If the grid has not settled by ``t_max`` (the state at ``t_max`` is returned).

    Notes
    -----
    This course's own teaching model. All ``3 n m`` equations advance together with
    classical RK4 in numpy; a grid point is retired as soon as its own
    ``max |dx/dt| < tol``, and the run ends when none is left, i.e. when
    ``max |dx/dt| < tol`` over the whole grid. A fixed point of the ODE is a fixed
    point of RK4 at any step, so the settled value does not depend on ``dt``; ``dt``
    only has to resolve the transient (``alpha dt``, ``lam dt`` well below 1).

    References
    ----------
    [lukin2018perspective]

    Examples
    --------
    >>> r = phase_diagram([-1.0, 1.0], [-1.0, 1.0])
    >>> r.shape
    (2, 2)
    >>> print(np.round(r, 2))
    [[ 1.   -0.99]
     [-0.99 -0.89]]
    """
    s_r, s_c, state, t_max, dt, tol = _grid_args(s_russia, s_china, x0, t_max, dt, tol)
    p = _params(params)
    grid_r, grid_c = np.meshgrid(s_r, s_c)
    result = np.empty(grid_r.size)
    live = np.arange(grid_r.size)  # flat indices of the points still moving
    sr, sc = grid_r.ravel(), grid_c.ravel()
    x = np.empty((3, live.size))
    x[0], x[1], x[2] = state[0], state[1], state[2]

    def f(y: NDArray[np.float64]) -> NDArray[np.float64]:
        out = np.empty_like(y)
        np.multiply(p.alpha, sr - y[0], out=out[0])
        np.multiply(p.alpha, sc - y[1], out=out[1])
        h = p.field(y[0], y[1]) + p.eta * y[2]
        np.multiply(p.lam, np.tanh(h) - y[2], out=out[2])
        return out

    for _ in range(math.ceil(t_max / dt) + 1):
        k1 = f(x)
        done = np.max(np.abs(k1), axis=0) < tol
        if done.any():  # retire settled points, keep integrating the rest
            result[live[done]] = x[2, done]
            keep = ~done
            live, x, k1, sr, sc = live[keep], x[:, keep], k1[:, keep], sr[keep], sc[keep]
            if live.size == 0:
                break
        k2 = f(x + 0.5 * dt * k1)
        k3 = f(x + 0.5 * dt * k2)
        k4 = f(x + dt * k3)
        x += (dt / 6.0) * (k1 + 2.0 * k2 + 2.0 * k3 + k4)
    else:
        result[live] = x[2]
        warnings.warn(
            f"phase_diagram: {live.size} points not settled by t_max={t_max} "
            f"(max |dx/dt| >= {tol}); increase t_max",
            RuntimeWarning,
            stacklevel=2,
        )
    return result.reshape(grid_r.shape)


def phase_diagram_reference(
    s_russia: Any,
    s_china: Any,
    params: PressureParams | None = None,
    x0: Sequence[float] = DEFAULT_X0,
    t_max: float = 500.0,
    tol: float = 1e-6,
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> NDArray[np.float64]:
    """The same phase diagram as :func:`phase_diagram`, one ``solve_ivp`` call per policy.

    Parameters
    ----------
    s_russia, s_china, params, x0, t_max, tol
        As in :func:`phase_diagram`; each run stops (a terminal event) once its
        ``max |dx/dt| < tol``.
    rtol, atol : float, default 1e-6 and 1e-9
        Error tolerances of RK45.

    Returns
    -------
    ndarray, shape (len(s_china), len(s_russia))
        ``r`` at steady state.

    Raises
    ------
    ValueError, TypeError
        As :func:`phase_diagram`, plus non-positive ``rtol`` or ``atol``.

    Warns
    -----
    RuntimeWarning
        If some runs have not settled by ``t_max``.

    Notes
    -----
    This course's own teaching model; the plain baseline against which the batch
    integrator is checked and timed (``benchmarks/bench_pressure.py``).

    References
    ----------
    [lukin2018perspective]

    Examples
    --------
    >>> r = phase_diagram_reference([-1.0, 1.0], [-1.0, 1.0])
    >>> bool(np.allclose(r, phase_diagram([-1.0, 1.0], [-1.0, 1.0]), atol=1e-3))
    True
    """
    s_r, s_c, state, t_max, _, tol = _grid_args(s_russia, s_china, x0, t_max, 1.0, tol)
    rtol = check_positive(rtol, "rtol")
    atol = check_positive(atol, "atol")
    p = _params(params)
    out = np.empty((s_c.size, s_r.size))
    unsettled = 0
    for i, sc in enumerate(s_c):
        for j, sr in enumerate(s_r):
            end, settled = _settle(float(sr), float(sc), p, state, t_max, tol, rtol, atol)
            out[i, j] = end[2]
            unsettled += not settled
    if unsettled:
        warnings.warn(
            f"phase_diagram_reference: {unsettled} runs not settled by t_max={t_max}",
            RuntimeWarning,
            stacklevel=2,
        )
    return out
