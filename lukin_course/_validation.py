"""Shared input checks: every public function rejects bad input with a clear message.

Each helper names the offending argument and says what was expected, so that a
student who passes the wrong thing learns what to fix. Complex numbers, NaN and
infinities are rejected; so are model parameters beyond :data:`MAX_MAGNITUDE` (sums
and products of a few of them must stay far inside floating point) and runs, grids
or networks beyond the documented caps, so that no call returns garbage or runs
without end.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:  # pragma: no cover - pandas is imported only by the functions that take frames
    import pandas as pd

__all__ = [
    "MAX_ACTORS",
    "MAX_MAGNITUDE",
    "MAX_POINTS",
    "MAX_YEARS",
    "as_finite_array",
    "as_rng",
    "as_sign_matrix",
    "as_square_matrix",
    "check_choice",
    "check_columns",
    "check_in_range",
    "check_integer",
    "check_names",
    "check_nonnegative",
    "check_positive",
    "check_probability",
    "check_real",
]


#: Largest magnitude of a model parameter or input value (1e12): far beyond any
#: meaningful setting, and small enough that sums and products of a few stay finite.
MAX_MAGNITUDE = 1e12
#: Most output points, time steps or grid cells one call computes (100,000).
MAX_POINTS = 100_000
#: Most actors in a signed network or relations matrix (200: 1.3 million triads).
MAX_ACTORS = 200
#: Longest run of a dynamic model, in its time unit (years): 10,000.
MAX_YEARS = 10_000.0


def as_finite_array(
    value: Any,
    name: str,
    *,
    ndim: int | None = None,
    max_size: int | None = MAX_POINTS,
    max_abs: float | None = MAX_MAGNITUDE,
) -> NDArray[np.float64]:
    """Return ``value`` as a float array of real, finite numbers.

    Rejects complex numbers, NaN and infinities, the wrong number of dimensions, more
    than ``max_size`` entries and entries larger than ``max_abs`` in magnitude (``None``
    lifts a cap, for data that a function rescales itself).
    """
    try:
        raw = np.asarray(value)
        if np.iscomplexobj(raw):
            raise TypeError(f"{name} must hold real numbers, got complex values")
        arr = np.asarray(raw, dtype=float)
    except (TypeError, ValueError) as exc:
        if "complex" in str(exc):
            raise TypeError(f"{name} must hold real numbers, got complex values") from None
        raise TypeError(f"{name} must be numeric array-like, got {type(value).__name__}") from exc
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional, got shape {arr.shape}")
    if max_size is not None and arr.size > max_size:
        raise ValueError(f"{name} has {arr.size} entries; at most {max_size} are allowed")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers (no NaN or inf)")
    if max_abs is not None and arr.size and float(np.max(np.abs(arr))) > max_abs:
        raise ValueError(f"{name} has an entry beyond ±{max_abs:g}, got {np.max(np.abs(arr)):g}")
    return arr


def as_square_matrix(
    value: Any, name: str, *, symmetric: bool = True, min_size: int = 1, max_size: int = MAX_ACTORS
) -> NDArray[np.float64]:
    """Return ``value`` as a finite square float matrix, optionally checking symmetry."""
    arr = as_finite_array(value, name, ndim=2, max_size=None)
    n, m = arr.shape
    if n != m:
        raise ValueError(f"{name} must be a square matrix, got shape {arr.shape}")
    if n < min_size:
        raise ValueError(f"{name} must have at least {min_size} rows, got {n}")
    if n > max_size:
        raise ValueError(f"{name} has {n} actors; at most {max_size} are allowed")
    if symmetric and not np.allclose(arr, arr.T, atol=1e-12, rtol=0.0):
        raise ValueError(f"{name} must be symmetric (relations are mutual)")
    return arr


def as_sign_matrix(
    value: Any, name: str, *, min_size: int = 3, max_size: int = MAX_ACTORS
) -> NDArray[np.int_]:
    """Return a symmetric matrix of ±1 ties (diagonal ignored, set to 0).

    Off-diagonal entries must be exactly +1 (amity) or -1 (enmity).
    """
    arr = as_square_matrix(value, name, symmetric=True, min_size=min_size, max_size=max_size)
    off = ~np.eye(arr.shape[0], dtype=bool)
    if not np.all(np.isin(arr[off], (-1.0, 1.0))):
        raise ValueError(f"{name} must have off-diagonal entries of +1 or -1 only")
    out = arr.astype(int)
    np.fill_diagonal(out, 0)
    return out


def check_choice(value: Any, name: str, choices: Iterable[str]) -> str:
    """Check that ``value`` is one of ``choices`` (case-sensitive) and return it."""
    options = tuple(choices)
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"unknown {name} {value!r}; expected one of: {', '.join(options)}")
    return value


def check_real(value: Any, name: str, *, max_abs: float = MAX_MAGNITUDE) -> float:
    """Return ``value`` as a finite float within ±``max_abs``.

    Booleans, complex numbers and non-numbers are rejected.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    try:
        x = float(value)
    except OverflowError:  # an int too large for a float
        raise ValueError(f"{name} must lie within ±{max_abs:g}, got {value}") from None
    if not math.isfinite(x):
        raise ValueError(f"{name} must be finite, got {x}")
    if abs(x) > max_abs:
        raise ValueError(f"{name} must lie within ±{max_abs:g}, got {x:g}")
    return x


