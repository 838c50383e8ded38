"""The core and its neighbours: excess, core reports, balancedness, least
core, core bounds, nearest core point, core vertices (coalition.stability).

Oracles: plain loops over coalitions, vertex enumeration by brute force for
n <= 4 (tests/_stability_oracles.py), the marginal vectors of convex games
(Shapley 1971), the Bondareva-Shapley certificate checked by hand, and
constraint generation checked against the LPs over every coalition. The
nucleolus has its own file, tests/test_nucleolus.py.

Budget: these tests run in about 25 s on a 2-core machine (after numba has
compiled the kernels once).
"""

from __future__ import annotations

import contextlib
import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coalition as co
from coalition.stability import _lp
from coalition.stability import _engine as nu

from ._stability_oracles import (
    brute_core_vertices,
    excess_by_loop,
    full_lp_core_bounds,
    full_lp_least_core_epsilon,
    full_lp_nearest_core_max,
    rows_of,
)

FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

MAJORITY = co.Game.from_function(lambda s: float(len(s) >= 2), ["A", "B", "C"])
PAIRS = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 6, "A+C": 6, "B+C": 6, "A+B+C": 9})
WATER = co.Game.from_dict({"A": 6, "B": 7, "C": 8, "A+B": 10, "A+C": 11, "B+C": 12, "A+B+C": 15}, kind="cost")


@st.composite
def small_games(draw, min_n=1, max_n=4):
    n = draw(st.integers(min_n, max_n))
    vals = draw(st.lists(st.integers(-3, 9), min_size=(1 << n) - 1, max_size=(1 << n) - 1))
    v = np.array([0.0, *vals])
    v[-1] += draw(st.integers(0, 15))  # often, not always, a non-empty core
    return n, v


def convex_game(n, rng):
    """Worths with non-negative Harsanyi dividends: a convex game."""
    d = np.zeros(1 << n)
    d[1:] = rng.integers(0, 4, (1 << n) - 1) * (rng.random((1 << n) - 1) < 0.5)
    v = np.zeros(1 << n)
    for s in range(1 << n):
        sub = s
        while True:
            v[s] += d[sub]
            if sub == 0:
                break
            sub = (sub - 1) & s
    return v


def marginal_vectors(v, n):
    out = set()
    for perm in itertools.permutations(range(n)):
        x, m = np.zeros(n), 0
        for i in perm:
            x[i] = v[m | 1 << i] - v[m]
            m |= 1 << i
        out.add(tuple(np.round(x, 9)))
    return np.array(sorted(out))


# ---------------------------------------------------------------------------
# excess, core_report, in_core
# ---------------------------------------------------------------------------
@FAST
@given(small_games(), st.integers(0, 10**6))
def test_excess_and_core_report_match_loops(game, seed):
    n, v = game
    g = co.Game(v)
    x = np.random.default_rng(seed).integers(-2, 6, n).astype(float)
    x[-1] += v[-1] - x.sum() if seed % 3 else 0.5  # efficient two times in three
    e = excess_by_loop(v, x)
    np.testing.assert_allclose(co.excess(g, x), e, atol=1e-12)
    rep = co.core_report(g, x, max_blocking=3)
    blocking = [s for s in range(1, (1 << n) - 1) if e[s] > 1e-9]
    assert rep.n_blocking == len(blocking)
    assert [b.gain for b in rep.blocking] == sorted((e[s] for s in blocking), reverse=True)[:3]
    for b in rep.blocking:
        assert e[g.mask(b.members)] == b.gain
    assert rep.efficient == (abs(x.sum() - v[-1]) <= 1e-9)
    assert rep.in_core == (rep.efficient and not blocking) == co.in_core(g, x) == bool(rep)
    if n > 1:
        assert rep.max_excess == pytest.approx(e[1:-1].max())


def test_core_report_reads_well():
    rep = co.core_report(PAIRS, {"A": 5, "B": 2, "C": 2})
    assert not rep.in_core and rep.efficient
    assert rep.blocking[0].name == "B+C" and rep.blocking[0].gain == 2.0
    assert "B+C would gain 2 by leaving" in repr(rep)
    short = co.core_report(PAIRS, [3, 3, 2])
    assert not short.efficient and "not efficient: shares add up to 8" in repr(short)
    # a cost game: blocking means paying less alone
    rep = co.core_report(WATER, [7, 5, 3])
    assert [(b.name, b.gain) for b in rep.blocking] == [("A+B", 2.0), ("A", 1.0)]
    assert "A+B would pay 2 less alone" in repr(rep)
    assert co.in_core(WATER, [4, 5, 6]) and not co.in_core(WATER, [7, 5, 3])
    assert co.excess(WATER, [7, 5, 3])[3] == (7 + 5) - 10
    many = co.core_report(co.Game.from_function(len, list("ABCDE")), [0, 0, 0, 0, 5], max_blocking=10)
    assert len(many.blocking) == 10 and many.n_blocking == 15 and "... 5 more" in repr(many)


