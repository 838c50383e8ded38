"""Power indices of the Council of the EU with 27 members, without a table.

Run from the repository root::

    PYTHONPATH=src python benchmarks/eu_council.py

Members, populations (millions) and Nice weights as listed by J. M. Bilbao's
page on the Nice European Council (companion of Bilbao, Fernández, Jiménez
and López 2002, "Voting power in the European Union enlargement", EJOR 143):
the EU-27 of that study, with its population figures. Two rules:

- Nice: 255 of 345 weighted votes, 14 of 27 members, 62% of the population;
- Lisbon: 55% of the members (15 of 27) and 65% of the population, or any
  coalition whose complement has fewer than 4 members (blocking minority).

Timed: each index once (the walk over the 2**27 coalitions is shared by the
three indices read off the winning coalitions). No published table of these
indices was available to compare with: the figures are timings, and the
indices are checked only for summing to 1.

With ``--check``, the Lisbon rule's Deegan-Packel and public good indices
are also computed by a plain brute force written here (all 2**27
coalitions tabulated, each winning one tested for minimality member by
member; about 1.5 GB of memory), with the sizes of the minimal winning
coalitions.
"""

from __future__ import annotations

import math
import os
import sys
import time

import numpy as np
from numba import njit


import coalition as co

MEMBERS = ["Germany", "United Kingdom", "France", "Italy", "Spain", "Poland", "Romania", "Netherlands",
           "Greece", "Czech Republic", "Belgium", "Hungary", "Portugal", "Sweden", "Bulgaria", "Austria",
           "Slovak Republic", "Denmark", "Finland", "Ireland", "Lithuania", "Latvia", "Slovenia", "Estonia",
           "Cyprus", "Luxembourg", "Malta"]
POPULATION = [82.038, 59.247, 58.966, 57.612, 39.394, 38.667, 22.489, 15.760, 10.533, 10.290, 10.213, 10.092,
              9.980, 8.854, 8.230, 8.082, 5.393, 5.313, 5.160, 3.744, 3.701, 2.439, 1.978, 1.446, 0.752, 0.429,
              0.379]
NICE_WEIGHTS = [29, 29, 29, 29, 27, 27, 14, 13, 12, 12, 12, 12, 12, 10, 10, 10, 7, 7, 7, 7, 7, 4, 4, 4, 4, 4, 3]


def main() -> None:
    print(f"load average {os.getloadavg()[0]:.1f}")
    pop = [round(p * 1000) for p in POPULATION]  # thousands: integer weights
    total = sum(pop)
    rules = {
        "Nice": co.families.multiple_weighted_voting(
            [NICE_WEIGHTS, [1] * 27, pop], [255, 14, math.ceil(0.62 * total)], players=MEMBERS),
        "Lisbon": co.families.multiple_weighted_voting(
            [[1] * 27, pop], [15, math.ceil(0.65 * total)], players=MEMBERS, blocking_minority=4),
    }
    co.johnston(co.families.multiple_weighted_voting([[1, 2, 3], [1, 1, 1]], [3, 2]))  # compile
    for name, game in rules.items():
        for index in (co.banzhaf, co.shapley, co.johnston, co.deegan_packel, co.public_good):
            t = time.perf_counter()
            x = index(game).x if index is not co.banzhaf else index(game, normalized=True).x
            sec = time.perf_counter() - t
            assert abs(x.sum() - 1) < 1e-9
            print(f"{name:7s} {index.__name__:14s} {sec:7.2f} s   Germany {x[0]:.4f}  Malta {x[-1]:.5f}", flush=True)


@njit
def _minimal_winning_by_brute_force(pop, quota, members, minority):
    """Sizes of the minimal winning coalitions of the double majority, and
    each member's sums for Deegan-Packel (1 / size) and public good (1)."""
    n = pop.size
    size = 1 << n
    sums = np.zeros(size, dtype=np.int64)
    count = np.zeros(size, dtype=np.uint8)
    for i in range(n):
        half = 1 << i
        for m in range(half):
            sums[half + m] = sums[m] + pop[i]
            count[half + m] = count[m] + 1
    win = np.zeros(size, dtype=np.bool_)
    for m in range(size):
        win[m] = (count[m] >= members and sums[m] >= quota) or (n - count[m] < minority)
    sizes = np.zeros(n + 1, dtype=np.int64)
    dp = np.zeros(n)
    pg = np.zeros(n)
    for m in range(size):
        if not win[m]:
            continue
        minimal = True
        for i in range(n):
            if (m >> i) & 1 and win[m ^ (1 << i)]:
                minimal = False
                break
        if minimal:
            k = count[m]
            sizes[k] += 1
            for i in range(n):
                if (m >> i) & 1:
                    dp[i] += 1.0 / k
                    pg[i] += 1.0
    return sizes, dp, pg


def check() -> None:
    pop = np.array([round(p * 1000) for p in POPULATION], dtype=np.int64)
    quota = math.ceil(0.65 * int(pop.sum()))
    t = time.perf_counter()
    sizes, dp, pg = _minimal_winning_by_brute_force(pop, quota, 15, 4)
    print(f"brute force: {time.perf_counter() - t:.1f} s")
    print("minimal winning coalitions by size:", {k: int(v) for k, v in enumerate(sizes) if v})
    dp /= sizes.sum()
    pg /= pg.sum()
    game = co.families.multiple_weighted_voting([[1] * 27, pop.tolist()], [15, quota], players=MEMBERS,
                                                blocking_minority=4)
    print(f"Deegan-Packel: largest difference to the library {np.abs(co.deegan_packel(game).x - dp).max():.1e}")
    print(f"public good: largest difference to the library {np.abs(co.public_good(game).x - pg).max():.1e}")
    print(f"Deegan-Packel less public good: largest {np.abs(dp - pg).max():.2e}; Germany {dp[0]:.6f} "
          f"vs {pg[0]:.6f}, Malta {dp[-1]:.6f} vs {pg[-1]:.6f}")


if __name__ == "__main__":
    main()
    if "--check" in sys.argv[1:]:
        check()
