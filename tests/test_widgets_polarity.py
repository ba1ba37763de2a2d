"""Tests of the polarity explorer of lukin_course.widgets."""

from __future__ import annotations

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import ipywidgets as w
import pandas as pd
import pytest

from lukin_course import polarity, widgets


def _direct(members: list[str], indicators: tuple[str, ...], column: str) -> pd.Series:
    frame = polarity.capability_frame(("United States", *members), indicators=indicators)
    shares = polarity.capability_shares(frame, indicators=indicators)
    return polarity.coalition_ratio(shares, members, "United States", column=column)


def test_polarity_explorer_is_exported_and_shows_the_model() -> None:
    ex = widgets.polarity_explorer()
    assert "polarity_explorer" in widgets.__all__
    assert isinstance(ex, widgets.Explorer) and isinstance(ex.widget, w.Box)
    assert set(ex.controls) == {"russia", "china", "india", "indicator", "threshold"}
    assert ex.result["coalition"] == ["Russia", "China"]
    assert ex.png[:4] == b"\x89PNG"
    # Russia + China stay short of parity with the United States in every year (C12)
    assert not ex.result["balances"].any()
    assert "Russia + China" in ex.summary.value and "falls short" in ex.summary.value


@pytest.mark.parametrize(
    ("members", "indicator", "indicators", "column"),
    [
        (["Russia", "China"], "composite", ("gdp", "military_expenditure"), "composite"),
        (["Russia", "China", "India"], "gdp", ("gdp",), "gdp"),
        (["China"], "military_expenditure", ("military_expenditure",), "military_expenditure"),
    ],
)
def test_output_equals_a_direct_library_call(members, indicator, indicators, column) -> None:
    ex = widgets.polarity_explorer(coalition=members, indicator=indicator, threshold=0.45)
    expected = _direct(members, indicators, column)
    pd.testing.assert_series_equal(ex.result["ratio"], expected)
    balanced = polarity.balances(
        polarity.capability_shares(
            polarity.capability_frame(("United States", *members), indicators=indicators),
            indicators=indicators,
        ),
        members,
        "United States",
        column=column,
        threshold=0.45,
    )
    pd.testing.assert_series_equal(ex.result["balances"], balanced)


def test_changing_a_control_changes_the_output_and_the_alt_text() -> None:
    ex = widgets.polarity_explorer()
    png, alt, figure = ex.png, ex.alt, ex.figure
    ex.controls["threshold"].value = 0.5  # what a drag of the slider does
    assert ex.result["balances"].all()
    assert ex.png != png and ex.alt != alt and ex.figure is figure
    assert "reached in 2014, 2017, 2018, 2021" in ex.alt
    ex.controls["indicator"].value = "military_expenditure"
    assert ex.result["ratio"].index.min() == 2010  # the longer SIPRI series
    assert not ex.result["balances"].any()  # under half the US level in every year
    ex.controls["india"].value = True
    assert ex.result["coalition"] == ["Russia", "China", "India"]
    assert "Russia + China + India" in ex.alt and "Russia + China + India" in ex.summary.value
    line = next(ln for ln in ex.axes[0].lines if ln.get_gid() == "ratio")
    assert list(line.get_ydata()) == pytest.approx(list(ex.result["ratio"].values))


def test_the_threshold_line_and_markers_follow_the_result() -> None:
    ex = widgets.polarity_explorer(indicator="military_expenditure", threshold=0.45)
    lines = {ln.get_gid(): ln for ln in ex.axes[0].lines}
    assert list(lines["threshold"].get_ydata()) == [0.45, 0.45]
    hits = ex.result["balances"]
    assert 0 < hits.sum() < len(hits)  # some years above 0.45, some below
    assert list(lines["yes"].get_xdata()) == list(hits[hits].index)
    assert list(lines["no"].get_xdata()) == list(hits[~hits].index)


def test_an_empty_coalition_is_shown_not_raised() -> None:
    ex = widgets.polarity_explorer().update(russia=False, china=False)
    assert ex.result["coalition"] == [] and ex.result["ratio"] is None
    assert "at least one" in ex.summary.value
    assert ex.alt.startswith("Empty line chart")
    ex.update(china=True)
    assert ex.result["coalition"] == ["China"] and ex.result["ratio"] is not None


def test_update_rejects_bad_input_with_clear_errors() -> None:
    ex = widgets.polarity_explorer()
    with pytest.raises(ValueError, match=r"unknown control.*brazil"):
        ex.update(brazil=True)
    with pytest.raises(ValueError, match=r"threshold must lie in \[0.1, 1.5\]"):
        ex.update(threshold=2.0)
    with pytest.raises(TypeError, match="threshold must be a number"):
        ex.update(threshold="high")
    with pytest.raises(TypeError, match="india must be True or False"):
        ex.update(india=1)
    with pytest.raises(ValueError, match="indicator must be one of"):
        ex.update(indicator="steel")


def test_factory_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="unknown coalition member 'Brazil'"):
        widgets.polarity_explorer(coalition=("Brazil",))
    with pytest.raises(TypeError, match="coalition must be a collection"):
        widgets.polarity_explorer(coalition="Russia")
    with pytest.raises(ValueError, match="indicator must be one of"):
        widgets.polarity_explorer(indicator="population")
    with pytest.raises(ValueError, match="threshold must lie"):
        widgets.polarity_explorer(threshold=0.0)
    assert {"russia", "china", "india"} <= set(widgets.polarity_explorer().controls)
