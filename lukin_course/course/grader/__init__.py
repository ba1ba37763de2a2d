"""Grading you can trust: student code sandboxed, tests and scores in the grader.

=================  ================================================================
``_sandbox``       bubblewrap sandbox and the pipe to the worker inside it
``_worker``        the student side: runs cells and serves calls (inside the sandbox)
``_wire``          the JSON value format that crosses the boundary (an allowlist)
``_runner``        one notebook: phase 1 in the sandbox, tests and scoring here
``_match``         a submission rebuilt from the record (tampering graded, not failed)
``_engine``        a batch: records, jobs on a process pool or Dask, the single writer
``_feedback``      feedback pages from the grader's own results
``_html``          sanitizing student text and outputs
=================  ================================================================

Names are imported on first use, so the worker inside the sandbox (which
imports ``_wire`` from this package) loads nothing else.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "AutogradeReport",
    "CellRun",
    "CellScore",
    "CheckResult",
    "Limits",
    "NotebookResult",
    "PlanCell",
    "Sandbox",
    "SandboxUnavailable",
    "ValidateReport",
    "WorkerDied",
    "WorkerProcess",
    "WorkerTimeout",
    "autograde_assignment",
    "load_results",
    "render_feedback",
    "sandbox_problem",
    "validate_notebook",
]

_WHERE = {
    "CellRun": "_runner",
    "CheckResult": "_runner",
    "NotebookResult": "_runner",
    "PlanCell": "_runner",
    "CellScore": "_runner",
    "AutogradeReport": "_engine",
    "autograde_assignment": "_engine",
    "load_results": "_engine",
    "Limits": "_sandbox",
    "Sandbox": "_sandbox",
    "SandboxUnavailable": "_sandbox",
    "WorkerDied": "_sandbox",
    "WorkerProcess": "_sandbox",
    "WorkerTimeout": "_sandbox",
    "ValidateReport": "_validate",
    "sandbox_problem": "_sandbox",
    "render_feedback": "_feedback",
    "validate_notebook": "_validate",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
