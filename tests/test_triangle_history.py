"""Tests for lukin_course.triangle: the coded triangle by period, with sources."""

from __future__ import annotations

import pytest

from lukin_course.triangle import US, StrategicTriangle, historical_triangles


@pytest.fixture(scope="module")
def history():
    return historical_triangles()


def test_history_has_the_contract_columns(history):
    assert list(history.columns[:13]) == [
        "period", "start_year", "end_year", "us_russia", "us_china", "russia_china",
        "configuration", "interpretation", "note", "source_title", "source_publisher",
        "source_year", "source_url",
    ]  # fmt: skip


def test_history_comes_through_the_data_loader_with_citations(history):
    titles = {c["title"] for c in history.attrs["citations"]}
    assert set(history["source_title"]) == titles
    assert any(c["url"] == "https://doi.org/10.2307/2010133" for c in history.attrs["citations"])


def test_history_configurations_follow_from_the_signs(history):
    for row in history.itertuples():
        t = StrategicTriangle.from_signs(
            int(row.us_russia), int(row.us_china), int(row.russia_china)
        )
        assert t.configuration == row.configuration, row.period


def test_history_rows_are_sourced_ordered_and_flagged(history):
    assert set(history["interpretation"]) <= {"yes", "no"}
    for col in ("period", "note", "source_title", "source_publisher"):
        assert history[col].astype(str).str.strip().str.len().gt(0).all(), col
    assert history["source_year"].between(1979, 2025).all()
    assert (history["start_year"] <= history["end_year"]).all()
    # periods are in order and do not overlap
    assert (
        history["start_year"].iloc[1:].to_numpy() > history["end_year"].iloc[:-1].to_numpy()
    ).all()
    urls = [u for u in history["source_url"].fillna("").astype(str) if u.strip()]
    assert urls and all(u.startswith("https://") for u in urls)


def test_history_cold_war_codings_follow_dittmer(history):
    # Dittmer (1981): the 1950s Sino-Soviet alliance was a stable marriage against the US,
    # and Nixon's opening to China made the US the pivot of a romantic triangle.
    cold_war = history[history["end_year"] <= 1985]
    assert cold_war["source_title"].str.contains("Strategic Triangle").all()
    first = history.iloc[0]
    assert (first.start_year, first.configuration) == (1949, "stable_marriage")
    nixon = history[history["start_year"] == 1972].iloc[0]
    t = StrategicTriangle.from_signs(
        int(nixon.us_russia), int(nixon.us_china), int(nixon.russia_china)
    )
    assert t.pivot == US


def test_history_latest_period_is_the_pattern_the_essay_argues(history):
    # Lukin (2018), claim C8: US pressure on both -> Russia-China stable marriage, US outcast.
    last = history.iloc[-1]
    t = StrategicTriangle.from_signs(
        int(last.us_russia), int(last.us_china), int(last.russia_china)
    )
    assert t.roles[US] == "outcast" and last.interpretation == "yes"
