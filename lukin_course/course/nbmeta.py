"""The one accessor for a cell's nbgrader metadata, and the course's blank notebook.

Cells come from nbformat (attribute access), from plain JSON (dicts) and from
submissions that may have lost or mangled their metadata; every module of
``lukin_course.course`` reads nbgrader's fields through :func:`nbgrader_meta`
and :func:`grade_id`, which never fail on a malformed cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["blank_notebook", "grade_id", "nbgrader_meta"]


def nbgrader_meta(cell_or_metadata: Any) -> dict[str, Any]:
    """The ``nbgrader`` metadata of a cell (or of a cell's metadata dict); ``{}`` if none.

    Examples
    --------
    >>> nbgrader_meta({"metadata": {"nbgrader": {"grade_id": "a", "grade": True}}})["grade_id"]
    'a'
    >>> nbgrader_meta({"metadata": {"nbgrader": "mangled"}}), nbgrader_meta(None)
    ({}, {})
    """
    if not isinstance(cell_or_metadata, Mapping):
        return {}
    meta: Any = cell_or_metadata
    if "cell_type" in meta or "source" in meta or "metadata" in meta:
        meta = meta.get("metadata")
        if not isinstance(meta, Mapping):
            return {}
    found = meta.get("nbgrader")
    return dict(found) if isinstance(found, Mapping) else {}


def grade_id(cell: Any) -> str | None:
    """A cell's nbgrader ``grade_id``, or None.

    Examples
    --------
    >>> grade_id({"cell_type": "code", "metadata": {"nbgrader": {"grade_id": "t1"}}})
    't1'
    >>> grade_id({"cell_type": "code", "metadata": {}}) is None
    True
    """
    value = nbgrader_meta(cell).get("grade_id")
    return value if isinstance(value, str) else None


def blank_notebook() -> Any:
    """An empty notebook that runs in the course's ``python3`` kernel.

    Examples
    --------
    >>> blank_notebook().metadata["kernelspec"]["name"]
    'python3'
    """
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "name": "python3",
        },
        "language_info": {"name": "python"},
    }
    return nb
