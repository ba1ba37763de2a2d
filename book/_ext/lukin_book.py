"""Local Sphinx extension of the lukin-course book.

It does two things the stock Jupyter Book stack does not do offline:

1. **Self-hosted browser assets.** MathJax, RequireJS and the Jupyter widgets
   HTML manager are installed from the npm registry at pinned versions
   (``book/package.json`` + ``book/package-lock.json``, ``npm ci --prefix book``)
   and only the files the pages need are copied into the build's
   ``_static/vendor/``. ``_config.yml`` points ``mathjax_path`` and
   ``nb_ipywidgets_js`` at those copies, so a built page requests nothing from
   any other host.
2. **Notebook downloads.** Every MyST markdown notebook (a page with a
   ``kernelspec``) is converted with jupytext into an output-free ``.ipynb``
   under ``_sources/``, and the theme's download menu links to it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)

#: Where ``npm ci --prefix book`` installs the pinned packages (relative to the
#: directory holding ``_config.yml``).
NODE_MODULES = Path("book") / "node_modules"

#: What to copy: (package directory, glob patterns inside it, destination
#: directory under ``_static/vendor``). Only files the built pages load.
VENDOR_FILES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    # MathJax 3: the TeX-to-CommonHTML component, the TeX extensions it
    # autoloads, its web fonts, and the menu/accessibility parts it loads on demand.
    (
        "mathjax/es5",
        (
            "tex-chtml.js",
            "input/tex/extensions/**/*.js",
            "output/chtml/fonts/woff-v2/*.woff",
            "ui/*.js",
            "a11y/*.js",
            "sre/**/*",
        ),
        "mathjax",
    ),
    ("requirejs", ("require.js",), "requirejs"),
    # The widget manager bundles every standard widget (and Font Awesome,
    # whose font files it loads relative to itself).
    (
        "@jupyter-widgets/html-manager/dist",
        ("embed-amd.js", "*.woff2", "*.woff", "*.ttf", "*.eot", "*.svg"),
        "html-manager",
    ),
)

#: The files a page references directly; the build fails without them.
REQUIRED = (
    "mathjax/es5/tex-chtml.js",
    "requirejs/require.js",
    "@jupyter-widgets/html-manager/dist/embed-amd.js",
)


def _vendor_files(node_modules: Path) -> Iterator[tuple[Path, Path]]:
    """Yield (source, path relative to ``_static/vendor``) for every vendored file."""
    for package, patterns, dest in VENDOR_FILES:
        root = node_modules / package
        for pattern in patterns:
            for source in sorted(root.glob(pattern)):
                if source.is_file():
                    yield source, Path(dest) / source.relative_to(root)


def _check_assets(app: Sphinx) -> None:
    node_modules = Path(app.srcdir) / NODE_MODULES
    missing = [name for name in REQUIRED if not (node_modules / name).is_file()]
    if missing:
        raise ExtensionError(
            "the book's pinned browser assets are not installed "
            f"(missing {', '.join(missing)} under {NODE_MODULES}); "
            "run `make book-assets` (npm ci --prefix book) first"
        )


def _copy_if_changed(source: Path, target: Path) -> bool:
    stat = source.stat()
    if target.is_file():
        current = target.stat()
        if current.st_size == stat.st_size and int(current.st_mtime) == int(stat.st_mtime):
            return False
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    return True


def copy_vendor_assets(app: Sphinx, exception: Exception | None) -> None:
    """Copy the pinned npm assets into ``_static/vendor`` (unchanged files are skipped)."""
    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    node_modules = Path(app.srcdir) / NODE_MODULES
    vendor = Path(app.outdir) / "_static" / "vendor"
    copied = sum(
        _copy_if_changed(source, vendor / relative)
        for source, relative in _vendor_files(node_modules)
    )
    LOGGER.info("lukin_book: %d vendored asset file(s) copied to _static/vendor", copied)


def _is_notebook(app: Sphinx, pagename: str) -> bool:
    metadata = app.env.metadata.get(pagename, {})
    return "kernelspec" in metadata


def add_notebook_download(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Write ``_sources/<page>.ipynb`` for a MyST notebook and offer it for download."""
    if doctree is None or app.builder is None or app.builder.format != "html":
        return
    if pagename not in app.env.found_docs or not _is_notebook(app, pagename):
        return
    source = Path(app.env.doc2path(pagename))
    if source.suffix == ".ipynb":
        # The theme already offers the notebook itself as the page source.
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    if not target.is_file() or target.stat().st_mtime < source.stat().st_mtime:
        import jupytext

        notebook = jupytext.read(source)
        # A clean notebook for students: sources only, no execution residue.
        for cell in notebook.cells:
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
        notebook.metadata.pop("jupytext", None)
        target.parent.mkdir(parents=True, exist_ok=True)
        jupytext.write(notebook, target, fmt="ipynb")
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _check_assets)
    # Before sphinx-book-theme builds its header buttons (priority 501).
    app.connect("html-page-context", add_notebook_download, priority=450)
    app.connect("build-finished", copy_vendor_assets)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
