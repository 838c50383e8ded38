"""Time the life-cycle reports against the targets of RESULTS.md.

* every partner's exit from a random dense 20-player game, Shapley and the
  nucleolus each time (one exit_report per partner);
* the Shapley sensitivity of that game, top 10 coalitions per partner;
* one voter's exit from a weighted voting game of 1,000 voters (weights 1..49),
  on the game's exact path (no table).

Each is run ``repeat`` times after one untimed call (compilation); best and
median in seconds.

Run::

    .venv/bin/python benchmarks/lifecycle.py            # repeat 3
    .venv/bin/python benchmarks/lifecycle.py 5
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np

import coalition as co


def timed(fn, repeat):
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times)


def main(repeat: int = 3) -> None:
    rng = np.random.default_rng(2026)
    n = 20
    dense = co.Game(np.concatenate([[0.0], rng.uniform(0, 100, (1 << n) - 1)]))
    weights = np.arange(1000) % 49 + 1
    voting = co.families.weighted_voting(weights, int(weights.sum()) // 2 + 1)
    cases = {
        "exit of each of 20 partners, Shapley + nucleolus": lambda: [
            co.exit_report(dense, p, rules=["shapley", "nucleolus"]) for p in dense.players],
        "Shapley sensitivity, n = 20, top 10 per partner": lambda: co.sensitivity(dense, "shapley", top=10),
        "exit of one voter of 1,000 (weighted voting, exact)": lambda: co.exit_report(voting, "P1", rules=["shapley"]),
    }
    print(f"{'case':55s} {'best s':>8s} {'median s':>9s}")
    for name, fn in cases.items():
        best, med = timed(fn, repeat)
        print(f"{name:55s} {best:8.2f} {med:9.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
