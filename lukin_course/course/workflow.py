"""nbgrader's steps, one function each, through nbgrader's Python API.

Every function takes a :class:`~lukin_course.course.coursedir.Course` and runs
nbgrader in-process (``nbgrader.apps.NbGraderAPI``), turning nbgrader's
``{"success": False, ...}`` results and common instructor mistakes into a
:class:`~lukin_course.course.coursedir.CourseError` that says what to do.
:mod:`~lukin_course.course.term` runs them with the checks of a term around
them (release, collect, and the guards around autograde and feedback).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .coursedir import Course, CourseError
from .progress import ProgressBar

__all__ = [
    "AutogradeReport",
    "add_student",
    "autograde",
    "cell_scores",
    "checked",
    "feedback",
    "generate",
    "list_students",
    "submitted_students",
]


def checked(result: dict[str, Any], what: str) -> str:
    """Return the captured log of an nbgrader API call, or raise its error in one line.

    Examples
    --------
    >>> checked({"success": True, "log": "[INFO] done"}, "releasing 01")
    '[INFO] done'
    >>> checked({"success": False, "log": "[ERROR] No file\\n[ERROR] Giving up"}, "releasing 01")
    Traceback (most recent call last):
    ...
    lukin_course.course.coursedir.CourseError: releasing 01 failed: No file; Giving up
    """
    log = str(result.get("log", ""))
    if not result.get("success", False):
        errors = [
            re.sub(r"^\[(ERROR|CRITICAL)\]\s*", "", line).strip()
            for line in log.splitlines()
            if line.startswith(("[ERROR]", "[CRITICAL]"))
        ]
        if not errors:
            lines = [ln for ln in str(result.get("error", "")).strip().splitlines() if ln.strip()]
            errors = lines[-1:] or ["unknown error"]
        raise CourseError(f"{what} failed: {'; '.join(e for e in errors if e)}")
    return log


def generate(course: Course, assignment: str) -> Path:
    """Generate the student version of ``assignment`` into the release folder.

    Wraps ``nbgrader generate_assignment`` (solutions, hidden tests and mark
    schemes removed; cells locked; checksums recorded in the gradebook).

    Returns
    -------
    pathlib.Path
        The folder with the generated notebooks.
    """
    course.require_assignment(assignment)
    checked(course.api().generate_assignment(assignment, force=True), f"generating {assignment}")
    return course.release_dir / assignment


def submitted_students(course: Course, assignment: str) -> list[str]:
    """Students with a collected submission of ``assignment`` (sorted)."""
    submitted = course.folder("submitted")
    if not submitted.is_dir():
        return []
    return sorted(p.name for p in submitted.iterdir() if (p / assignment).is_dir())


@dataclass
class AutogradeReport:
    """Which submissions were autograded, and which failed (with the reason)."""

    graded: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


def autograde(
    course: Course,
    assignment: str,
    students: list[str] | None = None,
    *,
    skip_graded: bool = False,
    stream: TextIO | None = None,
) -> AutogradeReport:
    """Autograde the collected submissions of ``assignment``, showing a progress bar.

    Parameters
    ----------
    course : Course
    assignment : str
        The assignment to grade.
    students : list of str, optional
        Only these students (a batch); default: every collected submission.
    skip_graded : bool
        Skip submissions that already have an autograded version (resume a batch).
    stream : file-like, optional
        Where the progress bar is drawn (default ``sys.stderr``).

    Returns
    -------
    AutogradeReport
        One failing submission does not stop the others.

    Raises
    ------
    CourseError
        Unknown assignment, nothing submitted, or a requested student without a submission.
    """
    course.require_assignment(assignment)
    available = submitted_students(course, assignment)
    if not available:
        raise CourseError(
            f"nothing submitted for {assignment!r}: run `lukin-course collect {assignment}` first"
        )
    if students:
        missing = sorted(set(students) - set(available))
        if missing:
            raise CourseError(
                f"no collected submission of {assignment!r} for: {', '.join(missing)}; "
                f"submissions exist for: {', '.join(available)}"
            )
        todo = sorted(set(students))
    else:
        todo = available
    autograded = course.folder("autograded")
    if skip_graded:
        todo = [s for s in todo if not (autograded / s / assignment).is_dir()]
    api = course.api()
    report = AutogradeReport()
    bar = ProgressBar(len(todo), stream=stream, prefix=f"autograding {assignment}")
    for student in todo:
        result = api.autograde(assignment, student, force=True, create=True)
        try:
            checked(result, f"autograding {student}")
        except CourseError as exc:
            report.failed[student] = str(exc)
        else:
            report.graded.append(student)
        bar.advance(student)
    bar.close()
    return report


def feedback(course: Course, assignment: str, *, release_to_exchange: bool = True) -> list[Path]:
    """Generate HTML feedback for every autograded submission and release it.

    Returns
    -------
    list of pathlib.Path
        The feedback HTML files.
    """
    course.require_assignment(assignment)
    api = course.api()
    if not api.get_autograded_students(assignment):
        raise CourseError(
            f"nothing autograded for {assignment!r}: "
            f"run `lukin-course autograde {assignment}` first"
        )
    checked(api.generate_feedback(assignment, force=True), f"generating feedback for {assignment}")
    if release_to_exchange:
        checked(api.release_feedback(assignment), f"releasing feedback for {assignment}")
    folder = course.folder("feedback")
    return sorted(folder.glob(f"*/{assignment}/*.html"))


def add_student(
    course: Course, student_id: str, *, first_name: str = "", last_name: str = "", email: str = ""
) -> None:
    """Add (or update) a student in the gradebook.

    nbgrader ignores students listed in its configuration, so students are added
    through the gradebook API, like ``nbgrader db student add``.
    """
    from .roster import check_student_id

    check_student_id(student_id)
    with course.gradebook() as gb:
        gb.update_or_create_student(
            student_id,
            first_name=first_name or None,
            last_name=last_name or None,
            email=email or None,
        )


def list_students(course: Course) -> list[dict[str, str]]:
    """Students in the gradebook as dicts with id, first_name, last_name, email."""
    with course.gradebook() as gb:
        return [
            {
                "id": s.id,
                "first_name": s.first_name or "",
                "last_name": s.last_name or "",
                "email": s.email or "",
            }
            for s in gb.students
        ]


def cell_scores(course: Course, assignment: str, student: str) -> dict[str, dict[str, Any]]:
    """Score of every graded cell of one submission, keyed by grade id.

    Each value has ``score`` (None while awaiting a manual grade), ``max_score``,
    ``auto_score``, ``needs_manual_grade``, ``notebook``, ``cell_type`` and
    ``autograded``: True for the autograder's test cells (graded cells that are
    not answers), False for answers graded by hand (written answers, tasks).
    """
    from nbgrader.api import GradeCell, MissingEntry

    with course.gradebook() as gb:
        try:
            submission = gb.find_submission(assignment, student)
        except MissingEntry as exc:
            raise CourseError(f"no graded submission of {assignment!r} for {student!r}") from exc
        scores = {}
        for nb in submission.notebooks:
            answers = {cell.name for cell in nb.notebook.solution_cells}
            for grade in nb.grades:
                scores[grade.name] = {
                    "notebook": nb.name,
                    "score": None if grade.needs_manual_grade else grade.score,
                    "auto_score": grade.auto_score,
                    "max_score": grade.max_score,
                    "needs_manual_grade": grade.needs_manual_grade,
                    "cell_type": grade.cell.cell_type,
                    "autograded": isinstance(grade.cell, GradeCell) and grade.name not in answers,
                }
        return scores
