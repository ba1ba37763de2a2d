"""A whole term in a temporary course, with synthetic students, through the real exchange.

:func:`run_term` copies the course's ``nbgrader_config.py`` and assignments into
a fresh folder with its own exchange and gradebook, then plays a term, for each
assignment: release → each student fetches, works and submits → collect →
autograde → feedback (each student fetches it), through the same steps as the
``lukin-course`` commands (:mod:`~lukin_course.course.term`). Written answers
are not graded by hand in a demo, so the feedback is released with them marked
"not graded yet". At the end the grades are exported
(:mod:`~lukin_course.course.gradesheet`). :func:`run_demo` (``lukin-course demo``)
plays every assignment in ``solutions/``. The standard students are:

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
from typing import Any, TextIO

import nbformat
from nbformat import NotebookNode

from .coursedir import CONFIG_NAME, Course, CourseError, load_course
from .nbmeta import grade_id, nbgrader_meta
from .student import StudentEnv

__all__ = [
    "INFINITE_LOOP",
    "KERNEL_CRASH",
    "STANDARD_STUDENTS",
    "Behaviour",
    "ScoreRow",
    "TermResult",
    "answer_cells",
    "blank",
    "broken",
    "correct",
    "encrypt_kernels",
    "partial",
    "run_demo",
    "run_term",
    "score_row",
]

INFINITE_LOOP = "while True:  # never ends: the autograder's timeout stops it\n    pass\n"
KERNEL_CRASH = "import os\n\nos._exit(1)  # kills the kernel\n"

#: A behaviour turns (solutions notebook, released notebook) into a submission.
Behaviour = Callable[[NotebookNode, NotebookNode], NotebookNode]


def _gid(cell: NotebookNode) -> str | None:
    return grade_id(cell)


def answer_cells(nb: NotebookNode, cell_type: str | None = "code") -> list[str]:
    """Grade ids of the answer (solution) cells of ``nb``, in order."""
    return [
        str(_gid(c))
        for c in nb.cells
        if nbgrader_meta(c).get("solution") and (cell_type is None or c.cell_type == cell_type)
    ]


def _fill(source: NotebookNode, release: NotebookNode, ids: set[str]) -> NotebookNode:
    """Copy the solution text of the cells ``ids`` from ``source`` into a copy of ``release``.

    A written answer is copied without its mark scheme, which no student has.
    """
    answers = {
        _gid(c): _without_mark_scheme(c.source) if c.cell_type == "markdown" else c.source
        for c in source.cells
    }
    out = copy.deepcopy(release)
    for cell in out.cells:
        if _gid(cell) in ids:
            cell.source = answers[_gid(cell)]
    return out


def _without_mark_scheme(text: str) -> str:
    start = text.find("=== BEGIN MARK SCHEME ===")
    return text if start < 0 else text[:start].rstrip()


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


def encrypt_kernels(config: Any) -> bool:
    """Ask for encrypted kernel connections (CurveZMQ) unless the configuration chose otherwise.

    A kernel started over plain TCP warns on its standard error ("Kernel is
    running over TCP without encryption"), once per kernel, so once per graded
    notebook. With ``KernelManager.transport_encryption = "auto"``, jupyter_client
    gives kernels whose kernelspec supports it (ipykernel's does) CurveZMQ keys:
    the traffic is encrypted and the kernel has nothing to warn about.

    Returns
    -------
    bool
        True if the setting was added; False if the configuration already sets
        the kernel transport or its encryption, or this ZeroMQ lacks CurveZMQ.

    Examples
    --------
    >>> from traitlets.config import Config
    >>> c = Config()
    >>> c.KernelManager.transport = "ipc"
    >>> encrypt_kernels(c)
    False
    """
    import zmq

    chosen = {"transport", "transport_encryption"}
    for section in ("KernelManager", "AsyncKernelManager"):
        if chosen & set(config[section]):
            return False
    if not zmq.has("curve"):
        return False
    config.KernelManager.transport_encryption = "auto"
    return True


@dataclass(frozen=True)
class ScoreRow:
    """One submission's points, split the way an instructor reads them.

    Attributes
    ----------
    assignment, student : str
        The submission.
    autograded, autograded_max : float
        Points scored on the autograder's test cells, and what they are worth.
    pending : float
        Points of answers awaiting a grader (nbgrader's ``needs_manual_grade``).
    max_score : float
        The assignment's total, autograded and hand-graded points together.
    """

    assignment: str
    student: str
    autograded: float
    autograded_max: float
    pending: float
    max_score: float


def score_row(course: Course, assignment: str, student: str) -> ScoreRow:
    """Read one graded submission's :class:`ScoreRow` from the gradebook."""
    from . import workflow

    cells = list(workflow.cell_scores(course, assignment, student).values())
    auto = [c for c in cells if c["autograded"]]
    return ScoreRow(
        assignment,
        student,
        autograded=sum(float(c["auto_score"] or 0) for c in auto),
        autograded_max=sum(float(c["max_score"]) for c in auto),
        pending=sum(float(c["max_score"]) for c in cells if c["needs_manual_grade"]),
        max_score=sum(float(c["max_score"]) for c in cells),
    )


_SUMMED = ("autograded", "autograded_max", "pending", "max_score")


def _pts(x: float) -> str:
    return f"{x:g}"


LEGEND = """\
autograded        points scored on the autograder's tests / what those tests are worth
pending by hand   points of written answers waiting for a grader (Formgrader); an answer
                  submitted as released scores 0 at once and waits for nobody
total             the assignment's points. The export (grades.csv) has a column per
                  question, the points pending, and each total once nothing is pending"""


@dataclass
class TermResult:
    """What a term produced: the demo course, its grades and feedback."""

    course: Course
    assignments: list[str]
    grades: list[dict[str, str]] = field(default_factory=list)  # the export's rows
    scores: list[ScoreRow] = field(default_factory=list)
    feedback: dict[str, list[Path]] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)

    @property
    def grades_csv(self) -> Path:
        """The course's export of the term's grades (:mod:`~lukin_course.course.gradesheet`)."""
        return self.course.root / "grades.csv"

    def totals(self) -> list[ScoreRow]:
        """Each student's term total: the sum of their rows in :attr:`scores`."""
        out = []
        for sid in sorted({r.student for r in self.scores}):
            rows = [r for r in self.scores if r.student == sid]
            out.append(
                ScoreRow(
                    "term total",
                    sid,
                    *(sum(getattr(r, f) for r in rows) for f in _SUMMED),
                )
            )
        return out

    def table(self) -> str:
        """The grade table as aligned text: one row per submission, term totals, a legend."""
        cols = ["assignment", "student", "autograded", "pending by hand", "total"]
        body = [
            [
                r.assignment,
                r.student,
                f"{_pts(r.autograded)} / {_pts(r.autograded_max)}",
                _pts(r.pending),
                _pts(r.max_score),
            ]
            for r in [*self.scores, *self.totals()]
        ]
        widths = [max([len(c), *(len(r[i]) for r in body)]) for i, c in enumerate(cols)]
        right = {2, 3, 4}

        def line(cells: list[str]) -> str:
            return "  ".join(
                v.rjust(w) if i in right else v.ljust(w)
                for i, (v, w) in enumerate(zip(cells, widths, strict=True))
            ).rstrip()

        lines = [line(cols)] + [line(r) for r in body[: len(self.scores)]]
        lines += [line(["-" * w for w in widths])] + [line(r) for r in body[len(self.scores) :]]
        return "\n".join([*lines, "", LEGEND])


def _notebooks(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.ipynb"))


def _say(stream: TextIO | None, text: str) -> None:
    if stream is not None:
        print(text, file=stream, flush=True)


def run_term(
    course: Course,
    workdir: str | Path,
    assignments: list[str] | None = None,
    students: dict[str, Behaviour] | None = None,
    *,
    timeout: int = 10,
    stream: TextIO | None = None,
    db_url: str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
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
    stream : file-like, optional
        Where to report each step and draw the autograder's progress bar
        (default: nowhere).
    db_url : str, optional
        The gradebook (any SQLAlchemy URL; default a new SQLite file in the demo course).
    workers, scheduler : optional
        Passed to :func:`~lukin_course.course.workflow.autograde` (parallel
        workers on this machine, or a Dask scheduler's address).

    Returns
    -------
    TermResult

    Notes
    -----
    Kernels are asked for encrypted connections (:func:`encrypt_kernels`) unless
    the course's configuration chose a transport itself.
    """
    from . import term, workflow
    from .gradesheet import write_gradesheet

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
        CourseDirectory__db_url=db_url or f"sqlite:///{root / 'gradebook.db'}",
        Exchange__root=str(exchange),
        ExecutePreprocessor__timeout=timeout,
        ExchangeCollect__check_owner=False,
    )
    encrypt_kernels(demo.config)
    for sid in students:
        workflow.add_student(demo, sid, first_name=sid.title(), last_name="Synthetic")
    result = TermResult(course=demo, assignments=list(names))
    plural = "" if len(names) == 1 else "s"
    _say(stream, f"a term of {len(names)} assignment{plural}; students: {', '.join(students)}")
    for name in names:
        term.release(demo, name)
        for sid, behave in students.items():
            env = StudentEnv(sid, work / "homes" / sid, exchange, demo.course_id)
            folder = env.fetch(name)
            for path in _notebooks(folder):
                src = nbformat.read(demo.source_dir / name / path.name, as_version=4)
                nbformat.write(behave(src, nbformat.read(path, as_version=4)), path)
            env.submit(name)
        collected = term.collect(demo, name).collected
        _say(stream, f"{name}: released, {len(collected)} submissions collected")
        graded = term.autograde(
            demo, name, stream=stream or io.StringIO(), workers=workers, scheduler=scheduler
        )
        result.failed.update({f"{name}/{k}": v for k, v in graded.report.failed.items()})
        fb = term.feedback(demo, name, force=True)  # nobody grades the written answers in a demo
        result.failed.update({f"{name}/{k} (feedback)": v for k, v in fb.failed.items()})
        for sid in students:
            env = StudentEnv(sid, work / "homes" / sid, exchange, demo.course_id)
            result.feedback[f"{name}/{sid}"] = env.fetch_feedback(name)
        _say(stream, f"{name}: feedback released and fetched by {len(students)} students")
        result.scores += [score_row(demo, name, sid) for sid in sorted(graded.report.graded)]
    result.grades = write_gradesheet(demo, result.grades_csv).as_dicts()
    return result


def run_demo(
    course: Course,
    assignments: list[str] | None = None,
    *,
    timeout: int = 10,
    keep: str | Path | None = None,
    stream: TextIO | None = None,
) -> TermResult:
    """Run :func:`run_term` for ``assignments`` (default: all) with the standard students.

    The term runs in a temporary folder, deleted afterwards, unless ``keep``
    names a new folder to keep the demo course (gradebook, ``grades.csv``,
    feedback) and the students' homes in. ``stream`` is passed to :func:`run_term`.
    """
    if isinstance(assignments, str):
        raise TypeError(f"assignments must be a list of names, got the string {assignments!r}")
    names = course.assignments()
    if not names:
        raise CourseError(f"no assignments in {course.source_dir}")
    chosen = [course.require_assignment(a) for a in assignments] if assignments else names
    if keep is not None:
        target = Path(keep)
        if target.exists():
            raise CourseError(f"--keep folder {target} already exists; name a new one")
        return run_term(course, target, chosen, timeout=timeout, stream=stream)
    with tempfile.TemporaryDirectory(prefix="lukin-course-demo-") as tmp:
        return run_term(course, tmp, chosen, timeout=timeout, stream=stream)
