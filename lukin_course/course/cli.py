"""The ``lukin-course`` command line: one command per step of a term.

Run it from the course repository (the folder with ``nbgrader_config.py``)::

    lukin-course generate --all            # solutions/ -> exercises/
    lukin-course students add ada --first-name Ada --last-name Lovelace
    lukin-course release 01-reading-the-essay
    lukin-course collect 01-reading-the-essay
    lukin-course autograde 01-reading-the-essay
    lukin-course feedback 01-reading-the-essay
    lukin-course export --to grades.csv
    lukin-course demo                       # a whole synthetic term in a temporary folder

Every command exits with status 0 on success and 1 with a message on error.
Output is the command's own: results on standard output, progress and errors
on standard error. A few warnings that nbgrader 0.9.6 and its dependencies
raise on every run, and that say nothing about the course, are hidden
(:data:`HARMLESS_WARNINGS`); ``--verbose`` shows every warning.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from .coursedir import CourseError, load_course

__all__ = ["HARMLESS_WARNINGS", "build_parser", "main", "output_filter"]

#: (category, module, message) of the warnings hidden unless ``--verbose``; the
#: module and message are regular expressions, as in ``warnings.filterwarnings``.
HARMLESS_WARNINGS: tuple[tuple[str, str, str], ...] = (
    # nbgrader's gradebook adds a submission while SQLAlchemy autoflushes.
    ("SAWarning", r"nbgrader\.api$", r"Object of type <Submitted\w+> not in session"),
    # nbgrader's API misspells "authenticator" when it builds its exchange apps.
    (
        "DeprecationWarning",
        r"traitlets\.traitlets$",
        r"Passing unrecognized arguments to super\(Exchange\w+\)\.__init__\(authentictor=",
    ),
    # nbgrader's feedback release reads a timestamp without closing the file.
    (
        "ResourceWarning",
        r"nbgrader\.exchange\.default\.release_feedback$",
        r"unclosed file .*timestamp\.txt",
    ),
)


VERBOSE_HELP = "show every warning, including those of nbgrader and its dependencies"


def _show(
    message: Any, category: Any, filename: str, lineno: int, file: Any = None, line: Any = None
) -> None:
    print(
        warnings.formatwarning(message, category, filename, lineno, line), end="", file=sys.stderr
    )


@contextmanager
def output_filter(verbose: bool = False) -> Iterator[None]:
    """Within the block, hide :data:`HARMLESS_WARNINGS` (or, if ``verbose``, show every warning).

    Every warning that is shown goes to the current ``sys.stderr``. The
    previous warning filters are restored when the block ends.

    Examples
    --------
    >>> import io, sys, warnings
    >>> from sqlalchemy.exc import SAWarning
    >>> err, sys.stderr = sys.stderr, io.StringIO()
    >>> with output_filter():
    ...     warnings.warn_explicit("Object of type <SubmittedNotebook> not in session",
    ...                            SAWarning, "api.py", 1, module="nbgrader.api")
    ...     warnings.warn_explicit("a real problem", UserWarning, "x.py", 1, module="x")
    >>> shown, sys.stderr = sys.stderr.getvalue(), err
    >>> "a real problem" in shown, "not in session" in shown
    (True, False)
    """
    from sqlalchemy.exc import SAWarning

    categories: dict[str, type[Warning]] = {
        "SAWarning": SAWarning,
        "DeprecationWarning": DeprecationWarning,
        "ResourceWarning": ResourceWarning,
    }
    with warnings.catch_warnings():
        warnings.showwarning = _show
        if verbose:
            warnings.simplefilter("default")
        else:
            for category, module, message in HARMLESS_WARNINGS:
                warnings.filterwarnings("ignore", message, categories[category], module)
        yield


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``lukin-course``."""
    parser = argparse.ArgumentParser(
        prog="lukin-course",
        description="Run the graded course (nbgrader) of lukin-course: one command per step.",
    )
    parser.add_argument(
        "--course-dir",
        default=None,
        help="the course root (default: found from the current folder)",
    )
    # -v is accepted before or after the command: `lukin-course -v demo`, `lukin-course demo -v`
    parser.add_argument("-v", "--verbose", action="store_true", help=VERBOSE_HELP)
    verbose = argparse.ArgumentParser(add_help=False)
    verbose.add_argument(
        "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help=VERBOSE_HELP
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    gen = sub.add_parser(
        "generate",
        parents=[verbose],
        help="generate student notebooks (exercises/) from solutions/",
    )
    target = gen.add_mutually_exclusive_group(required=True)
    target.add_argument("assignment", nargs="?", help="one assignment")
    target.add_argument("--all", action="store_true", help="every assignment in solutions/")

    for name, text in (
        ("release", "generate an assignment and release it to the exchange"),
        ("collect", "collect submissions from the exchange"),
        ("feedback", "generate feedback and release it to the exchange"),
    ):
        cmd = sub.add_parser(name, parents=[verbose], help=text)
        cmd.add_argument("assignment")

    grade = sub.add_parser(
        "autograde", parents=[verbose], help="autograde collected submissions (progress bar)"
    )
    grade.add_argument("assignment")
    grade.add_argument(
        "--student", action="append", default=None, help="only this student (repeat for a batch)"
    )
    grade.add_argument(
        "--skip-graded", action="store_true", help="skip submissions already autograded"
    )

    export = sub.add_parser("export", parents=[verbose], help="export grades to CSV")
    export.add_argument("--to", default="grades.csv", help="CSV file (default grades.csv)")
    export.add_argument("--assignment", action="append", default=None, help="only this assignment")

    students = sub.add_parser(
        "students", parents=[verbose], help="add or list students in the gradebook"
    )
    ssub = students.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = ssub.add_parser("add", parents=[verbose], help="add or update a student")
    add.add_argument("student_id")
    add.add_argument("--first-name", default="")
    add.add_argument("--last-name", default="")
    add.add_argument("--email", default="")
    ssub.add_parser("list", parents=[verbose], help="list students")

    demo = sub.add_parser(
        "demo", parents=[verbose], help="run a whole term with synthetic students"
    )
    demo.add_argument(
        "--assignment",
        action="append",
        default=None,
        help="only this assignment (repeat for several; default: every assignment)",
    )
    demo.add_argument("--timeout", type=int, default=10, help="seconds per cell (default 10)")
    demo.add_argument("--keep", default=None, help="keep the demo course in this new folder")
    return parser


def _run(args: argparse.Namespace) -> int:
    from . import workflow

    course = load_course(args.course_dir)
    out = sys.stdout
    if args.command == "generate":
        names = course.assignments() if args.all else [args.assignment]
        if not names:
            raise CourseError(f"no assignments in {course.source_dir}")
        for name in names:
            print(f"generated {workflow.generate(course, name)}", file=out)
    elif args.command == "release":
        print(f"released to {workflow.release(course, args.assignment)}", file=out)
    elif args.command == "collect":
        students = workflow.collect(course, args.assignment)
        print(f"collected {len(students)} submissions: {', '.join(students)}", file=out)
    elif args.command == "autograde":
        from .demo import encrypt_kernels

        encrypt_kernels(course.config)
        report = workflow.autograde(
            course, args.assignment, args.student, skip_graded=args.skip_graded
        )
        print(f"autograded {len(report.graded)} submissions", file=out)
        for student, reason in report.failed.items():
            print(f"FAILED {student}: {reason}", file=sys.stderr)
        return 1 if report.failed else 0
    elif args.command == "feedback":
        files = workflow.feedback(course, args.assignment)
        print(f"feedback released: {len(files)} files", file=out)
    elif args.command == "export":
        rows = workflow.export_grades(course, args.to, args.assignment)
        _print_table(rows, ["assignment", "student_id", "score", "max_score"])
        print(f"wrote {args.to}", file=out)
    elif args.command == "students":
        if args.action == "add":
            workflow.add_student(
                course,
                args.student_id,
                first_name=args.first_name,
                last_name=args.last_name,
                email=args.email,
            )
            print(f"added {args.student_id}", file=out)
        else:
            _print_table(workflow.list_students(course), ["id", "first_name", "last_name", "email"])
    else:  # demo
        return _demo(course, args)
    return 0


def _demo(course: Any, args: argparse.Namespace) -> int:
    from .demo import run_demo

    result = run_demo(
        course, args.assignment, timeout=args.timeout, keep=args.keep, stream=sys.stderr
    )
    return _report(result, kept=args.keep is not None)


def _report(result: Any, *, kept: bool) -> int:
    """Print a demo term's grade table and where its files are; report failures."""
    print(result.table())
    print()
    if kept:
        root = result.course.root
        print(f"grades (nbgrader's CSV export): {result.grades_csv}")
        print(f"feedback (HTML): {root / 'feedback'}/<student>/<assignment>/")
        homes = root.parent / "homes"
        print(f"  and as each student fetched it: {homes}/<student>/<assignment>/feedback/")
    else:
        print(
            "The demo course was deleted; run with --keep FOLDER to keep grades.csv and feedback."
        )
    for where, reason in result.failed.items():
        print(f"FAILED {where}: {reason}", file=sys.stderr)
    return 1 if result.failed else 0


def _print_table(rows: list[dict[str, Any]], columns: list[str]) -> None:
    widths = {c: max([len(c), *(len(str(r.get(c, ""))) for r in rows)]) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns))
    for row in rows:
        print("  ".join(str(row.get(c, "")).ljust(widths[c]) for c in columns))


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``lukin-course`` with ``argv`` (default: the command line); return the exit code.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:  # no nbgrader_config.py there
    ...     main(["--course-dir", tmp, "students", "list"])
    1
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    with output_filter(args.verbose):
        try:
            return _run(args)
        except (CourseError, ValueError) as exc:
            print(f"lukin-course: error: {exc}", file=sys.stderr)
            return 1
