"""The modiclus and the SM-nucleolus against published values, a brute-force
lexicographic minimization of their definitions, their known properties and
the peer library coopgame-py."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coalition as co

from ._stability_oracles import CASES_DIR, rows_of

FEW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])

GLOVE = {"A": 0, "B": 0, "C": 0, "A+B": 1, "A+C": 1, "B+C": 0, "A+B+C": 1}


def dual(v, n):
    full = (1 << n) - 1
    return np.array([v[full] - v[full ^ m] for m in range(1 << n)])


def weighted_majority(quota, weights):
    n = len(weights)
    return co.Game([float(sum(w for i, w in enumerate(weights) if m >> i & 1) >= quota) for m in range(1 << n)])


# ---------------------------------------------------------------------------
# brute force: lexicographic minimum of a family of affine functions
# ---------------------------------------------------------------------------
def lexmin_affine(A, c, total):
    """The efficient x (sum = `total`) minimizing lexicographically the
    decreasingly sorted vector of ``c_k - A_k . x``, by enumerating the
    vertices of the arrangement of the hyperplanes ``f_k = f_l`` (the
    minimizer is unique and the functions fix every direction, so it is a
    vertex: inside a cell of positive dimension the order of the functions is
    fixed and some direction would lower the sorted vector). Only numpy."""
    n = A.shape[1]
    fam = np.unique(np.c_[A, c], axis=0)
    A, c = fam[:, :n], fam[:, n]
    planes = np.array([np.r_[A[k] - A[l], c[k] - c[l]] for k, l in itertools.combinations(range(len(A)), 2)])
    planes = planes[np.any(planes[:, :n] != 0, axis=1)]
    planes = planes / np.abs(planes[:, :n]).max(axis=1, keepdims=True)
    planes = np.unique(np.round(planes, 12), axis=0)
    combos = np.array(list(itertools.combinations(range(len(planes)), n - 1)), dtype=np.int64).reshape(-1, n - 1)
    M = np.empty((len(combos), n, n))
    rhs = np.empty((len(combos), n))
    M[:, 0, :], rhs[:, 0] = 1.0, total
    M[:, 1:, :], rhs[:, 1:] = planes[combos, :n], planes[combos, n]
    ok = np.abs(np.linalg.det(M)) > 1e-9
    X = np.unique(np.round(np.linalg.solve(M[ok], rhs[ok][..., None])[..., 0], 10), axis=0)
    F = -np.sort(-(c[None, :] - X @ A.T), axis=1)
    keep = np.arange(len(X))
    for k in range(F.shape[1]):
        keep = keep[F[keep, k] <= F[keep, k].min() + 1e-9]
    assert np.ptp(X[keep], axis=0).max() < 1e-6, "the lexicographic minimum is not unique"
    return X[keep[0]]


def brute_modiclus(v, n):
    """Lexicographic minimum of e(S, x) - e(T, x) over all pairs of coalitions
    (the empty and the grand coalition included), the definition of
    Sudholter (1997) as Peleg and Sudholter (2007, Section 5.5) state it."""
    rows = rows_of(np.arange(1 << n), n)
    S, T = np.divmod(np.arange(1 << 2 * n), 1 << n)
    return lexmin_affine(rows[S] - rows[T], v[S] - v[T], v[-1])


def brute_sm_nucleolus(v, n):
    """Lexicographic minimum of e(S, x) + e*(S, x) over the coalitions, the
    definition of Tarashnina (2011), without the dual-game identity."""
    rows = rows_of(np.arange(1 << n), n)
    return lexmin_affine(2 * rows, v + dual(v, n), v[-1])


def sorted_pair_differences(v, n, x):
    e = v - rows_of(np.arange(1 << n), n) @ x
    return -np.sort(-(e[:, None] - e[None, :]).ravel())


@st.composite
def int_tables(draw, min_n=2, max_n=3):
    n = draw(st.integers(min_n, max_n))
    vals = draw(st.lists(st.integers(-8, 12), min_size=(1 << n) - 1, max_size=(1 << n) - 1))
    return n, np.array([0.0, *vals])


# ---------------------------------------------------------------------------
# published values
# ---------------------------------------------------------------------------
def test_glove_game_published():
    # R package CoopGame (Staudacher and Anwander), testthat "Check 70.1":
    # modiclus(c(0, 0, 0, 1, 1, 0, 1)) = (0.5, 0.25, 0.25); the simplified
    # modiclus (SM-nucleolus) of the same game, "Check 70.1 ...
    # SimplifiedModiclus": (2/3, 1/6, 1/6). The nucleolus is (1, 0, 0).
    g = co.Game.from_dict(GLOVE)
    np.testing.assert_allclose(co.modiclus(g).x, [0.5, 0.25, 0.25], atol=1e-12)
    np.testing.assert_allclose(co.sm_nucleolus(g).x, [2 / 3, 1 / 6, 1 / 6], atol=1e-12)
    np.testing.assert_allclose(co.nucleolus(g).x, [1, 0, 0], atol=1e-12)


def test_bankruptcy_modiclus_published_by_mattugames():
    # MatTuGames 1.8.0 README (Meinhardt), "Getting started": the bankruptcy
    # game of E = 176 and claims (40, 32, 11, 73.3, 54.95, 81.1) has modiclus
    # 22.5067 17.7567 7.4533 41.8600 37.1100 49.3133 (4 decimals printed), and
    # it lies in the core (the game is convex).
    g = co.families.bankruptcy(176, [40, 32, 11, 73.3, 54.95, 81.1])
    r = co.modiclus(g)
    np.testing.assert_allclose(r.x, [22.5067, 17.7567, 7.4533, 41.8600, 37.1100, 49.3133], atol=6e-5)
    assert co.in_core(g, r.x)
    assert r.rule == "modiclus" and r.status == "optimal"


def test_bankruptcy_sm_nucleolus_published_by_coopgame_r():
    # R package CoopGame, manual page simplifiedModiclus, second example:
    # E = 100, claims (100, 200, 300): 33.33333 33.33333 33.33333.
    g = co.families.bankruptcy(100, [100, 200, 300])
    np.testing.assert_allclose(co.sm_nucleolus(g).x, [100 / 3] * 3, atol=1e-9)


@pytest.mark.parametrize("quota, weights", [(3, [2, 1, 1]), (4, [3, 1, 1, 1]), (3, [2, 1, 1, 1]),
                                            (5, [3, 2, 2, 1, 1]), (4, [2, 2, 1, 1, 1])])
def test_homogeneous_weighted_majority_games(quota, weights):
    # Sudholter (1996), Math. Oper. Res. 21, 734-756, main theorem: the
    # modiclus of a homogeneous weighted majority game (every minimal winning
    # coalition weighs exactly the quota) is its minimal homogeneous
    # representation, normalized. These weights are minimal homogeneous ones.
    g = weighted_majority(quota, weights)
    np.testing.assert_allclose(co.modiclus(g).x, np.array(weights) / sum(weights), atol=1e-9)


# ---------------------------------------------------------------------------
# the definitions, by brute force
# ---------------------------------------------------------------------------
@FEW
@given(int_tables(2, 3))
def test_modiclus_is_the_lexicographic_minimum_of_excess_differences(nv):
    n, v = nv
    np.testing.assert_allclose(co.modiclus(co.Game(v)).x, brute_modiclus(v, n), atol=1e-7)


@FEW
@given(int_tables(2, 4))
def test_sm_nucleolus_is_the_lexicographic_minimum_of_excess_plus_dual_excess(nv):
    n, v = nv
    np.testing.assert_allclose(co.sm_nucleolus(co.Game(v)).x, brute_sm_nucleolus(v, n), atol=1e-7)


def dual_cover(v, n):
    """Sudholter's dual cover: 2 n players (bits n .. 2n-1 copy bits 0 .. n-1),
    w(S + T*) = max(v(S) + v*(T), v*(S) + v(T))."""
    d = dual(v, n)
    return np.maximum(np.add.outer(d, v), np.add.outer(v, d)).ravel()


@FEW
@given(int_tables(3, 6))
def test_modiclus_is_the_prenucleolus_of_the_dual_cover(nv):
    # Sudholter (1997): the modiclus is the restriction to N of the
    # prenucleolus of the dual cover (computed here by the ordinary
    # prenucleolus on the 2 n players' table)
    n, v = nv
    cover = co.prenucleolus(co.Game(dual_cover(v, n))).x
    np.testing.assert_allclose(cover[:n], cover[n:], atol=1e-7)
    np.testing.assert_allclose(co.modiclus(co.Game(v)).x, cover[:n], atol=1e-7)


def test_homogeneous_weighted_majority_game_of_fourteen_players():
    # Sudholter (1996): weights (2, 1, ..., 1) and quota 7 are homogeneous
    # (checked below) and minimal (the heavy player is strictly more
    # desirable: with five others it wins, six others lose), so the modiclus
    # is (2, 1, ..., 1) / 15. Many coalitions tie at every excess: the pairs'
    # scan must separate them.
    n, quota = 14, 7
    weights = [2] + [1] * (n - 1)
    g = weighted_majority(quota, weights)
    w = rows_of(np.arange(1 << n), n) @ np.array(weights, dtype=float)
    winning = w >= quota
    minimal = [m for m in range(1 << n) if winning[m] and not any(winning[m ^ (1 << i)] for i in range(n) if m >> i & 1)]
    assert {w[m] for m in minimal} == {quota}
    np.testing.assert_allclose(co.modiclus(g).x, np.array(weights) / sum(weights), atol=1e-9)


def test_brute_force_oracle_sees_the_difference_with_the_prenucleolus():
    v = co.Game.from_dict(GLOVE).worths
    assert np.abs(brute_modiclus(v, 3) - [1, 0, 0]).max() > 0.4


# ---------------------------------------------------------------------------
# properties (Sudholter 1997; Tarashnina 2011)
# ---------------------------------------------------------------------------
@FEW
@given(int_tables(2, 5))
def test_self_dual(nv):
    n, v = nv
    g, gd = co.Game(v), co.Game(dual(v, n))
    np.testing.assert_allclose(co.modiclus(g).x, co.modiclus(gd).x, atol=1e-7)
    np.testing.assert_allclose(co.sm_nucleolus(g).x, co.sm_nucleolus(gd).x, atol=1e-7)


@FEW
@given(int_tables(2, 5))
def test_constant_sum_games_all_three_are_the_prenucleolus(nv):
    # (v + v*) / 2 is constant-sum; on a constant-sum game the modiclus and
    # the SM-nucleolus are the prenucleolus (Sudholter 1997; Tarashnina 2011).
    n, v = nv
    g = co.Game((v + dual(v, n)) / 2)
    pre = co.prenucleolus(g).x
    np.testing.assert_allclose(co.modiclus(g).x, pre, atol=1e-7)
    np.testing.assert_allclose(co.sm_nucleolus(g).x, pre, atol=1e-7)


@FEW
@given(int_tables(2, 4), st.floats(0.5, 3.0), st.integers(-5, 5))
def test_covariance_and_efficiency(nv, a, shift):
    n, v = nv
    beta = np.arange(n, dtype=float) * shift
    v2 = a * v + rows_of(np.arange(1 << n), n) @ beta
    for rule in (co.modiclus, co.sm_nucleolus):
        x = rule(co.Game(v)).x
        assert abs(x.sum() - v[-1]) < 1e-8
        np.testing.assert_allclose(rule(co.Game(v2)).x, a * x + beta, atol=1e-6)


def test_symmetric_players_and_twelve_players():
    rng = np.random.default_rng(7)
    n = 12
    sizes = rows_of(np.arange(1 << n), n).sum(axis=1).astype(int)
    by_size = np.r_[0.0, rng.uniform(0, 10, n)].cumsum()
    g = co.Game(by_size[sizes])  # symmetric: depends on |S| only
    np.testing.assert_allclose(co.modiclus(g).x, np.full(n, g.grand_value / n), atol=1e-8)


def test_cost_game_is_the_rule_on_the_cost_table():
    # excess differences are the same numbers in costs and savings, and the set
    # of all of them is symmetric under a change of sign, so the cost shares
    # are the modiclus of the cost table read as a game
    c = [0, 6, 7, 10, 8, 11, 12, 15]
    gc = co.Game(c, kind="cost")
    for rule in (co.modiclus, co.sm_nucleolus):
        r = rule(gc)
        assert r.kind == "cost"
        np.testing.assert_allclose(r.x, rule(co.Game(c)).x, atol=1e-9)
        np.testing.assert_allclose(r.x, gc.standalone - rule(co.Game(gc.worths)).x, atol=1e-9)


def test_one_player():
    g = co.Game([0, 5.0])
    assert co.modiclus(g).x.tolist() == [5.0]
    assert co.sm_nucleolus(g).x.tolist() == [5.0]


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------
def test_memory_cap_is_respected():
    g = co.Game(np.arange(16.0))
    old = co.set_max_table_bytes(256)
    try:
        with pytest.raises(co.GameTooLargeError, match="4 players"):
            co.modiclus(g)
    finally:
        co.set_max_table_bytes(old)
    assert co.modiclus(g).x.sum() == pytest.approx(15.0)


@pytest.mark.parametrize("rule", [co.modiclus, co.sm_nucleolus])
def test_not_a_game(rule):
    with pytest.raises(co.CoalitionError, match="`game`"):
        rule([0, 1, 2, 3])


# ---------------------------------------------------------------------------
# the peer library
# ---------------------------------------------------------------------------
PEER = json.loads((CASES_DIR / "coopgame_modiclus.json").read_text())


def test_against_coopgame():
    """coopgame-py 0.3.0 agrees on most games. Where it differs, it is wrong:
    its split is lexicographically worse in the differences e(S) - e(T) over
    all pairs of coalitions, and it is (at least) as good in the differences
    over proper non-empty coalitions only: it leaves out the pairs with the
    empty or the grand coalition (the excesses e(S) and -e(S) themselves),
    which Sudholter's definition (the dual cover) and MatTuGames include."""
    assert PEER["peer"].startswith("coopgame-py") and PEER["script"] == "benchmarks/peer_modiclus.py"
    agree = differ = 0
    for case in PEER["cases"]:
        n, v, peer = case["n"], np.array(case["values"]), np.array(case["modiclus"])
        ours = co.modiclus(co.Game(v)).x
        if np.allclose(ours, peer, atol=1e-7):
            agree += 1
            continue
        differ += 1
        a, b = sorted_pair_differences(v, n, ours), sorted_pair_differences(v, n, peer)
        k = int(np.flatnonzero(np.abs(a - b) > 1e-9)[0])
        assert a[k] < b[k], f"coopgame-py's modiclus is lexicographically better on {case}"
        inner = np.ix_(np.arange(1, (1 << n) - 1), np.arange(1, (1 << n) - 1))
        e_ours = v - rows_of(np.arange(1 << n), n) @ ours
        e_peer = v - rows_of(np.arange(1 << n), n) @ peer
        assert (e_peer[:, None] - e_peer[None, :])[inner].max() <= (e_ours[:, None] - e_ours[None, :])[inner].max() + 1e-9
        if n <= 3:
            np.testing.assert_allclose(ours, brute_modiclus(v, n), atol=1e-7)
    assert agree >= 18 and differ >= 1, (agree, differ)


