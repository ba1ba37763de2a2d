"""The strategic triangle as a value: three actors, three signed ties, their roles.

:class:`StrategicTriangle` holds the sign (+1 amity, -1 enmity) of each tie
and derives Dittmer's configuration and each actor's role, ranked best to
worst by Wu (1996, table on p. 30) in :data:`WU_RANKING`. :data:`ROLE_SCORES`
gives cardinal values to the four tiers of Wu's table (see :func:`configuration`
Notes).
:func:`configuration`, :func:`roles` and :func:`all_triangles` are the
functional forms. Part of :mod:`lukin_course.triangle`.

References
----------
[dittmer1981strategic] [dittmer1987strategic] [wu1996exploring]
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._validation import as_sign_matrix

#: The leading power, the course's default first actor.
US = "United States"
#: The USSR before 1992, Russia after.
RUSSIA = "Russia"
#: The People's Republic of China.
CHINA = "China"
#: The course's default actors, in matrix order.
DEFAULT_ACTORS = (US, RUSSIA, CHINA)

#: Dittmer's four configurations, from three friendly ties to none.
CONFIGURATIONS = ("menage_a_trois", "romantic_triangle", "stable_marriage", "unit_veto")
#: The six roles an actor can hold (Dittmer 1981, 1987).
ROLES = ("pivot", "friend", "partner", "wing", "enemy", "outcast")
#: The roles from best to worst (Wu 1996, table on p. 30).
WU_RANKING = ("pivot", "friend", "partner", "wing", "enemy", "outcast")
#: Cardinal values of the four tiers of Wu's table (1996, p. 30): pivot; friend and
#: partner; wing and enemy; outcast. Computed as own ties minus the others' tie.
ROLE_SCORES = {"pivot": 3, "friend": 1, "partner": 1, "wing": -1, "enemy": -1, "outcast": -3}

# configuration indexed by the number of friendly ties (0..3)
_CONFIG_BY_POSITIVE = ("unit_veto", "stable_marriage", "romantic_triangle", "menage_a_trois")


def _as_sign(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be +1 or -1, got {type(value).__name__}")
    if math.isnan(float(value)) or float(value) not in (1.0, -1.0):
        raise ValueError(f"{name} must be +1 (amity) or -1 (enmity), got {value!r}")
    return int(value)


def _as_actors(actors: Any, name: str = "actors") -> tuple[str, str, str]:
    if isinstance(actors, str) or not isinstance(actors, (tuple, list)):
        raise TypeError(f"{name} must be a tuple of three actor names")
    if len(actors) != 3:
        raise ValueError(f"{name} must name exactly three actors, got {len(actors)}")
    for a in actors:
        if not isinstance(a, str) or not a.strip():
            raise TypeError(f"{name} must be non-empty strings, got {a!r}")
    if len(set(actors)) != 3:
        raise ValueError(f"{name} must be three different actors, got {tuple(actors)!r}")
    return (actors[0], actors[1], actors[2])


class StrategicTriangle:
    """Three actors and the sign (+1 amity, -1 enmity) of each of their three ties.

    Immutable and hashable. Two triangles are equal when they have the same
    actors in the same order and the same ties.

    Parameters
    ----------
    actors : tuple of str
        Three different actor names; their order fixes the rows of
        :meth:`to_matrix`.
    ties : mapping
        ``{(a, b): sign}`` for each of the three unordered pairs, given once.

    Raises
    ------
    TypeError, ValueError
        If an actor is repeated or unknown, a pair is missing or repeated, or
        a sign is not +1/-1.

    Examples
    --------
    >>> t = StrategicTriangle.from_signs(+1, +1, -1)  # the Nixon-Kissinger pattern
    >>> t.configuration, t.pivot
    ('romantic_triangle', 'United States')
    >>> t.roles["Russia"], t.scores["United States"], t.rank("China")
    ('wing', 3, 3)
    >>> t.with_tie(RUSSIA, CHINA, +1).configuration
    'menage_a_trois'
    """

    __slots__ = ("_actors", "_signs")

    _actors: tuple[str, str, str]
    _signs: tuple[int, int, int]

    def __init__(self, actors: tuple[str, str, str], ties: Mapping[tuple[str, str], int]) -> None:
        acts = _as_actors(actors)
        if not isinstance(ties, Mapping):
            raise TypeError(f"ties must be a mapping {{(a, b): sign}}, got {type(ties).__name__}")
        pairs = list(itertools.combinations(range(3), 2))
        signs: dict[tuple[int, int], int] = {}
        for key, value in ties.items():
            if not isinstance(key, tuple) or len(key) != 2:
                raise TypeError(f"ties keys must be pairs of actors, got {key!r}")
            i, j = (_index(acts, k, "ties") for k in key)
            if i == j:
                raise ValueError(f"ties key {key!r} pairs an actor with itself")
            pair = (min(i, j), max(i, j))
            if pair in signs:
                raise ValueError(f"ties gives the pair {key!r} more than once")
            signs[pair] = _as_sign(value, f"ties[{key!r}]")
        missing = [(acts[i], acts[j]) for i, j in pairs if (i, j) not in signs]
        if missing:
            raise ValueError(f"ties is missing the pair(s) {missing!r}")
        object.__setattr__(self, "_actors", acts)
        object.__setattr__(self, "_signs", tuple(signs[p] for p in pairs))

    @classmethod
    def from_signs(
        cls, a_b: int, a_c: int, b_c: int, actors: tuple[str, str, str] = DEFAULT_ACTORS
    ) -> StrategicTriangle:
        """Build a triangle from the three signs, actors ``(a, b, c)``.

        Examples
        --------
        >>> StrategicTriangle.from_signs(-1, -1, +1).roles  # the 1950s alliance
        {'United States': 'outcast', 'Russia': 'partner', 'China': 'partner'}
        """
        a, b, c = _as_actors(actors)
        return cls((a, b, c), {(a, b): a_b, (a, c): a_c, (b, c): b_c})

    @classmethod
    def from_matrix(
        cls, matrix: Any, actors: tuple[str, str, str] = DEFAULT_ACTORS
    ) -> StrategicTriangle:
        """Build a triangle from a symmetric 3×3 matrix of ±1 (diagonal ignored).

        Examples
        --------
        >>> t = StrategicTriangle.from_signs(+1, -1, -1)
        >>> StrategicTriangle.from_matrix(t.to_matrix()) == t
        True
        """
        m = as_sign_matrix(matrix, "matrix")
        if m.shape != (3, 3):
            raise ValueError(f"matrix must be 3×3, got shape {m.shape}")
        return cls.from_signs(int(m[0, 1]), int(m[0, 2]), int(m[1, 2]), actors=actors)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("StrategicTriangle is immutable; use with_tie()")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, StrategicTriangle):
            return NotImplemented
        return self._actors == other._actors and self._signs == other._signs

    def __hash__(self) -> int:
        return hash((self._actors, self._signs))

    def __repr__(self) -> str:
        a, b, c = self._actors
        s = ["+1" if x > 0 else "-1" for x in self._signs]
        return (
            f"StrategicTriangle({a}–{b}: {s[0]}, {a}–{c}: {s[1]}, {b}–{c}: {s[2]}; "
            f"{self.configuration})"
        )

    @property
    def actors(self) -> tuple[str, str, str]:
        """The three actors, in the order given."""
        return self._actors

    @property
    def signs(self) -> tuple[int, int, int]:
        """The ties ``(a–b, a–c, b–c)`` in actor order."""
        return self._signs

    def tie(self, a: str, b: str) -> int:
        """Sign of the tie between actors ``a`` and ``b`` (+1 or -1)."""
        i, j = _index(self._actors, a, "a"), _index(self._actors, b, "b")
        if i == j:
            raise ValueError(f"a and b must be different actors, got {a!r} twice")
        return self._signs[i + j - 1]  # pairs (0,1)->0, (0,2)->1, (1,2)->2

    def with_tie(self, a: str, b: str, sign: int) -> StrategicTriangle:
        """A new triangle with the tie ``a``–``b`` set to ``sign``."""
        self.tie(a, b)  # validates a and b
        sign = _as_sign(sign, "sign")
        ties = {(x, y): self.tie(x, y) for x, y in itertools.combinations(self._actors, 2)}
        ties = {k: (sign if set(k) == {a, b} else v) for k, v in ties.items()}
        return StrategicTriangle(self._actors, ties)

    def to_matrix(self) -> NDArray[np.int_]:
        """3×3 matrix of signs (0 on the diagonal), rows in :attr:`actors` order."""
        m = np.zeros((3, 3), dtype=int)
        for (i, j), s in zip(itertools.combinations(range(3), 2), self._signs, strict=True):
            m[i, j] = m[j, i] = s
        return m

    @property
    def configuration(self) -> str:
        """Dittmer's configuration, one of :data:`CONFIGURATIONS`."""
        return _CONFIG_BY_POSITIVE[sum(s > 0 for s in self._signs)]

    @property
    def balanced(self) -> bool:
        """Heider balance: the product of the three signs is positive."""
        return math.prod(self._signs) > 0

    @property
    def scores(self) -> dict[str, int]:
        """Cardinal score: own two ties minus the tie between the others.

        It reproduces the four tiers of Wu's table (1996, p. 30) and never
        contradicts Wu's ranking (see :func:`configuration` Notes).
        """
        m = self.to_matrix()
        total = int(m.sum()) // 2
        return {a: 2 * int(m[i].sum()) - total for i, a in enumerate(self._actors)}

    @property
    def roles(self) -> dict[str, str]:
        """Each actor's role, one of :data:`ROLES`."""
        config = self.configuration
        m = self.to_matrix()
        out = {}
        for i, a in enumerate(self._actors):
            own = int((m[i] > 0).sum())  # friendly ties the actor holds
            if config == "menage_a_trois":
                out[a] = "friend"
            elif config == "unit_veto":
                out[a] = "enemy"
            elif config == "romantic_triangle":
                out[a] = "pivot" if own == 2 else "wing"
            else:
                out[a] = "partner" if own == 1 else "outcast"
        return out

    def rank(self, actor: str) -> int:
        """Position of ``actor``'s role in :data:`WU_RANKING` (0 = best)."""
        _index(self._actors, actor, "actor")
        return WU_RANKING.index(self.roles[actor])

    @property
    def pivot(self) -> str | None:
        """The pivot of a romantic triangle, else ``None``."""
        return next((a for a, r in self.roles.items() if r == "pivot"), None)


