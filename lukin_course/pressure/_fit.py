"""Fitting the pressure model to the record of the three relations, 1992–2023.

The record is the course's yearly series of the US–Russia, US–China and
Russia–China relations (:func:`lukin_course.data.relations_by_year`, coded from
dated events). The model is asked to explain the **Russia–China tie** from the two
**US ties as they were**: :func:`replay` integrates
``dr/dt = lam [tanh(h(u_r, u_c) + eta r) - r]`` year by year with ``u_r, u_c``
held at each year's recorded level, from the recorded tie of the first year.
:func:`fit_record` chooses parameters by least squares (``scipy.optimize``) on a
training period and reports the error there (in sample) and on the years after
it (out of sample), next to the error of the naive forecast "the tie stays where
it was".

This course's own teaching model; the fitted values are what the shipped defaults
of :class:`~lukin_course.pressure.PressureParams` are rounded from.

References
----------
[lukin2018perspective] [morrow1991alliances]
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._validation import as_finite_array, check_integer
from ._model import PressureParams, _params

#: Parameters the fit may move, with the bounds of their documented ranges.
FIT_BOUNDS: dict[str, tuple[float, float]] = {
    "lam": (0.05, 2.0),
    "beta": (0.0, 3.0),
    "kappa": (0.0, 3.0),
    "gamma": (0.0, 10.0),
    "delta": (0.0, 3.0),
    "eta": (0.0, 4.0),
    "epsilon": (0.0, 10.0),
}

_STEPS_PER_YEAR = 20  # classical RK4, step 0.05 yr: far below 1/lam for every lam in range


def _record(ties: Any) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Years and an (n, 3) array of ties (u_r, u_c, r) from a frame or the packaged record."""
    if ties is None:
        from ..data import relations_by_year

        ties = relations_by_year()
    try:
        years = np.asarray(ties.index, dtype=int)
        values = as_finite_array(
            ties[["us_russia", "us_china", "russia_china"]].to_numpy(dtype=float), "ties", ndim=2
        )
    except (AttributeError, KeyError, TypeError) as exc:
        raise TypeError(
            "ties must be a DataFrame indexed by year with columns us_russia, us_china, "
            "russia_china (as relations_by_year returns)"
        ) from exc
    if len(years) < 3 or np.any(np.diff(years) != 1):
        raise ValueError("ties must cover at least 3 consecutive years, one row per year")
    if np.any(np.abs(values) > 1.0):
        raise ValueError("ties must lie in [-1, 1]")
    return years, values


def _path(p: PressureParams, drivers: NDArray[np.float64], r0: float) -> NDArray[np.float64]:
    """The tie at the start of each year, US ties held at each year's level (RK4)."""
    dt = 1.0 / _STEPS_PER_YEAR
    out = np.empty(len(drivers))
    r = r0
    for i, (u_r, u_c) in enumerate(drivers):
        out[i] = r
        if i == len(drivers) - 1:
            break
        h = p.field(float(u_r), float(u_c))

        def f(x: float, h: float = h) -> float:
            return p.lam * (math.tanh(h + p.eta * x) - x)

        for _ in range(_STEPS_PER_YEAR):
            k1 = f(r)
            k2 = f(r + 0.5 * dt * k1)
            k3 = f(r + 0.5 * dt * k2)
            k4 = f(r + dt * k3)
            r += dt * (k1 + 2 * k2 + 2 * k3 + k4) / 6
    return out


def replay(params: PressureParams | None = None, ties: Any = None) -> NDArray[np.float64]:
    """The Russia–China tie the model gives, year by year, with the US ties as recorded.

    Parameters
    ----------
    params : PressureParams, optional
        Model parameters (the defaults if omitted).
    ties : DataFrame, optional
        A yearly record with columns ``us_russia``, ``us_china``, ``russia_china``
        indexed by consecutive years; the packaged record if omitted.

    Returns
    -------
    ndarray
        The model's tie at each year of the record, starting from the recorded
        tie of the first year.

    Raises
    ------
    TypeError, ValueError
        For a malformed record or parameters.

    Notes
    -----
    This course's own teaching model. The US ties are held at each year's level
    for that year (the record is yearly), and the tie is integrated with classical
    RK4 at 20 steps a year.

    Examples
    --------
    >>> r = replay()
    >>> len(r), float(r[0])
    (32, 0.5)
    """
    p = _params(params)
    _, values = _record(ties)
    return _path(p, values[:, :2], float(values[0, 2]))