def test_core_tolerance_is_relative_to_the_scale():
    big = co.Game(np.array([0, 1, 2, 6]) * 1e9)
    edge = [1e9 - 1e-3, 5e9 + 1e-3]  # {P1} short by a thousandth on a billion
    assert co.in_core(big, edge) and not co.in_core(big, edge, tol=0)
    assert co.core_report(big, edge, tol=0).blocking[0].gain == pytest.approx(1e-3, rel=1e-4)
    small = co.Game(np.array([0, 1, 2, 6]) * 1e-6)
    assert co.in_core(small, [1e-6 - 1e-18, 5e-6 + 1e-18]) and not co.in_core(small, [0.9e-6, 5.1e-6])


# ---------------------------------------------------------------------------
# balancedness and the least core
# ---------------------------------------------------------------------------
def brute_least_core_epsilon(v, n):
    """Min over efficient x of the largest excess, at a vertex of the LP:
    n of the rows x(S) + eps = v(S) with efficiency, all satisfied."""
    full = (1 << n) - 1
    masks = np.arange(1, full)
    rows = rows_of(masks, n)
    best = np.inf
    for combo in itertools.combinations(range(masks.size), n):
        A = np.zeros((n + 1, n + 1))
        A[0, :n] = 1.0
        A[1:, :n] = rows[list(combo)]
        A[1:, n] = 1.0
        if abs(np.linalg.det(A)) < 1e-9:
            continue
        z = np.linalg.solve(A, np.r_[v[full], v[masks[list(combo)]]])
        if np.all(v[masks] - rows @ z[:n] <= z[n] + 1e-9):
            best = min(best, z[n])
    return best


@FAST
@given(small_games(2, 4))
def test_least_core_and_balancedness(game):
    n, v = game
    g = co.Game(v)
    lc = co.least_core(g)
    assert lc.epsilon == pytest.approx(brute_least_core_epsilon(v, n), abs=1e-8)
    e = excess_by_loop(v, lc.x)
    assert e[1:-1].max() == pytest.approx(lc.epsilon, abs=1e-8) and lc.x.sum() == pytest.approx(v[-1])
    assert co.least_core(g, nonnegative=True).epsilon == pytest.approx(max(lc.epsilon, 0.0), abs=1e-8)
    cert = co.is_balanced(g)
    assert cert.balanced == (len(brute_core_vertices(v, n)) > 0) == (lc.epsilon <= 1e-9)
    if cert.balanced:
        assert co.in_core(g, cert.core_point.x, tol=1e-8)
        assert cert.collection == () and cert.gap == 0
    else:
        # Bondareva-Shapley: positive weights covering every player once,
        # beating the grand coalition
        w = cert.weights
        masks = [g.mask(c) for c in cert.collection]
        assert np.all(w > 0)
        np.testing.assert_allclose(rows_of(masks, n).T @ w, np.ones(n), atol=1e-9)
        assert w @ v[masks] - v[-1] == pytest.approx(cert.gap) and cert.gap > 0
        assert cert.core_point is None


def test_least_core_sign_convention_and_cost_games():
    lc = co.least_core(MAJORITY)
    assert lc.epsilon == pytest.approx(1 / 3) and lc.x == pytest.approx([1 / 3] * 3)
    assert co.least_core(PAIRS).epsilon == pytest.approx(0.0, abs=1e-12)  # pairs all at 6 = 2/3 of 9
    loose = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 4, "A+C": 4, "B+C": 4, "A+B+C": 9})
    assert co.least_core(loose).epsilon == pytest.approx(-2.0)
    assert co.least_core(loose, nonnegative=True).epsilon == 0.0
    # a cost game: no coalition pays more than c(S) + epsilon
    lcw = co.least_core(WATER)
    assert lcw.kind == "cost" and lcw.total == pytest.approx(15.0)
    y = lcw.x
    worst = max(sum(y[i] for i in range(3) if s >> i & 1) - WATER.values[s] for s in range(1, 7))
    assert worst == pytest.approx(lcw.epsilon) and lcw.epsilon == pytest.approx(-1.0)
    cert = co.is_balanced(MAJORITY)
    assert cert.collection == (("A", "B"), ("A", "C"), ("B", "C"))
    assert cert.weights == pytest.approx([0.5] * 3) and cert.gap == pytest.approx(0.5)
    assert "core EMPTY" in repr(cert) and "core non-empty" in repr(co.is_balanced(PAIRS))
    # a cost game with an empty core: three weighted pairs cost less than N
    triangle = co.Game.from_dict({"A": 4, "B": 4, "C": 4, "A+B": 5, "A+C": 5, "B+C": 5, "A+B+C": 8}, kind="cost")
    cert = co.is_balanced(triangle)
    assert not cert and cert.gap == pytest.approx(8 - 0.5 * 15)


