"""Shared parts of the browser tests: the pages, a visit that waits for what it means."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
BOOK_HTML = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
AXE = ROOT / "book" / "node_modules" / "axe-core" / "axe.min.js"
#: Generous: the machine that runs the tests may be busy.
TIMEOUT_MS = 60_000
#: Folders of the built book that hold no pages of its own (lite/ is the live
#: lab, JupyterLite, tested in test_lite.py).
NOT_PAGES = ("_static", "_sources", "_images", "lite")


def _built_pages() -> list[str]:
    if not BOOK_HTML.is_dir():
        return ["(book not built)"]
    return sorted(
        p.relative_to(BOOK_HTML).as_posix()
        for p in BOOK_HTML.rglob("*.html")
        if not p.relative_to(BOOK_HTML).parts[0].startswith(NOT_PAGES)
    )


def _lesson_pages() -> list[str]:
    return [p for p in _built_pages() if p.startswith("book/") and not p.startswith("book/back/")]


class _Visit:
    """Open one page, record its requests and errors, and wait until it is ready."""

    def __init__(self, context, base_url: str, page_path: str) -> None:
        self.base = urlsplit(base_url)
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page = context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on(
            "console",
            lambda msg: (
                self.errors.append(f"console.{msg.type}: {msg.text}")
                if msg.type == "error"
                else None
            ),
        )
        self.page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        self.page.on(
            "response",
            lambda r: self.errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
        )
        self.response = self.page.goto(base_url + page_path, wait_until="load")
        self.ready()

    def ready(self) -> None:
        """The article is there and, where the page has math, MathJax has typeset it."""
        self.page.locator("#main-content, #search-results, body").first.wait_for(state="attached")
        if self.page.locator("script[src*='mathjax']").count():
            self.page.wait_for_function(
                "() => window.MathJax && MathJax.startup && MathJax.startup.promise"
            )
            self.page.evaluate("() => MathJax.startup.promise.then(() => true)")

    def foreign_requests(self) -> list[str]:
        foreign = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if (parts.scheme, parts.netloc) != (self.base.scheme, self.base.netloc):
                foreign.append(url)
        return foreign

    def axe(self) -> list[str]:
        """Serious and critical axe-core violations, one line per rule."""
        self.page.add_script_tag(path=str(AXE))
        violations = self.page.evaluate(
            """async () => {
                const result = await axe.run(document, {resultTypes: ["violations"]});
                return result.violations
                    .filter(v => v.impact === "serious" || v.impact === "critical")
                    .map(v => `${v.impact} ${v.id} (${v.nodes.length}): ` +
                              v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
            }"""
        )
        return list(violations)

    def overflow(self) -> dict[str, object]:
        """What is wider than its place: the page itself, code lines, wide figures."""
        return dict(
            self.page.evaluate(
                """() => ({
                    page: document.documentElement.scrollWidth - window.innerWidth,
                    code: [...document.querySelectorAll(".cell_input pre, div.highlight pre")]
                        .filter(p => p.offsetParent && p.scrollWidth > p.clientWidth + 1)
                        .map(p => p.textContent.split("\\n").reduce(
                            (a, b) => (b.length > a.length ? b : a), "").slice(0, 100)),
                    figures: [...document.querySelectorAll("img.lukin-wide")]
                        .filter(img => img.naturalWidth > 0)
                        .map(img => img.getBoundingClientRect().width / img.naturalWidth),
                })"""
            )
        )

    def close(self) -> None:
        self.page.close()


def visits(context, book_server):
    """Body of the ``visit`` fixtures: open pages in ``context``, close them afterwards."""
    opened: list[_Visit] = []

    def _open(page_path: str) -> _Visit:
        v = _Visit(context, book_server, page_path)
        opened.append(v)
        return v

    yield _open
    for v in opened:
        v.close()


def _assert_clean(v: _Visit, page_path: str) -> None:
    assert v.response is not None and v.response.ok, f"{page_path}: HTTP {v.response}"
    assert not v.foreign_requests(), f"{page_path} requested other hosts: {v.foreign_requests()}"
    assert not v.errors, f"{page_path} logged errors: {v.errors}"
