"""Tests of coalition.bargaining: Nash, Kalai-Smorodinsky, egalitarian, Rubinstein.

Oracles:
* closed forms (transferable utility, smooth frontiers, Rubinstein 1982);
* published examples (Kalai and Smorodinsky 1975; Roth 1979; Binmore, Shaked
  and Sutton 1989; Binmore, Rubinstein and Wolinsky 1986);
* planted problems whose solution is known by construction from the
  optimality conditions (a supporting hyperplane and multipliers);
* an independent description of the same set (qhull facets of the
  free-disposal hull) and linear programs written in the tests;
* finite-horizon backward induction for alternating offers.

Test budget: under 60 seconds on a 2-core machine (hypothesis examples are
kept modest).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog
from scipy.spatial import ConvexHull

import coalition as co
from coalition.results import BargainingSolution, RubinsteinSplit

PROPS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------------------
# planted problems: the answer is known from the optimality conditions
# ---------------------------------------------------------------------------
def planted_nash_points(rng, n):
    """Outcomes whose free-disposal hull has the Nash point u* on a facet with
    normal q; powers w = q * (u* - d) make u* stationary (KKT), so u* is the
    unique Nash point."""
    q = rng.uniform(0.2, 2.0, n)
    d = rng.normal(0.0, 1.0, n)
    gain = rng.uniform(0.2, 2.0, n)
    u = d + gain
    w = q * gain
    j = int(rng.integers(1, n + 1))
    lam = rng.dirichlet(np.ones(j))
    offs = rng.normal(0.0, 0.5, (j, n))
    offs -= np.outer(offs @ q / (q @ q), q)
    offs[-1] = -(lam[:-1] @ offs[:-1]) / lam[-1]
    on_plane = u + offs
    m = int(rng.integers(0, 20))
    below = u + rng.normal(0.0, 1.0, (m, n))
    excess = np.maximum(below @ q - q @ u, 0.0) / (q @ q)
    below -= np.outer(excess + rng.uniform(0.01, 0.5, m) / np.linalg.norm(q), q)
    points = np.vstack([on_plane, below])
    return points[rng.permutation(len(points))], d, w, u


def planted_nash_constraints(rng, n):
    """``A u <= b`` with k active rows at u* and multipliers z > 0 such that
    w_i / (u*_i - d_i) = (A^T z)_i: the KKT conditions hold at u*."""
    d = rng.normal(0.0, 1.0, n)
    gain = rng.uniform(0.2, 2.0, n)
    u = d + gain
    k = int(rng.integers(1, n + 1))
    A_act = rng.uniform(0.0, 1.0, (k, n))
    A_act[:, rng.integers(n)] += 0.1  # no zero row
    z = rng.uniform(0.1, 1.0, k)
    w = gain * (A_act.T @ z)
    m = int(rng.integers(0, 10))
    A_in = rng.uniform(-0.3, 1.0, (m, n))
    b_in = A_in @ u + rng.uniform(0.01, 1.0, m)
    # make d strictly feasible for the inactive rows too
    b_in = np.maximum(b_in, A_in @ d + 0.01)
    A = np.vstack([A_act, A_in, np.ones((1, n))])
    b = np.concatenate([A_act @ u, b_in, [np.ones(n) @ u + 1.0]])
    order = rng.permutation(len(b))
    return A[order], b[order], d, w, u


@pytest.mark.parametrize("n", [2, 3, 5, 8])
def test_nash_points_planted(n):
    rng = np.random.default_rng(100 + n)
    for _ in range(12):
        points, d, w, u = planted_nash_points(rng, n)
        sol = co.nash_bargaining(points, disagreement=d, power=w)
        np.testing.assert_allclose(sol.x, u, rtol=0, atol=1e-9)
        assert sol.status == "optimal"
        np.testing.assert_allclose(sol.weights, w / w.sum())


@pytest.mark.parametrize("n", [2, 3, 5, 8])
def test_nash_constraints_planted(n):
    rng = np.random.default_rng(200 + n)
    for _ in range(12):
        A, b, d, w, u = planted_nash_constraints(rng, n)
        sol = co.nash_bargaining((A, b), disagreement=d, power=w)
        np.testing.assert_allclose(sol.x, u, rtol=0, atol=1e-9)
        assert "KKT conditions verified" in sol.message


def planted_ks_points(rng, n):
    """All outcomes dominate d, so the ideal point is the column maximum;
    the axis outcomes d + r_i e_i reach it; x* = d + t r lies on a facet
    with normal q whose other outcomes surround x*."""
    d = rng.normal(0.0, 1.0, n)
    r = rng.uniform(0.5, 2.0, n)
    q = rng.uniform(0.8, 1.2, n) / r
    t = rng.uniform(max(q * r) / (q @ r) + 0.02, 0.97)
    x = d + t * r
    axis = d + np.diag(r)
    j = int(rng.integers(1, n + 1))
    lam = rng.dirichlet(np.ones(j))
    offs = rng.normal(0.0, 1.0, (j, n))
    offs -= np.outer(offs @ q / (q @ q), q)
    offs[-1] = -(lam[:-1] @ offs[:-1]) / lam[-1]
    room = np.min(np.minimum(x - d, d + r - x))
    offs *= 0.5 * room / max(np.max(np.abs(offs)), 1e-12)
    points = np.vstack([axis, x + offs])
    return points[rng.permutation(len(points))], d, d + r, x


@pytest.mark.parametrize("n", [2, 3, 4, 7])
def test_kalai_smorodinsky_points_planted(n):
    rng = np.random.default_rng(300 + n)
    for _ in range(10):
        points, d, ideal, x = planted_ks_points(rng, n)
        sol = co.kalai_smorodinsky(points, disagreement=d)
        np.testing.assert_allclose(sol.ideal, ideal, rtol=0, atol=1e-10)
        np.testing.assert_allclose(sol.x, x, rtol=0, atol=1e-9)


@pytest.mark.parametrize("n", [2, 3, 4, 7])
def test_kalai_smorodinsky_constraints_planted(n):
    rng = np.random.default_rng(400 + n)
    for _ in range(10):
        d = rng.normal(0.0, 1.0, n)
        r = rng.uniform(0.5, 2.0, n)
        q = rng.uniform(0.8, 1.2, n) / r
        t = rng.uniform(max(q * r) / (q @ r) + 0.02, 0.97)
        x = d + t * r
        # box u <= d + r, the facet q.u <= q.x, and loose rows
        m = 4
        A_in = rng.uniform(0.0, 1.0, (m, n))
        b_in = A_in @ (d + r) + rng.uniform(0.1, 1.0, m)
        A = np.vstack([np.eye(n), q[None, :], A_in])
        b = np.concatenate([d + r, [q @ x], b_in])
        sol = co.kalai_smorodinsky((A, b), disagreement=d)
        np.testing.assert_allclose(sol.ideal, d + r, rtol=0, atol=1e-9)
        np.testing.assert_allclose(sol.x, x, rtol=0, atol=1e-9)


@pytest.mark.parametrize("n", [2, 3, 6])
def test_egalitarian_planted(n):
    """x* = d + t w sits on a facet (normal q > 0) of both forms."""
    rng = np.random.default_rng(500 + n)
    for _ in range(10):
        d = rng.normal(0.0, 1.0, n)
        w = rng.uniform(0.2, 2.0, n)
        t = rng.uniform(0.5, 2.0)
        x = d + t * w / w.max()
        q = rng.uniform(0.2, 2.0, n)
        offs = rng.normal(0.0, 0.3, (n, n))
        offs -= np.outer(offs @ q / (q @ q), q)
        lam = rng.dirichlet(np.ones(n))
        offs[-1] = -(lam[:-1] @ offs[:-1]) / lam[-1]
        points = np.vstack([x + offs, x - rng.uniform(0.1, 1.0, (5, n))])
        np.testing.assert_allclose(co.egalitarian(points, disagreement=d, weights=w).x, x, atol=1e-9)
        A = np.vstack([q[None, :], rng.uniform(0.0, 1.0, (3, n))])
        b = np.concatenate([[q @ x], A[1:] @ x + 0.5])
        np.testing.assert_allclose(co.egalitarian((A, b), disagreement=d, weights=w).x, x, atol=1e-9)


# ---------------------------------------------------------------------------
# an independent description of the same set: qhull facets
# ---------------------------------------------------------------------------
def disposal_facets(points, lo):
    """Facets ``A u <= b`` of the free-disposal hull of `points`, cut at `lo`
    (computed with qhull, independently of the library)."""
    n = points.shape[1]
    corners = []
    for v in points:
        for mask in itertools.product([False, True], repeat=n):
            c = v.copy()
            c[list(mask)] = lo[list(mask)]
            corners.append(c)
    hull = ConvexHull(np.array(corners))
    A = hull.equations[:, :-1]
    b = -hull.equations[:, -1]
    return A, b


def lp_ideal(A, b, d):
    n = A.shape[1]
    out = []
    for i in range(n):
        c = np.zeros(n)
        c[i] = -1
        res = linprog(c, A_ub=A, b_ub=b, bounds=[(di, None) for di in d], method="highs-ipm")
        out.append(res.x[i])
    return np.array(out)


def ray_hit(A, b, d, r):
    ar = A @ r
    pos = ar > 1e-12
    return d + np.min((b[pos] - A[pos] @ d) / ar[pos]) * r


@pytest.mark.parametrize("n", [2, 3])
def test_points_agree_with_their_facets(n):
    rng = np.random.default_rng(600 + n)
    for _ in range(8):
        pts = rng.uniform(0.0, 1.0, (6, n)) + rng.uniform(0, 1, n)
        d = np.min(pts, axis=0) + 0.1 * rng.random(n)
        if not np.any(np.all(pts > d, axis=1)):
            continue
        lo = d - 1.0
        A, b = disposal_facets(pts, lo)
        # Nash: two code paths (dual program on points, primal on facets)
        w = rng.uniform(0.5, 2.0, n)
        x_pts = co.nash_bargaining(pts, disagreement=d, power=w).x
        x_fac = co.nash_bargaining((A, b), disagreement=d, power=w).x
        np.testing.assert_allclose(x_pts, x_fac, atol=1e-8)
        # Kalai-Smorodinsky and egalitarian against LPs and rays on the facets
        ideal = lp_ideal(A, b, d)
        ks = co.kalai_smorodinsky(pts, disagreement=d)
        np.testing.assert_allclose(ks.ideal, ideal, atol=1e-7)
        np.testing.assert_allclose(ks.x, ray_hit(A, b, d, ideal - d), atol=1e-7)
        eg = co.egalitarian(pts, disagreement=d)
        np.testing.assert_allclose(eg.x, ray_hit(A, b, d, np.ones(n)), atol=1e-9)


# ---------------------------------------------------------------------------
# published examples
# ---------------------------------------------------------------------------
KS_S = [[0, 0], [0, 1], [0.75, 0.75], [1, 0]]
KS_T = [[0, 0], [0, 1], [1, 0.7], [1, 0]]


def test_kalai_smorodinsky_1975_example():
    """Kalai and Smorodinsky (1975), Econometrica 43(3), 513-518: the sets
    S = conv{(0,0),(0,1),(3/4,3/4),(1,0)} and T = conv{(0,0),(0,1),(1,0.7),(1,0)}.
    T contains S and both give player 2 the same best hope (1), yet the Nash
    solution gives player 2 less in T (0.7 < 0.75): Nash is not individually
    monotonic. The KS solution gives 10/13 > 3/4 in T."""
    ns, nt = co.nash_bargaining(KS_S).x, co.nash_bargaining(KS_T).x
    np.testing.assert_allclose(ns, [0.75, 0.75], atol=1e-12)
    np.testing.assert_allclose(nt, [1.0, 0.7], atol=1e-12)
    assert nt[1] < ns[1]
    ks_s, ks_t = co.kalai_smorodinsky(KS_S), co.kalai_smorodinsky(KS_T)
    np.testing.assert_allclose(ks_s.x, [0.75, 0.75], atol=1e-12)
    np.testing.assert_allclose(ks_t.x, [10 / 13, 10 / 13], atol=1e-12)
    np.testing.assert_allclose(ks_s.ideal, [1, 1])
    np.testing.assert_allclose(ks_t.ideal, [1, 1])
    assert ks_t.x[1] >= ks_s.x[1]


def test_roth_1979_three_partner_example():
    """Roth (1979), Axiomatic Models of Bargaining: the comprehensive hull of
    (1,1,0) and (1,0,1) with d = 0. The ideal point is (1,1,1); KS (and the
    egalitarian solution) is (1/2,1/2,1/2), which (1,1/2,1/2) dominates: for
    three partners KS is only weakly Pareto optimal. The Nash point maximises
    u1 u2 u3 on u1 <= 1, u2 + u3 <= 1: (1, 1/2, 1/2)."""
    pts = [[1, 1, 0], [1, 0, 1]]
    np.testing.assert_allclose(co.nash_bargaining(pts).x, [1, 0.5, 0.5], atol=1e-10)
    ks = co.kalai_smorodinsky(pts)
    np.testing.assert_allclose(ks.ideal, [1, 1, 1])
    np.testing.assert_allclose(ks.x, [0.5, 0.5, 0.5], atol=1e-12)
    np.testing.assert_allclose(co.egalitarian(pts).x, [0.5, 0.5, 0.5], atol=1e-12)
    # same set as constraints and as a frontier u3 = 1 - u2 (u1 <= 1)
    A = [[1, 0, 0], [0, 1, 1]]
    np.testing.assert_allclose(co.nash_bargaining((A, [1, 1])).x, [1, 0.5, 0.5], atol=1e-10)


def test_sqrt_frontier_closed_forms():
    """u2 = sqrt(1 - u1), d = 0. Nash: maximise u1 sqrt(1 - u1), the
    first-order condition 2 (1 - u1) = u1 gives u1 = 2/3, u2 = 1/sqrt(3).
    KS: the ideal is (1, 1) and t = sqrt(1 - t) gives the golden ratio
    conjugate (sqrt 5 - 1) / 2. Weighted Nash: maximise w1 log u1 +
    (w2 / 2) log(1 - u1), so u1 = w1 / (w1 + w2 / 2)."""
    f = lambda u1: np.sqrt(1 - u1)  # noqa: E731
    np.testing.assert_allclose(co.nash_bargaining(f).x, [2 / 3, 1 / math.sqrt(3)], atol=1e-9)
    g = (math.sqrt(5) - 1) / 2
    ks = co.kalai_smorodinsky(f)
    np.testing.assert_allclose(ks.x, [g, g], atol=1e-12)
    np.testing.assert_allclose(ks.ideal, [1, 1], atol=1e-12)
    np.testing.assert_allclose(co.egalitarian(f).x, [g, g], atol=1e-12)
    for w1, w2 in [(1, 3), (2, 1), (5, 1)]:
        u1 = w1 / (w1 + w2 / 2)
        np.testing.assert_allclose(co.nash_bargaining(f, power=[w1, w2]).x, [u1, math.sqrt(1 - u1)], atol=1e-9)


def test_frontier_with_disagreement_closed_form():
    # u2 <= 1 - u1^2, d = (0.1, 0.2): 1/(u - 0.1) = 2u/(0.8 - u^2), i.e.
    # 3u^2 - 0.2u - 0.8 = 0
    u = (0.2 + math.sqrt(0.04 + 9.6)) / 6
    sol = co.nash_bargaining(lambda t: 1 - t**2, disagreement=[0.1, 0.2])
    np.testing.assert_allclose(sol.x, [u, 1 - u**2], atol=1e-9)


@settings(max_examples=15, deadline=None)
@given(st.floats(1.0, 6.0), st.floats(0.3, 3.0), st.floats(0.3, 3.0), st.floats(0.0, 0.4), st.floats(0.0, 0.4))
def test_superellipse_frontier_against_analytic_slope(p, w1, w2, d1, d2):
    """u2 = (1 - u1^p)^(1/p), concave for p >= 1. The Nash point solves
    w1 / (u1 - d1) + w2 f'(u1) / (f(u1) - d2) = 0 with the analytic slope
    f'(u) = -u^(p-1) (1 - u^p)^(1/p - 1); root found by brentq here."""
    from scipy.optimize import brentq

    def f(u):
        return (1 - u**p) ** (1 / p) if 0 <= u <= 1 else math.nan

    def fprime(u):
        return -(u ** (p - 1)) * (1 - u**p) ** (1 / p - 1)

    assume(f(d1) > d2 + 0.05)
    hi = brentq(lambda u: f(u) - d2, d1, 1.0) if d2 > 0 else 1.0
    g = lambda u: w1 / (u - d1) + w2 * fprime(u) / (f(u) - d2)  # noqa: E731
    u1 = brentq(g, d1 + 1e-12, hi - 1e-12, xtol=1e-15)
    sol = co.nash_bargaining(f, disagreement=[d1, d2], power=[w1, w2])
    np.testing.assert_allclose(sol.x, [u1, f(u1)], atol=1e-8)


