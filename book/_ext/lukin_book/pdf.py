"""The whole book as one PDF: a single-page build printed by Chromium.

``make pdf`` builds the book with Sphinx's ``singlehtml`` builder (the notebooks'
outputs come from the same execution cache as the HTML book) and then runs this
file as a script, which opens that page in Debian's chromium through Playwright,
expands every solution and hidden cell, waits for MathJax, and prints the page
with a table of contents and page numbers.

As an extension module it makes the ``singlehtml`` build work: node types that
other extensions register for the ``html`` builder only are given the same
handlers for ``singlehtml``.
"""

from __future__ import annotations

import argparse
import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
#: Chromium's switches: headless, no network beyond the local server.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 180_000

#: Printed-page additions: the book without its screen furniture, every
#: collapsed part open, figures and code kept whole.
PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
.bd-header, .bd-header-article, .bd-sidebar-primary, .bd-sidebar-secondary,
.bd-footer, .bd-footer-article, .bd-footer-content, .prev-next-area,
.headerlink, .toggle-button, button.toggle-button, #pst-back-to-top,
.pst-skip-link, .skip-link, .search-button-field, .lukin-explorer__controls {
  display: none !important;
}
.bd-main .bd-content .bd-article-container { max-width: 100% !important; }
.bd-page-width { max-width: 100% !important; }
details, details > * { display: block !important; }
.toggle-hidden, .toggle-details__container {
  display: block !important; visibility: visible !important;
  height: auto !important; opacity: 1 !important;
}
img { max-width: 100% !important; width: auto !important; break-inside: avoid; }
figure, div.cell_output, div.cell_input, table { break-inside: avoid; }
h1, h2, h3 { break-after: avoid; }
section.lukin-pdf-chapter { break-before: page; }
nav.lukin-pdf-contents { break-after: page; }
nav.lukin-pdf-contents ol { list-style: none; padding-left: 0; }
nav.lukin-pdf-contents li { margin: 0.15rem 0; }
pre { white-space: pre-wrap !important; overflow-wrap: anywhere; }
table { width: 100% !important; table-layout: auto; font-size: 85%; }
td, th, td code, td .pre { white-space: normal !important; overflow-wrap: anywhere; }
.pst-scrollable-table-container, .cell_output > .output, .cell_output > figure {
  overflow: visible !important;
}
"""

#: Run in the page before printing: open what is folded, mark chapters, add contents.
PREPARE_JS = """
(page) => {
  document.documentElement.dataset.theme = "light";
  // Links to the page itself ("book/index.html#x") become links within the PDF.
  document.querySelectorAll("a[href]").forEach(a => {
    const href = a.getAttribute("href");
    const hash = href.indexOf("#");
    if (hash > 0 && href.slice(0, hash) === page) a.setAttribute("href", href.slice(hash));
  });
  document.querySelectorAll("details").forEach(d => { d.open = true; });
  document.querySelectorAll(".toggle-hidden").forEach(e => e.classList.remove("toggle-hidden"));
  document.querySelectorAll(".dropdown").forEach(e => e.classList.remove("toggle-hidden"));
  // Chapters: each document of the book, which singlehtml marks with a
  // <span id="document-NAME"> before its top section.
  const chapters = [...document.querySelectorAll('span[id^="document-"]')]
    .map(span => span.nextElementSibling)
    .filter(section => section && section.tagName === "SECTION");
  const nav = document.createElement("nav");
  nav.className = "lukin-pdf-contents";
  nav.setAttribute("aria-label", "Contents");
  nav.innerHTML = "<h2>Contents</h2>";
  const list = document.createElement("ol");
  chapters.forEach((section, i) => {
    section.classList.add("lukin-pdf-chapter");
    const heading = section.querySelector("h1, h2, h3");
    const title = heading ? heading.textContent.replace("#", "").trim() : section.id;
    const item = document.createElement("li");
    item.innerHTML = `<a href="#${section.id}"></a>`;
    item.firstChild.textContent = title;
    list.appendChild(item);
  });
  nav.appendChild(list);
  // After the landing page's title, before its text.
  const title = document.querySelector("article.bd-article h1, h1");
  if (title) title.after(nav);
  return chapters.length;
}
"""

FOOTER = (
    '<div style="width:100%; font-size:8px; color:#555; text-align:center;">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)


#: Where the single page is served: at the site's root, since Sphinx writes the
#: root document's links (``_static/``, ``_images/``) relative to the root even
#: when that document lives in a folder (``book/index``).
SERVED_AS = "single-page-book.html"


class _QuietHandler(SimpleHTTPRequestHandler):
    page = ""

    def translate_path(self, path: str) -> str:
        if path.split("?", 1)[0].split("#", 1)[0] == f"/{SERVED_AS}":
            path = f"/{self.page}"
        return super().translate_path(path)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def print_pdf(site: Path, page: str, output: Path, title: str) -> int:
    """Print ``site/page`` to ``output``; returns the number of chapters printed."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.is_file():
        raise SystemExit(f"{CHROMIUM} not found: install Debian's chromium")
    handler_class = type("Handler", (_QuietHandler,), {"page": page})
    handler = functools.partial(handler_class, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            context = browser.new_context(viewport={"width": 1100, "height": 1400})
            # Nothing but the local server: a stray outside request fails fast.
            context.route(
                "**/*",
                lambda route: (
                    route.continue_() if route.request.url.startswith(base) else route.abort()
                ),
            )
            tab = context.new_page()
            tab.set_default_timeout(TIMEOUT_MS)
            tab.emulate_media(media="print", color_scheme="light")
            tab.goto(base + SERVED_AS, wait_until="load")
            tab.locator("article.bd-article, body").first.wait_for(state="attached")
            if tab.locator("script[src*='mathjax']").count():
                tab.wait_for_function(
                    "() => window.MathJax && MathJax.startup && MathJax.startup.promise"
                )
                tab.evaluate("() => MathJax.startup.promise.then(() => true)")
            tab.add_style_tag(content=PRINT_CSS)
            chapters = int(tab.evaluate(PREPARE_JS, page))
            # Every image decoded before printing.
            tab.evaluate(
                "() => Promise.all([...document.images].map(i => i.decode().catch(() => null)))"
            )
            output.parent.mkdir(parents=True, exist_ok=True)
            tab.pdf(
                path=str(output),
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template=(
                    f'<div style="width:100%; font-size:8px; color:#555; text-align:center;">'
                    f"{title}</div>"
                ),
                footer_template=FOOTER,
                margin={"top": "18mm", "bottom": "20mm", "left": "16mm", "right": "16mm"},
                outline=True,
                tagged=True,
            )
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return chapters


def complete_singlehtml_handlers(app: Any) -> None:
    """Give ``singlehtml`` the node handlers registered for ``html`` only."""
    if app.builder is None or app.builder.name != "singlehtml":
        return
    handlers = app.registry.translation_handlers
    single = handlers.setdefault("singlehtml", {})
    for name, pair in handlers.get("html", {}).items():
        single.setdefault(name, pair)


def setup(app: Any) -> None:
    """Register the ``singlehtml`` helper (called by the package's ``setup``)."""
    app.connect("builder-inited", complete_singlehtml_handlers)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the single-page book to PDF with chromium.")
    parser.add_argument("site", type=Path, help="the singlehtml build folder")
    parser.add_argument("output", type=Path, help="the PDF to write")
    parser.add_argument("--page", default="index.html", help="the page inside the folder")
    parser.add_argument("--title", default="", help="running header of each printed page")
    args = parser.parse_args(argv)
    chapters = print_pdf(args.site, args.page, args.output, args.title)
    size = args.output.stat().st_size
    print(f"{args.output}: {chapters} chapters, {size / 1e6:.1f} MB")
    return 0 if chapters else 1


if __name__ == "__main__":
    sys.exit(main())
