"""Time ``share_bounds`` (Shapley) against the targets of its design, with the
peer coopgame-py's interval sampler side by side.

Run from the repository root::

    PYTHONPATH=src python benchmarks/uncertain_bounds.py [--peer] [--max-n 12]

Rows:

- box only (``assume="none"``), n = 16 and 20: every worth of three or more
  partners in a box around a known superadditive game, standalone, pairs and
  the grand coalition known. Closed form, no LP. Target: n = 20 under 1 s.
- superadditive, n = 8, 10, 12: standalone, pairs and the grand coalition
  known, every other worth unknown. 2n linear programmes by row generation.
  Targets: n = 10 under 10 s, n = 12 finishing.
- peer (``--peer``): coopgame-py 0.3 ``uncertainty(game, upper=..., solver=
  "shapley", samples=200)`` on the same box at n = 10 and 12. It samples the
  box uniformly and reports quantiles: an inner estimate of the range, not a
  bound. Printed: its time, and the share of the exact range that its 5%-95%
  quantiles cover (the exact range by share_bounds).

Each time is one run after a warm-up call that compiles the numba scan. The
machine is shared: report the load average (printed) with the figures.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

import coalition as co


def _base(n: int, seed: int = 0) -> np.ndarray:
    """A superadditive table: standalone worths plus pair synergies plus a convex bonus."""
    rng = np.random.default_rng(seed)
    w = rng.uniform(1, 5, n)
    syn = np.triu(rng.uniform(0, 2, (n, n)), 1)
    masks = np.arange(1 << n)
    bits = ((masks[:, None] >> np.arange(n)) & 1).astype(float)
    table = bits @ w + np.einsum("ki,ij,kj->k", bits, syn, bits) + 0.05 * (bits.sum(axis=1) ** 2 - bits.sum(axis=1))
    return table


def _partial(n: int) -> co.IntervalGame:
    t = _base(n)
    size = np.array([bin(m).count("1") for m in range(1 << n)])
    known = (size <= 2) | (size == n)
    return co.IntervalGame(np.where(known, t, -np.inf), np.where(known, t, np.inf))


def _box(n: int) -> co.IntervalGame:
    t = _base(n)
    size = np.array([bin(m).count("1") for m in range(1 << n)])
    known = (size <= 2) | (size == n)
    return co.IntervalGame(np.where(known, t, 0.8 * t), np.where(known, t, 1.2 * t))


def _time(f):
    t = time.perf_counter()
    out = f()
    return time.perf_counter() - t, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--peer", action="store_true")
    ap.add_argument("--max-n", type=int, default=12)
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}, coalition {co.__version__}")
    co.share_bounds(_partial(4))  # compile the scan
    co.share_bounds(_box(14), assume="none")  # load the compiled exact Shapley kernel
    print("| case | n | unknown or ranged worths | seconds | method |")
    print("| --- | ---: | ---: | ---: | --- |")
    for n in (16, 20):
        g = _box(n)
        secs, b = _time(lambda: co.share_bounds(g, assume="none"))
        print(f"| Shapley, box only | {n} | {int((~g.known).sum()):,} | {secs:.2f} | {b.method} |", flush=True)
    for n in (8, 10, 12):
        if n > args.max_n:
            break
        g = _partial(n)
        secs, b = _time(lambda: co.share_bounds(g, assume="superadditive"))
        print(f"| Shapley, superadditive | {n} | {int(g.unknown.sum()):,} | {secs:.2f} | {b.method} |", flush=True)
    if not args.peer:
        return
    from importlib.metadata import version

    import coopgame as cg

    print(f"\npeer: coopgame-py {version('coopgame-py')}")
    print("| n | share_bounds, box only (s) | coopgame uncertainty, 200 samples (s) | ratio | "
          "peer 5-95% range / exact range (mean over partners) |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for n in (10, 12):
        g = _box(n)
        ours, b = _time(lambda: co.share_bounds(g, assume="none"))
        low = cg.Game(np.array(g.lower)[1:].tolist())
        up = cg.Game(np.array(g.upper)[1:].tolist())
        theirs, out = _time(lambda: cg.uncertainty(low, upper=up, samples=200, seed=0, solver="shapley"))
        q = out["quantiles"]
        cover = (np.array(q[0.95]) - np.array(q[0.05])) / (b.high - b.low)
        print(f"| {n} | {ours:.3f} | {theirs:.3f} | {theirs / ours:.1f} | {cover.mean():.2f} |", flush=True)


if __name__ == "__main__":
    main()
