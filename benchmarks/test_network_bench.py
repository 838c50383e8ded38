"""Networks and blocs: Myerson, Owen and synergy-graph values, with peers
side by side where one exists.

Groups:

* ``myerson, hub-and-spoke n=20``: the Myerson value of a random dense game
  of 20 players on a star (hub = player 0), against the exact Shapley value
  of the same table (the issue's target: within 3 times), the route through
  the restricted table (``shapley(restrict(game, graph))``: build the
  ``2**20`` restricted worths, then the Shapley kernel) and coopgame-py's
  ``myerson(game, edges)``.
* ``myerson n=20, <graph>``: the same game on other graphs, ``myerson``
  against the route through the restricted table: a complete graph, a star
  with 4 links between spokes, a chain and a sparse random graph
  (``gnm_random_graph(20, 30, seed=1)``). ``myerson`` sums the restricted
  worths as it computes them where few coalitions need a component search,
  and builds the restricted table where many do (chains, sparse graphs).
* ``owen, n=20, 4 blocs of 5`` and ``2 blocs of 10``: the exact Owen
  value, against coopgame-py's
  ``owen(game, unions)`` and shapley-numba's ``owen.owen(game, union_structure)``
  (on a jitclass game reading the same table).
* ``synergy graph 100k/1M``: ``synergy_game`` built from a networkx graph of
  100,000 nodes and 1,000,000 weighted edges, then its Shapley value; and the
  Myerson value on the same graph (closed form). Building the networkx graph
  is not timed.
* ``sampled myerson, barabasi_albert n=1000``: Monte Carlo Myerson values
  (``estimate_shapley`` with permutation sampling) of (a) a synergy game on
  ``barabasi_albert_graph(1000, 2)``, through the compiled pairwise kernel,
  and (b) the component-additive game ``v(C) = (sum of w over C)**2`` on the
  tree ``barabasi_albert_graph(1000, 1)``, evaluated component by component
  in Python. Both have exact values (closed forms: half of each synergy; the
  square's pair terms ``2 w_i w_j`` shared along tree paths); ``extra_info``
  records evaluations per second and the largest absolute error.
  Games whose worth is a function of sums (or a maximum) of their members'
  numbers run through the sampler's union-find kernel for restricted games:
  (c) the unanimity game of 5 players on the tree
  ``barabasi_albert_graph(1000, 1)``, exact value an equal share for each
  node of the subtree spanning them; (d) a weighted voting game on
  ``barabasi_albert_graph(1000, 2)`` by that kernel and by the component
  route in Python (the same game as a function game), side by side, one
  thread each, checked against each other within their standard errors.

* ``graph games from dicts, 50k nodes``: ``synergy_game`` on a random graph
  of 50,000 nodes and 200,000 weighted links with ``standalone`` given as a
  dict (one worth per node), against the same call with a list;
  ``hub_and_spoke`` with 50,000 spokes and ``weights`` given as a dict; and
  ``restrict`` of a synergy game (standalone worths from a dict) to that
  hub-and-spoke graph and the Shapley value of the restricted game (its
  Myerson value, closed form). Each input is looked up once per key.

Every result is checked (ours against an independent oracle or closed form,
peers against ours). Run::

    .venv/bin/python -m pytest benchmarks/test_network_bench.py --benchmark-only -o addopts=""
"""

from __future__ import annotations

import time

import networkx as nx
import numpy as np
import pytest

import coalition as co
from coalition import network as net

pytestmark = pytest.mark.filterwarnings("ignore::numba.core.errors.NumbaExperimentalFeatureWarning")

N = 20


def _star(game):
    return net.hub_and_spoke(game.players[0], game.players[1:])


# --- Myerson, dense -----------------------------------------------------------


def _restricted_oracle_check(v, x):
    """Star with hub 0: v^G(S) = v(S) when S holds the hub, else the sum of
    its members' standalone worths. Check the hub's value and efficiency from
    that table (built by numpy, independent of the kernel)."""
    n = N
    masks = np.arange(1 << n, dtype=np.int64)
    single = v[1 << np.arange(n)]
    bits = ((masks[:, None] >> np.arange(n)) & 1).astype(bool)
    r = np.where(masks & 1, v, bits @ single)
    assert abs(x.sum() - r[-1]) <= 1e-10
    # hub = player 0: Shapley weights over S without 0
    from math import factorial

    pc = bits.sum(axis=1)
    s = masks[(masks & 1) == 0]
    w = np.array([factorial(k) * factorial(n - k - 1) / factorial(n) for k in range(n)])
    hub = float(np.sum(w[pc[s]] * (r[s | 1] - r[s])))
    assert abs(x[0] - hub) <= 1e-10


