"""The Shapley-Shubik index of weighted voting games by the multilinear
extension (``families._voting_power.shapley_multilinear``): against brute
force in fractions, an exact integer count by coalition size, the
size-by-weight table route, and closed forms at thousands of players.
"""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coalition as co
from coalition import families as fam
from coalition._kernels import pivots as _kpv
from coalition.families import _voting_power as _vp
from coalition.families import voting as _voting


def _brute(weights, quota):
    """Shapley-Shubik from its definition over all coalitions, in fractions."""
    n = len(weights)
    out = [Fraction(0)] * n
    for k in range(n):
        coef = Fraction(math.factorial(k) * math.factorial(n - 1 - k), math.factorial(n))
        for i in range(n):
            others = [j for j in range(n) if j != i]
            for s in combinations(others, k):
                t = sum(weights[j] for j in s)
                if t < quota <= t + weights[i]:
                    out[i] += coef
    return out


def _exact_by_size(weights, quota):
    """Shapley-Shubik in exact integers: counts of the coalitions of the
    others of a player by (size, weight), from the counts of all players by
    exact backward division, then the size weights k! (n-1-k)! / n!."""
    n, total = len(weights), sum(weights)
    table = np.zeros((n + 1, total + 1), dtype=object)
    table[:, :] = 0
    table[0, 0] = 1
    for a in weights:
        for k in range(n, 0, -1):
            table[k, a:] = table[k, a:] + table[k - 1, : total + 1 - a]
    out = {}
    for a in set(weights):
        if a == 0:
            out[a] = Fraction(0)
            continue
        others = np.zeros((n, total + 1), dtype=object)
        others[:, :] = 0
        others[0] = table[0]
        for k in range(1, n):
            others[k] = table[k]
            others[k, a:] = others[k, a:] - others[k - 1, : total + 1 - a]
        s = 0
        for k in range(n):
            swings = sum(others[k, max(quota - a, 0):quota])
            s += Fraction(swings * math.factorial(k) * math.factorial(n - 1 - k), math.factorial(n))
        out[a] = s
    return [out[a] for a in weights]


def _check(weights, quota):
    got = _vp.shapley_multilinear(np.asarray(weights, dtype=np.float64), quota)
    assert got is not None
    x, err = got
    return x, err


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 15), min_size=2, max_size=9).filter(lambda w: sum(w) > 0), st.data())
def test_matches_brute_force_and_its_error_bound_holds(weights, data):
    quota = data.draw(st.integers(1, sum(weights)))
    x, err = _check(weights, quota)
    ref = np.array([float(f) for f in _brute(weights, quota)])
    np.testing.assert_allclose(x, ref, rtol=1e-12, atol=0)
    assert np.all(np.abs(x - ref) <= err + 1e-16 * ref)  # the reported bound covers the error
    assert np.all(x[ref == 0] == 0.0)  # null players exactly 0


