"""Time the single-valued solutions on random dense games of n players.

Each rule is called once untimed, then timed ``repeat`` times (best and
median reported, in milliseconds), with the Shapley value beside them as the
reference cost of one pass over the table. Each result is checked for
efficiency before it is timed.

Run::

    .venv/bin/python benchmarks/single_valued.py            # n = 12, 16, 20
    .venv/bin/python benchmarks/single_valued.py 14 18       # other sizes
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np

import coalition as co


def convex_game(n: int, rng: np.random.Generator) -> co.Game:
    """A convex (hence quasi-balanced) game: a supermodular function of size
    plus an additive part, so that every rule here is defined."""
    size = np.zeros(1, dtype=np.int64)
    for _ in range(n):
        size = np.concatenate([size, size + 1])
    add = np.zeros(1)
    for w in rng.uniform(0, 10, n):
        add = np.concatenate([add, add + w])
    return co.Game(add + size.astype(float) ** 2)


def halves(g: co.Game) -> co.Allocation:
    """The Aumann-Dreze value with the players split into two blocs."""
    k = g.n // 2
    return co.aumann_dreze(g, [list(g.players[:k]), list(g.players[k:])])


halves.__name__ = "aumann_dreze (2 blocs)"

RULES = [co.shapley, co.minimal_rights, co.tau_value, co.gately, co.ensc, co.cis, co.dutta_ray,
         co.solidarity_value, co.least_square_prenucleolus, halves, co.sm_nucleolus]


def main(sizes: list[int], repeat: int = 5) -> None:
    rng = np.random.default_rng(2026)
    print(f"{'n':>3} " + " ".join(f"{r.__name__:>26}" for r in RULES) + "   (best / median ms)")
    for n in sizes:
        g = convex_game(n, rng)
        cells = []
        for rule in RULES:
            x = rule(g).x
            if rule not in (co.minimal_rights, halves):
                assert abs(x.sum() - g.grand_value) <= 1e-8 * abs(g.grand_value), rule
            times = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                rule(g)
                times.append((time.perf_counter() - t0) * 1e3)
            cells.append(f"{min(times):10.2f} / {statistics.median(times):10.2f}")
        print(f"{n:>3} " + " ".join(f"{c:>26}" for c in cells))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [12, 16, 20])
