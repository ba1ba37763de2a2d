"""Explorers for pages without a kernel: frames precomputed on a grid of controls.

Part of :mod:`lukin_course.widgets`. :meth:`Explorer.precompute` runs the explorer
itself (the library's model and figure, nothing re-implemented) for every state
reachable on a small grid of its controls, and records for each state the figure,
its alternative text and the summary, and for each control and option the state
the explorer moves to, *after* its own consistency rules (a policy that sets the
stances, a constraint that fixes ties). The result, a :class:`PrecomputedExplorer`,
renders as self-contained HTML: native, labelled form controls and a small script
that swaps frames; no server, no widget manager.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import ipywidgets as w
import numpy as np
from PIL import Image

if TYPE_CHECKING:
    from ._explorer import Explorer

__all__ = ["PrecomputedExplorer"]

#: Set (to anything but "" or "0") when a notebook runs to build a static page: an
#: explorer's display then carries its precomputed HTML too (the book's build sets it).
PRECOMPUTE_ENV = "LUKIN_COURSE_PRECOMPUTED_EXPLORERS"

#: Upper bounds that keep a page light; a grid beyond them is refused.
MAX_STATES = 120
MAX_BYTES = 2_000_000
#: Colours kept per frame: the figures are flat line art, so a palette image is
#: indistinguishable and several times smaller than full colour.
PALETTE_COLORS = 96


@dataclass(frozen=True)
class _Control:
    name: str
    label: str
    kind: str  # "radio", "checkbox", "select" or "range"
    values: tuple[Any, ...]
    labels: tuple[str, ...]


def _option_label(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, (float, np.floating)):
        return f"{float(value):+.2f}" if value < 0 or value > 1 else f"{float(value):.2f}"
    return str(value).replace("_", " ")


def _control(name: str, widget: Any, values: Sequence[Any]) -> _Control:
    label = str(widget.description or name)
    options = getattr(widget, "options", None)
    if isinstance(widget, w.Checkbox):
        return _Control(name, label, "checkbox", (False, True), ("off", "on"))
    if options is not None:
        pairs = [opt if isinstance(opt, tuple) else (_option_label(opt), opt) for opt in options]
        by_value = {value: str(text) for text, value in pairs}
        kept = tuple(v for v in (p[1] for p in pairs) if v in values)
        kind = "radio" if isinstance(widget, w.ToggleButtons) else "select"
        return _Control(name, label, kind, kept, tuple(by_value[v] for v in kept))
    kept = tuple(sorted(values))
    labels = tuple(
        str(int(v)) if isinstance(widget, w.IntSlider) else f"{float(v):.2f}" for v in kept
    )
    return _Control(name, label, "range", kept, labels)


def _index(control: _Control, value: Any) -> int:
    for i, v in enumerate(control.values):
        if isinstance(v, (float, np.floating)) and not isinstance(v, bool):
            if abs(float(v) - float(value)) < 1e-9:
                return i
        elif v == value and isinstance(v, bool) == isinstance(value, (bool, np.bool_)):
            return i
    raise ValueError(
        f"{control.name} moved to {value!r}, which is not on the grid {list(control.values)}; "
        "add it to the grid"
    )


def _palette_png(png: bytes) -> bytes:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    small = image.quantize(
        PALETTE_COLORS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    buf = io.BytesIO()
    small.save(buf, format="png", optimize=True)
    return buf.getvalue()


class PrecomputedExplorer:
    """An explorer's frames on a grid of its controls, for a page without a kernel.

    Made by :meth:`Explorer.precompute`; displaying it (or :attr:`html`) gives
    self-contained HTML with labelled native controls (radio buttons, check
    boxes, menus, sliders on the grid) and a small script that shows the
    precomputed frame of each state, with its alternative text and summary.

    Attributes
    ----------
    controls : list of str
        The names of the controls on the grid, in display order.
    states : list of dict
        Per state: ``values`` (the option index of each control), ``disabled``
        (per control) and ``frame`` (index into :attr:`images`).
    transitions : list of list of list of int
        ``transitions[s][c][o]``: the state reached from state ``s`` by setting
        control ``c`` to option ``o`` (-1 where the explorer refuses that option).
    images : list of bytes
        The distinct frames, as PNG.
    alts, summaries : list of str
        Per frame: the figure's alternative text and the summary (HTML).
    start : int
        The state the explorer was in.
    """

    def __init__(
        self,
        controls: list[Any],
        states: list[dict[str, Any]],
        transitions: list[list[list[int]]],
        images: list[bytes],
        alts: list[str],
        summaries: list[str],
        start: int,
        note: str,
    ) -> None:
        self._controls = controls
        self.controls = [c.name for c in controls]
        self.states = states
        self.transitions = transitions
        self.images = images
        self.alts = alts
        self.summaries = summaries
        self.start = start
        self._note = note

    @property
    def nbytes(self) -> int:
        """Bytes of the frames as the page carries them (base64 data URLs)."""
        return sum(len(base64.b64encode(png)) + 22 for png in self.images)

    def _data(self) -> dict[str, Any]:
        return {
            "controls": [
                {"name": c.name, "label": c.label, "kind": c.kind, "labels": list(c.labels)}
                for c in self._controls
            ],
            "states": self.states,
            "transitions": self.transitions,
            "images": [
                "data:image/png;base64," + base64.b64encode(png).decode("ascii")
                for png in self.images
            ],
            "alts": self.alts,
            "summaries": self.summaries,
            "start": self.start,
        }

    @property
    def html(self) -> str:
        """The explorer as self-contained HTML (controls, figure, summary, note, script)."""
        data = json.dumps(self._data(), separators=(",", ":"), ensure_ascii=True)
        embedded = data.replace("</", "<\\/")  # never ends its <script> early
        uid = "lukin-x-" + hashlib.sha1(data.encode("ascii")).hexdigest()[:10]
        state = self.states[self.start]
        frame = state["frame"]
        parts = [
            f'<div class="lukin-explorer" id="{uid}" data-lukin-explorer>',
            _STYLE,
            f'<div class="lukin-explorer__controls" role="group" '
            f'aria-label="Explorer controls" aria-describedby="{uid}-note">',
        ]
        for i, control in enumerate(self._controls):
            parts.append(_control_html(uid, i, control, state, self.transitions[self.start][i]))
        width, height = Image.open(io.BytesIO(self.images[frame])).size
        parts += [
            "</div>",
            '<div class="lukin-explorer__view">',
            f'<img class="lukin-explorer__figure" src="{self._data()["images"][frame]}" '
            f'alt="{html.escape(self.alts[frame], quote=True)}" width="{width}" '
            f'height="{height}">',
            f'<div class="lukin-explorer__summary" aria-live="polite">'
            f"{self.summaries[frame]}</div>",
            "</div>",
            f'<p class="lukin-explorer__note" id="{uid}-note">{self._note}</p>',
            f'<script type="application/json" class="lukin-explorer__data">{embedded}</script>',
            f"<script>{_SCRIPT.replace('__ID__', uid)}</script>",
            "</div>",
        ]
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return (
            f"PrecomputedExplorer(controls={self.controls}, states={len(self.states)}, "
            f"frames={len(self.images)}, bytes={self.nbytes})"
        )


def _control_html(
    uid: str, i: int, control: _Control, state: dict[str, Any], moves: list[int]
) -> str:
    value = state["values"][i]
    disabled = state["disabled"][i]
    label = html.escape(control.label)
    attr = f'data-control="{i}"'
    if control.kind == "radio":
        options = "".join(
            f'<label><input type="radio" name="{uid}-{i}" value="{j}" {attr}'
            f"{' checked' if j == value else ''}"
            f"{' disabled' if disabled or moves[j] < 0 else ''}> {html.escape(text)}</label>"
            for j, text in enumerate(control.labels)
        )
        return (
            f'<fieldset class="lukin-explorer__radio"><legend>{label}</legend>{options}</fieldset>'
        )
    if control.kind == "checkbox":
        return (
            f'<label class="lukin-explorer__check"><input type="checkbox" {attr}'
            f"{' checked' if value == 1 else ''}"
            f"{' disabled' if disabled or moves[1 - value] < 0 else ''}> {label}</label>"
        )
    if control.kind == "select":
        options = "".join(
            f'<option value="{j}"{" selected" if j == value else ""}'
            f"{' disabled' if moves[j] < 0 else ''}>{html.escape(text)}</option>"
            for j, text in enumerate(control.labels)
        )
        return (
            f'<label class="lukin-explorer__select"><span>{label}</span>'
            f"<select {attr}{' disabled' if disabled else ''}>{options}</select></label>"
        )
    text = html.escape(control.labels[value])
    return (
        f'<label class="lukin-explorer__range"><span>{label}</span>'
        f'<input type="range" min="0" max="{len(control.values) - 1}" step="1" '
        f'value="{value}" aria-valuetext="{text}" {attr}{" disabled" if disabled else ""}>'
        f'<output aria-hidden="true">{text}</output></label>'
    )


def precompute(explorer: Explorer, grid: Mapping[str, Sequence[Any]]) -> PrecomputedExplorer:
    """Run ``explorer`` over every state reachable on ``grid``; see :meth:`Explorer.precompute`."""
    unknown = sorted(set(grid) - set(explorer.controls))
    if unknown:
        raise ValueError(
            f"unknown control(s) {unknown}; expected some of {list(explorer.controls)}"
        )
    if not grid:
        raise ValueError("grid must name at least one control")
    saved = {name: control.value for name, control in explorer.controls.items()}
    controls = []
    for name, values in grid.items():
        values = list(values)
        if not values:
            raise ValueError(f"grid[{name!r}] is empty")
        if saved[name] not in values:  # the explorer's starting state is always a frame
            values.append(saved[name])
        controls.append(_control(name, explorer.controls[name], values))
    order = [n for n in explorer._first if n in grid] + [
        n for n in grid if n not in explorer._first
    ]

    def snapshot() -> tuple[int, ...]:
        return tuple(_index(c, explorer.controls[c.name].value) for c in controls)

    def apply(key: tuple[int, ...]) -> None:
        values = {c.name: c.values[k] for c, k in zip(controls, key, strict=True)}
        with explorer._hold():
            for name in order:
                explorer._set(name, values[name])
                explorer._sync(name)

    try:
        start = snapshot()
        keys = [start]
        seen = {start: 0}
        transitions: list[list[list[int]]] = []
        k = 0
        while k < len(keys):
            row = []
            for control in controls:
                moves = []
                for option in range(len(control.values)):
                    apply(keys[k])
                    try:
                        with explorer._hold():
                            explorer._set(control.name, control.values[option])
                            explorer._sync(control.name)
                    except (ValueError, TypeError):
                        moves.append(-1)  # the explorer refuses it in this state
                        continue
                    target = snapshot()
                    if target not in seen:
                        seen[target] = len(keys)
                        keys.append(target)
                        if len(keys) > MAX_STATES:
                            raise ValueError(
                                f"more than {MAX_STATES} states on this grid; use fewer values"
                            )
                    moves.append(seen[target])
                row.append(moves)
            transitions.append(row)
            k += 1
        states: list[dict[str, Any]] = []
        images: list[bytes] = []
        alts: list[str] = []
        summaries: list[str] = []
        frame_of: dict[tuple[str, str], int] = {}
        for key in keys:
            apply(key)
            explorer.refresh()
            png = _palette_png(explorer.png)
            content = (hashlib.sha1(png).hexdigest(), explorer.alt)
            if content not in frame_of:
                frame_of[content] = len(images)
                images.append(png)
                alts.append(explorer.alt)
                summaries.append(explorer.summary.value)
            states.append(
                {
                    "values": list(key),
                    "disabled": [bool(explorer.controls[c.name].disabled) for c in controls],
                    "frame": frame_of[content],
                }
            )
    finally:
        with explorer._hold():
            for name in [*explorer._first, *(n for n in saved if n not in explorer._first)]:
                explorer.controls[name].value = saved[name]
        for name in explorer._first:
            explorer._sync(name)
        explorer.refresh()
    shown = ", ".join(c.label for c in controls)
    others = [
        str(control.description or name)
        for name, control in explorer.controls.items()
        if name not in grid
    ]
    hidden = (
        f" The other controls ({', '.join(others)}) stay at the values above." if others else ""
    )
    note = (
        f"<strong>Precomputed.</strong> The {len(images)} pictures of this explorer were drawn by "
        f"<code>lukin_course</code> when the book was built, for the values offered here ({shown})."
        f"{hidden} To try any value, run this page live (“Run live” at the top of the page opens "
        "it in the live lab) or download it as a notebook: there the full explorer runs."
    )
    result = PrecomputedExplorer(controls, states, transitions, images, alts, summaries, 0, note)
    if result.nbytes > MAX_BYTES:
        raise ValueError(
            f"the frames take {result.nbytes / 1e6:.1f} MB (limit {MAX_BYTES / 1e6:.0f} MB); "
            "use a coarser grid"
        )
    return result


_STYLE = """<style>
.lukin-explorer { display: flex; flex-wrap: wrap; gap: 0.75rem 1.5rem; align-items: flex-start;
  margin: 0.5rem 0; }