# ---------------------------------------------------------------------------
# core bounds, nearest core point, core vertices
# ---------------------------------------------------------------------------
@FAST
@given(small_games(2, 4), st.integers(0, 10**6))
def test_bounds_nearest_and_vertices_against_enumeration(game, seed):
    n, v = game
    g = co.Game(v)
    verts = brute_core_vertices(v, n)
    got = co.core_vertices(g)
    assert got.shape == verts.shape
    np.testing.assert_allclose(got, verts, atol=1e-7)
    if len(verts) == 0:
        with pytest.raises(co.EmptyCoreError, match="`game` has an empty core"):
            co.core_bounds(g)
        with pytest.raises(co.EmptyCoreError):
            co.nearest_core(g, np.zeros(n))
        return
    cb = co.core_bounds(g)
    np.testing.assert_allclose(cb.lower, verts.min(axis=0), atol=1e-7)
    np.testing.assert_allclose(cb.upper, verts.max(axis=0), atol=1e-7)
    p = np.random.default_rng(seed).normal(0, 5, n)
    for norm, dist in (("max", lambda d: np.abs(d).max(-1)), ("total", lambda d: np.abs(d).sum(-1))):
        near = co.nearest_core(g, p, norm=norm)
        assert co.in_core(g, near.x, tol=1e-8)
        assert near.distance == pytest.approx(dist(near.x - p), abs=1e-8)
        assert near.distance <= dist(verts - p).min() + 1e-7  # no vertex is closer
        np.testing.assert_allclose(near.change, near.x - p)
    inside = verts.mean(axis=0)
    again = co.nearest_core(g, inside)
    assert again.distance == pytest.approx(0.0, abs=1e-8) and again.x == pytest.approx(inside, abs=1e-7)


@pytest.mark.parametrize("n, seed", [(3, 0), (4, 1), (5, 2), (6, 3)])
def test_convex_games_vertices_are_marginal_vectors_and_shapley_is_inside(n, seed):
    v = convex_game(n, np.random.default_rng(seed))
    g = co.Game(v)
    assert g.is_convex
    np.testing.assert_allclose(co.core_vertices(g), marginal_vectors(v, n), atol=1e-8)
    assert co.in_core(g, co.shapley(g).x, tol=1e-9)


@FAST
@given(st.integers(2, 6), st.integers(0, 10**6))
def test_shapley_value_of_a_convex_game_is_in_the_core(n, seed):
    g = co.Game(convex_game(n, np.random.default_rng(seed)))
    assert co.in_core(g, co.shapley(g), tol=1e-9)


def test_bounds_vertices_and_nearest_in_cost_games():
    cb = co.core_bounds(WATER)
    verts = co.core_vertices(WATER)
    assert cb.kind == "cost"
    np.testing.assert_allclose(cb.lower, verts.min(axis=0), atol=1e-9)
    np.testing.assert_allclose(cb.upper, verts.max(axis=0), atol=1e-9)
    # A pays at least c(N) - c(B+C) = 3 and at most its standalone cost 6
    assert cb["A"] == pytest.approx((3.0, 6.0)) and np.all(verts.sum(axis=1) == pytest.approx(15.0))
    for y in verts:
        assert co.in_core(WATER, y)
    near = co.nearest_core(WATER, [8, 4, 3])
    assert co.in_core(WATER, near.x) and near.kind == "cost"
    assert near.distance == pytest.approx(np.abs(near.x - [8, 4, 3]).max())
    assert "proposal" in repr(near) and "nearest core" in repr(near)


