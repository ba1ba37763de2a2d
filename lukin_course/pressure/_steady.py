"""Long-run states of the pressure model: fixed points, bistability and hysteresis.

Under a fixed policy the ties with the leading power settle at its stances and the
Russia–China tie at a stable root of ``g(r) = tanh(h + eta r) - r`` (this course's
own teaching model; equations in :mod:`lukin_course.pressure`, derivation in
the Notes of :class:`~lukin_course.pressure.PressureParams`). For
``eta > 1`` and a field inside the window ``|h| < H(eta)`` there are two such
roots, and which one a run reaches depends on its history:

* :func:`bistable_window` gives ``H(eta)``;
* :func:`steady_states` lists the stable roots, :func:`steady_state` the one
  reached from a given start;
* :func:`hysteresis` runs a pressure phase, then a relief phase, and asks two
  different questions: does the alignment *survive* the relief, and is that
  *hysteresis* — would the relief policy alone, from the same start, have ended
  elsewhere (same policy, different outcomes from different histories)?

Part of :mod:`lukin_course.pressure`.

References
----------
[lukin2018perspective]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .._validation import MAX_YEARS, check_in_range, check_nonnegative, check_positive
from ._model import DEFAULT_X0, PressureParams, _as_state, _params, _rhs, policy_stances
from ._trajectory import Trajectory, _integrate

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


def _stable_roots(h: float, eta: float) -> list[float]:
    """Stable roots of ``tanh(h + eta r) - r`` in ``[-1, 1]``, in increasing order."""
    from scipy.optimize import brentq

    def g(r: float) -> float:
        return math.tanh(h + eta * r) - r

    v = np.tanh(h + eta * _ROOT_GRID) - _ROOT_GRID
    roots: list[float] = []
    if v[0] == 0.0 and v[1] < 0.0:  # tanh saturates at -1: the tie rests at full enmity
        roots.append(-1.0)
    for i in np.flatnonzero((v[:-1] > 0.0) & (v[1:] <= 0.0)):
        if v[i + 1] < 0.0:  # a sign change inside the cell
            roots.append(float(brentq(g, _ROOT_GRID[i], _ROOT_GRID[i + 1], xtol=1e-14)))
        elif i + 2 == v.size:  # tanh saturates at +1: the tie rests at full amity
            roots.append(1.0)
        elif v[i + 2] < 0.0:  # the grid hits the root exactly
            roots.append(float(_ROOT_GRID[i + 1]))
    return roots


def steady_states(
    policy: str | Sequence[float], params: PressureParams | None = None
) -> list[float]:
    """All stable steady values of the Russia–China tie under a fixed policy.

    Parameters
    ----------
    policy : str or pair of float
        A name in ``POLICIES`` or stances ``(s_r, s_c)`` in ``[-1, 1]^2``.
    params : PressureParams, optional
        Model parameters; the defaults if omitted.

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
    >>> [round(r, 3) for r in steady_states("reverse_kissinger")]
    [-1.0, 0.919]
    >>> [round(r, 3) for r in steady_states("engagement")]
    [-0.999, 0.95]
    """
    s_r, s_c = policy_stances(policy)
    p = _params(params)
    return _stable_roots(p.field(s_r, s_c), p.eta)


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
    from scipy.integrate import solve_ivp

    def rhs(_t: float, x: NDArray[np.float64]) -> NDArray[np.float64]:
        return _rhs(x, s_r, s_c, p)

    def still(_t: float, x: NDArray[np.float64]) -> float:
        return float(np.max(np.abs(_rhs(x, s_r, s_c, p)))) - tol

    still.terminal = True  # type: ignore[attr-defined]
    if still(0.0, x0) < 0.0:
        return x0.copy(), True
    sol = solve_ivp(rhs, (0.0, t_max), x0, method="RK45", rtol=rtol, atol=atol, events=still)
    return sol.y[:, -1], sol.status == 1


def _settled_tie(
    s_r: float, s_c: float, p: PressureParams, state: NDArray[np.float64], t_max: float
) -> float:
    """The stable root whose basin the run from ``state`` ends in (checked arguments)."""
    end, _ = _settle(s_r, s_c, p, state, t_max, tol=1e-9, rtol=1e-9, atol=1e-12)
    return min(_stable_roots(p.field(s_r, s_c), p.eta), key=lambda root: abs(root - end[2]))


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
        Model parameters; the defaults if omitted.
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
    [1.0, 1.0, -0.999]
    >>> [round(v, 3) for v in steady_state("engagement", x0=(-1.0, -1.0, 0.9))]
    [1.0, 1.0, 0.95]
    """
    s_r, s_c = policy_stances(policy)
    p = _params(params)
    state = _as_state(x0)
    t_max = check_positive(t_max, "t_max")
    return (s_r, s_c, _settled_tie(s_r, s_c, p, state, t_max))


