"""A term through nbgrader's real exchange, as an instructor runs it with ``lukin-course``.

One small course is played once for the module: the exchange is created, a roster
imported, an assignment released, five students submit (one of them under an id
that is not on the roster, one late), the submissions are collected and
autograded, a written answer is graded by hand through the Formgrader's own web
API, feedback is refused and then forced, a student resubmits, and the grades are
exported. The tests then check what each command said and did: warnings, the
status table, the feedback, the export, stale sources, options anywhere on the
command line, and errors without tracebacks.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import getpass
import io
import json
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import pytest

from lukin_course.course import authoring as au
from lukin_course.course import cli, demo
from lukin_course.course.coursedir import CONFIG_NAME, load_course
from lukin_course.course.handgrading import NOT_GRADED_YET
from lukin_course.course.roster import read_roster
from lukin_course.course.status import assignment_status
from lukin_course.course.student import StudentEnv

pytestmark = pytest.mark.course

ROOT = Path(__file__).resolve().parents[1]
ME = getpass.getuser()  # the system user the tests run as: owner of every submission
SCHEME = "2 points for two reasons."


def _assignment(root: Path, name: str, points: list[int], written: int) -> None:
    """Small code answers (answer i returns i), each with its test, and a written answer."""
    cells = [au.instructions(f"{name}: worth **{sum(points) + written} points**.", "intro")]
    for i, pts in enumerate(points):
        cells.append(
            au.answer(
                f"def f{i}(x=0):\n    ### BEGIN SOLUTION\n    return {i} + x\n    ### END SOLUTION",
                f"a{i}",
            )
        )
        cells.append(
            au.autograder_tests(
                f"assert f{i}() == {i}\n### BEGIN HIDDEN TESTS\nassert f{i}(1) == {i + 1}\n"
                "### END HIDDEN TESTS",
                f"t{i}",
                pts,
            )
        )
    cells.append(
        au.written_answer(
            f"Model answer.\n\n=== BEGIN MARK SCHEME ===\n{SCHEME}\n=== END MARK SCHEME ===",
            "essay",
            written,
        )
    )
    (root / "solutions" / name).mkdir(parents=True)
    au.write_notebook(au.new_notebook(cells), root / "solutions" / name / f"{name}.ipynb")


@dataclass
class Run:
    """What one command printed and returned."""

    code: int
    out: str
    err: str


def run(*argv: str) -> Run:
    """Run ``lukin-course`` in this process and capture what it prints."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return Run(code, out.getvalue(), err.getvalue())


def _write(
    env: StudentEnv, course_root: Path, name: str, behave: Any, essay: str | None = None
) -> None:
    """Work on the fetched notebook as ``behave`` does; ``essay``: the written answer's text."""
    folder = env.home / name
    for path in sorted(folder.glob("*.ipynb")):
        src = nbformat.read(course_root / "solutions" / name / path.name, as_version=4)
        released = nbformat.read(course_root / "exercises" / name / path.name, as_version=4)
        nb = behave(src, nbformat.read(path, as_version=4))
        for cell, original in zip(nb.cells, released.cells, strict=True):
            if essay is not None and demo._gid(cell) == "essay":
                cell.source = essay or original.source
        nbformat.write(nb, path)


