"""Reading a user's numbers (coalition._numbers): one reader for every rule.

Oracle: Python's own ``float`` on the values that are real numbers (ints,
floats, fractions, decimals, numpy scalars) and ``len(str(v))`` for the
digit count of an integer.
"""

from __future__ import annotations

import math
import sys
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import coalition as co
from coalition._numbers import _digits, _real, _real_array, _show

HUGE = 10**400

REAL = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-(2**1000), 2**1000),
    st.fractions(max_denominator=1000),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-(10**6), max_value=10**6),
    st.integers(-(2**62), 2**62).map(np.int64),
)
ODD = st.one_of(
    st.none(), st.booleans(), st.complex_numbers(), st.text(max_size=3), st.just(HUGE), st.just(-HUGE),
    st.just(np.bool_(True)), st.just(b"1"), st.just(object()),
)


@given(st.lists(st.one_of(REAL, ODD), max_size=6))
def test_an_array_is_read_exactly_or_its_first_odd_entry_named(values):
    first_odd = next((k for k, v in enumerate(values) if not _plainly_real(v)), None)
    if first_odd is None:
        np.testing.assert_array_equal(_real_array(values, "w"), np.array([float(v) for v in values]))
    else:
        with pytest.raises(co.InvalidParameterError, match=rf"^`w\[{first_odd}\]` (must be a number, got|is an)"):
            _real_array(values, "w")


@given(st.one_of(REAL, ODD))
def test_a_scalar_is_read_exactly_or_refused_by_name(value):
    if _plainly_real(value):
        assert _real(value, "x") == float(value)
    else:
        with pytest.raises(co.InvalidGameError, match=r"^`x` "):
            _real(value, "x", error=co.InvalidGameError)


def _plainly_real(v):
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, Fraction, Decimal, np.int64)):
        return False
    try:
        return math.isfinite(float(v))
    except OverflowError:
        return False


@pytest.mark.parametrize(
    "value", [0, 7, 10**29, 10**30 - 1, 10**30, -(10**30), 10**400, 2**5000, 10**4299, 10**5000 - 1], ids=lambda v: f"{v.bit_length()}-bits"
)
def test_digits_of_an_integer(value):
    old = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else None
    if old is not None:
        sys.set_int_max_str_digits(0)
    try:
        assert _digits(value) == len(str(abs(value)))
    finally:
        if old is not None:
            sys.set_int_max_str_digits(old)


def test_a_value_is_shown_briefly():
    assert _show(10**400) == "an integer of 401 digits"
    assert _show(10**5000) == "an integer of 5,001 digits"
    assert _show(12345) == "12345"
    assert _show("x" * 100).endswith("... (102 characters)") and len(_show("x" * 100)) < 70
    assert _show([10**5000]) == "a list"  # Python refuses to write it


def test_non_finite_entries_are_left_to_the_caller():
    assert math.isnan(_real(math.nan, "x", allow_nonfinite=True))
    with pytest.raises(co.InvalidParameterError, match=r"`x` is not finite \(nan\); expected a finite number"):
        _real(math.nan, "x")
    assert np.isinf(_real_array([1, math.inf], "w")[1])


def test_shapes_and_ragged_rows():
    with pytest.raises(co.InvalidParameterError, match=r"`m` must be a two-dimensional array of numbers, got shape \(2,\)"):
        _real_array([1, 2], "m", ndim=2)
    with pytest.raises(co.InvalidParameterError, match=r"rows of unequal length"):
        _real_array([[1, 2], [3]], "m")
    with pytest.raises(co.InvalidParameterError, match=r"`m\[1, 0\]` must be a number, got None"):
        _real_array([[1, 2], [None, 4]], "m", ndim=2)


def test_an_allocation_too_large_for_a_float_is_a_library_error():
    # Regression: np.array([10**400, 1], dtype=float) raised a raw OverflowError.
    g = co.Game([0, 1, 1, 3])
    with pytest.raises(co.InvalidAllocationError, match=r"`x\[0\]` is an integer of 401 digits"):
        co.in_core(g, [HUGE, 1])
    with pytest.raises(co.InvalidAllocationError, match=r"`x\[1\]` must be a number, got '2' \(a string\)"):
        co.in_core(g, [1, "2"])
    assert co.in_core(g, [Fraction(3, 2), Decimal("1.5")])
