"""The centre of the core and the sets that hold it, against independent oracles.

Oracles: a Monte Carlo mean of uniform core points and the shoelace centroid
of the core polygon (3 players), a Delaunay triangulation of the vertices
(the textbook route, computed here apart from the library's pulling
triangulation), closed forms (two players, a simplex core, symmetric games,
direct sums whose core is a product), brute force over all orders and
coalitions, and LPs over the sets' definitions. Published facts: the Weber set
holds the core (Weber 1988) and equals it for convex games (Shapley 1971,
Ichiishi 1981); the core cover holds the core (Tijs and Lipperts 1982);
counts and memberships printed in the documentation of R's CoopGame 0.2.2.
"""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog
from scipy.spatial import Delaunay

import coalition as co
from coalition.errors import (
    EmptyCoreError,
    GameTooLargeError,
    InfeasibleError,
    InvalidAllocationError,
    InvalidGameError,
    InvalidParameterError,
)


# -- games ----------------------------------------------------------------------
def _bits(n):
    m = np.arange(1 << n)
    return ((m[:, None] >> np.arange(n)) & 1).astype(float)


@st.composite
def balanced_games(draw, min_n=2, max_n=5):
    """Games with a non-empty core: every coalition is worth at most what a
    drawn split x gives it, minus a drawn slack (so x is in the core)."""
    n = draw(st.integers(min_n, max_n))
    x = np.array(draw(st.lists(st.integers(-5, 20), min_size=n, max_size=n)), dtype=float)
    slack = np.array(draw(st.lists(st.integers(0, 8), min_size=(1 << n), max_size=(1 << n))), dtype=float)
    v = _bits(n) @ x - slack
    v[0] = 0.0
    v[-1] = x.sum()
    return co.Game(v)


@st.composite
def convex_games(draw, max_n=5):
    """Non-negative multiples of unanimity games plus an additive part."""
    n = draw(st.integers(2, max_n))
    table = _bits(n) @ np.array(draw(st.lists(st.integers(-5, 5), min_size=n, max_size=n)), dtype=float)
    for _ in range(draw(st.integers(0, 5))):
        carrier = draw(st.integers(1, (1 << n) - 1))
        table[[m for m in range(1 << n) if m & carrier == carrier]] += draw(st.integers(0, 6))
    return co.Game(table)


def _in_core(g, x, tol=1e-7):
    return abs(x.sum() - g.worths[-1]) <= tol and np.all(_bits(g.n)[1:] @ x >= g.worths[1:] - tol)


# -- oracles for the centroid -------------------------------------------------------
def delaunay_centroid(verts):
    """Volume centroid by a Delaunay triangulation of the vertices in the
    coordinates of their affine hull."""
    mean = verts.mean(axis=0)
    u = verts - mean
    if np.max(np.abs(u), initial=0.0) == 0.0:
        return mean
    _, sv, vt = np.linalg.svd(u, full_matrices=False)
    d = int(np.sum(sv > 1e-7 * sv[0]))
    z = u @ vt[:d].T
    if d == 1:
        return mean + 0.5 * (z.min() + z.max()) * vt[0]
    if len(z) == d + 1:  # a simplex (too few points for Qhull's Delaunay)
        return verts.mean(axis=0)
    tri = Delaunay(z, qhull_options="QJ")
    s = z[tri.simplices]
    vol = np.abs(np.linalg.det(s[:, 1:] - s[:, :1]))
    return mean + (vol @ s.mean(axis=1) / vol.sum()) @ vt[:d]


def shoelace_centroid(verts):
    """Area centroid of a 3-player core from its vertices, in the (x1, x2)
    plane (an affine image of the efficiency plane, so centroids map)."""
    p = verts[:, :2]
    c = p.mean(axis=0)
    p = p[np.argsort(np.arctan2(p[:, 1] - c[1], p[:, 0] - c[0]))]
    q = np.roll(p, -1, axis=0)
    cross = p[:, 0] * q[:, 1] - q[:, 0] * p[:, 1]
    area = cross.sum() / 2
    cx = ((p[:, 0] + q[:, 0]) * cross).sum() / (6 * area)
    cy = ((p[:, 1] + q[:, 1]) * cross).sum() / (6 * area)
    return np.array([cx, cy, verts[0].sum() - cx - cy]), abs(area)


