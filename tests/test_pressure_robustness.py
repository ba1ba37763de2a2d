"""Tests of the pressure model's global sensitivity analysis (robustness of its headlines)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from lukin_course.pressure import (
    DEFAULT_X0,
    FIT_BOUNDS,
    HEADLINES,
    POLICIES,
    PROFILE_BOUNDS,
    ActorProfile,
    PressureParams,
    bistable_window,
    hysteresis,
    robustness,
    steady_state,
    steady_states,
)


@pytest.fixture(scope="module")
def result():
    return robustness(n=32, seed=3)


def _params(row) -> PressureParams:
    c = float(row["china_capability"])
    return PressureParams(
        **{k: float(row[k]) for k in FIT_BOUNDS},
        russia=ActorProfile(
            "Russia",
            1.0 - c,
            float(row["russia_us_dependence"]),
            float(row["russia_partner_dependence"]),
        ),
        china=ActorProfile(
            "China", c, float(row["china_us_dependence"]), float(row["china_partner_dependence"])
        ),
    )


def test_shares_are_fractions_of_the_sample(result):
    assert set(result.shares) == set(HEADLINES)
    samples = result.samples
    assert len(samples) == 32 * (len(FIT_BOUNDS) + len(PROFILE_BOUNDS) + 2)
    for key, share in result.shares.items():
        assert share == pytest.approx(samples[key].mean())
    assert result.shares["asymmetry"] <= min(
        result.shares["reverse_kissinger_splits"], result.shares["china_card_holds"]
    )
    for name, (lo, hi) in {**FIT_BOUNDS, **PROFILE_BOUNDS}.items():
        assert samples[name].between(lo, hi).all()


def test_sampled_outcomes_agree_with_the_scalar_model(result):
    # The vectorised runs give the same steady ties as steady_state/hysteresis, point by point.
    rows = result.samples.sample(6, random_state=1)
    for _, row in rows.iterrows():
        p = _params(row)
        for name in POLICIES:
            exact = steady_state(name, p, x0=DEFAULT_X0)[2]
            assert row[f"r_{name}"] == pytest.approx(exact, abs=0.01), name
        h = hysteresis(params=p)
        assert bool(row["survives_relief"]) == h.survives
        assert bool(row["hysteretic"]) == h.hysteretic


def test_conditions_hold_as_stated(result):
    c = result.conditions.set_index("condition")
    assert c["holds_as_stated"].all()
    assert c.loc["h(democratism) > H(eta)", "kind"] == "necessary and sufficient"
    assert c.loc["h(democratism) > H(eta)", "sufficient"]
    # eta > 1 is necessary for hysteresis and, in the sampled ranges, not sufficient
    assert c.loc["eta > 1", "kind"] == "necessary" and not c.loc["eta > 1", "sufficient"]
    samples = result.samples
    assert not samples.loc[samples["eta"] <= 1.0, "hysteretic"].any()


def test_democratism_condition_by_hand():
    # Outside the window the tie has one steady state with the sign of h (by hand: tanh).
    p = PressureParams(eta=0.5, beta=1.0, kappa=2.0)
    h = p.field(*POLICIES["democratism"])
    assert h > bistable_window(p.eta) == 0.0
    assert len(steady_states("democratism", p)) == 1 and steady_states("democratism", p)[0] > 0


def test_twin_profiles_make_the_two_courtships_mirror_images():
    # Necessary for the asymmetry: with twin profiles courting Russia and courting China
    # give the same tie (from a start that treats both alike).
    twin = ActorProfile("A", 0.5, 0.1, 0.1)
    p = dataclasses.replace(
        PressureParams(), russia=twin, china=dataclasses.replace(twin, name="B")
    )
    start = (0.0, 0.0, 0.5)
    assert steady_state("reverse_kissinger", p, x0=start)[2] == pytest.approx(
        steady_state("china_card", p, x0=start)[2]
    )


def test_sobol_indices_cover_every_parameter(result):
    names = list(FIT_BOUNDS) + list(PROFILE_BOUNDS)
    assert list(result.sobol.index) == names
    st = result.sobol.xs("ST", axis=1, level=1)
    assert np.isfinite(st.to_numpy()).all()


@pytest.mark.parametrize(("n", "match"), [(20, "power of 2"), (8, "n"), (8192, "power of 2")])
def test_bad_sample_sizes_are_refused(n, match):
    with pytest.raises(ValueError, match=match):
        robustness(n=n)
