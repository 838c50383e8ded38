"""Dense tables read in place: ``Game(values, copy=False)``, the compiled
checks of a table, and the scans of the core tests.

Oracles: the full-table computations these scans replace (``np.isfinite``
over the table, ``excess_table`` followed by a stable sort, the doubling of
an additive table by concatenation), run here in numpy; and ``tracemalloc``
(numpy reports its allocations to it) for the memory each operation takes.
"""

from __future__ import annotations

import re
import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coalition as co
from coalition._kernels import scan as _ks
from coalition.errors import InvalidGameError, InvalidParameterError
from coalition.game._checks import _SCAN_MIN, MAX_ABS_WORTH
from coalition.game._masks import _additive_table
from coalition.stability import _excess

# 2**17 entries: above _SCAN_MIN, so the compiled checks run
BIG_N = 17
assert 1 << BIG_N > _SCAN_MIN


def _table(n, seed=0):
    v = np.random.default_rng(seed).random(1 << n)
    v[0] = 0.0
    v[-1] = float(n)
    return v


def _old_message(values, describe):
    """The message of the full-table check (np.isfinite over the table), or None."""
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        shown = ", ".join(describe(int(k)) for k in bad[:5])
        more = f" and {bad.size - 5} more" if bad.size > 5 else ""
        return f"`values` has non-finite worths (NaN or inf) at {shown}{more}"
    huge = np.flatnonzero(np.abs(values) > MAX_ABS_WORTH)
    if huge.size:
        return (f"`values` has a worth of magnitude above {MAX_ABS_WORTH:g} at {describe(int(huge[0]))} "
                f"({values[huge[0]]:g}); sums over coalitions would overflow: rescale the worths")
    if values[0] != 0:
        return f"`values[0]` is the worth of the empty coalition and must be 0, got {values[0]!r}"
    return None


def _describe(n):
    names = [f"P{i + 1}" for i in range(n)]
    return lambda k: f"entry {k} ({co.Game._name(k, names)})"


# ---------------------------------------------------------------------------
# copy=False takes the array
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("n", [3, BIG_N])
def test_copy_false_shares_memory_and_leaves_the_worths(n):
    v = _table(n)
    before = v.copy()
    g = co.Game(v, copy=False)
    assert np.shares_memory(g.values, v)
    assert not v.flags.writeable and not g.values.flags.writeable
    np.testing.assert_array_equal(v, before)
    with pytest.raises(ValueError):
        g.values.setflags(write=True)  # a view of a read-only array stays read-only
    np.testing.assert_array_equal(co.shapley(g).x, co.shapley(co.Game(before)).x)


def test_profit_worths_are_the_table_itself():
    v = _table(BIG_N)
    g = co.Game(v, copy=False)
    co.shapley(g), co.nucleolus(g)  # the caches a rule fills
    assert np.shares_memory(g.worths, v) and g.worths.base is g.values.base


def test_copy_true_is_the_default_and_copies():
    v = _table(BIG_N)
    g = co.Game(v)
    assert not np.shares_memory(g.values, v)
    assert v.flags.writeable
    v[5] = 99.0
    assert g.values[5] != 99.0


def test_copy_false_reads_a_read_only_memmap(tmp_path):
    v = _table(10)
    path = tmp_path / "table.f8"
    v.tofile(path)
    mm = np.memmap(path, dtype=np.float64, mode="r")
    g = co.Game(mm, copy=False)
    assert np.shares_memory(g.values, mm)
    np.testing.assert_array_equal(co.shapley(g).x, co.shapley(co.Game(v)).x)


@pytest.mark.parametrize(
    ("values", "kwargs", "match"),
    [
        ([0.0, 1.0, 2.0, 3.0], {}, "`copy=False` takes a numpy array of float64, got list"),
        (np.array([0, 1, 2, 3]), {}, "dtype int64"),
        (np.array([0, 1, 2, 3], dtype=np.float32), {}, "dtype float32"),
        (np.array([0, 1, 2, 3], dtype=">f8"), {}, "dtype >f8"),
        (np.zeros((2, 2)), {}, "2 dimensions"),
        (np.arange(8.0)[::2] - 0.0, {}, None),  # a new contiguous array: accepted
        (np.zeros(8)[::2], {}, "not C-contiguous"),
        (np.array([1.0, 2.0, 3.0]), {"order": "lex"}, "binary order"),
    ],
)
def test_copy_false_refuses_what_needs_a_copy(values, kwargs, match):
    if match is None:
        assert np.shares_memory(co.Game(values, copy=False).values, values)
        return
    with pytest.raises(InvalidParameterError, match=re.escape(match)):
        co.Game(values, copy=False, **kwargs)
    if isinstance(values, np.ndarray):
        assert values.flags.writeable  # refused: left as it was


