"""Benchmark: the pressure model's phase diagram, batch RK4 against a loop of solve_ivp.

Both integrators run every policy of the same 200 x 200 grid to its steady state
(``max |dx/dt| < tol``, same ``t_max`` and ``tol``), in the same run. The baseline is
the plain way to do it: one ``scipy.integrate.solve_ivp`` call per policy on the
model's public :func:`lukin_course.pressure.vector_field`, stopped by an event. Prints
one line per measure, ``name: value unit (target ...)``, and exits non-zero if a target
is missed. The solve_ivp loop takes a few minutes.
"""

from __future__ import annotations

import sys
import time

import numpy as np
from scipy.integrate import solve_ivp

from lukin_course.pressure import DEFAULT_X0, phase_diagram, vector_field

N = 200
T_MAX = 500.0
TOL = 1e-6
SPEEDUP_TARGET = 100.0
DIFF_TARGET = 1e-3


def phase_diagram_reference(axis: np.ndarray, t_max: float, tol: float) -> np.ndarray:
    """The same grid, one solve_ivp (RK45, rtol 1e-6, atol 1e-9) run per policy."""
    out = np.empty((axis.size, axis.size))
    x0 = np.asarray(DEFAULT_X0, dtype=float)
    for i, s_c in enumerate(axis):
        for j, s_r in enumerate(axis):
            policy = (float(s_r), float(s_c))

            def rhs(_t: float, x: np.ndarray, policy: tuple = policy) -> np.ndarray:
                return vector_field(x, policy)

            def still(_t: float, x: np.ndarray, policy: tuple = policy) -> float:
                return float(np.max(np.abs(vector_field(x, policy)))) - tol

            still.terminal = True  # type: ignore[attr-defined]
            sol = solve_ivp(rhs, (0.0, t_max), x0, rtol=1e-6, atol=1e-9, events=still)
            out[i, j] = sol.y[2, -1]
    return out


def main() -> int:
    axis = np.linspace(-1.0, 1.0, N)
    phase_diagram(axis[:5], axis[:5], t_max=T_MAX, tol=TOL)  # warm-up

    start = time.perf_counter()
    batch = phase_diagram(axis, axis, t_max=T_MAX, tol=TOL)
    t_batch = time.perf_counter() - start

    start = time.perf_counter()
    reference = phase_diagram_reference(axis, T_MAX, TOL)
    t_reference = time.perf_counter() - start

    speedup = t_reference / t_batch
    diff = float(np.max(np.abs(batch - reference)))
    print(f"pressure_phase_diagram_batch_time: {t_batch:.3f} s (grid {N} x {N})")
    print(f"pressure_phase_diagram_reference_time: {t_reference:.1f} s (grid {N} x {N})")
    print(f"pressure_phase_diagram_speedup: {speedup:.1f} x (target >= {SPEEDUP_TARGET:g} x)")
    print(f"pressure_phase_diagram_max_abs_diff: {diff:.1e} (target <= {DIFF_TARGET:g})")
    return 0 if speedup >= SPEEDUP_TARGET and diff <= DIFF_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
