"""Tests of lukin_course.course.coursedir: finding and loading the course."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lukin_course.course.coursedir import (
    CONFIG_NAME,
    CourseError,
    _tools_on_path,
    find_course_root,
    load_course,
)

ROOT = Path(__file__).resolve().parents[1]


def test_repository_is_the_course_root() -> None:
    course = load_course(ROOT / "solutions")
    assert course.root == ROOT
    assert course.course_id == "lukin-course"
    assert course.source_dir == ROOT / "solutions"
    assert course.release_dir == ROOT / "exercises"
    assert "01-reading-the-essay" in course.assignments()


def test_config_sets_timeout_and_preprocessors() -> None:
    config = load_course(ROOT).config
    assert config.ExecutePreprocessor.timeout == 60
    assert config.Autograde.autograde_preprocessors == [
        "lukin_course.course.execute.SandboxRequired"
    ]
    assert config.GenerateFeedback.preprocessors[0].endswith("HideHiddenTests")


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LUKIN_COURSE_EXCHANGE", str(tmp_path / "ex"))
    monkeypatch.setenv("LUKIN_COURSE_DB_URL", "sqlite:///" + str(tmp_path / "g.db"))
    monkeypatch.setenv("LUKIN_COURSE_TIMEOUT", "7")
    monkeypatch.setenv("LUKIN_COURSE_ID", "other")
    course = load_course(ROOT)
    assert course.config.Exchange.root == str(tmp_path / "ex")
    assert course.db_url == "sqlite:///" + str(tmp_path / "g.db")
    assert course.config.ExecutePreprocessor.timeout == 7
    assert course.course_id == "other"


def test_default_gradebook_is_sqlite_in_the_root() -> None:
    assert load_course(ROOT).db_url == f"sqlite:///{ROOT / 'gradebook.db'}"


def test_wrong_directory_says_where_to_run(tmp_path: Path) -> None:
    with pytest.raises(CourseError, match=r"no nbgrader_config\.py found.*--course-dir"):
        find_course_root(tmp_path)


def test_start_must_be_a_path() -> None:
    with pytest.raises(TypeError, match="start"):
        find_course_root(42)  # type: ignore[arg-type]


def test_default_start_is_cwd(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT / "solutions")
    assert find_course_root() == ROOT


def test_broken_config_is_reported(tmp_path: Path) -> None:
    (tmp_path / CONFIG_NAME).write_text("c = get_config()\nraise SystemError('oops')\n")
    with pytest.raises(CourseError, match="could not read"):
        load_course(tmp_path)


def test_bad_override_rejected(tmp_path: Path) -> None:
    (tmp_path / CONFIG_NAME).write_text("c = get_config()\n")
    with pytest.raises(ValueError, match="Section__trait"):
        load_course(tmp_path, timeout=3)


def test_unknown_assignment_lists_valid_ones(tmp_path: Path) -> None:
    with pytest.raises(CourseError, match=r"unknown assignment .nope.*01-reading-the-essay"):
        load_course(ROOT).require_assignment("nope")
    (tmp_path / CONFIG_NAME).write_text("c = get_config()\n")
    empty = load_course(tmp_path)
    assert empty.assignments() == []
    with pytest.raises(CourseError, match=r"\(none\)"):
        empty.require_assignment("x")


def test_tools_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    _tools_on_path()
    assert os.environ["PATH"]
    before = os.environ["PATH"]
    _tools_on_path()
    assert os.environ["PATH"] == before


@pytest.mark.course
def test_a_new_gradebook_is_made_without_a_second_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import nbgrader.api
    from alembic.script import ScriptDirectory
    from nbgrader.dbutil import ALEMBIC_DIR
    from sqlalchemy import create_engine, text

    def no_alembic_process() -> str:
        raise AssertionError("nbgrader asked alembic in a new process")

    monkeypatch.setattr(nbgrader.api, "get_alembic_version", no_alembic_process)
    (tmp_path / CONFIG_NAME).write_text("c = get_config()\nc.CourseDirectory.course_id = 'x'\n")
    course = load_course(tmp_path)
    with course.gradebook() as gb:  # nbgrader opens it as an existing gradebook
        gb.add_student("ada")
    engine = create_engine(course.db_url)
    with engine.connect() as conn:
        [version] = conn.execute(text("SELECT version_num FROM alembic_version")).scalars()
    engine.dispose()
    assert version == ScriptDirectory(ALEMBIC_DIR).get_current_head()
    course.ensure_gradebook()  # a second time: nothing to do
    with course.gradebook() as gb:
        assert [s.id for s in gb.students] == ["ada"]


@pytest.mark.course
def test_a_gradebook_that_cannot_be_opened_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / CONFIG_NAME).write_text("c = get_config()\n")
    course = load_course(tmp_path, CourseDirectory__db_url="nosuchdb://x/y")
    with pytest.raises(CourseError, match="cannot open the gradebook nosuchdb://x/y"):
        course.gradebook()
