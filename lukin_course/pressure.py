"""The pressure model: a leading power's policy towards two others.

**This is this course's own teaching model**, not a model from the literature. It
turns the essay's argument (claims C8, C10, C11 and C15) into three differential
equations so that students can ask "what if": what if the United States had
courted one of the two, or pressed both, or relented later? The parameter values
shipped as defaults are *illustrative, not estimated* from data.

The state is ``x = (u_r, u_c, r)`` in ``[-1, 1]^3``: the United States–Russia tie,
the United States–China tie and the Russia–China tie (+1 amity, -1 enmity). Time
``t`` is in years. A policy is a pair of stances ``(s_r, s_c)`` in ``[-1, 1]^2``
that the leading power takes towards Russia and China (+1 full engagement, -1 full
pressure)::

    du_r/dt = alpha (s_r - u_r)
    du_c/dt = alpha (s_c - u_c)
    dr/dt   = lam [tanh(h(u_r, u_c) + eta r) - r]
    h       = beta u_r u_c - kappa (u_r + u_c) / 2 + gamma - delta

The ties with the leading power relax towards its stances; the Russia–China tie
relaxes towards a saturating response to the "field" ``h`` plus its own
self-reinforcement ``eta r``. Because ``|tanh| < 1`` and each ``u`` relaxes to a
stance in ``[-1, 1]``, the state never leaves ``[-1, 1]^3``.

The long-run analysis (steady states, hysteresis, the bistability window and the
batch-integrated phase diagram) lives in :mod:`lukin_course.pressure_batch` and is
re-exported here, so ``from lukin_course.pressure import steady_states`` works.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray
from scipy.integrate import solve_ivp

from ._validation import (
    as_finite_array,
    check_choice,
    check_in_range,
    check_nonnegative,
    check_positive,
)

if TYPE_CHECKING:  # pragma: no cover - the real import is lazy (see __getattr__)
    import pandas as pd

    from .pressure_batch import (
        HysteresisResult,
        bistable_window,
        hysteresis,
        phase_diagram,
        phase_diagram_reference,
        steady_state,
        steady_states,
    )

__all__ = [
    "DEFAULT_X0",
    "POLICIES",
    "HysteresisResult",
    "PressureParams",
    "Trajectory",
    "bistable_window",
    "hysteresis",
    "phase_diagram",
    "phase_diagram_reference",
    "policy_stances",
    "simulate",
    "steady_state",
    "steady_states",
    "time_to_alignment",
]

#: Named policies of the leading power: (stance towards Russia, stance towards China).
POLICIES: dict[str, tuple[float, float]] = {
    "democratism": (-1.0, -1.0),
    "triangulation": (-1.0, 1.0),
    "reverse_kissinger": (1.0, -1.0),
    "engagement": (1.0, 1.0),
}

#: Illustrative early-1990s start: mildly warm US ties with both, a neutral Russia–China tie.
DEFAULT_X0: tuple[float, float, float] = (0.3, 0.3, 0.0)

_RATES = ("alpha", "lam")
_COUPLINGS = ("beta", "kappa", "gamma", "delta", "eta")


@dataclass(frozen=True)
class PressureParams:
    """Parameters of the pressure model (defaults are illustrative, not estimated).

    Parameters
    ----------
    alpha : float, default 0.5
        Rate (1/yr) at which the leading power's ties follow its stances;
        plausible range 0.1–2 (a time constant of months to a decade).
    lam : float, default 0.25
        Rate (1/yr) at which the Russia–China tie adjusts; plausible 0.05–1.
    beta : float, default 1.0
        Balance (Heider) coupling, dimensionless, 0–3: the tie moves towards the
        sign of ``u_r u_c``, so two states treated alike are pulled together and a
        courted state drifts away from a pressed one.
    kappa : float, default 1.0
        Counterweight coupling, dimensionless, 0–3: the mean pressure
        ``-(u_r + u_c)/2`` on the two gives each a reason to seek the other
        (balancing against a common threat). It is what separates pressing both
        (``democratism``) from courting both (``engagement``), which the Heider
        term alone treats alike. ``kappa = 0`` gives the model without it.
    gamma : float, default 0.4
        Shared interests of Russia and China, dimensionless, 0–2.
    delta : float, default 0.5
        Their perceived mutual threat, dimensionless, 0–2.
    eta : float, default 1.5
        Self-reinforcement (institutions, trade, habits), dimensionless, 0–3;
        ``eta > 1`` makes the Russia–China tie bistable (see Notes).

    Raises
    ------
    TypeError
        If a value is not a real number.
    ValueError
        If a rate is not positive or a coupling is negative (or any is NaN/inf).

    Notes
    -----
    This course's own teaching model. With the stances held fixed the ties to the
    leading power settle at ``u = s`` and the Russia–China tie at a root of
    ``g(r) = tanh(h + eta r) - r``. Its slope is ``g'(r) = eta sech^2(h + eta r) - 1``.
    If ``eta <= 1`` then ``g' <= 0`` everywhere, so there is exactly one fixed
    point. If ``eta > 1`` then ``g' = 0`` where ``tanh^2 = 1 - 1/eta``; two fixed
    points merge (a saddle-node fold) where also ``g = 0``, i.e. at
    ``r_f = ±sqrt(1 - 1/eta)`` and ``h = ∓H(eta)`` with
    ``H(eta) = eta r_f - artanh(r_f)``. For ``|h| < H(eta)`` there are two stable
    states separated by an unstable one: the tie remembers its history
    (hysteresis). Every stable state then has ``|r| > r_f``.

    With the defaults ``democratism`` has ``h = 1.9`` (one state, r ≈ +1) and
    ``engagement`` has ``h = -0.1``, inside the window ``H(1.5) ≈ 0.21``: an
    alignment built under pressure survives a later turn to engagement.

    References
    ----------
    [heider1946attitudes], [walt1987origins], [lukin2018perspective]

    Examples
    --------
    >>> p = PressureParams()
    >>> p.eta, p.alpha
    (1.5, 0.5)
    >>> round(p.field(-1.0, -1.0), 2)  # democratism
    1.9
    """

    alpha: float = 0.5
    lam: float = 0.25
    beta: float = 1.0
    kappa: float = 1.0
    gamma: float = 0.4
    delta: float = 0.5
    eta: float = 1.5

    def __post_init__(self) -> None:
        for name in _RATES:
            object.__setattr__(self, name, check_positive(getattr(self, name), name))
        for name in _COUPLINGS:
            object.__setattr__(self, name, check_nonnegative(getattr(self, name), name))

    def field(self, u_r: Any, u_c: Any) -> Any:
        """Return ``h = beta u_r u_c - kappa (u_r + u_c)/2 + gamma - delta``."""
        return self.beta * u_r * u_c - 0.5 * self.kappa * (u_r + u_c) + self.gamma - self.delta


def _params(params: PressureParams | None) -> PressureParams:
    if params is None:
        return PressureParams()
    if not isinstance(params, PressureParams):
        raise TypeError(f"params must be a PressureParams or None, got {type(params).__name__}")
    return params


def policy_stances(policy: str | Sequence[float]) -> tuple[float, float]:
    """Return the stances ``(s_r, s_c)`` of a named policy or check a given pair.

    Parameters
    ----------
    policy : str or pair of float
        One of ``POLICIES`` (``"democratism"``, ``"triangulation"``,
        ``"reverse_kissinger"``, ``"engagement"``) or ``(s_r, s_c)`` in ``[-1, 1]^2``.

    Returns
    -------
    tuple of float
        The stance towards Russia and the stance towards China.

    Raises
    ------
    ValueError
        For an unknown name (the message lists the valid ones), a pair of the
        wrong length, a stance outside ``[-1, 1]`` or a NaN.
    TypeError
        If ``policy`` is neither a string nor a numeric pair.

    Notes
    -----
    This course's own teaching model. ``triangulation`` courts China and presses
    Russia, as Nixon and Kissinger did with the Soviet Union; ``reverse_kissinger``
    is the opposite, discussed after 2016.

    References
    ----------
    [kissinger1979white], [lukin2018perspective]

    Examples
    --------
    >>> policy_stances("triangulation")
    (-1.0, 1.0)
    >>> policy_stances((0.5, -0.25))
    (0.5, -0.25)
    """
    if isinstance(policy, str):
        return POLICIES[check_choice(policy, "policy", POLICIES)]
    arr = as_finite_array(policy, "policy", ndim=1)
    if arr.shape != (2,):
        raise ValueError(f"policy must be a name or a pair (s_r, s_c), got shape {arr.shape}")
    s_r = check_in_range(float(arr[0]), "policy stance towards Russia", -1.0, 1.0)
    s_c = check_in_range(float(arr[1]), "policy stance towards China", -1.0, 1.0)
    return (s_r, s_c)


def _as_state(x0: Any, name: str = "x0") -> NDArray[np.float64]:
    arr = as_finite_array(x0, name, ndim=1)
    if arr.shape != (3,):
        raise ValueError(f"{name} must have three entries (u_r, u_c, r), got shape {arr.shape}")
    if np.any(np.abs(arr) > 1.0):
        raise ValueError(f"{name} entries must lie in [-1, 1], got {arr.tolist()}")
    return arr


def _rhs(x: NDArray[np.float64], s_r: float, s_c: float, p: PressureParams) -> NDArray[np.float64]:
    u_r, u_c, r = x
    h = p.field(u_r, u_c)
    return np.array(
        [p.alpha * (s_r - u_r), p.alpha * (s_c - u_c), p.lam * (math.tanh(h + p.eta * r) - r)]
    )


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
        Model parameters; the illustrative defaults if omitted.
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
    This course's own teaching model (equations in the module docstring), solved
    with ``scipy.integrate.solve_ivp`` (RK45, ``rtol=1e-9``, ``atol=1e-12``).

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
    t_max = check_positive(t_max, "t_max")
    if isinstance(n_points, bool) or not isinstance(n_points, (int, np.integer)) or n_points < 2:
        raise ValueError(f"n_points must be an integer >= 2, got {n_points!r}")
    t = np.linspace(0.0, t_max, int(n_points))
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
    >>> 0 < time_to_alignment(simulate("democratism")) < 30
    True
    >>> time_to_alignment(simulate("triangulation"))
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


_BATCH_NAMES = frozenset(
    {
        "HysteresisResult",
        "bistable_window",
        "hysteresis",
        "phase_diagram",
        "phase_diagram_reference",
        "steady_state",
        "steady_states",
    }
)


def __getattr__(name: str) -> Any:
    # PEP 562: re-export the long-run analysis without a circular import at load time.
    if name in _BATCH_NAMES:
        from . import pressure_batch

        value = getattr(pressure_batch, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
