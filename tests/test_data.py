"""Tests for lukin_course.data: every packaged row is sourced and well-formed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lukin_course.data import (
    SOURCE_COLUMNS,
    check_dataset,
    cite,
    describe,
    list_datasets,
    load_dataset,
)

OWN = (
    "census",
    "gdp",
    "military_spending",
    "population",
    "relations",
    "timeline",
    "trade",
    "trade_shares",
)


def test_list_datasets_names_every_contract_dataset():
    assert list_datasets() == sorted(
        [
            "census",
            "gdp",
            "military_spending",
            "population",
            "relations",
            "timeline",
            "trade",
            "trade_shares",
            "triangles",
        ]
    )
    assert "triangles.csv" not in describe("triangles")
    assert "strategic triangles" in describe("triangles")


@pytest.mark.parametrize("name", OWN)
def test_every_row_has_a_source(name):
    frame = load_dataset(name)
    for column in (*SOURCE_COLUMNS, "verified"):
        assert column in frame.columns
    assert (frame["source_title"].str.strip() != "").all()
    assert (frame["source_publisher"].str.strip() != "").all()
    assert frame["source_year"].between(1945, 2030).all()
    assert set(frame["verified"]) <= {"yes", "no"}
    assert frame.attrs["description"] == describe(name)


@pytest.mark.parametrize("name", OWN)
def test_citations_are_unique_and_complete(name):
    frame = load_dataset(name)
    citations = frame.attrs["citations"]
    keys = [(c["title"], c["publisher"], c["year"], c["url"]) for c in citations]
    assert len(keys) == len(set(keys))
    assert len(keys) == len(
        frame[["source_title", "source_publisher", "source_year", "source_url"]].drop_duplicates()
    )
    for c in citations:
        assert set(c) == {"title", "publisher", "year", "url"}
        assert isinstance(c["year"], int)
        assert c["url"] is None or c["url"].startswith("http")
    text = cite(name)
    assert len(text.splitlines()) == len(citations)
    assert citations[0]["title"] in text


def test_trade_schema_and_published_figures():
    trade = load_dataset("trade")
    assert pd.api.types.is_integer_dtype(trade["year"])
    assert pd.api.types.is_float_dtype(trade["value_usd_bn"])
    assert (trade["value_usd_bn"] > 0).all()
    assert set(trade["reporter"]) == {"Chinese customs", "Russian customs"}
    assert not trade.duplicated(["year", "reporter"]).any()
    chinese = trade[trade["reporter"] == "Chinese customs"].set_index("year")["value_usd_bn"]
    # One series: Chinese customs give 95.28 bn for 2014 (annual release, up 6.8 % on 89.21)
    # and 68.0 bn for 2015 (Ministry of Commerce, August 2016; 2016 = 69.525, up 2.2 %), a
    # fall of about 28.6 %, not the 33 % that a preliminary TASS figure (64.2) suggested.
    assert chinese[2015] == pytest.approx(68.0)
    assert chinese[2015] < chinese[2014] == chinese.loc[2008:2016].max()
    assert 1 - chinese[2015] / chinese[2014] == pytest.approx(0.286, abs=0.001)
    assert chinese[2014] / chinese[2013] == pytest.approx(1.068, abs=0.001)
    assert chinese[2016] / chinese[2015] == pytest.approx(1.022, abs=0.001)
    # C1: trade in 2023 was more than ten times that of 2003 (Chinese customs)
    assert chinese[2023] / chinese[2003] > 10
    russian = trade[trade["reporter"] == "Russian customs"].set_index("year")["value_usd_bn"]
    assert russian[2010] == pytest.approx(59.34)


def test_census_counts_and_estimates_are_kept_apart():
    census = load_dataset("census")
    counts = census[census["kind"] == "census"].set_index("year")["chinese_in_russia"]
    # Rosstat: 34,577 (2002), 28,943 (2010), 19,644 (2021) people of Chinese ethnicity
    assert counts.to_dict() == {2002: 34577, 2010: 28943, 2021: 19644}
    estimates = census[census["kind"] == "estimate"]
    assert len(estimates) >= 1
    assert estimates["chinese_in_russia"].isna().all()
    assert (estimates["estimate_low"] < estimates["estimate_high"]).all()
    assert set(census["kind"]) == {"census", "estimate"}
    # C5: even the low expert estimate is several times any census count
    assert estimates["estimate_low"].min() > 5 * counts.max()


def test_military_spending_schema_and_figures():
    milex = load_dataset("military_spending")
    assert not milex.duplicated(["country", "year"]).any()
    assert (milex["value_usd_bn"] > 0).all()
    assert set(milex["source_publisher"]) == {"Stockholm International Peace Research Institute"}
    table = milex.set_index(["country", "year"])["value_usd_bn"]
    # SIPRI, first published: 2023 US 916, China 296, Russia 109 (US$ bn)
    assert table[("United States", 2023)] == 916
    assert table[("China", 2023)] == 296
    assert table[("Russia", 2023)] == 109
    # SIPRI background paper (April 2011): 2010 US 698, China 119, Russia 58.7 (US$ bn)
    assert (table[("United States", 2010)], table[("China", 2010)]) == (698, 119)
    assert table[("Russia", 2010)] == pytest.approx(58.7)
    # SIPRI, Trends in World Military Expenditure 2018 and 2019 (fact sheets)
    assert (table[("United States", 2018)], table[("China", 2018)]) == (649, 250)
    assert table[("United States", 2019)] == 732 and table[("China", 2019)] == 261
    assert table[("Russia", 2019)] == pytest.approx(65.1)
    # a series over 2010-2024 for all three powers, every row read in a source
    years = milex.groupby("year")["country"].apply(set)
    complete = [y for y, c in years.items() if {"United States", "China", "Russia"} <= c]
    assert len(complete) >= 10 and min(complete) <= 2010 and max(complete) >= 2024
    assert set(milex["verified"]) == {"yes"}


def test_gdp_and_population_schema_and_figures():
    gdp = load_dataset("gdp")
    assert not gdp.duplicated(["country", "year"]).any()
    table = gdp.set_index(["country", "year"])["value_usd_bn"]
    # World Bank WDI 1 July 2021: US 20,936.6; China 14,722.7; Russia 1,483.5 (US$ bn)
    assert table[("United States", 2020)] == pytest.approx(20936.6)
    assert table[("China", 2020)] == pytest.approx(14722.7)
    assert table[("Russia", 2020)] == pytest.approx(1483.5)
    # World Bank GDP ranking 2014 (2015 release): US 17,419; China 10,360; Russia 1,860
    assert [table[(c, 2014)] for c in ("United States", "China", "Russia")] == [
        17419,
        10360,
        1860,
    ]
    # unchanged figures that the lessons and assignments use
    assert table[("United States", 2021)] == pytest.approx(23315.1)
    # World Bank WDI: Russia 2017 about 1,578.6 bn (not the press rounding of 1,500)
    assert table[("China", 2017)] == 12240 and table[("Russia", 2017)] == pytest.approx(1578.6)
    coarse = gdp[gdp["note"].str.contains("coarse")]
    assert set(coarse["year"]) == {2018}  # rounded press figures are flagged
    population = load_dataset("population")
    assert (population["value_millions"] > 0).all()
    assert set(population["year"]) == {2020}
    assert set(gdp["source_publisher"]) == set(population["source_publisher"]) == {"World Bank"}


def test_timeline_schema():
    timeline = load_dataset("timeline")
    dates = pd.to_datetime(timeline["date"], format="%Y-%m-%d")
    assert (dates.dt.year == timeline["year"]).all()
    assert dates.is_monotonic_increasing
    assert (timeline["event"].str.len() > 10).all()
    assert (timeline["actors"].str.len() > 0).all()
    assert dates.iloc[0].year == 1972 and dates.iloc[-1] == pd.Timestamp("2022-02-04")


def test_triangles_is_registered_with_its_schema():
    frame = load_dataset("triangles")
    for column in (
        "period",
        "start_year",
        "end_year",
        "us_russia",
        "us_china",
        "russia_china",
        "configuration",
        "interpretation",
        *SOURCE_COLUMNS,
    ):
        assert column in frame.columns
    for column in ("us_russia", "us_china", "russia_china"):
        assert set(frame[column]) <= {-1, 1}


# --- the schema check fails when a row loses its source --------------------------------


@pytest.mark.parametrize("name", OWN)
def test_check_rejects_a_row_without_source(name):
    frame = load_dataset(name)
    broken = frame.copy()
    broken.loc[broken.index[0], "source_title"] = "  "
    with pytest.raises(ValueError, match=f"dataset '{name}': empty source_title in rows \\[0\\]"):
        check_dataset(broken, name)
    dropped = frame.drop(columns="source_publisher")
    with pytest.raises(ValueError, match="missing columns \\['source_publisher'\\]"):
        check_dataset(dropped, name)
    no_year = frame.copy()
    no_year.loc[no_year.index[-1], "source_year"] = None
    with pytest.raises(ValueError, match="source_year must be a whole year"):
        check_dataset(no_year, name)


def test_check_rejects_bad_values():
    trade = load_dataset("trade")
    with pytest.raises(ValueError, match="value_usd_bn must be positive; bad rows \\[2\\]"):
        check_dataset(
            trade.assign(value_usd_bn=trade["value_usd_bn"].where(trade.index != 2, -1)), "trade"
        )
    with pytest.raises(ValueError, match="year must be a whole year"):
        check_dataset(trade.assign(year=trade["year"].where(trade.index != 0, 1850)), "trade")
    with pytest.raises(ValueError, match="verified must be 'yes' or 'no'"):
        check_dataset(trade.assign(verified="maybe"), "trade")
    with pytest.raises(ValueError, match="no rows"):
        check_dataset(trade.iloc[0:0], "trade")
    with pytest.raises(TypeError, match="DataFrame"):
        check_dataset(trade.to_dict(), "trade")


def test_unknown_names_are_rejected_clearly():
    with pytest.raises(ValueError, match="unknown dataset 'gpd'; expected one of: census, gdp"):
        load_dataset("gpd")
    with pytest.raises(ValueError, match="unknown dataset"):
        cite("nope")
    with pytest.raises(ValueError, match="unknown dataset"):
        describe("nope")
    with pytest.raises(TypeError, match="name must be a dataset name"):
        load_dataset(3)


def test_loading_returns_a_fresh_copy():
    first = load_dataset("trade")
    first.loc[0, "value_usd_bn"] = -5.0
    assert load_dataset("trade").loc[0, "value_usd_bn"] > 0


# --- the relations series the pressure model is fitted to -----------------------------------


def test_relations_by_year_tiles_1992_to_2023():
    from lukin_course.data import relations_by_year

    ties = relations_by_year()
    assert list(ties.columns) == ["us_russia", "us_china", "russia_china"]
    assert list(ties.index) == list(range(1992, 2024))
    assert set(np.unique(ties.to_numpy())) <= {-1.0, -0.5, 0.0, 0.5, 1.0}
    assert ties.attrs["citations"]
    # Events named in the rows: the 2022 invasion, the 2018 tariffs, Peace Mission 2005.
    assert ties.loc[2022, "us_russia"] == -1.0
    assert ties.loc[2018, "us_china"] == -0.5
    assert ties.loc[2004, "russia_china"] == 0.5 and ties.loc[2005, "russia_china"] == 1.0
    # The course's own triangles code 1992-2013 as all friendly; the yearly levels are
    # non-negative there for the Russia-China tie but not for both US ties in every year.
    early = ties.loc[1992:2013]
    assert (early["russia_china"] > 0).all()
    assert (early[["us_russia", "us_china"]] < 0).any().all()


def test_relations_check_rejects_gaps_and_bad_levels():
    frame = load_dataset("relations")
    with pytest.raises(ValueError, match="level must be one of"):
        check_dataset(frame.assign(level=frame["level"].where(frame.index != 3, 0.7)), "relations")
    with pytest.raises(ValueError, match="dyad must be one of"):
        check_dataset(
            frame.assign(dyad=frame["dyad"].where(frame.index != 0, "us_india")), "relations"
        )
    gap = frame.drop(index=frame.index[1])
    with pytest.raises(ValueError, match="without gaps or overlaps"):
        check_dataset(gap, "relations")


def test_checked_dates_and_the_census_caveat():
    timeline = load_dataset("timeline").set_index("date")
    # Reuters, 21 July 2008: Yang Jiechi and Lavrov sign the additional protocol in Beijing
    assert "2008-07-21" in timeline.index and "2008-10-14" not in timeline.index
    # PA-X records: 16 May 1991 (eastern section), 3 Sep 1994 (western section)
    assert {"1991-05-16", "1994-09-03", "2004-10-14"} <= set(timeline.index)
    assert timeline.loc["2008-07-21", "verified"] == "yes"
    # CAATSA passed Congress in July 2017 and became law on 2 August 2017
    assert "July 2017" in timeline.loc["2017-08-02", "note"]
    census = load_dataset("census").set_index("year")
    # Rosstat via Izvestia: 11.3 % recorded no ethnicity in 2021, about 4 % in 2010
    assert "11.3%" in census.loc[2021, "note"] and "about 4%" in census.loc[2021, "note"]
