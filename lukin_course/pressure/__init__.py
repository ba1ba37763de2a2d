"""The pressure model: a leading power's policy towards two unequal states.

**This is this course's own teaching model**, not a model from the literature. It
turns the essay's argument (claims C8, C10, C11 and C15) into differential
equations so that students can ask "what if": what if the United States had
courted one of the two, or pressed both, or relented later? Its defaults are
rounded from a least-squares fit to the course's 1992–2013 record of the three
relations (:func:`fit_record`); the lesson shows where that fit fails.

The state is ``x = (u_r, u_c, r)`` in ``[-1, 1]^3``: the United States–Russia tie,
the United States–China tie and the Russia–China tie (+1 amity, -1 enmity). Time
``t`` is in years. A policy is a pair of stances ``(s_r, s_c)`` in ``[-1, 1]^2``
(+1 full engagement, -1 full pressure)::

    du_r/dt = alpha (s_r - u_r)
    du_c/dt = alpha (s_c - u_c)
    dr/dt   = lam [tanh(h + eta r) - r],      h = min(h_r, h_c)
    h_i     = beta u_r u_c + (kappa p_i - delta) c_j + gamma m_i - epsilon (1 - p_i) d_i

with ``p_i = (1 - u_i)/2`` the pressure state ``i`` feels, ``c_j`` its partner's
share of the pair's GDP, ``m_i`` and ``d_i`` its trade shares with the partner and
with the leading power (:class:`ActorProfile`). An alignment takes two, so the
tie follows the more reluctant state. Pressed, a state values its partner's
capability (security); courted, it fears it and weighs its stake with the
leading power (autonomy): Morrow's trade-off, unequal for the weaker and the
stronger partner, which is why courting Russia and courting China differ.
Because ``|tanh| < 1`` and each ``u`` relaxes to a stance in ``[-1, 1]``, the
state never leaves ``[-1, 1]^3``.

The package holds the parameters, profiles, named policies and equations
(:class:`PressureParams`, :class:`ActorProfile`, :data:`POLICIES`,
:func:`vector_field`), runs under a fixed policy (:func:`simulate`,
:func:`time_to_alignment`), the long run (fixed points, the bistability window,
survival and hysteresis: :func:`steady_states`, :func:`steady_state`,
:func:`bistable_window`, :func:`hysteresis`), phase diagrams over a grid of
policies (:func:`phase_diagram`) and the fit to the record (:func:`replay`,
:func:`fit_record`).

Examples
--------
>>> run = simulate("democratism")
>>> [round(v, 2) for v in run.final]
[-1.0, -1.0, 1.0]
>>> round(steady_state("reverse_kissinger")[2], 2), round(steady_state("china_card")[2], 2)
(-1.0, 0.97)

References
----------
[heider1946attitudes] [walt1987origins] [morrow1991alliances] [lukin2018perspective]
"""

from __future__ import annotations

from ._batch import phase_diagram
from ._fit import FIT_BOUNDS, FitResult, fit_record, replay
from ._model import (
    CHINA_PROFILE,
    DEFAULT_X0,
    FIRST_VERSION,
    POLICIES,
    PROFILE_BOUNDS,
    RUSSIA_PROFILE,
    ActorProfile,
    PressureParams,
    policy_stances,
    vector_field,
)
from ._robustness import HEADLINES, RobustnessResult, robustness
from ._steady import (
    HysteresisResult,
    bistable_window,
    hysteresis,
    steady_state,
    steady_states,
)
from ._trajectory import Trajectory, simulate, time_to_alignment

__all__ = [
    "CHINA_PROFILE",
    "DEFAULT_X0",
    "FIRST_VERSION",
    "FIT_BOUNDS",
    "HEADLINES",
    "POLICIES",
    "PROFILE_BOUNDS",
    "RUSSIA_PROFILE",
    "ActorProfile",
    "FitResult",
    "HysteresisResult",
    "PressureParams",
    "RobustnessResult",
    "Trajectory",
    "bistable_window",
    "fit_record",
    "hysteresis",
    "phase_diagram",
    "policy_stances",
    "replay",
    "robustness",
    "simulate",
    "steady_state",
    "steady_states",
    "time_to_alignment",
    "vector_field",
]
