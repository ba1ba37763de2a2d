"""Notebook downloads: an output-free ``.ipynb`` of every lesson and notebook page.

A lesson with code starts with the live lab's set-up cell (:mod:`.lite`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from . import lite

#: Pages under these folders are lessons: each offers a notebook download even
#: when it has no code yet (its text becomes markdown cells).
LESSON_DIRS = ("book/essay/", "book/theory/", "book/models/", "book/scenarios/")


def _is_notebook(app: Sphinx, pagename: str) -> bool:
    metadata = app.env.metadata.get(pagename, {})
    return "kernelspec" in metadata


def _offers_notebook(app: Sphinx, pagename: str) -> bool:
    return _is_notebook(app, pagename) or pagename.startswith(LESSON_DIRS)


def clean_notebook(source: Path) -> Any:
    """A MyST markdown page as an output-free notebook."""
    import jupytext

    notebook = jupytext.read(source, fmt="md:myst")
    # A clean notebook for students: sources only, no execution residue, and
    # cell ids from the content (jupytext draws random ones), so an unchanged
    # page gives a byte-for-byte identical notebook.
    for index, cell in enumerate(notebook.cells):
        cell.id = hashlib.sha256(f"{index}\n{cell.source}".encode()).hexdigest()[:12]
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    notebook.metadata.pop("jupytext", None)
    notebook.metadata.setdefault(
        "kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"}
    )
    return notebook


def write_notebook(
    source: Path, target: Path, app: Sphinx | None = None, pagename: str = ""
) -> None:
    """Convert a MyST markdown page into an output-free notebook at ``target``.

    With ``app``, a lesson with code (``pagename``) also gets the live lab's set-up cell.
    """
    import jupytext

    notebook = clean_notebook(source)
    if app is not None:
        lite.prepare_notebook(app, notebook, pagename)
    text = jupytext.writes(notebook, fmt="ipynb")
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def add_notebook_download(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Write ``_sources/<page>.ipynb`` for a MyST notebook and offer it for download."""
    if doctree is None or app.builder is None or app.builder.format != "html":
        return
    if pagename not in app.env.found_docs or not _offers_notebook(app, pagename):
        return
    source = Path(app.env.doc2path(pagename))
    if source.suffix == ".ipynb":
        # The theme already offers the notebook itself as the page source.
        return
    # Rewritten when it changes: the set-up cell follows the library's imports.
    write_notebook(source, Path(app.outdir) / "_sources" / f"{pagename}.ipynb", app, pagename)
    context["ipynb_source"] = f"{pagename}.ipynb"
