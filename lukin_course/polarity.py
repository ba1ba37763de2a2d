"""Polarity: how concentrated capabilities are, and whether a coalition matches the leader.

How is power distributed among the great powers, and does a coalition of the
weaker ones -- Russia and China -- add up to a counterweight to the leader
(claims C7, C12, C13)? The functions here take the capability shares made by
:func:`~lukin_course.capabilities.capability_shares` (re-exported here, with
:func:`~lukin_course.capabilities.capability_frame` and
``DEFAULT_INDICATORS``).

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
[ray1973measuring] [singer1972capability] [waltz1979theory]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from ._validation import as_finite_array, check_choice, check_positive
from .capabilities import DEFAULT_INDICATORS, capability_frame, capability_shares

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


def _normalised(shares: Any) -> np.ndarray:
    arr = as_finite_array(shares, "shares", ndim=1)
    if arr.size < 2:
        raise ValueError(f"shares must hold at least 2 actors, got {arr.size}")
    if np.any(arr < 0):
        raise ValueError("shares must be non-negative")
    total = float(arr.sum())
    if total <= 0:
        raise ValueError("shares must have a positive sum")
    return np.asarray(arr / total, dtype=float)


def hhi(shares: Any) -> float:
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


def concentration(shares: Any) -> float:
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


def _check_shares_frame(shares: Any, column: str) -> pd.DataFrame:
    if not isinstance(shares, pd.DataFrame):
        raise TypeError(
            f"shares must be the DataFrame from capability_shares, got {type(shares).__name__}"
        )
    if not isinstance(column, str):
        raise TypeError(f"column must be a column name (str), got {type(column).__name__}")
    for name in ("country", "year", column):
        if name not in shares.columns:
            raise ValueError(f"shares is missing the column {name!r}")
    return shares


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
    data = _check_shares_frame(shares, column)
    functions = {"con": concentration, "hhi": hhi}
    func = functions[check_choice(measure, "measure", functions)]
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
    data = _check_shares_frame(shares, column)
    if isinstance(coalition, str):
        raise TypeError("coalition must be a collection of country names, not one string")
    members = list(dict.fromkeys(coalition))
    if not members:
        raise ValueError("coalition must name at least one country")
    if not isinstance(leader, str):
        raise TypeError(f"leader must be a country name (str), got {type(leader).__name__}")
    known = set(data["country"])
    unknown = [c for c in [*members, leader] if c not in known]
    if unknown:
        raise ValueError(
            f"unknown country {unknown[0]!r} in coalition/leader; known: {sorted(known)}"
        )
    if leader in members:
        raise ValueError(f"leader {leader!r} must not be a member of the coalition")
    table = data.pivot_table(index="year", columns="country", values=column, aggfunc="first")
    table = table[[*members, leader]].dropna()
    if table.empty:
        raise ValueError("no year has data for the leader and every coalition member")
    if (table[leader] <= 0).any():
        raise ValueError(f"leader {leader!r} has a zero share in some year")
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
