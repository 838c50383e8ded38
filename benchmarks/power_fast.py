"""Time the power indices of weighted and multiple weighted voting games
without a table.

    PYTHONPATH=src .venv/bin/python benchmarks/power_fast.py

Prints the best of 3 wall times (kernels compiled and cached beforehand; a
new game each time, since a game keeps its results). Weights are drawn with
seed 7, quota a simple majority of the total weight.
"""

import sys
import time
from pathlib import Path

import numpy as np

import coalition as co

sys.path.insert(0, str(Path(__file__).parent))
from _games import ELECTORAL_2004  # noqa: E402


def best_of(fn, k=3):
    out = np.inf
    for _ in range(k):
        t0 = time.perf_counter()
        fn()
        out = min(out, time.perf_counter() - t0)
    return out


def voters(n, top):
    w = np.random.default_rng(7).integers(1, top + 1, n).astype(float)
    return w, float(w.sum() // 2 + 1)


def main():
    small = co.families.weighted_voting([1, 2, 3, 3], 5)
    for rule in (co.shapley, co.banzhaf, co.johnston, co.coleman, co.deegan_packel, co.public_good):
        rule(small)  # compile / load the cache
    co.shapley(co.families.multiple_weighted_voting([[1, 2, 3], [1, 1, 1]], [3, 2]))
    ec = (np.asarray(ELECTORAL_2004, float), 270.0)
    cases = [
        ("banzhaf", co.banzhaf, "n = 1,000, weights 1..49", voters(1000, 49)),
        ("banzhaf", co.banzhaf, "n = 10,000, weights 1..10", voters(10000, 10)),
        ("shapley", co.shapley, "Electoral College 2004, n = 51", ec),
        ("shapley", co.shapley, "n = 500, weights 1..10", voters(500, 10)),
        ("shapley", co.shapley, "n = 1,000, weights 1..49", voters(1000, 49)),
        ("shapley", co.shapley, "n = 10,000, weights 1..10", voters(10000, 10)),
        ("johnston", co.johnston, "Electoral College 2004, n = 51", ec),
        ("johnston", co.johnston, "n = 100, weights 1..20", voters(100, 20)),
        ("coleman", co.coleman, "Electoral College 2004, n = 51", ec),
        ("coleman", co.coleman, "n = 10,000, weights 1..10", voters(10000, 10)),
        ("deegan_packel", co.deegan_packel, "n = 24, weights 1..9", voters(24, 9)),
        ("public_good", co.public_good, "n = 24, weights 1..9", voters(24, 9)),
    ]
    for name, rule, label, (w, q) in cases:
        t = best_of(lambda: rule(co.families.weighted_voting(w, q)))
        print(f"{name}, {label}: {t * 1e3:.1f} ms")
    # a double majority of 27 members: 55% of the members and 65% of a
    # population in whole millions, blocking minority 4 (made-up figures)
    pop = np.random.default_rng(7).integers(1, 84, 27)
    rows, quotas = [np.ones(27), pop], [15, int(np.ceil(0.65 * pop.sum()))]
    for name, rule in (("shapley", co.shapley), ("banzhaf", co.banzhaf), ("coleman", co.coleman)):
        t = best_of(lambda: rule(co.families.multiple_weighted_voting(rows, quotas, blocking_minority=4)))
        print(f"{name}, double majority, n = 27: {t * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
