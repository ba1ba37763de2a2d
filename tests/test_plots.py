"""Tests of lukin_course.plots: figures, their style, and the in-place redraws of explorers."""

from __future__ import annotations

import io
import os

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection, QuadMesh
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from lukin_course import balance, plots, pressure, triangle
from lukin_course.data import load_dataset
from lukin_course.plots import redraw

PALETTE_RGBA = {to_rgba(c) for c in plots.OKABE_ITO.values()}
SOLID = (0.0, None)


def _ties(ax: Axes) -> dict[str, LineCollection]:
    return {c.get_gid(): c for c in ax.collections if str(c.get_gid()).startswith("tie")}


def _texts(ax: Axes, gid: str) -> list[str]:
    return [t.get_text() for t in ax.texts if t.get_gid() == gid]


@st.composite
def sign_matrices(draw: st.DrawFn, max_n: int = 8) -> np.ndarray:
    n = draw(st.integers(3, max_n))
    upper = draw(st.lists(st.sampled_from([-1, 1]), min_size=n * (n - 1) // 2, max_size=n * 45))
    m = np.zeros((n, n), dtype=int)
    m[np.triu_indices(n, 1)] = upper[: n * (n - 1) // 2]
    return m + m.T


# -- palette and style ---------------------------------------------------------------


def test_okabe_ito_palette_matches_the_published_values() -> None:
    # Okabe & Ito (2008), Color Universal Design, the eight-colour set (RGB 0-255):
    # black 0,0,0; orange 230,159,0; sky blue 86,180,233; bluish green 0,158,115;
    # yellow 240,228,66; blue 0,114,178; vermillion 213,94,0; reddish purple 204,121,167.
    published = {
        "black": (0, 0, 0),
        "orange": (230, 159, 0),
        "sky_blue": (86, 180, 233),
        "bluish_green": (0, 158, 115),
        "yellow": (240, 228, 66),
        "blue": (0, 114, 178),
        "vermillion": (213, 94, 0),
        "reddish_purple": (204, 121, 167),
    }
    got = {k: tuple(round(255 * x) for x in to_rgba(v)[:3]) for k, v in plots.OKABE_ITO.items()}
    assert got == published
    assert plots.AMITY_COLOR == plots.OKABE_ITO["bluish_green"]
    assert plots.ENMITY_COLOR == plots.OKABE_ITO["vermillion"]


def test_tie_styles_differ_by_more_than_colour() -> None:
    # Readable in grey: the two signs differ in line style and in their text mark.
    plus, minus = plots.TIE_STYLES[1], plots.TIE_STYLES[-1]
    assert plus["linestyle"] == "-" and minus["linestyle"] == "--"
    assert plus["symbol"] != minus["symbol"]


@pytest.mark.parametrize("n", [1, 4, 7, 28])
def test_color_cycle_styles_are_distinct_and_from_the_palette(n: int) -> None:
    styles = plots.color_cycle(n)
    assert len(styles) == n
    assert {to_rgba(s["color"]) for s in styles} <= PALETTE_RGBA
    assert len({(s["color"], s["linestyle"]) for s in styles}) == n
    assert all(s["marker"] in plots.MARKERS and s["linestyle"] in plots.LINESTYLES for s in styles)


@pytest.mark.parametrize("bad", [0, -2, 1.5, True, "3"])
def test_color_cycle_rejects_bad_n(bad: object) -> None:
    with pytest.raises(ValueError, match="n must be a positive integer"):
        plots.color_cycle(bad)  # type: ignore[arg-type]


def test_to_png_renders_png_and_checks_its_input() -> None:
    fig = Figure()
    fig.add_subplot().plot([0, 1])
    small, large = plots.to_png(fig, dpi=50), plots.to_png(fig, dpi=150)
    assert small[:8] == b"\x89PNG\r\n\x1a\n" and len(large) > len(small)
    with pytest.raises(TypeError, match="fig must be a matplotlib Figure"):
        plots.to_png("figure")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="dpi must be positive"):
        plots.to_png(fig, dpi=0)


def test_new_figures_display_as_png_in_notebooks() -> None:
    fig, _ = plots.plot_signed_network(-np.ones((3, 3)) + 2 * np.eye(3))
    assert fig._repr_png_()[:4] == b"\x89PNG"


# -- strategic triangle ---------------------------------------------------------------


@pytest.mark.parametrize("t", triangle.all_triangles(), ids=str)
def test_plot_triangle_draws_each_tie_by_sign(t: triangle.StrategicTriangle) -> None:
    fig, ax = plots.plot_triangle(t)
    assert isinstance(fig, Figure) and isinstance(ax, Axes)
    signs = [
        t.tie(a, b)
        for a, b in [
            (t.actors[0], t.actors[1]),
            (t.actors[0], t.actors[2]),
            (t.actors[1], t.actors[2]),
        ]
    ]
    ties = _ties(ax)
    for sign, gid, color in ((1, "tie+", plots.AMITY_COLOR), (-1, "tie−", plots.ENMITY_COLOR)):
        count = signs.count(sign)
        if count == 0:
            assert gid not in ties
            continue
        assert len(ties[gid].get_segments()) == count
        assert [tuple(c) for c in ties[gid].get_colors()] == [to_rgba(color)]
        dashes = ties[gid].get_linestyles()[0]
        assert (dashes == SOLID) == (sign == 1)
    assert sorted(_texts(ax, "sign")) == sorted("+" if s > 0 else "−" for s in signs)
    assert _texts(ax, "actor") == list(t.actors)
    assert _texts(ax, "role") == [t.roles[a] for a in t.actors]
    assert ax.get_title() == plots.CONFIGURATION_LABELS[t.configuration]


def test_plot_triangle_on_given_axes_with_title_and_custom_actors() -> None:
    fig = Figure()
    ax = fig.add_subplot()
    t = triangle.StrategicTriangle.from_signs(1, 1, -1, actors=("A", "B", "C"))
    got_fig, got_ax = plots.plot_triangle(t, ax=ax, title="Nixon and Kissinger")
    assert got_fig is fig and got_ax is ax
    assert ax.get_title() == "Nixon and Kissinger"
    assert _texts(ax, "role") == ["pivot", "wing", "wing"]


def test_plot_triangle_rejects_bad_input() -> None:
    with pytest.raises(TypeError, match="triangle must be a StrategicTriangle"):
        plots.plot_triangle([[0, 1, 1], [1, 0, 1], [1, 1, 0]])
    t = triangle.StrategicTriangle.from_signs(1, 1, 1)
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        plots.plot_triangle(t, ax="axes")  # type: ignore[arg-type]


# -- signed networks ------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(sign_matrices())
def test_plot_signed_network_draws_every_tie_and_every_actor(m: np.ndarray) -> None:
    n = m.shape[0]
    labels = [f"actor {i}" for i in range(n)]
    _fig, ax = plots.plot_signed_network(m, labels)
    ties = _ties(ax)
    upper = m[np.triu_indices(n, 1)]
    for sign, gid in ((1, "tie+"), (-1, "tie−")):
        drawn = len(ties[gid].get_segments()) if gid in ties else 0
        assert drawn == int(np.sum(upper == sign))
    nodes = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert sum(len(c.get_offsets()) for c in nodes) == n
    assert {tuple(c.get_facecolors()[0]) for c in nodes} <= PALETTE_RGBA
    assert _texts(ax, "actor") == labels
    one, two = balance.factions(m, labels)
    by_gid = {c.get_gid(): len(c.get_offsets()) for c in nodes}
    assert by_gid.get("faction1", 0) == len(one) and by_gid.get("faction2", 0) == len(two)
    assert len(_texts(ax, "sign")) == (len(upper) if n <= 4 else 0)


def test_plot_signed_network_options() -> None:
    m = np.array([[0, 1, -1, -1], [1, 0, -1, -1], [-1, -1, 0, 1], [-1, -1, 1, 0]])
    _fig, ax = plots.plot_signed_network(
        m, factions=(["0", "1", "2", "3"], []), title="t", show_signs=False
    )
    assert ax.get_title() == "t" and _texts(ax, "sign") == []
    assert [c.get_gid() for c in ax.collections if isinstance(c, PathCollection)] == ["faction1"]
    _, ax = plots.plot_signed_network(m, show_signs=True)
    assert len(_texts(ax, "sign")) == 6


@pytest.mark.parametrize(
    ("signs", "kwargs", "error", "match"),
    [
        ([[0, 1], [1, 0]], {}, ValueError, "at least 3"),
        ([[0, 1, 1], [-1, 0, 1], [1, 1, 0]], {}, ValueError, "symmetric"),
        ([[0, 2, 1], [2, 0, 1], [1, 1, 0]], {}, ValueError, r"\+1 or -1"),
        (np.ones((3, 4)), {}, ValueError, "square"),
        ([[0, 1, 1], [1, 0, 1], [1, 1, 0]], {"labels": ["a", "b"]}, ValueError, "labels"),
        (
            [[0, 1, 1], [1, 0, 1], [1, 1, 0]],
            {"factions": (["0", "1"], ["1"])},
            ValueError,
            "disjoint",
        ),
        (
            [[0, 1, 1], [1, 0, 1], [1, 1, 0]],
            {"factions": (["0", "1", "x"], [])},
            ValueError,
            "disjoint",
        ),
        ([[0, 1, 1], [1, 0, 1], [1, 1, 0]], {"factions": ["0", "1", "2"]}, ValueError, "pair"),
    ],
)
def test_plot_signed_network_rejects_bad_input(
    signs: object, kwargs: dict, error: type, match: str
) -> None:
    with pytest.raises(error, match=match):
        plots.plot_signed_network(signs, **kwargs)


# -- redrawing networks in place (the explorers' updates) -----------------------------


def _pixels(fig: Figure) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(plots.to_png(fig, dpi=40))).convert("RGB"))


