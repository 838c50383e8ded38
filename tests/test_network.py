"""Networks: graph-restricted games, Myerson value, position value, synergy
games on graphs, hub reports.

Oracles: plain-Python restriction with networkx's connected components,
Shapley values by enumerating all orders (or by the subset formula), the
size-weighted sums of the restricted table by their definition, link games
enumerated by brute force, and hand-derived cases (derivations in the
comments).
Test time budget: about 25 seconds.
"""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import coalition as co
from coalition import network as net
from coalition.game import _graph
from coalition.network import _myerson
from coalition._kernels import graph_fused as _kgf
from coalition.errors import GameTooLargeError, InvalidGameError, InvalidParameterError

from .oracles import shapley_by_orders, shapley_by_subsets


# ---------------------------------------------------------------------------
# plain-Python oracles
# ---------------------------------------------------------------------------
def names(n):
    return [f"P{i + 1}" for i in range(n)]


def graph_of(n, edges):
    g = nx.Graph()
    g.add_nodes_from(names(n))
    g.add_edges_from((f"P{i + 1}", f"P{j + 1}") for i, j in edges)
    return g


def restricted_by_components(v, n, edges):
    """v^G(S) = sum of v(C) over the components of S, with networkx."""
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(edges)
    r = np.zeros(1 << n)
    for s in range(1, 1 << n):
        members = [i for i in range(n) if s >> i & 1]
        for comp in nx.connected_components(g.subgraph(members)):
            r[s] += v[sum(1 << i for i in comp)]
    return r


def position_by_link_orders(v, n, edges):
    """Position value: Shapley value of the link game by all orders of the
    links, half of each link's share to each end, plus standalone worths."""
    edges = list(edges)
    single = np.array([v[1 << i] for i in range(n)])

    def link_worth(subset):
        g = nx.Graph()
        g.add_nodes_from(range(n))
        g.add_edges_from(subset)
        return sum(v[sum(1 << i for i in c)] for c in nx.connected_components(g)) - single.sum()

    m = len(edges)
    phi = np.zeros(m)
    orders = list(itertools.permutations(range(m)))
    for order in orders:
        have = []
        before = link_worth(have)
        for l in order:
            have.append(edges[l])
            after = link_worth(have)
            phi[l] += after - before
            before = after
    phi /= len(orders)
    x = single.copy()
    for l, (i, j) in enumerate(edges):
        x[i] += phi[l] / 2
        x[j] += phi[l] / 2
    return x


@st.composite
def game_and_graph(draw, min_n=1, max_n=5):
    n = draw(st.integers(min_n, max_n))
    vals = draw(st.lists(st.integers(-20, 20).map(float), min_size=(1 << n) - 1, max_size=(1 << n) - 1))
    pairs = list(itertools.combinations(range(n), 2))
    edges = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs))) if pairs else []
    return n, np.array([0.0, *vals]), edges


# ---------------------------------------------------------------------------
# restriction
# ---------------------------------------------------------------------------
@given(game_and_graph(max_n=6))
def test_restricted_table_matches_components(case):
    n, v, edges = case
    r = net.restrict(co.Game(v), graph_of(n, edges))
    np.testing.assert_allclose(r.values, restricted_by_components(v, n, edges), atol=1e-9)


@given(game_and_graph(max_n=5))
def test_lazy_restriction_matches_components(case):
    # A function game has no table: the restricted game evaluates components
    # on demand, and builds its table from the base game's only when asked.
    n, v, edges = case
    table = v.copy()
    base = co.Game.from_function(lambda s: table[sum(1 << int(p[1:]) - 1 for p in s)], names(n))
    r = net.restrict(base, graph_of(n, edges))
    assert r._table is None
    oracle = restricted_by_components(v, n, edges)
    rows = ((np.arange(1, 1 << n)[:, None] >> np.arange(n)) & 1).astype(bool)
    np.testing.assert_allclose(r._evaluate(rows), oracle[1:], atol=1e-9)
    np.testing.assert_allclose(r.values, oracle, atol=1e-9)


def test_disconnected_coalition_keeps_the_worth_of_its_parts():
    # Chain A - B - C with v(S) = |S|**2. {A, C} is not connected: it is
    # worth v(A) + v(C) = 2, not 0 as some published definitions have it.
    g = co.Game.from_function(lambda s: len(s) ** 2, ["A", "B", "C"])
    r = net.restrict(g, net.chain(["A", "B", "C"]))
    assert r.value("A+C") == 2.0
    assert r.value("A+B") == 4.0 and r.value("A+B+C") == 9.0
    # The "zero when disconnected" variant gives another (wrong) value:
    wrong = r.values.copy()
    wrong[0b101] = 0.0
    assert not np.allclose(co.shapley(co.Game(wrong)).x, co.myerson(g, net.chain(["A", "B", "C"])).x)


def test_lazy_restriction_of_a_large_function_game():
    rng = np.random.default_rng(5)
    n = 80
    w = rng.random(n)
    base = co.Game.from_function(lambda m: (m @ w) ** 2, [str(i) for i in range(n)], vectorized=True)
    graph = nx.relabel_nodes(nx.gnm_random_graph(n, 60, seed=3), str)
    r = net.restrict(base, graph)
    members = rng.random((5, n)) < 0.6
    got = r._evaluate(members)
    for row, val in zip(members, got):
        inside = [str(i) for i in np.flatnonzero(row)]
        expected = sum(w[[int(p) for p in c]].sum() ** 2 for c in nx.connected_components(graph.subgraph(inside)))
        assert val == pytest.approx(expected, rel=1e-12)


# ---------------------------------------------------------------------------
# Myerson value
# ---------------------------------------------------------------------------
@given(game_and_graph(max_n=5))
def test_myerson_is_shapley_of_restricted_game_by_orders(case):
    n, v, edges = case
    x = co.myerson(co.Game(v), graph_of(n, edges)).x
    np.testing.assert_allclose(x, shapley_by_orders(restricted_by_components(v, n, edges), n), atol=1e-9)