# -- core_centroid ----------------------------------------------------------------------
def test_monte_carlo_mean_of_uniform_core_points():
    # A 3-player core with five corners; draw uniform points of the plane
    # x1 + x2 + x3 = 10 in a box and keep those in the core.
    g = co.Game.from_dict({"A": 1, "B": 0, "C": 2, "A+B": 4, "A+C": 5, "B+C": 6, "A+B+C": 10})
    rng = np.random.default_rng(7)
    xy = rng.uniform(-1, 11, size=(400_000, 2))
    pts = np.column_stack([xy, 10 - xy.sum(axis=1)])
    rows = _bits(3)[1:-1]
    keep = np.all(pts @ rows.T >= g.worths[1:-1] - 1e-12, axis=1)
    inside = pts[keep]
    assert inside.shape[0] > 20_000
    mc = inside.mean(axis=0)
    se = inside.std(axis=0) / np.sqrt(inside.shape[0])
    x = co.core_centroid(g).x
    assert np.all(np.abs(x - mc) <= 5 * se + 1e-12)
    # ... and the vertex mean is told apart from it by this sample
    vm = co.core_vertex_mean(g).x
    assert np.any(np.abs(vm - mc) > 10 * se)


@settings(max_examples=40, deadline=None)
@given(balanced_games(min_n=3, max_n=3))
def test_three_players_shoelace(g):
    verts = co.core_vertices(g)
    x = co.core_centroid(g).x
    if verts.shape[0] >= 3:
        want, area = shoelace_centroid(verts)
        if area > 1e-6:
            np.testing.assert_allclose(x, want, atol=1e-8)
    assert _in_core(g, x)


@settings(max_examples=25, deadline=None)
@given(balanced_games(min_n=2, max_n=5))
def test_matches_a_delaunay_triangulation(g):
    x = co.core_centroid(g).x
    np.testing.assert_allclose(x, delaunay_centroid(co.core_vertices(g)), atol=1e-7)
    assert _in_core(g, x)
    np.testing.assert_allclose(co.core_vertex_mean(g).x, co.core_vertices(g).mean(axis=0), atol=1e-12)


@settings(max_examples=10, deadline=None)
@given(convex_games(max_n=5))
def test_convex_games_many_vertices(g):
    np.testing.assert_allclose(co.core_centroid(g).x, delaunay_centroid(co.core_vertices(g)), atol=1e-7)


@given(st.integers(-10, 10), st.integers(-10, 10), st.integers(0, 30))
def test_two_players_the_midpoint(a, b, s):
    g = co.Game([0, a, b, a + b + s])
    np.testing.assert_allclose(co.core_centroid(g).x, [a + s / 2, b + s / 2], atol=1e-12)


@given(st.lists(st.integers(-5, 5), min_size=2, max_size=6), st.integers(0, 20))
def test_simplex_core_equal_surplus(a, s):
    """v(S) = a(S) for S other than N: the core is a simplex, its centroid
    the equal surplus split."""
    n = len(a)
    v = _bits(n) @ np.array(a, dtype=float)
    v[-1] += s
    x = co.core_centroid(co.Game(v)).x
    np.testing.assert_allclose(x, np.array(a) + s / n, atol=1e-9)


@given(st.integers(2, 6), st.lists(st.integers(0, 10), min_size=6, max_size=6))
def test_symmetric_game_equal_split(n, f):
    """A symmetric game's core is symmetric: its centroid is the equal split
    (when the core is not empty)."""
    sizes = _bits(n).sum(axis=1).astype(int)
    worth = np.array([0.0] + [float(f[k - 1]) * k for k in range(1, n + 1)])
    worth[n] = max(worth[n], max(worth[k] * n / k for k in range(1, n + 1)))  # balanced
    g = co.Game(worth[sizes])
    assert g.is_symmetric
    np.testing.assert_allclose(co.core_centroid(g).x, np.full(n, worth[n] / n), atol=1e-9)


