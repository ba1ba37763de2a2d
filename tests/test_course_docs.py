"""The README's quick start and the guides' commands, run as written, so the docs cannot drift.

The commands are taken from the fenced ``bash`` (and ``python``/``text``) blocks of
README.md, book/back/instructor-guide.md and book/back/student-guide.md, and run in
document order on a copy of the course with assignment 01, through nbgrader's real
exchange:

* the instructor's ``lukin-course`` lines run through the console script's own entry
  point (:func:`lukin_course.course.cli.main`) in the course root, each checked for exit
  status 0;
* the student guide's ``nbgrader`` lines run as commands in two students' home folders:
  one works "on the hub" (the user running the tests, whose login is their id, with the
  commands without ``--student``), one "on their own computer" (``ada``, with the
  guide's ``~/.jupyter/nbgrader_config.py`` and the commands with ``--student ada``);
* between the steps the students complete their notebooks, and a grader grades the
  written answers as the Formgrader does.

The only substitution is the exchange: the docs name nbgrader's default folder, the
test uses one of its own (``LUKIN_COURSE_EXCHANGE`` for the instructor, the same folder in
the students' configuration file). Lines that set up an environment or start an
interactive program are not run: ``make venv``, ``source``, ``pip install``, ``jupyter lab``,
and ``lukin-course demo``, which test_course_cli.py plays on a small course.
"""

from __future__ import annotations

import contextlib
import csv
import getpass
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from lukin_course.course import authoring as au
from lukin_course.course import cli, demo
from lukin_course.course.coursedir import CONFIG_NAME, load_course
from lukin_course.course.exchange import NBGRADER_DEFAULT_EXCHANGE

pytestmark = pytest.mark.course

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
INSTRUCTOR = ROOT / "book" / "back" / "instructor-guide.md"
STUDENT = ROOT / "book" / "back" / "student-guide.md"
ASSIGNMENT = "01-reading-the-essay"
ME = getpass.getuser()

#: Lines that are not run, and why (see the module docstring).
NOT_RUN = (
    ("make venv", "sets up the environment the tests run in"),
    ("source ", "sets up the environment the tests run in"),
    ("pip install", "sets up the environment the tests run in"),
    ("jupyter lab", "an interactive program"),
    ("lukin-course demo", "played by test_course_cli.py on a small course"),
)

FENCE = re.compile(
    r"^(?P<indent> *)```(?P<lang>[\w-]*)\n(?P<body>.*?)^(?P=indent)```$", re.S | re.M
)


def blocks(path: Path, lang: str, section: str | None = None) -> list[str]:
    """The fenced code blocks of ``lang`` in a markdown file (or one ``## section``), in order."""
    text = path.read_text(encoding="utf-8")
    if section is not None:
        text = text[text.index(f"## {section}\n") :]
        end = text.find("\n## ", 1)
        text = text if end < 0 else text[:end]
    return [m["body"] for m in FENCE.finditer(text) if m["lang"] == lang]


def commands(block: str) -> list[str]:
    """The command lines of a bash block, comments removed."""
    out = []
    for line in block.splitlines():
        words = shlex.split(line, comments=True)
        if words:
            out.append(shlex.join(words))
    return out


def skipped(line: str) -> bool:
    return any(line.startswith(prefix) for prefix, _ in NOT_RUN) or " && source " in line


def lukin_course(line: str, course: Path) -> str:
    """Run one ``lukin-course`` line in the course root; return what it printed."""
    out, err = io.StringIO(), io.StringIO()
    here = Path.cwd()
    os.chdir(course)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(shlex.split(line)[1:])
    finally:
        os.chdir(here)
    assert code == 0, f"`{line}` failed:\n{out.getvalue()}{err.getvalue()}"
    return out.getvalue() + err.getvalue()