def glove_market(left, n):
    m = np.arange(1 << n)
    lefts = np.array([bin(s & ((1 << left) - 1)).count("1") for s in m])
    rights = np.array([bin(s >> left).count("1") for s in m])
    return np.minimum(lefts, rights).astype(float)


def test_tied_excesses_walk_against_the_dual_cover(monkeypatch):
    # glove markets tie thousands of coalitions at both ends of the excesses;
    # with the pairs' lists cut to a few coalitions the scan falls back on
    # its walk over the ordered excesses, checked against the dual cover
    from coalition.stability import _pairs

    monkeypatch.setattr(_pairs, "FIRST_LIST", 0)  # lists of 1, then 4 coalitions
    monkeypatch.setattr(_pairs, "MAX_LIST", 4)
    walks = []
    across = _pairs._Scan._across

    def counted(self, *args):
        walks.append(1)
        return across(self, *args)

    monkeypatch.setattr(_pairs._Scan, "_across", counted)
    rng = np.random.default_rng(3)
    tables = [glove_market(2, 7), glove_market(3, 7)]
    tables += [np.r_[0.0, rng.integers(0, 3, (1 << 7) - 1).astype(float)] for _ in range(2)]
    for v in tables:
        cover = co.prenucleolus(co.Game(dual_cover(v, 7))).x
        np.testing.assert_allclose(co.modiclus(co.Game(v)).x, cover[:7], atol=1e-7)
    assert len(walks) >= 3  # the walk ran (3 times on these four games)


def test_glove_market_of_fifteen():
    # 2 left gloves, 13 right ones: symmetric within each side, efficient and
    # self-dual; the left gloves get 1/2 each, as in every smaller market the
    # dual cover gives (checked here at 6 players)
    v6 = glove_market(2, 6)
    np.testing.assert_allclose(co.prenucleolus(co.Game(dual_cover(v6, 6))).x[:2], [0.5, 0.5], atol=1e-9)
    v = glove_market(2, 15)
    x = co.modiclus(co.Game(v)).x
    np.testing.assert_allclose(x[:2], [0.5, 0.5], atol=1e-9)
    np.testing.assert_allclose(x[2:], np.full(13, 1 / 13), atol=1e-9)
    np.testing.assert_allclose(co.modiclus(co.Game(dual(v, 15))).x, x, atol=1e-9)
