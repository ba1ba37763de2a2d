"""The :class:`Explorer` base: controls, one figure redrawn in place, a summary.

Private helper of :mod:`lukin_course.widgets`, which re-exports :class:`Explorer`.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Mapping
from contextlib import contextmanager
from typing import Any

import ipywidgets as w
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["Explorer"]

_DPI = 80


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
    ``_describe(result) -> str`` (HTML), and may override ``_sync(name)`` to keep
    controls consistent after control ``name`` changes and ``_redraw_in_place(result)``
    to update existing artists instead of clearing and redrawing the axes.

    Attributes
    ----------
    widget : ipywidgets.Box
        The whole explorer, ready to display.
    controls : dict of str to ipywidgets.ValueWidget
        The controls by name (the keywords of :meth:`update`).
    figure : matplotlib.figure.Figure
        The explorer's one figure, redrawn on every change.
    image : ipywidgets.Image
        The figure as PNG.
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
        FigureCanvasAgg(self.figure)
        self.axes = list(np.atleast_1d(self.figure.subplots(1, ncols)))
        self.image = w.Image(format="png", layout=w.Layout(max_width="100%", height="auto"))
        self.summary = w.HTML()
        panel = w.VBox(list(self.controls.values()), layout=w.Layout(min_width="300px"))
        self.widget = w.HBox(
            [panel, w.VBox([self.image, self.summary])],
            layout=w.Layout(flex_flow="row wrap", align_items="flex-start"),
        )
        self.result: Any = None
        self._holding = False
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

    def _sync(self, name: str) -> None:
        """Adjust other controls after control ``name`` changed (default: nothing)."""

    def _redraw_in_place(self, result: Any) -> bool:
        """Update the drawn artists' data for ``result``; False means "clear and redraw"."""
        return False

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
        if not self._redraw_in_place(self.result):
            for ax in self.axes:
                _wipe(ax)
            self._draw(self.result)
        buf = io.BytesIO()
        # Fast zlib level: the PNG is ~10% larger and encodes several times faster.
        self.figure.canvas.print_png(buf, pil_kwargs={"compress_level": 1})  # type: ignore[attr-defined]
        self.image.value = buf.getvalue()
        self.summary.value = self._describe(self.result)

    @property
    def png(self) -> bytes:
        """The current figure as PNG bytes."""
        return bytes(self.image.value)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle["image/png"] = base64.b64encode(self.png).decode("ascii")
        return bundle

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self._repr_mimebundle_(), raw=True)

    def __repr__(self) -> str:
        values = ", ".join(f"{k}={c.value!r}" for k, c in self.controls.items())
        return f"{type(self).__name__}({values})"
