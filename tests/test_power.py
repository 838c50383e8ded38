"""Power indices of simple games: Johnston, Deegan-Packel, public good, Coleman,
minimal winning coalitions."""

import math
from fractions import Fraction
from itertools import combinations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import coalition as co
from coalition.values import ColemanPower


# -- a plain oracle over all coalitions, written from the definitions --------------
def _oracle(n, wins):
    """All five concepts by enumerating coalitions as sets, in exact fractions.

    `wins(S)` says whether the set S of player indices wins."""
    coalitions = [frozenset(c) for k in range(n + 1) for c in combinations(range(n), k)]
    winning = [S for S in coalitions if wins(S)]
    losing = [S for S in coalitions if not wins(S)]
    critical = {S: {i for i in S if not wins(S - {i})} for S in winning}
    minimal = [S for S in winning if critical[S] == set(S)]
    swings = [sum(1 for S in winning if i in critical[S]) for i in range(n)]
    vulnerable = [S for S in winning if critical[S]]
    john = [sum(Fraction(1, len(critical[S])) for S in vulnerable if i in critical[S]) for i in range(n)]
    dp = [sum(Fraction(1, len(S)) for S in minimal if i in S) / len(minimal) for i in range(n)]
    holler = [sum(1 for S in minimal if i in S) for i in range(n)]
    return {
        "mwc": sorted(minimal, key=lambda S: sum(1 << i for i in S)),
        "johnston": [j / sum(john) for j in john],
        "deegan_packel": dp,
        "public_good": [Fraction(h, sum(holler)) for h in holler],
        "prevent": [Fraction(s, len(winning)) for s in swings],
        "initiate": [Fraction(s, len(losing)) for s in swings],
        "swings": swings,
    }


