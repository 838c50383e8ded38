"""Arrays kept by a cache for later calls are read-only, so no caller can
change what every later call gets; values are checked against fresh
computations (the Owen values by their orders and subsets, as in
tests/test_blocs.py, a new SeedSequence for the seeds, the game's table for the
voting-power cache)."""

from __future__ import annotations

import numpy as np
import pytest

import coalition as co
from coalition import families as fam
from coalition.network import blocs as _blocs
from coalition.sampling import _run

from .test_blocs import banzhaf_owen_by_subsets, owen_by_orders


def _refuses_writes(arr):
    assert not arr.flags.writeable
    with pytest.raises(ValueError):
        arr[(0,) * arr.ndim] = 1.0


@pytest.mark.parametrize("kind", ["owen", "banzhaf"])
def test_bloc_weights_are_read_only(kind):
    outer, inner = _blocs._weights(kind, 5, 3)
    for arr in (outer, inner):
        _refuses_writes(arr)
    assert _blocs._weights(kind, 5, 3)[0] is outer  # the kept arrays, not copies
    v = np.random.default_rng(4).uniform(0, 1, 32)
    v[0] = 0.0
    game = co.Game(v, players=list("ABCDE"))
    blocs = [[0, 1], [2], [3, 4]]
    named = [[game.players[i] for i in b] for b in blocs]
    rule, oracle = (co.owen, owen_by_orders) if kind == "owen" else (co.banzhaf_owen, banzhaf_owen_by_subsets)
    for _ in range(2):  # the second call reads the kept weights
        np.testing.assert_allclose(rule(game, named).x, oracle(v, 5, blocs), atol=1e-12)


def test_seed_words_are_read_only():
    block = _run._seed_block(7, (0,), 3)
    _refuses_writes(block)
    fresh = np.random.SeedSequence(7, spawn_key=(0,)).generate_state(12, dtype=np.uint64).reshape(3, 4)
    np.testing.assert_array_equal(block, fresh)
    first = _run._first_seed(_run._root_seed(7))
    _refuses_writes(first)
    np.testing.assert_array_equal(first, fresh[0])
    # a non-integer root gives a fresh array, read-only as well
    other = _run._first_seed(_run._root_seed(np.random.SeedSequence(7)))
    _refuses_writes(other)
    # the chunk seeds handed on are copies a caller may keep
    chunk = _run._chunk_seed(_run._root_seed(7), 0)
    assert chunk.flags.writeable and not np.shares_memory(chunk, block)
    np.testing.assert_array_equal(chunk, fresh[0])
    v = np.random.default_rng(1).uniform(0, 1, 64)
    v[0] = 0.0
    game = co.Game(v)
    a = co.estimate_shapley(game, budget=600, method="permutation", seed=7, threads=1)
    b = co.estimate_shapley(game, budget=600, method="permutation", seed=7, threads=1)
    np.testing.assert_array_equal(a.x, b.x)


def test_kept_voting_power_is_read_only():
    g = fam.multiple_weighted_voting([[4, 3, 2, 1], [1, 1, 1, 1]], [6, 3])
    exact = g._exact()
    for arr in exact:
        _refuses_writes(arr)
    # callers get copies they own, equal to the values from the table
    x = g._shapley_fast()
    assert x.flags.writeable and not np.shares_memory(x, exact[0])
    x[:] = -1.0
    table = co.Game(g.values, players=g.players)
    np.testing.assert_allclose(g._shapley_fast(), co.shapley(table).x, atol=1e-12)
    np.testing.assert_allclose(g._banzhaf_fast(), co.banzhaf(table).x, atol=1e-12)
