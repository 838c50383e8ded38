"""The sampler's kernel for graph-restricted games ("restricted" in
coalition._kernels.incremental) against independent oracles.

Oracles: the restricted worth from networkx's connected components and the
base game's own evaluation (``v^G(S) = sum of v(C)`` over the components C of
S, Myerson 1977), marginal contributions along fixed permutations from it,
the exact Myerson value of ``co.myerson`` (the component kernel over the base
game's table), and on a 1,000-node tree the closed form of a restricted
unanimity game: the players of the subtree spanning the carrier share the
unit equally. Integer data, so kernel and oracle agree exactly. Budget: about
3 s with a warm numba cache, about 25 s with a cold one (compilation).
"""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coalition as co
from coalition import network as net
from coalition._kernels import incremental as ki
from coalition.errors import InvalidGameError
from coalition.families import WeightedVotingGame
from coalition.sampling.evaluator import _Evaluator


# ---------------------------------------------------------------------------
# oracles
# ---------------------------------------------------------------------------
def oracle_worths(base, graph, rows):
    """v^G of each boolean row: networkx components, each valued by the base
    game's own evaluation. ``graph`` has nodes 0 .. n-1."""
    rows = np.asarray(rows, dtype=bool)
    comp_rows, owner = [], []
    for r, row in enumerate(rows):
        for comp in nx.connected_components(graph.subgraph(np.flatnonzero(row).tolist())):
            c = np.zeros(base.n, dtype=bool)
            c[list(comp)] = True
            comp_rows.append(c)
            owner.append(r)
    out = np.zeros(len(rows))
    if comp_rows:
        np.add.at(out, owner, base._evaluate(np.array(comp_rows)))
    return out


def oracle_marginals(base, graph, perm):
    n = base.n
    rank = np.empty(n, dtype=np.int64)
    rank[perm] = np.arange(n)
    prefixes = rank[None, :] < np.arange(n + 1)[:, None]  # 0 .. n players
    worth = oracle_worths(base, graph, prefixes)
    marg = np.empty(n)
    marg[perm] = np.diff(worth)
    return marg


def restricted(base, graph):
    """The restricted game, with the graph relabelled to the player names."""
    return net.restrict(base, nx.relabel_nodes(graph, lambda i: base.players[i]))


def kernel_marginals(ev, perm, reverse=False):
    marg = np.full(ev.n, np.nan)
    inside = np.zeros(ev.n, dtype=bool)
    ki.walk(ev.kid, np.asarray(perm, dtype=np.int64), reverse, marg, inside, *ev.args()[1:])
    assert not inside.any()  # the scratch array is left clean for the next walk
    return marg


def all_rows(n):
    return ((np.arange(2**n)[:, None] >> np.arange(n)) & 1).astype(bool)


BASES = {
    "voting": co.families.weighted_voting([4, 3, 3, 2, 2, 1, 1, 1], quota=7),
    "airport (cost)": co.families.airport([5, 8, 8, 11, 13, 2, 7, 9]),
    "bankruptcy": co.families.bankruptcy(20, [4, 7, 9, 3, 5, 2, 6, 8]),
    "glove": co.families.glove(4, 4),
    "unanimity": co.families.unanimity(8, "P2+P5+P7"),
}
GRAPHS = {
    "path": nx.path_graph(8),
    "star": nx.star_graph(7),
    "cycle": nx.cycle_graph(8),
    "gnp": nx.gnp_random_graph(8, 0.35, seed=5),
    "no links": nx.empty_graph(8),
    "complete": nx.complete_graph(8),
}


# ---------------------------------------------------------------------------
# the kernel, exactly
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("graph_name", list(GRAPHS))
@pytest.mark.parametrize("base_name", list(BASES))
def test_kernel_matches_components_exactly(base_name, graph_name):
    base, graph = BASES[base_name], GRAPHS[graph_name]
    rg = restricted(base, graph)
    ev = _Evaluator(rg)
    assert ev.mode == "incremental" and ev.kid == ki.RESTRICTED
    assert ev.bkid == ki.KERNEL_IDS[base._sampler_spec()[0]]
    rows = all_rows(8)
    expect = oracle_worths(base, graph, rows)
    kid, *rest = ev.args()
    np.testing.assert_array_equal(ki.evaluate_rows(kid, ev.table, *rest, rows), expect)
    # the restricted table of the exact route (another kernel) agrees
    np.testing.assert_array_equal(rg.values, expect)
    rng = np.random.default_rng(len(base_name) * 31 + len(graph_name))
    for _ in range(12):
        perm = rng.permutation(8)
        np.testing.assert_array_equal(kernel_marginals(ev, perm), oracle_marginals(base, graph, perm))
        np.testing.assert_array_equal(kernel_marginals(ev, perm, reverse=True),
                                      oracle_marginals(base, graph, perm[::-1]))


FAMILIES = st.sampled_from(["voting", "airport", "bankruptcy", "glove", "unanimity"])