def _small_axes() -> Axes:
    return Figure(figsize=(3.0, 3.0)).add_subplot()


PARADISE = np.ones((3, 3), dtype=int) - np.eye(3, dtype=int)  # one camp: no faction 2
SPLIT = np.array([[0, 1, -1, -1], [1, 0, -1, -1], [-1, -1, 0, 1], [-1, -1, 1, 0]])


def _ring(n: int, cut: int) -> np.ndarray:
    """n actors split into two internally friendly camps of ``cut`` and ``n - cut``."""
    sigma = np.where(np.arange(n) < cut, 1, -1)
    out = np.outer(sigma, sigma)
    np.fill_diagonal(out, 0)
    return out


IMBALANCED = np.array([[0, 1, 1, -1], [1, 0, -1, 1], [1, -1, 0, 1], [-1, 1, 1, 0]])


@pytest.mark.parametrize(
    ("m1", "m2"),
    [
        (PARADISE, SPLIT),
        (SPLIT, PARADISE),
        (SPLIT, IMBALANCED),  # same size, marks and factions change
        (_ring(3, 1), _ring(6, 2)),  # more actors: new names, ties and markers
        (_ring(6, 3), _ring(3, 3)),  # fewer actors
        (IMBALANCED, _ring(5, 2)),
    ],
    ids=["paradise-split", "split-paradise", "split-imbalanced", "3-6", "6-3", "4-5"],
)
def test_updating_a_network_in_place_draws_it_as_anew(m1: np.ndarray, m2: np.ndarray) -> None:
    labels = [chr(65 + i) for i in range(m2.shape[0])]
    camps = balance.factions(m2, labels)
    ax = _small_axes()
    plots.plot_signed_network(m1, ax=ax, legend=False)
    redraw.update_signed_network(ax, m2, labels, camps)
    fresh = _small_axes()
    plots.plot_signed_network(m2, labels, ax=fresh, factions=camps, legend=False)
    assert np.array_equal(_pixels(ax.get_figure()), _pixels(fresh.get_figure()))
    assert _texts(ax, "actor") == labels
    assert sorted(_texts(ax, "sign")) == sorted(_texts(fresh, "sign"))


