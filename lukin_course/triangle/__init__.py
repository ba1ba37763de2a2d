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
The same table groups the roles into four tiers (pivot; friend and partner; wing
and enemy; outcast); :data:`ROLE_SCORES` gives those tiers the values 3, 1, -1, -3
(see :func:`configuration` Notes).

The package holds the triangle as a value (:class:`StrategicTriangle`, with the
functional forms :func:`configuration`, :func:`roles` and :func:`all_triangles`),
ideological constraints (:class:`IdeologicalConstraint`, :data:`REALISM`,
:data:`DEMOCRATISM`, :func:`reachable_roles`), moves and stable patterns
(:class:`Move`, :func:`improving_moves`, :func:`stable_triangles`) and the
course's historical coding by period (:func:`historical_triangles`).

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

from ._constraints import (
    DEMOCRATISM,
    REALISM,
    IdeologicalConstraint,
    best_reachable_role,
    reachable_roles,
)
from ._history import historical_triangles
from ._moves import Move, improving_moves, possible_moves, stable_triangles
from ._roles import (
    CHINA,
    CONFIGURATIONS,
    DEFAULT_ACTORS,
    ROLE_SCORES,
    ROLES,
    RUSSIA,
    US,
    WU_RANKING,
    StrategicTriangle,
    all_triangles,
    configuration,
    roles,
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
