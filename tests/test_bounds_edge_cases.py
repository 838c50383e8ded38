"""Edge cases of share bounds over the completions of interval games.

The oracle is homogeneity: every rule bounded here is linear in the worths,
so scaling every worth and every interval end by ``s > 0`` scales every bound
by ``s`` and keeps every unbounded side unbounded.
"""

from __future__ import annotations

import numpy as np
import pytest

import coalition as co

INF = np.inf
# Four partners: the singletons and some pairs known, others unknown, the
# grand coalition known.
LO4 = np.array([0.0, 6.0, 6.0, 13.9, 6.0, -INF, 14.9, -INF, 4.2, -INF, 12.5, -INF, 11.5, -INF, -INF, 30.0])
HI4 = np.array([0.0, 6.0, 6.0, 13.9, 6.0, INF, 14.9, INF, 4.2, INF, 12.5, INF, 11.5, INF, INF, 30.0])
# Three partners: the grand coalition has no upper end, so every high share is unbounded.
LO3 = np.array([0.0, 1.0, -INF, -INF, 4.171167510947728, -INF, -INF, 7.103282983463812])
HI3 = np.array([0.0, 1.0, INF, INF, 4.171167510947728, INF, INF, INF])


def _scaled(lo, hi, assume, scale):
    ref = co.share_bounds(co.IntervalGame(lo, hi), assume=assume)
    got = co.share_bounds(co.IntervalGame(lo * scale, hi * scale), assume=assume)
    return ref, got


@pytest.mark.parametrize("assume", ["monotone", "superadditive"])
@pytest.mark.parametrize("scale", [1e-9, 1e-6, 1e5, 1e9])
def test_bounds_scale_with_the_worths(assume, scale):
    ref, got = _scaled(LO4, HI4, assume, scale)
    np.testing.assert_allclose(got.low / scale, ref.low, rtol=1e-7, atol=1e-7)
    np.testing.assert_allclose(got.high / scale, ref.high, rtol=1e-7, atol=1e-7)


@pytest.mark.parametrize("scale", [1e-14, 1e-9, 1e5, 1e9])
def test_unbounded_sides_stay_unbounded_at_any_scale(scale):
    ref, got = _scaled(LO3, HI3, "superadditive", scale)
    assert np.array_equal(np.isnan(got.low), np.isnan(ref.low))
    assert np.all(np.isnan(got.high)) and np.all(np.isnan(ref.high))
    np.testing.assert_allclose(got.low / scale, ref.low, rtol=1e-7)
    assert {(p, s) for p, s, _ in got.unbounded} == {(p, s) for p, s, _ in ref.unbounded}


def test_tiny_worths_that_break_superadditivity_are_infeasible():
    # v(A) + v(B) = 2e-9 > v(A+B) = 1e-9: no superadditive completion, at any scale.
    g = co.IntervalGame.from_dict({"A": 1e-9, "B": 1e-9, "A+B": 1e-9, "C": (0, 1e-9)})
    with pytest.raises(co.errors.InfeasibleError):
        co.share_bounds(g, assume="superadditive")


def test_interval_core_membership_is_relative_to_the_worths():
    # x_A = 0 is below lower(A) = 1e-9: not in the interval core, however small the game;
    # the same shares scaled up by 1e9 are rejected, so the small ones must be too.
    g = co.IntervalGame([0, 1e-9, 1e-9, 4e-9], [0, 2e-9, 2e-9, 8e-9])
    big = co.IntervalGame([0, 1, 1, 4], [0, 2, 2, 8])
    assert not co.in_interval_core(big, [0, 4], [1, 7])
    assert not co.in_interval_core(g, [0, 4e-9], [1e-9, 7e-9])
    assert co.in_interval_core(g, [2e-9, 2e-9], [4e-9, 4e-9])


@pytest.mark.parametrize("atol", [-1.0, "x", np.nan, True])
def test_in_interval_core_rejects_a_bad_atol(atol):
    g = co.IntervalGame([0, 1, 1, 4], [0, 2, 2, 8])
    with pytest.raises(co.errors.InvalidParameterError, match="`atol`"):
        co.in_interval_core(g, [2, 2], [4, 4], atol=atol)