_TRIANGLES = triangle.all_triangles()


@pytest.mark.parametrize(
    ("i", "j"),
    [(0, 7), (7, 0), (1, 4), (4, 6), (2, 3), (5, 5)],  # every configuration to another
)
def test_updating_a_triangle_in_place_draws_it_as_anew(i: int, j: int) -> None:
    t1, t2 = _TRIANGLES[i], _TRIANGLES[j]
    ax = _small_axes()
    plots.plot_triangle(t1, ax=ax)
    assert redraw.update_triangle(ax, t2)
    fresh = _small_axes()
    plots.plot_triangle(t2, ax=fresh)
    assert np.array_equal(_pixels(ax.get_figure()), _pixels(fresh.get_figure()))
    assert ax.get_title() == fresh.get_title() and _texts(ax, "role") == _texts(fresh, "role")


def test_updating_a_triangle_of_other_actors_is_refused() -> None:
    ax = _small_axes()
    plots.plot_triangle(triangle.StrategicTriangle.from_signs(1, 1, -1), ax=ax)
    drawn = _pixels(ax.get_figure())
    other = triangle.StrategicTriangle.from_signs(-1, -1, -1, actors=("A", "B", "C"))
    assert not redraw.update_triangle(ax, other)
    assert np.array_equal(_pixels(ax.get_figure()), drawn)  # nothing changed


