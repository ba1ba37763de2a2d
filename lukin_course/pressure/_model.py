"""The pressure model's equations: parameters, policies and the rate of change.

**This course's own teaching model**, not a model from the literature; the
defaults are rounded from a least-squares fit to the course's record of the three
relations (see :func:`~lukin_course.pressure.fit_record`). The equations, the state and the
meaning of a policy are set out once, in the docstring of
:mod:`lukin_course.pressure`; this part holds the parameters, the named
policies and the right-hand side of those equations (:func:`vector_field`).

References
----------
[heider1946attitudes] [walt1987origins] [lukin2018perspective]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._validation import (
    as_finite_array,
    check_choice,
    check_in_range,
    check_nonnegative,
    check_positive,
)

#: Named policies of the leading power: (stance towards Russia, stance towards China).
#: ``china_card`` is the 1979-85 alignment with Beijing against Moscow; the Nixon-Kissinger
#: triangular diplomacy of 1972-78 courted both (``engagement``) while they were hostile.
POLICIES: dict[str, tuple[float, float]] = {
    "democratism": (-1.0, -1.0),
    "china_card": (-1.0, 1.0),
    "reverse_kissinger": (1.0, -1.0),
    "engagement": (1.0, 1.0),
}

#: Former policy names, with the reason they were changed (raised as a clear error).
_RENAMED = {
    "triangulation": (
        "'triangulation' was renamed 'china_card': courting China while pressing Russia is "
        "the 1979-85 alignment with Beijing; the Nixon-Kissinger triangular diplomacy of "
        "1972-78 courted both (the 'engagement' stances) while Moscow and Beijing were hostile"
    ),
}


@dataclass(frozen=True)
class ActorProfile:
    """What makes courting one of the two states differ from courting the other.

    Three measured asymmetries, each a share in ``[0, 1]`` (sources and the range
    over 1992–2023 in ``PROFILE_BOUNDS`` and in the lesson):

    Parameters
    ----------
    name : str
        The state (for messages and tables).
    capability : float
        Its share of the two states' combined GDP (current US$, World Bank), in
        ``(0, 1)``. The partner's share is what an alignment adds to this state's
        security (Morrow 1991) and also, as aggregate power, what it has to fear
        from the partner (Walt 1987).
    us_dependence : float
        Share of its goods trade that is with the leading power: what it puts at
        stake by siding with the partner while the leading power courts it.
    partner_dependence : float
        Share of its goods trade that is with the partner: a shared interest in
        the tie whatever the leading power does.

    Raises
    ------
    TypeError, ValueError
        If a share is not a number in its range or the name is not a string.

    References
    ----------
    [morrow1991alliances] [walt1987origins]

    Examples
    --------
    >>> RUSSIA_PROFILE.capability + CHINA_PROFILE.capability
    1.0
    """

    name: str
    capability: float
    us_dependence: float
    partner_dependence: float

    @classmethod
    def from_data(cls, country: str, year: int = 2017) -> ActorProfile:
        """The profile of ``"Russia"`` or ``"China"`` computed from the course's datasets.

        Parameters
        ----------
        country : {"Russia", "China"}
            The state.
        year : int, default 2017
            The year of the figures (the datasets hold 2017, the essay's year).

        Returns
        -------
        ActorProfile
            ``capability`` from the ``gdp`` dataset (its GDP over the pair's), the two
            trade shares from the ``trade_shares`` dataset (percentages over 100).

        Raises
        ------
        ValueError
            For another country, or a year without the figures.

        Examples
        --------
        >>> p = ActorProfile.from_data("Russia")
        >>> round(p.us_dependence, 3), round(p.partner_dependence, 3)
        (0.04, 0.15)
        """
        from ..data import load_dataset

        pair = {"Russia": "China", "China": "Russia"}
        if country not in pair:
            raise ValueError(f"country must be 'Russia' or 'China', got {country!r}")
        gdp = load_dataset("gdp")
        shares = load_dataset("trade_shares")

        def one(frame: Any, column: str, value_column: str, **match: Any) -> float:
            rows = frame[(frame["year"] == year) & (frame[column] == match[column])]
            if "partner" in match:
                rows = rows[rows["partner"] == match["partner"]]
            if len(rows) != 1:
                raise ValueError(f"no single {value_column} for {match} in {year}")
            return float(rows[value_column].iloc[0])

        own = one(gdp, "country", "value_usd_bn", country=country)
        other = one(gdp, "country", "value_usd_bn", country=pair[country])
        us = one(shares, "country", "share_percent", country=country, partner="United States")
        partner = one(shares, "country", "share_percent", country=country, partner=pair[country])
        return cls(country, own / (own + other), us / 100.0, partner / 100.0)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise TypeError("name must be a non-empty string")
        cap = check_in_range(self.capability, f"{self.name} capability", 0.0, 1.0)
        if cap in (0.0, 1.0):
            raise ValueError(f"{self.name} capability must lie strictly between 0 and 1")
        object.__setattr__(self, "capability", cap)
        for share in ("us_dependence", "partner_dependence"):
            value = check_in_range(getattr(self, share), f"{self.name} {share}", 0.0, 1.0)
            object.__setattr__(self, share, value)


#: Russia in 2017, the essay's year: ``ActorProfile.from_data("Russia")`` rounded to four
#: decimals (World Bank GDP in the ``gdp`` dataset; trade shares from Russian customs in
#: the ``trade_shares`` dataset). A test keeps the two in step.
RUSSIA_PROFILE = ActorProfile(
    "Russia", capability=0.1142, us_dependence=0.040, partner_dependence=0.150
)
#: China in 2017, measured the same way (trade shares from Chinese customs).
CHINA_PROFILE = ActorProfile(
    "China", capability=0.8858, us_dependence=0.142, partner_dependence=0.0205
)

#: Ranges of the measured shares used by the sensitivity analysis. **Estimates of this
#: course, not data**: China's capability share runs from rough parity (the early 1990s,
#: when the two economies were of similar size) to its 2021 World Bank value (0.91, the
#: ``gdp`` dataset); each trade share runs from half to one and a half times its 2017 value
#: in ``trade_shares``, a stand-in for its movement over 1992–2023, which the course has not
#: sourced year by year. Russia's capability share is one minus China's.
PROFILE_BOUNDS: dict[str, tuple[float, float]] = {
    "china_capability": (0.5, 0.91),
    "russia_us_dependence": (0.02, 0.06),
    "russia_partner_dependence": (0.075, 0.225),
    "china_us_dependence": (0.071, 0.213),
    "china_partner_dependence": (0.0105, 0.0315),
}

#: The start of the course's record, 1992 (``relations_by_year().loc[1992]``): a warm
#: US–Russia tie, a neutral US–China tie, a warm Russia–China tie.
DEFAULT_X0: tuple[float, float, float] = (0.5, 0.0, 0.5)

_RATES = ("alpha", "lam")
_COUPLINGS = ("beta", "kappa", "gamma", "delta", "eta", "epsilon")


@dataclass(frozen=True)
class PressureParams:
    """Parameters of the pressure model (defaults fitted to the 1992–2013 record).

    The defaults are the best of ``fit_record(train=(1992, 2013), starts=8,
    seed=1)`` with the profiles from the sourced 2017 data, to six decimals; a
    refit from them lowers the error by less than 0.01 (tested). The fit is a
    knife-edge: the record has one step in the Russia–China tie (2005), which
    the model reproduces only with a field tuned to the edge of its bistable
    window, so even rounding to four decimals raises its error, and rounding to
    three makes it many times larger.
    Other parameter sets fit almost as well: the record does not identify them,
    and the sensitivity analysis (:func:`robustness`) reports how much of the
    documented ranges each conclusion survives.

    Parameters
    ----------
    alpha : float, default 0.5
        Rate (1/yr) at which the leading power's ties follow its stances;
        plausible range 0.1–2. Not fitted (the ties are taken from the record).
    lam : float
        Rate (1/yr) at which the Russia–China tie adjusts; range 0.05–2.
    beta : float
        Balance (Heider) coupling, 0–3: both states see how the leading power
        treats the pair; ``u_r u_c > 0`` (treated alike) pulls them together.
    kappa : float
        Security coupling, 0–3: pressure on a state times its partner's
        capability share is what an alignment adds to its security.
    gamma : float
        Weight of economic dependence on the partner (shared interests), 0–10.
    delta : float
        Threat coupling, 0–3: the partner's capability share as a source of
        threat (Walt's aggregate power) and of lost autonomy (Morrow).
    eta : float
        Self-reinforcement (institutions, trade, habits), 0–4; ``eta > 1`` is
        necessary for bistability (see Notes).
    epsilon : float
        Weight of the stake with the leading power, 0–10: a courted state that
        trades much with the leading power loses more by siding with the partner.
    russia, china : ActorProfile
        The measured asymmetries (capability shares must add up to 1).

    Raises
    ------
    TypeError
        If a value is not a real number or a profile is not an ActorProfile.
    ValueError
        If a rate is not positive, a coupling is negative (or NaN/inf), or the
        capability shares do not add up to 1.

    Notes
    -----
    This course's own teaching model. Each state ``i`` (partner ``j``) has a field

    ``h_i = beta u_r u_c + kappa p_i c_j - delta c_j + gamma m_i - epsilon (1 - p_i) d_i``

    with ``p_i = (1 - u_i)/2`` the pressure it feels, ``c_j`` the partner's
    capability share, ``m_i`` and ``d_i`` its trade shares with the partner and
    with the leading power. An alignment needs both, so the tie follows the more
    reluctant: ``h = min(h_r, h_c)`` (:meth:`field`). Pressed, a state values its
    partner's capability (security); courted, it fears it and weighs what it
    would lose with the leading power (autonomy) — Morrow's trade-off, which
    differs for the weaker and the stronger partner.

    With the stances held fixed the tie settles at a root of
    ``g(r) = tanh(h + eta r) - r``; ``g'(r) = eta sech^2(h + eta r) - 1``. If
    ``eta <= 1`` there is one root. If ``eta > 1`` two stable states coexist exactly
    when ``|h| < H(eta) = eta r_f - artanh(r_f)``, ``r_f = sqrt(1 - 1/eta)``: so
    ``eta > 1`` is necessary, not sufficient, for the tie to remember its history.

    References
    ----------
    [heider1946attitudes], [walt1987origins], [morrow1991alliances], [lukin2018perspective]

    Examples
    --------
    >>> p = PressureParams()
    >>> h_r, h_c = p.fields(1.0, -1.0)  # reverse Kissinger: courted Russia is the reluctant one
    >>> h_r < h_c
    True
    >>> h_r, h_c = p.fields(-1.0, 1.0)  # the China card: courted China is the reluctant one
    >>> h_c < h_r
    True
    """

    alpha: float = 0.5
    lam: float = 0.67601
    beta: float = 0.076313
    kappa: float = 0.541703
    gamma: float = 3.841459
    delta: float = 1.720925
    eta: float = 3.061319
    epsilon: float = 5.144406
    russia: ActorProfile = RUSSIA_PROFILE
    china: ActorProfile = CHINA_PROFILE

    def __post_init__(self) -> None:
        for name in _RATES:
            object.__setattr__(self, name, check_positive(getattr(self, name), name))
        for name in _COUPLINGS:
            object.__setattr__(self, name, check_nonnegative(getattr(self, name), name))
        for name in ("russia", "china"):
            if not isinstance(getattr(self, name), ActorProfile):
                raise TypeError(f"{name} must be an ActorProfile")
        if not math.isclose(self.russia.capability + self.china.capability, 1.0, abs_tol=1e-9):
            raise ValueError(
                "russia.capability and china.capability are shares of the pair's GDP and must "
                f"add up to 1, got {self.russia.capability} + {self.china.capability}"
            )

    def fields(self, u_r: Any, u_c: Any) -> tuple[Any, Any]:
        """Return the two states' fields ``(h_r, h_c)`` (see Notes)."""
        balance = self.beta * u_r * u_c
        out = []
        for me, u_me, partner in ((self.russia, u_r, self.china), (self.china, u_c, self.russia)):
            pressure = 0.5 * (1.0 - u_me)
            out.append(
                balance
                + (self.kappa * pressure - self.delta) * partner.capability
                + self.gamma * me.partner_dependence
                - self.epsilon * (1.0 - pressure) * me.us_dependence
            )
        return out[0], out[1]

    def field(self, u_r: Any, u_c: Any) -> Any:
        """Return the field of the tie, ``min(h_r, h_c)``: the more reluctant state decides."""
        h_r, h_c = self.fields(u_r, u_c)
        return np.minimum(h_r, h_c) if isinstance(h_r, np.ndarray) else min(h_r, h_c)


#: The course's first version of the model in today's equations. It had no profiles, the
#: field ``beta u_r u_c - kappa (u_r + u_c)/2 + gamma - delta`` with the illustrative values
#: ``lam = 0.25, beta = 1, kappa = 1, gamma = 0.4, delta = 0.5, eta = 1.5`` and the start
#: ``(0.3, 0.3, 0.0)``. With twin profiles (capability 0.5, all trade with the partner,
#: none with the leading power) these values give exactly its field whenever the leading
#: power treats the two alike (``u_r = u_c``: democratism, engagement); when it treats them
#: differently the field here is the more reluctant state's, lower than the first version's.
FIRST_VERSION = PressureParams(
    lam=0.25,
    beta=1.0,
    kappa=4.0,
    gamma=0.4,
    delta=3.0,
    eta=1.5,
    epsilon=0.0,
    russia=ActorProfile("Russia (twin)", capability=0.5, us_dependence=0.0, partner_dependence=1.0),
    china=ActorProfile("China (twin)", capability=0.5, us_dependence=0.0, partner_dependence=1.0),
)


def _params(params: PressureParams | None) -> PressureParams:
    if params is None:
        return PressureParams()
    if not isinstance(params, PressureParams):
        raise TypeError(f"params must be a PressureParams or None, got {type(params).__name__}")
    return params


def policy_stances(policy: str | Sequence[float]) -> tuple[float, float]:
    """Return the stances ``(s_r, s_c)`` of a named policy or check a given pair.

    Parameters
    ----------
    policy : str or pair of float
        One of ``POLICIES`` (``"democratism"``, ``"china_card"``,
        ``"reverse_kissinger"``, ``"engagement"``) or ``(s_r, s_c)`` in ``[-1, 1]^2``.

    Returns
    -------
    tuple of float
        The stance towards Russia and the stance towards China.

    Raises
    ------
    ValueError
        For an unknown name (the message lists the valid ones), a pair of the
        wrong length, a stance outside ``[-1, 1]`` or a NaN.
    TypeError
        If ``policy`` is neither a string nor a numeric pair.

    Notes
    -----
    This course's own teaching model. ``china_card`` courts China and presses
    Russia, as Washington did in 1979–85 (Dittmer's stable marriage with the Soviet
    Union as outcast); ``reverse_kissinger`` is the opposite, discussed after 2016.
    Nixon and Kissinger's triangular diplomacy of 1972–78 is not ``china_card``: it
    courted both (``engagement``) while Moscow and Beijing were hostile, which made
    Washington the pivot of a romantic triangle.

    References
    ----------
    [kissinger1979white], [dittmer1981strategic], [lukin2018perspective]

    Examples
    --------
    >>> policy_stances("china_card")
    (-1.0, 1.0)
    >>> policy_stances((0.5, -0.25))
    (0.5, -0.25)
    """
    if isinstance(policy, str):
        if policy in _RENAMED:
            raise ValueError(_RENAMED[policy])
        return POLICIES[check_choice(policy, "policy", POLICIES)]
    arr = as_finite_array(policy, "policy", ndim=1)
    if arr.shape != (2,):
        raise ValueError(f"policy must be a name or a pair (s_r, s_c), got shape {arr.shape}")
    s_r = check_in_range(float(arr[0]), "policy stance towards Russia", -1.0, 1.0)
    s_c = check_in_range(float(arr[1]), "policy stance towards China", -1.0, 1.0)
    return (s_r, s_c)


def _as_unit_array(value: Any, name: str, what: str) -> NDArray[np.float64]:
    """A finite 1-D array whose entries (``what``) all lie in ``[-1, 1]``."""
    arr = as_finite_array(value, name, ndim=1)
    if np.any(np.abs(arr) > 1.0):
        raise ValueError(f"{name} {what} must lie in [-1, 1], got {arr.tolist()}")
    return arr


def _as_state(x0: Any, name: str = "x0") -> NDArray[np.float64]:
    arr = as_finite_array(x0, name, ndim=1)
    if arr.shape != (3,):
        raise ValueError(f"{name} must have three entries (u_r, u_c, r), got shape {arr.shape}")
    return _as_unit_array(arr, name, "entries")


def _rhs(x: NDArray[np.float64], s_r: float, s_c: float, p: PressureParams) -> NDArray[np.float64]:
    u_r, u_c, r = x
    h = p.field(u_r, u_c)
    return np.array(
        [p.alpha * (s_r - u_r), p.alpha * (s_c - u_c), p.lam * (math.tanh(h + p.eta * r) - r)]
    )


def vector_field(
    state: Sequence[float], policy: str | Sequence[float], params: PressureParams | None = None
) -> NDArray[np.float64]:
    """The rates of change ``(du_r/dt, du_c/dt, dr/dt)`` at a state under a policy.

    Parameters
    ----------
    state : sequence of 3 float
        ``(u_r, u_c, r)``: finite numbers (the model's runs stay in ``[-1, 1]``, but an
        ODE solver may step slightly outside).
    policy : str or pair of float
        A name in ``POLICIES`` or stances ``(s_r, s_c)`` in ``[-1, 1]^2``.
    params : PressureParams, optional
        Model parameters; the fitted defaults if omitted.

    Returns
    -------
    ndarray, shape (3,)
        The right-hand side of the model's equations, per year.

    Raises
    ------
    ValueError, TypeError
        For a bad state, policy or parameters.

    Notes
    -----
    This course's own teaching model; the equations are in :mod:`lukin_course.pressure`.
    Pass it to any ODE solver, e.g. ``scipy.integrate.solve_ivp(lambda t, x:
    vector_field(x, policy), ...)``.

    References
    ----------
    [lukin2018perspective]

    Examples
    --------
    >>> [round(float(v), 3) for v in vector_field((0.0, 0.0, 0.0), "democratism")]
    [-0.5, -0.5, -0.453]
    """
    x = as_finite_array(state, "state", ndim=1)
    if x.shape != (3,):
        raise ValueError(f"state must have three entries (u_r, u_c, r), got shape {x.shape}")
    s_r, s_c = policy_stances(policy)
    return _rhs(x, s_r, s_c, _params(params))
