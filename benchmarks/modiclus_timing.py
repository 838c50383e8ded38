"""Timings of the modiclus, the SM-nucleolus and the exact certificate on a
random dense game.

    .venv/bin/python benchmarks/modiclus_timing.py 6 8 10 12

For each n: a game with worths uniform in [0, 100) (seed 20261206), one
warm-up call (numba compilation), then best and median of `REPEAT` calls, in
ms. For n <= 8 also the first LP of the other way to compute the modiclus:
one LP over all 4**n ordered pairs of coalitions (minimize the largest
e(S, x) - e(T, x)), dense, by HiGHS; the dual cover's whole sequence of LPs
is to be compared with this one stage.
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings

import numpy as np
from scipy.optimize import linprog

import coalition as co

REPEAT = 5


def timed(f, repeat=REPEAT):
    f()
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        out.append(1e3 * (time.perf_counter() - t))
    return min(out), statistics.median(out)


def pairs_first_lp(v, n):
    rows = ((np.arange(1 << n)[:, None] >> np.arange(n)) & 1).astype(float)
    S, T = np.divmod(np.arange(1 << 2 * n), 1 << n)
    keep = S != T
    # e(S) - e(T) <= t  <=>  -(1_S - 1_T).x - t <= v(T) - v(S)
    A = np.hstack([-(rows[S[keep]] - rows[T[keep]]), -np.ones((keep.sum(), 1))])
    b = v[T[keep]] - v[S[keep]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return linprog(np.r_[np.zeros(n), 1.0], A_ub=A, b_ub=b, A_eq=np.r_[np.ones(n), 0.0][None, :],
                       b_eq=[v[-1]], bounds=[(None, None)] * (n + 1), method="highs-ds")


def main(sizes):
    rng = np.random.default_rng(20261206)
    print("| n | modiclus | sm_nucleolus | certify_nucleolus (pre) | pairs LP, first stage only |")
    print("| --- | --- | --- | --- | --- |")
    for n in sizes:
        v = np.r_[0.0, rng.uniform(0, 100, (1 << n) - 1)]
        g = co.Game(v)
        cells = [timed(lambda: co.modiclus(g)), timed(lambda: co.sm_nucleolus(g))]
        cells.append(timed(lambda: co.certify_nucleolus(g, prenucleolus=True), 3) if n <= 10 else None)
        cells.append(timed(lambda: pairs_first_lp(v, n), 3) if n <= 8 else None)
        text = [f"{a:.3g} / {b:.3g}" if c is not None else "-" for c in cells for a, b in [c or (0, 0)]]
        print(f"| {n} | " + " | ".join(text) + " |", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [6, 8, 10, 12])
