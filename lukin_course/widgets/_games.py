"""Explorers of the threat index and of the alignment games.

Part of :mod:`lukin_course.widgets`.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

import ipywidgets as w
import numpy as np

from ..plots import OKABE_ITO, plot_game_types
from ..plots.redraw import game_label, game_level, update_game_types
from ._explorer import Explorer, slider

_SOURCE_NAMES = {
    "aggregate_power": "aggregate power",
    "proximity": "proximity",
    "offensive_power": "offensive power",
    "aggressive_intentions": "aggressive intentions",
}
#: The United States as seen from Canada (the illustration of claim C6 in threat.py).
_DEFAULT_SCORES = {
    "aggregate_power": 1.0,
    "proximity": 1.0,
    "offensive_power": 0.9,
    "aggressive_intentions": 0.0,
}


class _ThreatExplorer(Explorer):
    def _static_grid(self) -> dict[str, Any]:
        # The two sources the essay's argument turns on (C6), and the form of the index.
        scores = (0.0, 0.25, 0.5, 0.75, 1.0)
        return {
            "aggressive_intentions": scores,
            "proximity": (0.0, 0.5, 1.0),
            "mode": ("additive", "gated"),
        }

    def _compute(self, values: dict[str, Any]) -> Any:
        from ..threat import WALT_SOURCES, threat_index

        scores = {k: float(values[k]) for k in WALT_SOURCES}
        raw = {k: float(values[f"w_{k}"]) for k in WALT_SOURCES}
        total = sum(raw.values())
        result: dict[str, Any] = {"scores": scores, "mode": values["mode"], "index": None}
        if total <= 0:  # every weight at zero: no index
            result["contributions"] = dict.fromkeys(WALT_SOURCES, 0.0)
            return result
        weights = {k: v / total for k, v in raw.items()}
        gate = scores["aggressive_intentions"] if values["mode"] == "gated" else 1.0
        result["contributions"] = {
            k: weights[k] * scores[k] * (1.0 if k == "aggressive_intentions" else gate)
            for k in WALT_SOURCES
        }
        for mode in ("additive", "gated"):
            result[mode] = threat_index(scores, raw, mode)
        result["index"] = result[values["mode"]]
        return result

    def _bars(self, result: Any) -> tuple[list[float], list[float], float, list[str]]:
        scores, parts = result["scores"], result["contributions"]
        index = result["index"] or 0.0
        labels = [f"{scores[k]:.2f} → adds {parts[k]:.2f}" for k in _SOURCE_NAMES]
        mode = result["mode"]
        labels.append(f"{index:.2f} ({mode})" if result["index"] is not None else "no weights")
        return list(scores.values()), list(parts.values()), index, labels

    def _draw(self, result: Any) -> None:
        ax = self.axes[0]
        scores, parts, index, labels = self._bars(result)
        y = np.arange(4)
        ax.barh(y, scores, height=0.7, color="white", edgecolor="0.35", hatch="///",
                label="score (0 none … 1 extreme)", gid="score")  # fmt: skip
        ax.barh(y, parts, height=0.35, color=OKABE_ITO["blue"], label="adds to the index",
                gid="contribution")  # fmt: skip
        ax.barh([4], [index], height=0.7, color=OKABE_ITO["vermillion"], label="threat index",
                gid="index")  # fmt: skip
        for k, text in enumerate(labels):
            ax.text(0, k, text, va="center", fontsize=9, gid="value")
        self._place_values(scores, index)
        ax.set_yticks(range(5), [*_SOURCE_NAMES.values(), "threat index"])
        ax.tick_params(axis="y", length=0)  # no tick marks for the bars to cover
        ax.set_xlim(0, 1.45)
        ax.set_ylim(4.6, -0.6)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1])
        ax.set_xlabel("0 none … 1 extreme")
        ax.set_title("Walt's four sources of threat, weighted")
        # Below the axes, clear of the bars: it stays in the saved background instead of
        # being drawn again (text is the costly part of an update) on every change.
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncols=3, fontsize=8,
                  frameon=False)  # fmt: skip

    def _place_values(self, scores: list[float], index: float) -> None:
        texts = [t for t in self.axes[0].texts if t.get_gid() == "value"]
        for k, (text, x) in enumerate(zip(texts, [*scores, index], strict=True)):
            text.set_position((x + 0.02, k))

    def _redraw_in_place(self, result: Any) -> bool:
        ax = self.axes[0]
        scores, parts, index, labels = self._bars(result)
        for patch, width in zip(ax.containers[0], scores, strict=True):
            patch.set_width(width)
        for patch, width in zip(ax.containers[1], parts, strict=True):
            patch.set_width(width)
        ax.containers[2][0].set_width(index)
        for text, label in zip([t for t in ax.texts if t.get_gid() == "value"], labels,
                               strict=True):  # fmt: skip
            text.set_text(label)
        self._place_values(scores, index)
        return True

    def _dynamic_artists(self) -> list[Any]:
        # The bars and their values, and the frame that is drawn over the bars.
        ax = self.axes[0]
        return [*ax.patches, *ax.texts, *ax.spines.values()]

    def _alt(self, result: Any) -> str:
        parts = "; ".join(
            f"{name} scored {result['scores'][k]:.2f}, adding {result['contributions'][k]:.2f}"
            for k, name in _SOURCE_NAMES.items()
        )
        index = (
            f"threat index {result['index']:.2f}"
            if result["index"] is not None
            else "no index, every weight is zero"
        )
        return f"Bar chart of Walt's four sources of threat ({result['mode']}): {parts}; {index}."

    def _describe(self, result: Any) -> str:
        if result["index"] is None:
            return "<i>Give at least one source a positive weight.</i>"
        other = "gated" if result["mode"] == "additive" else "additive"
        return (
            f"Threat index (<i>{result['mode']}</i>): <b>{result['index']:.3f}</b>; "
            f"the {other} index of the same scores: {result[other]:.3f}."
        )


def threat_explorer(
    scores: Mapping[str, float] | None = None,
    weights: Mapping[str, float] | None = None,
    mode: str = "additive",
) -> Explorer:
    """Explore the threat index: Walt's four scores, their weights and the mode.

    Parameters
    ----------
    scores : mapping, optional
        Starting score in [0, 1] of each of :data:`lukin_course.threat.WALT_SOURCES`;
        default: the United States as seen from Canada (1, 1, 0.9, 0), as in
        :func:`lukin_course.threat.threat_index`.
    weights : mapping, optional
        Starting weight in [0, 3] of each source; default 1 each (equal weights).
    mode : {"additive", "gated"}
        Starting form of the index.

    Returns
    -------
    Explorer
        Controls named after the sources (scores), ``w_<source>`` (weights) and
        ``mode``; ``result`` is a dict with ``scores``, ``contributions`` (what each
        source adds to the index), ``index`` (None when every weight is zero) and
        both forms, ``additive`` and ``gated``.

    Raises
    ------
    ValueError, TypeError
        For a missing or unknown source, a score outside [0, 1], a weight outside
        [0, 3], weights all zero, or an unknown ``mode``.

    Notes
    -----
    The index is this course's own operationalisation of Walt's four sources
    [walt1985alliance], [walt1987origins]; the gated form is the course's reading of
    claim C6 [lukin2018perspective].

    References
    ----------
    [walt1985alliance], [walt1987origins], [lukin2018perspective]

    Examples
    --------
    >>> ex = threat_explorer()
    >>> round(ex.result["index"], 3), ex.update(mode="gated").result["index"]
    (0.725, 0.0)
    """
    from ..threat import MODES, WALT_SOURCES, threat_index

    scores = dict(_DEFAULT_SCORES if scores is None else scores)
    weights = dict(dict.fromkeys(WALT_SOURCES, 1.0) if weights is None else weights)
    threat_index(scores, weights, mode)  # checks all three, with clear messages
    controls: dict[str, Any] = {
        k: slider(f"{name} score", 0.0, 0.0, 1.0, 0.01) for k, name in _SOURCE_NAMES.items()
    }
    controls |= {
        f"w_{k}": slider(f"{name} weight", 1.0, 0.0, 3.0, 0.1) for k, name in _SOURCE_NAMES.items()
    }
    controls["mode"] = w.Dropdown(options=list(MODES), value="additive", description="mode")
    explorer = _ThreatExplorer(controls, figsize=(6.4, 3.6))
    return explorer.update(**scores, **{f"w_{k}": v for k, v in weights.items()}, mode=mode)


class _AlignmentExplorer(Explorer):
    _PARAMS = ("abandonment", "entrapment", "benefit", "temptation")

    def _static_grid(self) -> dict[str, Any]:
        # Outside pressure over its range, and the temptation to defect.
        return {
            "pressure": (0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5),
            "temptation": (0.0, 1.0, 2.0, 3.0),
        }

    def __init__(self, controls: Mapping[str, Any]) -> None:
        top = controls["pressure"].max
        self._pressures = (np.arange(60) + 0.5) * top / 60  # midpoints: no exact ties
        self._drawn: tuple[float, ...] | None = None
        super().__init__(controls, figsize=(6.4, 3.4))

    def _compute(self, values: dict[str, Any]) -> Any:
        from ..alignment import (
            alignment_game,
            equilibria,
            game_type,
            game_types_over_pressure,
            type_transitions,
        )

        params = {k: float(values[k]) for k in self._PARAMS}
        game = alignment_game(float(values["pressure"]), **params)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            found = equilibria(game)
        return {
            "pressure": float(values["pressure"]),
            "params": params,
            "matrix": game.payoff_matrices[0],
            "type": game_type(game),
            "equilibria": found,
            "degenerate": bool(caught),
            "types": game_types_over_pressure(self._pressures, **params),
            "transitions": type_transitions(float(self._pressures[-1]), **params),
        }

    def _draw(self, result: Any) -> None:
        ax = self.axes[0]
        plot_game_types(self._pressures, result["types"], ax=ax)
        # Over the frame and ticks (zorder 3), as when drawn over a saved background.
        ax.axvline(result["pressure"], color="black", linestyle="--", linewidth=1, zorder=3,
                   gid="now")  # fmt: skip
        ax.plot([], [], marker="*", markersize=16, color="black", linestyle="", zorder=3,
                gid="game")  # fmt: skip
        ax.set_xlim(0, float(self._pressures[-1]) + self._pressures[0])
        self._drawn = tuple(result["params"].values())
        self._mark(result)

    def _mark(self, result: Any) -> None:
        ax = self.axes[0]
        lines = {line.get_gid(): line for line in ax.lines}
        lines["now"].set_xdata([result["pressure"]] * 2)
        lines["game"].set_data([result["pressure"]], [game_level(result["type"])])
        ax.set_title(f"at pressure {result['pressure']:.3g}: {game_label(result['type'])}")

    def _redraw_in_place(self, result: Any) -> bool:
        params = tuple(result["params"].values())
        if params != self._drawn:  # new payoffs: the strip moves, the axes stay
            update_game_types(self.axes[0], self._pressures, result["types"])
            self._drawn = params
        self._mark(result)
        return True

    def _dynamic_artists(self) -> list[Any]:
        ax = self.axes[0]  # the strip and marks, and the frame drawn over the markers
        return [*ax.lines, *ax.collections, *ax.spines.values(), ax.title]

    def _alt(self, result: Any) -> str:
        first = result["transitions"][0][1] if result["transitions"] else result["types"][-1]
        stages = [f"{game_label(first)} at low pressure"] + [
            f"{game_label(after)} from {p:.3g}" for p, _, after in result["transitions"]
        ]
        params = ", ".join(f"{k} {v:g}" for k, v in result["params"].items())
        return (
            f"Strip chart of the game Russia and China play against outside pressure from 0 "
            f"to {self._pressures[-1] + self._pressures[0]:g} ({params}): "
            f"{', '.join(stages)}. Marked: pressure {result['pressure']:.3g}, "
            f"{game_label(result['type'])}."
        )

    def _describe(self, result: Any) -> str:
        from ..alignment import STRATEGIES

        a = result["matrix"]
        rows = "".join(
            f"<tr><th>Russia {s}</th>"
            + "".join(f"<td>{a[i, j]:+.2f}, {a[j, i]:+.2f}</td>" for j in range(2))
            + "</tr>"
            for i, s in enumerate(STRATEGIES)
        )
        table = f"<table><tr><th></th><th>China align</th><th>China hedge</th></tr>{rows}</table>"
        found = "; ".join(
            f"Russia aligns with prob. {r[0]:.2f}, China with prob. {c[0]:.2f}"
            for r, c in result["equilibria"]
        )
        note = " (tied payoffs: the list may be incomplete)" if result["degenerate"] else ""
        return (
            f"<b>{game_label(result['type'])}</b> at pressure {result['pressure']:.3g}. "
            f"Payoffs (Russia, China):{table}Nash equilibria{note}: {found or 'none found'}."
        )


def alignment_explorer(
    pressure: float = 0.5,
    abandonment: float = 1.5,
    entrapment: float = 0.5,
    benefit: float = 4.0,
    temptation: float = 1.0,
) -> Explorer:
    """Explore the alignment game: pressure and Snyder's costs → the game and its equilibria.

    Parameters
    ----------
    pressure : float, default 0.5
        Outside pressure, in [0, 1.5].
    abandonment, entrapment, temptation : float
        Costs of abandonment and entrapment and the temptation to hedge, each in [0, 3].
    benefit : float, default 4.0
        Value of a joint counterweight per unit of pressure, in [0.5, 8].

    Returns
    -------
    Explorer
        Controls named like the parameters; ``result`` is a dict with the row
        player's payoff ``matrix``, the game ``type``, the Nash ``equilibria``, and the
        ``types`` over the strip's pressures and the exact ``transitions`` between them.

    Raises
    ------
    ValueError, TypeError
        If a value is not a number or lies outside its control's range.

    Notes
    -----
    The alignment game is this course's own teaching model built on Snyder's
    alliance security dilemma [snyder1984security]; game types after
    [rapoport1966taxonomy]; equilibria by nashpy [knight2018nashpy].

    References
    ----------
    [snyder1984security], [rapoport1966taxonomy], [knight2018nashpy]

    Examples
    --------
    >>> ex = alignment_explorer()
    >>> ex.result["type"], ex.update(pressure=1.0).result["type"]
    ('stag_hunt', 'harmony')
    """
    controls = {
        "pressure": slider("pressure p", 0.5, 0.0, 1.5, 0.01),
        "abandonment": slider("abandonment a", 1.5, 0.0, 3.0, 0.1),
        "entrapment": slider("entrapment e", 0.5, 0.0, 3.0, 0.1),
        "benefit": slider("benefit b", 4.0, 0.5, 8.0, 0.1),
        "temptation": slider("temptation t", 1.0, 0.0, 3.0, 0.1),
    }
    explorer = _AlignmentExplorer(controls)
    return explorer.update(
        pressure=pressure,
        abandonment=abandonment,
        entrapment=entrapment,
        benefit=benefit,
        temptation=temptation,
    )
