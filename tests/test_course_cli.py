"""The lukin-course command line: instructor mistakes give clear errors; a demo term runs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lukin_course.course import authoring as au
from lukin_course.course import cli
from lukin_course.course.coursedir import CONFIG_NAME, load_course
from lukin_course.course.demo import run_demo

ROOT = Path(__file__).resolve().parents[1]


def _tiny_course(tmp_path: Path) -> Path:
    """A course with one small assignment (no heavy imports, so kernels are quick)."""
    root = tmp_path / "course"
    (root / "solutions" / "tiny").mkdir(parents=True)
    shutil.copy(ROOT / CONFIG_NAME, root / CONFIG_NAME)
    nb = au.new_notebook(
        [
            au.instructions("Tiny: worth **4 points**.", "intro"),
            au.answer(
                "def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION", "f_a"
            ),
            au.autograder_tests(
                "assert f() == 1\n### BEGIN HIDDEN TESTS\nassert f() + 1 == 2\n"
                "### END HIDDEN TESTS",
                "f_t",
                1,
            ),
            au.answer(
                "def g():\n    ### BEGIN SOLUTION\n    return 2\n    ### END SOLUTION", "g_a"
            ),
            au.autograder_tests("assert g() == 2", "g_t", 1),
            au.written_answer("Model answer.", "w", 2),
        ]
    )
    au.write_notebook(nb, root / "solutions" / "tiny" / "tiny.ipynb")
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
    assert "released to" in capsys.readouterr().out
    assert cli.main(["collect", "tiny"]) == 1
    assert "nothing submitted for 'tiny'" in capsys.readouterr().err


def test_students_add_and_list(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["students", "add", "ada", "--first-name", "Ada", "--email", "a@x.org"]) == 0
    assert cli.main(["students", "list"]) == 0
    out = capsys.readouterr().out
    assert "ada" in out and "Ada" in out and "a@x.org" in out
    assert cli.main(["students", "add", "bad+id"]) == 1
    assert "student_id" in capsys.readouterr().err


def test_generate_with_no_assignments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(ROOT / CONFIG_NAME, tmp_path / CONFIG_NAME)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["generate", "--all"]) == 1
    assert "no assignments" in capsys.readouterr().err
    assert cli.main(["demo"]) == 1


def test_release_failure_is_reported(
    tiny: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tiny / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("LUKIN_COURSE_EXCHANGE", str(blocker / "exchange"))
    assert cli.main(["release", "tiny"]) == 1
    assert "releasing tiny to the exchange failed" in capsys.readouterr().err


@pytest.mark.course
def test_demo_runs_a_whole_term(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keep = tmp_path / "kept"
    assert cli.main(["demo", "--timeout", "5", "--keep", str(keep)]) == 0
    table = capsys.readouterr().out
    rows = {line.split()[1]: line.split()[2] for line in table.splitlines()[1:]}
    assert rows == {"blank": "0.0", "broken": "0.0", "correct": "2.0", "partial": "1.0"}
    assert (keep / "course" / "grades.csv").is_file()
    assert cli.main(["demo", "--keep", str(keep)]) == 1
    assert "already exists" in capsys.readouterr().err


@pytest.mark.course
def test_demo_in_a_temporary_folder(tiny: Path) -> None:
    result = run_demo(load_course(tiny), "tiny", timeout=5)
    assert not result.course.root.exists()
    assert len(result.grades) == 4
    with pytest.raises(ValueError, match="timeout"):
        run_demo(load_course(tiny), "tiny", timeout=0)
