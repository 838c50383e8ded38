"""Time of the core LPs against the number of partners.

For each n, three random dense games (seeded):

* ``uniform``: worths uniform on [0, 1) (the table of ``conftest.dense_table``);
  its core is empty, so ``core_bounds`` ends with ``EmptyCoreError`` after
  the least-core LP;
* ``below``: ``v(S) = U_S * x*(S)`` with ``U_S`` uniform on [0, 1) and a
  random split ``x*`` of ``v(N) = x*(N)``: a non-empty, full-dimensional core;
* ``convex``: ``v(S) = w(S)**2`` with random weights: a convex game, whose
  core has up to n! vertices and large optimal faces (the hard case for
  constraint generation).

and times ``core_bounds`` (and, with ``--nucleolus``, the nucleolus; the prenucleolus of the
``uniform`` games, which have no imputation). Each
case runs in its own process with a time limit, so that slow versions can be
measured too; the numba kernels are compiled (or loaded from the cache)
before the timer starts.

Run::

    .venv/bin/python benchmarks/core_lp_scaling.py --n 12 15 17 20 --limit 600 [--nucleolus] [--scipy]

``--scipy`` measures the fallback used when highspy is not installed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

import numpy as np

FAMILIES = ("uniform", "below", "convex")


def table(family: str, n: int) -> np.ndarray:
    rng = np.random.default_rng(20240601 + n)
    masks = np.arange(1 << n)
    rows = ((masks[:, None] >> np.arange(n)) & 1).astype(np.float64)
    if family == "uniform":
        v = rng.random(1 << n)
    elif family == "below":
        xs = rows @ (rng.random(n) + 0.5)
        v = xs * rng.random(1 << n)
        v[-1] = xs[-1]
    else:
        v = (rows @ rng.random(n)) ** 2
    v[0] = 0.0
    return v


def one(family: str, n: int, rule: str, scipy_only: bool) -> dict:
    import coalition as co

    if scipy_only:
        from coalition.stability import _lp

        _lp.USE_HIGHSPY = False

    co.core_bounds(co.Game(table("below", 4)))  # kernels loaded before the timer
    co.nucleolus(co.Game(table("convex", 4)))
    game = co.Game(table(family, n))
    # the uniform games have no imputation: their prenucleolus is timed
    fn = {"core_bounds": co.core_bounds, "nucleolus": co.nucleolus, "prenucleolus": co.prenucleolus}[rule]
    if rule == "nucleolus" and family == "uniform":
        fn, rule = co.prenucleolus, "prenucleolus"
    t = time.perf_counter()
    try:
        out = f"{rule}: {fn(game).message}" if rule != "core_bounds" else fn(game).message
    except co.EmptyCoreError:
        out = "empty core"
    return {"seconds": time.perf_counter() - t, "message": out}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, nargs="+", default=[12, 15, 17, 20])
    ap.add_argument("--limit", type=float, default=600.0, help="seconds per case")
    ap.add_argument("--nucleolus", action="store_true", help="also time the nucleolus")
    ap.add_argument("--scipy", action="store_true", help="solve with scipy.optimize.linprog, not highspy")
    ap.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        family, n, rule = args.one
        print(json.dumps(one(family, int(n), rule, args.scipy)))
        return
    rules = ["core_bounds"] + (["nucleolus"] if args.nucleolus else [])
    print("| rule | game | n | seconds | solver |")
    print("| --- | --- | --- | --- | --- |")
    for rule in rules:
        for family in FAMILIES:
            for n in args.n:
                cmd = [sys.executable, __file__, "--one", family, str(n), rule] + (["--scipy"] if args.scipy else [])
                try:
                    done = subprocess.run(cmd, capture_output=True, text=True, timeout=args.limit, check=True)
                    res = json.loads(done.stdout.strip().splitlines()[-1])
                    cell, msg = f"{res['seconds']:.2f}", res["message"]
                except subprocess.TimeoutExpired:
                    cell, msg = f"> {args.limit:.0f} (stopped)", ""
                print(f"| {rule} | {family} | {n} | {cell} | {msg} |", flush=True)


if __name__ == "__main__":
    main()
