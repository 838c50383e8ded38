"""First-call time of estimate_shapley: numba compile (cold cache) and cache load.

    rm -rf /tmp/nbc && NUMBA_CACHE_DIR=/tmp/nbc .venv/bin/python benchmarks/compile_time.py  # cold
    NUMBA_CACHE_DIR=/tmp/nbc .venv/bin/python benchmarks/compile_time.py                     # cached
"""

import time

import numpy as np

t0 = time.perf_counter()
import coalition as co  # noqa: E402

print(f"import coalition: {time.perf_counter() - t0:.2f} s")
dense = co.Game(np.concatenate([[0.0], np.random.default_rng(0).random(2**14 - 1)]))
total = time.perf_counter()
voting = co.families.weighted_voting([5, 4, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1], 14)
for name, game in (("dense", dense), ("voting", voting)):
    for method in ("permutation", "antithetic", "stratified", "svarm", "kernel"):
        t = time.perf_counter()
        co.estimate_shapley(game, budget=5000, method=method, seed=1, threads=1)
        first = time.perf_counter() - t
        t = time.perf_counter()
        co.estimate_shapley(game, budget=5000, method=method, seed=1, threads=1)
        print(f"{name:7s} {method:12s} first call {first:6.2f} s, second {time.perf_counter() - t:.4f} s")
print(f"all first calls: {time.perf_counter() - total:.1f} s")
