"""The ``lukin-course`` command line: one command per step of a term.

Run it from the course repository (the folder with ``nbgrader_config.py``), or
pass ``--course-dir`` (before or after the command). A term, in order::

    lukin-course exchange init                  # once: the folder students fetch from
    lukin-course students import roster.csv     # the class list
    lukin-course release 01-reading-the-essay --due "2026-03-02 17:00"
    lukin-course collect 01-reading-the-essay
    lukin-course autograde 01-reading-the-essay
    lukin-course status 01-reading-the-essay    # what is graded, pending, late; what next
    (grade the written answers in the Formgrader)
    lukin-course feedback 01-reading-the-essay
    lukin-course export --to grades.csv

``lukin-course demo`` plays a whole term with synthetic students in a
temporary folder.

Every command exits with status 0 on success and 1 with one line saying what
to do on error; it never ends in a traceback (``--verbose`` shows one for an
unexpected error). Results go to standard output; warnings (``warning: ...``),
progress and errors to standard error. A few warnings that nbgrader 0.9.6 and
its dependencies raise on every run, and that say nothing about the course,
are hidden (:data:`HARMLESS_WARNINGS`); ``--verbose`` shows every warning.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import traceback
import types
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

from .coursedir import CourseError, load_course

__all__ = ["HARMLESS_WARNINGS", "build_parser", "main", "output_filter", "version_text"]

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

VERBOSE_HELP = "show every warning, and a traceback for an unexpected error"
COURSE_DIR_HELP = "the course root (default: found from the current folder)"

TERM = """\
a term, in order:
  lukin-course exchange init                    once: the folder students fetch from
  lukin-course students import roster.csv       the class list (CSV: id, first_name, ...)
  lukin-course release 01-reading-the-essay     students can fetch it
  lukin-course collect 01-reading-the-essay     take in what they submitted
  lukin-course autograde 01-reading-the-essay   run the tests
  lukin-course status 01-reading-the-essay      points, pending answers, late, next step
  grade by hand                                 the written answers, in the Formgrader
  lukin-course feedback 01-reading-the-essay    students fetch their feedback
  lukin-course export --to grades.csv           for a spreadsheet or the LMS gradebook