def nbgrader(line: str, home: Path) -> str:
    """Run one ``nbgrader`` line as a student whose home folder is ``home``."""
    words = shlex.split(line)
    words[0] = str(Path(sys.executable).with_name("nbgrader"))
    env = {**os.environ, "HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / ".jupyter")}
    for key in ("JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
        env.pop(key, None)
    done = subprocess.run(
        words, cwd=home, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, f"`{line}` failed:\n{done.stdout}{done.stderr}"
    return done.stdout + done.stderr


def _complete(notebook: Path, solutions: Path) -> None:
    """The student's work: every answer of the solutions."""
    source = nbformat.read(solutions / notebook.name, as_version=4)
    nbformat.write(demo.correct(source, nbformat.read(notebook, as_version=4)), notebook)


def test_readme_and_guides_run_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    course, exchange = tmp_path / "course", tmp_path / "exchange"
    course.mkdir()
    shutil.copy(ROOT / CONFIG_NAME, course / CONFIG_NAME)
    for folder in ("solutions", "exercises"):
        shutil.copytree(ROOT / folder / ASSIGNMENT, course / folder / ASSIGNMENT)
    monkeypatch.setenv("LUKIN_COURSE_EXCHANGE", str(exchange))
    monkeypatch.setenv("LUKIN_COURSE_TIMEOUT", "60")

    # --- the README: set-up lines, the class list, the term
    quick_start = "Instructors: quick start"
    readme = [line for b in blocks(README, "bash", quick_start) for line in commands(b)]
    assert all(skipped(line) for line in readme[:2]), readme[:2]
    [roster] = [b for b in blocks(README, "text", quick_start) if b.startswith("id,")]
    (course / "roster.csv").write_text(roster, encoding="utf-8")
    term = [line for line in readme if not skipped(line)]
    steps = [shlex.split(line)[1] for line in term]
    assert steps == [
        "exchange",
        "students",
        "release",
        "collect",
        "autograde",
        "status",
        "feedback",
        "export",
    ]
    readme_ids = [row.split(",")[0] for row in roster.strip().splitlines()[1:]]

    # --- the student guide: the hub's commands, and the own computer's
    guide = [line for b in blocks(STUDENT, "bash") for line in commands(b)]
    hub = [line for line in guide if "--student" not in line]
    own = {line.split()[1]: line for line in guide if "--student" in line}
    assert [line.split()[1] for line in hub] == [
        "list",
        "fetch_assignment",
        "validate",
        "submit",
        "fetch_feedback",
    ]
    assert sorted(own) == ["fetch_feedback", "submit"]
    [config] = blocks(STUDENT, "python")
    assert NBGRADER_DEFAULT_EXCHANGE in config
    homes = {ME: tmp_path / "hub" / ME, "ada": tmp_path / "laptop" / "ada"}
    assert "ada" in readme_ids and all("--student ada" in line for line in own.values())
    for home in homes.values():
        (home / ".jupyter").mkdir(parents=True)
    (homes["ada"] / ".jupyter" / CONFIG_NAME).write_text(
        config.replace(NBGRADER_DEFAULT_EXCHANGE, str(exchange)), encoding="utf-8"
    )
    # on the hub the administrator gives every student the same settings
    shutil.copy(homes["ada"] / ".jupyter" / CONFIG_NAME, homes[ME] / ".jupyter" / CONFIG_NAME)

    def students_work() -> None:
        solutions = course / "solutions" / ASSIGNMENT
        listed = nbgrader(hub[0], homes[ME])
        assert f"lukin-course {ASSIGNMENT}" in listed
        nbgrader(hub[1], homes[ME])
        # ada's fetch is the same command in her own home: a copy of what it fetched
        shutil.copytree(homes[ME] / ASSIGNMENT, homes["ada"] / ASSIGNMENT)
        for home in homes.values():
            for notebook in (home / ASSIGNMENT).glob("*.ipynb"):
                _complete(notebook, solutions)
        validated = nbgrader(hub[2], homes[ME])
        assert "Success! Your notebook passes all the tests." in validated
        nbgrader(hub[3], homes[ME])
        nbgrader(own["submit"], homes["ada"])

    def grade_by_hand() -> None:
        with load_course(course).gradebook() as gb:  # what the Formgrader does
            for student in homes:
                for grade in gb.find_submission(ASSIGNMENT, student).notebooks[0].grades:
                    if grade.needs_manual_grade:
                        grade.manual_score = grade.max_score
                        grade.needs_manual_grade = False
            gb.db.commit()

    # the hub student is on the class list under their login
    lukin_course(f"lukin-course students add {ME}", course)
    printed = {}
    for line in term:
        step = shlex.split(line)[1]
        if step == "collect":
            students_work()
        if step == "feedback":
            assert "grade by hand" in printed["status"]
            grade_by_hand()
        printed[step] = lukin_course(line, course)
    assert (
        "4 added" not in printed["students"] and f"{len(readme_ids)} added" in printed["students"]
    )
    assert f"collected 2 submissions of {ASSIGNMENT}" in printed["collect"]
    assert "autograded 2 submissions" in printed["autograde"]
    for line, home in ((hub[4], homes[ME]), (own["fetch_feedback"], homes["ada"])):
        nbgrader(line, home)
        # the guide's path: <assignment>/feedback/<time of submission>/<assignment>.html
        [html] = (home / ASSIGNMENT / "feedback").glob(f"*/{ASSIGNMENT}.html")
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ UTC", html.parent.name)
    with open(course / "grades.csv", newline="", encoding="utf-8-sig") as fh:
        rows = {r["Student ID"]: r for r in csv.DictReader(fh)}
    points = au.stated_total(
        nbformat.read(course / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
    )
    total = f"{ASSIGNMENT} (max {points})"
    assert rows["ada"][total] == rows[ME][total] == str(points)  # every answer, all graded
    assert rows["ben"][total] == ""  # nothing submitted

    # --- the instructor guide: its term is the README's; its other commands run too
    covered = {line.split("#")[0].strip() for line in term}
    for block in blocks(INSTRUCTOR, "bash"):
        for line in commands(block):
            assert line.startswith("lukin-course "), line
            if skipped(line):
                continue
            if line in covered or shlex.split(line)[1] in ("release", "collect", "autograde"):
                assert line in covered, f"the instructor guide's `{line}` differs from the README"
                continue
            lukin_course(line, course)