@pytest.mark.parametrize("seed", range(2))
def test_matches_an_exact_integer_count_at_60_players(seed):
    rng = np.random.default_rng(seed)
    w = rng.integers(1, 13, 60).tolist()
    quota = int(rng.integers(sum(w) // 3, 3 * sum(w) // 4))
    x, err = _check(w, quota)
    ref = np.array([float(f) for f in _exact_by_size(w, quota)])
    np.testing.assert_allclose(x, ref, rtol=1e-12)
    assert np.all(np.abs(x - ref) <= err + 1e-16 * ref)


@pytest.mark.parametrize("n, top, seed", [(300, 10, 0), (500, 6, 1), (400, 12, 2)])
def test_matches_the_size_by_weight_table_route(n, top, seed):
    rng = np.random.default_rng(seed)
    w = rng.integers(1, top + 1, n).astype(np.float64)
    quota = int(rng.integers(w.sum() // 4, 3 * w.sum() // 4))
    x, _ = _check(w, quota)
    table = _voting._voting_power(w, quota)[0]
    np.testing.assert_allclose(x, table, rtol=1e-12)
    assert abs(x.sum() - 1.0) < 1e-13


def test_one_heavy_player_and_many_light_ones_closed_form():
    # n - 1 players of weight 1 and one of weight h: in a random order the
    # heavy player pivots when j light players precede it, q - h <= j < q,
    # each j in 0..n-1 having probability 1/n
    n, h, quota = 3001, 500, 1700
    w = [h] + [1] * (n - 1)
    x, _ = _check(w, quota)
    pivots = sum(1 for j in range(n) if quota - h <= j < quota)
    heavy = pivots / n
    np.testing.assert_allclose(x[0], heavy, rtol=1e-12)
    np.testing.assert_allclose(x[1:], (1 - heavy) / (n - 1), rtol=1e-12)


@pytest.mark.parametrize("quota", [1, 1001, 2000])
def test_equal_voters_at_the_ends_of_the_quota_range(quota):
    # quota 1 (anyone wins alone) and the total (unanimity): the integrand
    # sits at t = 0 or t = 1; every voter gets 1/n
    w = [2] * 1000
    x, _ = _check(w, quota)
    np.testing.assert_allclose(x, 1 / 1000, rtol=1e-12)


def test_a_player_who_never_swings_gets_exactly_zero():
    # the others' totals are even, the window of the weight-1 player is {501}
    w = [2] * 500 + [1]
    x, err = _check(w, 502)
    assert x[-1] == 0.0 and err[-1] == 0.0
    np.testing.assert_allclose(x[:-1], 1 / 500, rtol=1e-12)


def test_the_public_rule_takes_this_route_beyond_the_table_and_falls_back(monkeypatch):
    rng = np.random.default_rng(3)
    w = rng.integers(1, 7, 700).astype(np.float64)
    quota = int(w.sum() // 2 + 1)
    assert _voting._table_work(w, quota) > _voting._MULTILINEAR_FROM
    table = _voting._voting_power(w, quota)[0]
    got = co.shapley(fam.weighted_voting(w, quota)).x
    np.testing.assert_allclose(got, table, rtol=1e-12)
    # a bound that cannot be met: the route declines, the table answers
    monkeypatch.setattr(_vp, "_RTOL", 0.0)
    assert _vp.shapley_multilinear(w, quota) is None
    np.testing.assert_array_equal(co.shapley(fam.weighted_voting(w, quota)).x, table)


def test_legendre_nodes_integrate_polynomials_of_degree_2n_minus_1():
    n = 40
    t, w = _kpv.legendre_nodes(n, 0, n)
    assert np.all(np.diff(t) > 0) and 0 < t[0] and t[-1] < 1
    for k in (0, 1, 17, 2 * n - 1):
        np.testing.assert_allclose((w * t**k).sum(), 1 / (k + 1), rtol=1e-13)
    # many nodes: still distinct, increasing, and exact on low moments
    t2, w2 = _kpv.legendre_nodes(1001, 0, 1001)
    assert np.all(np.diff(t2) > 0) and abs(w2.sum() - 1) < 1e-14
    for k in (1, 2, 5, 50):
        np.testing.assert_allclose((w2 * t2**k).sum(), 1 / (k + 1), rtol=1e-13)
    # a slice is the same nodes
    ts, ws = _kpv.legendre_nodes(n, 10, 15)
    np.testing.assert_array_equal(ts, t[10:15])
    np.testing.assert_array_equal(ws, w[10:15])


def test_chernoff_bounds_are_upper_bounds_of_the_pivot_probabilities():
    weights, counts = np.array([1, 3, 7]), np.array([5, 4, 2])
    quota = 20
    flat = np.repeat(weights, counts)
    for p in (0.05, 0.3, 0.5, 0.8):
        bounds = _kpv.swing_log_bounds(weights, counts, quota, p)
        prob, err = _kpv.pivot_probabilities(weights, counts, quota, p, -100.0)
        for c, a in enumerate(weights):
            others = np.delete(flat, int(np.flatnonzero(flat == a)[0]))
            exact = 0.0  # over all subsets of the others
            for mask in range(1 << others.size):
                inside = [(mask >> j) & 1 for j in range(others.size)]
                t = int(np.dot(inside, others))
                if quota - a <= t < quota:
                    k = sum(inside)
                    exact += p**k * (1 - p) ** (others.size - k)
            assert exact <= math.exp(bounds[c]) * (1 + 1e-12)
            # the Fourier sum's absolute error is within its reported bound
            assert abs(prob[c] - exact) <= err[c] + 1e-15 * exact
            assert err[c] < 1e-13
