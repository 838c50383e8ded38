"""Single-valued solutions: utopia vector, minimal rights, tau-value, Gately
point, CIS, ENSC, solidarity value and least square prenucleolus.

Each rule is checked against values printed in a source (cited beside the
test) and against an oracle written here in plain Python from the rule's
definition: coalition-by-coalition maxima for the minimal rights, the random
order formula for the solidarity value, a least squares problem solved by
numpy for the least square prenucleolus, the propensities to disrupt for the
Gately point, and the adjusted proportional rule for the tau-value of a
bankruptcy game.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import coalition as co

from .conftest import dense_tables

RULES = [co.utopia, co.minimal_rights, co.tau_value, co.gately, co.cis, co.ensc,
         co.solidarity_value, co.least_square_prenucleolus]
EFFICIENT = [co.tau_value, co.gately, co.cis, co.ensc, co.solidarity_value,
             co.least_square_prenucleolus]


# -- plain-Python oracles ----------------------------------------------------------
def _utopia(v, n):
    full = (1 << n) - 1
    return np.array([v[full] - v[full ^ (1 << i)] for i in range(n)])


def _minimal_rights(v, n):
    M = _utopia(v, n)
    m = np.full(n, -np.inf)
    for i in range(n):
        for S in range(1 << n):
            if S >> i & 1:
                others = sum(M[j] for j in range(n) if S >> j & 1 and j != i)
                m[i] = max(m[i], v[S] - others)
    return m


def _solidarity_by_orders(v, n):
    """Nowak and Radzik (1994), random order form: the average over all n!
    orders of the average marginal contribution A(S) of the coalition S that
    the player completes."""
    def amc(S):
        members = [k for k in range(n) if S >> k & 1]
        return sum(v[S] - v[S ^ (1 << k)] for k in members) / len(members)

    x = np.zeros(n)
    for order in itertools.permutations(range(n)):
        S = 0
        for i in order:
            S |= 1 << i
            x[i] += amc(S)
    return x / math.factorial(n)


def _least_square_by_lstsq(v, n):
    """Minimise the variance of v(S) - x(S) over the coalitions other than
    the empty one and N, on the hyperplane x(N) = v(N): x = v(N)/n + Z y with
    Z a basis of the directions summing to zero, solved by numpy.lstsq."""
    rows = [S for S in range(1, (1 << n) - 1)]
    A = np.array([[S >> i & 1 for i in range(n)] for S in rows], dtype=float)
    b = np.array([v[S] for S in rows])
    x0 = np.full(n, v[-1] / n)
    Z = np.eye(n)[:, :-1] - np.eye(n)[:, -1:]  # e_i - e_n
    centre = np.eye(len(rows)) - 1.0 / len(rows)
    y, *_ = np.linalg.lstsq(centre @ A @ Z, centre @ (b - A @ x0), rcond=None)
    return x0 + Z @ y


def _convex_table(dividends, n):
    """A table with the given Harsanyi dividends (non-negative ones give a
    convex, hence quasi-balanced, game)."""
    v = np.zeros(1 << n)
    for S in range(1 << n):
        v[S] = sum(dividends[T] for T in range(1 << n) if T & S == T)
    return v


@st.composite
def convex_tables(draw, max_n=5):
    n = draw(st.integers(1, max_n))
    d = draw(st.lists(st.floats(0, 50, allow_nan=False), min_size=(1 << n) - 1,
                      max_size=(1 << n) - 1))
    singles = draw(st.lists(st.floats(-20, 20, allow_nan=False), min_size=n, max_size=n))
    dividends = np.array([0.0, *d])
    for i in range(n):
        dividends[1 << i] = singles[i]
    return n, _convex_table(dividends, n)


def _close(a, b, scale):
    np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-9 * max(1.0, scale))


# -- published values ----------------------------------------------------------------
def test_tau_value_published_three_player_example():
    # CoopGame (R) 0.2.2 reference manual, tauValue, example "A=c(0,0,0,2,2,3,5)"
    # printing 1.250 1.875 1.875; the manual cites Branzei, Dimitrov and Tijs,
    # Models in Cooperative Game Theory (2006), p. 31. Lex order as printed.
    g = co.Game([0, 0, 0, 2, 2, 3, 5], order="lex")
    np.testing.assert_allclose(co.tau_value(g).x, [1.25, 1.875, 1.875], atol=5e-4)
    np.testing.assert_array_equal(co.utopia(g).x, [2, 3, 3])
    np.testing.assert_array_equal(co.minimal_rights(g).x, [0, 0, 0])


def test_gately_published_coopgame_example():
    # CoopGame (R) 0.2.2 reference manual, gatelyValue, example
    # v=c(0,0,0,4,0,3,6) with output (18/11, 36/11, 12/11).
    g = co.Game([0, 0, 0, 4, 0, 3, 6], order="lex")
    np.testing.assert_allclose(co.gately(g).x, np.array([18, 36, 12]) / 11, rtol=1e-12)


def test_gately_published_original_electric_power_example():
    # Gately (1974), International Economic Review 15(1), the three-region
    # electric power game v=c(0,0,0,1170,770,210,1530), as reproduced in the
    # CoopGame (R) 0.2.2 manual, gatelyValue, output 827.7049 476.5574 225.7377.
    g = co.Game([0, 0, 0, 1170, 770, 210, 1530], order="lex")
    np.testing.assert_allclose(co.gately(g).x, [827.7049, 476.5574, 225.7377], atol=5e-5)


def test_ensc_and_cis_by_hand_on_the_tau_example():
    # v = (0,0,0,2,2,3,5) in lex order: SC = (2, 3, 3) sums to 8, so each
    # gives back (8 - 5)/3 = 1; the standalone worths are 0, so CIS = 5/3 each.
    g = co.Game([0, 0, 0, 2, 2, 3, 5], order="lex")
    np.testing.assert_allclose(co.ensc(g).x, [1, 2, 2], rtol=1e-15)
    np.testing.assert_allclose(co.cis(g).x, [5 / 3] * 3, rtol=1e-15)


def test_solidarity_null_player_shares_in_average_contribution():
    # Nowak and Radzik (1994): unlike the Shapley value, a null player gets a
    # positive share. Player 3 is null in v = u_{12} (unanimity of 1 and 2):
    # A(12) = 1, A(123) = 2/3, so psi_3 = (1/3)(2/3) = 2/9 and psi_1 = psi_2 = 7/18.
    g = co.Game([0, 0, 0, 1, 0, 0, 1], order="lex")
    np.testing.assert_allclose(co.solidarity_value(g).x, [7 / 18, 7 / 18, 2 / 9], rtol=1e-12)


def test_tau_on_bankruptcy_is_adjusted_proportional():
    # Curiel, Maschler and Tijs (1987): the tau-value of a bankruptcy game is
    # the adjusted proportional rule: minimal rights m_i = max(0, E - sum of
    # the other claims), then what is left split in proportion to the claims
    # truncated at what is left, min(d_i - m_i, E - sum m).
    for estate, claims in [(200, [100, 200, 300]), (300, [100, 200, 300]), (100, [100, 200, 300]),
                           (250, [30, 60, 90, 120]), (10, [8, 1, 3])]:
        d = np.array(claims, dtype=float)
        m = np.maximum(0.0, estate - (d.sum() - d))
        left = estate - m.sum()
        t = np.minimum(d - m, left)
        aprop = m + left * t / t.sum()
        g = co.families.bankruptcy(estate, claims)
        np.testing.assert_allclose(co.tau_value(g).x, aprop, rtol=1e-12)


# -- definitional oracles on random games ---------------------------------------------
@given(dense_tables(max_n=5))
def test_bounds_match_brute_force(table):
    n, v = table
    g = co.Game(v)
    _close(co.utopia(g).x, _utopia(v, n), np.abs(v).max())
    _close(co.minimal_rights(g).x, _minimal_rights(v, n), np.abs(v).max())


@given(dense_tables(max_n=5))
def test_tau_defined_exactly_on_quasi_balanced_games(table):
    n, v = table
    g = co.Game(v)
    M, m = _utopia(v, n), _minimal_rights(v, n)
    tol = 1e-9 * max(1.0, np.abs(v).max())
    strict = np.all(m <= M - tol) and m.sum() <= v[-1] - tol and v[-1] <= M.sum() - tol
    broken = np.any(m > M + tol) or m.sum() > v[-1] + tol or v[-1] > M.sum() + tol
    if strict:
        assert co.is_quasi_balanced(g)
        co.tau_value(g)
    if broken:
        assert not co.is_quasi_balanced(g)
        with pytest.raises(co.InvalidGameError, match="quasi-balanced"):
            co.tau_value(g)


@given(convex_tables())
def test_tau_is_efficient_and_on_the_segment(table):
    n, v = table
    g = co.Game(v)
    assert co.is_quasi_balanced(g)
    x = co.tau_value(g).x
    M, m = _utopia(v, n), _minimal_rights(v, n)
    scale = np.abs(v).max()
    _close(x.sum(), v[-1], scale * n)
    assert np.all(x >= m - 1e-9 * max(1, scale)) and np.all(x <= M + 1e-9 * max(1, scale))
    if M.sum() - m.sum() > 1e-6 * max(1, scale):
        alpha = (v[-1] - m.sum()) / (M.sum() - m.sum())
        _close(x, m + alpha * (M - m), scale * n)


@given(convex_tables(max_n=4), st.floats(0.1, 10), st.lists(st.floats(-10, 10), min_size=4, max_size=4))
def test_rules_covariant_under_strategic_equivalence(table, a, b):
    n, v = table
    b = np.array(b[:n])
    add = np.array([sum(b[i] for i in range(n) if S >> i & 1) for S in range(1 << n)])
    g, h = co.Game(v), co.Game(a * v + add)
    scale = a * np.abs(v).max() + np.abs(b).sum()
    for rule in (co.tau_value, co.ensc, co.cis, co.least_square_prenucleolus):
        _close(rule(h).x, a * rule(g).x + b, scale * n)
    # the solidarity value is linear but not covariant: an additive game's
    # value is its own solidarity value only when the standalone worths are equal
    _close(co.solidarity_value(h).x,
           a * co.solidarity_value(g).x + co.solidarity_value(co.Game(add)).x, scale * n)
    outcomes = []
    for game in (g, h):
        try:
            outcomes.append(co.gately(game).x)
        except co.InvalidGameError:
            outcomes.append(None)
    if outcomes[0] is not None and outcomes[1] is not None:
        _close(outcomes[1], a * outcomes[0] + b, scale * n * 1e3)
    elif outcomes[0] is not None or outcomes[1] is not None:
        # defined on one side only: a denominator of g is zero up to rounding
        # at the scale of the shifted game
        M, s = _utopia(v, n), np.array([v[1 << i] for i in range(n)])
        dens = [v[-1] - s.sum(), (M - s).sum(), *(M - s)]
        assert min(abs(d) for d in dens) <= 1e-9 * scale


@given(dense_tables(min_n=2, max_n=5))
def test_gately_equalises_propensities_to_disrupt(table):
    n, v = table
    g = co.Game(v)
    try:
        x = co.gately(g).x
    except co.InvalidGameError as err:
        assert "Gately" in str(err)
        return
    full = (1 << n) - 1
    scale = max(1.0, np.abs(v).max())
    _close(x.sum(), v[-1], scale * n * 1e3)
    # d_i = (x(N\\i) - v(N\\i)) / (x_i - v(i)); compare d_i = d_1 cross-multiplied
    for i in range(1, n):
        lhs = (x.sum() - x[i] - v[full ^ (1 << i)]) * (x[0] - v[1])
        rhs = (x.sum() - x[0] - v[full ^ 1]) * (x[i] - v[1 << i])
        assert abs(lhs - rhs) <= 1e-7 * scale**2


@given(dense_tables(max_n=5))
def test_ensc_cis_solidarity_lspn_match_definitions(table):
    n, v = table
    g = co.Game(v)
    scale = np.abs(v).max() * n
    sc = _utopia(v, n)
    _close(co.ensc(g).x, sc + (v[-1] - sc.sum()) / n, scale)
    s = np.array([v[1 << i] for i in range(n)])
    _close(co.cis(g).x, s + (v[-1] - s.sum()) / n, scale)
    assert co.cis(g).as_dict() == co.equal_surplus(g).as_dict()
    _close(co.solidarity_value(g).x, _solidarity_by_orders(v, n), scale)
    if n >= 2:
        _close(co.least_square_prenucleolus(g).x, _least_square_by_lstsq(v, n), scale * 10)
    for rule in EFFICIENT:
        try:
            x = rule(g).x
        except co.InvalidGameError:
            continue
        _close(x.sum(), v[-1], scale * 1e3)


@given(dense_tables(min_n=2, max_n=4), st.randoms(use_true_random=False))
def test_rules_are_symmetric_under_relabelling(table, rnd):
    n, v = table
    perm = list(range(n))
    rnd.shuffle(perm)  # new player k is old player perm[k]
    w = np.zeros(1 << n)
    for S in range(1 << n):
        T = sum(1 << k for k in range(n) if S >> perm[k] & 1)
        w[T] = v[S]
    g, h = co.Game(v), co.Game(w)
    for rule in RULES:
        try:
            x = rule(g).x
        except co.InvalidGameError:
            with pytest.raises(co.InvalidGameError):
                rule(h)
            continue
        _close(rule(h).x, x[perm], np.abs(v).max() * n * 1e3)


def test_cost_game_rules_are_computed_on_the_savings_game():
    costs = [0, 10, 12, 18, 9, 16, 17, 24]
    c = co.Game(costs, kind="cost")
    s = co.Game(c.worths)
    for rule in RULES:
        a = rule(c)
        assert a.kind == "cost"
        np.testing.assert_allclose(a.x, c.standalone - rule(s).x, rtol=1e-12, atol=1e-12)


# -- bad inputs -------------------------------------------------------------------------
@pytest.mark.parametrize("rule", RULES + [co.is_quasi_balanced])
def test_not_a_game(rule):
    with pytest.raises(co.InvalidGameError, match="`game` must be a coalition.Game"):
        rule([0, 1, 2, 3])


def test_tau_refuses_a_game_that_is_not_quasi_balanced():
    # v(12) = v(13) = v(23) = v(N) = 1: M = (0, 0, 0) and m_i = 1 (via {i, j}).
    g = co.Game([0, 0, 0, 1, 1, 1, 1], order="lex")
    assert not co.is_quasi_balanced(g)
    with pytest.raises(co.InvalidGameError, match=r"`game` is not quasi-balanced.*minimal right 1"):
        co.tau_value(g)
    # m <= M holds but sum m > v(N): binary order v(2) = 4, v(3) = 2, v(23) = 1,
    # v(N) = 5, so M = (4, 5, 5) and m = (0, 4, 2) sums to 6. (A game with
    # sum M < v(N) always has some m_i > M_i: take S = N in m_i.)
    g = co.Game([0, 0, 4, 0, 2, 0, 1, 5])
    with pytest.raises(co.InvalidGameError, match=r"minimal rights sum to 6, above v\(N\) = 5"):
        co.tau_value(g)


def test_tau_of_a_game_whose_segment_is_a_point():
    # additive game: m = M = standalone worths, tau is that point
    g = co.Game([0, 1, 2, 3, 4, 5, 6, 7])
    np.testing.assert_allclose(co.tau_value(g).x, [1, 2, 4], rtol=1e-15)


def test_gately_refuses_an_inessential_game():
    # v(1) = 1, v(2) = 2, v(N) = 3: no surplus, every propensity is 0/0
    with pytest.raises(co.InvalidGameError, match=r"`game` has no Gately point: its surplus"):
        co.gately(co.Game([0, 1, 2, 3]))


def test_gately_of_a_unanimity_game_is_equal_split():
    # v = u_N on three players: M_i = 1, surplus 1, every propensity 2
    g = co.Game([0, 0, 0, 0, 0, 0, 0, 1])
    np.testing.assert_allclose(co.gately(g).x, [1 / 3] * 3, rtol=1e-15)


def test_gately_refuses_a_player_who_adds_only_its_standalone_worth():
    # v(i) = 0, v(12) = 1, v(13) = 0.5, v(23) = 0, v(N) = 1: M = (1, 0.5, 0), M_3 = v(3)
    g = co.Game([0, 0, 0, 1, 0.5, 0, 1], order="lex")
    with pytest.raises(co.InvalidGameError, match=r"player 'P3' adds v\(N\) - v\(N\\i\) = v\(i\)"):
        co.gately(g)


def test_gately_refuses_when_no_common_propensity_exists():
    # v(i) = 0, v(N) = 1, v(12) = 3, v(13) = v(23) = 0: M = (1, 1, -2) sums to 0
    g = co.Game([0, 0, 0, 3, 0, 0, 1], order="lex")
    with pytest.raises(co.InvalidGameError, match="no common propensity"):
        co.gately(g)


@pytest.mark.parametrize("rule", [co.minimal_rights, co.tau_value, co.is_quasi_balanced,
                                  co.solidarity_value])
def test_rules_with_scratch_tables_respect_the_memory_cap(rule):
    g = co.Game(np.arange(2.0**10))  # a table of 8 KiB
    old = co.set_max_table_bytes(2 * 8 * 2**10)
    try:
        with pytest.raises(co.GameTooLargeError, match="10 players needs"):
            rule(g)
    finally:
        co.set_max_table_bytes(old)
