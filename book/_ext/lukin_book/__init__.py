"""Local Sphinx extension of the lukin-course book.

* :mod:`.assets`: MathJax, RequireJS and the widget manager served from the
  book's own ``_static/vendor`` (pinned npm packages), so a page requests
  nothing from any other host;
* :mod:`.notebooks`: each lesson offers its notebook (``.ipynb``) for download;
* :mod:`.apidoc`: a complete, warning-free API reference of ``lukin_course``;
* :mod:`.pages`: navigation at every width, MathJax only where there is math,
  readable wide figures, an accessible bibliography in the text's citation
  style (:mod:`.citations`), lessons first in search;
* :mod:`.pdf`: the single-page build that ``make pdf`` prints with Chromium;
* :mod:`.lite`: the live lab, every lesson notebook runnable in the browser
  (JupyterLite on a self-hosted Pyodide) from a "Run live" link.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from . import apidoc, assets, lite, notebooks, pages, pdf


def forget_environment_after_warnings(app: Sphinx, exception: Exception | None) -> None:
    """Make a build that warned fail again when rerun unchanged.

    Sphinx reports a warning only while it reads or writes the page that causes
    it, and an incremental build skips unchanged pages; a second ``make book``
    would then succeed without fixing anything. Removing the saved environment
    after a warning makes the next build re-read every page (notebook outputs
    stay cached by jupyter-cache, so this costs no re-execution).
    """
    if exception is not None or getattr(app, "_warncount", 0):
        pickle = Path(app.doctreedir) / "environment.pickle"
        pickle.unlink(missing_ok=True)


def write_root_redirect(app: Sphinx, exception: Exception | None) -> None:
    """Write ``index.html`` at the site root: a redirect to the book's first page.

    sphinx-external-toc writes a bare ``<meta>`` redirect when the file is
    missing; this one is a complete page with the book's icon (a browser would
    otherwise ask the server for ``/favicon.ico``) and a plain link as fallback.
    """
    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    target = f"{app.config.root_doc}.html"
    title = html.escape(str(app.config.html_title or app.config.project))
    icon = Path(str(app.config.html_favicon or "")).name
    icon_link = f'<link rel="icon" href="_static/{html.escape(icon)}">' if icon else ""
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n{icon_link}\n"
        f'<meta http-equiv="Refresh" content="0; url={target}">\n</head>\n'
        f'<body><p><a href="{target}">{title}</a></p></body>\n</html>\n'
    )
    Path(app.outdir, "index.html").write_text(page, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", assets.check_assets)
    app.connect("html-page-context", assets.drop_duplicate_scripts, priority=900)
    app.connect("build-finished", assets.copy_vendor_assets)
    # Before sphinx-book-theme builds its header buttons (priority 501).
    app.connect("html-page-context", notebooks.add_notebook_download, priority=450)
    apidoc.setup(app)
    pages.setup(app)
    pdf.setup(app)
    lite.setup(app)
    app.connect("build-finished", forget_environment_after_warnings)
    # Before sphinx-external-toc's own redirect (priority 500), which then keeps ours.
    app.connect("build-finished", write_root_redirect, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
