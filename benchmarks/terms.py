"""Time a term sheet's evaluation and check on 15 partners, against the
target of RESULTS.md (evaluate + check under 1 s).

The game: 15 partners, v(S) = sum of the members' own worths (uniform in
[0, 50)) + 5 |S|^2 + a uniform draw in [0, 20) (seed 2026). The sheet:
fixed payments to two partners, an equity tranche of 40% split by stakes
held by three partners, a tranche of 20% split half by Shapley and half
proportionally, the rest by the nucleolus, a standalone floor for everyone
and a 20% cap. It is not stable, so the repair has work to do.

Run::

    .venv/bin/python benchmarks/terms.py            # repeat 5
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np

import coalition as co
from coalition.terms import Ceiling, Fixed, Floor, TermSheet, Tranche


def timed(fn, repeat):
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times)


def main(repeat: int = 5) -> None:
    rng = np.random.default_rng(2026)
    n = 15
    own = rng.uniform(0, 50, n)
    masks = np.arange(1 << n)
    members = (masks[:, None] >> np.arange(n)) & 1
    v = members @ own + 5.0 * members.sum(axis=1) ** 2 + rng.uniform(0, 20, 1 << n)
    v[0] = 0.0
    game = co.Game(v)
    p = game.players
    sheet = TermSheet([
        Fixed({p[0]: 20.0, p[1]: 10.0}),
        Tranche(percent=40, split="stakes"),
        Tranche(percent=20, split={"Shapley": 0.5, "proportional": 0.5}),
        Tranche(split="nucleolus"),
        Floor(standalone=1),
        Ceiling(percent=20),
    ], stakes={p[0]: 50.0, p[1]: 30.0, p[2]: 20.0})
    print("stable as written:", sheet.check(game).in_core)
    cases = {
        "evaluate, 15 partners": lambda: sheet.evaluate(game),
        "evaluate + check (Shapley, nucleolus), 15 partners": lambda: sheet.check(game),
        "repair of the equity tranche, 15 partners (401 values)": lambda: sheet.repair(game, ["tranche 1"]),
    }
    print(f"{'case':58s} {'best s':>8s} {'median s':>9s}")
    for name, fn in cases.items():
        best, med = timed(fn, repeat)
        print(f"{name:58s} {best:8.3f} {med:9.3f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
