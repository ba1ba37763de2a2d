"""Autograde a batch: sandboxed jobs fanned out, one process writes the gradebook.

The grading process reads the record of each notebook (the gradebook's copy of
the released cells, ordered and completed from the instructor's source
notebook) and each submission's files, and hands every submission to a worker
as a *job*: plain data only. :func:`grade_job` runs in a local process pool or
on a Dask cluster; it never opens the gradebook or the course folder, and it
returns plain data. Only the grading process writes: the autograded notebook,
the gradebook (through nbgrader's API, so the formgrader, feedback and exports
keep working) and, last, a small ``.lukin-grade.json`` with the grader's own
results. That file is the resume marker: a submission whose files and record
have not changed since it was written is not graded again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
import time
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

from ..coursedir import Course, CourseError
from ..nbmeta import blank_notebook, nbgrader_meta
from ..progress import ProgressBar
from . import _html
from ._match import Record, RecordCell, plan_submission, release_version, role_of
from ._runner import NotebookResult, PlanCell, defined_names, run_notebook
from ._sandbox import Limits, Sandbox, SandboxUnavailable

__all__ = [
    "MARKER",
    "AutogradeReport",
    "GradeOptions",
    "autograde_assignment",
    "build_records",
    "grade_job",
    "load_results",
]

MARKER = ".lukin-grade.json"
UNSAFE_FLAG = "--unsafe-no-sandbox"


@dataclass
class GradeOptions:
    """How submissions are graded (plain data, sent with every job)."""

    timeout: float = 60.0
    max_restarts: int = 3
    unsafe: bool = False
    limits: dict[str, int] = field(default_factory=lambda: asdict(Limits()))
    hidden: list[str] = field(default_factory=list)


@dataclass
class AutogradeReport:
    """Which submissions were autograded, which were already up to date, which failed and why."""

    graded: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    interrupted: bool = False
    write_seconds: float = 0.0  # time the single writer spent recording results


# --- the record ---------------------------------------------------------------------------


def _nb_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def build_records(course: Course, assignment: str) -> dict[str, Record]:
    """The record of each notebook of ``assignment``: cells in order, sources, names to proxy.

    Test and locked cells come from the gradebook (what was released, hidden
    tests included); the order, roles and the names students define come from
    the instructor's source notebook; what students were given, with nbgrader's
    metadata and checksums, from the release notebook.
    """
    from nbgrader.api import MissingEntry

    course.require_assignment(assignment)
    records: dict[str, Record] = {}
    with course.gradebook() as gb:
        try:
            gb.find_assignment(assignment)
        except MissingEntry:
            raise CourseError(
                f"{assignment!r} is not in the gradebook: "
                f"run `lukin-course release {assignment}` first"
            ) from None
        for path in sorted((course.source_dir / assignment).glob("*.ipynb")):
            name = path.stem
            try:
                stored = gb.find_notebook(name, assignment)
            except MissingEntry:
                continue
            sources = {c.name: c.source for c in stored.source_cells}
            release_path = course.release_dir / assignment / path.name
            release = {}
            if release_path.is_file():
                for cell in _nb_json(release_path).get("cells", []):
                    meta = nbgrader_meta(cell)
                    if meta.get("grade_id"):
                        release[meta["grade_id"]] = (_source(cell), meta)
            cells: list[RecordCell] = []
            answers: list[str] = []
            locked_code: list[str] = []
            for i, cell in enumerate(_nb_json(path).get("cells", [])):
                meta = nbgrader_meta(cell)
                ctype = str(cell.get("cell_type", "code"))
                gid = str(meta.get("grade_id") or f"cell-{i}")
                role = (
                    role_of(ctype, meta) if meta else ("locked" if ctype == "code" else "markdown")
                )
                trusted = sources.get(gid, _source(cell))
                given, rmeta = release.get(gid, (None, meta))
                if given is None:
                    given = release_version(trusted) if role == "test" else trusted
                if role == "answer":
                    answers.append(_source(cell))
                elif role == "locked":
                    locked_code.append(trusted)
                points = float(meta.get("points", 0) or 0) if meta.get("grade") else 0.0
                if role in ("answer", "written", "task"):
                    trusted = given
                cells.append(
                    RecordCell(
                        gid,
                        ctype,
                        role,
                        trusted,
                        given,
                        points,
                        {"nbgrader": rmeta} if rmeta else {},
                    )
                )
            # the names students define, except modules and what given cells define
            # (the tests keep the instructor's own definitions of those)
            names = set(defined_names(answers, imports=False)) - set(defined_names(locked_code))
            records[name] = Record(name, cells, sorted(names))
    if not records:
        raise CourseError(f"no notebooks of {assignment!r} in the gradebook")
    return records


def _fingerprint(records: dict[str, Record], files: dict[str, bytes], extra: str) -> str:
    h = hashlib.sha256()
    h.update(
        json.dumps({k: r.to_dict() for k, r in sorted(records.items())}, sort_keys=True).encode()
    )
    for name in sorted(files):
        h.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    h.update(extra.encode())
    return h.hexdigest()


# --- the job (runs in a worker: no gradebook, no course folder) ---------------------------


_ONE_AT_A_TIME = threading.Lock()


def grade_job(job: dict[str, Any]) -> dict[str, Any]:
    """Grade one submission. Plain data in, plain data out; never raises.

    ``job`` holds ``student``, ``records`` (notebook -> :class:`Record` as a
    dict), ``notebooks`` (notebook -> the submitted file's text, or None) and
    ``options`` (:class:`GradeOptions` as a dict).

    Jobs in one process run one at a time: the tests capture the process's
    standard streams, and their time budget uses the main thread's alarm (on a
    Dask worker with several threads, give each worker process one thread).
    """
    with _ONE_AT_A_TIME:
        return _grade_job(job)


def _grade_job(job: dict[str, Any]) -> dict[str, Any]:
    try:
        options = GradeOptions(**job["options"])
        sandbox = Sandbox(
            hidden=[Path(p) for p in options.hidden],
            limits=Limits(**options.limits),
            unsafe=options.unsafe,
        )
        results: dict[str, Any] = {}
        for name, rec in job["records"].items():
            record = Record.from_dict(rec)
            text = job["notebooks"].get(name)
            if text is None:
                results[name] = {"missing": True}
                continue
            note = ""
            try:
                nb = json.loads(text)
            except (ValueError, RecursionError) as exc:
                nb = {"cells": []}
                note = f"not valid JSON ({type(exc).__name__}: {str(exc)[:200]}); graded as blank"
            if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
                nb = {"cells": []}
                note = note or "not a notebook (no list of cells); graded as blank"
            plan, notes = plan_submission(record, nb)
            if note:
                notes.insert(0, note)
            result = run_notebook(
                name,
                plan,
                record.student_names,
                sandbox,
                timeout=options.timeout,
                max_restarts=options.max_restarts,
                notes=notes,
            )
            results[name] = result.to_dict()
            if note:
                results[name]["unreadable"] = f"{name}.ipynb: {note}"
        return {"student": job["student"], "notebooks": results, "error": None}
    except SandboxUnavailable as exc:
        return {"student": job.get("student"), "notebooks": {}, "error": f"no sandbox: {exc}"}
    except Exception as exc:  # a grader bug: report it with its real message
        last = traceback.extract_tb(exc.__traceback__)[-1:]
        where = f" at {Path(last[0].filename).name}:{last[0].lineno}" if last else ""
        return {
            "student": job.get("student"),
            "notebooks": {},
            "error": f"{type(exc).__name__}: {exc}{where}",
        }


# --- the single writer --------------------------------------------------------------------


def _autograded_nb(record: Record, result: NotebookResult | None) -> Any:
    import nbformat

    nb = blank_notebook()
    cells: list[PlanCell] = (
        result.cells
        if result
        else [
            PlanCell(
                c.grade_id,
                c.cell_type,
                c.role,
                c.release_source if c.role in ("answer", "written", "task") else c.source,
                c.points,
                c.release_source,
                c.metadata,
            )
            for c in record.cells
        ]
    )
    for index, cell in enumerate(cells):
        source = cell.source
        if cell.role in ("written", "task", "answer", "extra") and cell.cell_type == "markdown":
            source = _html.clean_markdown(source)
        if cell.cell_type == "code":
            new = nbformat.v4.new_code_cell(_html.clip(source, 200_000))
            run = result.runs.get(index) if result else None
            if run is not None:
                new.outputs = [_notebook_output(o) for o in run.outputs]
                if run.error:
                    new.outputs.append(
                        nbformat.v4.new_output(
                            "error",
                            ename=run.error["type"],
                            evalue=run.error["message"],
                            traceback=[f"{run.error['type']}: {run.error['message']}"],
                        )
                    )
            test = result.tests.get(cell.grade_id) if result and cell.role == "test" else None
            if cell.role == "test":
                score = test.score if test else 0.0
                summary = _summary(test)
                new.outputs = [
                    nbformat.v4.new_output("stream", name="stdout", text=summary),
                    nbformat.v4.new_output(
                        "execute_result", data={"text/plain": f"{score:g}"}, execution_count=1
                    ),
                ]
        elif cell.cell_type == "markdown":
            new = nbformat.v4.new_markdown_cell(source)
        else:
            new = nbformat.v4.new_raw_cell(source)
        if cell.metadata:
            new.metadata = json.loads(json.dumps(cell.metadata))
        nb.cells.append(new)
    return nb


def _summary(test: Any) -> str:
    if test is None:
        return "not graded\n"
    failed = sorted({c.name for c in test.checks if not c.passed})
    text = (
        f"{test.passed_sites} of {test.sites} checks passed: "
        f"{test.score:g} / {test.points:g} points\n"
    )
    if failed:
        text += "failed: " + ", ".join(failed)[:2000] + "\n"
    if test.note:
        text += test.note + "\n"
    return text


def _notebook_output(out: dict[str, Any]) -> Any:
    import nbformat

    if out["output_type"] == "stream":
        return nbformat.v4.new_output("stream", name=out["name"], text=out["text"])
    data = {}
    for mime, value in out.get("data", {}).items():
        if mime == "text/html":
            data[mime] = _html.clean_html(value)
        elif mime == "text/markdown":  # rendered with any raw HTML in it: sanitize too
            data[mime] = _html.clean_markdown(value)
        elif mime.startswith("image/"):
            if _html.safe_image(mime, value):
                data[mime] = value
        else:
            data[mime] = value
    data.setdefault("text/plain", "")
    if out["output_type"] == "execute_result":
        return nbformat.v4.new_output("execute_result", data=data, execution_count=1)
    return nbformat.v4.new_output("display_data", data=data)


def _write_submission(
    course: Course,
    gb: Any,
    assignment: str,
    student: str,
    records: dict[str, Record],
    outcome: dict[str, Any],
    fingerprint: str,
) -> None:
    """Write one graded submission: autograded notebooks, gradebook, then the marker."""
    import nbformat
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.plugins import LateSubmissionPlugin

    submitted = _submitted_dir(course, assignment, student)
    target = _autograded_dir(course, assignment, student)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".grading-", dir=target.parent))
    results: dict[str, NotebookResult | None] = {}
    for name, record in records.items():
        data = outcome["notebooks"].get(name) or {"missing": True}
        result = None if data.get("missing") else NotebookResult.from_dict(data)
        results[name] = result
        nbformat.write(_autograded_nb(record, result), staging / f"{name}.ipynb")
    for extra in ("timestamp.txt", "submission_secret.txt"):
        if (submitted / extra).is_file():
            (staging / extra).write_text((submitted / extra).read_text()[:1000])
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)
    try:  # written by `nbgrader submit` on the student's side: may be anything
        timestamp = CourseDirectory(config=course.config).get_existing_timestamp(str(submitted))
    except Exception:
        timestamp = None
    gb.update_or_create_student(student) if not _has_student(gb, student) else None
    if timestamp:
        submission = gb.update_or_create_submission(assignment, student, timestamp=timestamp)
    else:
        submission = gb.update_or_create_submission(assignment, student)
    late = LateSubmissionPlugin(config=course.config)
    for name, record in records.items():
        result = results[name]
        plan = {c.grade_id: c for c in (result.cells if result else [])}
        for cell in record.cells:
            if cell.role not in ("test", "written", "task"):
                continue
            if cell.role == "test":
                grade = gb.find_grade(cell.grade_id, name, assignment, student)
                test = result.tests.get(cell.grade_id) if result else None
                grade.auto_score = float(test.score) if test else 0.0
                grade.needs_manual_grade = grade.manual_score is not None
                continue
            answer = plan.get(cell.grade_id)
            blank = answer is None or answer.source.strip() == cell.release_source.strip()
            comment = gb.find_comment(cell.grade_id, name, assignment, student)
            comment.auto_comment = "No response." if blank else None
            if cell.role == "written":
                grade = gb.find_grade(cell.grade_id, name, assignment, student)
                grade.auto_score = 0.0 if blank else None
                grade.needs_manual_grade = (not blank) or grade.manual_score is not None
        notebook = gb.find_submission_notebook(name, assignment, student)
        notebook.late_submission_penalty = None
        if submission.total_seconds_late > 0:
            penalty = late.late_submission_penalty(
                student, notebook.score, submission.total_seconds_late
            )
            if penalty is not None:
                notebook.late_submission_penalty = max(0.0, min(float(penalty), notebook.score))
    gb.db.commit()
    marker = {
        "fingerprint": fingerprint,
        "student": student,
        "assignment": assignment,
        "notebooks": {k: (v.to_dict() if v else None) for k, v in results.items()},
    }
    tmp = target / (MARKER + ".tmp")
    tmp.write_text(json.dumps(marker), encoding="utf-8")
    os.replace(tmp, target / MARKER)


def _has_student(gb: Any, student: str) -> bool:
    from nbgrader.api import MissingEntry

    try:
        gb.find_student(student)
    except MissingEntry:
        return False
    return True


def _submitted_dir(course: Course, assignment: str, student: str) -> Path:
    folder = str(course.config.CourseDirectory.get("submitted_directory", "submitted"))
    return course.root / folder / student / assignment


def _autograded_dir(course: Course, assignment: str, student: str) -> Path:
    folder = str(course.config.CourseDirectory.get("autograded_directory", "autograded"))
    return course.root / folder / student / assignment


def load_results(course: Course, assignment: str, student: str) -> dict[str, Any] | None:
    """The grader's own results for one submission (None if it was not graded by this grader)."""
    path = _autograded_dir(course, assignment, student) / MARKER
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return None


