"""Benchmark: a step of Antal-Krapivsky-Redner triad dynamics, library against plain numpy.

The library keeps the imbalanced triads as the set bits of one Python integer and draws
its random numbers from a numpy Generator in batches. The baseline, run in the same
script, is the plain way to write the model: the ties in a numpy matrix, and at every
step the imbalanced triads listed with numpy and each random number drawn by its own
Generator call. Both run local triad dynamics (p = 0.3, from all hostile ties) for a
fixed number of steps on networks of several sizes; the script prints the time per step
of each and the speed-up, and exits non-zero if the library is not faster.
"""

from __future__ import annotations

import sys
import time
from itertools import combinations

import numpy as np

from lukin_course.balance_dynamics import antal_krapivsky_redner

SIZES = (8, 15, 25)
STEPS = 3_000
P = 0.3


def plain_local_dynamics(signs: np.ndarray, p: float, seed: int, steps: int) -> int:
    """LTD with numpy at every step; returns the steps taken (stops early if balanced)."""
    rng = np.random.default_rng(seed)
    s = signs.copy()
    triads = np.array(list(combinations(range(s.shape[0]), 3)))
    i, j, k = triads.T
    for step in range(steps):
        product = s[i, j] * s[j, k] * s[i, k]
        bad = np.flatnonzero(product < 0)
        if bad.size == 0:
            return step
        a, b, c = triads[rng.choice(bad)]
        links = [(a, b), (b, c), (a, c)]
        hostile = [link for link in links if s[link] < 0]
        if len(hostile) == 1 and rng.random() >= p:
            choices = [link for link in links if s[link] > 0]
        else:
            choices = hostile
        x, y = choices[rng.integers(len(choices))]
        s[x, y] = s[y, x] = -s[x, y]
    return steps


def per_step(run) -> float:
    start = time.perf_counter()
    steps = run()
    return (time.perf_counter() - start) / max(steps, 1)


def main() -> int:
    ok = True
    for n in SIZES:
        start = -np.ones((n, n), dtype=int)
        np.fill_diagonal(start, 0)
        ours = min(
            per_step(lambda s=seed, m=start: antal_krapivsky_redner(m, P, s, STEPS).steps)
            for seed in range(3)
        )
        plain = min(
            per_step(lambda s=seed, m=start: plain_local_dynamics(m, P, s, STEPS))
            for seed in range(3)
        )
        ratio = plain / ours
        ok &= ratio > 1.0
        print(f"akr_step_n{n}: {1e6 * ours:.1f} us (plain numpy baseline {1e6 * plain:.1f} us)")
        print(f"akr_step_n{n}_speedup: {ratio:.1f} x (target > 1 x)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
