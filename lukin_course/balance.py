"""Structural balance of signed networks (Heider 1946; Cartwright & Harary 1956).

A signed network of ``n`` actors is a symmetric matrix of ties: +1 for amity,
-1 for enmity (the diagonal is ignored). Heider called a triad *balanced* when the
product of its three signs is positive: "the enemy of my enemy is my friend".
Cartwright and Harary showed that a complete signed network is balanced, meaning
every triad (indeed every cycle) is positive, exactly when the actors split into at
most two factions, friendly within and hostile between.

Everything here is from the literature; none of it is this course's own model.
Networks of up to 200 actors are accepted (1.3 million triads); a larger one is
refused with a ``ValueError`` rather than left to exhaust the memory.

Examples
--------
Around 1969 the triangle of the United States, the USSR and China (rows in that
order) had every tie hostile, which is unbalanced; Nixon's opening to China made it
balanced:

>>> from lukin_course.balance import is_balanced
>>> is_balanced([[0, -1, -1], [-1, 0, -1], [-1, -1, 0]])
False
>>> is_balanced([[0, -1, 1], [-1, 0, -1], [1, -1, 0]])
True
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from itertools import combinations
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import as_sign_matrix

__all__ = [
    "MAX_EXACT_ACTORS",
    "balance_index",
    "factions",
    "frustration",
    "imbalanced_triads",
    "is_balanced",
    "triad_census",
]

#: Largest network for which :func:`frustration` enumerates all bipartitions.
MAX_EXACT_ACTORS = 20

_CENSUS_KEYS = ("+++", "++-", "+--", "---")


def _signs(signs: ArrayLike) -> NDArray[np.int_]:
    return as_sign_matrix(signs, "signs", min_size=3)


def _check_labels(labels: Any, n: int) -> list[Any]:
    """Return ``labels`` as a list of ``n`` distinct hashable names."""
    if isinstance(labels, (str, bytes)) or not isinstance(labels, Sequence):
        raise TypeError(f"labels must be a sequence of names, got {type(labels).__name__}")
    names = list(labels)
    if len(names) != n:
        raise ValueError(f"labels must name all {n} actors, got {len(names)} labels")
    if not all(isinstance(name, Hashable) for name in names) or len(set(names)) != n:
        raise ValueError("labels must be distinct, hashable names")
    return names


def _triads(n: int) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.intp]]:
    """Index arrays (i, j, k), i < j < k, of all triads in lexicographic order."""
    idx = np.array(list(combinations(range(n), 3)), dtype=np.intp).reshape(-1, 3)
    return idx[:, 0], idx[:, 1], idx[:, 2]


def _split(sigma: NDArray[np.int_], labels: Any) -> tuple[list[Any], list[Any]]:
    """Two lists of actors from a ±1 colouring; actor 0's side comes first."""
    n = sigma.size
    names = list(range(n)) if labels is None else _check_labels(labels, n)
    first = sigma == sigma[0]
    return [names[i] for i in range(n) if first[i]], [names[i] for i in range(n) if not first[i]]


def _two_colouring(s: NDArray[np.int_]) -> NDArray[np.int_]:
    """The colouring sigma_i = s_0i (sigma_0 = +1) that a balanced network must have."""
    sigma = s[0].copy()
    sigma[0] = 1
    return sigma


def is_balanced(signs: ArrayLike) -> bool:
    """Whether every triad of the signed network is balanced.

    Parameters
    ----------
    signs : array_like, shape (n, n)
        Symmetric matrix of ties, +1 (amity) or -1 (enmity) off the diagonal; n >= 3.

    Returns
    -------
    bool
        True when the product of the signs around every triad is +1.

    Raises
    ------
    ValueError
        If ``signs`` is not a symmetric square ±1 matrix of at least 3 actors.

    Notes
    -----
    From the literature. By the structure theorem of Cartwright and Harary a complete
    signed graph is balanced iff there is a colouring :math:`\\sigma_i = \\pm 1` with
    :math:`s_{ij} = \\sigma_i \\sigma_j` for all :math:`i \\ne j`. Such a colouring must
    have :math:`\\sigma_i = s_{0i}` (taking :math:`\\sigma_0 = +1`), so the test takes
    :math:`O(n^2)` steps rather than checking all :math:`\\binom{n}{3}` triads.

    References
    ----------
    [heider1946attitudes], [cartwright1956structural]

    Examples
    --------
    >>> is_balanced([[0, 1, 1], [1, 0, 1], [1, 1, 0]])
    True
    >>> is_balanced([[0, 1, 1], [1, 0, -1], [1, -1, 0]])
    False
    """
    s = _signs(signs)
    sigma = _two_colouring(s)
    expected = np.outer(sigma, sigma)
    off = ~np.eye(s.shape[0], dtype=bool)
    return bool(np.array_equal(s[off], expected[off]))