def test_kinked_frontier_nash_at_the_corner():
    # u2 = min(1 - u1/2, 2 - 3 u1): the product rises along the first piece
    # (maximum at u1 = 1) and falls along the second (maximum at 1/3), so the
    # Nash point is the corner (0.4, 0.8); the points form agrees exactly.
    sol = co.nash_bargaining(lambda t: min(1 - 0.5 * t, 2 - 3 * t))
    np.testing.assert_allclose(sol.x, [0.4, 0.8], atol=1e-8)
    exact = co.nash_bargaining([[0, 1], [0.4, 0.8], [2 / 3, 0]])
    np.testing.assert_allclose(exact.x, [0.4, 0.8], atol=1e-12)


def test_three_partner_frontier_closed_form():
    """u3 = sqrt(1 - u1^2 - u2^2): maximising sum w_i log u_i on the unit
    sphere gives u_i^2 = w_i / sum(w)."""
    s = co.FeasibleSet.from_frontier(lambda y: math.sqrt(1 - y[0] ** 2 - y[1] ** 2), n=3)
    for w in ([1, 1, 1], [1, 2, 3], [4, 1, 2]):
        w = np.array(w, dtype=float)
        np.testing.assert_allclose(co.nash_bargaining(s, power=w).x, np.sqrt(w / w.sum()), atol=1e-8)
    e = 1 / math.sqrt(3)
    np.testing.assert_allclose(co.kalai_smorodinsky(s).x, [e, e, e], atol=1e-12)
    np.testing.assert_allclose(co.kalai_smorodinsky(s).ideal, [1, 1, 1], atol=1e-12)
    np.testing.assert_allclose(co.egalitarian(s).x, [e, e, e], atol=1e-12)


