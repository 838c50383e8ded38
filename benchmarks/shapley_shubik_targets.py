"""The two Shapley-Shubik targets of the voting records: 1,000 voters of
weights 1..49 and 10,000 of weights 1..10 (weights drawn with seed 7, quota
a simple majority), best of 3 wall times through ``co.shapley`` on a new
game each time; a refusal is printed as such.

    PYTHONPATH=src .venv/bin/python benchmarks/shapley_shubik_targets.py
"""

import time

import numpy as np

import coalition as co


def voters(n, top):
    w = np.random.default_rng(7).integers(1, top + 1, n).astype(float)
    return w, float(w.sum() // 2 + 1)


def main():
    co.shapley(co.families.weighted_voting([1, 2, 3, 3], 5))  # compile / load the cache
    for n, top in [(1000, 49), (10000, 10)]:
        w, q = voters(n, top)
        best = np.inf
        for _ in range(3):
            t0 = time.perf_counter()
            try:
                co.shapley(co.families.weighted_voting(w, q))
            except co.errors.CoalitionError as exc:
                print(f"n = {n}, weights 1..{top}: refused, {type(exc).__name__}: {str(exc)[:70]}")
                break
            best = min(best, time.perf_counter() - t0)
        else:
            print(f"n = {n}, weights 1..{top}: {best:.3f} s")


if __name__ == "__main__":
    main()