def test_myerson_seven_players_by_orders(rng):
    n = 7
    v = np.concatenate([[0.0], rng.integers(-10, 30, (1 << n) - 1).astype(float)])
    edges = [(0, 1), (0, 2), (2, 3), (3, 4), (4, 2), (5, 6)]
    x = co.myerson(co.Game(v), graph_of(n, edges)).x
    np.testing.assert_allclose(x, shapley_by_orders(restricted_by_components(v, n, edges), n), atol=1e-9)


def test_star_example():
    # v(S) = 1 iff |S| >= 2; star with hub 1 and spokes 2, 3, 4. The
    # restricted game is 1 iff S holds the hub and a spoke; the hub is
    # pivotal unless it comes first (probability 3/4), each spoke only when
    # it directly follows the hub as the first two (1/12): (3/4, 1/12, 1/12,
    # 1/12), the example of the issue (hand-derived).
    g = co.Game.from_function(lambda s: float(len(s) >= 2), ["1", "2", "3", "4"])
    x = co.myerson(g, net.hub_and_spoke("1", ["2", "3", "4"])).x
    np.testing.assert_allclose(x, [3 / 4, 1 / 12, 1 / 12, 1 / 12])


@given(game_and_graph(max_n=6))
def test_complete_graph_gives_shapley(case):
    n, v, _ = case
    g = co.Game(v)
    np.testing.assert_allclose(co.myerson(g, net.complete(g.players)).x, co.shapley(g).x, atol=1e-9)


@given(game_and_graph(max_n=6))
def test_component_efficiency(case):
    n, v, edges = case
    x = co.myerson(co.Game(v), graph_of(n, edges)).x
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(edges)
    for comp in nx.connected_components(g):
        assert x[list(comp)].sum() == pytest.approx(v[sum(1 << i for i in comp)], abs=1e-9)


@given(game_and_graph(min_n=2, max_n=6), st.data())
def test_fairness_removing_a_link(case, data):
    # Myerson (1977): removing a link changes both its ends' values equally.
    n, v, edges = case
    if not edges:
        edges = [(0, 1)]
    cut = data.draw(st.sampled_from(edges))
    g = co.Game(v)
    with_link = co.myerson(g, graph_of(n, edges)).x
    without = co.myerson(g, graph_of(n, [e for e in edges if e != cut])).x
    i, j = cut
    assert with_link[i] - without[i] == pytest.approx(with_link[j] - without[j], abs=1e-9)


def test_cost_game_myerson_is_on_costs():
    # Cost shares of the restricted cost game: the Shapley value of the
    # restricted cost table by orders (restriction commutes with savings).
    costs = np.array([0, 4, 5, 7, 6, 9, 8, 12.0])
    g = co.Game(costs, players=["A", "B", "C"], kind="cost")
    edges = [(0, 1), (1, 2)]
    a = co.myerson(g, net.chain(["A", "B", "C"]))
    assert a.kind == "cost"
    np.testing.assert_allclose(a.x, shapley_by_orders(restricted_by_components(costs, 3, edges), 3))


def test_method_exact_and_auto_agree_and_rule_name(rng):
    v = np.concatenate([[0.0], rng.random(255)])
    g = co.Game(v)
    graph = net.hub_and_spoke("P1", g.players[1:])
    a, b = co.myerson(g, graph), co.myerson(g, graph, method="exact")
    assert a.rule == "myerson" and type(a) is co.Allocation
    np.testing.assert_allclose(a.x, b.x)


# ---------------------------------------------------------------------------
# exact Myerson value without the restricted table
# ---------------------------------------------------------------------------
def restricted_kernel(v, n, edges, a, b, k, max_fix):
    """The kernel on a read-only table, as the library calls it."""
    v = np.array(v, dtype=np.float64)
    v.setflags(write=False)
    adj = _graph._adjacency_masks(n, np.array(edges, dtype=np.int64).reshape(-1, 2))
    return _kgf.restricted_size_weighted_bit_sums(v, n, adj, np.asarray(a, float), np.asarray(b, float), k, max_fix)


def weighted_sums_by_definition(r, n, a, b):
    """sums[i] = sum over S containing i of a[|S|] r[S]; total = sum of b[|S|] r[S]."""
    masks = np.arange(1 << n)
    size = np.array([bin(s).count("1") for s in masks])
    inside = (masks[:, None] >> np.arange(n)) & 1
    return (a[size] * r) @ inside, float(b[size] @ r)


@given(game_and_graph(max_n=7), st.data())
def test_restricted_kernel_is_the_weighted_sums_of_the_restricted_table(case, data):
    # Integer worths and weights: every sum is exact, so the block-by-block
    # kernel must equal the definition to the last bit, for every block size
    # and with its fallback to the restricted table forced or forbidden.
    n, v, edges = case
    k = data.draw(st.integers(1, n))
    max_fix = data.draw(st.sampled_from([np.inf, -1.0]))
    a = np.array(data.draw(st.lists(st.integers(-5, 5), min_size=n + 1, max_size=n + 1)), dtype=float)
    b = np.array(data.draw(st.lists(st.integers(-5, 5), min_size=n + 1, max_size=n + 1)), dtype=float)
    sums, total, fused = restricted_kernel(v, n, edges, a, b, k, max_fix)
    want_sums, want_total = weighted_sums_by_definition(restricted_by_components(v, n, edges), n, a, b)
    np.testing.assert_array_equal(sums, want_sums)
    assert total == want_total
    assert fused == (max_fix == np.inf or (1 << (n - k)) <= 2)