def test_three_forms_of_one_set_agree():
    # the simplex u1 + u2 <= 1: Nash gives power shares
    for w in ([1, 1], [1, 3]):
        share = np.array(w) / sum(w)
        for prob in ([[1, 0], [0, 1]], ([[1, 1]], [1]), lambda t: 1 - t):
            np.testing.assert_allclose(co.nash_bargaining(prob, power=w).x, share, atol=1e-9)
            np.testing.assert_allclose(co.kalai_smorodinsky(prob).x, [0.5, 0.5], atol=1e-12)


# ---------------------------------------------------------------------------
# transferable utility: closed forms
# ---------------------------------------------------------------------------
def random_game(rng, n, kind="profit"):
    vals = np.concatenate([[0.0], rng.uniform(0, 10, (1 << n) - 1)])
    vals[-1] = vals[1 << np.arange(n)].sum() + rng.uniform(1, 20)
    if kind == "cost":
        vals[-1] = vals[1 << np.arange(n)].sum() - rng.uniform(1, 5)
    return co.Game(vals, kind=kind)


@pytest.mark.parametrize("n", [2, 3, 5])
def test_tu_nash_closed_form(n):
    rng = np.random.default_rng(n)
    g = random_game(rng, n)
    vN = g.value(g.mask(g.players))
    d = np.array([g.value(p) for p in g.players])
    w = rng.uniform(0.1, 3.0, n)
    expected = d + w / w.sum() * (vN - d.sum())
    sol = co.nash_bargaining(g, power=w)
    np.testing.assert_allclose(sol.x, expected, rtol=1e-12)
    np.testing.assert_allclose(sol.disagreement, d)
    np.testing.assert_allclose(sol.x.sum(), vN, rtol=1e-12)
    # default equal power: split the surplus equally (equal_surplus)
    np.testing.assert_allclose(co.nash_bargaining(g).x, co.equal_surplus(g).x, rtol=1e-12)
    # explicit outside options as a dict, and "zero"
    opts = {p: float(v) for p, v in zip(g.players, 0.5 * d)}
    np.testing.assert_allclose(
        co.nash_bargaining(g, disagreement=opts).x, 0.5 * d + (vN - 0.5 * d.sum()) / n, rtol=1e-12
    )
    np.testing.assert_allclose(co.nash_bargaining(g, disagreement="zero").x, np.full(n, vN / n), rtol=1e-12)


def test_tu_kalai_smorodinsky_and_egalitarian():
    g = co.Game.from_dict({"A": 10, "B": 20, "C": 0, "A+B": 40, "A+C": 10, "B+C": 20, "A+B+C": 60})
    ks = co.kalai_smorodinsky(g)
    np.testing.assert_allclose(ks.x, [20, 30, 10])
    np.testing.assert_allclose(ks.ideal, [40, 50, 30])  # v(N) minus the others' options
    eg = co.egalitarian(g, weights={"A": 1, "B": 1, "C": 2})
    np.testing.assert_allclose(eg.x, [17.5, 27.5, 15])


def test_tu_cost_game_reports_cost_shares():
    # c(A) = 10, c(B) = 8, c(AB) = 15: 3 of savings; each saves 1.5 with equal
    # power and pays its standalone cost minus that
    g = co.Game([0, 10, 8, 15], players=["A", "B"], kind="cost")
    sol = co.nash_bargaining(g)
    assert sol.kind == "cost"
    np.testing.assert_allclose(sol.x, [8.5, 6.5])
    np.testing.assert_allclose(sol.disagreement, [10, 8])
    np.testing.assert_allclose(sol.gain, [1.5, 1.5])
    # outside options as costs (what each pays with its best alternative)
    sol = co.nash_bargaining(g, disagreement=[9, 8], power=[1, 2])
    # savings over the options: 9 + 8 - 15 = 2, shared 1:2
    np.testing.assert_allclose(sol.x, [9 - 2 / 3, 8 - 4 / 3])
    np.testing.assert_allclose(sol.x.sum(), 15)


def test_tu_needs_no_dense_table():
    # 40 voters, majority 21: v(N) = 1, every v({i}) = 0; Nash splits 1 by power.
    # Only v(N) and the standalone worths are read, never the 2**40 table.
    g = co.families.weighted_voting([1] * 40, quota=21)
    w = np.arange(1, 41, dtype=float)
    np.testing.assert_allclose(co.nash_bargaining(g, power=w).x, w / w.sum(), rtol=1e-12)
    np.testing.assert_allclose(co.kalai_smorodinsky(g).x, np.full(40, 1 / 40), rtol=1e-12)


# ---------------------------------------------------------------------------
# properties (hypothesis)
# ---------------------------------------------------------------------------
def outcome_sets(n_min=2, n_max=4):
    return st.integers(n_min, n_max).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.integers(2, 8),
            st.integers(0, 2**32 - 1),
        )
    )