@pytest.fixture(scope="module")
def star_game(dense_table):
    v = dense_table(N)
    game = co.Game(v)
    ref = co.myerson(game, _star(game)).x
    _restricted_oracle_check(v, ref)
    return v, game, ref


def test_myerson_coalition(benchmark, star_game):
    v, game, ref = star_game
    graph = _star(game)
    benchmark.group = f"myerson, hub-and-spoke n={N}"
    out = benchmark(co.myerson, game, graph)
    np.testing.assert_allclose(out.x, ref, rtol=0, atol=1e-11)


def test_shapley_same_table(benchmark, star_game):
    v, game, _ = star_game
    co.shapley(game)
    benchmark.group = f"myerson, hub-and-spoke n={N}"
    out = benchmark(co.shapley, game)
    assert abs(out.x.sum() - v[-1]) <= 1e-10


def test_myerson_restricted_table_route(benchmark, star_game):
    _, game, ref = star_game
    graph = _star(game)
    benchmark.group = f"myerson, hub-and-spoke n={N}"
    out = benchmark(lambda: co.shapley(net.restrict(game, graph)))
    np.testing.assert_allclose(out.x, ref, rtol=0, atol=1e-11)


def test_myerson_coopgame(benchmark, star_game):
    coopgame = pytest.importorskip("coopgame")
    v, _, ref = star_game
    g = coopgame.Game(v[1:])
    edges = [(0, j) for j in range(1, N)]
    benchmark.group = f"myerson, hub-and-spoke n={N}"
    out = benchmark(coopgame.myerson, g, edges)
    np.testing.assert_allclose(np.asarray(out), ref, rtol=0, atol=1e-11)


def _other_graph(name, players):
    if name == "complete":
        return net.complete(players)
    if name == "star + 4 spoke links":
        graph = net.hub_and_spoke(players[0], players[1:])
        graph.add_edges_from([(players[1], players[2]), (players[3], players[9]),
                              (players[5], players[14]), (players[11], players[19])])
        return graph
    if name == "chain":
        return net.chain(players)
    return nx.relabel_nodes(nx.gnm_random_graph(N, 30, seed=1), lambda i: players[i])


OTHER_GRAPHS = ["complete", "star + 4 spoke links", "chain", "gnm(20, 30)"]


@pytest.mark.parametrize("route", ["myerson", "restricted table"])
@pytest.mark.parametrize("shape", OTHER_GRAPHS)
def test_myerson_other_graphs(benchmark, star_game, shape, route):
    _, game, _ = star_game
    graph = _other_graph(shape, game.players)
    if route == "myerson":
        run = lambda: co.myerson(game, graph)  # noqa: E731
    else:
        run = lambda: co.shapley(net.restrict(game, graph))  # noqa: E731
    benchmark.group = f"myerson n={N}, {shape}"
    out = benchmark(run)
    # the two routes agree; the restricted table route is checked against
    # networkx's components in tests/test_network.py
    other = co.shapley(net.restrict(game, graph)) if route == "myerson" else co.myerson(game, graph)
    np.testing.assert_allclose(out.x, other.x, rtol=0, atol=1e-11)


# --- Owen, dense --------------------------------------------------------------

BLOC_SHAPES = {
    "4 blocs of 5": [list(range(k, k + 5)) for k in range(0, N, 5)],
    "2 blocs of 10": [list(range(0, 10)), list(range(10, 20))],
}
_OWEN: dict[str, np.ndarray] = {}


def _owen_ref(v, shape):
    """Ours, checked once by the quotient property (each bloc's total is its
    Shapley value in the game of the blocs) and efficiency."""
    if shape not in _OWEN:
        blocs = BLOC_SHAPES[shape]
        game = co.Game(v)
        x = co.owen(game, [[game.players[i] for i in b] for b in blocs]).x
        m = len(blocs)
        masks = [sum(1 << i for i in b) for b in blocs]
        q = np.array([v[sum(masks[k] for k in range(m) if r >> k & 1)] for r in range(1 << m)])
        np.testing.assert_allclose([x[b].sum() for b in blocs], co.shapley(co.Game(q)).x, atol=1e-11)
        _OWEN[shape] = x
    return _OWEN[shape]


