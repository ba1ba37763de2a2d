"""Autograde execution that survives a kernel crash.

nbgrader's own ``Execute`` preprocessor lets a dead kernel (a submission that
calls ``os._exit``, segfaults or runs out of memory) abort the whole notebook:
the submission is then left ungraded and gets no feedback. :class:`RobustExecute`
records the crash as an error in the cell where it happened, marks every later
code cell as not run (an error output, so its tests score zero, never "passed")
and lets nbgrader grade the rest as usual. Timeouts are nbgrader's: a cell that
runs past ``ExecutePreprocessor.timeout`` is interrupted and gets an error.

The class is named in ``nbgrader_config.py`` as the first autograde preprocessor.
"""

from __future__ import annotations

from typing import Any

from nbclient.exceptions import DeadKernelError
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute

__all__ = ["KERNEL_DIED", "NOT_RUN", "RobustExecute", "error_output"]

KERNEL_DIED = "KernelDied"
NOT_RUN = "NotRun"


def error_output(ename: str, evalue: str) -> NotebookNode:
    """Return a notebook error output with a one-line traceback.

    Parameters
    ----------
    ename, evalue : str
        The error's name and message.

    Returns
    -------
    nbformat.NotebookNode

    Examples
    --------
    >>> error_output("KernelDied", "boom").traceback
    ['KernelDied: boom']
    """
    return NotebookNode(
        output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"]
    )


class RobustExecute(Execute):
    """nbgrader's ``Execute`` that turns a dead kernel into errors instead of a failure.

    Notes
    -----
    After the kernel dies no code is executed any more: the state the later
    cells would need is gone, and restarting would run the tests against a
    notebook without the student's definitions anyway. Each later code cell
    gets a ``NotRun`` error output, so nbgrader scores its tests zero.
    """

    def preprocess(self, nb: NotebookNode, resources: Any = None, km: Any = None) -> Any:
        self._died_in: int | None = None
        return super().preprocess(nb, resources, km)

    def preprocess_cell(self, cell: NotebookNode, resources: Any, index: int) -> Any:
        if getattr(self, "_died_in", None) is not None:
            if cell.cell_type == "code" and cell.source.strip():
                cell.outputs = [
                    error_output(
                        NOT_RUN,
                        f"not run: the kernel died while running cell {self._died_in}",
                    )
                ]
                cell.execution_count = None
            return cell, resources
        try:
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self.log.error("The kernel died while running cell %s", index)
            self._died_in = index
            cell.outputs = [
                *cell.get("outputs", []),
                error_output(
                    KERNEL_DIED,
                    "the kernel stopped while running this cell (a crash, os._exit or "
                    "running out of memory); the rest of the notebook was not run",
                ),
            ]
            return cell, resources