.lukin-explorer__controls { flex: 1 1 14rem; max-width: 22rem; display: flex;
  flex-direction: column; gap: 0.5rem; }
.lukin-explorer__controls fieldset { border: 0; margin: 0; padding: 0; }
.lukin-explorer__controls legend, .lukin-explorer__controls label > span { font-weight: 600;
  font-size: 0.9rem; margin: 0; padding: 0; }
.lukin-explorer__radio label { margin-right: 0.9rem; white-space: nowrap; }
.lukin-explorer__select, .lukin-explorer__range { display: flex; flex-direction: column; }
.lukin-explorer__range { display: grid; grid-template-columns: 1fr auto; column-gap: 0.5rem; }
.lukin-explorer__range > span { grid-column: 1 / 3; }
.lukin-explorer__controls input, .lukin-explorer__controls select { accent-color: #0072b2; }
.lukin-explorer__controls select { max-width: 100%; padding: 0.15rem; }
.lukin-explorer__view { flex: 2 1 20rem; min-width: 0; }
.lukin-explorer__figure { max-width: 100%; height: auto; background: #fff; }
.lukin-explorer__summary { font-size: 0.9rem; margin-top: 0.25rem; }
.lukin-explorer__note { flex-basis: 100%; font-size: 0.85rem; margin: 0; opacity: 0.85; }
</style>"""

# Swap to the state the library recorded for the control and option chosen; no model here.
_SCRIPT = """(function () {
  "use strict";
  var root = document.getElementById("__ID__");
  if (!root || root.dataset.ready) return;
  root.dataset.ready = "1";
  var data = JSON.parse(root.querySelector("script.lukin-explorer__data").textContent);
  var img = root.querySelector("img.lukin-explorer__figure");
  var summary = root.querySelector(".lukin-explorer__summary");
  var state = data.start;
  function inputs(i) { return root.querySelectorAll('[data-control="' + i + '"]'); }
  function show(next) {
    var t0 = performance.now();
    var st = data.states[next], moves = data.transitions[next];
    state = next;
    data.controls.forEach(function (c, i) {
      var v = st.values[i], off = st.disabled[i], els = inputs(i);
      if (c.kind === "radio") {
        els.forEach(function (r, j) { r.checked = j === v; r.disabled = off || moves[i][j] < 0; });
      } else if (c.kind === "checkbox") {
        els[0].checked = v === 1; els[0].disabled = off || moves[i][1 - v] < 0;
      } else if (c.kind === "select") {
        els[0].value = String(v); els[0].disabled = off;
        Array.prototype.forEach.call(els[0].options, function (o, j) {
          o.disabled = moves[i][j] < 0;
        });
      } else {
        els[0].value = String(v); els[0].disabled = off;
        els[0].setAttribute("aria-valuetext", c.labels[v]);
        els[0].parentNode.querySelector("output").textContent = c.labels[v];
      }
    });
    var f = st.frame;
    img.src = data.images[f];
    img.alt = data.alts[f];
    summary.innerHTML = data.summaries[f];
    root.dataset.state = String(next);
    var done = function () { root.dataset.updateMs = (performance.now() - t0).toFixed(1); };
    if (img.decode) { img.decode().then(done, done); } else { done(); }
  }
  function onChange(event) {
    var el = event.target;
    if (!el.hasAttribute || !el.hasAttribute("data-control")) return;
    var i = Number(el.getAttribute("data-control")), c = data.controls[i], option;
    if (c.kind === "checkbox") { option = el.checked ? 1 : 0; }
    else { option = Number(el.value); }
    var next = data.transitions[state][i][option];
    if (next >= 0 && next !== state) { show(next); } else if (next < 0) { show(state); }
  }
  root.addEventListener("change", onChange);
  root.addEventListener("input", function (event) {
    if (event.target.type === "range") onChange(event);
  });
  root.dataset.state = String(state);
})();"""
