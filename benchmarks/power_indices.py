"""Time the power indices of simple games (Johnston, Deegan-Packel, public
good, Coleman) on the dense table, and Coleman's indices of weighted voting
games without a table.

    .venv/bin/python benchmarks/power_indices.py

Prints the best of 3 wall times. Table route: a weighted voting game of n
players, weights 1..9 drawn with seed 7, simple majority, given as a plain
table (so every index reads the table). Weighted route: `coleman` on the
Electoral College of 2004 and on 500 random voters (a new game each time:
a game caches its Banzhaf index).
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


def main():
    rng = np.random.default_rng(7)
    rules = [co.minimal_winning_coalitions, co.johnston, co.deegan_packel, co.public_good, co.coleman]
    for n in (16, 20, 22):
        w = rng.integers(1, 10, n).astype(float)
        g = co.Game(co.families.weighted_voting(w, float(w.sum() // 2 + 1)).values)
        times = [best_of(lambda r=r: r(g)) for r in rules]
        print(f"table, n = {n}: " + ", ".join(f"{r.__name__} {t * 1e3:.0f} ms" for r, t in zip(rules, times)))
    co.coleman(co.families.weighted_voting([1, 2, 3], 4))  # compile / load the cache
    cases = [("Electoral College 2004, n = 51", np.asarray(ELECTORAL_2004, float), 270.0)]
    w = rng.integers(1, 11, 500).astype(float)
    cases.append(("n = 500, weights 1..10", w, float(w.sum() // 2 + 1)))
    for name, w, q in cases:
        t = best_of(lambda: co.coleman(co.families.weighted_voting(w, q)))
        print(f"coleman by weights, {name}: {t * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
