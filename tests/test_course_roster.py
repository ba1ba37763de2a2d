"""Tests of lukin_course.course.roster: reading class lists, importing them into a gradebook."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from lukin_course.course.coursedir import CONFIG_NAME, CourseError, load_course
from lukin_course.course.roster import (
    check_student_id,
    import_roster,
    read_roster,
    write_roster,
)

ROOT = Path(__file__).resolve().parents[1]


def _file(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "roster.csv"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "id,first_name,last_name,email\nada,Ada,Lovelace,a@x.org\n",
            {"id": "ada", "first_name": "Ada", "last_name": "Lovelace", "email": "a@x.org"},
        ),
        (  # Excel's "CSV UTF-8": a byte-order mark, semicolons, Moodle's headers
            "\ufeffUsername;First name;Last name;Email address\r\nada;Ada;Łukasiewicz;\r\n",
            {"id": "ada", "first_name": "Ada", "last_name": "Łukasiewicz", "email": ""},
        ),
        (  # tabs, other spellings, extra columns, blank lines, only an id
            "Student ID\tSurname\tSection\n\n  ada  \tLovelace\tA\n",
            {"id": "ada", "last_name": "Lovelace"},
        ),
    ],
)
def test_read_roster_accepts_common_files(tmp_path: Path, text: str, expected: dict) -> None:
    assert read_roster(_file(tmp_path, text)) == [expected]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is empty"),
        ("name,email\nAda,a@x.org\n", "has no student id column"),
        ("id\n", "lists no students"),
        ("id\nada\nbad id\nada\nc+d\n", "nothing imported, 3 bad lines: line 3: student id"),
        ("id\nada\nada\n", "line 3: student id 'ada' repeats line 2"),
    ],
)
def test_read_roster_names_every_problem(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(CourseError, match=message.replace("+", r"\+")):
        read_roster(_file(tmp_path, text))


def test_read_roster_file_problems(tmp_path: Path) -> None:
    with pytest.raises(CourseError, match="no roster file"):
        read_roster(tmp_path / "missing.csv")
    with pytest.raises(CourseError, match="is a folder"):
        read_roster(tmp_path)
    with pytest.raises(CourseError, match="not UTF-8"):
        read_roster(_file(tmp_path, "id,last_name\nada,Müller\n", "latin-1"))


def test_many_bad_lines_are_summed_up(tmp_path: Path) -> None:
    text = "id\n" + "".join(f"bad id {i}\n" for i in range(25))
    with pytest.raises(CourseError, match=r"25 bad lines.*and 15 more"):
        read_roster(_file(tmp_path, text))


def test_student_ids() -> None:
    assert check_student_id("a.b_c-d@e") == "a.b_c-d@e"
    for bad in ("", "a b", "a+b", "a*", "é", 3):
        with pytest.raises(ValueError, match="student id"):
            check_student_id(bad)


@pytest.mark.course
def test_import_adds_updates_and_keeps(tmp_path: Path) -> None:
    (tmp_path / CONFIG_NAME).write_text((ROOT / CONFIG_NAME).read_text())
    course = load_course(tmp_path)
    first = _file(tmp_path, "id,first_name,email\nada,Ada,a@x.org\nben,Ben,b@x.org\n")
    report = import_roster(course, first)
    assert (report.added, report.updated, report.unchanged) == (["ada", "ben"], [], [])
    # a later list: ben's email changed, cy is new, ada left; names are not in it
    second = tmp_path / "later.csv"
    second.write_text("id,email\nben,ben@x.org\ncy,\n")
    preview = import_roster(course, second, dry_run=True)
    assert (preview.added, preview.updated) == (["cy"], ["ben"])
    with course.gradebook() as gb:
        assert sorted(s.id for s in gb.students) == ["ada", "ben"]  # a dry run changes nothing
    report = import_roster(course, second)
    assert report.summary() == "1 added, 1 updated, 0 unchanged"
    assert report.not_in_roster == ["ada"]
    with course.gradebook() as gb:
        ben = gb.find_student("ben")
        assert (ben.first_name, ben.email) == ("Ben", "ben@x.org")  # no name column: kept
        assert gb.find_student("ada").email == "a@x.org"
    assert import_roster(course, second).unchanged == ["ben", "cy"]


def test_write_roster_round_trips(tmp_path: Path) -> None:
    rows = [{"id": "ada", "first_name": "Ada", "last_name": "", "email": "a@x.org"}]
    out = io.StringIO()
    write_roster(rows, out)
    path = _file(tmp_path, out.getvalue())
    assert read_roster(path) == [rows[0]]