# -- pressure model -------------------------------------------------------------------


def test_plot_trajectory_draws_the_simulated_ties() -> None:
    traj = pressure.simulate("democratism")
    _fig, ax = plots.plot_trajectory(traj, title="democratism")
    lines = {line.get_gid(): line for line in ax.lines}
    for gid in ("us_russia", "us_china", "russia_china"):
        np.testing.assert_array_equal(lines[gid].get_xdata(), traj.t)
        np.testing.assert_array_equal(lines[gid].get_ydata(), getattr(traj, gid))
        assert to_rgba(lines[gid].get_color()) in PALETTE_RGBA
    # each tie differs from the others in line style and marker, not only in colour
    ties = ("us_russia", "us_china", "russia_china")
    styles = {(lines[g].get_linestyle(), lines[g].get_marker()) for g in ties}
    assert len(styles) == 3
    assert list(lines["threshold"].get_ydata()) == [0.5, 0.5]
    assert ax.get_title() == "democratism"
    _, ax = plots.plot_trajectory(traj, threshold=None)
    assert "threshold" not in {line.get_gid() for line in ax.lines}


def test_plot_trajectory_rejects_bad_input() -> None:
    with pytest.raises(TypeError, match=r"trajectory must be a pressure\.Trajectory"):
        plots.plot_trajectory({"t": [0, 1]})
    with pytest.raises(ValueError, match="threshold"):
        plots.plot_trajectory(pressure.simulate("engagement"), threshold=2.0)


def test_plot_phase_diagram_of_the_model() -> None:
    s = np.linspace(-1, 1, 5)
    r = pressure.phase_diagram(s, s)
    fig, ax, mesh = plots.plot_phase_diagram(s, s, r, policies=pressure.POLICIES)
    assert isinstance(mesh, QuadMesh)
    np.testing.assert_array_equal(np.asarray(mesh.get_array()).reshape(r.shape), r)
    assert mesh.get_clim() == (-1, 1)
    assert to_rgba(mesh.cmap(0.0)) == to_rgba(plots.ENMITY_COLOR)
    assert to_rgba(mesh.cmap(1.0)) == to_rgba(plots.AMITY_COLOR)
    markers = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(markers) == len(pressure.POLICIES)
    assert len(fig.axes) == 2  # the axes and its colour bar


