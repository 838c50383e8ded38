"""Timings of the nucleolus family on a random dense game and on the
Benedek-Fliege-Nguyen (BNF) test games.

    PYTHONPATH=src .venv/bin/python benchmarks/nucleolus_variants_timing.py 10 15 20 [--peer]

The dense game of n partners (seed 20261206): ``v(S) = |S| u_S`` with ``u_S``
uniform in [0, 100) for every coalition of two partners or more,
``v({i}) = 0`` and ``v(N) = 100 n``, so that the core is not empty (every
balanced sum of worths is at most 100 n) and every rule but the
anti-nucleolus is defined. On every game the anti-nucleoli are timed on its
dual game ``v*(S) = v(N) - v(N \\ S)``, whose anti-imputations exist when the
game has imputations. The structure is two blocs, the first half of the
partners and the rest.

The BNF games are those of ``../shared/benchmarks/nucleolus-bnf`` (or
``/work/shared/...``) with 10, 15 or 20 players, rebuilt by the generator of
``tests/_bnf.py``; a rule that does not apply to a game (empty core,
no anti-imputation, ...) is reported as such. Skipped cleanly when the folder
is absent.

For each game and rule: one untimed call (numba compilation, caches), then
the best of `REPEAT` calls, in seconds.

With ``--peer`` (and coopgame-py installed), the same dense games of at most
15 partners are also solved by coopgame-py 0.3 (one call each, seconds),
whose variants put every coalition in every LP.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import coalition as co  # noqa: E402
from tests._bnf import BNF_DIR, bnf_worths, read_bnf_file  # noqa: E402

REPEAT = 3


def rules(n):
    half = [f"P{i + 1}" for i in range(n // 2)]
    rest = [f"P{i + 1}" for i in range(n // 2, n)]
    return {
        "nucleolus": (co.nucleolus, False),
        "per_capita_nucleolus": (co.per_capita_nucleolus, False),
        "proportional_nucleolus": (co.proportional_nucleolus, False),
        "disruption_nucleolus": (co.disruption_nucleolus, False),
        "anti_nucleolus": (co.anti_nucleolus, True),
        "anti_prenucleolus": (co.anti_prenucleolus, True),
        "nucleolus, 2 blocs": (lambda g: co.nucleolus(g, structure=[half, rest]), False),
        "prenucleolus, 2 blocs": (lambda g: co.prenucleolus(g, structure=[half, rest]), False),
    }


def best(f):
    try:
        f()
    except co.CoalitionError as exc:
        return f"n/a ({type(exc).__name__})"
    times = []
    for _ in range(REPEAT):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return f"{min(times):.3g}"


def dense_game(n, rng):
    sizes = ((np.arange(1 << n)[:, None] >> np.arange(n)) & 1).sum(axis=1)
    v = sizes * rng.uniform(0, 100, 1 << n)
    v[0] = 0.0
    v[1 << np.arange(n)] = 0.0
    v[-1] = 100.0 * n
    return v


def row(label, v, n):
    g, d = co.Game(v), co.Game(v[-1] - v[::-1])
    cells = [best(lambda f=f, on_dual=on_dual: f(d if on_dual else g)) for f, on_dual in rules(n).values()]
    print(f"| {label} | " + " | ".join(cells) + " |", flush=True)


def peer_row(v, n):
    import coopgame as cg

    g, d = cg.Game([float(a) for a in v[1:]]), cg.Game([float(a) for a in (v[-1] - v[::-1])[1:]])
    calls = [(cg.nucleolus, g), (cg.per_capita_nucleolus, g), (cg.proportional_nucleolus, g),
             (cg.disruption_nucleolus, g), (cg.anti_nucleolus, d), (cg.anti_prenucleolus, d)]
    cells = []
    for f, game in calls:
        t = time.perf_counter()
        f(game)
        cells.append(f"{time.perf_counter() - t:.3g}")
    print(f"| coopgame-py, dense, n = {n} | " + " | ".join(cells) + " | - | - |", flush=True)


def main(sizes, peer=False):
    rng = np.random.default_rng(20261206)
    head = list(rules(2))
    print("| game | " + " | ".join(head) + " |")
    print("| --- " * (len(head) + 1) + "|")
    for n in sizes:
        v = dense_game(n, rng)
        row(f"dense, n = {n}", v, n)
        if peer and n <= 15:
            peer_row(v, n)
    folder = BNF_DIR if BNF_DIR.is_dir() else None
    if folder is None:
        print("BNF games: folder not found, skipped", file=sys.stderr)
        return
    for path in sorted(folder.glob("v*n*j*.txt"), key=lambda p: (read_bnf_file(p)[1], p.name)):
        kind, n, seed, _ = read_bnf_file(path)
        if n in sizes:
            row(f"BNF {path.stem}", bnf_worths(kind, n, seed), n)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--peer"]
    main([int(a) for a in args] or [10, 15, 20], peer="--peer" in sys.argv[1:])
