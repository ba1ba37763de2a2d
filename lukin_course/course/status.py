"""Where the term stands: per student, their points and what to do next.

:func:`assignment_status` (``lukin-course status ASSIGNMENT``) gives one
:class:`StudentStatus` per student of the gradebook (and per held id): the
autograded points, the points given by hand or still pending, the total so
far, how late the submission was, and the next step, read from the exchange,
the course folders and the gradebook:

===================================  =======================================================
next step                            when
===================================  =======================================================
``wait for a submission``            nothing in the exchange yet
``not submitted (due date passed)``  nothing in the exchange, and the due date has passed
``collect``                          a submission (or a newer one) waits in the exchange
``autograde``                        collected but not graded, or collected again since
``grade by hand: <cells>``           answers wait for a grader (Formgrader)
``feedback``                         graded, but no feedback for this submission yet
``feedback again: ...``              feedback said "not graded yet" for answers graded since
``done``                             feedback released for the graded submission
``held: add the student ...``        submitted under an id that is not in the gradebook
===================================  =======================================================

:func:`course_status` (``lukin-course status``) sums this up per assignment.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from .coursedir import Course
from .grades import SubmissionGrades, read_submissions

__all__ = [
    "AssignmentSummary",
    "StudentStatus",
    "assignment_status",
    "course_status",
    "format_late",
    "format_status",
    "format_summary",
]


def _utc(text: str) -> dt.datetime | None:
    from nbgrader.utils import parse_utc

    try:
        return parse_utc(text) if text else None
    except (ValueError, OverflowError):
        return None


def format_late(seconds: float) -> str:
    """A delay as days, hours and minutes; empty when on time.

    Examples
    --------
    >>> format_late(0), format_late(59), format_late(93780)
    ('', '1 min', '1 d 2 h 3 min')
    """
    if seconds <= 0:
        return ""
    minutes = max(1, int(-(-seconds // 60)))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [
        f"{days} d" if days else "",
        f"{hours} h" if hours else "",
        f"{minutes} min" if minutes else "",
    ]
    return " ".join(p for p in parts if p)


def _pts(x: float) -> str:
    return f"{x:g}"


@dataclass
class StudentStatus:
    """One student's standing in one assignment."""

    student: str
    name: str
    in_gradebook: bool
    submitted: bool
    grades: SubmissionGrades | None
    seconds_late: float
    next_step: str
    reopened: list[str] = field(default_factory=list)

    @property
    def autograded(self) -> str:
        """Autograded points as ``scored / worth`` (empty before autograding)."""
        g = self.grades
        return f"{_pts(g.autograded)} / {_pts(g.autograded_max)}" if g else ""

    @property
    def by_hand(self) -> str:
        """Points given by hand, and the points still pending."""
        g = self.grades
        if g is None or g.by_hand_max == 0:
            return ""
        graded_max = g.by_hand_max - sum(c.max_score for c in g.cells if c.by_hand and c.pending)
        parts = []
        if graded_max > 0:
            parts.append(f"{_pts(g.by_hand)} / {_pts(graded_max)}")
        if g.pending:
            parts.append(f"{_pts(g.pending)} pending")
        return ", ".join(parts)

    @property
    def total(self) -> str:
        """Points so far out of the assignment's total."""
        g = self.grades
        return f"{_pts(g.score)} / {_pts(g.max_score)}" if g else ""