def test_plot_phase_diagram_without_colorbar_or_contours() -> None:
    s = np.array([-1.0, 1.0])
    fig, ax, _ = plots.plot_phase_diagram(s, s, np.full((2, 2), 0.9), colorbar=False)
    assert len(fig.axes) == 1
    assert not [c for c in ax.collections if c.__class__.__name__ == "ContourSet"]
    _, ax, _ = plots.plot_phase_diagram(s, s, [[-1, 0], [0.2, 1]], ax=ax)
    assert ax.texts  # labelled contours r = 0 and r = 0.5


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        (([0.0], [0.0, 1.0], [[0.0], [0.0]]), {}, "s_russia must have at least 2"),
        (([[0.0, 1.0]], [0.0, 1.0], np.zeros((2, 2))), {}, "s_russia must be 1-dimensional"),
        (([0.0, 1.0], [0.0, 1.0, 2.0], np.zeros((2, 3))), {}, "r must have shape"),
        (([0.0, 1.0], [0.0, 1.0], [[0, np.nan], [0, 0]]), {}, "r must contain only finite"),
        (([0.0, 1.0], [0.0, 1.0], np.zeros((2, 2))), {"policies": {"x": (2, 0)}}, "policies"),
        (([0.0, 1.0], [0.0, 1.0], np.zeros((2, 2))), {"threshold": -3}, "threshold"),
    ],
)
def test_plot_phase_diagram_rejects_bad_input(args: tuple, kwargs: dict, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        plots.plot_phase_diagram(*args, **kwargs)


# -- alignment games ------------------------------------------------------------------


def test_plot_game_types_marks_each_type() -> None:
    types = ["deadlock", "deadlock", "prisoners_dilemma", "stag_hunt", "harmony"]
    _fig, ax = plots.plot_game_types([0, 1, 2, 3, 4], types)
    counts = {c.get_gid(): len(c.get_offsets()) for c in ax.collections}
    assert counts == {"deadlock": 2, "prisoners_dilemma": 1, "stag_hunt": 1, "harmony": 1}
    assert all(tuple(c.get_facecolors()[0]) in PALETTE_RGBA for c in ax.collections)
    assert len({c.get_paths()[0].vertices.tobytes() for c in ax.collections}) == 4  # markers


def test_plot_game_types_from_the_alignment_model() -> None:
    from lukin_course import alignment

    pressures = np.linspace(0, 3, 13)
    _, ax = plots.plot_game_types(pressures)
    expected = alignment.game_types_over_pressure(pressures)
    counts = {c.get_gid(): len(c.get_offsets()) for c in ax.collections}
    assert counts == {k: expected.count(k) for k in set(expected)}


@pytest.mark.parametrize(
    ("pressures", "types", "match"),
    [
        ([0, 1], ["harmony", "poker"], "unknown game type 'poker'"),
        ([0, 1, 2], ["harmony", "chicken"], "one entry per pressure"),
        ([[0, 1]], ["harmony", "chicken"], "pressures must be 1-dimensional"),
    ],
)
def test_plot_game_types_rejects_bad_input(pressures: object, types: list, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        plots.plot_game_types(pressures, types)


# -- datasets -------------------------------------------------------------------------


def test_plot_series_of_a_course_dataset_with_its_source() -> None:
    frame = load_dataset("military_spending")
    _fig, ax = plots.plot_series(frame, "value_usd_bn", by="country", title="t", ylabel="US$ bn")
    countries = sorted(frame["country"].unique())
    assert [line.get_gid() for line in ax.lines] == countries
    for line in ax.lines:
        rows = frame[frame["country"] == line.get_gid()].sort_values("year")
        np.testing.assert_array_equal(line.get_ydata(), rows["value_usd_bn"])
    assert len({(line.get_color(), line.get_linestyle()) for line in ax.lines}) == len(countries)
    caption = _texts(ax, "source")
    assert len(caption) == 1 and "Stockholm International Peace Research Institute" in caption[0]
    assert ax.get_ylabel() == "US$ bn" and ax.get_title() == "t"


def test_plot_series_without_groups_or_sources() -> None:
    frame = pd.DataFrame({"year": [2001, 2000], "v": [2.0, 1.0]})
    _, ax = plots.plot_series(frame, "v")
    assert [line.get_gid() for line in ax.lines] == ["v"]
    assert list(ax.lines[0].get_xdata()) == [2000, 2001]  # sorted by year
    assert _texts(ax, "source") == [] and ax.get_ylabel() == "v"
    frame.attrs["citations"] = [{"title": "T", "publisher": None, "year": None}]
    _, ax = plots.plot_series(frame, "v", source=False)
    assert _texts(ax, "source") == []
    _, ax = plots.plot_series(frame, "v")
    assert _texts(ax, "source") == ["Source: T"]


def test_source_caption_groups_years_by_publisher() -> None:
    frame = pd.DataFrame({"year": [2000, 2001], "v": [1.0, 2.0]})
    frame.attrs["citations"] = [
        {"title": "a", "publisher": "P", "year": 2003},
        {"title": "b", "publisher": "Q", "year": 2010},
        {"title": "c", "publisher": "P", "year": 2000},
    ]
    _, ax = plots.plot_series(frame, "v")
    assert _texts(ax, "source") == ["Source: P (2000–2003); Q (2010)"]
    frame.attrs["citations"] = []
    _, ax = plots.plot_series(frame, "v")
    assert _texts(ax, "source") == []


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        (([1, 2], "v"), {}, TypeError, "frame must be a pandas DataFrame"),
        ((None, "w"), {}, ValueError, "y='w' is not a column"),
        ((None, "v"), {"x": "t"}, ValueError, "x='t' is not a column"),
        ((None, "v"), {"by": "c"}, ValueError, "by='c' is not a column"),
        ((None, "name"), {}, TypeError, "must be numeric"),
    ],
)
def test_plot_series_rejects_bad_input(args: tuple, kwargs: dict, error: type, match: str) -> None:
    frame = pd.DataFrame({"year": [2000], "v": [1.0], "name": ["x"]})
    args = (frame if args[0] is None else args[0], *args[1:])
    with pytest.raises(error, match=match):
        plots.plot_series(*args, **kwargs)