def check_in_range(value: Any, name: str, low: float, high: float) -> float:
    """Return ``value`` as a float, requiring ``low <= value <= high``."""
    x = check_real(value, name)
    if not low <= x <= high:
        raise ValueError(f"{name} must lie in [{low}, {high}], got {x}")
    return x


def check_nonnegative(value: Any, name: str) -> float:
    """Return ``value`` as a float, requiring it to be finite and >= 0."""
    x = check_real(value, name)
    if x < 0:
        raise ValueError(f"{name} must be non-negative, got {x}")
    return x


def check_positive(value: Any, name: str, *, maximum: float = MAX_MAGNITUDE) -> float:
    """Return ``value`` as a float, requiring ``0 < value <= maximum``."""
    x = check_real(value, name)
    if x <= 0:
        raise ValueError(f"{name} must be positive, got {x}")
    if x > maximum:
        raise ValueError(f"{name} must be at most {maximum:g}, got {x:g}")
    return x


def check_probability(value: Any, name: str) -> float:
    """Return ``value`` as a float in [0, 1]."""
    return check_in_range(value, name, 0.0, 1.0)


def check_integer(
    value: Any, name: str, minimum: int | None = None, maximum: int | None = None
) -> int:
    """Return ``value`` as an int (booleans rejected) in ``[minimum, maximum]``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    n = int(value)
    if minimum is not None and n < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {n}")
    if maximum is not None and n > maximum:
        raise ValueError(f"{name} must be at most {maximum}, got {n}")
    return n


def check_names(
    value: Any,
    name: str,
    *,
    what: str = "name",
    minimum: int = 1,
    known: Iterable[str] | None = None,
) -> tuple[str, ...]:
    """Return a sequence of names (``what``: "country", "indicator"...) as a tuple.

    The names must be non-empty, distinct strings. One string is rejected (it would
    otherwise be read letter by letter), as are fewer than ``minimum`` names and, when
    ``known`` is given, names outside it.
    """
    if isinstance(value, str):
        raise TypeError(f"{name} must be a collection of {what} names, not one string")
    try:
        names = tuple(value)
    except TypeError as exc:
        raise TypeError(
            f"{name} must be a collection of {what} names, got {type(value).__name__}"
        ) from exc
    for item in names:
        if not isinstance(item, str) or not item.strip():
            raise TypeError(f"{name} must hold non-empty {what} names (str), got {item!r}")
    if len(names) < minimum:
        if minimum == 1:
            raise ValueError(f"{name} must be non-empty: name at least one {what}")
        raise ValueError(f"{name} must name at least {minimum} of them, got {len(names)}")
    if len(set(names)) != len(names):
        raise ValueError(f"{name} must not repeat a {what}, got {names}")
    if known is not None:
        options = sorted(set(known))
        unknown = [item for item in names if item not in options]
        if unknown:
            raise ValueError(f"unknown {what} {unknown[0]!r} in {name}; known: {options}")
    return names


def check_columns(frame: Any, name: str, columns: Iterable[str]) -> pd.DataFrame:
    """Check that ``frame`` is a pandas DataFrame with every one of ``columns``."""
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    for column in columns:
        if not isinstance(column, str):
            raise TypeError(f"column names must be strings, got {column!r}")
        if column not in frame.columns:
            raise ValueError(f"{name} is missing the column {column!r}")
    return frame


def as_rng(seed: Any, name: str = "seed") -> np.random.Generator:
    """A numpy Generator from ``None`` (fresh entropy), a non-negative int, or a Generator."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))):
        raise TypeError(
            f"{name} must be None, an int or a numpy Generator, got {type(seed).__name__}"
        )
    if seed is not None and seed < 0:
        raise ValueError(f"{name} must be non-negative, got {seed}")
    return np.random.default_rng(seed)