@pytest.mark.parametrize("copy", [None, 0, "no", np.array(False)])
def test_copy_must_be_a_bool(copy):
    with pytest.raises(InvalidParameterError, match="`copy` must be True or False"):
        co.Game([0.0, 1.0], copy=copy)


# ---------------------------------------------------------------------------
# bad tables: the same messages from the compiled scan, with or without a copy
# ---------------------------------------------------------------------------
def _bad_tables(n):
    rng = np.random.default_rng(7)
    size = 1 << n
    out = []
    for where, what in [([5], np.nan), ([size - 1], np.inf), ([3, 9], -np.inf),
                        (sorted(rng.choice(size, 12, replace=False)), np.nan)]:
        v = _table(n)
        v[where] = what
        out.append(v)
    v = _table(n)
    v[[7, size - 3]] = [np.nan, np.inf]
    out.append(v)
    v = _table(n)
    v[[11, 13]] = [2e150, -5e150]  # too large, the first one named
    out.append(v)
    v = _table(n)
    v[0] = 1.5  # v(empty) != 0
    out.append(v)
    v = _table(n)
    v[0] = np.nan  # NaN in v(empty): the finiteness message comes first
    out.append(v)
    return out


@pytest.mark.parametrize("copy", [True, False])
@pytest.mark.parametrize("case", range(8))
def test_bad_tables_refused_with_the_full_table_message(copy, case):
    v = _bad_tables(BIG_N)[case]
    before = v.copy()
    expected = _old_message(v, _describe(BIG_N))
    assert expected is not None
    with pytest.raises(InvalidGameError) as info:
        co.Game(v, copy=copy)
    assert str(info.value) == expected
    np.testing.assert_array_equal(v, before)  # never changed (NaN compares equal here)
    assert v.flags.writeable


@pytest.mark.parametrize("copy", [True, False])
def test_small_bad_tables_same_messages(copy):
    for v in _bad_tables(5):
        with pytest.raises(InvalidGameError) as info:
            co.Game(v, copy=copy)
        assert str(info.value) == _old_message(v, _describe(5))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([0.0, 1.0, -2.5, np.nan, np.inf, -np.inf, 3e150]), min_size=1, max_size=40),
       st.integers(0, 5))
def test_check_worths_matches_numpy(entries, keep):
    v = np.array(entries)
    count, first, huge = _ks.check_worths(v, MAX_ABS_WORTH, keep)
    bad = np.flatnonzero(~np.isfinite(v))
    assert count == bad.size
    np.testing.assert_array_equal(first[: min(count, keep)], bad[:keep])
    big = np.flatnonzero(np.isfinite(v) & (np.abs(v) > MAX_ABS_WORTH))
    assert huge == (big[0] if big.size else -1)
    finite = v[np.isfinite(v)]
    m = _ks.max_abs(v)
    if np.isnan(v).any():
        assert np.isnan(m)
    elif np.isinf(v).any():
        assert m == np.inf
    else:
        assert m == (np.max(np.abs(finite)) if finite.size else 0.0)


# ---------------------------------------------------------------------------
# the core scans equal the full excess table
# ---------------------------------------------------------------------------
def _full_blocking(v, x, atol, k):
    e = _ke_table(v, x)
    proper = e[1:-1]
    best = float(proper.max()) if proper.size else float("-inf")
    idx = np.flatnonzero(proper > atol) + 1
    order = idx[np.argsort(-e[idx], kind="stable")][:k]
    return best, idx.size, order, e[order]


