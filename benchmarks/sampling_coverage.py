"""Bias and interval coverage of every Monte Carlo Shapley estimator.

For each game kind, method and budget (10 n, 30 n and 100 n evaluations) the
estimate is repeated with R seeds (threads=1) against the exact Shapley value,
and the script prints one markdown row per case:

* ``max |z|``: the largest, over the players, of the mean error divided by
  its standard error over the R runs (the sample standard deviation of the
  errors / sqrt(R)); an unbiased estimator stays below about 3 to 3.5 (n
  players compared at once);
* ``coverage``: the share of the n * R intervals (95 %) that hold the exact
  value;
* ``se ratio``: the mean reported standard error over the observed standard
  deviation of the estimates, averaged over the players (1 is honest);
* ``rmse``: root mean squared error, averaged over the players.

A case whose budget the method refuses (below its minimum) prints ``-``.

Usage::

    .venv/bin/python benchmarks/sampling_coverage.py [--runs 400] [--games a,b] [--methods m1,m2]
        [--multiples 10,30,100]

The figures are in benchmarks/RESULTS.md ("Bias and coverage of the
estimators").
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import coalition as co

METHODS = ["permutation", "antithetic", "stratified", "svarm", "kernel", "auto"]
MULTIPLES = [10, 30, 100]


def games():
    """The game kinds: name -> game."""
    rng = np.random.default_rng(2024)
    out = {
        # a few large voters and many voters of weight 1 (rare pivots)
        "voting12": co.families.weighted_voting([6, 5, 4, 3, 3, 2, 2, 1, 1, 1, 1, 1], quota=16),
        "voting20": co.families.weighted_voting([10, 8, 6] + [1] * 17, quota=28),
        "airport15": co.families.airport([float(c) for c in rng.integers(1, 11, 15)]),
    }
    n = 10
    out["dense10"] = co.Game(np.concatenate([[0.0], rng.random(2**n - 1)]))
    # worths growing with the size, with noise growing too: the table on
    # which the regression estimator's intervals covered 91.5% at 5 n
    n = 12
    size = np.array([bin(m).count("1") for m in range(1 << n)], dtype=float)
    t = size**1.3 + np.random.default_rng(9).normal(0, 1, 1 << n) * size * 0.5
    t[0] = 0.0
    out["dense12"] = co.Game(t)
    return out


def run_case(game, exact, method, budget, runs):
    errs = np.empty((runs, game.n))
    ses = np.empty((runs, game.n))
    hits = 0
    chosen = method
    for r in range(runs):
        try:
            est = co.estimate_shapley(game, budget=budget, method=method, seed=10_000 + r, threads=1)
        except co.errors.InvalidParameterError:
            return None
        chosen = est.method
        errs[r] = est.x - exact
        ses[r] = est.stderr
        hits += int(np.sum((est.ci[0] <= exact + 1e-12) & (exact - 1e-12 <= est.ci[1])))
    sd = errs.std(axis=0, ddof=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(sd > 0, errs.mean(axis=0) / (sd / np.sqrt(runs)), 0.0)
        ratio = np.where(sd > 0, ses.mean(axis=0) / sd, np.nan)
    return {
        "method": chosen,
        "max_z": float(np.max(np.abs(z))),
        "coverage": hits / (runs * game.n),
        "se_ratio": float(np.nanmean(ratio)),
        "rmse": float(np.sqrt((errs**2).mean())),
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=400)
    ap.add_argument("--games", default="")
    ap.add_argument("--methods", default=",".join(METHODS))
    ap.add_argument("--multiples", default=",".join(map(str, MULTIPLES)),
                    help="budgets as multiples of n, e.g. 5,10")
    args = ap.parse_args(argv)
    all_games = games()
    names = args.games.split(",") if args.games else list(all_games)
    print(f"runs per case: {args.runs}")
    print("| game | n | method | budget | max abs z | coverage | se ratio | rmse |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    t0 = time.perf_counter()
    for name in names:
        g = all_games[name]
        exact = co.shapley(g).x
        for method in args.methods.split(","):
            for k in map(int, args.multiples.split(",")):
                res = run_case(g, exact, method, k * g.n, args.runs)
                label = method if res is None or method != "auto" else f"auto ({res['method']})"
                if res is None:
                    print(f"| {name} | {g.n} | {label} | {k}n | - | - | - | - |", flush=True)
                    continue
                print(
                    f"| {name} | {g.n} | {label} | {k}n | {res['max_z']:.1f} | {res['coverage']:.3f} | "
                    f"{res['se_ratio']:.2f} | {res['rmse']:.2e} |",
                    flush=True,
                )
    print(f"\ntotal {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
