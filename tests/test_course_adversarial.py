"""A hostile class: submissions that attack the grader, graded in one batch with honest ones.

Every submission is generated from the real assignment 02 (its release and its
solutions) and goes through nbgrader's real exchange: release, fetch, submit,
collect, then ``autograde`` with two parallel workers and ``feedback``. Each
attack class of the grading issue is here (input transformers, rebinding
``check``, a shadow library, reading solutions or classmates, writing or locking
the gradebook, detached processes, overwriting course files, killing the
grader, unkillable loops, fork bombs, memory hogs, the network, forged pipe
messages, hostile return values, hidden-test leaks, scripts, huge outputs,
tampered metadata). The batch must end with:

* no submission scoring above the honest one (blank-based attacks score 0);
* honest classmates graded exactly, their files and grades untouched;
* the course's files unchanged; no process of any sandbox left;
* feedback for everyone, free of hidden test code and of raw script.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import shutil
import socket
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nbformat
import pytest

from lukin_course.course import demo, term, workflow
from lukin_course.course.coursedir import CONFIG_NAME, Course, load_course
from lukin_course.course.nbmeta import grade_id
from lukin_course.course.notebooks import secret_regions
from lukin_course.course.student import StudentEnv

pytestmark = pytest.mark.course

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "02-strategic-triangle"
HONEST = 13.0  # every autograded point of assignment 02
PARTIAL = 9.0  # period_roles (4) and settle (5)
SECRET = "postgresql://grader:s3cr3t-password@db.example/lukin"
TIMEOUT = 8

Behaviour = Callable[[Any, Any], Any]


def _first_answer(nb: Any) -> Any:
    return next(c for c in nb.cells if grade_id(c) == "period_roles_answer")


def prepend(code: str, base: Behaviour = demo.blank) -> Behaviour:
    """``base``'s notebook with ``code`` put at the top of the first answer cell."""

    def behave(source: Any, release: Any) -> Any:
        nb = base(source, release)
        cell = _first_answer(nb)
        cell.source = code + "\n" + cell.source
        return nb

    return behave


def answers(defs: str) -> Behaviour:
    """The released notebook with the three functions replaced by ``defs`` (first cell)."""

    def behave(source: Any, release: Any) -> Any:
        nb = copy.deepcopy(release)
        _first_answer(nb).source = defs
        return nb

    return behave


def transform(fn: Callable[[Any], None], base: Behaviour = demo.correct) -> Behaviour:
    def behave(source: Any, release: Any) -> Any:
        nb = base(source, release)
        fn(nb)
        return nb

    return behave


def _strip(nb: Any) -> None:
    for cell in nb.cells:
        cell.metadata = {}


def _edit_metadata(nb: Any) -> None:
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code":
            meta.update(grade=True, points=100, solution=False, locked=True)
        elif meta.get("grade") and cell.cell_type == "code":
            meta.update(grade=False, points=0, grade_id=meta["grade_id"] + "_x")


def _relabel(nb: Any) -> None:
    a = next(c for c in nb.cells if grade_id(c) == "period_roles_answer")
    b = next(c for c in nb.cells if grade_id(c) == "settle_answer")
    a.metadata["nbgrader"]["grade_id"], b.metadata["nbgrader"]["grade_id"] = (
        "settle_answer",
        "period_roles_answer",
    )


def _duplicate(nb: Any) -> None:
    out = []
    for cell in nb.cells:
        out.append(cell)
        if grade_id(cell) and (
            grade_id(cell).endswith("_answer") or grade_id(cell).endswith("_tests")
        ):
            twin = copy.deepcopy(cell)
            twin.source = "def period_roles():\n    return 'forged'\ncheck = lambda *a: None\n"
            twin.id = cell.id + "-twin"
            out.append(twin)
    nb.cells = out


def _delete_given(nb: Any) -> None:
    nb.cells = [
        c
        for c in nb.cells
        if not (grade_id(c) or "").endswith("_tests")
        and grade_id(c) not in ("imports", "constraints")
    ]


def _tests_replaced(nb: Any) -> None:
    for cell in nb.cells:
        if (grade_id(cell) or "").endswith("_tests"):
            cell.source = "pass  # tests removed"
        if grade_id(cell) == "imports":
            cell.source = "check = lambda *a, **k: None\n" + cell.source


def _marker(nb: Any) -> None:
    cell = _first_answer(nb)
    cell.source = "# ### BEGIN HIDDEN TESTS  (a comment)\n" + cell.source
    written = next(c for c in nb.cells if grade_id(c) == "c10_written")
    written.source = "### BEGIN HIDDEN TESTS\nMy answer never closes this region."


