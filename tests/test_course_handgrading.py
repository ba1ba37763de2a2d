"""Tests of lukin_course.course.handgrading that need no gradebook (the rest: test_course_term)."""

from __future__ import annotations

import logging
from pathlib import Path

import nbformat
import pytest
from nbconvert.exporters import HTMLExporter
from traitlets.config import Config

from lukin_course.course import authoring as au
from lukin_course.course.coursedir import CONFIG_NAME, load_course
from lukin_course.course.handgrading import ShowMarkSchemes, dropped_hand_grades

pytestmark = pytest.mark.course  # nbgrader's preprocessors and templates

SCHEME = "=== BEGIN MARK SCHEME ===\nOne point per reason.\n=== END MARK SCHEME ==="


def _course(tmp_path: Path) -> Path:
    nb = au.new_notebook(
        [
            au.instructions("Worth **3 points**.", "intro"),
            au.answer("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION", "a"),
            au.autograder_tests("assert f() == 1", "t", 1),
            au.written_answer(f"Model answer.\n\n{SCHEME}", "essay", 2),
        ]
    )
    (tmp_path / "src" / "hw").mkdir(parents=True)
    au.write_notebook(nb, tmp_path / "src" / "hw" / "hw.ipynb")
    return tmp_path


def _submission() -> nbformat.NotebookNode:
    cells = [
        au.instructions("Worth **3 points**.", "intro"),
        au.answer("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION", "a"),
        au.autograder_tests("assert f() == 1", "t", 1),
        au.written_answer("My answer: two reasons.", "essay", 2),
    ]
    return au.new_notebook(cells)


def _exporter(root: Path, template: str) -> HTMLExporter:
    """An exporter configured as nbgrader configures the Formgrader's and the feedback's."""
    from nbgrader.server_extensions.formgrader import handlers

    c = Config()
    c.HTMLExporter.template_name = template
    c.HTMLExporter.extra_template_basedirs = [handlers.template_path]
    c.CourseDirectory.root = str(root)
    c.CourseDirectory.source_directory = "src"
    return HTMLExporter(config=c)


def test_the_formgrader_page_gets_the_mark_scheme_below_the_answer(tmp_path: Path) -> None:
    root = _course(tmp_path)
    shown = ShowMarkSchemes(parent=_exporter(root, "formgrade"))
    nb, _ = shown.preprocess(_submission(), {"assignment_id": "hw", "notebook_id": "hw"})
    texts = [c.source for c in nb.cells]
    i = texts.index("My answer: two reasons.")
    assert texts[i + 1].startswith("**Mark scheme** for `essay`, 2 points (graders only; from ")
    assert "> Model answer." in texts[i + 1] and "> One point per reason." in texts[i + 1]
    assert len(nb.cells) == 5  # one scheme: the autograded test gets none


def test_feedback_and_other_pages_never_get_a_mark_scheme(tmp_path: Path) -> None:
    root = _course(tmp_path)
    for template in ("feedback", "lab", "classic"):
        shown = ShowMarkSchemes(parent=_exporter(root, template))
        nb, _ = shown.preprocess(_submission(), {"assignment_id": "hw", "notebook_id": "hw"})
        assert len(nb.cells) == 4 and "Mark scheme" not in str(nb)


def test_without_the_solutions_notebook_the_page_is_unchanged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    shown = ShowMarkSchemes(parent=_exporter(tmp_path, "formgrade"))
    with caplog.at_level(logging.WARNING):
        nb, _ = shown.preprocess(_submission(), {"assignment_id": "hw", "notebook_id": "hw"})
    assert len(nb.cells) == 4
    nb, _ = shown.preprocess(_submission(), {})  # not a submission page
    assert len(nb.cells) == 4


def test_no_record_of_dropped_grades(tmp_path: Path) -> None:
    (tmp_path / CONFIG_NAME).write_text("c = get_config()\n")
    course = load_course(tmp_path)
    assert dropped_hand_grades(course, "hw", "ada") == []
    folder = tmp_path / "autograded" / "ada" / "hw"
    folder.mkdir(parents=True)
    (folder / ".hand-grades-dropped.json").write_text("not json")
    assert dropped_hand_grades(course, "hw", "ada") == []