try it first: lukin-course demo   (a whole term with synthetic students)
options such as --course-dir and -v go before or after the command."""


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


def defer_iri_grammars() -> bool:
    """Build the IRI grammars of ``rfc3987-syntax`` when first used, not when imported.

    nbgrader loads nbformat, nbformat loads jsonschema, and jsonschema imports
    ``rfc3987_syntax`` (if installed) for its "iri" format check; that package
    compiles about 40 Earley parsers at import, a second or more before any
    command can start (jsonschema issue 1428). No notebook or nbgrader schema
    uses that format. This puts a stand-in module in its place whose
    ``is_valid_syntax`` imports the real grammars on its first call, so the
    check still works when something does use it.

    Returns
    -------
    bool
        True if the stand-in was installed (False if jsonschema or the package
        is already imported, or the package is not installed).
    """
    name = "rfc3987_syntax"
    if name in sys.modules or "jsonschema" in sys.modules:
        return False
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return False
    stand_in = types.ModuleType(name)
    stand_in.__path__ = list(spec.submodule_search_locations)

    def is_valid_syntax(term: str, value: str) -> bool:
        helpers = importlib.import_module(f"{name}.syntax_helpers")
        return bool(helpers.is_valid_syntax(term, value))

    stand_in.is_valid_syntax = is_valid_syntax  # type: ignore[attr-defined]
    sys.modules[name] = stand_in
    return True


def version_text() -> str:
    """``lukin-course X (nbgrader Y)``, from the installed packages' metadata."""
    from importlib.metadata import PackageNotFoundError, version

    def of(package: str) -> str:
        try:
            return version(package)
        except PackageNotFoundError:
            return "not installed"

    return f"lukin-course {of('lukin-course')} (nbgrader {of('nbgrader')})"


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit status 1."""

    def error(self, message: str) -> NoReturn:
        print(f"lukin-course: error: {message} (see `{self.prog} --help`)", file=sys.stderr)
        raise SystemExit(1)


def _common() -> _Parser:
    """Options accepted after any command too (suppressed defaults keep the top level's)."""
    common = _Parser(add_help=False)
    common.add_argument("--course-dir", default=argparse.SUPPRESS, help=COURSE_DIR_HELP)
    common.add_argument(
        "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help=VERBOSE_HELP
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``lukin-course``."""
    raw = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog="lukin-course",
        description="Run the graded course (nbgrader) of lukin-course: one command per step.",
        epilog=TERM,
        formatter_class=raw,
    )
    parser.add_argument("--course-dir", default=None, help=COURSE_DIR_HELP)
    parser.add_argument("-v", "--verbose", action="store_true", help=VERBOSE_HELP)
    parser.add_argument("--version", action="version", version=version_text())
    common = _common()
    sub: Any = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def action(sub: Any, name: str, text: str, example: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            parents=[common],
            help=text,
            description=text[0].upper() + text[1:] + ".",
            epilog=f"example:\n  {example}",
            formatter_class=raw,
        )

    def command(name: str, text: str, example: str) -> argparse.ArgumentParser:
        return action(sub, name, text, example)

    exchange = command(
        "exchange", "create the exchange folder (once)", "sudo .venv/bin/lukin-course exchange init"
    )
    xsub = exchange.add_subparsers(dest="action", required=True, metavar="ACTION")
    action(
        xsub,
        "init",
        "create the exchange and the course's folders with nbgrader's permissions",
        "sudo .venv/bin/lukin-course exchange init",
    )

    students = command(
        "students",
        "the class list in the gradebook",
        "lukin-course students import roster.csv",
    )
    ssub = students.add_subparsers(dest="action", required=True, metavar="ACTION")
    imp = action(
        ssub,
        "import",
        "add or update every student of a roster CSV (id, first_name, last_name, email)",
        "lukin-course students import roster.csv --dry-run",
    )
    imp.add_argument("roster", help="CSV file with a header line; an id column is required")
    imp.add_argument("--dry-run", action="store_true", help="say what would change, change nothing")
    exp = action(
        ssub,
        "export",
        "write the class list as a roster CSV",
        "lukin-course students export --to roster.csv",
    )
    exp.add_argument("--to", default="-", help="CSV file (default: standard output)")
    add = action(
        ssub,
        "add",
        "add or update one student",
        "lukin-course students add ada --first-name Ada --last-name Lovelace",
    )
    add.add_argument("student_id")
    add.add_argument("--first-name", default="")
    add.add_argument("--last-name", default="")
    add.add_argument("--email", default="")
    action(ssub, "list", "list the students", "lukin-course students list")

    release = command(
        "release",
        "generate an assignment and release it to the exchange",
        'lukin-course release 01-reading-the-essay --due "2026-03-02 17:00"',
    )
    release.add_argument("assignment")
    release.add_argument(
        "--due", default=None, help="due date, e.g. '2026-03-02 17:00' (local time)"
    )
    release.add_argument(
        "--force", action="store_true", help="replace a release students have already submitted"
    )

    collect = command(
        "collect",
        "collect the latest submission of every student",
        "lukin-course collect 01-reading-the-essay",
    )
    collect.add_argument("assignment")

    grade = command(
        "autograde",
        "autograde collected submissions, each in a sandbox (progress bar)",
        "lukin-course autograde 01-reading-the-essay --workers 8",
    )
    grade.add_argument("assignment")
    grade.add_argument(
        "--student", action="append", default=None, help="only this student (repeat for a batch)"
    )
    grade.add_argument(
        "--skip-graded",
        action="store_true",
        help="skip submissions graded before, even if they changed since",
    )
    grade.add_argument(
        "--force", action="store_true", help="grade again submissions already graded and unchanged"
    )
    grade.add_argument(
        "--workers",
        type=_positive_int,
        default=None,
        metavar="N",
        help="submissions graded in parallel (default: the number of cores)",
    )
    grade.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="grade on a Dask cluster (e.g. tcp://host:8786); "
        "default: c.Grader.scheduler or LUKIN_COURSE_SCHEDULER",
    )
    grade.add_argument(
        "--unsafe-no-sandbox",
        dest="unsafe",
        action="store_true",
        help="where bubblewrap is not available, run student code WITHOUT a sandbox, with "
        "your rights (read the instructor guide's threat model first)",
    )

    check = command(
        "validate",
        "run a notebook's visible tests as the grader does, listing every failing check",
        "lukin-course validate 01-reading-the-essay/01-reading-the-essay.ipynb",
    )
    check.add_argument("notebook", help="the .ipynb file")
    check.add_argument(
        "--timeout", type=_positive_int, default=60, help="seconds per cell (default 60)"
    )

    status = command(
        "status",
        "per student: points, answers pending, late, next step",
        "lukin-course status 01-reading-the-essay",
    )
    status.add_argument(
        "assignment", nargs="?", default=None, help="one assignment (default: a summary of all)"
    )

    feedback = command(
        "feedback",
        "generate feedback and release it to the exchange",
        "lukin-course feedback 01-reading-the-essay",
    )
    feedback.add_argument("assignment")
    feedback.add_argument(
        "--force",
        action="store_true",
        help='release even while answers wait for a grader (they say "not graded yet")',
    )

    export = command(
        "export",
        "export grades: per question, pending and late (Moodle gradebook CSV)",
        "lukin-course export --to grades.csv --assignment 01-reading-the-essay",
    )
    export.add_argument("--to", default="grades.csv", help="CSV file (default grades.csv)")
    export.add_argument("--assignment", action="append", default=None, help="only this assignment")

    gen = command(
        "generate",
        "generate student notebooks (exercises/) from solutions/",
        "lukin-course generate --all",
    )
    target = gen.add_mutually_exclusive_group(required=True)
    target.add_argument("assignment", nargs="?", help="one assignment")
    target.add_argument("--all", action="store_true", help="every assignment in solutions/")

    demo = command(
        "demo", "run a whole term with synthetic students", "lukin-course demo --keep demo-term"
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


def _warn(lines: Sequence[str]) -> None:
    for line in lines:
        print(f"warning: {line}", file=sys.stderr)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a positive whole number, got {text!r}"
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}")
    return value


def _validate(args: argparse.Namespace) -> int:
    from .grader import validate_notebook

    try:
        report = validate_notebook(args.notebook, timeout=args.timeout)
    except OSError as exc:
        raise CourseError(f"cannot read {args.notebook}: {exc.strerror or exc}") from None
    for line in report.lines():
        print(line)
    return 0 if report.success else 1


def _run(args: argparse.Namespace) -> int:
    if args.command == "validate":  # a student's own notebook: no course needed
        return _validate(args)
    course = load_course(args.course_dir)
    handlers = {
        "exchange": _exchange,
        "students": _students,
        "generate": _generate,
        "release": _release,
        "collect": _collect,
        "autograde": _autograde,
        "status": _status,
        "feedback": _feedback,
        "export": _export,
        "demo": _demo,
    }
    return handlers[args.command](course, args)


def _exchange(course: Any, args: argparse.Namespace) -> int:
    from .exchange import exchange_root, init_exchange

    for line in init_exchange(course):
        print(line)
    print(
        f"students and the Formgrader must use the exchange {exchange_root(course)} "
        f"and the course id {course.course_id!r}"
    )
    return 0


def _generate(course: Any, args: argparse.Namespace) -> int:
    from . import workflow

    names = course.assignments() if args.all else [course.require_assignment(args.assignment)]
    if not names:
        raise CourseError(f"no assignments in {course.source_dir}")
    for name in names:
        print(f"generated {workflow.generate(course, name)}")
    return 0


def _release(course: Any, args: argparse.Namespace) -> int:
    from . import term

    result = term.release(course, args.assignment, force=args.force, due=args.due)
    for note in result.notes:
        print(note)
    _warn(result.warnings)
    due = f", due {result.due:%Y-%m-%d %H:%M} UTC" if result.due else ""
    print(f"released {args.assignment} to {result.path}{due}")
    return 0


def _collect(course: Any, args: argparse.Namespace) -> int:
    from . import term

    got = term.collect(course, args.assignment)
    _warn(got.warnings)
    parts = [f"{len(got.new)} new", f"{len(got.updated)} updated"]
    if got.unchanged:
        parts.append(f"{len(got.unchanged)} unchanged")
    print(
        f"collected {len(got.collected)} submissions of {args.assignment} "
        f"({', '.join(parts)}): {', '.join(got.collected) or 'none'}"
    )
    return 0


def _autograde(course: Any, args: argparse.Namespace) -> int:
    from . import term

    result = term.autograde(
        course,
        args.assignment,
        args.student,
        skip_graded=args.skip_graded,
        workers=args.workers,
        scheduler=args.scheduler,
        unsafe=args.unsafe,
        force=args.force,
    )
    _warn(result.warnings)
    report = result.report
    done = f"autograded {len(report.graded)} submissions"
    if report.skipped:
        done += f" ({len(report.skipped)} already graded and unchanged)"
    print(done)
    for student, reason in report.failed.items():
        print(f"FAILED {student}: {reason}", file=sys.stderr)
    if report.interrupted:
        print("interrupted: run the same command again to grade the rest", file=sys.stderr)
        return 130
    return 1 if report.failed else 0


def _status(course: Any, args: argparse.Namespace) -> int:
    from . import status

    if args.assignment is None:
        print(status.format_summary(status.course_status(course)))
    else:
        print(status.format_status(status.assignment_status(course, args.assignment)))
    return 0


def _feedback(course: Any, args: argparse.Namespace) -> int:
    from . import term

    got = term.feedback(course, args.assignment, force=args.force)
    if got.not_graded:
        listing = "; ".join(f"{s}: {', '.join(c)}" for s, c in got.not_graded.items())
        _warn([f"released with answers not graded yet ({listing})"])
    print(f"feedback released: {len(got.files)} files")
    for student, reason in got.failed.items():
        print(f"FAILED {student}: {reason}", file=sys.stderr)
    return 1 if got.failed else 0


def _export(course: Any, args: argparse.Namespace) -> int:
    from .gradesheet import write_gradesheet

    sheet = write_gradesheet(course, args.to, args.assignment)
    print(
        f"wrote {args.to}: {len(sheet.rows)} students, "
        f"{len(sheet.assignments)} assignments (Moodle gradebook CSV)"
    )
    return 0


def _students(course: Any, args: argparse.Namespace) -> int:
    from . import workflow
    from .roster import import_roster, write_roster

    if args.action == "add":
        workflow.add_student(
            course,
            args.student_id,
            first_name=args.first_name,
            last_name=args.last_name,
            email=args.email,
        )
        print(f"added {args.student_id}")
    elif args.action == "import":
        report = import_roster(course, args.roster, dry_run=args.dry_run)
        verb = "would import" if args.dry_run else "imported"
        print(f"{verb} {args.roster}: {report.summary()}")
        if report.not_in_roster:
            shown = ", ".join(report.not_in_roster[:20])
            more = len(report.not_in_roster) - 20
            print(
                f"in the gradebook but not in the roster (kept): {shown}"
                + (f" and {more} more" if more > 0 else "")
            )
    elif args.action == "export":
        rows = workflow.list_students(course)
        if args.to == "-":
            write_roster(rows, sys.stdout)
        else:
            try:
                with open(args.to, "w", newline="", encoding="utf-8") as fh:
                    write_roster(rows, fh)
            except OSError as exc:
                raise CourseError(f"cannot write {args.to}: {exc.strerror or exc}") from exc
            print(f"wrote {args.to}: {len(rows)} students")
    else:
        _print_table(workflow.list_students(course), ["id", "first_name", "last_name", "email"])
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
        print(f"grades (the course's export): {result.grades_csv}")
        print(f"feedback (HTML): {root / 'feedback'}/<student>/<assignment>/")
        homes = root.parent / "homes"
        fetched = f"{homes}/<student>/<assignment>/feedback/<timestamp>/"
        print(f"  and as each student fetched it: {fetched}")
    else:
        print(
            "The demo course was deleted; run with --keep FOLDER to keep grades.csv and feedback."
        )
    for where, reason in result.failed.items():
        print(f"FAILED {where}: {reason}", file=sys.stderr)
    return 1 if result.failed else 0


def _print_table(rows: list[dict[str, Any]], columns: list[str]) -> None:
    widths = {c: max([len(c), *(len(str(r.get(c, ""))) for r in rows)]) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns).rstrip())
    for row in rows:
        print("  ".join(str(row.get(c, "")).ljust(widths[c]) for c in columns).rstrip())


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``lukin-course`` with ``argv`` (default: the command line); return the exit code.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:  # no nbgrader_config.py there
    ...     main(["students", "list", "--course-dir", tmp])
    1
    """
    defer_iri_grammars()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (already printed)
        return int(exc.code or 0)
    with output_filter(args.verbose):
        try:
            return _run(args)
        except KeyboardInterrupt:
            print("lukin-course: interrupted", file=sys.stderr)
            return 130
        except (CourseError, ValueError, OSError) as exc:
            if args.verbose:
                traceback.print_exc()
            print(f"lukin-course: error: {_one_line(exc)}", file=sys.stderr)
            return 1
        except Exception as exc:  # a bug, or an error of a library we did not foresee
            if args.verbose:
                traceback.print_exc()
            print(
                f"lukin-course: error: unexpected {type(exc).__name__}: {_one_line(exc)} "
                "(run again with --verbose to see where)",
                file=sys.stderr,
            )
            return 1