@pytest.mark.parametrize("shape", list(BLOC_SHAPES))
def test_owen_coalition(benchmark, dense_table, shape):
    v = dense_table(N)
    ref = _owen_ref(v, shape)
    game = co.Game(v)
    blocs = [[game.players[i] for i in b] for b in BLOC_SHAPES[shape]]
    benchmark.group = f"owen, n={N}, {shape}"
    out = benchmark(co.owen, game, blocs)
    np.testing.assert_allclose(out.x, ref, rtol=0, atol=1e-11)


@pytest.mark.parametrize("shape", list(BLOC_SHAPES))
def test_owen_coopgame(benchmark, dense_table, shape):
    coopgame = pytest.importorskip("coopgame")
    v = dense_table(N)
    ref = _owen_ref(v, shape)
    g = coopgame.Game(v[1:])
    benchmark.group = f"owen, n={N}, {shape}"
    out = benchmark(coopgame.owen, g, BLOC_SHAPES[shape])
    np.testing.assert_allclose(np.asarray(out), ref, rtol=0, atol=1e-11)


_SN_GAME = None


def _sn_table_game():
    global _SN_GAME
    if _SN_GAME is None:
        import numba
        from shapley_numba import numba_game

        @numba_game([("table", numba.float64[::1])])
        class DenseTableGame:
            def __init__(self, table):
                self.table = table

            def value(self, subset):
                mask = 0
                for i in range(subset.shape[0]):
                    if subset[i]:
                        mask |= 1 << i
                return self.table[mask]

        _SN_GAME = DenseTableGame
    return _SN_GAME


@pytest.mark.parametrize("shape", list(BLOC_SHAPES))
def test_owen_shapley_numba(benchmark, dense_table, shape):
    pytest.importorskip("shapley_numba")
    from shapley_numba.owen import owen as sn_owen

    v = dense_table(N)
    ref = _owen_ref(v, shape)
    game = _sn_table_game()(np.array(v))
    blocs = BLOC_SHAPES[shape]
    structure = np.zeros((len(blocs), N), dtype=np.int32)
    for k, b in enumerate(blocs):
        structure[k, b] = 1
    np.testing.assert_allclose(sn_owen(game, structure), ref, rtol=0, atol=1e-11)
    benchmark.group = f"owen, n={N}, {shape}"
    out = benchmark(sn_owen, game, structure)
    np.testing.assert_allclose(out, ref, rtol=0, atol=1e-11)


# --- synergy graph, 100,000 nodes and 1,000,000 edges -----------------------------


@pytest.fixture(scope="module")
def big_graph():
    graph = nx.gnm_random_graph(100_000, 1_000_000, seed=7)
    w = np.random.default_rng(7).random(1_000_000)
    for (_, _, d), x in zip(graph.edges(data=True), w):
        d["weight"] = float(x)
    return graph


def _closed_form_check(graph, x):
    # standalone 1 + half of each incident weight, by networkx's weighted degree
    deg = dict(graph.degree(weight="weight"))
    expected = np.array([1.0 + 0.5 * deg[u] for u in graph])
    np.testing.assert_allclose(x, expected, rtol=0, atol=1e-9)


def test_synergy_graph_build_and_shapley(benchmark, big_graph):
    def run():
        return co.shapley(net.synergy_game(big_graph, standalone=1.0))

    benchmark.group = "synergy graph 100k/1M"
    out = benchmark.pedantic(run, rounds=3, iterations=1, warmup_rounds=0)
    _closed_form_check(big_graph, out.x)


def test_synergy_graph_myerson(benchmark, big_graph):
    game = net.synergy_game(big_graph, standalone=1.0)
    benchmark.group = "synergy graph 100k/1M"
    out = benchmark.pedantic(co.myerson, args=(game, big_graph), rounds=3, iterations=1, warmup_rounds=0)
    _closed_form_check(big_graph, out.x)


# --- graph games from dicts, 50,000 nodes -----------------------------------------

N_DICT = 50_000


@pytest.fixture(scope="module")
def dict_graph():
    graph = nx.gnm_random_graph(N_DICT, 4 * N_DICT, seed=11)
    rng = np.random.default_rng(11)
    for (_, _, d), x in zip(graph.edges(data=True), rng.random(graph.number_of_edges())):
        d["weight"] = float(x)
    worths = rng.random(N_DICT)
    return graph, {u: float(worths[u]) for u in graph}, worths


def _dict_check(graph, worths, x):
    # standalone worth + half of each incident synergy, by networkx's weighted degree
    deg = dict(graph.degree(weight="weight"))
    np.testing.assert_allclose(x, [worths[u] + 0.5 * deg[u] for u in graph], rtol=0, atol=1e-9)


