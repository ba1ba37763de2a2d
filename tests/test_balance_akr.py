"""Tests of lukin_course.balance_akr: triad dynamics of Antal, Krapivsky & Redner (2005)."""

from __future__ import annotations

import hashlib
from itertools import combinations
from math import comb

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lukin_course import balance_akr
from lukin_course.balance import imbalanced_triads, is_balanced
from lukin_course.balance_akr import AKR_RULES, AKRResult, antal_krapivsky_redner

SETTINGS = settings(max_examples=30, deadline=None)


def random_signs(n: int, seed: int, friendly: float = 0.5) -> np.ndarray:
    rng = np.random.default_rng(seed)
    upper = np.triu(np.where(rng.random((n, n)) < friendly, 1, -1), 1)
    return upper + upper.T


def hostile_ties(s: np.ndarray) -> int:
    return int(np.count_nonzero(np.triu(s, 1) < 0))


def check_consistent(start: np.ndarray, result: AKRResult) -> None:
    """What every run must satisfy, checked with the static balance functions."""
    s = result.signs
    n = start.shape[0]
    np.testing.assert_array_equal(s, s.T)
    assert set(np.unique(s[~np.eye(n, dtype=bool)])) <= {-1, 1}
    assert np.all(np.diag(s) == 0)
    assert len(result.history) == result.steps + 1
    assert result.history[0] == len(imbalanced_triads(start))
    assert result.history[-1] == len(imbalanced_triads(s))
    assert result.balanced == is_balanced(s) == (result.history[-1] == 0)
    assert np.all((result.history >= 0) & (result.history <= comb(n, 3)))


@pytest.mark.parametrize("seed", range(6))
def test_p_equal_one_only_mends_ties(seed: int) -> None:
    # Antal et al. (2005), LTD with p = 1: every update turns a hostile tie friendly, so
    # balance comes after exactly (hostile ties at start - hostile ties at the end) steps.
    start = random_signs(9, seed)
    result = antal_krapivsky_redner(start, p=1.0, seed=seed)
    check_consistent(start, result)
    assert result.balanced
    assert result.steps == hostile_ties(start) - hostile_ties(result.signs)
    assert not result.jammed and result.rule == "local"


@pytest.mark.parametrize("p", [0.3, 0.5, 0.7, 1.0])
@pytest.mark.parametrize("seed", range(4))
def test_finite_networks_end_balanced(p: float, seed: int) -> None:
    # Antal et al. (2005): under LTD a finite network always reaches a balanced state.
    start = random_signs(7, seed)
    result = antal_krapivsky_redner(start, p=p, seed=seed)
    check_consistent(start, result)
    assert result.balanced


def test_large_p_reaches_paradise_p_zero_never_does() -> None:
    # Antal et al. (2005): for p > 1/2 the network ends all friendly ("paradise"). With
    # p = 0 the last update always leaves a hostile tie, so paradise is never reached
    # from an imbalanced start. Seeded runs.
    high = [antal_krapivsky_redner(random_signs(12, s), p=0.9, seed=s) for s in range(8)]
    assert all(r.balanced and r.paradise for r in high)
    zero = [antal_krapivsky_redner(random_signs(6, s), p=0.0, seed=s) for s in range(8)]
    assert all(r.balanced and not r.paradise for r in zero)


def test_local_dynamics_can_raise_the_number_of_imbalanced_triads() -> None:
    # One flip also changes the other n - 3 triads on the tie, so LTD is not monotone.
    result = antal_krapivsky_redner(random_signs(10, 0), p=0.5, seed=0)
    assert result.balanced
    assert np.any(np.diff(result.history) > 0)


@SETTINGS
@given(st.integers(3, 9), st.integers(0, 10_000))
def test_constrained_dynamics_never_raise_imbalance(n: int, seed: int) -> None:
    # Antal et al. (2005), CTD: a flip that would add imbalanced triads is refused.
    start = random_signs(n, seed)
    result = antal_krapivsky_redner(start, seed=seed, rule="constrained", max_steps=5_000)
    check_consistent(start, result)
    assert np.all(np.diff(result.history) <= 0)
    assert result.balanced or result.jammed or result.steps == 5_000


