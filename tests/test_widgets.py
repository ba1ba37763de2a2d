"""Tests of lukin_course.widgets (and its parts _explorer, widgets_dynamics)."""

from __future__ import annotations

import base64
import io
import os
import subprocess
import sys
from typing import Any

os.environ.setdefault("MPLBACKEND", "Agg")

import ipywidgets as w
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.lines import Line2D

from lukin_course import alignment, balance, plots, pressure, threat, triangle, widgets
from lukin_course.balance_dynamics import antal_krapivsky_redner

# -- the package front stays light ----------------------------------------------------


def test_import_lukin_course_loads_no_heavy_dependency() -> None:
    heavy = ["matplotlib", "pandas", "scipy", "ipywidgets", "nbgrader"]
    code = f"import sys, lukin_course; print(','.join(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_plots_module_does_not_load_widgets_or_pandas() -> None:
    code = (
        "import sys, lukin_course.plots; "
        "print(','.join(m for m in ['ipywidgets', 'pandas', 'nbgrader'] if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# -- triangle explorer ----------------------------------------------------------------


def test_triangle_explorer_shows_the_model() -> None:
    ex = widgets.triangle_explorer()
    assert isinstance(ex, widgets.Explorer)
    assert isinstance(ex.widget, w.Box) and isinstance(ex.image, w.HTML)
    assert set(ex.controls) == {"us_russia", "us_china", "russia_china", "democratism"}
    assert ex.result == triangle.StrategicTriangle.from_signs(-1, -1, 1)
    assert "stable marriage" in ex.summary.value and "outcast" in ex.summary.value
    assert ex.png[:4] == b"\x89PNG"


def test_changing_a_control_recomputes_and_redraws() -> None:
    ex = widgets.triangle_explorer()
    figure, png, axes = ex.figure, ex.png, ex.axes[0]
    ex.controls["us_china"].value = 1  # what a click on the toggle does
    assert ex.result.configuration == "romantic_triangle"
    assert ex.result.roles == triangle.StrategicTriangle.from_signs(-1, 1, 1).roles
    assert "romantic triangle" in ex.summary.value
    assert ex.png != png
    assert ex.figure is figure and ex.axes[0] is axes and len(figure.axes) == 1
    assert axes.get_title() == "romantic triangle"
    moves = triangle.improving_moves(ex.result)
    assert all(str(m) in ex.summary.value for m in moves)


def test_triangle_explorer_democratism_fixes_the_us_ties() -> None:
    ex = widgets.triangle_explorer(us_russia=1, us_china=1, russia_china=-1)
    assert ex.result.configuration == "romantic_triangle"
    ex.update(democratism=True)
    assert ex.controls["us_russia"].value == ex.controls["us_china"].value == -1
    assert ex.controls["us_russia"].disabled and ex.controls["us_china"].disabled
    expected = triangle.best_reachable_role(triangle.US, constraint=triangle.DEMOCRATISM)
    assert f"reach: <i>{expected}</i>" in ex.summary.value
    with pytest.raises(ValueError, match="us_russia is fixed at -1"):
        ex.update(us_russia=1)
    ex.update(us_russia=1, democratism=False)  # the constraint is lifted first
    assert ex.result.tie(triangle.US, triangle.RUSSIA) == 1
    assert not ex.controls["us_china"].disabled
    assert widgets.triangle_explorer(democratism=True).controls["us_china"].disabled


@pytest.mark.parametrize(
    ("values", "error", "match"),
    [
        ({"us_rusia": 1}, ValueError, "unknown control.*us_rusia.*expected some of: us_russia"),
        ({"us_russia": 0}, ValueError, r"us_russia must be one of \[1, -1\]"),
        ({"us_russia": True}, ValueError, "us_russia must be one of"),
        ({"democratism": "yes"}, TypeError, "democratism must be True or False"),
    ],
)
def test_triangle_explorer_rejects_bad_updates(values: dict, error: type, match: str) -> None:
    ex = widgets.triangle_explorer()
    with pytest.raises(error, match=match):
        ex.update(**values)


# -- pressure explorer ----------------------------------------------------------------


def test_pressure_explorer_matches_the_model() -> None:
    ex = widgets.pressure_explorer()
    assert ex.controls["policy"].value == "democratism"
    traj, years = ex.result
    expected = pressure.simulate("democratism")
    np.testing.assert_allclose(traj.russia_china, expected.russia_china)
    assert years == pressure.time_to_alignment(expected)
    assert f"after <b>{years:.1f} years</b>" in ex.summary.value
    lines = {line.get_gid(): line for line in ex.axes[0].lines}
    np.testing.assert_array_equal(lines["russia_china"].get_ydata(), traj.russia_china)


def test_policy_dropdown_sets_the_stances() -> None:
    ex = widgets.pressure_explorer()
    for name, stances in pressure.POLICIES.items():
        ex.controls["policy"].value = name
        assert (ex.controls["s_russia"].value, ex.controls["s_china"].value) == stances
        assert ex.result[0].policy == stances or ex.result[0].policy is None
    ex.controls["s_china"].value = 0.25  # a hand-moved stance is no longer a named policy
    assert ex.controls["policy"].value == "custom"
    assert ex.controls["s_china"].value == 0.25
    ex.update(policy="china_card", s_russia=0.5)  # the policy first, then the stance
    assert ex.controls["policy"].value == "custom"
    assert (ex.controls["s_russia"].value, ex.controls["s_china"].value) == (0.5, 1.0)
    ex.update(s_russia=-1.0)  # back on a named policy's stances: the name stays "custom"
    assert ex.controls["policy"].value == "custom"


def test_pressure_explorer_parameters_change_the_trajectory() -> None:
    ex = widgets.pressure_explorer(policy="engagement", threshold=0.6)
    ex.update(eta=0.5, beta=0.0, kappa=0.0, delta=2.0)  # mutual threat dominates
    params = pressure.PressureParams(beta=0.0, kappa=0.0, delta=2.0, eta=0.5)
    expected = pressure.simulate("engagement", params=params)
    np.testing.assert_allclose(ex.result[0].russia_china, expected.russia_china)
    assert ex.result[1] == pressure.time_to_alignment(expected, threshold=0.6)
    assert np.isinf(ex.result[1]) and "not within 30 years" in ex.summary.value


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"policy": "appeasement"}, "unknown policy"), ({"threshold": 1.5}, "threshold")],
)
def test_pressure_explorer_rejects_bad_arguments(kwargs: dict, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        widgets.pressure_explorer(**kwargs)


@pytest.mark.parametrize(
    ("values", "error", "match"),
    [
        ({"s_russia": 1.5}, ValueError, r"s_russia must lie in \[-1.0, 1.0\]"),
        ({"eta": "high"}, TypeError, "eta must be a number"),
        ({"policy": "appeasement"}, ValueError, "policy must be one of"),
        ({"alpha": 1.0}, ValueError, "unknown control"),
    ],
)
def test_pressure_explorer_rejects_bad_updates(values: dict, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        widgets.pressure_explorer().update(**values)


# -- balance explorer -----------------------------------------------------------------


def test_balance_explorer_balances_the_network() -> None:
    ex = widgets.balance_explorer(n=7, seed=3)
    res = ex.result
    assert res["before"].shape == (7, 7) and res["labels"] == list("ABCDEFG")
    run = antal_krapivsky_redner(res["before"], p=0.5, seed=3, max_steps=20_000)
    np.testing.assert_array_equal(res["after"], run.signs)
    assert balance.is_balanced(res["after"])
    assert res["factions"] == balance.factions(res["after"], res["labels"])
    assert res["imbalanced"] == len(balance.imbalanced_triads(res["before"]))
    assert res["imbalanced_after"] == 0
    assert len(ex.axes) == 2 and ex.axes[1].get_title() == "after"
    assert ", ".join(res["factions"][0]) in ex.summary.value
    ex.update(seed=4)
    assert len(ex.figure.legends) == 1 and all(ax.get_legend() is None for ax in ex.axes)


def test_balance_explorer_controls() -> None:
    ex = widgets.balance_explorer(n=5, seed=0)
    first = ex.result["before"].copy()
    ex.update(seed=0)
    np.testing.assert_array_equal(ex.result["before"], first)  # same seed, same network
    ex.controls["n"].value = 9
    assert ex.result["before"].shape == (9, 9)
    ex.update(dynamics="marvel")
    assert ex.controls["p"].disabled and "Marvel" in ex.summary.value
    assert balance.is_balanced(ex.result["after"])
    ex.update(dynamics="antal_krapivsky_redner", p=1.0)
    assert not ex.controls["p"].disabled


def test_balance_explorer_reports_an_unfinished_run(monkeypatch: pytest.MonkeyPatch) -> None:
    from lukin_course import balance_dynamics

    real = balance_dynamics.antal_krapivsky_redner

    def capped(signs0: object, p: float, seed: int, max_steps: int) -> object:
        return real(signs0, p=p, seed=seed, max_steps=1)

    monkeypatch.setattr(balance_dynamics, "antal_krapivsky_redner", capped)
    ex = widgets.balance_explorer(n=8, seed=1)
    assert "stopped before balance" in ex.summary.value
    assert ex.result["imbalanced_after"] > 0


@pytest.mark.parametrize(
    ("values", "error", "match"),
    [
        ({"n": 2}, ValueError, r"n must lie in \[3, 10\]"),
        ({"n": 4.5}, ValueError, "n must be a whole number"),
        ({"dynamics": "glauber"}, ValueError, "dynamics must be one of"),
        ({"seed": None}, TypeError, "seed must be a number"),
    ],
)
def test_balance_explorer_rejects_bad_updates(values: dict, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        widgets.balance_explorer(**values)


# -- display and hygiene --------------------------------------------------------------


def test_explorer_displays_as_its_widget_with_a_png_fallback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    ex = widgets.triangle_explorer()
    bundle = ex._repr_mimebundle_()
    view = bundle["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == ex.widget.model_id
    assert base64.b64decode(bundle["image/png"]) == ex.png
    ex._ipython_display_()
    assert "widget-view+json" in capsys.readouterr().out
    assert repr(ex).startswith("_TriangleExplorer(us_russia=-1, us_china=-1")


def test_explorers_keep_one_figure_outside_pyplot() -> None:
    before = plt.get_fignums()
    ex = widgets.pressure_explorer()
    figure = ex.figure
    for s in (-1.0, 0.0, 1.0):
        ex.update(s_russia=s)
    assert ex.figure is figure and len(figure.axes) == 1
    assert len(ex.axes[0].lines) == 5  # three ties, threshold, zero line: nothing piles up
    assert plt.get_fignums() == before


# -- redrawing in place ---------------------------------------------------------------


def _pixels(png: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def _shows_its_figure(ex: widgets.Explorer) -> bool:
    """The explorer's PNG is exactly what a full draw of its figure gives."""
    full = plots.to_png(ex.figure, dpi=ex.figure.dpi)
    return np.array_equal(_pixels(ex.png), _pixels(full))


@pytest.mark.parametrize(
    ("factory", "updates"),
    [
        (
            widgets.triangle_explorer,
            [
                {"us_russia": 1, "us_china": 1, "russia_china": 1},  # one sign: its legend
                {"us_russia": -1, "us_china": -1, "russia_china": -1},  # the other sign
                {"us_china": 1},
                {"democratism": True},
                {"us_russia": 1, "us_china": 1, "russia_china": 1, "democratism": False},
            ],
        ),
        (
            widgets.pressure_explorer,
            [{"s_russia": 0.4}, {"eta": 2.5, "s_china": -0.3}, {"policy": "engagement"}],
        ),
        (
            widgets.balance_explorer,
            [
                {"n": 4, "seed": 7},  # n <= 4: ties marked + / −
                {"n": 10, "seed": 30},
                {"n": 3, "seed": 2},
                {"n": 5, "seed": 1, "p": 1.0},  # one camp (paradise): no second faction
                {"n": 8, "seed": 5, "dynamics": "marvel"},
                {"n": 4, "seed": 3},
            ],
        ),
        (
            widgets.threat_explorer,
            [{"proximity": 0.3}, {"mode": "gated", "w_proximity": 2.0}, {"offensive_power": 0}],
        ),
        (
            widgets.alignment_explorer,
            [{"pressure": 0.1}, {"pressure": 1.2}, {"temptation": 2.5}, {"pressure": 0.3}],
        ),
    ],
    ids=["triangle", "pressure", "balance", "threat", "alignment"],
)
def test_updates_in_place_show_what_a_full_draw_shows(factory: Any, updates: list) -> None:
    ex = factory()
    figure, artists = ex.figure, len(ex.figure.findobj())
    for values in updates:
        ex.update(**values)
        assert _shows_its_figure(ex)
    assert ex.figure is figure and not any(a.get_animated() for a in figure.findobj())
    assert len(figure.findobj()) < 3 * artists  # artists are reused, not piled up
    fresh = factory()
    fresh.update(**{name: control.value for name, control in ex.controls.items()})
    assert fresh.png == ex.png  # the same controls give the same picture


def test_balance_explorer_updates_both_networks() -> None:
    ex = widgets.balance_explorer(n=4, seed=7)
    ex.update(n=6, seed=2)
    res = ex.result
    before, after = ex.axes
    names = [t.get_text() for t in before.texts if t.get_gid() == "actor"]
    assert names == res["labels"] == [t.get_text() for t in after.texts if t.get_gid() == "actor"]
    assert not [t for ax in ex.axes for t in ax.texts if t.get_gid() == "sign"]  # n > 4
    upper = res["before"][np.triu_indices(6, 1)]
    ties = {c.get_gid(): len(c.get_segments()) for c in before.collections if "tie" in c.get_gid()}
    assert ties["tie+"] == np.sum(upper > 0) and ties["tie−"] == np.sum(upper < 0)
    offsets = {c.get_gid(): len(c.get_offsets()) for c in after.collections}
    assert offsets.get("faction1", 0) == len(res["factions"][0])
    assert offsets.get("faction2", 0) == len(res["factions"][1])


class _Demo(widgets.Explorer):
    """A minimal explorer: a framed line plot and a frameless text panel with a legend."""

    def _compute(self, values: dict) -> int:
        return int(values["k"])

    def _draw(self, result: int) -> None:
        self.axes[0].plot([0, 1], [0, result], gid="line")
        self.axes[1].set_axis_off()
        self.axes[1].text(0.5, 0.5, f"k = {result}", gid="k")
        self.axes[1].legend(handles=[Line2D([], [], label="k")])
        self.axes[1].set_title("panel")

    def _describe(self, result: int) -> str:
        return f"k = {result}"


class _InPlaceDemo(_Demo):
    """The same, updating its text in place and keeping one background per value."""

    def _redraw_in_place(self, result: int) -> bool:
        self.axes[1].texts[0].set_text(f"k = {result}")
        self.axes[0].lines[0].set_ydata([0, result])
        return True

    def _dynamic_artists(self) -> list:
        return [self.axes[1].texts[0]]

    def _background_key(self) -> Any:
        return self.axes[0].lines[0].get_ydata()[1]  # the line is part of the background


def _demo(cls: type) -> widgets.Explorer:
    return cls({"k": w.IntSlider(value=0, min=0, max=20)}, figsize=(4.0, 2.0), ncols=2)


def test_explorer_without_in_place_updates_redraws_all() -> None:
    ex = _demo(_Demo)
    for k in (3, 5, 3):
        ex.update(k=k)
        assert _shows_its_figure(ex)
        assert [line.get_gid() for line in ex.axes[0].lines] == ["line"]  # cleared
        assert [t.get_text() for t in ex.axes[1].texts] == [f"k = {k}"]
        assert not ex.axes[1].axison and ex.axes[1].get_legend() is not None
    assert ex.summary.value == "k = 3" and len(ex._backgrounds) == 1


def test_explorer_keeps_a_few_backgrounds() -> None:
    ex = _demo(_InPlaceDemo)
    for k in range(12):
        ex.update(k=k)
        assert _shows_its_figure(ex)
    assert len(ex._backgrounds) == 8  # the oldest were dropped
    ex.update(k=11)  # a kept background
    assert _shows_its_figure(ex) and ex.axes[1].texts[0].get_text() == "k = 11"


# -- alternative text of the figure -----------------------------------------------------


def _img(ex: widgets.Explorer) -> tuple[str, bytes]:
    """The alt attribute and the PNG of the explorer's <img>, read back from its HTML."""
    from html.parser import HTMLParser

    found: list[dict] = []

    class _Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list) -> None:
            if tag == "img":
                found.append(dict(attrs))

    _Parser().feed(ex.image.value)
    assert len(found) == 1
    prefix = "data:image/png;base64,"
    assert found[0]["src"].startswith(prefix)
    return found[0]["alt"], base64.b64decode(found[0]["src"][len(prefix) :])


@pytest.mark.parametrize(
    ("factory", "values", "phrases"),
    [
        (widgets.triangle_explorer, {}, ["Strategic triangle, stable marriage", "China partner"]),
        (
            widgets.triangle_explorer,
            {"democratism": True, "russia_china": -1},
            ["unit veto", "refuses amity"],
        ),
        (
            widgets.pressure_explorer,
            {"policy": "engagement"},
            ["toward Russia +1.00", "Russia–China tie from 0.50 to −1.00"],
        ),
        (widgets.balance_explorer, {"n": 4, "seed": 2}, ["actors A to D", "After: Signed"]),
        (widgets.threat_explorer, {"mode": "gated"}, ["(gated)", "threat index 0.00"]),
        (widgets.alignment_explorer, {"pressure": 1.0}, ["stag hunt from 0.375", "harmony."]),
    ],
)
def test_the_figure_has_an_alt_text_describing_its_state(
    factory: Any, values: dict, phrases: list[str]
) -> None:
    ex = factory()
    before = ex.alt
    ex.update(**values)
    alt, png = _img(ex)
    assert alt == ex.alt and png == ex.png and png[:4] == b"\x89PNG"
    assert all(phrase in alt for phrase in phrases), alt
    assert alt != before or not values


def test_alt_text_is_escaped_in_the_html() -> None:
    ex = _demo(_Demo)
    ex._alt = lambda result: 'k is "<b>" & more'  # type: ignore[method-assign]
    ex.update(k=2)
    assert _img(ex)[0] == 'k is "<b>" & more'
    assert "<b>" not in ex.image.value.split("src=")[0]


def test_default_alt_text_is_the_summary_in_plain_text() -> None:
    ex = _demo(_Demo)
    ex.update(k=4)
    assert ex.alt == "k = 4" and _img(ex)[0] == "k = 4"


def test_alt_text_matches_the_library_descriptions() -> None:
    ex = widgets.triangle_explorer(us_china=1)
    assert ex.alt == plots.alt_text(ex.result)
    res = widgets.balance_explorer(n=5, seed=3).result
    alt = widgets.balance_explorer(n=5, seed=3).alt
    assert plots.alt_text(res["after"], res["labels"]) in alt
    assert plots.alt_text(res["before"], res["labels"]) in alt
    traj = widgets.pressure_explorer().result[0]
    assert plots.alt_text(traj) in widgets.pressure_explorer().alt
    assert widgets.triangle_explorer()._repr_mimebundle_()["text/plain"].startswith("Strategic")


# -- threat explorer --------------------------------------------------------------------


def test_threat_explorer_matches_the_index() -> None:
    ex = widgets.threat_explorer()
    scores = {k: ex.controls[k].value for k in threat.WALT_SOURCES}
    assert ex.result["index"] == threat.threat_index(scores) == ex.result["additive"]
    assert ex.result["gated"] == threat.threat_index(scores, mode="gated")
    assert f"<b>{ex.result['index']:.3f}</b>" in ex.summary.value
    png = ex.png
    ex.controls["w_aggressive_intentions"].value = 3.0  # what a slider drag does
    weights = {k: ex.controls[f"w_{k}"].value for k in threat.WALT_SOURCES}
    assert ex.result["index"] == pytest.approx(threat.threat_index(scores, weights))
    assert ex.png != png
    ex.update(mode="gated", aggressive_intentions=0.4, offensive_power=0.2)
    scores = {k: ex.controls[k].value for k in threat.WALT_SOURCES}
    assert ex.result["index"] == pytest.approx(threat.threat_index(scores, weights, "gated"))
    assert sum(ex.result["contributions"].values()) == pytest.approx(ex.result["index"])
    index_bar = [p for p in ex.axes[0].patches if p.get_gid() == "index"]
    assert index_bar[0].get_width() == pytest.approx(ex.result["index"])


def test_threat_explorer_starting_values_and_zero_weights() -> None:
    scores = {"aggregate_power": 0.8, "proximity": 1.0, "offensive_power": 0.5,
              "aggressive_intentions": 0.1}  # fmt: skip
    weights = {"aggregate_power": 1, "proximity": 1, "offensive_power": 1,
               "aggressive_intentions": 2}  # fmt: skip
    ex = widgets.threat_explorer(scores, weights, mode="gated")
    assert ex.result["index"] == pytest.approx(threat.threat_index(scores, weights, "gated"))
    ex.update(**{f"w_{k}": 0.0 for k in threat.WALT_SOURCES})
    assert ex.result["index"] is None and "positive weight" in ex.summary.value
    assert "every weight is zero" in ex.alt


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"scores": {"proximity": 1.0}}, ValueError, "missing source"),
        ({"weights": dict.fromkeys(threat.WALT_SOURCES, 0.0)}, ValueError, "all be zero"),
        ({"mode": "multiplicative"}, ValueError, "mode"),
        ({"weights": dict.fromkeys(threat.WALT_SOURCES, 5.0)}, ValueError, r"in \[0.0, 3.0\]"),
    ],
)
def test_threat_explorer_rejects_bad_arguments(kwargs: dict, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        widgets.threat_explorer(**kwargs)


@pytest.mark.parametrize(
    ("values", "error", "match"),
    [
        ({"proximity": 1.5}, ValueError, r"proximity must lie in \[0.0, 1.0\]"),
        ({"w_proximity": "high"}, TypeError, "w_proximity must be a number"),
        ({"mode": "product"}, ValueError, "mode must be one of"),
        ({"intentions": 0.5}, ValueError, "unknown control"),
    ],
)
def test_threat_explorer_rejects_bad_updates(values: dict, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        widgets.threat_explorer().update(**values)


# -- alignment explorer -----------------------------------------------------------------


def test_alignment_explorer_matches_the_game() -> None:
    ex = widgets.alignment_explorer()
    game = alignment.alignment_game(0.5)
    np.testing.assert_array_equal(ex.result["matrix"], game.payoff_matrices[0])
    assert ex.result["type"] == alignment.game_type(game) == "stag_hunt"
    found = alignment.equilibria(game)
    assert len(ex.result["equilibria"]) == len(found) == 3
    for (r1, c1), (r2, c2) in zip(ex.result["equilibria"], found, strict=True):
        np.testing.assert_array_equal(r1, r2)
        np.testing.assert_array_equal(c1, c2)
    assert "<b>stag hunt</b>" in ex.summary.value and "prob. 0.50" in ex.summary.value
    assert ex.result["types"] == alignment.game_types_over_pressure(ex._pressures)
    marks = {c.get_gid() for c in ex.axes[0].collections}
    assert marks == {"deadlock", "prisoners_dilemma", "stag_hunt", "harmony"}


def test_alignment_explorer_controls_change_the_game() -> None:
    ex = widgets.alignment_explorer()
    png = ex.png
    ex.controls["pressure"].value = 0.2  # a slider drag: only the marker moves
    assert ex.result["type"] == "prisoners_dilemma" and ex.png != png
    assert ex.axes[0].get_title() == "at pressure 0.2: prisoners' dilemma"
    ex.update(abandonment=0.3)  # cheap abandonment: chicken replaces the stag hunt
    assert "chicken" in ex.result["types"]
    assert ex.result["transitions"] == alignment.type_transitions(
        float(ex._pressures[-1]), abandonment=0.3
    )
    assert "chicken" in {c.get_gid() for c in ex.axes[0].collections}
    assert _shows_its_figure(ex)


def test_alignment_explorer_notes_a_degenerate_game() -> None:
    ex = widgets.alignment_explorer(pressure=0.0, entrapment=0.0, abandonment=0.0)
    assert ex.result["type"] == "other"
    if ex.result["degenerate"]:
        assert "may be incomplete" in ex.summary.value
    ex = widgets.alignment_explorer(pressure=0.5, entrapment=0.0, abandonment=1.0, temptation=2.0)
    assert ex.result["type"] == alignment.game_type(
        alignment.alignment_game(0.5, entrapment=0.0, abandonment=1.0, temptation=2.0)
    )


@pytest.mark.parametrize(
    ("values", "error", "match"),
    [
        ({"pressure": -0.1}, ValueError, r"pressure must lie in \[0.0, 1.5\]"),
        ({"benefit": 0.0}, ValueError, r"benefit must lie in \[0.5, 8.0\]"),
        ({"temptation": None}, TypeError, "temptation must be a number"),
        ({"cost": 1.0}, ValueError, "unknown control"),
    ],
)
def test_alignment_explorer_rejects_bad_updates(values: dict, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        widgets.alignment_explorer().update(**values)


# -- precomputed explorers (pages without a kernel) -----------------------------------


def _state_values(pre: widgets.PrecomputedExplorer, state: int) -> dict[str, Any]:
    controls = {c.name: c for c in pre._controls}
    return {
        name: controls[name].values[i]
        for name, i in zip(pre.controls, pre.states[state]["values"], strict=True)
    }


def test_precomputed_transitions_follow_the_explorers_own_rules() -> None:
    ex = widgets.pressure_explorer(policy="custom")
    pre = ex.precompute()
    policy = pre.controls.index("policy")
    options = next(c for c in pre._controls if c.name == "policy").values
    # Choosing "democratism" from the start moves both stances to -1, as update() does.
    target = pre.transitions[pre.start][policy][options.index("democratism")]
    assert _state_values(pre, target) == {
        "policy": "democratism",
        "s_russia": -1.0,
        "s_china": -1.0,
    }
    # Moving a stance off the policy's corner makes the policy "custom", as update() does.
    s_russia = pre.controls.index("s_russia")
    after = pre.transitions[target][s_russia][2]  # stance 0.0
    assert _state_values(pre, after)["policy"] == "custom"
    # Every frame is what the explorer itself draws for that state.
    for state in (target, after):
        values = _state_values(pre, state)
        fresh = widgets.pressure_explorer(policy="custom").update(**values)
        assert pre.alts[pre.states[state]["frame"]] == fresh.alt


def test_precomputed_triangle_disables_what_democratism_forbids() -> None:
    pre = widgets.triangle_explorer().precompute()
    assert len(pre.states) == 10  # eight sign patterns, and two under the constraint
    demo = pre.controls.index("democratism")
    on = pre.transitions[pre.start][demo][1]
    us_russia = pre.controls.index("us_russia")
    amity = pre._controls[us_russia].values.index(1)
    assert pre.states[on]["disabled"][us_russia] is True
    assert pre.transitions[on][us_russia][amity] == -1  # refused while democratism is on
    assert pre.transitions[pre.start][us_russia][amity] >= 0  # allowed without it
    assert "democratism" in pre.alts[pre.states[on]["frame"]]


def test_every_precomputed_control_changes_the_figure_and_its_alt_text() -> None:
    for make in (
        widgets.triangle_explorer,
        widgets.pressure_explorer,
        widgets.alignment_explorer,
        widgets.polarity_explorer,
    ):
        pre = make().precompute()
        start_frame = pre.states[pre.start]["frame"]
        for c, name in enumerate(pre.controls):
            frames = {pre.states[s]["frame"] for s in pre.transitions[pre.start][c] if s >= 0} - {
                start_frame
            }
            assert frames, f"{make.__name__}: {name} changes nothing from the start"
            assert all(pre.alts[f] != pre.alts[start_frame] for f in frames), name
            assert all(pre.images[f] != pre.images[start_frame] for f in frames), name


def test_precompute_keeps_the_explorer_and_the_page_light() -> None:
    ex = widgets.threat_explorer()
    before = (repr(ex), ex.alt)
    pre = ex.precompute()
    assert (repr(ex), ex.alt) == before  # the explorer is left as it was
    assert pre.nbytes <= 2_000_000
    page = pre.html
    assert page.count("<img") == 1 and 'aria-live="polite"' in page
    assert "Precomputed" in page and "Run live" in page
    # Every control has a visible label; no code name reaches the page.
    assert "aggressive intentions score" in page and "aggressive_intentions score" not in page
    assert page.count("data-lukin-explorer") == 1


@pytest.mark.parametrize(
    ("grid", "match"),
    [
        ({"nope": (1,)}, "unknown control"),
        ({}, "at least one control"),
        ({"s_russia": ()}, "empty"),
        (
            {"policy": ("custom", "democratism"), "s_russia": (0.0,), "s_china": (0.0,)},
            "not on the grid",
        ),
    ],
)
def test_precompute_rejects_bad_grids(grid: dict, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        widgets.pressure_explorer(policy="custom").precompute(grid)


def test_display_carries_the_precomputed_html_only_when_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ex = widgets.triangle_explorer()
    monkeypatch.delenv("LUKIN_COURSE_PRECOMPUTED_EXPLORERS", raising=False)
    assert "text/html" not in ex._repr_mimebundle_()
    monkeypatch.setenv("LUKIN_COURSE_PRECOMPUTED_EXPLORERS", "1")
    bundle = ex._repr_mimebundle_()
    assert "data-lukin-explorer" in bundle["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in bundle  # live notebooks keep the widget
