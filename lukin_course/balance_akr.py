"""Triad dynamics of Antal, Krapivsky & Redner (2005): balance reached tie by tie.

Ties are ±1. In *local triad dynamics* (LTD) an imbalanced triad is picked at random
and one of its ties flips: a triad with one hostile tie becomes all-friendly with
probability ``p`` (otherwise one of its friendly ties turns hostile); an all-hostile
triad always gains a friendly tie. In *constrained triad dynamics* (CTD) a random tie
flips only if that does not increase the number of imbalanced triads (flips that leave
it unchanged happen with probability 1/2), so the count never rises; CTD can stop in
a *jammed* state, imbalanced yet with no allowed flip.

The step loop works on plain Python integers (the imbalanced triads are the set bits
of one integer) and, for the usual bit generators, replays numpy's random draws from
raw words fetched in batches, so a step costs a few microseconds; a run takes the same
draws and decisions as drawing each number through the Generator.

The functions are re-exported by :mod:`lukin_course.balance_dynamics`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate, combinations
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


#: Bit generators whose 32-bit draws are the halves of their 64-bit words, which
#: :class:`_RawDraws` reproduces; others are drawn through the Generator itself.
_WORD_GENERATORS = (np.random.PCG64, np.random.PCG64DXSM, np.random.Philox, np.random.SFC64)
_BATCH = 256  # raw words fetched at a time (more as a run grows)


class _Draws:
    """A Generator's ``integers(0, k)`` and ``random()`` draws, in its own stream."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng

    def below(self, k: int) -> int:
        """A uniform integer in [0, k), as ``rng.choice`` of k items draws it."""
        return int(self.rng.integers(k))

    def uniform(self) -> float:
        return float(self.rng.random())

    def close(self) -> None:
        """Leave the generator where the draws taken so far leave it (here: nothing to do)."""


class _RawDraws(_Draws):
    """The same draws computed in Python from batches of the generator's raw 64-bit words.

    numpy draws a bounded integer by Lemire's method from 32-bit halves of 64-bit words
    (keeping the unused half for the next such draw) and a double from the top 53 bits
    of a word. Replaying that on words fetched in batches gives the same numbers
    without a numpy call per draw; :meth:`close` then moves the generator exactly as
    far as the draws used, so it continues as if they had been made one by one.
    """

    def __init__(self, rng: np.random.Generator) -> None:
        super().__init__(rng)
        self.bitgen = rng.bit_generator
        self.start = self.bitgen.state
        self.words: list[int] = []
        self.used = 0
        self.has_half = int(self.start["has_uint32"])
        self.half = int(self.start["uinteger"])

    def _word(self) -> int:
        if self.used == len(self.words):
            self.words += self.bitgen.random_raw(max(_BATCH, len(self.words))).tolist()
        self.used += 1
        return self.words[self.used - 1]

    def _uint32(self) -> int:
        if self.has_half:
            self.has_half = 0
            return self.half
        word = self._word()
        self.has_half, self.half = 1, word >> 32
        return word & 0xFFFFFFFF

    def below(self, k: int) -> int:
        if k == 1:  # numpy draws nothing for a range of one value
            return 0
        m = self._uint32() * k
        if m & 0xFFFFFFFF < k:  # rare: Lemire's rejection of the biased low products
            threshold = (0x100000000 - k) % k
            while m & 0xFFFFFFFF < threshold:
                m = self._uint32() * k
        return m >> 32

    def uniform(self) -> float:
        return (self._word() >> 11) * (1.0 / 9007199254740992.0)

    def close(self) -> None:
        self.bitgen.state = self.start
        self.bitgen.random_raw(self.used)
        state = dict(self.bitgen.state)
        state["has_uint32"], state["uinteger"] = self.has_half, self.half
        self.bitgen.state = state


def _draws(rng: np.random.Generator) -> _Draws:
    fast = type(rng.bit_generator) in _WORD_GENERATORS
    return _RawDraws(rng) if fast else _Draws(rng)


_POPCOUNT = bytes(bin(b).count("1") for b in range(256))  # set bits of each byte value
_BIT_POSITIONS = tuple(tuple(i for i in range(8) if b >> i & 1) for b in range(256))


def _kth_bit(mask: int, k: int, size: int) -> int:
    """Position of the ``k``-th (from 0) set bit of ``mask`` (< 2**(8 size)), lowest first."""
    raw = mask.to_bytes(size, "little")
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


def _run_local(net: _Network, p: float, draws: _Draws, limit: int, history: list[int]) -> None:
    """Local triad dynamics until balance or ``limit`` steps, appending to ``history``.

    Each step draws, as the course's first (numpy) version did: the imbalanced triad
    (``integers(count)``), then for a triad with one hostile tie ``random() < p``, then
    the tie among the candidates (no draw when there is one).
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


def _run_constrained(net: _Network, draws: _Draws, limit: int, history: list[int]) -> bool:
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
    draws = _draws(rng)
    history = [net.imbalanced.bit_count()]
    jammed = False
    if rule == "local":
        _run_local(net, prob, draws, limit, history)
    else:
        jammed = _run_constrained(net, draws, limit, history)
    draws.close()
    return AKRResult(
        signs=net.matrix(),
        steps=len(history) - 1,
        balanced=history[-1] == 0,
        history=np.asarray(history, dtype=int),
        jammed=jammed,
        rule=rule,
    )
