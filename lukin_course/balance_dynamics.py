"""Dynamics of structural balance: how a network of relations moves towards factions.

Three models from the literature:

* Kułakowski, Gawroński & Gronek (2005) first proposed that real-valued relations
  change at the rate of their matrix product, :math:`\\dot r = r \\cdot r`, with the
  relations kept inside a range :math:`(-R, R)` (:func:`kulakowski`);
* Marvel, Kleinberg, Kleinberg & Strogatz (2011) took the same equation,
  :math:`\\dot X = X^2`, without the bound and solved it exactly: generic starts blow
  up in finite time into either universal friendship or two hostile factions
  (:func:`marvel_solution`, :func:`blow_up_time`, :func:`marvel_factions`,
  :func:`integrate_marvel`);
* Antal, Krapivsky & Redner (2005): ±1 ties flipped triad by triad
  (:func:`antal_krapivsky_redner`). In *local triad dynamics* (LTD) an imbalanced
  triad is picked at random and one of its ties flips: a triad with one hostile tie
  becomes all-friendly with probability ``p`` (otherwise one of its friendly ties
  turns hostile); an all-hostile triad always gains a friendly tie. In *constrained
  triad dynamics* (CTD) a random tie flips only if that does not increase the number
  of imbalanced triads (flips that leave it unchanged happen with probability 1/2),
  so the count never rises; CTD can stop in a *jammed* state, imbalanced yet with no
  allowed flip. The step loop works on plain Python integers (the imbalanced triads
  are the set bits of one integer), so a step costs a few microseconds.

Relation matrices have at most 200 actors and runs at most 100,000 output points;
the triad dynamics take at most :data:`AKR_MAX_ACTORS` actors and
:data:`AKR_MAX_STEPS` steps. Beyond a cap a call ends in a ``ValueError`` that names
the argument, so no call runs without end.

Examples
--------
>>> from lukin_course.balance_dynamics import blow_up_time
>>> blow_up_time([[0, 1, 1], [1, 0, 1], [1, 1, 0]])
0.5
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate, combinations
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.integrate import solve_ivp

from ._validation import (
    MAX_POINTS,
    as_rng,
    as_sign_matrix,
    as_square_matrix,
    check_choice,
    check_integer,
    check_nonnegative,
    check_positive,
    check_probability,
)
from .balance import factions

__all__ = [
    "AKR_MAX_ACTORS",
    "AKR_MAX_STEPS",
    "AKR_RULES",
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
    return check_integer(n_points, "n_points", minimum=2, maximum=MAX_POINTS)


def _symmetric(m: NDArray[Any]) -> NDArray[np.float64]:
    out: NDArray[np.float64] = 0.5 * (m + m.T)
    return out


def _before_blow_up(x: NDArray[np.float64], time: float, name: str) -> float:
    lam_max = float(np.linalg.eigvalsh(x)[-1])
    if time * lam_max >= 1.0 - 1e-12:
        raise ValueError(f"{name} must be before the blow-up time {1.0 / lam_max:.6g}, got {time}")
    return time


def blow_up_time(x0: ArrayLike) -> float:
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
    From the literature: the equation is Kułakowski et al.'s (2005) without their
    bound on the relations; Marvel et al. (2011) solved it exactly. In the
    eigenbasis of :math:`X_0` each eigenvalue obeys :math:`\\dot\\lambda = \\lambda^2`, so
    :math:`\\lambda(t) = \\lambda/(1 - t\\lambda)`, which diverges first for the largest one.

    References
    ----------
    [kulakowski2005heider] [marvel2011continuous]

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


def marvel_solution(x0: ArrayLike, t: ArrayLike) -> NDArray[np.float64]:
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
    From the literature (Marvel et al. 2011, who solved exactly the unbounded form
    of the dynamics proposed by Kułakowski et al. 2005). Differentiating
    :math:`X = X_0 (I - tX_0)^{-1}` gives :math:`\\dot X = X_0 (I - tX_0)^{-1} X_0
    (I - tX_0)^{-1} = X^2`, because :math:`X_0` commutes with :math:`(I - tX_0)^{-1}`.

    References
    ----------
    [kulakowski2005heider] [marvel2011continuous]

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


def marvel_factions(
    x0: ArrayLike, labels: Sequence[Any] | None = None
) -> tuple[list[Any], list[Any]]:
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
    # the all-balanced sign pattern of that colouring has exactly these two factions
    return factions(np.outer(sigma, sigma), labels)


def integrate_marvel(
    x0: ArrayLike, t_max: float, n_points: int = 200
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


#: The two update rules of Antal, Krapivsky & Redner (2005).
AKR_RULES = ("local", "constrained")
#: Most actors :func:`antal_krapivsky_redner` takes (each step's work grows as n³).
AKR_MAX_ACTORS = 64
#: Most steps :func:`antal_krapivsky_redner` takes in one call.
AKR_MAX_STEPS = 500_000


@dataclass(frozen=True)
class AKRResult:
    """Outcome of :func:`antal_krapivsky_redner`.

    Attributes
    ----------
    signs : ndarray, shape (n, n)
        Final symmetric ±1 matrix of ties (zero diagonal).
    steps : int
        Number of update steps taken (for ``"constrained"``, tie draws, flipped or not).
    balanced : bool
        Whether the final network is balanced.
    history : ndarray of int, shape (steps + 1,)
        Number of imbalanced triads before the first step and after each step.
    jammed : bool
        True when ``"constrained"`` dynamics stopped in an imbalanced state from which
        every single flip would add imbalanced triads.
    rule : str
        ``"local"`` or ``"constrained"``.
    """

    signs: NDArray[np.int_]
    steps: int
    balanced: bool
    history: NDArray[np.int_]
    jammed: bool = False
    rule: str = "local"

    @property
    def paradise(self) -> bool:
        """Whether every tie ended friendly ("paradise" in Antal et al.)."""
        off = ~np.eye(self.signs.shape[0], dtype=bool)
        return bool(np.all(self.signs[off] == 1))


class _Uniforms:
    """Uniform draws from a numpy Generator, fetched in batches.

    One ``Generator.random(size)`` call serves many steps: a step costs a list lookup
    instead of a numpy call. ``below(k)`` maps a uniform ``u`` to ``floor(u k)``, a
    uniform integer in ``[0, k)``.
    """

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.batch: list[float] = []
        self.used = 0
        self.size = 64  # doubled at each refill, so short runs draw little

    def uniform(self) -> float:
        if self.used == len(self.batch):
            self.batch = self.rng.random(self.size).tolist()
            self.used, self.size = 0, min(2 * self.size, 1 << 16)
        self.used += 1
        return self.batch[self.used - 1]

    def below(self, k: int) -> int:
        return min(int(self.uniform() * k), k - 1)  # min: guards rounding of u * k up to k


_POPCOUNT = bytes(bin(b).count("1") for b in range(256))  # set bits of each byte value
_POPCOUNT_ARRAY = np.frombuffer(_POPCOUNT, dtype=np.uint8).astype(np.int64)
_BIT_POSITIONS = tuple(tuple(i for i in range(8) if b >> i & 1) for b in range(256))


def _kth_bit(mask: int, k: int, size: int) -> int:
    """Position of the ``k``-th (from 0) set bit of ``mask`` (< 2**(8 size)), lowest first."""
    raw = mask.to_bytes(size, "little")
    if size > 64:  # long masks: count bits per byte with numpy instead of a Python loop
        below_np = np.cumsum(_POPCOUNT_ARRAY[np.frombuffer(raw, dtype=np.uint8)])
        i = int(np.searchsorted(below_np, k, side="right"))
        before = int(below_np[i - 1]) if i else 0
        return 8 * i + _BIT_POSITIONS[raw[i]][k - before]
    below = list(accumulate(raw.translate(_POPCOUNT)))  # set bits up to each byte
    i = bisect_right(below, k)
    return 8 * i + _BIT_POSITIONS[raw[i]][k - below[i - 1] if i else k]


class _Network:
    """Ties as a list over links; the imbalanced triads as the set bits of one integer.

    Triads are numbered in lexicographic order and links likewise, so the k-th set
    bit is the k-th imbalanced triad in the order ``np.flatnonzero`` lists them.
    """

    def __init__(self, signs: NDArray[np.int_]) -> None:
        n = signs.shape[0]
        self.n = n
        self.pairs = list(combinations(range(n), 2))
        link = {pair: k for k, pair in enumerate(self.pairs)}
        # the three links of each triad: (i, j), (j, k), (i, k)
        self.triads = [
            (link[i, j], link[j, k], link[i, k]) for i, j, k in combinations(range(n), 3)
        ]
        self.masks = [0] * len(self.pairs)  # the n - 2 triads on each link, as bits
        for t, links in enumerate(self.triads):
            for lk in links:
                self.masks[lk] |= 1 << t
        self.ties = [1 if signs[i, j] > 0 else -1 for i, j in self.pairs]
        ties = self.ties
        self.imbalanced = sum(
            1 << t for t, (a, b, c) in enumerate(self.triads) if ties[a] * ties[b] * ties[c] < 0
        )

    def matrix(self) -> NDArray[np.int_]:
        out = np.zeros((self.n, self.n), dtype=int)
        rows, cols = np.array(self.pairs, dtype=np.intp).T
        out[rows, cols] = self.ties
        return out + out.T


def _run_local(net: _Network, p: float, draws: _Uniforms, limit: int, history: list[int]) -> None:
    """Local triad dynamics until balance or ``limit`` steps, appending to ``history``.

    Each step draws the imbalanced triad, then for a triad with one hostile tie whether
    it is mended (probability ``p``), then the tie among the candidates.
    """
    below, uniform, kth = draws.below, draws.uniform, _kth_bit
    ties, masks, triads = net.ties, net.masks, net.triads
    size = (len(triads) + 7) // 8
    imbalanced, count, steps = net.imbalanced, history[-1], 0
    while count and steps < limit:
        links = triads[kth(imbalanced, below(count), size)]
        hostile = [lk for lk in links if ties[lk] < 0]
        if len(hostile) == 1 and uniform() >= p:  # "++-": a friendly tie turns hostile
            link = [lk for lk in links if ties[lk] > 0][below(2)]
        else:  # "---", or "++-" mended
            link = hostile[below(len(hostile))]
        ties[link] = -ties[link]
        imbalanced ^= masks[link]
        count = imbalanced.bit_count()
        history.append(count)
        steps += 1
    net.imbalanced = imbalanced


def _run_constrained(net: _Network, draws: _Uniforms, limit: int, history: list[int]) -> bool:
    """Constrained triad dynamics until balance, a jam or ``limit`` draws; True if jammed."""
    below, uniform = draws.below, draws.uniform
    ties, masks, side = net.ties, net.masks, net.n - 2
    imbalanced, steps = net.imbalanced, 0
    jammed = False
    while history[-1] and steps < limit:
        link = below(len(ties))
        # balanced minus imbalanced triads on the link: the fall in imbalance a flip brings
        change = side - 2 * (imbalanced & masks[link]).bit_count()
        if change < 0 or (change == 0 and uniform() < 0.5):
            ties[link] = -ties[link]
            imbalanced ^= masks[link]
        elif change > 0 and all(2 * (imbalanced & m).bit_count() < side for m in masks):
            jammed = True  # every flip would add imbalanced triads
            break
        history.append(imbalanced.bit_count())
        steps += 1
    net.imbalanced = imbalanced
    return jammed


def antal_krapivsky_redner(
    signs0: ArrayLike,
    p: float = 0.5,
    seed: Any = None,
    max_steps: int = 100_000,
    rule: str = "local",
) -> AKRResult:
    """Run the triad dynamics of Antal, Krapivsky & Redner until balance (or a limit).

    Parameters
    ----------
    signs0 : array_like, shape (n, n)
        Initial symmetric ±1 matrix of ties; n >= 3.
    p : float, default 0.5
        For ``rule="local"``: probability that a triad with one hostile tie is mended
        (hostile tie made friendly) rather than split (a friendly tie made hostile).
        Must lie in [0, 1]; not used by ``rule="constrained"``.
    seed : int, numpy.random.Generator or None
        Source of randomness; pass an int for reproducible runs.
    max_steps : int, default 100_000
        Maximum number of update steps.
    rule : {"local", "constrained"}
        Local triad dynamics (LTD) or constrained triad dynamics (CTD).

    Returns
    -------
    AKRResult
        Final signs, steps taken, whether balanced, and the history of the number of
        imbalanced triads (``history[0]`` is the initial count).

    Raises
    ------
    ValueError
        If ``signs0`` is not a valid sign matrix, ``p`` is outside [0, 1],
        ``max_steps`` or ``seed`` is negative, or ``rule`` is unknown.
    TypeError
        If ``p``, ``seed`` or ``max_steps`` has the wrong type.

    Notes
    -----
    From the literature (Antal, Krapivsky & Redner 2005). For :math:`p < 1/2` an
    *infinite* complete network under LTD never settles: it stays disordered with a
    density of friendly ties near :math:`\\rho_\\infty = 1/(1 + \\sqrt{3(1 - 2p)})`. A
    *finite* network always ends balanced, but for :math:`p < 1/2` only after a time
    that grows exponentially with its size; for :math:`p > 1/2` large networks end in
    "paradise" (all friendly). With
    :math:`p = 1` every LTD step turns a hostile tie friendly, so balance comes within
    as many steps as there are hostile ties. Under LTD the number of imbalanced triads
    can rise (a flip also changes the other :math:`n - 3` triads on its tie); under CTD
    it never rises, by construction.

    References
    ----------
    [antal2005dynamics]

    Examples
    --------
    >>> result = antal_krapivsky_redner(-np.ones((6, 6)), p=1.0, seed=1)
    >>> result.balanced
    True
    >>> bool(result.history[0]), int(result.history[-1])
    (True, 0)
    """
    s = as_sign_matrix(signs0, "signs0", min_size=3, max_size=AKR_MAX_ACTORS)
    prob = check_probability(p, "p")
    rng = as_rng(seed)
    limit = check_integer(max_steps, "max_steps", minimum=0, maximum=AKR_MAX_STEPS)
    check_choice(rule, "rule", AKR_RULES)
    net = _Network(s)
    draws = _Uniforms(rng)
    history = [net.imbalanced.bit_count()]
    jammed = False
    if rule == "local":
        _run_local(net, prob, draws, limit, history)
    else:
        jammed = _run_constrained(net, draws, limit, history)
    return AKRResult(
        signs=net.matrix(),
        steps=len(history) - 1,
        balanced=history[-1] == 0,
        history=np.asarray(history, dtype=int),
        jammed=jammed,
        rule=rule,
    )
