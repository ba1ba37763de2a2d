"""Nothing lost: ``kill -9`` or Ctrl-C of the instructor's ``autograde``, then the command resumes.

A small course of one assignment is released, submitted by six students and collected
through nbgrader's exchange. ``lukin-course autograde`` runs as the instructor would run it
(a separate process, two workers) and is stopped once some submissions are recorded: with
SIGKILL to the command alone (``kill -9``), or with SIGINT to its whole process group, which
is what Ctrl-C in a terminal sends. No sandbox may outlive it; running the command again
grades exactly the rest, and every student ends with one submission and the right score in
the gradebook.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest

from lukin_course.course import authoring as au
from lukin_course.course import term, workflow
from lukin_course.course.coursedir import CONFIG_NAME, load_course
from lukin_course.course.grader._engine import MARKER
from lukin_course.course.student import StudentEnv

pytestmark = pytest.mark.course

ROOT = Path(__file__).resolve().parents[1]
STUDENTS = [f"s{i}" for i in range(6)]


def _course(tmp: Path) -> tuple[Path, Path]:
    root, exchange = tmp / "course", tmp / "exchange"
    (root / "solutions" / "slow").mkdir(parents=True)
    shutil.copy(ROOT / CONFIG_NAME, root / CONFIG_NAME)
    cells = [
        au.instructions("slow: worth **2 points**.", "intro"),
        au.locked_code("from lukin_course.course.checks import check", "imports"),
        au.answer(
            "import time\ntime.sleep(1.5)  # each submission takes a while\n"
            "def f(n):\n    ### BEGIN SOLUTION\n    return 2 * n\n    ### END SOLUTION",
            "a",
        ),
        au.autograder_tests(
            "check('double', f(2) == 4, 'f(2) is 4')\n### BEGIN HIDDEN TESTS\n"
            "check('hidden', f(5) == 10, 'f(5) is 10')\n### END HIDDEN TESTS",
            "t",
            2,
        ),
    ]
    au.write_notebook(au.new_notebook(cells), root / "solutions" / "slow" / "slow.ipynb")
    return root, exchange


def _with_environment(marker: str) -> list[str]:
    """Processes whose environment holds ``marker`` (the killed run's helpers, if any)."""
    found = []
    for pid in os.listdir("/proc"):
        try:
            environ = Path(f"/proc/{pid}/environ").read_bytes()
        except (OSError, ValueError):
            continue
        if marker.encode() in environ and int(pid) != os.getpid():
            found.append(pid)
    return found


@pytest.mark.parametrize("stop", ["kill -9", "ctrl-c"])
def test_stop_then_resume(
    stop: str, tmp_path: Path, sandbox_watch: Callable[[], list[str]]
) -> None:
    root, exchange = _course(tmp_path)
    env = dict(
        os.environ,
        LUKIN_COURSE_EXCHANGE=str(exchange),
        LUKIN_COURSE_DB_URL=f"sqlite:///{root / 'gradebook.db'}",
        LUKIN_COURSE_TIMEOUT="30",
    )
    os.environ.update({k: env[k] for k in ("LUKIN_COURSE_EXCHANGE", "LUKIN_COURSE_DB_URL")})
    try:
        course = load_course(root, ExchangeCollect__check_owner=False)
        for sid in STUDENTS:
            workflow.add_student(course, sid)
        term.release(course, "slow")
        source = nbformat.read(root / "solutions" / "slow" / "slow.ipynb", 4)
        for i, sid in enumerate(STUDENTS):
            student = StudentEnv(sid, tmp_path / "homes" / sid, exchange, course.course_id)
            path = student.fetch("slow") / "slow.ipynb"
            nb = nbformat.read(path, 4)
            if i % 2 == 0:  # half the class answers correctly
                nb.cells[2].source = source.cells[2].source
            nbformat.write(nb, path)
            student.submit("slow")
        term.collect(course, "slow")
        command = [str(Path(sys.executable).parent / "lukin-course"), "autograde", "slow",
                   "--workers", "2"]  # fmt: skip
        # a session of its own: the Ctrl-C below reaches its group, not the test's
        first = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, start_new_session=True)  # fmt: skip
        markers = lambda: list((root / "autograded").glob(f"*/slow/{MARKER}"))  # noqa: E731
        deadline = time.monotonic() + 240
        while len(markers()) < 2 and time.monotonic() < deadline and first.poll() is None:
            time.sleep(0.2)
        assert first.poll() is None, "the first run should still be grading"
        done_before = len(markers())
        if stop == "kill -9":
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=30)
        else:
            os.killpg(first.pid, signal.SIGINT)
            _, err = first.communicate(timeout=60)
            assert first.returncode == 130, err
            assert b"Traceback" not in err and b"run the same command again" in err, err
        time.sleep(2)
        assert sandbox_watch() == []  # workers and sandboxes died with it
        assert _with_environment(env["LUKIN_COURSE_DB_URL"]) == []
        assert 2 <= done_before < len(STUDENTS)
        second = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True,
                                timeout=600)  # fmt: skip
        assert second.returncode == 0, second.stderr
        graded_again = int(second.stdout.split("autograded ")[1].split()[0])
        assert graded_again + done_before >= len(STUDENTS)
        assert len(markers()) == len(STUDENTS)
        for i, sid in enumerate(STUDENTS):
            scores = workflow.cell_scores(course, "slow", sid)
            assert scores["t"]["auto_score"] == (2.0 if i % 2 == 0 else 0.0)
        with course.gradebook() as gb:
            assert len(gb.find_assignment("slow").submissions) == len(STUDENTS)
    finally:
        for key in ("LUKIN_COURSE_EXCHANGE", "LUKIN_COURSE_DB_URL"):
            os.environ.pop(key, None)