def make_points(n, m, seed):
    rng = np.random.default_rng(seed)
    pts = rng.uniform(0.0, 1.0, (m, n)) ** rng.uniform(0.5, 2.0)
    pts = np.vstack([pts, np.full((1, n), 0.3)])  # something above d = 0.1
    return pts * rng.uniform(0.5, 3.0, n), rng


def pareto_slack(points, x):
    """Largest total gain sum(u - x) with u >= x in the hull (an LP)."""
    m, n = points.shape
    # variables lam: maximise sum(V^T lam) - sum(x) s.t. V^T lam >= x
    res = linprog(-points.sum(axis=1), A_ub=-points.T, b_ub=-x, A_eq=np.ones((1, m)), b_eq=[1],
                  bounds=[(0, None)] * m, method="highs-ipm")
    return float(points.sum(axis=1) @ res.x - x.sum())


def weak_pareto_slack(points, x):
    """Largest t with x + t (1, ..., 1) in the hull (an LP)."""
    m, n = points.shape
    res = linprog(np.r_[np.zeros(m), -1.0], A_ub=np.hstack([-points.T, np.ones((n, 1))]), b_ub=-x,
                  A_eq=np.r_[np.ones(m), 0.0][None, :], b_eq=[1],
                  bounds=[(0, None)] * m + [(None, None)], method="highs-ipm")
    return float(res.x[-1])


@PROPS
@given(outcome_sets())
def test_pareto_optimality(case):
    n, m, seed = case
    pts, _ = make_points(n, m, seed)
    d = np.full(n, 0.1) * pts.min(axis=0).clip(0)
    x = co.nash_bargaining(pts, disagreement=d).x
    assert pareto_slack(pts, x) <= 1e-7  # Nash: strongly Pareto optimal
    for rule in (co.kalai_smorodinsky, co.egalitarian):
        assert abs(weak_pareto_slack(pts, rule(pts, disagreement=d).x)) <= 1e-7
    if n == 2:  # two partners: KS is Pareto optimal too
        assert pareto_slack(pts, co.kalai_smorodinsky(pts, disagreement=d).x) <= 1e-7


@PROPS
@given(outcome_sets(2, 3))
def test_symmetry(case):
    n, m, seed = case
    pts, _ = make_points(n, m, seed)
    sym = np.vstack([pts[:, list(p)] for p in itertools.permutations(range(n))])
    d = np.full(n, 0.05)
    for rule in (co.nash_bargaining, co.kalai_smorodinsky, co.egalitarian):
        x = rule(sym, disagreement=d).x
        np.testing.assert_allclose(x, np.full(n, x.mean()), atol=1e-8)


@PROPS
@given(outcome_sets(), st.lists(st.floats(0.2, 5.0), min_size=4, max_size=4),
       st.lists(st.floats(-3.0, 3.0), min_size=4, max_size=4))
def test_scale_covariance(case, a, c):
    n, m, seed = case
    pts, rng = make_points(n, m, seed)
    a, c = np.array(a[:n]), np.array(c[:n])
    d = np.full(n, 0.1)
    w = rng.uniform(0.5, 2.0, n)
    for rule, kw in ((co.nash_bargaining, {"power": w}), (co.kalai_smorodinsky, {})):
        x = rule(pts, disagreement=d, **kw).x
        y = rule(pts * a + c, disagreement=d * a + c, **kw).x
        np.testing.assert_allclose(y, x * a + c, atol=1e-7 * np.max(np.abs(x * a + c)) + 1e-8)


@PROPS
@given(outcome_sets(2, 2), st.floats(0.0, 1.0), st.floats(0.05, 3.0))
def test_kalai_smorodinsky_individual_monotonicity(case, frac, stretch):
    """Adding an outcome that raises partner 1's best hope but not partner
    2's never lowers partner 1's KS utility (Kalai and Smorodinsky 1975)."""
    n, m, seed = case
    pts, _ = make_points(n, m, seed)
    # d = 0: every outcome dominates it, so the ideal is the column maximum
    top = pts.max(axis=0)
    extra = np.array([top[0] * (1 + stretch), frac * top[1]])
    small, big = co.kalai_smorodinsky(pts), co.kalai_smorodinsky(np.vstack([pts, extra]))
    assert big.ideal[1] == pytest.approx(small.ideal[1], abs=1e-12)
    assert big.x[0] >= small.x[0] - 1e-9


@PROPS
@given(outcome_sets(), st.integers(0, 2**32 - 1))
def test_nash_independence_of_irrelevant_alternatives(case, seed2):
    n, m, seed = case
    pts, rng = make_points(n, m, seed)
    rng2 = np.random.default_rng(seed2)
    w = rng2.uniform(0.5, 2.0, n)
    d = np.full(n, 0.1)
    x = co.nash_bargaining(pts, disagreement=d, power=w).x
    # shrink the set around x: keep some outcomes, add x itself
    keep = pts[rng2.random(len(pts)) < 0.5]
    sub = np.vstack([keep, x])
    np.testing.assert_allclose(co.nash_bargaining(sub, disagreement=d, power=w).x, x, atol=1e-8)
    # the same with constraints: add a cut through (or beyond) x
    A, b = disposal_facets(pts, d - 1.0) if n <= 3 else (None, None)
    if A is not None:
        a = rng2.uniform(0.0, 1.0, n) + 0.01
        cut_A = np.vstack([A, a])
        cut_b = np.append(b, a @ x + rng2.uniform(0, 0.1))
        np.testing.assert_allclose(co.nash_bargaining((cut_A, cut_b), disagreement=d, power=w).x, x, atol=1e-7)


@PROPS
@given(st.integers(2, 4), st.integers(0, 2**32 - 1))
def test_tu_closed_form_properties(n, seed):
    rng = np.random.default_rng(seed)
    g = random_game(rng, n)
    w = rng.uniform(0.1, 3.0, n)
    x = co.nash_bargaining(g, power=w)
    # efficient, individually rational, and gains proportional to power
    assert x.x.sum() == pytest.approx(g.grand_value, rel=1e-12)
    assert np.all(x.gain > 0)
    np.testing.assert_allclose(x.gain / x.gain.sum(), w / w.sum(), rtol=1e-10)
    # the TU Nash split is the NTU Nash point of the set sum(u) <= v(N)
    ntu = co.nash_bargaining(([np.ones(n)], [g.grand_value]), disagreement=x.disagreement, power=w)
    np.testing.assert_allclose(ntu.x, x.x, atol=1e-9 * g.grand_value)


# ---------------------------------------------------------------------------
# Rubinstein
# ---------------------------------------------------------------------------
def backward_induction(pie, d, first, opts, rounds=4000):
    """Subgame-perfect shares of the alternating-offers game truncated after
    `rounds` offers (no deal, no options at the end), solved backwards: in the
    last round the proposer takes what the responder's option leaves; before
    that, the responder is offered the best of its option and the discounted
    value of proposing next round (Stahl 1972; Rubinstein 1982)."""
    o = [-math.inf if opts is None else opts[0], -math.inf if opts is None else opts[1]]
    # value of proposing in the last round, for each partner
    value = [pie - max(o[1], 0.0), pie - max(o[0], 0.0)]
    for _ in range(rounds):
        value = [pie - max(o[1], d[1] * value[1]), pie - max(o[0], d[0] * value[0])]
    x = np.empty(2)
    x[first] = value[first]
    x[1 - first] = pie - value[first]
    return x


def test_rubinstein_equal_discount_published():
    """Rubinstein (1982): with a common discount factor the first proposer
    gets 1 / (1 + delta) of the pie (Osborne and Rubinstein 1994,
    Proposition 122.1)."""
    for delta in (0.5, 0.9, 0.99):
        s = co.rubinstein(delta)
        np.testing.assert_allclose(s.x, [1 / (1 + delta), delta / (1 + delta)], rtol=1e-14)
        assert s.first == "P1"
        assert s.binding == (False, False)