def _index(actors: tuple[str, ...], actor: Any, name: str) -> int:
    if not isinstance(actor, str):
        raise TypeError(f"{name} must be an actor name (str), got {type(actor).__name__}")
    if actor not in actors:
        raise ValueError(f"unknown actor {actor!r} in {name}; expected one of: {', '.join(actors)}")
    return actors.index(actor)


def _as_triangle(triangle: Any, name: str = "triangle") -> StrategicTriangle:
    if not isinstance(triangle, StrategicTriangle):
        raise TypeError(f"{name} must be a StrategicTriangle, got {type(triangle).__name__}")
    return triangle


def _iter_triangles(actors: tuple[str, str, str]) -> Iterator[StrategicTriangle]:
    for ab, ac, bc in itertools.product((1, -1), repeat=3):
        yield StrategicTriangle.from_signs(ab, ac, bc, actors=actors)


def configuration(triangle: StrategicTriangle) -> str:
    """Dittmer's configuration of a triangle.

    Parameters
    ----------
    triangle : StrategicTriangle

    Returns
    -------
    str
        One of :data:`CONFIGURATIONS`, set by the number of friendly ties
        (3, 2, 1, 0).

    Raises
    ------
    TypeError
        If ``triangle`` is not a :class:`StrategicTriangle`.

    Notes
    -----
    From the literature: the ménage à trois, romantic triangle and stable
    marriage are Dittmer's (1981); the all-hostile "unit veto" was added in
    his 1987 review. The roles ranking is Wu's (1996, p. 30).

    :data:`ROLE_SCORES` follows Wu's table, which already groups the six
    roles into four tiers (pivot; friend and partner; wing and enemy;
    outcast). The course gives the tiers cardinal values by a formula: an
    actor scores +1 for each friendly tie it holds, -1 for each hostile one,
    and the tie between the other two counts against it
    (:math:`s_a = t_{ab} + t_{ac} - t_{bc}`). It gives pivot 3, friend 1,
    partner 1, wing -1, enemy -1, outcast -3: Wu's tiers, in Wu's order;
    within a tier Wu ranks first the role with more friendly ties, so
    sorting roles by (score, friendly ties held) reproduces Wu's ranking.

    Examples
    --------
    >>> configuration(StrategicTriangle.from_signs(-1, -1, -1))
    'unit_veto'

    References
    ----------
    [dittmer1981strategic] [dittmer1987strategic] [wu1996exploring]
    """
    return _as_triangle(triangle).configuration


