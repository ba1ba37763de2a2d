"""Tests of lukin_course.pressure: parameters, named policies, stances."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lukin_course.pressure import (
    CHINA_PROFILE,
    POLICIES,
    PROFILE_BOUNDS,
    RUSSIA_PROFILE,
    ActorProfile,
    PressureParams,
    policy_stances,
)

# --- parameters -----------------------------------------------------------------------------


def test_defaults_are_the_rounded_fit_to_the_record():
    # fit_record(train=(1992, 2013), starts=8, seed=1) to six decimals (test_pressure_fit checks
    # that they are a least-squares optimum).
    p = PressureParams()
    assert (p.alpha, p.lam, p.beta, p.kappa, p.gamma, p.delta, p.eta, p.epsilon) == (
        0.5,
        0.67601,
        0.076313,
        0.541703,
        3.841459,
        1.720925,
        3.061319,
        5.144406,
    )
    assert p.russia is RUSSIA_PROFILE and p.china is CHINA_PROFILE


@pytest.mark.parametrize(
    ("profile", "country"), [(RUSSIA_PROFILE, "Russia"), (CHINA_PROFILE, "China")]
)
def test_shipped_profiles_are_the_sourced_data_rounded(profile, country):
    # The literals are ActorProfile.from_data rounded to four decimals (the gdp and
    # trade_shares datasets).
    data = ActorProfile.from_data(country)
    assert data.name == country
    assert profile.capability == pytest.approx(data.capability, abs=1e-4)
    assert profile.us_dependence == pytest.approx(data.us_dependence, abs=1e-9)
    assert profile.partner_dependence == pytest.approx(data.partner_dependence, abs=1e-9)


def test_profiles_from_data_reject_unknown_countries_and_years():
    with pytest.raises(ValueError, match="Russia' or 'China"):
        ActorProfile.from_data("India")
    with pytest.raises(ValueError, match="1990"):
        ActorProfile.from_data("Russia", year=1990)


def test_fields_match_the_equations_by_hand():
    # h_i = beta u_r u_c + (kappa p_i - delta) c_j + gamma m_i - epsilon (1 - p_i) d_i
    p = PressureParams(
        beta=2.0,
        kappa=0.6,
        gamma=3.0,
        delta=0.1,
        epsilon=5.0,
        russia=ActorProfile("Russia", 0.11, 0.04, 0.15),
        china=ActorProfile("China", 0.89, 0.14, 0.02),
    )
    u_r, u_c = 0.5, -0.4
    p_r, p_c = 0.25, 0.7
    h_r = 2 * u_r * u_c + (0.6 * p_r - 0.1) * 0.89 + 3.0 * 0.15 - 5.0 * (1 - p_r) * 0.04
    h_c = 2 * u_r * u_c + (0.6 * p_c - 0.1) * 0.11 + 3.0 * 0.02 - 5.0 * (1 - p_c) * 0.14
    assert p.fields(u_r, u_c) == pytest.approx((h_r, h_c))
    assert p.field(u_r, u_c) == pytest.approx(min(h_r, h_c))


def test_field_works_on_arrays_elementwise():
    p = PressureParams()
    u = np.array([-1.0, 0.0, 1.0])
    assert p.field(u, u[::-1]) == pytest.approx(
        [p.field(a, b) for a, b in zip(u, u[::-1], strict=True)]
    )


def test_symmetric_profiles_make_russia_and_china_interchangeable():
    twin_r = ActorProfile("A", 0.5, 0.1, 0.1)
    twin_c = ActorProfile("B", 0.5, 0.1, 0.1)
    p = PressureParams(russia=twin_r, china=twin_c)
    for u_r, u_c in [(-1, 1), (0.3, -0.7), (1, 1)]:
        assert p.field(u_r, u_c) == pytest.approx(p.field(u_c, u_r))


def test_courting_russia_and_courting_china_differ_for_stated_reasons():
    p = PressureParams()
    h_r_rk, h_c_rk = p.fields(*POLICIES["reverse_kissinger"])
    h_r_cc, h_c_cc = p.fields(*POLICIES["china_card"])
    # Courted Russia is the reluctant one: relieved of pressure it weighs China's capability.
    assert h_r_rk < h_c_rk
    assert h_r_rk - h_r_cc == pytest.approx(
        -p.kappa * CHINA_PROFILE.capability - p.epsilon * RUSSIA_PROFILE.us_dependence
    )
    # Courted China is the reluctant one in the China card: its stake in US trade.
    assert h_c_cc < h_r_cc
    assert p.field(*POLICIES["reverse_kissinger"]) != pytest.approx(
        p.field(*POLICIES["china_card"])
    )


def test_profiles_and_bounds():
    assert RUSSIA_PROFILE.capability + CHINA_PROFILE.capability == pytest.approx(1.0)
    assert CHINA_PROFILE.capability > RUSSIA_PROFILE.capability
    assert CHINA_PROFILE.us_dependence > RUSSIA_PROFILE.us_dependence
    assert RUSSIA_PROFILE.partner_dependence > CHINA_PROFILE.partner_dependence
    lo, hi = PROFILE_BOUNDS["china_capability"]
    assert lo <= CHINA_PROFILE.capability <= hi
    for key, (lo, hi) in PROFILE_BOUNDS.items():
        assert 0 < lo < hi < 1, key
    with pytest.raises(ValueError, match="capability"):
        ActorProfile("X", 1.0, 0.1, 0.1)
    with pytest.raises(ValueError, match="us_dependence"):
        ActorProfile("X", 0.5, 1.5, 0.1)
    with pytest.raises(TypeError, match="name"):
        ActorProfile("", 0.5, 0.1, 0.1)
    with pytest.raises(ValueError, match="add up to 1"):
        PressureParams(russia=ActorProfile("R", 0.3, 0.1, 0.1))
    with pytest.raises(TypeError, match="russia"):
        PressureParams(russia="Russia")


@pytest.mark.parametrize("name", ["alpha", "lam"])
@pytest.mark.parametrize("bad", [0.0, -0.1])
def test_rates_must_be_positive(name, bad):
    with pytest.raises(ValueError, match=name):
        PressureParams(**{name: bad})


@pytest.mark.parametrize("name", ["beta", "kappa", "gamma", "delta", "eta", "epsilon"])
def test_couplings_must_be_nonnegative(name):
    with pytest.raises(ValueError, match=name):
        PressureParams(**{name: -0.5})


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_params_reject_nan_and_inf(bad):
    with pytest.raises(ValueError, match="eta"):
        PressureParams(eta=bad)


@pytest.mark.parametrize("bad", ["1", True, None])
def test_params_reject_non_numbers(bad):
    with pytest.raises(TypeError, match="alpha"):
        PressureParams(alpha=bad)


# --- policies -------------------------------------------------------------------------------


def test_named_policies():
    assert POLICIES == {
        "democratism": (-1.0, -1.0),
        "china_card": (-1.0, 1.0),
        "reverse_kissinger": (1.0, -1.0),
        "engagement": (1.0, 1.0),
    }
    for name, pair in POLICIES.items():
        assert policy_stances(name) == pair


def test_the_old_mislabelled_name_explains_the_change():
    with pytest.raises(ValueError, match="1979-85") as err:
        policy_stances("triangulation")
    assert "china_card" in str(err.value) and "1972-78" in str(err.value)


def test_policy_pairs_pass_through():
    assert policy_stances([0.25, -1]) == (0.25, -1.0)
    assert policy_stances(np.array([1.0, 0.0])) == (1.0, 0.0)


def test_unknown_policy_lists_the_valid_names():
    with pytest.raises(ValueError, match="policy") as err:
        policy_stances("appeasement")
    for name in POLICIES:
        assert name in str(err.value)


@pytest.mark.parametrize(
    ("bad", "exc"),
    [
        ((1.5, 0.0), ValueError),
        ((0.0, -1.01), ValueError),
        ((math.nan, 0.0), ValueError),
        ((0.1, 0.2, 0.3), ValueError),
        ([[0.1, 0.2]], ValueError),
        ({"s_r": 1}, TypeError),
        (["a", "b"], TypeError),
    ],
)
def test_bad_policies(bad, exc):
    with pytest.raises(exc, match="policy"):
        policy_stances(bad)
