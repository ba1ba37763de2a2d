"""Benchmark: `import lukin_course` in a fresh interpreter.

Times the import in fresh subprocesses (median of several runs) against baselines
run the same way in the same script: an empty interpreter (`python -c pass`) and
`import numpy`. Also checks that the import leaves the heavy optional dependencies
unloaded. Exits non-zero when the target is missed or a heavy module was loaded.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

RUNS = 7
TARGET_S = 0.5
HEAVY = ("matplotlib", "pandas", "scipy", "ipywidgets", "nbgrader")


def _median_seconds(code: str) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    empty = _median_seconds("pass")
    numpy = _median_seconds("import numpy")
    package = _median_seconds("import lukin_course")
    print(f"import_lukin_course: {package:.3f} s (target <= {TARGET_S:g} s)")
    print(f"baseline_python_empty: {empty:.3f} s; ratio: {package / empty:.2f}")
    print(f"baseline_import_numpy: {numpy:.3f} s; ratio: {package / numpy:.2f}")

    check = f"import sys, lukin_course; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    loaded = out.stdout.split()
    print(f"heavy_modules_after_import: {', '.join(loaded) or 'none'} (target: none)")

    ok = package <= TARGET_S and not loaded
    if not ok:
        print("bench_import: a target was missed", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
