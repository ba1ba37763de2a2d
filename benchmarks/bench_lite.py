"""Live lab first load: seconds and bytes until a lesson has run, against its book page.

The built book (``_build/html``, from ``make book``) is served from a local HTTP
server that counts the bytes it sends, to Debian's chromium with an empty cache
(the flags of ``tests/conftest.py`` keep it off the network). For one lesson:

1. baseline: the lesson's page in the book, until its load event;
2. the live lab, first start: the lesson's notebook from its "Run live" link,
   timed at each phase: notebook shown; set-up cell done (Pyodide, the kernel
   and the lesson's packages loaded); every cell run (its explorer on screen);
3. the live lab again in the same browser (its cache warm).

Prints seconds and megabytes per phase and their ratios to the baseline.

With ``--all``, it then runs every lesson notebook of the lab in the same browser
(its cache warm) and prints, for each, the seconds until every cell has run; it
exits non-zero if a lesson raises an error or does not finish.

Usage: ``python benchmarks/bench_lite.py [--all] [page]``.
"""

from __future__ import annotations

import functools
import shutil
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOOK_HTML = ROOT / "_build" / "html"
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

LESSON = "book/models/polarity.html"
TIMEOUT_MS = 300_000
ALL_RUN = """() => {
    const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
    return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
}"""
ERROR = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']"
ALL_RUN_OR_ERROR = f"""() => document.querySelector("{ERROR}") !== null || ({ALL_RUN})()"""
STARTED = """() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
    .some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))"""
SETUP_RUN = """() => {
    const first = document.querySelector('.jp-CodeCell .jp-InputPrompt');
    return first !== null && /\\[\\d+\\]/.test(first.textContent);
}"""


class _Counter:
    def __init__(self) -> None:
        self.bytes = 0
        self.lock = threading.Lock()

    def add(self, n: int) -> None:
        with self.lock:
            self.bytes += n


def _handler(counter: _Counter) -> type[SimpleHTTPRequestHandler]:
    class Counting(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def copyfile(self, source, outputfile) -> None:  # type: ignore[no-untyped-def]
            while chunk := source.read(1 << 16):
                outputfile.write(chunk)
                counter.add(len(chunk))

    return Counting


def _run_all(lab) -> None:  # type: ignore[no-untyped-def]
    """Run > Run All Cells once the kernel session is there (again if no cell starts)."""
    lab.locator(".jp-KernelName", has_text="Pyodide").first.wait_for(timeout=TIMEOUT_MS)
    for _ in range(3):
        lab.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        lab.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        try:
            lab.wait_for_function(STARTED, timeout=20_000, polling=250)
            return
        except Exception:
            lab.keyboard.press("Escape")
    raise RuntimeError("Run All Cells started no cell")


def _run_lab(context, url: str, counter: _Counter, start_bytes: int) -> dict[str, tuple]:
    """Open the lab at ``url``, run every cell; (seconds, MB) at each phase."""
    phases: dict[str, tuple] = {}
    t0 = time.perf_counter()
    lab = context.new_page()

    def mark(name: str) -> None:
        phases[name] = (time.perf_counter() - t0, (counter.bytes - start_bytes) / 1e6)

    lab.goto(url)
    lab.locator(".jp-Notebook .jp-CodeCell").first.wait_for(timeout=TIMEOUT_MS)
    mark("notebook shown")
    _run_all(lab)
    lab.wait_for_function(SETUP_RUN, timeout=TIMEOUT_MS, polling=100)
    mark("set-up cell done (Python and packages loaded)")
    lab.wait_for_function(ALL_RUN, timeout=TIMEOUT_MS, polling=100)
    mark("every cell run")
    lab.close()
    return phases


def _run_every_lesson(context, base: str) -> list[str]:
    """Run each lesson notebook of the lab; print its time; return the failures."""
    failures = []
    for path in sorted((BOOK_HTML / "lite" / "files").rglob("*.ipynb")):
        name = path.relative_to(BOOK_HTML / "lite" / "files").as_posix()
        lab = context.new_page()
        t0 = time.perf_counter()
        lab.goto(f"{base}lite/notebooks/index.html?path={name}")
        lab.locator(".jp-Notebook .jp-CodeCell").first.wait_for(timeout=TIMEOUT_MS)
        _run_all(lab)
        try:
            lab.wait_for_function(ALL_RUN_OR_ERROR, timeout=TIMEOUT_MS, polling=250)
            errors = lab.locator(ERROR)
            status = f"error: {errors.first.inner_text()[-300:]}" if errors.count() else "ok"
        except Exception as error:  # a time-out: report it with the others
            status = f"did not finish: {error}"
        print(f"lite_lesson_run_all: {name}: {time.perf_counter() - t0:.1f} s, {status}")
        if status != "ok":
            failures.append(name)
        lab.close()
    return failures


def main() -> int:
    args = [arg for arg in sys.argv[1:] if arg != "--all"]
    every_lesson = "--all" in sys.argv[1:]
    lesson = args[0] if args else LESSON
    if not (BOOK_HTML / "lite" / "index.html").is_file():
        sys.exit("no live lab in _build/html/lite: run `make book` first")
    from playwright.sync_api import sync_playwright

    counter = _Counter()
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_handler(counter), directory=str(BOOK_HTML))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    profile = Path(tempfile.mkdtemp(prefix="bench-lite-"))
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            page = context.new_page()
            t0 = time.perf_counter()
            page.goto(base + lesson, wait_until="load")
            baseline = (time.perf_counter() - t0, counter.bytes / 1e6)
            href = page.locator("a.lukin-run-live-button").get_attribute("href")
            lab_url = page.url.rsplit("/", 1)[0] + "/" + str(href)
            page.close()
            cold = _run_lab(context, lab_url, counter, counter.bytes)
            warm = _run_lab(context, lab_url, counter, counter.bytes)
            failures = _run_every_lesson(context, base) if every_lesson else []
            context.close()
    finally:
        server.shutdown()
        shutil.rmtree(profile, ignore_errors=True)
    seconds, megabytes = baseline
    print(f"lite_lesson: {lesson}")
    print(f"lite_book_page_load: {seconds:.1f} s, {megabytes:.1f} MB (baseline)")
    for label, phases in (("first start", cold), ("second start", warm)):
        for phase, (s, mb) in phases.items():
            print(
                f"lite_{label.replace(' ', '_')}: {phase}: {s:.1f} s ({s / seconds:.0f}x), "
                f"{mb:.1f} MB ({mb / max(megabytes, 0.01):.0f}x)"
            )
    if failures:
        print(f"lite_lessons_failed: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
