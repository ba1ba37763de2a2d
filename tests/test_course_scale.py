"""Grading at scale: a PostgreSQL gradebook the test starts itself, and a real Dask cluster.

* A PostgreSQL server (Debian's ``postgresql`` binaries: ``initdb`` and ``pg_ctl`` in a
  temporary folder, on a free port, stopped afterwards) holds the gradebook of a whole demo
  term of every assignment, autograded with two parallel workers; nothing may be lost or
  duplicated.
* A real ``distributed.LocalCluster`` grades a term through ``--scheduler``; the results are
  the same as on the local pool, and the tasks ran on the cluster.

Both need software that ``.ci/run`` installs: missing, these tests fail (they never skip).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lukin_course.course import demo, workflow
from lukin_course.course.coursedir import load_course

pytestmark = pytest.mark.course

ROOT = Path(__file__).resolve().parents[1]
COURSE = load_course(ROOT)
STUDENTS = {"correct": demo.correct, "partial": demo.partial, "blank": demo.blank}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    """A PostgreSQL server of our own; yields its SQLAlchemy URL."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.fail("PostgreSQL server not found: apt-get install postgresql (.ci/run does)")
    bindir = Path(found[-1]).parent
    # not under pytest's temporary folder: the server's own account must reach it
    base = Path(tempfile.mkdtemp(prefix="lukin-pg-"))
    data, sockets = base / "data", base / "run"
    sockets.mkdir()
    demote: Any = None
    if os.getuid() == 0:  # PostgreSQL refuses to run as root: use its own account
        user = pwd.getpwnam("postgres")
        for path in (base, sockets):
            shutil.chown(path, user.pw_uid, user.pw_gid)

        def demote() -> None:
            os.setgid(user.pw_gid)
            os.setuid(user.pw_uid)

    def run(*args: str) -> None:
        done = subprocess.run(args, capture_output=True, preexec_fn=demote, timeout=120)
        if done.returncode:
            pytest.fail(f"{Path(args[0]).name} failed: {done.stderr.decode(errors='replace')}")

    port = _free_port()
    run(str(bindir / "initdb"), "-D", str(data), "-U", "grader", "--auth=trust", "-E", "UTF8")
    options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
    run(
        str(bindir / "pg_ctl"),
        "-D",
        str(data),
        "-o",
        options,
        "-l",
        str(base / "log"),
        "-w",
        "start",
    )
    try:
        import psycopg

        with psycopg.connect(
            f"host=127.0.0.1 port={port} user=grader dbname=postgres", autocommit=True
        ) as conn:
            conn.execute("CREATE DATABASE lukin")
        yield f"postgresql+psycopg://grader@127.0.0.1:{port}/lukin"
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def pg_term(postgres: str, tmp_path_factory: pytest.TempPathFactory) -> demo.TermResult:
    return demo.run_term(
        COURSE,
        tmp_path_factory.mktemp("pgterm"),
        None,
        STUDENTS,
        timeout=30,
        db_url=postgres,
        workers=2,
    )


def test_postgres_term_loses_and_duplicates_nothing(pg_term: demo.TermResult) -> None:
    assert pg_term.failed == {}
    assignments = COURSE.assignments()
    keys = Counter((r.assignment, r.student) for r in pg_term.scores)
    assert set(keys) == {(a, s) for a in assignments for s in STUDENTS}
    assert set(keys.values()) == {1}
    assert sorted(r["Student ID"] for r in pg_term.grades) == sorted(STUDENTS)  # the export
    from sqlalchemy import text

    with pg_term.course.gradebook() as gb:
        assert gb.db.execute(text("SELECT count(*) FROM submitted_assignment")).scalar() == len(
            assignments
        ) * len(STUDENTS)
        dupes = gb.db.execute(
            text(
                "SELECT notebook_id, cell_id, count(*) FROM grade GROUP BY notebook_id, cell_id "
                "HAVING count(*) > 1"
            )
        ).fetchall()
        assert dupes == []
        for assignment in assignments:
            expected = len(gb.find_assignment(assignment).notebooks[0].grade_cells)
            for sid in STUDENTS:
                nb = gb.find_submission(assignment, sid).notebooks[0]
                assert len(nb.grades) == expected
    for row in pg_term.scores:
        if row.student == "correct":
            assert row.autograded == row.autograded_max > 0
        if row.student == "blank":
            assert row.autograded == 0


def test_grading_again_on_postgres_is_idempotent(pg_term: demo.TermResult) -> None:
    before = {(r.assignment, r.student): r.autograded for r in pg_term.scores}
    name = pg_term.assignments[0]
    report = workflow.autograde(pg_term.course, name, workers=2, force=True)
    assert report.failed == {} and sorted(report.graded) == sorted(STUDENTS)
    after = {s: demo.score_row(pg_term.course, name, s).autograded for s in STUDENTS}
    assert after == {s: before[(name, s)] for s in STUDENTS}


def test_dask_cluster_grades_like_the_local_pool(tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    first = COURSE.assignments()[0]
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        term = demo.run_term(
            COURSE,
            tmp_path / "dask",
            [first],
            STUDENTS,
            timeout=30,
            scheduler=cluster.scheduler_address,
        )
        with Client(cluster.scheduler_address) as client:
            prefixes = client.run_on_scheduler(
                lambda dask_scheduler: list(dask_scheduler.task_prefixes)
            )
    assert term.failed == {}
    assert sorted(p for p in prefixes if p.startswith("grade-")) == sorted(
        f"grade-{s}" for s in STUDENTS
    )  # every submission was graded on the cluster
    rows = {r.student: r for r in term.scores}
    assert rows["correct"].autograded == rows["correct"].autograded_max > 0
    assert rows["blank"].autograded == 0
    assert 0 < rows["partial"].autograded < rows["partial"].autograded_max
