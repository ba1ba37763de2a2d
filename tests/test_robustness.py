"""Bad input never returns garbage: complex numbers, NaN, overflow and oversized runs.

Every public numeric function of the models is called with a valid argument spoiled in
one place (a complex entry, a NaN or infinity, a magnitude beyond ``MAX_MAGNITUDE``),
and with runs, grids or networks beyond the documented caps. Each call must end in a
``TypeError`` or ``ValueError`` whose message names the argument — never a result.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lukin_course import (
    alignment,
    arms_race,
    balance,
    balance_dynamics,
    polarity,
    pressure,
    threat,
)
from lukin_course._validation import MAX_ACTORS, MAX_MAGNITUDE, MAX_POINTS, MAX_YEARS

SETTINGS = settings(max_examples=25, deadline=None)

SPLIT = [[0, 1, -1], [1, 0, -1], [-1, -1, 0]]
RELATIONS = [[0, 0.2, -0.1], [0.2, 0, -0.3], [-0.1, -0.3, 0]]
SCORES = dict.fromkeys(threat.WALT_SOURCES, 0.5)
RICHARDSON = {"k": 0.2, "l": 0.3, "a": 1.0, "b": 1.0, "g": 0.1, "h": 0.1}

# (id, function, valid keyword arguments, numeric arguments to spoil)
SCALAR_CASES: list[tuple[str, Callable[..., Any], dict[str, Any], list[str]]] = [
    ("alignment_payoffs", alignment.alignment_payoffs, {"pressure": 0.5},
     ["pressure", "abandonment", "entrapment", "benefit", "temptation"]),
    ("pressure_thresholds", alignment.pressure_thresholds, {},
     ["abandonment", "entrapment", "benefit", "temptation"]),
    ("type_transitions", alignment.type_transitions, {}, ["p_max"]),
    ("RichardsonParams", arms_race.RichardsonParams, RICHARDSON, list(RICHARDSON)),
    ("richardson_simulate",
     lambda **kw: arms_race.simulate(arms_race.RichardsonParams(**RICHARDSON), **kw),
     {"x0": 1.0, "y0": 2.0}, ["x0", "y0", "t_max"]),
    ("akr", balance_dynamics.antal_krapivsky_redner, {"signs0": SPLIT}, ["p"]),
    ("kulakowski", balance_dynamics.kulakowski, {"r0": RELATIONS, "t_max": 1.0}, ["t_max", "R"]),
    ("integrate_marvel", balance_dynamics.integrate_marvel, {"x0": RELATIONS, "t_max": 0.5},
     ["t_max"]),
    ("PressureParams", pressure.PressureParams, {},
     ["alpha", "lam", "beta", "kappa", "gamma", "delta", "eta", "epsilon"]),
    ("pressure_simulate", pressure.simulate, {"policy": "democratism"}, ["t_max"]),
    ("pressure_hysteresis", pressure.hysteresis, {}, ["pressure_years", "relief_years"]),
    ("phase_diagram", pressure.phase_diagram, {"s_russia": [0.0], "s_china": [0.0]},
     ["t_max", "dt", "tol"]),
    ("threat_index", lambda **kw: threat.threat_index(SCORES, kw or None), {},
     [f"w_{k}" for k in threat.WALT_SOURCES]),
]  # fmt: skip

ARRAY_CASES: list[tuple[str, Callable[..., Any], dict[str, Any], str]] = [
    ("is_balanced", balance.is_balanced, {"signs": SPLIT}, "signs"),
    ("triad_census", balance.triad_census, {"signs": SPLIT}, "signs"),
    ("balance_index", balance.balance_index, {"signs": SPLIT}, "signs"),
    ("frustration", balance.frustration, {"signs": SPLIT}, "signs"),
    ("factions", balance.factions, {"signs": SPLIT}, "signs"),
    ("blow_up_time", balance_dynamics.blow_up_time, {"x0": RELATIONS}, "x0"),
    ("marvel_factions", balance_dynamics.marvel_factions, {"x0": RELATIONS}, "x0"),
    ("kulakowski_r0", balance_dynamics.kulakowski, {"r0": RELATIONS, "t_max": 1.0}, "r0"),
    ("akr_signs", balance_dynamics.antal_krapivsky_redner, {"signs0": SPLIT}, "signs0"),
    ("game_type", alignment.game_type, {"game_or_matrices": [[3, 0], [5, 1]]}, "game"),
    ("equilibria", alignment.equilibria, {"game": [[3, 0], [5, 1]]}, "game"),
    ("game_types_over_pressure", alignment.game_types_over_pressure,
     {"pressures": [0.1, 0.5, 1.0]}, "pressures"),
    ("simulate_x0", pressure.simulate, {"policy": "democratism", "x0": [0.5, 0.0, 0.5]}, "x0"),
    ("simulate_policy", pressure.simulate, {"policy": [0.5, -0.5]}, "policy"),
    ("phase_diagram_axis", pressure.phase_diagram, {"s_russia": [0.0, 0.5], "s_china": [0.0]},
     "s_russia"),
    ("vector_field", pressure.vector_field, {"state": [0.1, 0.2, 0.3], "policy": "democratism"},
     "state"),
    ("hhi", polarity.hhi, {"shares": [0.5, 0.3, 0.2]}, "shares"),
    ("concentration", polarity.concentration, {"shares": [0.5, 0.3, 0.2]}, "shares"),
]  # fmt: skip

# Shares are rescaled by the function itself, so raw figures of any size are valid.
SCALE_FREE = (polarity.hhi, polarity.concentration)

BAD_SCALARS = st.one_of(
    st.sampled_from([math.nan, math.inf, -math.inf]),
    st.floats(1.01, 1e300).map(lambda x: x * MAX_MAGNITUDE if x * MAX_MAGNITUDE < 1e308 else 1e308),
    st.complex_numbers(max_magnitude=10).filter(lambda z: z.imag != 0),
)


def _spoil_kwargs(kwargs: dict[str, Any], name: str, bad: Any) -> dict[str, Any]:
    if name.startswith("w_"):  # a weight of the threat index
        return {k: (bad if k == name[2:] else 1.0) for k in threat.WALT_SOURCES}
    return {**kwargs, name: bad}


@pytest.mark.parametrize(
    ("func", "kwargs", "names"),
    [case[1:] for case in SCALAR_CASES],
    ids=[case[0] for case in SCALAR_CASES],
)
@SETTINGS
@given(bad=BAD_SCALARS, data=st.data())
def test_a_spoiled_scalar_is_refused_by_name(
    func: Callable[..., Any], kwargs: dict, names: list[str], bad: Any, data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(names))
    if isinstance(bad, float) and not math.isnan(bad) and bad < 0 and name in ("p",):
        bad = -bad
    with pytest.raises((TypeError, ValueError)) as info:
        func(**_spoil_kwargs(kwargs, name, bad))
    assert name.removeprefix("w_") in str(info.value)


NETWORKS = ("signs", "signs0", "x0", "r0")  # symmetric relation matrices


def _spoiled(array: Any, bad: Any, where: int, symmetric: bool) -> np.ndarray:
    arr = np.asarray(array, dtype=complex if isinstance(bad, complex) else float).copy()
    flat = arr.reshape(-1)
    flat[where % flat.size] = bad
    if symmetric:  # spoil both halves, so the matrix is not refused for asymmetry instead
        arr = np.triu(arr) + np.triu(arr, 1).T
    return arr


@pytest.mark.parametrize(
    ("func", "kwargs", "name"),
    [case[1:] for case in ARRAY_CASES],
    ids=[case[0] for case in ARRAY_CASES],
)
@SETTINGS
@given(bad=BAD_SCALARS, where=st.integers(0, 8))
def test_a_spoiled_array_entry_is_refused_by_name(
    func: Callable[..., Any], kwargs: dict, name: str, bad: Any, where: int
) -> None:
    (key,) = [k for k in kwargs if k == name or k.startswith(name)]
    spoiled = _spoiled(kwargs[key], bad, where, symmetric=key in NETWORKS)
    if func in SCALE_FREE and not isinstance(bad, complex) and math.isfinite(bad):
        assert math.isfinite(func(**{**kwargs, key: spoiled}))  # raw data of any size
        return
    if (
        np.all(np.isfinite(spoiled))
        and not np.iscomplexobj(spoiled)
        and np.allclose(spoiled, np.asarray(kwargs[key], dtype=float))
    ):
        return  # the spoiled entry fell on the (ignored) diagonal
    with pytest.raises((TypeError, ValueError)) as info:
        func(**{**kwargs, key: spoiled})
    assert name in str(info.value)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: balance.triad_census(-np.ones((MAX_ACTORS + 1,) * 2)), "at most 200"),
        (lambda: balance.is_balanced(-np.ones((MAX_ACTORS + 1,) * 2)), "at most 200"),
        (lambda: balance_dynamics.integrate_marvel(RELATIONS, 0.5, n_points=MAX_POINTS + 1),
         "n_points must be at most"),
        (lambda: balance_dynamics.kulakowski(RELATIONS, 1.0, n_points=MAX_POINTS + 1),
         "n_points must be at most"),
        (lambda: alignment.game_types_over_pressure(np.linspace(0, 1, MAX_POINTS + 1)),
         "pressures has 100001 entries"),
        (lambda: arms_race.simulate(arms_race.RichardsonParams(**RICHARDSON), 1, 1,
                                    n_points=MAX_POINTS + 1), "n_points must be at most"),
        (lambda: polarity.hhi(np.ones(MAX_POINTS + 1)), "shares has 100001 entries"),
        (lambda: pressure.simulate("democratism", t_max=MAX_YEARS * 2), "t_max must be at most"),
        (lambda: pressure.simulate("democratism", n_points=MAX_POINTS + 1),
         "n_points must be at most"),
        (lambda: pressure.phase_diagram(np.zeros(1000), np.zeros(101)), "at most 100000"),
        (lambda: pressure.phase_diagram([0.0], [0.0], dt=1e-6), "choose a larger dt"),
        (lambda: pressure.hysteresis(pressure_years=MAX_YEARS * 2), "pressure_years"),
        (lambda: pressure.fit_record(starts=65), "starts must be at most 64"),
    ],
    ids=["census", "balanced", "marvel", "kulakowski", "game-types", "richardson", "hhi",
         "simulate-years", "simulate-points", "phase-grid", "phase-steps", "hysteresis",
         "fit-starts"],
)  # fmt: skip
def test_oversized_runs_and_networks_are_refused(call: Callable[[], Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()


def test_results_that_would_leave_floating_point_are_refused() -> None:
    # an unstable race over a long horizon grows as exp(t): beyond floating point by t = 800
    unstable = arms_race.RichardsonParams(k=2.0, l=2.0, a=1.0, b=1.0)
    with pytest.raises(ValueError, match="t_max"):
        arms_race.simulate(unstable, 1.0, 1.0, t_max=800.0)
    # a*b - k*l tiny but not zero: the equilibrium itself is too large
    with pytest.raises(ValueError, match="equilibrium"):
        arms_race.equilibrium(arms_race.RichardsonParams(k=1e-300, l=1e-300, a=1e-300,
                                                         b=1e-12, g=1e12, h=1e12))  # fmt: skip


@SETTINGS
@given(
    scale=st.floats(1e-300, 1e300), shares=st.lists(st.floats(0.01, 1.0), min_size=2, max_size=6)
)
def test_concentration_is_scale_free_even_near_the_limits_of_floating_point(
    scale: float, shares: list[float]
) -> None:
    raw = np.asarray(shares) * scale
    assert polarity.hhi(raw) == pytest.approx(polarity.hhi(shares), rel=1e-9)
    assert polarity.concentration(raw) == pytest.approx(polarity.concentration(shares), abs=1e-7)


def test_capability_shares_of_huge_raw_figures_stay_exact() -> None:
    frame = pd.DataFrame({"country": ["A", "B"], "year": [2000, 2000], "gdp": [1e308, 1e308]})
    shares = polarity.capability_shares(frame, ("gdp",))
    assert shares["gdp"].tolist() == [0.5, 0.5]


def test_nan_rows_in_a_shares_frame_are_named() -> None:
    frame = pd.DataFrame({"country": ["A", "B", "C"], "year": [2000] * 3, "gdp": [1.0, 2.0, 3.0]})
    shares = polarity.capability_shares(frame, ("gdp",))
    shares.loc[0, "composite"] = np.nan
    for call in (
        lambda: polarity.coalition_ratio(shares, ["A", "B"], "C"),
        lambda: polarity.concentration_by_year(shares),
    ):
        with pytest.raises(ValueError, match="composite"):
            call()


@SETTINGS
@given(
    eta=st.floats(0.0, MAX_MAGNITUDE),
    gamma=st.floats(0.0, 1e6),
    policy=st.tuples(st.floats(-1.0, 1.0), st.floats(-1.0, 1.0)),
)
def test_a_steady_state_always_exists(eta: float, gamma: float, policy: tuple) -> None:
    # g(r) = tanh(h + eta r) - r has g(-1) >= 0 >= g(1), so a stable root always exists,
    # also where tanh saturates in floating point and the root sits on the boundary
    roots = pressure.steady_states(policy, pressure.PressureParams(eta=eta, gamma=gamma))
    assert roots and all(-1.0 <= r <= 1.0 for r in roots) and roots == sorted(roots)
