"""Moves in the strategic triangle, with and without an ideological constraint.

An actor can change its own two ties. A *move* flips one of them; it
*improves* when the actor's role rises in Wu's ranking. A pattern is *stable*
when no actor has an improving move. An :class:`IdeologicalConstraint` says
which actors refuse amity with which: a refused tie is fixed at enmity.

This is how the course examines claims C9 and C10 of Lukin's essay: a
hegemon that refuses amity with both authoritarian powers ("democratism")
can at best be an enemy, and the only stable pattern left is the stable
marriage of the other two with the hegemon as outcast; a realist hegemon
(no refusals) can reach the pivot.

All names here are also available from :mod:`lukin_course.triangle`.

References
----------
[dittmer1981strategic] [wu1996exploring] [lukin2018perspective]
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from .triangle import (
    CHINA,
    DEFAULT_ACTORS,
    ROLE_SCORES,
    RUSSIA,
    US,
    WU_RANKING,
    StrategicTriangle,
    _as_actors,
    _as_sign,
    _as_triangle,
    _index,
    _iter_triangles,
)

__all__ = [
    "DEMOCRATISM",
    "REALISM",
    "IdeologicalConstraint",
    "Move",
    "best_reachable_role",
    "improving_moves",
    "possible_moves",
    "reachable_roles",
    "stable_triangles",
]


class IdeologicalConstraint:
    """Which actors refuse amity with which (a refused tie is fixed at -1).

    Parameters
    ----------
    refuses : mapping of str to collection of str
        ``{actor: actors it refuses amity with}``. A refusal by either side
        forbids amity on that tie. An empty mapping constrains nothing.

    Raises
    ------
    TypeError, ValueError
        If names are not non-empty strings or an actor refuses itself.

    Examples
    --------
    >>> DEMOCRATISM.forbids(RUSSIA, US), REALISM.forbids(RUSSIA, US)
    (True, False)
    >>> DEMOCRATISM.allows(StrategicTriangle.from_signs(+1, +1, -1))
    False
    >>> DEMOCRATISM.apply(StrategicTriangle.from_signs(+1, +1, -1)).configuration
    'unit_veto'

    Notes
    -----
    This course's own device: the strategic-triangle literature treats
    ideology as one way actors "freeze" a configuration (Dittmer 1981); here
    it is a hard rule so that the consequence can be computed.

    References
    ----------
    [dittmer1981strategic] [lukin2018perspective]
    """

    __slots__ = ("_pairs",)

    _pairs: frozenset[tuple[str, str]]

    def __init__(self, refuses: Mapping[str, Collection[str]]) -> None:
        if not isinstance(refuses, Mapping):
            raise TypeError(f"refuses must be a mapping, got {type(refuses).__name__}")
        pairs = set()
        for actor, others in refuses.items():
            if not isinstance(actor, str) or not actor.strip():
                raise TypeError(f"refuses keys must be actor names, got {actor!r}")
            if isinstance(others, str) or not isinstance(others, Collection):
                raise TypeError(f"refuses[{actor!r}] must be a collection of actor names")
            for other in others:
                if not isinstance(other, str) or not other.strip():
                    raise TypeError(f"refuses[{actor!r}] must hold actor names, got {other!r}")
                if other == actor:
                    raise ValueError(f"refuses[{actor!r}]: an actor cannot refuse itself")
                pairs.add((actor, other))
        object.__setattr__(self, "_pairs", frozenset(pairs))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("IdeologicalConstraint is immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, IdeologicalConstraint):
            return NotImplemented
        return self._pairs == other._pairs

    def __hash__(self) -> int:
        return hash(self._pairs)

    def __repr__(self) -> str:
        return f"IdeologicalConstraint({self.refuses!r})"

    @property
    def refuses(self) -> dict[str, set[str]]:
        """``{actor: set of actors it refuses}``, actors sorted by name."""
        out: dict[str, set[str]] = {}
        for a, b in sorted(self._pairs):
            out.setdefault(a, set()).add(b)
        return out

    @property
    def actors(self) -> frozenset[str]:
        """Every actor the constraint names."""
        return frozenset(x for pair in self._pairs for x in pair)

    def forbids(self, a: str, b: str) -> bool:
        """Whether amity between ``a`` and ``b`` is ruled out (either side refuses)."""
        for name, x in (("a", a), ("b", b)):
            if not isinstance(x, str):
                raise TypeError(f"{name} must be an actor name (str), got {type(x).__name__}")
        return (a, b) in self._pairs or (b, a) in self._pairs

    def _check(self, triangle: StrategicTriangle) -> StrategicTriangle:
        _as_triangle(triangle)
        unknown = sorted(self.actors - set(triangle.actors))
        if unknown:
            raise ValueError(
                f"constraint names actor(s) {unknown!r} not in the triangle {triangle.actors!r}"
            )
        return triangle

    def allows(self, triangle: StrategicTriangle) -> bool:
        """Whether no forbidden tie of ``triangle`` is friendly."""
        t = self._check(triangle)
        return not any(self.forbids(a, b) and t.tie(a, b) > 0 for a, b in _pairs_of(t))

    def apply(self, triangle: StrategicTriangle) -> StrategicTriangle:
        """``triangle`` with every forbidden tie set to enmity."""
        t = self._check(triangle)
        for a, b in _pairs_of(t):
            if self.forbids(a, b):
                t = t.with_tie(a, b, -1)
        return t


REALISM = IdeologicalConstraint({})
DEMOCRATISM = IdeologicalConstraint({US: {RUSSIA, CHINA}})


def _pairs_of(t: StrategicTriangle) -> list[tuple[str, str]]:
    a, b, c = t.actors
    return [(a, b), (a, c), (b, c)]


def _as_constraint(constraint: Any) -> IdeologicalConstraint:
    if constraint is None:
        return REALISM
    if not isinstance(constraint, IdeologicalConstraint):
        raise TypeError(
            f"constraint must be an IdeologicalConstraint or None, got {type(constraint).__name__}"
        )
    return constraint


@dataclass(frozen=True)
class Move:
    """One actor flipping one of its own ties.

    Attributes
    ----------
    actor, other : str
        Who moves, and the other end of the tie it changes.
    new_sign : int
        The tie's sign after the move (+1 or -1).
    before : StrategicTriangle
        The pattern the move starts from. ``after``, ``role_before``,
        ``role_after``, ``gain`` (change in the course's cardinal score) and
        ``improves`` (by Wu's ranking) are derived from it.

    Examples
    --------
    >>> m = Move(US, CHINA, +1, StrategicTriangle.from_signs(-1, -1, +1))
    >>> m.role_before, m.role_after, m.gain, m.improves
    ('outcast', 'wing', 2, True)
    """

    actor: str
    other: str
    new_sign: int
    before: StrategicTriangle

    def __post_init__(self) -> None:
        _as_triangle(self.before, "before")
        _index(self.before.actors, self.actor, "actor")
        _index(self.before.actors, self.other, "other")
        if self.actor == self.other:
            raise ValueError("actor and other must be different actors")
        object.__setattr__(self, "new_sign", _as_sign(self.new_sign, "new_sign"))

    @property
    def after(self) -> StrategicTriangle:
        """The pattern after the move."""
        return self.before.with_tie(self.actor, self.other, self.new_sign)

    @property
    def role_before(self) -> str:
        """The mover's role before."""
        return self.before.roles[self.actor]

    @property
    def role_after(self) -> str:
        """The mover's role after."""
        return self.after.roles[self.actor]

    @property
    def gain(self) -> int:
        """Change in the mover's cardinal score (this course's :data:`ROLE_SCORES`)."""
        return ROLE_SCORES[self.role_after] - ROLE_SCORES[self.role_before]

    @property
    def improves(self) -> bool:
        """Whether the mover's role rises in Wu's ranking."""
        return WU_RANKING.index(self.role_after) < WU_RANKING.index(self.role_before)

    def __str__(self) -> str:
        verb = "befriends" if self.new_sign > 0 else "turns against"
        return f"{self.actor} {verb} {self.other}: {self.role_before} → {self.role_after}"


def possible_moves(
    triangle: StrategicTriangle,
    actor: str | None = None,
    constraint: IdeologicalConstraint | None = None,
) -> list[Move]:
    """Every unilateral flip of a tie that the constraint allows.

    Parameters
    ----------
    triangle : StrategicTriangle
        The current pattern; it must satisfy the constraint.
    actor : str, optional
        Only this actor's moves (default: every actor's, in actor order).
    constraint : IdeologicalConstraint, optional
        Forbids moves to amity on refused ties (default :data:`REALISM`).

    Returns
    -------
    list of Move

    Raises
    ------
    TypeError, ValueError
        Bad triangle, unknown actor, or a triangle the constraint rules out
        (use ``constraint.apply(triangle)`` first).

    Notes
    -----
    This course's simplification of Dittmer's game: any actor may change
    either of its ties alone, to amity or to enmity.

    Examples
    --------
    >>> len(possible_moves(StrategicTriangle.from_signs(-1, -1, +1)))
    6
    >>> len(possible_moves(StrategicTriangle.from_signs(-1, -1, +1), US, DEMOCRATISM))
    0

    References
    ----------
    [dittmer1981strategic] [wu1996exploring]
    """
    t = _as_triangle(triangle)
    c = _as_constraint(constraint)
    if not c.allows(t):
        raise ValueError(
            "triangle has a friendly tie the constraint forbids; "
            "pass constraint.apply(triangle) to fix refused ties at -1"
        )
    movers = t.actors if actor is None else (t.actors[_index(t.actors, actor, "actor")],)
    moves = []
    for a in movers:
        for b in t.actors:
            if b == a:
                continue
            new = -t.tie(a, b)
            if new > 0 and c.forbids(a, b):
                continue
            moves.append(Move(a, b, new, t))
    return moves


def improving_moves(
    triangle: StrategicTriangle,
    actor: str | None = None,
    constraint: IdeologicalConstraint | None = None,
) -> list[Move]:
    """Unilateral flips that raise the mover's role in Wu's ranking.

    Parameters
    ----------
    triangle, actor, constraint
        As in :func:`possible_moves`.

    Returns
    -------
    list of Move
        Those of :func:`possible_moves` with ``improves`` true.

    Raises
    ------
    TypeError, ValueError
        As in :func:`possible_moves`.

    Notes
    -----
    With Wu's ranking, a wing gains by befriending the other wing (wing →
    friend), a partner by courting the outcast (partner → pivot), the outcast
    by befriending either partner (outcast → wing), an enemy by befriending
    anyone (enemy → partner); a friend or a pivot can only lose.

    Examples
    --------
    >>> nixon = StrategicTriangle.from_signs(+1, +1, -1)
    >>> [str(m) for m in improving_moves(nixon)]
    ['Russia befriends China: wing → friend', 'China befriends Russia: wing → friend']

    References
    ----------
    [wu1996exploring]
    """
    return [m for m in possible_moves(triangle, actor, constraint) if m.improves]


def stable_triangles(
    actors: tuple[str, str, str] = DEFAULT_ACTORS,
    constraint: IdeologicalConstraint | None = None,
) -> list[StrategicTriangle]:
    """Patterns the constraint allows from which no actor has an improving move.

    Parameters
    ----------
    actors : tuple of str
        Three different actor names.
    constraint : IdeologicalConstraint, optional
        Default :data:`REALISM` (no refusals).

    Returns
    -------
    list of StrategicTriangle

    Raises
    ------
    TypeError, ValueError
        Bad actors or constraint (including one naming other actors).

    Notes
    -----
    Without constraints only the ménage à trois is stable under Wu's
    ranking. Under :data:`DEMOCRATISM` only the Russia–China stable marriage
    with the United States as outcast is (claim C10).

    Examples
    --------
    >>> stable_triangles(constraint=DEMOCRATISM)[0].roles[US]
    'outcast'

    References
    ----------
    [dittmer1981strategic] [wu1996exploring]
    """
    acts = _as_actors(actors)
    c = _as_constraint(constraint)
    return [
        t for t in _iter_triangles(acts) if c.allows(t) and not improving_moves(t, constraint=c)
    ]


def reachable_roles(
    actor: str,
    actors: tuple[str, str, str] = DEFAULT_ACTORS,
    constraint: IdeologicalConstraint | None = None,
) -> list[str]:
    """Roles ``actor`` holds in some pattern the constraint allows, best first.

    Parameters
    ----------
    actor : str
        One of ``actors``.
    actors : tuple of str
    constraint : IdeologicalConstraint, optional

    Returns
    -------
    list of str
        In :data:`WU_RANKING` order.

    Raises
    ------
    TypeError, ValueError
        Unknown actor, bad actors or constraint.

    Examples
    --------
    >>> reachable_roles(US, constraint=DEMOCRATISM)
    ['enemy', 'outcast']

    References
    ----------
    [wu1996exploring]
    """
    acts = _as_actors(actors)
    _index(acts, actor, "actor")
    c = _as_constraint(constraint)
    held = {t.roles[actor] for t in _iter_triangles(acts) if c.allows(t)}
    return [r for r in WU_RANKING if r in held]


def best_reachable_role(
    actor: str,
    actors: tuple[str, str, str] = DEFAULT_ACTORS,
    constraint: IdeologicalConstraint | None = None,
) -> str:
    """The best role (Wu's ranking) ``actor`` can hold under the constraint.

    Parameters
    ----------
    actor : str
        One of ``actors``.
    actors : tuple of str
    constraint : IdeologicalConstraint, optional

    Returns
    -------
    str

    Raises
    ------
    TypeError, ValueError
        As in :func:`reachable_roles`.

    Notes
    -----
    Claims C9/C10: a "democratism" hegemon is at best an enemy; a realist
    one can be the pivot.

    Examples
    --------
    >>> best_reachable_role(US, constraint=DEMOCRATISM), best_reachable_role(US)
    ('enemy', 'pivot')

    References
    ----------
    [wu1996exploring] [lukin2018perspective]
    """
    return reachable_roles(actor, actors, constraint)[0]
