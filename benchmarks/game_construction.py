"""Time building games: the checks of every number given, and the scaling
of decimal voting weights to exact integers.

    .venv/bin/python benchmarks/game_construction.py

Prints the best of 5 wall times of each constructor call (no rule is run).
"""

import time

import numpy as np

import coalition as co


def best_of(fn, k=5):
    out = np.inf
    for _ in range(k):
        t0 = time.perf_counter()
        fn()
        out = min(out, time.perf_counter() - t0)
    return out


def main():
    rng = np.random.default_rng(3)
    ints = rng.integers(1, 100, 10_000)
    table = np.concatenate([[0.0], rng.uniform(-1, 1, 2**20 - 1)])
    cases = [
        ("weighted_voting, 10,000 integer weights (array)", lambda: co.families.weighted_voting(ints.astype(float), 2e5)),
        ("weighted_voting, 10,000 two-decimal weights (array)", lambda: co.families.weighted_voting(ints / 100, 2000.5)),
        ("weighted_voting, 10,000 two-decimal weights (list)", lambda: co.families.weighted_voting(list(ints / 100), 2000.5)),
        ("airport, 10,000 costs (list)", lambda: co.families.airport(list(ints / 100))),
        ("Game, 2**20 worths (array)", lambda: co.Game(table)),
        ("Game, 2**20 worths (list)", lambda: co.Game(table.tolist())),
        ("Game.from_dict, 2**12 coalitions", lambda: co.Game.from_dict(
            {tuple(f"p{i}" for i in range(12) if m >> i & 1): float(m) for m in range(1, 2**12)})),
    ]
    for name, fn in cases:
        print(f"{name:55s} {best_of(fn) * 1e3:9.2f} ms")


if __name__ == "__main__":
    main()