@dataclass
class Term:
    root: Path
    exchange: Path
    homes: Path
    runs: dict[str, Run] = field(default_factory=dict)
    due: dt.datetime | None = None
    feedback_paths: dict[str, list[Path]] = field(default_factory=dict)
    formgrader_page: str = ""
    feedback_after_refusal: list[Path] = field(default_factory=list)
    graded_essay: dict[str, Any] = field(default_factory=dict)
    status_before: list[Any] = field(default_factory=list)
    status_after_grading: list[Any] = field(default_factory=list)
    export_before: list[dict[str, str]] = field(default_factory=list)
    export_raw: bytes = b""

    def env(self, sid: str) -> StudentEnv:
        return StudentEnv(sid, self.homes / sid, self.exchange, "lukin-course")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def formgrader(root: Path, tmp: Path) -> Iterator[Any]:
    """A real Jupyter server with nbgrader's Formgrader, run from the course root."""
    port, token = _free_port(), "lukin-test-token"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp / "runtime")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter",
            "server",
            "--allow-root",
            "--no-browser",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
        ],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp / "server.log").open("w"),
    )

    def request(path: str, data: Any = None, method: str = "GET") -> Any:
        body = None if data is None else json.dumps(data).encode()
        req = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}",
            data=body,
            method=method,
            headers={"Authorization": f"token {token}"},
        )
        with urllib.request.urlopen(req, timeout=60) as response:
            text = response.read().decode()
        return json.loads(text) if path.startswith("/formgrader/api") else text

    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                request("/formgrader/api/status")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "the Formgrader did not start:\n" + (tmp / "server.log").read_text()
                    ) from None
                time.sleep(0.3)
        yield request
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def term(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Term]:
    work = tmp_path_factory.mktemp("term")
    root = work / "course"
    root.mkdir()
    shutil.copy(ROOT / CONFIG_NAME, root / CONFIG_NAME)
    _assignment(root, "tiny", [1, 1], 2)
    _assignment(root, "tiny2", [3], 1)
    t = Term(root=root, exchange=work / "exchange", homes=work / "homes")
    roster = work / "roster.csv"
    roster.write_text(
        "\ufeffUsername;First name;Last name;Email address\n"
        "ada;Ada;Lovelace;ada@example.org\nben;Ben;Okri;\ncy;Cy;Twombly;\n"
        f"{ME};Test;Runner;\n",
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LUKIN_COURSE_EXCHANGE", str(t.exchange))
        mp.setenv("LUKIN_COURSE_TIMEOUT", "20")
        mp.chdir(work)  # options after the command: --course-dir ROOT
        r = t.runs
        r["exchange"] = run("exchange", "init", "--course-dir", str(root))
        r["import"] = run("students", "import", str(roster), "--course-dir", str(root))
        mp.chdir(root)
        r["roster-export"] = run("students", "export")
        r["collect-early"] = run("collect", "tiny")
        r["release"] = run("release", "tiny")
        r["release2"] = run("release", "tiny2")
        for sid in ("ada", "cy", ME, "zed"):
            t.env(sid).fetch("tiny")
        _write(t.env("ada"), root, "tiny", demo.correct, essay="Two reasons: a and b.")
        _write(t.env(ME), root, "tiny", demo.correct, essay="")  # the essay left as released
        _write(t.env("zed"), root, "tiny", demo.correct)
        for sid in ("ada", "cy", ME, "zed"):
            t.env(sid).submit("tiny")
        # the due date passes (a grader sets it in the Formgrader); ben submits late
        t.due = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with load_course(root).gradebook() as gb:
            gb.update_or_create_assignment("tiny", duedate=t.due)
        time.sleep(1.1)
        t.env("ben").fetch("tiny")
        _write(t.env("ben"), root, "tiny", demo.partial)
        t.env("ben").submit("tiny")
        t.env("ada").fetch("tiny2")
        _write(t.env("ada"), root, "tiny2", demo.correct)
        t.env("ada").submit("tiny2")
        r["collect"] = run("collect", "tiny")
        r["release-again"] = run("release", "tiny")
        r["autograde"] = run("autograde", "tiny")
        r["collect2"] = run("collect", "tiny2")
        r["autograde2"] = run("autograde", "tiny2")
        course = load_course(root)
        t.status_before = assignment_status(course, "tiny")
        r["status"] = run("status", "tiny")
        r["summary"] = run("status")
        r["feedback-refused"] = run("feedback", "tiny")
        t.feedback_after_refusal = sorted((root / "feedback").glob("*/*/*.html"))
        r["feedback-forced"] = run("feedback", "tiny", "--force")
        for sid in ("ada", "ben"):
            t.feedback_paths[sid] = t.env(sid).fetch_feedback("tiny")
        r["export-before"] = run("export", "--to", str(work / "before.csv"))
        with open(work / "before.csv", newline="", encoding="utf-8-sig") as fh:
            t.export_before = list(csv.DictReader(fh))
        # grading by hand, through the Formgrader's web API, as a grader's browser does
        with formgrader(root, work) as request:
            notebooks = request("/formgrader/api/submitted_notebooks/tiny/tiny")
            ada = next(nb for nb in notebooks if nb["student"] == "ada")
            t.formgrader_page = request(f"/formgrader/submissions/{ada['id']}/")
            grades = request(f"/formgrader/api/grades?submission_id={ada['id']}")
            essay = next(g for g in grades if g["name"] == "essay")
            t.graded_essay = request(
                f"/formgrader/api/grade/{essay['id']}", {"manual_score": 1.5}, "PUT"
            )
            # a grader overrides an autograded test of the hub student's (half a point off)
            mine = next(nb for nb in notebooks if nb["student"] == ME)
            grades = request(f"/formgrader/api/grades?submission_id={mine['id']}")
            test = next(g for g in grades if g["name"] == "t1")
            request(f"/formgrader/api/grade/{test['id']}", {"manual_score": 0.5}, "PUT")
        t.status_after_grading = assignment_status(course, "tiny")
        r["feedback-again"] = run("feedback", "tiny")
        r["export"] = run("export", "--to", str(work / "grades.csv"))
        t.export_raw = (work / "grades.csv").read_bytes()
        # ada rewrites her essay and resubmits; cy resubmits without changing anything
        _write(t.env("ada"), root, "tiny", demo.correct, essay="A different essay.")
        t.env("ada").submit("tiny")
        r["collect-update"] = run("collect", "tiny")
        # autograding again: ada's changed essay, and the unchanged work of the hub student
        r["autograde-update"] = run("autograde", "tiny", "--student", "ada", "--student", ME)
        r["status-update"] = run("status", "tiny")
        r["export-update"] = run("export", "--to", str(work / "after.csv"))
        # the instructor edits a hidden test without regenerating
        path = root / "solutions" / "tiny" / "tiny.ipynb"
        path.write_text(path.read_text().replace("f0(1) == 1", "f0(2) == 2"))
        r["autograde-stale"] = run("autograde", "tiny", "--student", "cy")
        r["release-stale"] = run("release", "tiny")
        r["generate"] = run("generate", "tiny")
        r["autograde-fresh"] = run("autograde", "tiny", "--student", "cy")
        yield t


def _row(rows: list[Any], sid: str) -> Any:
    return next(r for r in rows if r.student == sid)


def _one_line_error(result: Run) -> str:
    assert result.code == 1
    assert "Traceback" not in result.err
    lines = [ln for ln in result.err.splitlines() if ln.startswith("lukin-course: error:")]
    assert len(lines) == 1, result.err
    return lines[0]


# --- the exchange and the roster ------------------------------------------------------------


def test_exchange_init_gives_nbgrader_modes(term: Term) -> None:
    assert term.runs["exchange"].code == 0
    modes = {
        term.exchange: 0o777,
        term.exchange / "lukin-course": 0o755,
        term.exchange / "lukin-course" / "outbound": 0o755,
        term.exchange / "lukin-course" / "inbound": 0o2733,
        term.exchange / "lukin-course" / "feedback": 0o711,
    }
    assert {p: stat.S_IMODE(p.stat().st_mode) for p in modes} == modes
    assert f"must use the exchange {term.exchange}" in term.runs["exchange"].out


def test_roster_import_and_export(term: Term, tmp_path: Path) -> None:
    assert term.runs["import"].code == 0
    assert "4 added, 0 updated, 0 unchanged" in term.runs["import"].out
    exported = tmp_path / "exported.csv"
    exported.write_text(term.runs["roster-export"].out, encoding="utf-8")
    assert {r["id"]: r.get("email") for r in read_roster(exported)} == {
        "ada": "ada@example.org",
        "ben": "",
        "cy": "",
        ME: "",
    }
    with load_course(term.root).gradebook() as gb:
        ada = gb.find_student("ada")
        assert (ada.first_name, ada.last_name, ada.email) == ("Ada", "Lovelace", "ada@example.org")
        assert sorted(s.id for s in gb.students) == sorted(["ada", "ben", "cy", ME])


# --- what nbgrader says ---------------------------------------------------------------------


def test_collect_before_anything_is_submitted_says_so(term: Term) -> None:
    line = _one_line_error(term.runs["collect-early"])
    assert "nothing submitted for 'tiny' yet" in line and str(term.exchange) in line


def test_collect_passes_on_owner_warnings_and_holds_unknown_ids(term: Term) -> None:
    result = term.runs["collect"]
    assert result.code == 0
    students = ", ".join(sorted(["ada", "ben", "cy", ME]))
    assert f"collected 4 submissions of tiny (4 new, 0 updated): {students}" in result.out
    owners = re.findall(r"warning: (\S+)'s submission is owned by the system user", result.err)
    others = sorted({"ada", "ben", "cy"} - {ME})
    assert sorted(owners) == others  # not the student whose id is the owner, not the held id
    assert "cheating attempt?" in result.err and "check_owner" in result.err
    assert "held 1 submissions from ids not in the gradebook: zed" in result.err
    assert not (term.root / "submitted" / "zed").exists()
    with load_course(term.root).gradebook() as gb:
        assert "zed" not in {s.id for s in gb.students}


def test_release_over_submissions_is_refused(term: Term) -> None:
    line = _one_line_error(term.runs["release-again"])
    assert "already released and 5 students have submitted it" in line and "--force" in line


def test_updated_submission_is_reported(term: Term) -> None:
    result = term.runs["collect-update"]
    assert "(0 new, 1 updated, 3 unchanged)" in result.out
    assert "warning: updated submissions (a newer one replaced the collected one): ada" in (
        result.err
    )


def test_stale_solutions_are_reported_and_fixed_by_generate(term: Term) -> None:
    stale = term.runs["autograde-stale"]
    assert stale.code == 0
    changed = "solutions/tiny changed since it was generated (tiny.ipynb: the tests in t0 changed)"
    assert changed in stale.err
    assert "lukin-course generate tiny, then autograde again" in stale.err
    assert "already released" in _one_line_error(term.runs["release-stale"])
    assert term.runs["generate"].code == 0
    fresh = term.runs["autograde-fresh"]
    assert fresh.code == 0 and "changed since" not in fresh.err


# --- status ---------------------------------------------------------------------------------


def test_status_table_values(term: Term) -> None:
    rows = term.status_before
    assert [r.student for r in rows] == [*sorted(["ada", "ben", "cy", ME]), "zed"]
    ada, ben, cy, me, zed = (_row(rows, s) for s in ("ada", "ben", "cy", ME, "zed"))
    assert (ada.autograded, ada.by_hand, ada.total) == ("2 / 2", "2 pending", "2 / 4")
    assert ada.next_step == "grade by hand: essay"
    assert (ben.autograded, ben.by_hand, ben.total) == ("1 / 2", "0 / 2", "1 / 4")
    assert ben.seconds_late > 0 and ada.seconds_late == 0
    assert ben.next_step == "feedback"
    assert (cy.autograded, cy.total, cy.next_step) == ("0 / 2", "0 / 4", "feedback")
    assert (me.autograded, me.by_hand) == ("2 / 2", "0 / 2")  # the essay as released: 0
    assert not zed.in_gradebook and zed.next_step.startswith("held: add the student")
    text = term.runs["status"].out
    assert re.search(r"^ben\s+1 / 2\s+0 / 2\s+1 / 4\s+(\d+ (d|h|min) ?)+\s+feedback$", text, re.M)
    assert re.search(r"^ada\s+2 / 2\s+2 pending\s+2 / 4\s+grade by hand: essay$", text, re.M)
    summary = term.runs["summary"].out
    assert re.search(
        r"^tiny\s+yes\s+\S+ \S+\s+4\s+4 \(\+1 held\)\s+0\s+grade by hand \(1\), feedback \(3\)$",
        summary,
        re.M,
    )
    assert re.search(r"^tiny2\s+yes\s+4\s+1\s+0\s+grade by hand \(1\)$", summary, re.M)


def test_status_after_grading_by_hand(term: Term) -> None:
    ada = _row(term.status_after_grading, "ada")
    assert (ada.by_hand, ada.total) == ("1.5 / 2", "3.5 / 4")
    assert ada.next_step == "feedback again: essay graded since"
    assert _row(term.status_after_grading, "ben").next_step == "done"


# --- feedback -------------------------------------------------------------------------------


def test_feedback_is_refused_while_answers_wait_for_a_grader(term: Term) -> None:
    line = _one_line_error(term.runs["feedback-refused"])
    assert "1 answers of 1 students wait to be graded by hand: ada (1)" in line
    assert "lukin-course feedback tiny --force" in line
    assert term.feedback_after_refusal == []  # nothing generated, nothing released


def test_forced_feedback_says_not_graded_yet(term: Term) -> None:
    forced = term.runs["feedback-forced"]
    assert forced.code == 0 and "warning: released with answers not graded yet (ada: essay)" in (
        forced.err
    )
    [ada] = term.feedback_paths["ada"]
    # where a student finds it: <assignment>/feedback/<timestamp>/<notebook>.html
    assert ada.parent.parent == term.homes / "ada" / "tiny" / "feedback"
    plain = re.sub(r"<[^>]+>", " ", ada.read_text(encoding="utf-8"))
    assert f"{NOT_GRADED_YET}:" in plain and "essay" in plain
    assert "Score: 0.0 / 2.0" not in plain
    assert SCHEME not in plain and "Mark scheme" not in plain
    [ben] = term.feedback_paths["ben"]
    assert NOT_GRADED_YET not in ben.read_text(encoding="utf-8")
    assert term.runs["feedback-again"].code == 0  # nothing pending once the essay is graded


# --- the Formgrader -------------------------------------------------------------------------


def test_formgrader_shows_the_mark_scheme_beside_the_answer(term: Term) -> None:
    page = re.sub(r"<[^>]+>", " ", term.formgrader_page)
    answer = page.index("Two reasons: a and b.")
    scheme = page.index("Mark scheme")
    assert answer < scheme and SCHEME in page[scheme:]
    assert term.graded_essay["manual_score"] == 1.5


# --- resubmissions --------------------------------------------------------------------------


def test_resubmission_drops_the_stale_hand_grade(term: Term) -> None:
    result = term.runs["autograde-update"]
    assert result.code == 0
    assert (
        "warning: ada resubmitted tiny: hand grades of changed answers no longer count: "
        "essay (was 1.5 / 2)" in result.err
    )
    assert re.search(
        r"^ada\s+2 / 2\s+2 pending\s+2 / 4\s+(\d+ (d|h|min) ?)+\s+"
        r"grade by hand: essay \(resubmitted\)$",
        term.runs["status-update"].out,
        re.M,
    )
    with open(term.root.parent / "after.csv", newline="", encoding="utf-8-sig") as fh:
        rows = {r["Student ID"]: r for r in csv.DictReader(fh)}
    ada, me = rows["ada"], rows[ME]
    assert ada["tiny (max 4)"] == "" and ada["tiny pending"] == "2"
    assert ada["tiny: essay (max 2)"] == ""
    # a hand grade of work that did not change stands, and waits for nobody
    assert (me["tiny: t1 (max 1)"], me["tiny (max 4)"], me["tiny pending"]) == ("0.5", "1.5", "0")
    assert f"{ME} resubmitted" not in result.err


# --- the export -----------------------------------------------------------------------------


def test_export_has_questions_pending_and_late(term: Term) -> None:
    raw = term.export_raw
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # UTF-8 BOM, CRLF lines
    rows = {r["Student ID"]: r for r in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))}
    assert set(rows) == {"ada", "ben", "cy", ME}
    header = list(rows["ada"])
    assert header[:4] == ["Student ID", "First name", "Last name", "Email address"]
    assert header[4:10] == [
        "tiny (max 4)",
        "tiny: t0 (max 1)",
        "tiny: t1 (max 1)",
        "tiny: essay (max 2)",
        "tiny pending",
        "tiny late (minutes)",
    ]
    ada, ben, cy = rows["ada"], rows["ben"], rows["cy"]
    assert (ada["tiny (max 4)"], ada["tiny: essay (max 2)"], ada["tiny pending"]) == (
        "3.5",
        "1.5",
        "0",
    )
    assert [ben[k] for k in ("tiny (max 4)", "tiny: t0 (max 1)", "tiny: t1 (max 1)")] == [
        "1",
        "1",
        "0",
    ]
    assert int(ben["tiny late (minutes)"]) >= 1 and ada["tiny late (minutes)"] == "0"
    assert cy["tiny (max 4)"] == "0"
    assert cy["tiny2 (max 4)"] == "" and cy["tiny2 pending"] == ""  # not submitted: no grade
    assert ada["tiny2 pending"] == "1" and ada["tiny2 (max 4)"] == ""  # essay not graded yet
    before = {r["Student ID"]: r for r in term.export_before}
    assert before["ada"]["tiny (max 4)"] == "" and before["ada"]["tiny pending"] == "2"
    assert "wrote" in term.runs["export"].out and "Moodle gradebook CSV" in term.runs["export"].out


