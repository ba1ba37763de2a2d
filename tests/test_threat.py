"""Tests for lukin_course.threat: Walt's sources of threat as a weighted index."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lukin_course.threat import (
    MODES,
    WALT_SOURCES,
    ThreatAssessment,
    compare_threats,
    threat_index,
)

SLOW = settings(max_examples=50, deadline=None)
unit = st.floats(0.0, 1.0, allow_nan=False)
score_maps = st.fixed_dictionaries({s: unit for s in WALT_SOURCES})
weight_maps = st.fixed_dictionaries(
    {s: st.floats(0.0, 10.0, allow_nan=False) for s in WALT_SOURCES}
).filter(lambda w: sum(w.values()) > 1e-6)

US_FROM_CANADA = {
    "aggregate_power": 1.0,
    "proximity": 1.0,
    "offensive_power": 0.9,
    "aggressive_intentions": 0.0,
}


def test_walt_four_sources_of_threat():
    # Walt (1985; 1987): aggregate power, geographic proximity, offensive power, aggressive
    # intentions.
    assert WALT_SOURCES == (
        "aggregate_power",
        "proximity",
        "offensive_power",
        "aggressive_intentions",
    )
    assert MODES == ("additive", "gated")


def test_equal_weights_give_the_mean_by_hand():
    scores = {
        "aggregate_power": 0.2,
        "proximity": 0.4,
        "offensive_power": 0.6,
        "aggressive_intentions": 1.0,
    }
    assert threat_index(scores) == pytest.approx((0.2 + 0.4 + 0.6 + 1.0) / 4)


def test_user_weights_are_normalised_by_hand():
    scores = {
        "aggregate_power": 1.0,
        "proximity": 0.0,
        "offensive_power": 0.5,
        "aggressive_intentions": 0.5,
    }
    weights = {
        "aggregate_power": 2,
        "proximity": 1,
        "offensive_power": 1,
        "aggressive_intentions": 4,
    }
    # (2*1 + 1*0 + 1*0.5 + 4*0.5) / 8 = 4.5 / 8
    assert threat_index(scores, weights) == pytest.approx(4.5 / 8)
    # gated: intentions 0.5 halve the capability part: (2*1 + 0.5) * 0.5 / 8 + 4*0.5/8
    assert threat_index(scores, weights, mode="gated") == pytest.approx((2.5 * 0.5 + 2.0) / 8)


def test_canada_us_analogy_claim_c6():
    # Claim C6 (Lukin 2018): a huge, close, capable neighbour with benign intentions.
    additive = threat_index(US_FROM_CANADA)
    assert additive == pytest.approx((1.0 + 1.0 + 0.9) / 4)
    assert threat_index(US_FROM_CANADA, mode="gated") == 0.0
    hostile = {**US_FROM_CANADA, "aggressive_intentions": 1.0}
    assert (
        threat_index(hostile, mode="gated")
        == pytest.approx(threat_index(hostile))
        == pytest.approx(0.975)
    )


# ---------------------------------------------------------------- invariants


@SLOW
@given(score_maps, weight_maps, st.sampled_from(MODES))
def test_index_lies_in_unit_interval(scores, weights, mode):
    assert 0.0 <= threat_index(scores, weights, mode) <= 1.0


@SLOW
@given(score_maps, weight_maps, st.sampled_from(WALT_SOURCES), unit, st.sampled_from(MODES))
def test_index_never_falls_when_a_source_rises(scores, weights, source, bump, mode):
    higher = {**scores, source: max(scores[source], bump)}
    assert threat_index(higher, weights, mode) >= threat_index(scores, weights, mode) - 1e-12


@SLOW
@given(score_maps, weight_maps, st.floats(0.01, 100.0))
def test_scaling_weights_changes_nothing(scores, weights, factor):
    scaled = {k: v * factor for k, v in weights.items()}
    assert threat_index(scores, scaled) == pytest.approx(threat_index(scores, weights), abs=1e-12)


@SLOW
@given(score_maps, weight_maps)
def test_gated_is_never_above_additive_and_equal_under_full_hostility(scores, weights):
    assert threat_index(scores, weights, "gated") <= threat_index(scores, weights) + 1e-12
    hostile = {**scores, "aggressive_intentions": 1.0}
    assert threat_index(hostile, weights, "gated") == pytest.approx(threat_index(hostile, weights))


@SLOW
@given(unit)
def test_equal_scores_give_that_score(c):
    assert threat_index(dict.fromkeys(WALT_SOURCES, c)) == pytest.approx(c)


# ---------------------------------------------------------------- assessments and comparison


def test_assessment_label_and_index():
    a = ThreatAssessment("Canada", "United States", US_FROM_CANADA, note="illustrative")
    assert a.label == "United States as seen by Canada"
    assert a.index() == threat_index(US_FROM_CANADA)
    assert a.index(mode="gated") == 0.0
    assert a == ThreatAssessment("Canada", "United States", US_FROM_CANADA)  # note not compared
    assert a.scores == US_FROM_CANADA


def test_compare_threats_frame():
    caps = {"aggregate_power": 0.8, "proximity": 1.0, "offensive_power": 0.6}
    items = [
        ThreatAssessment("Russia", "China", {**caps, "aggressive_intentions": 0.7}),
        ThreatAssessment("Canada", "United States", US_FROM_CANADA),
    ]
    frame = compare_threats(iter(items))
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.index) == ["China as seen by Russia", "United States as seen by Canada"]
    assert list(frame.columns) == [
        "observer",
        "target",
        *WALT_SOURCES,
        "threat_additive",
        "threat_gated",
    ]
    for a in items:
        row = frame.loc[a.label]
        assert row["threat_additive"] == pytest.approx(a.index())
        assert row["threat_gated"] == pytest.approx(a.index(mode="gated"))
    weights = dict.fromkeys(WALT_SOURCES, 0.0) | {"aggressive_intentions": 1.0}
    only_intent = compare_threats(items, weights)
    assert list(only_intent["threat_additive"]) == pytest.approx([0.7, 0.0])


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("scores", "exc", "msg"),
    [
        (
            {**US_FROM_CANADA, "proximity": math.nan},
            ValueError,
            r"scores\['proximity'\] must be finite",
        ),
        (
            {**US_FROM_CANADA, "proximity": 1.5},
            ValueError,
            r"scores\['proximity'\] must lie in \[0.0, 1.0\]",
        ),
        ({**US_FROM_CANADA, "proximity": -0.1}, ValueError, "must lie in"),
        ({**US_FROM_CANADA, "proximity": True}, TypeError, "must be a real number"),
        ({**US_FROM_CANADA, "proximity": "near"}, TypeError, "must be a real number"),
        (
            {k: v for k, v in US_FROM_CANADA.items() if k != "proximity"},
            ValueError,
            "missing source",
        ),
        ({**US_FROM_CANADA, "ideology": 0.5}, ValueError, "unknown source"),
        ([0.1, 0.2, 0.3, 0.4], TypeError, "scores must be a mapping"),
    ],
)
def test_bad_scores_are_rejected(scores, exc, msg):
    with pytest.raises(exc, match=msg):
        threat_index(scores)
    with pytest.raises(exc, match=msg):
        ThreatAssessment("A", "B", scores)


@pytest.mark.parametrize(
    ("weights", "exc", "msg"),
    [
        (
            dict.fromkeys(WALT_SOURCES, 1.0) | {"proximity": -1.0},
            ValueError,
            "must be non-negative",
        ),
        (dict.fromkeys(WALT_SOURCES, 1.0) | {"proximity": math.nan}, ValueError, "must be finite"),
        (dict.fromkeys(WALT_SOURCES, 0.0), ValueError, "must not all be zero"),
        ({"proximity": 1.0}, ValueError, "weights is missing"),
        (dict.fromkeys(WALT_SOURCES, 1.0) | {"x": 1.0}, ValueError, "weights has unknown"),
        (1.0, TypeError, "weights must be a mapping"),
    ],
)
def test_bad_weights_are_rejected(weights, exc, msg):
    with pytest.raises(exc, match=msg):
        threat_index(US_FROM_CANADA, weights)


def test_bad_mode_is_rejected():
    with pytest.raises(ValueError, match="unknown mode 'multiplicative'"):
        threat_index(US_FROM_CANADA, mode="multiplicative")


def test_bad_assessments_are_rejected():
    with pytest.raises(TypeError, match="observer must be a non-empty string"):
        ThreatAssessment("", "B", US_FROM_CANADA)
    with pytest.raises(TypeError, match="target must be a non-empty string"):
        ThreatAssessment("A", None, US_FROM_CANADA)
    with pytest.raises(ValueError, match="must be different"):
        ThreatAssessment("A", "A", US_FROM_CANADA)
    with pytest.raises(TypeError, match="note must be a string"):
        ThreatAssessment("A", "B", US_FROM_CANADA, note=3)
    a = ThreatAssessment("A", "B", US_FROM_CANADA)
    with pytest.raises(TypeError, match="iterable of ThreatAssessment"):
        compare_threats(a)
    with pytest.raises(TypeError, match="iterable of ThreatAssessment"):
        compare_threats(5)
    with pytest.raises(ValueError, match="at least one"):
        compare_threats([])
    with pytest.raises(TypeError, match=r"assessments\[1\] must be a ThreatAssessment"):
        compare_threats([a, US_FROM_CANADA])
    with pytest.raises(ValueError, match="distinct"):
        compare_threats([a, ThreatAssessment("A", "B", dict.fromkeys(WALT_SOURCES, 0.5))])
    with pytest.raises(ValueError, match="must not all be zero"):
        compare_threats([a], dict.fromkeys(WALT_SOURCES, 0))
