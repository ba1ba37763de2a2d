"""The graded course: the instructor's command line and helpers around nbgrader.

The ``lukin-course`` console script (:func:`lukin_course.course.cli.main`) wraps
nbgrader's own Python API so that each step of a term is one command:
``exchange init``, ``students import/export/add/list``, ``release``,
``collect``, ``autograde``, ``status``, ``feedback``, ``export`` and
``generate``; ``demo`` runs a whole synthetic term and students run
``validate``. Autograding runs each submission in a sandbox and the tests in
the grader (:mod:`lukin_course.course.grader`).

=================  ============================================================
``checks``         named checks for test cells (failures show a name, not code)
``coursedir``      finding the course, loading ``nbgrader_config.py``
``exchange``       the exchange folder: where it is, creating it, checking it
``inbound``        collecting from the exchange without following what students put there
``roster``         the class list: roster CSV import and export
``execute``        nbgrader's own (unsandboxed) autograder, switched off
``feedback``       for nbgrader's own feedback: hides hidden-test code
``grader``         sandboxed autograding, trusted tests, the single gradebook writer
``nbmeta``         the one accessor for a cell's nbgrader metadata, a blank notebook
``handgrading``    pending hand grades, mark schemes for graders, stale grades
``progress``       a small text progress bar
``workflow``       nbgrader's steps, one function each
``term``           the steps as a term runs them, with their checks
``grades``         the gradebook read in bulk, split into autograded and by hand
``status``         where each student stands and what to do next
``gradesheet``     the grade export (Moodle gradebook CSV)
``notebooks``      comparing generated notebooks with their sources, leak scans
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
    "exchange",
    "execute",
    "feedback",
    "grader",
    "grades",
    "gradesheet",
    "handgrading",
    "inbound",
    "nbmeta",
    "notebooks",
    "progress",
    "roster",
    "status",
    "student",
    "term",
    "workflow",
]
