"""Interactive explorers of the course's models, for notebooks and the online book.

Each function builds one :class:`Explorer`: a panel of ipywidgets controls next to a
figure and a short plain-language summary. Moving a control recomputes the model
and redraws the explorer's single figure on an Agg canvas; the figure reaches the
page as an inline PNG ``<img>`` in an ``ipywidgets.HTML``, whose ``alt`` attribute
describes what the figure shows for the current controls (:attr:`Explorer.alt`), so
a notebook saved with its widget state shows the figure, described, in the static
book too. Put ``triangle_explorer()`` as the last line of a cell to display it;
``update(...)`` sets controls from code.

A page without a kernel (the online book) cannot recompute anything, so
:meth:`Explorer.precompute` draws the explorer ahead of time on a small grid of
the controls that matter and returns a :class:`PrecomputedExplorer`: HTML with
native controls and a small script that swaps the precomputed frames.

Examples
--------
>>> ex = triangle_explorer()
>>> ex.update(us_russia=+1, us_china=+1, russia_china=-1).result.configuration
'romantic_triangle'
"""

from __future__ import annotations

from ._dynamics import balance_explorer, pressure_explorer
from ._explorer import Explorer
from ._games import alignment_explorer, threat_explorer
from ._polarity import polarity_explorer
from ._precomputed import PrecomputedExplorer
from ._triangle import triangle_explorer

__all__ = [
    "Explorer",
    "PrecomputedExplorer",
    "alignment_explorer",
    "balance_explorer",
    "polarity_explorer",
    "pressure_explorer",
    "threat_explorer",
    "triangle_explorer",
]
