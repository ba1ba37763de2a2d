"""Compare generated notebooks with their sources; scan student notebooks for leaks.

``exercises/`` is committed so students can browse it, but it must be exactly
what ``nbgrader generate_assignment`` makes from ``solutions/`` today, and it
must not contain any solution, hidden test or mark scheme
(:func:`release_differences`, :func:`find_leaks`). The autograder grades with
the tests the gradebook recorded when the assignment was last generated, not
with ``solutions/`` as it is now; :func:`recorded_differences` says what has
changed since.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from .coursedir import CONFIG_NAME, Course, load_course
from .nbmeta import nbgrader_meta

__all__ = [
    "MARKERS",
    "find_leaks",
    "fresh_release",
    "normalize",
    "recorded_differences",
    "release_differences",
    "secret_regions",
]

#: Delimiters that must never reach a student notebook.
MARKERS = (
    "BEGIN SOLUTION",
    "END SOLUTION",
    "BEGIN HIDDEN TESTS",
    "END HIDDEN TESTS",
    "BEGIN MARK SCHEME",
    "END MARK SCHEME",
)
_REGIONS = (
    ("BEGIN SOLUTION", "END SOLUTION"),
    ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS"),
    ("BEGIN MARK SCHEME", "END MARK SCHEME"),
)
_VOLATILE_CELL_METADATA = ("execution", "collapsed", "scrolled", "ExecuteTime")
_VOLATILE_NB_METADATA = ("widgets",)


def normalize(nb: dict[str, Any]) -> dict[str, Any]:
    """Return notebook JSON without volatile metadata and with joined sources.

    Only run-time metadata (execution timings, collapsed/scrolled flags, widget
    state) is dropped; sources, nbgrader metadata and checksums are kept.

    Examples
    --------
    >>> nb = {"metadata": {"widgets": {}}, "cells": [
    ...     {"cell_type": "code", "source": ["a\\n", "b"], "metadata": {"collapsed": True}}]}
    >>> normalize(nb)
    {'metadata': {}, 'cells': [{'cell_type': 'code', 'source': 'a\\nb', 'metadata': {}}]}
    """
    out = json.loads(json.dumps(nb))
    for key in _VOLATILE_NB_METADATA:
        out.get("metadata", {}).pop(key, None)
    for cell in out.get("cells", []):
        if isinstance(cell.get("source"), list):
            cell["source"] = "".join(cell["source"])
        for key in _VOLATILE_CELL_METADATA:
            cell.get("metadata", {}).pop(key, None)
    return out


def fresh_release(course: Course, assignment: str, workdir: str | Path) -> Path:
    """Generate ``assignment`` from the course's sources into ``workdir``; return the folder.

    The course's ``nbgrader_config.py`` and the assignment's sources are copied
    to ``workdir``, with a throw-away gradebook there, so the course itself is
    not touched.
    """
    from .workflow import generate

    course.require_assignment(assignment)
    work = Path(workdir)
    shutil.copy(course.root / CONFIG_NAME, work / CONFIG_NAME)
    shutil.copytree(course.source_dir / assignment, work / course.source_dir.name / assignment)
    scratch = load_course(work, CourseDirectory__db_url=f"sqlite:///{work / 'gradebook.db'}")
    return generate(scratch, assignment)


def _files(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {
        str(p.relative_to(folder)): p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".ipynb_checkpoints" not in p.parts
    }


def release_differences(course: Course, assignment: str) -> list[str]:
    """Differences between ``exercises/<assignment>`` and a fresh generation (empty if none)."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = _files(fresh_release(course, assignment, tmp))
        committed = _files(course.release_dir / assignment)
        problems = [
            f"missing from {course.release_dir.name}/{assignment}: {name}"
            for name in sorted(set(fresh) - set(committed))
        ]
        problems += [
            f"not generated from the sources: {name}"
            for name in sorted(set(committed) - set(fresh))
        ]
        for name in sorted(set(fresh) & set(committed)):
            if name.endswith(".ipynb"):
                new = normalize(json.loads(fresh[name].read_text(encoding="utf-8")))
                old = normalize(json.loads(committed[name].read_text(encoding="utf-8")))
                if new != old:
                    problems.append(f"{name} differs from a fresh generation")
            elif fresh[name].read_bytes() != committed[name].read_bytes():
                problems.append(f"{name} differs from its source")
    return problems


