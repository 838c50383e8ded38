"""Minimum-cost spanning tree games (Bird 1976), Bird's rule and the folk rule."""

import json
import pathlib
import pickle

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coalition as co
from coalition.errors import InvalidGameError, InvalidParameterError

PEER = json.loads((pathlib.Path(__file__).parent / "data" / "peer_models.json").read_text())


def _brute_mst_cost(c, keep):
    """networkx's Kruskal on the complete graph of the kept vertices."""
    G = nx.Graph()
    G.add_nodes_from(keep)
    for a in keep:
        for b in keep:
            if a < b:
                G.add_edge(a, b, weight=c[a][b])
    return sum(d["weight"] for _, _, d in nx.minimum_spanning_tree(G).edges(data=True))


def _irreducible(c):
    """Bottleneck (minimax-path) costs: the irreducible matrix of Bird (1976),
    by a Floyd-Warshall pass with max in place of +."""
    d = np.array(c, dtype=float)
    for k in range(d.shape[0]):
        d = np.minimum(d, np.maximum(d[:, [k]], d[[k], :]))
    return d


@st.composite
def cost_matrices(draw, max_n=5):
    n = draw(st.integers(1, max_n))
    vals = draw(st.lists(st.integers(0, 12), min_size=(n + 1) * n // 2, max_size=(n + 1) * n // 2))
    c = np.zeros((n + 1, n + 1))
    c[np.triu_indices(n + 1, 1)] = vals
    return c + c.T


def test_small_example_by_hand():
    # source 0; links 0-1: 4, 0-2: 6, 0-3: 5, 1-2: 2, 1-3: 7, 2-3: 3.
    # The cheapest tree for all is 0-1, 1-2, 2-3 (4 + 2 + 3 = 9): Bird's rule
    # charges each partner its link towards the source, (4, 2, 3). Kruskal
    # adds 1-2 (2), 2-3 (3), 0-1 (4): the folk rule charges partner 1
    # 2 (1 - 1/2) + 3 (1/2 - 1/3) + 4/3 = 17/6, partner 2 the same, and
    # partner 3 3 (1 - 1/3) + 4/3 = 10/3.
    c = [[0, 4, 6, 5], [4, 0, 2, 7], [6, 2, 0, 3], [5, 7, 3, 0]]
    g = co.models.spanning_tree(c)
    np.testing.assert_allclose(g.values, [0, 4, 6, 6, 5, 9, 8, 9])
    np.testing.assert_allclose(co.models.bird_rule(g).x, [4, 2, 3])
    np.testing.assert_allclose(co.models.folk_rule(g).x, [17 / 6, 17 / 6, 10 / 3])


@settings(max_examples=30, deadline=None)
@given(cost_matrices())
def test_costs_bird_and_folk_against_brute_force(c):
    g = co.models.spanning_tree(c)
    n = c.shape[0] - 1
    for mask in range(1, 1 << n):
        keep = [0] + [i + 1 for i in range(n) if mask >> i & 1]
        assert g.values[mask] == pytest.approx(_brute_mst_cost(c, keep))
    bird = co.models.bird_rule(g)
    assert bird.kind == "cost" and bird.total == pytest.approx(g.grand_value)
    assert co.in_core(g, bird.x)
    # the folk rule is the Shapley value of the irreducible game (Bergantiños
    # and Vidal-Puga 2007, Theorem 1 with Bird 1976): exact Shapley on its table
    folk = co.models.folk_rule(g)
    irreducible = co.models.spanning_tree(_irreducible(c))
    np.testing.assert_allclose(folk.x, co.shapley(irreducible).x, atol=1e-9)
    assert co.in_core(g, folk.x)


def test_peer_coopgame_bird_total_and_nucleolus():
    for case in PEER["spanning_tree"]:
        g = co.models.spanning_tree(case["costs"])
        assert g.grand_value == pytest.approx(case["total_cost"])
        np.testing.assert_allclose(co.models.bird_rule(g).x, case["bird"], atol=1e-9)
        np.testing.assert_allclose(co.nucleolus(g).x, case["nucleolus"], atol=1e-6)


def test_graph_input_names_and_source():
    G = nx.Graph()
    costs = {("hub", "a"): 4, ("hub", "b"): 6, ("hub", "c"): 5, ("a", "b"): 2, ("a", "c"): 7, ("b", "c"): 3}
    for (u, v), w in costs.items():
        G.add_edge(u, v, cost=w)
    g = co.models.spanning_tree(G, source="hub", weight="cost")
    assert g.players == ("a", "b", "c")
    assert g.value("b+c") == 8.0 and g.grand_value == 9.0
    # the matrix with the source on another row gives the same game
    m = [[0, 2, 7, 4], [2, 0, 3, 6], [7, 3, 0, 5], [4, 6, 5, 0]]
    h = co.models.spanning_tree(m, source=3, players=["a", "b", "c"])
    np.testing.assert_allclose(h.values, g.values)
    assert pickle.loads(pickle.dumps(g)).grand_value == 9.0


def test_monte_carlo_shapley_at_100_partners_without_a_table(rng):
    pts = rng.uniform(0, 1, (101, 2))
    c = np.linalg.norm(pts[:, None] - pts[None], axis=2)
    g = co.models.spanning_tree(c)
    est = co.estimate_shapley(g, budget=200, method="permutation", seed=3)
    assert g._table is None
    assert est.kind == "cost"
    assert est.x.sum() == pytest.approx(g.grand_value, rel=1e-9)


def test_bad_input():
    path = nx.path_graph(3)
    nx.set_edge_attributes(path, 1.0, "weight")
    with pytest.raises(InvalidParameterError, match="no edge between 0 and 2"):
        co.models.spanning_tree(path)
    G = nx.complete_graph(3)
    with pytest.raises(InvalidParameterError, match="'weight' attribute"):
        co.models.spanning_tree(G)
    nx.set_edge_attributes(G, 1.0, "weight")
    with pytest.raises(InvalidParameterError, match="`source` 7 is not a node"):
        co.models.spanning_tree(G, source=7)
    with pytest.raises(InvalidParameterError, match="directed"):
        co.models.spanning_tree(nx.DiGraph(G))
    with pytest.raises(InvalidParameterError, match="must be square"):
        co.models.spanning_tree([[0, 1, 2], [1, 0, 3]])
    with pytest.raises(InvalidParameterError, match="symmetric"):
        co.models.spanning_tree([[0, 1], [2, 0]])
    with pytest.raises(InvalidParameterError, match="non-negative"):
        co.models.spanning_tree([[0, -1], [-1, 0]])
    with pytest.raises(InvalidParameterError, match="`source` must be a row"):
        co.models.spanning_tree([[0, 1], [1, 0]], source=2)
    with pytest.raises(InvalidGameError, match="spanning-tree game"):
        co.models.folk_rule(co.Game([0, 1, 1, 3]))


def test_mattugames_mcst_example():
    """The example in the help of MatTuGames' ``mcst_game`` (H. I. Meinhardt,
    MatTuGames toolbox): the cost matrix [[0 2 2 6]; [2 0 1 2]; [2 1 0 2];
    [6 2 2 0]] with the source on row 1, printed costs
    ``c_v = 2 2 3 6 4 4 5`` (MatTuGames' order: {1}, {2}, {1,2}, {3}, {1,3},
    {2,3}, N). By hand: partner 3 alone pays its direct link 6, with partner
    1 or 2 it connects through them (2 + 2), all three 2 + 1 + 2."""
    cost = [[0, 2, 2, 6], [2, 0, 1, 2], [2, 1, 0, 2], [6, 2, 2, 0]]
    g = co.models.spanning_tree(cost)
    np.testing.assert_allclose(g.values[1:], [2, 2, 3, 6, 4, 4, 5])
    assert co.in_core(g, co.models.bird_rule(g).x) and co.in_core(g, co.models.folk_rule(g).x)