def test_single_point_cores_and_degenerate_games():
    glove = co.Game.from_function(lambda s: float("L" in s and ("R1" in s or "R2" in s)), ["L", "R1", "R2"])
    np.testing.assert_allclose(co.core_vertices(glove), [[1.0, 0.0, 0.0]], atol=1e-12)
    assert co.core_bounds(glove).as_dict() == {"L": (1.0, 1.0), "R1": (0.0, 0.0), "R2": (0.0, 0.0)}
    assert co.nearest_core(glove, [0.5, 0.25, 0.25]).x == pytest.approx([1, 0, 0])
    # additive games: the core is the standalone point
    add = co.Game([0, 2, 3, 5])
    assert co.core_vertices(add).tolist() == [[2.0, 3.0]] and co.least_core(add).epsilon == 0.0
    assert co.is_balanced(add) and co.core_bounds(add)["P2"] == (3.0, 3.0)
    # all zero
    zero = co.Game(np.zeros(8))
    assert co.core_vertices(zero).tolist() == [[0.0, 0.0, 0.0]] and co.in_core(zero, [0, 0, 0])
    # one player
    one = co.Game([0, 7.0], players=["Solo"])
    assert co.core_vertices(one).tolist() == [[7.0]] and co.least_core(one).epsilon == 0.0
    assert co.is_balanced(one).core_point.as_dict() == {"Solo": 7.0}
    assert co.core_bounds(one)["Solo"] == (7.0, 7.0)
    assert co.nearest_core(one, [5.0]).distance == 2.0
    assert co.core_report(one, [7.0]).in_core and co.core_report(one, [7.0]).max_excess == float("-inf")
    # empty core: no vertices
    assert co.core_vertices(MAJORITY).shape == (0, 3)


def test_worths_from_a_millionth_to_a_billion():
    # partners worth half a billion each alone, and synergies of about a
    # millionth: the stability questions are about the synergies. The worths
    # are dyadic, so the table holds them exactly and the answers can be
    # compared to those of the synergies alone up to the rounding of the
    # shares themselves (a unit in the last place of half a billion).
    n = 4
    stand = np.array([2.0**29, 2.0**29, 2.0**-20, 0.0])
    r = np.random.default_rng(11)
    syn = np.zeros(1 << n)
    for s in range(1 << n):
        if bin(s).count("1") >= 2:
            syn[s] = r.integers(0, 17) * 2.0**-22
    add = np.array([sum(stand[i] for i in range(n) if s >> i & 1) for s in range(1 << n)])
    g, base = co.Game(add + syn), co.Game(syn)
    assert np.all(g.values - add == syn) and g.values.max() > 1e9 and g.values[g.values > 0].min() < 1e-6
    assert co.least_core(g).epsilon == co.least_core(base).epsilon
    ulp = np.spacing(2.0**30)
    if co.is_balanced(base):
        np.testing.assert_allclose(co.core_vertices(g) - stand, co.core_vertices(base), atol=2 * ulp)
        cb, cb0 = co.core_bounds(g), co.core_bounds(base)
        np.testing.assert_allclose(cb.lower - stand, cb0.lower, atol=2 * ulp)
        np.testing.assert_allclose(cb.upper - stand, cb0.upper, atol=2 * ulp)
    else:
        assert not co.is_balanced(g)


# ---------------------------------------------------------------------------
# constraint generation against LPs over every coalition
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("n, seed", [(7, 0), (9, 1), (10, 2)])
def test_constraint_generation_agrees_with_dense_lps(n, seed, monkeypatch):
    r = np.random.default_rng(seed)
    pc = np.array([bin(m).count("1") for m in range(1 << n)])
    v = pc ** 1.4 + r.random(1 << n) * (pc > 1)
    v[0] = 0.0
    v[1 << np.arange(n)] = 1.0
    g = co.Game(v)
    p = np.full(n, v[-1] / n) + np.arange(n) * 0.3
    results = {}
    for mode, limit in (("dense", 30), ("generated", 0)):
        monkeypatch.setattr(nu, "DENSE_MAX_N", limit)
        monkeypatch.setattr(nu, "DENSE_LP_MAX_N", limit)
        monkeypatch.setattr(nu, "SCIPY_DENSE_LP_MAX_N", limit)
        results[mode] = (co.least_core(g), co.core_bounds(g), co.nearest_core(g, p), co.is_balanced(g))
    (lc1, cb1, nc1, b1), (lc2, cb2, nc2, b2) = results["dense"], results["generated"]
    assert lc2.epsilon == pytest.approx(lc1.epsilon, abs=1e-9)
    np.testing.assert_allclose(cb2.lower, cb1.lower, atol=1e-8)
    np.testing.assert_allclose(cb2.upper, cb1.upper, atol=1e-8)
    assert nc2.distance == pytest.approx(nc1.distance, abs=1e-7)
    assert b1.balanced == b2.balanced
    assert "table scan" in lc2.message


