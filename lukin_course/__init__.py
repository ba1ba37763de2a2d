"""lukin_course: cited, tested models of the Sino-Russian rapprochement.

The package is a set of small modules, one model each, that the course's book
and graded assignments call instead of re-implementing anything:

=====================  ==============================================================
``triangle``           the strategic triangle (Dittmer; Wu): configurations, roles, moves
                       (parts in ``triangle_roles``, ``triangle_constraints``,
                       ``triangle_moves``, ``triangle_history``)
``balance``            structural balance of signed networks (Heider; Cartwright & Harary)
``balance_dynamics``   balance dynamics (Marvel et al.; Kułakowski et al.); Antal et al.
                       in ``balance_akr``
``pressure``           this course's pressure model: democratism vs triangulation
                       (parts in ``pressure_model``, ``pressure_trajectory``,
                       ``pressure_steady``, ``pressure_batch``)
``alignment``          2×2 alignment games under outside pressure (Snyder);
                       game types and equilibria in ``alignment_types``
``threat``             Walt's balance-of-threat index
``arms_race``          the Richardson arms-race model
``polarity``           concentration and counterweights (capability shares in ``capabilities``)
``data``               the essay's evidence as sourced datasets
``plots``              colour-blind-safe figures
``widgets``            interactive explorers for notebooks and the book
``course``             the instructor's command line around nbgrader
=====================  ==============================================================

Submodules are imported on first use, so ``import lukin_course`` stays fast and
heavy optional dependencies (matplotlib, ipywidgets, nbgrader) load only when needed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "alignment",
    "arms_race",
    "balance",
    "balance_dynamics",
    "capabilities",
    "course",
    "data",
    "plots",
    "polarity",
    "pressure",
    "threat",
    "triangle",
    "widgets",
]

# The topic modules; each re-exports the parts it is split into (e.g. pressure_model).
_SUBMODULES = tuple(name for name in __all__ if name != "__version__")

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from . import (
        alignment,
        arms_race,
        balance,
        balance_dynamics,
        capabilities,
        course,
        data,
        plots,
        polarity,
        pressure,
        threat,
        triangle,
        widgets,
    )


def __getattr__(name: str) -> Any:
    # PEP 562: load a submodule (a topic module or one of its parts) on first use.
    if not name.startswith("_"):
        qualified = f"{__name__}.{name}"
        try:
            module = importlib.import_module(qualified)
        except ModuleNotFoundError as exc:
            if exc.name != qualified:
                raise
        else:
            globals()[name] = module
            return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