def test_a_direct_sum_has_the_product_core():
    """The core of v (+) w is core(v) x core(w), of lower dimension than the
    efficiency plane: its centroid is the pair of the two centroids."""
    v = co.Game.from_dict({"A": 1, "B": 0, "C": 2, "A+B": 4, "A+C": 5, "B+C": 6, "A+B+C": 10})
    w = co.Game([0, 1, 2, 6])
    table = np.array([v.worths[int(m) & 7] + w.worths[int(m) >> 3] for m in range(32)])
    g = co.Game(table)
    assert np.linalg.matrix_rank(co.core_vertices(g) - co.core_vertices(g)[0]) == 3
    want = np.concatenate([co.core_centroid(v).x, co.core_centroid(w).x])
    np.testing.assert_allclose(co.core_centroid(g).x, want, atol=1e-9)


def test_a_single_point_and_a_segment():
    # glove game, one left glove and two right ones: the core is a point
    glove = co.Game.from_function(lambda s: float("L" in s and ("R1" in s or "R2" in s)), ["L", "R1", "R2"])
    np.testing.assert_allclose(co.core_centroid(glove).x, [1.0, 0.0, 0.0], atol=1e-12)
    # v(AB) + v(C) = v(N): the core is the segment of A+B splitting 4 with C at 2
    g = co.Game.from_dict({"A": 1, "B": 0, "C": 2, "A+B": 4, "A+C": 3, "B+C": 2, "A+B+C": 6})
    np.testing.assert_allclose(co.core_centroid(g).x, [2.5, 1.5, 2.0], atol=1e-9)
    assert co.core_centroid(co.Game([0, 5])).as_dict() == {"P1": 5.0}


def test_cost_game_reports_cost_shares():
    costs = co.Game([0, 5, 6, 8, 7, 10, 11, 14], kind="cost")
    savings = co.Game(costs.worths)
    np.testing.assert_allclose(co.core_centroid(costs).x, costs.standalone - co.core_centroid(savings).x, atol=1e-9)
    np.testing.assert_allclose(co.core_vertex_mean(costs).x,
                               costs.standalone - co.core_vertex_mean(savings).x, atol=1e-9)
    assert co.core_centroid(costs).kind == "cost"


def test_in_compare():
    g = co.Game([0, 0, 0, 2, 0, 2, 3, 5])
    cmp = co.compare(g, rules=["core centroid", "core vertex mean"])
    np.testing.assert_allclose(np.asarray(cmp.shares)[:, 0], co.core_centroid(g).x)


def test_centroid_bad_input():
    with pytest.raises(EmptyCoreError, match="empty core"):
        co.core_centroid(co.Game([0, 0, 0, 1, 0, 1, 1, 1]))
    with pytest.raises(EmptyCoreError, match="empty core"):
        co.core_vertex_mean(co.Game([0, 0, 0, 1, 0, 1, 1, 1]))
    with pytest.raises(GameTooLargeError, match="10 players.*at most 9"):
        co.core_centroid(co.Game(np.arange(1 << 10, dtype=float)))
    # a convex game of 9 players: 9! = 362,880 vertices (Shapley 1971), refused before enumerating
    convex9 = co.Game((_bits(9) @ np.linspace(1, 2, 9)) ** 2)
    with pytest.raises(GameTooLargeError, match="convex with 362,880 distinct marginal vectors"):
        co.core_centroid(convex9)
    with pytest.raises(InvalidGameError, match="`game`"):
        co.core_centroid([0, 1, 2, 3])
    with pytest.raises(InvalidParameterError, match="`tol`"):
        co.core_centroid(co.Game([0, 1, 2, 6]), tol=-1)


