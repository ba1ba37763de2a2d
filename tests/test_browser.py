"""The built book in a real browser, as a student reads it on a laptop and on a phone.

Every page: offline (no request to another host), no console error, math typeset,
no serious or critical accessibility violation (axe-core, pinned in
``book/package-lock.json``), code lines that fit, nothing wider than the screen.
Then the parts a reader works with: the navigation on a phone and on a desktop,
dark mode, search.

The tests wait for what they mean (the article, MathJax's startup promise, the
dialog, the search summary), never for the network to go quiet, so a busy
machine makes them slower, not flaky.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.book]

ROOT = Path(__file__).resolve().parents[1]
BOOK_HTML = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
AXE = ROOT / "book" / "node_modules" / "axe-core" / "axe.min.js"
#: Generous: the machine that runs the tests may be busy.
TIMEOUT_MS = 60_000
#: The essay's author: every lesson page mentions him, and so does every API object's
#: package name ("lukin_course").
SEARCH_TERM = "Lukin"
#: A multi-panel figure on a phone is shown at least this fraction of its drawn size.
MIN_WIDE_FIGURE_SCALE = 0.6


def _built_pages() -> list[str]:
    if not BOOK_HTML.is_dir():
        return ["(book not built)"]
    return sorted(
        p.relative_to(BOOK_HTML).as_posix()
        for p in BOOK_HTML.rglob("*.html")
        if not p.relative_to(BOOK_HTML).parts[0].startswith(("_static", "_sources", "_images"))
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


def _visitor(context, book_server):
    visits: list[_Visit] = []

    def _open(page_path: str) -> _Visit:
        v = _Visit(context, book_server, page_path)
        visits.append(v)
        return v

    return _open, visits


@pytest.fixture
def visit(browser_context, book_server):
    _open, visits = _visitor(browser_context, book_server)
    yield _open
    for v in visits:
        v.close()


@pytest.fixture
def visit_phone(phone_context, book_server):
    _open, visits = _visitor(phone_context, book_server)
    yield _open
    for v in visits:
        v.close()


def _assert_clean(v: _Visit, page_path: str) -> None:
    assert v.response is not None and v.response.ok, f"{page_path}: HTTP {v.response}"
    assert not v.foreign_requests(), f"{page_path} requested other hosts: {v.foreign_requests()}"
    assert not v.errors, f"{page_path} logged errors: {v.errors}"


@pytest.mark.parametrize("page_path", _built_pages())
def test_page_on_desktop(visit, book_html, page_path):
    """Offline, error-free, typeset, accessible, and code lines fit the column."""
    assert AXE.is_file(), "axe-core is missing: run `make book-assets`"
    v = visit(page_path)
    _assert_clean(v, page_path)
    # Every formula typeset: no math element left without MathJax's output.
    raw = v.page.locator(".math:not(:has(mjx-container)):not(mjx-container)").count()
    assert raw == 0, f"{page_path}: {raw} formula(s) not typeset"
    violations = v.axe()
    assert not violations, f"{page_path}: accessibility violations:\n" + "\n".join(violations)
    overflow = v.overflow()
    assert overflow["page"] <= 0, f"{page_path} is {overflow['page']} px wider than the window"
    assert not overflow["code"], f"{page_path}: code lines wider than the column: {overflow}"


@pytest.mark.parametrize("page_path", _built_pages())
def test_page_on_phone(visit_phone, book_html, page_path):
    """At 390 px nothing widens the page and multi-panel figures stay readable."""
    v = visit_phone(page_path)
    _assert_clean(v, page_path)
    overflow = v.overflow()
    assert overflow["page"] <= 0, f"{page_path} is {overflow['page']} px wider than the phone"
    small = [s for s in overflow["figures"] if s < MIN_WIDE_FIGURE_SCALE]  # type: ignore[union-attr]
    assert not small, f"{page_path}: multi-panel figures shrunk to {small} of their size"


@pytest.mark.parametrize("page_path", ["book/index.html", "book/models/pressure-model.html"])
def test_phone_navigation_opens(visit_phone, page_path):
    v = visit_phone(page_path)
    page = v.page
    # The table of contents, by touch.
    toggle = page.locator(".primary-toggle:visible")
    assert toggle.count() == 1, "no visible ☰ button at phone width"
    toggle.click()
    page.wait_for_function("() => document.getElementById('pst-primary-sidebar-modal').open")
    dialog = page.locator("#pst-primary-sidebar-modal")
    chapters = dialog.locator("a.reference.internal:visible")
    assert chapters.count() >= len(_lesson_pages()) - 1, "the phone menu lists too few pages"
    violations = v.axe()
    assert not violations, "accessibility violations with the menu open:\n" + "\n".join(violations)
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('pst-primary-sidebar-modal').open")
    # ... and by keyboard.
    toggle.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('pst-primary-sidebar-modal').open")
    page.keyboard.press("Escape")
    # The page's contents, where the page has sections.
    contents = page.locator(".secondary-toggle:visible")
    if page.locator("#pst-secondary-sidebar .toc-entry").count():
        assert contents.count() == 1, "no visible page-contents button at phone width"
        contents.click()
        page.wait_for_function("() => document.getElementById('pst-secondary-sidebar-modal').open")
        assert page.locator("#pst-secondary-sidebar-modal a.nav-link:visible").count() >= 1
        page.keyboard.press("Escape")
    # Following a link from the menu leaves the page.
    toggle.click()
    page.wait_for_function("() => document.getElementById('pst-primary-sidebar-modal').open")
    target = chapters.filter(has_not=page.locator(".current")).last
    href = target.get_attribute("href")
    target.click()
    page.wait_for_url(f"**/{Path(str(href).split('#')[0]).name}")
    assert not v.errors, v.errors


def test_desktop_sidebar_collapses(visit):
    v = visit("book/theory/realism.html")
    page = v.page
    sidebar = page.locator("#pst-primary-sidebar")
    assert sidebar.is_visible()
    toggle = page.locator(".primary-toggle:visible")
    assert toggle.count() == 1
    toggle.click()
    sidebar.wait_for(state="hidden")
    toggle.click()
    sidebar.wait_for(state="visible")
    assert not v.errors, v.errors


def test_dark_mode_follows_the_system(chromium, book_server):
    context = chromium.new_context(viewport=DESKTOP, color_scheme="dark")
    try:
        v = _Visit(context, book_server, "book/theory/realism.html")
        v.page.wait_for_function("() => document.documentElement.dataset.theme === 'dark'")
        background = v.page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        channels = [int(c) for c in background[background.index("(") + 1 : -1].split(",")[:3]]
        assert max(channels) < 80, f"dark mode, yet the page background is {background}"
        assert not v.errors, v.errors
    finally:
        context.close()


def test_search_ranks_lessons_above_the_api(visit, book_html):
    v = visit(f"search.html?q={SEARCH_TERM}")
    page = v.page
    page.locator("#search-results p.search-summary").filter(has_text="found").wait_for()
    hrefs = page.locator("#search-results ul.search li > a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    docs = [href.split("#")[0].split("?")[0] for href in hrefs]
    assert docs, "no search results"
    lessons = [i for i, d in enumerate(docs) if d.startswith("book/") and "book/back/" not in d]
    api = [i for i, d in enumerate(docs) if d.startswith("book/back/api")]
    assert lessons, f"no lesson among the results for {SEARCH_TERM!r}"
    assert not api or max(lessons) < min(api), "an API object ranks above a lesson"
    # The page about the essay and its author is among the first results.
    assert any("book/start/the-essay" in d for d in docs[:3]), docs[:5]
    # Objects match by their own names, not by the package name they all share.
    assert len(api) <= 10, f"{len(api)} API results for {SEARCH_TERM!r}"
    _assert_clean(v, "search.html")


def _explorer_pages() -> list[str]:
    return [
        p
        for p in _built_pages()
        if p.startswith("book/")
        and "data-lukin-explorer" in (BOOK_HTML / p).read_text(encoding="utf-8", errors="replace")
    ]


#: Try each control's options until one changes the figure and its alt text; report
#: per control whether one did, and the update times the explorer's script measured.
_EXERCISE_CONTROLS = """async (root) => {
  const data = JSON.parse(root.querySelector("script.lukin-explorer__data").textContent);
  const img = root.querySelector("img.lukin-explorer__figure");
  const settle = async () => {
    for (let i = 0; i < 400 && root.dataset.updateMs === undefined; i++) {
      await new Promise(r => setTimeout(r, 5));
    }
    return Number(root.dataset.updateMs);
  };
  const report = { bytes: data.images.reduce((n, s) => n + s.length, 0), controls: [], ms: [] };
  for (let i = 0; i < data.controls.length; i++) {
    const c = data.controls[i];
    const els = [...root.querySelectorAll(`[data-control="${i}"]`)];
    let changed = false;
    for (let j = 0; j < c.labels.length && !changed; j++) {
      const before = [img.src, img.alt];
      delete root.dataset.updateMs;
      if (c.kind === "radio") {
        if (els[j].disabled || els[j].checked) continue;
        els[j].click();
      } else if (c.kind === "checkbox") {
        if (els[0].disabled) break;
        els[0].click();
      } else {
        if (els[0].disabled || Number(els[0].value) === j) continue;
        if (c.kind === "select" && els[0].options[j].disabled) continue;
        els[0].value = String(j);
        els[0].dispatchEvent(new Event(c.kind === "range" ? "input" : "change", {bubbles: true}));
      }
      const ms = await settle();
      if (!Number.isNaN(ms)) report.ms.push(ms);
      changed = img.src !== before[0] && img.alt !== before[1] && img.alt.length > 0;
    }
    report.controls.push([c.label, changed]);
  }
  return report;
}"""


@pytest.mark.parametrize("page_path", _explorer_pages())
def test_every_explorer_control_changes_the_figure(visit, page_path):
    """Each control of each precomputed explorer changes the figure and its alt text,
    within 50 ms, from at most 2 MB of frames, and responds to the keyboard."""
    v = visit(page_path)
    explorers = v.page.locator("[data-lukin-explorer]")
    assert explorers.count() >= 1
    for k in range(explorers.count()):
        root = explorers.nth(k)
        assert "Precomputed" in root.locator(".lukin-explorer__note").inner_text()
        report = root.evaluate(_EXERCISE_CONTROLS)
        dead = [label for label, changed in report["controls"] if not changed]
        assert not dead, f"{page_path}: controls that change nothing: {dead}"
        assert report["bytes"] <= 2_000_000, f"{page_path}: {report['bytes']} bytes of frames"
        assert report["ms"] and max(report["ms"]) <= 50, f"{page_path}: updates {report['ms']} ms"
        # By keyboard: the first enabled control takes focus and an arrow key moves it.
        first = root.locator("[data-control]:not([disabled])").first
        state = root.get_attribute("data-state")
        first.focus()
        keys = (
            ["Space"]
            if first.get_attribute("type") == "checkbox"
            else ["ArrowRight"] + ["ArrowLeft"] * 2
        )
        for key in keys:  # an arrow may first land on the option already chosen
            v.page.keyboard.press(key)
            if root.get_attribute("data-state") != state:
                break
        assert root.get_attribute("data-state") != state, f"{page_path}: keyboard does nothing"
    assert not v.errors, v.errors


def test_screenshots(visit, visit_phone, book_html):
    """Screenshots for people to look at (desktop and phone); they must not be blank."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = {
        "landing.png": (visit, "book/index.html"),
        "model-lesson.png": (visit, "book/models/pressure-model.html"),
        "model-lesson-phone.png": (visit_phone, "book/models/pressure-model.html"),
        "explorer-phone.png": (visit_phone, "book/theory/strategic-triangle.html"),
    }
    for name, (open_page, page_path) in shots.items():
        v = open_page(page_path)
        target = SCREENSHOTS / name
        v.page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000, f"{name} looks empty"
