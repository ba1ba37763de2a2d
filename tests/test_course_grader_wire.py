"""The value format that crosses the sandbox boundary: an allowlist, genuine types back.

No sandbox is started here (these run in ``make test-fast``); the sandbox and
the runner are tested in test_course_grader.py.
"""

from __future__ import annotations

import json
import os
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lukin_course.course.grader import _wire
from lukin_course.course.grader._sandbox import sandbox_problem
from lukin_course.pressure import PressureParams
from lukin_course.triangle import DEMOCRATISM, StrategicTriangle, improving_moves

ALLOWED = [
    None,
    True,
    3,
    -2.5,
    float("inf"),
    "text",
    [1, "a"],
    (1, (2, 3)),
    {("a", "b"): 1, 2: [3]},
    {1, 2},
    frozenset({"x"}),
    np.int64(4),
    np.bool_(False),
    np.float32(1.5),
    np.arange(6).reshape(2, 3),
    np.array([1.0, np.nan]),
    np.array(["ab", "c"]),
    np.array([True, False]),
    pd.Series([1.5, 2.5], index=["a", "b"], name="s"),
    pd.DataFrame(
        {"x": [1, 2], "y": ["a", "b"], "t": [(1,), (2, 3)]}, index=pd.Index(["p", "q"], name="k")
    ),
    pd.Series(pd.Categorical(["a", "b", "a"])),
    pd.Index([3, 1], name="i"),
    StrategicTriangle.from_signs(1, 1, -1),
    DEMOCRATISM,
    PressureParams(gamma=1.2),
    improving_moves(StrategicTriangle.from_signs(1, 1, -1))[0],
    pd.NA,
    pd.Timestamp("2024-02-29T12:00"),
    pd.Series([1, None], dtype="Int64"),
    pd.Series([1.5, None], dtype="Float64"),
    pd.Series(["a", None], dtype="string"),
    pd.MultiIndex.from_tuples([("a", 1), ("b", 2)], names=["k", "n"]),
    pd.DataFrame({"d": pd.to_datetime(["2020-01-01", "2021-06-30"])}),
    pd.RangeIndex(0, 10, 2, name="r"),
    np.datetime64("2024-01-01"),
    10**50,
    -0.0,
    "",
]


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        same = a.dtype.kind in "fc" and np.array_equal(a, b, equal_nan=True)
        return a.dtype == b.dtype and a.shape == b.shape and (same or np.array_equal(a, b))
    if isinstance(a, pd.Series | pd.DataFrame | pd.Index):

        def types(x: Any) -> list[Any]:
            return list(x.dtypes) if isinstance(x, pd.DataFrame) else [x.dtype]

        return bool(a.equals(b)) and types(a) == types(b)
    if a is pd.NA:
        return b is pd.NA
    if isinstance(a, float) and a != a:
        return b != b
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    return bool(a == b)


@pytest.mark.parametrize("value", ALLOWED, ids=lambda v: type(v).__name__)
def test_allowed_values_come_back_as_the_same_genuine_types(value: Any) -> None:
    back = _wire.decode(_wire.loads(_wire.dumps(_wire.encode(value))))
    assert _same(value, back)


class Evil:
    def __eq__(self, other: object) -> bool:
        return True

    def __reduce__(self) -> Any:
        return (os.system, ("true",))


class Liar(str):
    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = str.__hash__


@pytest.mark.parametrize(
    "value",
    [
        Evil(),
        Liar("x"),
        [Evil()],
        {"k": Liar("v")},
        np.array([Evil()], dtype=object),
        pd.Series([Evil(), 1]),
        lambda: 1,
        type,
        open,
    ],
    ids=[
        "object",
        "str-subclass",
        "nested",
        "dict-value",
        "object-array",
        "series",
        "lambda",
        "class",
        "builtin",
    ],
)
def test_other_values_are_refused(value: Any) -> None:
    with pytest.raises(_wire.WireError):
        _wire.encode(value)


