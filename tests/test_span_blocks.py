"""The span of the settled coalitions grown in blocks, the worth table kept
with its game, and HiGHS instances used again after a nucleolus.

Oracles: the rank of the rows taken so far (``numpy.linalg.matrix_rank``,
an SVD) decides which rows increase the span, row by row; a fresh HiGHS
instance and a fresh table give the same nucleolus, bit for bit.
"""

from __future__ import annotations

import gc

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import coalition as co
from coalition.stability import _common, _lp
from coalition.stability._span import _Span


def _taken_by_rank(batches, n):
    """Which rows of each batch increase the rank of all rows kept so far."""
    kept = np.zeros((0, n))
    out = []
    for rows in batches:
        taken = np.zeros(rows.shape[0], dtype=bool)
        for j, r in enumerate(rows):
            if kept.shape[0] == n:
                break
            grown = np.vstack([kept, r])
            if np.linalg.matrix_rank(grown) > kept.shape[0]:
                kept = grown
                taken[j] = True
        out.append(taken)
    return out


@given(n=st.integers(2, 9), seed=st.integers(0, 2**31 - 1), sizes=st.lists(st.integers(0, 12), min_size=1, max_size=5))
def test_extend_takes_the_rows_that_increase_the_rank(n, seed, sizes):
    rng = np.random.default_rng(seed)
    # 0/1 rows with repeats and sums of earlier rows: dependent rows inside a block
    batches = []
    for m in sizes:
        rows = (rng.random((m, n)) < 0.5).astype(np.float64)
        if m >= 3 and rng.random() < 0.5:
            rows[2] = rows[0]
        batches.append(rows)
    span = _Span(n)
    expected = _taken_by_rank(batches, n)
    for rows, want in zip(batches, expected):
        got = span.extend(rows, np.arange(rows.shape[0], dtype=np.float64))
        np.testing.assert_array_equal(got, want)
    kept = np.array(span.rows).reshape(-1, n)
    assert span.rank == kept.shape[0] == (np.linalg.matrix_rank(kept) if kept.size else 0)
    # the basis is orthonormal and spans the rows kept
    Q = span.Q
    np.testing.assert_allclose(Q @ Q.T, np.eye(span.rank), atol=1e-12)
    if kept.size:
        np.testing.assert_allclose(kept - (kept @ Q.T) @ Q, 0.0, atol=1e-10)
    comp = span.complement()
    assert comp.shape == (n, n - span.rank)
    np.testing.assert_allclose(comp.T @ comp, np.eye(n - span.rank), atol=1e-12)
    np.testing.assert_allclose(Q @ comp, 0.0, atol=1e-12)


def test_extend_keeps_the_right_hand_sides_of_the_rows_taken():
    span = _Span(3)
    rows = np.array([[1.0, 1, 1], [1, 1, 1], [1, 0, 0], [0, 1, 1], [0, 1, 0]])
    taken = span.extend(rows, np.array([5.0, 6.0, 7.0, 8.0, 9.0]))
    # row 1 repeats row 0; row 3 is row 0 minus row 2
    assert taken.tolist() == [True, False, True, False, True]
    assert span.rhs == [5.0, 7.0, 9.0]
    assert not span.extend(np.ones((1, 3)), np.zeros(1)).any()  # full rank: nothing more


def _game(n, seed):
    rng = np.random.default_rng(seed)
    size = np.array([m.bit_count() for m in range(1 << n)])
    v = 5.0 * size**2 + rng.integers(0, 10, 1 << n)  # superadditive enough to have imputations
    v[0] = 0.0
    return v


@pytest.mark.parametrize("n", [4, 9, 10])
def test_reused_highs_and_kept_table_give_the_same_nucleolus(n):
    v = _game(n, n)
    first = co.nucleolus(co.Game(v))
    for _ in range(2):  # instances from the pool, the table kept with its game
        g = co.Game(v)
        again = [co.nucleolus(g), co.nucleolus(g), co.prenucleolus(g)]
        assert again[0].x.tobytes() == first.x.tobytes()
        assert again[1].x.tobytes() == first.x.tobytes()
        assert again[0].levels.tobytes() == first.levels.tobytes()
    _lp._POOL[True].clear()  # a fresh instance: the same answer
    fresh = co.nucleolus(co.Game(v))
    assert fresh.x.tobytes() == first.x.tobytes() and fresh.n_lps == first.n_lps
    assert co.verify_nucleolus(co.Game(v), fresh.x)


def test_table_is_kept_while_its_game_lives():
    g = co.Game(_game(5, 1))
    t = _common._table(g)
    assert _common._table(g) is t
    assert not t.b.flags.writeable
    key = id(g)
    del g
    gc.collect()
    assert all(id(k) != key for k in list(_common._TABLES.keys()))


def test_pool_is_bounded_and_released_lp_refuses_to_solve():
    lps = [_lp.GrowingLP(np.array([1.0]), np.array([0.0]), np.array([1.0]), dantzig=True)
           for _ in range(_lp._POOL_MAX + 2)]
    for lp in lps:
        lp.release()
    if _lp.have_highspy():
        assert len(_lp._POOL[True]) <= _lp._POOL_MAX
    with pytest.raises(RuntimeError, match="released"):
        lps[0].solve("a released LP")


def test_rows_of_the_wrong_width_are_refused():
    lp = _lp.GrowingLP(np.zeros(3), np.zeros(3), np.ones(3))
    if not _lp.have_highspy():
        pytest.skip("the check is on the HiGHS path")
    with pytest.raises(ValueError, match="3 columns"):
        lp.add_rows(np.ones((2, 4)), 0.0, 1.0)