@pytest.mark.parametrize("d1,d2,first", [(0.9, 0.8, 0), (0.6, 0.95, 0), (0.9, 0.8, 1), (0.3, 0.7, 1)])
def test_rubinstein_unequal_discount(d1, d2, first):
    d = (d1, d2)
    s = co.rubinstein(d, pie=10.0, first=first)
    p, r = first, 1 - first
    expected = np.empty(2)
    expected[p] = 10 * (1 - d[r]) / (1 - d[p] * d[r])
    expected[r] = 10 - expected[p]
    np.testing.assert_allclose(s.x, expected, rtol=1e-14)
    np.testing.assert_allclose(s.x, backward_induction(10.0, d, first, None), rtol=1e-12)
    by_name = co.rubinstein(d, pie=10.0, first=("P1", "P2")[first])
    np.testing.assert_allclose(by_name.x, s.x)


@settings(max_examples=60, deadline=None)
@given(st.floats(0.05, 0.98), st.floats(0.05, 0.98), st.integers(0, 1),
       st.floats(-0.5, 0.95), st.floats(-0.5, 0.95))
def test_rubinstein_outside_options_match_backward_induction(d1, d2, first, o1, o2):
    assume(o1 + o2 < 0.99)
    s = co.rubinstein((d1, d2), first=first, outside_options=[o1, o2])
    np.testing.assert_allclose(s.x, backward_induction(1.0, (d1, d2), first, (o1, o2)), atol=1e-12)
    plain = co.rubinstein((d1, d2), first=first)
    r = 1 - first
    # the outside option principle: the responder's option binds only when it
    # beats its share without it, and then it gets exactly its option
    if s.binding[r] and not s.binding[first]:
        assert s.x[r] == pytest.approx(max(s.outside_options[r], plain.x[r]), abs=1e-12)
        assert s.outside_options[r] > plain.x[r] - 1e-12
    if not any(s.binding):
        np.testing.assert_allclose(s.x, plain.x, atol=1e-14)
    o_r = (o1, o2)[r]
    if not s.binding[first] and abs(o_r - plain.x[r]) > 1e-12:
        assert s.binding[r] == (o_r > plain.x[r])


def test_binmore_shaked_sutton_outside_option_principle():
    """Binmore, Shaked and Sutton (1989): with patient partners (delta near
    1) the split is (1/2, 1/2) when the responder's outside option is at most
    1/2, and (1 - w, w) when its option w exceeds 1/2."""
    for w, expected in ((0.2, 0.5), (0.45, 0.5), (0.6, 0.6), (0.8, 0.8)):
        s = co.rubinstein(rates=(1.0, 1.0), step=1e-7, outside_options=[0.0, w])
        np.testing.assert_allclose(s.x, [1 - expected, expected], atol=1e-6)
        assert s.binding[1] == (w > 0.5)


def test_rubinstein_tends_to_asymmetric_nash():
    """Binmore, Rubinstein and Wolinsky (1986): with delta_i = exp(-r_i step),
    as step -> 0 the split tends to the Nash split with powers 1 / r_i."""
    rates = (0.05, 0.2)
    nash = co.nash_bargaining(co.Game([0, 0, 0, 1]), power=[1 / rates[0], 1 / rates[1]]).x
    np.testing.assert_allclose(nash, [0.8, 0.2])
    errors = []
    for step in (1e-1, 1e-2, 1e-3, 1e-4):
        s = co.rubinstein(rates=rates, step=step)
        np.testing.assert_allclose(s.discount, np.exp(-np.array(rates) * step))
        errors.append(np.max(np.abs(s.x - nash)))
    assert errors[-1] < 1e-5
    assert all(b < a for a, b in zip(errors, errors[1:]))  # shrinks with the step
    # either partner proposing first gives the same limit
    np.testing.assert_allclose(co.rubinstein(rates=rates, step=1e-7, first=1).x, nash, atol=1e-6)


# ---------------------------------------------------------------------------
# result objects
# ---------------------------------------------------------------------------
def test_result_objects():
    g = co.Game.from_dict({"Hub": 30, "Battery": 10, "Hub+Battery": 100})
    sol = co.nash_bargaining(g, power={"Hub": 2, "Battery": 1})
    assert isinstance(sol, BargainingSolution) and isinstance(sol, co.Allocation)
    assert sol["Hub"] == pytest.approx(70.0)
    assert sol.as_dict() == {"Hub": 70.0, "Battery": 30.0}
    assert "nash" in repr(sol) and "disagreement" in repr(sol)
    assert "<table>" in sol._repr_html_()
    np.testing.assert_allclose(sol.weights, [2 / 3, 1 / 3])
    with pytest.raises(AttributeError):
        sol.x = None
    with pytest.raises(ValueError):
        sol.x[0] = 1.0
    ks = co.kalai_smorodinsky([[1, 0], [0, 1]], disagreement={"P1": 0.2, "P2": 0.1})
    assert ks.kind == "utility" and "ideal" in repr(ks)
    np.testing.assert_allclose(ks.gain, ks.x - ks.disagreement)
    rs = co.rubinstein(0.9, outside_options={"A": 0.1, "B": 0.7}, players=["A", "B"])
    assert isinstance(rs, RubinsteinSplit)
    assert rs.as_dict() == pytest.approx({"A": 0.3, "B": 0.7})
    assert rs.binding == (False, True)
    assert "outside option" in repr(rs) and "<table>" in rs._repr_html_()


def test_feasible_set_objects():
    s = co.FeasibleSet.from_points([[4, 0], [3, 2], [0, 3]], players=["Buyer", "Seller"])
    assert s.players == ("Buyer", "Seller") and s.n == 2 and s.form == "points"
    assert s.contains([3, 2]) and s.contains([-5, -5]) and not s.contains([3.5, 2])
    c = co.FeasibleSet.from_constraints([[1, 1]], [2])
    assert c.contains({"P1": 1, "P2": 1}) and not c.contains([1.5, 1])
    f = co.FeasibleSet.from_frontier(lambda y: 1 - y[0] - y[1], players=["A", "B", "C"])
    assert f.n == 3 and "frontier" in repr(f)
    assert f.contains([0.2, 0.2, 0.6]) and not f.contains([0.2, 0.2, 0.7])
    # a set and its raw form give the same answer
    np.testing.assert_allclose(co.nash_bargaining(s).x, co.nash_bargaining([[4, 0], [3, 2], [0, 3]]).x)


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------
G = co.Game.from_dict({"A": 30, "B": 10, "A+B": 100})
COST = co.Game([0, 10, 8, 15], players=["A", "B"], kind="cost")
SIMPLEX = [[1, 0], [0, 1]]


