"""The models against what their papers state, on examples built from the
papers' descriptions and checked by brute force (the papers' own numeric
examples are not reproduced here: their figures could not be checked against
the original pages).

* Owen (1975), On the core of linear production games, Mathematical
  Programming 9, 358-370: the dual prices of the grand coalition's LP give a
  core allocation, and every subgame is again a linear production game, so
  the game is *totally balanced* (every subgame has a non-empty core).
* Kalai and Zemel (1982), Totally balanced games and games of flow,
  Mathematics of Operations Research 7(3), 476-478: flow games are totally
  balanced; a minimum cut of a subgame's network gives a point of its core.
* Shapley and Shubik (1971), The assignment game I: the core, International
  Journal of Game Theory 1, 111-130: the house market's gains are the
  buyers' valuations less the owners' reservation prices, where positive.
"""

import itertools
import math

import networkx as nx
import numpy as np
import pytest

import coalition as co

from .test_models_assignment import HOUSES


def nonempty_core(game):
    """The least core's epsilon is at most 0 (up to rounding on the game's
    scale): an LP over all coalitions, independent of the model's own point."""
    return co.least_core(game).epsilon <= 1e-9 * max(1.0, float(np.max(np.abs(game.values))))


def subsets(players):
    for k in range(1, len(players) + 1):
        yield from itertools.combinations(players, k)


def test_linear_production_games_are_totally_balanced_with_the_owen_point_in_every_subcore():
    rng = np.random.default_rng(1975)
    for _ in range(4):
        b = rng.uniform(0, 5, (4, 3))
        A = rng.uniform(0.2, 2, (3, 2))
        p = rng.uniform(1, 3, 2)
        g = co.models.linear_production(b, A, p)
        for members in subsets(g.players):
            sub = g.subgame(list(members))
            assert nonempty_core(sub)
            x = co.models.owen_point(sub)
            assert co.in_core(sub, x.x) and x.total == pytest.approx(sub.grand_value)


def test_flow_games_are_totally_balanced_with_a_min_cut_point_in_every_subcore():
    rng = np.random.default_rng(1982)
    for _ in range(4):
        G = nx.DiGraph()
        nodes = ["s", "a", "b", "c", "t"]
        for u, v in itertools.permutations(nodes, 2):
            if u != "t" and v != "s" and rng.random() < 0.5:
                G.add_edge(u, v, owner=f"P{rng.integers(1, 5)}", capacity=float(rng.integers(1, 10)))
        G.add_edge("s", "a", owner="P1", capacity=5.0)
        G.add_edge("a", "t", owner="P2", capacity=4.0)
        g = co.models.flow_game(G, "s", "t")
        for members in subsets(g.players):
            sub = g.subgame(list(members))
            assert nonempty_core(sub)
            x = co.models.min_cut_point(sub).x
            assert co.in_core(sub, x) and x.sum() == pytest.approx(sub.grand_value)


def test_house_market_gains_from_valuations_and_reservation_prices():
    """The gains matrix used in the assignment tests, rebuilt from the
    market's description as it is commonly reproduced (owners' reservation
    prices 18, 15 and 19 thousand dollars; the three buyers' valuations of
    the three houses), and its optimum and assignment by trying all 3! ways."""
    reservation = np.array([18, 15, 19])
    valuations = np.array([[23, 22, 21], [26, 24, 22], [20, 21, 17]])  # buyer x house
    gains = np.maximum(valuations.T - reservation[:, None], 0)  # house x buyer
    np.testing.assert_array_equal(gains, HOUSES)
    best = max(itertools.permutations(range(3)), key=lambda perm: sum(gains[h, perm[h]] for h in range(3)))
    assert sum(gains[h, best[h]] for h in range(3)) == 16 and best == (1, 2, 0)
    g = co.models.assignment(HOUSES.T)
    assert g.grand_value == 16.0 and co.in_core(g, co.models.fair_division_point(g).x)