# -- imputations ---------------------------------------------------------------------
@given(st.lists(st.integers(-5, 5), min_size=2, max_size=6), st.integers(-5, 10))
def test_imputation_vertices_closed_form(a, s):
    n = len(a)
    v = _bits(n) @ np.array(a, dtype=float)
    v[-1] += s
    pts = co.imputation_vertices(co.Game(v))
    if s < 0:
        assert pts.shape == (0, n)
    elif s == 0:
        np.testing.assert_allclose(pts, [a], atol=1e-12)
    else:
        want = sorted(tuple(np.array(a, float) + s * np.eye(n)[j]) for j in range(n))
        np.testing.assert_allclose(pts, want)


def test_imputation_vertices_of_one_player():
    np.testing.assert_array_equal(co.imputation_vertices(co.Game([0, 3.5])), [[3.5]])


def test_imputation_vertices_of_a_cost_game():
    g = co.Game([0, 5, 6, 8, 7, 10, 11, 14], kind="cost")  # savings 4 to share
    np.testing.assert_allclose(co.imputation_vertices(g), [[1, 6, 7], [5, 2, 7], [5, 6, 3]])


# -- Weber set -------------------------------------------------------------------------
def marginal_vectors(g):
    n = g.n
    out = set()
    for order in itertools.permutations(range(n)):
        x, mask = [0.0] * n, 0
        for i in order:
            x[i] = g.values[mask | 1 << i] - g.values[mask]
            mask |= 1 << i
        out.add(tuple(round(t, 9) for t in x))
    return np.array(sorted(out))


def in_hull(points, x):
    res = linprog(np.zeros(len(points)), A_eq=np.vstack([points.T, np.ones(len(points))]),
                  b_eq=np.append(x, 1.0), bounds=[(0, None)] * len(points), method="highs")
    return res.status == 0


@settings(max_examples=30, deadline=None)
@given(balanced_games(min_n=1, max_n=5))
def test_weber_points_brute_force_and_hold_the_core(g):
    w = co.weber_vertices(g)
    np.testing.assert_allclose(w, marginal_vectors(g), atol=1e-9)
    # Weber (1988), Theorem 14: the core is a subset of the Weber set
    for vertex in co.core_vertices(g):
        assert in_hull(w, vertex)


@settings(max_examples=25, deadline=None)
@given(convex_games(max_n=5))
def test_convex_games_weber_set_is_the_core(g):
    """Shapley (1971), Theorem 3 and Ichiishi (1981): for a convex game the
    marginal vectors are exactly the vertices of the core."""
    np.testing.assert_allclose(co.weber_vertices(g), co.core_vertices(g), atol=1e-8)


def test_weber_counts_printed_by_coopgame():
    """R CoopGame 0.2.2, webersetVertices, examples: the 3-player game
    c(0,1,2,3,4,5,6) has a Weber set with 6 vertices, the 4-player game
    c(5,2,4,7,15,15,15,15,15,15,20,20,20,20,35) one with 14."""
    assert co.weber_vertices(co.Game([0, 1, 2, 3, 4, 5, 6], order="lex")).shape == (6, 3)
    g4 = co.Game([5, 2, 4, 7, 15, 15, 15, 15, 15, 15, 20, 20, 20, 20, 35], order="lex")
    assert co.weber_vertices(g4, extreme=True).shape == (14, 4)
    # the other 10 of its 24 distinct marginal vectors lie inside the hull
    assert co.weber_vertices(g4).shape == (24, 4)


@settings(max_examples=20, deadline=None)
@given(balanced_games(min_n=2, max_n=4))
def test_weber_corners_are_extreme_and_span_the_same_hull(g):
    allp = co.weber_vertices(g)
    corners = co.weber_vertices(g, extreme=True)
    keys = {tuple(np.round(r, 9)) for r in allp}
    assert all(tuple(np.round(r, 9)) in keys for r in corners)
    for j, p in enumerate(corners):  # no corner is in the hull of the other corners
        if len(corners) > 1:
            assert not in_hull(np.delete(corners, j, axis=0), p)
    for p in allp:  # every marginal vector is in the hull of the corners
        assert in_hull(corners, p)