@pytest.mark.parametrize(
    "call, error, match",
    [
        # disagreement not feasible / no gain: say so, and by how much
        (lambda: co.nash_bargaining(G, disagreement=[70, 40]), co.InfeasibleError, r"sum to 110.*short by 10"),
        (lambda: co.kalai_smorodinsky(G, disagreement=[60, 40]), co.InfeasibleError, "no gain"),
        (lambda: co.egalitarian(COST, disagreement=[7, 7]), co.InfeasibleError, r"c\(N\) = 15, short by 1"),
        (lambda: co.nash_bargaining(SIMPLEX, disagreement=[0.6, 0.6]), co.InfeasibleError, "not feasible.*short by 0.1"),
        (lambda: co.nash_bargaining(SIMPLEX, disagreement=[0.5, 0.5]), co.InfeasibleError, "nothing to bargain"),
        (lambda: co.kalai_smorodinsky(([[1, 1]], [1]), disagreement=[1, 1]), co.InfeasibleError, "breaks constraint 0"),
        (lambda: co.egalitarian(([[1, 1]], [1]), disagreement=[0.5, 0.5]), co.InfeasibleError, "nothing to bargain"),
        (lambda: co.nash_bargaining(lambda u: np.sqrt(1 - u), disagreement=[2, 0]), co.InfeasibleError, "frontier is undefined"),
        (lambda: co.nash_bargaining(lambda u: 1 - u, disagreement=[0.5, 0.6]), co.InfeasibleError, "short by 0.1"),
        (lambda: co.nash_bargaining(lambda u: 1 - u, disagreement=[1, 0]), co.InfeasibleError, "nothing to bargain"),
        # weights
        (lambda: co.nash_bargaining(G, power=[1, 0]), co.InvalidParameterError, "`power` must be positive.*'B' has 0"),
        (lambda: co.nash_bargaining(SIMPLEX, power=[-1, 1]), co.InvalidParameterError, "`power` must be positive"),
        (lambda: co.egalitarian(G, weights=[0, 1]), co.InvalidParameterError, "`weights` must be positive"),
        # lengths and names
        (lambda: co.nash_bargaining(G, power=[1, 2, 3]), co.InvalidParameterError, r"`power` has shape \(3,\)"),
        (lambda: co.nash_bargaining(G, disagreement=[1]), co.InvalidParameterError, r"`disagreement` has shape \(1,\)"),
        (lambda: co.nash_bargaining(SIMPLEX, disagreement=[0, 0, 0]), co.InvalidParameterError, "`disagreement` has shape"),
        (lambda: co.nash_bargaining(G, disagreement={"A": 1, "C": 2}), co.InvalidParameterError, "'C', which is not a player"),
        (lambda: co.nash_bargaining(G, disagreement={"A": 1}), co.InvalidParameterError, r"no entry for \['B'\]"),
        (lambda: co.nash_bargaining(G, disagreement="foo"), co.InvalidParameterError, "`disagreement` must be"),
        (lambda: co.nash_bargaining(SIMPLEX, disagreement="standalone"), co.InvalidParameterError, "needs a Game"),
        (lambda: co.nash_bargaining(G, disagreement=[np.nan, 1]), co.InvalidParameterError, "non-finite"),
        (lambda: co.FeasibleSet.from_points([[1, 0]], players=["a", "b", "c"]), co.InvalidParameterError, "3 names but the points have 2"),
        (lambda: co.FeasibleSet.from_constraints([[1, 1]], [1, 2]), co.InvalidParameterError, r"`b` has shape \(2,\)"),
        (lambda: co.FeasibleSet.from_constraints([[1, 1]], [1], players=["a"]), co.InvalidParameterError, "`A` has 2 columns"),
        (lambda: co.FeasibleSet.from_points([[1, np.nan]]), co.InvalidParameterError, "non-finite entry at row 0, column 1"),
        (lambda: co.FeasibleSet.from_points([1, 2]), co.InvalidParameterError, "2-D"),
        (lambda: co.FeasibleSet.from_frontier(3), co.InvalidParameterError, "callable"),
        (lambda: co.FeasibleSet.from_frontier(np.sqrt, n=1), co.InvalidParameterError, "from 2 to 1000"),
        (lambda: co.FeasibleSet.from_frontier(np.sqrt, players=["a", "b"], n=3), co.InvalidParameterError, "`n` is 3"),
        (lambda: co.FeasibleSet(), co.InvalidParameterError, "from_points"),
        (lambda: co.nash_bargaining("abc"), co.InvalidParameterError, "`problem` must be"),
        (lambda: co.nash_bargaining([1, 2, 3]), co.InvalidParameterError, "`problem` must be"),
        # feasible sets that are not bounded or not concave
        (lambda: co.nash_bargaining(([[1, -1]], [1])), co.InvalidParameterError, "unbounded"),
        (lambda: co.kalai_smorodinsky(([[1, -1]], [1])), co.InvalidParameterError, "unbounded"),
        (lambda: co.nash_bargaining(lambda u: 1 + u), co.InvalidParameterError, "unbounded"),
        (lambda: co.nash_bargaining(lambda u: (1 - u) ** 2 if u <= 1 else np.nan), co.InvalidParameterError, "not concave"),
        (lambda: co.kalai_smorodinsky(lambda u: 1 - u**0.5 if u >= 0 else np.nan), co.InvalidParameterError, "not concave"),
        (lambda: co.egalitarian(lambda u: min(1.0, 0.5 + u) - u**2), co.InvalidParameterError, "increases"),
        (lambda: co.nash_bargaining(co.FeasibleSet.from_frontier(lambda y: 1 - y[0] * y[1] - y[0] ** 3 + 2 * y[1] ** 2 - y[1] ** 3 * 3, n=3)), co.InvalidParameterError, "not concave|increases"),
        (lambda: co.nash_bargaining(lambda u: "x"), co.InvalidParameterError, "one number"),
        (lambda: co.nash_bargaining(lambda u: np.inf), co.InvalidParameterError, r"\+inf"),
        # Rubinstein
        (lambda: co.rubinstein((1.0, 0.9)), co.InvalidParameterError, r"`discount` must be in \(0, 1\)"),
        (lambda: co.rubinstein((0.0, 0.9)), co.InvalidParameterError, r"`discount` must be in \(0, 1\)"),
        (lambda: co.rubinstein(-0.5), co.InvalidParameterError, r"`discount` must be in \(0, 1\)"),
        (lambda: co.rubinstein((0.5, 0.9, 0.9)), co.InvalidParameterError, "one entry per partner"),
        (lambda: co.rubinstein("fast"), co.InvalidParameterError, "`discount` must be a number"),
        (lambda: co.rubinstein(), co.InvalidParameterError, "give `discount`"),
        (lambda: co.rubinstein(0.9, rates=(1, 1)), co.InvalidParameterError, "not both"),
        (lambda: co.rubinstein(rates=(1, 1)), co.InvalidParameterError, "`step`"),
        (lambda: co.rubinstein(0.9, step=1.0), co.InvalidParameterError, "`step` goes with `rates`"),
        (lambda: co.rubinstein(rates=(1, -1), step=0.1), co.InvalidParameterError, "`rates` must be positive"),
        (lambda: co.rubinstein(rates=(1, 0), step=0.1), co.InvalidParameterError, "`rates` must be positive"),
        (lambda: co.rubinstein(rates=(1, 1), step=0), co.InvalidParameterError, "`step` must be a positive"),
        (lambda: co.rubinstein(0.9, pie=0), co.InvalidParameterError, "`pie` must be a positive"),
        (lambda: co.rubinstein(0.9, pie=np.inf), co.InvalidParameterError, "`pie` must be a positive"),
        (lambda: co.rubinstein(0.9, first=2), co.InvalidParameterError, "`first` must be 0, 1"),
        (lambda: co.rubinstein(0.9, first="Z"), co.InvalidParameterError, "`first` names 'Z'"),
        (lambda: co.rubinstein(0.9, players=["A", "B", "C"]), co.InvalidParameterError, "2 partners"),
        (lambda: co.rubinstein(0.9, outside_options=[0.5, 0.6]), co.InfeasibleError, r"sum to 1.1.*by 0.1"),
        (lambda: co.rubinstein(0.9, outside_options=[0.5]), co.InvalidParameterError, "`outside_options` has shape"),
    ],
)
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
    assert issubclass(error, co.CoalitionError)


# ---------------------------------------------------------------------------
# sampled frontiers: many outcome points
# ---------------------------------------------------------------------------
def sqrt_samples(m):
    u1 = np.linspace(0.0, 1.0, m)
    return np.column_stack([u1, np.sqrt(1.0 - u1)])


def nash_foc_gap(points, x, d, w):
    """max_k grad . (v_k - x) / sum(w) for the Nash objective at x: zero or
    less exactly when x maximises it over the hull (a concave objective)."""
    g = w / (x - d)
    return float(np.max((points - x) @ g) / w.sum())


