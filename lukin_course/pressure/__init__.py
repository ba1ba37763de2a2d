"""The pressure model: a leading power's policy towards two others.

**This is this course's own teaching model**, not a model from the literature. It
turns the essay's argument (claims C8, C10, C11 and C15) into three differential
equations so that students can ask "what if": what if the United States had
courted one of the two, or pressed both, or relented later? The parameter values
shipped as defaults are *illustrative, not estimated* from data.

The state is ``x = (u_r, u_c, r)`` in ``[-1, 1]^3``: the United States–Russia tie,
the United States–China tie and the Russia–China tie (+1 amity, -1 enmity). Time
``t`` is in years. A policy is a pair of stances ``(s_r, s_c)`` in ``[-1, 1]^2``
that the leading power takes towards Russia and China (+1 full engagement, -1 full
pressure)::

    du_r/dt = alpha (s_r - u_r)
    du_c/dt = alpha (s_c - u_c)
    dr/dt   = lam [tanh(h(u_r, u_c) + eta r) - r]
    h       = beta u_r u_c - kappa (u_r + u_c) / 2 + gamma - delta

The ties with the leading power relax towards its stances; the Russia–China tie
relaxes towards a saturating response to the "field" ``h`` plus its own
self-reinforcement ``eta r``. Because ``|tanh| < 1`` and each ``u`` relaxes to a
stance in ``[-1, 1]``, the state never leaves ``[-1, 1]^3``.

The package holds the parameters, named policies and equations
(:class:`PressureParams`, :data:`POLICIES`, :func:`vector_field`), runs under a fixed
policy (:func:`simulate`, :func:`time_to_alignment`), the long run (fixed points,
the bistability window and hysteresis: :func:`steady_states`, :func:`steady_state`,
:func:`bistable_window`, :func:`hysteresis`) and phase diagrams over a grid of
policies (:func:`phase_diagram`).

Examples
--------
>>> run = simulate("democratism")
>>> 0 < time_to_alignment(run) < 30, [round(v, 2) for v in run.final]
(True, [-1.0, -1.0, 1.0])
>>> [round(r, 3) for r in steady_states("engagement")]  # two stable states: bistable
[-0.894, 0.801]
>>> hysteresis().persists  # an alignment built under pressure outlasts it
True

References
----------
[heider1946attitudes] [walt1987origins] [lukin2018perspective]
"""

from __future__ import annotations

from ._batch import phase_diagram
from ._model import DEFAULT_X0, POLICIES, PressureParams, policy_stances, vector_field
from ._steady import (
    HysteresisResult,
    bistable_window,
    hysteresis,
    steady_state,
    steady_states,
)
from ._trajectory import Trajectory, simulate, time_to_alignment

__all__ = [
    "DEFAULT_X0",
    "POLICIES",
    "HysteresisResult",
    "PressureParams",
    "Trajectory",
    "bistable_window",
    "hysteresis",
    "phase_diagram",
    "policy_stances",
    "simulate",
    "steady_state",
    "steady_states",
    "time_to_alignment",
    "vector_field",
]