# -- alt text and hygiene -------------------------------------------------------------


def test_alt_text_describes_each_kind_of_figure() -> None:
    text = plots.alt_text(triangle.StrategicTriangle.from_signs(1, 1, -1))
    assert "romantic triangle" in text and "United States pivot" in text
    text = plots.alt_text(pressure.simulate("democratism", t_max=10.0))
    assert text.startswith("Ties over 10 years") and "Russia–China tie from 0.50 to" in text
    m = [[0, -1, -1], [-1, 0, -1], [-1, -1, 0]]
    assert "not balanced" in plots.alt_text(m)
    friends = plots.alt_text(-np.array(m), labels=["a", "b", "c"])
    assert friends == (
        "Signed network of 3 actors with 3 amity and 0 enmity ties; balanced; factions: a, b, c."
    )


def test_alt_text_rejects_bad_input() -> None:
    class Fake:
        russia_china = (0.0,)

    with pytest.raises(TypeError, match=r"pressure\.Trajectory"):
        plots.alt_text(Fake())
    with pytest.raises(ValueError, match="obj must"):
        plots.alt_text([[0, 1], [1, 0]])


def test_plots_never_touch_pyplot_state() -> None:
    before = plt.get_fignums()
    t = triangle.StrategicTriangle.from_signs(-1, -1, 1)
    plots.plot_triangle(t)
    plots.plot_signed_network([[0, 1, -1], [1, 0, -1], [-1, -1, 0]])
    plots.plot_trajectory(pressure.simulate("engagement", t_max=5.0))
    plots.plot_phase_diagram([0, 1], [0, 1], np.zeros((2, 2)))
    plots.plot_game_types([0, 1], ["harmony", "chicken"])
    plots.plot_series(pd.DataFrame({"year": [1, 2], "v": [1, 2]}), "v")
    assert plt.get_fignums() == before
    assert matplotlib.get_backend().lower() == "agg"


def test_every_game_type_of_the_alignment_model_has_a_row_and_a_label() -> None:
    from lukin_course import alignment

    levels = [redraw.game_level(kind) for kind in alignment.GAME_TYPES]
    assert sorted(levels) == list(range(len(alignment.GAME_TYPES)))
    assert redraw.game_level("harmony") == 0  # best for cooperation at the bottom
    assert redraw.game_label("prisoners_dilemma") == "prisoners' dilemma"


@pytest.mark.parametrize(("n", "gap"), [(4, 0.4), (6, 0.15)])
def test_marks_of_ties_through_the_centre_do_not_overlap(n: int, gap: float) -> None:
    # The diagonals of a square (and every diameter for even n) share their midpoint,
    # the centre; their + / − marks must still be apart and lie on their own ties.
    signs = -np.ones((n, n), dtype=int)
    np.fill_diagonal(signs, 0)
    _, ax = plots.plot_signed_network(signs, show_signs=True)
    marks = [np.array(t.get_position()) for t in ax.texts if t.get_gid() == "sign"]
    assert len(marks) == n * (n - 1) // 2
    gaps = [np.hypot(*(a - b)) for k, a in enumerate(marks) for b in marks[k + 1 :]]
    assert min(gaps) > gap
    radii = [np.hypot(*m) for m in marks]
    assert min(radii) > 0.3  # none at the centre
    # each of the n/2 diameters has its mark a third of the way along: radius 1/3
    assert sum(abs(r - 1 / 3) < 1e-9 for r in radii) == n // 2


def test_label_writes_code_names_as_words() -> None:
    assert plots.label("stable_marriage") == "stable marriage"
    assert plots.label("menage_a_trois") == "ménage à trois"
    assert plots.label("prisoners_dilemma") == "prisoners' dilemma"
    assert plots.label("reverse_kissinger") == "reverse Kissinger"
    assert plots.label("military_expenditure") == "military expenditure"
    assert plots.label("some_new_name") == "some new name"
    assert plots.label(2017) == 2017 and plots.label(None) is None


def test_years_says_never_for_an_infinite_time() -> None:
    assert plots.years(4.93) == "4.9"
    assert plots.years(float("inf")) == "never"
    assert plots.years(float("nan")) == "never"
    assert plots.years(None) == "never"
    assert plots.years(12.345, digits=2) == "12.35"