def _ke_table(v, x):
    from coalition._kernels import excess as _ke

    return _ke.excess_table(v, np.ascontiguousarray(x, dtype=np.float64))


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 13), st.integers(0, 2**32 - 1), st.booleans(), st.integers(0, 40))
def test_blocking_scan_equals_the_full_table(n, seed, ties, k):
    rng = np.random.default_rng(seed)
    if ties:  # integer worths and shares: many equal excesses
        v = rng.integers(0, 6, 1 << n).astype(float)
        x = rng.integers(0, 3, n).astype(float)
    else:
        v = rng.normal(size=1 << n)
        x = rng.normal(size=n)
    v[0] = 0.0
    atol = float(rng.choice([-1.0, 0.0, 0.5]))
    best, count, masks, ex = _ks.blocking_scan(v, x, atol, k)
    f_best, f_count, f_masks, f_ex = _full_blocking(v, x, atol, k)
    assert best == f_best and count == f_count
    np.testing.assert_array_equal(masks, f_masks)
    np.testing.assert_array_equal(ex, f_ex)
    assert _ks.max_proper_excess(v, x) == f_best
    # the dispatching helpers of the stability package, both paths
    got = _excess.blocking(v, x, atol, k)
    assert got[0] == f_best and got[1] == f_count
    np.testing.assert_array_equal(got[2], f_masks)
    assert _excess.max_proper_excess(v, x) == f_best
    assert _excess.max_abs(v) == np.max(np.abs(v))


@pytest.mark.parametrize("kind", ["profit", "cost"])
def test_core_report_and_in_core_on_a_large_game(kind):
    n = 13
    rng = np.random.default_rng(3)
    v = rng.integers(0, 20, 1 << n).astype(float)
    v[0] = 0.0
    g = co.Game(v, kind=kind)
    w = g.worths
    x = co.shapley(g).x
    rep = co.core_report(g, x, max_blocking=7)
    xw = x if kind == "profit" else g.standalone - x
    e = _ke_table(np.asarray(w), xw)
    idx = np.flatnonzero(e[1:-1] > rep.tol) + 1
    order = idx[np.argsort(-e[idx], kind="stable")][:7]
    assert rep.n_blocking == idx.size > 0
    assert rep.max_excess == e[1:-1].max()
    assert [b.members for b in rep.blocking] == [g.members(int(m)) for m in order]
    assert [b.gain for b in rep.blocking] == [float(e[m]) for m in order]
    assert co.in_core(g, x) is (rep.in_core) is False
    # a game with a non-empty core: the nucleolus is in it
    conv = co.Game.from_function(lambda s: len(s) ** 2, [f"P{i}" for i in range(12)])
    assert co.in_core(conv, co.shapley(conv).x)
    assert co.core_report(conv, co.shapley(conv).x).n_blocking == 0


# ---------------------------------------------------------------------------
# derived tables built in place, bit for bit as before
# ---------------------------------------------------------------------------
def _old_additive(weights):
    table = np.zeros(1)
    for w in weights:
        table = np.concatenate([table, table + w])
    return table


@pytest.mark.parametrize("n", [0, 1, 5, 12])
def test_additive_table_in_place_is_bit_for_bit(n):
    w = np.random.default_rng(n).normal(size=n) * 1e3
    np.testing.assert_array_equal(_additive_table(w), _old_additive(w))


def test_cost_worths_and_zero_normalized_bit_for_bit():
    c = _table(12, seed=4)
    g = co.Game(c, kind="cost")
    np.testing.assert_array_equal(g.worths, _old_additive(c[1 << np.arange(12)]) - c)
    p = co.Game(c)
    np.testing.assert_array_equal(p.zero_normalized().values, c - _old_additive(c[1 << np.arange(12)]))


# ---------------------------------------------------------------------------
# memory: numpy's allocations during each operation (tracemalloc sees them)
# ---------------------------------------------------------------------------
def _peak(fn):
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        fn()
        return tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


def test_no_table_size_temporaries():
    n = BIG_N
    v = _table(n)
    table = v.nbytes
    x = np.full(n, v[-1] / n)
    game = co.Game(v.copy(), copy=False)
    small = co.Game(_table(12))  # compile first: the compiler's memory is not the rule's
    for f in (co.shapley, co.banzhaf, co.nucleolus):
        f(small)
    co.core_report(small, np.full(12, 1.0))
    co.in_core(small, np.full(12, 1.0))
    assert _peak(lambda: co.Game(v, copy=False)) < 0.05 * table
    v.setflags(write=True)
    assert _peak(lambda: co.Game(v)) < 1.05 * table  # the copy, and nothing else
    # the semivalue kernel's scratch: two tables of (n - 10) rows of 2**11
    # entries, about 0.25 MB whatever the table's size
    scratch = 2 * (n - 10) * 2**11 * 8 + 2**15
    for op in (lambda: co.shapley(game), lambda: co.banzhaf(game), lambda: co.in_core(game, x),
               lambda: co.core_report(game, x), lambda: co.nucleolus(game)):
        assert _peak(op) < 0.2 * table + scratch
