"""Time the exact Shapley-Shubik route of weighted voting games (no table).

    .venv/bin/python benchmarks/voting_exact.py

Prints the best of 3 wall times of ``coalition.shapley`` (kernels compiled and
cached beforehand) on the US Electoral College of 2004 (51 members, quota
270) and on random integer weights for 500 and 1,000 voters.
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
    cases = [("Electoral College 2004, n = 51", np.asarray(ELECTORAL_2004, float), 270.0)]
    for n, top in ((500, 10), (1000, 49)):
        w = rng.integers(1, top + 1, n).astype(float)
        cases.append((f"n = {n}, weights 1..{top}", w, float(w.sum() // 2 + 1)))
    co.shapley(co.families.weighted_voting([1, 2, 3], 4))  # compile / load the cache
    for name, w, q in cases:
        # a new game each time: the game caches its result
        t = best_of(lambda: co.shapley(co.families.weighted_voting(w, q)))
        x = co.shapley(co.families.weighted_voting(w, q)).x
        print(f"{name}: {t * 1e3:.1f} ms (sum of shares {x.sum():.15f})")


if __name__ == "__main__":
    main()
