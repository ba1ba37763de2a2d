"""Runs of the pressure model under a fixed policy, and when they reach alignment.

:func:`simulate` integrates the equations of :mod:`lukin_course.pressure`
(this course's own teaching model) from an initial state and returns a
:class:`Trajectory`; :func:`time_to_alignment` reads off the years until the
Russia–China tie first reaches a threshold. Part of
:mod:`lukin_course.pressure`.

SciPy is imported only when a run is integrated, so importing the model stays light.

References
----------
[heider1946attitudes] [lukin2018perspective]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from .._validation import (
    MAX_POINTS,
    MAX_YEARS,
    check_in_range,
    check_integer,
    check_positive,
)
from ._model import DEFAULT_X0, PressureParams, _as_state, _params, _rhs, policy_stances

if TYPE_CHECKING:  # pragma: no cover - pandas is imported when a frame is asked for
    import pandas as pd


@dataclass(eq=False)
class Trajectory:
    """A simulated path of the three ties (arrays share the time axis ``t``, years)."""

    t: NDArray[np.float64]
    us_russia: NDArray[np.float64]
    us_china: NDArray[np.float64]
    russia_china: NDArray[np.float64]
    policy: tuple[float, float] | None = field(default=None)

    @property
    def final(self) -> tuple[float, float, float]:
        """The last state ``(u_r, u_c, r)``."""
        return (float(self.us_russia[-1]), float(self.us_china[-1]), float(self.russia_china[-1]))

    def as_frame(self) -> pd.DataFrame:
        """Return a DataFrame with columns t, us_russia, us_china, russia_china."""
        import pandas as pd

        return pd.DataFrame(
            {
                "t": self.t,
                "us_russia": self.us_russia,
                "us_china": self.us_china,
                "russia_china": self.russia_china,
            }
        )


def _integrate(
    s_r: float,
    s_c: float,
    p: PressureParams,
    state: NDArray[np.float64],
    t_max: float,
    n_points: int,
) -> Trajectory:
    """Integrate already checked arguments (RK45, ``rtol=1e-9``, ``atol=1e-12``)."""
    from scipy.integrate import solve_ivp

    t = np.linspace(0.0, t_max, n_points)
    sol = solve_ivp(
        lambda _t, x: _rhs(x, s_r, s_c, p),
        (0.0, t_max),
        state,
        t_eval=t,
        method="RK45",
        rtol=1e-9,
        atol=1e-12,
    )
    return Trajectory(t, sol.y[0], sol.y[1], sol.y[2], policy=(s_r, s_c))


def simulate(
    policy: str | Sequence[float],
    params: PressureParams | None = None,
    x0: Sequence[float] = DEFAULT_X0,
    t_max: float = 30.0,
    n_points: int = 301,
) -> Trajectory:
    """Integrate the pressure model under a fixed policy.

    Parameters
    ----------
    policy : str or pair of float
        A name in ``POLICIES`` or stances ``(s_r, s_c)`` in ``[-1, 1]^2``.
    params : PressureParams, optional
        Model parameters; the fitted defaults if omitted.
    x0 : sequence of 3 float, default ``DEFAULT_X0``
        Initial ``(u_r, u_c, r)``, each in ``[-1, 1]``.
    t_max : float, default 30.0
        Length of the run in years (> 0).
    n_points : int, default 301
        Number of equally spaced output times (>= 2).

    Returns
    -------
    Trajectory
        Times and the three ties.

    Raises
    ------
    ValueError, TypeError
        For a bad policy, parameters, initial state, horizon or number of points.

    Notes
    -----
    This course's own teaching model (equations in :mod:`lukin_course.pressure`),
    solved with ``scipy.integrate.solve_ivp`` (RK45, ``rtol=1e-9``, ``atol=1e-12``).

    References
    ----------
    [heider1946attitudes], [lukin2018perspective]

    Examples
    --------
    >>> traj = simulate("democratism", t_max=30.0)
    >>> [round(v, 2) for v in traj.final]
    [-1.0, -1.0, 1.0]
    >>> traj.as_frame().shape
    (301, 4)
    """
    s_r, s_c = policy_stances(policy)
    p = _params(params)
    state = _as_state(x0)
    t_max = check_positive(t_max, "t_max", maximum=MAX_YEARS)
    n = check_integer(n_points, "n_points", minimum=2, maximum=MAX_POINTS)
    return _integrate(s_r, s_c, p, state, t_max, n)


def time_to_alignment(trajectory: Trajectory, threshold: float = 0.5) -> float:
    """Years until the Russia–China tie first reaches ``threshold`` (``inf`` if never).

    Parameters
    ----------
    trajectory : Trajectory
        Output of :func:`simulate`.
    threshold : float, default 0.5
        Level of ``r`` in ``[-1, 1]`` that counts as alignment.

    Returns
    -------
    float
        The first crossing time, linearly interpolated between samples; 0 if the
        run starts aligned; ``inf`` if the tie never reaches the threshold.

    Raises
    ------
    TypeError
        If ``trajectory`` is not a :class:`Trajectory`.
    ValueError
        If ``threshold`` is outside ``[-1, 1]``.

    Notes
    -----
    This course's own teaching model.

    References
    ----------
    [lukin2018perspective]

    Examples
    --------
    >>> 0 < time_to_alignment(simulate("democratism"), threshold=0.9) < 30
    True
    >>> time_to_alignment(simulate("reverse_kissinger"), threshold=0.9)
    inf
    """
    if not isinstance(trajectory, Trajectory):
        raise TypeError(f"trajectory must be a Trajectory, got {type(trajectory).__name__}")
    threshold = check_in_range(threshold, "threshold", -1.0, 1.0)
    r, t = trajectory.russia_china, trajectory.t
    above = np.flatnonzero(r >= threshold)
    if above.size == 0:
        return math.inf
    i = int(above[0])
    if i == 0:
        return float(t[0])
    frac = (threshold - r[i - 1]) / (r[i] - r[i - 1])
    return float(t[i - 1] + frac * (t[i] - t[i - 1]))