@pytest.mark.parametrize("scale", [1e-9, 1.0, 1e9])
def test_interval_core_element_is_in_the_core_at_any_scale(scale):
    # Three partners; the interval core is not empty (at scale 1 an element is found) and
    # scaling every worth by `scale` scales the core: the element found must be in it.
    lo = np.array([0, 0, 3, 2, 4, 4, 6, 9.0])
    hi = np.array([0, 1, 4, 4, 5, 6, 8, 12.0])
    g = co.IntervalGame(lo * scale, hi * scale)
    e = co.interval_core(g)
    assert co.in_interval_core(g, e.lower, e.upper)
    assert co.in_interval_core(co.IntervalGame(lo, hi), np.asarray(e.lower) / scale, np.asarray(e.upper) / scale)


@pytest.mark.parametrize("seed", ["x", 1.5, True])
def test_share_bounds_rejects_a_bad_seed(seed):
    g = co.IntervalGame.from_dict({"A": 1, "B": 2, "C": 3, "A+B+C": 12})
    with pytest.raises(co.errors.InvalidParameterError, match="`seed`"):
        co.share_bounds(g, rule="nucleolus", assume="superadditive", seed=seed)


@pytest.mark.parametrize("value", [(INF, INF), (-INF, -INF), (1e300, None), (None, -1e300)])
def test_an_impossible_range_names_the_argument_it_came_from(value):
    g = co.IntervalGame.from_dict({"A": 1, "B": 2, "A+B+C": 12}, players=["A", "B", "C"])
    with pytest.raises(co.errors.InvalidGameError, match=r"`bounds\['A\+C'\]"):
        co.share_bounds(g, bounds={"A+C": value})
    with pytest.raises(co.errors.InvalidGameError, match=r"`mapping\['A\+C'\]"):
        co.IntervalGame.from_dict({"A": 1, "A+C": value}, players=["A", "C"])


def test_size_monotonic_check_is_relative_to_the_worths():
    # Every width is 0.1 (as written); the ends' rounding at 1e6-1e7 must not make A wider than A+B.
    g = co.IntervalGame.from_dict({"A": (263623.6, 263623.7), "B": (8151375.4, 8151375.5),
                                   "A+B": (9327754.6, 9327754.7)})
    assert g.is_size_monotonic
    lower, upper = co.interval_shapley(g).lower, co.interval_shapley(g).upper
    # the width game is 0.1 on every coalition: its Shapley value gives each 0.05
    np.testing.assert_allclose(np.asarray(upper) - np.asarray(lower), [0.05, 0.05], atol=1e-6)
    # Widths 2e-13, 2e-13 and 1e-13: A is wider than A+B, however small the worths.
    tiny = co.IntervalGame.from_dict({"A": (1e-13, 3e-13), "B": (1e-13, 3e-13), "A+B": (4e-13, 5e-13)})
    assert not tiny.is_size_monotonic
    with pytest.raises(co.errors.InvalidGameError, match="A is wider than A\\+B"):
        co.interval_shapley(tiny)


def test_weights_go_with_the_weighted_shapley_value_only():
    # the plain Shapley value with weights would be another rule under the
    # plain one's name: refused, as the docstring says
    g = co.IntervalGame.from_dict({"A": 1, "B": 2, "A+B": (4, 6)})
    with pytest.raises(co.InvalidParameterError, match="weighted_shapley"):
        co.share_bounds(g, rule="shapley", weights=[1, 2])
    b = co.share_bounds(g, rule="weighted_shapley", weights=[1, 2])
    # weighted Shapley of a 2-player game: the surplus v(AB) - 3 split 1:2
    assert b["A"] == pytest.approx((1 + 1 / 3, 1 + 3 / 3)) and b["B"] == pytest.approx((2 + 2 / 3, 2 + 6 / 3))


def test_contains_reads_its_tolerance_relative_to_the_worths():
    # the same game and interval in two units: the answer does not change
    for unit in (1e-9, 1.0, 1e9):
        g = co.IntervalGame.from_dict({"A": 1 * unit, "B": 2 * unit, "A+B": (4 * unit, 6 * unit)})
        inside = co.Game([0, 1 * unit, 2 * unit, 5 * unit], players=["A", "B"])
        outside = co.Game([0, 1 * unit, 2 * unit, 6.001 * unit], players=["A", "B"])
        assert g.contains(inside) and not g.contains(outside)
    with pytest.raises(co.InvalidParameterError, match="atol"):
        g.contains(inside, atol=-1)