@pytest.mark.parametrize("form", ["dict", "list"])
def test_synergy_game_standalone_dict_50k(benchmark, dict_graph, form):
    graph, by_node, worths = dict_graph
    standalone = by_node if form == "dict" else [by_node[u] for u in graph]
    benchmark.group = f"graph games from dicts, {N_DICT // 1000}k nodes"
    game = benchmark.pedantic(net.synergy_game, args=(graph,), kwargs={"standalone": standalone},
                              rounds=3, iterations=1, warmup_rounds=0)
    _dict_check(graph, worths, co.shapley(game).x)


def test_hub_and_spoke_weights_dict_50k(benchmark):
    spokes = [f"S{i}" for i in range(N_DICT)]
    weights = {s: float(i % 7) for i, s in enumerate(spokes)}
    benchmark.group = f"graph games from dicts, {N_DICT // 1000}k nodes"
    graph = benchmark.pedantic(net.hub_and_spoke, args=("Hub", spokes), kwargs={"weights": weights},
                               rounds=3, iterations=1, warmup_rounds=0)
    assert [w for _, _, w in graph.edges(data="weight")] == [weights[s] for s in spokes]


def test_restrict_hub_and_spoke_50k(benchmark):
    spokes = [f"S{i}" for i in range(N_DICT)]
    weights = {s: float(i % 7) for i, s in enumerate(spokes)}
    graph = net.hub_and_spoke("Hub", spokes, weights=weights)
    game = net.synergy_game(graph, standalone={u: 1.0 for u in graph})

    def run():
        return co.shapley(net.restrict(game, graph))

    benchmark.group = f"graph games from dicts, {N_DICT // 1000}k nodes"
    out = benchmark.pedantic(run, rounds=3, iterations=1, warmup_rounds=0)
    deg = dict(graph.degree(weight="weight"))
    np.testing.assert_allclose(out.x, [1.0 + 0.5 * deg[u] for u in graph], rtol=0, atol=1e-9)


# --- sampled Myerson on a scale-free graph ------------------------------------


def test_sampled_myerson_synergy_ba(benchmark):
    graph = nx.barabasi_albert_graph(1000, 2, seed=3)
    rng = np.random.default_rng(3)
    for (_, _, d), x in zip(graph.edges(data=True), rng.random(graph.number_of_edges())):
        d["weight"] = float(x)
    game = net.synergy_game(graph, standalone=1.0)
    exact = co.myerson(game, graph).x
    _closed_form_check(graph, exact)
    budget = 1000 * 1000
    co.myerson(game, graph, method="sample", budget=2000, seed=0, estimator="permutation")
    times = []

    def run():
        t0 = time.perf_counter()
        est = co.myerson(game, graph, method="sample", budget=budget, seed=1, estimator="permutation")
        times.append(time.perf_counter() - t0)
        return est

    benchmark.group = "sampled myerson, barabasi_albert n=1000"
    est = benchmark.pedantic(run, rounds=3, iterations=1, warmup_rounds=0)
    err = float(np.max(np.abs(est.x - exact)))
    benchmark.extra_info.update(
        evaluations=est.n_evaluations,
        evals_per_s=est.n_evaluations / min(times),
        max_abs_error=err,
        max_rel_error=err / float(np.max(np.abs(exact))),
        max_stderr=float(est.stderr.max()),
        route="pairwise kernel (compiled)",
    )
    assert err <= 6 * float(est.stderr.max())


def test_sampled_myerson_component_additive_tree(benchmark):
    n = 1000
    tree = nx.relabel_nodes(nx.barabasi_albert_graph(n, 1, seed=4), str)
    w = np.random.default_rng(4).random(n)
    base = co.Game.from_function(lambda m: (m @ w) ** 2, [str(i) for i in range(n)], vectorized=True)
    # exact: (sum w)^2 = sum w_i^2 + sum over pairs of 2 w_i w_j; on a tree
    # each pair's term is shared equally by the nodes of its path.
    i, j = np.triu_indices(n, 1)
    names = tuple(str(k) for k in range(n))
    pairs = co.families.synergy._synergy_from_arrays(names, w**2, np.stack([i, j], 1), 2 * w[i] * w[j], "profit")
    exact = co.myerson(pairs, tree).x
    assert abs(exact.sum() - w.sum() ** 2) <= 1e-9 * w.sum() ** 2
    budget = 100 * n
    times = []

    def run():
        t0 = time.perf_counter()
        est = co.myerson(base, tree, budget=budget, seed=1, estimator="permutation")
        times.append(time.perf_counter() - t0)
        return est

    benchmark.group = "sampled myerson, barabasi_albert n=1000"
    est = benchmark.pedantic(run, rounds=1, iterations=1, warmup_rounds=0)
    err = float(np.max(np.abs(est.x - exact)))
    benchmark.extra_info.update(
        evaluations=est.n_evaluations,
        evals_per_s=est.n_evaluations / min(times),
        max_abs_error=err,
        max_rel_error=err / float(np.max(np.abs(exact))),
        max_stderr=float(est.stderr.max()),
        route="components in Python (_evaluate)",
    )
    assert err <= 6 * float(est.stderr.max())


