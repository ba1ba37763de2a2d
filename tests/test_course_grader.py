"""The grader's parts: the value format, the sandbox, the runner's scoring, matching, validate.

Everything runs for real: bubblewrap sandboxes, the worker inside them, the
trusted runner. The hostile corpus through the whole course is in
test_course_adversarial.py.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lukin_course.course import cli
from lukin_course.course.grader._match import Record, RecordCell, plan_submission
from lukin_course.course.grader._runner import PlanCell, run_notebook
from lukin_course.course.grader._sandbox import (
    Sandbox,
    WorkerDied,
    WorkerProcess,
)

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.course


@pytest.fixture(autouse=True, scope="module")
def _own_uids(sandbox_watch: Callable[[], list[str]]) -> None:
    """Every sandbox of this module gets a uid of this module's range."""


# --- the sandbox ---------------------------------------------------------------------------


@pytest.fixture
def worker() -> Any:
    with Sandbox(hidden=[ROOT]).start() as s:
        yield s


def _run(s: WorkerProcess, source: str, timeout: float = 30) -> dict[str, Any]:
    return s.request({"op": "run", "source": source}, timeout)


def test_sandbox_sees_no_course_no_network_no_environment(worker: WorkerProcess) -> None:
    os.environ["LUKIN_COURSE_DB_URL"] = "sqlite:////secret/gradebook.db"
    try:
        with Sandbox(hidden=[ROOT]).start() as s:
            code = (
                "import os, sys, socket\n"
                f"print(sorted(os.listdir({str(ROOT)!r})))\n"
                "print(os.getuid(), dict(os.environ).get('LUKIN_COURSE_DB_URL'), '' in sys.path)\n"
                "try:\n    socket.create_connection(('127.0.0.1', PORT), timeout=2)\n"
                "except OSError as e:\n    print('no network', e.errno)\n"
            )
            listener = socket.socket()
            listener.bind(("127.0.0.1", 0))
            listener.listen()
            listener.settimeout(0.5)
            port = str(listener.getsockname()[1])
            out = _run(s, code.replace("PORT", port))["outputs"][0]["text"]
            with pytest.raises(TimeoutError):
                listener.accept()  # nothing reached the host's loopback
            listener.close()
    finally:
        del os.environ["LUKIN_COURSE_DB_URL"]
    visible = json.loads(out.splitlines()[0].replace("'", '"'))
    assert set(visible) <= {".venv", "lukin_course"}  # the package and Python, nothing else
    uid, leaked, cwd_on_path = out.splitlines()[1].split()
    assert int(uid) != 0 and leaked == "None" and cwd_on_path == "False"
    assert "no network" in out
    for secret in ("solutions", "nbgrader_config.py", "exercises"):
        assert secret not in out


def test_library_is_read_only_and_limits_hold(worker: WorkerProcess) -> None:
    import lukin_course

    pkg = Path(lukin_course.__file__).parent
    answer = _run(worker, f"open({str(pkg / 'checks_evil.py')!r}, 'w')")
    assert answer["error"]["type"] in ("OSError", "PermissionError")
    assert _run(worker, "x = bytearray(8 * 1024**3)")["error"]["type"] == "MemoryError"
    big = _run(worker, "open('/tmp/big', 'wb').write(b'x' * (100 << 20))")
    assert big["error"]["type"] == "OSError"
    forks = _run(
        worker,
        "import os, time\nn = 0\ntry:\n    while n < 10000:\n        if os.fork() == 0:\n"
        "            time.sleep(30); os._exit(0)\n        n += 1\n"
        "except OSError:\n    pass\nprint(n)",
    )
    assert int(forks["outputs"][0]["text"]) < 100  # RLIMIT_NPROC holds (uid of our own)


def test_kill_leaves_no_process_behind_even_detached_ones(
    sandbox_watch: Callable[[], list[str]],
) -> None:
    s = Sandbox(hidden=[ROOT]).start()
    _run(
        s,
        "import os, subprocess\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
        "        import time\n        while True: time.sleep(1)\n    os._exit(0)\n"
        "subprocess.Popen(['sleep', '1000'], start_new_session=True)\n",
    )
    assert sandbox_watch(), "the detached processes are running inside the sandbox"
    s.kill()
    time.sleep(0.5)
    assert sandbox_watch() == []


