"""Tests for the shared input checks every public function relies on."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lukin_course import _validation as v


def test_finite_array_accepts_lists_and_checks_ndim():
    arr = v.as_finite_array([[1, 2], [3, 4]], "x", ndim=2)
    assert arr.dtype == float and arr.shape == (2, 2)
    with pytest.raises(ValueError, match="x must be 1-dimensional"):
        v.as_finite_array([[1.0]], "x", ndim=1)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_finite_array_rejects_nan_and_inf(bad):
    with pytest.raises(ValueError, match="weights must contain only finite numbers"):
        v.as_finite_array([1.0, bad], "weights")


def test_finite_array_rejects_non_numeric():
    with pytest.raises(TypeError, match="x must be numeric"):
        v.as_finite_array(["a", object()], "x")


def test_square_matrix_checks_shape_size_and_symmetry():
    with pytest.raises(ValueError, match="m must be a square matrix"):
        v.as_square_matrix(np.zeros((2, 3)), "m")
    with pytest.raises(ValueError, match="at least 3 rows"):
        v.as_square_matrix(np.zeros((2, 2)), "m", min_size=3)
    with pytest.raises(ValueError, match="m must be symmetric"):
        v.as_square_matrix([[0, 1], [2, 0]], "m")
    assert v.as_square_matrix([[0, 1], [2, 0]], "m", symmetric=False).shape == (2, 2)


def test_sign_matrix_rejects_non_unit_signs_and_clears_diagonal():
    signs = v.as_sign_matrix([[5, 1, -1], [1, 5, 1], [-1, 1, 5]], "signs")
    assert signs.tolist() == [[0, 1, -1], [1, 0, 1], [-1, 1, 0]]
    with pytest.raises(ValueError, match=r"signs must have off-diagonal entries of \+1 or -1"):
        v.as_sign_matrix([[0, 0.5, 1], [0.5, 0, 1], [1, 1, 0]], "signs")


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=3, max_value=8), st.integers(min_value=0, max_value=2**32 - 1))
def test_sign_matrix_round_trips_random_symmetric_signs(n, seed):
    rng = np.random.default_rng(seed)
    upper = np.triu(rng.choice([-1, 1], size=(n, n)), 1)
    signs = upper + upper.T
    out = v.as_sign_matrix(signs, "signs")
    assert np.array_equal(out, signs)
    assert np.array_equal(out, out.T)


def test_check_choice_lists_the_options():
    assert v.check_choice("a", "policy", ["a", "b"]) == "a"
    with pytest.raises(ValueError, match="unknown policy 'c'; expected one of: a, b"):
        v.check_choice("c", "policy", ["a", "b"])
    with pytest.raises(ValueError, match="unknown policy 3"):
        v.check_choice(3, "policy", ["a", "b"])


def test_scalar_checks():
    assert v.check_in_range(0.5, "p", 0, 1) == 0.5
    assert v.check_probability(np.float64(1.0), "p") == 1.0
    assert v.check_nonnegative(0, "rate") == 0.0
    assert v.check_positive(2, "rate") == 2.0
    with pytest.raises(ValueError, match=r"p must lie in \[0.0, 1.0\]"):
        v.check_probability(1.5, "p")
    with pytest.raises(ValueError, match="rate must be non-negative"):
        v.check_nonnegative(-1, "rate")
    with pytest.raises(ValueError, match="rate must be positive"):
        v.check_positive(0, "rate")
    with pytest.raises(ValueError, match="rate must be finite"):
        v.check_positive(math.nan, "rate")
    with pytest.raises(TypeError, match="rate must be a real number, got str"):
        v.check_positive("2", "rate")
    with pytest.raises(TypeError, match="flag must be a real number, got bool"):
        v.check_positive(True, "flag")


def test_check_integer_and_check_real():
    assert v.check_integer(np.int64(3), "n", minimum=2) == 3
    assert v.check_integer(-5, "n") == -5
    with pytest.raises(ValueError, match="n must be at least 2, got 1"):
        v.check_integer(1, "n", minimum=2)
    for bad in (2.5, "3", True, None):
        with pytest.raises(TypeError, match="n must be an integer"):
            v.check_integer(bad, "n")
    assert v.check_real(np.float32(0.5), "x") == 0.5
    with pytest.raises(TypeError, match="x must be a real number"):
        v.check_real([1.0], "x")
