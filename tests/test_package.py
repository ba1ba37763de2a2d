"""The package front: lazy submodules, version, and a light import."""

from __future__ import annotations

import pytest

import lukin_course


def test_version_matches_distribution_metadata():
    from importlib.metadata import version

    assert lukin_course.__version__ == version("lukin-course")


def test_every_listed_submodule_loads_lazily():
    for name in lukin_course._SUBMODULES:
        module = getattr(lukin_course, name)
        assert module.__name__ == f"lukin_course.{name}"
    assert set(dir(lukin_course)) >= set(lukin_course._SUBMODULES)


def test_unknown_attribute_is_a_clear_error():
    with pytest.raises(AttributeError, match="has no attribute 'nonsense'"):
        _ = lukin_course.nonsense
