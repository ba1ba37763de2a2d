"""Visible tests students can trust: an answer that ignores its input fails them.

A student who sees "Success!" from the visible tests should not score zero. So
every visible test cell must check at least one value that depends on the
input: no constant, no answer hard-coded for one call, no table of one
repeated value, no empty result passes all of a cell's visible checks.

For every assignment in solutions/, the solutions notebook is run in this
process cell by cell, with each test cell replaced by its student version from
exercises/ (hidden tests removed). For each visible test cell, every function
of the answers just before it is swapped, one at a time, for fake answers:
constants of every kind, the identity, a function that always raises, and
constants built from what the real function returns in that cell (its exact
result for the first call, the same shape filled with one value: every role
"enemy", a table of one repeated row or column, an array of zeros...). The
visible test cell must fail (raise) for every fake, and pass for the real
answers. (A function without parameters has one right result, so returning
that result is not counted as a fake.)
"""

from __future__ import annotations

import ast
import contextlib
import copy
import inspect
import io
import json
import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

pytestmark = pytest.mark.course  # runs every assignment's notebook: part of the graded course

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENTS = sorted(p.name for p in (ROOT / "solutions").iterdir() if any(p.glob("*.ipynb")))

Fake = tuple[str, Callable[..., Any]]


def _meta(cell: dict[str, Any]) -> dict[str, Any]:
    return cell.get("metadata", {}).get("nbgrader", {})


def _source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _is_answer(cell: dict[str, Any]) -> bool:
    return cell["cell_type"] == "code" and bool(_meta(cell).get("solution"))


def _is_test(cell: dict[str, Any]) -> bool:
    meta = _meta(cell)
    return cell["cell_type"] == "code" and bool(meta.get("grade")) and not meta.get("solution")


def _defined(source: str) -> list[str]:
    """Names of the functions an answer cell defines."""
    return [
        node.name
        for node in ast.parse(source).body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def _leaves(value: Any, out: list[Any]) -> None:
    """Collect the scalar values inside a result (up to a few dozen)."""
    if len(out) > 40:
        return
    if isinstance(value, pd.DataFrame):
        for column in value.columns:
            _leaves(list(value[column]), out)
    elif isinstance(value, pd.Series | np.ndarray):
        _leaves(list(np.asarray(value).ravel()[:20]), out)
    elif isinstance(value, dict):
        _leaves(list(value.values()), out)
    elif isinstance(value, list | tuple | set):
        for item in list(value)[:20]:
            _leaves(item, out)
    elif isinstance(value, str | int | float | bool | np.generic) or value is None:
        if not any(type(value) is type(v) and _same(value, v) for v in out):
            out.append(value)


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b) or (a != a and b != b)
    except Exception:
        return False


def _uniform(result: Any, pool: list[Any]) -> Iterator[tuple[str, Any]]:
    """The shape of ``result`` filled with one value (each value of ``pool`` in turn)."""
    if isinstance(result, pd.DataFrame) and len(result):
        yield (
            "its first row repeated",
            pd.DataFrame(
                [result.iloc[0].tolist()] * len(result), index=result.index, columns=result.columns
            ),
        )
        one = result.copy()
        for column in one.columns:
            one[column] = [one[column].iloc[0]] * len(one)
        yield "each column one value", one
        for value in pool:
            filled = result.copy()
            for column in filled.columns:
                filled[column] = [value] * len(filled)
            yield f"every cell {value!r}", filled
    elif isinstance(result, pd.Series) and len(result):
        for value in pool:
            yield f"every entry {value!r}", pd.Series([value] * len(result), index=result.index)
    elif isinstance(result, np.ndarray) and result.size:
        for value in [0, *pool]:
            if isinstance(value, int | float | np.number) and not isinstance(value, bool):
                yield f"an array of {value!r}", np.full_like(result, value)
    elif isinstance(result, dict) and result:
        for value in pool:
            yield f"every value {value!r}", dict.fromkeys(result, value)
    elif isinstance(result, list | tuple) and result:
        for value in [*pool, *result[:5]]:
            yield f"{len(result)} times {value!r}", type(result)([value] * len(result))


GENERIC: list[tuple[str, Any]] = [
    ("None", None),
    ("0", 0),
    ("1", 1),
    ("-1", -1),
    ("0.0", 0.0),
    ("0.5", 0.5),
    ("1.0", 1.0),
    ("2.0", 2.0),
    ("inf", math.inf),
    ("''", ""),
    ("True", True),
    ("False", False),
    ("[]", []),
    ("{}", {}),
    ("()", ()),
    ("an empty DataFrame", pd.DataFrame()),
    ("an empty array", np.array([])),
]


def _copy(value: Any) -> Any:
    try:
        return copy.deepcopy(value)
    except Exception:  # an immutable object that refuses to be copied can be shared
        return value


def _constant(value: Any) -> Callable[..., Any]:
    def fake(*args: Any, **kwargs: Any) -> Any:
        return _copy(value)

    return fake


def _identity(*args: Any, **kwargs: Any) -> Any:
    return args[0] if args else next(iter(kwargs.values()), None)


