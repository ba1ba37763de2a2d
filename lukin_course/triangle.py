"""The strategic triangle (Dittmer 1981, 1987; Wu 1996): the course's entry point.

Three actors, three ties, each tie amity (+1) or enmity (-1): eight sign
patterns, which Dittmer grouped into four *configurations*, each giving every
actor a *role*:

=====================  =================  ===================================
configuration          friendly ties      roles
=====================  =================  ===================================
``menage_a_trois``     3                  friend, friend, friend
``romantic_triangle``  2                  pivot (friends with both), wing ×2
``stable_marriage``    1                  partner ×2, outcast
``unit_veto``          0                  enemy, enemy, enemy
=====================  =================  ===================================

Wu (1996, table on p. 30) ranks the roles from best to worst as pivot >
friend > partner > wing > enemy > outcast (:data:`WU_RANKING`).
:data:`ROLE_SCORES` is this course's own cardinal score (see
:func:`configuration` Notes).

This module defines the functional forms :func:`configuration`, :func:`roles`
and :func:`all_triangles`, and gathers the rest of the triangle under one name:

=====================================  ============================================
``lukin_course.triangle_roles``        :class:`StrategicTriangle` and the constants
``lukin_course.triangle_constraints``  ideological constraints, reachable roles
``lukin_course.triangle_moves``        moves, improving moves, stable patterns
``lukin_course.triangle_history``      the historical coding by period
=====================================  ============================================

Examples
--------
>>> t = StrategicTriangle.from_signs(-1, -1, +1)
>>> configuration(t), best_reachable_role(US, constraint=DEMOCRATISM)
('stable_marriage', 'enemy')

References
----------
[dittmer1981strategic] [dittmer1987strategic] [wu1996exploring]
"""

from __future__ import annotations

from .triangle_constraints import (
    DEMOCRATISM,
    REALISM,
    IdeologicalConstraint,
    best_reachable_role,
    reachable_roles,
)
from .triangle_history import historical_triangles
from .triangle_moves import Move, improving_moves, possible_moves, stable_triangles
from .triangle_roles import (
    CHINA,
    CONFIGURATIONS,
    DEFAULT_ACTORS,
    ROLE_SCORES,
    ROLES,
    RUSSIA,
    US,
    WU_RANKING,
    StrategicTriangle,
    _as_actors,
    _as_triangle,
    _iter_triangles,
)

__all__ = [
    "CHINA",
    "CONFIGURATIONS",
    "DEFAULT_ACTORS",
    "DEMOCRATISM",
    "REALISM",
    "ROLES",
    "ROLE_SCORES",
    "RUSSIA",
    "US",
    "WU_RANKING",
    "IdeologicalConstraint",
    "Move",
    "StrategicTriangle",
    "all_triangles",
    "best_reachable_role",
    "configuration",
    "historical_triangles",
    "improving_moves",
    "possible_moves",
    "reachable_roles",
    "roles",
    "stable_triangles",
]


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

    :data:`ROLE_SCORES` is **this course's own derivation**, not Wu's: an
    actor scores +1 for each friendly tie it holds, -1 for each hostile one,
    and the tie between the other two counts against it
    (:math:`s_a = t_{ab} + t_{ac} - t_{bc}`). It gives pivot 3, friend 1,
    partner 1, wing -1, enemy -1, outcast -3: it never reverses Wu's order
    and it ties exactly the pairs that Wu separates by one friendly tie, so
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