# --- the command line -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["status", "tiny", "--course-dir", "{root}"],
        ["--course-dir", "{root}", "status", "tiny"],
        ["status", "--course-dir", "{root}", "-v", "tiny"],
        ["-v", "status", "tiny", "--course-dir", "{root}"],
    ],
)
def test_options_before_or_after_the_command(
    term: Term, argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # not in the course: --course-dir must be used
    monkeypatch.setenv("LUKIN_COURSE_EXCHANGE", str(term.exchange))
    result = run(*(a.format(root=term.root) for a in argv))
    assert result.code == 0, result.err
    assert re.search(r"^cy\s+0 / 2", result.out, re.M)


def _console(*argv: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("lukin-course")
    return subprocess.run(
        [str(script), *argv],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


MISTAKES = [
    (["export", "--to", "missing/dir/g.csv"], {}, "the folder missing/dir does not exist"),
    (["relase", "tiny"], {}, "invalid choice: 'relase'"),
    (["release", "nope"], {}, "unknown assignment 'nope'"),
    (["students", "import", "no-such-roster.csv"], {}, "no roster file no-such-roster.csv"),
    (["collect", "tiny"], {"LUKIN_COURSE_EXCHANGE": "/nonexistent/exchange"}, "does not exist"),
    (["status"], {"LUKIN_COURSE_DB_URL": "postgresql://nobody@127.0.0.1:9/x"}, "cannot open"),
    (["autograde", "tiny", "--student", "zed"], {}, "not in the gradebook: zed"),
    (["feedback", "tiny2"], {}, "wait to be graded by hand"),
]


@pytest.mark.parametrize(("argv", "env", "expected"), MISTAKES)
def test_mistakes_end_in_one_line_and_status_1(
    term: Term,
    argv: list[str],
    env: dict[str, str],
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(term.root)
    for key, value in {"LUKIN_COURSE_EXCHANGE": str(term.exchange), **env}.items():
        monkeypatch.setenv(key, value)
    result = run(*argv)
    assert result.out == "" and expected in _one_line_error(result)
    assert result.err.count("\n") == 1


@pytest.mark.parametrize("mistake", [MISTAKES[0], MISTAKES[1], MISTAKES[5]], ids=str)
def test_the_console_script_ends_a_mistake_without_a_traceback(
    term: Term, mistake: tuple[list[str], dict[str, str], str]
) -> None:
    argv, env, expected = mistake
    done = _console(*argv, cwd=term.root, **{"LUKIN_COURSE_EXCHANGE": str(term.exchange), **env})
    assert done.returncode == 1, done
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("lukin-course: error: ")
    assert expected in done.stderr


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--version"]) == 0
    assert re.match(r"lukin-course \S+ \(nbgrader 0\.9\.6\)", capsys.readouterr().out)
    assert cli.main(["--help"]) == 0
    text = capsys.readouterr().out
    order = ["release", "collect", "autograde", "grade by hand", "feedback", "export --to"]
    positions = [text.index(f"  lukin-course {w}" if w != "grade by hand" else w) for w in order]
    assert positions == sorted(positions)
    assert cli.main(["collect", "--help"]) == 0
    assert "example:\n  lukin-course collect 01-reading-the-essay" in capsys.readouterr().out
