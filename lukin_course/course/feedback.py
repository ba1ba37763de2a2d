"""nbgrader's own feedback, with hidden tests hidden (for ``nbgrader generate_feedback``).

``lukin-course feedback`` writes its pages from the grader's results
(:mod:`lukin_course.course.grader`); this preprocessor is for instructors who
also use nbgrader's feedback (e.g. from the formgrader). Only test cells (graded,
not answers) are touched, so text a student wrote can never make it fail.

nbgrader restores hidden tests into the autograded notebook and, by design,
shows them in the feedback it generates (nbgrader issue #917). This course
reuses its hidden tests, so :class:`HideHiddenTests` runs first in the
feedback step: it replaces each ``### BEGIN HIDDEN TESTS`` … ``### END HIDDEN
TESTS`` region by a one-line placeholder, cuts the traceback of any error in
such a cell down to its last line (``CheckFailed: name: message``, written by
:func:`lukin_course.course.checks.check`), and drops mark schemes.
"""

from __future__ import annotations

from typing import Any

from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool, Unicode

from .nbmeta import nbgrader_meta

__all__ = ["PLACEHOLDER", "HideHiddenTests", "remove_region"]

PLACEHOLDER = "# Hidden tests ran here; their code is not shown. Any failure is named below."


def remove_region(source: str, begin: str, end: str, replacement: str | None = None) -> str:
    """Remove every ``begin`` … ``end`` line region from ``source``.

    Parameters
    ----------
    source : str
        Cell source.
    begin, end : str
        Delimiters; a line containing one opens or closes a region.
    replacement : str, optional
        A line put where each region was (keeping its indentation).

    Returns
    -------
    str

    Raises
    ------
    ValueError
        If a region is not closed.

    Examples
    --------
    >>> src = "a = 1\\n### BEGIN X\\nsecret\\n### END X\\nb = 2"
    >>> remove_region(src, "BEGIN X", "END X", "# gone")
    'a = 1\\n# gone\\nb = 2'
    """
    out: list[str] = []
    inside = False
    for line in source.split("\n"):
        if begin in line and not inside:
            inside = True
            if replacement is not None:
                indent = line[: len(line) - len(line.lstrip())]
                out.append(indent + replacement)
        elif end in line and inside:
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError(f"source has a region opened by {begin!r} but never closed")
    return "\n".join(out)


class HideHiddenTests(NbGraderPreprocessor):
    """Hide hidden-test code and mark schemes in feedback; keep failure names and messages."""

    begin_test_delimiter = Unicode("BEGIN HIDDEN TESTS").tag(config=True)
    end_test_delimiter = Unicode("END HIDDEN TESTS").tag(config=True)
    begin_mark_scheme_delimiter = Unicode("BEGIN MARK SCHEME").tag(config=True)
    end_mark_scheme_delimiter = Unicode("END MARK SCHEME").tag(config=True)
    placeholder = Unicode(PLACEHOLDER).tag(config=True)
    hide_mark_scheme = Bool(True, help="Also remove mark schemes from feedback.").tag(config=True)

    def preprocess_cell(self, cell: NotebookNode, resources: Any, index: int) -> Any:
        source = cell.get("source", "")
        meta = nbgrader_meta(cell)
        is_test = bool(meta.get("grade")) and not meta.get("solution")
        if cell.cell_type == "code" and is_test and self.begin_test_delimiter in source:
            try:
                cell.source = remove_region(
                    source, self.begin_test_delimiter, self.end_test_delimiter, self.placeholder
                )
            except ValueError:  # an unclosed region: hide everything from its start
                cell.source = source.split(self.begin_test_delimiter)[0] + self.placeholder
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output.get('ename')}: {output.get('evalue')}"]
        elif self.hide_mark_scheme and self.begin_mark_scheme_delimiter in source:
            cell.source = remove_region(
                source, self.begin_mark_scheme_delimiter, self.end_mark_scheme_delimiter
            )
        return cell, resources