@dataclass(eq=False)
class FitResult:
    """Outcome of :func:`fit_record`.

    Attributes
    ----------
    params : PressureParams
        The fitted parameters (others as given).
    free : tuple of str
        The names of the fitted parameters.
    years : ndarray
        The years of the record.
    observed, modelled : ndarray
        The recorded tie and the model's replay with the fitted parameters.
    train : tuple of int
        First and last year of the training period.
    rmse_train, rmse_test : float
        Root-mean-square error in and after the training period (``nan`` if no
        year follows it).
    rmse_train_persistence : float
        Error in the training period of the naive forecast that the tie stays at its
        first recorded value (the model, too, is run from that value alone).
    rmse_test_persistence : float
        Error after the training period of the naive forecast that the tie stays at
        its last training value.
    """

    params: PressureParams
    free: tuple[str, ...]
    years: NDArray[np.int64]
    observed: NDArray[np.float64]
    modelled: NDArray[np.float64]
    train: tuple[int, int]
    rmse_train: float
    rmse_test: float
    rmse_train_persistence: float
    rmse_test_persistence: float


def _rmse(a: NDArray[np.float64], b: NDArray[np.float64]) -> float:
    return float(np.sqrt(np.mean((a - b) ** 2))) if len(a) else math.nan


def fit_record(
    train: Sequence[int] = (1992, 2013),
    free: Sequence[str] = tuple(FIT_BOUNDS),
    params: PressureParams | None = None,
    ties: Any = None,
    starts: int = 4,
    seed: int = 0,
) -> FitResult:
    """Fit the pressure model's Russia–China tie to the record by least squares.

    Parameters
    ----------
    train : pair of int, default (1992, 2013)
        First and last year of the training period (inside the record).
    free : sequence of str, default all of ``FIT_BOUNDS``
        The parameters to fit; the others keep their values in ``params``.
    params : PressureParams, optional
        Starting values and the fixed parameters (the defaults if omitted).
    ties : DataFrame, optional
        The record (see :func:`replay`); the packaged one if omitted.
    starts : int, default 4
        Number of starting points, 1 to 64: ``params`` and ``starts - 1`` random
        points in the bounds (least squares on this model has local minima).
    seed : int, default 0
        Seed of the random starting points.

    Returns
    -------
    FitResult

    Raises
    ------
    ValueError, TypeError
        For an unknown parameter name, a training period outside the record or
        shorter than 3 years, or a malformed record.

    Notes
    -----
    This course's own teaching model. Minimises the squared difference between
    :func:`replay` and the recorded tie over the training years with
    ``scipy.optimize.least_squares`` (trust-region reflective, within
    ``FIT_BOUNDS``), keeping the best of the starts. The years after the
    training period are predicted with the US ties as recorded: an
    out-of-sample test of the Russia–China equation, not of US policy.

    Examples
    --------
    >>> res = fit_record(free=("lam", "gamma"), starts=1)
    >>> res.rmse_train < 0.2
    True
    """
    from scipy.optimize import least_squares

    names = tuple(free)
    if not names or len(set(names)) != len(names):
        raise ValueError("free must name at least one parameter, each once")
    for name in names:
        if name not in FIT_BOUNDS:
            raise ValueError(f"cannot fit {name!r}; expected names from: {', '.join(FIT_BOUNDS)}")
    starts = check_integer(starts, "starts", minimum=1, maximum=64)
    p0 = _params(params)
    years, values = _record(ties)
    if len(train) != 2:
        raise ValueError("train must be a pair (first year, last year)")
    first, last = (check_integer(int(y), "train year") for y in train)
    if not (years[0] <= first < last <= years[-1]) or last - first < 2:
        raise ValueError(
            f"train must lie inside the record ({years[0]}-{years[-1]}) and span at least 3 years"
        )
    i0, i1 = int(np.searchsorted(years, first)), int(np.searchsorted(years, last)) + 1
    drivers, observed = values[:, :2], values[:, 2]
    lo = np.array([FIT_BOUNDS[n][0] for n in names])
    hi = np.array([FIT_BOUNDS[n][1] for n in names])

    def with_values(x: NDArray[np.float64]) -> PressureParams:
        values: dict[str, Any] = {n: float(v) for n, v in zip(names, x, strict=True)}
        return dataclasses.replace(p0, **values)

    def residuals(x: NDArray[np.float64]) -> NDArray[np.float64]:
        path = _path(with_values(x), drivers[i0:i1], float(observed[i0]))
        return path - observed[i0:i1]

    rng = np.random.default_rng(seed)
    x_start = np.clip([getattr(p0, n) for n in names], lo, hi)
    candidates = [x_start] + [rng.uniform(lo, hi) for _ in range(starts - 1)]
    best = min(
        (least_squares(residuals, x, bounds=(lo, hi), method="trf") for x in candidates),
        key=lambda sol: float(sol.cost),
    )
    fitted = with_values(best.x)
    modelled = _path(fitted, drivers, float(observed[0]))
    test = slice(i1, None)
    persistence = np.full(len(observed[test]), observed[i1 - 1])
    return FitResult(
        params=fitted,
        free=names,
        years=years,
        observed=observed,
        modelled=modelled,
        train=(first, last),
        rmse_train=_rmse(modelled[i0:i1], observed[i0:i1]),
        rmse_test=_rmse(modelled[test], observed[test]),
        rmse_train_persistence=_rmse(np.full(i1 - i0, observed[i0]), observed[i0:i1]),
        rmse_test_persistence=_rmse(persistence, observed[test]),
    )
