"""The :class:`Explorer` base: controls, one figure redrawn in place, a summary.

Part of :mod:`lukin_course.widgets`.
"""

from __future__ import annotations

import base64
import html
import io
import os
import re
from collections.abc import Mapping
from contextlib import contextmanager
from typing import Any

import ipywidgets as w
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

_DPI = 80
#: Saved backgrounds per explorer (each is the figure's pixels, under a megabyte).
_MAX_BACKGROUNDS = 8


def slider(
    description: str, value: float, low: float, high: float, step: float, *, integer: bool = False
) -> Any:
    """The explorers' slider: it reports a value when released, with its label in full.

    ``continuous_update=False`` keeps a drag from recomputing the model at every pixel;
    the ``initial`` description width keeps long labels ("aggressive intentions
    weight") readable instead of cut.
    """
    kind = w.IntSlider if integer else w.FloatSlider
    return kind(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        continuous_update=False,
        style={"description_width": "initial"},
    )


def _png(canvas: FigureCanvasAgg) -> bytes:
    """The canvas's current pixels as PNG, without drawing the figure again.

    The figure is opaque, so RGB suffices; the fast zlib level makes a PNG ~10% larger
    and encodes several times faster.
    """
    width, height = canvas.get_width_height(physical=True)
    rgba = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buf = io.BytesIO()
    dpi = canvas.figure.dpi
    rgba.convert("RGB").save(buf, format="png", compress_level=1, dpi=(dpi, dpi))
    return buf.getvalue()


def _img_tag(png: bytes, alt: str) -> str:
    """An ``<img>`` of ``png`` inline, with ``alt`` as its alternative text."""
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<img alt="{html.escape(alt, quote=True)}" src="data:image/png;base64,{data}" '
        'style="max-width: 100%; height: auto">'
    )


