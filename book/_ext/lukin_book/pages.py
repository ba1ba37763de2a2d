"""How the pages read on every device: navigation, weight, figures, citations, search.

* the theme's sidebar buttons work at every width (:data:`NAV_SCRIPT`), and its
  search button's accessible name matches what it shows (``templates/``);
* MathJax loads only on pages with math (:func:`mathjax_only_with_math`);
* multi-panel figures stay readable on a phone: wider than :data:`WIDE_PX`
  pixels, they scroll sideways in their own box instead of shrinking
  (:func:`mark_wide_figures`);
* hidden code cells' summaries are named by their visible text
  (:func:`summaries_named_by_their_text`);
* the bibliography is a list of list items for assistive technology
  (:func:`bibliography_as_list`), labelled like the citations in the text
  (:mod:`.citations`);
* search ranks the lessons above the API reference (``scorer.js``);
* the model explorers come precomputed by the library (the notebooks run with
  :data:`PRECOMPUTE_ENV` set) and the widget manager loads only where a live
  widget is shown (:func:`widget_manager_only_where_needed`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

HERE = Path(__file__).parent

#: The book's own script for the theme's controls (in ``book/_static``).
NAV_SCRIPT = "lukin-nav.js"

#: Figures wider than this many pixels hold several panels; on a phone they keep
#: a readable size and scroll inside their own box (``lukin.css``).
WIDE_PX = 800


def add_templates(app: Sphinx, config: Any) -> None:
    """Put the extension's template overrides before the theme's."""
    path = str(HERE / "templates")
    if path not in config.templates_path:
        config.templates_path.insert(0, path)
    if not config.html_search_scorer:
        config.html_search_scorer = str(HERE / "scorer.js")


def _image_width(app: Sphinx, docname: str, uri: str) -> int | None:
    """Pixel width of a local image (None when unknown)."""
    from sphinx.util.images import get_image_size

    if "://" in uri or uri.startswith("data:"):
        return None
    for base in (Path(app.srcdir), Path(app.env.doc2path(docname)).parent):
        path = base / uri
        if path.is_file():
            size = get_image_size(str(path))
            return int(size[0]) if size else None
    return None


def mark_wide_figures(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give images wider than :data:`WIDE_PX` the class ``lukin-wide``."""
    for image in doctree.findall(nodes.image):
        width = _image_width(app, docname, str(image.get("uri", "")))
        if width is not None and width > WIDE_PX and "lukin-wide" not in image["classes"]:
            image["classes"].append("lukin-wide")


def _has_math(app: Sphinx, pagename: str) -> bool:
    domain = app.env.get_domain("math")
    return bool(domain.data.get("has_equations", {}).get(pagename))


def mathjax_only_with_math(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Drop MathJax from pages without math of their own.

    Sphinx loads MathJax on a page when it *or any page in its toctree* has math,
    so the landing page loaded 1.2 MB of MathJax for the formulas of other pages.
    """
    scripts = context.get("script_files")
    single_page = app.builder is not None and app.builder.name == "singlehtml"
    if not scripts or single_page or _has_math(app, pagename):
        return
    mathjax = str(app.config.mathjax_path)
    kept = []
    for script in scripts:
        filename = str(getattr(script, "filename", script) or "").split("?", 1)[0]
        body = str(getattr(script, "attributes", {}).get("body", ""))
        # Sphinx files the script under _static/ (mathjax_path is relative to it).
        if filename in (mathjax, f"_static/{mathjax}") or body.startswith("window.MathJax ="):
            continue
        kept.append(script)
    context["script_files"] = kept


def bibliography_as_list(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Make each bibliography entry a list item of its ``role="list"`` container.

    docutils marks the entries ``role="doc-biblioentry"``, a role ARIA deprecated,
    and a list without list items is a critical accessibility error.
    """
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def summaries_named_by_their_text(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Let a hidden cell's ``<summary>`` be named by what it says.

    myst-nb labels each "Show code cell source" summary "Toggle hidden content",
    an accessible name that contradicts the visible one (WCAG 2.5.3).
    """
    body = context.get("body")
    if body and '<summary aria-label="Toggle hidden content">' in body:
        context["body"] = body.replace('<summary aria-label="Toggle hidden content">', "<summary>")


#: Read by :mod:`lukin_course.widgets`: while the book's notebooks run, an
#: explorer's display carries its precomputed HTML, which the pages show.
PRECOMPUTE_ENV = "LUKIN_COURSE_PRECOMPUTED_EXPLORERS"

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def widget_manager_only_where_needed(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Drop saved widget state and the widget manager from pages that show no widget.

    The book renders explorers from their precomputed HTML, never as live widgets
    (``nb_mime_priority_overrides``), yet the executed notebook still saves the
    widgets' state, and with it myst-nb loads 3.6 MB of widget manager.
    """
    scripts = context.get("script_files")
    body = context.get("body") or ""
    if not scripts or WIDGET_VIEW in body:
        return
    manager = {str(path).split("?", 1)[0] for path in app.config.nb_ipywidgets_js}
    kept = []
    for script in scripts:
        filename = str(getattr(script, "filename", script) or "").split("?", 1)[0]
        kind = str(getattr(script, "attributes", {}).get("type", ""))
        if kind == WIDGET_STATE or filename.removeprefix("_static/") in manager:
            continue
        kept.append(script)
    context["script_files"] = kept


def setup(app: Sphinx) -> None:
    """Register the page helpers (called by the package's ``setup``)."""
    from . import citations

    citations.setup(app)
    app.connect("config-inited", add_templates)
    app.add_js_file(NAV_SCRIPT, loading_method="defer")
    app.connect("doctree-resolved", mark_wide_figures)
    app.connect("html-page-context", mathjax_only_with_math, priority=900)
    app.connect("html-page-context", bibliography_as_list)
    app.connect("html-page-context", summaries_named_by_their_text)
    app.connect("html-page-context", widget_manager_only_where_needed, priority=900)
    os.environ.setdefault(PRECOMPUTE_ENV, "1")
