"""Network figures: the strategic triangle and signed networks of n actors.

Part of :mod:`lukin_course.plots`. Amity (+1) is a
solid bluish-green line marked ``+``, enmity (−1) a dashed vermillion line marked
``−``, in the Okabe–Ito palette [okabe2008color].
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from .._validation import as_sign_matrix
from ._style import CONFIGURATION_LABELS, OKABE_ITO, TIE_STYLES, _axes
from ._ties import (
    _FACTION_STYLES,
    _draw_ties,
    _tie_legend,
    _update_ties,
    faction_handle,
)

_TRIANGLE_XY = np.array([(0.5, 0.866), (0.0, 0.0), (1.0, 0.0)])


def plot_triangle(triangle: Any, ax: Axes | None = None, title: str | None = None) -> tuple:
    """Draw a strategic triangle: actors at the vertices, signed ties, roles.

    Parameters
    ----------
    triangle : lukin_course.triangle.StrategicTriangle
        The triangle to draw.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure is made.
    title : str, optional
        Title; by default the configuration's name (e.g. "stable marriage").

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
        The ties are one LineCollection per sign, with gid ``"tie+"`` or ``"tie−"``;
        the ``+``/``−`` marks are texts with gid ``"sign"``, actor names ``"actor"``,
        roles ``"role"``.

    Raises
    ------
    TypeError
        If ``triangle`` is not a StrategicTriangle or ``ax`` is not an Axes.

    Notes
    -----
    Configurations and roles are Dittmer's [dittmer1981strategic]; roles follow
    Wu's ranking [wu1996exploring].

    Examples
    --------
    >>> from lukin_course.triangle import StrategicTriangle
    >>> fig, ax = plot_triangle(StrategicTriangle.from_signs(-1, -1, +1))
    >>> ax.get_title()
    'stable marriage'
    >>> {c.get_gid(): len(c.get_segments()) for c in ax.collections if c.get_gid() != "actors"}
    {'tie+': 1, 'tie−': 2}
    """
    from ..triangle import StrategicTriangle

    if not isinstance(triangle, StrategicTriangle):
        raise TypeError(f"triangle must be a StrategicTriangle, got {type(triangle).__name__}")
    fig, ax = _axes(ax, (5.0, 4.4))
    actors = triangle.actors
    xy = _TRIANGLE_XY
    pairs, signs = _triangle_ties(triangle)
    _draw_ties(ax, xy, pairs, signs, symbol=True)
    ax.scatter(xy[:, 0], xy[:, 1], s=260, color=OKABE_ITO["black"], zorder=4, gid="actors")
    roles = triangle.roles
    for i, actor in enumerate(actors):
        x, y = xy[i]
        dy = 0.1 if i == 0 else -0.11
        va = "bottom" if i == 0 else "top"
        ax.text(x, y + dy, actor, ha="center", va=va, fontsize=11, fontweight="bold", gid="actor")
        role_y = y + dy + (0.1 if i == 0 else -0.1)
        ax.text(
            x, role_y, roles[actor], ha="center", va=va, fontsize=10, style="italic", gid="role"
        )
    _tie_legend(ax, signs)
    ax.set_xlim(-0.3, 1.3)
    ax.set_ylim(-0.55, 1.25)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(
        title if title is not None else CONFIGURATION_LABELS[triangle.configuration], y=1.0
    )
    return fig, ax


def _triangle_ties(triangle: Any) -> tuple[list[tuple[int, int]], list[int]]:
    pairs = list(itertools.combinations(range(3), 2))
    actors = triangle.actors
    return pairs, [int(triangle.tie(actors[i], actors[j])) for i, j in pairs]


def update_triangle(ax: Axes, triangle: Any) -> bool:
    """Make a :func:`~lukin_course.plots.plot_triangle` drawing on ``ax`` show ``triangle``.

    The drawing must have its default title.

    Updates the ties, marks, roles, title and (when the signs present change) legend in
    place; returns False, changing nothing, if the drawn actors are not its actors.
    """
    actors = list(triangle.actors)
    if [t.get_text() for t in ax.texts if t.get_gid() == "actor"] != actors:
        return False
    pairs, signs = _triangle_ties(triangle)
    _update_ties(ax, _TRIANGLE_XY, pairs, signs, symbol=True)
    roles = triangle.roles
    for text, actor in zip([t for t in ax.texts if t.get_gid() == "role"], actors, strict=True):
        text.set_text(roles[actor])
    legend = ax.get_legend()
    shown = [t.get_text() for t in legend.get_texts()] if legend is not None else []
    if shown != [TIE_STYLES[s]["label"] for s in (1, -1) if s in signs]:
        _tie_legend(ax, signs)
    ax.title.set_text(CONFIGURATION_LABELS[triangle.configuration])
    return True


def _check_factions(factions: Any, names: list[str]) -> list[list[int]]:
    """Row indices of the two factions, which must split ``names`` exactly."""
    if not isinstance(factions, (tuple, list)) or len(factions) != 2:
        raise ValueError("factions must be a pair (faction 1, faction 2) of lists of labels")
    index = {name: k for k, name in enumerate(names)}
    groups = [[index.get(str(m), -1) for m in members] for members in factions]
    if -1 in groups[0] + groups[1] or sorted(groups[0] + groups[1]) != list(range(len(names))):
        raise ValueError(f"factions must split the labels {names} into two disjoint groups")
    return groups


def plot_signed_network(
    signs: ArrayLike,
    labels: Sequence[str] | None = None,
    ax: Axes | None = None,
    *,
    factions: tuple[Sequence[Any], Sequence[Any]] | None = None,
    title: str | None = None,
    show_signs: bool | None = None,
    legend: bool = True,
) -> tuple:
    """Draw a signed network: actors on a circle, ties by sign, factions by colour.

    Parameters
    ----------
    signs : array_like, shape (n, n)
        Symmetric matrix of +1/−1 ties (diagonal ignored), n ≥ 3.
    labels : sequence of str, optional
        Actor names; default ``"0", "1", ...``.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure is made.
    factions : pair of sequences of labels, optional
        The two factions to colour; by default :func:`lukin_course.balance.factions`.
    title : str, optional
        Axes title.
    show_signs : bool, optional
        Mark each tie ``+``/``−`` at its midpoint; default when n ≤ 4.
    legend : bool, default True
        Add a legend of the factions and tie signs below the network.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
        The ties are one LineCollection per sign, gid ``"tie+"`` or ``"tie−"``; node
        markers have gid ``"faction1"`` (blue circles) or ``"faction2"`` (orange squares).

    Raises
    ------
    ValueError
        If ``signs`` is not a symmetric ±1 matrix, or ``labels`` has the wrong length.

    Notes
    -----
    Factions are the two camps of structural balance [cartwright1956structural].

    Examples
    --------
    >>> fig, ax = plot_signed_network([[0, 1, -1], [1, 0, -1], [-1, -1, 0]], ["A", "B", "C"])
    >>> [(c.get_gid(), len(c.get_offsets())) for c in ax.collections if "faction" in c.get_gid()]
    [('faction1', 2), ('faction2', 1)]
    """
    mat = as_sign_matrix(signs, "signs")
    n = mat.shape[0]
    names = [str(i) for i in range(n)] if labels is None else [str(x) for x in labels]
    if len(names) != n:
        raise ValueError(f"labels must have {n} entries (one per actor), got {len(names)}")
    if factions is None:
        from ..balance import factions as _factions

        factions = _factions(mat, names)
    fig, ax = _axes(ax, (5.0, 5.0))
    xy = _circle(n)
    symbols = n <= 4 if show_signs is None else bool(show_signs)
    pairs = list(itertools.combinations(range(n), 2))
    _draw_ties(ax, xy, pairs, [int(mat[i, j]) for i, j in pairs], symbol=symbols)
    groups = _check_factions(factions, names)
    drawn = []
    for k, rows in enumerate(groups, start=1):
        if rows:
            _add_faction(ax, xy[rows], k)
            drawn.append(faction_handle(k))
    for k, name in enumerate(names):
        _add_name(ax, xy[k], name)
    upper = mat[np.triu_indices(n, 1)]
    if legend:
        _tie_legend(ax, [int(v) for v in np.unique(upper)], extra=drawn, ncols=2, below=-0.1)
    ax.set_xlim(-1.45, 1.45)
    ax.set_ylim(-1.45, 1.45)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if title is not None:
        ax.set_title(title, y=1.0)  # a fixed position: no ticks to dodge
    return fig, ax


def _circle(n: int) -> Any:
    """Positions of ``n`` actors on the unit circle, the first at the top, clockwise."""
    angle = np.pi / 2 - 2 * np.pi * np.arange(n) / n
    return np.column_stack([np.cos(angle), np.sin(angle)])


def _add_faction(ax: Axes, points: Any, k: int) -> None:
    color, marker = _FACTION_STYLES[k - 1]
    ax.scatter(
        points[:, 0],
        points[:, 1],
        s=300,
        color=OKABE_ITO[color],
        marker=marker,
        edgecolor="black",
        zorder=4,
        gid=f"faction{k}",
    )


def _add_name(ax: Axes, xy: Any, name: str) -> None:
    ax.text(1.22 * xy[0], 1.22 * xy[1], name, ha="center", va="center", gid="actor")


def update_signed_network(
    ax: Axes, signs: Any, labels: Sequence[str], factions: tuple[Sequence[Any], Sequence[Any]]
) -> None:
    """Make a :func:`~lukin_course.plots.plot_signed_network` drawing show a new network.

    The drawing on ``ax`` must have no legend.

    The ties, faction markers and names are updated in place (the number of actors may
    change); marks are shown for n ≤ 4 as by default. Inputs are trusted: this serves
    the explorers, which build them.
    """
    mat = np.asarray(signs)
    n = mat.shape[0]
    names = [str(x) for x in labels]
    xy = _circle(n)
    pairs = list(itertools.combinations(range(n), 2))
    _update_ties(ax, xy, pairs, [int(mat[i, j]) for i, j in pairs], symbol=n <= 4)
    groups = _check_factions(factions, names)
    markers = {c.get_gid(): c for c in ax.collections}
    for k, rows in enumerate(groups, start=1):
        if f"faction{k}" in markers:
            markers[f"faction{k}"].set_offsets(xy[rows].reshape(-1, 2))
        elif rows:
            _add_faction(ax, xy[rows], k)
    texts = [t for t in ax.texts if t.get_gid() == "actor"]
    for k, name in enumerate(names):
        if k < len(texts):
            texts[k].set_text(name)
            texts[k].set_position((1.22 * xy[k, 0], 1.22 * xy[k, 1]))
        else:
            _add_name(ax, xy[k], name)
    for text in texts[n:]:
        text.remove()
