"""The book's navigation in a real browser: on a phone (390 px) and on a desktop (1366 px).

Every page at phone width: offline, error-free, nothing wider than the screen, multi-panel
figures kept readable, no serious or critical accessibility violation (axe-core). The phone
menu and page contents open (by touch and by keyboard), the desktop sidebar collapses, dark
mode follows the system; screenshots for people.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _browser import (
    SCREENSHOTS,
    _assert_clean,
    _built_pages,
    _lesson_pages,
    _Visit,
    visits,
)
from conftest import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.book]

#: A multi-panel figure on a phone is shown at least this fraction of its drawn size.
MIN_WIDE_FIGURE_SCALE = 0.6


@pytest.fixture
def visit(browser_context, book_server):
    yield from visits(browser_context, book_server)


@pytest.fixture
def visit_phone(phone_context, book_server):
    yield from visits(phone_context, book_server)


@pytest.mark.parametrize("page_path", _built_pages())
def test_page_on_phone(visit_phone, book_html, page_path):
    """At 390 px nothing widens the page and multi-panel figures stay readable."""
    v = visit_phone(page_path)
    _assert_clean(v, page_path)
    overflow = v.overflow()
    assert overflow["page"] <= 0, f"{page_path} is {overflow['page']} px wider than the phone"
    small = [s for s in overflow["figures"] if s < MIN_WIDE_FIGURE_SCALE]  # type: ignore[union-attr]
    assert not small, f"{page_path}: multi-panel figures shrunk to {small} of their size"
    violations = v.axe()  # the phone layout has its own controls (menu and contents buttons)
    assert not violations, f"{page_path} at 390 px:\n" + "\n".join(violations)


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
