"""Ideological constraints on the strategic triangle (claims C9 and C10).

An :class:`IdeologicalConstraint` says which actors refuse amity with which:
a refused tie is fixed at enmity. :func:`reachable_roles` and
:func:`best_reachable_role` ask what that leaves an actor. A hegemon that
refuses amity with both authoritarian powers (:data:`DEMOCRATISM`) can at best
be an enemy; a realist one (:data:`REALISM`, no refusals) can reach the pivot.
Part of :mod:`lukin_course.triangle`.

References
----------
[dittmer1981strategic] [wu1996exploring] [lukin2018perspective]
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Mapping
from typing import Any

from ._roles import (
    CHINA,
    DEFAULT_ACTORS,
    RUSSIA,
    US,
    WU_RANKING,
    StrategicTriangle,
    _as_actors,
    _as_triangle,
    _index,
    _iter_triangles,
)


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
        # sets shown sorted, so the text is the same in every process
        body = ", ".join(
            f"{a!r}: {{{', '.join(map(repr, sorted(bs)))}}}" for a, bs in self.refuses.items()
        )
        return f"IdeologicalConstraint({{{body}}})"

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
        return not any(
            self.forbids(a, b) and t.tie(a, b) > 0 for a, b in itertools.combinations(t.actors, 2)
        )

    def apply(self, triangle: StrategicTriangle) -> StrategicTriangle:
        """``triangle`` with every forbidden tie set to enmity."""
        t = self._check(triangle)
        for a, b in itertools.combinations(t.actors, 2):
            if self.forbids(a, b):
                t = t.with_tie(a, b, -1)
        return t


#: No refusals: every tie may be friendly (the realists' triangulation).
REALISM = IdeologicalConstraint({})
#: The United States refuses amity with Russia and China (Lukin's "democratism").
DEMOCRATISM = IdeologicalConstraint({US: {RUSSIA, CHINA}})


def _as_constraint(constraint: Any) -> IdeologicalConstraint:
    if constraint is None:
        return REALISM
    if not isinstance(constraint, IdeologicalConstraint):
        raise TypeError(
            f"constraint must be an IdeologicalConstraint or None, got {type(constraint).__name__}"
        )
    return constraint


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
