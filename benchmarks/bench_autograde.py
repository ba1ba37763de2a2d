"""Benchmark: the sandboxed, parallel autograder against nbgrader's own, in one run.

A temporary course releases one assignment; N synthetic students (default 40: correct,
partial and blank answers in turn) fetch, answer and submit it through nbgrader's exchange,
and the instructor collects. The same submissions are then graded four times:

1. nbgrader's own ``autograde``, one submission after another (the baseline);
2. ``lukin-course autograde`` with one worker per core, each submission in a sandbox;
3. the same with one worker, sandboxed;
4. the same with one worker, unsandboxed (``--unsafe-no-sandbox``).

It prints the speed-up of 2 over 1 (target >= 1.7 x on 2 cores), the sandbox's cost per
submission, 3 over 4 (target <= 15 %), and the wall time projected from the measured cost
for 2,000 students x 6 assignments on 1, 8 and 64 workers: each worker grades
``submissions / workers`` in turn, and the single writer records every submission, so the
projection is ``max(n * cost / workers, n * write cost)``. Exits non-zero if a target is
missed. Takes a few minutes.

Usage: ``python benchmarks/bench_autograde.py [--students N] [--assignment NAME]``
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from lukin_course.course import demo, term, workflow
from lukin_course.course.cli import output_filter
from lukin_course.course.coursedir import CONFIG_NAME, load_course
from lukin_course.course.student import StudentEnv

ROOT = Path(__file__).resolve().parents[1]
SPEEDUP_TARGET = 1.7
SANDBOX_COST_TARGET = 0.15
CLASS, ASSIGNMENTS = 2000, 6
STOCK_STEPS = [
    "nbgrader.preprocessors.Execute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]


def _course(work: Path, assignment: str, n: int) -> tuple:
    root, exchange = work / "course", work / "exchange"
    root.mkdir()
    shutil.copy(ROOT / CONFIG_NAME, root / CONFIG_NAME)
    shutil.copytree(ROOT / "solutions" / assignment, root / "solutions" / assignment)
    course = load_course(
        root,
        CourseDirectory__db_url=f"sqlite:///{root / 'gradebook.db'}",
        Exchange__root=str(exchange),
        ExchangeCollect__check_owner=False,
        # the baseline is nbgrader's own autograder, which the course switches off
        Autograde__autograde_preprocessors=STOCK_STEPS,
    )
    demo.encrypt_kernels(course.config)
    kinds = [demo.correct, demo.partial, demo.blank]
    students = [f"s{i:03d}" for i in range(n)]
    for sid in students:
        workflow.add_student(course, sid)
    term.release(course, assignment)
    source = nbformat.read(course.source_dir / assignment / f"{assignment}.ipynb", 4)
    for i, sid in enumerate(students):
        env = StudentEnv(sid, work / "homes" / sid, exchange, course.course_id)
        for path in sorted(env.fetch(assignment).glob("*.ipynb")):
            nbformat.write(kinds[i % 3](source, nbformat.read(path, 4)), path)
        env.submit(assignment)
    term.collect(course, assignment)
    return course, students


def _stock(course, assignment: str, students: list[str]) -> float:
    api = course.api()
    start = time.perf_counter()
    for sid in students:
        result = api.autograde(assignment, sid, force=True, create=True)
        if not result.get("success"):
            raise RuntimeError(f"nbgrader could not grade {sid}: {result.get('error')}")
    return time.perf_counter() - start


def _ours(course, assignment: str, workers: int, unsafe: bool = False) -> tuple[float, float]:
    start = time.perf_counter()
    report = workflow.autograde(
        course, assignment, workers=workers, unsafe=unsafe, force=True, stream=io.StringIO()
    )
    seconds = time.perf_counter() - start
    if report.failed:
        raise RuntimeError(f"grading failed: {report.failed}")
    return seconds, report.write_seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--assignment", default="01-reading-the-essay")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    n = args.students
    with tempfile.TemporaryDirectory(prefix="bench-autograde-") as tmp:
        course, students = _course(Path(tmp), args.assignment, n)
        t_stock = _stock(course, args.assignment, students)
        t_par, _ = _ours(course, args.assignment, cores)
        t_seq, t_write = _ours(course, args.assignment, 1)
        t_unsafe, _ = _ours(course, args.assignment, 1, unsafe=True)
    speedup = t_stock / t_par
    cost = t_seq / n
    sandbox = (t_seq - t_unsafe) / t_unsafe
    write = t_write / n
    print(f"autograde_submissions: {n} of {args.assignment} on {cores} cores")
    print(f"autograde_stock_nbgrader_sequential: {t_stock:.1f} s ({t_stock / n:.2f} s each)")
    print(f"autograde_ours_parallel_{cores}_workers: {t_par:.1f} s")
    print(f"autograde_speedup_vs_stock: {speedup:.2f} x (target >= {SPEEDUP_TARGET:g} x)")
    print(f"autograde_ours_sequential_sandboxed: {t_seq:.1f} s ({cost:.2f} s each)")
    print(f"autograde_ours_sequential_unsandboxed: {t_unsafe:.1f} s ({t_unsafe / n:.2f} s each)")
    target = 100 * SANDBOX_COST_TARGET
    print(f"autograde_sandbox_cost: {100 * sandbox:+.1f} % (target <= {target:g} %)")
    print(f"autograde_single_writer: {write * 1000:.0f} ms per submission")
    total = CLASS * ASSIGNMENTS
    for workers in (1, 8, 64):
        hours = max(total * cost / workers, total * write) / 3600
        print(
            f"autograde_projected_{CLASS}x{ASSIGNMENTS}_on_{workers}_workers: {hours:.2f} h "
            f"({total} submissions at {cost:.2f} s each)"
        )
    return 0 if speedup >= SPEEDUP_TARGET and sandbox <= SANDBOX_COST_TARGET else 1


if __name__ == "__main__":
    with output_filter():  # nbgrader's known, harmless warnings, as the command line hides them
        sys.exit(main())