def test_timeout_kills_and_forged_or_huge_answers_are_refused() -> None:
    s = Sandbox(hidden=[ROOT]).start()
    with pytest.raises(WorkerDied, match="timed out"):
        _run(s, "import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True: pass", 2)
    assert not s.alive
    s = Sandbox(hidden=[ROOT]).start()
    forge = (
        "import os, struct, json\n"
        "for fd in range(3, 20):\n"
        "    try:\n"
        "        for i in range(2, 9):\n"
        "            b = json.dumps({'id': i, 'value': True}).encode()\n"
        "            os.write(fd, struct.pack('>I', len(b)) + b)\n"
        "    except OSError:\n"
        "        pass\n"
    )
    _run(s, forge)  # answers written ahead for later requests: matched by id only
    _run(s, "def f():\n    return 41 + 1")
    answer = s.request({"op": "call", "name": "f", "args": [], "kwargs": {}}, 10)
    assert answer.get("value") in (42, True)  # only ever data, as a function could return
    with pytest.raises(WorkerDied, match="over the limit"):
        s.request({"op": "run", "source": "import os\nos.write(4, b'\\xff\\xff\\xff\\xff')"}, 10)
    s.kill()


def test_unsafe_mode_runs_without_bubblewrap() -> None:
    with Sandbox(unsafe=True).start() as s:
        assert _run(s, "print(6 * 7)")["outputs"][0]["text"] == "42\n"


# --- the runner's scoring ------------------------------------------------------------------


IMPORTS = "from lukin_course.course.checks import check\nimport numpy as np"


def _cells(answer: str, test: str, points: float = 4) -> list[PlanCell]:
    return [
        PlanCell("imports", "code", "locked", IMPORTS),
        PlanCell("answer", "code", "answer", answer),
        PlanCell("tests", "code", "test", test, points),
    ]


TEST = """\
r = f(2)
check("type", isinstance(r, list), "return a list")
check("value", r == [0, 1], "f(2) is [0, 1]")
### BEGIN HIDDEN TESTS
for n in (3, 4):
    check(f"n/{n}", f(n) == list(range(n)),
          "f(n) is list(range(n)): a message longer than ninety characters, kept whole")
try:
    f(-1)
except ValueError:
    pass
else:
    check("negative", False, "f(-1) must raise ValueError")
### END HIDDEN TESTS
"""

GOOD = "def f(n):\n    if n < 0:\n        raise ValueError('n')\n    return list(range(n))"


def _grade(answer: str, test: str = TEST, timeout: float = 10) -> Any:
    sandbox = Sandbox(hidden=[ROOT])
    result = run_notebook("nb", _cells(answer, test), ["f"], sandbox, timeout=timeout)
    return result.tests["tests"], result


@pytest.mark.parametrize(
    ("answer", "score"),
    [
        (GOOD, 4.0),
        ("def f(n):\n    return list(range(n))", 3.0),  # misses only the sentinel
        (
            "def f(n):\n    if n < 0:\n        raise ValueError\n    return [0, 1]",
            3.0,
        ),  # n/{n} fails
        ("def f(n):\n    raise NotImplementedError()", 0.0),
        # every statement errors, but the "must raise" sentinel holds
        ("def f(n):\n    raise ValueError('always')", 1.0),
        ("def f(n):\n    return tuple(range(n))", 0.0),  # genuine tuples: not equal to lists
    ],
)
def test_partial_credit_per_check_site(answer: str, score: float) -> None:
    test, _ = _grade(answer)
    assert test.score == score


def test_every_failing_check_is_listed_with_its_whole_message() -> None:
    test, _ = _grade("def f(n):\n    return [9] * n")
    failed = {c.name: c for c in test.checks if not c.passed}
    assert set(failed) == {"value", "n/3", "n/4", "negative"}
    assert failed["n/3"].message.endswith("kept whole") and failed["n/3"].hidden
    assert not failed["value"].hidden


def test_student_objects_never_reach_the_tests() -> None:
    liar = (
        "class L(list):\n    def __eq__(self, o):\n        return True\ndef f(n):\n    return L()"
    )
    test, _ = _grade(liar)
    assert test.score == 0.0 and test.note  # unsendable: no call answered
    assert any(e["type"] == "SandboxStopped" for e in test.errors)


def test_a_function_that_hangs_is_stopped_and_the_rest_still_counts() -> None:
    answer = GOOD.replace("if n < 0:", "if n == 3:\n        while True: pass\n    if n < 0:")
    test, _ = _grade(answer, timeout=3)
    # n/3 hangs (the sandbox is killed and restarted); the other sites still pass
    assert test.score == pytest.approx(4 * 3 / 4)
    assert any("longer than 3 s" in e["message"] for e in test.errors)


