"""Exact values: Shapley, Banzhaf, weighted Shapley and the simple rules."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import coalition as co
from coalition.errors import InvalidGameError, InvalidParameterError

from .conftest import dense_tables
from .oracles import (
    banzhaf_by_subsets,
    random_table,
    shapley_by_orders,
    shapley_by_subsets,
    weighted_shapley_by_orders,
)


# --- oracles --------------------------------------------------------------------
@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6, 7])
def test_shapley_matches_all_orders(rng, n):
    v = random_table(rng, n)
    got = co.shapley(co.Game(v)).x
    np.testing.assert_allclose(got, shapley_by_orders(v, n), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("n", [8, 11, 13, 14])
def test_shapley_matches_subset_formula_across_block_sizes(rng, n):
    # n = 13, 14 exceed the kernel's 12-bit block, exercising the high-bit path.
    v = random_table(rng, n)
    got = co.shapley(co.Game(v)).x
    np.testing.assert_allclose(got, shapley_by_subsets(v, n), rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("n", [1, 3, 6, 13])
def test_banzhaf_matches_subset_sums(rng, n):
    v = random_table(rng, n)
    got = co.banzhaf(co.Game(v)).x
    np.testing.assert_allclose(got, banzhaf_by_subsets(v, n), rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("n", [2, 3, 5])
def test_weighted_shapley_matches_random_order_definition(rng, n):
    v = random_table(rng, n)
    w = rng.uniform(0.5, 3.0, n)
    got = co.weighted_shapley(co.Game(v), w).x
    np.testing.assert_allclose(got, weighted_shapley_by_orders(v, n, w), rtol=1e-10, atol=1e-10)


def test_weighted_shapley_with_equal_weights_is_shapley(rng):
    g = co.Game(random_table(rng, 6))
    np.testing.assert_allclose(co.weighted_shapley(g, np.ones(6) * 3).x, co.shapley(g).x, atol=1e-10)


# --- closed forms -----------------------------------------------------------------
def test_square_of_weights_closed_form(rng):
    # v(S) = (sum of w over S)^2 has phi_i = w_i * sum(w).
    w = rng.uniform(0, 2, 9)
    g = co.Game.from_function(lambda m: (m @ w) ** 2, [f"P{i}" for i in range(9)], vectorized=True)
    np.testing.assert_allclose(co.shapley(g).x, w * w.sum(), rtol=1e-12)


def test_additive_game_gives_standalone_worths(rng):
    a = rng.uniform(-5, 5, 8)
    g = co.Game.from_function(lambda m: m @ a, [str(i) for i in range(8)], vectorized=True)
    for rule in (co.shapley, co.banzhaf, co.equal_surplus):
        np.testing.assert_allclose(rule(g).x, a, atol=1e-12)


def test_symmetric_game_splits_equally():
    g = co.Game.from_function(lambda s: len(s) ** 3, ["a", "b", "c", "d"])
    np.testing.assert_allclose(co.shapley(g).x, np.full(4, 16.0))


# --- axioms (hypothesis) -------------------------------------------------------------
@given(dense_tables())
def test_efficiency(table):
    n, v = table
    x = co.shapley(co.Game(v)).x
    assert x.sum() == pytest.approx(v[-1], abs=1e-9 * max(1, np.abs(v).max()))


@given(dense_tables(min_n=2), st.data())
def test_symmetry(table, data):
    n, v = table
    i, j = data.draw(st.permutations(range(n)))[:2]
    # Make i and j symmetric: v(S + i) = v(S + j) for S without both.
    v = v.copy()
    bi, bj = 1 << i, 1 << j
    for s in range(1 << n):
        if s & bi and not s & bj:
            v[s] = v[(s ^ bi) | bj]
    x = co.shapley(co.Game(v)).x
    assert x[i] == pytest.approx(x[j], abs=1e-9 * max(1, np.abs(v).max()))


@given(dense_tables(min_n=2), st.data())
def test_null_player_gets_nothing(table, data):
    n, v = table
    i = data.draw(st.integers(0, n - 1))
    bi = 1 << i
    v = v.copy()
    for s in range(1 << n):
        if s & bi:
            v[s] = v[s ^ bi]
    for rule in (co.shapley, co.banzhaf):
        assert rule(co.Game(v)).x[i] == pytest.approx(0.0, abs=1e-9 * max(1, np.abs(v).max()))


@given(dense_tables(), st.floats(-3, 3), st.floats(-3, 3))
def test_linearity(table, a, b):
    n, v = table
    w = np.roll(v[1:], 1)
    w = np.concatenate([[0.0], w])
    g1, g2, g12 = co.Game(v), co.Game(w), co.Game(a * v + b * w)
    tol = 1e-8 * max(1, np.abs(v).max())
    for rule in (co.shapley, co.banzhaf):
        np.testing.assert_allclose(rule(g12).x, a * rule(g1).x + b * rule(g2).x, atol=tol)


@given(dense_tables(), st.floats(0.1, 10), st.data())
def test_covariance_under_strategic_equivalence(table, scale, data):
    n, v = table
    shift = np.array(data.draw(st.lists(st.floats(-10, 10), min_size=n, max_size=n)))
    additive = np.array([sum(shift[i] for i in range(n) if s >> i & 1) for s in range(1 << n)])
    g2 = co.Game(scale * v + additive)
    tol = 1e-8 * max(1, np.abs(v).max() * scale + np.abs(shift).sum())
    np.testing.assert_allclose(co.shapley(g2).x, scale * co.shapley(co.Game(v)).x + shift, atol=tol)


@given(dense_tables(min_n=2))
def test_banzhaf_total_power_and_dummy_axiom(table):
    # Banzhaf axioms (Lehrer 1988 / Nowak 1997): 2-efficiency is hard to state
    # on a table; check the sum identity sum_i beta_i = (1/2^(n-1)) sum_S (2|S| - n) v(S).
    n, v = table
    sizes = np.array([bin(s).count("1") for s in range(1 << n)])
    expected = ((2 * sizes - n) * v).sum() / 2 ** (n - 1)
    got = co.banzhaf(co.Game(v)).x.sum()
    assert got == pytest.approx(expected, abs=1e-8 * max(1, np.abs(v).max()))


def test_banzhaf_two_efficiency():
    # Lehrer (1988): merging players i and j into one player p gives
    # beta_p(merged game) = beta_i + beta_j.
    rng = np.random.default_rng(3)
    n = 5
    v = random_table(rng, n)
    merged = np.zeros(1 << (n - 1))
    # players 0 and 1 merge into new player 0; others shift down by one.
    for s in range(1 << (n - 1)):
        full = ((s >> 1) << 2) | (0b11 if s & 1 else 0)
        merged[s] = v[full]
    b = co.banzhaf(co.Game(v)).x
    bm = co.banzhaf(co.Game(merged)).x
    assert bm[0] == pytest.approx(b[0] + b[1], abs=1e-10)


# --- simple rules -----------------------------------------------------------------------
def test_simple_rules_on_a_small_game():
    g = co.Game.from_dict({"A": 10, "B": 20, "C": 30, "A+B": 40, "A+C": 50, "B+C": 60, "A+B+C": 90})
    assert co.equal_split(g).as_dict() == {"A": 30.0, "B": 30.0, "C": 30.0}
    assert co.equal_surplus(g).as_dict() == {"A": 20.0, "B": 30.0, "C": 40.0}
    assert co.proportional(g).as_dict() == {"A": 15.0, "B": 30.0, "C": 45.0}
    assert co.proportional(g, {"A": 1, "B": 1, "C": 0}).as_dict() == {"A": 45.0, "B": 45.0, "C": 0.0}


def test_normalized_banzhaf_sums_to_grand_value(rng):
    g = co.Game(np.abs(random_table(rng, 6)))
    assert co.banzhaf(g, normalized=True).total == pytest.approx(g.grand_value)


# --- cost games --------------------------------------------------------------------------
def test_airport_cost_game_dense_route():
    # Issue oracle: c = (8, 11, 13, 18), cost of S = max over S -> Shapley (2, 3, 4, 9).
    c = np.array([8.0, 11.0, 13.0, 18.0])
    table = np.array([max([c[i] for i in range(4) if s >> i & 1], default=0.0) for s in range(16)])
    g = co.Game(table, kind="cost")
    a = co.shapley(g)
    assert a.kind == "cost"
    np.testing.assert_allclose(a.x, [2, 3, 4, 9], atol=1e-12)
    # Linear rules commute with the savings transform: Shapley of the cost table itself.
    np.testing.assert_allclose(a.x, shapley_by_orders(table, 4), atol=1e-12)
    # Banzhaf of a cost game is the Banzhaf of its costs as well.
    np.testing.assert_allclose(co.banzhaf(g).x, banzhaf_by_subsets(table, 4), atol=1e-12)


def test_cost_game_simple_rules_speak_costs():
    g = co.Game.from_dict({"A": 6, "B": 4, "A+B": 8}, kind="cost")
    assert co.equal_split(g).as_dict() == {"A": 4.0, "B": 4.0}
    assert co.equal_surplus(g).as_dict() == {"A": 5.0, "B": 3.0}  # each saves 1
    assert co.proportional(g).as_dict() == pytest.approx({"A": 4.8, "B": 3.2})


# --- bad input -----------------------------------------------------------------------------
def test_rules_refuse_non_games():
    for rule in (co.shapley, co.banzhaf, co.equal_split, co.equal_surplus, co.proportional):
        with pytest.raises(InvalidGameError, match="`game`"):
            rule([0, 1, 2, 3])


@pytest.mark.parametrize(
    "weights, match",
    [
        ([1, 2], "shape"),
        ([1, 0, 2], "positive"),
        ([1, -1, 2], "positive"),
        ([1, np.nan, 2], "non-finite"),
        ({"P1": 1, "P2": 2}, "no weight"),
        ({"P1": 1, "P2": 2, "P3": 1, "X": 1}, "not a player"),
        ("abc", "numbers"),
    ],
)
def test_weighted_shapley_bad_weights(weights, match):
    g = co.Game(np.arange(8.0) - np.r_[0, np.zeros(7)])
    with pytest.raises(InvalidParameterError, match=match):
        co.weighted_shapley(g, weights)


def test_proportional_bad_weights():
    g = co.Game([0, -1, 2, 3])
    with pytest.raises(InvalidParameterError, match="standalone"):
        co.proportional(g)
    with pytest.raises(InvalidParameterError, match="non-negative"):
        co.proportional(g, [1, -2])
    with pytest.raises(InvalidParameterError, match="positive sum"):
        co.proportional(g, [0, 0])


def test_banzhaf_bad_flags():
    g = co.Game([0, 1, -1, 0])
    with pytest.raises(InvalidParameterError, match="`normalized`"):
        co.banzhaf(g, normalized="yes")
    with pytest.raises(InvalidGameError, match="sum"):
        co.banzhaf(co.Game([0, -1, -1, -1, -1, -1, 2, -1]), normalized=True)


def test_dense_rules_refuse_huge_structured_game():
    # Six decimals: as integers the weights total 8.4e8, beyond the family's
    # exact route, so the dense table.
    g = co.families.weighted_voting(np.arange(1, 41) + 0.123457, 400.5)
    with pytest.raises(co.GameTooLargeError, match="40 players"):
        co.shapley(g)



# --- units: worths of any magnitude the library accepts ----------------------------
from fractions import Fraction  # noqa: E402
import itertools  # noqa: E402

import networkx as nx  # noqa: E402

from coalition import network as net  # noqa: E402


def _scaled_rules(game, graph, weights):
    """Every rule of values.py and network.py on `game` (and `graph`), as
    ``name: (shares, total they must add up to or None)``."""
    restricted_total = net.restrict(game, graph).grand_value
    out = {
        "shapley": (co.shapley(game).x, game.grand_value),
        "banzhaf": (co.banzhaf(game).x, None),
        "weighted shapley": (co.weighted_shapley(game, weights).x, game.grand_value),
        "equal split": (co.equal_split(game).x, game.grand_value),
        "equal surplus": (co.equal_surplus(game).x, game.grand_value),
        "proportional": (co.proportional(game, weights).x, game.grand_value),
        "myerson": (co.myerson(game, graph).x, restricted_total),
        "myerson of the restricted game": (co.shapley(net.restrict(game, graph)).x, restricted_total),
        "position": (co.position_value(game, graph).x, restricted_total),
    }
    report = net.hub_report(game, graph)
    out["hub premium"] = (report.premium, restricted_total - game.grand_value)
    try:
        out["banzhaf normalized"] = (co.banzhaf(game, normalized=True).x, game.grand_value)
    except InvalidGameError:
        out["banzhaf normalized"] = (None, None)
    est = co.myerson(game, graph, method="sample", budget=40 * game.n, seed=3, estimator="permutation")
    out["sampled myerson"] = (est.x, restricted_total)
    out["sampled myerson stderr"] = (est.stderr, None)
    return out


@st.composite
def _unit_games(draw):
    n = draw(st.integers(2, 5))
    # worths in [-1, 1], none so small that scaling by 1e-150 would underflow
    worth = st.floats(-1, 1).filter(lambda t: t == 0 or abs(t) >= 1e-6)
    vals = draw(st.lists(worth, min_size=(1 << n) - 1, max_size=(1 << n) - 1))
    pairs = list(itertools.combinations(range(n), 2))
    edges = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    weights = draw(st.lists(st.floats(0.1, 10), min_size=n, max_size=n))
    return n, np.array([0.0, *vals]), edges, np.array(weights)


@given(_unit_games(), st.integers(-150, 150))
def test_every_rule_scales_with_the_worths(case, k):
    # Every rule is homogeneous of degree 1 in the worths: scaling a game by
    # 10**k (worths up to 1e150, the largest the library accepts, or down to
    # 1e-150) scales every share by 10**k, with no inf, nan or lost share.
    n, v, edges, weights = case
    scale = float(f"1e{k}")  # the correctly rounded power, as MAX_ABS_WORTH is written
    players = [f"P{i + 1}" for i in range(n)]
    graph = nx.Graph()
    graph.add_nodes_from(players)
    graph.add_edges_from((players[i], players[j]) for i, j in edges)
    base = _scaled_rules(co.Game(v, players=players), graph, weights)
    big = _scaled_rules(co.Game(v * scale, players=players), graph, weights)
    for name, (x, total) in big.items():
        ref = base[name][0]
        if ref is None:
            assert x is None, name  # refused on both scales (raw Banzhaf shares summing to 0)
            continue
        if name.endswith("stderr") and np.all(np.isinf(ref)):
            # a sample that saw no value (a game worth nothing) does not know
            # its error, on any scale
            assert not np.any(base[name.replace(" stderr", "")][0]) and np.all(np.isinf(x)), name
            continue
        assert np.all(np.isfinite(x)), (name, x)
        np.testing.assert_allclose(x / scale, ref, rtol=1e-9, atol=1e-9, err_msg=name)
        if total is not None:
            assert abs(x.sum() - total) <= 1e-9 * scale * max(1.0, np.abs(v).sum()), name


@given(st.integers(2, 40), st.integers(-150, 150), st.integers(0, 2**32 - 1))
def test_synergy_graph_values_scale_with_the_worths(n, k, seed):
    # The closed forms of synergy games on graphs (Shapley, Myerson on any
    # graph and on a forest, position value on a forest) at every scale.
    # Worths drawn so that the sum of their magnitudes stays within 1e150.
    rng = np.random.default_rng(seed)
    scale = float(f"1e{k}")
    graph = nx.gnm_random_graph(n, int(rng.integers(0, n * (n - 1) // 2 + 1)), seed=int(seed))
    tree = nx.random_labeled_tree(n, seed=int(seed)) if hasattr(nx, "random_labeled_tree") else nx.path_graph(n)
    m = graph.number_of_edges()
    a = rng.uniform(-1, 1, n) / (n + m)
    s = rng.uniform(-1, 1, m) / (n + m)
    for (_, _, d), w in zip(graph.edges(data=True), s):
        d["weight"] = float(w)

    def values(c):
        g = graph.copy()
        for _, _, d in g.edges(data=True):
            d["weight"] *= c
        game = net.synergy_game(g, standalone=list(a * c))
        return {
            "shapley": co.shapley(game).x,
            "myerson": co.myerson(game, g).x,
            "myerson on a tree": co.myerson(game, tree).x,
            "position on a tree": co.position_value(game, tree).x,
            "banzhaf": co.banzhaf(game).x if n <= 12 else co.shapley(game).x,
        }, game.grand_value

    base, _ = values(1.0)
    big, grand = values(scale)
    assert abs(big["shapley"].sum() - grand) <= 1e-9 * scale
    for name, x in big.items():
        assert np.all(np.isfinite(x)), name
        np.testing.assert_allclose(x / scale, base[name], rtol=1e-9, atol=1e-12, err_msg=name)


def test_proportional_weights_near_the_float_limits():
    # Shares are w / sum(w): once computed as a plain sum, 1e308 + 1e308
    # overflowed and both shares came out 0.
    g = co.Game([0, 1, 2, 10])
    np.testing.assert_array_equal(co.proportional(g, [1e308, 1e308]).x, [5.0, 5.0])
    np.testing.assert_allclose(co.proportional(g, [1.5e308, 0.5e308]).x, [7.5, 2.5], rtol=1e-15)
    np.testing.assert_allclose(co.proportional(g, [3e-320, 1e-320]).x, [7.5, 2.5], rtol=1e-12)
    np.testing.assert_allclose(co.proportional(g, [1e308, 5e-324]).x, [10.0, 0.0], atol=1e-300)


_POSITIVE_FLOATS = st.floats(min_value=5e-324, max_value=1.7976931348623157e308, allow_subnormal=True)


@given(st.lists(_POSITIVE_FLOATS | st.just(0.0), min_size=1, max_size=8).filter(any), st.data())
def test_proportional_matches_exact_fractions_for_any_finite_weights(w, data):
    # Oracle: the shares in exact rational arithmetic.
    n = len(w)
    grand = data.draw(st.floats(-1e6, 1e6))
    g = co.Game.from_function(lambda s: grand if len(s) == n else 0.0, [f"P{i + 1}" for i in range(n)])
    x = co.proportional(g, w).x
    total = sum(Fraction(t) for t in w)
    exact = np.array([float(Fraction(grand) * Fraction(t) / total) for t in w])
    np.testing.assert_allclose(x, exact, rtol=1e-12, atol=1e-300)
    assert abs(x.sum() - grand) <= 1e-12 * abs(grand) + 1e-300


@given(st.lists(_POSITIVE_FLOATS, min_size=3, max_size=3))
def test_weighted_shapley_weights_of_any_magnitude(w):
    # Weights only matter through their ratios, from the smallest float to
    # the largest: checked against the exact definition in fractions (each
    # dividend split in proportion to its members' weights). Once summed
    # plainly, weights near 1e308 overflowed and their shares came out 0.
    v = np.array([0.0, 1, 2, 5, 3, 7, 6, 12])
    x = co.weighted_shapley(co.Game(v), w).x
    fw = [Fraction(t) for t in w]
    exact = [Fraction(0)] * 3
    for s in range(1, 8):
        d = sum((-1) ** (bin(s).count("1") - bin(t).count("1")) * Fraction(v[t])
                for t in range(8) if t & s == t)
        members = [i for i in range(3) if s >> i & 1]
        tot = sum(fw[i] for i in members)
        for i in members:
            exact[i] += d * fw[i] / tot
    np.testing.assert_allclose(x, [float(e) for e in exact], rtol=1e-12, atol=1e-12)
    assert abs(x.sum() - 12) <= 1e-12


def test_weighted_shapley_near_the_largest_float():
    v = np.array([0.0, 1, 2, 5])
    np.testing.assert_allclose(co.weighted_shapley(co.Game(v), [1e308, 1e308]).x, [2.0, 3.0], rtol=1e-15)
    np.testing.assert_allclose(co.weighted_shapley(co.Game(v), [1.5e308, 0.5e308]).x, [2.5, 2.5], rtol=1e-15)


def test_normalized_banzhaf_of_a_game_in_tiny_units():
    # The test "raw shares sum to 0" is relative to the shares: it once had
    # an absolute floor of 1e-300 and refused games whose worths are tiny.
    v = np.array([0.0, 0.0, 0.0, 1e-313])
    np.testing.assert_array_equal(co.banzhaf(co.Game(v), normalized=True).x, [5e-314, 5e-314])
    with pytest.raises(InvalidGameError, match="summing to 0 while v.N. = -1 is to be shared"):
        co.banzhaf(co.Game([0.0, -1.0, -1.0, -1.0, -1.0, -1.0, 2.0, -1.0]), normalized=True)


def test_normalized_banzhaf_with_nothing_to_share():
    # every raw share 0 and v(N) = 0: the shares stay 0 (in a cost game, every
    # partner pays its standalone cost); the savings of an additive cost game
    # are all 0, which once made normalisation fail with a message about raw
    # shares the user never saw
    np.testing.assert_array_equal(co.banzhaf(co.Game([0.0, 0.0, 0.0, 0.0]), normalized=True).x, [0, 0])
    additive = co.Game.from_dict({"A": 1, "B": 2, "C": 3}, fill="additive", kind="cost")
    np.testing.assert_array_equal(co.banzhaf(additive, normalized=True).x, [1, 2, 3])
    np.testing.assert_array_equal(co.banzhaf(co.Game([0, 5.0], players=["A"], kind="cost"), normalized=True).x, [5])
    with pytest.raises(InvalidGameError, match="raw Banzhaf savings .standalone cost minus cost share. summing to 0"):
        co.banzhaf(co.Game([0.0, 5.0, 5.0, 12.0, 5.0, 12.0, 9.0, 14.0], kind="cost"), normalized=True)
