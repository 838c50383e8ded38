"""Timings of the modiclus, the SM-nucleolus and the exact certificate on a
random dense game and on the BNF test games.

    PYTHONPATH=src .venv/bin/python benchmarks/modiclus_timing.py 6 8 10 12 15 20

For each n: a game with worths uniform in [0, 100) (seed 20261206), one
warm-up call (numba compilation), then best and median of `REPEAT` calls, in
ms. Beside the modiclus (sequential LPs over pairs of coalitions generated
from the 2**n excesses), for n <= 10 the modiclus as Sudholter defines it:
the prenucleolus of the dual cover, a game of 2 n players and 4**n
coalitions, by :func:`coalition.prenucleolus` (the way this library computed
it before); the two answers are compared. Then the BNF games of
``../shared/benchmarks/nucleolus-bnf`` with the same numbers of players
(skipped when the folder is missing).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import coalition as co  # noqa: E402
from tests._bnf import BNF_DIR, bnf_worths, read_bnf_file  # noqa: E402

REPEAT = 5


def timed(f, repeat=REPEAT):
    f()
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        out.append(1e3 * (time.perf_counter() - t))
    return min(out), statistics.median(out)


def dual_cover(v, n):
    full = (1 << n) - 1
    d = v[full] - v[full ^ np.arange(1 << n)]
    return np.maximum(np.add.outer(d, v), np.add.outer(v, d)).ravel()


def row(name, v, n):
    g = co.Game(v)
    x = co.modiclus(g).x
    cells = [timed(lambda: co.modiclus(g), REPEAT if n <= 15 else 3)]
    gap = "-"
    if n <= 10:
        cover = co.Game(dual_cover(v, n))
        cells.append(timed(lambda: co.prenucleolus(cover), 3))
        gap = f"{np.abs(co.prenucleolus(cover).x[:n] - x).max():.1e}"
    else:
        cells.append(None)
    cells.append(timed(lambda: co.sm_nucleolus(g)))
    cells.append(timed(lambda: co.certify_nucleolus(g, prenucleolus=True), 3) if n <= 12 else None)
    text = [f"{a:.3g} / {b:.3g}" if c is not None else "-" for c in cells for a, b in [c or (0, 0)]]
    print(f"| {name} | {n} | " + " | ".join(text) + f" | {gap} |", flush=True)


def main(sizes):
    rng = np.random.default_rng(20261206)
    print("| game | n | modiclus | dual cover's prenucleolus | sm_nucleolus | certify_nucleolus (pre) | largest difference |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for n in sizes:
        row("dense", np.r_[0.0, rng.uniform(0, 100, (1 << n) - 1)], n)
    if not BNF_DIR.is_dir():
        print("BNF games: folder not found, skipped", file=sys.stderr)
        return
    for path in sorted(BNF_DIR.glob("v*n*j*.txt"), key=lambda p: (read_bnf_file(p)[1], p.name)):
        kind, n, seed, _ = read_bnf_file(path)
        if n in sizes:
            row(f"BNF {path.stem}", bnf_worths(kind, n, seed), n)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [6, 8, 10, 12, 15, 20])
