"""Tests of lukin_course.course.checks: named checks for test cells."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lukin_course.course.checks import CheckFailed, check


def test_passing_check_returns_none() -> None:
    assert check("ok", True, "never shown") is None


def test_failing_check_names_itself() -> None:
    with pytest.raises(CheckFailed) as info:
        check("part/C5", 1 == 2, "reread the definition")
    assert str(info.value) == "part/C5: reread the definition"
    assert info.value.name == "part/C5"
    assert info.value.message == "reread the definition"
    assert isinstance(info.value, AssertionError)


@pytest.mark.parametrize(("name", "message"), [("", "m"), ("n", ""), (3, "m"), ("n", None)])
def test_bad_name_or_message_rejected(name: object, message: object) -> None:
    with pytest.raises(TypeError, match=r"name|message"):
        check(name, True, message)  # type: ignore[arg-type]


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=1).filter(str.strip), st.text(min_size=1).filter(str.strip))
def test_message_always_starts_with_name(name: str, message: str) -> None:
    with pytest.raises(CheckFailed) as info:
        check(name, [], message)
    assert str(info.value).startswith(name + ": ")
