"""The package front: lazy submodules and version."""

from __future__ import annotations

import pkgutil

import pytest

import lukin_course


def test_version_matches_distribution_metadata():
    from importlib.metadata import version

    assert lukin_course.__version__ == version("lukin-course")


def test_topic_modules_are_listed_and_load_lazily():
    assert set(lukin_course._SUBMODULES) <= set(lukin_course.__all__)
    for name in lukin_course._SUBMODULES:
        module = getattr(lukin_course, name)
        assert module.__name__ == f"lukin_course.{name}"
    assert set(dir(lukin_course)) >= set(lukin_course._SUBMODULES)


def test_every_public_part_module_is_reachable_as_an_attribute():
    found = pkgutil.iter_modules(lukin_course.__path__)
    parts = [m.name for m in found if not m.name.startswith("_")]
    assert "pressure_model" in parts and "triangle_roles" in parts
    for name in parts:
        assert getattr(lukin_course, name).__name__ == f"lukin_course.{name}"


@pytest.mark.parametrize("name", ["nonsense", "_private_thing"])
def test_unknown_attribute_is_a_clear_error(name):
    with pytest.raises(AttributeError, match=f"has no attribute '{name}'"):
        getattr(lukin_course, name)
