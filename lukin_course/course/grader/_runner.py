"""Grade one notebook: student code in the sandbox, tests in this (trusted) process.

Phase 1 runs the notebook's code cells that are not tests (the locked cells of
the record and the student's answers and extra cells) in a sandboxed worker,
in order, keeping their outputs. No test code, visible or hidden, is sent
there. Phase 2 runs the test cells here, in a fresh namespace where the locked
cells were run again from the record and each name the student was asked to
define (found in the source notebook's solution cells) is a proxy: calling it
sends the arguments into the sandbox and receives the result as plain data
(:mod:`._wire`). Arguments the student's function changed in place are copied
back, as in a kernel.

A test cell runs statement by statement with :func:`~lukin_course.course.checks.check`
recording instead of raising. Each ``check(...)`` call site in the cell's code
is one unit: it passes if every execution of it passed, at least one ran (or,
for a ``check(name, False, ...)`` sentinel, none ran) and the statement holding
it finished without an error. The cell scores ``points * passed / sites``; a
cell whose every call to the student's code failed (not implemented, sandbox
stopped) scores 0. A cell without ``check`` calls scores all or nothing.

When the sandbox times out or dies, it is killed, its cell or call fails, and
a new sandbox replays the cells that had finished, so tests that do not depend
on what failed still count (at most ``max_restarts`` times).
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import io
import signal
import threading
import time
from dataclasses import asdict, dataclass, field
from types import FrameType
from typing import Any

from ..checks import recording_checks
from . import _wire
from ._sandbox import Sandbox, WorkerDied, WorkerProcess

__all__ = [
    "CellRun",
    "CellScore",
    "CheckResult",
    "NotebookResult",
    "PlanCell",
    "SandboxStopped",
    "StudentError",
    "defined_names",
    "hidden_lines",
    "run_notebook",
]

HIDDEN_BEGIN = "BEGIN HIDDEN TESTS"
HIDDEN_END = "END HIDDEN TESTS"
MAX_MESSAGE = 2000


class SandboxStopped(BaseException):
    """The student's code could not answer (the sandbox stopped or sent something unusable).

    A ``BaseException``: ``except Exception`` in a test cannot mistake it for the
    error a test expects.
    """


class OutOfTime(BaseException):
    """A test or locked cell ran past its time budget in the grader (e.g. huge returned data)."""


@contextlib.contextmanager
def _time_budget(seconds: float) -> Any:
    """Raise :class:`OutOfTime` in the grader's own code after ``seconds`` (main thread only)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise OutOfTime(f"the tests ran longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class StudentError(Exception):
    """Marker mixed into exceptions rebuilt from the student's code (see :func:`_rebuild`)."""


@dataclass
class PlanCell:
    """One cell as it is graded (locked and test cells' sources come from the record)."""

    grade_id: str
    cell_type: str
    role: str  # "locked", "answer", "written", "test", "task", "extra", "markdown"
    source: str
    points: float = 0.0
    release_source: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def runs_in_sandbox(self) -> bool:
        return self.cell_type == "code" and self.role in ("locked", "answer", "extra")


@dataclass
class CellRun:
    """What a code cell did in the sandbox."""

    index: int
    outputs: list[dict[str, Any]] = field(default_factory=list)
    error: dict[str, Any] | None = None
    status: str = "ok"  # ok, error, timeout, died, not-run


@dataclass
class CheckResult:
    name: str
    passed: bool
    message: str
    hidden: bool
    site: int


@dataclass
class CellScore:
    """The grader's own result for one test cell."""

    grade_id: str
    points: float
    score: float
    sites: int
    passed_sites: int
    checks: list[CheckResult] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""


@dataclass
class NotebookResult:
    name: str
    cells: list[PlanCell]
    runs: dict[int, CellRun]
    tests: dict[str, CellScore]
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def score(self) -> float:
        return sum(t.score for t in self.tests.values())

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NotebookResult:
        tests = {
            k: CellScore(**{**v, "checks": [CheckResult(**c) for c in v["checks"]]})
            for k, v in data["tests"].items()
        }
        return cls(
            name=data["name"],
            cells=[PlanCell(**c) for c in data["cells"]],
            runs={int(k): CellRun(**v) for k, v in data["runs"].items()},
            tests=tests,
            notes=list(data["notes"]),
            seconds=float(data.get("seconds", 0.0)),
        )


