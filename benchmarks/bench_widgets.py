"""Benchmark: one explorer update (control change -> model -> Agg redraw -> PNG).

For each explorer, time ~50 updates with varied values after a warm-up, and compare
with a baseline measured in the same run: the same model and plot drawn into a fresh
figure for every update (what a naive callback would do). Prints the median and 95th
percentile against the targets and the ratio to the baseline; exits non-zero when a
target is missed.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from lukin_course import widgets

N_UPDATES = 50
WARM_UP = 5
TARGET_MEDIAN_MS = 50.0
TARGET_P95_MS = 100.0


def _cases(rng: np.random.Generator) -> dict[str, Callable[[int], dict[str, Any]]]:
    stances = np.round(rng.uniform(-1, 1, size=(N_UPDATES + WARM_UP, 2)), 2)
    etas = np.round(rng.uniform(0.0, 3.0, size=N_UPDATES + WARM_UP), 2)
    seeds = rng.integers(0, 100, size=N_UPDATES + WARM_UP)
    # Mend probabilities over all of [0, 1] on the slider's grid: low p makes long runs
    # (up to the explorer's 20,000-step cap at n = 10), so the timing includes them.
    mend = np.round(rng.uniform(0.0, 1.0, size=N_UPDATES + WARM_UP) / 0.05) * 0.05
    mend[::5] = np.round(rng.uniform(0.0, 0.25, size=len(mend[::5])) / 0.05) * 0.05
    scores = np.round(rng.uniform(0.0, 1.0, size=(N_UPDATES + WARM_UP, 2)), 2)
    pressures = np.round(rng.uniform(0.0, 1.5, size=N_UPDATES + WARM_UP), 2)
    temptations = np.round(rng.uniform(0.0, 3.0, size=N_UPDATES + WARM_UP), 1)
    thresholds = np.round(rng.uniform(0.1, 1.5, size=N_UPDATES + WARM_UP) / 0.05) * 0.05
    indicators = ("composite", "gdp", "military_expenditure")
    return {
        "triangle": lambda i: {
            "us_russia": (-1, 1)[i % 2],
            "us_china": (-1, 1)[(i // 2) % 2],
            "russia_china": (-1, 1)[(i // 4) % 2],
        },
        "pressure": lambda i: {
            "s_russia": float(stances[i, 0]),
            "s_china": float(stances[i, 1]),
            "eta": float(etas[i]),
        },
        "balance": lambda i: {"seed": int(seeds[i]), "n": 3 + i % 8, "p": float(mend[i])},
        "threat": lambda i: {
            "proximity": float(scores[i, 0]),
            "aggressive_intentions": float(scores[i, 1]),
            "mode": ("additive", "gated")[i % 2],
        },
        # mostly the pressure slider (the marker moves); every fourth a new payoff
        "alignment": lambda i: (
            {"pressure": float(pressures[i])}
            | ({"temptation": float(temptations[i])} if i % 4 == 0 else {})
        ),
        # mostly the threshold; every third a new indicator, every fifth India in or out
        "polarity": lambda i: (
            {"threshold": float(min(max(thresholds[i], 0.1), 1.5))}
            | ({"indicator": indicators[(i // 3) % 3]} if i % 3 == 0 else {})
            | ({"india": bool((i // 5) % 2)} if i % 5 == 0 else {})
        ),
    }


def _fresh_figure_update(ex: widgets.Explorer, values: dict[str, Any]) -> None:
    """Baseline: compute the same model, then draw it into a brand-new figure."""
    current = {name: control.value for name, control in ex.controls.items()}
    current.update(values)
    result = ex._compute(current)
    fig = Figure(figsize=ex.figure.get_size_inches(), dpi=ex.figure.dpi, layout="constrained")
    FigureCanvasAgg(fig)
    saved = ex.figure, ex.axes
    ex.figure, ex.axes = fig, list(np.atleast_1d(fig.subplots(1, len(saved[1]))))
    try:
        ex._draw(result)  # everything, figure legend included
    finally:
        ex.figure, ex.axes = saved
    fig.canvas.print_png(io.BytesIO())


def _time(update: Callable[[int], None]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each update after the warm-up."""
    for i in range(WARM_UP):
        update(i)
    wall, cpu = [], []
    for i in range(WARM_UP, WARM_UP + N_UPDATES):
        start, start_cpu = time.perf_counter(), time.process_time()
        update(i)
        wall.append((time.perf_counter() - start) * 1000.0)
        cpu.append((time.process_time() - start_cpu) * 1000.0)
    return wall, cpu


def main() -> int:
    rng = np.random.default_rng(2018)
    factories = {
        "triangle": widgets.triangle_explorer,
        "pressure": widgets.pressure_explorer,
        "balance": widgets.balance_explorer,
        "threat": widgets.threat_explorer,
        "alignment": widgets.alignment_explorer,
        "polarity": widgets.polarity_explorer,
    }
    ok = True
    for name, values_for in _cases(rng).items():
        ex = factories[name]()
        times, cpu = _time(lambda i, ex=ex, values_for=values_for: ex.update(**values_for(i)))
        base, _ = _time(
            lambda i, ex=ex, values_for=values_for: _fresh_figure_update(ex, values_for(i))
        )
        median, p95 = statistics.median(times), float(np.percentile(times, 95))
        base_median = statistics.median(base)
        print(f"widget_update_{name}_median: {median:.1f} ms (target <= {TARGET_MEDIAN_MS:g} ms)")
        print(f"widget_update_{name}_p95: {p95:.1f} ms (target <= {TARGET_P95_MS:g} ms)")
        print(
            f"widget_update_{name}_baseline_fresh_figure_median: {base_median:.1f} ms; "
            f"ratio update/baseline: {median / base_median:.2f}"
        )
        print(
            f"widget_update_{name}_cpu_median: {statistics.median(cpu):.1f} ms "
            "(CPU time of this process; wall time above includes waiting for a busy machine)"
        )
        print(f"widget_update_{name}_cpu_p95: {float(np.percentile(cpu, 95)):.1f} ms")
        ok &= median <= TARGET_MEDIAN_MS and p95 <= TARGET_P95_MS
    if not ok:
        print("bench_widgets: a target was missed", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
