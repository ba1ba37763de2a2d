"""How robust are the pressure model's headline conclusions? A global sensitivity analysis.

Each headline conclusion of the lesson is checked at every point of a quasi-random
sample of the documented ranges (``FIT_BOUNDS`` for the couplings, ``PROFILE_BOUNDS``
for the measured shares): the share of the sample in which it holds is its
robustness. Sobol' indices (first order and total, with SALib) say which
parameters the outcome depends on. The conditions the lesson states are checked
on the same sample as *necessary and sufficient* or *necessary only*.

This course's own teaching model; the sampling (Saltelli's scheme on a scrambled
Sobol' sequence) and the Sobol' estimators are SALib's [herman2017salib].

References
----------
[herman2017salib] [lukin2018perspective]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._validation import check_integer
from ._fit import FIT_BOUNDS
from ._model import DEFAULT_X0, POLICIES, PROFILE_BOUNDS, PressureParams

#: The headline conclusions, as the lesson states them (all from the 1992 start).
HEADLINES: dict[str, str] = {
    "democratism_aligns": "pressing both ends in alignment (steady tie at least 0.5)",
    "reverse_kissinger_splits": "courting Russia and pressing China ends with the tie below 0",
    "china_card_holds": "courting China and pressing Russia leaves the tie at least 0.5",
    "asymmetry": "both of the last two: courting Russia and courting China differ",
    "survives_relief": (
        "an alignment built by 20 years of pressing both survives a lasting turn to engagement"
    ),
    "hysteretic": (
        "...and that is hysteresis: engagement alone from the same start ends elsewhere"
    ),
}

_GRID = np.linspace(-1.0, 1.0, 801)
_LONG = 200.0  # years: 10 time constants of the slowest tie in range (lam >= 0.05)
_DT = 0.5  # RK4 is stable and accurate here: the fastest decay rate in range is lam <= 2


def _problem() -> dict[str, Any]:
    names = [*FIT_BOUNDS, *PROFILE_BOUNDS]
    bounds = [list(FIT_BOUNDS[n]) for n in FIT_BOUNDS] + [
        list(PROFILE_BOUNDS[n]) for n in PROFILE_BOUNDS
    ]
    return {"num_vars": len(names), "names": names, "bounds": bounds}


def _fields(
    th: dict[str, NDArray[np.float64]], u_r: Any, u_c: Any
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Vectorised ``PressureParams.fields`` over a sample of parameters."""
    balance = th["beta"] * u_r * u_c
    c_c = th["china_capability"]
    p_r, p_c = 0.5 * (1.0 - u_r), 0.5 * (1.0 - u_c)
    h_r = (
        balance
        + (th["kappa"] * p_r - th["delta"]) * c_c
        + th["gamma"] * th["russia_partner_dependence"]
        - th["epsilon"] * (1.0 - p_r) * th["russia_us_dependence"]
    )
    h_c = (
        balance
        + (th["kappa"] * p_c - th["delta"]) * (1.0 - c_c)
        + th["gamma"] * th["china_partner_dependence"]
        - th["epsilon"] * (1.0 - p_c) * th["china_us_dependence"]
    )
    return h_r, h_c


def _field(th: dict[str, NDArray[np.float64]], u_r: Any, u_c: Any) -> NDArray[np.float64]:
    return np.minimum(*_fields(th, u_r, u_c))


def _window(eta: NDArray[np.float64]) -> NDArray[np.float64]:
    """Vectorised ``bistable_window``."""
    out = np.zeros_like(eta)
    big = eta > 1.0
    r_f = np.sqrt(1.0 - 1.0 / eta[big])
    out[big] = eta[big] * r_f - np.arctanh(r_f)
    return out


