"""Named checks for autograder test cells.

A test cell calls :func:`check` once per property it tests. In a student's own
Jupyter kernel a failing check raises :class:`CheckFailed` (an
:class:`AssertionError`) whose message starts with the check's name, so the
cell stops there like an ``assert`` would. The grader and ``lukin-course
validate`` run test cells with :func:`recording_checks`: every check is then
recorded (name, result, message) and the cell goes on, so the feedback lists
every failing check and the cell earns partial credit.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import FrameType
from typing import Any

__all__ = ["CheckFailed", "check", "recording_checks"]

#: Called as ``recorder(name, passed, message, frame)`` for each check while recording.
Recorder = Callable[[str, bool, str, FrameType], None]
_RECORDER: ContextVar[Recorder | None] = ContextVar("lukin_course_check_recorder", default=None)


@contextmanager
def recording_checks(recorder: Recorder) -> Iterator[None]:
    """Within the block, :func:`check` calls ``recorder`` instead of raising.

    Examples
    --------
    >>> seen = []
    >>> with recording_checks(lambda name, ok, msg, frame: seen.append((name, ok))):
    ...     check("a", True, "fine")
    ...     check("b", False, "wrong")
    >>> seen
    [('a', True), ('b', False)]
    """
    token = _RECORDER.set(recorder)
    try:
        yield
    finally:
        _RECORDER.reset(token)


class CheckFailed(AssertionError):
    """A named check in an autograder test cell did not hold.

    Parameters
    ----------
    name : str
        Short identifier of the check, e.g. ``"claim_type/C5"``.
    message : str
        What went wrong, written for the student.

    Examples
    --------
    >>> str(CheckFailed("answer/type", "return a float"))
    'answer/type: return a float'
    """

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


def check(name: str, condition: Any, message: str) -> None:
    """Raise :class:`CheckFailed` named ``name`` unless ``condition`` is true.

    Parameters
    ----------
    name : str
        Short, stable identifier of the check (shown in feedback).
    condition : object
        The property being checked; its truth value decides the check.
    message : str
        Helpful explanation shown when the check fails. It should say what
        was expected without giving the answer away.

    Returns
    -------
    None

    Raises
    ------
    CheckFailed
        If ``condition`` is false.
    TypeError
        If ``name`` or ``message`` is not a non-empty string.

    Notes
    -----
    Hidden tests in this course are written as a series of ``check`` calls.
    The grader records each one (:func:`recording_checks`) and the feedback
    lists every check by name, with the message of each that failed, without
    the code of hidden tests. In a student's own kernel the first failing check
    of a cell raises; ``lukin-course validate`` lists them all.

    Examples
    --------
    >>> check("sum/small", 1 + 1 == 2, "1 + 1 should be 2")
    >>> check("sum/wrong", 1 + 1 == 3, "1 + 1 should be 3")
    Traceback (most recent call last):
    ...
    lukin_course.course.checks.CheckFailed: sum/wrong: 1 + 1 should be 3
    """
    for label, value in (("name", name), ("message", message)):
        if not isinstance(value, str) or not value.strip():
            raise TypeError(f"{label} must be a non-empty string, got {value!r}")
    passed = bool(condition)
    recorder = _RECORDER.get()
    if recorder is not None:
        recorder(name, passed, message, sys._getframe(1))
    elif not passed:
        raise CheckFailed(name, message)
