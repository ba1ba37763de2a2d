"""The essay's evidence as small, sourced datasets.

Every dataset is a CSV file shipped inside the package. Every row names its
source (``source_title``, ``source_publisher``, ``source_year``,
``source_url`` where known) and says whether the figure was read in that
source (``verified`` = ``"yes"``) or still awaits a check (``"no"``), with a
``note`` on anything a reader should know (rounding, revisions, ranges).

=====================  ==================================================================
``trade``              China–Russia trade turnover by year, US$ bn, by reporting customs
``census``             ethnic Chinese counted in Russian censuses, plus expert estimates
``military_spending``  SIPRI military expenditure, current US$ bn, as first published
``gdp``                World Bank WDI GDP, current US$ bn
``population``         World Bank WDI total population, millions (2020 only so far)
``timeline``           dated Sino-Russian and US events
``triangles``          historical US–Russia–China strategic triangles (see ``triangle``)
``relations``          the three ties year by year, 1992–2023, coded from dated events
                       (:func:`relations_by_year` gives the yearly series)
``trade_shares``       each state's trade with the United States and with its partner, as
                       a share of its total goods trade (the pressure model's profiles)
=====================  ==================================================================

References
----------
[sipri2024milex], [worldbank2021wdi], [rosstat2004census2002], [rosstat2012census2010],
[rosstat2022census2020], [gelbras2001chinese]

Examples
--------
>>> from lukin_course.data import list_datasets, load_dataset
>>> "trade" in list_datasets()
True
>>> trade = load_dataset("trade")
>>> float(trade.loc[trade["year"] == 2014, "value_usd_bn"].iloc[0])
95.28
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

import pandas as pd

__all__ = [
    "SOURCE_COLUMNS",
    "check_dataset",
    "cite",
    "describe",
    "list_datasets",
    "load_dataset",
    "relations_by_year",
]

#: Columns every row of every dataset must carry.
SOURCE_COLUMNS = ("source_title", "source_publisher", "source_year", "source_url", "note")

_YEAR_RANGE = (1945, 2030)


@dataclass(frozen=True)
class _Spec:
    filename: str
    description: str
    columns: tuple[str, ...]  # required besides SOURCE_COLUMNS
    numeric: tuple[str, ...] = ()  # must be > 0 where present
    year_column: str | None = "year"
    verified: bool = True  # carries a yes/no ``verified`` column


_SPECS: dict[str, _Spec] = {
    "trade": _Spec(
        "trade.csv",
        "China–Russia trade turnover (exports plus imports) by year in US$ bn, as reported "
        "by Chinese customs and, where both exist, by Russian customs.",
        ("year", "value_usd_bn", "reporter", "approximate"),
        numeric=("value_usd_bn",),
    ),
    "census": _Spec(
        "census.csv",
        "People of Chinese ethnicity counted in Russian censuses (Rosstat), with expert "
        "estimates of all Chinese present in Russia as separate rows (kind = 'estimate', "
        "given as a low-high range, not a count).",
        ("year", "kind", "chinese_in_russia", "estimate_low", "estimate_high"),
        numeric=("chinese_in_russia", "estimate_low", "estimate_high"),
    ),
    "military_spending": _Spec(
        "military_spending.csv",
        "Military expenditure in current US$ bn from the SIPRI Military Expenditure "
        "Database, as first published for each year (SIPRI revises earlier years later).",
        ("country", "year", "value_usd_bn"),
        numeric=("value_usd_bn",),
    ),
    "gdp": _Spec(
        "gdp.csv",
        "Gross domestic product in current US$ bn from the World Bank's World Development "
        "Indicators (release named in each row).",
        ("country", "year", "value_usd_bn"),
        numeric=("value_usd_bn",),
    ),
    "population": _Spec(
        "population.csv",
        "Total mid-year population in millions from the World Bank's World Development "
        "Indicators (only 2020 so far).",
        ("country", "year", "value_millions"),
        numeric=("value_millions",),
    ),
    "timeline": _Spec(
        "timeline.csv",
        "Dated events in Sino-Russian relations and in US policy towards both, from the "
        "Nixon opening of 1972 to the joint statement of February 2022.",
        ("date", "year", "event", "actors", "category"),
    ),
    "triangles": _Spec(
        "triangles.csv",
        "Historical US–Russia–China strategic triangles by period: the sign of each tie "
        "(+1 amity, -1 enmity), Dittmer's configuration, and whether the coding is an "
        "interpretation.",
        (
            "period",
            "start_year",
            "end_year",
            "us_russia",
            "us_china",
            "russia_china",
            "configuration",
            "interpretation",
        ),
        year_column="start_year",
        verified=False,
    ),
    "relations": _Spec(
        "relations.csv",
        "The US–Russia, US–China and Russia–China relations, 1992–2023, as episodes "
        "(dyad, first and last year) with a level on the course's five-step scale "
        "(-1, -0.5, 0, +0.5, +1) coded from the dated events named in each row: +1 a "
        "partnership with regular joint military exercises, +0.5 a declared partnership "
        "or regular summits without them, 0 working relations with a serious dispute, "
        "-0.5 sanctions, suspended cooperation or open rivalry, -1 sweeping sanctions and "
        "confrontation through the other's adversary at war. The scale and the levels are "
        "this course's own judgement, not a published coding; the events are the evidence, "
        "and verified = 'yes' marks the rows whose events were checked against the source "
        "named in the row.",
        ("dyad", "start_year", "end_year", "level", "events"),
        year_column="start_year",
    ),
    "trade_shares": _Spec(
        "trade_shares.csv",
        "Russia's and China's goods trade with the United States and with each other as a "
        "percentage of each one's total goods trade, from each country's own customs "
        "statistics as reported (the series and period are named in each row's note). The "
        "pressure model's actor profiles are computed from these shares and the gdp dataset.",
        ("country", "partner", "year", "share_percent", "approximate"),
        numeric=("share_percent",),
    ),
}

#: The three ties of the relations dataset, in the pressure model's order.
_DYADS = ("us_russia", "us_china", "russia_china")

_TEXT_COLUMNS = (
    "source_title",
    "source_publisher",
    "source_url",
    "note",
    "verified",
    "reporter",
    "approximate",
    "kind",
    "country",
    "date",
    "event",
    "actors",
    "category",
    "period",
    "configuration",
    "interpretation",
    "dyad",
    "events",
    "partner",
)


def list_datasets() -> list[str]:
    """Return the names of the packaged datasets, sorted.

    Returns
    -------
    list of str
        Names accepted by :func:`load_dataset`, :func:`describe` and :func:`cite`.

    Examples
    --------
    >>> list_datasets()  # doctest: +NORMALIZE_WHITESPACE
    ['census', 'gdp', 'military_spending', 'population', 'relations', 'timeline',
     'trade', 'trade_shares', 'triangles']
    """
    return sorted(_SPECS)


def _spec(name: Any) -> _Spec:
    if not isinstance(name, str):
        raise TypeError(f"name must be a dataset name (str), got {type(name).__name__}")
    if name not in _SPECS:
        raise ValueError(f"unknown dataset {name!r}; expected one of: {', '.join(list_datasets())}")
    return _SPECS[name]


def describe(name: str) -> str:
    """Return a one-paragraph description of dataset ``name``.

    Parameters
    ----------
    name : str
        A name from :func:`list_datasets`.

    Returns
    -------
    str
        What the rows are, in which units, and from which kind of source.

    Raises
    ------
    ValueError
        If ``name`` is not a packaged dataset (the message lists the valid names).

    Examples
    --------
    >>> describe("gdp").startswith("Gross domestic product")
    True
    """
    return _spec(name).description


def _read(spec: _Spec) -> pd.DataFrame:
    path = resources.files(__name__).joinpath(spec.filename)
    try:
        with path.open("r", encoding="utf-8") as handle:
            frame = pd.read_csv(handle, keep_default_na=False, na_values=[""])
    except FileNotFoundError as exc:  # pragma: no cover - only if the package is broken
        raise FileNotFoundError(
            f"the data file {spec.filename} is missing from the package"
        ) from exc
    for column in _TEXT_COLUMNS:
        if column in frame.columns:
            frame[column] = frame[column].astype("object").fillna("").astype(str)
    return frame


def check_dataset(frame: pd.DataFrame, name: str) -> None:
    """Check that ``frame`` meets the schema of dataset ``name``.

    Every row must carry a non-empty source title, publisher and year (the URL may
    be empty when not known); years must lie in a plausible range; the dataset's
    numeric value columns must be positive where present; ``verified`` must be
    ``"yes"`` or ``"no"``.

    Parameters
    ----------
    frame : pandas.DataFrame
        A frame as returned by :func:`load_dataset` (or one a student built to the
        same layout).
    name : str
        The dataset whose schema applies.

    Raises
    ------
    TypeError
        If ``frame`` is not a DataFrame.
    ValueError
        Naming the dataset, the column and the offending rows.

    Examples
    --------
    >>> frame = load_dataset("census")
    >>> check_dataset(frame, "census")
    >>> broken = frame.assign(source_publisher="")
    >>> check_dataset(broken, "census")
    Traceback (most recent call last):
    ...
    ValueError: dataset 'census': empty source_publisher in rows [0, 1, 2, 3]
    """
    spec = _spec(name)
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    required = (*spec.columns, *SOURCE_COLUMNS, *(("verified",) if spec.verified else ()))
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ValueError(f"dataset {name!r}: missing columns {missing}")
    if frame.empty:
        raise ValueError(f"dataset {name!r}: no rows")
    for column in ("source_title", "source_publisher"):
        text = frame[column].fillna("").astype(str).str.strip()
        bad = list(frame.index[text == ""])
        if bad:
            raise ValueError(f"dataset {name!r}: empty {column} in rows {bad}")
    low, high = _YEAR_RANGE
    year_columns = ["source_year"] + ([spec.year_column] if spec.year_column else [])
    for column in year_columns:
        years = pd.to_numeric(frame[column], errors="coerce")
        bad = list(frame.index[years.isna() | (years < low) | (years > high) | (years % 1 != 0)])
        if bad:
            raise ValueError(
                f"dataset {name!r}: {column} must be a whole year in [{low}, {high}]; "
                f"bad rows {bad}"
            )
    for column in spec.numeric:
        values = pd.to_numeric(frame[column], errors="coerce")
        present = frame[column].notna()
        bad = list(frame.index[present & ~(values > 0)])
        if bad:
            raise ValueError(f"dataset {name!r}: {column} must be positive; bad rows {bad}")
    if name == "relations":
        _check_relations(frame)
    if spec.verified:
        bad = list(frame.index[~frame["verified"].isin(["yes", "no"])])
        if bad:
            raise ValueError(f"dataset {name!r}: verified must be 'yes' or 'no'; bad rows {bad}")


def _check_relations(frame: pd.DataFrame) -> None:
    """Levels on the five-step scale; episodes of each dyad tile the years without gaps."""
    levels = pd.to_numeric(frame["level"], errors="coerce")
    bad = list(frame.index[~levels.isin([-1.0, -0.5, 0.0, 0.5, 1.0])])
    if bad:
        raise ValueError(
            f"dataset 'relations': level must be one of -1, -0.5, 0, 0.5, 1; bad rows {bad}"
        )
    bad = list(frame.index[~frame["dyad"].isin(_DYADS)])
    if bad:
        raise ValueError(f"dataset 'relations': dyad must be one of {list(_DYADS)}; bad rows {bad}")
    for dyad, group in frame.groupby("dyad", sort=False):
        ordered = group.sort_values("start_year")
        starts = ordered["start_year"].astype(int).tolist()
        ends = ordered["end_year"].astype(int).tolist()
        if any(e < s for s, e in zip(starts, ends, strict=True)) or any(
            nxt != end + 1 for end, nxt in zip(ends[:-1], starts[1:], strict=True)
        ):
            raise ValueError(
                f"dataset 'relations': the episodes of {dyad} must follow each other year "
                "by year without gaps or overlaps"
            )


def relations_by_year() -> pd.DataFrame:
    """The three relations year by year, from the episodes of the ``relations`` dataset.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``year`` (1992–2023), columns ``us_russia``, ``us_china`` and
        ``russia_china`` with levels in ``[-1, 1]``; ``attrs["citations"]`` and
        ``attrs["description"]`` as in :func:`load_dataset`.

    Notes
    -----
    Each episode's level is repeated for every year from ``start_year`` to
    ``end_year``. The levels are this course's coding of the dated events in each
    row (an interpretation, marked as such in the dataset's description); they are
    the series the pressure model is fitted to.

    References
    ----------
    [dittmer1981strategic]

    Examples
    --------
    >>> ties = relations_by_year()
    >>> ties.loc[1992].tolist(), ties.loc[2022].tolist()
    ([0.5, 0.0, 0.5], [-1.0, -0.5, 1.0])
    """
    episodes = load_dataset("relations")
    columns = {}
    for dyad in _DYADS:
        rows = episodes[episodes["dyad"] == dyad]
        years = {
            year: float(level)
            for start, end, level in zip(
                rows["start_year"].astype(int),
                rows["end_year"].astype(int),
                rows["level"].astype(float),
                strict=True,
            )
            for year in range(start, end + 1)
        }
        columns[dyad] = pd.Series(years, dtype=float)
    frame = pd.DataFrame(columns).sort_index()
    frame.index.name = "year"
    if frame.isna().any().any():
        raise ValueError("dataset 'relations': the three dyads must cover the same years")
    frame.attrs.update(episodes.attrs)
    return frame


def _citations(frame: pd.DataFrame) -> list[dict[str, Any]]:
    seen: dict[tuple[str, str, int, str], None] = {}
    columns = [frame[c].tolist() for c in ("source_title", "source_publisher", "source_year")]
    for title, publisher, year, url in zip(*columns, frame["source_url"].tolist(), strict=True):
        seen.setdefault((str(title), str(publisher), int(year), str(url)), None)
    ordered = sorted(seen, key=lambda k: (k[2], k[1], k[0]))
    return [
        {"title": title, "publisher": publisher, "year": year, "url": url or None}
        for title, publisher, year, url in ordered
    ]


def load_dataset(name: str) -> pd.DataFrame:
    """Load a packaged dataset as a DataFrame with its sources attached.

    Parameters
    ----------
    name : str
        A name from :func:`list_datasets`.

    Returns
    -------
    pandas.DataFrame
        One row per observation. ``frame.attrs["citations"]`` lists the unique
        sources as dicts with keys ``title``, ``publisher``, ``year`` and ``url``
        (``None`` when not known); ``frame.attrs["description"]`` says what the data are.

    Raises
    ------
    TypeError
        If ``name`` is not a string.
    ValueError
        If ``name`` is unknown (the message lists the valid names), or if the file
        fails the schema check of :func:`check_dataset`.

    Notes
    -----
    Figures are stored as read in the named source; where sources disagree the
    row's ``note`` says so, and an unchecked figure has ``verified == "no"``.

    References
    ----------
    [sipri2024milex], [worldbank2021wdi], [rosstat2012census2010]

    Examples
    --------
    >>> milex = load_dataset("military_spending")
    >>> sorted(milex["country"].unique())
    ['China', 'India', 'Russia', 'United States']
    >>> milex.attrs["citations"][0]["publisher"]
    'Stockholm International Peace Research Institute'
    >>> load_dataset("trades")
    Traceback (most recent call last):
    ...
    ValueError: unknown dataset 'trades'; expected one of: census, gdp, ...
    """
    spec = _spec(name)
    frame = _read(spec)
    check_dataset(frame, name)
    frame.attrs["description"] = spec.description
    frame.attrs["citations"] = _citations(frame)
    return frame


def cite(name: str) -> str:
    """Return a formatted citation of every source behind dataset ``name``.

    Parameters
    ----------
    name : str
        A name from :func:`list_datasets`.

    Returns
    -------
    str
        One line per source, ``Publisher (year). Title. URL``, oldest first.

    Raises
    ------
    ValueError
        If ``name`` is unknown.

    Examples
    --------
    >>> print(cite("population"))
    World Bank (2021). World Development Indicators: Population 2020 (ranking table). https://databank.worldbank.org/data/download/POP.pdf
    """
    lines = []
    for source in load_dataset(name).attrs["citations"]:
        line = f"{source['publisher']} ({source['year']}). {source['title']}."
        if source["url"]:
            line += f" {source['url']}"
        lines.append(line)
    return "\n".join(lines)
