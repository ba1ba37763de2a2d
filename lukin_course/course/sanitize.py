"""Put back graded cells that a student deleted, so they are graded with the original test.

nbgrader already restores the source of an *edited* locked cell from the
gradebook (its checksum no longer matches). With ``add_missing_cells`` it can
also re-insert a *deleted* grade cell, but only after the previous answer or
test cell; if that one is gone too, or the previous cell is a locked
instruction, the whole submission fails to grade. :class:`RestoreMissingCells`
inserts each missing grade cell after the nearest earlier cell of the original
notebook that the submission still has (or at the top).
"""

from __future__ import annotations

from typing import Any

from nbformat import NotebookNode
from nbgrader.preprocessors import OverwriteCells

__all__ = ["RestoreMissingCells"]


def _grade_id(cell: NotebookNode) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


class RestoreMissingCells(OverwriteCells):
    """nbgrader's ``OverwriteCells`` that always re-inserts deleted grade cells in place."""

    def add_missing_grade_cells(self, nb: NotebookNode, resources: Any) -> Any:
        source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        order = [cell.name for cell in source_nb.source_cells]
        solution_ids = {cell.name for cell in source_nb.solution_cells}
        for grade_cell in source_nb.grade_cells:
            present = {_grade_id(c): i for i, c in enumerate(nb.cells) if _grade_id(c)}
            if grade_cell.name in present:
                continue
            self.log.warning("Grade cell %s was deleted; restoring it", grade_cell.name)
            position = order.index(grade_cell.name)
            source_cell = next(c for c in source_nb.source_cells if c.name == grade_cell.name)
            new_cell = self.missing_cell_transform(
                source_cell, grade_cell.max_score, is_solution=grade_cell.name in solution_ids
            )
            before = [present[name] for name in order[:position] if name in present]
            nb.cells.insert(before[-1] + 1 if before else 0, new_cell)
        return nb, resources
