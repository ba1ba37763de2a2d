"""Tests of lukin_course.pressure: the whole model under one name, and the essay's claims."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

from lukin_course import pressure
from lukin_course.pressure import (
    DEFAULT_X0,
    simulate,
    steady_state,
    time_to_alignment,
)

# --- policy semantics (claims C8, C10) ------------------------------------------------------


def test_democratism_deepens_the_recorded_partnership():
    # From the 1992 record (US-Russia +0.5, US-China 0, Russia-China +0.5).
    assert DEFAULT_X0 == (0.5, 0.0, 0.5)
    assert steady_state("democratism")[2] > 0.95
    assert 0 < time_to_alignment(simulate("democratism"), threshold=0.9) < 30


def test_with_the_fitted_memory_pressure_does_not_create_an_alignment_from_scratch():
    # The fitted eta is far above 1: from a neutral start the tie first falls while the US
    # ties are still neutral and is then held in the hostile state (history decides).
    assert steady_state("democratism", x0=(0.0, 0.0, 0.0))[2] < -0.9


def test_courting_russia_and_courting_china_give_different_predictions():
    # Reverse Kissinger: courted Russia weighs China's capability: the tie breaks.
    assert steady_state("reverse_kissinger")[2] < -0.9
    assert time_to_alignment(simulate("reverse_kissinger"), threshold=0.9) == math.inf
    # China card: courted China's reluctance lies inside the bistable window: the recorded
    # partnership survives (and a neutral start would not have produced one).
    assert steady_state("china_card")[2] > 0.9
    assert steady_state("china_card", x0=(0.0, 0.0, 0.0))[2] < -0.9


def test_engagement_of_both_splits_them_from_the_record_start():
    assert steady_state("engagement")[2] < -0.9
    assert time_to_alignment(simulate("engagement", t_max=60.0), threshold=0.9) == math.inf


def test_pressure_on_both_aligns_faster_than_lighter_pressure():
    # C8: the more the leading power presses both, the sooner the tie deepens.
    times = [time_to_alignment(simulate((-s, -s), t_max=60.0), 0.9) for s in (1.0, 0.8, 0.6)]
    assert times[0] < times[1] < times[2]


# --- module plumbing ------------------------------------------------------------------------


def test_unknown_names_are_a_clear_error():
    with pytest.raises(AttributeError, match="no_such_thing"):
        pressure.no_such_thing  # noqa: B018


def test_importing_the_model_does_not_load_scipy_or_pandas():
    code = (
        "import sys, lukin_course.pressure; "
        "print([m for m in ('scipy', 'pandas', 'matplotlib') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