def test_constrained_dynamics_can_jam() -> None:
    # Antal et al. (2005): CTD can stop in a jammed state - imbalanced, yet every single
    # flip would add imbalanced triads. A seeded example on 9 actors, verified directly.
    start = random_signs(9, 111)
    result = antal_krapivsky_redner(start, seed=111, rule="constrained")
    check_consistent(start, result)
    assert result.jammed and not result.balanced
    s = result.signs
    before = len(imbalanced_triads(s))
    for i, j in combinations(range(9), 2):
        t = s.copy()
        t[i, j] = t[j, i] = -s[i, j]
        assert len(imbalanced_triads(t)) > before


@pytest.mark.parametrize("rule", AKR_RULES)
@SETTINGS
@given(n=st.integers(3, 8), seed=st.integers(0, 10_000), p=st.floats(0.0, 1.0))
def test_invariants_of_every_run(rule: str, n: int, seed: int, p: float) -> None:
    start = random_signs(n, seed)
    result = antal_krapivsky_redner(start, p=p, seed=seed, max_steps=300, rule=rule)
    check_consistent(start, result)
    again = antal_krapivsky_redner(start, p=p, seed=seed, max_steps=300, rule=rule)
    np.testing.assert_array_equal(again.signs, result.signs)
    np.testing.assert_array_equal(again.history, result.history)


def test_single_triads() -> None:
    one_hostile = [[0, 1, 1], [1, 0, -1], [1, -1, 0]]
    # p = 1: the hostile tie is mended -> all friendly
    mended = antal_krapivsky_redner(one_hostile, p=1.0, seed=0)
    assert mended.paradise and mended.steps == 1
    # p = 0: a friendly tie turns hostile -> "+--", balanced with two hostile ties
    split = antal_krapivsky_redner(one_hostile, p=0.0, seed=0)
    assert split.balanced and not split.paradise and hostile_ties(split.signs) == 2
    # all hostile: one tie always turns friendly, whatever p
    for p in (0.0, 1.0):
        res = antal_krapivsky_redner(-np.ones((3, 3)), p=p, seed=0)
        assert res.steps == 1 and hostile_ties(res.signs) == 2 and res.balanced


def test_balanced_start_takes_no_steps_and_limits_are_respected() -> None:
    side = np.array([1, 1, -1, -1, 1])
    start = np.outer(side, side)
    result = antal_krapivsky_redner(start, seed=0)
    assert result.steps == 0 and result.balanced
    np.testing.assert_array_equal(result.history, [0])
    stopped = antal_krapivsky_redner(-np.ones((8, 8)), p=0.0, seed=0, max_steps=3)
    assert stopped.steps == 3 and not stopped.balanced and len(stopped.history) == 4
    none = antal_krapivsky_redner(-np.ones((4, 4)), max_steps=0)
    assert none.steps == 0 and none.history.tolist() == [4]


def test_seed_or_generator_gives_reproducible_runs() -> None:
    start = random_signs(8, 3)
    by_int = antal_krapivsky_redner(start, seed=42)
    by_gen = antal_krapivsky_redner(start, seed=np.random.default_rng(42))
    np.testing.assert_array_equal(by_int.history, by_gen.history)
    np.testing.assert_array_equal(by_int.signs, by_gen.signs)
    # default seed=None runs too
    assert antal_krapivsky_redner(start, p=1.0).balanced


# ---- bad input ----