def triad_census(signs: ArrayLike) -> dict[str, int]:
    """Count the triads of each sign type.

    Parameters
    ----------
    signs : array_like, shape (n, n)
        Symmetric ±1 matrix of ties; n >= 3.

    Returns
    -------
    dict of str to int
        Keys ``"+++"``, ``"++-"``, ``"+--"``, ``"---"``: the number of triads with
        three, two, one and no friendly ties. The balanced types are ``"+++"`` and
        ``"+--"``. The counts sum to :math:`\\binom{n}{3}`.

    Raises
    ------
    ValueError
        If ``signs`` is not a symmetric square ±1 matrix of at least 3 actors.

    Notes
    -----
    From the literature: Heider's classification of triads by the signs of their ties.

    References
    ----------
    [heider1946attitudes], [antal2005dynamics]

    Examples
    --------
    >>> triad_census([[0, 1, -1, -1], [1, 0, -1, -1], [-1, -1, 0, 1], [-1, -1, 1, 0]])
    {'+++': 0, '++-': 0, '+--': 4, '---': 0}
    """
    s = _signs(signs)
    i, j, k = _triads(s.shape[0])
    positives = (s[i, j] > 0).astype(int) + (s[j, k] > 0) + (s[i, k] > 0)
    counts = np.bincount(positives, minlength=4)
    return {key: int(counts[3 - m]) for m, key in enumerate(_CENSUS_KEYS)}


def balance_index(signs: ArrayLike) -> float:
    """Share of the triads that are balanced.

    Parameters
    ----------
    signs : array_like, shape (n, n)
        Symmetric ±1 matrix of ties; n >= 3.

    Returns
    -------
    float
        (number of ``"+++"`` and ``"+--"`` triads) / :math:`\\binom{n}{3}`, in [0, 1];
        1.0 exactly when the network is balanced.

    Raises
    ------
    ValueError
        If ``signs`` is not a symmetric square ±1 matrix of at least 3 actors.

    Notes
    -----
    From the literature: the triangle (triad) index of balance, the degree of balance
    measured over 3-cycles as proposed by Cartwright and Harary.

    References
    ----------
    [cartwright1956structural]

    Examples
    --------
    >>> round(balance_index([[0, 1, 1, 1], [1, 0, 1, 1], [1, 1, 0, -1], [1, 1, -1, 0]]), 3)
    0.5
    """
    census = triad_census(signs)
    total = sum(census.values())
    return (census["+++"] + census["+--"]) / total


def _best_partition(s: NDArray[np.int_]) -> tuple[NDArray[np.int_], int]:
    """Exact minimum-disagreement colouring by enumerating all bipartitions.

    The number of ties that disagree with a colouring sigma is
    ``(m - sigma' S sigma / 2) / 2`` with ``m = n (n - 1) / 2``. Splitting sigma into a
    head ``a`` (actor 0 fixed at +1) and a tail ``b`` gives
    ``sigma' S sigma = a' S_aa a + b' S_bb b + 2 a' S_ab b``, so all ``2**(n-1)`` values
    come from one matrix product of size ``2**(h-1) x 2**(n-h)``.
    """
    n = s.shape[0]
    h = n // 2
    sf = s.astype(float)

    def patterns(bits: int) -> NDArray[np.float64]:
        codes = np.arange(2**bits)[:, None] >> np.arange(bits)[None, :]
        return np.where(codes & 1, -1.0, 1.0)

    a = np.hstack([np.ones((2 ** (h - 1), 1)), patterns(h - 1)])  # actor 0 on side +1
    b = patterns(n - h)
    s_aa, s_bb, s_ab = sf[:h, :h], sf[h:, h:], sf[:h, h:]
    qa = np.einsum("pi,ij,pj->p", a, s_aa, a)
    qb = np.einsum("pi,ij,pj->p", b, s_bb, b)
    quad = qa[:, None] + qb[None, :] + 2.0 * (a @ s_ab @ b.T)
    best = int(np.argmax(quad))
    ia, ib = divmod(best, quad.shape[1])
    sigma = np.concatenate([a[ia], b[ib]]).astype(int)
    m = n * (n - 1) // 2
    flips = round((m - float(quad[ia, ib]) / 2.0) / 2.0)
    return sigma, flips


def _check_exact_size(s: NDArray[np.int_]) -> None:
    n = s.shape[0]
    if n > MAX_EXACT_ACTORS:
        raise ValueError(
            f"signs has {n} actors; exact enumeration of bipartitions is limited to "
            f"{MAX_EXACT_ACTORS} actors (2**{n - 1} partitions would be too many)"
        )


