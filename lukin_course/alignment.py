"""2×2 alignment games between Russia and China under outside pressure.

**This course's own teaching model, built on Snyder (1984).** Each of Russia (row
player) and China (column player) chooses to ``"align"`` with the other or to
``"hedge"`` (keep its options open with the leading power). Snyder's alliance
security dilemma supplies the two costs of commitment: *abandonment* (you commit,
the partner does not) and *entrapment* (a firm commitment drags you into the
partner's quarrels). Outside pressure ``p >= 0`` (dimensionless; about 0–1 is the
interesting range with the defaults) raises the value of a joint counterweight.

Payoffs of the row player (the game is symmetric, ``B = A.T``)::

                    partner aligns          partner hedges
    align     R = b p - e                S = b p / 2 - a
    hedge     T = t                      P = 0

``b`` benefit of a joint counterweight per unit of pressure, ``e`` entrapment cost,
``a`` abandonment cost (aligning alone still earns half the counterweight),
``t`` temptation: the value of keeping Western options while the partner commits.
A cost of pressure borne in every outcome would shift all four payoffs alike and
leave the ordinal game unchanged, so it is left out.

As ``p`` rises the game moves through the classic types named by Oye (1985) and
ordered as in Rapoport & Guyer (1966): with the defaults deadlock → prisoner's
dilemma → stag hunt → harmony. When abandonment is cheap (``2a < t + e``) the
middle stage is chicken instead of stag hunt.

The general 2×2 analysis is from the literature: Rapoport and Guyer (1966) sorted
the strict ordinal 2×2 games by the order of their payoffs, and Oye (1985) brought the
names of the symmetric ones into international relations. :func:`game_type` reads
that name off a symmetric game whose first strategy is the cooperative one, and
:func:`equilibria` lists a game's Nash equilibria by support enumeration (nashpy).
Both accept a ``nashpy.Game``, a single 2×2 row matrix (the game is then symmetric,
``B = A.T``) or a pair ``(A, B)``.

References
----------
[snyder1984security] [rapoport1966taxonomy] [oye1985explaining] [knight2018nashpy]
"""

from __future__ import annotations

import itertools
from typing import Any

import nashpy as nash
import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import as_finite_array, check_nonnegative, check_positive

__all__ = [
    "GAME_TYPES",
    "STRATEGIES",
    "alignment_game",
    "alignment_payoffs",
    "equilibria",
    "game_type",
    "game_types_over_pressure",
    "pressure_thresholds",
    "type_transitions",
]

#: The ordinal types :func:`game_type` can return.
GAME_TYPES = ("prisoners_dilemma", "stag_hunt", "chicken", "harmony", "deadlock", "other")


def _matrices(game: Any) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    if isinstance(game, nash.Game):
        a, b = game.payoff_matrices
        return np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    arr = as_finite_array(game, "game")
    if arr.shape == (2, 2):
        return arr, arr.T.copy()
    if arr.shape == (2, 2, 2):
        return arr[0], arr[1]
    raise ValueError(
        "game must be a nashpy.Game, a 2x2 row matrix or a pair (A, B) of 2x2 matrices, "
        f"got shape {arr.shape}"
    )


def game_type(game_or_matrices: nash.Game | ArrayLike) -> str:
    """Ordinal type of a symmetric 2×2 game whose first strategy is the cooperative one.

    Parameters
    ----------
    game_or_matrices : nashpy.Game, 2×2 array or pair of 2×2 arrays
        A single matrix is the row player's payoffs of a symmetric game (``B = A.T``).

    Returns
    -------
    str
        With ``R, S, T, P = A[0,0], A[0,1], A[1,0], A[1,1]`` (strict inequalities):
        ``"prisoners_dilemma"`` T > R > P > S; ``"stag_hunt"`` R > T > P > S;
        ``"chicken"`` T > R > S > P; ``"deadlock"`` T > P > R > S;
        ``"harmony"`` R > T, S > P and R > S (aligning dominates and pays best);
        otherwise (including ties) ``"other"``.

    Raises
    ------
    ValueError
        If the matrices are not 2×2, contain NaN, or the game is not symmetric.
    TypeError
        If the input is not numeric.

    Notes
    -----
    From the literature: the ordinal classification of strict 2×2 games of
    Rapoport & Guyer (1966), with the names used in international relations by
    Oye (1985). Only the order of the payoffs matters. The names assume the
    cooperative strategy (``"align"``) comes first.

    References
    ----------
    [rapoport1966taxonomy], [oye1985explaining]

    Examples
    --------
    >>> game_type([[3, 0], [5, 1]])  # T=5 > R=3 > P=1 > S=0
    'prisoners_dilemma'
    >>> game_type([[4, 2], [3, 1]])  # R=4 > T=3 > S=2 > P=1
    'harmony'
    >>> from lukin_course.alignment import alignment_game
    >>> game_type(alignment_game(1.0))
    'harmony'
    """
    a, b = _matrices(game_or_matrices)
    if not np.allclose(b, a.T, rtol=0.0, atol=1e-12):
        raise ValueError("game must be symmetric: the column player's matrix must equal A.T")
    r, s, t, p = a[0, 0], a[0, 1], a[1, 0], a[1, 1]
    if t > r > p > s:
        return "prisoners_dilemma"
    if r > t > p > s:
        return "stag_hunt"
    if t > r > s > p:
        return "chicken"
    if t > p > r > s:
        return "deadlock"
    if r > t and s > p and r > s:
        return "harmony"
    return "other"


