"""First-call cost of the exact Shapley value: numba compilation, measured in
fresh processes.

Each measurement runs in a new Python process that imports coalition, builds
a random dense game and calls ``coalition.shapley`` twice, then
``coalition.banzhaf`` once (the same kernel):

* cold: ``NUMBA_CACHE_DIR`` points to a new, empty directory, so the kernels
  are compiled and written to that cache;
* warm: a second process with the same ``NUMBA_CACHE_DIR`` loads them from
  the cache (what every process after the first sees, since the kernels are
  ``@njit(cache=True)``).

The first call minus the second is the one-off cost (compiling or loading the
kernels). With ``--peers``, shapley-numba's first call is measured the same
way (its kernel has no on-disk cache, so every process compiles it).

Run::

    .venv/bin/python benchmarks/compile_time.py [--n 12] [--repeat 3] [--peers]

Prints a Markdown table of the best of ``--repeat`` runs (seconds).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

_CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
import numpy as np
import coalition as co
t1 = time.perf_counter()
n = int(sys.argv[1])
v = np.random.default_rng(n).random(1 << n)
v[0] = 0.0
g = co.Game(v)
t2 = time.perf_counter()
x1 = co.shapley(g).x
t3 = time.perf_counter()
x2 = co.shapley(g).x
t4 = time.perf_counter()
co.banzhaf(g)
t5 = time.perf_counter()
assert np.array_equal(x1, x2)
out = {"import": t1 - t0, "game": t2 - t1, "first": t3 - t2, "second": t4 - t3, "banzhaf": t5 - t4}
if sys.argv[2] == "peers":
    import warnings
    import numba
    from numba.core.errors import NumbaExperimentalFeatureWarning
    from shapley_numba import numba_game
    from shapley_numba.shapley import shapley as sn_shapley
    warnings.simplefilter("ignore", NumbaExperimentalFeatureWarning)

    @numba_game([("table", numba.float64[::1])])
    class DenseTableGame:
        def __init__(self, table):
            self.table = table

        def value(self, subset):
            mask = 0
            for i in range(subset.shape[0]):
                if subset[i]:
                    mask |= 1 << i
            return self.table[mask]

    t6 = time.perf_counter()
    game = DenseTableGame(np.array(v))
    y1 = sn_shapley(game, n)
    t7 = time.perf_counter()
    sn_shapley(game, n)
    t8 = time.perf_counter()
    assert np.allclose(y1, x1, rtol=0, atol=1e-12)
    out.update({"sn_first": t7 - t6, "sn_second": t8 - t7})
print(json.dumps(out))
"""


def _run(n: int, cache_dir: str, peers: bool) -> dict[str, float]:
    env = dict(os.environ, NUMBA_CACHE_DIR=cache_dir)
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(n), "peers" if peers else "-"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"child process failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=12, help="players of the random game (default 12)")
    parser.add_argument("--repeat", type=int, default=3, help="cold/warm pairs to run; the best is shown")
    parser.add_argument("--peers", action="store_true", help="also time shapley-numba's first call")
    args = parser.parse_args(argv)
    if args.n < 1 or args.repeat < 1:
        parser.error("`--n` and `--repeat` must be at least 1")

    runs: dict[str, list[dict[str, float]]] = {"cold": [], "warm": []}
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="numba-cache-") as cache_dir:
            runs["cold"].append(_run(args.n, cache_dir, args.peers))
            runs["warm"].append(_run(args.n, cache_dir, args.peers))

    def best(kind: str, key: str) -> float:
        return min(r[key] for r in runs[kind])

    def one_off(kind: str, first: str, second: str) -> float:
        return min(r[first] - r[second] for r in runs[kind])

    print(f"n = {args.n}, best of {args.repeat} fresh processes per column, seconds\n")
    print("| | cold cache | warm cache |")
    print("|---|---:|---:|")
    rows = [
        ("`import coalition`", lambda k: best(k, "import")),
        ("`Game(table)`", lambda k: best(k, "game")),
        ("first `shapley(game)`", lambda k: best(k, "first")),
        ("second `shapley(game)`", lambda k: best(k, "second")),
        ("one-off cost (first - second)", lambda k: one_off(k, "first", "second")),
        ("then `banzhaf(game)` (same kernel)", lambda k: best(k, "banzhaf")),
    ]
    if args.peers:
        rows += [
            ("shapley-numba first `shapley` (no disk cache)", lambda k: best(k, "sn_first")),
            ("shapley-numba second `shapley`", lambda k: best(k, "sn_second")),
        ]
    for label, get in rows:
        print(f"| {label} | {get('cold'):.3f} | {get('warm'):.4f} |")


if __name__ == "__main__":
    main()
