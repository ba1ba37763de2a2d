"""Tests of lukin_course.course.exchange: where the exchange is, creating it, checking it."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from lukin_course.course.coursedir import CONFIG_NAME, CourseError, load_course
from lukin_course.course.exchange import (
    NBGRADER_DEFAULT_EXCHANGE,
    exchange_layout,
    exchange_root,
    init_exchange,
    require_exchange,
)

ROOT = Path(__file__).resolve().parents[1]


def _course(tmp_path: Path, extra: str = "") -> Path:
    (tmp_path / CONFIG_NAME).write_text(
        f"c = get_config()\nc.CourseDirectory.course_id = 'ir101'\n"
        f"c.Exchange.root = {str(tmp_path / 'x')!r}\n{extra}"
    )
    return tmp_path


@pytest.mark.course
def test_the_course_names_nbgraders_default_exchange(monkeypatch: pytest.MonkeyPatch) -> None:
    from nbgrader.exchange.default import Exchange

    monkeypatch.delenv("LUKIN_COURSE_EXCHANGE", raising=False)
    assert NBGRADER_DEFAULT_EXCHANGE == Exchange.root.default_value
    assert exchange_root(load_course(ROOT)) == Path(NBGRADER_DEFAULT_EXCHANGE)
    monkeypatch.setenv("LUKIN_COURSE_EXCHANGE", "/elsewhere")
    assert exchange_root(load_course(ROOT)) == Path("/elsewhere")


def test_init_creates_nbgraders_modes_and_corrects_them(tmp_path: Path) -> None:
    course = load_course(_course(tmp_path))
    report = init_exchange(course)
    assert [line.split()[0] for line in report] == ["created"] * 5
    modes = {p: m for p, m in exchange_layout(course)}
    assert {p: stat.S_IMODE(p.stat().st_mode) for p in modes} == modes
    assert modes[tmp_path / "x" / "ir101" / "inbound"] == 0o2733
    (tmp_path / "x" / "ir101" / "outbound").chmod(0o700)
    again = init_exchange(course)
    assert sum(line.startswith("changed") for line in again) == 1
    assert sum(line.startswith("ok") for line in again) == 4


def test_groupshared_modes(tmp_path: Path) -> None:
    course = load_course(_course(tmp_path, "c.CourseDirectory.groupshared = True\n"))
    assert [m for _, m in exchange_layout(course)] == [0o2777, 0o2775, 0o2775, 0o2773, 0o2771]


def test_init_errors_say_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "x").write_text("a file where the exchange should be")
    with pytest.raises(CourseError, match=r"exists but is not a folder.*c\.Exchange\.root"):
        init_exchange(load_course(_course(tmp_path)))
    nameless = tmp_path / "nameless"
    nameless.mkdir()
    (nameless / CONFIG_NAME).write_text("c = get_config()\nc.CourseDirectory.course_id = ''\n")
    with pytest.raises(CourseError, match="has no id"):
        init_exchange(load_course(nameless))


def test_require_exchange(tmp_path: Path) -> None:
    course = load_course(_course(tmp_path))
    with pytest.raises(CourseError, match="does not exist: create it with `lukin-course exchange"):
        require_exchange(course)
    (tmp_path / "x").mkdir()
    assert require_exchange(course) == tmp_path / "x"
    with pytest.raises(CourseError, match="nothing has been released"):
        require_exchange(course, inbound=True)
    init_exchange(course)
    assert require_exchange(course, inbound=True) == tmp_path / "x"


def test_under_sudo_the_course_folders_go_to_the_instructor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """nbgrader lets only the owner of <exchange>/<course> release and collect."""
    import os

    monkeypatch.setenv("SUDO_UID", "65534")
    monkeypatch.setenv("SUDO_GID", "65534")
    monkeypatch.setenv("SUDO_USER", "teacher")
    course = load_course(_course(tmp_path))
    report = init_exchange(course)
    course_path = tmp_path / "x" / "ir101"
    if os.geteuid() != 0:  # not run with sudo: nothing to give away
        assert not any(line.startswith("gave") for line in report)
        return
    assert report[-1] == f"gave {course_path} and its folders to teacher, who runs the term"
    assert {p.stat().st_uid for p, _ in exchange_layout(course)[1:]} == {65534}
    assert (tmp_path / "x").stat().st_uid == 0
    # the instructor runs the term; anyone else is told whose folder it is
    with pytest.raises(CourseError, match=r"belongs to another user.*sudo chown -R"):
        require_exchange(course)