def test_constraint_generation_certifies_an_empty_core(monkeypatch):
    monkeypatch.setattr(nu, "DENSE_MAX_N", 0)
    n = 9
    g = co.Game.from_function(lambda s: float(len(s) >= 5), [f"P{i}" for i in range(n)])
    cert = co.is_balanced(g)
    assert not cert
    masks = [g.mask(c) for c in cert.collection]
    np.testing.assert_allclose(rows_of(masks, n).T @ cert.weights, np.ones(n), atol=1e-9)
    assert cert.weights @ g.worths[masks] - 1.0 == pytest.approx(cert.gap)
    assert co.least_core(g).epsilon == pytest.approx(1 - 5 / 9)


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------
def test_bad_input():
    g = PAIRS
    with pytest.raises(co.InvalidGameError, match="`game` must be a coalition.Game"):
        co.core_report({"A": 1}, [1])
    for fn in (co.excess, co.core_report, co.in_core, co.nearest_core):
        with pytest.raises(co.InvalidAllocationError, match=r"`x` has shape \(2,\); the game has 3 players"):
            fn(g, [1, 2])
        with pytest.raises(co.InvalidAllocationError, match="`x` has non-finite shares"):
            fn(g, [1, np.nan, 2])
        with pytest.raises(co.InvalidAllocationError, match="`x` has no share for"):
            fn(g, {"A": 1, "B": 2})
    with pytest.raises(co.InvalidParameterError, match="`tol` must be at least 0"):
        co.core_report(g, [3, 3, 3], tol=-1e-9)
    with pytest.raises(co.InvalidParameterError, match="`tol` must be a number"):
        co.in_core(g, [3, 3, 3], tol=None)
    with pytest.raises(co.InvalidParameterError, match="`max_blocking`"):
        co.core_report(g, [3, 3, 3], max_blocking=-1)
    with pytest.raises(co.InvalidParameterError, match="`nonnegative`"):
        co.least_core(g, nonnegative="yes")
    with pytest.raises(co.InvalidParameterError, match="`norm` must be 'max' or 'total', got 'l2'"):
        co.nearest_core(g, [3, 3, 3], norm="l2")
    with pytest.raises(co.EmptyCoreError, match="least-core epsilon 0.3333"):
        co.core_bounds(MAJORITY)
    with pytest.raises(co.EmptyCoreError, match="nearest core point"):
        co.nearest_core(MAJORITY, [0.3, 0.3, 0.4])
    with pytest.raises(co.InvalidGameError, match="`game` has 7 players; core_vertices .* at most 6"):
        co.core_vertices(co.Game.from_function(len, list("ABCDEFG")))
    assert issubclass(co.EmptyCoreError, co.InfeasibleError)


def test_solver_failures_are_reported(monkeypatch):
    class Failed:
        status = 2
        message = "The problem is infeasible."

    monkeypatch.setattr(nu, "linprog", lambda *a, **k: Failed())
    monkeypatch.setattr(_lp, "linprog", lambda *a, **k: Failed())
    monkeypatch.setattr(_lp, "USE_HIGHSPY", False)
    for call in (lambda: co.is_balanced(PAIRS), lambda: co.core_vertices(PAIRS),
                 lambda: co.core_bounds(PAIRS), lambda: co.nearest_core(PAIRS, [5, 2, 2])):
        with pytest.raises(co.SolverError, match="status 2: The problem is infeasible"):
            call()


def test_nearest_core_returns_a_stable_proposal_unchanged():
    # (3, 3, 3) is the only core point of PAIRS; any LP rounding would show here.
    fix = co.nearest_core(PAIRS, [3, 3, 3])
    assert fix.distance == 0.0 and fix.x.tolist() == [3.0, 3.0, 3.0] and fix.change.tolist() == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("scale", [1e-12, 1e-9, 1.0, 1e9])
def test_core_vertices_do_not_merge_at_small_scales(scale):
    # The core of this convex game has the 6 marginal vectors as vertices, at any scale.
    base = np.array([0, 1, 1, 3, 1, 3, 3, 6.0])
    pts = co.core_vertices(co.Game(scale * base))
    assert len(pts) == 6
    np.testing.assert_allclose(pts.sum(axis=1), 6 * scale)


def test_least_core_accepts_numpy_bools():
    assert co.least_core(PAIRS, nonnegative=np.True_).epsilon == co.least_core(PAIRS, nonnegative=True).epsilon


# ---------------------------------------------------------------------------
# constraint generation against the LPs over every coalition, written out
# in tests/_stability_oracles.py; both LP back ends
# ---------------------------------------------------------------------------
BACKENDS = ["highspy", "scipy"] if _lp._highspy is not None else ["scipy"]


@contextlib.contextmanager
def generated(backend):
    """Every LP by constraint generation, on one back end."""
    saved = nu.DENSE_MAX_N, nu.DENSE_LP_MAX_N, nu.SCIPY_DENSE_LP_MAX_N, _lp.USE_HIGHSPY
    nu.DENSE_MAX_N = nu.DENSE_LP_MAX_N = nu.SCIPY_DENSE_LP_MAX_N = 0
    _lp.USE_HIGHSPY = backend == "highspy"
    try:
        yield
    finally:
        nu.DENSE_MAX_N, nu.DENSE_LP_MAX_N, nu.SCIPY_DENSE_LP_MAX_N, _lp.USE_HIGHSPY = saved