def _feedback_state(course: Course, assignment: str, student: str) -> tuple[str | None, list[str]]:
    from .term import NOT_GRADED_FILE

    folder = course.folder("feedback") / student / assignment
    if not any(folder.glob("*.html")):
        return None, []
    try:
        stamp = (folder / "timestamp.txt").read_text(encoding="utf-8").strip()
    except OSError:
        stamp = ""
    try:
        not_graded = json.loads((folder / NOT_GRADED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        not_graded = []
    return stamp, list(not_graded)


def _names(course: Course) -> dict[str, str]:
    from nbgrader.api import Student

    with course.gradebook() as gb:
        return {
            sid: " ".join(x for x in (first, last) if x)
            for sid, first, last in gb.db.query(Student.id, Student.first_name, Student.last_name)
        }


def _duedate(course: Course, assignment: str) -> dt.datetime | None:
    from nbgrader.api import Assignment

    with course.gradebook() as gb:
        row = gb.db.query(Assignment.duedate).filter(Assignment.name == assignment).first()
    return row[0] if row else None


def _inbound_latest(course: Course, assignment: str) -> dict[str, dt.datetime | None]:
    from .exchange import exchange_root

    inbound = exchange_root(course) / course.course_id / "inbound"
    latest: dict[str, dt.datetime | None] = {}
    try:
        names = [p.name for p in inbound.iterdir()]
    except OSError:
        return latest
    for name in names:
        parts = name.rsplit("+", 3)
        if len(parts) < 3 or parts[1] != assignment:
            continue
        when = _utc(parts[2])
        old = latest.get(parts[0])
        latest[parts[0]] = when if old is None or (when is not None and when > old) else old
    return latest


_NEVER = dt.datetime.min


def _newer(a: dt.datetime | None, b: dt.datetime | None) -> bool:
    """Whether the exchange's submission ``a`` is newer than the collected ``b``."""
    return b is _NEVER or (a is not None and b is not None and a > b)


def assignment_status(course: Course, assignment: str) -> list[StudentStatus]:
    """Every student's standing in ``assignment``, sorted by student id.

    Students in the gradebook come first; ids that submitted without being in
    the gradebook (held at collection) follow.
    """
    from .handgrading import dropped_hand_grades
    from .workflow import submitted_students

    course.require_assignment(assignment)
    names = _names(course)
    graded = read_submissions(course, assignment)
    inbound = _inbound_latest(course, assignment)
    collected = {}
    for student in submitted_students(course, assignment):
        stamp = course.folder("submitted") / student / assignment / "timestamp.txt"
        try:
            collected[student] = _utc(stamp.read_text(encoding="utf-8").strip())
        except OSError:
            collected[student] = None
    due = _duedate(course, assignment)
    rows = []
    for student in sorted(names) + sorted(set(inbound) - set(names)):
        known = student in names
        grades = graded.get(student)
        when = (
            collected.get(student) or (grades.timestamp if grades else None) or inbound.get(student)
        )
        late = max(0.0, (when - due).total_seconds()) if when and due else 0.0
        reopened = []
        if not known:
            step = f"held: add the student (lukin-course students add {student}), then collect"
        elif student not in inbound and student not in collected and grades is None:
            passed = due is not None and dt.datetime.now(dt.UTC).replace(tzinfo=None) > due
            step = "not submitted (due date passed)" if passed else "wait for a submission"
        elif student in inbound and _newer(inbound[student], collected.get(student, _NEVER)):
            step = "collect"
        elif grades is None or (
            collected.get(student) is not None and grades.timestamp != collected[student]
        ):
            step = "autograde"
        elif grades.pending_cells:
            reopened = [g.name for g in dropped_hand_grades(course, assignment, student)]
            step = "grade by hand: " + ", ".join(
                f"{c} (resubmitted)" if c in reopened else c for c in grades.pending_cells
            )
        else:
            fed, not_graded = _feedback_state(course, assignment, student)
            if fed is None or _utc(fed) != grades.timestamp:
                step = "feedback"
            elif not_graded:
                step = f"feedback again: {', '.join(not_graded)} graded since"
            else:
                step = "done"
        rows.append(
            StudentStatus(
                student=student,
                name=names.get(student, ""),
                in_gradebook=known,
                submitted=student in inbound or student in collected or grades is not None,
                grades=grades,
                seconds_late=late,
                next_step=step,
                reopened=reopened,
            )
        )
    return rows


def _table(header: list[str], body: list[list[str]], right: set[int]) -> str:
    widths = [max([len(h), *(len(r[i]) for r in body)]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            v.rjust(w) if i in right else v.ljust(w)
            for i, (v, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(header), *(line(r) for r in body)])


def format_status(rows: list[StudentStatus]) -> str:
    """The status table as aligned text, one line per student."""
    header = ["student", "autograded", "by hand", "total", "late", "next step"]
    body = [
        [r.student, r.autograded, r.by_hand, r.total, format_late(r.seconds_late), r.next_step]
        for r in rows
    ]
    return _table(header, body, {1, 3})


@dataclass
class AssignmentSummary:
    """How far one assignment has got."""

    assignment: str
    released: bool
    due: dt.datetime | None
    counts: dict[str, int]
    next_step: str


_STEPS = ("collect", "autograde", "grade by hand", "feedback")


def course_status(course: Course) -> list[AssignmentSummary]:
    """One :class:`AssignmentSummary` per assignment of the course."""
    from .exchange import exchange_root

    out = []
    outbound = exchange_root(course) / course.course_id / "outbound"
    for name in course.assignments():
        rows = assignment_status(course, name)
        counts: dict[str, int] = {
            "students": sum(r.in_gradebook for r in rows),
            "submitted": sum(r.submitted for r in rows if r.in_gradebook),
            "held": sum(not r.in_gradebook for r in rows),
            "done": sum(r.next_step == "done" for r in rows),
        }
        for step in _STEPS:
            counts[step] = sum(r.next_step.startswith(step) for r in rows if r.in_gradebook)
        released = (outbound / name).is_dir()
        todo = [f"{step} ({counts[step]})" for step in _STEPS if counts[step]]
        if not released:
            step = f"release: lukin-course release {name}"
        elif todo:
            step = ", ".join(todo)
        elif counts["submitted"]:
            step = "done"
        else:
            step = "wait for submissions"
        out.append(AssignmentSummary(name, released, _duedate(course, name), counts, step))
    return out


def format_summary(rows: list[AssignmentSummary]) -> str:
    """The course's status as aligned text, one line per assignment."""
    header = ["assignment", "released", "due (UTC)", "students", "submitted", "done", "next"]
    body: list[list[Any]] = [
        [
            r.assignment,
            "yes" if r.released else "no",
            r.due.strftime("%Y-%m-%d %H:%M") if r.due else "",
            str(r.counts["students"]),
            str(r.counts["submitted"])
            + (f" (+{r.counts['held']} held)" if r.counts["held"] else ""),
            str(r.counts["done"]),
            r.next_step,
        ]
        for r in rows
    ]
    return _table(header, body, {3, 4, 5})
