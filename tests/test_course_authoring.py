"""Tests of lukin_course.course.authoring and of every assignment's structure."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from lukin_course.course import authoring as au

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "solutions").glob("*/*.ipynb"))


def test_cells_have_nbgrader_metadata(tmp_path: Path) -> None:
    nb = au.new_notebook(
        [
            au.instructions("This is worth **5 points**.", "intro"),
            au.locked_code("import math", "imports"),
            au.answer("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION", "f"),
            au.autograder_tests("assert f() == 1", "f_tests", 3),
            au.written_answer("Because.", "essay", 2),
        ]
    )
    assert au.grade_points(nb) == {"f_tests": 3, "essay": 2}
    assert au.stated_total(nb) == 5
    assert [c.id for c in nb.cells] == ["intro", "imports", "f", "f-tests", "essay"]
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="x")]
    nb.cells[1].execution_count = 3
    path = tmp_path / "a.ipynb"
    au.write_notebook(nb, path)
    again = nbformat.read(path, as_version=4)
    assert again.cells[1].outputs == [] and again.cells[1].execution_count is None


def test_errors_name_the_argument() -> None:
    with pytest.raises(ValueError, match="grade_id"):
        au.instructions("x", "bad id!")
    with pytest.raises(ValueError, match="points"):
        au.autograder_tests("pass", "t", -1)
    with pytest.raises(ValueError, match="solution region"):
        au.answer("def f(): pass", "f")
    with pytest.raises(ValueError, match="used twice"):
        au.new_notebook([au.instructions("a", "x"), au.instructions("b", "x")])
    with pytest.raises(ValueError, match="grade_id"):
        au.new_notebook([nbformat.v4.new_markdown_cell("no metadata")])


def test_stated_total_absent() -> None:
    assert au.stated_total(au.new_notebook([au.instructions("no total", "i")])) is None
    assert au.stated_total(au.new_notebook([])) is None


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.parent.name)
def test_assignment_structure(path: Path) -> None:
    """Every assignment: no outputs, unique ids, stated total = points, locked instructions."""
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
    graded_ids = [i for i in ids if i]
    assert len(graded_ids) == len(set(graded_ids)), "grade ids must be unique"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "commit without outputs"
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown" and not meta.get("solution"):
            assert meta.get("locked"), f"instruction cell not locked: {cell.source[:40]!r}"
        if "### BEGIN SOLUTION" in cell.source and cell.cell_type == "code":
            assert "def " in cell.source.split("### BEGIN SOLUTION")[0], (
                "solution markers belong inside a function so the signature stays visible"
            )
    total = au.stated_total(nb)
    assert total is not None, "state the total as 'worth **N points**' in the first cell"
    assert sum(au.grade_points(nb).values()) == total
    assert any("BEGIN HIDDEN TESTS" in c.source for c in nb.cells), (
        "each assignment has hidden tests"
    )
    assert any(
        c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("grade") for c in nb.cells
    ), "each assignment has a manually graded written answer"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.parent.name)
def test_written_argument_carries_at_least_40_percent(path: Path) -> None:
    """Course design: written answers are at least 40 % of the points, and the intro says so."""
    import re

    nb = nbformat.read(path, as_version=4)
    points = au.grade_points(nb)
    written = sum(
        c.metadata["nbgrader"]["points"]
        for c in nb.cells
        if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("grade")
    )
    total = sum(points.values())
    assert written / total >= 0.4, f"written answers carry {written} of {total} points"
    intro = nb.cells[0].source
    auto = re.search(r"(\d+) points come from the autograded", intro)
    hand = re.search(r"(\d+) points from (?:a|an|one|two|three|four|five) ", intro)
    assert auto and int(auto.group(1)) == total - written, "autograded points stated in the intro"
    assert hand and int(hand.group(1)) == written, "hand-graded points stated in the intro"
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.metadata.get("nbgrader", {}).get("grade"):
            scheme = cell.source.split("=== BEGIN MARK SCHEME ===")
            assert len(scheme) == 2, "each written answer carries one mark scheme"
            stated = re.match(r"\s*(\d+) points? in total", scheme[1])
            assert stated, "the mark scheme starts with its total"
            assert int(stated.group(1)) == cell.metadata["nbgrader"]["points"]
