"""Ordinal types and Nash equilibria of 2×2 games (Rapoport & Guyer 1966; Oye 1985).

**From the literature.** Rapoport and Guyer (1966) sorted the strict ordinal 2×2
games by the order of their payoffs; Oye (1985) brought the names of the symmetric
ones into international relations. :func:`game_type` reads that name off a
symmetric game whose first strategy is the cooperative one, and :func:`equilibria`
lists a game's Nash equilibria by support enumeration (nashpy). Both accept a
``nashpy.Game``, a single 2×2 row matrix (the game is then symmetric,
``B = A.T``) or a pair ``(A, B)``.

The course applies them to the alignment games of :mod:`lukin_course.alignment`,
which re-exports every public name here.

References
----------
[rapoport1966taxonomy] [oye1985explaining] [knight2018nashpy]
"""

from __future__ import annotations

from typing import Any

import nashpy as nash
import numpy as np
from numpy.typing import NDArray

from ._validation import as_finite_array

__all__ = ["GAME_TYPES", "equilibria", "game_type"]

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


def game_type(game_or_matrices: Any) -> str:
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


def equilibria(game: Any) -> list[tuple[NDArray[np.float64], NDArray[np.float64]]]:
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
