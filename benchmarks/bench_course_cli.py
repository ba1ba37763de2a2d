"""Benchmark: the wait for ``lukin-course`` commands that only read or fill the gradebook.

Three measures, each against a baseline run the same way in the same script:

* ``students list`` on a course of 2,000 students, through the console script (median of
  several fresh processes), against importing nbgrader alone and against the same command
  with the IRI grammars of ``rfc3987-syntax`` built at import (what every command paid
  before ``cli.defer_iri_grammars``);
* creating a new gradebook in-process (``Course.ensure_gradebook``) against nbgrader's own
  ``Gradebook()``, which asks a second Python process running ``alembic`` for the schema;
* importing a roster of 2,000 students in one transaction (``students import``) against
  adding them one by one as ``nbgrader db student add`` does (a commit per student).

Wall times are only meaningful on an idle machine; the CPU times and the ratios are less
sensitive to other load. Exits non-zero when a target is missed.
"""

from __future__ import annotations

import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5
STUDENTS = 2000
TARGET_LIST_CPU_S = 2.0  # students list, CPU seconds
TARGET_LIST_VS_IMPORT = 1.5  # students list / import nbgrader.api
TARGET_CREATE_RATIO = 0.5  # ensure_gradebook / nbgrader's Gradebook()
TARGET_ROSTER_RATIO = 0.5  # roster import / one commit per student


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _median(argv: list[str], cwd: Path) -> tuple[float, float]:
    """Median wall and CPU seconds of running ``argv`` in fresh processes."""
    walls, cpus = [], []
    for _ in range(RUNS):
        cpu, start = _children_cpu(), time.perf_counter()
        subprocess.run(argv, cwd=cwd, check=True, capture_output=True)
        walls.append(time.perf_counter() - start)
        cpus.append(_children_cpu() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def _course(folder: Path) -> Path:
    root = folder / "course"
    root.mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", root / "nbgrader_config.py")
    return root


def _roster(folder: Path) -> Path:
    path = folder / "roster.csv"
    lines = ["id,first_name,last_name,email"]
    lines += [f"s{i:05d},First{i},Last{i},s{i:05d}@example.org" for i in range(STUDENTS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _in_subprocess(code: str, cwd: Path) -> float:
    """Run ``code`` in a fresh interpreter; it prints one number (seconds), which is returned."""
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, check=True, capture_output=True, text=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ok = True
    script = str(Path(sys.executable).with_name("lukin-course"))
    with tempfile.TemporaryDirectory(prefix="bench-course-cli-") as tmp:
        work = Path(tmp)
        root = _course(work)
        roster = _roster(work)

        # 1. roster import vs one commit per student (each in a fresh gradebook)
        roster_s = _in_subprocess(
            "import time\n"
            "from lukin_course.course.coursedir import load_course\n"
            "from lukin_course.course.roster import import_roster\n"
            f"c = load_course({str(root)!r}); c.ensure_gradebook()\n"
            f"t = time.perf_counter(); import_roster(c, {str(roster)!r})\n"
            "print(time.perf_counter() - t)",
            root,
        )
        other = _course(work / "one-by-one")
        one_by_one_s = _in_subprocess(
            "import csv, time\n"
            "from lukin_course.course.coursedir import load_course\n"
            f"c = load_course({str(other)!r}); c.ensure_gradebook()\n"
            f"rows = list(csv.DictReader(open({str(roster)!r})))\n"
            "t = time.perf_counter()\n"
            "with c.gradebook() as gb:\n"
            "    for r in rows:\n"
            "        gb.update_or_create_student(r['id'], first_name=r['first_name'],\n"
            "                                    last_name=r['last_name'], email=r['email'])\n"
            "print(time.perf_counter() - t)",
            other,
        )
        ratio = roster_s / one_by_one_s
        ok &= ratio <= TARGET_ROSTER_RATIO
        print(f"roster_import_{STUDENTS}: {roster_s:.2f} s")
        print(
            f"baseline_one_commit_per_student: {one_by_one_s:.2f} s; ratio: {ratio:.3f} "
            f"(target <= {TARGET_ROSTER_RATIO})"
        )

        # 2. students list on that course, through the console script
        listing, listing_cpu = _median([script, "students", "list"], root)
        eager, eager_cpu = _median(
            [
                sys.executable,
                "-c",
                "import jsonschema, sys; from lukin_course.course.cli import main; "
                "sys.exit(main(['students', 'list']))",
            ],
            root,
        )
        nbgrader, nbgrader_cpu = _median([sys.executable, "-c", "import nbgrader.api"], root)
        ok &= listing_cpu <= TARGET_LIST_CPU_S and listing / nbgrader <= TARGET_LIST_VS_IMPORT
        print(
            f"students_list_{STUDENTS}: {listing:.2f} s wall, {listing_cpu:.2f} s CPU "
            f"(target <= {TARGET_LIST_CPU_S} s CPU)"
        )
        print(
            f"baseline_import_nbgrader_api: {nbgrader:.2f} s wall, {nbgrader_cpu:.2f} s CPU; "
            f"ratio: {listing / nbgrader:.2f} (target <= {TARGET_LIST_VS_IMPORT})"
        )
        print(
            f"baseline_iri_grammars_at_import: {eager:.2f} s wall, {eager_cpu:.2f} s CPU; "
            f"ratio: {listing / eager:.2f}"
        )

        # 3. a new gradebook: in-process vs nbgrader's alembic subprocess
        ours = _in_subprocess(
            "import time\n"
            "from lukin_course.course.coursedir import load_course\n"
            "import nbgrader.api, alembic.script\n"
            f"c = load_course({str(root)!r}, CourseDirectory__db_url='sqlite:///new1.db')\n"
            "t = time.perf_counter(); c.ensure_gradebook(); print(time.perf_counter() - t)",
            root,
        )
        theirs = _in_subprocess(
            "import os, sys, time\n"
            "os.environ['PATH'] = os.path.dirname(sys.executable) + os.pathsep + os.environ['PATH']"
            "\n"
            "from nbgrader.api import Gradebook\n"
            "t = time.perf_counter(); Gradebook('sqlite:///new2.db').close()\n"
            "print(time.perf_counter() - t)",
            root,
        )
        ratio = ours / theirs
        ok &= ratio <= TARGET_CREATE_RATIO
        print(f"new_gradebook_in_process: {ours:.2f} s")
        print(
            f"baseline_nbgrader_gradebook_with_alembic_process: {theirs:.2f} s; "
            f"ratio: {ratio:.3f} (target <= {TARGET_CREATE_RATIO})"
        )
    if not ok:
        print("bench_course_cli: a target was missed", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