# --- static analysis of cells ------------------------------------------------------------


def _python(source: str) -> str:
    """Cell source as plain Python (IPython magics turned into calls)."""
    from IPython.core.inputtransformer2 import TransformerManager

    return str(TransformerManager().transform_cell(source))


def defined_names(sources: list[str], *, imports: bool = True) -> list[str]:
    """Top-level names that cells define: functions, classes, assignments and imports.

    Examples
    --------
    >>> defined_names(["def f():\\n    x = 1\\nY = 2\\nfor i in []: pass", "import os as o"])
    ['Y', 'f', 'i', 'o']
    >>> defined_names(["import math\\ndef g(): pass"], imports=False)
    ['g']
    """
    names: set[str] = set()
    for source in sources:
        try:
            tree = ast.parse(_python(source))
        except SyntaxError:
            continue
        for stmt in tree.body:
            if imports or not isinstance(stmt, ast.Import | ast.ImportFrom):
                names.update(_bound_names(stmt))
    return sorted(n for n in names if not n.startswith("__"))


def _bound_names(stmt: ast.stmt) -> set[str]:
    """Names a top-level statement binds in the module namespace."""
    out: set[str] = set()
    if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {stmt.name}
    if isinstance(stmt, ast.Import | ast.ImportFrom):
        for alias in stmt.names:
            if alias.name != "*":
                out.add((alias.asname or alias.name).split(".")[0])
        return out
    stack: list[ast.AST] = [stmt]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            out.add(node.name)
            continue
        if isinstance(node, ast.Lambda | ast.ListComp | ast.SetComp | ast.DictComp):
            continue
        if isinstance(node, ast.GeneratorExp):
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            out.add(node.id)
        stack.extend(ast.iter_child_nodes(node))
    return out


def hidden_lines(source: str) -> set[int]:
    """Line numbers (1-based) inside ``BEGIN/END HIDDEN TESTS`` regions, markers included."""
    lines: set[int] = set()
    inside = False
    for number, line in enumerate(source.split("\n"), start=1):
        if HIDDEN_BEGIN in line:
            inside = True
        if inside:
            lines.add(number)
        if HIDDEN_END in line:
            inside = False
    return lines


def _is_check(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id == "check") or (
        isinstance(func, ast.Attribute) and func.attr == "check"
    )


def _sentinel(call: ast.Call) -> bool:
    cond: ast.expr | None = call.args[1] if len(call.args) > 1 else None
    for kw in call.keywords:
        if kw.arg == "condition":
            cond = kw.value
    return isinstance(cond, ast.Constant) and cond.value is False


# --- the proxies -------------------------------------------------------------------------

_BUILTIN_EXCEPTIONS = {
    name: cls
    for name, cls in vars(builtins).items()
    if isinstance(cls, type) and issubclass(cls, Exception)
}


def _rebuild(info: dict[str, Any]) -> Exception:
    """A genuine builtin exception standing for one the student's code raised."""
    cls = _BUILTIN_EXCEPTIONS.get(str(info.get("type")), RuntimeError)
    message = str(info.get("message", ""))[:MAX_MESSAGE]
    exc: Exception
    for base in cls.__mro__:
        try:
            exc = base(message)
            break
        except TypeError:
            continue
    else:  # pragma: no cover - Exception(message) always works
        exc = RuntimeError(message)
    exc.__dict__["student"] = {
        "qualname": str(info.get("qualname", cls.__name__))[:200],
        "message": message,
        "traceback": [str(t)[:500] for t in list(info.get("traceback", []))[:20]],
    }
    return exc


