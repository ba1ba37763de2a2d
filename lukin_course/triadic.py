"""Triadic relationship dynamics after Lee, Muncaster and Zinnes (1994).

**A model from the literature.** Lee, Muncaster and Zinnes turned the four rules
of triadic interaction — the friend of my friend is my friend, the friend of my
enemy is my enemy, the enemy of my friend is my enemy, the enemy of my enemy is
my friend — into coupled nonlinear differential equations, and showed that they
lead to unipolar (all friendly) and bipolar (two hostile blocs) configurations
that persist while every relationship intensifies [lee1994friend]. Saperstein
later softened the fourth rule [saperstein2004enemy]; Morrison, Kutz and Gabbay
add a dyad-specific force and bounded ties to the balance force and find
bistability and hysteresis between peace and systemic war [morrison2023stability].

The four rules are one sign rule: nation ``i``'s relation to ``j`` moves in the
direction of the product of its relation to the third nation ``k`` and ``k``'s
relation to ``j``. With ``X[i, j]`` the relation of ``i`` to ``j`` (positive:
amity, negative: enmity; the diagonal is unused)::

    dX[i, j]/dt = X[i, k] X[k, j]        (k the third nation)

For mutual relations (``X`` symmetric) the three ties ``x = X[0, 1]``,
``y = X[0, 2]``, ``z = X[1, 2]`` obey ``x' = y z``, ``y' = x z``, ``z' = x y``.
**The paper's full text could not be reached for this course.** The equations
here are the course's reconstruction of the rule as the paper's abstract states
it (the publisher's page, doi:10.1007/BF01063907): the simplest ODE in which every
relation moves with the product of the two relations through the third nation.
LMZ's own equations may carry weights or other terms; the tests check the
reconstruction against the results the abstract states (unipolar and bipolar
configurations form and persist, relations intensify), not against the paper's
equations or tables.

Properties used in the tests, each a line of algebra:

* ``x² - y²`` and ``y² - z²`` are constant (``d(x²)/dt = 2xyz`` for every tie);
* the triad's sign product grows: ``d(xyz)/dt = (yz)² + (xz)² + (xy)² >= 0``,
  so an unbalanced triad (product < 0) moves towards balance;
* from ``x = y = z = a > 0`` (or any balanced start of equal strengths ``a``)
  ``|x(t)| = a / (1 - a t)``: the ties intensify and diverge at ``t* = 1/a``.

Because relations diverge in finite time, a run stops when a relation reaches
``cap`` in absolute value.

References
----------
[lee1994friend] [saperstein2004enemy] [morrison2023stability]
[heider1946attitudes] [cartwright1956structural]

Examples
--------
>>> run = simulate_triad([[0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]], t_max=1.0)
>>> round(float(run.relations[-1][0, 1]), 3)  # a / (1 - a t) with a = 0.5, t = 1
1.0
>>> configuration(run.relations[-1])
'unipolar'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._validation import (
    as_finite_array,
    as_square_matrix,
    check_in_range,
    check_integer,
    check_positive,
)
from .pressure import POLICIES

__all__ = [
    "TriadRun",
    "configuration",
    "lmz_rates",
    "policy_outcomes",
    "simulate_triad",
    "ties_matrix",
]

_OFF = ~np.eye(3, dtype=bool)


def _as_relations(x: Any, name: str = "x") -> NDArray[np.float64]:
    """A finite 3 x 3 float matrix (diagonal set to 0)."""
    if np.iscomplexobj(x):
        raise TypeError(f"{name} must hold real numbers, got complex values")
    arr = as_square_matrix(x, name, symmetric=False, min_size=3)
    if arr.shape != (3, 3):
        raise ValueError(f"{name} must be a 3 x 3 matrix of relations, got shape {arr.shape}")
    out = arr.astype(float, copy=True)
    np.fill_diagonal(out, 0.0)
    return out


def ties_matrix(a_b: float, a_c: float, b_c: float) -> NDArray[np.float64]:
    """The symmetric relation matrix of three mutual ties (actors a, b, c).

    Parameters
    ----------
    a_b, a_c, b_c : float
        The ties between actors 0 and 1, 0 and 2, 1 and 2 (finite numbers).

    Returns
    -------
    ndarray, shape (3, 3)
        Symmetric, zero diagonal.

    Examples
    --------
    >>> float(ties_matrix(-1, -1, 0.5)[1, 2])
    0.5
    """
    values = as_finite_array([a_b, a_c, b_c], "ties", ndim=1)
    x = np.zeros((3, 3))
    x[0, 1] = x[1, 0] = values[0]
    x[0, 2] = x[2, 0] = values[1]
    x[1, 2] = x[2, 1] = values[2]
    return x


def lmz_rates(x: Any) -> NDArray[np.float64]:
    """Rates of change ``dX[i, j]/dt = X[i, k] X[k, j]`` of a triad's relations.

    Parameters
    ----------
    x : array-like, shape (3, 3)
        ``x[i, j]`` is nation ``i``'s relation to ``j``; the diagonal is ignored.

    Returns
    -------
    ndarray, shape (3, 3)
        The rates, zero on the diagonal.

    Raises
    ------
    ValueError, TypeError
        If ``x`` is not a finite 3 x 3 numeric matrix.

    Notes
    -----
    From the literature [lee1994friend]: each of the four rules of triadic
    interaction is the sign of the product ``X[i, k] X[k, j]``. For three nations
    this is the off-diagonal part of ``X @ X`` with a zero diagonal.

    References
    ----------
    [lee1994friend]

    Examples
    --------
    >>> r = lmz_rates(ties_matrix(-1.0, -1.0, 0.0))  # a common enemy
    >>> float(r[1, 2])  # the enemy of my enemy becomes my friend
    1.0
    >>> float(lmz_rates(ties_matrix(1.0, -1.0, 0.0))[1, 2])  # the enemy of my friend
    -1.0
    """
    rel = _as_relations(x)
    out = rel @ rel
    np.fill_diagonal(out, 0.0)
    return out


@dataclass(eq=False)
class TriadRun:
    """A run of the LMZ equations.

    Attributes
    ----------
    t : ndarray, shape (n,)
        Times.
    relations : ndarray, shape (n, 3, 3)
        The relation matrix at each time.
    capped : bool
        True if the run stopped early because a relation reached ``cap``
        (the relations diverge in finite time).
    """

    t: NDArray[np.float64]
    relations: NDArray[np.float64]
    capped: bool

    @property
    def final(self) -> NDArray[np.float64]:
        """The last relation matrix."""
        return self.relations[-1]


def simulate_triad(
    x0: Any,
    t_max: float = 10.0,
    n_points: int = 201,
    cap: float = 10.0,
) -> TriadRun:
    """Integrate the LMZ triad equations from ``x0`` until ``t_max`` or ``|X| = cap``.

    Parameters
    ----------
    x0 : array-like, shape (3, 3)
        Initial relations (``x0[i, j]``: ``i``'s relation to ``j``); the diagonal is ignored.
    t_max : float, default 10.0
        Length of the run (> 0).
    n_points : int, default 201
        Number of equally spaced output times in ``[0, t_max]`` (>= 2); a run
        stopped at the cap returns the samples before it plus the stopping point.
    cap : float, default 10.0
        Stop when a relation reaches this absolute value (> 0).

    Returns
    -------
    TriadRun

    Raises
    ------
    ValueError, TypeError
        For a malformed ``x0`` or a non-positive ``t_max`` or ``cap``.

    Notes
    -----
    From the literature [lee1994friend]. Solved with ``scipy.integrate.solve_ivp``
    (RK45, ``rtol=1e-10``, ``atol=1e-12``) with a terminal event at the cap,
    because the relations of a balanced triad diverge in finite time.

    References
    ----------
    [lee1994friend]

    Examples
    --------
    >>> run = simulate_triad(ties_matrix(0.5, -0.5, -0.5), t_max=5.0)
    >>> run.capped, configuration(run.final)  # one bloc of two against the third
    (True, 'bipolar')
    """
    from scipy.integrate import solve_ivp

    rel = _as_relations(x0, "x0")
    t_max = check_positive(t_max, "t_max")
    n = check_integer(n_points, "n_points", minimum=2)
    cap = check_positive(cap, "cap")
    if np.max(np.abs(rel[_OFF])) >= cap:
        raise ValueError(f"x0 must lie below cap = {cap} in absolute value")

    def rhs(_t: float, y: NDArray[np.float64]) -> NDArray[np.float64]:
        m = y.reshape(3, 3)
        out = m @ m
        np.fill_diagonal(out, 0.0)
        return out.ravel()

    def at_cap(_t: float, y: NDArray[np.float64]) -> float:
        return float(cap - np.max(np.abs(y)))

    at_cap.terminal = True  # type: ignore[attr-defined]
    t_eval = np.linspace(0.0, t_max, n)
    sol = solve_ivp(
        rhs, (0.0, t_max), rel.ravel(), t_eval=t_eval, events=at_cap, rtol=1e-10, atol=1e-12
    )
    t, y = sol.t, sol.y.T
    capped = sol.status == 1
    if capped:
        t = np.append(t, sol.t_events[0][0])
        y = np.vstack([y, sol.y_events[0][0]])
    return TriadRun(t, y.reshape(-1, 3, 3), bool(capped))


def configuration(x: Any, tol: float = 0.0) -> str:
    """Name a triad's sign pattern in LMZ's terms.

    Parameters
    ----------
    x : array-like, shape (3, 3)
        Relations (the diagonal is ignored). Mutual relations are read from the
        upper triangle; for a directed matrix every relation must agree in sign
        with its reverse, otherwise the pattern is ``"mixed"``.
    tol : float, default 0.0
        Relations with ``|x| <= tol`` count as neutral (``"undecided"``).

    Returns
    -------
    str
        ``"unipolar"`` (all three ties friendly), ``"bipolar"`` (one friendly tie,
        two hostile: two blocs), ``"unbalanced"`` (one or three hostile ties),
        ``"undecided"`` (a neutral tie) or ``"mixed"`` (directed relations that
        disagree in sign).

    Raises
    ------
    ValueError, TypeError
        For a malformed matrix or a negative ``tol``.

    References
    ----------
    [lee1994friend] [cartwright1956structural]

    Examples
    --------
    >>> configuration(ties_matrix(1, 1, 1)), configuration(ties_matrix(-1, -1, 1))
    ('unipolar', 'bipolar')
    >>> configuration(ties_matrix(-1, -1, -1))
    'unbalanced'
    """
    rel = _as_relations(x)
    tol = check_in_range(tol, "tol", 0.0, math.inf)
    upper = np.array([rel[0, 1], rel[0, 2], rel[1, 2]])
    lower = np.array([rel[1, 0], rel[2, 0], rel[2, 1]])
    if np.any(np.abs(upper) <= tol) or np.any(np.abs(lower) <= tol):
        return "undecided"
    if np.any(np.sign(upper) != np.sign(lower)):
        return "mixed"
    hostile = int(np.sum(upper < 0))
    if hostile == 0:
        return "unipolar"
    if hostile == 2:
        return "bipolar"
    return "unbalanced"


def policy_outcomes(
    policies: dict[str, Sequence[float]] | None = None,
    russia_china: float = 0.0,
    strength: float = 0.5,
    t_max: float = 20.0,
) -> dict[str, dict[str, Any]]:
    """What the LMZ equations predict for the leading power's policies.

    Each policy is read as the leading power's opening stances: the US–Russia and
    US–China ties start at ``strength * s_r`` and ``strength * s_c`` and the
    Russia–China tie at ``russia_china``; then all three ties follow the LMZ
    equations (no one holds a policy fixed: in LMZ every tie responds to the others).

    Parameters
    ----------
    policies : dict of str to (s_r, s_c), optional
        Stances in ``[-1, 1]``; the four named policies of the pressure model
        (``democratism``, ``china_card``, ``reverse_kissinger``, ``engagement``) if omitted.
    russia_china : float, default 0.0
        The initial Russia–China tie, in ``[-1, 1]``.
    strength : float, default 0.5
        Scale of the opening stances, in ``(0, 1]``.
    t_max : float, default 20.0
        Length of each run (> 0); runs stop earlier when a tie reaches 10.

    Returns
    -------
    dict
        For each policy: ``configuration`` (of the final state), the final signs
        ``us_russia``, ``us_china``, ``russia_china`` (+1/-1/0) and ``blow_up``
        (the time the run reached the cap, or ``inf``).

    Raises
    ------
    ValueError, TypeError
        For stances outside ``[-1, 1]`` or bad numbers.

    Notes
    -----
    From the literature [lee1994friend], applied by this course to the four
    policies. Actors are ordered (United States, Russia, China). The Russia–China
    tie starts moving at the rate ``s_r s_c strength²``: treating the two alike
    (both pressed or both courted) draws them together, courting one and pressing
    the other pushes them apart, and swapping Russia and China changes nothing.

    References
    ----------
    [lee1994friend]

    Examples
    --------
    >>> out = policy_outcomes()
    >>> out["democratism"]["configuration"], out["democratism"]["russia_china"]
    ('bipolar', 1)
    >>> out["engagement"]["configuration"]
    'unipolar'
    >>> out["china_card"]["us_china"], out["china_card"]["russia_china"]
    (1, -1)
    """
    chosen = POLICIES if policies is None else policies
    if not isinstance(chosen, dict) or not chosen:
        raise TypeError("policies must be a non-empty dict of name -> (s_r, s_c)")
    rc = check_in_range(russia_china, "russia_china", -1.0, 1.0)
    strength = check_in_range(strength, "strength", 0.0, 1.0)
    if strength == 0.0:
        raise ValueError("strength must be positive")
    t_max = check_positive(t_max, "t_max")
    out: dict[str, dict[str, Any]] = {}
    for name, stances in chosen.items():
        if isinstance(stances, str):
            raise TypeError(f"policy {name!r} must be a pair (s_r, s_c), got a string")
        pair = as_finite_array(stances, f"policy {name!r}", ndim=1)
        if pair.shape != (2,) or np.any(np.abs(pair) > 1.0):
            raise ValueError(f"policy {name!r} must be a pair of stances in [-1, 1]")
        run = simulate_triad(
            ties_matrix(strength * pair[0], strength * pair[1], rc), t_max=t_max, cap=10.0
        )
        last = run.final
        out[name] = {
            "configuration": configuration(last),
            "us_russia": int(np.sign(last[0, 1])),
            "us_china": int(np.sign(last[0, 2])),
            "russia_china": int(np.sign(last[1, 2])),
            "blow_up": float(run.t[-1]) if run.capped else math.inf,
        }
    return out
