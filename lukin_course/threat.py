"""Walt's balance of threat as a transparent, weighted index (Walt 1985, 1987).

Walt argued that states balance against *threats*, not against power alone,
and named four sources of threat (:data:`WALT_SOURCES`): aggregate power,
geographic proximity, offensive power and aggressive intentions. He gave no
formula; the index here is this course's teaching operationalisation, kept
deliberately simple so that every number can be traced to a judgement:

* each source is scored in [0, 1] by the analyst (0 = none, 1 = extreme);
* the user chooses the weights (equal by default);
* the index is the weighted mean, also in [0, 1].

The essay's claim C6 — neighbours with compatible outlooks do not fear each
other's armies (Lukin's Canada–US analogy) — says that intentions can cancel
capability. The ``"gated"`` variant (also this course's own) builds that in:
the three capability sources count only as far as intentions are hostile.

References
----------
[walt1985alliance] [walt1987origins] [lukin2018perspective]
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._validation import check_choice, check_nonnegative, check_probability

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    import pandas as pd

__all__ = ["MODES", "WALT_SOURCES", "ThreatAssessment", "compare_threats", "threat_index"]

WALT_SOURCES = ("aggregate_power", "proximity", "offensive_power", "aggressive_intentions")
MODES = ("additive", "gated")
_CAPABILITY = WALT_SOURCES[:3]


def _check_keys(values: Any, name: str) -> Mapping[str, Any]:
    if not isinstance(values, Mapping):
        raise TypeError(f"{name} must be a mapping of Walt's four sources to numbers")
    unknown = sorted(set(values) - set(WALT_SOURCES), key=str)
    if unknown:
        raise ValueError(
            f"{name} has unknown source(s) {unknown!r}; expected: {', '.join(WALT_SOURCES)}"
        )
    missing = [s for s in WALT_SOURCES if s not in values]
    if missing:
        raise ValueError(f"{name} is missing source(s) {missing!r}")
    return values


def _scores(scores: Any) -> dict[str, float]:
    s = _check_keys(scores, "scores")
    return {k: check_probability(s[k], f"scores[{k!r}]") for k in WALT_SOURCES}


def _weights(weights: Any) -> dict[str, float]:
    if weights is None:
        return dict.fromkeys(WALT_SOURCES, 0.25)
    w = _check_keys(weights, "weights")
    out = {k: check_nonnegative(w[k], f"weights[{k!r}]") for k in WALT_SOURCES}
    total = math.fsum(out.values())
    if total <= 0:
        raise ValueError("weights must not all be zero")
    return {k: v / total for k, v in out.items()}


def threat_index(
    scores: Mapping[str, float],
    weights: Mapping[str, float] | None = None,
    mode: str = "additive",
) -> float:
    r"""How threatening one state looks to another, in [0, 1].

    Parameters
    ----------
    scores : mapping
        A score in [0, 1] for each of :data:`WALT_SOURCES`.
    weights : mapping, optional
        A non-negative weight for each source, not all zero; normalised to
        sum to 1. Default: equal weights.
    mode : {"additive", "gated"}
        ``"additive"``: the weighted mean of the four scores. ``"gated"``:
        the capability scores are multiplied by the intentions score first.

    Returns
    -------
    float
        The threat index, in [0, 1].

    Raises
    ------
    TypeError, ValueError
        If a source is missing or unknown, a score lies outside [0, 1] or is
        NaN, a weight is negative or NaN, all weights are zero, or ``mode``
        is unknown.

    Notes
    -----
    This course's own teaching model built on Walt's four sources (Walt
    1985, 1987 give no formula). With normalised weights :math:`w_i`, scores
    :math:`s_i` and intentions score :math:`s_I`:

    .. math::

        T_{add} = \sum_i w_i s_i, \qquad
        T_{gated} = w_I s_I + s_I \sum_{i \in \{P, X, O\}} w_i s_i .

    The gated form equals the additive one when intentions are fully hostile
    (:math:`s_I = 1`) and is zero when they are benign (:math:`s_I = 0`),
    however large the army next door: the Canada–US analogy of claim C6.

    Examples
    --------
    The United States as seen from Canada (illustrative scores): huge power,
    next door, able to invade, no hostile intentions.

    >>> us_from_canada = {"aggregate_power": 1.0, "proximity": 1.0,
    ...                   "offensive_power": 0.9, "aggressive_intentions": 0.0}
    >>> round(threat_index(us_from_canada), 3)
    0.725
    >>> threat_index(us_from_canada, mode="gated")
    0.0

    Weighting intentions alone is Walt's point in its purest form:

    >>> threat_index(us_from_canada, weights={"aggregate_power": 0, "proximity": 0,
    ...              "offensive_power": 0, "aggressive_intentions": 1})
    0.0

    References
    ----------
    [walt1985alliance] [walt1987origins]
    """
    s = _scores(scores)
    w = _weights(weights)
    check_choice(mode, "mode", MODES)
    intent = s["aggressive_intentions"]
    capability = math.fsum(w[k] * s[k] for k in _CAPABILITY)
    if mode == "gated":
        capability *= intent
    return min(1.0, capability + w["aggressive_intentions"] * intent)


@dataclass(frozen=True)
class ThreatAssessment:
    """One observer's scoring of one potential threat.

    Parameters
    ----------
    observer : str
        The state doing the assessing.
    target : str
        The state assessed.
    scores : mapping
        A score in [0, 1] for each of :data:`WALT_SOURCES`.
    note : str, optional
        Where the scores come from (the judgement behind them).

    Examples
    --------
    >>> a = ThreatAssessment("Canada", "United States", {"aggregate_power": 1.0,
    ...     "proximity": 1.0, "offensive_power": 0.9, "aggressive_intentions": 0.0})
    >>> a.label, round(a.index(), 3), a.index(mode="gated")
    ('United States as seen by Canada', 0.725, 0.0)
    """

    observer: str
    target: str
    scores: Mapping[str, float]
    note: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        for name in ("observer", "target"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise TypeError(f"{name} must be a non-empty string, got {value!r}")
        if self.observer == self.target:
            raise ValueError("observer and target must be different states")
        if not isinstance(self.note, str):
            raise TypeError(f"note must be a string, got {type(self.note).__name__}")
        object.__setattr__(self, "scores", _scores(self.scores))

    @property
    def label(self) -> str:
        """``"<target> as seen by <observer>"``."""
        return f"{self.target} as seen by {self.observer}"

    def index(self, weights: Mapping[str, float] | None = None, mode: str = "additive") -> float:
        """The :func:`threat_index` of these scores."""
        return threat_index(self.scores, weights, mode)


def compare_threats(
    assessments: Iterable[ThreatAssessment],
    weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Score several assessments side by side, with and without intentions gating.

    Parameters
    ----------
    assessments : iterable of ThreatAssessment
        At least one; labels must be distinct.
    weights : mapping, optional
        As in :func:`threat_index`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``label``; columns ``observer``, ``target``, the four
        sources, ``threat_additive`` and ``threat_gated``, rows in the order
        given.

    Raises
    ------
    TypeError, ValueError
        If an item is not a :class:`ThreatAssessment`, there are none, labels
        repeat, or the weights are bad.

    Notes
    -----
    This course's own teaching tool (see :func:`threat_index`). Claim C3 of
    the essay lists the capability-based reasons Western experts give Russia
    to fear China; claim C6 answers that intentions decide. Comparing the two
    columns shows how much of a score rests on intentions.

    Examples
    --------
    Illustrative scores only, to show the mechanics:

    >>> caps = {"aggregate_power": 0.8, "proximity": 1.0, "offensive_power": 0.6}
    >>> frame = compare_threats([
    ...     ThreatAssessment("Russia", "China", {**caps, "aggressive_intentions": 0.7},
    ...                      note="capability-first reading (claim C3)"),
    ...     ThreatAssessment("Russia (Lukin)", "China", {**caps, "aggressive_intentions": 0.1},
    ...                      note="intentions-first reading (claim C6)"),
    ... ])
    >>> frame[["threat_additive", "threat_gated"]].round(3)  # doctest: +NORMALIZE_WHITESPACE
                                       threat_additive  threat_gated
    label
    China as seen by Russia                      0.775         0.595
    China as seen by Russia (Lukin)              0.625         0.085

    References
    ----------
    [walt1987origins] [lukin2018perspective]
    """
    import pandas as pd

    if isinstance(assessments, ThreatAssessment) or not isinstance(assessments, Iterable):
        raise TypeError("assessments must be an iterable of ThreatAssessment")
    items = list(assessments)
    if not items:
        raise ValueError("assessments must contain at least one ThreatAssessment")
    rows = []
    for i, a in enumerate(items):
        if not isinstance(a, ThreatAssessment):
            raise TypeError(f"assessments[{i}] must be a ThreatAssessment, got {type(a).__name__}")
        rows.append(
            {
                "label": a.label,
                "observer": a.observer,
                "target": a.target,
                **a.scores,
                "threat_additive": a.index(weights, "additive"),
                "threat_gated": a.index(weights, "gated"),
            }
        )
    frame = pd.DataFrame(rows).set_index("label")
    if frame.index.has_duplicates:
        raise ValueError("assessments must have distinct observer/target pairs")
    return frame
