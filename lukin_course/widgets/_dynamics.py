"""Explorers of the dynamic models: the pressure model and balance dynamics.

Part of :mod:`lukin_course.widgets`.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

import ipywidgets as w
import numpy as np

from ..plots import label, plot_signed_network, plot_trajectory
from ..plots.redraw import faction_handle, tie_handle, update_signed_network
from ._explorer import Explorer, slider


class _PressureExplorer(Explorer):
    _first = ("policy",)

    def _static_grid(self) -> dict[str, Any]:
        # The named policies and the stances on a grid of five: 29 states.
        stances = (-1.0, -0.5, 0.0, 0.5, 1.0)
        policies = [
            opt[1] if isinstance(opt, tuple) else opt for opt in self.controls["policy"].options
        ]
        return {"policy": policies, "s_russia": stances, "s_china": stances}

    def __init__(self, controls: Mapping[str, Any], threshold: float) -> None:
        self._threshold = threshold
        super().__init__(controls, figsize=(6.4, 3.8))

    def _sync(self, name: str) -> None:
        from ..pressure import POLICIES

        policy = self.controls["policy"].value
        stances = (self.controls["s_russia"].value, self.controls["s_china"].value)
        if name == "policy" and policy in POLICIES:
            self.controls["s_russia"].value, self.controls["s_china"].value = POLICIES[policy]
        elif name in ("s_russia", "s_china") and POLICIES.get(policy) != stances:
            self.controls["policy"].value = "custom"

    def _compute(self, values: dict[str, Any]) -> Any:
        from ..pressure import PressureParams, simulate, time_to_alignment

        params = PressureParams(**{k: values[k] for k in ("beta", "kappa", "delta", "eta")})
        trajectory = simulate((values["s_russia"], values["s_china"]), params=params)
        return trajectory, time_to_alignment(trajectory, threshold=self._threshold)

    def _redraw_in_place(self, result: Any) -> bool:
        # Every run has the same time grid (the default horizon and points), so the axes
        # limits and marker spacing stay; only the three ties change.
        lines = {line.get_gid(): line for line in self.axes[0].lines}
        trajectory = result[0]
        for gid in ("us_russia", "us_china", "russia_china"):
            lines[gid].set_ydata(getattr(trajectory, gid))
        return True

    def _dynamic_artists(self) -> list[Any]:
        # The ties, the two reference lines and the frame over their ends.
        return [*self.axes[0].lines, *self.axes[0].spines.values()]

    def _draw(self, result: Any) -> None:
        plot_trajectory(result[0], ax=self.axes[0], threshold=self._threshold)

    def _alt(self, result: Any) -> str:
        from ..plots import alt_text

        trajectory, years = result
        s_russia, s_china = (self.controls[k].value for k in ("s_russia", "s_china"))
        reached = (
            f"crosses the alignment threshold {self._threshold:g} after {years:.1f} years"
            if np.isfinite(years)
            else f"stays below the alignment threshold {self._threshold:g}"
        )
        return (
            f"Line chart of the pressure model, stance toward Russia {s_russia:+.2f} and "
            f"toward China {s_china:+.2f}. {alt_text(trajectory)} The Russia–China tie "
            f"{reached}."
        )

    def _describe(self, result: Any) -> str:
        trajectory, years = result
        u_r, u_c, r = trajectory.final
        when = (
            f"after <b>{years:.1f} years</b>"
            if np.isfinite(years)
            else f"<b>not within {trajectory.t[-1]:g} years</b>"
        )
        return (
            f"Russia–China tie reaches the alignment threshold ({self._threshold:g}) {when}; "
            f"after {trajectory.t[-1]:g} years: US–Russia {u_r:+.2f}, US–China {u_c:+.2f}, "
            f"Russia–China {r:+.2f}."
        )


def pressure_explorer(policy: str = "democratism", threshold: float = 0.5) -> Explorer:
    """Explore the pressure model: the leading power's stances and the Russia–China tie.

    Parameters
    ----------
    policy : str, default "democratism"
        Starting policy, a key of :data:`lukin_course.pressure.POLICIES` or ``"custom"``.
    threshold : float, default 0.5
        Level of the Russia–China tie counted as alignment (in (−1, 1]).

    Returns
    -------
    Explorer
        Controls ``policy`` (a dropdown that sets the two stances), ``s_russia``,
        ``s_china`` (stances, −1 pressure … +1 engagement) and the couplings ``beta``,
        ``kappa``, ``delta``, ``eta``; ``result`` is ``(trajectory, time_to_alignment)``.

    Raises
    ------
    ValueError
        If ``policy`` is unknown or ``threshold`` is out of range.

    Notes
    -----
    The pressure model is this course's own teaching model
    (:mod:`lukin_course.pressure`); its default parameters are illustrative.

    References
    ----------
    [heider1946attitudes], [lukin2018perspective]

    Examples
    --------
    >>> ex = pressure_explorer()
    >>> ex.controls["s_russia"].value, ex.controls["s_china"].value
    (-1.0, -1.0)
    >>> ex.update(policy="china_card").controls["s_china"].value
    1.0
    """
    from .._validation import check_choice, check_in_range
    from ..pressure import FIT_BOUNDS, POLICIES, PressureParams

    check_choice(policy, "policy", ["custom", *POLICIES])
    defaults = PressureParams()
    # the fitted defaults are a knife-edge (six decimals matter), so the sliders keep them exactly
    step = 0.000001

    controls = {
        "policy": w.Dropdown(
            options=[(label(name), name) for name in ["custom", *POLICIES]],
            value="custom",
            description="policy",
        ),
        "s_russia": slider("stance → Russia", 0.0, -1.0, 1.0, 0.05),
        "s_china": slider("stance → China", 0.0, -1.0, 1.0, 0.05),
        "beta": slider("β balance", defaults.beta, *FIT_BOUNDS["beta"], step),
        "kappa": slider("κ security", defaults.kappa, *FIT_BOUNDS["kappa"], step),
        "delta": slider("δ threat", defaults.delta, *FIT_BOUNDS["delta"], step),
        "eta": slider("η self-reinforcing", defaults.eta, *FIT_BOUNDS["eta"], step),
    }
    explorer = _PressureExplorer(controls, check_in_range(threshold, "threshold", -1.0, 1.0))
    return explorer.update(policy=policy)


class _BalanceExplorer(Explorer):
    def _static_grid(self) -> dict[str, Any]:
        # Both dynamics on networks of four to ten actors, five random starts each.
        return {
            "dynamics": ("antal_krapivsky_redner", "marvel"),
            "n": (4, 6, 8, 10),
            "seed": (0, 1, 2, 3, 4),
        }

    def _sync(self, name: str) -> None:
        if name == "dynamics":
            self.controls["p"].disabled = self.controls["dynamics"].value == "marvel"

    def _compute(self, values: dict[str, Any]) -> Any:
        from ..balance import factions, imbalanced_triads
        from ..balance_dynamics import antal_krapivsky_redner, marvel_factions

        n, seed = int(values["n"]), int(values["seed"])
        labels = list(string.ascii_uppercase[:n])
        rng = np.random.default_rng(seed)
        x0 = np.triu(rng.normal(size=(n, n)), 1)
        x0 = x0 + x0.T
        before = np.where(x0 >= 0, 1, -1)
        np.fill_diagonal(before, 0)
        if values["dynamics"] == "marvel":
            camps = marvel_factions(x0, labels)
            sigma = np.array([1 if label in camps[0] else -1 for label in labels])
            after, note = np.outer(sigma, sigma), "Marvel et al. (continuous, dX/dt = X²)"
        else:
            run = antal_krapivsky_redner(before, p=values["p"], seed=seed, max_steps=20_000)
            state = "" if run.balanced else ", stopped before balance"
            after, note = run.signs, f"Antal–Krapivsky–Redner, {run.steps} steps{state}"
        np.fill_diagonal(after, 0)
        return {
            "labels": labels,
            "before": before,
            "after": after,
            "note": note,
            "imbalanced": len(imbalanced_triads(before)),
            "imbalanced_after": len(imbalanced_triads(after)),
            "factions": factions(after, labels),
        }

    def _draw(self, result: Any) -> None:
        labels = result["labels"]
        plot_signed_network(result["before"], labels, ax=self.axes[0], title="before", legend=False)
        plot_signed_network(
            result["after"],
            labels,
            ax=self.axes[1],
            title="after",
            factions=result["factions"],
            legend=False,
        )
        if not self.figure.legends:  # one shared legend, drawn once and kept
            handles = [faction_handle(1), faction_handle(2), tie_handle(1), tie_handle(-1)]
            self.figure.legend(
                handles=handles, loc="lower center", ncols=4, frameon=False, fontsize=9
            )

    def _redraw_in_place(self, result: Any) -> bool:
        from ..balance import factions

        labels = result["labels"]
        update_signed_network(
            self.axes[0], result["before"], labels, factions(result["before"], labels)
        )
        update_signed_network(self.axes[1], result["after"], labels, result["factions"])
        return True

    def _dynamic_artists(self) -> list[Any]:
        # The ties, their marks and the actors; titles, names and the legend stay.
        return [
            a
            for ax in self.axes
            for a in (*ax.collections, *(t for t in ax.texts if t.get_gid() != "actor"))
        ]

    def _background_key(self) -> Any:
        return len(self.result["labels"])  # the names depend on the number of actors only

    def _alt(self, result: Any) -> str:
        from ..plots import alt_text

        labels = result["labels"]
        return (
            f"Two signed networks of actors {labels[0]} to {labels[-1]}, before and after "
            f"{result['note']}. Before: {alt_text(result['before'], labels)} "
            f"After: {alt_text(result['after'], labels)}"
        )

    def _describe(self, result: Any) -> str:
        one, two = result["factions"]
        camps = ", ".join(one) + (" | " + ", ".join(two) if two else " (one camp: paradise)")
        return (
            f"{result['note']}: imbalanced triads {result['imbalanced']} → "
            f"{result['imbalanced_after']}. Factions after: <b>{camps}</b>."
        )


def balance_explorer(
    n: int = 6, seed: int = 0, dynamics: str = "antal_krapivsky_redner"
) -> Explorer:
    """Explore balance dynamics: a random signed network before and after it balances.

    Parameters
    ----------
    n : int, default 6
        Number of actors, 3–10.
    seed : int, default 0
        Seed of the random starting network (0–99).
    dynamics : {"antal_krapivsky_redner", "marvel"}
        Discrete triad dynamics [antal2005dynamics] or the continuous model
        [marvel2011continuous] (starting from the real-valued relations whose signs
        make the "before" network).

    Returns
    -------
    Explorer
        Controls ``n``, ``seed``, ``dynamics`` and ``p`` (the probability that a triad
        with one hostile tie is mended, for the triad dynamics); ``result`` is a dict
        with ``before``/``after`` sign matrices, ``factions`` and counts of
        imbalanced triads.

    Raises
    ------
    ValueError, TypeError
        If ``n``, ``seed`` or ``dynamics`` is invalid.

    Notes
    -----
    Both dynamics are from the literature; factions are those of structural balance
    [cartwright1956structural].

    References
    ----------
    [antal2005dynamics], [marvel2011continuous], [cartwright1956structural]

    Examples
    --------
    >>> ex = balance_explorer(n=5, seed=1)
    >>> from lukin_course.balance import is_balanced
    >>> is_balanced(ex.result["after"])
    True
    """
    controls = {
        "n": slider("actors", 6, 3, 10, 1, integer=True),
        "seed": slider("seed", 0, 0, 99, 1, integer=True),
        "dynamics": w.Dropdown(
            options=[
                ("Antal–Krapivsky–Redner (discrete)", "antal_krapivsky_redner"),
                ("Marvel et al. (continuous)", "marvel"),
            ],
            description="dynamics",
        ),
        "p": slider("mend prob. p", 0.5, 0.0, 1.0, 0.05),
    }
    explorer = _BalanceExplorer(controls, figsize=(9.0, 4.6), ncols=2)
    return explorer.update(n=n, seed=seed, dynamics=dynamics)
