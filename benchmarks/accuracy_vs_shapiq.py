"""Mean absolute error against budget: coalition's estimators and shapiq's.

Runs both libraries on the same games (benchmarks/_games.py) and budgets and
prints one CSV row per (game, library, method, budget) with the mean absolute
error over players and repetitions, its standard error over the repetitions,
and the mean wall time. shapiq needs
Python >= 3.12; run from a venv that has both::

    ~/.pyenv/versions/3.12.1/bin/python -m venv /tmp/venv312
    /tmp/venv312/bin/pip install shapiq -e /work/main
    /tmp/venv312/bin/python benchmarks/accuracy_vs_shapiq.py --reps 3 > acc.csv

Without shapiq only coalition's rows are printed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import coalition as co  # noqa: E402
from _games import games  # noqa: E402

OURS = ["permutation", "antithetic", "stratified", "kernel", "auto"]
SHAPIQ = ["LeverageSHAP", "KernelSHAP", "SVARM", "PermutationSamplingSV", "StratifiedSamplingSV"]


def shapiq_estimate(name, n, budget, fn, seed):
    import shapiq.approximator as sa

    cls = getattr(sa, name)
    kw = {"random_state": seed}
    if name in ("KernelSHAP", "LeverageSHAP"):
        kw["pairing_trick"] = True
    approx = cls(n, **kw)
    iv = approx.approximate(budget, lambda m: fn(np.atleast_2d(m)))  # some pass one coalition as 1-D
    return np.array([iv[(i,)] for i in range(n)])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--budgets", default="10000,100000,1000000")
    ap.add_argument("--games", default="dense20,castro51,airport100")
    ap.add_argument("--shapiq", default=",".join(SHAPIQ))
    ap.add_argument("--ours", default=",".join(OURS))
    ap.add_argument("--max-seconds", type=float, default=60.0, help="skip a peer's larger budgets once a run takes longer")
    args = ap.parse_args()
    budgets = [int(float(b)) for b in args.budgets.split(",")]
    try:
        import shapiq  # noqa: F401
        peers = [p for p in args.shapiq.split(",") if p]
    except ImportError:
        peers = []
    print("game,library,method,budget,mae,mae_sem,seconds,reps", flush=True)
    all_games = games()
    for gname in args.games.split(","):
        game, fn, exact = all_games[gname]
        n = game.n
        runs = [("coalition", m) for m in args.ours.split(",") if m] + [("shapiq", p) for p in peers]
        for lib, method in runs:
            for budget in budgets:
                errs, secs = [], []
                try:
                    for r in range(args.reps):
                        t = time.perf_counter()
                        if lib == "coalition":
                            x = co.estimate_shapley(game, budget=budget, method=method, seed=r, threads=1).x
                        else:
                            x = shapiq_estimate(method, n, budget, fn, r)
                        secs.append(time.perf_counter() - t)
                        errs.append(np.mean(np.abs(x - exact)))
                except co.CoalitionError as exc:
                    print(f"# {gname} {lib} {method} {budget}: {exc}", flush=True)
                    continue
                sem = np.std(errs, ddof=1) / np.sqrt(len(errs)) if len(errs) > 1 else float("nan")
                print(f"{gname},{lib},{method},{budget},{np.mean(errs):.3g},{sem:.2g},{np.mean(secs):.3g},{len(errs)}", flush=True)
                if np.mean(secs) > args.max_seconds:
                    break


if __name__ == "__main__":
    main()
