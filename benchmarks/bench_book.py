"""Book build time: a cold build against a rebuild with nothing changed.

The book's sources, the library it imports and the instructor notebooks the
syllabus reads are copied into a temporary folder (the copy of ``lukin_course``
goes first on ``PYTHONPATH``, so edits to the working tree during the run cannot
count as changes) and the book is built there twice with the same flags as
``make book`` (``-n -W --keep-going``):

1. cold: no Sphinx environment and no execution cache, so every notebook runs;
2. no change: the same command again; Sphinx and jupyter-cache should find
   nothing to redo.

The rebuild must take at most 15 % of the cold build, measured in the same run
on the same machine. Exits non-zero when a build fails or the target is missed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
FLAGS = ["-n", "-W", "--keep-going"]
TARGET_PERCENT = 15.0


def copy_book(dest: Path) -> Path:
    """Copy what the book is built from; the npm assets are linked, not copied."""
    # The live lab builds the library's wheel (pyproject, README, LICENSE) and
    # takes the browser's pure-Python wheels at the versions of constraints.txt.
    for name in (
        "_config.yml",
        "_toc.yml",
        "pyproject.toml",
        "constraints.txt",
        "README.md",
        "LICENSE",
    ):
        shutil.copy2(ROOT / name, dest / name)
    ignore = shutil.ignore_patterns("node_modules", "_build", ".ipynb_checkpoints", "__pycache__")
    shutil.copytree(ROOT / "book", dest / "book", ignore=ignore)
    shutil.copytree(ROOT / "lukin_course", dest / "lukin_course", ignore=ignore)
    # The syllabus reads each assignment's points from the instructor notebooks.
    shutil.copytree(ROOT / "solutions", dest / "solutions", ignore=ignore)
    node_modules = ROOT / "book" / "node_modules"
    if not node_modules.is_dir():
        sys.exit("book/node_modules is missing: run `make book-assets` first")
    (dest / "book" / "node_modules").symlink_to(node_modules, target_is_directory=True)
    return dest


def timed_build(source: Path) -> float:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(source), env.get("PYTHONPATH")]))
    start = time.perf_counter()
    result = subprocess.run(
        [str(JUPYTER_BOOK), "build", str(source), *FLAGS],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        print(result.stdout[-4000:], result.stderr[-4000:], sep="\n", file=sys.stderr)
        sys.exit(f"the book build failed (exit {result.returncode}); see the log above")
    return elapsed


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-book-") as tmp:
        source = copy_book(Path(tmp))
        cold = timed_build(source)
        rebuild = timed_build(source)
    ratio = 100.0 * rebuild / cold
    print(f"book_cold_build: {cold:.1f} s")
    print(f"book_rebuild_no_change: {rebuild:.1f} s")
    print(f"book_rebuild_ratio: {ratio:.1f} % (target <= {TARGET_PERCENT:.0f} %)")
    if ratio > TARGET_PERCENT:
        print("book_rebuild_ratio: target missed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
