"""Speed-up of estimate_shapley on 2 threads against 1 (permutation sampling).

Games: a dense random game of 20 players at 10^7 evaluations and a
10,000-voter weighted voting game at 10^8. The machine's speed drifts from
minute to minute when it is shared, so 1- and 2-thread runs alternate and
the speed-up is the median of the ratios of neighbouring runs. Two more
columns say where a shortfall comes from: the CPU time of the process per
second of wall time (2.0 when neither thread waits), and the speed-up of a
reference loop of the same kind measured in the same pairs: eight independent
integer chains (bound by the core's arithmetic throughput, as the estimator's
kernels are), which on a machine with two full cores is 2.0.

    .venv/bin/python benchmarks/threads.py [--pairs 7]
"""

from __future__ import annotations

import argparse
import resource
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numba import njit

import coalition as co


@njit(nogil=True, cache=True)
def _chains(n, seed):
    x0, x1, x2, x3 = seed, seed + 1, seed + 2, seed + 3
    x4, x5, x6, x7 = seed + 4, seed + 5, seed + 6, seed + 7
    for _ in range(n):
        x0 = x0 * 6364136223846793005 + 1
        x1 = x1 * 6364136223846793005 + 3
        x2 = x2 * 6364136223846793005 + 5
        x3 = x3 * 6364136223846793005 + 7
        x4 = (x4 ^ (x4 >> 7)) + x0
        x5 = (x5 ^ (x5 << 9)) + x1
        x6 = (x6 ^ (x6 >> 13)) + x2
        x7 = (x7 ^ (x7 << 3)) + x3
    return x0 ^ x1 ^ x2 ^ x3 ^ x4 ^ x5 ^ x6 ^ x7


def reference(threads, n=100_000_000):
    t0 = time.perf_counter()
    with ThreadPoolExecutor(threads) as ex:
        list(ex.map(lambda k: _chains(n // threads, k), range(threads)))
    return n / (time.perf_counter() - t0)


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def rate(game, budget, threads):
    c0, t0 = cpu_seconds(), time.perf_counter()
    est = co.estimate_shapley(game, budget=budget, method="permutation", seed=0, threads=threads)
    wall = time.perf_counter() - t0
    return est.n_evaluations / wall / 1e6, (cpu_seconds() - c0) / wall


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=7)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    v = rng.uniform(0, 1, 1 << 20)
    v[0] = 0
    w = rng.integers(1, 100, 10_000).astype(float)
    cases = [(co.Game(v), "dense n=20", 10**7), (co.families.weighted_voting(w, w.sum() / 2), "voting n=10,000", 10**8)]
    reference(1, 1000)
    print("| game | budget | 1 thread | 2 threads | speed-up (range) | CPU s per s, 2 threads | reference loop |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for game, name, budget in cases:
        for t in (1, 2):  # compile and warm up
            co.estimate_shapley(game, budget=game.n * 100, method="permutation", seed=0, threads=t)
        one, two, busy, ref = [], [], [], []
        for _ in range(args.pairs):
            one.append(rate(game, budget, 1)[0])
            r2, b2 = rate(game, budget, 2)
            two.append(r2)
            busy.append(b2)
            ref.append(reference(2) / reference(1))
        ratios = np.array(two) / np.array(one)
        print(f"| {name} | {budget:.0e} | {np.median(one):.1f} | {np.median(two):.1f} | "
              f"{np.median(ratios):.2f} ({ratios.min():.2f}-{ratios.max():.2f}) | {np.median(busy):.2f} | "
              f"{np.median(ref):.2f} ({min(ref):.2f}-{max(ref):.2f}) |")


if __name__ == "__main__":
    main()
