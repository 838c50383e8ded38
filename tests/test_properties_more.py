"""Game properties beyond superadditivity and convexity, against brute force
over coalitions and against published facts.

Published facts used: convex games are semiconvex, a semiconvex game's
minimal rights are its standalone worths and its tau-value is in the core
(Driessen and Tijs 1985, IJGT 14, 229-247); a 1-convex game's nucleolus and
tau-value are both M - g(N)/n (Driessen and Tijs 1983; Driessen 1985, OR
Spektrum 7, 19-26); R CoopGame 0.2.2's isSemiConvexGame examples; the five
permanent members of the UN Security Council are its veto players (UN
Charter, Article 27(3)).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coalition as co
from coalition.errors import InvalidGameError


def _members(m, n):
    return [i for i in range(n) if m >> i & 1]


@st.composite
def tables(draw, min_n=1, max_n=5):
    n = draw(st.integers(min_n, max_n))
    vals = draw(st.lists(st.integers(-3, 6), min_size=(1 << n) - 1, max_size=(1 << n) - 1))
    return co.Game(np.array([0.0, *vals]))


@st.composite
def symmetric_games(draw, max_n=5):
    n = draw(st.integers(1, max_n))
    f = [0.0] + [float(draw(st.integers(-5, 10))) for _ in range(n)]
    return co.Game(np.array([f[bin(m).count("1")] for m in range(1 << n)]))


@st.composite
def convex_games(draw, max_n=5):
    n = draw(st.integers(1, max_n))
    a = np.array(draw(st.lists(st.integers(-5, 5), min_size=n, max_size=n)), dtype=float)
    table = np.array([a[_members(m, n)].sum() for m in range(1 << n)])
    for _ in range(draw(st.integers(0, 5))):
        carrier = draw(st.integers(1, (1 << n) - 1))
        table[[m for m in range(1 << n) if m & carrier == carrier]] += draw(st.integers(0, 6))
    return co.Game(table)


@st.composite
def one_convex_games(draw, max_n=5):
    """Utopia payoffs M and v(N) with M(N) >= v(N); v(N - i) = v(N) - M_i;
    every other coalition at most M(S) - g(N), so g(S) >= g(N)."""
    n = draw(st.integers(2, max_n))
    M = np.array(draw(st.lists(st.integers(0, 10), min_size=n, max_size=n)), dtype=float)
    gN = float(draw(st.integers(0, 5)))
    table = np.zeros(1 << n)
    full = (1 << n) - 1
    for m in range(1, full):
        table[m] = M[_members(m, n)].sum() - gN - draw(st.integers(0, 4))
    table[full] = M.sum() - gN
    for i in range(n):
        table[full ^ (1 << i)] = table[full] - M[i]
    return co.Game(table)


# -- brute-force oracles ----------------------------------------------------------------
def symmetric_oracle(g):
    n, v = g.n, g.worths
    for i, j in itertools.combinations(range(n), 2):
        for m in range(1 << n):
            bi, bj = m >> i & 1, m >> j & 1
            swapped = m & ~((1 << i) | (1 << j)) | (bj << i) | (bi << j)
            if abs(v[m] - v[swapped]) > 1e-9:
                return False
    return True


def gap(g):
    n, v = g.n, g.worths
    full = (1 << n) - 1
    M = [v[full] - v[full ^ (1 << i)] for i in range(n)]
    return [sum(M[i] for i in _members(m, n)) - v[m] for m in range(1 << n)]


def one_convex_oracle(g):
    gs = gap(g)
    return gs[-1] >= -1e-9 and all(gs[m] >= gs[-1] - 1e-9 for m in range(1, 1 << g.n))


def semiconvex_oracle(g):
    gs = gap(g)
    for i in range(g.n):
        if gs[1 << i] < -1e-9:
            return False
        if any(gs[m] < gs[1 << i] - 1e-9 for m in range(1 << g.n) if m >> i & 1):
            return False
    return True


def players_oracle(g, test):
    n, v = g.n, g.worths
    out = []
    for i in range(n):
        rest = [m for m in range(1 << n) if not m >> i & 1]
        if all(test(v, m, i) for m in rest):
            out.append(g.players[i])
    return tuple(out)


DUMMY = lambda v, m, i: abs(v[m | 1 << i] - v[m] - v[1 << i]) <= 1e-9  # noqa: E731
NULL = lambda v, m, i: abs(v[m | 1 << i] - v[m]) <= 1e-9  # noqa: E731
VETO = lambda v, m, i: abs(v[m]) <= 1e-9  # noqa: E731


# -- the properties on random games -------------------------------------------------------
@given(st.one_of(tables(), symmetric_games()))
def test_symmetric_and_constant_sum_brute_force(g):
    assert g.is_symmetric == symmetric_oracle(g)
    v, full = g.worths, (1 << g.n) - 1
    assert g.is_constant_sum == all(abs(v[m] + v[full ^ m] - v[full]) <= 1e-9 for m in range(1 << g.n))


@given(symmetric_games())
def test_symmetric_games_are_recognised_and_split_equally(g):
    assert g.is_symmetric
    np.testing.assert_allclose(co.shapley(g).x, np.full(g.n, g.grand_value / g.n), atol=1e-9)


@given(st.one_of(tables(), one_convex_games()))
def test_one_convex_brute_force(g):
    assert g.is_one_convex == one_convex_oracle(g)


@settings(max_examples=30, deadline=None)
@given(one_convex_games())
def test_one_convex_nucleolus_and_tau(g):
    """Driessen and Tijs (1983): for a 1-convex game the nucleolus and the
    tau-value are both M_i - g(N)/n, and the core is not empty."""
    assert g.is_one_convex
    M = co.utopia(g).x
    want = M - (M.sum() - g.grand_value) / g.n
    np.testing.assert_allclose(co.nucleolus(g).x, want, atol=1e-7)
    np.testing.assert_allclose(co.tau_value(g).x, want, atol=1e-9)


@given(st.one_of(tables(), convex_games()))
def test_semiconvex_brute_force(g):
    assert g.is_semiconvex == semiconvex_oracle(g)


@settings(max_examples=30, deadline=None)
@given(convex_games())
def test_convex_games_are_semiconvex(g):
    """Driessen and Tijs (1985): convex games are semiconvex; then the
    minimal rights are the standalone worths, and the tau-value adds to them
    shares of the surplus in proportion to the gaps g({i})."""
    assert g.is_convex and g.is_semiconvex
    np.testing.assert_allclose(co.minimal_rights(g).x, g.standalone, atol=1e-9)
    gap = co.utopia(g).x - g.standalone
    if gap.sum() > 1e-9:
        lam = (g.grand_value - g.standalone.sum()) / gap.sum()
        np.testing.assert_allclose(co.tau_value(g).x, g.standalone + lam * gap, atol=1e-9)


def test_the_tau_value_of_a_convex_game_need_not_be_in_the_core():
    # u_{12} + u_{345}: convex (a sum of unanimity games), every utopia payoff
    # 1 and every standalone worth 0, so the tau-value is 2/5 each; {1, 2}
    # earns 1 alone and gets 4/5 (Driessen and Tijs 1985 give conditions for
    # the tau-value to be in the core; convexity is not one of them)
    table = np.zeros(32)
    for m in range(32):
        table[m] = float(m & 0b11 == 0b11) + float(m & 0b11100 == 0b11100)
    g = co.Game(table)
    assert g.is_convex and g.is_semiconvex
    np.testing.assert_allclose(co.tau_value(g).x, [0.4] * 5, atol=1e-12)
    assert not co.in_core(g, co.tau_value(g).x)


def test_semiconvex_examples_printed_by_coopgame():
    """R CoopGame 0.2.2, isSemiConvexGame, examples: c(3,4,5,9,10,11,18)
    is semiconvex, c(1:7) is not."""
    assert co.Game([3, 4, 5, 9, 10, 11, 18], order="lex").is_semiconvex
    assert not co.Game([1, 2, 3, 4, 5, 6, 7], order="lex").is_semiconvex


@given(tables(max_n=5))
def test_dummy_null_veto_brute_force(g):
    assert g.dummy_players == players_oracle(g, DUMMY)
    assert g.null_players == players_oracle(g, NULL)
    assert g.veto_players == players_oracle(g, VETO)
    assert set(g.null_players) <= set(g.dummy_players)


@given(tables(max_n=4), st.integers(-4, 4))
def test_an_added_dummy_gets_its_worth(g, c):
    """Adding a player who brings exactly c to every coalition makes it a
    dummy (a null player when c = 0); Shapley gives it c."""
    n = g.n
    v = np.concatenate([g.worths, g.worths + c])
    h = co.Game(v)
    assert h.players[n] in h.dummy_players
    assert (h.players[n] in h.null_players) == (c == 0)
    assert abs(co.shapley(h).x[n] - c) <= 1e-9


# -- simple games ------------------------------------------------------------------------------
@st.composite
def voting(draw, max_n=6):
    n = draw(st.integers(1, max_n))
    w = draw(st.lists(st.integers(0, 6), min_size=n, max_size=n))
    w[0] = max(w[0], 1)
    total = sum(w)
    quota = draw(st.integers(1, total))
    return co.families.weighted_voting(w, quota), w, quota


@given(voting())
def test_simple_proper_decisive_brute_force(case):
    g, w, q = case
    n = g.n
    wins = [sum(w[i] for i in _members(m, n)) >= q for m in range(1 << n)]
    full = (1 << n) - 1
    assert g.is_simple
    assert g.is_proper == (not any(wins[m] and wins[full ^ m] for m in range(1 << n)))
    assert g.is_decisive == all(wins[m] != wins[full ^ m] for m in range(1 << n))
    assert g.veto_players == tuple(g.players[i] for i in range(n) if not wins[full ^ (1 << i)])


def test_majority_rules():
    # simple majority of an odd number: proper and decisive
    g = co.families.weighted_voting([1] * 5, quota=3)
    assert g.is_simple and g.is_proper and g.is_decisive and g.veto_players == ()
    # half of an even number wins: two disjoint halves both win
    g = co.families.weighted_voting([1] * 4, quota=2)
    assert g.is_simple and not g.is_proper and not g.is_decisive
    # unanimity: proper, not decisive, everyone a veto player
    g = co.families.weighted_voting([1] * 3, quota=3)
    assert g.is_proper and not g.is_decisive and g.veto_players == g.players


def test_un_security_council():
    """The five permanent members are the veto players (UN Charter, Art.
    27(3): nine votes including the concurring votes of the permanent
    members); the rule is proper but not decisive."""
    case = json.loads((Path(__file__).parent / "cases" / "values" / "un_security_council.json").read_text())
    p = case["game"]["params"]
    g = co.families.weighted_voting(p["weights"], p["quota"], players=case["players"])
    assert g.veto_players == ("China", "France", "Russia", "United Kingdom", "United States")
    assert g.is_simple and g.is_proper and not g.is_decisive
    assert g.null_players == () and not g.is_symmetric


def test_un_security_council_minimal_winning_and_blocking_coalitions():
    """From the Charter's rule (Art. 27(3)): a minimal winning coalition is
    the five permanent members with four elected ones (C(10, 4) = 210); a
    minimal blocking coalition is one permanent member (its veto) or seven
    elected members (the other eight votes fall short of nine):
    5 + C(10, 7) = 125. Listed by the weighted voting game's own route and
    by the dense table."""
    case = json.loads((Path(__file__).parent / "cases" / "values" / "un_security_council.json").read_text())
    p = case["game"]["params"]
    g = co.families.weighted_voting(p["weights"], p["quota"], players=case["players"])
    permanent, elected = case["players"][:5], case["players"][5:]
    want_win = {tuple(permanent) + four for four in itertools.combinations(elected, 4)}
    want_block = {(q,) for q in permanent} | set(itertools.combinations(elected, 7))
    for game in (g, co.Game(g.worths, players=g.players)):
        assert set(co.minimal_winning_coalitions(game)) == want_win and len(want_win) == 210
        assert set(co.minimal_blocking_coalitions(game)) == want_block and len(want_block) == 125


def test_not_simple_and_cost_games():
    g = co.Game([0, 1, 2, 6])
    assert not g.is_simple
    with pytest.raises(InvalidGameError, match="`is_proper` is defined for simple games"):
        g.is_proper
    with pytest.raises(InvalidGameError, match="`is_decisive` is defined for simple games"):
        g.is_decisive
    # 0/1 worths that are not monotone, or v(N) = 0: not simple
    assert not co.Game([0, 1, 1, 0]).is_simple
    assert not co.Game([0, 0, 0, 0]).is_simple
    # a cost game is judged on its savings game
    c = co.Game([0, 5, 6, 11, 7, 12, 13, 18], kind="cost")  # additive costs: no savings
    assert c.null_players == c.players and c.is_symmetric and c.is_constant_sum
    assert c.dummy_players == c.players
