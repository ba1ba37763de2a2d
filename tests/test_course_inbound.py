"""Collecting from an exchange that students write into directly (``inbound/`` is theirs too).

A student can put anything in ``inbound/``: nbgrader's own collect, running as the
instructor, would follow a link to ``solutions/`` or a classmate's submission and
grade what it found, hang on a named pipe, copy ``/dev/zero`` until the disk is
full, stop the whole class on a folder name it cannot parse, and let an entry named
after a classmate replace the classmate's work. Each of these is put in a real
exchange next to honest submissions made with ``nbgrader submit``; ``collect``
must refuse each one with a warning, collect the honest work of everyone (the
attacker's own earlier honest submission included) and copy nothing it refused.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import nbformat
import pytest

from lukin_course.course import authoring as au
from lukin_course.course import term, workflow
from lukin_course.course.coursedir import CONFIG_NAME, Course, load_course
from lukin_course.course.inbound import UnsafeSubmission, _regular_copier, unsafe_reason
from lukin_course.course.student import StudentEnv

pytestmark = pytest.mark.course

ROOT = Path(__file__).resolve().parents[1]
SOLVED = "return 'the instructor solution'"


def _course(tmp: Path, exchange: Path, **overrides: object) -> Course:
    root = tmp / "course"
    (root / "solutions" / "a").mkdir(parents=True)
    shutil.copy(ROOT / CONFIG_NAME, root / CONFIG_NAME)
    cells = [
        au.instructions("a: worth **1 point**.", "intro"),
        au.answer(f"def f():\n    ### BEGIN SOLUTION\n    {SOLVED}\n    ### END SOLUTION", "x"),
        au.autograder_tests("assert f() == 'the instructor solution'", "t", 1),
    ]
    au.write_notebook(au.new_notebook(cells), root / "solutions" / "a" / "a.ipynb")
    return load_course(root, Exchange__root=str(exchange), **overrides)


def _submit(course: Course, tmp: Path, exchange: Path, student: str, answer: str) -> Path:
    """An honest ``nbgrader submit``; returns the new entry of ``inbound/``."""
    inbound = exchange / course.course_id / "inbound"
    before = set(inbound.iterdir()) if inbound.is_dir() else set()
    env = StudentEnv(student, tmp / "homes" / student, exchange, course.course_id)
    path = env.fetch("a") / "a.ipynb"
    nb = nbformat.read(path, 4)
    nb.cells[1].source = f"def f():\n    return {answer!r}"
    nbformat.write(nb, path)
    env.submit("a")
    (entry,) = set(inbound.iterdir()) - before
    return entry


def _later(entry: Path, student: str, hours: int = 1) -> Path:
    """A fresh entry name for ``student``, ``hours`` after ``entry``'s time stamp."""
    import datetime as dt

    _, assignment, stamp, *_ = entry.name.rsplit("+", 3)
    when = dt.datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S.%f %Z") + dt.timedelta(hours=hours)
    name = f"{student}+{assignment}+{when.strftime('%Y-%m-%d %H:%M:%S.%f')} UTC+{'x' * 8}"
    return entry.parent / name


def _answer(course: Course, student: str) -> str:
    nb = nbformat.read(course.folder("submitted") / student / "a" / "a.ipynb", 4)
    return str(nb.cells[1].source)


@pytest.fixture()
def exchange(tmp_path: Path) -> Path:
    path = tmp_path / "exchange"
    path.mkdir()
    return path