def _record(benchmark, est, times, exact, route):
    info = dict(evaluations=est.n_evaluations, evals_per_s=est.n_evaluations / min(times),
                max_stderr=float(est.stderr.max()), route=route)
    if exact is not None:
        err = float(np.max(np.abs(est.x - exact)))
        info.update(max_abs_error=err, max_rel_error=err / float(np.max(np.abs(exact))))
    benchmark.extra_info.update(info)


def test_sampled_myerson_unanimity_ba_tree(benchmark):
    n = 1000
    tree = nx.barabasi_albert_graph(n, 1, seed=4)
    carrier = [3, 250, 517, 800, 999]
    # the restricted unanimity game of T on a tree is the unanimity game of
    # the subtree spanning T: an equal share for each of its nodes
    span = set()
    for k, u in enumerate(carrier):
        for v in carrier[k + 1:]:
            span.update(nx.shortest_path(tree, u, v))
    exact = np.zeros(n)
    exact[sorted(span)] = 1.0 / len(span)
    base = co.families.unanimity(n, "+".join(f"P{i + 1}" for i in carrier))
    graph = nx.relabel_nodes(tree, lambda i: base.players[i])
    assert net.restrict(base, graph)._sampler_spec()[0] == "restricted"
    budget = 1000 * n
    co.myerson(base, graph, budget=2 * n, seed=0, estimator="permutation", threads=1)
    times = []

    def run():
        t0 = time.perf_counter()
        est = co.myerson(base, graph, budget=budget, seed=1, estimator="permutation", threads=1)
        times.append(time.perf_counter() - t0)
        return est

    benchmark.group = "sampled myerson, barabasi_albert n=1000"
    est = benchmark.pedantic(run, rounds=3, iterations=1, warmup_rounds=0)
    _record(benchmark, est, times, exact, "restricted kernel (union-find, compiled), 1 thread")
    assert float(np.max(np.abs(est.x - exact))) <= 6 * float(est.stderr.max())
    assert np.all(est.x[exact == 0] == 0)


_VOTING: dict[str, object] = {}


@pytest.mark.parametrize("route", ["restricted kernel", "components in Python"])
def test_sampled_myerson_voting_ba(benchmark, route):
    n = 1000
    w = np.random.default_rng(5).integers(1, 11, size=n).astype(float)
    quota = 0.5 * w.sum()
    names = [f"P{i + 1}" for i in range(n)]
    graph = nx.relabel_nodes(nx.barabasi_albert_graph(n, 2, seed=5), lambda i: names[i])
    if route == "restricted kernel":
        base = co.families.weighted_voting(w, quota=quota)
        assert net.restrict(base, graph)._sampler_spec()[0] == "restricted"
        budget = 1000 * n
    else:
        base = co.Game.from_function(lambda m: (m @ w >= quota).astype(float), names, vectorized=True)
        assert net.restrict(base, graph)._sampler_spec() is None
        budget = 20 * n
    co.myerson(base, graph, budget=2 * n, seed=0, estimator="permutation", threads=1)
    times = []

    def run():
        t0 = time.perf_counter()
        est = co.myerson(base, graph, budget=budget, seed=1, estimator="permutation", threads=1)
        times.append(time.perf_counter() - t0)
        return est

    benchmark.group = "sampled myerson, barabasi_albert n=1000"
    est = benchmark.pedantic(run, rounds=3 if route == "restricted kernel" else 1, iterations=1, warmup_rounds=0)
    _record(benchmark, est, times, None, f"{route}, 1 thread")
    # the graph is connected and the quota reachable: the unit is shared
    assert abs(est.x.sum() - 1.0) <= 1e-9
    _VOTING[route] = est
    if len(_VOTING) == 2:  # the two routes estimate the same value
        a, b = _VOTING.values()
        assert np.all(np.abs(a.x - b.x) <= 6 * np.hypot(a.stderr, b.stderr) + 1e-12)
