"""The pressure model's equations: parameters, policies and the rate of change.

**This course's own teaching model**, not a model from the literature; the
defaults are illustrative, not estimated. The equations, the state and the
meaning of a policy are set out once, in the docstring of
:mod:`lukin_course.pressure`; this part holds the parameters, the named
policies and the right-hand side of those equations (:func:`vector_field`).

References
----------
[heider1946attitudes] [walt1987origins] [lukin2018perspective]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._validation import (
    as_finite_array,
    check_choice,
    check_in_range,
    check_nonnegative,
    check_positive,
)

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


def _as_unit_array(value: Any, name: str, what: str) -> NDArray[np.float64]:
    """A finite 1-D array whose entries (``what``) all lie in ``[-1, 1]``."""
    arr = as_finite_array(value, name, ndim=1)
    if np.any(np.abs(arr) > 1.0):
        raise ValueError(f"{name} {what} must lie in [-1, 1], got {arr.tolist()}")
    return arr


def _as_state(x0: Any, name: str = "x0") -> NDArray[np.float64]:
    arr = as_finite_array(x0, name, ndim=1)
    if arr.shape != (3,):
        raise ValueError(f"{name} must have three entries (u_r, u_c, r), got shape {arr.shape}")
    return _as_unit_array(arr, name, "entries")


def _rhs(x: NDArray[np.float64], s_r: float, s_c: float, p: PressureParams) -> NDArray[np.float64]:
    u_r, u_c, r = x
    h = p.field(u_r, u_c)
    return np.array(
        [p.alpha * (s_r - u_r), p.alpha * (s_c - u_c), p.lam * (math.tanh(h + p.eta * r) - r)]
    )


def vector_field(
    state: Sequence[float], policy: str | Sequence[float], params: PressureParams | None = None
) -> NDArray[np.float64]:
    """The rates of change ``(du_r/dt, du_c/dt, dr/dt)`` at a state under a policy.

    Parameters
    ----------
    state : sequence of 3 float
        ``(u_r, u_c, r)``: finite numbers (the model's runs stay in ``[-1, 1]``, but an
        ODE solver may step slightly outside).
    policy : str or pair of float
        A name in ``POLICIES`` or stances ``(s_r, s_c)`` in ``[-1, 1]^2``.
    params : PressureParams, optional
        Model parameters; the illustrative defaults if omitted.

    Returns
    -------
    ndarray, shape (3,)
        The right-hand side of the model's equations, per year.

    Raises
    ------
    ValueError, TypeError
        For a bad state, policy or parameters.

    Notes
    -----
    This course's own teaching model; the equations are in :mod:`lukin_course.pressure`.
    Pass it to any ODE solver, e.g. ``scipy.integrate.solve_ivp(lambda t, x:
    vector_field(x, policy), ...)``.

    References
    ----------
    [lukin2018perspective]

    Examples
    --------
    >>> [round(float(v), 3) for v in vector_field((0.0, 0.0, 0.0), "democratism")]
    [-0.5, -0.5, -0.025]
    """
    x = as_finite_array(state, "state", ndim=1)
    if x.shape != (3,):
        raise ValueError(f"state must have three entries (u_r, u_c, r), got shape {x.shape}")
    s_r, s_c = policy_stances(policy)
    return _rhs(x, s_r, s_c, _params(params))