@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        ([[0, 1, 1], [1, 0, 1]], ValueError, "square"),
        ([[0, 1, -1], [1, 0, 1], [1, 1, 0]], ValueError, "symmetric"),
        ([[0, 0.5, 1], [0.5, 0, 1], [1, 1, 0]], ValueError, r"\+1 or -1"),
        ([[0, np.nan, 1], [np.nan, 0, 1], [1, 1, 0]], ValueError, "finite"),
        ([[0, 1], [1, 0]], ValueError, "at least 3"),
        (None, ValueError, "2-dimensional"),
        ("friends", TypeError, "numeric"),
    ],
)
def test_bad_signs_rejected(bad, error, message) -> None:
    with pytest.raises(error, match=message) as info:
        antal_krapivsky_redner(bad)
    assert "signs0" in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"p": -0.1}, ValueError, "p"),
        ({"p": 1.5}, ValueError, "p"),
        ({"p": np.nan}, ValueError, "p"),
        ({"p": "half"}, TypeError, "p"),
        ({"seed": -1}, ValueError, "seed"),
        ({"seed": 1.5}, TypeError, "seed"),
        ({"seed": True}, TypeError, "seed"),
        ({"max_steps": -1}, ValueError, "max_steps"),
        ({"max_steps": 10.0}, TypeError, "max_steps"),
        ({"max_steps": False}, TypeError, "max_steps"),
        ({"rule": "global"}, ValueError, "rule"),
        ({"rule": None}, ValueError, "rule"),
    ],
)
def test_bad_arguments_rejected(kwargs, error, name) -> None:
    with pytest.raises(error) as info:
        antal_krapivsky_redner(-np.ones((3, 3)), **kwargs)
    assert name in str(info.value)


