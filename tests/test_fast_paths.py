"""The quick paths of small calls give what the full paths give: argument
checks at a glance, integer seeds, kept bloc checks, results that take
their arrays over."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coalition as co
from coalition.errors import InvalidParameterError
from coalition.game import _partition
from coalition.sampling import _checks
from coalition.sampling._run import _IntRoot, _root_seed


def _game(n=6, seed=0):
    rng = np.random.default_rng(seed)
    v = np.concatenate([[0.0], rng.random((1 << n) - 1)])
    return co.Game(v)


class _Int(int):
    """An int that is not exactly ``int``: never takes the quick path."""


def _full_check(game, *args):
    """The checks of ``_check_options`` with the quick path turned off."""
    budget, *rest = args
    return _checks._check_options(game, None if budget is None else _Int(budget), *rest)


@settings(max_examples=60, deadline=None)
@given(
    budget=st.one_of(st.none(), st.integers(-5, 2**63)),
    confidence=st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(0, 1)),
    method=st.sampled_from(["auto", "permutation", "antithetic", "kernel", "bogus"]),
    threads=st.one_of(st.none(), st.integers(-2, 10**6)),
)
def test_quick_argument_checks_agree_with_the_full_ones(budget, confidence, method, threads):
    game = _game()
    args = (budget, None, confidence, method, threads, None, None, None, None)
    try:
        full = _full_check(game, *args)
    except InvalidParameterError as exc:
        with pytest.raises(InvalidParameterError) as got:
            _checks._check_options(game, *args)
        assert str(got.value) == str(exc)
    else:
        quick = _checks._check_options(game, *args)
        assert quick == full
        assert [type(a) for a in quick] == [type(a) for a in full]


def test_integer_seed_root_is_the_same_fields_as_a_seed_sequence():
    for seed in (0, 1, 2**70):
        root = _root_seed(seed)
        assert isinstance(root, _IntRoot)
        ss = np.random.SeedSequence(seed)
        assert root.entropy == ss.entropy and tuple(root.spawn_key) == tuple(ss.spawn_key)
    with pytest.raises(InvalidParameterError, match="`seed`"):
        _root_seed(-1)
    with pytest.raises(InvalidParameterError, match="`seed`"):
        _root_seed(True)


def test_one_chunk_estimate_is_read_only_and_its_own():
    game = _game(8)
    a = co.estimate_shapley(game, budget=800, method="permutation", seed=3, threads=1)
    b = co.estimate_shapley(game, budget=800, method="permutation", seed=3, threads=1)
    for arr in (a.x, a.stderr, a.ci[0], a.ci[1]):
        assert not arr.flags.writeable
        with pytest.raises(ValueError):
            arr[0] = 1.0
    np.testing.assert_array_equal(a.x, b.x)
    assert not np.shares_memory(a.x, b.x)
    # the interval is mean -+ half, half from the trace
    _evals, means, half = a.trace
    np.testing.assert_array_equal(means[0], a.x)
    np.testing.assert_allclose(a.ci[1] - a.x, half[0], rtol=1e-14)


def test_kept_bloc_checks_answer_as_the_full_check():
    game = _game(6)
    names = list(game.players)
    good = [names[:2], names[2:5], names[5:]]
    parts, masks = _partition.partition_masks(good, game.players)
    assert (parts, masks) == _partition._parts(good, game.players, "blocs")
    np.testing.assert_array_equal(co.owen(game, good).x, co.owen(game, tuple(map(tuple, good))).x)
    # a bad partition is refused on every call, not kept
    bad = [names[:2], names[1:]]
    for _ in range(2):
        with pytest.raises(InvalidParameterError, match="more than one bloc"):
            co.owen(game, bad)
    # names are taken as text, as the full check takes them
    g = co.Game(np.arange(8.0), players=["1", "1.0", "x"])
    x = co.owen(g, [[1], ["1.0", "x"]]).x
    np.testing.assert_array_equal(x, co.owen(g, [["1"], ["1.0", "x"]]).x)
    with pytest.raises(InvalidParameterError, match="not players"):
        co.owen(g, [[1.5], ["1.0", "x"]])


def test_owen_result_takes_over_the_kernel_array():
    game = _game(8, seed=2)
    names = list(game.players)
    blocs = [names[:3], names[3:5], names[5:]]
    a, b = co.owen(game, blocs), co.owen(game, blocs)
    assert not a.x.flags.writeable
    assert not np.shares_memory(a.x, b.x)
    np.testing.assert_array_equal(a.x, b.x)
    np.testing.assert_allclose(a.x.sum(), game.values[-1], rtol=1e-12)