@st.composite
def restricted_cases(draw):
    n = draw(st.integers(1, 9))
    kind = draw(FAMILIES)
    ints = st.lists(st.integers(0, 9), min_size=n, max_size=n)
    if kind == "voting":
        w = draw(ints)
        w[0] += 1
        base = co.families.weighted_voting(w, quota=draw(st.integers(1, sum(w))))
    elif kind == "airport":
        base = co.families.airport(draw(ints))
    elif kind == "bankruptcy":
        claims = draw(ints)
        base = co.families.bankruptcy(draw(st.integers(0, sum(claims))), claims)
    elif kind == "glove":
        left = draw(st.integers(1, max(1, n - 1))) if n > 1 else 1
        base = co.families.glove(left, max(n - left, 1))
        n = base.n
    else:
        carrier = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True))
        base = co.families.unanimity(n, "+".join(f"P{i + 1}" for i in carrier))
    pairs = list(itertools.combinations(range(n), 2))
    edges = draw(st.lists(st.sampled_from(pairs), unique=True)) if pairs else []
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(edges)
    perm = draw(st.permutations(range(n)))
    return base, graph, np.array(perm)


@settings(max_examples=60, deadline=None)
@given(restricted_cases())
def test_kernel_marginals_property(case):
    base, graph, perm = case
    ev = _Evaluator(restricted(base, graph))
    np.testing.assert_array_equal(kernel_marginals(ev, perm), oracle_marginals(base, graph, perm))


@pytest.mark.parametrize("family", ["voting", "airport", "glove"])
def test_kernel_on_a_larger_scale_free_graph(family):
    n = 60
    graph = nx.barabasi_albert_graph(n, 2, seed=8)
    rng = np.random.default_rng(8)
    w = rng.integers(1, 11, size=n)
    base = {
        "voting": co.families.weighted_voting(w, quota=int(0.3 * w.sum())),
        "airport": co.families.airport(w),
        "glove": co.families.glove(25, 35),
    }[family]
    ev = _Evaluator(restricted(base, graph))
    for _ in range(3):
        perm = rng.permutation(n)
        np.testing.assert_array_equal(kernel_marginals(ev, perm), oracle_marginals(base, graph, perm))
    rows = rng.random((40, n)) < 0.6
    kid, *rest = ev.args()
    np.testing.assert_array_equal(ki.evaluate_rows(kid, ev.table, *rest, rows), oracle_worths(base, graph, rows))


def test_games_without_a_component_additive_spec_keep_their_routes():
    graph = nx.cycle_graph(5)
    # a function game: evaluated component by component in Python
    fn = co.Game.from_function(len, [f"P{i + 1}" for i in range(5)])
    assert restricted(fn, graph)._sampler_spec() is None
    # a pairwise game with linked pairs only: the pairwise kernel
    syn = co.families.additive_with_synergies([1.0] * 5, {("P1", "P2"): 2.0})
    assert restricted(syn, graph)._sampler_spec()[0] == "pairwise"
    # a voting game: the restricted kernel, the graph in CSR form
    kind, params = restricted(co.families.weighted_voting([1] * 5, quota=3), graph)._sampler_spec()
    assert kind == "restricted" and params["base"][0] == "threshold"
    assert params["indptr"].tolist() == [0, 2, 4, 6, 8, 10]
    assert sorted(params["indices"][0:2].tolist()) == [1, 4]


# ---------------------------------------------------------------------------
# estimates against the exact Myerson value
# ---------------------------------------------------------------------------
def _assert_inside(est, exact):
    lo, hi = est.ci
    assert np.all(lo <= exact + 1e-12) and np.all(exact <= hi + 1e-12), (est.x, exact, est.stderr)


CASES = {
    "voting on BA(10, 2)": (co.families.weighted_voting([5, 4, 4, 3, 3, 2, 2, 1, 1, 1], quota=13),
                            nx.barabasi_albert_graph(10, 2, seed=1)),
    "airport on a tree (cost)": (co.families.airport([3, 9, 9, 4, 12, 7, 1, 6, 10, 8, 5, 2]),
                                 nx.random_labeled_tree(12, seed=2)),
    "bankruptcy on a cycle": (co.families.bankruptcy(30, [10, 4, 8, 12, 6, 2, 9, 5, 3]), nx.cycle_graph(9)),
    "glove on gnp": (co.families.glove(5, 5), nx.gnp_random_graph(10, 0.3, seed=3)),
}


@pytest.mark.parametrize("case", list(CASES))
def test_sampled_myerson_agrees_with_exact(case):
    base, graph = CASES[case]
    graph = nx.relabel_nodes(graph, lambda i: base.players[i])
    exact = co.myerson(base, graph, method="exact")
    est = co.myerson(base, graph, method="sample", budget=base.n * 40_000, seed=11,
                     estimator="permutation", confidence=0.9999)
    assert isinstance(est, co.Estimate) and est.rule == "myerson" and est.kind == base.kind
    _assert_inside(est, exact.x)
    # component efficiency holds for every permutation, so for the mean
    for comp in nx.connected_components(graph):
        idx = [base.players.index(p) for p in comp]
        assert est.x[idx].sum() == pytest.approx(exact.x[idx].sum(), abs=1e-9)


