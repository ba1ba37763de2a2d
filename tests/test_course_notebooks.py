"""exercises/ is a fresh generation of solutions/ and leaks nothing (every assignment)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lukin_course.course import notebooks as nbs
from lukin_course.course.coursedir import CONFIG_NAME, load_course

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENTS = sorted(p.name for p in (ROOT / "solutions").iterdir() if any(p.glob("*.ipynb")))


def _pairs() -> list[tuple[str, Path]]:
    return [(a, p) for a in ASSIGNMENTS for p in sorted((ROOT / "solutions" / a).glob("*.ipynb"))]


@pytest.mark.course
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_exercises_match_a_fresh_generation(assignment: str) -> None:
    problems = nbs.release_differences(load_course(ROOT), assignment)
    assert problems == [], "run `make exercises` (lukin-course generate --all):\n" + "\n".join(
        problems
    )


@pytest.mark.parametrize(("assignment", "source"), _pairs(), ids=lambda v: getattr(v, "name", v))
def test_no_solution_or_hidden_test_reaches_students(assignment: str, source: Path) -> None:
    release = ROOT / "exercises" / assignment / source.name
    assert release.is_file(), f"{release.relative_to(ROOT)} missing: run `make exercises`"
    src = json.loads(source.read_text(encoding="utf-8"))
    assert nbs.secret_regions(src), "the scan found nothing secret to look for"
    assert nbs.find_leaks(src, json.loads(release.read_text(encoding="utf-8"))) == []


def test_leak_scan_catches_each_kind_of_leak() -> None:
    src = json.loads(
        (ROOT / "solutions" / "01-reading-the-essay" / "01-reading-the-essay.ipynb").read_text(
            encoding="utf-8"
        )
    )
    rel = json.loads(
        (ROOT / "exercises" / "01-reading-the-essay" / "01-reading-the-essay.ipynb").read_text(
            encoding="utf-8"
        )
    )
    hidden = next(c for c in src["cells"] if "BEGIN HIDDEN TESTS" in "".join(c["source"]))
    line = next(
        ln
        for ln in "".join(hidden["source"]).split("### BEGIN HIDDEN TESTS")[1].split("\n")
        if len(ln.strip()) > 20
    )
    leaky = json.loads(json.dumps(rel))
    leaky["cells"][-1]["source"] = line  # one hidden-test line copied into the release
    assert any("secret line" in p for p in nbs.find_leaks(src, leaky))
    model = next(
        c
        for c in src["cells"]
        if c["cell_type"] == "markdown" and c["metadata"]["nbgrader"].get("solution")
    )
    leaky["cells"][-1]["source"] = model["source"]  # a model answer copied whole
    assert any("secret region" in p for p in nbs.find_leaks(src, leaky))
    leaky["cells"][-1]["source"] = "### BEGIN SOLUTION"
    assert any("delimiter" in p for p in nbs.find_leaks(src, leaky))


def test_normalize_keeps_content_drops_volatile() -> None:
    nb = {
        "metadata": {"widgets": 1, "kernelspec": {"name": "python3"}},
        "cells": [
            {
                "cell_type": "code",
                "source": ["x"],
                "metadata": {"execution": {}, "nbgrader": {"checksum": "a"}},
            }
        ],
    }
    out = nbs.normalize(nb)
    assert out["metadata"] == {"kernelspec": {"name": "python3"}}
    assert out["cells"][0]["metadata"] == {"nbgrader": {"checksum": "a"}}
    assert nb["metadata"]["widgets"] == 1  # the input is not modified


@pytest.mark.course
def test_release_differences_reports_drift(tmp_path: Path) -> None:
    """A stale, extra or missing release file is reported."""
    course_dir = tmp_path / "c"
    (course_dir / "solutions").mkdir(parents=True)
    shutil.copy(ROOT / CONFIG_NAME, course_dir / CONFIG_NAME)
    a = "01-reading-the-essay"
    shutil.copytree(ROOT / "solutions" / a, course_dir / "solutions" / a)
    shutil.copytree(ROOT / "exercises" / a, course_dir / "exercises" / a)
    (course_dir / "solutions" / a / "data.txt").write_text("x")
    course = load_course(course_dir)
    assert nbs.release_differences(course, a) == [f"missing from exercises/{a}: data.txt"]
    (course_dir / "exercises" / a / "data.txt").write_text("y")
    (course_dir / "exercises" / a / "extra.txt").write_text("y")
    nb_path = course_dir / "exercises" / a / f"{a}.ipynb"
    stale = json.loads(nb_path.read_text())
    stale["cells"][0]["source"] = "changed"
    nb_path.write_text(json.dumps(stale))
    assert nbs.release_differences(course, a) == [
        "not generated from the sources: extra.txt",
        f"{a}.ipynb differs from a fresh generation",
        "data.txt differs from its source",
    ]
