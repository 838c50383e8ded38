"""Time the sets, vectors and game properties of issue 15 at n = 10, 15, 20.

    PYTHONPATH=src .venv/bin/python benchmarks/sets_properties.py 10 15 20

Three games per n: a random dense game (worths uniform in [0, 100), singletons
0, seed 2026 + n) for the sets, vectors and the properties of any game (it is
not quasi-balanced, so the core cover is timed on a convex game: |S|**2
plus an additive part uniform in [0, 10), same seed), and
a weighted voting game given as a plain table (weights 1..9, seed 7 + n,
simple majority of the weight) for the properties of simple games. Each
call gets a game of its own (a game keeps some answers), built before the
clock starts; best and median of 5 calls, in ms. Printed as a Markdown
table with one row per function.
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings

import numpy as np

import coalition as co

REPEAT = 5


def dense(n):
    rng = np.random.default_rng(2026 + n)
    v = rng.uniform(0, 100, 1 << n)
    v[0] = 0.0
    v[1 << np.arange(n)] = 0.0
    return v


def convex(n):
    rng = np.random.default_rng(2026 + n)
    m = np.arange(1 << n)
    size = np.zeros(1 << n)
    additive = np.zeros(1 << n)
    a = rng.uniform(0, 10, n)
    for i in range(n):
        bit = (m >> i) & 1
        size += bit
        additive += bit * a[i]
    return size ** 2 + additive


def voting(n):
    rng = np.random.default_rng(7 + n)
    w = rng.integers(1, 10, n).astype(float)
    return np.asarray(co.families.weighted_voting(w, float(w.sum() // 2 + 1)).worths, dtype=float)


def timed(make, f):
    games = [co.Game(make()) for _ in range(REPEAT + 1)]
    f(games[0])
    out = []
    for g in games[1:]:
        t = time.perf_counter()
        f(g)
        out.append(1e3 * (time.perf_counter() - t))
    return min(out), statistics.median(out)


CASES = [
    ("imputation_vertices", "dense", co.imputation_vertices),
    ("weber_vertices (sampled beyond 40,320 orders)", "dense", co.weber_vertices),
    ("core_cover", "convex", co.core_cover),
    ("reasonable_set", "dense", co.reasonable_set),
    ("utopia", "dense", co.utopia),
    ("minimal_rights", "dense", co.minimal_rights),
    ("is_quasi_balanced", "dense", co.is_quasi_balanced),
    ("is_one_convex", "dense", lambda g: g.is_one_convex),
    ("is_semiconvex", "dense", lambda g: g.is_semiconvex),
    ("is_symmetric", "dense", lambda g: g.is_symmetric),
    ("is_constant_sum", "dense", lambda g: g.is_constant_sum),
    ("dummy_players", "dense", lambda g: g.dummy_players),
    ("null_players", "dense", lambda g: g.null_players),
    ("is_simple", "voting", lambda g: g.is_simple),
    ("veto_players", "voting", lambda g: g.veto_players),
    ("is_proper", "voting", lambda g: g.is_proper),
    ("is_decisive", "voting", lambda g: g.is_decisive),
    ("minimal_winning_coalitions", "voting", co.minimal_winning_coalitions),
    ("johnston", "voting", co.johnston),
    ("deegan_packel", "voting", co.deegan_packel),
    ("public_good", "voting", co.public_good),
    ("coleman", "voting", co.coleman),
]


def main(sizes):
    warnings.simplefilter("ignore")  # weber_vertices says it samples beyond 8! orders
    print("| function | game | " + " | ".join(f"n = {n}" for n in sizes) + " |")
    print("| --- | --- | " + " | ".join("---" for _ in sizes) + " |")
    tables = {n: {"dense": dense(n), "convex": convex(n), "voting": voting(n)} for n in sizes}
    for name, which, f in CASES:
        cells = []
        for n in sizes:
            v = tables[n][which]
            try:
                best, med = timed(lambda: v, f)
                cells.append(f"{best:.3g} / {med:.3g}")
            except co.CoalitionError as exc:
                cells.append(f"n/a ({type(exc).__name__})")
        print(f"| `{name}` | {which} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10, 15, 20])
