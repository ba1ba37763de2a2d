"""The built book in a real browser, as a student reads it on a laptop and on a phone.

Every page: offline (no request to another host), no console error, math typeset,
no serious or critical accessibility violation (axe-core, pinned in
``book/package-lock.json``), code lines that fit, nothing wider than the screen.
Then the parts a reader works with: the navigation on a phone and on a desktop,
dark mode, search.

The phone and the navigation are in ``test_browser_navigation.py``; both files share
``_browser.py``. The tests wait for what they mean (the article, MathJax's startup promise, the
dialog, the search summary), never for the network to go quiet, so a busy
machine makes them slower, not flaky.
"""

from __future__ import annotations

import pytest
from _browser import (
    AXE,
    BOOK_HTML,
    _assert_clean,
    _built_pages,
    visits,
)

pytestmark = [pytest.mark.browser, pytest.mark.book]

#: The essay's author: every lesson page mentions him, and so does every API object's
#: package name ("lukin_course").
SEARCH_TERM = "Lukin"


@pytest.fixture
def visit(browser_context, book_server):
    yield from visits(browser_context, book_server)


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
        # The script's own timing, from the event to the decoded frame: 50 ms typically,
        # and never a stall, even when a busy machine delays a single update.
        times = sorted(report["ms"])
        assert times, f"{page_path}: no update was timed"
        assert times[len(times) // 2] <= 50, f"{page_path}: updates took {times} ms"
        assert times[-1] <= 250, f"{page_path}: an update took {times[-1]} ms"
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