# --- fan-out ------------------------------------------------------------------------------


def _hidden_paths(course: Course) -> list[str]:
    paths = {str(course.root.resolve())}
    exchange = course.config.Exchange.get("root")
    if exchange:
        paths.add(str(Path(str(exchange)).resolve()))
    else:
        paths.add("/usr/local/share/nbgrader/exchange")
    url = course.db_url
    if url.startswith("sqlite:///"):
        paths.add(str(Path(url[len("sqlite:///") :]).resolve().parent))
    paths.add(str(Path.cwd().resolve()))
    return sorted(paths)


def _die_with_parent() -> None:
    """In a pool worker: be killed when the process that started it ends (Linux).

    Then an instructor's ``kill -9`` stops the workers too, and with them their
    sandboxes (bubblewrap's ``--die-with-parent``); nothing grades on unseen.
    """
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent is already gone
            os._exit(1)
    except (OSError, AttributeError):  # not Linux: the pool ends its workers itself
        pass


def _iter_local(jobs: list[dict[str, Any]], workers: int) -> Iterator[dict[str, Any]]:
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield grade_job(job)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # spawn: each worker is a child of this process (so it dies with it, see
    # _die_with_parent) and starts clean (no copy of the open gradebook connection)
    ctx = multiprocessing.get_context("spawn")
    size = min(workers, len(jobs))
    with ProcessPoolExecutor(size, mp_context=ctx, initializer=_die_with_parent) as pool:
        futures = {pool.submit(grade_job, job): job for job in jobs}
        try:
            for future in as_completed(futures):
                try:
                    yield future.result()
                except Exception as exc:  # the pool worker itself died
                    job = futures[future]
                    yield {
                        "student": job["student"],
                        "notebooks": {},
                        "error": f"the grading worker failed: {type(exc).__name__}: {exc}",
                    }
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _iter_dask(jobs: list[dict[str, Any]], scheduler: str) -> Iterator[dict[str, Any]]:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise CourseError(
            "--scheduler needs dask's distributed package: pip install 'lukin-course[grading]'"
        ) from None
    try:
        client = Client(scheduler, timeout=30)
    except OSError as exc:
        raise CourseError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    with client:
        futures = client.map(
            grade_job,
            jobs,
            pure=False,
            key=[f"grade-{j['student']}-{i}" for i, j in enumerate(jobs)],
        )
        by_key = {f.key: j for f, j in zip(futures, jobs, strict=True)}
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as exc:
                job = by_key[future.key]
                yield {
                    "student": job["student"],
                    "notebooks": {},
                    "error": f"the Dask worker failed: {type(exc).__name__}: {exc}",
                }


