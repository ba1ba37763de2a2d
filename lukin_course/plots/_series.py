"""Data series and one-sentence descriptions of model states (alternative text).

Part of :mod:`lukin_course.plots`.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from .._validation import as_sign_matrix
from ._style import CONFIGURATION_LABELS, _axes, color_cycle


def _fmt(x: float) -> str:
    return f"{x:.2f}".replace("-", "−")


def alt_text(obj: Any, labels: Sequence[str] | None = None) -> str:
    """Describe a model state in one sentence, for a figure's alternative text.

    Parameters
    ----------
    obj : StrategicTriangle, Trajectory or array_like
        A strategic triangle (as drawn by :func:`plot_triangle`), a pressure-model
        trajectory (:func:`plot_trajectory`) or a signed ±1 matrix
        (:func:`plot_signed_network`).
    labels : sequence of str, optional
        Actor names for a signed matrix.

    Returns
    -------
    str
        A plain-language description of what the figure shows.

    Raises
    ------
    TypeError, ValueError
        If ``obj`` is none of the above.

    Examples
    --------
    >>> from lukin_course.triangle import StrategicTriangle
    >>> alt_text(StrategicTriangle.from_signs(-1, -1, +1))  # doctest: +NORMALIZE_WHITESPACE
    'Strategic triangle, stable marriage: United States–Russia enmity, United States–China
    enmity, Russia–China amity. Roles: United States outcast, Russia partner, China partner.'
    >>> alt_text([[0, 1, -1], [1, 0, -1], [-1, -1, 0]], ["A", "B", "C"])
    'Signed network of 3 actors with 1 amity and 2 enmity ties; balanced; factions: A, B | C.'
    """
    from ..triangle import StrategicTriangle

    if isinstance(obj, StrategicTriangle):
        ties = ", ".join(
            f"{a}–{b} {'amity' if obj.tie(a, b) > 0 else 'enmity'}"
            for a, b in itertools.combinations(obj.actors, 2)
        )
        roles = ", ".join(f"{a} {obj.roles[a]}" for a in obj.actors)
        config = CONFIGURATION_LABELS[obj.configuration]
        return f"Strategic triangle, {config}: {ties}. Roles: {roles}."
    if hasattr(obj, "russia_china"):
        from ..pressure import Trajectory

        if not isinstance(obj, Trajectory):
            raise TypeError(f"obj must be a pressure.Trajectory, got {type(obj).__name__}")
        parts = ", ".join(
            f"{name} tie from {_fmt(series[0])} to {_fmt(series[-1])}"
            for name, series in (
                ("US–Russia", obj.us_russia),
                ("US–China", obj.us_china),
                ("Russia–China", obj.russia_china),
            )
        )
        return f"Ties over {obj.t[-1] - obj.t[0]:g} years: {parts}."
    from ..balance import factions, is_balanced

    mat = as_sign_matrix(obj, "obj")
    n = mat.shape[0]
    names = [str(i) for i in range(n)] if labels is None else [str(x) for x in labels]
    upper = mat[np.triu_indices(n, 1)]
    one, two = factions(mat, names)
    state = "balanced" if is_balanced(mat) else "not balanced"
    camps = ", ".join(map(str, one)) + (" | " + ", ".join(map(str, two)) if two else "")
    return (
        f"Signed network of {n} actors with {int(np.sum(upper > 0))} amity and "
        f"{int(np.sum(upper < 0))} enmity ties; {state}; factions: {camps}."
    )


def _source_caption(citations: Sequence[Mapping[str, Any]]) -> str:
    """ "Source: publisher (years); ..." from a dataset's citations, publishers in order."""
    years: dict[str, list[int]] = {}
    for cite in citations:
        publisher = str(cite.get("publisher") or cite.get("title") or "unknown")
        years.setdefault(publisher, [])
        if cite.get("year") is not None:
            years[publisher].append(int(cite["year"]))
    parts = []
    for publisher, ys in years.items():
        span = (
            "" if not ys else f" ({min(ys)})" if min(ys) == max(ys) else f" ({min(ys)}–{max(ys)})"
        )
        parts.append(publisher + span)
    return "Source: " + "; ".join(parts) if parts else ""


def plot_series(
    frame: Any,
    y: str,
    x: str = "year",
    by: str | None = None,
    ax: Axes | None = None,
    *,
    title: str | None = None,
    ylabel: str | None = None,
    source: bool = True,
) -> tuple:
    """Draw a dataset column over years, one line per group.

    Parameters
    ----------
    frame : pandas.DataFrame
        A course dataset, e.g. :func:`lukin_course.data.load_dataset` ``("trade")``.
    y : str
        Numeric column to draw.
    x : str, default "year"
        Column for the horizontal axis.
    by : str, optional
        Column whose values split the rows into separate lines (e.g. ``"country"``).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure is made.
    title, ylabel : str, optional
        Title and vertical-axis label (default: the column name).
    source : bool, default True
        Add a "Source: ..." caption from ``frame.attrs["citations"]`` when present.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
        One line per group, with gid = the group's value (or ``y`` without ``by``).

    Raises
    ------
    TypeError
        If ``frame`` is not a DataFrame or ``y`` is not numeric.
    ValueError
        If a named column is missing.

    References
    ----------
    [okabe2008color]

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"year": [2000, 2001, 2000, 2001], "country": list("AABB"),
    ...                    "value": [1.0, 2.0, 3.0, 2.5]})
    >>> fig, ax = plot_series(df, "value", by="country")
    >>> [line.get_gid() for line in ax.lines]
    ['A', 'B']
    """
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    for arg, col in (("y", y), ("x", x), ("by", by)):
        if col is not None and col not in frame.columns:
            raise ValueError(f"{arg}={col!r} is not a column; columns are {list(frame.columns)}")
    if not pd.api.types.is_numeric_dtype(frame[y]):
        raise TypeError(f"column y={y!r} must be numeric, got dtype {frame[y].dtype}")
    fig, ax = _axes(ax, (6.0, 3.6))
    groups = [(y, frame)] if by is None else list(frame.groupby(by, sort=True))
    for (name, rows), style in zip(groups, color_cycle(len(groups)), strict=True):
        rows = rows.sort_values(x)
        ax.plot(
            rows[x], rows[y], linewidth=2, markersize=5, label=str(name), gid=str(name), **style
        )
    if by is not None:
        ax.legend(fontsize=8, frameon=False)
    ax.set_xlabel(x)
    ax.set_ylabel(ylabel if ylabel is not None else y)
    if title is not None:
        ax.set_title(title)
    caption = _source_caption(frame.attrs.get("citations") or [])
    if source and caption:
        ax.annotate(
            caption,
            xy=(0, -0.2),
            xycoords="axes fraction",
            fontsize=7,
            va="top",
            wrap=True,
            gid="source",
        )
    return fig, ax
