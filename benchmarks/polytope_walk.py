"""Time the two centres of gravity estimated by coordinate hit-and-run.

Run from the repository root::

    PYTHONPATH=src python benchmarks/polytope_walk.py

Rows:

- ``estimate_core_centroid`` on random convex games (nonnegative random
  dividends) at n = 8 (beside the exact ``core_centroid``), 10, 12 and 14,
  at the default 10,000 sweeps: seconds, the largest standard error relative
  to the largest share, and at n = 8 the largest gap to the exact centre in
  standard errors.
- ``expected_shares(rule="nucleolus")`` on the same games at n = 3-6, 2,000
  completions (one every 5 sweeps), each solved: seconds and the largest
  standard error.
- ``expected_shares`` (Shapley, superadditive completions) with only the
  standalone worths and the grand coalition known, n = 5, 7, 9, 10, at
  2,000 sweeps: seconds, the number of unknown worths, and the largest gap
  to the closed form (standalone worth plus an equal part of the surplus,
  by symmetry) in standard errors.

Each time is one run after a warm-up call that compiles the walk. The
machine is shared: report the load average (printed) with the figures.
"""

from __future__ import annotations

import os
import time

import numpy as np

import coalition as co


def convex(n: int, seed: int) -> co.Game:
    rng = np.random.default_rng(seed)
    table = rng.random(1 << n)
    table[0] = 0.0
    for i in range(n):
        view = table.reshape(-1, 2, 1 << i)
        view[:, 1, :] += view[:, 0, :]
    return co.Game(table)


def main() -> None:
    print(f"load average {os.getloadavg()[0]:.1f}")
    co.estimate_core_centroid(co.Game([0, 0, 0, 2, 0, 2, 3, 5]), n_samples=500)
    for n in (8, 10, 12, 14):
        g = convex(n, n)
        t = time.perf_counter()
        est = co.estimate_core_centroid(g, seed=0)
        sec = time.perf_counter() - t
        rel = float(np.max(est.stderr) / np.max(np.abs(est.x)))
        line = f"estimate_core_centroid n={n:2d}: {sec:6.2f} s, stderr/share {rel:.2e}, converged {est.converged}"
        if n == 8:
            t = time.perf_counter()
            exact = co.core_centroid(g).x
            line += (f"; exact core_centroid {time.perf_counter() - t:.2f} s, "
                     f"gap {float(np.max(np.abs(est.x - exact) / est.stderr)):.2f} stderr")
        print(line, flush=True)
    for n in (5, 7, 9, 10):
        known = {f"P{i}": float(i) for i in range(n)}
        known["+".join(known)] = 3.0 * n * n
        g = co.IntervalGame.from_dict(known)
        t = time.perf_counter()
        est = co.expected_shares(g, n_samples=2_000, seed=0)
        sec = time.perf_counter() - t
        truth = np.arange(n) + (3.0 * n * n - n * (n - 1) / 2) / n
        gap = float(np.max(np.abs(est.x - truth) / est.stderr))
        print(f"expected_shares n={n:2d}: {sec:6.2f} s, {2 ** n - n - 2} unknown worths, gap {gap:.2f} stderr, "
              f"converged {est.converged}", flush=True)
    for n in (3, 4, 5, 6):
        known = {f"P{i}": float(i) for i in range(n)}
        known["+".join(known)] = 3.0 * n * n
        g = co.IntervalGame.from_dict(known)
        t = time.perf_counter()
        est = co.expected_shares(g, "nucleolus", n_samples=2_000, seed=0)
        print(f"expected nucleolus n={n}: {time.perf_counter() - t:6.2f} s, largest stderr "
              f"{float(est.stderr.max()):.4f}, converged {est.converged}", flush=True)


if __name__ == "__main__":
    main()
