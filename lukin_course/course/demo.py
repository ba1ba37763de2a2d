"""A whole term in a temporary course, with synthetic students, through the real exchange.

:func:`run_term` copies the course's ``nbgrader_config.py`` and assignments into
a fresh folder with its own exchange and gradebook, then plays a term:
release → each student fetches, works and submits → collect → autograde →
feedback (each student fetches it) → export. The standard students are:

=============  ================================================================
``correct``    every answer taken from the solutions
``partial``    the first half of the code answers, nothing else
``blank``      submits the notebook as released
``broken``     an infinite loop (hits the timeout) in the first code answer and
               ``os._exit`` (kills the kernel) in the last
=============  ================================================================
"""

from __future__ import annotations

import copy
import io
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from .coursedir import CONFIG_NAME, Course, CourseError, load_course
from .student import StudentEnv

__all__ = [
    "INFINITE_LOOP",
    "KERNEL_CRASH",
    "STANDARD_STUDENTS",
    "Behaviour",
    "TermResult",
    "answer_cells",
    "blank",
    "broken",
    "correct",
    "partial",
    "run_demo",
    "run_term",
]

INFINITE_LOOP = "while True:  # never ends: the autograder's timeout stops it\n    pass\n"
KERNEL_CRASH = "import os\n\nos._exit(1)  # kills the kernel\n"

#: A behaviour turns (solutions notebook, released notebook) into a submission.
Behaviour = Callable[[NotebookNode, NotebookNode], NotebookNode]


def _gid(cell: NotebookNode) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def answer_cells(nb: NotebookNode, cell_type: str | None = "code") -> list[str]:
    """Grade ids of the answer (solution) cells of ``nb``, in order."""
    return [
        str(_gid(c))
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("solution")
        and (cell_type is None or c.cell_type == cell_type)
    ]


def _fill(source: NotebookNode, release: NotebookNode, ids: set[str]) -> NotebookNode:
    """Copy the solution text of the cells ``ids`` from ``source`` into a copy of ``release``."""
    answers = {_gid(c): c.source for c in source.cells}
    out = copy.deepcopy(release)
    for cell in out.cells:
        if _gid(cell) in ids:
            cell.source = answers[_gid(cell)]
    return out


def correct(source: NotebookNode, release: NotebookNode) -> NotebookNode:
    """Every answer, code and written, taken from the solutions."""
    return _fill(source, release, set(answer_cells(release, None)))


def partial(source: NotebookNode, release: NotebookNode) -> NotebookNode:
    """The first half (rounded up) of the code answers; written answers left blank."""
    code = answer_cells(release)
    return _fill(source, release, set(code[: (len(code) + 1) // 2]))


def blank(source: NotebookNode, release: NotebookNode) -> NotebookNode:
    """The released notebook, unchanged."""
    return copy.deepcopy(release)


def broken(source: NotebookNode, release: NotebookNode) -> NotebookNode:
    """Correct answers, but an infinite loop in the first code answer, a crash in the last."""
    out = correct(source, release)
    code = answer_cells(out)
    for cell in out.cells:
        if _gid(cell) == code[0]:
            cell.source = INFINITE_LOOP + cell.source
        if _gid(cell) == code[-1]:
            cell.source = KERNEL_CRASH + cell.source
    return out


STANDARD_STUDENTS: dict[str, Behaviour] = {
    "correct": correct,
    "partial": partial,
    "blank": blank,
    "broken": broken,
}


@dataclass
class TermResult:
    """What a term produced: the demo course, its grades and feedback."""

    course: Course
    assignments: list[str]
    grades: list[dict[str, str]] = field(default_factory=list)
    feedback: dict[str, list[Path]] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)

    def table(self) -> str:
        """The grade table as aligned text."""
        cols = ["assignment", "student_id", "score", "max_score"]
        rows = [[r[c] for c in cols] for r in self.grades]
        widths = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(cols)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True))]
        lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in rows]
        return "\n".join(lines)


def _notebooks(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.ipynb"))


def run_term(
    course: Course,
    workdir: str | Path,
    assignments: list[str] | None = None,
    students: dict[str, Behaviour] | None = None,
    *,
    timeout: int = 10,
) -> TermResult:
    """Play a whole term of ``assignments`` with synthetic ``students`` in ``workdir``.

    Parameters
    ----------
    course : Course
        The real course; only its config and sources are read.
    workdir : path-like
        An empty folder for the demo course, exchange and students' homes.
    assignments : list of str, optional
        Default: every assignment of the course.
    students : dict, optional
        Student id → behaviour (default :data:`STANDARD_STUDENTS`).
    timeout : int
        Seconds each cell may run when autograding (positive).

    Returns
    -------
    TermResult
    """
    from . import workflow

    if isinstance(timeout, bool) or not isinstance(timeout, int) or timeout <= 0:
        raise ValueError(f"timeout must be a positive integer, got {timeout!r}")
    names = assignments if assignments is not None else course.assignments()
    for name in names:
        course.require_assignment(name)
    students = dict(students if students is not None else STANDARD_STUDENTS)
    work = Path(workdir)
    root, exchange = work / "course", work / "exchange"
    root.mkdir(parents=True)
    shutil.copy(course.root / CONFIG_NAME, root / CONFIG_NAME)
    for name in names:
        shutil.copytree(course.source_dir / name, root / course.source_dir.name / name)
    demo = load_course(
        root,
        CourseDirectory__db_url=f"sqlite:///{root / 'gradebook.db'}",
        Exchange__root=str(exchange),
        ExecutePreprocessor__timeout=timeout,
        ExchangeCollect__check_owner=False,
    )
    for sid in students:
        workflow.add_student(demo, sid, first_name=sid.title(), last_name="Synthetic")
    result = TermResult(course=demo, assignments=list(names))
    for name in names:
        workflow.release(demo, name)
        for sid, behave in students.items():
            env = StudentEnv(sid, work / "homes" / sid, exchange, demo.course_id)
            folder = env.fetch(name)
            for path in _notebooks(folder):
                src = nbformat.read(demo.source_dir / name / path.name, as_version=4)
                nbformat.write(behave(src, nbformat.read(path, as_version=4)), path)
            env.submit(name)
        workflow.collect(demo, name)
        report = workflow.autograde(demo, name, stream=io.StringIO())
        result.failed.update({f"{name}/{k}": v for k, v in report.failed.items()})
        workflow.feedback(demo, name)
        for sid in students:
            env = StudentEnv(sid, work / "homes" / sid, exchange, demo.course_id)
            result.feedback[f"{name}/{sid}"] = env.fetch_feedback(name)
    result.grades = workflow.export_grades(demo, root / "grades.csv")
    return result


def run_demo(
    course: Course, assignment: str | None = None, *, timeout: int = 10, keep: str | None = None
) -> TermResult:
    """Run :func:`run_term` for one assignment (default: the first) in a temporary folder.

    ``keep`` names a new folder to keep the demo course in; otherwise it is deleted.
    """
    names = course.assignments()
    if not names:
        raise CourseError(f"no assignments in {course.source_dir}")
    chosen = [course.require_assignment(assignment) if assignment else names[0]]
    if keep is not None:
        target = Path(keep)
        if target.exists():
            raise CourseError(f"--keep folder {target} already exists; name a new one")
        return run_term(course, target, chosen, timeout=timeout)
    with tempfile.TemporaryDirectory(prefix="lukin-course-demo-") as tmp:
        return run_term(course, tmp, chosen, timeout=timeout)
