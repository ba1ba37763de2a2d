"""lukin_course: cited, tested models of the Sino-Russian rapprochement.

The package is a set of small modules, one model each, that the course's book
and graded assignments call instead of re-implementing anything:

=====================  ==============================================================
``triangle``           the strategic triangle (Dittmer; Wu): configurations, roles, moves
``balance``            structural balance of signed networks (Heider; Cartwright & Harary)
``balance_dynamics``   balance dynamics (Kułakowski et al.; Marvel et al.; Antal et al.)
``pressure``           this course's pressure model: democratism vs triangulation
``alignment``          2×2 alignment games under outside pressure (Snyder); game types
``threat``             Walt's balance-of-threat index
``triadic``            triad dynamics of Lee, Muncaster & Zinnes (friend/enemy rules)
``arms_race``          the Richardson arms-race model
``polarity``           capability shares, concentration and counterweights
``data``               the essay's evidence as sourced datasets
``plots``              colour-blind-safe figures
``widgets``            interactive explorers for notebooks and the book
``course``             the instructor's command line around nbgrader
=====================  ==============================================================

``triangle``, ``pressure``, ``plots`` and ``widgets`` are packages whose parts are
private; every public name is exported from the topic it belongs to. Topics are
imported on first use, so ``import lukin_course`` stays fast and heavy optional
dependencies (matplotlib, ipywidgets, nbgrader) load only when needed.
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("lukin-course")
except PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
    __version__ = "unknown"

__all__ = [
    "__version__",
    "alignment",
    "arms_race",
    "balance",
    "balance_dynamics",
    "course",
    "data",
    "plots",
    "polarity",
    "pressure",
    "threat",
    "triadic",
    "triangle",
    "widgets",
]

# The topic modules, loaded on first attribute access.
_SUBMODULES = tuple(name for name in __all__ if name != "__version__")

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from . import (
        alignment,
        arms_race,
        balance,
        balance_dynamics,
        course,
        data,
        plots,
        polarity,
        pressure,
        threat,
        triadic,
        triangle,
        widgets,
    )


def __getattr__(name: str) -> Any:
    # PEP 562: load a topic module on first use.
    if name in _SUBMODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
