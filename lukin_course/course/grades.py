"""The gradebook in bulk: every graded cell of every submission, in a few queries.

nbgrader's gradebook objects load lazily, one query per grade, which takes
minutes for a class of 2,000. :func:`read_submissions` reads an assignment's
grades with one joined query and returns one :class:`SubmissionGrades` per
submission, split the way an instructor reads them:

* **autograded** cells are the autograder's test cells;
* **by hand** cells are answers a grader marks in the Formgrader (written
  answers, tasks, code answers with points of their own);
* a cell is **pending** while nbgrader flags it ``needs_manual_grade``; a
  pending cell counts towards no score until it is graded.

The status table, the grade export and the feedback gate all read grades here,
so they agree with each other.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from .coursedir import Course
from .nbmeta import grade_id

__all__ = ["CellGrade", "SubmissionGrades", "cell_order", "max_points", "read_submissions"]


@dataclass(frozen=True)
class CellGrade:
    """One graded cell of one submission.

    Attributes
    ----------
    notebook, name : str
        The notebook and the cell's grade id.
    by_hand : bool
        True for answers graded by a person; False for autograder tests.
    score : float or None
        The points that count (a grader's score if given, else the
        autograder's, plus extra credit); None while pending.
    max_score : float
    pending : bool
        nbgrader's ``needs_manual_grade``.
    manual : bool
        True if a grader has entered a score.
    """

    notebook: str
    name: str
    by_hand: bool
    score: float | None
    max_score: float
    pending: bool
    manual: bool


@dataclass
class SubmissionGrades:
    """The grades of one student's submission of one assignment."""

    assignment: str
    student: str
    timestamp: dt.datetime | None
    duedate: dt.datetime | None
    cells: list[CellGrade] = field(default_factory=list)
    late_penalty: float = 0.0

    def _sum(self, by_hand: bool | None, what: str) -> float:
        out = 0.0
        for c in self.cells:
            if by_hand is not None and c.by_hand != by_hand:
                continue
            if what == "max":
                out += c.max_score
            elif what == "pending":
                out += c.max_score if c.pending else 0.0
            elif not c.pending:
                out += c.score or 0.0
        return out

    @property
    def autograded(self) -> float:
        """Points scored on the autograder's tests."""
        return self._sum(False, "score")

    @property
    def autograded_max(self) -> float:
        """What the autograder's tests are worth."""
        return self._sum(False, "max")

    @property
    def by_hand(self) -> float:
        """Points given by graders (answers no longer pending)."""
        return self._sum(True, "score")

    @property
    def by_hand_max(self) -> float:
        """What the hand-graded answers are worth."""
        return self._sum(True, "max")

    @property
    def pending(self) -> float:
        """Points of the cells still waiting for a grader."""
        return self._sum(None, "pending")

    @property
    def pending_cells(self) -> list[str]:
        """Grade ids of the pending cells, in notebook order."""
        return [c.name for c in self.cells if c.pending]

    @property
    def score(self) -> float:
        """Points so far: every cell that is not pending, less any late penalty."""
        return self._sum(None, "score") - self.late_penalty

    @property
    def max_score(self) -> float:
        """What the assignment is worth."""
        return self._sum(None, "max")

    @property
    def seconds_late(self) -> float:
        """Seconds after the due date (0 if on time or without a due date)."""
        if self.timestamp is None or self.duedate is None:
            return 0.0
        return max(0.0, (self.timestamp - self.duedate).total_seconds())


def cell_order(course: Course, assignment: str) -> dict[tuple[str, str], int]:
    """Position of each (notebook, grade id) in the assignment's source notebooks.

    The gradebook does not record the order of cells; the notebooks in the
    course's source folder do.
    """
    order: dict[tuple[str, str], int] = {}
    for path in sorted((course.source_dir / assignment).glob("*.ipynb")):
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue
        for cell in cells:
            gid = grade_id(cell)
            if gid:
                order[(path.stem, gid)] = len(order)
    return order


def read_submissions(course: Course, assignment: str) -> dict[str, SubmissionGrades]:
    """Every graded submission of ``assignment`` in the gradebook, keyed by student id.

    Cells come in the order of the notebooks' sources. An assignment the
    gradebook does not know yet gives an empty dict.
    """
    from nbgrader.api import (
        Assignment,
        BaseCell,
        Grade,
        Notebook,
        SolutionCell,
        SubmittedAssignment,
        SubmittedNotebook,
        TaskCell,
    )

    with course.gradebook() as gb:
        db = gb.db
        subs = (
            db.query(
                SubmittedAssignment.id,
                SubmittedAssignment.student_id,
                SubmittedAssignment.timestamp,
                SubmittedAssignment.extension,
                Assignment.duedate,
            )
            .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
            .filter(Assignment.name == assignment)
            .all()
        )
        if not subs:
            return {}
        answers = {
            (nb, name)
            for nb, name in db.query(Notebook.name, SolutionCell.name)
            .join(Notebook, SolutionCell.notebook_id == Notebook.id)
            .join(Assignment, Notebook.assignment_id == Assignment.id)
            .filter(Assignment.name == assignment)
        }
        tasks = {
            (nb, name)
            for nb, name in db.query(Notebook.name, TaskCell.name)
            .join(Notebook, TaskCell.notebook_id == Notebook.id)
            .join(Assignment, Notebook.assignment_id == Assignment.id)
            .filter(Assignment.name == assignment)
        }
        rows = (
            db.query(
                SubmittedNotebook.assignment_id,
                Notebook.name,
                BaseCell.name,
                Grade.auto_score,
                Grade.manual_score,
                Grade.extra_credit,
                Grade.needs_manual_grade,
                Grade.max_score,
                SubmittedNotebook.late_submission_penalty,
            )
            .join(SubmittedNotebook, Grade.notebook_id == SubmittedNotebook.id)
            .join(SubmittedAssignment, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
            .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
            .join(Notebook, SubmittedNotebook.notebook_id == Notebook.id)
            .join(BaseCell, Grade.cell_id == BaseCell.id)
            .filter(Assignment.name == assignment)
            .all()
        )
    out: dict[str, SubmissionGrades] = {}
    by_id: dict[str, SubmissionGrades] = {}
    for sub_id, student, timestamp, extension, duedate in subs:
        due = duedate + extension if duedate is not None and extension is not None else duedate
        grades = SubmissionGrades(assignment, student, timestamp, due)
        out[student] = by_id[sub_id] = grades
    penalties: dict[tuple[str, str], float] = {}
    for sub_id, nb, name, auto, manual, extra, needs, max_score, penalty in rows:
        key = (nb, name)
        chosen = manual if manual is not None else auto
        score = None if needs else (chosen or 0.0) + (extra or 0.0)
        by_id[sub_id].cells.append(
            CellGrade(
                notebook=nb,
                name=name,
                by_hand=key in answers or key in tasks,
                score=score,
                max_score=float(max_score or 0.0),
                pending=bool(needs),
                manual=manual is not None,
            )
        )
        penalties[(sub_id, nb)] = float(penalty or 0.0)
    for (sub_id, _), penalty in penalties.items():
        by_id[sub_id].late_penalty += penalty
    order = cell_order(course, assignment)
    for grades in out.values():
        grades.cells.sort(key=lambda c: order.get((c.notebook, c.name), len(order)))
    return out


def max_points(course: Course, assignment: str) -> list[tuple[str, str, float, bool]]:
    """The graded cells of ``assignment`` as (notebook, grade id, points, by hand), in order.

    Read from the gradebook's record of the last generation (empty if the
    assignment was never generated).
    """
    from nbgrader.api import Assignment, GradeCell, Notebook, SolutionCell, TaskCell

    with course.gradebook() as gb:
        db = gb.db

        def cells(kind: Any) -> list[tuple[str, str, float]]:
            return [
                (nb, name, float(points))
                for nb, name, points in db.query(Notebook.name, kind.name, kind.max_score)
                .join(Notebook, kind.notebook_id == Notebook.id)
                .join(Assignment, Notebook.assignment_id == Assignment.id)
                .filter(Assignment.name == assignment)
            ]

        graded = cells(GradeCell) + cells(TaskCell)
        tasks = {(nb, name) for nb, name, _ in cells(TaskCell)}
        answers = {
            (nb, name)
            for nb, name in db.query(Notebook.name, SolutionCell.name)
            .join(Notebook, SolutionCell.notebook_id == Notebook.id)
            .join(Assignment, Notebook.assignment_id == Assignment.id)
            .filter(Assignment.name == assignment)
        }
    order = cell_order(course, assignment)
    graded.sort(key=lambda c: order.get((c[0], c[1]), len(order)))
    return [
        (nb, name, pts, (nb, name) in answers or (nb, name) in tasks) for nb, name, pts in graded
    ]