@dataclass(eq=False)
class HysteresisResult:
    """Outcome of a pressure phase followed by a relief phase (see :func:`hysteresis`).

    Attributes
    ----------
    trajectory : Trajectory
        Both phases joined.
    r_before, r_after : float
        The tie at the end of the first and of the second phase.
    r_limit : float
        The steady tie the relief policy leads to from the end of the first phase.
    r_alone : float
        The steady tie the relief policy leads to from the original start.
    survives : bool
        Alignment was reached (``r_before >= threshold``) and lasts for good under
        the relief policy (``r_limit >= threshold``).
    hysteretic : bool
        ``r_limit`` and ``r_alone`` are different stable states: the same relief
        policy ends in different places after different histories. Requires
        bistability (``eta > 1`` and the relief field inside the window).
    threshold : float
        The level that counts as alignment.
    """

    trajectory: Trajectory
    r_before: float
    r_after: float
    r_limit: float
    r_alone: float
    survives: bool
    hysteretic: bool
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
        Model parameters; the defaults if omitted.
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
        relief policy leads to from the end of the first phase), ``r_alone`` (the
        one it leads to from ``x0`` without the first phase), ``survives`` (the
        alignment was reached and lasts: ``r_before`` and ``r_limit`` at least
        ``threshold``) and ``hysteretic`` (``r_limit`` differs from ``r_alone``).

    Raises
    ------
    ValueError, TypeError
        For bad arguments.

    Notes
    -----
    This course's own teaching model (claims C11, C15). Survival is not memory: an
    alignment also survives when the relief policy itself favours it (a large
    shared interest and no bistability). Hysteresis needs two stable states under
    the relief policy — ``eta > 1`` and its field inside ``|h| < H(eta)`` (both
    necessary, together sufficient for two states) — and a first phase that ends
    in the other basin than the start.

    References
    ----------
    [lukin2018perspective]

    Examples
    --------
    >>> res = hysteresis()
    >>> res.survives, res.hysteretic  # engagement alone, from the 1992 start, would split them
    (True, True)
    >>> weak = hysteresis(params=PressureParams(eta=0.9, gamma=10.0, delta=0.0, epsilon=0.0))
    >>> weak.survives, weak.hysteretic  # survives by shared interest, with no memory at all
    (True, False)
    """
    p = _params(params)
    first_r, first_c = policy_stances(policy)
    relief_r, relief_c = policy_stances(relief_policy)
    pressure_years = check_positive(pressure_years, "pressure_years", maximum=MAX_YEARS)
    relief_years = check_positive(relief_years, "relief_years", maximum=MAX_YEARS)
    threshold = check_in_range(threshold, "threshold", -1.0, 1.0)
    state = _as_state(x0)
    first = _integrate(
        first_r, first_c, p, state, pressure_years, max(2, round(10 * pressure_years) + 1)
    )
    turn = np.array(first.final)
    second = _integrate(
        relief_r, relief_c, p, turn, relief_years, max(2, round(10 * relief_years) + 1)
    )
    joined = Trajectory(
        np.concatenate([first.t, pressure_years + second.t[1:]]),
        np.concatenate([first.us_russia, second.us_russia[1:]]),
        np.concatenate([first.us_china, second.us_china[1:]]),
        np.concatenate([first.russia_china, second.russia_china[1:]]),
    )
    r_before, r_after = first.final[2], second.final[2]
    r_limit = _settled_tie(relief_r, relief_c, p, turn, 1000.0)
    r_alone = _settled_tie(relief_r, relief_c, p, state, 1000.0)
    survives = bool(r_before >= threshold and r_limit >= threshold)
    hysteretic = bool(abs(r_limit - r_alone) > 1e-6)
    return HysteresisResult(
        joined, r_before, r_after, r_limit, r_alone, survives, hysteretic, threshold
    )
