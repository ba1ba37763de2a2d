"""Tests for lukin_course.triangle: Dittmer's table and the functional forms."""

from __future__ import annotations

import pytest

from lukin_course import triangle as tri
from lukin_course.triangle import (
    CHINA,
    RUSSIA,
    US,
    StrategicTriangle,
    all_triangles,
    configuration,
    roles,
)

# Dittmer (1981; the unit veto added in Dittmer 1987, p. 34): the configuration and
# roles of all eight sign patterns, written out by hand from the definitions. Signs are
# (US-Russia, US-China, Russia-China); roles are (US, Russia, China).
DITTMER_TABLE = {
    (+1, +1, +1): ("menage_a_trois", ("friend", "friend", "friend")),
    (+1, +1, -1): ("romantic_triangle", ("pivot", "wing", "wing")),
    (+1, -1, +1): ("romantic_triangle", ("wing", "pivot", "wing")),
    (-1, +1, +1): ("romantic_triangle", ("wing", "wing", "pivot")),
    (+1, -1, -1): ("stable_marriage", ("partner", "partner", "outcast")),
    (-1, +1, -1): ("stable_marriage", ("partner", "outcast", "partner")),
    (-1, -1, +1): ("stable_marriage", ("outcast", "partner", "partner")),
    (-1, -1, -1): ("unit_veto", ("enemy", "enemy", "enemy")),
}


@pytest.mark.parametrize(("signs", "expected"), DITTMER_TABLE.items())
def test_dittmer_configuration_and_roles_of_every_pattern(signs, expected):
    t = StrategicTriangle.from_signs(*signs)
    config, role_list = expected
    assert t.configuration == config == configuration(t)
    assert t.roles == dict(zip((US, RUSSIA, CHINA), role_list, strict=True)) == roles(t)
    assert t.pivot == (
        next(a for a, r in t.roles.items() if r == "pivot") if "pivot" in role_list else None
    )


def test_all_triangles_enumerates_eight_distinct_patterns():
    ts = all_triangles(("A", "B", "C"))
    assert len(set(ts)) == 8
    assert [sum(s > 0 for s in t.signs) for t in ts].count(2) == 3


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("func", [configuration, roles])
def test_functional_forms_reject_non_triangles(func):
    with pytest.raises(TypeError, match="triangle must be a StrategicTriangle"):
        func((1, 1, 1))


# ---------------------------------------------------------------- public names


def test_module_rejects_unknown_names():
    with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
        tri.nonexistent  # noqa: B018
