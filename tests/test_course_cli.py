"""The lukin-course command line: clear errors, a quiet whole-term demo with a clear table.

The demo tests run a tiny course of two assignments through nbgrader's real exchange with
real kernels; the expected table is computed from the solutions, the released notebooks and
the synthetic students' definitions.
"""

from __future__ import annotations

import csv
import re
import shutil
import warnings
from pathlib import Path
from typing import Any

import nbformat
import pytest

from lukin_course.course import authoring as au
from lukin_course.course import cli, demo
from lukin_course.course.coursedir import CONFIG_NAME, load_course
from lukin_course.course.demo import run_demo

ROOT = Path(__file__).resolve().parents[1]


def _assignment(root: Path, name: str, points: list[int], written: int) -> None:
    """An assignment of small code answers (answer i returns i), each with its test."""
    cells = [au.instructions(f"{name}: worth **{sum(points) + written} points**.", "intro")]
    for i, pts in enumerate(points):
        cells.append(
            au.answer(
                f"def f{i}():\n    ### BEGIN SOLUTION\n    return {i}\n    ### END SOLUTION",
                f"a{i}",
            )
        )
        cells.append(
            au.autograder_tests(
                f"assert f{i}() == {i}\n### BEGIN HIDDEN TESTS\nassert f{i}() + 1 == {i + 1}\n"
                "### END HIDDEN TESTS",
                f"t{i}",
                pts,
            )
        )
    cells.append(au.written_answer("Model answer.", "w", written))
    (root / "solutions" / name).mkdir(parents=True)
    au.write_notebook(au.new_notebook(cells), root / "solutions" / name / f"{name}.ipynb")


#: The tiny course: assignment -> (points of each autograder test, points of the written answer)
TINY = {"tiny": ([1, 1], 2), "tiny2": ([1, 2, 3], 3)}


def _tiny_course(tmp_path: Path) -> Path:
    """A course of two small assignments (no heavy imports, so kernels are quick)."""
    root = tmp_path / "course"
    root.mkdir()
    shutil.copy(ROOT / CONFIG_NAME, root / CONFIG_NAME)
    for name, (points, written) in TINY.items():
        _assignment(root, name, points, written)
    return root


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = _tiny_course(tmp_path)
    monkeypatch.setenv("LUKIN_COURSE_EXCHANGE", str(tmp_path / "exchange"))
    monkeypatch.chdir(root)
    return root


def test_wrong_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["students", "list"]) == 1
    err = capsys.readouterr().err
    assert "no nbgrader_config.py found" in err and "course repository" in err


