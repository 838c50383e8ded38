"""Tables taken in place must be read as the plain numbers they hold."""

import numpy as np
import pytest

import coalition as co
from coalition.errors import InvalidParameterError


def test_copy_false_refuses_a_masked_array_that_hides_a_nan():
    # The mask hides a NaN from the finite check; the rules would then return NaN shares.
    values = np.ma.array([0.0, 1.0, np.nan, 3.0], mask=[0, 0, 1, 0])
    with pytest.raises(InvalidParameterError, match="`copy=False`"):
        co.Game(values, copy=False)
    assert values.flags.writeable  # refused: the caller's array is left as it was


def test_copy_false_keeps_taking_a_memmap(tmp_path):
    mm = np.memmap(tmp_path / "t.bin", dtype=np.float64, mode="w+", shape=(4,))
    mm[:] = [0.0, 10.0, 5.0, 40.0]
    g = co.Game(mm, copy=False, players=["A", "B"])
    assert np.shares_memory(g.values, mm) and not mm.flags.writeable
    # Shapley by hand: A gets 10 + (40 - 15) / 2
    np.testing.assert_allclose(co.shapley(g).x, [22.5, 17.5])


def test_a_masked_entry_is_refused_when_the_table_is_copied_too():
    # a masked array hands numpy the data under its mask: the NaN hidden at
    # entry 2 must not become a worth, nor a number the caller did not see
    hidden = np.ma.array([0.0, 1.0, np.nan, 3.0], mask=[0, 0, 1, 0])
    with pytest.raises(co.InvalidGameError, match="masked entry"):
        co.Game(hidden)
    hidden = np.ma.array([0.0, 1.0, 7.0, 3.0], mask=[0, 0, 1, 0])
    with pytest.raises(co.InvalidGameError, match="masked entry"):
        co.Game(hidden)
    plain = co.Game(np.ma.array([0.0, 1.0, 2.0, 3.0], mask=False))
    np.testing.assert_array_equal(plain.values, [0.0, 1.0, 2.0, 3.0])
