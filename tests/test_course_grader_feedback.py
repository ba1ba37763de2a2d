"""Feedback pages and the sanitizer, from results made by hand (no sandbox, no nbgrader run)."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser
from typing import Any

import pytest

from lukin_course.course.grader import _html
from lukin_course.course.grader._feedback import MAX_PAGE_BYTES, render_feedback
from lukin_course.course.grader._runner import (
    CellRun,
    CellScore,
    CheckResult,
    NotebookResult,
    PlanCell,
)

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 32).decode()
JPEG = base64.b64encode(b"\xff\xd8\xff\xe0" + b"\0" * 32).decode()


class _Active(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.styled = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "object", "embed") or (tag == "style" and self.styled):
            self.found.append(tag)
        if tag == "style":  # the page's own style sheet comes first, in the head
            self.styled = True
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}")


def active(text: str) -> list[str]:
    parser = _Active()
    parser.feed(text)
    return parser.found


def _result(**overrides: Any) -> dict[str, Any]:
    cells = [
        PlanCell("intro", "markdown", "markdown", "# Part A\n\nWrite **f**."),
        PlanCell("answer", "code", "answer", "def f():\n    return '<script>x</script>'"),
        PlanCell("tests", "code", "test", "full source with hidden part", 4.0,
                 release_source="check('visible', f() == 1, 'f() is 1')"),
        PlanCell("essay", "markdown", "written", "<img src=x onerror=alert(1)> My *answer*.", 2.0),
        PlanCell("extra-9", "code", "extra", "print('added')"),
    ]  # fmt: skip
    runs = {
        1: CellRun(1, outputs=[
            {"output_type": "stream", "name": "stdout", "text": "<b>printed</b>"},
            {"output_type": "display_data", "data": {"text/html": "<i onclick='x()'>hi</i>"}},
            {"output_type": "display_data", "data": {"image/png": PNG}},
            {"output_type": "display_data", "data": {"image/png": "bm90IGFuIGltYWdl"}},
            {"output_type": "execute_result", "data": {"text/plain": "42"}},
        ]),
        4: CellRun(4, error={"type": "ZeroDivisionError", "qualname": "ZeroDivisionError",
                             "message": "division by zero",
                             "traceback": ["  line 1, in <module>\n    1/0"]}, status="error"),
    }  # fmt: skip
    tests = {
        "tests": CellScore("tests", 4.0, 1.0, 4, 1, checks=[
            CheckResult("visible", True, "", False, 0),
            CheckResult("hidden/a", False, "a message <b>with markup</b> kept whole " + "x" * 300,
                        True, 1),
            CheckResult("hidden/a", False, "a message <b>with markup</b> kept whole " + "x" * 300,
                        True, 1),
        ], errors=[
            {"type": "KeyError", "message": "'secret-arg'", "traceback": ["  line 2, in f"],
             "hidden": True, "line": 3, "student": True},
            {"type": "ValueError", "message": "bad value", "traceback": ["  line 2, in f"],
             "hidden": False, "line": 1, "student": True},
        ], note="every call to the submission's code failed, so this cell earns nothing"),
    }  # fmt: skip
    result = NotebookResult("nb", cells, runs, tests, notes=["the answer 'x' had no metadata"])
    data = result.to_dict()
    data.update(overrides)
    return data


def test_every_check_message_and_error_shown_safely() -> None:
    page = render_feedback("a1", "ada", "nb", _result(), {"essay": {"score": None}})
    text = re.sub(r"<[^>]+>", "", page)
    assert "Autograded: 1 / 4 points" in text
    assert "passed: visible" in text and "failed: hidden/a (hidden)" in text
    assert "x" * 300 in page  # whole message
    assert text.count("failed: hidden/a") == 1  # the same failure listed once
    assert "KeyError in a hidden test" in text and "secret-arg" not in text
    assert "ValueError: bad value" in text and "line 2, in f" in text
    assert "Not graded yet: worth 2 points" in text
    assert "full source with hidden part" not in page
    assert "f() is 1" in page  # the visible test, as released
    assert "data:image/png;base64," in page and "bm90IGFuIGltYWdl" not in page
    assert "had no metadata" in text and "earns nothing" in text
    assert "ZeroDivisionError: division by zero" in text
    assert active(page) == []


def test_manual_score_and_missing_notebook() -> None:
    page = render_feedback("a1", "ada", "nb", _result(), {"essay": {"score": 1.5,
                           "needs_manual_grade": False}})  # fmt: skip
    assert "1.5 / 2 points" in page
    missing = render_feedback("a1", "ada", "nb", None)
    assert "was not submitted" in missing and active(missing) == []


def test_a_huge_page_falls_back_to_the_scores() -> None:
    data = _result()
    data["runs"]["1"] = {
        "index": 1,
        "outputs": [{"output_type": "stream", "name": "stdout", "text": "y" * 40_000}] * 200,
        "error": None,
        "status": "ok",
    }
    page = render_feedback("a1", "ada", "nb", data)
    assert len(page.encode()) <= MAX_PAGE_BYTES
    assert "too large" in page and "hidden/a" in page


@pytest.mark.parametrize(
    ("mime", "data", "ok"),
    [("image/png", PNG, True), ("image/jpeg", JPEG, True), ("image/png", JPEG, False),
     ("image/svg+xml", PNG, False), ("image/png", "<svg onload=x>", False),
     ("image/png", PNG * 100_000, False)],
)  # fmt: skip
def test_only_real_png_and_jpeg_become_images(mime: str, data: str, ok: bool) -> None:
    assert (_html.safe_image(mime, data) is not None) is ok


def test_sanitizer_and_caps() -> None:
    dirty = '<a href="javascript:x()">l</a><style>b{}</style><b onclick=1>t</b><iframe src=x>'
    assert active(_html.clean_html(dirty)) == [] and "<style" not in _html.clean_html(dirty)
    assert active(_html.clean_markdown("# t\n<script>x</script>")) == []
    assert len(_html.clean_html("<b>x</b>" * 100_000, limit=1000).encode()) <= 1200
    assert _html.text_block("<b>") == "<pre>&lt;b&gt;</pre>"
    assert _html.clip("é" * 10, 5).startswith("éé\n[... cut:")