def test_hidden_errors_do_not_show_student_messages() -> None:
    answer = (
        "def f(n):\n    if n == 3:\n        raise KeyError('leak %r' % n)\n"
        "    return list(range(n))"
    )
    test, _ = _grade(answer)
    hidden = [e for e in test.errors if e["hidden"]]
    assert hidden and hidden[0]["traceback"] == []


def test_arguments_changed_in_place_are_copied_back() -> None:
    test_src = (
        "a = np.array([3, 1, 2])\nf(a)\n"
        "check('untouched', list(a) == [3, 1, 2], 'do not sort in place')"
    )
    sorter = "def f(a):\n    a.sort()\n    return None"
    test, _ = _grade(sorter, test_src)
    assert test.score == 0.0
    test, _ = _grade("def f(a):\n    return sorted(a)", test_src)
    assert test.score == 4.0


# --- matching a submission to the record -------------------------------------------------


def _record() -> Record:
    return Record(
        "nb",
        [
            RecordCell(
                "imports",
                "code",
                "locked",
                "from lukin_course.course.checks import check",
                "from lukin_course.course.checks import check",
            ),
            RecordCell(
                "answer",
                "code",
                "answer",
                "def f(n):\n    raise NotImplementedError()",
                "def f(n):\n    raise NotImplementedError()",
            ),
            RecordCell("tests", "code", "test", TEST, "\n".join(TEST.split("\n")[:3]), 4.0),
        ],
        ["f"],
    )


def _nb(cells: list[tuple[str, str, str | None]]) -> dict[str, Any]:
    out = []
    for ctype, source, gid in cells:
        meta = {"nbgrader": {"grade_id": gid, "solution": True}} if gid else {}
        out.append({"cell_type": ctype, "source": source, "metadata": meta})
    return {"cells": out}


def test_stripped_metadata_is_matched_and_graded_at_its_true_score() -> None:
    rec = _record()
    # metadata gone and the answer put before the imports: still graded fully
    nb = _nb(
        [
            ("code", GOOD, None),
            ("code", rec.cells[0].release_source, None),
            ("code", rec.cells[2].release_source, None),
        ]
    )
    plan, notes = plan_submission(rec, nb)
    assert [c.role for c in plan] == ["locked", "answer", "test"]
    assert plan[1].source == GOOD and notes
    result = run_notebook("nb", plan, rec.student_names, Sandbox(hidden=[ROOT]))
    assert result.tests["tests"].score == 4.0


def test_duplicated_relabelled_and_edited_cells_never_earn_points() -> None:
    rec = _record()
    nb = _nb(
        [
            ("code", "def f(n):\n    return 'wrong'", "answer"),
            ("code", GOOD, "answer"),
            ("code", "pass", "tests"),
            ("code", "check = lambda *a: None", "imports"),
        ]
    )
    plan, notes = plan_submission(rec, nb)
    assert plan[1].source.startswith("def f(n):\n    return 'wrong'")  # the first copy counts
    assert plan[2].source == TEST  # tests and locked cells from the record
    assert any("2 cells carry the id 'answer'" in n for n in notes)
    result = run_notebook("nb", plan, rec.student_names, Sandbox(hidden=[ROOT]))
    assert result.tests["tests"].score == 0.0


# --- validate -------------------------------------------------------------------------------


def test_validate_lists_every_failing_check_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import nbformat

    from lukin_course.course import authoring as au

    visible = TEST.split("### BEGIN HIDDEN TESTS")[0] + (
        "check('long', f(1) == [0], 'f(1) is [0]: ' + 'x' * 150 + ' END')\n"
    )
    nb = au.new_notebook(
        [
            au.locked_code("from lukin_course.course.checks import check", "imports"),
            au.answer(
                "def f(n):\n    ### BEGIN SOLUTION\n    return [7] * n\n    ### END SOLUTION",
                "answer",
            ),
            au.autograder_tests(visible, "tests", 3),
        ]
    )
    path = tmp_path / "mine.ipynb"
    nbformat.write(nb, path)
    assert cli.main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "FAILED value: f(2) is [0, 1]" in out
    assert "x" * 150 + " END" in out  # whole message
    assert "Traceback" not in out and "_runner.py" not in out and "_worker.py" not in out
    nb.cells[1].source = GOOD
    nbformat.write(nb, path)
    assert cli.main(["validate", str(path)]) == 0
    assert "Success" in capsys.readouterr().out


def test_no_process_left_by_these_tests(sandbox_watch: Callable[[], list[str]]) -> None:
    time.sleep(0.5)
    assert sandbox_watch() == []