def test_castro_gomez_tejada_spanning_tree_cycle_of_100():
    # Castro, Gomez and Tejada (2009), Computers & Operations Research 36(5),
    # 1726-1730 (its test games): 100 partners on a cycle, neighbours linked at
    # cost 1, each linked to the source at cost 101, no other link (here a
    # cost of 1,000, which no cheapest tree uses: reaching the source costs
    # 101); its Shapley value, given there, is 2 for every partner.
    n = 100
    c = np.full((n + 1, n + 1), 1000.0)
    np.fill_diagonal(c, 0.0)
    for i in range(1, n + 1):
        j = i % n + 1
        c[0, i] = c[i, 0] = 101.0
        c[i, j] = c[j, i] = 1.0
    g = co.models.spanning_tree(c)
    assert g.grand_value == 200.0  # one link to the source and 99 on the cycle
    np.testing.assert_allclose(co.models.folk_rule(g).x, 2.0)  # symmetric, as the value is
    bird = np.sort(co.models.bird_rule(g).x)  # the partner the tree reaches first pays its link
    np.testing.assert_allclose(bird, [1.0] * (n - 1) + [101.0])
    for method in ("permutation", "svarm"):  # efficient by construction, and share by share
        est = co.estimate_shapley(g, budget=100_000, seed=2009, method=method)
        assert np.all(np.abs(est.x - 2.0) <= 5 * est.stderr)
        if method == "permutation":
            assert est.x.sum() == pytest.approx(200.0)


def test_coopproductgame_linear_production_example():
    """The example of the R package coopProductGame 2.0 (D. Prieto, CRAN,
    2018), printed in its help pages: benefits c = (68, 52), production
    matrix A = [[4, 5], [6, 2]] (rows: resources, columns: products), and
    each partner's resources as a column of B: P1 (4, 33), P2 (6, 39),
    P3 (60, 0).

    - ``linearProductionGame``: "Associated game 0 68 102 0 170 710 762 992"
      ({1}, {2}, {3}, {1,2}, {1,3}, {2,3}, N) and the grand coalition's
      plan (10, 6);
    - ``owenSet``: "The linear production problem has a unique Owen's
      allocation: (230, 282, 480)";
    - ``shapleyValue``: "(229, 272, 491)";
    - ``nucleolus``: "(149, 192, 651)".

    By hand: the dual of the grand coalition's programme, min 70 y1 + 72 y2
    with 4 y1 + 6 y2 >= 68 and 5 y1 + 2 y2 >= 52, has the unique optimum
    (8, 6), and 8 * 4 + 6 * 33 = 230, 8 * 6 + 6 * 39 = 282, 8 * 60 = 480.
    """
    game = co.models.linear_production([[4, 33], [6, 39], [60, 0]], [[4, 5], [6, 2]], [68, 52])
    printed = {"P1": 68, "P2": 102, "P3": 0, "P1+P2": 170, "P1+P3": 710, "P2+P3": 762, "P1+P2+P3": 992}
    for coalition, worth in printed.items():
        assert game.value(coalition.split("+")) == pytest.approx(worth, abs=1e-9)
    np.testing.assert_allclose(co.models.resource_prices(game), [8.0, 6.0], atol=1e-9)
    np.testing.assert_allclose(co.models.owen_point(game).x, [230, 282, 480], atol=1e-9)
    np.testing.assert_allclose(co.shapley(game).x, [229, 272, 491], atol=1e-9)
    np.testing.assert_allclose(co.nucleolus(game).x, [149, 192, 651], atol=1e-7)
    assert co.in_core(game, co.models.owen_point(game).x)