def _shape(name, n):
    p = list(range(n))
    if name == "star, hub first":
        return [(0, j) for j in p[1:]]
    if name == "star, hub last":
        return [(n - 1, j) for j in p[:-1]]
    if name == "chain":
        return list(zip(p[:-1], p[1:]))
    if name == "cycle":
        return list(zip(p, p[1:] + p[:1]))
    if name == "complete":
        return list(itertools.combinations(p, 2))
    if name == "no links":
        return []
    if name == "two hubs":
        return [(0, j) for j in p[2:n // 2]] + [(1, j) for j in p[n // 2:]] + [(0, 1)]
    if name == "bipartite":
        return [(i, j) for i in p[: n // 2] for j in p[n // 2:]]
    return [tuple(map(int, e)) for e in nx.gnm_random_graph(n, 2 * n, seed=4).edges()]


SHAPES = ["star, hub first", "star, hub last", "chain", "cycle", "complete", "no links", "two hubs",
          "bipartite", "random"]


@pytest.mark.parametrize("shape", SHAPES)
def test_restricted_kernel_many_blocks_gives_the_myerson_value(shape, rng):
    # 10 players in blocks of 8 (128 blocks, visited in a scrambled order):
    # the Myerson value from the kernel, fused or through its fallback,
    # against the Shapley value of the networkx-restricted table by the
    # subset formula.
    n = 10
    v = np.concatenate([[0.0], rng.random((1 << n) - 1) * 10 - 3])
    edges = _shape(shape, n)
    oracle = shapley_by_subsets(restricted_by_components(v, n, edges), n)
    p = np.array([1 / (n * math.comb(n - 1, s)) for s in range(n)] + [0.0])
    a = np.concatenate([[0.0], p[:-1] + p[1:]])
    for max_fix in (np.inf, -1.0):
        sums, total, fused = restricted_kernel(v, n, edges, a, p, 3, max_fix)
        assert fused == (max_fix == np.inf)
        np.testing.assert_allclose(sums - total, oracle, rtol=0, atol=1e-12)


@pytest.mark.parametrize("shape, fused", [("star, hub first", True), ("star, hub last", True),
                                          ("complete", True), ("chain", False), ("random", False)])
def test_exact_myerson_on_14_players_against_the_restricted_table(shape, fused, rng):
    # Through co.myerson (blocks of 2**12): stars need no component search
    # and take the fused route; chains and sparse random graphs need one for
    # most coalitions and are handed to the restricted table. Both against
    # the existing route, the Shapley value of the restricted game's table.
    n = 14
    v = np.concatenate([[0.0], rng.random((1 << n) - 1)])
    g = co.Game(v)
    edges = _shape(shape, n)
    graph = graph_of(n, edges)
    x = co.myerson(g, graph, method="exact")
    np.testing.assert_allclose(x.x, co.shapley(net.restrict(g, graph)).x, rtol=0, atol=1e-12)
    p = np.array([1 / (n * math.comb(n - 1, s)) for s in range(n)] + [0.0])
    a = np.concatenate([[0.0], p[:-1] + p[1:]])
    k = min(n, _kgf.FUSED_BLOCK_BITS)
    assert restricted_kernel(v, n, edges, a, p, k, _myerson._FUSED_MAX_FIX)[2] == fused


def test_exact_myerson_of_a_cost_game_on_13_players(rng):
    # The costs are restricted and summed as they are: cost shares equal to
    # the Shapley value of the restricted cost table.
    n = 13
    costs = np.concatenate([[0.0], rng.random((1 << n) - 1) * 5 + 1])
    g = co.Game(costs, kind="cost")
    graph = net.hub_and_spoke(g.players[3], [q for q in g.players if q != g.players[3]])
    got = co.myerson(g, graph)
    assert got.kind == "cost"
    restricted_costs = net.restrict(g, graph).values
    np.testing.assert_allclose(got.x, co.shapley(co.Game(restricted_costs)).x, rtol=0, atol=1e-12)


@pytest.mark.parametrize("shape", ["star, hub first", "chain"])
def test_exact_myerson_needs_only_the_game_table(shape, rng):
    # With room for one table of 2**10 worths but not two, the restricted
    # table cannot be built (restrict raises), yet the exact Myerson value
    # can: without its fallback, the kernel stores no restricted table.
    n = 10
    v = np.concatenate([[0.0], rng.random((1 << n) - 1)])
    graph = graph_of(n, _shape(shape, n))
    expected = co.myerson(co.Game(v), graph).x
    old = co.set_max_table_bytes(12 << n)
    try:
        g = co.Game(v)
        with pytest.raises(GameTooLargeError):
            net.restrict(g, graph)
        np.testing.assert_allclose(co.myerson(g, graph, method="exact").x, expected, rtol=0, atol=1e-12)
    finally:
        co.set_max_table_bytes(old)


# ---------------------------------------------------------------------------
# synergy games and the closed forms
# ---------------------------------------------------------------------------
@st.composite
def synergy_case(draw, max_n=6):
    n = draw(st.integers(2, max_n))
    pairs = list(itertools.combinations(range(n), 2))
    links = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    syn_pairs = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    syn = draw(st.lists(st.integers(-5, 9).map(float), min_size=len(syn_pairs), max_size=len(syn_pairs)))
    a = draw(st.lists(st.integers(-3, 5).map(float), min_size=n, max_size=n))
    return n, links, dict(zip(syn_pairs, syn)), a


def synergy_table(n, a, syn):
    v = np.zeros(1 << n)
    for s in range(1, 1 << n):
        v[s] = sum(a[i] for i in range(n) if s >> i & 1) + sum(
            w for (i, j), w in syn.items() if s >> i & 1 and s >> j & 1
        )
    return v


@given(synergy_case())
def test_pairwise_myerson_closed_form_or_fallback_is_exact(case):
    n, links, syn, a = case
    base = co.families.additive_with_synergies(
        dict(zip(names(n), a)), {(f"P{i + 1}", f"P{j + 1}"): w for (i, j), w in syn.items()}
    )
    x = co.myerson(base, graph_of(n, links)).x
    oracle = shapley_by_orders(restricted_by_components(synergy_table(n, a, syn), n, links), n)
    np.testing.assert_allclose(x, oracle, atol=1e-9)


def test_closed_form_on_a_tree_splits_along_the_path():
    # Chain A - B - C - D, synergy 6 between A and D only (not a link): the
    # pair is connected exactly when the whole path is present, so the
    # synergy is the unanimity game of {A, B, C, D}: 1.5 each.
    g = co.families.additive_with_synergies({"A": 0, "B": 0, "C": 0, "D": 0}, {("A", "D"): 6})
    r = net.restrict(g, net.chain(["A", "B", "C", "D"]))
    assert r._shapley_fast() is not None
    np.testing.assert_allclose(co.myerson(g, net.chain(["A", "B", "C", "D"])).x, [1.5] * 4)


def test_closed_form_refused_on_a_cycle_with_unlinked_pair():
    # Cycle A-B-C-D-A and a synergy between A and C: no closed form; the
    # dense route answers and agrees with the oracle.
    g = co.families.additive_with_synergies({"A": 0, "B": 0, "C": 0, "D": 0}, {("A", "C"): 4})
    cyc = nx.cycle_graph(["A", "B", "C", "D"])
    assert net.restrict(g, cyc)._shapley_fast() is None
    oracle = shapley_by_orders(restricted_by_components(synergy_table(4, [0] * 4, {(0, 2): 4}), 4,
                                                         [(0, 1), (1, 2), (2, 3), (0, 3)]), 4)
    np.testing.assert_allclose(co.myerson(g, cyc).x, oracle)


def test_synergy_game_from_graph():
    graph = net.hub_and_spoke("Tesla", ["Panasonic", "Toyota", "Daimler"], weights=[30, 10, 6])
    g = net.synergy_game(graph, standalone={"Tesla": 5, "Panasonic": 2, "Toyota": 3, "Daimler": 1})
    assert g.players == ("Tesla", "Panasonic", "Toyota", "Daimler")
    assert g.value("Tesla+Panasonic") == 37.0 and g.value("Panasonic+Toyota") == 5.0
    # closed form: standalone + half of incident synergies
    np.testing.assert_allclose(co.shapley(g).x, [5 + 23, 2 + 15, 3 + 5, 1 + 3])
    # the dense route agrees
    np.testing.assert_allclose(co.shapley(co.Game(g.values)).x, co.shapley(g).x)
    # on its own graph, Myerson = Shapley (every synergy pair is a link)
    np.testing.assert_allclose(co.myerson(g, graph).x, co.shapley(g).x)


def test_synergy_game_standalone_forms_and_attr():
    graph = nx.path_graph(3)
    nx.set_edge_attributes(graph, {(0, 1): 2.0, (1, 2): 4.0}, "syn")
    nx.set_node_attributes(graph, {0: 1.0, 1: 2.0, 2: 3.0}, "alone")
    by_attr = net.synergy_game(graph, standalone="alone", attr="syn")
    by_list = net.synergy_game(graph, standalone=[1, 2, 3], attr="syn")
    by_dict = net.synergy_game(graph, standalone={0: 1, 1: 2, 2: 3}, attr="syn")
    for g in (by_attr, by_list, by_dict):
        assert g.players == ("0", "1", "2")
        np.testing.assert_allclose(g.values, [0, 1, 2, 5, 3, 4, 9, 12])
    ones = net.synergy_game(graph, standalone=0.5, attr=None)
    assert ones.value("0+1+2") == 1.5 + 2
    cost = net.synergy_game(graph, standalone=[1, 2, 3], attr="syn", kind="cost")
    assert cost.kind == "cost"


def test_large_synergy_game_closed_forms_agree():
    graph = nx.gnm_random_graph(3000, 12000, seed=2)
    rng = np.random.default_rng(1)
    nx.set_edge_attributes(graph, {e: float(w) for e, w in zip(graph.edges(), rng.random(12000))}, "weight")
    g = net.synergy_game(graph, standalone=1.0)
    sh = co.shapley(g).x
    assert sh.sum() == pytest.approx(g.grand_value)
    np.testing.assert_allclose(co.myerson(g, graph).x, sh)
    # on a spanning forest of the graph, pairs off the forest follow paths
    forest = nx.minimum_spanning_tree(graph)
    my = co.myerson(g, forest).x
    comps = list(nx.connected_components(forest))
    r = net.restrict(g, forest)
    for comp in comps[:3]:
        idx = [int(u) for u in comp]
        assert my[idx].sum() == pytest.approx(r.value([str(u) for u in comp]))


def test_sampled_myerson_uses_the_pairwise_kernel_and_matches_exact():
    graph = nx.barabasi_albert_graph(60, 2, seed=4)
    rng = np.random.default_rng(2)
    nx.set_edge_attributes(graph, {e: float(w) for e, w in zip(graph.edges(), rng.random(200))}, "weight")
    g = net.synergy_game(graph, standalone=1.0)
    assert net.restrict(g, graph)._sampler_spec()[0] == "pairwise"
    est = co.myerson(g, graph, method="sample", budget=60 * 400, seed=3, estimator="permutation")
    exact = co.myerson(g, graph).x
    assert isinstance(est, co.Estimate) and est.rule == "myerson"
    assert np.all(np.abs(est.x - exact) <= 5 * est.stderr + 1e-12)
    again = co.myerson(g, graph, method="sample", budget=60 * 400, seed=3, estimator="permutation")
    np.testing.assert_array_equal(est.x, again.x)


def test_sampled_myerson_of_a_lazy_game_matches_components():
    # Three components of 7 players: the Myerson value of each component is
    # the Myerson value of its subgame (exact by the dense route).
    rng = np.random.default_rng(3)
    n = 21
    w = rng.random(n)
    players = [f"Q{i}" for i in range(n)]
    base = co.Game.from_function(lambda m: (m @ w) ** 2, players, vectorized=True)
    graph = nx.Graph()
    graph.add_nodes_from(players)
    for k in range(3):
        block = players[7 * k: 7 * k + 7]
        graph.add_edges_from(zip(block[:-1], block[1:]))
        graph.add_edge(block[0], block[3])
    est = co.myerson(base, graph, budget=21 * 600, seed=5, estimator="permutation")
    assert isinstance(est, co.Estimate)
    exact = np.zeros(n)
    for k in range(3):
        block = players[7 * k: 7 * k + 7]
        exact[7 * k: 7 * k + 7] = co.myerson(base.subgame(block), graph.subgraph(block)).x
    assert np.all(np.abs(est.x - exact) <= 5 * est.stderr + 1e-9)


def test_sampled_route_needs_budget_or_tol():
    n = 25
    base = co.Game.from_function(lambda m: m.sum(axis=1) ** 2.0, names(n), vectorized=True)
    with pytest.raises(InvalidParameterError, match="`budget`"):
        co.myerson(base, net.chain(names(n)))


# ---------------------------------------------------------------------------
# position value
# ---------------------------------------------------------------------------
def test_position_value_star():
    # Link game of the star with v(S) = 1 iff |S| >= 2: any one link makes
    # the alliance worth 1, so the three links are symmetric with 1/3 each;
    # the hub collects half of each (1/2), each spoke half of one (1/6).
    g = co.Game.from_function(lambda s: float(len(s) >= 2), ["1", "2", "3", "4"])
    x = co.position_value(g, net.hub_and_spoke("1", ["2", "3", "4"])).x
    np.testing.assert_allclose(x, [1 / 2, 1 / 6, 1 / 6, 1 / 6])


@given(game_and_graph(max_n=5), st.data())
def test_position_value_by_link_orders(case, data):
    n, v, edges = case
    edges = edges[:5]
    x = co.position_value(co.Game(v), graph_of(n, edges)).x
    np.testing.assert_allclose(x, position_by_link_orders(v, n, edges), atol=1e-9)


@given(synergy_case(max_n=6))
def test_position_value_pairwise_forest_closed_form(case):
    n, links, syn, a = case
    forest = nx.minimum_spanning_tree(graph_of(n, links))
    edges = [(int(u[1:]) - 1, int(w[1:]) - 1) for u, w in forest.edges()]
    base = co.families.additive_with_synergies(
        dict(zip(names(n), a)), {(f"P{i + 1}", f"P{j + 1}"): w for (i, j), w in syn.items()}
    )
    x = co.position_value(base, forest).x
    np.testing.assert_allclose(x, position_by_link_orders(synergy_table(n, a, syn), n, edges), atol=1e-9)


def test_position_value_component_efficiency_and_cost(rng):
    v = np.concatenate([[0.0], rng.random(63) * 10])
    edges = [(0, 1), (1, 2), (2, 0), (3, 4)]
    x = co.position_value(co.Game(v), graph_of(6, edges)).x
    assert x[[0, 1, 2]].sum() == pytest.approx(v[0b111])
    assert x[[3, 4]].sum() == pytest.approx(v[0b11000])
    assert x[5] == pytest.approx(v[0b100000])
    c = co.position_value(co.Game(v, kind="cost"), graph_of(6, edges))
    assert c.kind == "cost"
    np.testing.assert_allclose(c.x, position_by_link_orders(v, 6, edges), atol=1e-9)


def test_position_value_too_many_links():
    old = co.set_max_table_bytes(1 << 12)
    try:
        g = co.Game.from_function(len, names(8))
        with pytest.raises(GameTooLargeError):
            co.position_value(g, net.complete(names(8)))
    finally:
        co.set_max_table_bytes(old)


# ---------------------------------------------------------------------------
# hub report
# ---------------------------------------------------------------------------
def test_hub_report_star():
    g = co.Game.from_function(lambda s: float(len(s) >= 2), ["H", "A", "B", "C"])
    rep = net.hub_report(g, net.hub_and_spoke("H", ["A", "B", "C"]))
    np.testing.assert_allclose(rep.shapley, co.shapley(g).x)
    np.testing.assert_allclose(rep.x, [3 / 4, 1 / 12, 1 / 12, 1 / 12])
    np.testing.assert_allclose(rep.premium, rep.x - rep.shapley)
    assert rep.hubs == ("H",) and rep.hub_premium == pytest.approx(0.5)
    np.testing.assert_array_equal(rep.degree, [3, 1, 1, 1])
    assert rep.premium_of("A") == pytest.approx(1 / 12 - 1 / 4)
    assert "premium" in repr(rep) and "H" in repr(rep)
    html = rep._repr_html_()
    assert "<table>" in html and "premium" in html and "myerson" in html
    frame = rep.to_frame()
    assert list(frame.columns) == ["degree", "shapley", "myerson", "premium"]


def test_hub_report_hubs_from_degree_and_argument():
    g = co.Game.from_function(lambda s: float(len(s)) ** 2, ["A", "B", "C", "D"])
    chain = net.chain(["A", "B", "C", "D"])
    assert net.hub_report(g, chain).hubs == ("B", "C")
    assert net.hub_report(g, chain, hubs=["A"]).hubs == ("A",)
    with pytest.raises(InvalidParameterError, match="`hubs`"):
        net.hub_report(g, chain, hubs=["Z"])


# ---------------------------------------------------------------------------
# graph shapes
# ---------------------------------------------------------------------------
def test_graph_shapes():
    g = net.hub_and_spoke("H", ["A", "B"], weights={"B": 2, "A": 1})
    assert sorted(g.edges(data="weight")) == [("H", "A", 1.0), ("H", "B", 2.0)]
    assert dict(g.nodes(data="hub")) == {"H": True, "A": False, "B": False}
    one = net.hub_and_spoke("Hub", "Supplier")  # a string is one spoke, not letters
    assert list(one.edges()) == [("Hub", "Supplier")]
    c = net.chain(["A", "B", "C"], weights=[1, 2])
    assert list(c.edges(data="weight")) == [("A", "B", 1.0), ("B", "C", 2.0)]
    assert net.complete(["A", "B", "C", "D"]).number_of_edges() == 6
    m = net.multi_hub({"X": ["a", "b"], "Y": ["c"], "Z": []}, hub_links="chain")
    assert sorted(m.edges()) == [("X", "Y"), ("X", "a"), ("X", "b"), ("Y", "Z"), ("Y", "c")]
    assert [u for u, h in m.nodes(data="hub") if h] == ["X", "Y", "Z"]


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: net.hub_and_spoke("H", ["A", "H"]), "`spokes` names the hub"),
        (lambda: net.hub_and_spoke("H", ["A", "A"]), "`spokes`"),
        (lambda: net.hub_and_spoke("H", ["A", "B"], weights=[1]), "`weights` has shape"),
        (lambda: net.hub_and_spoke("H", ["A"], weights={"Z": 1}), "`weights` names 'Z'"),
        (lambda: net.hub_and_spoke("H", ["A", "B"], weights={"A": 1}), "no weight for the spokes 'B'"),
        (lambda: net.chain(["A", "B"], weights=[np.nan]), "non-finite"),
        (lambda: net.multi_hub({"X": ["a"], "Y": ["a"]}), "`groups`"),
        (lambda: net.multi_hub({"X": ["a"]}, hub_links="ring"), "`hub_links`"),
        (lambda: net.multi_hub([("X", "a")]), "`groups` must be a dict"),
    ],
)
def test_graph_shape_errors(call, match):
    with pytest.raises(InvalidParameterError, match=match):
        call()


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------
G3 = co.Game.from_function(len, ["A", "B", "C"])


@pytest.mark.parametrize("rule", [co.myerson, co.position_value, net.restrict, net.hub_report])
def test_graph_nodes_must_be_the_players(rule):
    extra = net.chain(["A", "B", "C", "X", "Y"])
    with pytest.raises(InvalidParameterError, match=r"`graph` has 2 nodes that are not players.*'X', 'Y'"):
        rule(G3, extra)
    short = net.chain(["A"])
    with pytest.raises(InvalidParameterError, match=r"`graph` lacks 2 players of the game: 'B', 'C'"):
        rule(G3, short)


@pytest.mark.parametrize("rule", [co.myerson, co.position_value, net.restrict, net.hub_report])
def test_graph_kinds_refused(rule):
    with pytest.raises(InvalidParameterError, match="`graph` is directed"):
        rule(G3, nx.DiGraph([("A", "B"), ("B", "C")]))
    with pytest.raises(InvalidParameterError, match="`graph` is a multigraph"):
        rule(G3, nx.MultiGraph([("A", "B"), ("B", "C")]))
    loop = net.chain(["A", "B", "C"])
    loop.add_edge("B", "B")
    with pytest.raises(InvalidParameterError, match="`graph` has self-loops at 'B'"):
        rule(G3, loop)
    with pytest.raises(InvalidParameterError, match="`graph` must be a networkx.Graph"):
        rule(G3, [("A", "B")])


def test_two_nodes_with_one_name():
    g = co.Game.from_function(len, ["1", "2"])
    graph = nx.Graph([(1, "1"), (1, 2)])
    with pytest.raises(InvalidParameterError, match="two nodes named '1'"):
        co.myerson(g, graph)
    with pytest.raises(InvalidGameError, match="`graph` has the name '1' twice"):
        net.synergy_game(graph)


def test_synergy_game_bad_input():
    graph = nx.path_graph(4)
    nx.set_edge_attributes(graph, {(0, 1): 1.0, (1, 2): 2.0}, "weight")
    with pytest.raises(InvalidParameterError, match=r"1 have none or a bad one: 2-3 \(None\)"):
        net.synergy_game(graph)
    graph.edges[2, 3]["weight"] = np.inf
    with pytest.raises(InvalidParameterError, match=r"edge attribute `weight`.*2-3 \(inf\)"):
        net.synergy_game(graph)
    graph.edges[2, 3]["weight"] = 1.0
    with pytest.raises(InvalidParameterError, match=r"`standalone` has no worth for the nodes '3'"):
        net.synergy_game(graph, standalone={0: 1, 1: 1, 2: 1})
    with pytest.raises(InvalidParameterError, match=r"`standalone` names '9'"):
        net.synergy_game(graph, standalone={0: 1, 1: 1, 2: 1, 3: 1, 9: 1})
    with pytest.raises(InvalidParameterError, match=r"`standalone` has shape \(2,\)"):
        net.synergy_game(graph, standalone=[1, 2])
    with pytest.raises(InvalidParameterError, match="`standalone` has non-finite"):
        net.synergy_game(graph, standalone=np.nan)
    with pytest.raises(InvalidParameterError, match=r"node attribute 'size', which 4 nodes lack"):
        net.synergy_game(graph, standalone="size")
    with pytest.raises(InvalidParameterError, match="`attr`"):
        net.synergy_game(graph, attr=3)
    with pytest.raises(InvalidParameterError, match="`kind`"):
        net.synergy_game(graph, kind="loss")
    with pytest.raises(InvalidParameterError, match="`graph` is directed"):
        net.synergy_game(nx.DiGraph([(0, 1)]))


def test_bad_method_and_game():
    with pytest.raises(InvalidParameterError, match="`method`"):
        co.myerson(G3, net.chain(["A", "B", "C"]), method="fast")
    with pytest.raises(InvalidParameterError, match="`method`"):
        net.hub_report(G3, net.chain(["A", "B", "C"]), method="fast")
    with pytest.raises(InvalidGameError, match="`game`"):
        co.myerson({"A": 1}, net.chain(["A"]))


def test_restricted_game_repr_and_sampler_spec():
    r = net.restrict(G3, net.chain(["A", "B", "C"]))
    assert "2 links" in repr(r)
    assert r._sampler_spec() is None
    syn = co.families.additive_with_synergies({"A": 1, "B": 1, "C": 1}, {("A", "C"): 2, ("A", "B"): 1})
    # A-C is not a link but both lie in one tree: no pairwise reformulation
    assert net.restrict(syn, net.chain(["A", "B", "C"]))._sampler_spec() is None
    # with A-B linked and C apart, the pair A-C is split: pairwise again
    ab_c = nx.Graph([("A", "B")])
    ab_c.add_node("C")
    kind, params = net.restrict(syn, ab_c)._sampler_spec()
    assert kind == "pairwise" and params["edges"].tolist() == [[0, 1]]
    assert math.isclose(params["weights"][0], 1.0)


def test_component_grouping_survives_hash_collisions(monkeypatch):
    # With every player's key zero, all components of one size share a hash;
    # the member-by-member check must notice and evaluate them one by one.
    rng = np.random.default_rng(9)
    n = 30
    w = rng.random(n)
    base = co.Game.from_function(lambda m: (m @ w) ** 2, [str(i) for i in range(n)], vectorized=True)
    graph = nx.relabel_nodes(nx.random_labeled_tree(n, seed=2), str)
    members = rng.random((40, n)) < 0.5

    def oracle(row):
        inside = [str(i) for i in np.flatnonzero(row)]
        return sum(w[[int(p) for p in c]].sum() ** 2 for c in nx.connected_components(graph.subgraph(inside)))

    expected = [oracle(row) for row in members]
    r = net.restrict(base, graph)
    np.testing.assert_allclose(r._evaluate(members), expected, rtol=1e-12)
    monkeypatch.setitem(_graph._KEYS, n, np.zeros(n, dtype=np.uint64))
    np.testing.assert_allclose(r._evaluate(members), expected, rtol=1e-12)


@given(synergy_case(max_n=5))
def test_position_value_pairwise_any_graph(case):
    # graphs with cycles take the link-game route
    n, links, syn, a = case
    links = links[:5]
    base = co.families.additive_with_synergies(
        dict(zip(names(n), a)), {(f"P{i + 1}", f"P{j + 1}"): w for (i, j), w in syn.items()}
    )
    x = co.position_value(base, graph_of(n, links)).x
    np.testing.assert_allclose(x, position_by_link_orders(synergy_table(n, a, syn), n, links), atol=1e-9)


def test_cost_synergy_game_closed_form_is_on_costs():
    # A cost game of pairwise cost changes on a path: the closed form in cost
    # units against the Shapley value of the restricted cost table by orders.
    graph = net.chain(["A", "B", "C", "D"], weights=[-2, -3, -1])
    g = net.synergy_game(graph, standalone=[5, 6, 7, 8], kind="cost")
    tree = net.chain(["A", "C", "B", "D"])  # pairs A-B and C-D are not links here
    got = co.myerson(g, tree)
    assert got.kind == "cost"
    edges = [(0, 2), (2, 1), (1, 3)]
    oracle = shapley_by_orders(restricted_by_components(g.values, 4, edges), 4)
    np.testing.assert_allclose(got.x, oracle, atol=1e-12)


def test_hub_report_sampled():
    n = 24
    players = [f"Q{i}" for i in range(n)]
    base = co.Game.from_function(lambda m: m.sum(axis=1) ** 2.0, players, vectorized=True)
    rep = net.hub_report(base, net.hub_and_spoke(players[0], players[1:]), budget=n * 50, seed=1,
                         estimator="permutation")
    assert rep.method == "sampled" and rep.hubs == ("Q0",)
    # each sampled order's marginal contributions add up to v(N) = 576
    assert rep.shapley.sum() == pytest.approx(576.0) and rep.x.sum() == pytest.approx(576.0)
    # Exact (hand-derived): the hub adds t**2 + t + 1 when it joins after t
    # spokes, 192.7 on average, against a Shapley share of 24; the spokes
    # share the rest. The estimates are well clear of zero on either side.
    assert rep.premium[0] > 80 and rep.premium[1:].mean() < -3


def test_bad_estimator_is_named_as_such():
    g = co.Game.from_function(lambda s: float(len(s) >= 2), ["H", "A", "B"])
    star = co.network.hub_and_spoke("H", ["A", "B"])
    with pytest.raises(co.InvalidParameterError, match="`estimator`"):
        co.myerson(g, star, method="sample", budget=300, estimator="foo")


# ---------------------------------------------------------------------------
# worths beyond what sums can hold
# ---------------------------------------------------------------------------
def _path(n, weight):
    graph = nx.path_graph(n)
    nx.set_edge_attributes(graph, weight, "weight")
    return graph


def test_synergy_game_refuses_worths_that_would_overflow():
    # Accepted once: its Shapley value came out [1.5e308, inf, inf, 1.5e308].
    with pytest.raises(InvalidGameError, match=r"`standalone` has 4 worths above 1e\+150.*node '0': 1e\+308"):
        net.synergy_game(_path(4, 1e308), standalone=1e308)
    with pytest.raises(InvalidGameError, match=r"`graph` has 3 links whose synergy \(edge attribute `weight`\) "
                                               r"is above 1e\+150 in magnitude: 0-1 \(1e\+308\)"):
        net.synergy_game(_path(4, 1e308))
    # each number allowed, their sum not: the grand coalition would be worth 3.01e150
    with pytest.raises(InvalidGameError, match=r"add up to positive worths of 3.01e\+150"):
        net.synergy_game(_path(4, 1e150), standalone=1e148 / 4)
    with pytest.raises(InvalidGameError, match=r"add up to negative worths of 2e\+150"):
        net.synergy_game(_path(2, -1e150), standalone=-0.5e150)
    for build in (lambda: net.hub_and_spoke("H", ["A", "B"], weights=[1, 1e200]),
                  lambda: net.chain(["A", "B"], weights=[-1e151])):
        with pytest.raises(InvalidParameterError, match=r"`weights` has entries above 1e\+150 in magnitude"):
            build()


def test_synergy_game_at_the_bound_is_solved_without_overflow():
    # Worths adding up to exactly 1e150 (and a tiny scale): finite, efficient
    # values, half of each synergy to each end (the closed form).
    for total in (1e150, 1e-150):
        graph = _path(4, 0.25 * total)
        game = net.synergy_game(graph, standalone=[0.0625 * total] * 4)
        assert game.grand_value == pytest.approx(total, rel=1e-15)
        expected = np.array([0.0625 + 0.125, 0.0625 + 0.25, 0.0625 + 0.25, 0.0625 + 0.125]) * total
        for rule in (co.shapley, lambda g: co.myerson(g, graph), lambda g: co.position_value(g, graph)):
            x = rule(game).x
            assert np.all(np.isfinite(x))
            np.testing.assert_allclose(x, expected, rtol=1e-14)
            assert x.sum() == pytest.approx(total, rel=1e-14)


# ---------------------------------------------------------------------------
# inputs given as dicts: one look-up per key
# ---------------------------------------------------------------------------
class _CountedName(str):
    """A partner name that counts how often it is compared or printed."""

    calls = {"eq": 0, "str": 0}

    def __eq__(self, other):
        _CountedName.calls["eq"] += 1
        return str.__eq__(self, other)

    def __str__(self):
        _CountedName.calls["str"] += 1
        return str.__str__(self)

    __hash__ = str.__hash__


def test_dict_inputs_cost_a_bounded_number_of_operations_per_key():
    # Quadratic work shows as operations per key that grow with the number
    # of keys: each key's name was once rebuilt and compared against every
    # spoke or player (n * n operations, 90,000 here).
    n = 300
    spokes = [f"S{i}" for i in range(n)]
    _CountedName.calls.update(eq=0, str=0)
    graph = net.hub_and_spoke("H", spokes, weights={_CountedName(s): float(i) for i, s in enumerate(spokes)})
    assert sum(_CountedName.calls.values()) <= 3 * n
    assert [w for _, _, w in graph.edges(data="weight")] == [float(i) for i in range(n)]
    game = co.families.additive_with_synergies(np.ones(n))
    weights = {_CountedName(p): 1.0 + i for i, p in enumerate(game.players)}
    _CountedName.calls.update(eq=0, str=0)
    x = co.proportional(game, weights).x
    assert sum(_CountedName.calls.values()) <= 5 * n
    np.testing.assert_allclose(x, n * (1.0 + np.arange(n)) / (n * (n + 1) / 2), rtol=1e-12)


def test_synergy_game_with_a_dict_of_50000_standalone_worths():
    # A set of all names was once rebuilt for every key: over a minute here.
    n = 50_000
    graph = nx.path_graph(n)
    nx.set_edge_attributes(graph, 2.0, "weight")
    worths = np.arange(n, dtype=float)
    by_dict = net.synergy_game(graph, standalone={u: float(u) for u in reversed(range(n))})
    by_list = net.synergy_game(graph, standalone=worths)
    np.testing.assert_array_equal(by_dict.standalone_worths, worths)
    expected = worths + np.r_[1.0, np.full(n - 2, 2.0), 1.0]  # half of each synergy
    np.testing.assert_array_equal(co.shapley(by_dict).x, expected)
    np.testing.assert_array_equal(co.shapley(by_list).x, expected)
    star = net.hub_and_spoke("H", [f"S{i}" for i in range(n)], weights={f"S{i}": 1.0 for i in range(n)})
    assert star.number_of_edges() == n


def test_two_keys_with_one_name_are_refused():
    # {1: ..., "1": ...} once kept whichever came last.
    graph = nx.path_graph(2)
    with pytest.raises(InvalidParameterError, match="`standalone` has two keys named '1'"):
        net.synergy_game(graph, standalone={0: 1.0, 1: 2.0, "1": 3.0}, attr=None)
    with pytest.raises(InvalidParameterError, match="`weights` has two keys named '1'"):
        net.hub_and_spoke("H", [1], weights={1: 1.0, "1": 2.0})


def test_hub_report_premium_of_a_cost_game_is_what_the_position_saves():
    # a cost game and its savings game: the same premiums (what the network
    # position is worth to each partner), in savings
    cost = co.Game.from_function(lambda s: 10.0 + len(s), ["H", "A", "B", "C"], kind="cost")
    star = co.network.hub_and_spoke("H", ["A", "B", "C"])
    rep = co.network.hub_report(cost, star)
    savings = co.network.hub_report(co.Game(cost.worths, players=cost.players), star)
    np.testing.assert_allclose(rep.premium, savings.premium, atol=1e-12)
    np.testing.assert_allclose(rep.premium, rep.shapley - rep.x, atol=1e-12)
    assert rep.hub_premium == pytest.approx(7.5)


def test_position_value_refusal_counts_links():
    names = [f"p{i}" for i in range(9)]
    g = co.Game.from_function(lambda s: float(len(s)) ** 2, names)
    with pytest.raises(co.GameTooLargeError, match="link game of 36 links"):
        co.position_value(g, co.network.complete(names))


def test_hub_report_refuses_an_empty_list_of_hubs():
    g = co.Game.from_function(lambda s: float(len(s) >= 2), ["H", "A", "B", "C"])
    with pytest.raises(co.InvalidParameterError, match="`hubs` must name at least one partner"):
        co.network.hub_report(g, co.network.hub_and_spoke("H", ["A", "B", "C"]), hubs=[])