def test_sampled_sqrt_frontier_2d():
    """20,001 points of u2 = sqrt(1 - u1): KS and egalitarian at
    (sqrt 5 - 1) / 2 each (the chords sag by about 1e-10 there); Nash within
    one sample spacing of (2/3, 1/sqrt 3) and optimal on the sampled hull."""
    pts = sqrt_samples(20001)
    golden = (math.sqrt(5) - 1) / 2
    ks = co.kalai_smorodinsky(pts)
    np.testing.assert_allclose(ks.x, [golden, golden], atol=1e-9)
    np.testing.assert_allclose(ks.ideal, [1.0, 1.0], atol=1e-15)
    np.testing.assert_allclose(co.egalitarian(pts).x, [golden, golden], atol=1e-9)
    w = np.array([0.5, 0.5])
    nash = co.nash_bargaining(pts)
    assert abs(nash.x[0] - 2 / 3) < 1 / 20000
    assert abs(nash.x[1] - 1 / math.sqrt(3)) < 1 / 20000
    assert nash_foc_gap(pts, nash.x, np.zeros(2), w) <= 1e-12
    # the optimum on its edge, in closed form: the product of two linear functions
    k = int(np.searchsorted(pts[:, 0], nash.x[0]))
    a, b = pts[k - 1], pts[k]
    e = b - a
    t = -(a[0] * e[1] + a[1] * e[0]) / (2 * e[0] * e[1])
    np.testing.assert_allclose(nash.x, a + min(max(t, 0.0), 1.0) * e, atol=1e-13)


def test_sampled_sqrt_frontier_2d_through_the_solution():
    """When the samples include u1 = 2/3, the hull's Nash point is that
    sample exactly: chords lie below the curve, whose product peaks there."""
    pts = sqrt_samples(30001)
    nash = co.nash_bargaining(pts)
    np.testing.assert_allclose(nash.x, [2 / 3, 1 / math.sqrt(3)], atol=1e-12)


def sphere_octant(rng, m, n=3):
    x = np.abs(rng.normal(size=(m, n)))
    return x / np.linalg.norm(x, axis=1)[:, None]


def test_sampled_sphere_3d():
    """Points on the unit sphere's positive octant: the Nash point for powers
    w is sqrt(w) on the sphere; on the sampled hull it satisfies the
    optimality conditions exactly and is near sqrt(w)."""
    rng = np.random.default_rng(77)
    pts = sphere_octant(rng, 3000)
    w = np.array([0.2, 0.3, 0.5])
    x = co.nash_bargaining(pts, power=w).x
    assert nash_foc_gap(pts, x, np.zeros(3), w) <= 1e-10
    assert weak_pareto_slack(pts, x) >= -1e-10
    np.testing.assert_allclose(x, np.sqrt(w), atol=0.03)
    ks = co.kalai_smorodinsky(pts)
    np.testing.assert_allclose(ks.x, np.full(3, 1 / math.sqrt(3)), atol=0.03)


def boundary_search(points, d, w, grid=60):
    """Brute force: the best Nash objective on a dense grid over the facets
    that face up (normals >= 0) of the feasible set with free disposal: the
    convex hull (qhull) of the points and of their copies with any
    coordinates lowered to below the disagreement point, so that the faces
    that free disposal adds are facets too."""
    n = points.shape[1]
    floor = np.minimum(points.min(axis=0), d) - 1.0
    copies = [points]
    for k in range(1, 1 << n):
        low = points.copy()
        drop = [i for i in range(n) if k >> i & 1]
        low[:, drop] = floor[drop]
        copies.append(low)
    hull = ConvexHull(np.unique(np.vstack(copies), axis=0))
    points = hull.points
    if n == 2:
        t = np.linspace(0.0, 1.0, 20 * grid + 1)
        bary = np.column_stack([t, 1 - t])
    else:
        ij = [(i, j) for i in range(grid + 1) for j in range(grid + 1 - i)]
        bary = np.array([(i / grid, j / grid, 1 - (i + j) / grid) for i, j in ij])
    best, arg = -np.inf, None
    for simplex, eq in zip(hull.simplices, hull.equations):
        if np.any(eq[:-1] < -1e-12):
            continue
        cand = bary @ points[simplex]
        gain = cand - d
        ok = np.all(gain > 0, axis=1)
        if not ok.any():
            continue
        val = np.log(gain[ok]) @ w
        k = int(np.argmax(val))
        if val[k] > best:
            best, arg = float(val[k]), cand[ok][k]
    return best, arg


def lp_ks(points, d):
    m, n = points.shape
    ideal = np.empty(n)
    for i in range(n):
        res = linprog(-points[:, i], A_ub=-points.T, b_ub=-d, A_eq=np.ones((1, m)), b_eq=[1],
                      bounds=[(0, None)] * m, method="highs-ipm")
        ideal[i] = points[:, i] @ res.x
    return ideal, lp_ray(points, d, ideal - d)


def lp_ray(points, d, r):
    m, n = points.shape
    res = linprog(np.r_[np.zeros(m), -1.0], A_ub=np.hstack([-points.T, r[:, None]]), b_ub=-d,
                  A_eq=np.r_[np.ones(m), 0.0][None, :], b_eq=[1],
                  bounds=[(0, None)] * m + [(None, None)], method="highs-ipm")
    return d + res.x[-1] * r


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([2, 3]), st.integers(0, 2**32 - 1), st.booleans())
@example(3, 11914668, False)  # the Nash point on a face that free disposal adds
def test_point_clouds_against_brute_force(n, seed, curved):
    """Nash, KS and egalitarian on random clouds of 120 to 400 outcomes
    (enough for the hull and constraint-generation paths) against brute force
    over the hull boundary and linear programs written here."""
    rng = np.random.default_rng(seed)
    m = int(rng.integers(120, 400))
    pts = sphere_octant(rng, m, n) * rng.uniform(0.5, 2.0, n) if curved else rng.uniform(0, 1, (m, n))
    d = rng.uniform(0.0, 0.2, n) * pts.max(axis=0)
    assume(np.any(np.all(pts > d + 1e-3, axis=1)))
    w = rng.uniform(0.3, 3.0, n)
    w = w / w.sum()
    x = co.nash_bargaining(pts, disagreement=d, power=w).x
    assert weak_pareto_slack(pts, x) >= -1e-9
    assert nash_foc_gap(pts, x, d, w) <= 1e-9
    best, arg = boundary_search(pts, d, w)
    value = float(np.log(x - d) @ w)
    assert value >= best - 1e-12
    assert value <= best + 1e-3  # the grid is dense: the brute force comes close
    ideal, ks_x = lp_ks(pts, d)
    ks = co.kalai_smorodinsky(pts, disagreement=d)
    np.testing.assert_allclose(ks.ideal, ideal, atol=1e-7)
    np.testing.assert_allclose(ks.x, ks_x, atol=1e-7)
    eg = co.egalitarian(pts, disagreement=d, weights=w)
    np.testing.assert_allclose(eg.x, lp_ray(pts, d, w / w.max()), atol=1e-7)


# ---------------------------------------------------------------------------
# units: every rule is covariant under a common change of scale
# ---------------------------------------------------------------------------
def scaled_problem(form, seed, s):
    """One problem of each supported form, in units multiplied by `s`, with
    its disagreement point."""
    rng = np.random.default_rng(seed)
    if form.startswith("points"):
        n, m = (2, 12) if form == "points2" else (3, 150)
        pts = sphere_octant(rng, m, n) * rng.uniform(0.5, 2.0, n)
        d = 0.1 * rng.random(n)
        return co.FeasibleSet.from_points(pts * s), d * s
    if form == "constraints":
        n = int(rng.integers(2, 5))
        A = np.vstack([rng.uniform(0.1, 1.0, (n + 2, n)), -np.eye(n)])
        b = np.concatenate([rng.uniform(1.0, 2.0, n + 2), np.full(n, 0.5)])
        d = 0.05 * rng.random(n)
        return co.FeasibleSet.from_constraints(A, b * s), d * s
    c = rng.uniform(0.5, 2.0)
    if form == "frontier2":
        return co.FeasibleSet.from_frontier(lambda u1: s * c * np.sqrt(1 - u1 / s)), np.array([0.1, 0.05]) * s
    return (
        co.FeasibleSet.from_frontier(lambda u: s * c * np.sqrt(1 - u[0] / s - u[1] / s), n=3),
        np.array([0.05, 0.1, 0.02]) * s,
    )


