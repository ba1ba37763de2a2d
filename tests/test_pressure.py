"""Tests of lukin_course.pressure: the whole model under one name, and the essay's claims."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

from lukin_course import pressure
from lukin_course.pressure import (
    DEFAULT_X0,
    POLICIES,
    simulate,
    steady_state,
    time_to_alignment,
)

# --- policy semantics (claims C8, C10) ------------------------------------------------------


def test_democratism_aligns_russia_and_china():
    r = steady_state("democratism")[2]
    assert r > 0.95
    assert 0 < time_to_alignment(simulate("democratism")) < 30


@pytest.mark.parametrize("policy", ["triangulation", "reverse_kissinger"])
def test_triangulation_keeps_them_apart(policy):
    traj = simulate(policy)
    assert traj.russia_china[-1] < DEFAULT_X0[2]  # drifted apart from where they started
    assert steady_state(policy)[2] < -0.9
    assert time_to_alignment(traj) == math.inf


def test_engagement_is_between_the_two_and_does_not_align():
    r = {name: steady_state(name)[2] for name in POLICIES}
    assert r["triangulation"] < r["engagement"] < r["democratism"]
    assert r["engagement"] < 0.5
    assert time_to_alignment(simulate("engagement", t_max=60.0)) == math.inf


def test_pressure_on_both_aligns_faster_than_pressure_on_one():
    # C8: the more the leading power presses both, the sooner they align.
    times = [time_to_alignment(simulate((-s, -s), t_max=60.0)) for s in (1.0, 0.8, 0.6)]
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
