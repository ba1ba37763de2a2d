"""Triad dynamics of Antal, Krapivsky & Redner (2005): balance reached tie by tie.

Ties are ±1. In *local triad dynamics* (LTD) an imbalanced triad is picked at random
and one of its ties flips: a triad with one hostile tie becomes all-friendly with
probability ``p`` (otherwise one of its friendly ties turns hostile); an all-hostile
triad always gains a friendly tie. In *constrained triad dynamics* (CTD) a random tie
flips only if that does not increase the number of imbalanced triads (flips that leave
it unchanged happen with probability 1/2), so the count never rises; CTD can stop in
a *jammed* state, imbalanced yet with no allowed flip.

The functions are re-exported by :mod:`lukin_course.balance_dynamics`.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._validation import as_sign_matrix, check_choice, check_integer, check_probability

__all__ = ["AKR_RULES", "AKRResult", "antal_krapivsky_redner"]

#: The two update rules of Antal, Krapivsky & Redner (2005).
AKR_RULES = ("local", "constrained")


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


def _max_steps(max_steps: Any) -> int:
    return check_integer(max_steps, "max_steps", minimum=0)


def _rng(seed: Any) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))):
        raise TypeError(
            f"seed must be None, an int or a numpy Generator, got {type(seed).__name__}"
        )
    if seed is not None and seed < 0:
        raise ValueError(f"seed must be non-negative, got {seed}")
    return np.random.default_rng(seed)


class _Network:
    """Ties as a vector over links, with each triad's sign product kept up to date."""

    def __init__(self, signs: NDArray[np.int_]) -> None:
        n = signs.shape[0]
        self.n = n
        self.pairs = np.array(list(combinations(range(n), 2)), dtype=np.intp)
        link_id = np.zeros((n, n), dtype=np.intp)
        link_id[self.pairs[:, 0], self.pairs[:, 1]] = np.arange(len(self.pairs))
        link_id += link_id.T
        tri = np.array(list(combinations(range(n), 3)), dtype=np.intp)
        # the three links of each triad: (i, j), (j, k), (i, k)
        self.triad_links = np.stack(
            [link_id[tri[:, 0], tri[:, 1]], link_id[tri[:, 1], tri[:, 2]],
             link_id[tri[:, 0], tri[:, 2]]], axis=1)  # fmt: skip
        # the n - 2 triads on each link
        order = np.argsort(self.triad_links.ravel(), kind="stable")
        self.link_triads = (order // 3).reshape(len(self.pairs), n - 2)
        self.ties = signs[self.pairs[:, 0], self.pairs[:, 1]].astype(int)
        self.product = np.prod(self.ties[self.triad_links], axis=1)

    def imbalanced(self) -> int:
        return int(np.count_nonzero(self.product < 0))

    def flip(self, link: int) -> None:
        self.ties[link] = -self.ties[link]
        self.product[self.link_triads[link]] *= -1

    def matrix(self) -> NDArray[np.int_]:
        out = np.zeros((self.n, self.n), dtype=int)
        out[self.pairs[:, 0], self.pairs[:, 1]] = self.ties
        return out + out.T


def _local_step(net: _Network, p: float, rng: np.random.Generator) -> None:
    triad = int(rng.choice(np.flatnonzero(net.product < 0)))
    links = net.triad_links[triad]
    ties = net.ties[links]
    hostile, friendly = links[ties < 0], links[ties > 0]
    if len(friendly) == 0 or rng.random() < p:  # "---", or "++-" made friendly
        net.flip(int(rng.choice(hostile)))
    else:  # "++-": a friendly tie turns hostile, giving "+--"
        net.flip(int(rng.choice(friendly)))


def _constrained_step(net: _Network, rng: np.random.Generator) -> bool:
    """One CTD draw; returns False when the network is jammed."""
    link = int(rng.integers(len(net.ties)))
    change = int(np.sum(net.product[net.link_triads[link]]))  # balanced - imbalanced on link
    if change < 0 or (change == 0 and rng.random() < 0.5):
        net.flip(link)
    elif change > 0:
        changes = np.sum(net.product[net.link_triads], axis=1)
        return bool(np.any(changes <= 0))
    return True


def antal_krapivsky_redner(
    signs0: Any,
    p: Any = 0.5,
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
    From the literature (Antal, Krapivsky & Redner 2005). A finite network under LTD
    always ends balanced, but for :math:`p < 1/2` the time grows exponentially with
    its size; for :math:`p > 1/2` large networks end in "paradise" (all friendly). With
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
    s = as_sign_matrix(signs0, "signs0", min_size=3)
    prob = check_probability(p, "p")
    rng = _rng(seed)
    limit = _max_steps(max_steps)
    check_choice(rule, "rule", AKR_RULES)
    net = _Network(s)
    history = [net.imbalanced()]
    jammed = False
    steps = 0
    while history[-1] > 0 and steps < limit:
        if rule == "local":
            _local_step(net, prob, rng)
        elif not _constrained_step(net, rng):
            jammed = True
            break
        steps += 1
        history.append(net.imbalanced())
    return AKRResult(
        signs=net.matrix(),
        steps=steps,
        balanced=history[-1] == 0,
        history=np.asarray(history, dtype=int),
        jammed=jammed,
        rule=rule,
    )
