"""What every model shares: subgames of the same model agree with the table,
and the worths are remembered."""

import networkx as nx
import numpy as np
import pytest

import coalition as co


def _models(rng):
    yield co.models.linear_production(rng.uniform(0, 3, (5, 2)), rng.uniform(0.5, 2, (2, 3)), rng.uniform(1, 2, 3))
    yield co.models.assignment(rng.uniform(-1, 5, (2, 3)))
    c = rng.uniform(1, 9, (6, 6))
    yield co.models.spanning_tree(np.triu(c, 1) + np.triu(c, 1).T)
    G = nx.MultiDiGraph()
    for k in range(9):
        u, v = rng.choice(4, 2, replace=False)
        G.add_edge(int(u), int(v), owner=f"O{k % 5}", capacity=float(rng.integers(1, 5)))
    yield co.models.flow_game(G, 0, 3, players=[f"O{i}" for i in range(5)])
    f = rng.normal(size=(5, 5))
    yield co.models.newsvendor(f @ f.T, holding=1, shortage=2)
    yield co.models.newsvendor(rng.uniform(1, 3, 5), holding=2, shortage=1)
    yield co.models.eoq_inventory(rng.uniform(1, 5), rng.uniform(0, 9, 5), rng.uniform(0, 2, 5))
    d = rng.uniform(1, 9, (6, 6))
    yield co.models.travelling_salesman(np.triu(d, 1) + np.triu(d, 1).T)


@pytest.mark.parametrize("which", range(8))
def test_subgame_is_the_same_model_on_fewer_partners(rng, which):
    g = list(_models(rng))[which]
    keep = [g.players[i] for i in (0, 1, 3)]
    sub = g.subgame(keep)  # the model's own subgame (no table of g)
    assert type(sub) is type(g) and g._table is None
    # against the table of the whole game, sliced
    full = co.Game(g.values, players=g.players, kind=g.kind).subgame(keep)
    np.testing.assert_allclose(sub.values, full.values, atol=1e-9)
    assert sub.players == tuple(keep) and sub.kind == g.kind


def test_assignment_subgame_out_of_order_or_one_sided_falls_back_to_worths(rng):
    g = co.models.assignment(rng.uniform(0, 5, (2, 2)))
    for keep in (["S1", "B1"], ["B1", "B2"]):
        sub = g.subgame(keep)
        full = co.Game(g.values, players=g.players).subgame(keep)
        np.testing.assert_allclose(sub.values, full.values)


def test_subgames_of_a_model_keep_their_kind_after_a_table_is_built():
    g = co.models.eoq_inventory(600, [500, 300, 400], [9.6, 11, 10])
    co.shapley(g)  # builds the table
    sub = g.subgame(["P1", "P2"])
    np.testing.assert_allclose(co.models.soc_split(sub).x, [1847.521, 1270.171], atol=5e-4)


def test_a_built_table_is_sliced_into_the_structured_subgame():
    g = co.models.eoq_inventory(600, [500, 300, 400], [9.6, 11, 10])
    table = g.values  # built
    sub = g.subgame(["P3", "P1"])
    assert isinstance(sub, type(g))
    np.testing.assert_array_equal(sub.values, table[[0, 4, 1, 5]])