def test_links_pipes_devices_and_bad_names_are_refused_and_the_class_is_collected(
    tmp_path: Path, exchange: Path
) -> None:
    course = _course(tmp_path, exchange, ExchangeCollect__check_owner=False)
    students = ["ada", "ben", "cy", "dan", "eve", "fay"]
    for sid in students:
        workflow.add_student(course, sid)
    term.release(course, "a")
    honest = {sid: _submit(course, tmp_path, exchange, sid, f"{sid}'s own answer") for sid in
              ["ada", "ben", "dan", "eve", "fay"]}  # fmt: skip
    solution_nb = course.root / "solutions" / "a" / "a.ipynb"

    # ben: a later entry whose notebook is a link to the instructor's solution
    ben = _later(honest["ben"], "ben")
    shutil.copytree(honest["ben"], ben)
    (ben / "a.ipynb").unlink()
    (ben / "a.ipynb").symlink_to(solution_nb)
    # cy: the entry itself is a link to the solutions folder
    _later(honest["ada"], "cy").symlink_to(course.root / "solutions" / "a")
    # dan: a named pipe where the notebook should be (nbgrader would fail the whole collect)
    dan = _later(honest["dan"], "dan")
    shutil.copytree(honest["dan"], dan)
    (dan / "a.ipynb").unlink()
    os.mkfifo(dan / "a.ipynb")
    # eve: a link to a device that never ends, and a link to a classmate's entry
    eve = _later(honest["eve"], "eve")
    shutil.copytree(honest["eve"], eve)
    (eve / "zero").symlink_to("/dev/zero")
    (eve / "ada.ipynb").symlink_to(honest["ada"] / "a.ipynb")
    # fay: a folder name nbgrader cannot parse (its time stamp)
    shutil.copytree(honest["fay"], honest["fay"].parent / "fay+a+not-a-time")
    # ... and one whose name tries to forge a line of the log
    forging = "fay+a+x\nrefused the submission 'ada+a+y': forged"
    shutil.copytree(honest["fay"], honest["fay"].parent / forging)

    # bounded: a hang on the pipe or /dev/zero fails the test instead of stalling it
    outcome: dict[str, object] = {}
    worker = threading.Thread(target=lambda: outcome.update(r=term.collect(course, "a")))
    worker.start()
    worker.join(120)
    assert not worker.is_alive(), "collect hung on a hostile entry"
    result = outcome["r"]
    assert isinstance(result, term.CollectResult)

    assert sorted(result.collected) == ["ada", "ben", "dan", "eve", "fay"]
    for sid in result.collected:  # each one's own honest work, never the solution or a copy
        assert _answer(course, sid) == f'def f():\n    return "{sid}\'s own answer"'
    assert not (course.folder("submitted") / "cy").exists()
    refused = result.refused
    assert refused[ben.name] == "a.ipynb is a symbolic link"
    assert refused[_later(honest["ada"], "cy").name] == "it is a symbolic link"
    assert refused[dan.name] == "a.ipynb is not a regular file"
    assert refused[eve.name] == "ada.ipynb is a symbolic link"
    assert "fay+a+not-a-time" in refused and forging in refused
    assert len(refused) == 6  # the forged line is not one of them
    refusals = [w for w in result.warnings if w.startswith("refused ")]
    assert len(refusals) == 6 and all("nbgrader submit" in w for w in refusals)
    for path in course.folder("submitted").rglob("*"):
        assert not path.is_symlink() and (path.is_dir() or path.is_file())
        if path.is_file():
            assert SOLVED not in path.read_text(errors="replace")


def test_an_entry_in_a_classmates_name_does_not_replace_their_work(
    tmp_path: Path, exchange: Path
) -> None:
    # system users stand in for students: the id must be the owner's user name
    import pwd

    victim, attacker = "nobody", "daemon"
    uid = {name: pwd.getpwnam(name).pw_uid for name in (victim, attacker)}
    course = _course(tmp_path, exchange)  # check_owner on, as nbgrader's default
    for sid in (victim, attacker):
        workflow.add_student(course, sid)
    term.release(course, "a")
    own = _submit(course, tmp_path, exchange, victim, "the victim's answer")
    os.chown(own, uid[victim], -1)
    forged = _later(own, victim)
    shutil.copytree(own, forged)
    nb = nbformat.read(forged / "a.ipynb", 4)
    nb.cells[1].source = "def f():\n    return 'vandalised'"
    nbformat.write(nb, forged / "a.ipynb")
    os.chown(forged, uid[attacker], -1)

    result = term.collect(course, "a")
    assert result.collected == [victim]
    assert _answer(course, victim) == 'def f():\n    return "the victim\'s answer"'
    assert "belongs to the system user 'daemon'" in result.refused[forged.name]


def test_the_copy_itself_never_follows_a_link_or_opens_a_pipe(tmp_path: Path) -> None:
    """The checks before the copy can be raced; the copy refuses on its own."""
    copy = _regular_copier(max_bytes=10)
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(UnsafeSubmission, match="not a regular file"):
        copy(str(tmp_path / "pipe"), str(tmp_path / "out1"))
    (tmp_path / "link").symlink_to("/etc/hostname")
    with pytest.raises(UnsafeSubmission, match="cannot be opened"):
        copy(str(tmp_path / "link"), str(tmp_path / "out2"))
    (tmp_path / "big").write_bytes(b"x" * 11)
    with pytest.raises(UnsafeSubmission, match="size limit"):
        copy(str(tmp_path / "big"), str(tmp_path / "out3"))
    (tmp_path / "ok").write_bytes(b"x" * 10)
    assert Path(copy(str(tmp_path / "ok"), str(tmp_path / "out4"))).read_bytes() == b"x" * 10


def test_unsafe_reason_names_what_is_wrong(tmp_path: Path) -> None:
    sub = tmp_path / "s"
    (sub / "deep").mkdir(parents=True)
    (sub / "a.ipynb").write_text("{}")
    assert unsafe_reason(str(sub)) is None
    assert unsafe_reason(str(sub), max_bytes=1) == "it holds 2 bytes, more than the limit of 1"
    assert unsafe_reason(str(sub / "a.ipynb")) == "it is not a folder"
    (sub / "deep" / "up").symlink_to("..")
    assert unsafe_reason(str(sub)) == "deep/up is a symbolic link"