def autograde_assignment(
    course: Course,
    assignment: str,
    students: Iterable[str],
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    unsafe: bool = False,
    force: bool = False,
    timeout: float | None = None,
    stream: TextIO | None = None,
) -> AutogradeReport:
    """Grade ``students``' submissions of ``assignment`` and write the results (see module doc)."""
    if not unsafe:
        from ._sandbox import sandbox_problem

        problem = sandbox_problem()
        if problem:
            raise CourseError(
                f"no sandbox to run submissions in: {problem}. Student code would run with "
                f"your rights; pass {UNSAFE_FLAG} to grade anyway (see the instructor guide)"
            )
    records = build_records(course, assignment)
    if timeout is None:
        timeout = float(course.config.ExecutePreprocessor.get("timeout", 60) or 60)
    options = GradeOptions(timeout=float(timeout), unsafe=unsafe, hidden=_hidden_paths(course))
    report = AutogradeReport()
    jobs, fingerprints = [], {}
    for student in students:
        folder = _submitted_dir(course, assignment, student)
        files: dict[str, bytes] = {}
        texts: dict[str, str | None] = {}
        for name in records:
            path = folder / f"{name}.ipynb"
            try:
                raw = path.read_bytes() if path.is_file() else None
                if raw is not None and len(raw) > 32 << 20:
                    raise ValueError("larger than 32 MiB")
            except (OSError, ValueError) as exc:
                report.failed[student] = f"cannot read {path.name}: {exc}"
                break
            if raw is not None:
                files[name] = raw
            texts[name] = raw.decode("utf-8", errors="replace") if raw is not None else None
        else:
            stamp = (
                (folder / "timestamp.txt").read_text()[:100]
                if (folder / "timestamp.txt").is_file()
                else ""
            )
            fingerprints[student] = _fingerprint(records, files, stamp + repr(options.limits))
            done = load_results(course, assignment, student)
            if not force and done and done.get("fingerprint") == fingerprints[student]:
                report.skipped.append(student)
                continue
            jobs.append(
                {
                    "student": student,
                    "records": {k: r.to_dict() for k, r in records.items()},
                    "notebooks": texts,
                    "options": asdict(options),
                }
            )
    if workers is None:
        workers = os.cpu_count() or 1
    bar = ProgressBar(len(jobs), stream=stream, prefix=f"autograding {assignment}")
    results = _iter_dask(jobs, scheduler) if scheduler else _iter_local(jobs, workers)
    try:
        with course.gradebook() as gb:
            for outcome in results:
                student = str(outcome.get("student"))
                if outcome.get("error"):
                    report.failed[student] = str(outcome["error"])
                else:
                    try:
                        began = time.perf_counter()
                        _write_submission(
                            course, gb, assignment, student, records, outcome, fingerprints[student]
                        )
                        report.write_seconds += time.perf_counter() - began
                        unreadable = [
                            str(nb["unreadable"])
                            for nb in outcome["notebooks"].values()
                            if isinstance(nb, dict) and nb.get("unreadable")
                        ]
                        if unreadable:
                            report.failed[student] = "; ".join(unreadable)
                        else:
                            report.graded.append(student)
                    except Exception as exc:
                        gb.db.rollback()
                        report.failed[student] = (
                            f"could not record the grades: {type(exc).__name__}: {exc}"
                        )
                bar.advance(student)
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        bar.close()
    report.graded.sort()
    return report
