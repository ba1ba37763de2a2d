"""The grade export: one CSV for a spreadsheet and an LMS gradebook, per question and flagged.

:func:`write_gradesheet` (``lukin-course export``) writes one row per student
of the gradebook and, for every assignment, these columns:

==========================================  ==================================================
column                                      value
==========================================  ==================================================
``<assignment> (max N)``                    the assignment's points, once it is completely
                                            graded; empty while answers are pending or if
                                            nothing was submitted
``<assignment>: <question> (max n)``        the points of each graded cell (autograder test
                                            or hand-graded answer); empty while pending
``<assignment> pending``                    points still waiting for a grader (0 when none)
``<assignment> late (minutes)``             minutes after the due date (0 when on time)
==========================================  ==================================================

after four identity columns: ``Student ID`` (the nbgrader id, which is the
JupyterHub user name), ``First name``, ``Last name``, ``Email address``.

The file follows the CSV that Moodle's gradebook imports (*Grades → Import →
CSV file*): a header line, one line per student, comma-separated, UTF-8, a
dot as the decimal separator, an empty cell for "no grade". On import, map
``Student ID`` to the username (or ``Email address`` to the email) and each
grade column to a grade item, or to "ignore"; an empty cell leaves the
gradebook as it is, so nothing pending or missing is imported as a zero. A
spreadsheet opens the same file as it is: it starts with a UTF-8 byte-order
mark, which Excel needs to read accented names and Moodle skips, its lines end
with CRLF (RFC 4180), and text cells that a spreadsheet would run as a
formula (starting with ``=``, ``+``, ``-`` or ``@``) are prefixed with ``'``.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path

from .coursedir import Course, CourseError
from .grades import max_points, read_submissions

__all__ = ["IDENTITY", "GradeSheet", "build_gradesheet", "number", "write_gradesheet"]

#: The identity columns, first in every row.
IDENTITY = ("Student ID", "First name", "Last name", "Email address")


def number(x: float) -> str:
    """A number as a CSV cell: a dot, no exponent, at most four decimals.

    Examples
    --------
    >>> number(12.0), number(2.5), number(1 / 3), number(0.00001)
    ('12', '2.5', '0.3333', '0')
    """
    text = f"{round(x, 4):.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _text(value: str | None) -> str:
    text = value or ""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@dataclass
class GradeSheet:
    """The export as a header and rows of strings, and the assignments it covers."""

    header: list[str]
    rows: list[list[str]]
    assignments: list[str] = field(default_factory=list)

    def as_dicts(self) -> list[dict[str, str]]:
        """Each row as a dict keyed by the header."""
        return [dict(zip(self.header, row, strict=True)) for row in self.rows]


def build_gradesheet(course: Course, assignments: list[str] | None = None) -> GradeSheet:
    """Build the export of ``assignments`` (default: every assignment of the course).

    Assignments that were never generated have no questions yet and are left out.
    """
    from nbgrader.api import Student

    names = assignments or course.assignments()
    for name in names:
        course.require_assignment(name)
    header = list(IDENTITY)
    with course.gradebook() as gb:
        students = [
            (s.id, s.first_name, s.last_name, s.email)
            for s in gb.db.query(Student).order_by(Student.id).all()
        ]
    blocks = []
    covered = []
    for name in names:
        cells = max_points(course, name)
        if not cells:
            continue
        covered.append(name)
        total = sum(points for _, _, points, _ in cells)
        header.append(f"{name} (max {number(total)})")
        multi = len({nb for nb, _, _, _ in cells}) > 1
        for nb, gid, points, _ in cells:
            label = f"{nb}/{gid}" if multi else gid
            header.append(f"{name}: {label} (max {number(points)})")
        header += [f"{name} pending", f"{name} late (minutes)"]
        blocks.append((cells, read_submissions(course, name)))
    rows = []
    for sid, first, last, email in students:
        row = [sid, _text(first), _text(last), _text(email)]
        for cells, graded in blocks:
            sub = graded.get(sid)
            if sub is None:
                row += [""] * (len(cells) + 3)
                continue
            by_cell = {(c.notebook, c.name): c for c in sub.cells}
            complete = not sub.pending_cells
            row.append(number(sub.score) if complete else "")
            for nb, gid, _, _ in cells:
                cell = by_cell.get((nb, gid))
                row.append("" if cell is None or cell.pending else number(cell.score or 0.0))
            row.append(number(sub.pending))
            row.append(str(int(-(-sub.seconds_late // 60))))
        rows.append(row)
    return GradeSheet(header, rows, covered)


def write_gradesheet(
    course: Course, to: str | os.PathLike[str], assignments: list[str] | None = None
) -> GradeSheet:
    """Write the export to the CSV file ``to`` and return it.

    Raises
    ------
    CourseError
        If ``to`` is in a folder that does not exist or cannot be written.
    """
    sheet = build_gradesheet(course, assignments)
    path = Path(to)
    if not path.parent.is_dir():
        raise CourseError(
            f"cannot write {path}: the folder {path.parent} does not exist (create it, "
            "or give another path with --to)"
        )
    try:
        with open(path, "w", newline="", encoding="utf-8-sig") as fh:
            writer = csv.writer(fh, lineterminator="\r\n")
            writer.writerow(sheet.header)
            writer.writerows(sheet.rows)
    except OSError as exc:
        raise CourseError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return sheet