# ---- the same runs as the first implementation ----
#
# Recorded by running the course's first implementation of this module (numpy calls at
# every step: ``rng.choice`` of the imbalanced triads, ``rng.random``, ``rng.choice`` of
# the tie) on ``start_network(n, seed)``, before it was rewritten for speed. A rewrite
# must take the same random draws and the same decisions, so these must not change.
# Each row: rule, n, seed, p, max_steps, steps, jammed, final ties above the diagonal
# (row by row, "+"/"-"), SHA-256 of the history as little-endian int64.
RECORDED = [
    (
        "local",
        3,
        0,
        0.0,
        1000,
        1,
        False,
        "--+",
        "4cbbd8ca5215b8d161aec181a74b694f4e24b001d5b081dc0030ed797a8973e0",
    ),
    (
        "local",
        4,
        1,
        0.1,
        5000,
        4,
        False,
        "+----+",
        "da65eadb131c76ba518f48ed1e425e2764533caebd91232b2190fa5250491b86",
    ),
    (
        "local",
        5,
        2,
        0.25,
        20000,
        18,
        False,
        "-++---++--",
        "d51d9565cb43ac5ac0dd9199a3e922d8721700e04484c38ebfbb39e5e6cc4c46",
    ),
    (
        "local",
        6,
        3,
        0.5,
        20000,
        14,
        False,
        "-----++++++++++",
        "48c72b6082e61f49a966c3f9a872c304a1e85b10987eaf4b52083e52eae260a4",
    ),
    (
        "local",
        7,
        4,
        0.75,
        20000,
        26,
        False,
        "+++++++++++++++++++++",
        "7be4dffe18f643e4bf5be36037ad5a8883fbdfd5a07ee1ae266f82233e9857d7",
    ),
    (
        "local",
        8,
        5,
        1.0,
        20000,
        18,
        False,
        "++++++++++++++++++++++++++++",
        "e2a46922cc2c6fd79ad20f9597e1ace08c5bfad8cef1238a10eb4c3b10c0d43a",
    ),
    (
        "local",
        10,
        6,
        0.0,
        20000,
        20000,
        False,
        "++-+++-+---++--+++-+---+++-+-+------+-+-----+",
        "22dcf633141ba26456d6db9960a1620da1795edcb9d17597e7e1bbcd4e52e192",
    ),
    (
        "local",
        10,
        7,
        0.2,
        20000,
        1421,
        False,
        "++-+-+--++-+-+--+-+-+--+-+-++--+--+-++---++--",
        "871c8ba5be2dd82247b601b6300e12ef0c7ca6f37b34c652a6afbff310934105",
    ),
    (
        "local",
        10,
        8,
        0.25,
        3000,
        3000,
        False,
        "+-+-++-+-++-+--+----++---+--+-++++-----+---+-",
        "70d3a5b890cdd5a52dd3bd1be6bef98573c056e8fa902f602f08a6e04a8b850d",
    ),
    (
        "local",
        9,
        9,
        0.4,
        20000,
        1264,
        False,
        "--+---+++-+++---+++-----++++--+----+",
        "04f5d047bd0c67ceb647b7e0cdccfad13fd3d8c9d6b1cd637c3a6fcc9d2fa482",
    ),
    (
        "local",
        12,
        10,
        0.6,
        20000,
        132,
        False,
        "++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++",
        "a96c11380371070e170e0ca1d150aa7bad2b160a486d8fb08202272145bc987d",
    ),
    (
        "local",
        10,
        11,
        0.05,
        20000,
        13298,
        False,
        "---+++-+-++---+-++---+-+---+-+++-+-+-+--+--+-",
        "dfde9c57e3877fb93e3c7ae48f985c31c47981a771af1e4bcb6c20b3233f7e1b",
    ),
    (
        "constrained",
        3,
        0,
        0.0,
        1000,
        1,
        False,
        "-+-",
        "4cbbd8ca5215b8d161aec181a74b694f4e24b001d5b081dc0030ed797a8973e0",
    ),
    (
        "constrained",
        4,
        1,
        0.1,
        5000,
        2,
        False,
        "++++++",
        "f344c16da7a86cfbbc77fdef1c4d46ebb0f17191dd69b285174eba0f52586c1a",
    ),
    (
        "constrained",
        5,
        2,
        0.25,
        20000,
        12,
        False,
        "---+++-+--",
        "799175dee9cfdc0ac813846d6e4e0fc35cb861e2755cb465103bd1e03f789939",
    ),
    (
        "constrained",
        6,
        3,
        0.5,
        20000,
        60,
        False,
        "+--------++++++",
        "07144756ed5477a7d729af32033e9f3ce0bd9304158facafc84f1bb133ab4bc5",
    ),
    (
        "constrained",
        7,
        4,
        0.75,
        20000,
        41,
        False,
        "-++-----++++------+++",
        "8565c54fcdb442ffee54890bca524f8cefed1f51a4829c17c13bafce33d9f8c1",
    ),
    (
        "constrained",
        8,
        5,
        1.0,
        20000,
        78,
        False,
        "+-++++--++++-----++++-++-+--",
        "43f811d2874a62004518bf87e14c455b5bce6ad90453106a715e8b096dd36d70",
    ),
    (
        "constrained",
        10,
        6,
        0.0,
        20000,
        384,
        False,
        "+--++-+-+--++-+-++--+-+---+-+-+-+-+-+-+-+--+-",
        "e644ccc7999e23457d8c622faac54d18d2f96f2fb3dfddd681fc3e13f8135ba2",
    ),
    (
        "constrained",
        10,
        7,
        0.2,
        20000,
        184,
        False,
        "-+++-++-+---+--+-++-++-++-++-+-++-+--+-+-+-+-",
        "1a6fcc473f7817f8c50e292357c1328676c1f76681c051fef3e3e6e46a247d5a",
    ),
    (
        "constrained",
        10,
        8,
        0.25,
        3000,
        172,
        False,
        "++--+-++++--+-+++--+-++++-+----+----+++---+++",
        "edc1a07031bb29807c6d9f290dcb0d1a777ca6b06ac18ced2bf588cff3f63ade",
    ),
    (
        "constrained",
        9,
        9,
        0.4,
        20000,
        83,
        False,
        "+--+++----+++--+---++---++++--+----+",
        "8773cd9b28c6017ac07e49d517e72c423b3fab102a5a65cf9739327095fa3bb2",
    ),
    (
        "constrained",
        12,
        10,
        0.6,
        20000,
        261,
        False,
        "--+--++++--+-++----++-++----++--++++--+----++----+++++--++--+----+",
        "0fe65b267ba590fe1c9b9a19c550ae142bf8e27fb06b4b8ee2a01fdb7189b043",
    ),
    (
        "constrained",
        10,
        11,
        0.05,
        20000,
        178,
        False,
        "++---+--++---+--+---+--+++-++-+-++--++---++--",
        "24925693808600befeaf86941b4d662571b1ec16c9467bfd3f22fc8b35d4d997",
    ),
]
# Runs on a Generator of each kind of bit generator, which had already made one draw
# (so half a 64-bit word is buffered); last: the draws the Generator gives afterwards.
RECORDED_GENERATORS = [
    (
        "PCG64",
        "local",
        8,
        21,
        0.3,
        40,
        "+++-+--++-+--+-+---+---++--+",
        "f4e2fc84d7658b48b7a79e2fbd7cb2b4734e951a3a13e8cf5599da49f91a35ae",
        [579, 174, 87, 0.627793467323131],
    ),
    (
        "PCG64",
        "constrained",
        7,
        22,
        0.5,
        55,
        "+--+++--++++------+++",
        "7047ba6c428b1eb0e9fbf0b1547429825af0e9774a2ef82056a3392c27eaa296",
        [674, 797, 313, 0.5907989022967629],
    ),
    (
        "PCG64",
        "local",
        5,
        23,
        0.0,
        17,
        "+--+--++--",
        "b041e6bc040059a28241aab7ca9b697e43230979645cae9e5c02ea29589a97a0",
        [253, 173, 624, 0.7644183601849235],
    ),
    (
        "Philox",
        "local",
        8,
        21,
        0.3,
        519,
        "-+-+--+-+-++--+--+-++---++--",
        "21c1f32fed1b13efa44a4706dc95e43add5ce8a707f3a387e5e8bc27248088fd",
        [368, 838, 392, 0.6963705546852782],
    ),
    (
        "Philox",
        "constrained",
        7,
        22,
        0.5,
        36,
        "-+-+---+-++-+---++--+",
        "6425e9f445e24bd97ef63a566e3b9a1dd91186f1f00853d0a0f9810054044cde",
        [159, 242, 95, 0.18438239810508006],
    ),
    (
        "Philox",
        "local",
        5,
        23,
        0.0,
        3,
        "---+++-+--",
        "12dc30d39a36a75877c892539e647a0d0ad3018e6985e99d254327999a02a2ad",
        [730, 29, 87, 0.2645211598077547],
    ),
    (
        "SFC64",
        "local",
        8,
        21,
        0.3,
        742,
        "-++-++---+--++-++--++---++--",
        "88233bc245dd0935f39efadc6fc9fef826854d4103eb30081c3a9a629f2f37b3",
        [10, 681, 288, 0.14487687062791565],
    ),
    (
        "SFC64",
        "constrained",
        7,
        22,
        0.5,
        61,
        "+-++++-++++----++++++",
        "24281fc0fbecf5a5a55f472a3658417b8c7dbb5ed982131e5a437c08ce9fe18b",
        [434, 53, 805, 0.1563371859147874],
    ),
    (
        "SFC64",
        "local",
        5,
        23,
        0.0,
        7,
        "---+++-+--",
        "122eff7d8206a0141000a3c50496a82cc7dcc79f5a34450fd11db0f09fe85b51",
        [30, 611, 764, 0.6848067311123018],
    ),
    (
        "MT19937",
        "local",
        8,
        21,
        0.3,
        251,
        "-+++-++---+--++-+++-++-++--+",
        "88e36ec2ae6db183f09b5ccb1f84fb86ac5a2a27724a470dcba9cdfe51c270af",
        [32, 594, 120, 0.30885274636879423],
    ),
    (
        "MT19937",
        "constrained",
        7,
        22,
        0.5,
        46,
        "-+-+---+-++-+---++--+",
        "46f3a4b8112779fbfe7e32465d8d86807f8f7c1e713bfaa82685189141dddf45",
        [127, 80, 807, 0.6291623360593337],
    ),
    (
        "MT19937",
        "local",
        5,
        23,
        0.0,
        11,
        "---+++-+--",
        "82e697da1d47e54438d694a8de1b08826657522ba360b05ad7aebe573c26a966",
        [337, 840, 133, 0.6853104014620669],
    ),
    (
        "PCG64DXSM",
        "local",
        8,
        21,
        0.3,
        307,
        "++--+--+--+----+--+-++-++--+",
        "ff07b518a9b50b54dd31446a1f0a31f0944f05eb17fa6245509b169be155861c",
        [387, 864, 217, 0.010251427801804658],
    ),
    (
        "PCG64DXSM",
        "constrained",
        7,
        22,
        0.5,
        32,
        "-+-+---+-++-+---++--+",
        "bd435bc861878adc234d1e7cbc90c0b931ece2dfbaf60d944afd495937d867bb",
        [846, 317, 100, 0.06326880283837133],
    ),
    (
        "PCG64DXSM",
        "local",
        5,
        23,
        0.0,
        3,
        "+--+--++--",
        "39915e3a9a56466205d972197be1f6d6f1e8822e9843f06d43807a2e99c323b9",
        [209, 397, 101, 0.4391680738384075],
    ),
]


