"""Tests for lukin_course.polarity (CON, HHI, coalitions; capability names re-exported)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lukin_course.polarity import (
    balances,
    capability_frame,
    capability_shares,
    coalition_ratio,
    concentration,
    concentration_by_year,
    hhi,
)

SETTINGS = settings(max_examples=50, deadline=None)


def _frame(values: dict[str, list[float]], countries=("A", "B", "C"), year=2000) -> pd.DataFrame:
    return pd.DataFrame({"country": list(countries), "year": [year] * len(countries), **values})


# --- hand-computed cases ----------------------------------------------------------


def test_equal_shares_give_zero_concentration():
    assert concentration([1, 1, 1, 1]) == 0.0
    assert hhi([2, 2, 2, 2]) == pytest.approx(0.25)


def test_monopoly_gives_full_concentration():
    assert concentration([5, 0, 0]) == 1.0
    assert hhi([0, 7]) == 1.0


def test_three_actor_case_by_hand():
    # shares 0.5, 0.3, 0.2: sum of squares 0.25 + 0.09 + 0.04 = 0.38;
    # CON = sqrt((0.38 - 1/3) / (1 - 1/3)) = sqrt(0.07)
    assert hhi([0.5, 0.3, 0.2]) == pytest.approx(0.38)
    assert concentration([0.5, 0.3, 0.2]) == pytest.approx(math.sqrt(0.07))
    # raw capabilities give the same answer as shares
    assert concentration([50, 30, 20]) == pytest.approx(math.sqrt(0.07))


def test_two_actor_con_equals_share_gap():
    # for N = 2, CON = |s1 - s2| (a known property of Ray & Singer's index)
    assert concentration([0.8, 0.2]) == pytest.approx(0.6)


def test_shares_are_within_year():
    frame = pd.concat(
        [_frame({"gdp": [1.0, 1.0, 2.0]}, year=1990), _frame({"gdp": [9.0, 0.5, 0.5]}, year=2000)]
    )
    shares = capability_shares(frame, ["gdp"])
    sums = shares.groupby("year")["gdp"].sum()
    assert sums.tolist() == pytest.approx([1.0, 1.0])
    con = concentration_by_year(shares)
    assert list(con.index) == [1990, 2000]
    assert con.loc[2000] > con.loc[1990]
    h = concentration_by_year(shares, measure="hhi")
    assert h.loc[1990] == pytest.approx(0.375)


def test_coalition_ratio_and_balances_by_hand():
    frame = pd.concat(
        [
            _frame({"gdp": [4.0, 1.0, 1.0]}, countries=("US", "RU", "CN"), year=2000),
            _frame({"gdp": [2.0, 1.0, 1.5]}, countries=("US", "RU", "CN"), year=2020),
        ]
    )
    shares = capability_shares(frame, ("gdp",))
    ratio = coalition_ratio(shares, ("RU", "CN"), "US")
    assert ratio.loc[2000] == pytest.approx(0.5)
    assert ratio.loc[2020] == pytest.approx(1.25)
    assert balances(shares, ("RU", "CN"), "US").tolist() == [False, True]
    assert balances(shares, ["RU", "CN"], "US", threshold=0.4).tolist() == [True, True]


# --- invariants -------------------------------------------------------------------


positive = st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False)


@SETTINGS
@given(st.lists(positive, min_size=2, max_size=8))
def test_con_and_hhi_in_range(values):
    n = len(values)
    con = concentration(values)
    h = hhi(values)
    assert 0.0 <= con <= 1.0
    assert 1.0 / n - 1e-12 <= h <= 1.0 + 1e-12
    assert con == pytest.approx(math.sqrt(max((h - 1 / n) / (1 - 1 / n), 0.0)), abs=1e-9)


@SETTINGS
@given(st.permutations([0.5, 0.2, 0.2, 0.1]))
def test_concentration_is_order_free(perm):
    assert concentration(perm) == pytest.approx(concentration([0.5, 0.2, 0.2, 0.1]))


# --- bad input --------------------------------------------------------------------


def test_concentration_rejects_bad_input():
    with pytest.raises(ValueError, match="non-negative"):
        concentration([0.5, -0.1, 0.6])
    with pytest.raises(ValueError, match="finite"):
        concentration([0.5, float("nan")])
    with pytest.raises(ValueError, match="at least 2"):
        hhi([1.0])
    with pytest.raises(ValueError, match="positive sum"):
        hhi([0.0, 0.0])
    with pytest.raises(ValueError, match="1-dimensional"):
        concentration([[0.5, 0.5]])


def test_coalition_functions_reject_bad_input():
    shares = capability_shares(
        _frame({"gdp": [4.0, 1.0, 1.0]}, countries=("US", "RU", "CN")), ("gdp",)
    )
    with pytest.raises(ValueError, match="unknown country 'India'"):
        coalition_ratio(shares, ["RU", "India"], "US")
    with pytest.raises(ValueError, match="unknown country 'EU'"):
        coalition_ratio(shares, ["RU"], "EU")
    with pytest.raises(ValueError, match="must not be a member"):
        coalition_ratio(shares, ["RU", "US"], "US")
    with pytest.raises(ValueError, match="at least one"):
        coalition_ratio(shares, [], "US")
    with pytest.raises(TypeError, match="not one string"):
        coalition_ratio(shares, "RU", "US")
    with pytest.raises(TypeError, match="leader"):
        coalition_ratio(shares, ["RU"], 3)
    with pytest.raises(TypeError, match="capability_shares"):
        coalition_ratio(shares.to_dict(), ["RU"], "US")
    with pytest.raises(TypeError, match="column"):
        coalition_ratio(shares, ["RU"], "US", column=1)
    with pytest.raises(ValueError, match="column 'gdp_ppp'"):
        coalition_ratio(shares, ["RU"], "US", column="gdp_ppp")
    with pytest.raises(ValueError, match="threshold must be positive"):
        balances(shares, ["RU"], "US", threshold=0)
    with pytest.raises(ValueError, match="unknown measure"):
        concentration_by_year(shares, measure="gini")


def test_coalition_needs_common_years_and_nonzero_leader():
    frame = pd.DataFrame(
        {"country": ["US", "RU", "US", "CN"], "year": [1, 1, 2, 2], "gdp": [1.0, 1.0, 1.0, 1.0]}
    )
    shares = capability_shares(frame, ("gdp",))
    with pytest.raises(ValueError, match="no year has data"):
        coalition_ratio(shares, ["RU", "CN"], "US")
    zero = capability_shares(
        _frame({"gdp": [0.0, 1.0, 1.0]}, countries=("US", "RU", "CN")), ("gdp",)
    )
    with pytest.raises(ValueError, match="zero share"):
        coalition_ratio(zero, ["RU", "CN"], "US")


# === capability shares and the packaged capability data ===================================

CAP_SETTINGS = settings(max_examples=50, deadline=None)


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
    with pytest.raises(ValueError, match="at least 2"):
        capability_frame(("China",))
    with pytest.raises(TypeError, match="countries"):
        capability_frame("China")


# --- invariants ----------------------------------------------------------------------


# --- invariants -------------------------------------------------------------------


positive = st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False)


@CAP_SETTINGS
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