def equilibria(
    game: nash.Game | ArrayLike,
) -> list[tuple[NDArray[np.float64], NDArray[np.float64]]]:
    """All Nash equilibria ``(sigma_russia, sigma_china)`` by support enumeration.

    Parameters
    ----------
    game : nashpy.Game, 2×2 array or pair of 2×2 arrays
        As in :func:`game_type` (a single matrix means ``B = A.T``); need not be symmetric.

    Returns
    -------
    list of tuple of ndarray
        Mixed strategies over ``("align", "hedge")`` for each player.

    Raises
    ------
    ValueError, TypeError
        For matrices of the wrong shape or with NaN.

    Notes
    -----
    From the literature: support enumeration as implemented by nashpy. For a
    degenerate game (tied payoffs) nashpy warns and the list may be incomplete.

    References
    ----------
    [knight2018nashpy]

    Examples
    --------
    >>> [(s.tolist(), c.tolist()) for s, c in equilibria([[3, 0], [5, 1]])]
    [([0.0, 1.0], [0.0, 1.0])]
    """
    a, b = _matrices(game)
    return [(np.asarray(s), np.asarray(c)) for s, c in nash.Game(a, b).support_enumeration()]


#: The two strategies of each player, in the order of the payoff matrices' rows and columns.
STRATEGIES = ("align", "hedge")


def _costs(
    abandonment: Any, entrapment: Any, benefit: Any, temptation: Any
) -> tuple[float, float, float, float]:
    """Check the payoff parameters once; return ``(a, e, b, t)``."""
    return (
        check_nonnegative(abandonment, "abandonment"),
        check_nonnegative(entrapment, "entrapment"),
        check_positive(benefit, "benefit"),
        check_nonnegative(temptation, "temptation"),
    )


def alignment_payoffs(
    pressure: float,
    abandonment: float = 1.5,
    entrapment: float = 0.5,
    benefit: float = 4.0,
    temptation: float = 1.0,
) -> dict[str, float]:
    """The four payoffs ``R, S, T, P`` of the row player at a given pressure.

    Parameters
    ----------
    pressure : float
        Outside pressure, >= 0.
    abandonment, entrapment, temptation : float
        Snyder's abandonment and entrapment costs and the temptation to hedge, >= 0.
    benefit : float
        Value of a joint counterweight per unit of pressure, > 0.

    Returns
    -------
    dict
        ``{"R": b p - e, "S": b p/2 - a, "T": t, "P": 0}``.

    Raises
    ------
    ValueError, TypeError
        For a negative or non-finite value (or a non-positive ``benefit``).

    Notes
    -----
    This course's own teaching model built on Snyder's alliance security dilemma.
    Defaults are illustrative, not estimated.

    References
    ----------
    [snyder1984security]

    Examples
    --------
    >>> alignment_payoffs(0.5)
    {'R': 1.5, 'S': -0.5, 'T': 1.0, 'P': 0.0}
    """
    p = check_nonnegative(pressure, "pressure")
    a, e, b, t = _costs(abandonment, entrapment, benefit, temptation)
    return {"R": b * p - e, "S": b * p / 2 - a, "T": t, "P": 0.0}


def alignment_game(
    pressure: float,
    abandonment: float = 1.5,
    entrapment: float = 0.5,
    benefit: float = 4.0,
    temptation: float = 1.0,
) -> nash.Game:
    """The symmetric 2×2 alignment game (rows Russia, columns China; align, hedge).

    Parameters
    ----------
    pressure, abandonment, entrapment, benefit, temptation : float
        As in :func:`alignment_payoffs`.

    Returns
    -------
    nashpy.Game
        Row matrix ``A = [[R, S], [T, P]]`` and column matrix ``B = A.T``.

    Raises
    ------
    ValueError, TypeError
        As :func:`alignment_payoffs`.

    Notes
    -----
    This course's own teaching model built on Snyder (1984); solved with nashpy.

    References
    ----------
    [snyder1984security], [knight2018nashpy]

    Examples
    --------
    >>> game = alignment_game(0.5)
    >>> game.payoff_matrices[0]
    array([[ 1.5, -0.5],
           [ 1. ,  0. ]])
    """
    pay = alignment_payoffs(pressure, abandonment, entrapment, benefit, temptation)
    a = np.array([[pay["R"], pay["S"]], [pay["T"], pay["P"]]])
    return nash.Game(a, a.T)


