"""Shared style of the course's figures: the Okabe–Ito palette, line styles, rendering.

Part of :mod:`lukin_course.plots`.
"""

from __future__ import annotations

import io
import itertools
import math
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .._validation import check_positive

#: The eight colours of Okabe & Ito's Color Universal Design palette, by name.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
AMITY_COLOR = OKABE_ITO["bluish_green"]
ENMITY_COLOR = OKABE_ITO["vermillion"]
#: Line styles and markers cycled alongside the colours, so series differ in grey too.
LINESTYLES: tuple[str, ...] = ("-", "--", "-.", ":")
MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P", "X", "*")
#: Drawing style of a tie by its sign.
TIE_STYLES: dict[int, dict[str, Any]] = {
    1: {"color": AMITY_COLOR, "linestyle": "-", "label": "amity (+)", "symbol": "+"},
    -1: {"color": ENMITY_COLOR, "linestyle": "--", "label": "enmity (−)", "symbol": "−"},
}
# Series colours in order of contrast on white (yellow last: weakest on white).
_SERIES = ("blue", "vermillion", "bluish_green", "orange", "reddish_purple", "sky_blue", "black")
#: Dittmer's configurations as written in prose, for labels and alternative text.
CONFIGURATION_LABELS = {
    "menage_a_trois": "ménage à trois",
    "romantic_triangle": "romantic triangle",
    "stable_marriage": "stable marriage",
    "unit_veto": "unit veto",
}


#: Code names of the library as a reader writes them (beyond :data:`CONFIGURATION_LABELS`).
_WORDS = {
    "prisoners_dilemma": "prisoners' dilemma",
    "reverse_kissinger": "reverse Kissinger",
    "china_card": "China card",
    "antal_krapivsky_redner": "Antal–Krapivsky–Redner",
    "marvel": "Marvel et al.",
    "gdp": "GDP",
    "military_expenditure": "military expenditure",
    "threat_additive": "threat (additive)",
    "threat_gated": "threat (gated)",
}


def label(name: Any) -> Any:
    """A code name of the library as written in prose, for tables and captions.

    Parameters
    ----------
    name : object
        A configuration, game type, policy, indicator... (``"stable_marriage"``).
        Anything that is not a string is returned unchanged, so the function can be
        mapped over a table's cells, index or columns.

    Returns
    -------
    object
        ``"stable marriage"``, ``"prisoners' dilemma"``, ``"reverse Kissinger"``;
        other names with their underscores as spaces.

    Examples
    --------
    >>> label("menage_a_trois"), label("stag_hunt"), label("reverse_kissinger"), label(2017)
    ('ménage à trois', 'stag hunt', 'reverse Kissinger', 2017)
    """
    if not isinstance(name, str):
        return name
    return CONFIGURATION_LABELS.get(name) or _WORDS.get(name) or name.replace("_", " ")


def years(value: Any, digits: int = 1) -> str:
    """A time in years for a table: ``"4.9"``, or ``"never"`` where it is infinite or missing.

    Examples
    --------
    >>> years(4.93), years(float("inf"))
    ('4.9', 'never')
    """
    number = float(value) if value is not None else float("nan")
    return f"{number:.{digits}f}" if math.isfinite(number) else "never"


def color_cycle(n: int) -> list[dict[str, Any]]:
    """Return ``n`` distinct styles (colour, line style, marker) for series.

    Parameters
    ----------
    n : int
        Number of series, at least 1.

    Returns
    -------
    list of dict
        Keyword arguments ``color``, ``linestyle`` and ``marker`` for ``ax.plot``;
        colours repeat after seven series but the (colour, line style) pairs do not.

    Raises
    ------
    ValueError
        If ``n`` is not a positive integer.

    Examples
    --------
    >>> color_cycle(2)[0]
    {'color': '#0072B2', 'linestyle': '-', 'marker': 'o'}
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    pairs = itertools.islice(
        zip(
            itertools.cycle(_SERIES),
            itertools.cycle(LINESTYLES),
            itertools.cycle(MARKERS),
            strict=False,
        ),
        int(n),
    )
    return [{"color": OKABE_ITO[c], "linestyle": ls, "marker": m} for c, ls, m in pairs]


class _CourseFigure(Figure):
    """A Figure that shows itself as a PNG in notebooks without pyplot."""

    def _repr_png_(self) -> bytes:
        return to_png(self)


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Any, Axes]:
    """Return (figure, axes): the given axes' figure, or a fresh unmanaged figure."""
    if ax is None:
        fig = _CourseFigure(figsize=figsize, layout="constrained")
        return fig, fig.add_subplot()
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax.get_figure(), ax


def to_png(fig: Figure, dpi: float = 100) -> bytes:
    """Render ``fig`` on an Agg canvas and return the PNG bytes.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to render.
    dpi : float, default 100
        Resolution in dots per inch.

    Returns
    -------
    bytes
        A PNG image.

    Raises
    ------
    TypeError
        If ``fig`` is not a matplotlib Figure.
    ValueError
        If ``dpi`` is not positive.

    Examples
    --------
    >>> from lukin_course.plots import plot_signed_network
    >>> fig, ax = plot_signed_network([[0, 1, -1], [1, 0, -1], [-1, -1, 0]])
    >>> to_png(fig)[:4]
    b'\\x89PNG'
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    dpi = check_positive(dpi, "dpi")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()
