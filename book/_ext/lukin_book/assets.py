"""Self-hosted browser assets: MathJax, RequireJS and the Jupyter widget manager.

They are installed from the npm registry at pinned versions (``book/package.json``
and ``book/package-lock.json``, ``npm ci --prefix book``); only the files the
pages load are copied into the build's ``_static/vendor/``, where ``_config.yml``
points ``mathjax_path`` and ``nb_ipywidgets_js``.
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


def check_assets(app: Sphinx) -> None:
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


def drop_duplicate_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Keep one copy of each inline script.

    sphinx-thebe registers its inline configuration (``const THEBE_JS_URL = ...``)
    once per read phase; under Sphinx 7.4 it can land on a page twice, and the
    second ``const`` declaration is a JavaScript error in the browser.
    """
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple[str, str]] = set()
    unique = []
    for script in scripts:
        filename = str(getattr(script, "filename", script) or "")
        body = str(getattr(script, "attributes", {}).get("body", ""))
        key = (filename, body)
        if key in seen:
            continue
        seen.add(key)
        unique.append(script)
    context["script_files"] = unique