def _plain(markup: str) -> str:
    """The text of a little HTML (tags dropped, entities decoded)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _wipe(ax: Any) -> None:
    """Empty ``ax`` for a redraw; axes without a frame keep it (much cheaper than clear)."""
    if ax.axison:
        ax.clear()
        return
    for artist in [*ax.collections, *ax.lines, *ax.texts, *ax.patches, *ax.images]:
        artist.remove()
    if ax.legend_ is not None:
        ax.legend_.remove()
    ax.set_title("")


class Explorer:
    """Controls, one figure and a summary around a model; base of the explorers.

    Subclasses define ``_compute(values) -> result``, ``_draw(result)`` and
    ``_describe(result) -> str`` (HTML), and may override ``_alt(result) -> str`` to
    describe the figure for its alternative text (default: the summary as plain text),
    ``_sync(name)`` to keep
    controls consistent after control ``name`` changes, ``_redraw_in_place(result)``
    to update existing artists instead of clearing and redrawing the axes,
    ``_dynamic_artists()`` to name the artists that change on every such update, and
    ``_background_key()`` to name the state of the other artists when it can change too.

    Dynamic artists are drawn over a saved background of everything else (axes,
    ticks, legends, titles that stay), so an update in place renders only what changed.
    Backgrounds are kept by key (a few, e.g. one per legend); a full redraw
    renders the background again and forgets the others.

    Attributes
    ----------
    widget : ipywidgets.Box
        The whole explorer, ready to display.
    controls : dict of str to ipywidgets.ValueWidget
        The controls by name (the keywords of :meth:`update`).
    figure : matplotlib.figure.Figure
        The explorer's one figure, redrawn on every change.
    image : ipywidgets.HTML
        The figure: an ``<img>`` holding the PNG inline, with :attr:`alt` as its
        ``alt`` attribute, so the description is there in a notebook and in a page
        built from saved widget state alike.
    alt : str
        The figure's current alternative text, a plain-language description of it.
    summary : ipywidgets.HTML
        What the model says for the current controls.
    result : object
        The latest model output.
    """

    #: Controls that :meth:`update` sets before the others (e.g. a policy before stances).
    _first: tuple[str, ...] = ()

    def __init__(
        self, controls: Mapping[str, Any], figsize: tuple[float, float], ncols: int = 1
    ) -> None:
        self.controls: dict[str, Any] = dict(controls)
        self.figure = Figure(figsize=figsize, dpi=_DPI, layout="constrained")
        self._canvas = FigureCanvasAgg(self.figure)
        self.axes = list(np.atleast_1d(self.figure.subplots(1, ncols)))
        self.image = w.HTML(layout=w.Layout(max_width="100%"))
        self.alt = ""
        self._png = b""
        self.summary = w.HTML()
        panel = w.VBox(list(self.controls.values()), layout=w.Layout(min_width="300px"))
        self.widget = w.HBox(
            [panel, w.VBox([self.image, self.summary])],
            layout=w.Layout(flex_flow="row wrap", align_items="flex-start"),
        )
        self.result: Any = None
        self._holding = False
        self._backgrounds: dict[Any, Any] = {}
        for name, control in self.controls.items():
            control.observe(lambda change, name=name: self._on_change(name), names="value")
        self.refresh()
        # The first draw placed the axes by constrained layout; the controls change the
        # content, not its frame, so keep that placement (layout is half the redraw time).
        self.figure.set_layout_engine("none")

    # -- the model, supplied by subclasses ------------------------------------------
    def _compute(self, values: dict[str, Any]) -> Any:
        raise NotImplementedError

    def _draw(self, result: Any) -> None:
        raise NotImplementedError

    def _describe(self, result: Any) -> str:
        raise NotImplementedError

    def _alt(self, result: Any) -> str:
        """The figure's alternative text for ``result`` (default: the summary, plain)."""
        return _plain(self._describe(result))

    def _sync(self, name: str) -> None:
        """Adjust other controls after control ``name`` changed (default: nothing)."""

    def _redraw_in_place(self, result: Any) -> bool:
        """Update the drawn artists' data for ``result``; False means "clear and redraw".

        Only artists returned by :meth:`_dynamic_artists` may change here.
        """
        return False

    def _dynamic_artists(self) -> list[Any]:
        """Artists that :meth:`_redraw_in_place` may change each time (default: none)."""
        return []

    def _background_key(self) -> Any:
        """Hashable state of the other artists (default: None, they never change)."""
        return None

    # -- machinery -------------------------------------------------------------------
    @contextmanager
    def _hold(self) -> Any:
        held, self._holding = self._holding, True
        try:
            yield
        finally:
            self._holding = held

    def _on_change(self, name: str) -> None:
        if self._holding:
            return
        with self._hold():
            self._sync(name)
        self.refresh()

    def _set(self, name: str, value: Any) -> None:
        control = self.controls[name]
        options = getattr(control, "options", None)
        if options is not None:
            allowed = [opt[1] if isinstance(opt, tuple) else opt for opt in options]
            if value not in allowed or isinstance(value, bool) != isinstance(allowed[0], bool):
                raise ValueError(f"{name} must be one of {allowed}, got {value!r}")
        elif isinstance(control, w.Checkbox):
            if not isinstance(value, (bool, np.bool_)):
                raise TypeError(f"{name} must be True or False, got {value!r}")
        else:
            if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
                raise TypeError(f"{name} must be a number, got {type(value).__name__}")
            if isinstance(control, w.IntSlider) and value != int(value):
                raise ValueError(f"{name} must be a whole number, got {value!r}")
            if not control.min <= value <= control.max:
                raise ValueError(f"{name} must lie in [{control.min}, {control.max}], got {value}")
        control.value = value

    def update(self, **values: Any) -> Explorer:
        """Set controls by name, recompute the model once and redraw.

        Parameters
        ----------
        **values
            New control values, e.g. ``s_russia=-1.0``; names are the keys of
            :attr:`controls`. A control that sets others (a policy that sets the
            stances, a constraint that fixes ties) is applied first.

        Returns
        -------
        Explorer
            ``self``, so calls can be chained.

        Raises
        ------
        ValueError
            If a name is not a control, or a value is outside a control's range or options.
        TypeError
            If a value has the wrong type.
        """
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            raise ValueError(
                f"unknown control(s) {', '.join(unknown)}; "
                f"expected some of: {', '.join(self.controls)}"
            )
        with self._hold():
            for name in [*self._first, *(k for k in self.controls if k not in self._first)]:
                if name in values:
                    self._set(name, values[name])
                    self._sync(name)
        self.refresh()
        return self

    def refresh(self) -> None:
        """Recompute the model from the controls and redraw the figure and summary."""
        values = {name: control.value for name, control in self.controls.items()}
        self.result = self._compute(values)
        canvas = self._canvas
        in_place = bool(self._backgrounds) and self._redraw_in_place(self.result)
        if not in_place:
            self._backgrounds.clear()
            for ax in self.axes:
                _wipe(ax)
            self._draw(self.result)
        dynamic = self._dynamic_artists()
        key = self._background_key()
        if key in self._backgrounds:
            canvas.restore_region(self._backgrounds[key])
        else:
            # Draw the background: everything but the dynamic artists, which the
            # figure skips while they are marked animated (only during this draw, so
            # the figure stays an ordinary one for anyone who draws or saves it).
            for artist in dynamic:
                artist.set_animated(True)
            canvas.draw()
            for artist in dynamic:
                artist.set_animated(False)
            if len(self._backgrounds) >= _MAX_BACKGROUNDS:
                del self._backgrounds[next(iter(self._backgrounds))]  # the oldest
            self._backgrounds[key] = canvas.copy_from_bbox(self.figure.bbox)
        chosen = {id(artist) for artist in dynamic}
        for ax in self.axes:  # the dynamic artists on top, in the order Axes.draw uses
            for artist in sorted(
                (a for a in ax.get_children() if id(a) in chosen), key=lambda a: a.zorder
            ):
                self.figure.draw_artist(artist)
        self._png = _png(canvas)
        self.alt = self._alt(self.result)
        self.image.value = _img_tag(self._png, self.alt)
        self.summary.value = self._describe(self.result)

    @property
    def png(self) -> bytes:
        """The current figure as PNG bytes."""
        return self._png

    def _static_grid(self) -> dict[str, Any]:
        """The controls, and their values, that :meth:`precompute` offers by default."""
        raise NotImplementedError(f"{type(self).__name__} has no default grid; pass one")

    def precompute(self, grid: Mapping[str, Any] | None = None) -> Any:
        """Frames of this explorer on a grid of its controls, for a page without a kernel.

        Parameters
        ----------
        grid : mapping of str to sequence, optional
            Control name to the values offered (the control's current value is
            always added). Default: the two or three controls that matter most for
            this explorer, on a coarse grid. Controls not in the grid keep their
            current values.

        Returns
        -------
        PrecomputedExplorer
            Every state reachable on the grid, after the explorer's own rules (a
            policy sets the stances, a constraint fixes ties): its figure, alt text
            and summary, and which state each control and option leads to.
            Displayed, it is self-contained HTML whose script swaps the frames.

        Raises
        ------
        ValueError
            For an unknown control, an empty grid, a rule that moves a control off
            the grid, or a grid whose frames exceed the size limit (2 MB).

        Notes
        -----
        The explorer's current state is restored afterwards. When the environment
        variable ``LUKIN_COURSE_PRECOMPUTED_EXPLORERS`` is set (the online book's
        build sets it), displaying an explorer carries this HTML as well, and the
        book shows it instead of the live widget.
        """
        from ._precomputed import precompute

        return precompute(self, self._static_grid() if grid is None else grid)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        from ._precomputed import PRECOMPUTE_ENV

        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle["image/png"] = base64.b64encode(self.png).decode("ascii")
        bundle["text/plain"] = self.alt
        if os.environ.get(PRECOMPUTE_ENV, "") not in ("", "0"):
            bundle["text/html"] = self.precompute().html
        return bundle

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self._repr_mimebundle_(), raw=True)

    def __repr__(self) -> str:
        values = ", ".join(f"{k}={c.value!r}" for k, c in self.controls.items())
        return f"{type(self).__name__}({values})"