def start_network(n: int, seed: int) -> np.ndarray:
    """The balance explorer's starting network: signs of symmetric normal draws."""
    rng = np.random.default_rng(seed)
    x0 = np.triu(rng.normal(size=(n, n)), 1)
    signs = np.where(x0 + x0.T >= 0, 1, -1)
    np.fill_diagonal(signs, 0)
    return signs


def fingerprint(result: AKRResult) -> tuple[str, str]:
    n = result.signs.shape[0]
    upper = "".join("+" if v > 0 else "-" for v in result.signs[np.triu_indices(n, 1)])
    return upper, hashlib.sha256(result.history.astype("<i8").tobytes()).hexdigest()


@pytest.mark.parametrize(
    ("rule", "n", "seed", "p", "max_steps", "steps", "jammed", "upper", "sha"), RECORDED
)
def test_runs_match_the_recorded_runs(
    rule: str, n: int, seed: int, p: float, max_steps: int, steps: int, jammed: bool,
    upper: str, sha: str,
) -> None:  # fmt: skip
    start = start_network(n, seed)
    result = antal_krapivsky_redner(start, p=p, seed=seed, max_steps=max_steps, rule=rule)
    check_consistent(start, result)
    assert (result.steps, result.jammed) == (steps, jammed)
    assert fingerprint(result) == (upper, sha)


