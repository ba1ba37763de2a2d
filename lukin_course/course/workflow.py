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
from .grader import AutogradeReport

__all__ = [
    "FeedbackReport",
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


def autograde(
    course: Course,
    assignment: str,
    students: list[str] | None = None,
    *,
    skip_graded: bool = False,
    workers: int | None = None,
    scheduler: str | None = None,
    unsafe: bool = False,
    force: bool = False,
    stream: TextIO | None = None,
) -> AutogradeReport:
    """Autograde the collected submissions of ``assignment``, showing a progress bar.

    Each submission's code runs in a sandbox; its tests run in the grader, and
    the grader alone writes the gradebook (:mod:`lukin_course.course.grader`).

    Parameters
    ----------
    course : Course
    assignment : str
        The assignment to grade.
    students : list of str, optional
        Only these students (a batch); default: every collected submission.
    skip_graded : bool
        Skip submissions that were graded before, even if they changed since.
    workers : int, optional
        Submissions graded in parallel on this machine (default: the number of cores).
    scheduler : str, optional
        Address of a Dask scheduler to send the grading to instead (default:
        ``c.Grader.scheduler`` in ``nbgrader_config.py``, if set).
    unsafe : bool
        Grade without a sandbox where none is available (student code then
        runs with the instructor's rights).
    force : bool
        Grade again submissions that are already graded and unchanged.
    stream : file-like, optional
        Where the progress bar is drawn (default ``sys.stderr``).

    Returns
    -------
    AutogradeReport
        Graded, skipped (already up to date) and failed submissions with the
        reason; one failing submission does not stop the others. Running it
        again after an interruption grades what is left.

    Raises
    ------
    CourseError
        Unknown assignment, nothing submitted, a requested student without a
        submission, or no sandbox (without ``unsafe``).
    """
    from .grader import autograde_assignment, load_results

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
    if skip_graded:
        todo = [s for s in todo if load_results(course, assignment, s) is None]
    if scheduler is None:
        scheduler = str(course.config.Grader.get("scheduler", "") or "") or None
    return autograde_assignment(
        course,
        assignment,
        todo,
        workers=workers,
        scheduler=scheduler,
        unsafe=unsafe,
        force=force,
        stream=stream,
    )


@dataclass
class FeedbackReport:
    """Feedback pages written, and submissions whose feedback failed (with the reason)."""

    files: list[Path] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


def feedback(
    course: Course, assignment: str, *, release_to_exchange: bool = True
) -> FeedbackReport:
    """Write HTML feedback for every autograded submission from the grader's results; release it.

    Each page lists every check of every test cell with its result and the
    message of each failure, the student's answers and outputs (sanitized,
    capped) and never hidden test code (:mod:`lukin_course.course.grader`).
    One submission whose feedback cannot be made does not stop the others.

    Returns
    -------
    FeedbackReport
    """
    from .grader import load_results, render_feedback

    course.require_assignment(assignment)
    autograded = course.folder("autograded")
    students = (
        sorted(p.name for p in autograded.glob("*") if (p / assignment).is_dir())
        if autograded.is_dir()
        else []
    )
    if not students:
        raise CourseError(
            f"nothing autograded for {assignment!r}: "
            f"run `lukin-course autograde {assignment}` first"
        )
    folder = course.folder("feedback")
    report = FeedbackReport()
    for student in students:
        try:
            results = load_results(course, assignment, student)
            if results is None:
                raise CourseError("graded by another tool: run `lukin-course autograde` again")
            manual = cell_scores(course, assignment, student)
            target = folder / student / assignment
            target.mkdir(parents=True, exist_ok=True)
            source = autograded / student / assignment
            for extra in ("timestamp.txt", "submission_secret.txt"):
                if (source / extra).is_file():
                    (target / extra).write_text((source / extra).read_text())
            for name, result in results["notebooks"].items():
                page = render_feedback(assignment, student, name, result, manual)
                path = target / f"{name}.html"
                path.write_text(page, encoding="utf-8")
                report.files.append(path)
        except Exception as exc:  # one student's feedback never blocks the others
            report.failed[student] = f"{type(exc).__name__}: {exc}"
    if release_to_exchange and report.files:
        checked(course.api().release_feedback(assignment), f"releasing feedback for {assignment}")
    return report


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
