"""End to end: a real term through nbgrader's exchange, autograder and feedback.

One term of assignment 01 with six synthetic students is played once for the
module (real kernels, short timeouts); every other assignment in solutions/ is
played with a correct and a blank student. The tests then read the gradebook,
the feedback HTML and the exported CSV.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest

from lukin_course.course import cli, demo, workflow
from lukin_course.course.coursedir import load_course
from lukin_course.course.notebooks import secret_regions

pytestmark = pytest.mark.course

ROOT = Path(__file__).resolve().parents[1]
FIRST = "01-reading-the-essay"
COURSE = load_course(ROOT)
OTHERS = [a for a in COURSE.assignments() if a != FIRST]
TIMEOUT = 8  # seconds per cell: long enough for imports on a busy machine


def _edit(nb: nbformat.NotebookNode, grade_id: str, source: str) -> None:
    for cell in nb.cells:
        if demo._gid(cell) == grade_id:
            cell.source = source


def tamper(source: Any, release: Any) -> Any:
    """Wrong answers that pass the visible checks; the test cells edited or deleted."""
    out = demo.correct(source, release)
    _edit(
        out,
        "claim_type_answer",
        "def claims_by_kind(labels):\n"
        "    missing = [c for c in CLAIM_IDS if c not in labels]\n"
        "    if missing:\n        raise ValueError(missing)\n"
        "    return {k: [c for c in CLAIM_IDS if labels.get(c) == k] for k in KINDS}\n",
    )
    _edit(out, "claim_type_tests", "pass  # the student replaced the tests")
    _edit(
        out,
        "census_change_answer",
        "def census_change(a, b):\n    c = load_dataset('census').query('kind == \"census\"')"
        ".set_index('year')['chinese_in_russia']\n    if a not in c.index or b not in c.index:\n"
        "        raise ValueError('year')\n    return float((c[b] - c[a]) / c[b])\n",
    )
    out.cells = [c for c in out.cells if demo._gid(c) != "census_change_tests"]
    return out


def hidden_fail(source: Any, release: Any) -> Any:
    """All correct except one answer that passes the visible checks but not the hidden ones."""
    out = demo.correct(source, release)
    _edit(
        out,
        "estimate_ratio_answer",
        "def estimate_to_census_ratio(year):\n    d = load_dataset('census')\n"
        "    n = d.loc[(d['kind'] == 'census') & (d['year'] == year), 'chinese_in_russia']\n"
        "    high = d.loc[d['kind'] == 'estimate', 'estimate_high'].max()\n"
        "    return float(high / n.iloc[0])\n",
    )
    return out


STUDENTS = {**demo.STANDARD_STUDENTS, "tamper": tamper, "hidden_fail": hidden_fail}


@pytest.fixture(scope="module")
def term(tmp_path_factory: pytest.TempPathFactory) -> demo.TermResult:
    # one worker: graded in this process (the pool of several is tested elsewhere)
    return demo.run_term(
        COURSE, tmp_path_factory.mktemp("term"), [FIRST], STUDENTS, timeout=TIMEOUT, workers=1
    )


@pytest.fixture(scope="module")
def other_terms(tmp_path_factory: pytest.TempPathFactory) -> demo.TermResult | None:
    if not OTHERS:
        return None
    students = {"correct": demo.correct, "blank": demo.blank}
    return demo.run_term(COURSE, tmp_path_factory.mktemp("others"), OTHERS, students, timeout=30)


def _auto(result: demo.TermResult, assignment: str, student: str) -> dict[str, Any]:
    scores = workflow.cell_scores(result.course, assignment, student)
    return {k: v for k, v in scores.items() if v["cell_type"] == "code"}


def test_batch_completes_without_failures(term: demo.TermResult) -> None:
    assert term.failed == {}
    assert sorted(r["Student ID"] for r in term.grades) == sorted(STUDENTS)


def test_solution_scores_full_marks_on_every_autograded_cell(term: demo.TermResult) -> None:
    cells = _auto(term, FIRST, "correct")
    assert len(cells) == 4
    assert all(v["score"] == v["max_score"] for v in cells.values()), cells


@pytest.mark.parametrize("assignment", OTHERS or ["(only assignment 01 so far)"])
def test_other_assignments_full_marks_and_blank_zero(
    other_terms: demo.TermResult | None, assignment: str
) -> None:
    if other_terms is None:
        assert OTHERS == []  # nothing else to grade yet; 01 is covered above
        return
    assert other_terms.failed == {}
    full = _auto(other_terms, assignment, "correct")
    assert full and all(v["score"] == v["max_score"] for v in full.values()), full
    assert all(v["score"] == 0 for v in _auto(other_terms, assignment, "blank").values())


def test_blank_scores_zero_and_needs_no_manual_grading(term: demo.TermResult) -> None:
    scores = workflow.cell_scores(term.course, FIRST, "blank")
    assert all(v["score"] == 0 and not v["needs_manual_grade"] for v in scores.values())


def test_partial_submission_scores_exactly_its_part(term: demo.TermResult) -> None:
    scores = {k: v["score"] for k, v in _auto(term, FIRST, "partial").items()}
    assert scores == {
        "claim_type_tests": 3,
        "evidence_for_tests": 3,
        "census_change_tests": 0,
        "estimate_ratio_tests": 0,
    }


def test_timeout_and_kernel_crash_score_zero_and_never_pass(term: demo.TermResult) -> None:
    scores = {k: v["score"] for k, v in _auto(term, FIRST, "broken").items()}
    # infinite loop in the first answer (timeout), os._exit in the last (dead kernel)
    assert scores == {
        "claim_type_tests": 0,
        "evidence_for_tests": 3,
        "census_change_tests": 3,
        "estimate_ratio_tests": 0,
    }
    html = term.course.root / "feedback" / "broken" / FIRST / f"{FIRST}.html"
    text = html.read_text(encoding="utf-8")
    assert "ran longer than" in text and "the sandbox stopped while this cell ran" in text


def test_edited_or_deleted_test_cells_are_graded_with_the_original(term: demo.TermResult) -> None:
    cells = _auto(term, FIRST, "tamper")
    scores = {k: v["score"] for k, v in cells.items()}
    worth = {k: v["max_score"] for k, v in cells.items()}
    # graded with the original tests, check by check: claims_by_kind never rejects bad
    # labels (6 of its 7 checks pass), census_change misses the hidden values (3 of 4)
    assert scores == pytest.approx(
        {
            "claim_type_tests": worth["claim_type_tests"] * 6 / 7,
            "evidence_for_tests": worth["evidence_for_tests"],
            "census_change_tests": worth["census_change_tests"] * 3 / 4,
            "estimate_ratio_tests": worth["estimate_ratio_tests"],
        },
        abs=1e-5,
    )
    graded = nbformat.read(
        term.course.root / "autograded" / "tamper" / FIRST / f"{FIRST}.ipynb", as_version=4
    )
    ids = [demo._gid(c) for c in graded.cells]
    assert ids.index("census_change_tests") == ids.index("census_change_answer") + 1


def _hidden_lines() -> list[str]:
    src = json.loads((COURSE.source_dir / FIRST / f"{FIRST}.ipynb").read_text(encoding="utf-8"))
    hidden = [c for c in src["cells"] if "BEGIN HIDDEN TESTS" in "".join(c["source"])]
    regions = secret_regions({"cells": hidden})
    return [ln.strip() for r in regions for ln in r.split("\n") if len(ln.strip()) > 12]


def test_feedback_names_failed_hidden_checks_without_their_code(term: demo.TermResult) -> None:
    files = term.feedback[f"{FIRST}/hidden_fail"]
    assert len(files) == 1, "the student fetched their feedback through the exchange"
    text = files[0].read_text(encoding="utf-8")
    plain = re.sub(r"<[^>]+>", "", text).replace("&quot;", '"').replace("&#39;", "'")
    assert "failed: estimate_ratio/2002 (hidden)" in plain
    assert "divide the LOW estimate by that census count" in plain
    assert "BEGIN HIDDEN TESTS" not in plain
    assert "more run hidden" in plain
    leaked = [ln for ln in _hidden_lines() if ln in plain]
    assert leaked == []
    assert "BEGIN MARK SCHEME" not in plain


def test_export_matches_gradebook(term: demo.TermResult, tmp_path: Path) -> None:
    rows = {r["Student ID"]: r for r in term.grades}
    tests = [k for k in rows["correct"] if k.startswith(f"{FIRST}: ") and "_tests" in k]

    def autograded(student: str) -> float:
        return sum(float(rows[student][k]) for k in tests)

    assert len(tests) == 4
    assert autograded("correct") == 12.0
    assert autograded("partial") == 6.0
    assert autograded("blank") == 0.0
    # the wrong ratio passes the visible checks, 3 of its 4 checks: 2.25 of its 3 points
    assert autograded("hidden_fail") == 11.25
    total = f"{FIRST} (max 32)"
    # written answers await a grader: no total yet for those who wrote them
    assert rows["correct"][total] == "" and float(rows["correct"][f"{FIRST} pending"]) == 20
    assert rows["blank"][total] == "0" and rows["blank"][f"{FIRST} pending"] == "0"
    assert "correct" in term.table()


def test_cli_on_the_graded_course(
    term: demo.TermResult,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    root = term.course.root
    monkeypatch.setenv("LUKIN_COURSE_EXCHANGE", str(root.parent / "exchange"))
    monkeypatch.setenv("LUKIN_COURSE_TIMEOUT", str(TIMEOUT))
    monkeypatch.chdir(root)
    assert cli.main(["students", "list"]) == 0
    assert "hidden_fail" in capsys.readouterr().out
    assert cli.main(["collect", FIRST]) == 0
    assert "collected 6 submissions" in capsys.readouterr().out
    assert cli.main(["autograde", FIRST, "--student", "correct", "--skip-graded"]) == 0
    assert "autograded 0 submissions" in capsys.readouterr().out
    assert cli.main(["autograde", FIRST, "--student", "nobody"]) == 1
    assert "not in the gradebook: nobody" in capsys.readouterr().err
    assert cli.main(["feedback", FIRST]) == 1
    assert "wait to be graded by hand" in capsys.readouterr().err
    assert cli.main(["feedback", FIRST, "--force"]) == 0
    assert "feedback released: 6 files" in capsys.readouterr().out
    out = tmp_path / "g.csv"
    assert cli.main(["export", "--to", str(out), "--assignment", FIRST]) == 0
    assert "6 students, 1 assignments" in capsys.readouterr().out and out.is_file()
    with pytest.raises(Exception, match="no graded submission"):
        workflow.cell_scores(term.course, FIRST, "nobody")


def test_autograde_reports_a_failing_submission_and_goes_on(
    term: demo.TermResult, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = term.course.root
    monkeypatch.chdir(root)
    bad = root / "submitted" / "blank" / FIRST / f"{FIRST}.ipynb"
    bad.chmod(0o644)
    bad.write_text("{not json")
    assert cli.main(["autograde", FIRST, "--student", "blank", "--student", "partial"]) == 1
    captured = capsys.readouterr()
    # partial was graded before and has not changed: resumed, not graded again
    assert "autograded 0 submissions (1 already graded and unchanged)" in captured.out
    assert "FAILED blank" in captured.err and "not valid JSON" in captured.err


def test_nbgrader_own_autograder_is_switched_off(term: demo.TermResult) -> None:
    from lukin_course.course.execute import MESSAGE

    result = term.course.api().autograde(FIRST, "partial", force=True, create=True)
    assert not result["success"]
    assert MESSAGE in result["log"] + str(result.get("error", ""))
