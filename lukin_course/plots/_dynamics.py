"""Figures of the dynamic models: trajectories, phase diagrams, game types over pressure.

Part of :mod:`lukin_course.plots`. Colours come
from the Okabe–Ito palette [okabe2008color] and every series also has its own
line style or marker, so the figures read in greyscale.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from numpy.typing import ArrayLike

from .._validation import as_finite_array, check_choice, check_in_range
from ._style import AMITY_COLOR, ENMITY_COLOR, MARKERS, OKABE_ITO, _axes, color_cycle

# Diverging colour map for a tie in [−1, 1]: vermillion (enmity), white, bluish green.
_TIE_CMAP = LinearSegmentedColormap.from_list("tie", [ENMITY_COLOR, "#FFFFFF", AMITY_COLOR])
_TIES = (
    ("us_russia", "United States–Russia", "blue", "--", "s"),
    ("us_china", "United States–China", "orange", ":", "^"),
    ("russia_china", "Russia–China", "bluish_green", "-", "o"),
)
# Game types from best to worst for cooperation, as drawn bottom to top.
_GAME_ORDER = ("harmony", "stag_hunt", "chicken", "prisoners_dilemma", "deadlock", "other")
_GAME_NAMES = {"stag_hunt": "stag hunt", "prisoners_dilemma": "prisoners' dilemma"}


def game_label(kind: str) -> str:
    """A game type as written in prose (``"stag_hunt"`` → ``"stag hunt"``)."""
    return _GAME_NAMES.get(kind, kind)


def game_level(kind: str) -> int:
    """Height of a game type's row in :func:`~lukin_course.plots.plot_game_types`.

    0 is harmony, at the bottom (best for cooperation).
    """
    return _GAME_ORDER.index(kind)


def plot_trajectory(
    trajectory: Any,
    ax: Axes | None = None,
    *,
    threshold: float | None = 0.5,
    title: str | None = None,
) -> tuple:
    """Draw the three ties of a pressure-model trajectory over time.

    Parameters
    ----------
    trajectory : lukin_course.pressure.Trajectory
        The result of :func:`lukin_course.pressure.simulate`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure is made.
    threshold : float or None, default 0.5
        Draw the alignment threshold for the Russia–China tie (``None``: no line).
    title : str, optional
        Axes title.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
        The tie lines carry the gids ``"us_russia"``, ``"us_china"``, ``"russia_china"``;
        the threshold line ``"threshold"``.

    Raises
    ------
    TypeError
        If ``trajectory`` is not a Trajectory or ``ax`` is not an Axes.
    ValueError
        If ``threshold`` is outside [−1, 1].

    Notes
    -----
    The pressure model is this course's own teaching model (see
    :mod:`lukin_course.pressure`).

    References
    ----------
    [okabe2008color]

    Examples
    --------
    >>> from lukin_course.pressure import simulate
    >>> fig, ax = plot_trajectory(simulate("democratism"))
    >>> [line.get_gid() for line in ax.lines]
    ['us_russia', 'us_china', 'russia_china', 'threshold', 'zero']
    """
    from ..pressure import Trajectory

    if not isinstance(trajectory, Trajectory):
        raise TypeError(
            f"trajectory must be a pressure.Trajectory, got {type(trajectory).__name__}"
        )
    if threshold is not None:
        threshold = check_in_range(threshold, "threshold", -1.0, 1.0)
    fig, ax = _axes(ax, (6.0, 3.8))
    t = np.asarray(trajectory.t)
    every = max(1, len(t) // 12)
    for attr, label, color, style, marker in _TIES:
        ax.plot(
            t,
            getattr(trajectory, attr),
            color=OKABE_ITO[color],
            linestyle=style,
            marker=marker,
            markevery=every,
            linewidth=2,
            label=label,
            gid=attr,
        )
    if threshold is not None:
        ax.axhline(
            threshold,
            color=OKABE_ITO["black"],
            linewidth=0.8,
            linestyle=(0, (1, 3)),
            label=f"alignment threshold ({threshold:g})",
            gid="threshold",
        )
    ax.axhline(0.0, color="0.6", linewidth=0.6, zorder=0, gid="zero")
    ax.set_ylim(-1.08, 1.08)
    ax.set_xlim(float(t[0]), float(t[-1]))
    ax.set_xlabel("time (years)")
    ax.set_ylabel("tie (−1 enmity … +1 amity)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    if title is not None:
        ax.set_title(title)
    return fig, ax


def plot_phase_diagram(
    s_russia: ArrayLike,
    s_china: ArrayLike,
    r: Any,
    ax: Axes | None = None,
    *,
    policies: Mapping[str, tuple[float, float]] | None = None,
    threshold: float = 0.5,
    colorbar: bool = True,
) -> tuple:
    """Draw the steady Russia–China tie over a grid of the leading power's stances.

    Parameters
    ----------
    s_russia, s_china : array_like, 1-D
        Stance grids toward Russia (x axis) and China (y axis), each of at least 2 values.
    r : array_like, shape (len(s_china), len(s_russia))
        Steady-state Russia–China tie, e.g. :func:`lukin_course.pressure.phase_diagram`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure is made.
    policies : mapping of str to (s_russia, s_china), optional
        Named policies to mark, e.g. :data:`lukin_course.pressure.POLICIES`.
    threshold : float, default 0.5
        Level of the labelled alignment contour (the r = 0 contour is drawn too).
    colorbar : bool, default True
        Add a colour bar.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
    mappable : matplotlib.collections.QuadMesh
        The coloured mesh (vermillion for enmity, bluish green for amity).

    Raises
    ------
    ValueError
        If the grids are not 1-D with ≥ 2 points, ``r`` has the wrong shape, or a
        policy's stances lie outside [−1, 1].

    Notes
    -----
    The pressure model is this course's own teaching model.

    References
    ----------
    [okabe2008color]

    Examples
    --------
    >>> import numpy as np
    >>> s = np.linspace(-1, 1, 5)
    >>> fig, ax, mesh = plot_phase_diagram(s, s, np.add.outer(s, s) / 2)
    >>> mesh.get_array().shape
    (5, 5)
    """
    xs = as_finite_array(s_russia, "s_russia", ndim=1)
    ys = as_finite_array(s_china, "s_china", ndim=1)
    for name, grid in (("s_russia", xs), ("s_china", ys)):
        if grid.size < 2:
            raise ValueError(f"{name} must have at least 2 values, got {grid.size}")
    values = as_finite_array(r, "r", ndim=2)
    if values.shape != (ys.size, xs.size):
        raise ValueError(
            f"r must have shape (len(s_china), len(s_russia)) = {(ys.size, xs.size)}, "
            f"got {values.shape}"
        )
    threshold = check_in_range(threshold, "threshold", -1.0, 1.0)
    fig, ax = _axes(ax, (5.6, 4.6))
    mesh = ax.pcolormesh(xs, ys, values, cmap=_TIE_CMAP, vmin=-1, vmax=1, shading="nearest")
    levels = sorted({0.0, threshold})
    if values.min() < levels[-1] and values.max() > levels[0]:
        lines = ax.contour(
            xs,
            ys,
            values,
            levels=levels,
            colors="black",
            linestyles=["--", "-"][: len(levels)],
            linewidths=1.2,
        )
        ax.clabel(lines, fmt=lambda v: f"r = {v:g}", fontsize=8)
    for k, (name, (sr, sc)) in enumerate((policies or {}).items()):
        sr = check_in_range(sr, f"policies[{name!r}][0]", -1.0, 1.0)
        sc = check_in_range(sc, f"policies[{name!r}][1]", -1.0, 1.0)
        ax.scatter(
            [sr],
            [sc],
            marker=MARKERS[k % len(MARKERS)],
            s=70,
            color="black",
            edgecolor="white",
            zorder=5,
            label=name.replace("_", " "),
            clip_on=False,
        )
    if policies:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=2, fontsize=8)
    if colorbar:
        fig.colorbar(mesh, ax=ax, label="steady Russia–China tie r")
    ax.set_xlabel("stance toward Russia (−1 pressure … +1 engagement)")
    ax.set_ylabel("stance toward China")
    return fig, ax, mesh


def plot_game_types(
    pressures: ArrayLike, types: Sequence[str] | None = None, ax: Axes | None = None, **params: Any
) -> tuple:
    """Draw which 2×2 alignment game Russia and China play as outside pressure grows.

    Parameters
    ----------
    pressures : array_like, 1-D
        Levels of outside pressure, increasing.
    types : sequence of str, optional
        Game type at each pressure; by default
        :func:`lukin_course.alignment.game_types_over_pressure` ``(pressures, **params)``.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure is made.
    **params
        Passed to :func:`lukin_course.alignment.game_types_over_pressure`.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
        One marker collection per game type present (gid = the type's name).

    Raises
    ------
    ValueError
        If ``pressures`` is not 1-D, ``types`` has the wrong length, or a type is unknown.

    Notes
    -----
    Game types are the ordinal classes of 2×2 games [rapoport1966taxonomy]; the
    alignment game itself is this course's model after [snyder1984security].

    References
    ----------
    [okabe2008color]

    Examples
    --------
    >>> fig, ax = plot_game_types([0, 1, 2, 3], ["deadlock", "chicken", "stag_hunt", "harmony"])
    >>> sorted(c.get_gid() for c in ax.collections)
    ['chicken', 'deadlock', 'harmony', 'stag_hunt']
    """
    x = as_finite_array(pressures, "pressures", ndim=1)
    if types is None:
        from ..alignment import game_types_over_pressure

        types = game_types_over_pressure(x, **params)
    kinds = [check_choice(kind, "game type", _GAME_ORDER) for kind in types]
    if len(kinds) != x.size:
        raise ValueError(f"types must have one entry per pressure ({x.size}), got {len(kinds)}")
    fig, ax = _axes(ax, (6.0, 3.2))
    level = np.array([_GAME_ORDER.index(kind) for kind in kinds])
    ax.step(x, level, where="mid", color="0.4", linewidth=1, zorder=1, gid="game_types")
    for k in range(len(_GAME_ORDER)):
        mask = level == k
        if mask.any():
            _game_markers(ax, k, x[mask], level[mask])
    ax.set_yticks(range(len(_GAME_ORDER)), [game_label(g) for g in _GAME_ORDER])
    ax.set_ylim(-0.5, len(_GAME_ORDER) - 0.5)
    ax.set_xlabel("outside pressure")
    ax.set_ylabel("game Russia and China play")
    return fig, ax


def _game_markers(ax: Axes, k: int, x: Any, y: Any) -> Any:
    """The markers of game type number ``k`` (in ``_GAME_ORDER``) at points (x, y)."""
    kind = _GAME_ORDER[k]
    style = color_cycle(k + 1)[k]
    return ax.scatter(
        x,
        y,
        color=style["color"],
        marker=style["marker"],
        s=40,
        zorder=2,
        gid=kind,
        label=game_label(kind),
    )


def update_game_types(ax: Axes, pressures: ArrayLike, types: Sequence[str]) -> list[Any]:
    """Make a :func:`~lukin_course.plots.plot_game_types` drawing show new game types.

    The pressures and the axes stay; the step line and each type's markers move in
    place (a type absent so far gets its markers added). Returns the artists that
    changed, for drawing over a saved background. Inputs are trusted: this serves
    the explorers, which build them.
    """
    x = np.asarray(pressures, dtype=float)
    level = np.array([_GAME_ORDER.index(kind) for kind in types])
    (step,) = [line for line in ax.lines if line.get_gid() == "game_types"]
    step.set_data(x, level)
    markers = {c.get_gid(): c for c in ax.collections}
    changed: list[Any] = [step]
    for k, kind in enumerate(_GAME_ORDER):
        mask = level == k
        if kind not in markers:
            if not mask.any():
                continue
            markers[kind] = _game_markers(ax, k, x[mask], level[mask])
        else:
            markers[kind].set_offsets(np.column_stack([x[mask], level[mask]]))
        changed.append(markers[kind])
    return changed
