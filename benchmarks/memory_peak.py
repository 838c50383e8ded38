"""Peak memory of building a dense game and of the rules that read its table.

    PYTHONPATH=src /work/venv/bin/python benchmarks/memory_peak.py --n 24 26 28
    PYTHONPATH=src /work/venv/bin/python benchmarks/memory_peak.py --n 24 26 --src /tmp/membase/src

Each case runs in a fresh process, one at a time. The process imports the
library, compiles every kernel on a game of 2**17 worths (so the compiler's
memory is not counted), builds the input table (a random dense game: worths
uniform on [0, 1), ``v(empty) = 0`` and ``v(N) = n``, so that imputations
exist) and, for a rule, the game (``copy=False`` where the sources have
it); then it resets the kernel's record of its peak resident set size
(``/proc/self/clear_refs``), runs the operation once and reads the new peak
(``VmHWM`` in ``/proc/self/status``). "extra / table" is that peak minus the
resident size just before the operation, over the table's size; "total /
table" adds the table itself: the memory the game and the operation need in
all, in units of the table. ``--src`` runs the same cases on another copy of
the library's sources (a copy without ``copy=False`` builds the game the
only way it can, with a copy). ``--peer`` adds coopgame-py (``import
coopgame``) on the same table: building its game from ``values[1:]`` and
its Shapley value, Banzhaf value and nucleolus (the nucleolus up to
n = 24 only: it takes about 30 s at n = 25).

A case whose estimated peak (with 0.25 GiB for the interpreter and the
kernels) would reach ``--max-gib`` (default 6 GiB) is not run: the first n of each case gives the ratio used for the estimate, and a
rule's estimate includes building its game (the ratio of "construct").
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

CASES = ("construct", "construct_copy", "shapley", "banzhaf", "in_core", "core_report", "nucleolus")
PEER = ("coopgame_construct", "coopgame_shapley", "coopgame_banzhaf", "coopgame_nucleolus")
# the peer's nucleolus takes about 30 s at n = 25 (benchmarks/RESULTS.md)
PEER_NUCLEOLUS_MAX_N = 24

CHILD = r"""
import json, os, sys, time
import numpy as np
import coalition as co

case, n = sys.argv[1], int(sys.argv[2])

def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024

def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024

def reset():
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")

try:
    import inspect
    has_copy = "copy" in inspect.signature(co.Game.__init__).parameters
except (TypeError, ValueError):
    has_copy = False

def build(values, copy):
    if has_copy and not copy:
        return co.Game(values, copy=False)
    return co.Game(values)

# compile every kernel the case uses on a small game first (2**17 entries:
# large enough for the compiled checks), built both ways
small = np.random.default_rng(1).random(1 << 17); small[0] = 0.0; small[-1] = 17.0
co.Game(small)
g = build(small.copy(), copy=False)
co.shapley(g); co.banzhaf(g); co.in_core(g, co.shapley(g).x); co.core_report(g, co.shapley(g).x)
co.nucleolus(g)
co.set_max_table_bytes(8 << 30)
values = np.random.default_rng(n).random(1 << n)
values[0] = 0.0
values[-1] = float(n)
game = None
if case.startswith("coopgame"):
    import coopgame
    tiny = small[:4096].copy(); tiny[-1] = 12.0
    coopgame.shapley(coopgame.Game(small[1:])); coopgame.nucleolus(coopgame.Game(tiny[1:]))
    if case != "coopgame_construct":
        game = coopgame.Game(values[1:])  # binary order without the empty coalition
elif not case.startswith("construct"):
    game = build(values, copy=False)
    x = np.full(n, float(values[-1]) / n)
base = rss()
reset()
t0 = time.perf_counter()
if case == "construct":
    out = build(values, copy=False)
elif case == "construct_copy":
    out = co.Game(values)
elif case == "shapley":
    out = co.shapley(game)
elif case == "banzhaf":
    out = co.banzhaf(game)
elif case == "in_core":
    out = co.in_core(game, x)
elif case == "core_report":
    out = co.core_report(game, x)
elif case == "nucleolus":
    out = co.nucleolus(game)
elif case == "coopgame_construct":
    out = coopgame.Game(values[1:])
elif case in ("coopgame_shapley", "coopgame_banzhaf", "coopgame_nucleolus"):
    out = getattr(coopgame, case.split("_")[1])(game)
elapsed = time.perf_counter() - t0
peak = hwm()
print(json.dumps({"case": case, "n": n, "table": values.nbytes, "extra": peak - base,
                  "seconds": elapsed, "has_copy": has_copy}))
"""


def run(case: str, n: int, src: str) -> dict:
    env = dict(os.environ, PYTHONPATH=src, OMP_NUM_THREADS="1", NUMBA_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", CHILD, case, str(n)], env=env,
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        return {"case": case, "n": n, "error": (out.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, nargs="+", default=[24, 26, 28])
    parser.add_argument("--src", default="src")
    parser.add_argument("--cases", nargs="+", default=list(CASES), choices=CASES + PEER)
    parser.add_argument("--peer", action="store_true", help="add the coopgame-py cases")
    parser.add_argument("--max-gib", type=float, default=6.0)
    args = parser.parse_args()
    gib = float(1 << 30)
    cases = list(args.cases) + (list(PEER) if args.peer else [])
    print(f"# sources: {os.path.abspath(args.src)}; load: {os.getloadavg()}")
    print("| operation | n | table GiB | extra / table | total / table | time (s) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    build = peer_build = None  # extra / table of building the game (the "construct" cases)
    for case in cases:
        ratio = None
        for n in sorted(args.n):
            if case == "coopgame_nucleolus" and n > PEER_NUCLEOLUS_MAX_N:
                continue
            table = 8 * (1 << n)
            # the game itself (when the case builds it first) and the case's own peak
            # 0.25 GiB: Python, numpy, numba and the compiled kernels
            est = 0.25 * gib + table * (1 + (ratio if ratio is not None else 4.0))
            if case not in ("construct", "coopgame_construct"):  # the game is built first
                b = peer_build if case.startswith("coopgame") else build
                est = max(est, 0.25 * gib + table * (1 + (b if b is not None else 4.0)))
            if est >= args.max_gib * gib:
                print(f"| {case} | {n} | {table / gib:.3f} | not run: about {est / gib:.1f} GiB "
                      f"> {args.max_gib:g} | | |", flush=True)
                continue
            r = run(case, n, args.src)
            if "error" in r:
                print(f"| {case} | {n} | {table / gib:.3f} | error: {r['error']} | | |", flush=True)
                continue
            ratio = max(r["extra"] / table, ratio or 0.0)
            if case == "construct":
                build = ratio
            elif case == "coopgame_construct":
                peer_build = ratio
            label = case if r["has_copy"] or case != "construct" else "construct (no copy=False: copies)"
            print(f"| {label} | {n} | {table / gib:.3f} | {r['extra'] / table:.3f} | "
                  f"{1 + r['extra'] / table:.3f} | {r['seconds']:.2f} |", flush=True)
            time.sleep(1)


if __name__ == "__main__":
    main()
