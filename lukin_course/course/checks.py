"""Named checks for autograder test cells.

A test cell calls :func:`check` once per property it tests. A failing check
raises :class:`CheckFailed` (an :class:`AssertionError`) whose message starts
with the check's name, so the student's feedback can say *which* check failed
and *why* even when the code of a hidden test is not shown.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CheckFailed", "check"]


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
    The feedback step (:mod:`lukin_course.course.feedback`) removes the code of
    hidden tests and shortens tracebacks to ``CheckFailed: name: message``, so
    students learn what failed without seeing the test.

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
    if not condition:
        raise CheckFailed(name, message)
