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


def test_every_public_module_is_a_topic():
    # each public module or package of the library is listed, so nothing is reachable
    # only by an import path that the package front does not know
    found = pkgutil.iter_modules(lukin_course.__path__)
    public = {m.name for m in found if not m.name.startswith("_")}
    assert public == set(lukin_course._SUBMODULES)


@pytest.mark.parametrize("name", ["nonsense", "_private_thing"])
def test_unknown_attribute_is_a_clear_error(name):
    with pytest.raises(AttributeError, match=f"has no attribute '{name}'"):
        getattr(lukin_course, name)


def test_each_public_name_is_defined_once_and_exported_from_one_topic():
    # the layout rule: a topic's public names are defined in the topic itself or in its
    # private parts, and no public object is exported by two topics
    import importlib
    import inspect

    owner: dict[int, str] = {}
    for topic in lukin_course._SUBMODULES:
        if topic == "course":
            continue
        module = importlib.import_module(f"lukin_course.{topic}")
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                home = obj.__module__
                assert home == module.__name__ or home.startswith(f"{module.__name__}._"), (
                    f"{topic}.{name} is defined in {home}"
                )
                assert id(obj) not in owner, f"{name} is exported by {owner[id(obj)]} and {topic}"
                owner[id(obj)] = topic