def roles(triangle: StrategicTriangle) -> dict[str, str]:
    """Each actor's role in a triangle (functional form of ``triangle.roles``).

    Parameters
    ----------
    triangle : StrategicTriangle

    Returns
    -------
    dict
        ``{actor: role}`` with roles from :data:`ROLES`.

    Raises
    ------
    TypeError
        If ``triangle`` is not a :class:`StrategicTriangle`.

    Notes
    -----
    From the literature (Dittmer 1981, 1987). See :func:`configuration`.

    Examples
    --------
    >>> roles(StrategicTriangle.from_signs(-1, +1, -1))
    {'United States': 'partner', 'Russia': 'outcast', 'China': 'partner'}

    References
    ----------
    [dittmer1981strategic] [dittmer1987strategic]
    """
    return _as_triangle(triangle).roles


def all_triangles(actors: tuple[str, str, str] = DEFAULT_ACTORS) -> list[StrategicTriangle]:
    """All eight sign patterns for three actors.

    Parameters
    ----------
    actors : tuple of str
        Three different actor names.

    Returns
    -------
    list of StrategicTriangle
        Ordered from all friendly to all hostile (ties ``a–b, a–c, b–c``).

    Raises
    ------
    TypeError, ValueError
        If ``actors`` is not three different names.

    Notes
    -----
    2³ = 8 patterns: one ménage à trois, three romantic triangles (one per
    pivot), three stable marriages (one per outcast), one unit veto.

    Examples
    --------
    >>> from collections import Counter
    >>> Counter(t.configuration for t in all_triangles())  # doctest: +NORMALIZE_WHITESPACE
    Counter({'romantic_triangle': 3, 'stable_marriage': 3, 'menage_a_trois': 1,
             'unit_veto': 1})

    References
    ----------
    [dittmer1987strategic]
    """
    acts = _as_actors(actors)
    return list(_iter_triangles(acts))
