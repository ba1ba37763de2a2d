"""Colour-blind-safe figures for the course's models and data.

Every figure uses the Okabe–Ito palette [okabe2008color] and also encodes each
distinction by line style, marker or text label, so it reads in greyscale and for
readers with any common colour-vision deficiency. Amity (+1) is a solid
bluish-green line marked ``+``; enmity (−1) is a dashed vermillion line marked ``−``.

Figures are built with matplotlib's object interface (:class:`matplotlib.figure.Figure`),
never with pyplot's global state: nothing is shown, nothing leaks between calls, and
no display backend is needed. Each ``plot_*`` function returns the objects it made;
a returned figure displays as a PNG when it is the last expression of a notebook cell,
and ``fig.savefig(...)`` writes it to a file. :func:`alt_text` describes a model's
state in one sentence for the figure's alternative text.

The figures: the networks (:func:`plot_triangle`, :func:`plot_signed_network`), the
dynamic models (:func:`plot_trajectory`, :func:`plot_phase_diagram`,
:func:`plot_game_types`) and the datasets (:func:`plot_series`).

References
----------
[okabe2008color]
"""

from __future__ import annotations

from ._dynamics import plot_game_types, plot_phase_diagram, plot_trajectory
from ._network import plot_signed_network, plot_triangle
from ._series import alt_text, plot_series
from ._style import (
    AMITY_COLOR,
    CONFIGURATION_LABELS,
    ENMITY_COLOR,
    LINESTYLES,
    MARKERS,
    OKABE_ITO,
    TIE_STYLES,
    color_cycle,
    label,
    to_png,
    years,
)

__all__ = [
    "AMITY_COLOR",
    "CONFIGURATION_LABELS",
    "ENMITY_COLOR",
    "LINESTYLES",
    "MARKERS",
    "OKABE_ITO",
    "TIE_STYLES",
    "alt_text",
    "color_cycle",
    "label",
    "plot_game_types",
    "plot_phase_diagram",
    "plot_series",
    "plot_signed_network",
    "plot_trajectory",
    "plot_triangle",
    "to_png",
    "years",
]