@pytest.mark.parametrize(
    ("kind", "rule", "n", "seed", "p", "steps", "upper", "sha", "after"), RECORDED_GENERATORS
)
def test_generators_give_the_recorded_runs_and_continue_alike(
    kind: str, rule: str, n: int, seed: int, p: float, steps: int, upper: str, sha: str,
    after: list,
) -> None:  # fmt: skip
    rng = np.random.Generator(getattr(np.random, kind)(seed))
    rng.integers(0, 10)
    result = antal_krapivsky_redner(
        start_network(n, seed), p=p, seed=rng, max_steps=3000, rule=rule
    )
    assert result.steps == steps and fingerprint(result) == (upper, sha)
    assert [*map(int, rng.integers(0, 1000, size=3)), float(rng.random())] == after


@pytest.mark.parametrize("kind", ["PCG64", "PCG64DXSM", "Philox", "SFC64"])
def test_raw_draws_are_the_generators_own(kind: str) -> None:
    # The fast draws replay numpy's bounded integers (Lemire's method on 32-bit halves)
    # and doubles; huge ranges make Lemire's rejection step happen often.
    ranges = [1, 2, 3, 7, 120, 2**31 + 1, 2**32 - 5, 3 * 2**30]
    mine = np.random.Generator(getattr(np.random, kind)(7))
    ref = np.random.Generator(getattr(np.random, kind)(7))
    draws = balance_akr._RawDraws(mine)
    for i in range(3000):  # more words than one batch
        k = ranges[i % len(ranges)]
        assert draws.below(k) == int(ref.integers(k))
        if i % 3 == 0:
            assert draws.uniform() == float(ref.random())
    draws.close()
    assert mine.bit_generator.state.keys() == ref.bit_generator.state.keys()
    assert mine.integers(10**9, size=5).tolist() == ref.integers(10**9, size=5).tolist()
    assert mine.random() == ref.random()


@SETTINGS
@given(st.sets(st.integers(0, 119), min_size=1), st.data())
def test_kth_bit_finds_the_kth_member(members: set[int], data: st.DataObject) -> None:
    mask = sum(1 << m for m in members)
    k = data.draw(st.integers(0, len(members) - 1))
    assert balance_akr._kth_bit(mask, k, 15) == sorted(members)[k]
