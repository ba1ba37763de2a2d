"""Dynamics of structural balance: how a network of relations moves towards factions.

Three models from the literature:

* Marvel, Kleinberg, Kleinberg & Strogatz (2011): real-valued relations obey
  :math:`\\dot X = X^2`; generic starts blow up in finite time into either universal
  friendship or two hostile factions (:func:`marvel_solution`, :func:`blow_up_time`,
  :func:`marvel_factions`, :func:`integrate_marvel`);
* Kułakowski, Gawroński & Gronek (2005): the same product of relations, with the
  relations kept inside a range :math:`(-R, R)` (:func:`kulakowski`);
* Antal, Krapivsky & Redner (2005): ±1 ties flipped triad by triad
  (:func:`antal_krapivsky_redner`, defined in :mod:`lukin_course.balance_akr` and
  re-exported here).

Examples
--------
>>> from lukin_course.balance_dynamics import blow_up_time
>>> blow_up_time([[0, 1, 1], [1, 0, 1], [1, 1, 0]])
0.5
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.integrate import solve_ivp

from ._validation import as_square_matrix, check_integer, check_nonnegative, check_positive
from .balance import _split
from .balance_akr import AKRResult, antal_krapivsky_redner

__all__ = [
    "AKRResult",
    "antal_krapivsky_redner",
    "blow_up_time",
    "integrate_marvel",
    "kulakowski",
    "marvel_factions",
    "marvel_solution",
]

_RTOL = 1e-10
_ATOL = 1e-12


def _relations(x: Any, name: str) -> NDArray[np.float64]:
    return as_square_matrix(x, name, symmetric=True, min_size=3)


def _n_points(n_points: Any) -> int:
    return check_integer(n_points, "n_points", minimum=2)


def _symmetric(m: NDArray[Any]) -> NDArray[np.float64]:
    out: NDArray[np.float64] = 0.5 * (m + m.T)
    return out


def _before_blow_up(x: NDArray[np.float64], time: float, name: str) -> float:
    lam_max = float(np.linalg.eigvalsh(x)[-1])
    if time * lam_max >= 1.0 - 1e-12:
        raise ValueError(f"{name} must be before the blow-up time {1.0 / lam_max:.6g}, got {time}")
    return time


def blow_up_time(x0: Any) -> float:
    """Time at which the Marvel et al. dynamics :math:`\\dot X = X^2` blows up.

    Parameters
    ----------
    x0 : array_like, shape (n, n)
        Symmetric real matrix of initial relations (n >= 3), finite.

    Returns
    -------
    float
        :math:`t^* = 1/\\lambda_{\\max}(X_0)`, or ``inf`` when :math:`\\lambda_{\\max} \\le 0`
        (then the relations never blow up but decay towards zero).

    Raises
    ------
    ValueError
        If ``x0`` is not a finite symmetric square matrix of at least 3 actors.

    Notes
    -----
    From the literature (Marvel et al. 2011). In the eigenbasis of :math:`X_0` each
    eigenvalue obeys :math:`\\dot\\lambda = \\lambda^2`, so
    :math:`\\lambda(t) = \\lambda/(1 - t\\lambda)`, which diverges first for the largest one.

    References
    ----------
    [marvel2011continuous]

    Examples
    --------
    >>> blow_up_time([[0, -1, -1], [-1, 0, -1], [-1, -1, 0]])
    1.0
    >>> blow_up_time(-np.eye(3))
    inf
    """
    x = _relations(x0, "x0")
    lam_max = float(np.linalg.eigvalsh(x)[-1])
    return 1.0 / lam_max if lam_max > 0 else float("inf")


def marvel_solution(x0: Any, t: Any) -> NDArray[np.float64]:
    """Exact solution :math:`X(t) = X_0 (I - t X_0)^{-1}` of :math:`\\dot X = X^2`.

    Parameters
    ----------
    x0 : array_like, shape (n, n)
        Symmetric real matrix of initial relations (n >= 3).
    t : float
        Time, with ``0 <= t < blow_up_time(x0)``.

    Returns
    -------
    ndarray, shape (n, n)
        The symmetric relation matrix at time ``t``.

    Raises
    ------
    ValueError
        If ``x0`` is not a finite symmetric square matrix, or ``t`` is negative or not
        before the blow-up time.
    TypeError
        If ``t`` is not a real number.

    Notes
    -----
    From the literature (Marvel et al. 2011). Differentiating
    :math:`X = X_0 (I - tX_0)^{-1}` gives :math:`\\dot X = X_0 (I - tX_0)^{-1} X_0
    (I - tX_0)^{-1} = X^2`, because :math:`X_0` commutes with :math:`(I - tX_0)^{-1}`.

    References
    ----------
    [marvel2011continuous]

    Examples
    --------
    >>> x0 = [[0, 1, 1], [1, 0, 1], [1, 1, 0]]
    >>> marvel_solution(x0, 0.25).round(3)
    array([[0.8, 1.6, 1.6],
           [1.6, 0.8, 1.6],
           [1.6, 1.6, 0.8]])
    """
    x = _relations(x0, "x0")
    time = _before_blow_up(x, check_nonnegative(t, "t"), "t")
    return _symmetric(np.linalg.solve(np.eye(x.shape[0]) - time * x, x))


def marvel_factions(x0: Any, labels: Sequence[Any] | None = None) -> tuple[list[Any], list[Any]]:
    """The factions that :math:`\\dot X = X^2` forms from ``x0``, near its blow-up.

    Parameters
    ----------
    x0 : array_like, shape (n, n)
        Symmetric real matrix of initial relations (n >= 3) with a simple (non-repeated)
        positive largest eigenvalue.
    labels : sequence, optional
        Distinct names of the n actors; row indices by default.

    Returns
    -------
    tuple of two lists
        Actors whose entries in the leading eigenvector share the sign of actor 0's
        entry (a zero entry counts as positive), then the others (empty when the limit
        is universal friendship).

    Raises
    ------
    ValueError
        If ``x0`` is invalid, has no positive eigenvalue (no blow-up, no factions), or
        its largest eigenvalue is repeated (the limit then depends on how ties are
        broken, not on ``x0``); or if ``labels`` is invalid.

    Notes
    -----
    From the literature (Marvel et al. 2011). With :math:`X_0 = \\sum_k \\lambda_k v_k
    v_k^T`, :math:`X(t) = \\sum_k \\lambda_k/(1 - t\\lambda_k) v_k v_k^T`, dominated as
    :math:`t \\to t^*` by :math:`v_1 v_1^T`; so the sign of :math:`x_{ij}` tends to
    :math:`\\operatorname{sign}(v_{1i} v_{1j})`: friends within each sign class,
    enemies between.

    References
    ----------
    [marvel2011continuous]

    Examples
    --------
    Illustrative numbers, not measurements:

    >>> x0 = [[0, 0.5, -0.2, 0.1], [0.5, 0, -0.3, -0.4],
    ...       [-0.2, -0.3, 0, 0.6], [0.1, -0.4, 0.6, 0]]
    >>> marvel_factions(x0, labels=["US", "EU", "Russia", "China"])
    (['US', 'EU'], ['Russia', 'China'])
    """
    x = _relations(x0, "x0")
    values, vectors = np.linalg.eigh(x)
    if values[-1] <= 0:
        raise ValueError("x0 has no positive eigenvalue: the relations never blow up into factions")
    scale = max(1.0, float(np.max(np.abs(values))))
    if values[-1] - values[-2] <= 1e-9 * scale:
        raise ValueError(
            "x0 has a repeated largest eigenvalue: the factions are not determined by x0 "
            "(perturb it slightly)"
        )
    sigma = np.where(vectors[:, -1] >= 0, 1, -1)
    return _split(sigma, labels)


def integrate_marvel(
    x0: Any, t_max: Any, n_points: int = 200
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Integrate :math:`\\dot X = X^2` numerically from ``x0`` up to ``t_max``.

    Parameters
    ----------
    x0 : array_like, shape (n, n)
        Symmetric real matrix of initial relations (n >= 3).
    t_max : float
        Final time, positive and strictly before :func:`blow_up_time`.
    n_points : int, default 200
        Number of evenly spaced output times, at least 2.

    Returns
    -------
    t : ndarray, shape (n_points,)
        Output times from 0 to ``t_max``.
    x : ndarray, shape (n_points, n, n)
        Relation matrices at those times (each symmetric).

    Raises
    ------
    ValueError
        If ``x0`` is invalid, ``t_max`` is not positive or not before the blow-up,
        or ``n_points < 2``.
    TypeError
        If ``t_max`` or ``n_points`` has the wrong type.

    Notes
    -----
    From the literature (Marvel et al. 2011); the numerical counterpart of
    :func:`marvel_solution` (an explicit Runge-Kutta method of order 8, tight
    tolerances), useful for variants without a closed form. Only the upper triangle
    is integrated, so the computed matrices are exactly symmetric.

    References
    ----------
    [marvel2011continuous]

    Examples
    --------
    >>> t, x = integrate_marvel([[0, 1, 1], [1, 0, 1], [1, 1, 0]], 0.25, n_points=3)
    >>> t
    array([0.   , 0.125, 0.25 ])
    >>> x[-1].round(3)
    array([[0.8, 1.6, 1.6],
           [1.6, 0.8, 1.6],
           [1.6, 1.6, 0.8]])
    """
    x = _relations(x0, "x0")
    t_end = _before_blow_up(x, check_positive(t_max, "t_max"), "t_max")
    points = _n_points(n_points)
    return _solve(lambda m: m @ m, x, t_end, points)


