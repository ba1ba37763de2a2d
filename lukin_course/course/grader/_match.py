"""Rebuild a submission from the record: the student's answers in the instructor's cells.

Only the text of answer cells (and of extra code cells the student added) is
taken from a submission; everything else (locked cells, tests, cell types,
flags, points, order) comes from the record of the released assignment. Each
answer is found by its ``grade_id``; an answer whose metadata was stripped,
edited or relabelled is found by its place between cells the student did not
change (matched by content) and by the names it defines. Edited, deleted,
duplicated or relabelled cells never stop grading: a duplicate is ignored, a
deleted answer is graded as blank, an edited locked cell is replaced by the
original, and what happened is noted for the instructor.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from ..nbmeta import nbgrader_meta
from ._runner import PlanCell, defined_names, hidden_lines

__all__ = [
    "MAX_NOTEBOOK_BYTES",
    "Record",
    "RecordCell",
    "plan_from_notebook",
    "plan_submission",
    "read_notebook",
]

MAX_NOTEBOOK_BYTES = 32 << 20
MAX_EXTRA_CELLS = 200


@dataclass
class RecordCell:
    """One cell of the released assignment as the grader knows it."""

    grade_id: str
    cell_type: str
    role: str  # locked, markdown, answer, written, test, task
    source: str  # trusted source (tests with their hidden part)
    release_source: str  # what students were given
    points: float = 0.0
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class Record:
    """One notebook of an assignment: its cells in order and the names students define."""

    notebook: str
    cells: list[RecordCell]
    student_names: list[str]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        return cls(
            data["notebook"], [RecordCell(**c) for c in data["cells"]], list(data["student_names"])
        )


def role_of(cell_type: str, meta: dict[str, Any]) -> str:
    """The grading role of a cell from its nbgrader metadata.

    Examples
    --------
    >>> role_of("code", {"grade": True, "solution": False, "grade_id": "t"})
    'test'
    >>> role_of("markdown", {"grade": True, "solution": True, "grade_id": "w"})
    'written'
    """
    if meta.get("task"):
        return "task"
    if meta.get("solution"):
        return "written" if cell_type == "markdown" else "answer"
    if meta.get("grade") and cell_type == "code":
        return "test"
    return "markdown" if cell_type != "code" else "locked"


def release_version(source: str) -> str:
    """A test cell's source without its hidden region (what students see)."""
    hidden = hidden_lines(source)
    return "\n".join(
        line for n, line in enumerate(source.split("\n"), start=1) if n not in hidden
    ).rstrip()


def _norm(source: str) -> str:
    return "\n".join(line.rstrip() for line in source.strip().splitlines())


def _text(source: Any) -> str:
    if isinstance(source, list):
        return "".join(str(s) for s in source)
    return source if isinstance(source, str) else ""


