"""Notebook downloads: an output-free ``.ipynb`` of every lesson and notebook page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

#: Pages under these folders are lessons: each offers a notebook download even
#: when it has no code yet (its text becomes markdown cells).
LESSON_DIRS = ("book/essay/", "book/theory/", "book/models/", "book/scenarios/")


def _is_notebook(app: Sphinx, pagename: str) -> bool:
    metadata = app.env.metadata.get(pagename, {})
    return "kernelspec" in metadata


def _offers_notebook(app: Sphinx, pagename: str) -> bool:
    return _is_notebook(app, pagename) or pagename.startswith(LESSON_DIRS)


def write_notebook(source: Path, target: Path) -> None:
    """Convert a MyST markdown page into an output-free notebook at ``target``."""
    import jupytext

    notebook = jupytext.read(source, fmt="md:myst")
    # A clean notebook for students: sources only, no execution residue.
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    notebook.metadata.pop("jupytext", None)
    notebook.metadata.setdefault(
        "kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"}
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    jupytext.write(notebook, target, fmt="ipynb")


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
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    if not target.is_file() or target.stat().st_mtime < source.stat().st_mtime:
        write_notebook(source, target)
    context["ipynb_source"] = f"{pagename}.ipynb"
