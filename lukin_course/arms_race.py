r"""The Richardson arms-race model (Richardson 1960).

Two states with arms levels :math:`x` and :math:`y`:

.. math::

    \frac{dx}{dt} = k\,y - a\,x + g, \qquad \frac{dy}{dt} = l\,x - b\,y + h .

:math:`k, l \ge 0` are *reactions* (how hard each responds to the other's
arms), :math:`a, b \ge 0` *fatigue* (the cost of keeping arms), and
:math:`g, h` *grievances* (standing hostility; negative values are goodwill).
From the literature; the course uses it for claim C6: with little grievance
and mild reactions two neighbours settle at low, steady levels however
unequal their starting arsenals.

References
----------
[richardson1960arms]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.linalg import expm

from ._validation import (
    MAX_POINTS,
    check_integer,
    check_nonnegative,
    check_positive,
    check_real,
)

__all__ = ["RichardsonParams", "eigenvalues", "equilibrium", "is_stable", "simulate"]


@dataclass(frozen=True)
class RichardsonParams:
    """Parameters of the Richardson model.

    Parameters
    ----------
    k, l : float
        Reaction coefficients (≥ 0) of X to Y's arms and of Y to X's.
    a, b : float
        Fatigue coefficients (≥ 0) of X and Y.
    g, h : float
        Grievances of X and Y (any finite number).

    Raises
    ------
    TypeError, ValueError
        If a coefficient is not a finite real number, or k, l, a, b < 0.

    Examples
    --------
    >>> RichardsonParams(k=0.5, l=0.5, a=1.0, b=1.0, g=1.0, h=1.0)
    RichardsonParams(k=0.5, l=0.5, a=1.0, b=1.0, g=1.0, h=1.0)
    """

    k: float
    l: float  # noqa: E741 - Richardson's own symbol
    a: float
    b: float
    g: float = 0.0
    h: float = 0.0

    def __post_init__(self) -> None:
        for name in ("k", "l", "a", "b"):
            object.__setattr__(self, name, check_nonnegative(getattr(self, name), name))
        for name in ("g", "h"):
            object.__setattr__(self, name, check_real(getattr(self, name), name))

    @property
    def matrix(self) -> NDArray[np.float64]:
        """The linear part :math:`M = [[-a, k], [l, -b]]`."""
        return np.array([[-self.a, self.k], [self.l, -self.b]])

    @property
    def grievances(self) -> NDArray[np.float64]:
        """The constant part :math:`(g, h)`."""
        return np.array([self.g, self.h])


def _as_params(params: Any) -> RichardsonParams:
    if not isinstance(params, RichardsonParams):
        raise TypeError(f"params must be RichardsonParams, got {type(params).__name__}")
    return params


def is_stable(params: RichardsonParams) -> bool:
    r"""Whether the arms race settles to its equilibrium: :math:`a b > k l`.

    Parameters
    ----------
    params : RichardsonParams

    Returns
    -------
    bool

    Raises
    ------
    TypeError
        If ``params`` is not :class:`RichardsonParams`.

    Notes
    -----
    From the literature (Richardson 1960). The Jacobian is the constant
    matrix :math:`M = \begin{pmatrix} -a & k \\ l & -b \end{pmatrix}` with
    trace :math:`\tau = -(a + b)` and determinant :math:`\Delta = ab - kl`.
    Its eigenvalues are

    .. math::

        \lambda_\pm = \tfrac12\left[-(a+b) \pm \sqrt{(a-b)^2 + 4kl}\,\right],

    real because :math:`kl \ge 0`. The larger, :math:`\lambda_+`, is
    negative iff :math:`\sqrt{(a-b)^2 + 4kl} < a + b`, i.e. (squaring both
    non-negative sides) iff :math:`(a-b)^2 + 4kl < (a+b)^2`, i.e. iff
    :math:`kl < ab`. So the equilibrium attracts every trajectory when
    fatigue outweighs reaction (:math:`ab > kl`); otherwise arms run away
    (or, at :math:`ab = kl`, drift without a unique rest point).

    Examples
    --------
    >>> is_stable(RichardsonParams(k=0.5, l=0.5, a=1, b=1))
    True
    >>> is_stable(RichardsonParams(k=2, l=1, a=1, b=1))
    False

    References
    ----------
    [richardson1960arms]
    """
    p = _as_params(params)
    return p.a * p.b > p.k * p.l


def eigenvalues(params: RichardsonParams) -> NDArray[np.float64]:
    """Eigenvalues of the model's Jacobian, ascending (always real).

    Parameters
    ----------
    params : RichardsonParams

    Returns
    -------
    numpy.ndarray
        ``[lambda_minus, lambda_plus]``.

    Raises
    ------
    TypeError
        If ``params`` is not :class:`RichardsonParams`.

    Notes
    -----
    Closed form derived in :func:`is_stable` (from the literature).

    Examples
    --------
    >>> eigenvalues(RichardsonParams(k=1, l=1, a=2, b=2))
    array([-3., -1.])

    References
    ----------
    [richardson1960arms]
    """
    p = _as_params(params)
    root = np.sqrt((p.a - p.b) ** 2 + 4.0 * p.k * p.l)
    return np.array([-(p.a + p.b) - root, -(p.a + p.b) + root]) / 2.0


def equilibrium(params: RichardsonParams) -> tuple[float, float]:
    r"""The rest point :math:`(x^*, y^*)` where both arms levels stop changing.

    Parameters
    ----------
    params : RichardsonParams

    Returns
    -------
    tuple of float

    Raises
    ------
    TypeError
        If ``params`` is not :class:`RichardsonParams`.
    ValueError
        If :math:`ab = kl`: then there is no unique equilibrium.

    Notes
    -----
    From the literature (Richardson 1960). Setting both derivatives to zero:

    .. math::

        x^* = \frac{b g + k h}{ab - kl}, \qquad y^* = \frac{l g + a h}{ab - kl}.

    It exists whenever :math:`ab \ne kl` but attracts trajectories only when
    :func:`is_stable`; in the unstable case it is a saddle that arms move
    away from.

    Examples
    --------
    >>> equilibrium(RichardsonParams(k=1, l=1, a=2, b=2, g=1, h=1))
    (1.0, 1.0)

    References
    ----------
    [richardson1960arms]
    """
    p = _as_params(params)
    det = p.a * p.b - p.k * p.l
    if np.isclose(det, 0.0, rtol=0.0, atol=1e-12 * max(1.0, p.a * p.b, p.k * p.l)):
        raise ValueError("params has a*b == k*l: the model has no unique equilibrium")
    x, y = (p.b * p.g + p.k * p.h) / det, (p.l * p.g + p.a * p.h) / det
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ValueError(
            "params has a*b - k*l so close to zero that the equilibrium is beyond floating point"
        )
    return (x, y)


def simulate(
    params: RichardsonParams,
    x0: float,
    y0: float,
    t_max: float = 20.0,
    n_points: int = 201,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    r"""Arms levels over time, computed exactly with a matrix exponential.

    Parameters
    ----------
    params : RichardsonParams
    x0, y0 : float
        Initial arms levels.
    t_max : float
        Final time (> 0).
    n_points : int
        Number of equally spaced time points (≥ 2), including 0 and ``t_max``.

    Returns
    -------
    t, x, y : numpy.ndarray
        Times and the two arms levels.

    Raises
    ------
    TypeError, ValueError
        If ``params`` is not :class:`RichardsonParams`, ``x0``/``y0`` are
        not finite numbers, ``t_max`` is not positive, or ``n_points`` is not
        an integer ≥ 2.

    Notes
    -----
    The model is linear, so with :math:`z = (x, y, 1)` it is
    :math:`\dot z = A z` with :math:`A = \begin{pmatrix} M & c \\ 0 & 0
    \end{pmatrix}`, :math:`c = (g, h)`, and :math:`z(t) = e^{At} z(0)`. This
    is exact (up to rounding) for every parameter set, including
    :math:`ab = kl`, where the usual formula through the equilibrium fails.

    Examples
    --------
    Claim C6: X starts ten times more armed than Y, but with no grievance
    and mild reactions both wind down together.

    >>> t, x, y = simulate(RichardsonParams(k=0.2, l=0.2, a=1, b=1), x0=10, y0=1, t_max=30)
    >>> bool(x[-1] < 1e-3 and y[-1] < 1e-3)
    True

    References
    ----------
    [richardson1960arms]
    """
    p = _as_params(params)
    start = np.array([check_real(x0, "x0"), check_real(y0, "y0"), 1.0])
    t_end = check_positive(t_max, "t_max")
    n = _count(n_points, "n_points")
    a = np.zeros((3, 3))
    a[:2, :2] = p.matrix
    a[:2, 2] = p.grievances
    t = np.linspace(0.0, t_end, n)
    with np.errstate(over="ignore", invalid="ignore"):
        z = expm(a[None, :, :] * t[:, None, None]) @ start  # one stacked call
    if not np.all(np.isfinite(z)):
        raise ValueError(
            f"the race grows beyond floating point before t_max={t_end:g}: choose a shorter t_max"
        )
    return t, z[:, 0], z[:, 1]


def _count(value: Any, name: str) -> int:
    return check_integer(value, name, minimum=2, maximum=MAX_POINTS)
