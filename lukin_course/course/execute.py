"""nbgrader's own autograder, switched off: student code runs only in the sandbox.

``nbgrader autograde`` (and the Formgrader's *autograde* button) would run each
submission's code unsandboxed, with the instructor's rights, in the kernel that
also runs the tests. ``nbgrader_config.py`` names :class:`SandboxRequired` as
its only autograde step: it refuses with a message saying to run
``lukin-course autograde``, which sandboxes the code and scores it outside
(:mod:`lukin_course.course.grader`). Nothing of the submission runs.
"""

from __future__ import annotations

from typing import Any

from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor

__all__ = ["MESSAGE", "SandboxRequired"]

MESSAGE = (
    "this course does not run student code with nbgrader's autograder (no sandbox); "
    "run `lukin-course autograde ASSIGNMENT` instead"
)


class SandboxRequired(NbGraderPreprocessor):
    """An autograde step that refuses before any student code runs.

    Examples
    --------
    >>> import nbformat
    >>> SandboxRequired().preprocess(nbformat.v4.new_notebook(), {})
    Traceback (most recent call last):
    ...
    RuntimeError: this course does not run student code with nbgrader's autograder ...
    """

    def preprocess(self, nb: NotebookNode, resources: Any) -> Any:
        raise RuntimeError(MESSAGE)
