"""Polarity: capability shares, their concentration, and whether a coalition matches the leader.

How is power distributed among the great powers, and does a coalition of the
weaker ones -- Russia and China -- add up to a counterweight to the leader
(claims C7, C12, C13)?

* :func:`capability_shares` turns indicators (GDP, military spending,
  population ...) into each country's share of the system's total per year,
  and averages them into a composite index in the manner of the Correlates of
  War CINC score (Singer, Bremer & Stuckey 1972). The CINC proper uses six
  indicators; using three (or two) is this course's simplification.
  :func:`capability_frame` assembles the packaged SIPRI and World Bank data
  into the tidy frame :func:`capability_shares` takes.

* :func:`concentration` is the Ray & Singer (1973) concentration index CON;
  :func:`hhi` the Herfindahl-Hirschman sum of squared shares;
  :func:`concentration_by_year` applies either year by year.
* :func:`coalition_ratio` and :func:`balances` compare a coalition's combined
  share with the leader's, year by year.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"country": ["A", "B"], "year": [2000, 2000],
...                       "gdp": [3.0, 1.0], "military_expenditure": [1.0, 1.0]})
>>> shares = capability_shares(frame, indicators=("gdp", "military_expenditure"))
>>> round(concentration(shares["composite"]), 2)
0.25

References
----------
[ray1973measuring] [singer1972capability] [waltz1979theory] [sipri2024milex]
[worldbank2021wdi]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ._validation import (
    as_finite_array,
    check_choice,
    check_columns,
    check_names,
    check_positive,
)

__all__ = [
    "DEFAULT_INDICATORS",
    "balances",
    "capability_frame",
    "capability_shares",
    "coalition_ratio",
    "concentration",
    "concentration_by_year",
    "hhi",
]


#: The indicators :func:`capability_shares` uses by default.
DEFAULT_INDICATORS = ("gdp", "military_expenditure", "population")

# indicator name -> (packaged dataset, value column)
_PACKAGED = {
    "gdp": ("gdp", "value_usd_bn"),
    "military_expenditure": ("military_spending", "value_usd_bn"),
    "population": ("population", "value_millions"),
}


def _as_tuple(indicators: Any) -> Any:
    return (indicators,) if isinstance(indicators, str) else indicators  # one indicator


def capability_shares(
    frame: pd.DataFrame, indicators: Sequence[str] = DEFAULT_INDICATORS
) -> pd.DataFrame:
    """Each country's share of every indicator per year, and their mean.

    Parameters
    ----------
    frame : pandas.DataFrame
        Tidy data with columns ``country``, ``year`` and one column per indicator
        (one row per country-year), or long data with columns ``country``,
        ``year``, ``indicator`` and ``value``. Values must be finite and
        non-negative; each indicator must have a positive total in every year.
    indicators : sequence of str, default ``("gdp", "military_expenditure", "population")``
        The indicators to use.

    Returns
    -------
    pandas.DataFrame
        Columns ``country``, ``year``, one share column per indicator and
        ``composite`` (the unweighted mean of the shares), sorted by year and
        country. Shares in each year sum to 1 over the countries present.

    Raises
    ------
    TypeError
        If ``frame`` is not a DataFrame.
    ValueError
        If a column is missing, a value is NaN or negative, a country-year
        appears twice, or an indicator totals zero in some year.

    Notes
    -----
    For country :math:`i`, indicator :math:`k` and year :math:`t`,
    :math:`s_{ikt} = x_{ikt} / \\sum_j x_{jkt}` and the composite is
    :math:`c_{it} = \\frac{1}{K} \\sum_k s_{ikt}` -- the construction of the
    Composite Index of National Capability (from the literature,
    [singer1972capability]), here over whichever indicators are given. Shares
    are relative to the countries in ``frame``, not to the whole world, and do
    not depend on the units of any indicator.

    References
    ----------
    [singer1972capability]

    Examples
    --------
    >>> import pandas as pd
    >>> long = pd.DataFrame({"country": ["A", "B", "A", "B"], "year": [1990] * 4,
    ...                      "indicator": ["gdp", "gdp", "population", "population"],
    ...                      "value": [1.0, 1.0, 30.0, 10.0]})
    >>> capability_shares(long, indicators=("gdp", "population"))
      country  year  gdp  population  composite
    0       A  1990  0.5        0.75      0.625
    1       B  1990  0.5        0.25      0.375
    """
    names = check_names(_as_tuple(indicators), "indicators", what="indicator")
    check_columns(frame, "frame", ("country", "year"))
    wide = frame
    if not set(names) <= set(frame.columns) and {"indicator", "value"} <= set(frame.columns):
        wide = frame.pivot_table(
            index=["country", "year"], columns="indicator", values="value", aggfunc="first"
        ).reset_index()
        wide.columns.name = None
    for name in names:
        if name not in wide.columns:
            raise ValueError(f"frame is missing the indicator column {name!r}")
    if wide.empty:
        raise ValueError("frame has no rows")
    data = wide[["country", "year", *names]].copy()
    if data.duplicated(["country", "year"]).any():
        raise ValueError("frame must have one row per country and year (duplicates found)")
    for name in names:
        values = pd.to_numeric(data[name], errors="coerce")
        if values.isna().any():
            raise ValueError(f"indicator {name!r} has missing or non-numeric values (NaN)")
        if not np.all(np.isfinite(values)):
            raise ValueError(f"indicator {name!r} must be finite")
        if (values < 0).any():
            raise ValueError(f"indicator {name!r} must be non-negative")
        # divided by the year's largest value first, so raw figures of any size sum safely
        largest = values.groupby(data["year"]).transform("max")
        if (largest <= 0).any():
            years = sorted(data.loc[largest <= 0, "year"].unique().tolist())
            raise ValueError(f"indicator {name!r} totals zero in years {years}")
        scaled = values / largest
        data[name] = scaled / scaled.groupby(data["year"]).transform("sum")
    data["composite"] = data[list(names)].mean(axis=1)
    return data.sort_values(["year", "country"]).reset_index(drop=True)


def capability_frame(
    countries: Sequence[str] = ("United States", "Russia", "China"),
    indicators: Sequence[str] = ("gdp", "military_expenditure"),
) -> pd.DataFrame:
    """Tidy capability data for ``countries`` from the packaged datasets.

    Keeps only years in which every country has every indicator, so that
    shares are comparable across years. With the packaged data that means 2014,
    2017, 2018 and 2021 for GDP and military spending of the United States, Russia
    and China, and 2010-2024 (ten years) for military spending alone (population is
    packaged for 2020 only).

    Parameters
    ----------
    countries : sequence of str
        At least two country names as spelled in the datasets.
    indicators : sequence of str
        Any of ``"gdp"`` (World Bank, US$ bn), ``"military_expenditure"`` (SIPRI,
        US$ bn) and ``"population"`` (World Bank, millions).

    Returns
    -------
    pandas.DataFrame
        Columns ``country``, ``year`` and one column per indicator.

    Raises
    ------
    ValueError
        If an indicator or country is unknown, or no year is complete.

    Notes
    -----
    Military spending is SIPRI's figure as first published for each year and GDP
    the World Bank's current-US$ figure; both are nominal, so compare shares, not
    levels, across years.

    References
    ----------
    [sipri2024milex], [worldbank2021wdi]

    Examples
    --------
    >>> frame = capability_frame()
    >>> sorted(frame["year"].unique().tolist())
    [2014, 2017, 2018, 2021]
    >>> round(float(coalition_ratio(capability_shares(frame, ("gdp", "military_expenditure")),
    ...                             ["Russia", "China"], "United States").loc[2021]), 2)
    0.62
    """
    from .data import load_dataset

    names = check_names(_as_tuple(indicators), "indicators", what="indicator", known=_PACKAGED)
    wanted = list(check_names(countries, "countries", what="country", minimum=2))
    merged: pd.DataFrame | None = None
    for name in names:
        dataset, value = _PACKAGED[name]
        table = load_dataset(dataset)[["country", "year", value]].rename(columns={value: name})
        merged = table if merged is None else merged.merge(table, on=["country", "year"])
    assert merged is not None
    check_names(wanted, "countries", what="country", known=merged["country"])
    merged = merged[merged["country"].isin(wanted)]
    counts = merged.groupby("year")["country"].nunique()
    complete = counts[counts == len(wanted)].index
    if len(complete) == 0:  # pragma: no cover - every packaged pair shares a year today
        raise ValueError(f"no year has {list(names)} for all of {wanted}")
    out = merged[merged["year"].isin(complete)]
    return out.sort_values(["year", "country"]).reset_index(drop=True)


def _normalised(shares: Any) -> np.ndarray:
    # raw capabilities of any size are accepted: dividing by the largest first keeps
    # the sum inside floating point
    arr = as_finite_array(shares, "shares", ndim=1, max_abs=None)
    if arr.size < 2:
        raise ValueError(f"shares must hold at least 2 actors, got {arr.size}")
    if np.any(arr < 0):
        raise ValueError("shares must be non-negative")
    largest = float(arr.max())
    if largest <= 0:
        raise ValueError("shares must have a positive sum")
    scaled = arr / largest
    return np.asarray(scaled / scaled.sum(), dtype=float)


def hhi(shares: ArrayLike) -> float:
    """Herfindahl-Hirschman index: the sum of squared shares.

    Parameters
    ----------
    shares : array-like of float
        Shares or raw capabilities of at least two actors (normalised to sum to 1).

    Returns
    -------
    float
        :math:`\\sum_i s_i^2`, between :math:`1/N` (equal shares) and 1 (monopoly).

    Raises
    ------
    ValueError
        If fewer than two actors, a negative or non-finite value, or a zero total.

    Notes
    -----
    A standard measure of concentration (from the literature); Ray & Singer's CON
    is its rescaling to [0, 1], see :func:`concentration`.

    References
    ----------
    [ray1973measuring]

    Examples
    --------
    >>> hhi([0.5, 0.5])
    0.5
    >>> hhi([3, 1])
    0.625
    """
    s = _normalised(shares)
    return float(np.sum(s**2))


def concentration(shares: ArrayLike) -> float:
    """Ray & Singer's concentration index CON.

    Parameters
    ----------
    shares : array-like of float
        Shares or raw capabilities of the :math:`N \\ge 2` actors of a system
        (normalised to sum to 1).

    Returns
    -------
    float
        CON in [0, 1]: 0 when all actors hold equal shares, 1 when one holds all.

    Raises
    ------
    ValueError
        If fewer than two actors, a negative or non-finite value, or a zero total.

    Notes
    -----
    .. math:: \\mathrm{CON} = \\sqrt{\\frac{\\sum_i s_i^2 - 1/N}{1 - 1/N}}

    From the literature [ray1973measuring]. With shares (0.5, 0.3, 0.2):
    :math:`\\sum s^2 = 0.38`, so CON = sqrt((0.38 - 1/3) / (2/3)) = sqrt(0.07) ≈ 0.2646.

    References
    ----------
    [ray1973measuring]

    Examples
    --------
    >>> concentration([1, 1, 1])
    0.0
    >>> concentration([1, 0, 0])
    1.0
    >>> round(concentration([0.5, 0.3, 0.2]), 4)
    0.2646
    """
    s = _normalised(shares)
    n = s.size
    value = (float(np.sum(s**2)) - 1.0 / n) / (1.0 - 1.0 / n)
    return float(np.sqrt(min(max(value, 0.0), 1.0)))


def concentration_by_year(
    shares: pd.DataFrame, column: str = "composite", measure: str = "con"
) -> pd.Series:
    """CON (or HHI) of one share column, year by year.

    Parameters
    ----------
    shares : pandas.DataFrame
        The output of :func:`capability_shares`.
    column : str, default "composite"
        Which share column to measure.
    measure : {"con", "hhi"}, default "con"

    Returns
    -------
    pandas.Series
        Indexed by year.

    Raises
    ------
    ValueError
        If a column is missing or ``measure`` is unknown.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"country": ["A", "B", "A", "B"], "year": [1, 1, 2, 2],
    ...                       "gdp": [1.0, 1.0, 1.0, 0.0]})
    >>> concentration_by_year(capability_shares(frame, ("gdp",))).tolist()
    [0.0, 1.0]
    """
    data = check_columns(
        shares, "shares (the frame from capability_shares)", ("country", "year", column)
    )
    functions = {"con": concentration, "hhi": hhi}
    func = functions[check_choice(measure, "measure", functions)]
    as_finite_array(data[column], f"shares[{column!r}]", ndim=1, max_size=None, max_abs=None)
    result = data.groupby("year")[column].apply(lambda s: func(s.to_numpy()))
    result.name = measure
    return result


def coalition_ratio(
    shares: pd.DataFrame,
    coalition: Iterable[str],
    leader: str,
    column: str = "composite",
) -> pd.Series:
    """Combined share of a coalition divided by the leader's share, by year.

    Parameters
    ----------
    shares : pandas.DataFrame
        The output of :func:`capability_shares`.
    coalition : iterable of str
        Member countries, e.g. ``("Russia", "China")``.
    leader : str
        The leading power, e.g. ``"United States"``; must not be in the coalition.
    column : str, default "composite"
        Which share column to compare.

    Returns
    -------
    pandas.Series
        Indexed by year; only years in which the leader and every member appear.
        A value of 1 or more means the coalition matches the leader.

    Raises
    ------
    ValueError
        If the coalition is empty, names a country absent from ``shares``,
        contains the leader, or no year holds all of them.

    Notes
    -----
    The ratio :math:`\\sum_{i \\in C} s_i / s_L`: a simple teaching measure of
    balancing by aggregation (this course's own), read against Waltz's and
    Walt's balancing arguments.

    References
    ----------
    [waltz1979theory]

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"country": ["US", "RU", "CN"], "year": [2020] * 3,
    ...                       "gdp": [2.0, 0.5, 1.0]})
    >>> coalition_ratio(capability_shares(frame, ("gdp",)), ["RU", "CN"], "US").tolist()
    [0.75]
    """
    data = check_columns(
        shares, "shares (the frame from capability_shares)", ("country", "year", column)
    )
    members = list(check_names(coalition, "coalition", what="country", known=data["country"]))
    (leader,) = check_names([leader], "leader", what="country", known=data["country"])
    if leader in members:
        raise ValueError(f"leader {leader!r} must not be a member of the coalition")
    as_finite_array(data[column], f"shares[{column!r}]", ndim=1, max_size=None, max_abs=None)
    table = data.pivot_table(index="year", columns="country", values=column, aggfunc="first")
    table = table.reindex(columns=[*members, leader]).dropna()
    if table.empty:
        raise ValueError("no year has data for the leader and every coalition member")
    if (table[leader] <= 0).any():
        raise ValueError(f"leader {leader!r} has a zero share in some year")
    table = table / float(table.to_numpy().max())  # the ratio is scale-free; sums stay finite
    ratio = table[members].sum(axis=1) / table[leader]
    ratio.name = "coalition_ratio"
    return ratio


def balances(
    shares: pd.DataFrame,
    coalition: Iterable[str],
    leader: str,
    column: str = "composite",
    threshold: float = 1.0,
) -> pd.Series:
    """Whether the coalition's combined share reaches ``threshold`` × the leader's.

    Parameters
    ----------
    shares, coalition, leader, column
        As for :func:`coalition_ratio`.
    threshold : float, default 1.0
        Positive; 1 means parity with the leader.

    Returns
    -------
    pandas.Series of bool
        Indexed by year.

    Raises
    ------
    ValueError
        As for :func:`coalition_ratio`, or if ``threshold`` is not positive.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"country": ["US", "RU", "CN"] * 2,
    ...                       "year": [2000] * 3 + [2020] * 3,
    ...                       "gdp": [10.0, 0.3, 1.2, 21.0, 1.5, 14.7]})
    >>> balances(capability_shares(frame, ("gdp",)), ["RU", "CN"], "US").tolist()
    [False, False]
    >>> balances(capability_shares(frame, ("gdp",)), ["RU", "CN"], "US", threshold=0.5).tolist()
    [False, True]
    """
    level = check_positive(threshold, "threshold")
    result = coalition_ratio(shares, coalition, leader, column=column) >= level
    result.name = "balances"
    return result