@st.composite
def lp_games(draw):
    """Integer games of 3 to 6 players of four kinds: any worths (often an
    empty core), worths below a fixed split (a non-empty core), convex games
    (a large core with large optimal faces), and cost games."""
    n = draw(st.integers(3, 6))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    kind = draw(st.sampled_from(["any", "below", "convex", "cost"]))
    pc = np.array([bin(m).count("1") for m in range(1 << n)])
    if kind == "any":
        v = rng.integers(-5, 20, 1 << n).astype(float)
    elif kind == "below":
        x = rng.integers(1, 10, n)
        xs = rows_of(np.arange(1 << n), n) @ x
        v = xs - rng.integers(0, 4, 1 << n) * (pc < n)
    elif kind == "convex":
        v = (rows_of(np.arange(1 << n), n) @ rng.integers(0, 5, n)) ** 2.0
    else:
        v = rng.integers(1, 10, 1 << n) + pc * 3.0
    v = v.astype(float)
    v[0] = 0.0
    return co.Game(v, kind="cost" if kind == "cost" else "profit")


@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(game=lp_games())
def test_generated_core_lps_match_the_full_lps(backend, game):
    n = game.n
    sense = -1.0 if game.kind == "cost" else 1.0
    table = game.values  # costs for a cost game: the oracle reads them as such
    scale = max(1.0, float(np.abs(table).max()))
    eps = full_lp_least_core_epsilon(table, n, sense)
    oracle = full_lp_core_bounds(table, n, sense) if eps <= 1e-9 * scale else None
    p = np.arange(n, dtype=float) + game.grand_value / n
    with generated(backend):
        lc = co.least_core(game)
        assert lc.epsilon == pytest.approx(eps, abs=1e-8 * scale)
        assert bool(co.is_balanced(game)) == (oracle is not None)
        if oracle is None:
            with pytest.raises(co.EmptyCoreError, match="has an empty core"):
                co.core_bounds(game)
            return
        cb = co.core_bounds(game)
        near = co.nearest_core(game, p)
    np.testing.assert_allclose(cb.lower, oracle[0], atol=1e-7 * scale)
    np.testing.assert_allclose(cb.upper, oracle[1], atol=1e-7 * scale)
    if game.kind == "profit":
        assert near.distance == pytest.approx(full_lp_nearest_core_max(table, n, p), abs=1e-7 * scale)
    assert co.in_core(game, near.x, tol=1e-7)


@pytest.mark.parametrize("backend", BACKENDS)
def test_degenerate_and_empty_cores_by_generation(backend):
    # Glove market, one left glove and 9 right ones: the core is one point
    # (the left glove takes all). Majority of 11: the core is empty.
    players = ["L"] + [f"R{i}" for i in range(9)]
    glove = co.Game.from_function(lambda s: float("L" in s and len(s) >= 2), players)
    majority = co.Game.from_function(lambda s: float(len(s) >= 6), [f"P{i}" for i in range(11)])
    with generated(backend):
        cb = co.core_bounds(glove)
        np.testing.assert_allclose(cb.lower, [1.0] + [0.0] * 9, atol=1e-9)
        np.testing.assert_allclose(cb.upper, cb.lower, atol=1e-9)
        with pytest.raises(co.EmptyCoreError, match=r"has an empty core \(least-core epsilon 0.4545"):
            co.core_bounds(majority)


def test_core_bounds_of_a_convex_game_scan_instead_of_listing_every_coalition():
    # Convex game: the core is the Weber set (Shapley 1971), so the floor of
    # i is v({i}) and its ceiling v(N) - v(N \ {i}). Its optimal faces are
    # large; the LP must still hold only a small part of the 2**14 coalitions.
    n = 14
    rng = np.random.default_rng(3)
    v = (rows_of(np.arange(1 << n), n) @ rng.random(n)) ** 2
    g = co.Game(v)
    full = (1 << n) - 1
    singles = 1 << np.arange(n)
    cb = co.core_bounds(g)
    scale = v[-1]
    np.testing.assert_allclose(cb.lower, v[singles], atol=1e-8 * scale)
    np.testing.assert_allclose(cb.upper, v[-1] - v[full ^ singles], atol=1e-8 * scale)
    held = int(cb.message.split(" coalitions in the LP")[0].rsplit(" ", 1)[-1])
    if _lp.have_highspy():
        assert held < (1 << n) // 8, cb.message
    else:  # without highspy, up to 16 players the LP lists every coalition
        assert held == (1 << n) - 2, cb.message
    nuc = co.nucleolus(g)
    assert co.verify_nucleolus(g, nuc.x)


