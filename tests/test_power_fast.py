"""Power indices of weighted and multiple weighted voting games without a
table (the games' ``_power_fast`` / ``_shapley_fast`` / ``_banzhaf_fast``
routes) against brute force over all coalitions, the table route, closed
forms near and beyond the integer limits, and a published table.
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


# -- oracle: every index from its definition, over all coalitions, in fractions --
def _brute(n, wins):
    """Shapley-Shubik, raw Banzhaf, Johnston, Deegan-Packel, public good,
    Coleman (prevent, initiate) and the minimal winning coalitions of the
    simple game in which the set S of player indices wins when wins(S)."""
    sets = [frozenset(c) for k in range(n + 1) for c in combinations(range(n), k)]
    win = {S: bool(wins(S)) for S in sets}
    winning = [S for S in sets if win[S]]
    crit = {S: [i for i in S if not win[S - {i}]] for S in winning}
    minimal = [S for S in winning if len(crit[S]) == len(S)]
    full = frozenset(range(n))
    blocking = [S for S in sets if not win[full - S]]
    min_blocking = [S for S in blocking if all(win[full - (S - {i})] for i in S)]
    swings = [sum(1 for S in winning if i in crit[S]) for i in range(n)]
    ss = [sum(Fraction(math.factorial(len(S) - 1) * math.factorial(n - len(S)), math.factorial(n))
              for S in winning if i in crit[S]) for i in range(n)]
    john = [sum(Fraction(1, len(crit[S])) for S in winning if i in crit[S]) for i in range(n)]
    dp = [sum(Fraction(1, len(S)) for S in minimal if i in S) / len(minimal) for i in range(n)]
    pg = [sum(1 for S in minimal if i in S) for i in range(n)]
    n_lose = len(sets) - len(winning)
    return {
        "shapley": ss,
        "banzhaf": [Fraction(s, 2 ** (n - 1)) for s in swings],
        "johnston": [j / sum(john) for j in john],
        "deegan_packel": dp,
        "public_good": [Fraction(p, sum(pg)) for p in pg],
        "prevent": [Fraction(s, len(winning)) for s in swings],
        "initiate": [Fraction(s, n_lose) for s in swings],  # the empty coalition always loses
        "mwc": sorted((tuple(sorted(S)) for S in minimal), key=lambda c: sum(1 << i for i in c)),
        "mbc": sorted((tuple(sorted(S)) for S in min_blocking), key=lambda c: sum(1 << i for i in c)),
    }


def _close(x, ref):
    # atol: the dense Shapley route leaves about 1e-15 on null players
    np.testing.assert_allclose(x, [float(f) for f in ref], rtol=1e-12, atol=1e-14)


def _check_all(g, ref):
    _close(co.shapley(g).x, ref["shapley"])
    _close(co.banzhaf(g).x, ref["banzhaf"])
    _close(co.johnston(g).x, ref["johnston"])
    _close(co.deegan_packel(g).x, ref["deegan_packel"])
    _close(co.public_good(g).x, ref["public_good"])
    prevent, initiate = co.coleman(g)
    _close(prevent.x, ref["prevent"])
    _close(initiate.x, ref["initiate"])
    assert co.minimal_winning_coalitions(g) == [tuple(g.players[i] for i in c) for c in ref["mwc"]]
    assert co.minimal_blocking_coalitions(g) == [tuple(g.players[i] for i in c) for c in ref["mbc"]]


@st.composite
def weighted_games(draw, max_n=8):
    n = draw(st.integers(1, max_n))
    w = draw(st.lists(st.integers(0, 12), min_size=n, max_size=n).filter(lambda ws: sum(ws) > 0))
    return w, draw(st.integers(1, sum(w)))


@settings(max_examples=80, deadline=None)
@given(weighted_games())
def test_weighted_voting_every_index_on_both_routes_matches_brute_force(case):
    w, quota = case
    g = fam.weighted_voting(w, quota)
    for index in ("johnston", "coleman", "deegan_packel", "public_good", "minimal_winning", "minimal_blocking"):
        assert g._power_fast(index) is not None  # the route without a table is taken
    assert g._banzhaf_fast() is not None and g._shapley_fast() is not None
    ref = _brute(len(w), lambda S: sum(w[i] for i in S) >= quota)
    _check_all(g, ref)
    table = co.Game(g.values, players=g.players)
    assert table._power_fast("johnston") is None  # a plain table has no own route
    _check_all(table, ref)


@st.composite
def multi_games(draw, max_n=6):
    n = draw(st.integers(1, max_n))
    k = draw(st.integers(1, 3))
    rows = [draw(st.lists(st.integers(0, 7), min_size=n, max_size=n).filter(lambda r: sum(r) > 0))
            for _ in range(k)]
    quotas = [draw(st.integers(1, sum(r))) for r in rows]
    blocking = draw(st.one_of(st.none(), st.integers(1, n)))
    return rows, quotas, blocking


@settings(max_examples=80, deadline=None)
@given(multi_games())
def test_multiple_weighted_voting_matches_brute_force(case):
    rows, quotas, blocking = case
    n = len(rows[0])

    def wins(S):
        if blocking is not None and n - len(S) < blocking:
            return True
        return all(sum(r[i] for i in S) >= q for r, q in zip(rows, quotas))

    g = fam.multiple_weighted_voting(rows, quotas, blocking_minority=blocking)
    assert g._shapley_fast() is not None and g._banzhaf_fast() is not None
    for index in ("johnston", "coleman", "deegan_packel", "public_good", "minimal_winning", "minimal_blocking"):
        assert g._power_fast(index) is not None  # every index without a table
    ref = _brute(n, wins)
    _check_all(g, ref)
    _check_all(co.Game(g.values, players=g.players), ref)


def test_multiple_weighted_voting_walk_limits():
    """Beyond 27 players the walk over every coalition is not taken; a list
    of minimal winning coalitions longer than a million is refused with its
    length."""
    big = fam.multiple_weighted_voting([[1] * 28, [2] * 28], [15, 30])
    assert big._power_fast("johnston") is None
    # the table route checks its two tables against the cap before building either
    for index in (co.johnston, co.deegan_packel):
        with pytest.raises(co.GameTooLargeError, match="28 players"):
            index(big)
    many = fam.multiple_weighted_voting([[1] * 24, [1] * 24], [12, 12])  # C(24, 12) = 2,704,156 minimal
    with pytest.raises(co.GameTooLargeError, match="2,704,156 minimal winning"):
        co.minimal_winning_coalitions(many)
    np.testing.assert_allclose(co.deegan_packel(many).x, 1 / 24, rtol=1e-14)


def test_multiple_weighted_voting_is_the_and_of_its_rows():
    rows, quotas = [[4, 3, 2, 1], [1, 1, 1, 1]], [6, 3]
    g = fam.multiple_weighted_voting(rows, quotas)
    a, b = fam.weighted_voting(rows[0], 6), fam.weighted_voting(rows[1], 3)
    np.testing.assert_array_equal(g.values, np.minimum(a.values, b.values))
    # with a blocking minority of 3 members, two members whose complement
    # has only 2 win though they reach neither quota
    h = fam.multiple_weighted_voting(rows, quotas, blocking_minority=3)
    assert h.value("P1+P4") == 1.0 and g.value("P1+P4") == 0.0 and h.value("P1") == 0.0
    assert h.replace(blocking_minority=None).value("P1+P4") == 0.0


def test_lisbon_style_double_majority_against_brute_force():
    # 55% of the members (at least 15 of 27 rounded: here 6 of 10) and 65%
    # of a made-up population, with a blocking minority of 4 members
    pop = [83, 67, 60, 47, 38, 19, 17, 11, 10, 9]
    members = [1] * 10
    quotas = [6, math.ceil(0.65 * sum(pop))]
    g = fam.multiple_weighted_voting([members, pop], quotas, blocking_minority=4)

    def wins(S):
        return len(S) >= 7 or (len(S) >= 6 and sum(pop[i] for i in S) >= quotas[1])

    ref = _brute(10, wins)
    _close(co.shapley(g).x, ref["shapley"])
    _close(co.banzhaf(g).x, ref["banzhaf"])
    prevent, initiate = co.coleman(g)
    _close(prevent.x, ref["prevent"])
    _close(initiate.x, ref["initiate"])


# -- counts near and beyond 2**63 and float64's range --------------------------
@pytest.mark.parametrize("n", [63, 64, 65, 70, 1100])
def test_banzhaf_and_coleman_of_equal_voters_beyond_integer_limits(n):
    # n equal voters, simple majority: a voter swings when exactly q - 1 of
    # the others vote yes, C(n - 1, q - 1) of 2**(n - 1) coalitions; the
    # counts pass 2**63 at n = 64 and float64's range at n = 1025, where a
    # wrapping integer count would give garbage
    q = n // 2 + 1
    g = fam.weighted_voting([1] * n, q)
    expected = Fraction(math.comb(n - 1, q - 1), 2 ** (n - 1))
    np.testing.assert_allclose(co.banzhaf(g).x, float(expected), rtol=1e-12)
    n_win = sum(math.comb(n, k) for k in range(q, n + 1))
    prevent, initiate = co.coleman(g)
    np.testing.assert_allclose(prevent.x, float(Fraction(math.comb(n - 1, q - 1), n_win)), rtol=1e-12)
    np.testing.assert_allclose(initiate.x, float(Fraction(math.comb(n - 1, q - 1), 2**n - n_win)), rtol=1e-12)
    np.testing.assert_allclose(co.johnston(g).x, 1 / n, rtol=1e-12) if n <= 70 else None


def test_banzhaf_of_a_heavy_and_many_light_beyond_2_63():
    # one voter of weight 60 and 70 of weight 1, quota 66: the heavy one
    # swings with 6..65 light ones, a light one with the heavy and exactly 5
    # other light ones, or without it and 65 of the 69 others
    g = fam.weighted_voting([60] + [1] * 70, 66)
    big = Fraction(sum(math.comb(70, j) for j in range(6, 66)), 2**70)
    small = Fraction(math.comb(69, 5) + math.comb(69, 65), 2**70)
    assert sum(math.comb(70, j) for j in range(6, 66)) > 2**63
    np.testing.assert_allclose(co.banzhaf(g).x, [float(big)] + [float(small)] * 70, rtol=1e-12)


def test_walks_refuse_with_the_number_of_minimal_winning_coalitions():
    g = fam.weighted_voting([1] * 70, 36)  # C(70, 36) minimal winning coalitions
    count = f"{float(math.comb(70, 36)):.3g}"
    for rule in (co.deegan_packel, co.public_good, co.minimal_winning_coalitions):
        with pytest.raises(co.GameTooLargeError, match=count.replace("+", r"\+") + " minimal winning"):
            rule(g)
    # blocking: 35 of the 70 votes, C(70, 35) coalitions
    with pytest.raises(co.GameTooLargeError, match=f"{float(math.comb(70, 35)):.3g}".replace("+", r"\+")
                       + " minimal blocking"):
        co.minimal_blocking_coalitions(g)
    # the indices that need no walk still answer
    np.testing.assert_allclose(co.johnston(g).x, 1 / 70, rtol=1e-12)


def test_walk_of_many_minimal_winning_coalitions():
    # 24 equal voters, quota 12: C(24, 12) = 2,704,156 minimal winning
    # coalitions, each of 12 members: Deegan-Packel and public good equal
    g = fam.weighted_voting([1] * 24, 12)
    np.testing.assert_allclose(co.deegan_packel(g).x, 1 / 24, rtol=1e-12)
    np.testing.assert_allclose(co.public_good(g).x, 1 / 24, rtol=1e-12)


# -- a published table --------------------------------------------------------
# US Electoral College, 1990 census apportionment (election of 2000): 51
# members, 538 votes, 270 to win, in alphabetical order with DC after DE.
EC_1990 = dict(AL=9, AK=3, AZ=8, AR=6, CA=54, CO=8, CT=8, DE=3, DC=3, FL=25, GA=13, HI=4, ID=4, IL=22,
               IN=12, IA=7, KS=6, KY=8, LA=9, ME=4, MD=10, MA=12, MI=18, MN=10, MS=7, MO=11, MT=3, NE=5,
               NV=4, NH=4, NJ=15, NM=5, NY=33, NC=14, ND=3, OH=21, OK=8, OR=7, PA=23, RI=4, SC=8, SD=3,
               TN=11, TX=32, UT=5, VT=3, VA=13, WA=11, WV=5, WI=11, WY=3)
# Swings (coalitions of the other 50 members in which the state is
# decisive), Coleman's power to prevent and to initiate action, as
# published in D. E. Sidran, "Power Indices, the Electoral College and the
# U.S. Presidential Election of 2000", course 22C:196, University of Iowa
# (web page www.cs.uiowa.edu/~dsidran/2000 Power Indices.htm), table "Power
# indices for the 2000 U.S. presidential election", computed with Leech's
# IPGENF program; the 21 largest states (rows 1-21 of the table).
EC_1990_PUBLISHED = [
    ("CA", 525_180_666_785_903, 0.470034, 0.462928), ("NY", 292_267_988_381_903, 0.261578, 0.257624),
    ("TX", 282_842_187_059_467, 0.253142, 0.249315), ("FL", 218_271_801_954_339, 0.195352, 0.192399),
    ("PA", 200_234_772_354_797, 0.179209, 0.1765), ("IL", 191_273_826_428_787, 0.171189, 0.168601),
    ("OH", 182_348_576_094_347, 0.163201, 0.160734), ("MI", 155_767_173_134_343, 0.139411, 0.137303),
    ("NJ", 129_437_847_790_351, 0.115846, 0.114095), ("NC", 120_709_085_546_443, 0.108034, 0.106401),
    ("GA", 112_001_326_743_389, 0.100241, 0.098725), ("VA", 112_001_326_743_389, 0.100241, 0.098725),
    ("IN", 103_312_925_200_401, 0.092465, 0.091067), ("MA", 103_312_925_200_401, 0.092465, 0.091067),
    ("MO", 94_642_269_011_929, 0.084704, 0.083424), ("TN", 94_642_269_011_929, 0.084704, 0.083424),
    ("WA", 94_642_269_011_929, 0.084704, 0.083424), ("WI", 94_642_269_011_929, 0.084704, 0.083424),
    ("MD", 85_987_775_858_127, 0.076959, 0.075795), ("MN", 85_987_775_858_127, 0.076959, 0.075795),
    ("AL", 77_347_890_835_355, None, None),
]


def _swings_by_integers(weights, quota, i):
    """Exact swings of player i by a Python-integer subset-sum count."""
    count = [1] + [0] * (quota - 1)
    for j, w in enumerate(weights):
        if j != i:
            for t in range(quota - 1, w - 1, -1):
                count[t] += count[t - w]
    return sum(count[max(0, quota - weights[i]):quota])


def test_electoral_college_1990_published_swings_and_coleman():
    assert sum(EC_1990.values()) == 538 and len(EC_1990) == 51
    names, weights = list(EC_1990), list(EC_1990.values())
    g = fam.weighted_voting(weights, 270, players=names)
    beta = co.banzhaf(g)
    prevent, initiate = co.coleman(g)
    for state, swings, p, q in EC_1990_PUBLISHED:
        i = names.index(state)
        assert _swings_by_integers(weights, 270, i) == swings  # the weights are the published game's
        assert beta[state] == pytest.approx(swings / 2**50, rel=1e-13)
        if p is not None:
            assert prevent[state] == pytest.approx(p, abs=5e-7)
            assert initiate[state] == pytest.approx(q, abs=5e-7)


# -- bad input ----------------------------------------------------------------
@pytest.mark.parametrize(
    "weights, quotas, kwargs, match",
    [
        ([1, 2, 3], [3], {}, "weights"),
        ([[1, -2, 3]], [3], {}, "non-negative"),
        ([[1, 2, 3], [1, 1, 1]], [3], {}, "quotas` has 1 entries"),
        ([[1, 2, 3]], [0], {}, "quota"),
        ([[1, 2, 3], [1, 1, 1]], [3, 4], {}, "row 1"),
        ([[1, 2, 3]], [3], {"blocking_minority": 0}, "blocking_minority"),
        ([[1, 2, 3]], [3], {"blocking_minority": 4}, "blocking_minority"),
        ([[1, 2, 3]], [3], {"blocking_minority": 2.5}, "blocking_minority"),
        ([[1, 2, 3]], [3], {"blocking_minority": True}, "blocking_minority"),
        ([[1, 2, float("nan")]], [3], {}, "non-finite"),
    ],
)
def test_multiple_weighted_voting_bad_input(weights, quotas, kwargs, match):
    with pytest.raises(co.InvalidParameterError, match=match):
        fam.multiple_weighted_voting(weights, quotas, **kwargs)


def test_multiple_weighted_voting_beyond_the_count_walks_every_coalition():
    # quotas whose product of sizes passes the bound of the count by capped
    # weights: the walk over every coalition answers, as the table does
    rows = [[10**5, 2 * 10**5, 3 * 10**5 + 1], [10**5 + 3, 1, 10**5]]
    g = fam.multiple_weighted_voting(rows, [3 * 10**5 + 1, 10**5 + 4])
    assert g._shapley_fast() is not None
    d = co.Game(g.values)
    np.testing.assert_allclose(co.shapley(g).x, co.shapley(d).x, atol=1e-15)
    np.testing.assert_allclose(co.banzhaf(g).x, co.banzhaf(d).x, atol=1e-15)
    for a, b in zip(co.coleman(g), co.coleman(d)):
        np.testing.assert_allclose(a, b, atol=1e-15)
    # 28 players and such quotas: neither route, so the table's own guard decides
    w = [10**5 + i for i in range(28)]
    big = fam.multiple_weighted_voting([w, w[::-1]], [sum(w) // 2, sum(w) // 2])
    assert big._shapley_fast() is None


@pytest.mark.parametrize("seed", range(3))
def test_weighted_route_equals_the_table_route_at_14_players(seed):
    rng = np.random.default_rng(seed)
    w = rng.integers(1, 31, 14)
    q = int(rng.integers(w.sum() // 3, w.sum() + 1))
    g = fam.weighted_voting(w, q)
    d = co.Game(g.values, players=g.players)
    for rule in (co.banzhaf, co.johnston, co.deegan_packel, co.public_good):
        np.testing.assert_allclose(rule(g).x, rule(d).x, rtol=1e-12, atol=1e-15)
    for fast, table in zip(co.coleman(g), co.coleman(d)):
        np.testing.assert_allclose(fast.x, table.x, rtol=1e-12, atol=1e-15)
    assert co.minimal_winning_coalitions(g) == co.minimal_winning_coalitions(d)
    assert co.minimal_blocking_coalitions(g) == co.minimal_blocking_coalitions(d)


def test_compare_takes_the_weighted_route_beyond_the_table():
    w = np.random.default_rng(5).integers(1, 20, 40)
    g = fam.weighted_voting(w, int(w.sum()) // 2 + 1)
    c = co.compare(g, rules=["Johnston", "Banzhaf (normalized)", "Deegan-Packel"])
    np.testing.assert_array_equal(c.shares[:, 0], co.johnston(g).x)
    np.testing.assert_array_equal(c.shares[:, 1], co.banzhaf(g, normalized=True).x)
    assert np.isnan(c.shares[:, 2]).all()
    assert any("Deegan-Packel: not applicable" in n and "minimal winning coalitions" in n for n in c.notes)


def test_eec_council_1958_published_banzhaf():
    """The Council of Ministers of the European Economic Community under the
    Treaty of Rome (1958-1972): Germany, France and Italy 4 votes each, the
    Netherlands and Belgium 2, Luxembourg 1; a qualified majority is 12 of
    17. Its normalized Banzhaf index (5/21, 5/21, 5/21, 3/21, 3/21, 0), with
    Luxembourg a null player, is printed in the README of the PyPI package
    powerindex (M. Litvak; ``px -i b -q 12 -w 4 4 4 2 2 1``) and in its unit
    tests. By hand: the large states swing 10 coalitions each, the middle
    ones 6, Luxembourg none (no coalition reaches exactly 11 without it)."""
    g = fam.weighted_voting([4, 4, 4, 2, 2, 1], 12, players=["DE", "FR", "IT", "NL", "BE", "LU"])
    np.testing.assert_allclose(co.banzhaf(g, normalized=True).x, np.array([5, 5, 5, 3, 3, 0]) / 21, atol=1e-15)
    assert [_swings_by_integers([4, 4, 4, 2, 2, 1], 12, i) for i in range(6)] == [10, 10, 10, 6, 6, 0]
    assert g.null_players == ("LU",)


@settings(max_examples=60, deadline=None)
@given(multi_games(max_n=7))
def test_the_walk_and_the_count_by_capped_weights_agree(case):
    """Shapley-Shubik, Banzhaf and Coleman's indices by the two routes
    without a table (each is also checked against brute force above)."""
    from coalition.families.multi_voting import _walked_power

    rows, quotas, blocking = case
    g = fam.multiple_weighted_voting(rows, quotas, blocking_minority=blocking)
    ref = co.Game(g.values, players=g.players)
    walked = _walked_power(g)
    np.testing.assert_allclose(walked[0], co.shapley(ref).x, atol=1e-13)
    np.testing.assert_allclose(walked[1], co.banzhaf(ref).x, atol=1e-13)
    prevent, initiate = co.coleman(ref)
    np.testing.assert_allclose(walked[2], prevent, atol=1e-13)
    np.testing.assert_allclose(walked[3], initiate, atol=1e-13)