SCALE_FORMS = ["points2", "points3", "constraints", "frontier2", "frontier3"]
SCALE_RULES = {
    "nash": lambda p, d: co.nash_bargaining(p, disagreement=d),
    "ks": lambda p, d: co.kalai_smorodinsky(p, disagreement=d),
    "egalitarian": lambda p, d: co.egalitarian(p, disagreement=d),
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SCALE_FORMS), st.sampled_from(sorted(SCALE_RULES)), st.integers(-9, 12),
       st.integers(0, 2**32 - 1))
def test_answers_scale_with_the_units(form, rule, k, seed):
    """Nash, Kalai-Smorodinsky and egalitarian are covariant under a common
    scaling of utilities: the same problem in units 10^k times smaller has
    the answer 10^k times larger, for every form of feasible set."""
    solve = SCALE_RULES[rule]
    base = solve(*scaled_problem(form, seed, 1.0))
    s = 10.0**k
    scaled = solve(*scaled_problem(form, seed, s))
    tol = 1e-6 if form.startswith("frontier") else 1e-8
    np.testing.assert_allclose(scaled.x / s, base.x, rtol=tol, atol=tol)
    if rule == "ks":
        np.testing.assert_allclose(scaled.ideal / s, base.ideal, rtol=tol, atol=tol)


@pytest.mark.parametrize("s", [1e-12, 1e-9, 1e15, 1e100])
def test_extreme_units(s):
    """Regression: outcome points scaled by 1e15 made a linear program fail,
    and a frontier scaled by 1e-9 was declared to leave no gain."""
    pts = np.array([[4.0, 0.0], [3.0, 2.0], [0.0, 3.0]])
    d = np.array([0.1, 0.2])
    for rule in (co.nash_bargaining, co.kalai_smorodinsky, co.egalitarian):
        np.testing.assert_allclose(rule(pts * s, disagreement=d * s).x / s, rule(pts, disagreement=d).x, rtol=1e-12)
    f = co.FeasibleSet.from_frontier(lambda u1: s * np.sqrt(1 - u1 / s))
    np.testing.assert_allclose(co.nash_bargaining(f).x / s, [2 / 3, 1 / math.sqrt(3)], rtol=1e-8)
    A = np.array([[1.0, 1.0], [1.0, 0.0]])
    np.testing.assert_allclose(co.kalai_smorodinsky((A, np.array([10.0, 4.0]) * s)).x / s, [20 / 7, 50 / 7],
                               rtol=1e-12)


# ---------------------------------------------------------------------------
# Rubinstein: outside options against the pie
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("opts,who", [([1.5, -1.0], "'P1'"), ([-0.5, 1.2], "'P2'"), ([2.0, -3.0], "'P1'"),
                                      ([1.0, -1e300], "'P1'")])
def test_rubinstein_outside_option_beyond_the_pie(opts, who):
    """Regression: an option at least the pie (the other one negative, so the
    sum is below the pie) gave shares above the pie and a negative share."""
    with pytest.raises(co.InfeasibleError, match=rf"`outside_options` gives {who} .*at least the whole pie"):
        co.rubinstein(0.9, outside_options=opts)


@settings(max_examples=60, deadline=None)
@given(st.floats(0.05, 0.98), st.floats(0.05, 0.98), st.integers(0, 1),
       st.floats(-1e300, 3.0), st.floats(-1e300, 3.0), st.floats(0.5, 2.0))
def test_rubinstein_outside_options_any_size(d1, d2, first, o1, o2, pie):
    """Any outside options: either a clear InfeasibleError (an option, or
    the options together, reach the pie) or the shares of backward
    induction, which split the pie into non-negative parts."""
    opts = (o1, o2)
    try:
        s = co.rubinstein((d1, d2), first=first, outside_options=opts, pie=pie)
    except co.InfeasibleError as exc:
        assert "`outside_options`" in str(exc)
        assert max(o1, o2) >= pie or max(o1, 0) + max(o2, 0) >= pie
        return
    assert max(o1, 0) + max(o2, 0) < pie
    assert np.all(s.x >= -1e-12) and s.x.sum() == pytest.approx(pie, rel=1e-12)
    np.testing.assert_allclose(s.x, backward_induction(pie, (d1, d2), first, opts), atol=1e-12 * pie)
    for i in range(2):
        assert s.x[i] >= opts[i] - 1e-12 or not s.binding[i]


def test_rubinstein_negative_outside_options_never_bind():
    plain = co.rubinstein((0.8, 0.9))
    for opts in ([-1.0, -1e300], [-1e308, -1e308], [-0.5, 0.0]):
        s = co.rubinstein((0.8, 0.9), outside_options=opts)
        np.testing.assert_allclose(s.x, plain.x, rtol=1e-15)
        assert s.binding == (False, False)
        np.testing.assert_array_equal(s.outside_options, opts)


@pytest.mark.parametrize("power", [[1000, 1, 1], [1, 1, 1000], [100, 1, 3], [1, 2, 3]])
def test_nash_on_a_frontier_with_uneven_powers(power):
    # a plane: the Nash point is the powers' proportions (closed form); the
    # logarithm of a weak partner's small gain is no longer differenced
    fs = co.FeasibleSet.from_frontier(lambda u: 1 - u[0] - u[1], n=3)
    w = np.array(power, dtype=float) / sum(power)
    np.testing.assert_allclose(co.nash_bargaining(fs, power=power).x, w, rtol=1e-8)


@pytest.mark.parametrize("power", [[1e5, 1], [1, 1e5], [3, 1]])
def test_nash_on_a_two_partner_frontier_with_uneven_powers(power):
    w = np.array(power, dtype=float) / sum(power)
    np.testing.assert_allclose(co.nash_bargaining(lambda u: 1 - u, power=power).x, w, rtol=1e-9)


def test_powers_too_far_apart_are_named():
    with pytest.raises(co.InvalidParameterError, match="`power` is too uneven: 'P2' has 1e-300"):
        co.nash_bargaining([[4, 0], [0, 4]], power=[1e300, 1e-300])
    with pytest.raises(co.SolverError, match="powers are 1.0e.06 times apart"):
        co.nash_bargaining(([[4, 5, 0], [3, 8, 1], [8, 2, 7]], [3, 7, 9]), power=[1e6, 1e6, 1])


def test_rubinstein_rates_with_tiny_steps_are_exact():
    # 1 - exp(-r step) from expm1: the proposer's share expm1(-0.3 D) / expm1(-0.4 D)
    for step in (3e-13, 1e-9, 1e-3):
        want = math.expm1(-0.3 * step) / math.expm1(-0.4 * step)
        assert co.rubinstein(rates=(0.1, 0.3), step=step).x[0] == pytest.approx(want, rel=1e-13)


def test_rubinstein_binding_means_the_option_changes_the_split():
    s = co.rubinstein(0.5, outside_options=[0.45, 0.45])
    assert s.binding == (False, True)  # the proposer's option binds only off the path
    np.testing.assert_allclose(s.x, co.rubinstein(0.5, outside_options=[0, 0.45]).x)
    s = co.rubinstein(0.9, outside_options=[0.6, 0.0])
    assert s.binding == (True, False)
    assert s.x[0] > co.rubinstein(0.9).x[0]
