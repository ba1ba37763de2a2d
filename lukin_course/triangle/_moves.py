"""Moves in the strategic triangle, with and without an ideological constraint.

An actor can change its own two ties. A *move* flips one of them; it
*improves* when the actor's role rises in Wu's ranking. A pattern is *stable*
when no actor has an improving move. Under an
:class:`~lukin_course.triangle.IdeologicalConstraint` a refused
tie is fixed at enmity, so moves to amity on it are ruled out.

This is how the course examines claims C9 and C10 of Lukin's essay: under
"democratism" (a hegemon refusing amity with both authoritarian powers) the
only stable pattern left is the stable marriage of the other two with the
hegemon as outcast.

Part of :mod:`lukin_course.triangle`.

References
----------
[dittmer1981strategic] [wu1996exploring] [lukin2018perspective]
"""

from __future__ import annotations

from dataclasses import dataclass

from ._constraints import (
    IdeologicalConstraint,
    _as_constraint,
)
from ._roles import (
    DEFAULT_ACTORS,
    ROLE_SCORES,
    WU_RANKING,
    StrategicTriangle,
    _as_actors,
    _as_sign,
    _as_triangle,
    _index,
    _iter_triangles,
)


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
    >>> from lukin_course.triangle import CHINA, US
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
    >>> from lukin_course.triangle import DEMOCRATISM, US
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
    >>> from lukin_course.triangle import DEMOCRATISM, US
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
