"""Monte Carlo Shapley on the games built from what partners bring, at
100 partners: no table, every worth an optimisation called through the
batch interface.

For each model, one random instance of 100 partners (seed 2026) and one
``estimate_shapley(game, budget=..., method="permutation", seed=0)`` call,
timed from a fresh game (so each worth is computed, none is remembered from
an earlier call), then the same call again on the same game (the worths of
the coalitions met before are remembered; a new seed meets new coalitions).

Run::

    /work/venv/bin/python benchmarks/models_timing.py            # budget 10,000
    /work/venv/bin/python benchmarks/models_timing.py 20000
"""

from __future__ import annotations

import sys
import time

import networkx as nx
import numpy as np

import coalition as co

N = 100


def instances(rng):
    yield "linear production (4 resources, 6 products; one LP each)", lambda: co.models.linear_production(
        rng_a.uniform(0, 1, (N, 4)), rng_a.uniform(0.2, 2, (4, 6)), rng_a.uniform(1, 3, 6))
    yield "assignment (50 buyers x 50 sellers)", lambda: co.models.assignment(rng_b.uniform(0, 10, (50, 50)))
    yield "spanning tree (100 points in the unit square)", lambda: co.models.spanning_tree(dist_c)
    yield "flow (40 nodes, ~230 arcs, 100 owners)", lambda: co.models.flow_game(flow_g, 0, 39, players=owners)
    yield "newsvendor (independent normal demands)", lambda: co.models.newsvendor(
        rng_e.uniform(1, 10, N), holding=1, shortage=4)
    yield "EOQ joint ordering", lambda: co.models.eoq_inventory(
        600, rng_e.uniform(100, 500, N), rng_e.uniform(1, 10, N))
    yield "travelling salesman, 2-opt (100 points)", lambda: co.models.travelling_salesman(
        dist_c, method="heuristic")


rng_a = np.random.default_rng(2026)
rng_b = np.random.default_rng(2027)
pts = np.random.default_rng(2028).uniform(0, 1, (N + 1, 2))
dist_c = np.linalg.norm(pts[:, None] - pts[None], axis=2)
flow_g = nx.gnp_random_graph(40, 0.15, seed=2029, directed=True)
_caps = np.random.default_rng(2030).integers(1, 10, flow_g.number_of_edges())
for k, (u, v) in enumerate(flow_g.edges):
    flow_g[u][v]["owner"] = f"P{k % N}"
    flow_g[u][v]["capacity"] = float(_caps[k])
owners = [f"P{i}" for i in range(N)]
rng_e = np.random.default_rng(2031)


def main(budget: int = 10_000) -> None:
    # compile the numba kernels once, outside the timings
    co.estimate_shapley(co.models.travelling_salesman(dist_c[:5, :5], method="heuristic"), budget=8,
                        method="permutation", seed=0, progress=False)
    co.estimate_shapley(co.models.spanning_tree(dist_c[:5, :5]), budget=8, method="permutation", seed=0,
                        progress=False)
    print(f"budget {budget:,} evaluations, n = {N}, method='permutation'")
    print("| model | first call (s) | evaluations / s | max CI half-width / v(N) | same game, seed 1 (s) |")
    print("| --- | --- | --- | --- | --- |")
    for name, build in instances(None):
        g = build()
        t = time.perf_counter()
        est = co.estimate_shapley(g, budget=budget, method="permutation", seed=0, progress=False)
        first = time.perf_counter() - t
        t = time.perf_counter()
        co.estimate_shapley(g, budget=budget, method="permutation", seed=1, progress=False)
        again = time.perf_counter() - t
        assert g._table is None
        rel = est.half_width / abs(g.grand_value)
        print(f"| {name} | {first:.2f} | {est.n_evaluations / first:,.0f} | {rel:.3f} | {again:.2f} |", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
