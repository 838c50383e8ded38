"""Flow games (Kalai and Zemel 1982) and the minimum-cut core point."""

import pickle

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

import coalition as co
from coalition.errors import InvalidGameError, InvalidParameterError


def _lp_max_flow(arcs, n_nodes, s, t):
    """Max flow as a linear program (an oracle independent of networkx):
    maximise the net outflow of s under conservation and capacities."""
    if not arcs:
        return 0.0
    m = len(arcs)
    A = np.zeros((n_nodes, m))
    for k, (u, v, _) in enumerate(arcs):
        A[u, k] += 1
        A[v, k] -= 1
    inner = [i for i in range(n_nodes) if i not in (s, t)]
    res = linprog(-A[s], A_eq=A[inner] if inner else None, b_eq=np.zeros(len(inner)) if inner else None,
                  bounds=[(0, c) for _, _, c in arcs], method="highs")
    assert res.status == 0
    return -res.fun


def test_two_routes_by_hand():
    # route 1: s->a (A, 3), a->t (A, 2); route 2: s->b (B, 4), b->t (C, 5);
    # a shortcut a->b (C, 1). Max flow 7: 2 over s-a-t, 1 over s-a-b-t, 4
    # over s-b-t. Both {s->a, s->b} (3 + 4) and {a->t, b->t} (2 + 5) are
    # minimum cuts. A alone ships 2, B+C ship 4, A+C ship 2 + 1 = 3.
    G = nx.DiGraph()
    G.add_edge("s", "a", owner="A", capacity=3)
    G.add_edge("a", "t", owner="A", capacity=2)
    G.add_edge("s", "b", owner="B", capacity=4)
    G.add_edge("b", "t", owner="C", capacity=5)
    G.add_edge("a", "b", owner="C", capacity=1)
    g = co.models.flow_game(G, "s", "t")
    assert g.value("A") == 2.0 and g.value("B+C") == 4.0 and g.value("A+C") == 3.0 and g.grand_value == 7.0
    x = co.models.min_cut_point(g).x.tolist()
    assert x in ([3.0, 4.0, 0.0], [2.0, 0.0, 5.0])
    assert co.in_core(g, x)


@st.composite
def networks(draw):
    n_nodes = draw(st.integers(2, 5))
    n_owners = draw(st.integers(1, 4))
    m = draw(st.integers(1, 8))
    arcs = []
    for _ in range(m):
        u = draw(st.integers(0, n_nodes - 1))
        v = draw(st.integers(0, n_nodes - 1).filter(lambda w: w != u))
        arcs.append((u, v, draw(st.integers(0, 9)), draw(st.integers(0, n_owners - 1))))
    return n_nodes, n_owners, arcs


@settings(max_examples=30, deadline=None)
@given(networks(), st.sampled_from([1.0, 1 / 3]), st.booleans())
def test_worths_against_an_lp_and_min_cut_point_in_core(net, scale, directed):
    # integer capacities take scipy's route, thirds take networkx's
    n_nodes, n_owners, arcs = net
    arcs = [(u, v, c * scale, o) for u, v, c, o in arcs]
    if not directed:  # an undirected link is an arc each way
        arcs = arcs + [(v, u, c, o) for u, v, c, o in arcs]
    G = nx.MultiDiGraph() if directed else nx.MultiGraph()
    G.add_nodes_from(range(n_nodes))
    for u, v, c, o in (arcs if directed else arcs[: len(arcs) // 2]):
        G.add_edge(u, v, owner=f"O{o}", capacity=c)
    names = [f"O{o}" for o in range(n_owners)]
    g = co.models.flow_game(G, 0, n_nodes - 1, players=names)
    for mask in range(1 << n_owners):
        mine = [(u, v, c) for u, v, c, o in arcs if mask >> o & 1]
        assert g.values[mask] == pytest.approx(_lp_max_flow(mine, n_nodes, 0, n_nodes - 1), abs=1e-9)
    x = co.models.min_cut_point(g)
    assert x.total == pytest.approx(g.grand_value)
    assert co.in_core(g, x.x)


def test_undirected_links_carry_flow_either_way():
    G = nx.Graph()
    G.add_edge("t", "m", owner="X", capacity=3)  # written sink first
    G.add_edge("s", "m", owner="Y", capacity=5)
    g = co.models.flow_game(G, "s", "t")
    assert g.grand_value == 3.0 and g.value("X") == 0.0
    x = co.models.min_cut_point(g)
    assert x.total == 3.0 and co.in_core(g, x.x)
    assert pickle.loads(pickle.dumps(g)).grand_value == 3.0


def test_monte_carlo_shapley_at_100_partners_without_a_table(rng):
    G = nx.gnp_random_graph(40, 0.15, seed=4, directed=True)
    for k, (u, v) in enumerate(G.edges):
        G[u][v]["owner"] = f"P{k % 100}"
        G[u][v]["capacity"] = float(rng.integers(1, 10))
    g = co.models.flow_game(G, 0, 39, players=[f"P{i}" for i in range(100)])
    est = co.estimate_shapley(g, budget=200, method="permutation", seed=5)
    assert g._table is None
    assert est.x.sum() == pytest.approx(g.grand_value, rel=1e-9)


def test_bad_input():
    G = nx.DiGraph()
    G.add_edge("s", "t", owner="A", capacity=1)
    with pytest.raises(InvalidParameterError, match="networkx graph"):
        co.models.flow_game([[0, 1]], 0, 1)
    with pytest.raises(InvalidParameterError, match="`sink` 'x' is not a node"):
        co.models.flow_game(G, "s", "x")
    with pytest.raises(InvalidParameterError, match="the same node"):
        co.models.flow_game(G, "s", "s")
    with pytest.raises(InvalidParameterError, match="owned by 'A', which is not in `players`"):
        co.models.flow_game(G, "s", "t", players=["B"])
    H = nx.DiGraph()
    H.add_edge("s", "t", owner="A")
    with pytest.raises(InvalidParameterError, match="'capacity' attribute"):
        co.models.flow_game(H, "s", "t")
    H["s"]["t"]["capacity"] = -1
    with pytest.raises(InvalidParameterError, match="`capacity` must be non-negative"):
        co.models.flow_game(H, "s", "t")
    H["s"]["t"]["capacity"] = float("inf")
    with pytest.raises(InvalidParameterError, match="non-finite"):
        co.models.flow_game(H, "s", "t")
    with pytest.raises(InvalidGameError, match="flow game"):
        co.models.min_cut_point(co.Game([0, 1, 1, 3]))


def test_custom_attribute_names_survive_replace_pickle_and_subgame():
    G = nx.DiGraph()
    G.add_edge("s", "a", who="A", cap=3)
    G.add_edge("a", "t", who="B", cap=2)
    G.add_edge("s", "t", who="C", cap=1)
    g = co.models.flow_game(G, "s", "t", owner="who", capacity="cap")
    assert g.grand_value == 3.0
    assert pickle.loads(pickle.dumps(g)).grand_value == 3.0
    assert g.replace(sink="a").grand_value == 3.0
    sub = g.subgame(["A", "B"])
    assert sub.family == "flow"
    assert sub.grand_value == 2.0 and sub.value("A") == 0.0
