"""Grading by hand in the term: pending answers, mark schemes for graders, stale grades.

Written answers are graded by people in nbgrader's Formgrader. This module
keeps that step honest:

* :func:`pending_hand_grades` lists the answers still waiting for a grader, so
  feedback is not released over them by accident;
* :class:`NotGradedYet` (a feedback preprocessor) says "not graded yet" on
  those answers when feedback is released anyway (``feedback --force``),
  instead of "Score: 0.0 / 5.0";
* :class:`ShowMarkSchemes` (a preprocessor of the Formgrader's page) puts each
  answer's model answer and mark scheme, read from the solutions notebook,
  right below the student's answer. It runs only for the Formgrader's
  ``formgrade`` template, so nothing reaches a student's feedback;
* :func:`snapshot_hand_grades` and :func:`drop_stale_hand_grades` keep a hand
  grade only while the answer it was given to is unchanged: after a
  resubmission is autograded, a grade given to the old text no longer counts,
  the new answer waits for a grader, and :func:`dropped_hand_grades` says what
  was dropped (nbgrader itself keeps counting the old grade).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from .coursedir import Course
from .nbmeta import grade_id, nbgrader_meta

__all__ = [
    "DROPPED_FILE",
    "NOT_GRADED_YET",
    "DroppedGrade",
    "NotGradedYet",
    "ShowMarkSchemes",
    "drop_stale_hand_grades",
    "dropped_hand_grades",
    "pending_hand_grades",
    "snapshot_hand_grades",
]

#: What feedback says on an answer no grader has marked yet.
NOT_GRADED_YET = "Not graded yet"

#: The record of dropped grades, kept beside the autograded notebooks.
DROPPED_FILE = ".hand-grades-dropped.json"


def pending_hand_grades(course: Course, assignment: str) -> dict[str, list[str]]:
    """Students whose autograded submission of ``assignment`` has cells waiting for a grader.

    Returns
    -------
    dict of str to list of str
        Student id -> grade ids of the pending cells (students with none are left out).
    """
    from .grades import read_submissions

    out = {}
    for student, grades in sorted(read_submissions(course, assignment).items()):
        if grades.pending_cells:
            out[student] = grades.pending_cells
    return out


# --- feedback: "not graded yet" ---------------------------------------------------------------


class NotGradedYet(NbGraderPreprocessor):
    """In feedback, mark each answer that waits for a grader as not graded yet.

    Runs after nbgrader's ``GetGrades``. A pending cell loses its score line
    (which would read 0) and gets a note above it; a note at the top lists
    every pending answer and its points.
    """

    def preprocess(self, nb: NotebookNode, resources: Any) -> Any:
        from nbgrader.api import Gradebook

        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gb:
            submitted = gb.find_submission_notebook(
                info["notebook"], info["assignment"], info["student"]
            )
            pending = {g.name: float(g.max_score) for g in submitted.grades if g.needs_manual_grade}
        if not pending:
            return nb, resources
        cells = []
        for cell in nb.cells:
            gid = grade_id(cell)
            if gid in pending:
                cells.append(
                    new_markdown_cell(
                        f"**{NOT_GRADED_YET}** ({pending[gid]:g} points): your instructor has "
                        "not graded the answer below yet. It is not in the score above."
                    )
                )
                cell.metadata.nbgrader["grade"] = False  # no "Score: 0 / n" line for it
            cells.append(cell)
        listing = ", ".join(f"`{gid}` ({pts:g} points)" for gid, pts in pending.items())
        total = sum(pending.values())
        banner = new_markdown_cell(
            f"**{NOT_GRADED_YET}:** {listing}. The score at the top counts only what has been "
            f"graded; these {total:g} points are added when your instructor has graded them, "
            "and your feedback is then released again."
        )
        nb.cells = [banner, *cells]
        return nb, resources


# --- the Formgrader: mark schemes beside the answers --------------------------------------------


def _hand_graded(cell: Any) -> bool:
    meta = nbgrader_meta(cell)
    return bool(meta.get("task") or (meta.get("grade") and meta.get("solution")))


class ShowMarkSchemes(NbGraderPreprocessor):
    """Show graders the model answer and mark scheme below each hand-graded answer.

    Registered as an ``HTMLExporter`` preprocessor in ``nbgrader_config.py``.
    nbgrader uses ``HTMLExporter`` for the Formgrader's pages and for students'
    feedback; this preprocessor acts only when the exporter renders the
    Formgrader's template (:attr:`template`), so feedback never shows a mark
    scheme. The text comes from the solutions notebook of the course
    (``CourseDirectory.source_directory``), so an edit there shows at once.
    """

    template = Unicode("formgrade", help="The exporter template this runs for.").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: Any) -> Any:
        if getattr(self.parent, "template_name", None) != self.template:
            return nb, resources
        assignment = resources.get("assignment_id")
        notebook = resources.get("notebook_id")
        if not assignment or not notebook:
            return nb, resources
        directory = self.config.CourseDirectory
        root = Path(str(directory.get("root", ".")))
        path = (
            root
            / str(directory.get("source_directory", "source"))
            / assignment
            / f"{notebook}.ipynb"
        )
        try:
            source = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.log.warning("No solutions notebook at %s: mark schemes not shown", path)
            return nb, resources
        schemes = {
            nbgrader_meta(c).get("grade_id"): "".join(c.get("source", ""))
            for c in source.get("cells", [])
            if _hand_graded(c)
        }
        cells = []
        for cell in nb.cells:
            cells.append(cell)
            gid = nbgrader_meta(cell).get("grade_id")
            if gid in schemes and _hand_graded(cell):
                points = nbgrader_meta(cell).get("points")
                worth = f", {points:g} points" if isinstance(points, int | float) else ""
                quoted = "\n".join(
                    f"> {line}" if line else ">" for line in schemes[gid].split("\n")
                )
                cells.append(
                    new_markdown_cell(
                        f"**Mark scheme** for `{gid}`{worth} (graders only; from "
                        f"`{path.relative_to(root)}`)\n\n{quoted}"
                    )
                )
        nb.cells = cells
        return nb, resources


# --- resubmissions: hand grades of changed answers no longer count -------------------------------


@dataclass(frozen=True)
class DroppedGrade:
    """A hand grade that no longer counts because the answer changed."""

    notebook: str
    name: str
    score: float
    max_score: float
    comment: str | None


def _answer_texts(path: Path) -> dict[str, str]:
    """What each graded cell was judged on: its own text for an answer, the code for a test."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return {}
    code = "\n".join(
        "".join(c.get("source", ""))
        for c in cells
        if c.get("cell_type") == "code" and nbgrader_meta(c).get("solution")
    )
    out = {}
    for c in cells:
        meta = nbgrader_meta(c)
        gid = meta.get("grade_id")
        if not gid or not (meta.get("grade") or meta.get("task")):
            continue
        out[gid] = "".join(c.get("source", "")) if _hand_graded(c) else code
    return out


