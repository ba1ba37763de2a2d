"""The built book in a real browser: every page offline and error-free, math, widgets, search."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.book]

ROOT = Path(__file__).resolve().parents[1]
BOOK_HTML = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
MODEL_LESSONS = (
    "book/models/pressure-model.html",
    "book/models/alignment-games.html",
    "book/models/arms-racing-threat.html",
    "book/models/polarity.html",
)
#: A term the landing page is certain to contain (the essay's author).
SEARCH_TERM = "Lukin"
#: Generous: the machine that runs the tests may be busy.
TIMEOUT_MS = 90_000


def _built_pages() -> list[str]:
    if not BOOK_HTML.is_dir():
        return ["(book not built)"]
    return sorted(
        p.relative_to(BOOK_HTML).as_posix()
        for p in BOOK_HTML.rglob("*.html")
        if not p.relative_to(BOOK_HTML).parts[0].startswith(("_static", "_sources", "_images"))
    )


def _pages_containing(book_html: Path, needle: str) -> list[str]:
    return [
        page
        for page in _built_pages()
        if needle in (book_html / page).read_text(encoding="utf-8", errors="replace")
    ]


class _Visit:
    """Open one page and record every request, console error and uncaught exception."""

    def __init__(self, context, base_url: str, page_path: str) -> None:
        self.base = urlsplit(base_url)
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page = context.new_page()
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
        self.response = self.page.goto(base_url + page_path, wait_until="load", timeout=TIMEOUT_MS)
        self.page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)

    def foreign_requests(self) -> list[str]:
        foreign = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if (parts.scheme, parts.netloc) != (self.base.scheme, self.base.netloc):
                foreign.append(url)
        return foreign

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def visit(browser_context, book_server):
    visits: list[_Visit] = []

    def _open(page_path: str) -> _Visit:
        v = _Visit(browser_context, book_server, page_path)
        visits.append(v)
        return v

    yield _open
    for v in visits:
        v.close()


@pytest.mark.parametrize("page_path", _built_pages())
def test_page_loads_offline_without_errors(visit, book_html, page_path):
    assert (book_html / page_path).is_file(), "run `make book` first"
    v = visit(page_path)
    assert v.response is not None and v.response.ok, f"{page_path}: HTTP {v.response}"
    assert not v.foreign_requests(), f"{page_path} requested other hosts: {v.foreign_requests()}"
    assert not v.errors, f"{page_path} logged errors: {v.errors}"


def test_math_is_typeset(visit, book_html):
    pages = _pages_containing(book_html, 'class="math')
    assert pages, "no built page contains math, so MathJax cannot be checked"
    # Prefer a lesson (the API reference is large and slow to typeset).
    lessons = [p for p in pages if p.startswith(("book/models/", "book/theory/"))]
    v = visit((lessons or pages)[0])
    v.page.wait_for_selector("mjx-container", state="attached", timeout=TIMEOUT_MS)
    assert v.page.locator("mjx-container").count() >= 1
    # Typeset output carries MathJax's CommonHTML glyph markup, not the raw TeX.
    assert v.page.locator("mjx-container mjx-math").count() >= 1
    assert not v.foreign_requests() and not v.errors, (v.foreign_requests(), v.errors)


def test_saved_widget_renders(visit, book_html):
    pages = _pages_containing(book_html, WIDGET_STATE)
    assert pages, (
        "no built page contains saved ipywidgets state: a model lesson must display an "
        "explorer (lukin_course.widgets) so that its widget state is embedded in the page"
    )
    v = visit(pages[0])
    rendered = v.page.locator(".jupyter-widgets.widget-container, .jupyter-widgets .widget-slider")
    rendered.first.wait_for(state="visible", timeout=TIMEOUT_MS)
    controls = ".widget-slider, .widget-hslider, .widget-image, .widget-dropdown"
    assert v.page.locator(controls).count() >= 1
    assert not v.foreign_requests() and not v.errors, (v.foreign_requests(), v.errors)


def test_search_finds_a_known_term(visit, book_html):
    assert (book_html / "search.html").is_file()
    v = visit(f"search.html?q={SEARCH_TERM}")
    results = v.page.locator("#search-results ul.search li")
    results.first.wait_for(state="attached", timeout=TIMEOUT_MS)
    assert results.count() >= 1
    assert v.page.locator("#search-results ul.search li a").first.get_attribute("href")
    assert not v.foreign_requests() and not v.errors, (v.foreign_requests(), v.errors)


def test_screenshots_of_landing_page_and_a_model_lesson(visit, book_html):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    lessons = [p for p in MODEL_LESSONS if (book_html / p).is_file()]
    assert lessons, "no model lesson was built"
    with_widgets = [p for p in lessons if WIDGET_STATE in (book_html / p).read_text("utf-8")]
    shots = {"landing.png": "book/index.html", "model-lesson.png": (with_widgets or lessons)[0]}
    for name, page_path in shots.items():
        v = visit(page_path)
        target = SCREENSHOTS / name
        v.page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000, f"{name} looks empty"
