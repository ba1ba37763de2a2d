"""The graded course: the instructor's command line and helpers around nbgrader.

The ``lukin-course`` console script (:func:`lukin_course.course.cli.main`) wraps
nbgrader's own Python API so that each step of a term is one command:
``generate``, ``release``, ``collect``, ``autograde``, ``feedback``, ``export``
and ``students add/list``; ``demo`` runs a whole synthetic term.

=================  ============================================================
``checks``         named checks for test cells (failures show a name, not code)
``coursedir``      finding the course, loading ``nbgrader_config.py``
``execute``        autograde execution that survives a crashed kernel
``feedback``       feedback that hides hidden-test code but keeps failure names
``progress``       a small text progress bar
``sanitize``       deleted graded cells put back before grading
``workflow``       the instructor steps, one function each
``notebooks``      comparing release notebooks and scanning them for leaks
``authoring``      building nbgrader notebooks with the right metadata
``student``        the student side of the exchange (fetch, submit, feedback)
``demo``           a whole term with synthetic students
``cli``            the ``lukin-course`` command line
=================  ============================================================

Submodules are not imported here, so ``import lukin_course.course`` stays cheap;
nbgrader is loaded only by the modules that need it.
"""

from __future__ import annotations

__all__ = [
    "authoring",
    "checks",
    "cli",
    "coursedir",
    "demo",
    "execute",
    "feedback",
    "notebooks",
    "progress",
    "sanitize",
    "student",
    "workflow",
]