@pytest.mark.parametrize(
    "data",
    [
        {"$": "ndarray", "dtype": "|O", "shape": [1], "items": ["x"]},
        {"$": "ndarray", "dtype": "<i8", "shape": [3], "b64": "AAAA"},
        {"$": "lukin", "type": "os.system", "v": {}},
        {"$": "pickle", "v": "gASV"},
        {"$": "dict", "v": [[[1], 2]]},
        {
            "$": "lukin",
            "type": "StrategicTriangle",
            "v": {"actors": ["a", "a", "b"], "signs": [1, 1, 1]},
        },
        {"$": "lukin", "type": "PressureParams", "v": {"gamma": -1.0}},
        {"$": "lukin", "type": "PressureParams", "v": {"russia": 1.0}},
        {"$": "lukin", "type": "ActorProfile", "v": {"name": 1}},
        {"$": "float", "v": "1e999999"},
        {"$": "range_index", "start": 0, "stop": 10**12, "step": 1, "name": None},
        {"$": "ndarray", "dtype": "<i8", "shape": [-1], "b64": ""},
        {"$": "ndarray", "dtype": "<i8", "shape": [1] * 40, "b64": ""},
        {"$": "ndarray", "dtype": "<U1", "shape": [2], "items": ["a", 1]},
        {
            "$": "series",
            "name": None,
            "index": {"$": "range_index", "start": 0, "stop": 2, "step": 1, "name": None},
            "values": {
                "kind": "np",
                "array": {"$": "ndarray", "dtype": "<i8", "shape": [1], "b64": "AQAAAAAAAAA="},
            },
        },
        {
            "$": "dataframe",
            "index": {"$": "index", "name": None, "values": {"kind": "zzz"}},
            "columns": [],
            "data": [],
        },
        {"$": "lukin", "type": "IdeologicalConstraint", "v": {"refuses": {"a": "b"}}},
        {"$": "tuple", "v": "not a list"},
        {"$": "set", "v": [[1]]},
        [{"$": "dict", "v": [[1]]}],
        "bare-str-is-fine-but-next-is-not",
    ],
)
def test_malformed_or_forged_data_is_refused(data: Any) -> None:
    if isinstance(data, str):
        assert _wire.decode(data) == data  # plain strings are values; the rest are not
        return
    with pytest.raises((_wire.WireError, ValueError, TypeError)):
        _wire.decode(data)


def test_depth_size_and_json_limits() -> None:
    deep: Any = 1
    for _ in range(100):
        deep = [deep]
    with pytest.raises(_wire.WireError, match="nested"):
        _wire.encode(deep)
    with pytest.raises(_wire.WireError, match="nested"):
        _wire.decode(json.loads(json.dumps(deep)))
    with pytest.raises(_wire.WireError, match="too large"):
        _wire.encode(list(range(50)), max_items=10)
    with pytest.raises(_wire.WireError):
        _wire.loads(b"[NaN]")
    with pytest.raises(_wire.WireError):
        _wire.loads(b"[" * 100000)


def test_no_sandbox_is_a_clear_line() -> None:
    problem = sandbox_problem("/nonexistent/bwrap")
    assert problem and "apt-get install bubblewrap" in problem and "\n" not in problem


# --- tampered messages: a value or a WireError, nothing else ---------------------------------

_JUNK = [None, True, -1, 0, 2**70, 1.5, "x", "", [], {}, [1, 2], ["a", None], {"$": "float"}]


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*path, i))
    return found


def _replace(node: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = dict(node) if isinstance(node, dict) else list(node)
    copy[path[0]] = _replace(node[path[0]], path[1:], new)
    return copy


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_tampered_message_decodes_to_a_value_or_a_wire_error(data: st.DataObject) -> None:
    """Whatever the sandbox sends, the grader gets a value or one kind of error it handles.

    Each example encodes an allowed value, replaces one node of the message (a number, a
    string, a list, a tag, a whole column...) with junk, and decodes it.
    """
    message = json.loads(_wire.dumps(_wire.encode(data.draw(st.sampled_from(ALLOWED)))))
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(message)))
        message = _replace(message, path, data.draw(st.sampled_from(_JUNK)))
    try:
        _wire.decode(message)
    except _wire.WireError:
        pass