def _run(
    th: dict[str, NDArray[np.float64]],
    stances: tuple[float, float],
    u0: NDArray[np.float64],
    r0: NDArray[np.float64],
    years: float,
    alpha: float,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """RK4 of the tie for every sample; the US ties follow their closed form."""
    s = np.array(stances)
    steps = max(1, round(years / _DT))
    dt = years / steps
    r = r0.copy()

    def u_at(t: float) -> NDArray[np.float64]:
        return s[:, None] + (u0 - s[:, None]) * np.exp(-alpha * t)

    def f(r: NDArray[np.float64], u: NDArray[np.float64]) -> NDArray[np.float64]:
        return th["lam"] * (np.tanh(_field(th, u[0], u[1]) + th["eta"] * r) - r)

    for k in range(steps):
        t = k * dt
        u_a, u_m, u_b = u_at(t), u_at(t + 0.5 * dt), u_at(t + dt)
        k1 = f(r, u_a)
        k2 = f(r + 0.5 * dt * k1, u_m)
        k3 = f(r + 0.5 * dt * k2, u_m)
        k4 = f(r + dt * k3, u_b)
        r = r + dt * (k1 + 2 * k2 + 2 * k3 + k4) / 6
    return u_at(years), r


def _snap(h: NDArray[np.float64], eta: NDArray[np.float64], r: NDArray[np.float64]) -> Any:
    """The stable root of ``tanh(h + eta r) - r`` nearest to each ``r`` (grid precision)."""
    g = np.tanh(h[:, None] + eta[:, None] * _GRID) - _GRID
    falls = (g[:, :-1] > 0.0) & (g[:, 1:] <= 0.0)
    mids = 0.5 * (_GRID[:-1] + _GRID[1:])
    dist = np.where(falls, np.abs(mids[None, :] - r[:, None]), np.inf)
    return mids[np.argmin(dist, axis=1)], falls


@dataclass(eq=False)
class RobustnessResult:
    """Outcome of :func:`robustness`.

    Attributes
    ----------
    shares : dict of str to float
        For each key of ``HEADLINES``, the share of the sampled ranges in which it holds.
    conditions : pandas.DataFrame
        One row per condition stated in the lesson: the condition, the conclusion it
        bears on, its ``kind`` ("necessary and sufficient" or "necessary"), the share of
        the sample where it holds, and whether the sample agrees with the kind
        (``holds_as_stated``) and whether the condition alone would suffice
        (``sufficient``).
    sobol : pandas.DataFrame
        First-order (``S1``) and total (``ST``) Sobol' indices of the steady tie under
        each named policy and of the tie after relief (``r_limit``), by parameter.
    samples : pandas.DataFrame
        Every sampled point with its parameters and outcomes.
    """

    shares: dict[str, float]
    conditions: Any
    sobol: Any
    samples: Any


def robustness(n: int = 256, seed: int = 0) -> RobustnessResult:
    """Share of the documented parameter ranges in which each headline conclusion holds.

    Parameters
    ----------
    n : int, default 256
        Base sample size of Saltelli's scheme, a power of 2 (16 to 4096); the model
        is evaluated at ``n * (d + 2)`` points for ``d`` ranged parameters.
    seed : int, default 0
        Seed of the scrambled Sobol' sequence.

    Returns
    -------
    RobustnessResult

    Raises
    ------
    ValueError, TypeError
        If ``n`` is not a power of 2 in range, or ``seed`` not an integer.

    Notes
    -----
    This course's own teaching model. Every point runs the model from the 1992
    start (``DEFAULT_X0``) under each named policy for 200 years (classical RK4,
    step 0.5 yr; the US ties in closed form) and reads the stable steady tie it
    settles at; the relief experiment runs 20 years of democratism and then
    engagement, and compares with engagement alone from the start. ``alpha`` is
    held at its default. The conditions checked are exact statements about the
    tie's equation (see :class:`PressureParams`): ``h(democratism) > H(eta)`` is
    necessary and sufficient for the tie to align under democratism *from every
    start*; ``eta > 1`` and ``|h(engagement)| < H(eta)`` are each necessary, and
    not sufficient, for hysteresis.

    References
    ----------
    [herman2017salib]

    Examples
    --------
    >>> res = robustness(n=16)
    >>> sorted(res.shares) == sorted(HEADLINES)
    True
    >>> bool(res.conditions["holds_as_stated"].all())
    True
    """
    import pandas as pd
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    n = check_integer(n, "n", minimum=16)
    if n > 4096 or n & (n - 1):
        raise ValueError(f"n must be a power of 2 between 16 and 4096, got {n}")
    seed = check_integer(seed, "seed")
    problem = _problem()
    x = sobol_sample.sample(problem, n, calc_second_order=False, seed=seed)
    th = {name: x[:, i] for i, name in enumerate(problem["names"])}
    alpha = PressureParams().alpha
    size = len(x)
    u0 = np.repeat(np.array(DEFAULT_X0[:2])[:, None], size, axis=1)
    r0 = np.full(size, DEFAULT_X0[2])

    out: dict[str, NDArray[np.float64]] = {}
    for name, stances in POLICIES.items():
        _, r = _run(th, stances, u0, r0, _LONG, alpha)
        out[f"r_{name}"], _ = _snap(_field(th, *stances), th["eta"], r)
    u_turn, r_before = _run(th, POLICIES["democratism"], u0, r0, 20.0, alpha)
    _, r_relief = _run(th, POLICIES["engagement"], u_turn, r_before, _LONG, alpha)
    h_eng = _field(th, *POLICIES["engagement"])
    r_limit, _ = _snap(h_eng, th["eta"], r_relief)
    r_alone = out["r_engagement"]
    h_dem = _field(th, *POLICIES["democratism"])
    _, dem_roots = _snap(h_dem, th["eta"], r0)
    mids = 0.5 * (_GRID[:-1] + _GRID[1:])
    dem_all_positive = ~np.any(dem_roots & (mids[None, :] <= 0.0), axis=1)

    holds = {
        "democratism_aligns": out["r_democratism"] >= 0.5,
        "reverse_kissinger_splits": out["r_reverse_kissinger"] < 0.0,
        "china_card_holds": out["r_china_card"] >= 0.5,
        "survives_relief": (r_before >= 0.5) & (r_limit >= 0.5),
        "hysteretic": np.abs(r_limit - r_alone) > 1e-9,
    }
    holds["asymmetry"] = holds["reverse_kissinger_splits"] & holds["china_card_holds"]
    shares = {key: float(np.mean(holds[key])) for key in HEADLINES}

    window = _window(th["eta"])
    checks = [
        (
            "h(democratism) > H(eta)",
            "democratism aligns the tie (r* > 0) from every start",
            "necessary and sufficient",
            h_dem > window,
            dem_all_positive,
        ),
        ("eta > 1", "hysteresis after relief", "necessary", th["eta"] > 1.0, holds["hysteretic"]),
        (
            "|h(engagement)| < H(eta)",
            "hysteresis after relief",
            "necessary",
            np.abs(h_eng) < window,
            holds["hysteretic"],
        ),
    ]
    rows = []
    for condition, conclusion, kind, cond, concl in checks:
        necessary = bool(np.all(cond[concl]))
        sufficient = bool(np.all(concl[cond]))
        as_stated = necessary and (sufficient if kind == "necessary and sufficient" else True)
        rows.append(
            {
                "condition": condition,
                "conclusion": conclusion,
                "kind": kind,
                "share_condition": float(np.mean(cond)),
                "share_conclusion": float(np.mean(concl)),
                "holds_as_stated": as_stated,
                "sufficient": sufficient,
            }
        )
    conditions = pd.DataFrame(rows)

    indices = {}
    outputs = {f"r_{k}": out[f"r_{k}"] for k in POLICIES} | {"r_limit": r_limit}
    for label, y in outputs.items():
        if np.ptp(y) == 0.0:  # a constant output has no variance to share out
            s1 = st = np.zeros(problem["num_vars"])
        else:
            si = sobol_analyze.analyze(
                problem, y, calc_second_order=False, print_to_console=False, seed=seed
            )
            s1, st = si["S1"], si["ST"]
        indices[(label, "S1")] = s1
        indices[(label, "ST")] = st
    sobol = pd.DataFrame(indices, index=pd.Index(problem["names"], name="parameter"))
    samples = pd.DataFrame(x, columns=problem["names"]).assign(
        **outputs, r_before=r_before, **{k: v for k, v in holds.items()}
    )
    return RobustnessResult(shares, conditions, sobol, samples)