def read_notebook(path: Any) -> dict[str, Any]:
    """Read a notebook file as untrusted JSON (size-capped; no validation that could refuse it).

    Raises
    ------
    ValueError
        If the file is too large or not a JSON object with a list of cells.
    """
    with open(path, "rb") as fh:
        raw = fh.read(MAX_NOTEBOOK_BYTES + 1)
    if len(raw) > MAX_NOTEBOOK_BYTES:
        raise ValueError(f"the notebook is larger than {MAX_NOTEBOOK_BYTES >> 20} MiB")
    try:
        nb = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise ValueError(f"the notebook is not valid JSON ({type(exc).__name__})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise ValueError("the notebook has no list of cells")
    return nb


@dataclass
class _Sub:
    index: int
    cell_type: str
    source: str
    gid: str | None


def _submission_cells(nb: dict[str, Any]) -> list[_Sub]:
    out = []
    for i, cell in enumerate(nb.get("cells", [])):
        if not isinstance(cell, dict):
            continue
        ctype = cell.get("cell_type")
        if ctype not in ("code", "markdown", "raw"):
            continue
        meta = cell.get("metadata")
        gid = nbgrader_meta(meta).get("grade_id") if isinstance(meta, dict) else None
        out.append(
            _Sub(i, str(ctype), _text(cell.get("source")), gid if isinstance(gid, str) else None)
        )
    return out


def plan_submission(record: Record, nb: dict[str, Any]) -> tuple[list[PlanCell], list[str]]:
    """The cells to grade for one submitted notebook, and notes on what was matched how."""
    subs = _submission_cells(nb)
    notes: list[str] = []
    rec = record.cells
    claimed: dict[int, int] = {}  # record index -> sub position
    used: set[int] = set()
    # 1. answers by grade id (the first cell carrying an id; later copies are ignored)
    for r, cell in enumerate(rec):
        if cell.role not in ("answer", "written", "task"):
            continue
        same = [p for p, s in enumerate(subs) if s.gid == cell.grade_id]
        fitting = [p for p in same if subs[p].cell_type == cell.cell_type]
        if len(same) > 1:
            notes.append(f"{len(same)} cells carry the id {cell.grade_id!r}: the first was graded")
        if fitting:
            claimed[r] = fitting[0]
            used.update(same)
        elif same:
            notes.append(f"the cell {cell.grade_id!r} changed type; it was not graded")
            used.update(same)
    # 2. anchors: unchanged given cells, found by content
    anchors: dict[int, int] = {}
    for p, s in enumerate(subs):
        if p in used:
            continue
        for r, cell in enumerate(rec):
            if r in anchors or cell.role not in ("locked", "markdown", "test"):
                continue
            if s.cell_type == cell.cell_type and _norm(s.source) == _norm(cell.release_source):
                anchors[r] = p
                used.add(p)
                break
        else:
            if s.gid and any(
                c.grade_id == s.gid and c.role in ("locked", "markdown", "test") for c in rec
            ):
                used.add(p)  # an edited given cell: the original is used
                notes.append(f"the given cell {s.gid!r} was edited: the original was used")
    position = {**anchors, **claimed}
    # 3. answers without a usable id: between their neighbours, by the names they define
    for r, cell in enumerate(rec):
        if r in claimed or cell.role not in ("answer", "written"):
            continue
        before = max((position[k] for k in position if k < r), default=-1)
        after = min((position[k] for k in position if k > r), default=len(subs))
        window = [
            p
            for p in range(before + 1, after)
            if p not in used and subs[p].cell_type == cell.cell_type
        ]
        choice = None
        if cell.cell_type == "code":
            wanted = set(defined_names([cell.release_source])) & set(record.student_names)
            # in its place first; else anywhere, if a cell defines what this answer must
            for pool in (
                window,
                [p for p in range(len(subs)) if p not in used and subs[p].cell_type == "code"],
            ):
                scored = [(len(wanted & set(defined_names([subs[p].source]))), -p) for p in pool]
                if scored and max(scored)[0] > 0:
                    choice = -max(scored)[1]
                    break
            if choice is None and len(window) == 1:
                choice = window[0]
        elif window:
            choice = window[0]
        if choice is None:
            if not any(s.gid == cell.grade_id for s in subs):
                notes.append(f"the answer cell {cell.grade_id!r} is missing: graded as blank")
            continue
        claimed[r] = choice
        position[r] = choice
        used.add(choice)
        notes.append(f"the answer {cell.grade_id!r} had no usable metadata: matched by its place")
    # 4. build: record order, the student's answers, extra code cells after their neighbour
    extras: dict[int, list[str]] = {}
    kept = 0
    for p, s in enumerate(subs):
        if p in used or s.cell_type != "code" or not s.source.strip():
            continue
        kept += 1
        if kept > MAX_EXTRA_CELLS:
            notes.append(f"more than {MAX_EXTRA_CELLS} added code cells: the rest did not run")
            break
        after_r = max((r for r, q in position.items() if q < p), default=-1)
        extras.setdefault(after_r, []).append(s.source)
    plan: list[PlanCell] = []

    def add_extras(r: int) -> None:
        for source in extras.get(r, []):
            plan.append(PlanCell(f"extra-{len(plan)}", "code", "extra", source))

    add_extras(-1)
    for r, cell in enumerate(rec):
        source = cell.source
        if cell.role in ("answer", "written", "task"):
            source = subs[claimed[r]].source if r in claimed else cell.release_source
        plan.append(
            PlanCell(
                cell.grade_id,
                cell.cell_type,
                cell.role,
                source,
                cell.points,
                cell.release_source,
                dict(cell.metadata),
            )
        )
        add_extras(r)
    if sum(len(v) for v in extras.values()):
        notes.append(
            f"{sum(len(v) for v in extras.values())} code cell(s) added by the student ran too"
        )
    return plan, notes


def plan_from_notebook(nb: dict[str, Any]) -> tuple[list[PlanCell], list[str]]:
    """Cells to run for a notebook on its own (``validate``): tests are the notebook's own.

    Also returns the names the notebook's answer cells define.
    """
    plan: list[PlanCell] = []
    answers: list[str] = []
    given: list[str] = []
    for i, cell in enumerate(nb.get("cells", [])):
        if not isinstance(cell, dict) or cell.get("cell_type") not in ("code", "markdown", "raw"):
            continue
        meta = nbgrader_meta(cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {})
        ctype = str(cell["cell_type"])
        role = role_of(ctype, meta) if meta else ("locked" if ctype == "code" else "markdown")
        source = _text(cell.get("source"))
        points = meta.get("points", 0) if role == "test" else 0
        plan.append(
            PlanCell(
                str(meta.get("grade_id", f"cell-{i}")),
                ctype,
                role,
                source,
                float(points) if isinstance(points, int | float) else 0.0,
                source,
            )
        )
        if role == "answer":
            answers.append(source)
        elif role == "locked":
            given.append(source)
    names = set(defined_names(answers, imports=False)) - set(defined_names(given))
    return plan, sorted(names)
