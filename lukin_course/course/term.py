"""The steps of a term as the instructor runs them: each nbgrader step with the checks around it.

:mod:`~lukin_course.course.workflow` runs nbgrader's steps; the functions here
run them the way the ``lukin-course`` commands and the demo do, and say what
nbgrader would otherwise say quietly or not at all:

* :func:`release` refuses to replace a release that students have already
  submitted unless forced, says when the sources changed since the last
  generation, and records a due date;
* :func:`collect` reports new and updated submissions, passes on nbgrader's
  warning that a submission is owned by another user ("cheating attempt?"),
  holds submissions from ids not in the gradebook instead of grading them, and
  reports the entries of the exchange it refused to copy (links, pipes, bad
  names, impersonation: :mod:`~lukin_course.course.inbound`);
* :func:`autograde` warns when ``solutions/`` changed since the tests were
  recorded, grades only students in the gradebook, and drops hand grades whose
  answers a resubmission changed;
* :func:`feedback` refuses while answers wait for a grader unless forced, and
  then marks them "not graded yet".

Each returns what happened and a list of warnings (plain sentences that say
what to do); nothing here prints.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from . import workflow
from .coursedir import Course, CourseError
from .exchange import exchange_root, init_exchange, require_exchange
from .grader import AutogradeReport

__all__ = [
    "NOT_GRADED_FILE",
    "AutogradeResult",
    "CollectResult",
    "FeedbackResult",
    "ReleaseResult",
    "autograde",
    "collect",
    "feedback",
    "gradebook_students",
    "inbound_submissions",
    "parse_due",
    "release",
]

#: Written beside a student's feedback when it was released with answers not graded yet.
NOT_GRADED_FILE = ".not-graded-yet.json"

_OWNER = re.compile(
    r"(?P<path>\S+) claims to be submitted by (?P<student>\S+) but is owned by (?P<owner>.+?); "
    r"cheating attempt\?"
)


def gradebook_students(course: Course) -> set[str]:
    """Ids of the students in the gradebook."""
    from nbgrader.api import Student

    with course.gradebook() as gb:
        return {sid for (sid,) in gb.db.query(Student.id)}


def inbound_submissions(course: Course, assignment: str) -> dict[str, int]:
    """Submissions of ``assignment`` waiting in the exchange: student id -> how many."""
    inbound = exchange_root(course) / course.course_id / "inbound"
    counts: dict[str, int] = {}
    try:
        names = [p.name for p in inbound.iterdir()]
    except OSError:
        return counts
    for name in names:
        parts = name.rsplit("+", 3)
        if len(parts) >= 3 and parts[1] == assignment:
            counts[parts[0]] = counts.get(parts[0], 0) + 1
    return counts


def _collected(course: Course, assignment: str) -> dict[str, str]:
    """Collected submissions of ``assignment``: student id -> the timestamp nbgrader recorded."""
    out = {}
    for student in workflow.submitted_students(course, assignment):
        stamp = course.folder("submitted") / student / assignment / "timestamp.txt"
        try:
            out[student] = stamp.read_text(encoding="utf-8").strip()
        except OSError:
            out[student] = ""
    return out


# --- release -------------------------------------------------------------------------------------


def parse_due(text: str) -> dt.datetime:
    """Read a due date, e.g. ``2026-03-01 17:00`` (local time) or ``2026-03-01T17:00+01:00``.

    Returns
    -------
    datetime.datetime
        The moment in UTC without a time zone, as nbgrader stores it.

    Raises
    ------
    CourseError
        If ``text`` is not an ISO 8601 date and time.

    Examples
    --------
    >>> parse_due("2026-03-01T17:00+01:00")
    datetime.datetime(2026, 3, 1, 16, 0)
    """
    try:
        when = dt.datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise CourseError(
            f"due date {text!r} is not a date and time like 2026-03-01 17:00 "
            "(local time) or 2026-03-01T17:00+01:00"
        ) from exc
    return when.astimezone(dt.UTC).replace(tzinfo=None)


@dataclass
class ReleaseResult:
    """Where an assignment was released, and what the instructor should know."""

    path: Path
    replaced: bool = False
    due: dt.datetime | None = None
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def release(
    course: Course, assignment: str, *, force: bool = False, due: str | None = None
) -> ReleaseResult:
    """Generate ``assignment`` from its sources and release it to the exchange.

    Parameters
    ----------
    course : Course
    assignment : str
    force : bool
        Replace a release that students have already submitted.
    due : str, optional
        A due date (see :func:`parse_due`); submissions after it are flagged late.

    Raises
    ------
    CourseError
        If the assignment is already released and has submissions (unless
        ``force``), the exchange cannot be created, or generation fails.
    """
    from nbgrader.api import MissingEntry

    from .notebooks import recorded_differences

    course.require_assignment(assignment)
    when = parse_due(due) if due is not None else None
    root = exchange_root(course)
    outbound = root / course.course_id / "outbound" / assignment
    released = outbound.is_dir()
    submitted = set(inbound_submissions(course, assignment)) | set(
        workflow.submitted_students(course, assignment)
    )
    if released and submitted and not force:
        raise CourseError(
            f"{assignment} is already released and {len(submitted)} students have submitted it: "
            "releasing again replaces what the others fetch, while those who fetched keep the "
            f"old version. To correct a mistake anyway: lukin-course release {assignment} --force"
        )
    result = ReleaseResult(path=outbound, replaced=released, due=when)
    changes = recorded_differences(course, assignment)
    if changes:
        result.notes.append(
            f"{course.source_dir.name}/{assignment} changed since it was last generated "
            f"({'; '.join(changes)}): regenerated {course.release_dir.name}/{assignment} and "
            "the tests in the gradebook (commit the regenerated notebooks)"
        )
    if not root.is_dir():
        result.notes += init_exchange(course)
    require_exchange(course)
    workflow.generate(course, assignment)
    if when is not None:
        with course.gradebook() as gb:
            try:
                gb.update_or_create_assignment(assignment, duedate=when)
            except MissingEntry as exc:  # pragma: no cover - generate just created it
                raise CourseError(f"{assignment} is not in the gradebook") from exc
    api = course.api()
    if released:
        workflow.checked(api.unrelease(assignment), f"removing the earlier release of {assignment}")
        result.warnings.append(
            f"replaced the earlier release of {assignment}: students who already fetched it "
            "keep their copy; tell them to fetch it again (after moving their copy away)"
        )
    workflow.checked(api.release_assignment(assignment), f"releasing {assignment} to the exchange")
    return result


# --- collect -------------------------------------------------------------------------------------


@dataclass
class CollectResult:
    """What a collection brought in."""

    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def collected(self) -> list[str]:
        """Every student with a collected submission (new, updated or unchanged)."""
        return sorted({*self.new, *self.updated, *self.unchanged})


def collect(course: Course, assignment: str) -> CollectResult:
    """Collect the latest submission of every student from the exchange.

    Submissions from ids that are not in the gradebook are not collected: they
    stay in the exchange, listed in :attr:`CollectResult.held`, until the
    student is added (``students add`` or ``students import``) and the
    assignment collected again.

    Raises
    ------
    CourseError
        Unknown assignment, an exchange that is missing or unreadable, or
        nothing submitted at all.
    """
    course.require_assignment(assignment)
    require_exchange(course, inbound=True)
    known = gradebook_students(course)
    before = _collected(course, assignment)
    outcome = course.api().collect(assignment, update=True)
    log = workflow.checked(outcome, f"collecting {assignment}")
    after = _collected(course, assignment)
    result = CollectResult()
    for student, stamp in sorted(after.items()):
        if student not in known:
            shutil.rmtree(course.folder("submitted") / student / assignment, ignore_errors=True)
            try:
                (course.folder("submitted") / student).rmdir()
            except OSError:
                pass
            result.held.append(student)
        elif student not in before:
            result.new.append(student)
        elif before[student] != stamp:
            result.updated.append(student)
        else:
            result.unchanged.append(student)
    from .inbound import REFUSED  # nbgrader's exchange classes: only when collecting

    quoted = r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\""  # a Python repr of a str
    for match in re.finditer(rf"{REFUSED} (?P<name>{quoted}): (?P<why>[^\n]+)", log):
        name = ast.literal_eval(match["name"])
        result.refused[name] = match["why"]
        result.warnings.append(
            f"refused {match['name']} in the exchange's inbound folder: {match['why']}. It was "
            "not copied (the student's latest acceptable submission, if any, was collected); "
            "ask the student to submit again with `nbgrader submit`"
        )
    for match in _OWNER.finditer(log):
        student, owner = match["student"], match["owner"]
        if student in result.held:
            continue
        result.warnings.append(
            f"{student}'s submission is owned by the system user {owner!r}, not {student!r}: "
            'someone else may have handed it in (nbgrader: "cheating attempt?"). Check with '
            "the student before grading; if students share one system account, set "
            "c.ExchangeCollect.check_owner = False in nbgrader_config.py"
        )
    if result.updated:
        result.warnings.append(
            f"updated submissions (a newer one replaced the collected one): "
            f"{', '.join(result.updated)}; autograde them again"
        )
    if result.held:
        result.warnings.append(
            f"held {len(result.held)} submissions from ids not in the gradebook: "
            f"{', '.join(result.held)}. They stay in the exchange, ungraded; add the students "
            "(lukin-course students import ROSTER.csv, or students add ID) and collect again, "
            "or ignore them"
        )
    if not result.collected and not result.held:
        raise CourseError(
            f"nothing submitted for {assignment!r} yet: no student has run "
            f"`nbgrader submit {assignment}` in the exchange {exchange_root(course)}"
        )
    return result


# --- autograde -----------------------------------------------------------------------------------


@dataclass
class AutogradeResult:
    """The autograder's report with what the term's checks found."""

    report: AutogradeReport
    dropped: dict[str, list[Any]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def autograde(
    course: Course,
    assignment: str,
    students: list[str] | None = None,
    *,
    skip_graded: bool = False,
    stream: TextIO | None = None,
    **options: Any,
) -> AutogradeResult:
    """Autograde the collected submissions of ``assignment`` of students in the gradebook.

    ``options`` are passed on to :func:`lukin_course.course.workflow.autograde`
    (the grading engine). Hand grades of answers that changed since they were
    graded are dropped afterwards (:func:`~lukin_course.course.handgrading.drop_stale_hand_grades`).
    """
    from .handgrading import drop_stale_hand_grades, snapshot_hand_grades
    from .notebooks import recorded_differences

    course.require_assignment(assignment)
    warnings: list[str] = []
    changes = recorded_differences(course, assignment)
    if changes:
        warnings.append(
            f"{course.source_dir.name}/{assignment} changed since it was generated "
            f"({'; '.join(changes)}); the autograder uses the tests recorded then. To grade with "
            f"the new ones: lukin-course generate {assignment}, then autograde again"
        )
    known = gradebook_students(course)
    available = workflow.submitted_students(course, assignment)
    unknown = sorted(set(students or available) - known)
    if students and unknown:
        raise CourseError(
            f"not in the gradebook: {', '.join(unknown)}; add them with "
            "`lukin-course students add ID` or `students import ROSTER.csv` first"
        )
    if unknown:
        warnings.append(
            f"not graded, not in the gradebook: {', '.join(unknown)} (add the students, then "
            "autograde again)"
        )
    todo = sorted(set(students)) if students else [s for s in available if s in known]
    if not todo:
        if available:
            raise CourseError(
                f"no collected submission of {assignment!r} is from a student in the gradebook"
            )
        raise CourseError(
            f"nothing submitted for {assignment!r}: run `lukin-course collect {assignment}` first"
        )
    before = snapshot_hand_grades(course, assignment, todo)
    report = workflow.autograde(
        course, assignment, todo, skip_graded=skip_graded, stream=stream, **options
    )
    dropped = drop_stale_hand_grades(course, assignment, before)
    for student, grades in dropped.items():
        listing = ", ".join(f"{g.name} (was {g.score:g} / {g.max_score:g})" for g in grades)
        warnings.append(
            f"{student} resubmitted {assignment}: hand grades of changed answers no longer "
            f"count: {listing}; grade the new answers in the Formgrader"
        )
    return AutogradeResult(report=report, dropped=dropped, warnings=warnings)


# --- feedback ------------------------------------------------------------------------------------


@dataclass
class FeedbackResult:
    """Feedback files released, and the answers they show as not graded yet."""

    files: list[Path]
    not_graded: dict[str, list[str]] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)


def feedback(course: Course, assignment: str, *, force: bool = False) -> FeedbackResult:
    """Generate feedback for every autograded submission and release it to the exchange.

    Raises
    ------
    CourseError
        While answers wait for a grader, unless ``force``: then the feedback
        says "not graded yet" on each of them.
    """
    import json

    from .grades import read_submissions
    from .handgrading import pending_hand_grades

    course.require_assignment(assignment)
    if not read_submissions(course, assignment):
        raise CourseError(
            f"nothing autograded for {assignment!r}: "
            f"run `lukin-course autograde {assignment}` first"
        )
    pending = pending_hand_grades(course, assignment)
    if pending and not force:
        cells = sum(len(v) for v in pending.values())
        shown = ", ".join(f"{s} ({len(v)})" for s, v in list(pending.items())[:5])
        more = f" and {len(pending) - 5} more" if len(pending) > 5 else ""
        raise CourseError(
            f"{cells} answers of {len(pending)} students wait to be graded by hand: {shown}{more}. "
            f"Grade them in the Formgrader (lukin-course status {assignment} lists them), or "
            f"release now with `lukin-course feedback {assignment} --force`: they will say "
            '"not graded yet"'
        )
    require_exchange(course)
    made = workflow.feedback(course, assignment)
    folder = course.folder("feedback")
    for student_dir in folder.glob(f"*/{assignment}"):
        marker = student_dir / NOT_GRADED_FILE
        student = student_dir.parent.name
        if student in pending:
            marker.write_text(json.dumps(pending[student]), encoding="utf-8")
        elif marker.exists():
            marker.unlink()
    return FeedbackResult(files=made.files, not_graded=pending, failed=made.failed)
