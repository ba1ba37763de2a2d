"""The values that cross the sandbox boundary, as JSON: an allowlist, never pickle.

:func:`encode` turns a value into JSON-ready data; :func:`decode` rebuilds it as
genuine builtin, numpy, pandas or library objects, so code on the trusted side
never runs a method that a submission defined. Allowed:

* ``None``, ``bool``, ``int``, ``float`` (``nan`` and ``inf`` included), ``str``;
* ``list``, ``tuple``, ``dict`` (any allowed hashable keys, order kept), ``set``, ``frozenset``;
* numpy scalars and arrays of bool, integer, float, complex, datetime and str dtype;
* pandas ``Series``, ``DataFrame`` and ``Index`` whose values are allowed;
* the library's small value types that tests pass and receive (:data:`VALUE_TYPES`),
  rebuilt through their public constructors, which validate them.

Everything is capped: nesting depth, number of items and (by the caller) bytes.
This module imports only the standard library at load time: it runs inside the
sandbox too.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import math
import re
from collections.abc import Callable
from typing import Any

__all__ = ["VALUE_TYPES", "WireError", "decode", "dumps", "encode", "loads"]

MAX_DEPTH = 40
MAX_ITEMS = 1_000_000
MAX_INT_DIGITS = 4000

# dtype strings accepted for numpy data: bool, ints, floats, complex, datetimes, str
_NUMERIC_DTYPE = re.compile(r"^[<>|=]?(b1|[iu][1248]|f[248]|c(8|16)|[Mm]8(\[[a-zA-Z]+\])?)$")
_STR_DTYPE = re.compile(r"^[<>|=]?U\d{1,6}$")
_EXT_DTYPES = (
    "Int8",
    "Int16",
    "Int32",
    "Int64",
    "UInt8",
    "UInt16",
    "UInt32",
    "UInt64",
    "Float32",
    "Float64",
    "boolean",
)


class WireError(ValueError):
    """A value that cannot cross the boundary (type not allowed, too large or malformed)."""


# --- the library's value types --------------------------------------------------------


def _enc_triangle(obj: Any, enc: Callable[[Any], Any]) -> dict[str, Any]:
    return {"actors": list(obj.actors), "signs": [int(s) for s in obj.signs]}


def _dec_triangle(data: dict[str, Any], dec: Callable[[Any], Any]) -> Any:
    from lukin_course.triangle import StrategicTriangle

    actors, signs = data["actors"], data["signs"]
    if not (isinstance(actors, list) and isinstance(signs, list) and len(signs) == 3):
        raise WireError("malformed StrategicTriangle")
    a_b, a_c, b_c = signs
    return StrategicTriangle.from_signs(a_b, a_c, b_c, actors=tuple(actors))


def _enc_move(obj: Any, enc: Callable[[Any], Any]) -> dict[str, Any]:
    return {
        "actor": obj.actor,
        "other": obj.other,
        "new_sign": int(obj.new_sign),
        "before": _enc_triangle(obj.before, enc),
    }


def _dec_move(data: dict[str, Any], dec: Callable[[Any], Any]) -> Any:
    from lukin_course.triangle import Move

    return Move(data["actor"], data["other"], data["new_sign"], _dec_triangle(data["before"], dec))


def _enc_constraint(obj: Any, enc: Callable[[Any], Any]) -> dict[str, Any]:
    return {"refuses": {str(k): sorted(str(x) for x in v) for k, v in obj.refuses.items()}}


def _dec_constraint(data: dict[str, Any], dec: Callable[[Any], Any]) -> Any:
    from lukin_course.triangle import IdeologicalConstraint

    refuses = data["refuses"]
    if not isinstance(refuses, dict) or not all(isinstance(v, list) for v in refuses.values()):
        raise WireError("malformed IdeologicalConstraint")
    return IdeologicalConstraint(refuses)


def _enc_fields(obj: Any, enc: Callable[[Any], Any]) -> dict[str, Any]:
    """A frozen dataclass of the library: each field through the general encoder."""
    return {f.name: enc(getattr(obj, f.name)) for f in dataclasses.fields(obj)}


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise WireError(f"{name} must be a finite number")
    return float(value)


def _dec_profile(data: dict[str, Any], dec: Callable[[Any], Any]) -> Any:
    from lukin_course.pressure import ActorProfile

    if set(data) != {"name", "capability", "us_dependence", "partner_dependence"}:
        raise WireError("malformed ActorProfile")
    name = dec(data["name"])
    if not isinstance(name, str):
        raise WireError("ActorProfile.name must be a string")
    numbers = {k: _number(dec(v), k) for k, v in data.items() if k != "name"}
    return ActorProfile(name=name, **numbers)


def _dec_params(data: dict[str, Any], dec: Callable[[Any], Any]) -> Any:
    from lukin_course.pressure import ActorProfile, PressureParams

    names = {f.name for f in dataclasses.fields(PressureParams)}
    if not set(data) <= names:
        raise WireError("malformed PressureParams")
    values = {k: dec(v) for k, v in data.items()}
    for key, value in values.items():
        if not isinstance(value, ActorProfile):
            values[key] = _number(value, key)
    return PressureParams(**values)  # its own checks run here


#: name -> (defining modules, encoder, decoder through the public constructor)
VALUE_TYPES: dict[str, tuple[tuple[str, ...], Callable[..., Any], Callable[..., Any]]] = {
    "StrategicTriangle": (("lukin_course.triangle",), _enc_triangle, _dec_triangle),
    "Move": (("lukin_course.triangle",), _enc_move, _dec_move),
    "IdeologicalConstraint": (("lukin_course.triangle",), _enc_constraint, _dec_constraint),
    "PressureParams": (("lukin_course.pressure",), _enc_fields, _dec_params),
    "ActorProfile": (("lukin_course.pressure",), _enc_fields, _dec_profile),
}


def _library_type(obj: Any) -> str | None:
    cls = type(obj)
    entry = VALUE_TYPES.get(cls.__name__)
    if entry is None:
        return None
    module = getattr(cls, "__module__", "") or ""
    if any(
        module == m or module.startswith(m + ".") or module.startswith(m + "_") for m in entry[0]
    ):
        return cls.__name__
    return None


# --- encoding -------------------------------------------------------------------------


class _Walk:
    """Depth and size budget shared by the encoder and the decoder."""

    def __init__(self, max_depth: int, max_items: int) -> None:
        self.max_depth = max_depth
        self.max_items = max_items
        self.items = 0

    def count(self, n: int = 1) -> None:
        self.items += n
        if self.items > self.max_items:
            raise WireError(f"value too large (more than {self.max_items} items)")

    def enter(self, depth: int) -> None:
        if depth > self.max_depth:
            raise WireError(f"value nested deeper than {self.max_depth} levels")
        self.count()


class _Encoder(_Walk):
    def __call__(self, obj: Any, depth: int = 0) -> Any:
        self.enter(depth)
        t = type(obj)
        if obj is None or t is bool or t is str:
            return obj
        if t is int:
            if abs(obj) >= 10**MAX_INT_DIGITS:
                raise WireError("integer too large")
            return obj
        if t is float:
            return obj if math.isfinite(obj) else {"$": "float", "v": repr(obj)}
        if t is list:
            return [self(x, depth + 1) for x in obj]
        if t is tuple:
            return {"$": "tuple", "v": [self(x, depth + 1) for x in obj]}
        if t is dict:
            return {
                "$": "dict",
                "v": [[self(k, depth + 1), self(v, depth + 1)] for k, v in obj.items()],
            }
        if t is set or t is frozenset:
            return {"$": t.__name__, "v": [self(x, depth + 1) for x in obj]}
        name = _library_type(obj)
        if name is not None:
            return {
                "$": "lukin",
                "type": name,
                "v": VALUE_TYPES[name][1](obj, lambda x: self(x, depth + 1)),
            }
        module = getattr(t, "__module__", "") or ""
        if module.startswith("numpy"):
            return self.numpy(obj)
        if module.startswith("pandas"):
            return self.pandas(obj, depth)
        raise WireError(f"a value of type {t.__module__}.{t.__qualname__} cannot be graded")

    def numpy(self, obj: Any) -> Any:
        import numpy as np

        if isinstance(obj, np.ndarray) and type(obj) is np.ndarray:
            return self.array(obj)
        if isinstance(obj, np.generic):
            arr = np.asarray(obj).reshape(1)
            out = self.array(arr)
            out["$"] = "npscalar"
            return out
        raise WireError(f"a value of type {type(obj).__qualname__} cannot be graded")

    def array(self, arr: Any) -> dict[str, Any]:
        import numpy as np

        dt = arr.dtype
        self.count(int(arr.size))
        if _NUMERIC_DTYPE.match(dt.str):
            data = np.ascontiguousarray(arr).tobytes()
            return {
                "$": "ndarray",
                "dtype": dt.str,
                "shape": list(arr.shape),
                "b64": base64.b64encode(data).decode("ascii"),
            }
        if _STR_DTYPE.match(dt.str):
            return {
                "$": "ndarray",
                "dtype": dt.str,
                "shape": list(arr.shape),
                "items": [str(x) for x in arr.reshape(-1).tolist()],
            }
        raise WireError(f"a numpy array of dtype {dt} cannot be graded")

    def column(self, values: Any, depth: int) -> dict[str, Any]:
        import numpy as np
        import pandas as pd

        if isinstance(values, pd.arrays.NumpyExtensionArray) and not isinstance(
            values.dtype, pd.StringDtype
        ):
            values = values.to_numpy()
        dtype = values.dtype
        if isinstance(dtype, np.dtype) and dtype.kind != "O":
            return {"kind": "np", "array": self.array(np.asarray(values))}
        if isinstance(dtype, np.dtype):  # object
            return {"kind": "object", "items": [self(x, depth + 1) for x in list(values)]}
        if isinstance(dtype, pd.StringDtype):
            na = "NA" if dtype.na_value is pd.NA else "nan"
            items = [None if not isinstance(x, str) else x for x in list(values)]
            self.count(len(items))
            return {"kind": "string", "na": na, "items": items}
        if isinstance(dtype, pd.CategoricalDtype):
            cat = values if isinstance(values, pd.Categorical) else pd.Categorical(values)
            return {
                "kind": "category",
                "ordered": bool(dtype.ordered),
                "categories": self.column(pd.Index(cat.categories), depth + 1),
                "codes": self.array(np.asarray(cat.codes)),
            }
        if str(dtype) in _EXT_DTYPES:
            items = [
                None if x is pd.NA else self(x.item() if hasattr(x, "item") else x, depth + 1)
                for x in list(values)
            ]
            return {"kind": "ext", "dtype": str(dtype), "items": items}
        raise WireError(f"a pandas column of dtype {dtype} cannot be graded")

    def index(self, idx: Any, depth: int) -> dict[str, Any]:
        import pandas as pd

        name = self(idx.name, depth + 1) if not isinstance(idx, pd.MultiIndex) else None
        if type(idx) is pd.RangeIndex:
            return {
                "$": "range_index",
                "start": idx.start,
                "stop": idx.stop,
                "step": idx.step,
                "name": name,
            }
        if isinstance(idx, pd.MultiIndex):
            return {
                "$": "multi_index",
                "names": [self(n, depth + 1) for n in idx.names],
                "tuples": [self(tuple(t), depth + 1) for t in idx],
            }
        return {"$": "index", "name": name, "values": self.column(idx, depth)}

    def pandas(self, obj: Any, depth: int) -> Any:
        import pandas as pd

        if type(obj) is pd.Series:
            return {
                "$": "series",
                "name": self(obj.name, depth + 1),
                "index": self.index(obj.index, depth),
                "values": self.column(obj.array, depth),
            }
        if type(obj) is pd.DataFrame:
            return {
                "$": "dataframe",
                "index": self.index(obj.index, depth),
                "columns": self.index(obj.columns, depth),
                "data": [self.column(obj.iloc[:, i].array, depth) for i in range(obj.shape[1])],
            }
        if isinstance(obj, pd.Index):
            return self.index(obj, depth)
        if obj is pd.NA:
            return {"$": "pd_na"}
        if type(obj) is pd.Timestamp:
            return {"$": "timestamp", "v": obj.isoformat()}
        raise WireError(f"a value of type pandas.{type(obj).__qualname__} cannot be graded")


def encode(obj: Any, *, max_depth: int = MAX_DEPTH, max_items: int = MAX_ITEMS) -> Any:
    """Return ``obj`` as JSON-ready data; raise :class:`WireError` if it is not allowed.

    Examples
    --------
    >>> encode((1, "a", None))
    {'$': 'tuple', 'v': [1, 'a', None]}
    >>> encode(object())
    Traceback (most recent call last):
    ...
    lukin_course.course.grader._wire.WireError: a value of type builtins.object cannot be graded
    """
    return _Encoder(max_depth, max_items)(obj)


# --- decoding -------------------------------------------------------------------------


class _Decoder(_Walk):
    def __call__(self, data: Any, depth: int = 0) -> Any:
        self.enter(depth)
        t = type(data)
        if data is None or t is bool or t is str or t is int:
            return data
        if t is float:
            return data
        if t is list:
            return [self(x, depth + 1) for x in data]
        if t is not dict:
            raise WireError(f"malformed value of JSON type {t.__name__}")
        tag = data.get("$")
        try:
            return self.tagged(tag, data, depth)
        except WireError:
            raise
        except (KeyError, TypeError, ValueError, IndexError, OverflowError, AttributeError) as exc:
            raise WireError(f"malformed {tag!r} value: {exc}") from None

    def hashable(self, value: Any) -> Any:
        try:
            hash(value)
        except TypeError:
            raise WireError(f"unhashable key or set item of type {type(value).__name__}") from None
        return value

    def tagged(self, tag: Any, data: dict[str, Any], depth: int) -> Any:
        if tag == "float":
            v = data["v"]
            if v not in ("nan", "inf", "-inf"):
                raise WireError("malformed float")
            return float(v)
        if tag == "tuple":
            return tuple(self(x, depth + 1) for x in _list(data["v"]))
        if tag == "dict":
            out = {}
            for pair in _list(data["v"]):
                if not isinstance(pair, list) or len(pair) != 2:
                    raise WireError("malformed dict item")
                out[self.hashable(self(pair[0], depth + 1))] = self(pair[1], depth + 1)
            return out
        if tag in ("set", "frozenset"):
            items = [self.hashable(self(x, depth + 1)) for x in _list(data["v"])]
            return set(items) if tag == "set" else frozenset(items)
        if tag == "lukin":
            name = data["type"]
            if name not in VALUE_TYPES or not isinstance(data["v"], dict):
                raise WireError(f"unknown value type {name!r}")
            return VALUE_TYPES[name][2](data["v"], lambda x: self(x, depth + 1))
        if tag == "ndarray":
            return self.array(data)
        if tag == "npscalar":
            return self.array(data).reshape(-1)[0]
        if tag in ("series", "dataframe", "index", "range_index", "multi_index"):
            return self.pandas(tag, data, depth)
        if tag == "pd_na":
            import pandas as pd

            return pd.NA
        if tag == "timestamp":
            import pandas as pd

            return pd.Timestamp(str(data["v"]))
        raise WireError(f"unknown tag {tag!r}")

    def array(self, data: dict[str, Any]) -> Any:
        import numpy as np

        dt = data["dtype"]
        shape = _list(data["shape"])
        if not isinstance(dt, str) or not all(type(n) is int and n >= 0 for n in shape):
            raise WireError("malformed array")
        if len(shape) > 32:
            raise WireError("array has too many dimensions")
        size = math.prod(shape)
        self.count(size)
        if _NUMERIC_DTYPE.match(dt):
            dtype = np.dtype(dt)
            raw = base64.b64decode(str(data["b64"]), validate=True)
            if len(raw) != size * dtype.itemsize:
                raise WireError("array data does not match its shape")
            return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
        if _STR_DTYPE.match(dt):
            items = _list(data["items"])
            if len(items) != size or not all(type(x) is str for x in items):
                raise WireError("malformed str array")
            return np.array(items, dtype=np.dtype(dt)).reshape(shape)
        raise WireError(f"array dtype {dt!r} is not allowed")

    def column(self, col: Any, depth: int) -> Any:
        import numpy as np
        import pandas as pd

        if not isinstance(col, dict):
            raise WireError("malformed column")
        kind = col.get("kind")
        if kind == "np":
            return self.array(col["array"])
        if kind == "object":
            items = [self(x, depth + 1) for x in _list(col["items"])]
            out = np.empty(len(items), dtype=object)
            for i, x in enumerate(items):
                out[i] = x
            return out
        if kind == "string":
            items = _list(col["items"])
            if not all(x is None or type(x) is str for x in items):
                raise WireError("malformed string column")
            self.count(len(items))
            na = pd.NA if col.get("na") == "NA" else np.nan
            return pd.array(items, dtype=pd.StringDtype(na_value=na))
        if kind == "category":
            cats = self.column(col["categories"], depth + 1)
            codes = self.array(col["codes"])
            if codes.dtype.kind not in "iu":
                raise WireError("malformed category codes")
            return pd.Categorical.from_codes(codes, categories=cats, ordered=bool(col["ordered"]))
        if kind == "ext":
            dtype = col["dtype"]
            if dtype not in _EXT_DTYPES:
                raise WireError(f"column dtype {dtype!r} is not allowed")
            items = [None if x is None else self(x, depth + 1) for x in _list(col["items"])]
            if not all(x is None or type(x) in (int, float, bool) for x in items):
                raise WireError("malformed nullable column")
            return pd.array(items, dtype=dtype)
        raise WireError(f"unknown column kind {kind!r}")

    def index(self, data: Any, depth: int) -> Any:
        import pandas as pd

        if not isinstance(data, dict):
            raise WireError("malformed index")
        tag = data.get("$")
        if tag == "range_index":
            vals = [data["start"], data["stop"], data["step"]]
            if not all(type(v) is int for v in vals) or vals[2] == 0:
                raise WireError("malformed range index")
            self.count(max(0, (vals[1] - vals[0]) // vals[2]))
            name = self.hashable(self(data["name"], depth + 1))
            return pd.RangeIndex(vals[0], vals[1], vals[2], name=name)
        if tag == "multi_index":
            tuples = [self(t, depth + 1) for t in _list(data["tuples"])]
            names = [self(n, depth + 1) for n in _list(data["names"])]
            if not all(type(t) is tuple and len(t) == len(names) for t in tuples):
                raise WireError("malformed multi-index")
            return pd.MultiIndex.from_tuples(tuples, names=names)
        if tag == "index":
            values = self.column(data["values"], depth)
            name = self.hashable(self(data["name"], depth + 1))
            return pd.Index(values, name=name, tupleize_cols=False)
        raise WireError("malformed index")

    def pandas(self, tag: str, data: dict[str, Any], depth: int) -> Any:
        import pandas as pd

        if tag in ("index", "range_index", "multi_index"):
            return self.index(data, depth)
        index = self.index(data["index"], depth)
        if tag == "series":
            values = self.column(data["values"], depth)
            if len(values) != len(index):
                raise WireError("series values do not match its index")
            name = self.hashable(self(data["name"], depth + 1))
            return pd.Series(values, index=index, name=name, copy=False)
        columns = self.index(data["columns"], depth)
        cols = [self.column(c, depth) for c in _list(data["data"])]
        if len(cols) != len(columns) or any(len(c) != len(index) for c in cols):
            raise WireError("dataframe data do not match its index and columns")
        frame = pd.DataFrame(
            {i: pd.Series(c, index=index, copy=False) for i, c in enumerate(cols)}, index=index
        )
        frame.columns = columns
        return frame


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise WireError("malformed value: expected a list")
    return value


def decode(data: Any, *, max_depth: int = MAX_DEPTH, max_items: int = MAX_ITEMS) -> Any:
    """Rebuild a value from :func:`encode`'s data as genuine objects.

    Raises
    ------
    WireError
        If the data are malformed, too large or name a type that is not allowed.

    Examples
    --------
    >>> decode(encode({("a", "b"): [1.5, float("inf")]}))
    {('a', 'b'): [1.5, inf]}
    >>> decode({"$": "ndarray", "dtype": "|O", "shape": [1], "items": ["x"]})
    Traceback (most recent call last):
    ...
    lukin_course.course.grader._wire.WireError: array dtype '|O' is not allowed
    """
    return _Decoder(max_depth, max_items)(data)


def dumps(message: Any) -> bytes:
    """One protocol message as compact UTF-8 JSON (no NaN tokens)."""
    return json.dumps(message, allow_nan=False, separators=(",", ":")).encode("utf-8")


def loads(raw: bytes) -> Any:
    """Parse one protocol message; malformed or too deeply nested input is a :class:`WireError`."""

    def no_constants(token: str) -> Any:
        raise WireError(f"non-standard JSON constant {token}")

    try:
        return json.loads(raw.decode("utf-8"), parse_constant=no_constants)
    except WireError:
        raise
    except (ValueError, RecursionError, UnicodeDecodeError) as exc:
        raise WireError(f"malformed message: {type(exc).__name__}") from None