def game_types_over_pressure(pressures: ArrayLike, **params: float) -> list[str]:
    """The game type at each pressure in ``pressures``.

    Parameters
    ----------
    pressures : 1-D array-like
        Pressures, each >= 0.
    **params : float
        ``abandonment``, ``entrapment``, ``benefit``, ``temptation`` as in
        :func:`alignment_game`.

    Returns
    -------
    list of str
        One of ``GAME_TYPES`` per pressure.

    Raises
    ------
    ValueError, TypeError
        For a non-1-D or negative ``pressures``, NaN, or a bad or unknown parameter.

    Notes
    -----
    This course's own teaching model classified as in Rapoport & Guyer (1966).

    References
    ----------
    [snyder1984security], [rapoport1966taxonomy]

    Examples
    --------
    >>> game_types_over_pressure([0.0, 0.25, 0.5, 1.0])
    ['deadlock', 'prisoners_dilemma', 'stag_hunt', 'harmony']
    """
    arr = as_finite_array(pressures, "pressures", ndim=1)
    if np.any(arr < 0):
        raise ValueError("pressures must be non-negative")
    return [game_type(alignment_game(float(p), **params)) for p in arr]


def pressure_thresholds(
    abandonment: float = 1.5,
    entrapment: float = 0.5,
    benefit: float = 4.0,
    temptation: float = 1.0,
) -> dict[str, float]:
    """Closed-form pressures at which the payoff inequalities switch.

    Parameters
    ----------
    abandonment, entrapment, benefit, temptation : float
        As in :func:`alignment_game`.

    Returns
    -------
    dict of str to float
        For each inequality the pressure above which it holds (a negative value
        means it holds at every ``p >= 0``): ``"R>P"`` ``e/b``, ``"R>T"``
        ``(t + e)/b``, ``"S>P"`` ``2a/b``, ``"R>S"`` ``2(e - a)/b``, ``"S>T"``
        ``2(t + a)/b``. (``T > P`` does not depend on pressure; it holds iff ``t > 0``.)

    Raises
    ------
    ValueError, TypeError
        For a negative or non-finite value or a non-positive ``benefit``.

    Notes
    -----
    This course's own teaching model: each payoff is linear in ``p`` (slopes ``b``,
    ``b/2``, 0, 0), so each pair crosses once. With the defaults: deadlock below
    ``e/b``, prisoner's dilemma up to ``(t + e)/b``, stag hunt up to ``2a/b``, then harmony.

    References
    ----------
    [snyder1984security], [rapoport1966taxonomy]

    Examples
    --------
    >>> pressure_thresholds()
    {'R>P': 0.125, 'R>T': 0.375, 'S>P': 0.75, 'R>S': -0.5, 'S>T': 1.25}
    """
    a, e, b, t = _costs(abandonment, entrapment, benefit, temptation)
    return {
        "R>P": e / b,
        "R>T": (t + e) / b,
        "S>P": 2 * a / b,
        "R>S": 2 * (e - a) / b,
        "S>T": 2 * (t + a) / b,
    }


def type_transitions(p_max: float = 2.0, **params: float) -> list[tuple[float, str, str]]:
    """Pressures in ``(0, p_max)`` where the game type changes, from the closed form.

    Parameters
    ----------
    p_max : float, default 2.0
        Upper end of the pressure range (> 0).
    **params : float
        As in :func:`pressure_thresholds`.

    Returns
    -------
    list of (float, str, str)
        ``(pressure, type below, type above)`` in increasing pressure.

    Raises
    ------
    ValueError, TypeError
        For a bad ``p_max`` or parameter.

    Notes
    -----
    This course's own teaching model. The type can only change where two payoffs
    cross (:func:`pressure_thresholds`), so it is read off between those points.

    References
    ----------
    [snyder1984security], [rapoport1966taxonomy]

    Examples
    --------
    >>> for p, before, after in type_transitions():
    ...     print(p, before, after)
    0.125 deadlock prisoners_dilemma
    0.375 prisoners_dilemma stag_hunt
    0.75 stag_hunt harmony
    """
    p_max = check_positive(p_max, "p_max")
    cuts = sorted({c for c in pressure_thresholds(**params).values() if 0.0 < c < p_max})
    edges = [0.0, *cuts, p_max]
    mids = [(lo + hi) / 2 for lo, hi in itertools.pairwise(edges)]
    types = game_types_over_pressure(mids, **params)
    return [(cut, types[i], types[i + 1]) for i, cut in enumerate(cuts) if types[i] != types[i + 1]]