@pytest.mark.parametrize("method", ["antithetic", "stratified", "svarm", "kernel", "auto"])
def test_every_estimator_runs_on_the_restricted_kernel(method):
    base = co.families.unanimity(8, "P1+P4+P6")
    graph = nx.relabel_nodes(nx.gnp_random_graph(8, 0.4, seed=6), lambda i: base.players[i])
    exact = co.myerson(base, graph).x
    est = co.myerson(base, graph, method="sample", budget=300_000, seed=4, estimator=method,
                     confidence=0.9999)
    _assert_inside(est, exact)


def test_same_seed_same_estimate_whatever_the_threads():
    base = co.families.weighted_voting(np.arange(1, 41), quota=400)
    graph = nx.relabel_nodes(nx.barabasi_albert_graph(40, 2, seed=2), lambda i: base.players[i])
    rg = net.restrict(base, graph)
    runs = [co.estimate_shapley(rg, budget=40 * 400, seed=7, method="antithetic", chunk_size=40 * 16,
                                threads=t) for t in (1, 2, 3)]
    with ThreadPoolExecutor(2) as pool:
        runs.append(co.estimate_shapley(rg, budget=40 * 400, seed=7, method="antithetic",
                                        chunk_size=40 * 16, executor=pool))
    for other in runs[1:]:
        np.testing.assert_array_equal(other.x, runs[0].x)
        np.testing.assert_array_equal(other.stderr, runs[0].stderr)
    assert runs[0].n_evaluations == 40 * 400


def test_unanimity_on_a_1000_node_tree_matches_the_spanning_subtree():
    # Restricting the unanimity game of T to a tree gives the unanimity game
    # of the subtree that spans T (T is connected inside S exactly when S
    # holds every path between members of T): an equal share for each of its
    # nodes, nothing for the others (Myerson 1977, with the unanimity basis).
    n = 1000
    tree = nx.barabasi_albert_graph(n, 1, seed=4)
    carrier = [3, 250, 517, 800, 999]
    span = set()
    for u, v in itertools.combinations(carrier, 2):
        span.update(nx.shortest_path(tree, u, v))
    exact = np.zeros(n)
    exact[sorted(span)] = 1.0 / len(span)
    base = co.families.unanimity(n, "+".join(f"P{i + 1}" for i in carrier))
    graph = nx.relabel_nodes(tree, lambda i: base.players[i])
    est = co.myerson(base, graph, budget=n * 2_000, seed=5, estimator="permutation", confidence=0.9999)
    assert est.method == "permutation" and est.n_evaluations == n * 2_000
    _assert_inside(est, exact)
    outside = np.setdiff1d(np.arange(n), sorted(span))
    np.testing.assert_array_equal(est.x[outside], 0.0)
    assert est.x.sum() == pytest.approx(1.0, abs=1e-12)


# ---------------------------------------------------------------------------
# a spec the kernel cannot run
# ---------------------------------------------------------------------------
class _SpecGame(WeightedVotingGame):
    __slots__ = ()
    spec = None

    def _sampler_spec(self):
        return type(self).spec


def _spec_game(spec):
    cls = type("_G", (_SpecGame,), {"__slots__": (), "spec": spec})
    g = cls._lazy(("A", "B", "C"), "profit")
    g._init(_weights=np.ones(3), _quota=2.0, _units=np.ones(3), _unit_quota=2, _power=None)
    return g


@pytest.mark.parametrize(
    "spec, message",
    [
        (("restricted", {"base": ("pairwise", {"a": np.ones(3), "edges": np.zeros((0, 2), dtype=np.int64),
                                                "weights": np.zeros(0)}),
                         "indptr": np.zeros(4, dtype=np.int64), "indices": np.zeros(0, dtype=np.int64)}),
         "restricts the base kernel 'pairwise'"),
        (("restricted", {"base": ("restricted", {}), "indptr": np.zeros(4), "indices": np.zeros(0)}),
         "restricts the base kernel 'restricted'"),
        (("restricted", {"base": ("max", {"a": np.ones(3)}), "indptr": np.array([0, 1, 2, 2]),
                         "indices": np.array([1, 3])}),
         "not in CSR form over 3 players"),
        (("restricted", {"base": ("max", {"a": np.ones(3)}), "indptr": np.array([0, 1, 2]),
                         "indices": np.array([1, 0])}),
         "not in CSR form over 3 players"),
        (("restricted", {"base": ("max", {"a": np.ones(2)}), "indptr": np.zeros(4), "indices": np.zeros(0)}),
         "gives `a` of shape"),
    ],
)
def test_bad_restricted_specs_are_refused(spec, message):
    with pytest.raises(InvalidGameError, match=message):
        co.estimate_shapley(_spec_game(spec), budget=300, method="permutation", seed=0)