def _raises(*args: Any, **kwargs: Any) -> Any:
    raise ValueError("this answer always raises")


def fakes(results: list[Any], *, takes_input: bool = True) -> list[Fake]:
    """Answers that ignore their input, built from what the real answer returned.

    A function without parameters has one right result, so returning it is
    not a fake: with ``takes_input=False`` it is left out.
    """
    out: list[Fake] = [(f"always {name}", _constant(v)) for name, v in GENERIC]
    out += [("the identity", _identity), ("always raises ValueError", _raises)]
    pool: list[Any] = []
    for result in results:
        _leaves(result, pool)
    seen: list[str] = []
    for i, result in enumerate(results[:3]):
        key = repr(result)[:2000]
        if key in seen:
            continue
        seen.append(key)
        if takes_input:
            out.append((f"always the result of call {i + 1}", _constant(result)))
        out += [(f"always {how}", _constant(v)) for how, v in _uniform(result, pool[:12])]
    out += [(f"always {v!r}", _constant(v)) for v in pool[:12] if not isinstance(v, bool)]
    return out


def _record(function: Callable[..., Any], calls: list[Any]) -> Callable[..., Any]:
    def recorder(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        calls.append(_copy(result))
        return result

    return recorder


def _run(source: str, namespace: dict[str, Any], label: str) -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(source, label, "exec"), namespace)


def _notebooks(assignment: str) -> list[tuple[Path, Path]]:
    return [
        (path, ROOT / "exercises" / assignment / path.name)
        for path in sorted((ROOT / "solutions" / assignment).glob("*.ipynb"))
    ]


def fake_answers_passing(assignment: str) -> tuple[list[str], int]:
    """Fake answers that pass a visible test cell of ``assignment``; and how many were tried."""
    passing: list[str] = []
    tried = 0
    for source_path, release_path in _notebooks(assignment):
        source = json.loads(source_path.read_text(encoding="utf-8"))
        release = json.loads(release_path.read_text(encoding="utf-8"))
        visible = {_meta(c).get("grade_id"): _source(c) for c in release["cells"] if _is_test(c)}
        namespace: dict[str, Any] = {"__name__": "__main__"}
        under_test: list[str] = []
        for cell in source["cells"]:
            if cell["cell_type"] != "code":
                continue
            gid = _meta(cell).get("grade_id")
            label = f"<{source_path.name}:{gid}>"
            if not _is_test(cell):
                _run(_source(cell), namespace, label)
                if _is_answer(cell):
                    under_test += _defined(_source(cell))
                continue
            test = visible[gid]
            # the real answers pass; record what each returns in this cell
            calls: dict[str, list[Any]] = {name: [] for name in under_test}
            recorded = dict(namespace)
            for name in under_test:
                recorded[name] = _record(namespace[name], calls[name])
            _run(test, recorded, label)
            for name in under_test:
                if not calls[name]:
                    passing.append(f"{gid}: never calls {name}")
                takes_input = bool(inspect.signature(namespace[name]).parameters)
                for how, fake in fakes(calls[name], takes_input=takes_input):
                    tried += 1
                    trial = dict(namespace)
                    trial[name] = fake
                    try:
                        _run(test, trial, label)
                    except BaseException:  # a failed check, or an error: either way it fails
                        continue
                    passing.append(f"{gid}: {name} {how}")
            _run(test, namespace, label)  # later cells may use what the test cell defines
            under_test = []
    return passing, tried


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_constant_answer_passes_a_visible_test_cell(
    assignment: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MPLBACKEND", "Agg")
    passing, tried = fake_answers_passing(assignment)
    assert tried > 50, "too few fake answers tried: is every answer followed by its test cell?"
    assert passing == [], (
        f"{len(passing)} fake answers pass a visible test cell of {assignment} "
        "(make that cell check a value that depends on the input):\n" + "\n".join(passing)
    )


def test_the_fakes_catch_a_weak_test() -> None:
    """A test cell that checks only the type of the result lets constants through."""

    def weak(f: Callable[..., Any]) -> None:
        assert isinstance(f(2), float)

    def strong(f: Callable[..., Any]) -> None:
        assert f(2) == 4.0 and f(3) == 9.0

    def square(x: float) -> float:
        return float(x * x)

    results = [square(2), square(3)]

    def survivors(test: Callable[[Callable[..., Any]], None]) -> list[str]:
        out = []
        for how, fake in fakes(results):
            try:
                test(fake)
            except Exception:
                continue
            out.append(how)
        return out

    assert "always the result of call 1" in survivors(weak)
    assert survivors(strong) == []
    roles = {"US": "pivot", "Russia": "wing", "China": "wing"}
    made = dict(fakes([roles, {"US": "enemy", "Russia": "enemy", "China": "enemy"}]))
    assert made["always every value 'enemy'"]() == dict.fromkeys(roles, "enemy")
    table = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    made = dict(fakes([table]))
    assert made["always its first row repeated"]().equals(
        pd.DataFrame({"a": [1, 1], "b": ["x", "x"]})
    )