def frustration(signs: ArrayLike) -> int:
    """Exact minimum number of ties whose sign must flip to make the network balanced.

    Parameters
    ----------
    signs : array_like, shape (n, n)
        Symmetric ±1 matrix of ties; 3 <= n <= ``MAX_EXACT_ACTORS`` (20).

    Returns
    -------
    int
        The frustration (line index of balance); 0 exactly when the network is balanced.

    Raises
    ------
    ValueError
        If ``signs`` is not a symmetric square ±1 matrix of at least 3 actors, or has
        more than ``MAX_EXACT_ACTORS`` actors.

    Notes
    -----
    From the literature. A balanced network is a two-colouring
    :math:`s_{ij} = \\sigma_i \\sigma_j`, so the frustration is
    :math:`\\min_{\\sigma} \\#\\{i<j : s_{ij} \\ne \\sigma_i \\sigma_j\\}`: flipping the ties
    that disagree with the best colouring balances the network, and no smaller set of
    flips can. All :math:`2^{n-1}` colourings are enumerated (vectorised), which is
    exact but exponential, hence the size limit.

    References
    ----------
    [cartwright1956structural]

    Examples
    --------
    All-hostile networks: three actors need one reconciliation, four need two.

    >>> import numpy as np
    >>> frustration(-np.ones((3, 3)))
    1
    >>> frustration(-np.ones((4, 4)))
    2
    """
    s = _signs(signs)
    _check_exact_size(s)
    return _best_partition(s)[1]


def factions(signs: ArrayLike, labels: Sequence[Any] | None = None) -> tuple[list[Any], list[Any]]:
    """The two factions of the network (the second may be empty).

    Parameters
    ----------
    signs : array_like, shape (n, n)
        Symmetric ±1 matrix of ties; n >= 3 (n <= ``MAX_EXACT_ACTORS`` when unbalanced).
    labels : sequence, optional
        Distinct names of the n actors, in row order. By default actors are named by
        their row index.

    Returns
    -------
    tuple of two lists
        The faction containing actor 0 first, then the rest, each in row order.
        For a balanced network these are its Cartwright-Harary factions (unique). For an
        unbalanced network they are a partition attaining the :func:`frustration`: the
        split that needs the fewest sign flips (friendly within, hostile between) to
        become exact. When several partitions tie, the first one found is returned.

    Raises
    ------
    ValueError
        If ``signs`` is not a valid sign matrix, if it is unbalanced with more than
        ``MAX_EXACT_ACTORS`` actors, or if ``labels`` has the wrong length or repeats.
    TypeError
        If ``labels`` is not a sequence.

    Notes
    -----
    From the literature: the structure theorem of Cartwright and Harary (balanced iff
    the actors split into at most two mutually hostile, internally friendly groups).

    References
    ----------
    [cartwright1956structural]

    Examples
    --------
    >>> signs = [[0, 1, -1], [1, 0, -1], [-1, -1, 0]]
    >>> factions(signs, labels=["Russia", "China", "United States"])
    (['Russia', 'China'], ['United States'])
    >>> factions([[0, 1, 1], [1, 0, 1], [1, 1, 0]])
    ([0, 1, 2], [])
    """
    s = _signs(signs)
    if labels is not None:
        _check_labels(labels, s.shape[0])
    sigma = _two_colouring(s)
    off = ~np.eye(s.shape[0], dtype=bool)
    if not np.array_equal(s[off], np.outer(sigma, sigma)[off]):
        _check_exact_size(s)
        sigma = _best_partition(s)[0]
    return _split(sigma, labels)


def imbalanced_triads(signs: ArrayLike) -> list[tuple[int, int, int]]:
    """All imbalanced triads, as index triples ``(i, j, k)`` with ``i < j < k``.

    Parameters
    ----------
    signs : array_like, shape (n, n)
        Symmetric ±1 matrix of ties; n >= 3.

    Returns
    -------
    list of tuple of int
        Triads whose sign product is -1 (types ``"++-"`` and ``"---"``), in
        lexicographic order; empty exactly when the network is balanced.

    Raises
    ------
    ValueError
        If ``signs`` is not a symmetric square ±1 matrix of at least 3 actors.

    Notes
    -----
    From the literature: Heider's criterion, a triad is balanced when the product of its
    signs is positive.

    References
    ----------
    [heider1946attitudes]

    Examples
    --------
    >>> imbalanced_triads([[0, 1, 1, -1], [1, 0, 1, 1], [1, 1, 0, 1], [-1, 1, 1, 0]])
    [(0, 1, 3), (0, 2, 3)]
    """
    s = _signs(signs)
    i, j, k = _triads(s.shape[0])
    bad = s[i, j] * s[j, k] * s[i, k] < 0
    return [(int(a), int(b), int(c)) for a, b, c in zip(i[bad], j[bad], k[bad], strict=True)]