def _manual_grades(
    course: Course, assignment: str, students: list[str] | None
) -> list[tuple[str, str, str]]:
    """(student, notebook, grade id) of every cell of ``assignment`` with a grader's score."""
    from nbgrader.api import (
        Assignment,
        BaseCell,
        Grade,
        Notebook,
        SubmittedAssignment,
        SubmittedNotebook,
    )

    with course.gradebook() as gb:
        query = (
            gb.db.query(SubmittedAssignment.student_id, Notebook.name, BaseCell.name)
            .select_from(Grade)
            .join(SubmittedNotebook, Grade.notebook_id == SubmittedNotebook.id)
            .join(SubmittedAssignment, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
            .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
            .join(Notebook, SubmittedNotebook.notebook_id == Notebook.id)
            .join(BaseCell, Grade.cell_id == BaseCell.id)
            .filter(Assignment.name == assignment, Grade.manual_score.isnot(None))
        )
        if students is not None:
            query = query.filter(SubmittedAssignment.student_id.in_(students))
        return [(s, nb, name) for s, nb, name in query.all()]


def snapshot_hand_grades(
    course: Course, assignment: str, students: list[str] | None = None
) -> dict[tuple[str, str, str], str]:
    """Before autograding: the text each hand grade of ``assignment`` was given to.

    Returns
    -------
    dict
        (student, notebook, grade id) -> the answer's text in the autograded
        notebook (for a test cell a grader overrode: the notebook's code answers).
    """
    folder = course.folder("autograded")
    texts: dict[tuple[str, str], dict[str, str]] = {}
    out = {}
    for student, notebook, name in _manual_grades(course, assignment, students):
        key = (student, notebook)
        if key not in texts:
            texts[key] = _answer_texts(folder / student / assignment / f"{notebook}.ipynb")
        out[(student, notebook, name)] = texts[key].get(name, "")
    return out


def drop_stale_hand_grades(
    course: Course, assignment: str, before: dict[tuple[str, str, str], str]
) -> dict[str, list[DroppedGrade]]:
    """After autograding: drop hand grades whose answer changed; keep the others.

    nbgrader keeps a grader's score through a new autograde and only flags it
    for review, so an old grade goes on counting for a new answer. Here a
    hand grade counts only while the answer is the text it was given to: if
    the answer changed, the score and the grader's comment are removed (and
    recorded in ``autograded/<student>/<assignment>/`` :data:`DROPPED_FILE`),
    and the cell waits for a grader again if it needs one; if it did not
    change, the grade stands and is no longer flagged.

    Returns
    -------
    dict of str to list of DroppedGrade
        Student id -> the grades dropped (students with none are left out).
    """
    from nbgrader.api import Comment, Grade, MissingEntry

    folder = course.folder("autograded")
    dropped: dict[str, list[DroppedGrade]] = {}
    texts: dict[tuple[str, str], dict[str, str]] = {}
    with course.gradebook() as gb:
        for (student, notebook, name), old in sorted(before.items()):
            key = (student, notebook)
            if key not in texts:
                texts[key] = _answer_texts(folder / student / assignment / f"{notebook}.ipynb")
            try:
                grade: Grade = gb.find_grade(name, notebook, assignment, student)
            except MissingEntry:
                continue
            if grade.manual_score is None:
                continue
            if texts[key].get(name, "") == old:
                grade.needs_manual_grade = False
                continue
            comment: Comment | None = None
            try:
                comment = gb.find_comment(name, notebook, assignment, student)
            except MissingEntry:
                pass
            dropped.setdefault(student, []).append(
                DroppedGrade(
                    notebook,
                    name,
                    float(grade.manual_score),
                    float(grade.max_score),
                    comment.manual_comment if comment is not None else None,
                )
            )
            grade.manual_score = None
            grade.extra_credit = None
            grade.needs_manual_grade = grade.auto_score is None
            if comment is not None:
                comment.manual_comment = None
        gb.db.commit()
    for student, grades in dropped.items():
        record = folder / student / assignment / DROPPED_FILE
        if record.parent.is_dir():
            record.write_text(json.dumps([asdict(g) for g in grades], indent=1), encoding="utf-8")
    return dropped


def dropped_hand_grades(course: Course, assignment: str, student: str) -> list[DroppedGrade]:
    """The hand grades dropped when ``student``'s latest submission was autograded."""
    record = course.folder("autograded") / student / assignment / DROPPED_FILE
    try:
        return [DroppedGrade(**g) for g in json.loads(record.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        return []