def _script_answer(nb: Any) -> None:
    written = next(c for c in nb.cells if grade_id(c) == "c10_written")
    written.source = (
        "<script>alert('answer')</script><img src=x onerror=\"alert('img')\">"
        "<a href=\"javascript:alert('link')\">click</a> My answer."
    )


def _paths(course: Course, exchange: Path) -> dict[str, str]:
    return {
        "ROOT": str(course.root),
        "NB": str(course.source_dir / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"),
        "DB": str(course.root / "gradebook.db"),
        "EXCHANGE": str(exchange),
        "CLASSMATE": str(
            course.root / "submitted" / "correct" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        ),
    }


def hostile(paths: dict[str, str], port: int) -> dict[str, tuple[Behaviour, float | None]]:
    """Student id -> (behaviour, exact expected autograded score or None for "at most honest")."""
    p = {k: repr(v) for k, v in paths.items()}
    detach = (
        "import os, time, sqlite3\n"
        "if os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
        "        while True:\n            time.sleep(0.5)\n"
        "            try:\n"
        f"                sqlite3.connect({p['DB']}).execute('update grade set auto_score = 99')\n"
        "            except Exception:\n                pass\n"
        "    os._exit(0)\n"
    )
    protected = [
        paths["NB"],
        paths["CLASSMATE"],
        os.path.join(paths["ROOT"], CONFIG_NAME),
        os.path.join(paths["ROOT"], "exercises", ASSIGNMENT, f"{ASSIGNMENT}.ipynb"),
    ]
    overwrite = "".join(
        f"try:\n    open({t!r}, 'a').write('\\nimport os; os.system(\"touch /tmp/pwned\")\\n')\n"
        "except Exception as e:\n    print(type(e).__name__)\n"
        for t in protected
    ) + (
        f"import glob\nfor f in glob.glob({p['EXCHANGE']} + '/**/*', recursive=True):\n"
        "    try:\n        open(f, 'w').write('x')\n    except Exception:\n        pass\n"
    )
    leak = (
        "import inspect, sys, glob, json\n"
        "def period_roles():\n    return str([f.frame.f_globals.keys() for f in inspect.stack()])\n"
        "def settle(*a, **k):\n    f = sys._getframe(1)\n"
        "    print(f.f_code.co_consts, f.f_locals)\n    return [str(In), str(globals())[:5000]]\n"
        f"for path in [{p['NB']}, {p['DB']}] + glob.glob('/**/*.ipynb', recursive=True)[:20]:\n"
        "    try:\n        print(open(path, errors='replace').read()[:20000])\n"
        "    except Exception as e:\n        print(path, type(e).__name__)\n"
        "print(In, Out)\n"
    )
    forge = (
        "import os, struct, json\n"
        "for fd in range(3, 30):\n"
        "    for i in range(1, 400):\n"
        "        msg = json.dumps({'id': i, 'value': True, 'outputs': []}).encode()\n"
        "        try:\n            os.write(fd, struct.pack('>I', len(msg)) + msg)\n"
        "        except OSError:\n            break\n"
    )
    evil_returns = (
        "class Yes:\n    def __eq__(self, o): return True\n    def __bool__(self): return True\n"
        "    def __reduce__(self): return (os.system, ('touch /tmp/pwned',))\n"
        "import os\nclass S(str):\n    def __eq__(self, o): return True\n"
        "    __hash__ = str.__hash__\n"
        "def period_roles():\n    return Yes()\n"
        "def settle(t, constraint=None, max_steps=10):\n    return [S('x')]\n"
        "def constraint_summary(c):\n    import pandas as pd\n"
        "    return pd.DataFrame({'us_roles': [Yes()]})\n"
    )
    custom_exc = (
        "class Sneaky(ValueError):\n    def __str__(self):\n        raise SystemExit('boom')\n"
        "def period_roles():\n    raise Sneaky()\n"
        "def settle(*a, **k):\n    raise RuntimeError('always')\n"
        "def constraint_summary(c):\n    raise KeyboardInterrupt\n"
    )
    exits = (
        "import os, sys\n"
        "def period_roles():\n    os._exit(0)\n"
        "def settle(*a, **k):\n    sys.exit(0)\n"
        "def constraint_summary(c):\n    os.kill(os.getpid(), 9)\n"
    )
    patch = (
        "import lukin_course.triangle as t, pandas as pd\n"
        "t.StrategicTriangle.__eq__ = lambda a, b: True\n"
        "pd.DataFrame.equals = lambda a, b: True\n"
        "def period_roles():\n    return pd.DataFrame()\n"
    )
    shadow = "import sys\nsys.path.insert(0, '.')\nsys.path.insert(0, '..')\nimport lukin_course\n"
    return {
        "input_transformer": (
            prepend("get_ipython().input_transformers_cleanup.append(lambda lines: ['pass\\n'])"),
            0.0,
        ),
        "rebind_check": (
            prepend(
                "import lukin_course.course.checks as c\nc.check = lambda *a, **k: None\n"
                "check = c.check\nimport builtins\nbuiltins.check = check"
            ),
            0.0,
        ),
        "check_code_swap": (
            prepend("check.__code__ = (lambda name, condition, message: None).__code__"),
            0.0,
        ),
        "shadow_package": (prepend(shadow), 0.0),
        "exec_solutions": (
            prepend(
                f"import json\nnb = json.load(open({p['NB']}))\n"
                "for c in nb['cells']:\n    if c['cell_type'] == 'code':\n"
                "        exec(''.join(c['source']))"
            ),
            0.0,
        ),
        "exec_classmate": (
            prepend(
                f"import json\nnb = json.load(open({p['CLASSMATE']}))\n"
                "for c in nb['cells']:\n    if c['cell_type'] == 'code':\n"
                "        exec(''.join(c['source']))"
            ),
            0.0,
        ),
        "sqlite_gradebook": (
            prepend(
                f"import sqlite3\ndb = sqlite3.connect({p['DB']})\n"
                "db.execute('update grade set auto_score = max_score')\ndb.commit()"
            ),
            0.0,
        ),
        "db_lock": (
            prepend(
                f"import sqlite3, fcntl\ndb = sqlite3.connect({p['DB']}, isolation_level=None)\n"
                f"db.execute('begin exclusive')\nfcntl.flock(open({p['DB']}), fcntl.LOCK_EX)"
            ),
            0.0,
        ),
        "detached_writer": (prepend(detach), 0.0),
        "overwrite_course": (prepend(overwrite), 0.0),
        "kill_parent": (
            prepend(
                "import os, signal\nfor pid in (os.getppid(), 1, -1):\n    try:\n"
                "        os.kill(pid, signal.SIGKILL)\n    except OSError:\n        pass"
            ),
            0.0,
        ),
        "swallow_interrupt": (
            prepend(
                "import time\nwhile True:\n    try:\n        time.sleep(0.1)\n"
                "    except BaseException:\n        pass"
            ),
            0.0,
        ),
        "c_level_loop": (prepend("import re\nre.match(r'(a+)+$', 'a' * 64 + 'b')"), 0.0),
        "ignore_signals": (
            prepend(
                "import signal\nfor s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):\n"
                "    signal.signal(s, signal.SIG_IGN)\nwhile True:\n    pass"
            ),
            0.0,
        ),
        "setsid_double_fork": (
            prepend(
                "import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
                "        while True: time.sleep(1)\n    os._exit(0)"
            ),
            0.0,
        ),
        "fork_bomb": (
            prepend(
                "import os\nwhile True:\n    try:\n        os.fork()\n"
                "    except OSError:\n        pass"
            ),
            0.0,
        ),
        "memory_hog": (prepend("hog = [bytearray(1 << 30) for _ in range(64)]"), 0.0),
        "tmp_filler": (
            prepend(
                "with open('/tmp/fill', 'wb') as f:\n    for _ in range(10_000):\n"
                "        f.write(b'x' * (1 << 20))"
            ),
            0.0,
        ),
        "network": (
            prepend(
                f"import socket\ns = socket.create_connection(('127.0.0.1', {port}), timeout=3)"
            ),
            0.0,
        ),
        "forged_protocol": (prepend(forge), 0.0),
        "hostile_returns": (answers(evil_returns), 0.0),
        "custom_exceptions": (answers(custom_exc), None),
        "exits_in_calls": (answers(exits), 0.0),
        "patched_library": (answers(patch), None),  # an empty DataFrame passes the type check
        "print_hidden": (answers(leak), 0.0),
        "env_and_proc": (
            prepend(
                "import os, glob\nprint(dict(os.environ))\n"
                "for f in glob.glob('/proc/*/environ') + glob.glob('/proc/*/cmdline'):\n"
                "    try:\n        print(f, open(f, 'rb').read()[:2000])\n    except OSError:\n"
                "        pass"
            ),
            0.0,
        ),
        "script_outputs": (
            prepend(
                "from IPython.display import HTML, Javascript, display\n"
                "display(HTML(\"<script>alert('out')</script><img src=x onerror=alert(1)>\"))\n"
                "display(Javascript('alert(2)'))\nprint('<script>alert(3)</script>')\n"
                "from IPython.display import Markdown\n"
                "display(Markdown('<script>alert(4)</script><b onmouseover=\"alert(5)\">md</b>'))",
                demo.correct,
            ),
            HONEST,
        ),
        "script_answer": (transform(_script_answer), HONEST),
        "huge_output": (
            prepend(
                "print('x' * 100_000_000)\nfrom IPython.display import HTML, display\n"
                "display(HTML('<b>y</b>' * 5_000_000))",
                demo.correct,
            ),
            HONEST,
        ),
        "marker_in_comment": (transform(_marker), HONEST),
        "edited_metadata": (transform(_edit_metadata), HONEST),
        "relabelled": (transform(_relabel), None),
        "duplicated": (transform(_duplicate), HONEST),
        "deleted_given_cells": (transform(_delete_given), HONEST),
        "tests_replaced_blank": (transform(_tests_replaced, demo.blank), 0.0),
        "sleeper": (prepend("import time\ntime.sleep(10_000)"), 0.0),
    }


class _Active(HTMLParser):
    """Collects what a browser would run: script elements, event handlers, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "object", "embed"):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}={value}")


def active_html(text: str) -> list[str]:
    parser = _Active()
    parser.feed(text)
    return parser.found


def _digest(paths: list[Path]) -> dict[str, str]:
    out = {}
    for base in paths:
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for f in files:
            out[str(f)] = hashlib.sha256(f.read_bytes()).hexdigest()
    return out


class Batch:
    def __init__(self, tmp: Path, alive: Callable[[], list[str]]) -> None:
        root, self.exchange = tmp / "course", tmp / "exchange"
        root.mkdir()
        shutil.copy(ROOT / CONFIG_NAME, root / CONFIG_NAME)
        shutil.copytree(ROOT / "solutions" / ASSIGNMENT, root / "solutions" / ASSIGNMENT)
        os.environ["LUKIN_COURSE_DB_URL"] = f"sqlite:///{root / 'gradebook.db'}"
        self.course = load_course(
            root,
            Exchange__root=str(self.exchange),
            ExecutePreprocessor__timeout=TIMEOUT,
            ExchangeCollect__check_owner=False,
        )
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        port = self.listener.getsockname()[1]
        self.expected = {"correct": HONEST, "partial": PARTIAL, "stripped_honest": HONEST}
        behaviours: dict[str, Behaviour] = {
            "correct": demo.correct,
            "partial": demo.partial,
            "stripped_honest": transform(_strip),
        }
        for sid, (behave, score) in hostile(_paths(self.course, self.exchange), port).items():
            behaviours[sid] = behave
            self.expected[sid] = score  # type: ignore[assignment]
        self.hostile = [s for s in behaviours if s not in ("correct", "partial", "stripped_honest")]
        for sid in behaviours:
            workflow.add_student(self.course, sid)
        term.release(self.course, ASSIGNMENT)
        source = nbformat.read(root / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
        for sid, behave in behaviours.items():
            env = StudentEnv(sid, tmp / "homes" / sid, self.exchange, self.course.course_id)
            folder = env.fetch(ASSIGNMENT)
            path = folder / f"{ASSIGNMENT}.ipynb"
            nbformat.write(behave(source, nbformat.read(path, 4)), path)
            if sid == "shadow_package":  # a fake library beside the notebook
                fake = folder / "lukin_course"
                (fake / "course").mkdir(parents=True)
                (fake / "__init__.py").write_text("")
                (fake / "course" / "__init__.py").write_text("")
                (fake / "course" / "checks.py").write_text("def check(*a, **k):\n    pass\n")
            env.submit(ASSIGNMENT)
        term.collect(self.course, ASSIGNMENT)
        sub = root / "submitted"
        self.protected = [
            root / "solutions",
            root / "exercises",
            root / CONFIG_NAME,
            self.exchange / self.course.course_id / "outbound",
            sub / "correct",
            sub / "partial",
        ]
        self.before = _digest(self.protected)
        os.environ["PGPASSWORD"] = SECRET  # a secret in the grader's environment
        started = time.monotonic()
        self.report = workflow.autograde(self.course, ASSIGNMENT, workers=2)
        self.seconds = time.monotonic() - started
        self.feedback = workflow.feedback(self.course, ASSIGNMENT)
        self.after = _digest(self.protected)
        self.listener.settimeout(0.2)
        try:
            self.listener.accept()
            self.connected = True
        except TimeoutError:
            self.connected = False
        self.listener.close()
        time.sleep(1)
        self.leftovers = alive()

    def autograded(self, sid: str) -> float:
        scores = workflow.cell_scores(self.course, ASSIGNMENT, sid)
        return sum(float(v["auto_score"] or 0) for v in scores.values() if v["autograded"])


@pytest.fixture(scope="module")
def batch(
    tmp_path_factory: pytest.TempPathFactory, sandbox_watch: Callable[[], list[str]]
) -> Batch:
    saved = {k: os.environ.get(k) for k in ("LUKIN_COURSE_DB_URL", "PGPASSWORD")}
    try:
        return Batch(tmp_path_factory.mktemp("hostile"), sandbox_watch)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def test_the_corpus_covers_at_least_thirty_attacks(batch: Batch) -> None:
    assert len(batch.hostile) >= 30


def test_every_submission_is_graded(batch: Batch) -> None:
    assert batch.report.failed == {}
    assert sorted(batch.report.graded) == sorted(batch.expected)


def test_no_score_above_the_honest_one_and_honest_work_exact(batch: Batch) -> None:
    scores = {sid: batch.autograded(sid) for sid in batch.expected}
    wrong = {
        sid: (scores[sid], want)
        for sid, want in batch.expected.items()
        if scores[sid] > HONEST or (want is not None and scores[sid] != pytest.approx(want))
    }
    assert wrong == {}


def test_classmates_and_course_files_untouched(batch: Batch) -> None:
    assert batch.after == batch.before
    assert not Path("/tmp/pwned").exists()
    assert batch.connected is False  # nothing reached the host's loopback


def test_no_process_left_behind(batch: Batch) -> None:
    assert batch.leftovers == []


def _hidden_lines() -> list[str]:
    src = json.loads((ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text())
    hidden = [c for c in src["cells"] if "BEGIN HIDDEN TESTS" in "".join(c["source"])]
    lines = [ln.strip() for r in secret_regions({"cells": hidden}) for ln in r.split("\n")]
    return [ln for ln in lines if len(ln) > 25 and not ln.startswith(("check(", '"', "'"))]


def test_feedback_for_everyone_without_hidden_code_or_script(batch: Batch) -> None:
    assert batch.feedback.failed == {}
    pages = {p.parent.parent.name: p.read_text(encoding="utf-8") for p in batch.feedback.files}
    assert sorted(pages) == sorted(batch.expected)
    hidden = _hidden_lines()
    assert len(hidden) > 5
    for sid, page in pages.items():
        assert active_html(page) == [], sid
        assert [h for h in hidden if h in page] == [], sid
        assert len(page.encode()) < 5 << 20, sid
        assert SECRET not in page and "s3cr3t" not in page, sid


def test_autograded_notebooks_are_safe_for_graders(batch: Batch) -> None:
    for sid in batch.expected:
        path = batch.course.root / "autograded" / sid / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert path.stat().st_size < 8 << 20, sid
        for cell in nb["cells"]:
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            if cell["cell_type"] == "markdown":
                assert active_html(source) == [], sid
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                assert not {"application/javascript", "text/javascript"} & set(data), sid
                for mime in ("text/html", "text/markdown"):
                    text = data.get(mime, "")
                    text = "".join(text) if isinstance(text, list) else text
                    assert active_html(text) == [], sid


def test_hidden_tests_never_left_the_grader(batch: Batch) -> None:
    # what the sandbox printed (outputs of the student's cells) holds no hidden test
    hidden = _hidden_lines()
    for sid in batch.hostile:
        marker = batch.course.root / "autograded" / sid / ASSIGNMENT / ".lukin-grade.json"
        runs = json.loads(marker.read_text())["notebooks"][ASSIGNMENT]["runs"]
        printed = json.dumps(runs)
        assert [h for h in hidden if json.dumps(h)[1:-1] in printed] == [], sid
        assert SECRET not in printed, sid


def test_grading_again_resumes_without_work(batch: Batch) -> None:
    report = workflow.autograde(batch.course, ASSIGNMENT, workers=2)
    assert report.graded == [] and sorted(report.skipped) == sorted(batch.expected)