def test_autograde_refuses_without_a_sandbox_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    from lukin_course.course.coursedir import CourseError
    from lukin_course.course.grader import _engine, _sandbox

    monkeypatch.setattr(_sandbox, "_PROBLEM", {})
    monkeypatch.setattr(_sandbox.shutil, "which", lambda name: None)
    with pytest.raises(CourseError) as refused:
        _engine.autograde_assignment(None, "a1", [])  # type: ignore[arg-type]
    message = str(refused.value)
    assert "\n" not in message and "apt-get install bubblewrap" in message
    assert "--unsafe-no-sandbox" in message
    with pytest.raises(_sandbox.SandboxUnavailable):
        Sandbox()  # nothing starts a worker without one
    with Sandbox(unsafe=True).start() as s:  # the documented way round
        assert _run(s, "print(1)")["outputs"][0]["text"] == "1\n"


def test_returned_data_cannot_keep_the_grader_busy() -> None:
    many = "def f(n):\n    return list(range(200_000))"
    slow = (
        "import time\nfor x in f(1):\n    time.sleep(0.001)\n"
        "check('after', True, 'never reached')\n"
    )
    started = time.monotonic()
    result = run_notebook(
        "nb", _cells(many, slow), ["f"], Sandbox(hidden=[ROOT]), timeout=10, test_budget=2
    )
    test = result.tests["tests"]
    assert time.monotonic() - started < 30
    assert test.score == 0.0 and any(e["type"] == "OutOfTime" for e in test.errors)


def test_values_outputs_and_errors_reach_the_report(tmp_path: Path) -> None:
    answer = (
        "ANSWER = {'a': (1, 2)}\n"
        "from IPython.display import HTML, display\n"
        "display(HTML('<b>shown</b>'))\nprint('x' * 300_000)\n"
        "def f(n):\n    if n == 2:\n        return [0, 1]\n    raise KeyError(n)"
    )
    test_src = (
        "check('value', ANSWER == {'a': (1, 2)}, 'ANSWER holds a tuple')\n"
        "check('call', f(2) == [0, 1], 'f(2) is [0, 1]')\n"
        "f(3)\n"
    )
    result = run_notebook("nb", _cells(answer, test_src), ["ANSWER", "f"], Sandbox(hidden=[ROOT]))
    test = result.tests["tests"]
    assert test.score == 4.0  # both checks pass; the error comes after them
    assert test.errors[0]["type"] == "KeyError" and test.errors[0]["traceback"]
    outputs = result.runs[1].outputs
    assert any("text/html" in o.get("data", {}) for o in outputs)
    printed = "".join(o.get("text", "") for o in outputs)
    assert "[output truncated]" in printed and len(printed) < 300_000
    # the same through validate: every error and its student frames are listed
    import nbformat

    from lukin_course.course import authoring as au

    nb = au.new_notebook([
        au.locked_code("from lukin_course.course.checks import check", "imports"),
        au.answer("def f(n):\n    ### BEGIN SOLUTION\n    raise KeyError(n)\n"
                  "    ### END SOLUTION", "answer"),
        au.autograder_tests("f(3)\nf(3)", "tests", 1),
        au.answer("### BEGIN SOLUTION\nwhile True:\n    pass\n### END SOLUTION", "loop"),
    ])  # fmt: skip
    path = tmp_path / "err.ipynb"
    nbformat.write(nb, path)
    from lukin_course.course.grader import validate_notebook

    report = validate_notebook(path, timeout=3)
    text = "\n".join(report.lines())
    assert text.count("ERROR KeyError: 3") == 1 and "line 3, in f" in text
    assert "ran longer than 3 s" in text and not report.success


def test_cli_arguments_are_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", "x.ipynb", "--timeout", "zero"]) != 0
    assert cli.main(["validate", "x.ipynb", "--timeout", "0"]) != 0
    assert "positive whole number" in capsys.readouterr().err
    assert cli.main(["validate", str(tmp_path / "missing.ipynb")]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_private_tmp_is_mounted_before_anything_bound_under_it() -> None:
    # bwrap mounts in order: were /tmp's tmpfs mounted after the binds, a course or a
    # Python living under /tmp (a CI checkout, say) would vanish inside the sandbox
    # (so the private /tmp comes before every bind, wherever this checkout lives)
    args, _, _ = Sandbox(hidden=[ROOT]).argv()
    tmp_at = next(i for i, a in enumerate(args) if a == "--tmpfs" and args[i + 1] == "/tmp")
    binds = [i for i, a in enumerate(args) if a in ("--ro-bind", "--bind", "--dir", "--symlink")]
    assert binds and tmp_at < min(binds)
