"""Tests of lukin_course.course.feedback (the HTML check is in test_course_workflow.py)."""

from __future__ import annotations

import nbformat
import pytest

from lukin_course.course.feedback import PLACEHOLDER, HideHiddenTests, remove_region

HIDDEN = "check('visible', True, 'm')\n### BEGIN HIDDEN TESTS\nsecret_test()\n### END HIDDEN TESTS"


def test_remove_region_keeps_indentation_and_rest() -> None:
    src = "a\n    ### BEGIN X\n    hidden\n    ### END X\nb"
    assert remove_region(src, "BEGIN X", "END X", "# r") == "a\n    # r\nb"
    assert remove_region(src, "BEGIN X", "END X") == "a\nb"


def test_unclosed_region_rejected() -> None:
    with pytest.raises(ValueError, match="never closed"):
        remove_region("### BEGIN X\nsecret", "BEGIN X", "END X")


def test_hidden_code_removed_and_traceback_shortened() -> None:
    cell = nbformat.v4.new_code_cell(HIDDEN)
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "t", "points": 1}
    cell.outputs = [
        nbformat.v4.new_output(
            "error",
            ename="CheckFailed",
            evalue="claim/C5: wrong kind",
            traceback=["Traceback ...", "secret_test()", "CheckFailed: claim/C5: wrong kind"],
        ),
        nbformat.v4.new_output("stream", text="printed\n"),
    ]
    md = nbformat.v4.new_markdown_cell(
        "Task\n=== BEGIN MARK SCHEME ===\n2 points\n=== END MARK SCHEME ==="
    )
    plain = nbformat.v4.new_code_cell("x = 1")
    nb = nbformat.v4.new_notebook(cells=[cell, md, plain])
    out, _ = HideHiddenTests().preprocess(nb, {})
    assert "secret_test" not in out.cells[0].source
    assert PLACEHOLDER in out.cells[0].source
    assert out.cells[0].outputs[0].traceback == ["CheckFailed: claim/C5: wrong kind"]
    assert out.cells[0].outputs[1].text == "printed\n"
    assert out.cells[1].source == "Task"
    assert out.cells[2].source == "x = 1"


def test_mark_scheme_can_be_kept() -> None:
    md = nbformat.v4.new_markdown_cell("T\n=== BEGIN MARK SCHEME ===\nms\n=== END MARK SCHEME ===")
    nb = nbformat.v4.new_notebook(cells=[md])
    out, _ = HideHiddenTests(hide_mark_scheme=False).preprocess(nb, {})
    assert "ms" in out.cells[0].source


def test_marker_text_in_a_student_cell_never_breaks_feedback() -> None:
    answer = nbformat.v4.new_code_cell("x = 1  # BEGIN HIDDEN TESTS (a student's comment)")
    answer.metadata["nbgrader"] = {"grade": False, "solution": True, "grade_id": "a"}
    test = nbformat.v4.new_code_cell("ok = True\n### BEGIN HIDDEN TESTS\nsecret()")
    test.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "t", "points": 1}
    nb = nbformat.v4.new_notebook(cells=[answer, test])
    out, _ = HideHiddenTests().preprocess(nb, {})
    assert out.cells[0].source == answer.source  # a student's text is left alone
    assert "secret" not in out.cells[1].source and PLACEHOLDER in out.cells[1].source