def test_weber_sampled_beyond_max_orders():
    rng = np.random.default_rng(3)
    g = co.Game(np.concatenate([[0.0], rng.integers(0, 30, (1 << 7) - 1).astype(float)]))
    full = co.weber_vertices(g)
    with pytest.warns(UserWarning, match=r"7! = 5,040 orders exceed `max_orders` = 200.*seed 5"):
        some = co.weber_vertices(g, max_orders=200, seed=5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        again = co.weber_vertices(g, max_orders=200, seed=5)
    np.testing.assert_array_equal(some, again)
    assert 1 < some.shape[0] <= 200
    keys = {tuple(np.round(r, 9)) for r in full}
    assert all(tuple(np.round(r, 9)) in keys for r in some)


def test_weber_bad_input():
    g = co.Game([0, 1, 2, 6])
    for bad in (0, -3, 1.5, True, "all"):
        with pytest.raises(InvalidParameterError, match="`max_orders`"):
            co.weber_vertices(g, max_orders=bad)
    with pytest.raises(InvalidParameterError, match="`extreme`"):
        co.weber_vertices(g, extreme="yes")
    rng = np.random.default_rng(1)
    g8 = co.Game(np.concatenate([[0.0], rng.uniform(0, 10, 255)]))
    with pytest.raises(GameTooLargeError, match="at most 5,040"):
        co.weber_vertices(g8, extreme=True)
    with pytest.raises(InvalidParameterError, match="`seed`"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        co.weber_vertices(co.Game(np.arange(16.0)), max_orders=2, seed=-1)
    with pytest.raises(InvalidGameError, match="`game`"):
        co.weber_vertices({"A": 1})


# -- core cover and reasonable set -------------------------------------------------------------
def box_vertices_oracle(lo, hi, total):
    """Corners of {sum x = total, lo <= x <= hi} by brute force over which
    partner is free and where the others sit."""
    n = len(lo)
    out = set()
    for j in range(n):
        for pattern in itertools.product((0, 1), repeat=n - 1):
            x = np.empty(n)
            others = [i for i in range(n) if i != j]
            for i, up in zip(others, pattern):
                x[i] = hi[i] if up else lo[i]
            x[j] = total - x[others].sum()
            if lo[j] - 1e-9 <= x[j] <= hi[j] + 1e-9:
                out.add(tuple(np.round(x, 9)))
    return np.array(sorted(out)).reshape(-1, n)


@settings(max_examples=30, deadline=None)
@given(balanced_games(min_n=1, max_n=5))
def test_core_cover_definition_and_holds_the_core(g):
    cc = co.core_cover(g)  # a game with a non-empty core is quasi-balanced
    np.testing.assert_allclose(cc.lower, co.minimal_rights(g).x)
    np.testing.assert_allclose(cc.upper, co.utopia(g).x)
    assert cc.total == g.grand_value and cc.name == "core cover"
    # Tijs and Lipperts (1982): the core lies in the core cover
    for vertex in co.core_vertices(g):
        assert cc.contains(vertex)
    assert cc.contains(co.tau_value(g).x)
    np.testing.assert_allclose(cc.vertices(), box_vertices_oracle(cc.lower, cc.upper, cc.total), atol=1e-8)


@settings(max_examples=30, deadline=None)
@given(balanced_games(min_n=2, max_n=4), st.integers(0, 10_000))
def test_box_corners_solve_every_lp(g, seed):
    """The largest value of a linear function over the core cover, by an LP
    over its definition, is reached at one of the listed corners."""
    cc = co.core_cover(g)
    c = np.random.default_rng(seed).normal(size=g.n)
    res = linprog(-c, A_eq=np.ones((1, g.n)), b_eq=[cc.total],
                  bounds=list(zip(cc.lower, cc.upper)), method="highs")
    assert res.status == 0
    assert abs(-res.fun - np.max(cc.vertices() @ c)) <= 1e-7 * max(1.0, abs(res.fun))


@settings(max_examples=30, deadline=None)
@given(balanced_games(min_n=1, max_n=5))
def test_reasonable_set_brute_force_and_what_it_holds(g):
    r = co.reasonable_set(g)
    n = g.n
    floor_holds = True  # no marginal contribution below the standalone worth
    for i in range(n):
        marg = [g.values[m | 1 << i] - g.values[m] for m in range(1 << n) if not m >> i & 1]
        assert r[g.players[i]] == (g.values[1 << i], max(marg))
        floor_holds &= min(marg) >= g.values[1 << i]
    for x in co.core_vertices(g):
        assert r.contains(x)
    if co.is_quasi_balanced(g):
        cc = co.core_cover(g)
        assert np.all(cc.lower >= r.lower - 1e-9) and np.all(cc.upper <= r.upper + 1e-9)
    if floor_holds:
        for x in co.weber_vertices(g):
            assert r.contains(x)
        assert r.contains(co.shapley(g).x)


def test_reasonable_set_need_not_hold_the_weber_set():
    # A and B earn 3 together but all three only 2 (not superadditive): the
    # order A, B, C pays C its marginal contribution v(N) - v(AB) = -1, below
    # its standalone worth 0, so that marginal vector is no imputation; the
    # only imputation (1, 1, 0) is the whole reasonable set
    g = co.Game.from_dict({"A": 1, "B": 1, "C": 0, "A+B": 3, "A+C": 1, "B+C": 1, "A+B+C": 2})
    r = co.reasonable_set(g)
    assert r.as_dict() == {"A": (1.0, 2.0), "B": (1.0, 2.0), "C": (0.0, 0.0)}
    assert r.contains([1, 1, 0]) and not r.contains([2, 1, -1])
    assert [2, 1, -1] in co.weber_vertices(g).tolist()


def test_reasonable_set_empty_without_imputations():
    with pytest.raises(InfeasibleError, match="empty reasonable set.*add up to 2.*more than the grand coalition's 1"):
        co.reasonable_set(co.Game.from_dict({"A": 1, "B": 1, "A+B": 1}))
    with pytest.raises(InfeasibleError, match="standalone costs add up to 2.*less than the grand coalition's 3"):
        co.reasonable_set(co.Game.from_dict({"A": 1, "B": 1, "A+B": 3}, kind="cost"))


def test_reasonable_set_memberships_printed_by_coopgame():
    """R CoopGame 0.2.2, belongsToReasonableSet, example: for the game
    c(0,0,0,3,3,3,6), (2,2,2) is in the reasonable set and (1,2,4) is not."""
    r = co.reasonable_set(co.Game([0, 0, 0, 3, 3, 3, 6], order="lex"))
    assert r.contains([2, 2, 2]) and not r.contains([1, 2, 4])


def test_sets_of_a_cost_game_in_cost_units():
    costs = co.Game([0, 5, 6, 8, 7, 10, 11, 14], kind="cost")
    savings = co.Game(costs.worths)
    for f in (co.core_cover, co.reasonable_set):
        a, b = f(costs), f(savings)
        np.testing.assert_allclose(a.lower, costs.standalone - b.upper)
        np.testing.assert_allclose(a.upper, costs.standalone - b.lower)
        assert a.total == 14.0 and a.kind == "cost"
    w = co.weber_vertices(costs)
    assert {tuple(r) for r in np.round(costs.standalone - w, 9)} == {tuple(r) for r in np.round(co.weber_vertices(savings), 9)}


def test_core_cover_empty_and_bad_input():
    with pytest.raises(InfeasibleError, match="empty core cover.*quasi-balanced"):
        co.core_cover(co.Game([0, 0, 0, 1, 1, 1, 1], order="lex"))
    with pytest.raises(InvalidGameError, match="`game`"):
        co.reasonable_set(None)
    r = co.reasonable_set(co.Game([0, 1, 2, 6], players=["A", "B"]))
    with pytest.raises(InvalidAllocationError, match="`x` has shape"):
        r.contains([1, 2, 3])
    with pytest.raises(KeyError, match="'Z' is not a player"):
        r["Z"]
    big = co.results.SetBounds(tuple(f"P{i}" for i in range(17)), np.zeros(17), np.ones(17), 3.0, "box")
    with pytest.raises(GameTooLargeError, match="17 players"):
        big.vertices()
    assert "reasonable set" in repr(r) and r.as_dict() == {"A": (1.0, 4.0), "B": (2.0, 5.0)}


def test_cli_rules_know_the_core_centroid(capsys):
    import json
    from pathlib import Path

    from coalition.cli import main

    demo = Path(__file__).resolve().parents[1] / "examples" / "ev_alliance.toml"
    code = main(["solve", str(demo), "--rules", "core centroid, Core Vertex Mean", "--format", "json"])
    out = capsys.readouterr().out
    assert code == 0
    data = json.loads(out)
    assert [r["rule"] for r in data["rules"]] == ["core centroid", "core vertex mean"]
    game = co.io.read_game(demo)
    np.testing.assert_allclose(data["rules"][0]["shares"], co.core_centroid(game).x)


@settings(max_examples=20, deadline=None)
@given(st.integers(2, 6), st.data())
def test_pairwise_convex_games_centroid_is_shapley(n, data):
    """With non-negative dividends on pairs only, the core is a sum of
    segments (Shapley 1971: the core of a convex game is its Weber set, and
    the Weber set of a sum of unanimity games of pairs is the sum of their
    segments): a zonotope, symmetric about the sum of the segments'
    midpoints, which is the Shapley value."""
    a = np.array(data.draw(st.lists(st.integers(-5, 5), min_size=n, max_size=n)), dtype=float)
    bits = _bits(n)
    table = bits @ a
    for i, j in itertools.combinations(range(n), 2):
        table += data.draw(st.integers(0, 4)) * bits[:, i] * bits[:, j]
    g = co.Game(table)
    np.testing.assert_allclose(co.core_centroid(g).x, co.shapley(g).x, atol=1e-8)


def test_core_cover_and_minimal_rights_printed_by_coopgame():
    """R CoopGame 0.2.2 reference manual (Staudacher et al.), which cites
    Tijs and Lipperts (1982) and Branzei, Dimitrov and Tijs (2006), Models
    in Cooperative Game Theory, pp. 20-21: coreCoverVertices(c(0,0,0,3,3,3,6))
    prints the vertices (3,0,3), (0,3,3), (3,3,0); getMinimalRights prints
    48 48 48 for c(0,0,0,60,60,60,72) and 8 4 5 for c(2,4,5,18,14,9,24)
    (games in lexicographic order)."""
    cc = co.core_cover(co.Game([0, 0, 0, 3, 3, 3, 6], order="lex"))
    assert {tuple(r) for r in np.round(cc.vertices(), 9)} == {(3, 0, 3), (0, 3, 3), (3, 3, 0)}
    maschler = co.Game([0, 0, 0, 60, 60, 60, 72], order="lex")
    np.testing.assert_allclose(co.minimal_rights(maschler).x, [48, 48, 48])
    assert not co.is_quasi_balanced(maschler)  # m = 48 exceeds the utopia payoff 72 - 60 = 12
    g = co.Game([2, 4, 5, 18, 14, 9, 24], order="lex")
    np.testing.assert_allclose(co.minimal_rights(g).x, [8, 4, 5])
    # by hand: M = (24 - 9, 24 - 14, 24 - 18) = (15, 10, 6), and the core cover is that box cut by x(N) = 24
    cc = co.core_cover(g)
    np.testing.assert_allclose(cc.upper, [15, 10, 6])
    np.testing.assert_allclose(cc.vertices().sum(axis=1), 24)
