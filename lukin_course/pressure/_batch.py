"""Phase diagrams of the pressure model: the long run over a grid of policies.

This course's own teaching model (equations in :mod:`lukin_course.pressure`).
:func:`phase_diagram` advances *every* policy on a grid at once with a fixed-step
fourth-order Runge–Kutta scheme written in numpy (a batch integrator), and stops
when the state has stopped moving, ``max |dx/dt| < tol`` (per year), or at
``t_max`` with a ``RuntimeWarning``. It needs only numpy; the benchmark
``benchmarks/bench_pressure.py`` times it against a loop of ``solve_ivp`` calls.

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
from numpy.typing import ArrayLike, NDArray

from .._validation import MAX_POINTS, MAX_YEARS, check_positive
from ._model import DEFAULT_X0, PressureParams, _as_state, _as_unit_array, _params

# Most RK4 steps of one phase-diagram call (t_max / dt).
_MAX_STEPS = 1_000_000


def _grid_args(
    s_russia: Any, s_china: Any, x0: Any, t_max: Any, tol: Any
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], float, float]:
    axes = []
    for value, name in ((s_russia, "s_russia"), (s_china, "s_china")):
        arr = _as_unit_array(value, name, "stances")
        if arr.size == 0:
            raise ValueError(f"{name} must contain at least one stance")
        axes.append(arr)
    if axes[0].size * axes[1].size > MAX_POINTS:
        raise ValueError(
            f"s_russia × s_china has {axes[0].size * axes[1].size} policies; "
            f"at most {MAX_POINTS} are allowed"
        )
    return (
        axes[0],
        axes[1],
        _as_state(x0),
        check_positive(t_max, "t_max", maximum=MAX_YEARS),
        check_positive(tol, "tol"),
    )


def phase_diagram(
    s_russia: ArrayLike,
    s_china: ArrayLike,
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
        Model parameters; the fitted defaults if omitted.
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
    [[ 0.99 -1.  ]
     [ 0.97 -1.  ]]
    """
    s_r, s_c, state, t_max, tol = _grid_args(s_russia, s_china, x0, t_max, tol)
    dt = check_positive(dt, "dt")
    if t_max / dt > _MAX_STEPS:
        raise ValueError(
            f"dt={dt:g} makes t_max / dt exceed {_MAX_STEPS} steps: choose a larger dt"
        )
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