def _solve(
    field: Callable[[NDArray[np.float64]], NDArray[np.float64]],
    x: NDArray[np.float64],
    t_end: float,
    points: int,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Integrate dX/dt = field(X) for symmetric X, carrying only the upper triangle.

    Integrating the n (n + 1) / 2 independent entries keeps every output exactly
    symmetric and halves the work.
    """
    n = x.shape[0]
    upper = np.triu_indices(n)
    lower = (upper[1], upper[0])

    def rhs(_t: float, y: NDArray[np.float64]) -> NDArray[np.float64]:
        m = np.empty((n, n))
        m[upper] = y
        m[lower] = y
        return field(m)[upper]

    t_eval = np.linspace(0.0, t_end, points)
    if np.any(np.diff(t_eval) <= 0):
        raise ValueError(f"t_max={t_end} is too small to give {points} distinct output times")
    sol = solve_ivp(rhs, (0.0, t_end), x[upper], method="DOP853", t_eval=t_eval,
                    rtol=_RTOL, atol=_ATOL)  # fmt: skip
    if not sol.success:  # pragma: no cover - the checks above keep the solver in range
        raise RuntimeError(f"integration failed: {sol.message}")
    out = np.empty((points, n, n))
    out[:, upper[0], upper[1]] = sol.y.T
    out[:, lower[0], lower[1]] = sol.y.T
    return t_eval, out


def kulakowski(
    r0: Any, t_max: Any, R: Any = 1.0, n_points: int = 200
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Bounded continuous balance dynamics of Kułakowski, Gawroński & Gronek (2005).

    Parameters
    ----------
    r0 : array_like, shape (n, n)
        Symmetric real matrix of initial relations (n >= 3), every off-diagonal entry
        strictly inside (-R, R); the diagonal is ignored (no self-relation).
    t_max : float
        Final time, positive.
    R : float, default 1.0
        Bound on the strength of a relation, positive.
    n_points : int, default 200
        Number of evenly spaced output times, at least 2.

    Returns
    -------
    t : ndarray, shape (n_points,)
        Output times from 0 to ``t_max``.
    r : ndarray, shape (n_points, n, n)
        Relation matrices at those times (symmetric, zero diagonal, within [-R, R]).

    Raises
    ------
    ValueError
        If ``r0`` is not a finite symmetric square matrix of at least 3 actors or has an
        entry outside the open interval (-R, R); if ``t_max`` or ``R`` is not positive;
        if ``n_points < 2``.
    TypeError
        If ``t_max``, ``R`` or ``n_points`` has the wrong type.

    Notes
    -----
    From the literature:

    .. math:: \\frac{dr_{ij}}{dt} = \\Bigl(1 - \\bigl(\\tfrac{r_{ij}}{R}\\bigr)^2\\Bigr)
              \\sum_{k} r_{ik} r_{kj}.

    The paper's abstract states the dynamics as :math:`\\dot r = r \\cdot r` with the
    relations limited to a given range around zero; the multiplicative factor
    :math:`1 - (r_{ij}/R)^2` used here is the form in which the model is commonly
    quoted. We have not checked the factor against the paper's full text, so treat that
    exact form as the course's reading of the model. The factor vanishes at
    :math:`\\pm R`, so relations approach the bounds but never cross them.

    The equation is integrated in the variable :math:`u_{ij} = \\operatorname{artanh}
    (r_{ij}/R)`, in which it reads :math:`du_{ij}/dt = \\sum_k r_{ik} r_{kj} / R`
    exactly; mapping back through :math:`r = R \\tanh u` keeps every computed relation
    within :math:`[-R, R]` despite rounding.

    References
    ----------
    [kulakowski2005heider]

    Examples
    --------
    >>> r0 = [[0, 0.3, -0.2], [0.3, 0, 0.1], [-0.2, 0.1, 0]]
    >>> t, r = kulakowski(r0, t_max=40.0, n_points=5)
    >>> np.sign(r[-1]).astype(int)
    array([[ 0,  1, -1],
           [ 1,  0, -1],
           [-1, -1,  0]])
    >>> bool(np.all(np.abs(r) <= 1.0))
    True
    """
    r = _relations(r0, "r0").copy()
    bound = check_positive(R, "R")
    t_end = check_positive(t_max, "t_max")
    points = _n_points(n_points)
    np.fill_diagonal(r, 0.0)
    if np.any(np.abs(r) >= bound):
        raise ValueError(f"r0 must have every relation inside (-R, R) = ({-bound}, {bound})")

    def field(u: NDArray[np.float64]) -> NDArray[np.float64]:
        m = bound * np.tanh(u)
        d: NDArray[np.float64] = (m @ m) / bound
        np.fill_diagonal(d, 0.0)
        return d

    t, u = _solve(field, np.arctanh(r / bound), t_end, points)
    return t, bound * np.tanh(u)
