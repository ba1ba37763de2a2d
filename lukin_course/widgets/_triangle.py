"""The strategic-triangle explorer: three sign toggles, the configuration, the roles.

Part of :mod:`lukin_course.widgets`.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..plots import CONFIGURATION_LABELS, plot_triangle
from ..plots.redraw import update_triangle
from ._explorer import Explorer

_SIGN_OPTIONS = (("+ amity", 1), ("− enmity", -1))


def _toggle(description: str, value: int = -1) -> w.ToggleButtons:
    return w.ToggleButtons(options=_SIGN_OPTIONS, value=value, description=description)


class _TriangleExplorer(Explorer):
    _first = ("democratism",)
    _US_TIES = ("us_russia", "us_china")

    def _static_grid(self) -> dict[str, Any]:
        # All sixteen sign patterns and the constraint: at most ten states.
        return {
            "us_russia": (-1, 1),
            "us_china": (-1, 1),
            "russia_china": (-1, 1),
            "democratism": (False, True),
        }

    def _set(self, name: str, value: Any) -> None:
        if name in self._US_TIES and value == 1 and self.controls["democratism"].value:
            raise ValueError(
                f"{name} is fixed at -1 (enmity) while democratism is on; "
                "pass democratism=False to allow amity"
            )
        super()._set(name, value)

    def _sync(self, name: str) -> None:
        if name == "democratism":
            fixed = bool(self.controls["democratism"].value)
            for tie in self._US_TIES:
                if fixed:
                    self.controls[tie].value = -1
                self.controls[tie].disabled = fixed

    def _compute(self, values: dict[str, Any]) -> Any:
        from ..triangle import StrategicTriangle

        return StrategicTriangle.from_signs(
            values["us_russia"], values["us_china"], values["russia_china"]
        )

    def _draw(self, result: Any) -> None:
        ax = self.axes[0]
        plot_triangle(result, ax=ax)
        # The constraint is part of the picture, not only of the text around it.
        ax.text(
            0.5,
            0.99,
            "US democratism: no amity with either",
            transform=ax.transAxes,
            ha="center",
            va="top",
            fontsize=9,
            style="italic",
            gid="constraint",
        )
        self._show_constraint()

    def _show_constraint(self) -> None:
        for text in self.axes[0].texts:
            if text.get_gid() == "constraint":
                text.set_visible(bool(self.controls["democratism"].value))

    def _redraw_in_place(self, result: Any) -> bool:
        updated = bool(update_triangle(self.axes[0], result))
        self._show_constraint()
        return updated

    def _dynamic_artists(self) -> list[Any]:
        ax = self.axes[0]  # all but the actors' names, which never change, and the legend
        texts = [t for t in ax.texts if t.get_gid() != "actor"]
        return [*ax.collections, *texts, ax.title]

    def _background_key(self) -> Any:
        legend = self.axes[0].get_legend()  # which signs it shows: three versions at most
        return tuple(text.get_text() for text in legend.get_texts())

    def _alt(self, result: Any) -> str:
        from ..plots import alt_text

        constraint = " The United States refuses amity (democratism)." * bool(
            self.controls["democratism"].value
        )
        return alt_text(result) + constraint

    def _describe(self, result: Any) -> str:
        from ..triangle import DEMOCRATISM, US, best_reachable_role, improving_moves

        constraint = DEMOCRATISM if self.controls["democratism"].value else None
        roles = ", ".join(f"{a}: <i>{r}</i>" for a, r in result.roles.items())
        moves = [str(m) for m in improving_moves(result, constraint=constraint)]
        best = best_reachable_role(US, constraint=constraint)
        return (
            f"<b>{CONFIGURATION_LABELS[result.configuration]}</b> — {roles}<br>"
            f"Improving moves: {'; '.join(moves) or 'none (stable)'}<br>"
            f"Best role the United States can reach: <i>{best}</i>"
        )


def triangle_explorer(
    us_russia: int = -1, us_china: int = -1, russia_china: int = 1, democratism: bool = False
) -> Explorer:
    """Explore the strategic triangle: three sign toggles, the configuration, the roles.

    Parameters
    ----------
    us_russia, us_china, russia_china : {+1, -1}
        Starting signs of the three ties (default: the essay's present, a stable marriage
        of Russia and China with the United States outcast).
    democratism : bool, default False
        Start with the ideological constraint on: the United States refuses amity with
        both, so its two ties are fixed at −1.

    Returns
    -------
    Explorer
        Controls ``us_russia``, ``us_china``, ``russia_china`` and ``democratism``;
        ``result`` is the current :class:`~lukin_course.triangle.StrategicTriangle`.

    Raises
    ------
    ValueError, TypeError
        If a starting sign is not ±1 or ``democratism`` is not a bool.

    Notes
    -----
    Configurations and roles from the literature [dittmer1981strategic],
    [wu1996exploring]; the ideological constraint is this course's own device.

    References
    ----------
    [dittmer1981strategic], [wu1996exploring]

    Examples
    --------
    >>> ex = triangle_explorer()
    >>> ex.result.configuration, ex.result.roles["United States"]
    ('stable_marriage', 'outcast')
    >>> ex.update(us_china=+1).result.configuration
    'romantic_triangle'
    """
    controls = {
        "us_russia": _toggle("US–Russia"),
        "us_china": _toggle("US–China"),
        "russia_china": _toggle("Russia–China"),
        "democratism": w.Checkbox(value=False, description="US democratism (no amity)"),
    }
    explorer = _TriangleExplorer(controls, figsize=(5.0, 4.4))
    explorer.update(
        us_russia=us_russia, us_china=us_china, russia_china=russia_china, democratism=democratism
    )
    return explorer
