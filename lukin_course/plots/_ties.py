"""Drawing signed ties: one line collection per sign, ``+``/``−`` marks, legend entries.

Part of :mod:`lukin_course.plots`, for the network figures. Amity (+1)
is a solid bluish-green line marked ``+``, enmity (−1) a dashed vermillion line marked
``−``, in the Okabe–Ito palette [okabe2008color]; the legend entries also serve the
explorers, through :mod:`lukin_course.plots.redraw`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.text import Text

from ._style import OKABE_ITO, TIE_STYLES

_FACTION_STYLES = (("blue", "o"), ("orange", "s"))


def _tie_gid(sign: int) -> str:
    return f"tie{TIE_STYLES[sign]['symbol']}"


def _ordered_ties(
    pairs: Sequence[tuple[int, int]], signs: Sequence[int]
) -> list[tuple[tuple[int, int], int]]:
    """The ties as (pair, sign), amity first: the order they are drawn in."""
    return [(p, sign) for sign in (1, -1) for p, s in zip(pairs, signs, strict=True) if s == sign]


def _segments(xy: Any, pairs: Sequence[tuple[int, int]], signs: Sequence[int], sign: int) -> list:
    return [(xy[i], xy[j]) for (i, j), s in zip(pairs, signs, strict=True) if s == sign]


def _add_tie_lines(
    ax: Axes, xy: Any, pairs: Sequence[tuple[int, int]], signs: Sequence[int]
) -> None:
    """One LineCollection per sign present (gid ``tie+``/``tie−``), amity first."""
    for sign in (1, -1):
        style = TIE_STYLES[sign]
        if segments := _segments(xy, pairs, signs, sign):
            ax.add_collection(
                LineCollection(
                    segments,
                    colors=style["color"],
                    linestyles=style["linestyle"],
                    linewidths=2.5,
                    zorder=1,
                    gid=_tie_gid(sign),
                )
            )


def _style_mark(text: Text, xy: Any, sign: int) -> None:
    """Make ``text`` the ``+``/``−`` mark of a tie of ``sign`` centred at ``xy``."""
    style = TIE_STYLES[sign]
    text.set_position((float(xy[0]), float(xy[1])))
    text.set_text(style["symbol"])
    text.set_color(style["color"])
    text.set_bbox({"boxstyle": "circle,pad=0.2", "facecolor": "white", "edgecolor": style["color"]})


def _add_mark(ax: Axes, xy: Any, sign: int) -> None:
    text = ax.text(0, 0, "", ha="center", va="center", fontsize=14, fontweight="bold", zorder=3)
    text.set_gid("sign")
    _style_mark(text, xy, sign)


def _mark_xy(xy: Any, i: int, j: int) -> Any:
    """Where the mark of tie (i, j) goes: its midpoint, unless that is the centre.

    Ties through the centre of the circle (the diagonals of a square) would all put
    their marks there, on top of each other; each such mark goes a third of the way
    from its first actor instead.
    """
    mid = (xy[i] + xy[j]) / 2
    return mid if np.hypot(*mid) > 1e-9 else xy[i] + (xy[j] - xy[i]) / 3


def _draw_ties(
    ax: Axes, xy: Any, pairs: Sequence[tuple[int, int]], signs: Sequence[int], *, symbol: bool
) -> None:
    """One LineCollection per sign (gid ``tie+``/``tie−``), plus ``+``/``−`` marks."""
    _add_tie_lines(ax, xy, pairs, signs)
    if symbol:
        for (i, j), sign in _ordered_ties(pairs, signs):
            _add_mark(ax, _mark_xy(xy, i, j), sign)


def _update_ties(
    ax: Axes, xy: Any, pairs: Sequence[tuple[int, int]], signs: Sequence[int], *, symbol: bool
) -> None:
    """Make the ties drawn by :func:`_draw_ties` on ``ax`` show new ``signs`` and ``xy``.

    Existing artists are updated (segments, texts); a missing sign's collection makes
    both collections be drawn again, so amity stays under enmity as in a fresh figure.
    """
    lines: dict[str, Any] = {
        gid: c for c in ax.collections if (gid := c.get_gid()) in ("tie+", "tie−")
    }
    if {_tie_gid(s) for s in signs} <= set(lines):
        for sign in (1, -1):
            if (gid := _tie_gid(sign)) in lines:
                lines[gid].set_segments(_segments(xy, pairs, signs, sign))
    else:
        for line in lines.values():
            line.remove()
        _add_tie_lines(ax, xy, pairs, signs)
    marks = [t for t in ax.texts if t.get_gid() == "sign"]
    ordered = _ordered_ties(pairs, signs) if symbol else []
    for k, ((i, j), sign) in enumerate(ordered):
        if k < len(marks):
            _style_mark(marks[k], _mark_xy(xy, i, j), sign)
        else:
            _add_mark(ax, _mark_xy(xy, i, j), sign)
    for mark in marks[len(ordered) :]:
        mark.remove()


def tie_handle(sign: int) -> Line2D:
    """Legend entry of a tie of ``sign``."""
    style = {key: TIE_STYLES[sign][key] for key in ("color", "linestyle", "label")}
    return Line2D([], [], linewidth=2.5, **style)


def faction_handle(k: int) -> Line2D:
    """Legend entry of faction ``k`` (1 or 2)."""
    color, marker = _FACTION_STYLES[k - 1]
    return Line2D(
        [],
        [],
        color=OKABE_ITO[color],
        marker=marker,
        markeredgecolor="black",
        linestyle="",
        markersize=9,
        label=f"faction {k}",
    )


def _tie_legend(
    ax: Axes,
    signs: Sequence[int],
    extra: Sequence[Any] = (),
    ncols: int | None = None,
    below: float = -0.02,
) -> None:
    handles = [*extra] + [tie_handle(s) for s in (1, -1) if s in signs]
    ax.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, below),
        ncols=ncols or len(handles),
        frameon=False,
        fontsize=9,
    )
