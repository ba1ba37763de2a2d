"""Capability data: the packaged indicators and each country's share of them.

* :func:`capability_shares` turns indicators (GDP, military spending,
  population ...) into each country's share of the system's total per year,
  and averages them into a composite index in the manner of the Correlates of
  War CINC score (Singer, Bremer & Stuckey 1972). The CINC proper uses six
  indicators; using three (or two) is this course's simplification.
* :func:`capability_frame` assembles the packaged SIPRI and World Bank data
  into the tidy frame :func:`capability_shares` takes.

The concentration and coalition measures computed from these shares are in
:mod:`lukin_course.polarity`, which also re-exports every name here.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"country": ["A", "B"], "year": [2000, 2000],
...                       "gdp": [3.0, 1.0], "military_expenditure": [1.0, 1.0]})
>>> capability_shares(frame, indicators=("gdp", "military_expenditure"))
  country  year   gdp  military_expenditure  composite
0       A  2000  0.75                   0.5      0.625
1       B  2000  0.25                   0.5      0.375

References
----------
[singer1972capability] [sipri2024milex] [worldbank2021wdi]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._validation import check_choice

__all__ = ["DEFAULT_INDICATORS", "capability_frame", "capability_shares"]

#: The indicators :func:`capability_shares` uses by default.
DEFAULT_INDICATORS = ("gdp", "military_expenditure", "population")

# indicator name -> (packaged dataset, value column)
_PACKAGED = {
    "gdp": ("gdp", "value_usd_bn"),
    "military_expenditure": ("military_spending", "value_usd_bn"),
    "population": ("population", "value_millions"),
}


def _check_indicators(indicators: Any) -> tuple[str, ...]:
    if isinstance(indicators, str):
        indicators = (indicators,)
    try:
        names = tuple(indicators)
    except TypeError as exc:
        raise TypeError("indicators must be a sequence of column names") from exc
    if not names or not all(isinstance(n, str) for n in names):
        raise ValueError("indicators must be a non-empty sequence of column names (str)")
    if len(set(names)) != len(names):
        raise ValueError(f"indicators must not repeat a name, got {names}")
    return names


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
    names = _check_indicators(indicators)
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    for column in ("country", "year"):
        if column not in frame.columns:
            raise ValueError(f"frame is missing the column {column!r}")
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
        totals = values.groupby(data["year"]).transform("sum")
        if (totals <= 0).any():
            years = sorted(data.loc[totals <= 0, "year"].unique().tolist())
            raise ValueError(f"indicator {name!r} totals zero in years {years}")
        data[name] = values / totals
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
    >>> from lukin_course.polarity import coalition_ratio
    >>> frame = capability_frame()
    >>> sorted(frame["year"].unique().tolist())
    [2014, 2017, 2018, 2021]
    >>> round(float(coalition_ratio(capability_shares(frame, ("gdp", "military_expenditure")),
    ...                             ["Russia", "China"], "United States").loc[2021]), 2)
    0.62
    """
    from .data import load_dataset

    names = _check_indicators(indicators)
    for name in names:
        check_choice(name, "indicator", _PACKAGED)
    if isinstance(countries, str):
        raise TypeError("countries must be a sequence of country names, not one string")
    wanted = list(dict.fromkeys(countries))
    if len(wanted) < 2:
        raise ValueError("countries must name at least two countries")
    merged: pd.DataFrame | None = None
    for name in names:
        dataset, value = _PACKAGED[name]
        table = load_dataset(dataset)[["country", "year", value]].rename(columns={value: name})
        merged = table if merged is None else merged.merge(table, on=["country", "year"])
    assert merged is not None
    known = set(merged["country"])
    unknown = [c for c in wanted if c not in known]
    if unknown:
        raise ValueError(
            f"unknown country {unknown[0]!r} for indicators {list(names)}; known: {sorted(known)}"
        )
    merged = merged[merged["country"].isin(wanted)]
    counts = merged.groupby("year")["country"].nunique()
    complete = counts[counts == len(wanted)].index
    if len(complete) == 0:  # pragma: no cover - every packaged pair shares a year today
        raise ValueError(f"no year has {list(names)} for all of {wanted}")
    out = merged[merged["year"].isin(complete)]
    return out.sort_values(["year", "country"]).reset_index(drop=True)
