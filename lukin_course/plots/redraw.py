"""Redrawing the course's figures in place: the interface the explorers use.

An explorer of :mod:`lukin_course.widgets` draws its figure once with the public
``plot_*`` functions, then shows each new state by changing the drawn artists
instead of drawing again (that is what keeps an update within its time budget).
This module is the one place where the explorers reach into the figures; it is
an internal interface, not part of the student API, and it trusts its inputs
(the explorers build them).
"""

from __future__ import annotations

from ._dynamics import game_label, game_level, update_game_types
from ._network import update_signed_network, update_triangle
from ._ties import faction_handle, tie_handle

__all__ = [
    "faction_handle",
    "game_label",
    "game_level",
    "tie_handle",
    "update_game_types",
    "update_signed_network",
    "update_triangle",
]
