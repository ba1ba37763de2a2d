"""Shared fixtures: the built book (markers ``book`` and ``browser``) and sandbox watching."""

from __future__ import annotations

import functools
import os
import re
import threading
import zlib
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOOK_HTML = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: The two widths the book is checked at: a laptop and a phone.
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def book_html() -> Path:
    """The built HTML book; fails clearly when it has not been built."""
    if not (BOOK_HTML / "index.html").is_file():
        pytest.fail(f"no built book at {BOOK_HTML.relative_to(ROOT)}: run `make book` first")
    return BOOK_HTML


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def book_server(book_html: Path) -> Iterator[str]:
    """Serve the built book on an ephemeral localhost port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(book_html))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """A headless Debian chromium driven by Playwright (one per test session)."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def browser_context(chromium: Any) -> Iterator[Any]:
    """A fresh browser profile at desktop width (1366 px)."""
    context = chromium.new_context(viewport=DESKTOP)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture(scope="session")
def phone_context(chromium: Any) -> Iterator[Any]:
    """A fresh browser profile at phone width (390 px, touch)."""
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture(scope="module")
def sandbox_watch(request: pytest.FixtureRequest) -> Iterator[Callable[[], list[str]]]:
    """Give this module's sandboxes uids of their own; yield a lister of those still alive.

    Sandboxes started as root switch to ``LUKIN_COURSE_SANDBOX_UID_BASE + ...``; a base
    per test module keeps modules that run at the same time (pytest-xdist) apart.
    """
    base = 2_100_000_000 + zlib.crc32(request.module.__name__.encode()) % 20 * 100_000_000
    saved = os.environ.get("LUKIN_COURSE_SANDBOX_UID_BASE")
    os.environ["LUKIN_COURSE_SANDBOX_UID_BASE"] = str(base)

    def alive() -> list[str]:
        found = []
        for pid in os.listdir("/proc"):
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except (OSError, ValueError):
                continue
            uid = int(next(x for x in status.splitlines() if x.startswith("Uid:")).split()[1])
            match = re.search(r'"uid": (\d+)', cmd) if "_worker.py" in cmd else None
            if base <= uid < base + 100_000_000 or (
                match and base <= int(match.group(1)) < base + 100_000_000
            ):
                found.append(f"{pid} uid={uid} {cmd[:80]}")
        return found

    try:
        yield alive
    finally:
        if saved is None:
            os.environ.pop("LUKIN_COURSE_SANDBOX_UID_BASE", None)
        else:
            os.environ["LUKIN_COURSE_SANDBOX_UID_BASE"] = saved