def _check_against_oracle(g, ref):
    names = g.players
    assert co.minimal_winning_coalitions(g) == [tuple(names[i] for i in sorted(S)) for S in ref["mwc"]]
    np.testing.assert_allclose(co.johnston(g).x, [float(f) for f in ref["johnston"]], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(co.deegan_packel(g).x, [float(f) for f in ref["deegan_packel"]], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(co.public_good(g).x, [float(f) for f in ref["public_good"]], rtol=1e-12, atol=1e-15)
    prevent, initiate = co.coleman(g)
    np.testing.assert_allclose(prevent.x, [float(f) for f in ref["prevent"]], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(initiate.x, [float(f) for f in ref["initiate"]], rtol=1e-12, atol=1e-15)


@st.composite
def weighted_games(draw, max_n=7):
    n = draw(st.integers(1, max_n))
    w = draw(st.lists(st.integers(0, 9), min_size=n, max_size=n).filter(lambda ws: sum(ws) > 0))
    quota = draw(st.integers(1, sum(w)))
    return w, quota


@given(weighted_games())
def test_weighted_voting_games_match_the_definitions(case):
    w, quota = case
    g = co.families.weighted_voting(w, quota=quota)
    _check_against_oracle(g, _oracle(len(w), lambda S: sum(w[i] for i in S) >= quota))


@st.composite
def upset_games(draw, max_n=6):
    """Simple games that need not be weighted: the coalitions containing one of a
    few random generator coalitions win (the grand coalition always does)."""
    n = draw(st.integers(1, max_n))
    gens = draw(st.lists(st.integers(1, (1 << n) - 1), min_size=1, max_size=5))
    return n, gens


@given(upset_games())
def test_any_simple_game_matches_the_definitions(case):
    n, gens = case
    values = [1.0 if any(m & g == g for g in gens) else 0.0 for m in range(1 << n)]
    g = co.Game(values)
    _check_against_oracle(g, _oracle(n, lambda S: any(sum(1 << i for i in S) & m == m for m in gens)))


# -- published values ---------------------------------------------------------------
HOLLER_GAME = ([35, 20, 15, 15, 15], 51)


def test_deegan_packel_holler_illing_example():
    # Holler, M. J. and Illing, G. (2006), Einfuehrung in die Spieltheorie, 6th ed.,
    # Springer, section 6.3.3 (pp. 323-324), as quoted with the expected result
    # dpv = (18/60, 9/60, 11/60, 11/60, 11/60) in the documentation of
    # deeganPackelIndex in the R package CoopGame 0.2.2.
    g = co.families.weighted_voting(*HOLLER_GAME)
    a = co.deegan_packel(g)
    np.testing.assert_allclose(a.x, np.array([18, 9, 11, 11, 11]) / 60, rtol=1e-12)
    assert a.rule == "Deegan-Packel"


def test_public_good_holler_paradox_example():
    # Holler, M. J. (2011), "Public Goods index", Encyclopedia of Power, SAGE,
    # pp. 541-542 (the paradox of weighted voting: the 20-vote party gets less than
    # the 15-vote ones), as quoted in the documentation of publicGoodIndex in the
    # R package CoopGame 0.2.2: 0.2666667 0.1333333 0.2 0.2 0.2 = (4, 2, 3, 3, 3)/15.
    g = co.families.weighted_voting(*HOLLER_GAME)
    a = co.public_good(g)
    np.testing.assert_allclose(a.x, np.array([4, 2, 3, 3, 3]) / 15, rtol=1e-12)
    assert a.rule == "Public good"
    assert a["P2"] < a["P3"]


@pytest.mark.parametrize(
    "weights, quota, expected",
    [
        # Documentation of johnstonIndex in the R package CoopGame 0.2.2 (after
        # Chakravarty, Mitra and Sarkar (2015), A Course on Cooperative Game Theory,
        # CUP, p. 124): [4; 3, 2, 1] gives 0.6666667 0.1666667 0.1666667.
        ([3, 2, 1], 4, [Fraction(2, 3), Fraction(1, 6), Fraction(1, 6)]),
        # CoopGame 0.2.2, tests/testthat/test_28_johnstonIndex.R, checks 28.2 and 28.3.
        ([5, 3, 1], 8, [Fraction(1, 2), Fraction(1, 2), Fraction(0)]),
        ([8, 8, 1], 9, [Fraction(1, 3), Fraction(1, 3), Fraction(1, 3)]),
    ],
)
def test_johnston_published_values(weights, quota, expected):
    a = co.johnston(co.families.weighted_voting(weights, quota=quota))
    np.testing.assert_allclose(a.x, [float(f) for f in expected], rtol=1e-12, atol=1e-15)
    assert a.rule == "Johnston"


def test_minimal_winning_coalitions_of_the_holler_game():
    # [51; 35, 20, 15, 15, 15] by hand: 35+20 = 55 wins, 35+15 = 50 loses but
    # 35+15+15 = 65 wins, and the four small parties together (65) win while any
    # three of them (50 or 45) lose. These five coalitions give the published
    # Deegan-Packel and public good values above: P1 is in 4 of them (1/2 + 3/3),
    # P2 in 2 (1/2 + 1/4), each 15-vote party in 3 (2/3 + 1/4).
    g = co.families.weighted_voting(*HOLLER_GAME)
    mwc = {frozenset(c) for c in co.minimal_winning_coalitions(g)}
    assert mwc == {
        frozenset({"P1", "P2"}), frozenset({"P1", "P3", "P4"}), frozenset({"P1", "P3", "P5"}),
        frozenset({"P1", "P4", "P5"}), frozenset({"P2", "P3", "P4", "P5"}),
    }


# -- identities -----------------------------------------------------------------------
@given(weighted_games())
def test_coleman_is_raw_banzhaf_swings_over_winning_and_losing_counts(case):
    w, quota = case
    n = len(w)
    g = co.families.weighted_voting(w, quota=quota)
    swings = co.banzhaf(g).x * 2 ** (n - 1)  # the library's own Banzhaf route
    n_win = int(g.values.sum())
    prevent, initiate = co.coleman(g)
    np.testing.assert_allclose(prevent.x, swings / n_win, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(initiate.x, swings / (2 ** n - n_win), rtol=1e-12, atol=1e-15)
    # prevent / initiate is the same ratio |L| / |W| for every player
    np.testing.assert_allclose(prevent.x * n_win, initiate.x * (2 ** n - n_win), rtol=1e-12, atol=1e-12)


@given(weighted_games())
def test_normalised_indices_sum_to_one_and_ignore_null_players(case):
    w, quota = case
    g = co.families.weighted_voting(w, quota=quota)
    null = co.banzhaf(g).x == 0.0
    for rule in (co.johnston, co.deegan_packel, co.public_good):
        a = rule(g)
        assert a.x.sum() == pytest.approx(1.0, abs=1e-12)
        assert np.all(a.x >= 0)
        assert np.all(a.x[null] == 0.0)


def test_coleman_result_shape():
    g = co.families.weighted_voting([2, 1, 1], quota=3)
    res = co.coleman(g)
    assert isinstance(res, ColemanPower)
    assert res.prevent.rule == "Coleman (prevent)" and res.initiate.rule == "Coleman (initiate)"
    # 3 winning coalitions (12, 13, 123), 5 losing; P1 swings in all 3, P2 and P3 in one
    np.testing.assert_allclose(res.prevent.x, [1.0, 1 / 3, 1 / 3])
    np.testing.assert_allclose(res.initiate.x, [3 / 5, 1 / 5, 1 / 5])


def test_dictator_gets_everything():
    g = co.families.weighted_voting([5, 1, 1], quota=5)
    assert co.minimal_winning_coalitions(g) == [("P1",)]
    for rule in (co.johnston, co.deegan_packel, co.public_good):
        np.testing.assert_array_equal(rule(g).x, [1.0, 0.0, 0.0])


# -- bad inputs ------------------------------------------------------------------------
ALL_RULES = [co.minimal_winning_coalitions, co.johnston, co.deegan_packel, co.public_good, co.coleman]


@pytest.mark.parametrize("rule", ALL_RULES)
def test_refuses_worths_other_than_zero_and_one(rule):
    g = co.Game([0, 0, 0.5, 1], players=["A", "B"])
    with pytest.raises(co.InvalidGameError, match=r"`game` is not a simple game.*v\(B\) = 0.5"):
        rule(g)


@pytest.mark.parametrize("rule", ALL_RULES)
def test_refuses_non_monotone_games(rule):
    g = co.Game([0, 1, 0, 0, 0, 0, 0, 1], players=["A", "B", "C"])
    with pytest.raises(co.InvalidGameError, match=r"not monotone.*v\(A\) = 1 but adding 'B'"):
        rule(g)


@pytest.mark.parametrize("rule", ALL_RULES)
def test_refuses_a_losing_grand_coalition(rule):
    with pytest.raises(co.InvalidGameError, match="grand coalition must win"):
        rule(co.Game([0, 0, 0, 0], players=["A", "B"]))


@pytest.mark.parametrize("rule", ALL_RULES)
def test_refuses_cost_games_and_non_games(rule):
    with pytest.raises(co.InvalidGameError, match="`game` is a cost game"):
        rule(co.Game([0, 1, 1, 1], players=["A", "B"], kind="cost"))
    with pytest.raises(co.InvalidGameError, match="`game` must be a coalition.Game"):
        rule([0, 1, 1, 1])


@pytest.mark.parametrize("rule", ALL_RULES)
def test_refuses_games_beyond_the_table_cap(rule):
    # a unanimity game has no exact route of its own for any of these indices
    g = co.families.unanimity(20, ["P1", "P2"])
    old = co.set_max_table_bytes(1 << 16)
    try:
        with pytest.raises(co.GameTooLargeError):
            rule(g)
    finally:
        co.set_max_table_bytes(old)


# -- Coleman without a table for weighted voting games --------------------------------
@given(weighted_games())
def test_coleman_by_weights_equals_the_table_route(case):
    w, quota = case
    g = co.families.weighted_voting(w, quota=quota)
    from_table = co.coleman(co.Game(g.values, players=g.players))  # a plain table game
    by_weights = co.coleman(g)
    np.testing.assert_allclose(by_weights.prevent.x, from_table.prevent.x, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(by_weights.initiate.x, from_table.initiate.x, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("n, quota", [(61, 31), (80, 70), (40, 1)])
def test_coleman_of_a_large_symmetric_game_in_closed_form(n, quota):
    # [quota; 1, ..., 1]: every player swings in the C(n-1, quota-1) coalitions of
    # quota-1 others; the winning coalitions are those of quota players or more.
    g = co.families.weighted_voting([1] * n, quota=quota)
    old = co.set_max_table_bytes(1 << 16)  # no table may be built
    try:
        prevent, initiate = co.coleman(g)
    finally:
        co.set_max_table_bytes(old)
    swings = math.comb(n - 1, quota - 1)
    n_win = sum(math.comb(n, k) for k in range(quota, n + 1))
    np.testing.assert_allclose(prevent.x, float(Fraction(swings, n_win)), rtol=1e-12)
    np.testing.assert_allclose(initiate.x, float(Fraction(swings, 2**n - n_win)), rtol=1e-12)


def test_coleman_of_a_large_weighted_game_against_a_split_count():
    # 30 players of weights 1..30 (total 465), quota 300: count winning coalitions and
    # each player's swings by enumerating the two halves of 15 players and matching
    # their weight distributions (an independent count, exact in integers).
    w = list(range(1, 31))
    quota = 300
    g = co.families.weighted_voting(w, quota=quota)
    old = co.set_max_table_bytes(1 << 16)
    try:
        prevent, initiate = co.coleman(g)
    finally:
        co.set_max_table_bytes(old)

    def weight_counts(ws):
        c = np.zeros(sum(ws) + 1, dtype=object)
        c[0] = 1
        for x in ws:
            c = c.copy()
            c[x:] = c[x:] + c[: len(c) - x]
        return c

    total = sum(w)
    counts = weight_counts(w)
    n_win = int(sum(counts[quota:]))
    for i in (0, 14, 29):
        others = weight_counts(w[:i] + w[i + 1:])
        swings = int(sum(others[max(quota - w[i], 0):quota]))
        assert prevent.x[i] == pytest.approx(swings / n_win, rel=1e-12)
        assert initiate.x[i] == pytest.approx(swings / (2**30 - n_win), rel=1e-12)
    assert total == 465


def test_johnston_beyond_its_programme_says_so():
    w = list(np.random.default_rng(0).integers(1, 11, 300))
    g = co.families.weighted_voting(w, sum(w) // 2 + 1)
    with pytest.raises(co.GameTooLargeError, match="Johnston index of this weighted voting game of 300 players"):
        co.johnston(g)


def test_not_a_simple_game_shows_the_worth_in_full():
    with pytest.raises(co.InvalidGameError, match=r"v\(P1\+P2\) = 1.000000000001"):
        co.johnston(co.Game([0, 0, 0, 1 + 1e-12]))
