"""Exact Shapley and Banzhaf values of random dense games: coalition against
its Python peers, side by side in one run (one group per rule and n).

Peers (the ``bench`` extra; a peer that is not installed is skipped):

* coopgame-py (``import coopgame``, Rust): ``coopgame.shapley(game)`` and
  ``coopgame.banzhaf(game)`` on ``coopgame.Game(values)``, where ``values``
  has ``2**n - 1`` entries in binary order without the empty coalition
  (``values[mask - 1]``, bit ``i`` = player ``i``).
* shapley-numba (``import shapley_numba``, numba):
  ``shapley_numba.shapley.shapley(game, n)`` on a ``@numba_game`` class whose
  ``value(subset)`` gets a 0/1 ``int32`` vector (``subset[i]`` = player
  ``i``); here it reads the same dense table (bit ``i`` of the index =
  ``subset[i]``), the fastest way to give it a table (its ``TableGame``
  template looks coalitions up in a typed dict). It has no Banzhaf value.

Every benchmark calls its function once before timing (numba compiles or
loads its cache then) and checks the result: ours against an independent
oracle (marginal contributions summed by numpy, for a low and a high player,
and efficiency), each peer against ours. Conversions of the table into a
peer's format are made outside the timed region.

Run::

    .venv/bin/python -m pytest benchmarks/test_exact_bench.py --benchmark-only -o addopts=""
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import coalition as co

N_VALUES = (20, 24)

# shapley-numba compiles its game with numba.experimental.jitclass, which
# warns that jitclass is experimental; the project turns numba warnings into
# errors, so let that one through here.
pytestmark = pytest.mark.filterwarnings("ignore::numba.core.errors.NumbaExperimentalFeatureWarning")


def _popcounts(n: int) -> np.ndarray:
    masks = np.arange(1 << n, dtype=np.int64)
    if hasattr(np, "bitwise_count"):
        return np.bitwise_count(masks).astype(np.int64)
    pc = np.zeros(1 << n, dtype=np.int64)
    for i in range(n):
        pc += (masks >> i) & 1
    return pc


def _marginal_oracle(v: np.ndarray, n: int, i: int, p: np.ndarray, pc: np.ndarray) -> float:
    """sum over S without i of p[|S|] (v(S + i) - v(S)), straight from the
    definition (numpy pairwise summation; independent of the kernel)."""
    masks = np.arange(1 << n, dtype=np.int64)
    s = masks[(masks >> i) & 1 == 0]
    return float(np.sum(p[pc[s]] * (v[s | (1 << i)] - v[s])))


def _weights(rule: str, n: int) -> np.ndarray:
    if rule == "shapley":
        return np.array([math.factorial(s) * math.factorial(n - s - 1) / math.factorial(n) for s in range(n)])
    return np.full(n, 0.5 ** (n - 1))


_OURS: dict[tuple[str, int], np.ndarray] = {}


def _ours(rule: str, n: int, v: np.ndarray) -> np.ndarray:
    """coalition's value of the game, checked once against the oracle."""
    key = (rule, n)
    if key not in _OURS:
        game = co.Game(v)
        x = getattr(co, rule)(game).x
        pc = _popcounts(n)
        p = _weights(rule, n)
        scale = float(np.max(np.abs(v)))
        for i in (0, n - 1):
            assert abs(x[i] - _marginal_oracle(v, n, i, p, pc)) <= 1e-12 * scale
        if rule == "shapley":
            assert abs(x.sum() - v[-1]) <= 1e-12 * abs(v[-1])
        _OURS[key] = x
    return _OURS[key]


def _check(x, ref: np.ndarray) -> None:
    # Worths are uniform on [0, 1): agreement to 1e-11 absolute is agreement
    # to 1e-11 of the worths' scale (the values themselves can be far smaller
    # than the worths, e.g. raw Banzhaf values of a random game).
    x = np.asarray(x, dtype=np.float64)
    assert x.shape == ref.shape
    np.testing.assert_allclose(x, ref, rtol=0, atol=1e-11)


# --- coalition ---------------------------------------------------------------


@pytest.mark.parametrize("rule", ["shapley", "banzhaf"])
@pytest.mark.parametrize("n", N_VALUES)
def test_coalition(benchmark, dense_table, n, rule):
    v = dense_table(n)
    ref = _ours(rule, n, v)
    game = co.Game(v)
    func = getattr(co, rule)
    _check(func(game).x, ref)  # warm-up: numba compiles or loads its cache
    benchmark.group = f"exact {rule}, n={n}"
    result = benchmark(func, game)
    _check(result.x, ref)


# --- coopgame-py ---------------------------------------------------------------


@pytest.mark.parametrize("rule", ["shapley", "banzhaf"])
@pytest.mark.parametrize("n", N_VALUES)
def test_coopgame(benchmark, dense_table, n, rule):
    coopgame = pytest.importorskip("coopgame")
    v = dense_table(n)
    ref = _ours(rule, n, v)
    game = coopgame.Game(v[1:])  # binary order, empty coalition left out
    func = getattr(coopgame, rule)
    _check(func(game), ref)
    benchmark.group = f"exact {rule}, n={n}"
    result = benchmark(func, game)
    _check(result, ref)


# --- shapley-numba --------------------------------------------------------------

_SN_GAME = None


def _shapley_numba_table_game():
    """A shapley-numba game reading a dense binary-order table."""
    global _SN_GAME
    if _SN_GAME is None:
        import numba
        from shapley_numba import numba_game

        @numba_game([("table", numba.float64[::1])])
        class DenseTableGame:
            def __init__(self, table):
                self.table = table

            def value(self, subset):
                mask = 0
                for i in range(subset.shape[0]):
                    if subset[i]:
                        mask |= 1 << i
                return self.table[mask]

        _SN_GAME = DenseTableGame
    return _SN_GAME


@pytest.mark.parametrize("n", N_VALUES)
def test_shapley_numba(benchmark, dense_table, n):
    pytest.importorskip("shapley_numba")
    from shapley_numba.shapley import shapley as sn_shapley

    v = dense_table(n)
    ref = _ours("shapley", n, v)
    game = _shapley_numba_table_game()(np.array(v))  # its jitclass wants a writable array
    _check(sn_shapley(game, n), ref)  # compiles the game and the kernel
    benchmark.group = f"exact shapley, n={n}"
    result = benchmark(sn_shapley, game, n)
    _check(result, ref)