def test_core_bounds_reports_progress():
    calls = []
    cb = co.core_bounds(PAIRS, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(k, 6) for k in range(1, 7)]
    np.testing.assert_allclose(cb.lower, [3.0, 3.0, 3.0])  # the core of PAIRS is one point
    calls.clear()
    co.compare(PAIRS, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (6, 6)


def test_cli_progress_prints_only_on_long_runs(capsys):
    from coalition.cli._app import _Progress

    quiet = _Progress("core floors and ceilings")  # prints after 2 s only
    quiet(1, 4)
    loud = _Progress("core floors and ceilings", after=0.0)
    loud(1, 4)
    loud(2, 4)  # within the second: skipped
    loud(4, 4)  # the last one always shows
    err = capsys.readouterr().err.splitlines()
    assert [e.split(" (")[0] for e in err] == [
        "coalition: core floors and ceilings: 1/4 LPs", "coalition: core floors and ceilings: 4/4 LPs"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_infeasible_lp_is_a_solver_error(backend, monkeypatch):
    monkeypatch.setattr(_lp, "USE_HIGHSPY", backend == "highspy")
    lp = _lp.GrowingLP(np.ones(1), np.array([-np.inf]), np.array([np.inf]))
    lp.add_rows(np.ones((1, 1)), [1.0], np.inf)
    lp.add_rows(np.ones((1, 1)), -np.inf, [0.0])
    with pytest.raises(co.SolverError, match="x: the LP solver .HiGHS. failed"):
        lp.solve("x")


def test_both_lp_back_ends_give_the_same_duals(monkeypatch):
    # min x0 + 2 x1 s.t. x0 + x1 >= 1, x0 - x1 <= 0.5, x0 >= 0.2: duals 1.5, -0.5.
    out = []
    for backend in BACKENDS:
        monkeypatch.setattr(_lp, "USE_HIGHSPY", backend == "highspy")
        lp = _lp.GrowingLP(np.array([1.0, 2.0]), np.array([0.2, -np.inf]), np.array([np.inf, np.inf]))
        lp.add_rows(np.array([[1.0, 1.0], [1.0, -1.0]]), [1.0, -np.inf], [np.inf, 0.5])
        sol = lp.solve("x")
        out.append((sol.x, sol.row_dual, sol.fun))
    for x, dual, fun in out:
        np.testing.assert_allclose(x, [0.75, 0.25], atol=1e-12)
        np.testing.assert_allclose(dual, [1.5, -0.5], atol=1e-12)
        assert fun == pytest.approx(1.25)


# ---------------------------------------------------------------------------
# units: answers scale with the game, from 1e-9 to 1e140
# ---------------------------------------------------------------------------
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(game=lp_games(), k=st.integers(-9, 140))
def test_answers_scale_with_the_worths(game, k):
    a = 10.0 ** k
    big = co.Game(game.values * a, kind=game.kind)
    scale = a * max(1.0, float(np.abs(game.values).max()))
    for rule in (co.nucleolus, co.prenucleolus, co.least_core):
        try:
            base = rule(game)
        except co.InfeasibleError:
            with pytest.raises(co.InfeasibleError):
                rule(big)
            continue
        out = rule(big)
        assert np.all(np.isfinite(out.x)) and out.x.sum() == pytest.approx(big.grand_value, abs=1e-9 * scale)
        if rule is co.least_core:
            # the least core is a set and the LP returns one of its vertices,
            # not necessarily the scaled image of the small game's vertex:
            # check the point is in the scaled least core instead
            worst = np.max(co.excess(big, out.x)[1:-1])
            assert worst == pytest.approx(out.epsilon, abs=1e-7 * scale)
            continue
        np.testing.assert_allclose(out.x, base.x * a, atol=1e-7 * scale)
    assert co.least_core(big).epsilon == pytest.approx(co.least_core(game).epsilon * a, abs=1e-8 * scale)
    try:
        cb = co.core_bounds(game)
    except co.EmptyCoreError:
        with pytest.raises(co.EmptyCoreError):
            co.core_bounds(big)
        return
    cbig = co.core_bounds(big)
    np.testing.assert_allclose(cbig.lower, cb.lower * a, atol=1e-7 * scale)
    np.testing.assert_allclose(cbig.upper, cb.upper * a, atol=1e-7 * scale)


def test_worths_that_overflow_give_an_error_not_a_wrong_split():
    # A path of 4 partners with standalone worths and synergies of 1e308:
    # coalitions of two or more are worth more than float64 holds.
    import networkx as nx

    graph = nx.path_graph(4)
    nx.set_edge_attributes(graph, 1e308, "weight")
    with np.errstate(over="ignore"):
        try:
            g = co.network.synergy_game(graph, standalone=1e308)
        except co.CoalitionError:
            return  # refused at construction: nothing to check here
        for rule in (co.nucleolus, co.prenucleolus, co.least_core, co.core_bounds, co.is_balanced):
            try:
                out = rule(g)
            except co.CoalitionError:
                continue
            x = getattr(out, "x", getattr(out, "lower", None))
            assert np.all(np.isfinite(x)) and np.isfinite(g.grand_value)
            assert x.sum() == pytest.approx(g.grand_value)


def test_an_additive_cost_game_is_judged_on_its_own_rounding():
    # The savings game of an additive cost game is all zeros, so a tolerance
    # relative to it is zero; the rounding of the costs (0.1 + 0.2 is not 0.3
    # in floating point) must not make an exact split inefficient or blocked.
    g = co.Game.from_dict({"A": 0.1 + 0.2}, kind="cost")
    assert co.core_report(g, [0.3]).efficient and co.in_core(g, [0.3])
    assert not co.core_report(g, [0.31]).efficient
    g = co.Game.from_dict({"A": 0.1, "B": 0.2, "A+B": 0.1 + 0.2}, kind="cost")
    assert co.core_report(g, [0.1, 0.2]).in_core and co.in_core(g, [0.1, 0.2])
    assert not co.in_core(g, [0.1001, 0.1999])


def test_rounding_of_decimal_worths_does_not_empty_the_core():
    """0.1 + 0.2 exceeds 0.3 by 5.6e-17 in floating point: the additive game
    with these decimal worths has the core {(0.1, 0.2)}, not an empty one."""
    g = co.Game([0, 0.1, 0.2, 0.3])
    cert = co.is_balanced(g)
    assert cert.balanced
    np.testing.assert_allclose(cert.core_point.x, [0.1, 0.2])
    np.testing.assert_allclose(co.core_vertices(g), [[0.1, 0.2]])
    # a real shortfall far above rounding is still reported
    assert not co.is_balanced(co.Game([0, 0.1, 0.2, 0.3 - 1e-9]))


def test_synergies_within_rounding_are_an_additive_game():
    # 0.1 + 0.2 is not 0.3 in floats: the game is additive up to rounding, its
    # core the one point of standalone worths; the LPs once took the rounding
    # (5.6e-17) as the game's scale: the nearest split failed in the LP
    # solver, and the corners came out an ulp apart
    g = co.Game.from_dict({"A": 0.1, "B": 0.2, "A+B": 0.3})
    near = co.nearest_core(g, [0, 0])
    np.testing.assert_allclose(near.x, [0.1, 0.2], atol=1e-15)
    assert near.distance == pytest.approx(0.2)
    assert co.is_balanced(g) and 0 < co.least_core(g).epsilon < 1e-16  # empty by rounding only
    np.testing.assert_allclose(co.core_vertices(g), [[0.1, 0.2]], atol=1e-15)
    cost = co.Game.from_dict({"A": 0.1, "B": 0.2, "A+B": 0.3}, kind="cost")
    assert co.core_vertices(cost).shape == (1, 2)
    a = [2.76, 75.35, 53.81, 32.97]
    names = list("ABCD")
    additive = co.Game.from_function(lambda s: sum(a[names.index(p)] for p in s), names)
    np.testing.assert_allclose(co.core_vertices(additive), [a], atol=1e-12)


def test_nearest_core_of_a_far_proposal():
    # a core one unit wide (P1 a veto player adding 1 to standalone worths in
    # the hundreds of thousands) and a proposal in the millions: the core is
    # the single point b + (1, 0, 0, 0, 0), at max distance 8,745,909.73
    b = [340823.11, 460926.92, 548451.39, 257298.37, 447988.69]
    names = ["P1", "P2", "P3", "P4", "P5"]
    g = co.Game.from_function(lambda s: sum(b[names.index(q)] for q in s) + float("P1" in s and len(s) >= 2), names)
    proposal = [3181405.57, -6173889.76, 371765.94, -8488611.36, 3372949.95]
    near = co.nearest_core(g, proposal)
    np.testing.assert_allclose(near.x, np.array(b) + [1, 0, 0, 0, 0], rtol=1e-12)
    assert near.distance == pytest.approx(8745909.73, rel=1e-12)


def test_core_bounds_progress_must_be_callable():
    g = co.Game.from_dict({"A": 0, "B": 0, "A+B": 1})
    with pytest.raises(co.errors.InvalidParameterError, match="`progress` must be None or a function"):
        co.core_bounds(g, progress=5)
    seen = []
    co.core_bounds(g, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (4, 4)
