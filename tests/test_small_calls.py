"""The fast paths of small calls give what the general paths give.

A permutation estimate whose budget fits in one chunk runs in one compiled
call (walks, padded standard errors, intervals) and skips the rounds; an
integer seed skips building a ``SeedSequence``; t quantiles and Owen weights
are computed once. Oracles: the general path itself (run here directly),
numpy's ``SeedSequence`` and ``scipy.stats.t``; the bit-for-bit pins of
tests/test_seed_pins.py cover the same calls against the code before.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import coalition as co
from coalition._kernels import sampling as ks
from coalition.results import Allocation, Estimate
from coalition.sampling import estimate as est_mod
from coalition.sampling._run import _chunk_seed, _first_seed, _IntRoot, _quantile, _root_seed
from coalition.sampling.evaluator import _Evaluator
from coalition.sampling.permutation import _padded_var


def _dense(n, seed):
    rng = np.random.default_rng(seed)
    return co.Game(np.concatenate([[0.0], rng.random(2**n - 1)]))


def _general(game, method, budget, seed, confidence=0.95, chunk_size=None):
    """The estimate through the general path (evaluator, rounds, merge)."""
    ev = _Evaluator(game, chunk_size)
    return est_mod._estimate(game, ev, method, budget, None, confidence, _root_seed(seed), 1, None, None, budget)


def _same(a: Estimate, b: Estimate) -> None:
    for f in ("players", "rule", "kind", "confidence", "n_evaluations", "n_permutations", "converged", "method"):
        assert getattr(a, f) == getattr(b, f) and type(getattr(a, f)) is type(getattr(b, f)), f
    for u, v in [(a.x, b.x), (a.stderr, b.stderr), (a.ci[0], b.ci[0]), (a.ci[1], b.ci[1])]:
        assert u.dtype == v.dtype and u.shape == v.shape and not u.flags.writeable and not v.flags.writeable
        assert u.tobytes() == v.tobytes()
    assert len(a.trace) == len(b.trace) == 3
    for u, v in zip(a.trace, b.trace):
        assert u.dtype == v.dtype and u.shape == v.shape and u.tobytes() == v.tobytes()


@pytest.mark.parametrize("method", ["permutation", "antithetic"])
@pytest.mark.parametrize("budget", [8, 9, 16, 100, 1000, 8 * 64 * 3])
def test_one_chunk_fast_path_equals_the_general_path(method, budget):
    game = _dense(8, 1)
    if method == "antithetic" and budget < 16:
        budget = 16
    fast = co.estimate_shapley(game, budget=budget, method=method, seed=3)
    _same(fast, _general(game, method, budget, 3))


def test_fast_path_runs_for_small_budgets_and_not_for_large_ones(monkeypatch):
    game = _dense(8, 2)
    calls = []
    real = ks.dense_permutation_estimate
    monkeypatch.setattr(ks, "dense_permutation_estimate", lambda *a: calls.append(a[2]) or real(*a))
    co.estimate_shapley(game, budget=800, method="permutation", seed=1)
    assert calls == [100]
    # more than one chunk (65,536 evaluations of 8 players), a tol or a chunk
    # size below the budget: the general path
    co.estimate_shapley(game, budget=8 * 9000, method="permutation", seed=1)
    co.estimate_shapley(game, budget=8000, tol=0.5, method="permutation", seed=1)
    co.estimate_shapley(game, budget=800, chunk_size=80, method="permutation", seed=1)
    assert calls == [100]


def test_fast_path_keeps_every_argument_check():
    game = _dense(6, 0)
    with pytest.raises(co.errors.InvalidParameterError, match="`budget` must be at least 12 for method='antithetic'"):
        co.estimate_shapley(game, budget=6, method="antithetic", seed=1)
    with pytest.raises(co.errors.InvalidParameterError, match="`confidence`"):
        co.estimate_shapley(game, budget=600, method="permutation", confidence=1.0)
    with pytest.raises(co.errors.InvalidParameterError, match="`seed`"):
        co.estimate_shapley(game, budget=600, method="permutation", seed=-1)
    with pytest.raises(co.errors.InvalidParameterError, match="`budget`"):
        co.estimate_shapley(game, budget=5, method="permutation")


@settings(max_examples=30, deadline=None)
@given(
    count=st.integers(1, 40),
    data=st.lists(st.sampled_from([0.0, -1.5, 0.25, 2.0, 1e-9]), min_size=3 * 5, max_size=3 * 5),
    silent=st.lists(st.booleans(), min_size=5, max_size=5),
)
def test_compiled_padded_stderr_equals_numpy(count, data, silent):
    mean, m2, spread = np.array(data).reshape(3, 5)
    m2 = np.abs(m2)
    lo = mean - np.abs(spread)
    hi = mean + np.abs(spread)
    lo[np.array(silent)] = 0.0
    hi[np.array(silent)] = 0.0
    got = ks.padded_stderr(count, mean, m2, lo, hi, 2)
    if count < 2:
        assert np.all(np.isinf(got))
    else:
        want = np.sqrt(_padded_var((count, mean, m2), lo, hi) / count)
        assert got.tobytes() == want.tobytes()


@pytest.mark.parametrize("seed", [0, 1, 12345, 2**64 + 7])
def test_integer_root_holds_what_a_seed_sequence_holds(seed):
    root, ss = _root_seed(seed), np.random.SeedSequence(seed)
    assert isinstance(root, _IntRoot)
    assert root.entropy == ss.entropy and tuple(root.spawn_key) == tuple(ss.spawn_key)
    for key in [(0,), (1,), (63,), (64,), (130,), (3, 5, 0), (7, 70)]:
        assert np.array_equal(_chunk_seed(root, *key), _chunk_seed(ss, *key))
    assert np.array_equal(_first_seed(root), _chunk_seed(ss, 0))


def test_first_words_of_a_block_are_the_words_of_the_whole_block():
    # the one-chunk path draws 4 words where the block draws 256
    for entropy, key in [(5, (0,)), (2**70, (3, 1)), ((1, 2, 3, 4), (0,))]:
        ss = np.random.SeedSequence(entropy, spawn_key=key)
        block = ss.generate_state(256, dtype=np.uint64).reshape(64, 4)
        assert np.array_equal(np.random.SeedSequence(entropy, spawn_key=key).generate_state(4, dtype=np.uint64),
                              block[0])
        root = np.random.SeedSequence(entropy, spawn_key=key[:-1])
        for c in (0, 1, 63):
            assert np.array_equal(_chunk_seed(root, key[-1] * 64 + c), block[c])


@pytest.mark.parametrize("dof", [1, 2, 7, 49, 1000, 2.5, np.inf, np.int64(30)])
@pytest.mark.parametrize("confidence", [0.5, 0.9, 0.95, 0.99])
def test_cached_t_quantile_against_scipy_stats(confidence, dof):
    want = stats.norm.ppf(0.5 + confidence / 2) if np.isinf(dof) else stats.t.ppf(0.5 + confidence / 2, dof)
    assert _quantile(confidence, dof) == pytest.approx(want, rel=1e-12)
    assert _quantile(confidence, dof) == _quantile(confidence, dof)


def test_results_taken_over_behave_as_checked_ones():
    game = _dense(5, 3)
    fast = co.estimate_shapley(game, budget=500, method="permutation", seed=2)
    slow = Estimate(fast.players, fast.x, fast.rule, fast.kind, stderr=fast.stderr, ci=fast.ci,
                    confidence=fast.confidence, n_evaluations=fast.n_evaluations,
                    n_permutations=fast.n_permutations, converged=True, method=fast.method, trace=fast.trace)
    assert repr(fast) == repr(slow) and fast._repr_html_() == slow._repr_html_()
    assert fast.as_dict() == slow.as_dict() and fast.half_width == slow.half_width
    with pytest.raises(ValueError):
        fast.x[0] = 1.0
    with pytest.raises(AttributeError):
        fast.method = "kernel"


@pytest.mark.parametrize("kind", ["profit", "cost"])
def test_owen_exact_result_is_read_only_and_equals_a_fresh_computation(kind):
    game = co.Game(_dense(6, 4).values, kind=kind)
    blocs = [["P1", "P2"], ["P3", "P4", "P5"], ["P6"]]
    a, b = co.owen(game, blocs), co.owen(game, blocs)
    assert isinstance(a, Allocation) and not a.x.flags.writeable
    assert a.x.tobytes() == b.x.tobytes() and a.x is not b.x
    # the cached weights are not changed by a call
    assert np.array_equal(co.owen(game, blocs).x, a.x)


# ---------------------------------------------------------------------------
# small games compile nothing: numpy twins of the table kernels, same bits
# ---------------------------------------------------------------------------
def _table_cases(draw_n):
    return st.integers(1, draw_n).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.floats(-1e3, 1e3, allow_nan=False, allow_subnormal=False), min_size=2**n - 1, max_size=2**n - 1),
            st.lists(st.floats(-5, 5, allow_nan=False, allow_subnormal=False), min_size=n, max_size=n),
        )
    )


@settings(max_examples=60, deadline=None)
@given(case=_table_cases(10))
def test_small_semivalue_sums_equal_the_kernel_bit_for_bit(case):
    from coalition._kernels import exact as kx
    from coalition.values._semivalues import _small_bit_sums

    n, worths, _ = case
    v = np.array([0.0, *worths])
    rng = np.random.default_rng(n)
    a, b = rng.random(n + 1), rng.random(n + 1)
    want_sums, want_total = kx.size_weighted_bit_sums(v, n, a, b)
    got_sums, got_total = _small_bit_sums(v, n, a, b)
    assert got_sums.tobytes() == want_sums.tobytes()
    assert np.float64(got_total).tobytes() == np.float64(want_total).tobytes()


@settings(max_examples=60, deadline=None)
@given(case=_table_cases(10))
def test_small_excess_tables_equal_the_kernels_bit_for_bit(case):
    from coalition._kernels import excess as ke
    from coalition.stability import _excess

    n, worths, x = case
    v, x = np.array([0.0, *worths]), np.array(x)
    assert _excess.excess_table(v, x).tobytes() == ke.excess_table(v, x).tobytes()
    assert _excess.max_abs_excess(v, x) == ke.max_abs_excess(v, x)


def test_small_games_give_the_exact_shapley_value_by_brute_force():
    # oracle: the average of marginal contributions over all n! orders
    import itertools
    import math

    game = _dense(5, 9)
    v = game.values
    phi = np.zeros(5)
    for order in itertools.permutations(range(5)):
        mask = 0
        for i in order:
            phi[i] += v[mask | 1 << i] - v[mask]
            mask |= 1 << i
    np.testing.assert_allclose(co.shapley(game).x, phi / math.factorial(5), rtol=0, atol=1e-12)
    np.testing.assert_allclose(co.excess(game, phi / 120)[-1], v[-1] - phi.sum() / 120, atol=1e-12)