def secret_regions(nb: dict[str, Any]) -> list[str]:
    """Texts that must not reach students: solution, hidden-test and mark-scheme regions.

    The whole source of a manually graded answer (markdown solution cell) is
    secret too: it holds the model answer.

    Examples
    --------
    >>> cell = {"cell_type": "code", "metadata": {},
    ...         "source": "x = 1\\n### BEGIN SOLUTION\\ny = 2\\n### END SOLUTION"}
    >>> secret_regions({"cells": [cell]})
    ['y = 2']
    """
    found: list[str] = []
    for cell in normalize(nb)["cells"]:
        source = cell["source"]
        meta = nbgrader_meta(cell)
        if cell["cell_type"] == "markdown" and meta.get("solution"):
            found.append(source.strip())
            continue
        for begin, end in _REGIONS:
            inside: list[str] | None = None
            for line in source.split("\n"):
                if begin in line:
                    inside = []
                elif end in line and inside is not None:
                    found.append("\n".join(inside).strip())
                    inside = None
                elif inside is not None:
                    inside.append(line)
    return [text for text in found if text]


def _public_lines(nb: dict[str, Any]) -> set[str]:
    """Stripped lines of the source that are not inside any secret region."""
    lines: set[str] = set()
    for cell in normalize(nb)["cells"]:
        if cell["cell_type"] == "markdown" and nbgrader_meta(cell).get("solution"):
            continue
        depth = 0
        for line in cell["source"].split("\n"):
            if any(begin in line for begin, _ in _REGIONS):
                depth += 1
            elif any(end in line for _, end in _REGIONS):
                depth = max(0, depth - 1)
            elif depth == 0:
                lines.add(line.strip())
    return lines


def find_leaks(source: dict[str, Any], release: dict[str, Any]) -> list[str]:
    """Secret text of ``source`` (a solutions notebook) that appears in ``release``.

    Reports any nbgrader delimiter in the release, any secret region found
    whole, and any secret line (at least 8 characters, not also in a public
    part of the source) found in a release cell.
    """
    public = _public_lines(source)
    release_text = "\n".join(c["source"] for c in normalize(release)["cells"])
    release_lines = {line.strip() for line in release_text.split("\n")}
    leaks = [f"delimiter {m!r} present" for m in MARKERS if m in release_text]
    for region in secret_regions(source):
        if region in release_text:
            leaks.append(f"secret region present: {region[:60]!r}")
            continue
        for line in region.split("\n"):
            text = line.strip()
            if len(text) >= 8 and text not in public and text in release_lines:
                leaks.append(f"secret line present: {text[:60]!r}")
    return leaks


def _points(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def recorded_differences(course: Course, assignment: str) -> list[str]:
    """What changed in the sources of ``assignment`` since the gradebook recorded them.

    ``generate`` (and ``release``) record each notebook's graded cells, tests
    (hidden ones included), locked cells and points in the gradebook, and
    ``autograde`` restores those, not ``solutions/`` as it is now. This lists
    every difference that changes grading: notebooks or graded cells added or
    removed, points changed, and the text of tests and locked cells changed.
    Empty if nothing changed or the assignment was never generated.

    Returns
    -------
    list of str
        One short description per difference, e.g.
        ``"01.ipynb: the tests in census_change_tests changed"``.
    """
    from nbgrader.api import MissingEntry

    folder = course.source_dir / assignment
    sources = {}
    for path in sorted(folder.glob("*.ipynb")):
        try:
            sources[path.stem] = normalize(json.loads(path.read_text(encoding="utf-8")))
        except ValueError:
            sources[path.stem] = {"cells": []}
    with course.gradebook() as gb:
        try:
            record = gb.find_assignment(assignment)
        except MissingEntry:
            return []
        recorded = {
            nb.name: (
                {c.name: (c.source or "", c.locked) for c in nb.source_cells},
                {c.name: c.max_score for c in [*nb.grade_cells, *nb.task_cells]},
                {c.name for c in nb.solution_cells},
            )
            for nb in record.notebooks
        }
    problems = [f"{name}.ipynb is new" for name in sorted(set(sources) - set(recorded))]
    problems += [f"{name}.ipynb was removed" for name in sorted(set(recorded) - set(sources))]
    for name in sorted(set(sources) & set(recorded)):
        cells, points, answers = recorded[name]
        seen = set()
        for cell in sources[name]["cells"]:
            meta = nbgrader_meta(cell)
            gid = meta.get("grade_id")
            kinds = ("grade", "solution", "locked", "task")
            if not gid or not any(meta.get(k) for k in kinds):
                continue
            seen.add(gid)
            if gid not in cells:
                problems.append(f"{name}.ipynb: cell {gid} is new")
                continue
            if meta.get("grade") or meta.get("task"):
                new, old = _points(meta.get("points")), points.get(gid)
                if new != old:
                    problems.append(
                        f"{name}.ipynb: {gid} is worth {new} points, not {old} as recorded"
                    )
            if gid not in answers and cell["source"] != cells[gid][0]:
                what = "the tests in" if meta.get("grade") else "the locked cell"
                problems.append(f"{name}.ipynb: {what} {gid} changed")
        problems += [f"{name}.ipynb: cell {gid} was removed" for gid in sorted(set(cells) - seen)]
    return problems
