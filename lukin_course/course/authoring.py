"""Build nbgrader notebooks with correct metadata, and check them.

Writing nbgrader's cell metadata by hand is error-prone; these helpers make
the cell kinds of nbgrader's "Create Assignment" toolbar:

===========================  ====================================================
:func:`instructions`         read-only markdown (locked)
:func:`locked_code`          read-only code, e.g. the import cell
:func:`answer`               autograded answer: code the student completes
:func:`autograder_tests`     autograder tests, worth points (locked)
:func:`written_answer`       manually graded answer (markdown), worth points
===========================  ====================================================

:func:`write_notebook` saves without outputs or execution counts, with stable
cell ids, so committed notebooks are deterministic.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import Any

import nbformat
from nbformat import NotebookNode

from .nbmeta import blank_notebook, grade_id, nbgrader_meta

__all__ = [
    "answer",
    "autograder_tests",
    "grade_points",
    "instructions",
    "locked_code",
    "new_notebook",
    "stated_total",
    "strip_outputs",
    "write_notebook",
    "written_answer",
]

_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
TOTAL_PATTERN = re.compile(r"worth \*\*(\d+) points\*\*")


def _meta(
    grade_id: str,
    *,
    grade: bool,
    solution: bool,
    locked: bool,
    points: float | None,
    cell_type: str,
) -> dict[str, Any]:
    if not isinstance(grade_id, str) or not _ID.match(grade_id):
        raise ValueError(f"grade_id must be 1-64 letters, digits, '_' or '-', got {grade_id!r}")
    meta: dict[str, Any] = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if grade:
        if points is None or isinstance(points, bool) or not points >= 0:
            raise ValueError(f"points must be a non-negative number, got {points!r}")
        meta["points"] = points
    return {"nbgrader": meta}


def instructions(source: str, grade_id: str) -> NotebookNode:
    """A locked markdown cell (students cannot change it).

    Examples
    --------
    >>> instructions("# Title", "intro").metadata.nbgrader["locked"]
    True
    """
    cell = nbformat.v4.new_markdown_cell(source)
    cell.metadata = _meta(
        grade_id, grade=False, solution=False, locked=True, points=None, cell_type="markdown"
    )
    return cell


def locked_code(source: str, grade_id: str) -> NotebookNode:
    """A locked, ungraded code cell (e.g. imports)."""
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata = _meta(
        grade_id, grade=False, solution=False, locked=True, points=None, cell_type="code"
    )
    return cell


def answer(source: str, grade_id: str) -> NotebookNode:
    """An autograded answer cell; put ``### BEGIN SOLUTION`` … ``### END SOLUTION`` inside.

    Raises
    ------
    ValueError
        If the source has no solution region.

    Examples
    --------
    >>> src = "def f():\\n    ### BEGIN SOLUTION\\n    return 1\\n    ### END SOLUTION"
    >>> answer(src, "f").metadata.nbgrader["solution"]
    True
    """
    if "### BEGIN SOLUTION" not in source or "### END SOLUTION" not in source:
        raise ValueError(f"source of answer cell {grade_id!r} needs a solution region")
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata = _meta(
        grade_id, grade=False, solution=True, locked=False, points=None, cell_type="code"
    )
    return cell


def autograder_tests(source: str, grade_id: str, points: float) -> NotebookNode:
    """A locked autograder-tests cell worth ``points`` (may hold hidden tests)."""
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata = _meta(
        grade_id, grade=True, solution=False, locked=True, points=points, cell_type="code"
    )
    return cell


def written_answer(source: str, grade_id: str, points: float) -> NotebookNode:
    """A manually graded markdown answer worth ``points``.

    The source (model answer and mark scheme) is replaced by "YOUR ANSWER HERE"
    in the student version, so the mark scheme sits safely in this graded cell.
    """
    cell = nbformat.v4.new_markdown_cell(source)
    cell.metadata = _meta(
        grade_id, grade=True, solution=True, locked=False, points=points, cell_type="markdown"
    )
    return cell


def new_notebook(cells: Iterable[NotebookNode]) -> NotebookNode:
    """A Python 3 notebook of ``cells`` with cell ids set from the grade ids.

    Raises
    ------
    ValueError
        If two cells share a grade id.
    """
    nb = blank_notebook()
    seen: set[str] = set()
    for cell in cells:
        gid = grade_id(cell)
        if gid is None:
            raise ValueError("every cell needs nbgrader metadata with a grade_id")
        if gid in seen:
            raise ValueError(f"grade_id {gid!r} is used twice")
        seen.add(gid)
        cell.id = gid.replace("_", "-")
        nb.cells.append(cell)
    return nb


def strip_outputs(nb: NotebookNode) -> NotebookNode:
    """Remove outputs and execution counts from every code cell (in place); return ``nb``."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    return nb


def write_notebook(nb: NotebookNode, path: str | os.PathLike[str]) -> None:
    """Validate ``nb``, strip outputs and write it deterministically to ``path``."""
    strip_outputs(nb)
    nbformat.validate(nb)
    nbformat.write(nb, os.fspath(path))


def grade_points(nb: NotebookNode) -> dict[str, float]:
    """Points of every graded cell, keyed by grade id.

    Examples
    --------
    >>> nb = new_notebook([autograder_tests("assert True", "t1", 2), written_answer("x", "w1", 3)])
    >>> grade_points(nb)
    {'t1': 2, 'w1': 3}
    """
    metas = [nbgrader_meta(c) for c in nb.cells]
    return {m["grade_id"]: m["points"] for m in metas if m.get("grade")}


def stated_total(nb: NotebookNode) -> int | None:
    """The total the first cell states as ``worth **N points**`` (None if it does not).

    Examples
    --------
    >>> stated_total(new_notebook([instructions("This is worth **20 points**.", "intro")]))
    20
    """
    if not nb.cells:
        return None
    match = TOTAL_PATTERN.search(nb.cells[0].source)
    return int(match.group(1)) if match else None
