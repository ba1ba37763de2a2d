"""Phase diagrams of the pressure model: the long run over a grid of policies.

This course's own teaching model (equations in :mod:`lukin_course.pressure_model`).
Two integrators run every policy of a grid to its steady state:

* :func:`phase_diagram` advances *every* policy on a grid at once with a fixed-step
  fourth-order Runge–Kutta scheme written in numpy (the batch integrator);
* :func:`phase_diagram_reference` loops over the same grid calling
  ``scipy.integrate.solve_ivp`` once per policy (the baseline in the benchmark).

Both stop when the state has stopped moving, ``max |dx/dt| < tol`` (per year),
or at ``t_max`` with a ``RuntimeWarning``. The batch integrator needs only numpy.

The fixed points, bistability window, steady states and hysteresis live in
:mod:`lukin_course.pressure_steady`; they are re-exported here (as they were
defined here before) and from :mod:`lukin_course.pressure`.

References
----------
[lukin2018perspective]
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._validation import check_positive
from .pressure_model import DEFAULT_X0, PressureParams, _as_state, _as_unit_array, _params
from .pressure_steady import (
    HysteresisResult,
    _settle,
    bistable_window,
    hysteresis,
    steady_state,
    steady_states,
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


def _grid_args(
    s_russia: Any, s_china: Any, x0: Any, t_max: Any, tol: Any
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], float, float]:
    axes = []
    for value, name in ((s_russia, "s_russia"), (s_china, "s_china")):
        arr = _as_unit_array(value, name, "stances")
        if arr.size == 0:
            raise ValueError(f"{name} must contain at least one stance")
        axes.append(arr)
    return (
        axes[0],
        axes[1],
        _as_state(x0),
        check_positive(t_max, "t_max"),
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
    s_r, s_c, state, t_max, tol = _grid_args(s_russia, s_china, x0, t_max, tol)
    dt = check_positive(dt, "dt")
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
    s_r, s_c, state, t_max, tol = _grid_args(s_russia, s_china, x0, t_max, tol)
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