class _Student:
    """The student's side as the tests see it: one sandbox at a time, restarted on failure."""

    def __init__(
        self,
        sandbox: Sandbox,
        timeout: float,
        max_restarts: int,
        notes: list[str],
        test_budget: float | None = None,
    ) -> None:
        self.sandbox = sandbox
        self.timeout = timeout
        self.restarts_left = max_restarts
        self.notes = notes
        self.process: WorkerProcess | None = None
        self.replay: list[str] = []
        self.stopped: str | None = None
        self.calls = 0
        self.answered = 0
        self.kinds: dict[str, str] = {}
        self.values: dict[str, Any] = {}
        # the grader's own time for one test cell (its calls included), and the
        # student's time for all their cells together
        self.cell_budget = test_budget if test_budget else max(60.0, 5 * timeout)
        self.notebook_budget = max(600.0, 10 * timeout)
        self.started = time.monotonic()

    def start(self) -> None:
        self.process = self.sandbox.start()

    def close(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process = None

    def restart(self, why: str) -> bool:
        """Kill the sandbox; start another and replay the cells that had finished."""
        self.close()
        if self.restarts_left <= 0:
            self.stopped = why
            self.notes.append(f"the sandbox stopped ({why}); no restart left, later code not run")
            return False
        self.restarts_left -= 1
        try:
            self.start()
            assert self.process is not None
            for source in self.replay:
                self.process.request({"op": "run", "source": source}, self.timeout)
        except OutOfTime:
            self.close()
            self.stopped = f"{why}; the tests ran out of time while it restarted"
            raise
        except WorkerDied as exc:
            self.close()
            self.stopped = f"{why}; the restarted sandbox failed too ({exc})"
            self.notes.append(f"the sandbox stopped ({self.stopped})")
            return False
        self.kinds = {}
        self.values = {}
        return True

    def run_cell(self, index: int, source: str) -> CellRun:
        if not self.stopped and time.monotonic() - self.started > self.notebook_budget:
            self.close()
            self.stopped = f"the notebook's cells ran longer than {self.notebook_budget:g} s"
            self.notes.append(self.stopped)
        if self.stopped or self.process is None:
            return CellRun(index, status="not-run", error=_not_run(self.stopped))
        try:
            answer = self.process.request({"op": "run", "source": source}, self.timeout)
        except WorkerDied as exc:
            timeout = "timed out" in str(exc)
            what = (
                f"this cell ran longer than {self.timeout:g} s; the sandbox was stopped"
                if timeout
                else f"the sandbox stopped while this cell ran ({exc})"
            )
            self.restart(what)
            return CellRun(
                index,
                status="timeout" if timeout else "died",
                error={
                    "type": "TimeoutError" if timeout else "SandboxStopped",
                    "qualname": "Timeout" if timeout else "SandboxStopped",
                    "message": what,
                    "traceback": [],
                },
            )
        outputs = _clean_outputs(answer.get("outputs"), self.sandbox.limits.cell_output_bytes)
        error = _clean_error(answer.get("error"))
        if error is None:
            self.replay.append(source)
        return CellRun(index, outputs=outputs, error=error, status="error" if error else "ok")

    def describe(self, names: list[str]) -> dict[str, str]:
        if self.kinds or not names:
            return self.kinds
        if self.stopped or self.process is None:
            return {}
        try:
            answer = self.process.request({"op": "describe", "names": names}, self.timeout)
        except WorkerDied as exc:
            self.restart(str(exc))
            return {}
        kinds = answer.get("names")
        if not isinstance(kinds, dict):
            return {}
        self.kinds = {
            n: k for n, k in kinds.items() if n in names and k in ("callable", "value", "missing")
        }
        return self.kinds

    def value(self, name: str) -> Any:
        if name not in self.values:
            if self.stopped or self.process is None:
                raise SandboxStopped(self.stopped or "the sandbox is not running")
            try:
                answer = self.process.request({"op": "get", "name": name}, self.timeout)
            except WorkerDied as exc:
                self.restart(str(exc))
                raise SandboxStopped(f"reading {name}: {exc}") from None
            if "value" not in answer:
                why = answer.get("unsendable") or "not defined"
                raise SandboxStopped(f"the value of {name} cannot be graded: {why}")
            self.values[name] = answer["value"]
        try:
            return _wire.decode(self.values[name])
        except _wire.WireError as exc:
            raise SandboxStopped(f"the value of {name} cannot be graded: {exc}") from None

    def call(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        self.calls += 1
        if self.stopped or self.process is None:
            raise SandboxStopped(self.stopped or "the sandbox is not running")
        try:
            enc_args = [_wire.encode(a) for a in args]
            enc_kwargs = {str(k): _wire.encode(v) for k, v in kwargs.items()}
        except _wire.WireError as exc:
            raise SandboxStopped(f"an argument of {name}() cannot be sent: {exc}") from None
        message = {"op": "call", "name": name, "args": enc_args, "kwargs": enc_kwargs}
        try:
            answer = self.process.request(message, self.timeout)
        except OutOfTime:  # stopped mid-request: the pipe is in an unknown state
            self.restart("the tests ran out of time during a call")
            raise
        except WorkerDied as exc:
            timeout = "timed out" in str(exc)
            why = (
                f"{name}() ran longer than {self.timeout:g} s; the sandbox was stopped"
                if timeout
                else f"the sandbox stopped during {name}() ({exc})"
            )
            self.restart(why)
            raise SandboxStopped(why) from None
        if "raised" in answer and isinstance(answer["raised"], dict):
            info = answer["raised"]
            if info.get("type") != "NotImplementedError":
                self.answered += 1
            raise _rebuild(info)
        if "value" not in answer:
            why = answer.get("unsendable") or answer.get("failure") or "no value"
            if answer.get("missing"):
                why = f"{name} is not defined in the submission"
            raise SandboxStopped(f"{name}() returned something that cannot be graded: {why}")
        try:
            value = _wire.decode(answer["value"])
            mutated = answer.get("mutated") or {}
            if isinstance(mutated, dict):
                for key, data in mutated.items():
                    target = args[int(key)] if str(key).isdigit() else kwargs.get(str(key))
                    _copy_back(target, _wire.decode(data))
        except (_wire.WireError, IndexError, ValueError, TypeError) as exc:
            raise SandboxStopped(
                f"{name}() returned something that cannot be graded: {exc}"
            ) from None
        self.answered += 1
        return value


def _copy_back(target: Any, new: Any) -> None:
    """Apply an in-place change the student's function made to an argument."""
    import numpy as np

    if isinstance(target, np.ndarray) and isinstance(new, np.ndarray):
        if target.shape == new.shape:
            target[...] = new
    elif isinstance(target, list) and isinstance(new, list):
        target[:] = new
    elif isinstance(target, dict) and isinstance(new, dict):
        target.clear()
        target.update(new)
    elif isinstance(target, set) and isinstance(new, set):
        target.clear()
        target.update(new)


def _not_run(why: str | None) -> dict[str, Any]:
    message = f"not run: {why}" if why else "not run"
    return {"type": "NotRun", "qualname": "NotRun", "message": message, "traceback": []}


def _clean_error(error: Any) -> dict[str, Any] | None:
    if not isinstance(error, dict):
        return None
    return {
        "type": str(error.get("type", "Error"))[:100],
        "qualname": str(error.get("qualname", "Error"))[:200],
        "message": str(error.get("message", ""))[:MAX_MESSAGE],
        "traceback": [str(t)[:500] for t in list(error.get("traceback") or [])[:20]],
    }


_KEEP_MIMES = ("text/plain", "text/html", "text/markdown", "text/latex", "image/png", "image/jpeg")


def _clean_outputs(outputs: Any, cap: int) -> list[dict[str, Any]]:
    """Outputs as plain notebook outputs of allowed kinds, within ``cap`` bytes in all."""
    kept: list[dict[str, Any]] = []
    used = 0
    if not isinstance(outputs, list):
        return kept
    for out in outputs[:200]:
        if not isinstance(out, dict):
            continue
        kind = out.get("output_type")
        if kind == "stream" and out.get("name") in ("stdout", "stderr"):
            text = str(out.get("text", ""))
            room = max(0, cap - used)
            if len(text) > room:
                text = text[:room] + "\n[output truncated]\n"
            used += len(text)
            kept.append({"output_type": "stream", "name": out["name"], "text": text})
        elif kind in ("display_data", "execute_result") and isinstance(out.get("data"), dict):
            data = {}
            for mime in _KEEP_MIMES:
                value = out["data"].get(mime)
                if isinstance(value, str) and used + len(value) <= cap:
                    data[mime] = value
                    used += len(value)
            if data:
                kept.append({"output_type": kind, "data": data})
        if used >= cap:
            kept.append({"output_type": "stream", "name": "stdout", "text": "[output truncated]\n"})
            break
    return kept


class _Proxy:
    """Stands for one of the student's functions in the test namespace."""

    __slots__ = ("__name__", "_student")

    def __init__(self, name: str, student: _Student) -> None:
        self.__name__ = name
        self._student = student

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._student.call(self.__name__, args, kwargs)

    def __repr__(self) -> str:
        return f"<the submission's function {self.__name__}>"


class _IPythonStub:
    """Enough of ``get_ipython()`` for locked cells run on the trusted side (magics do nothing)."""

    def run_line_magic(self, *args: Any, **kwargs: Any) -> None:
        return None

    def run_cell_magic(self, *args: Any, **kwargs: Any) -> None:
        return None

    def system(self, *args: Any, **kwargs: Any) -> None:
        return None

    getoutput = system


# --- phase 2: a test cell ---------------------------------------------------------------


@dataclass
class _Site:
    index: int
    line: int
    col: int
    statement: int
    sentinel: bool
    hidden: bool
    label: str
    runs: int = 0
    failed: bool = False


def _statement_targets(stmt: ast.stmt) -> set[str]:
    return _bound_names(stmt)


def _frame_position(frame: FrameType | None, filename: str) -> tuple[int, int] | None:
    while frame is not None and frame.f_code.co_filename != filename:
        frame = frame.f_back
    if frame is None:
        return None
    try:
        line, _, col, _ = list(frame.f_code.co_positions())[frame.f_lasti // 2]
    except (IndexError, ValueError):
        return frame.f_lineno, -1
    return (line if line is not None else frame.f_lineno), (col if col is not None else -1)


def _exec_statements(
    source: str, filename: str, namespace: dict[str, Any]
) -> tuple[ast.Module | None, list[tuple[int, BaseException]]]:
    """Run ``source`` statement by statement; return the tree and the (index, error) pairs."""
    try:
        tree = ast.parse(_python(source), filename=filename)
    except SyntaxError as exc:
        return None, [(-1, exc)]
    errors: list[tuple[int, BaseException]] = []
    for i, stmt in enumerate(tree.body):
        try:
            code = compile(ast.Module(body=[stmt], type_ignores=[]), filename, "exec")
            exec(code, namespace)
        except (Exception, SandboxStopped, OutOfTime) as exc:
            errors.append((i, exc))
            for name in _statement_targets(stmt):  # no stale value for later statements
                namespace.pop(name, None)
            if isinstance(exc, OutOfTime):  # the rest of the cell does not run
                errors.extend((j, exc) for j in range(i + 1, len(tree.body)))
                break
    return tree, errors


def _error_record(exc: BaseException, hidden: bool, statement_line: int) -> dict[str, Any]:
    student = getattr(exc, "student", None) if isinstance(exc, Exception) else None
    if isinstance(exc, SandboxStopped | OutOfTime):
        return {
            "type": type(exc).__name__,
            "message": str(exc)[:MAX_MESSAGE],
            "traceback": [],
            "hidden": hidden,
            "line": statement_line,
            "student": False,
        }
    if isinstance(student, dict):
        return {
            "type": student["qualname"],
            "message": student["message"],
            "traceback": student["traceback"] if not hidden else [],
            "hidden": hidden,
            "line": statement_line,
            "student": True,
        }
    try:
        message = str(exc)[:MAX_MESSAGE]
    except Exception:  # pragma: no cover - genuine exceptions print
        message = ""
    return {
        "type": type(exc).__name__,
        "message": message,
        "traceback": [],
        "hidden": hidden,
        "line": statement_line,
        "student": False,
    }


def _run_test_cell(cell: PlanCell, namespace: dict[str, Any], student: _Student) -> CellScore:
    filename = f"<test {cell.grade_id}>"
    python = _python(cell.source)
    hidden = hidden_lines(python)
    try:
        tree = ast.parse(python, filename=filename)
    except SyntaxError as exc:
        return CellScore(
            cell.grade_id,
            cell.points,
            0.0,
            0,
            0,
            errors=[
                {
                    "type": "SyntaxError",
                    "message": str(exc),
                    "traceback": [],
                    "hidden": False,
                    "line": 0,
                    "student": False,
                }
            ],
        )
    sites: list[_Site] = []
    for s_index, stmt in enumerate(tree.body):
        for node in ast.walk(stmt):
            if _is_check(node):
                assert isinstance(node, ast.Call)
                first = node.args[0] if node.args else None
                label = (
                    first.value
                    if isinstance(first, ast.Constant) and isinstance(first.value, str)
                    else f"(check on line {node.lineno})"
                )
                sites.append(
                    _Site(
                        len(sites),
                        node.lineno,
                        node.col_offset,
                        s_index,
                        _sentinel(node),
                        node.lineno in hidden,
                        label,
                    )
                )
    by_pos = {(s.line, s.col): s for s in sites}
    checks: list[CheckResult] = []

    def record(name: str, passed: bool, message: str, frame: FrameType) -> None:
        pos = _frame_position(frame, filename)
        site = by_pos.get(pos) if pos else None
        if site is None and pos is not None:
            site = next((s for s in sites if s.line == pos[0]), None)
        hidden_check = site.hidden if site else False
        if site is not None:
            site.runs += 1
            site.failed = site.failed or not passed
        checks.append(
            CheckResult(
                name[:300],
                passed,
                "" if passed else message[:MAX_MESSAGE],
                hidden_check,
                site.index if site else -1,
            )
        )

    calls_before, answered_before = student.calls, student.answered
    with recording_checks(record), _time_budget(student.cell_budget):
        _, errors = _exec_statements(cell.source, filename, namespace)
    failed_statements = {i for i, _ in errors}
    error_records = []
    for i, error in errors:
        where: ast.stmt | None = tree.body[i] if 0 <= i < len(tree.body) else None
        lines = set()
        if where is not None:
            lines = set(range(where.lineno, (where.end_lineno or where.lineno) + 1))
        line = where.lineno if where is not None else 0
        error_records.append(_error_record(error, bool(lines & hidden), line))
    passed = 0
    for site in sites:
        ok = site.statement not in failed_statements and not site.failed
        ok = ok and (site.runs == 0 if site.sentinel else site.runs > 0)
        passed += ok
        if not ok and site.runs == 0 and not site.sentinel:
            checks.append(
                CheckResult(
                    site.label,
                    False,
                    "did not run: an earlier error stopped it",
                    site.hidden,
                    site.index,
                )
            )
    note = ""
    if sites:
        score = cell.points * passed / len(sites)
    else:
        score = cell.points if not errors else 0.0
    calls = student.calls - calls_before
    if calls and student.answered == answered_before:
        score = 0.0
        note = "every call to the submission's code failed, so this cell earns nothing"
    return CellScore(
        cell.grade_id,
        cell.points,
        round(score, 6),
        len(sites),
        passed,
        checks=checks,
        errors=error_records,
        note=note,
    )


# --- the whole notebook -----------------------------------------------------------------


def run_notebook(
    name: str,
    cells: list[PlanCell],
    student_names: list[str],
    sandbox: Sandbox,
    *,
    timeout: float = 60.0,
    max_restarts: int = 3,
    notes: list[str] | None = None,
    test_budget: float | None = None,
) -> NotebookResult:
    """Grade one notebook whose cells were rebuilt from the record (see :mod:`._match`)."""
    started = time.monotonic()
    result = NotebookResult(name, cells, {}, {}, list(notes or []))
    student = _Student(sandbox, timeout, max_restarts, result.notes, test_budget)
    try:
        try:
            student.start()
        except WorkerDied as exc:
            student.stopped = f"the sandbox did not start: {exc}"
            result.notes.append(student.stopped)
        for index, cell in enumerate(cells):
            if cell.runs_in_sandbox:
                result.runs[index] = student.run_cell(index, cell.source)
        _phase_two(cells, student_names, student, result)
    finally:
        student.close()
    result.seconds = time.monotonic() - started
    return result


def _phase_two(
    cells: list[PlanCell], names: list[str], student: _Student, result: NotebookResult
) -> None:
    namespace: dict[str, Any] = {
        "__name__": "__main__",
        "__builtins__": builtins,
        "display": lambda *a, **k: None,
        "get_ipython": lambda: _IPythonStub(),
    }

    def bind() -> None:
        kinds = student.describe(names)
        for n in names:
            kind = kinds.get(n, "missing")
            if kind == "callable":
                namespace[n] = _Proxy(n, student)
            elif kind == "value":
                try:
                    namespace[n] = student.value(n)
                except SandboxStopped as exc:
                    namespace.pop(n, None)
                    result.notes.append(str(exc))
            else:
                namespace.pop(n, None)

    sink = io.StringIO()
    for cell in cells:
        if cell.cell_type != "code" or cell.role not in ("locked", "test"):
            continue
        bind()
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            if cell.role == "locked":
                with recording_checks(lambda *a: None), _time_budget(student.cell_budget):
                    _exec_statements(cell.source, f"<locked {cell.grade_id}>", namespace)
            else:
                result.tests[cell.grade_id] = _run_test_cell(cell, namespace, student)
        sink.seek(0)
        sink.truncate()
