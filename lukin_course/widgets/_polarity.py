"""Explorer of the counterweight question: does a coalition match the leading power?

Part of :mod:`lukin_course.widgets`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ipywidgets as w

from ..plots import OKABE_ITO
from ._explorer import Explorer, slider

#: The countries a coalition can hold, against the United States.
_MEMBERS = ("Russia", "China", "India")
_LEADER = "United States"
#: Dropdown label -> indicators used by :func:`~lukin_course.polarity.capability_shares`.
_INDICATORS: dict[str, tuple[str, ...]] = {
    "composite": ("gdp", "military_expenditure"),
    "gdp": ("gdp",),
    "military_expenditure": ("military_expenditure",),
}
_INDICATOR_NAMES = {
    "composite": "the composite of GDP and military expenditure",
    "gdp": "GDP",
    "military_expenditure": "military expenditure",
}
_YEARS = (2009.0, 2025.0)
_Y_MAX = 1.6


def _ratio_series(coalition: Iterable[str], indicator: str) -> Any:
    """The coalition's share over the leader's, by year, from the packaged data.

    The system is the United States plus the coalition; only years in which every one
    of them has every indicator count. This is what the explorer draws.
    """
    from ..polarity import capability_frame, capability_shares, coalition_ratio

    members = list(coalition)
    names = _INDICATORS[indicator]
    frame = capability_frame((_LEADER, *members), indicators=names)
    shares = capability_shares(frame, indicators=names)
    column = "composite" if indicator == "composite" else names[0]
    return coalition_ratio(shares, members, _LEADER, column=column)


def _list(names: list[str]) -> str:
    return " + ".join(names)


class _PolarityExplorer(Explorer):
    def _static_grid(self) -> dict[str, Any]:
        # India in or out of the coalition, the indicator, and the threshold.
        indicators = [
            opt[1] if isinstance(opt, tuple) else opt for opt in self.controls["indicator"].options
        ]
        return {
            "india": (False, True),
            "indicator": indicators,
            "threshold": (0.5, 0.75, 1.0, 1.25),
        }

    def __init__(self, controls: dict[str, Any]) -> None:
        self._cache: dict[tuple[tuple[str, ...], str], Any] = {}
        super().__init__(controls, figsize=(6.4, 3.4))

    def _compute(self, values: dict[str, Any]) -> Any:
        members = tuple(m for m in _MEMBERS if values[m.lower()])
        indicator, threshold = values["indicator"], float(values["threshold"])
        result: dict[str, Any] = {
            "coalition": list(members),
            "leader": _LEADER,
            "indicator": indicator,
            "threshold": threshold,
            "ratio": None,
            "balances": None,
        }
        if members:
            key = (members, indicator)
            if key not in self._cache:
                self._cache[key] = _ratio_series(members, indicator)
            ratio = self._cache[key]
            result["ratio"] = ratio
            result["balances"] = (ratio >= threshold).rename("balances")
        return result

    def _draw(self, result: Any) -> None:
        ax = self.axes[0]
        ax.axhline(1.0, color="0.6", linestyle=":", linewidth=1, zorder=1)
        ax.text(_YEARS[0] + 0.2, 1.02, "parity", fontsize=8, color="0.4", va="bottom")
        ax.plot([], [], color=OKABE_ITO["blue"], linewidth=2, gid="ratio", zorder=3)
        ax.plot([], [], color=OKABE_ITO["blue"], marker="o", markersize=8, linestyle="",
                gid="yes", zorder=4, label="reaches the threshold")  # fmt: skip
        ax.plot([], [], color=OKABE_ITO["blue"], marker="o", markersize=8, linestyle="",
                markerfacecolor="white", gid="no", zorder=4, label="falls short")  # fmt: skip
        ax.axhline(result["threshold"], color=OKABE_ITO["vermillion"], linestyle="--",
                   linewidth=1.5, gid="threshold", zorder=2, label="threshold")  # fmt: skip
        ax.set_xlim(*_YEARS)
        ax.set_ylim(0, _Y_MAX)
        ax.set_xlabel("year")
        ax.set_ylabel("coalition ÷ United States")
        ax.legend(loc="upper right", fontsize=8, frameon=False)
        self._mark(result)

    def _mark(self, result: Any) -> None:
        ax = self.axes[0]
        lines = {line.get_gid(): line for line in ax.lines}
        lines["threshold"].set_ydata([result["threshold"]] * 2)
        ratio, hits = result["ratio"], result["balances"]
        if ratio is None:
            for gid in ("ratio", "yes", "no"):
                lines[gid].set_data([], [])
            ax.set_title("choose at least one coalition member")
            return
        years, values = list(ratio.index), list(ratio.values)
        lines["ratio"].set_data(years, values)
        lines["yes"].set_data(list(ratio[hits].index), list(ratio[hits].values))
        lines["no"].set_data(list(ratio[~hits].index), list(ratio[~hits].values))
        ax.set_title(f"{_list(result['coalition'])} ÷ United States: "
                     f"{_INDICATOR_NAMES[result['indicator']]}", fontsize=10)  # fmt: skip

    def _redraw_in_place(self, result: Any) -> bool:
        self._mark(result)
        return True

    def _dynamic_artists(self) -> list[Any]:
        ax = self.axes[0]
        gids = ("ratio", "yes", "no", "threshold")
        return [line for line in ax.lines if line.get_gid() in gids] + [ax.title]

    def _alt(self, result: Any) -> str:
        threshold = result["threshold"]
        if result["ratio"] is None:
            return (
                f"Empty line chart: no coalition member is chosen. The dashed threshold line "
                f"is at {threshold:.2f} times the United States."
            )
        ratio, hits = result["ratio"], result["balances"]
        years = [int(y) for y in ratio.index]
        span = f"{years[0]}" if len(years) == 1 else f"{years[0]} to {years[-1]}"
        low, high = int(ratio.idxmin()), int(ratio.idxmax())
        reached = [str(int(y)) for y in ratio[hits].index]
        return (
            f"Line chart of {_list(result['coalition'])} as a multiple of the United States "
            f"on {_INDICATOR_NAMES[result['indicator']]}, {len(years)} years from {span}: "
            f"{ratio.iloc[0]:.2f} in {years[0]}, {ratio.iloc[-1]:.2f} in {years[-1]}, "
            f"lowest {ratio[low]:.2f} ({low}), highest {ratio[high]:.2f} ({high}). "
            f"Threshold {threshold:.2f}: reached in "
            f"{', '.join(reached) if reached else 'no year'}."
        )

    def _describe(self, result: Any) -> str:
        if result["ratio"] is None:
            return "<i>Choose at least one coalition member.</i>"
        ratio, hits = result["ratio"], result["balances"]
        latest = int(ratio.index[-1])
        verdict = "reaches" if bool(hits.iloc[-1]) else "falls short of"
        return (
            f"<b>{_list(result['coalition'])}</b> on {_INDICATOR_NAMES[result['indicator']]}: "
            f"{ratio.iloc[-1]:.2f} times the United States in {latest}, which {verdict} the "
            f"threshold of {result['threshold']:.2f}. The coalition reaches it in "
            f"{int(hits.sum())} of {len(hits)} years with data."
        )


def polarity_explorer(
    coalition: Iterable[str] = ("Russia", "China"),
    indicator: str = "composite",
    threshold: float = 1.0,
) -> Explorer:
    """Explore the counterweight: a coalition's capabilities over the United States', by year.

    Parameters
    ----------
    coalition : iterable of str, default ("Russia", "China")
        Starting members, any of "Russia", "China" and "India" (may be empty).
    indicator : {"composite", "gdp", "military_expenditure"}
        The share compared: the mean of the GDP and military-expenditure shares, or one.
    threshold : float, default 1.0
        The multiple of the United States' share counted as balancing, in [0.1, 1.5].

    Returns
    -------
    Explorer
        Controls ``russia``, ``china``, ``india`` (check boxes), ``indicator`` and
        ``threshold``; ``result`` is a dict with ``coalition``, ``leader``,
        ``indicator``, ``threshold``, ``ratio`` (a Series by year, as from
        :func:`lukin_course.polarity.coalition_ratio`; None without members) and
        ``balances`` (ratio ≥ threshold, by year).

    Raises
    ------
    ValueError, TypeError
        For an unknown member or indicator, or a threshold outside [0.1, 1.5].

    Notes
    -----
    The system is the United States plus the coalition, in the years in which all of
    them have every indicator in the packaged data (SIPRI military expenditure as first
    published; World Bank GDP); shares as in the Correlates of War composite index
    [singer1972capability]. Reading the ratio against a threshold is this course's
    own teaching measure of balancing by aggregation, after [waltz1979theory].

    References
    ----------
    [singer1972capability], [waltz1979theory], [sipri2024milex], [worldbank2021wdi]

    Examples
    --------
    >>> ex = polarity_explorer()
    >>> [int(y) for y in ex.result["ratio"].index]
    [2014, 2017, 2018, 2021]
    >>> bool(ex.result["balances"].any()), bool(ex.update(threshold=0.5).result["balances"].all())
    (False, True)
    """
    if isinstance(coalition, str):
        raise TypeError("coalition must be a collection of country names, not one string")
    members = list(coalition)
    unknown = [m for m in members if m not in _MEMBERS]
    if unknown:
        raise ValueError(f"unknown coalition member {unknown[0]!r}; expected some of {_MEMBERS}")
    controls: dict[str, Any] = {
        m.lower(): w.Checkbox(value=m in ("Russia", "China"), description=m) for m in _MEMBERS
    }
    controls["indicator"] = w.Dropdown(
        options=[(k.replace("_", " ").replace("gdp", "GDP"), k) for k in _INDICATORS],
        value="composite",
        description="indicator",
    )
    controls["threshold"] = slider("threshold", 1.0, 0.1, 1.5, 0.05)
    explorer = _PolarityExplorer(controls)
    return explorer.update(
        **{m.lower(): m in members for m in _MEMBERS}, indicator=indicator, threshold=threshold
    )
