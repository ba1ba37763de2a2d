"""Tests of lukin_course.pressure: parameters, named policies, stances."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lukin_course.pressure import POLICIES, PressureParams, policy_stances

# --- parameters -----------------------------------------------------------------------------


def test_defaults_are_the_documented_ones():
    p = PressureParams()
    assert (p.alpha, p.lam, p.beta, p.kappa, p.gamma, p.delta, p.eta) == (
        0.5,
        0.25,
        1.0,
        1.0,
        0.4,
        0.5,
        1.5,
    )
    assert p.eta > 1  # the defaults are in the bistable regime


def test_field_matches_the_equation_by_hand():
    p = PressureParams(beta=2.0, kappa=0.6, gamma=0.3, delta=0.1)
    # 2 * 0.5 * (-0.4) - 0.3 * (0.5 - 0.4) + 0.3 - 0.1 = -0.4 - 0.03 + 0.2
    assert p.field(0.5, -0.4) == pytest.approx(-0.23)


def test_kappa_zero_gives_the_pure_heider_field():
    p = PressureParams(kappa=0.0)
    for u_r, u_c in [(-1, -1), (1, 1), (0.3, -0.7)]:
        assert p.field(u_r, u_c) == pytest.approx(p.beta * u_r * u_c + p.gamma - p.delta)


@pytest.mark.parametrize("name", ["alpha", "lam"])
@pytest.mark.parametrize("bad", [0.0, -0.1])
def test_rates_must_be_positive(name, bad):
    with pytest.raises(ValueError, match=name):
        PressureParams(**{name: bad})


@pytest.mark.parametrize("name", ["beta", "kappa", "gamma", "delta", "eta"])
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
        "triangulation": (-1.0, 1.0),
        "reverse_kissinger": (1.0, -1.0),
        "engagement": (1.0, 1.0),
    }
    for name, pair in POLICIES.items():
        assert policy_stances(name) == pair


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
