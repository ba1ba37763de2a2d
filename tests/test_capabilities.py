"""Tests for lukin_course.capabilities (capability shares and the packaged capability data)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lukin_course.capabilities import capability_frame, capability_shares
from lukin_course.polarity import balances, concentration, hhi

SETTINGS = settings(max_examples=50, deadline=None)


def _frame(values: dict[str, list[float]], countries=("A", "B", "C"), year=2000) -> pd.DataFrame:
    return pd.DataFrame({"country": list(countries), "year": [year] * len(countries), **values})


# --- hand-computed cases ----------------------------------------------------------


def test_capability_shares_by_hand():
    frame = _frame({"gdp": [6.0, 3.0, 1.0], "military_expenditure": [1.0, 1.0, 2.0]})
    shares = capability_shares(frame, ("gdp", "military_expenditure"))
    assert shares["gdp"].tolist() == pytest.approx([0.6, 0.3, 0.1])
    assert shares["military_expenditure"].tolist() == pytest.approx([0.25, 0.25, 0.5])
    assert shares["composite"].tolist() == pytest.approx([0.425, 0.275, 0.3])


def test_capability_shares_default_indicators_and_long_form():
    wide = _frame(
        {
            "gdp": [2.0, 1.0, 1.0],
            "military_expenditure": [1.0, 1.0, 2.0],
            "population": [1.0, 2.0, 1.0],
        }
    )
    long = wide.melt(id_vars=["country", "year"], var_name="indicator", value_name="value")
    a = capability_shares(wide)
    b = capability_shares(long)
    pd.testing.assert_frame_equal(a, b)
    assert a["composite"].tolist() == pytest.approx([1 / 3, 1 / 3, 1 / 3])


def test_packaged_capability_frame_reproduces_sources():
    # SIPRI (first published): US 801, China 293, Russia 65.9 US$ bn in 2021;
    # World Bank WDI GDP 2021: US 23,315.1, China 17,734.1, Russia 1,778.8 US$ bn.
    frame = capability_frame()
    row = frame[(frame["year"] == 2021) & (frame["country"] == "Russia")].iloc[0]
    assert row["military_expenditure"] == pytest.approx(65.9)
    assert row["gdp"] == pytest.approx(1778.8)
    shares = capability_shares(frame, ("gdp", "military_expenditure"))
    us = shares[(shares["year"] == 2021) & (shares["country"] == "United States")].iloc[0]
    expected_milex = 801 / (801 + 293 + 65.9)
    expected_gdp = 23315.1 / (23315.1 + 17734.1 + 1778.8)
    assert us["military_expenditure"] == pytest.approx(expected_milex)
    assert us["composite"] == pytest.approx((expected_milex + expected_gdp) / 2)
    # Russia + China stay well short of the United States in both years (C12/C13)
    assert not balances(shares, ["Russia", "China"], "United States").any()


def test_capability_frame_population_and_errors():
    frame = capability_frame(("United States", "China"), ("gdp", "population"))
    assert frame["year"].unique().tolist() == [2020]
    with pytest.raises(ValueError, match="unknown indicator 'steel'"):
        capability_frame(indicators=("gdp", "steel"))
    with pytest.raises(ValueError, match="unknown country 'Atlantis'"):
        capability_frame(("United States", "Atlantis"))
    with pytest.raises(ValueError, match="at least two"):
        capability_frame(("China",))
    with pytest.raises(TypeError, match="countries"):
        capability_frame("China")


# --- invariants ----------------------------------------------------------------------


# --- invariants -------------------------------------------------------------------


positive = st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False)


@SETTINGS
@given(
    st.lists(positive, min_size=3, max_size=3),
    st.lists(positive, min_size=3, max_size=3),
    positive,
    positive,
)
def test_shares_sum_to_one_and_ignore_units(gdp, milex, scale_gdp, scale_milex):
    frame = _frame({"gdp": gdp, "military_expenditure": milex})
    shares = capability_shares(frame, ("gdp", "military_expenditure"))
    for column in ("gdp", "military_expenditure", "composite"):
        assert shares[column].sum() == pytest.approx(1.0)
        assert (shares[column] >= 0).all()
    rescaled = frame.assign(
        gdp=frame["gdp"] * scale_gdp,
        military_expenditure=frame["military_expenditure"] * scale_milex,
    )
    again = capability_shares(rescaled, ("gdp", "military_expenditure"))
    np.testing.assert_allclose(again["composite"], shares["composite"], rtol=1e-9)
    # CON takes a square root, so rounding near 0 is amplified: compare HHI tightly, CON loosely
    assert hhi(again["composite"]) == pytest.approx(hhi(shares["composite"]), rel=1e-9)
    assert concentration(again["composite"]) == pytest.approx(
        concentration(shares["composite"]), abs=1e-6
    )


# --- bad input --------------------------------------------------------------------


def test_capability_shares_rejects_bad_input():
    good = _frame({"gdp": [1.0, 2.0, 3.0]})
    with pytest.raises(TypeError, match="DataFrame"):
        capability_shares({"gdp": [1.0]}, ("gdp",))
    with pytest.raises(ValueError, match="indicator column 'population'"):
        capability_shares(good, ("gdp", "population"))
    with pytest.raises(ValueError, match="column 'year'"):
        capability_shares(good.drop(columns="year"), ("gdp",))
    with pytest.raises(ValueError, match="negative"):
        capability_shares(good.assign(gdp=[1.0, -2.0, 3.0]), ("gdp",))
    with pytest.raises(ValueError, match="NaN"):
        capability_shares(good.assign(gdp=[1.0, np.nan, 3.0]), ("gdp",))
    with pytest.raises(ValueError, match="finite"):
        capability_shares(good.assign(gdp=[1.0, np.inf, 3.0]), ("gdp",))
    with pytest.raises(ValueError, match="totals zero"):
        capability_shares(good.assign(gdp=[0.0, 0.0, 0.0]), ("gdp",))
    with pytest.raises(ValueError, match="duplicates"):
        capability_shares(pd.concat([good, good]), ("gdp",))
    with pytest.raises(ValueError, match="no rows"):
        capability_shares(good.iloc[0:0], ("gdp",))
    with pytest.raises(ValueError, match="non-empty"):
        capability_shares(good, ())
    with pytest.raises(ValueError, match="repeat"):
        capability_shares(good, ("gdp", "gdp"))
    with pytest.raises(TypeError, match="indicators"):
        capability_shares(good, 5)
    # a single string is accepted as one indicator
    assert capability_shares(good, "gdp")["gdp"].sum() == pytest.approx(1.0)
