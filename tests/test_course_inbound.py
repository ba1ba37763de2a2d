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
from lukin_course.course.inbound import (
    SafeCollect,
    UnsafeSubmission,
    _regular_copier,
    unsafe_reason,
)
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


def _collector(tmp_path: Path, **settings: object) -> SafeCollect:
    """nbgrader's collect as ``lukin-course collect`` configures it, outside a whole course."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    config = Config()
    config.CourseDirectory.root = str(tmp_path / "course")
    config.CourseDirectory.course_id = "c"
    config.CourseDirectory.assignment_id = "a"
    config.Exchange.root = str(tmp_path / "exchange")
    for key, value in settings.items():
        section, _, trait = key.partition("__")
        config[section][trait] = value
    return SafeCollect(
        coursedir=CourseDirectory(config=config),
        authenticator=Authenticator(config=config),
        config=config,
    )


def test_a_link_or_pipe_swapped_in_after_the_checks_is_refused_by_the_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    collector = _collector(tmp_path)
    entry = tmp_path / "ben+a+2026-01-01 00:00:00.000000 UTC+x"
    entry.mkdir()
    (entry / "a.ipynb").write_text("{}")
    (entry / "solution.ipynb").symlink_to(tmp_path / "secret")
    (tmp_path / "secret").write_text("the solution")
    # checked before the copy: refused, nothing copied
    collector.do_copy(str(entry), str(tmp_path / "out1"))
    assert not (tmp_path / "out1").exists()
    # the race: the entry looked clean when checked and holds a link or a pipe when copied
    import lukin_course.course.inbound as inbound

    real = inbound.unsafe_reason
    skip = iter(["the check before the copy"])  # the attacker wins that race once each time
    monkeypatch.setattr(inbound, "unsafe_reason", lambda *a: None if next(skip, "") else real(*a))
    collector.do_copy(str(entry), str(tmp_path / "out2"))
    assert not (tmp_path / "out2").exists()
    (entry / "solution.ipynb").unlink()
    os.mkfifo(entry / "pipe")
    skip = iter(["the check before the copy"])
    collector.do_copy(str(entry), str(tmp_path / "out3"))
    assert not (tmp_path / "out3").exists()
    refusals = [
        r.getMessage() for r in caplog.records if "refused the submission" in r.getMessage()
    ]
    assert len(refusals) == 3
    assert "solution.ipynb is a symbolic link" in refusals[0]
    assert "solution.ipynb is a symbolic link" in refusals[1]
    assert "pipe is not a regular file" in refusals[2]


def test_an_entry_removed_before_its_copy_is_refused_not_fatal(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _collector(tmp_path).do_copy(str(tmp_path / "gone"), str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()
    assert any("refused the submission 'gone'" in r.getMessage() for r in caplog.records)


def test_group_shared_copies_stay_writable_by_the_group(tmp_path: Path) -> None:
    collector = _collector(tmp_path, CourseDirectory__groupshared=True)
    entry = tmp_path / "entry"
    (entry / "data").mkdir(parents=True)
    (entry / "a.ipynb").write_text("{}")
    (entry / "data" / "x.csv").write_text("1")
    for path in (entry / "a.ipynb", entry / "data" / "x.csv"):
        path.chmod(0o600)
    collector.do_copy(str(entry), str(tmp_path / "out"))
    for path in (tmp_path / "out" / "a.ipynb", tmp_path / "out" / "data" / "x.csv"):
        assert path.stat().st_mode & 0o660 == 0o660
    assert (tmp_path / "out" / "data").stat().st_mode & 0o2770 == 0o2770


def test_before_the_due_date_the_latest_on_time_entry_is_chosen(tmp_path: Path) -> None:
    import datetime as dt

    collector = _collector(tmp_path, ExchangeCollect__before_duedate=True)
    collector.duedate = dt.datetime(2026, 3, 1)
    records = [
        {"username": "ben", "filename": n, "timestamp": dt.datetime(2026, 2, d), "owner": "ben"}
        for n, d in (("early", 1), ("on time", 27))
    ]
    late = {
        "username": "ben",
        "filename": "late",
        "timestamp": dt.datetime(2026, 3, 2),
        "owner": "ben",
    }
    assert collector._choose("ben", [*records, late])["filename"] == "on time"
    assert collector._choose("ben", [late])["filename"] == "late"  # nothing on time: the latest


def test_a_missing_inbound_folder_and_an_unknown_owner_are_named(tmp_path: Path) -> None:
    from nbgrader.exchange.abc.exchange import ExchangeError

    collector = _collector(tmp_path)
    with pytest.raises(ExchangeError, match="Course not found"):
        collector.init_src()
    orphan = tmp_path / "orphan"
    orphan.mkdir()
    os.chown(orphan, 424242, -1)  # a uid with no entry in the password database
    assert collector._owner(str(orphan)) == "uid 424242"