def test_mattugames_flow_game_example():
    """The example in the help of MatTuGames' ``cplex_flow_game``,
    ``msk_flow_game`` and ``flow_probMinCut`` (H. I. Meinhardt, MatTuGames
    toolbox): 11 arcs from source 0 to sink 6,
    ``E = {[0 1];[0 2];[1 2];[1 3];[1 4];[4 2];[2 5];[3,4];[3,6];[4,5];[5,6]}``,
    capacities ``c = 2 2 1 2 1 1 2 1 2 1 3``, owners
    ``ow = 1 2 3 1 1 2 2 2 3 3 1``, printed worths ``v = 0 0 2 0 2 0 4``
    (MatTuGames' order: {1}, {2}, {1,2}, {3}, {1,3}, {2,3}, N). Its
    ``flow_probMinCut`` says a split read off a minimum cut "must be a core
    imputation"; ours is checked against the core."""
    arcs = [(0, 1), (0, 2), (1, 2), (1, 3), (1, 4), (4, 2), (2, 5), (3, 4), (3, 6), (4, 5), (5, 6)]
    caps = [2, 2, 1, 2, 1, 1, 2, 1, 2, 1, 3]
    owners = [1, 2, 3, 1, 1, 2, 2, 2, 3, 3, 1]
    graph = nx.MultiDiGraph()
    for (u, v), c, o in zip(arcs, caps, owners):
        graph.add_edge(u, v, capacity=c, owner=f"P{o}")
    game = co.models.flow_game(graph, 0, 6, players=["P1", "P2", "P3"])
    printed = [0, 0, 2, 0, 2, 0, 4]  # bitmask order, player 1 the lowest bit
    for mask, worth in enumerate(printed, start=1):
        members = [f"P{i + 1}" for i in range(3) if mask >> i & 1]
        assert game.value(members) == pytest.approx(worth)
    assert co.in_core(game, co.models.min_cut_point(game).x)


def test_models_in_billionths_are_solved_as_exactly_as_in_units():
    # the LP's tolerances are absolute: prices and resources are solved in
    # units of their largest entry (Wyndor Glass at 1e-11 of its resources)
    A = [[1, 0], [0, 2], [3, 2]]
    b = np.array([[4, 0, 6], [0, 12, 6], [0, 0, 6]], dtype=float)
    unit = co.models.linear_production(b, A, [3, 5])
    tiny = co.models.linear_production(b * 1e-11, A, [3, 5])
    np.testing.assert_allclose(tiny.values * 1e11, unit.values, rtol=1e-12, atol=1e-12)
    x = co.models.owen_point(tiny).x
    assert co.in_core(tiny, x) and x.sum() == pytest.approx(tiny.grand_value, rel=1e-12)
    g = co.models.linear_production([[1]], [[1]], [1e-9])
    assert g.grand_value == pytest.approx(1e-9, rel=1e-12)


def test_spanning_tree_graph_inputs():
    import networkx as nx

    parallel = nx.MultiGraph()
    parallel.add_edge("h", "a", weight=10)
    parallel.add_edge("h", "a", weight=1)  # the cheaper of parallel links serves, in any order
    parallel.add_edge("h", "b", weight=5)
    parallel.add_edge("a", "b", weight=5)
    g = co.models.spanning_tree(parallel, "h")
    assert g.value("a") == 1.0 and g.grand_value == 6.0
    clash = nx.Graph()
    clash.add_edge("hub", 1, weight=1)
    clash.add_edge("hub", "1", weight=5)
    clash.add_edge(1, "1", weight=9)
    with pytest.raises(co.InvalidParameterError, match="both named '1'"):
        co.models.spanning_tree(clash, "hub")
    bad = nx.Graph()
    bad.add_edge("h", "a", weight=True)
    bad.add_edge("h", "b", weight=2)
    bad.add_edge("a", "b", weight=1)
    with pytest.raises(co.InvalidParameterError, match="a link's cost must be a number"):
        co.models.spanning_tree(bad, "h")


def test_newsvendor_scale_and_critical_ratio():
    with pytest.raises(co.InvalidParameterError, match="positive semi-definite"):
        co.models.newsvendor(np.array([[1.0, -2.0], [-2.0, 1.0]]) * 1e-10, 1, 1)
    # a ratio of 1 - 1e-17 is 1 in floats; its complement gives the order
    g = co.models.newsvendor([3, 4], holding=1e-17, shortage=1)
    assert 0 < g.grand_value < 1e-15
    with pytest.raises(co.InvalidParameterError, match="`holding` 1e.300 and `shortage` 1e-300 are too far apart"):
        co.models.newsvendor([3, 4], holding=1e300, shortage=1e-300)


def test_eoq_split_adds_up_near_the_smallest_float_and_unbounded_orders():
    g = co.models.eoq_inventory(0.75, [1.0, 1.0], [5e-324, 5e-324])
    x = co.models.soc_split(g).x
    assert x.sum() == pytest.approx(g.grand_value, rel=1e-12) and co.in_core(g, x)
    assert co.models.eoq_inventory(10, [100, 50], [0, 2]).order_sizes("P1") == {"P1": math.inf}