@pytest.mark.parametrize("command", ["release", "collect", "autograde", "feedback", "generate"])
def test_unknown_assignment_lists_the_valid_ones(
    tiny: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main([command, "nope"]) == 1
    assert "unknown assignment 'nope'" in capsys.readouterr().err


def test_unknown_assignment_message_lists_valid(
    tiny: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli.main(["export", "--assignment", "nope"])
    assert "are: tiny" in capsys.readouterr().err


@pytest.mark.course
def test_steps_in_the_wrong_order_are_explained(
    tiny: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["generate", "--all"]) == 0
    assert (tiny / "exercises" / "tiny" / "tiny.ipynb").is_file()
    assert cli.main(["autograde", "tiny"]) == 1
    assert "nothing submitted" in capsys.readouterr().err
    assert cli.main(["feedback", "tiny"]) == 1
    assert "nothing autograded" in capsys.readouterr().err
    assert cli.main(["release", "tiny"]) == 0
    assert "released tiny to" in capsys.readouterr().out
    assert cli.main(["collect", "tiny"]) == 1
    assert "nothing submitted for 'tiny'" in capsys.readouterr().err


@pytest.mark.course
def test_students_add_and_list(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["students", "add", "ada", "--first-name", "Ada", "--email", "a@x.org"]) == 0
    assert cli.main(["students", "list"]) == 0
    out = capsys.readouterr().out
    assert "ada" in out and "Ada" in out and "a@x.org" in out
    assert cli.main(["students", "add", "bad+id"]) == 1
    assert "student id must be letters" in capsys.readouterr().err


def test_generate_with_no_assignments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(ROOT / CONFIG_NAME, tmp_path / CONFIG_NAME)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["generate", "--all"]) == 1
    assert "no assignments" in capsys.readouterr().err
    assert cli.main(["demo"]) == 1


@pytest.mark.course
def test_release_failure_is_reported(
    tiny: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tiny / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("LUKIN_COURSE_EXCHANGE", str(blocker / "exchange"))
    assert cli.main(["release", "tiny"]) == 1
    err = capsys.readouterr().err
    assert f"cannot create {blocker / 'exchange'}" in err and "c.Exchange.root" in err


# --- the demo ------------------------------------------------------------------------------

#: What the quiet command line hides: third-party warnings and the kernels' TCP warning.
NOISE = ["SAWarning", "not in session", "authentictor", "ResourceWarning", "without encryption"]
ROW = re.compile(r"^(.+?)\s{2,}(\S+)\s+([\d.]+) / ([\d.]+)\s+([\d.]+)\s+([\d.]+)$")


def _table(out: str) -> dict[tuple[str, str], tuple[float, ...]]:
    """(assignment, student) -> (autograded, autograded max, pending, total) from the demo table."""
    rows = {}
    for line in out.splitlines():
        match = ROW.match(line)
        if match:
            a, s, *numbers = match.groups()
            rows[(a, s)] = tuple(float(x) for x in numbers)
    return rows


def _expected(source: Any, release: Any, behave: Any) -> tuple[float, float, float]:
    """(autograded, autograded max, pending) of what ``behave`` submits, from how grading works.

    An autograder test scores when the answer before it holds the solution and ran: an answer
    with the infinite loop times out (nothing defined); after the kernel crash nothing runs.
    A written answer that differs from the released one waits for a grader.
    """
    submission = behave(source, release)
    solution = {demo._gid(c): c.source for c in source.cells}
    released = {demo._gid(c): c.source for c in release.cells}
    alive, defined, last_answer = True, set(), None
    auto = auto_max = pending = 0.0
    for cell in submission.cells:
        meta, gid = cell.metadata.get("nbgrader", {}), demo._gid(cell)
        if meta.get("solution") and cell.cell_type == "code":
            last_answer = gid
            if demo.KERNEL_CRASH in cell.source:
                alive = False
            elif alive and cell.source == solution[gid]:
                defined.add(gid)
        elif meta.get("grade") and meta.get("solution"):
            pending += meta["points"] if cell.source != released[gid] else 0
        elif meta.get("grade"):
            auto_max += meta["points"]
            auto += meta["points"] if alive and last_answer in defined else 0
    return auto, auto_max, pending


def _expected_table(course_root: Path) -> dict[tuple[str, str], tuple[float, ...]]:
    rows: dict[tuple[str, str], tuple[float, ...]] = {}
    for name in TINY:
        source = nbformat.read(course_root / "solutions" / name / f"{name}.ipynb", as_version=4)
        release = nbformat.read(course_root / "exercises" / name / f"{name}.ipynb", as_version=4)
        total = sum(au.grade_points(source).values())
        for sid, behave in demo.STANDARD_STUDENTS.items():
            rows[(name, sid)] = (*_expected(source, release, behave), total)
    for sid in demo.STANDARD_STUDENTS:
        mine = [v for (_, s), v in rows.items() if s == sid]
        rows[("term total", sid)] = tuple(sum(col) for col in zip(*mine, strict=True))
    return rows


@pytest.mark.course
def test_demo_plays_every_assignment_quietly(
    tiny: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    keep = tmp_path / "kept"
    assert cli.main(["demo", "--timeout", "5", "--keep", str(keep)]) == 0
    out, err = capfd.readouterr()
    # every assignment, every standard student, numbers as the grading rules predict
    table = _table(out)
    assert table == _expected_table(keep / "course")
    assert {a for a, _ in table} == {*TINY, "term total"}
    assert table[("term total", "correct")][:2] == (sum(sum(p) for p, _ in TINY.values()),) * 2
    assert "pending by hand" in out and "the points pending" in out  # the legend explains
    # the export: the autograded points per question; totals wait for the written answers
    csv_path = keep / "course" / "grades.csv"
    assert f"grades (the course's export): {csv_path}" in out
    assert str(keep / "course" / "feedback") in out
    with open(csv_path, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["Student ID"] for r in rows) == sorted(demo.STANDARD_STUDENTS)
    for r in rows:
        for name, (points, _written) in TINY.items():
            auto, _, pending, total = table[(name, r["Student ID"])]
            got = sum(float(r[f"{name}: t{i} (max {p})"]) for i, p in enumerate(points))
            assert got == auto
            assert float(r[f"{name} pending"]) == pending
            assert r[f"{name} (max {total:g})"] == ("" if pending else f"{auto:g}")
    # progress from our code; none of the third-party noise, not even from the kernels
    assert "autograding tiny2 [" in err and "4/4" in err
    assert "tiny: released, 4 submissions collected" in err
    assert [n for n in NOISE if n in out + err] == []
    # the instructor's own autograde command starts its kernels encrypted too
    monkeypatch.chdir(keep / "course")
    monkeypatch.setenv("LUKIN_COURSE_EXCHANGE", str(keep / "exchange"))
    assert cli.main(["autograde", "tiny", "--student", "correct"]) == 0
    out, err = capfd.readouterr()
    assert "(1 already graded and unchanged)" in out and "without encryption" not in err
    assert cli.main(["autograde", "tiny", "--student", "correct", "--force"]) == 0
    assert "autograded 1 submissions" in capfd.readouterr().out
    assert cli.main(["demo", "--keep", str(keep)]) == 1
    assert "already exists" in capfd.readouterr().err


@pytest.mark.course
def test_demo_verbose_shows_third_party_warnings(
    tiny: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["demo", "-v", "--assignment", "tiny", "--timeout", "5"]) == 0
    out, err = capfd.readouterr()
    assert {a for a, _ in _table(out)} == {"tiny", "term total"}
    assert "The demo course was deleted" in out
    assert "SAWarning: Object of type <Submitted" in err
    assert "authentictor" in err and "DeprecationWarning" in err


def _corrupted(source: Any, release: Any) -> Any:
    """Correct, plus a pasted cell whose nbgrader metadata is broken (nbgrader refused these)."""
    out = demo.correct(source, release)
    cell = nbformat.v4.new_code_cell("x = 1")
    cell.metadata["nbgrader"] = {
        "grade": True,
        "grade_id": "pasted",
        "solution": False,
        "locked": False,
        "schema_version": 3,
        "task": False,
    }  # a graded cell without points, from no notebook of this course
    out.cells.append(cell)
    return out


@pytest.mark.course
def test_demo_grades_a_submission_with_broken_metadata(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    students = {"correct": demo.correct, "odd": _corrupted}
    result = demo.run_term(load_course(tiny), tmp_path / "t", ["tiny"], students, timeout=5)
    assert result.failed == {}
    rows = {r.student: r for r in result.scores}
    assert rows["odd"].autograded == rows["correct"].autograded == rows["odd"].autograded_max
    assert cli._report(result, kept=False) == 0
    assert "odd" in capsys.readouterr().out


def test_demo_reports_a_submission_that_fails_to_grade(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable(source: Any, release: Any) -> Any:
        out = demo.correct(source, release)
        out.cells = "not a list"  # written as JSON, but not a notebook
        return out

    from lukin_course.course import workflow

    monkeypatch.setattr(demo.nbformat, "write", _write_raw)
    students = {"correct": demo.correct, "odd": unreadable}
    result = demo.run_term(load_course(tiny), tmp_path / "t", ["tiny"], students, timeout=5)
    assert list(result.failed) == ["tiny/odd"]
    assert "not a notebook" in result.failed["tiny/odd"]
    assert workflow.cell_scores(result.course, "tiny", "odd")  # graded as blank all the same
    assert cli._report(result, kept=False) == 1
    captured = capsys.readouterr()
    assert "FAILED tiny/odd" in captured.err and "correct" in captured.out


def _write_raw(nb: Any, path: Any, *args: Any, **kwargs: Any) -> None:
    """nbformat.write without validation, so a broken notebook reaches the exchange."""
    import json

    Path(path).write_text(json.dumps(nb), encoding="utf-8")


def test_demo_argument_checks(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(TypeError, match="assignments"):
        run_demo(load_course(tiny), "tiny")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="timeout"):
        run_demo(load_course(tiny), ["tiny"], timeout=0)
    assert cli.main(["demo", "--assignment", "nope"]) == 1
    assert "unknown assignment 'nope'" in capsys.readouterr().err


# --- quiet output ---------------------------------------------------------------------------


def _warn(text: str, category: type[Warning], module: str) -> None:
    warnings.warn_explicit(text, category, f"{module.replace('.', '/')}.py", 1, module=module)


def test_only_the_known_harmless_warnings_are_hidden(capsys: pytest.CaptureFixture[str]) -> None:
    from sqlalchemy.exc import SAWarning

    with cli.output_filter():
        _warn("Object of type <SubmittedAssignment> not in session, add", SAWarning, "nbgrader.api")
        _warn(
            "Passing unrecognized arguments to super(ExchangeFetchFeedback).__init__"
            "(authentictor=<x>).",
            DeprecationWarning,
            "traitlets.traitlets",
        )
        # the same kinds of warning elsewhere, or with another message, still show
        _warn("Object of type <Student> not in session", SAWarning, "nbgrader.api")
        _warn("Object of type <SubmittedNotebook> not in session", SAWarning, "mycode")
        _warn("a real problem", UserWarning, "nbgrader.api")
    err = capsys.readouterr().err
    assert "<SubmittedAssignment>" not in err and "authentictor" not in err
    assert "<Student>" in err and "<SubmittedNotebook>" in err and "a real problem" in err


def test_verbose_shows_every_warning_and_filters_are_restored(
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = list(warnings.filters)
    with cli.output_filter(verbose=True):
        _warn(
            "unclosed file <timestamp.txt>",
            ResourceWarning,
            "nbgrader.exchange.default.release_feedback",
        )
    assert "ResourceWarning: unclosed file" in capsys.readouterr().err
    assert warnings.filters == before


@pytest.mark.parametrize(
    ("argv", "verbose"),
    [
        (["students", "list"], False),
        (["-v", "students", "list"], True),
        (["students", "list", "--verbose"], True),
        (["students", "-v", "list"], True),
        (["demo", "-v"], True),
    ],
)
def test_verbose_before_or_after_the_command(argv: list[str], verbose: bool) -> None:
    parser = cli.build_parser()
    assert parser.parse_args(argv).verbose is verbose


def test_kernels_are_encrypted_unless_the_course_chose(monkeypatch: pytest.MonkeyPatch) -> None:
    import zmq
    from traitlets.config import Config

    c = Config()
    assert demo.encrypt_kernels(c) is zmq.has("curve")
    chosen = Config()
    chosen.AsyncKernelManager.transport_encryption = "disabled"
    assert demo.encrypt_kernels(chosen) is False
    assert chosen.AsyncKernelManager.transport_encryption == "disabled"
    monkeypatch.setattr(zmq, "has", lambda feature: False)  # a ZeroMQ built without CurveZMQ
    assert demo.encrypt_kernels(Config()) is False


# --- conventions of the command line --------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["--course-dir", "X", "status"],
        ["status", "--course-dir", "X"],
        ["students", "--course-dir", "X", "list"],
        ["students", "list", "--course-dir", "X"],
        ["exchange", "init", "--course-dir", "X"],
        ["--course-dir", "Y", "autograde", "a", "--course-dir", "X"],  # the last one counts
    ],
)
def test_course_dir_before_or_after_the_command(argv: list[str]) -> None:
    assert cli.build_parser().parse_args(argv).course_dir == "X"


def test_usage_errors_are_one_line_and_status_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["release"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "the following arguments are required: assignment" in err
    assert "see `lukin-course release --help`" in err
    assert cli.main(["students", "remove", "ada"]) == 1
    assert "invalid choice: 'remove'" in capsys.readouterr().err


@pytest.mark.course
def test_unexpected_errors_are_one_line_unless_verbose(
    tiny: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: Any) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(cli, "_status", broken)
    assert cli.main(["status"]) == 1
    err = capsys.readouterr().err
    assert err == (
        "lukin-course: error: unexpected KeyError: 'a bug' (run again with --verbose to see "
        "where)\n"
    )
    assert cli.main(["status", "-v"]) == 1
    assert "Traceback (most recent call last)" in capsys.readouterr().err

    def interrupted(*args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_status", interrupted)
    assert cli.main(["status"]) == 130
    assert capsys.readouterr().err == "lukin-course: interrupted\n"


@pytest.mark.course
def test_iri_grammars_are_built_on_first_use() -> None:
    """In a fresh interpreter the stand-in loads no parser, and IRIs are still checked."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from lukin_course.course.cli import defer_iri_grammars\n"
        "assert defer_iri_grammars() and not defer_iri_grammars()\n"
        "import nbgrader.api, jsonschema\n"
        "assert 'rfc3987_syntax.syntax_helpers' not in sys.modules\n"
        "check = jsonschema.Draft7Validator.FORMAT_CHECKER\n"
        "print(check.conforms('http://example.org/ä', 'iri'), check.conforms('x y', 'iri'))\n"
        "assert 'rfc3987_syntax.syntax_helpers' in sys.modules\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "False"]


def test_gradesheet_cells() -> None:
    from lukin_course.course.gradesheet import _text, number

    assert [number(x) for x in (3.0, 2.25, 1 / 3, -0.0, 1e-9, 12345.5)] == [
        "3",
        "2.25",
        "0.3333",
        "0",
        "0",
        "12345.5",
    ]
    assert [_text(v) for v in ("Ada", "=HYPERLINK(1)", "+1", "-x", "@a", None)] == [
        "Ada",
        "'=HYPERLINK(1)",
        "'+1",
        "'-x",
        "'@a",
        "",
    ]


@pytest.mark.course
def test_iri_stand_in_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.delitem(sys.modules, "jsonschema", raising=False)
    monkeypatch.delitem(sys.modules, "rfc3987_syntax", raising=False)
    assert cli.defer_iri_grammars() is True
    stand_in = sys.modules["rfc3987_syntax"]
    assert stand_in.is_valid_syntax("iri", "https://example.org/ä") is True
    assert stand_in.is_valid_syntax("iri", "no scheme") is False


@pytest.mark.course
def test_students_export_and_import_files(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["students", "add", "ada", "--first-name", "Ada"]) == 0
    assert cli.main(["students", "export", "--to", "class.csv"]) == 0
    assert "wrote class.csv: 1 students" in capsys.readouterr().out
    assert (tiny / "class.csv").read_text() == "id,first_name,last_name,email\nada,Ada,,\n"
    assert cli.main(["students", "import", "class.csv", "--dry-run"]) == 0
    assert "would import class.csv: 0 added, 0 updated, 1 unchanged" in capsys.readouterr().out
    assert cli.main(["students", "export", "--to", "missing/class.csv"]) == 1
    assert "cannot write missing/class.csv" in capsys.readouterr().err
