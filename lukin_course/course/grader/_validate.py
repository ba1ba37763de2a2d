"""``lukin-course validate``: a student's own check, with the grader's runner.

The notebook's code runs in a worker (sandboxed when bubblewrap is there; on a
student's own computer it may run without one, as their own code would), its
visible test cells run with the grader's rules, and every failing check is
listed with its whole message. A notebook that passes here passes the same
visible checks when graded.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._match import plan_from_notebook, read_notebook
from ._runner import NotebookResult, run_notebook
from ._sandbox import Sandbox, sandbox_problem

__all__ = ["ValidateReport", "validate_notebook"]


@dataclass
class ValidateReport:
    """A validated notebook: the grader's result and whether a sandbox was used."""

    path: Path
    result: NotebookResult
    sandboxed: bool
    notes: list[str] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return all(t.score == t.points and not t.errors for t in self.result.tests.values())

    def lines(self) -> list[str]:
        """The report as text lines: each test cell, every failing check, each error."""
        out = []
        if not self.sandboxed:
            out.append("(no sandbox here: your code ran as a normal program)")
        for test in self.result.tests.values():
            out.append(
                f"{test.grade_id}: {test.passed_sites} of {test.sites} checks passed "
                f"({test.score:g} / {test.points:g} points)"
            )
            seen = set()
            for check in test.checks:
                if not check.passed and (check.name, check.message) not in seen:
                    seen.add((check.name, check.message))
                    out.append(f"  FAILED {check.name}: {check.message}")
            shown = set()
            for error in test.errors:
                if (error["type"], error["message"]) in shown:
                    continue
                shown.add((error["type"], error["message"]))
                for line in error.get("traceback", []):
                    out.extend("  " + part for part in str(line).split("\n"))
                out.append(f"  ERROR {error['type']}: {error['message']}")
            if test.note:
                out.append(f"  {test.note}")
        for index, run in sorted(self.result.runs.items()):
            if run.error and run.status in ("timeout", "died"):
                out.append(f"cell {index + 1}: {run.error['message']}")
        if not self.result.tests:
            out.append("no test cells found in this notebook")
        out.append(
            "Success! Every visible check passed."
            if self.success and self.result.tests
            else "Some checks failed: see above."
        )
        return out


def validate_notebook(
    path: str | os.PathLike[str], *, timeout: float = 60.0, require_sandbox: bool = False
) -> ValidateReport:
    """Run a notebook's visible tests the way the grader does.

    Raises
    ------
    ValueError
        If the file is not a readable notebook.
    RuntimeError
        If ``require_sandbox`` and there is no sandbox here.
    """
    nb: dict[str, Any] = read_notebook(path)
    plan, names = plan_from_notebook(nb)
    problem = sandbox_problem()
    if problem and require_sandbox:
        raise RuntimeError(problem)
    sandbox = Sandbox(hidden=[Path(path).resolve().parent], unsafe=problem is not None)
    result = run_notebook(Path(path).stem, plan, names, sandbox, timeout=timeout)
    return ValidateReport(Path(path), result, sandboxed=problem is None)
