"""Does kernel herding of permutations win anywhere? A check, not a method.

Kernel herding (Mitchell, Cooper, Frank and Holmes 2022, "Sampling
permutations for Shapley value estimation", JMLR 23(43)) picks each new
permutation to minimise its summed Mallows-kernel similarity,
exp(-lam * discordant pairs / (n choose 2)), to the permutations already
drawn, so that the sample covers the symmetric group more evenly than
independent draws. Here the minimisation is over `--candidates` uniform
candidates per step (the paper's greedy search over candidates), and the
estimate is the plain average of marginal contributions along the chosen
permutations. It is compared at equal evaluation budgets with independent
permutations (same code path) and with coalition's `method="auto"`, on the
games of benchmarks/_games.py, by the mean absolute error over players and
`--reps` seeds:

    .venv/bin/python benchmarks/herding_check.py --games castro51,dense20,airport100 --budgets 2000,10000

Herding costs O(candidates * m * n**2) for m permutations of n players on
top of the evaluations, so it is only worth it for value functions that are
expensive, at small budgets, which is what the budgets here are.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from numba import njit

sys.path.insert(0, str(Path(__file__).parent))
import coalition as co  # noqa: E402
from _games import games  # noqa: E402


@njit(cache=True)
def _ranks(perm):
    r = np.empty_like(perm)
    for i in range(perm.size):
        r[perm[i]] = i
    return r


@njit(cache=True)
def _discordant(ra, rb):
    n = ra.size
    d = 0
    for i in range(n):
        for j in range(i + 1, n):
            if (ra[i] - ra[j]) * (rb[i] - rb[j]) < 0:
                d += 1
    return d


@njit(cache=True)
def herd(n, m, candidates, lam, seed):
    """m permutations of range(n) chosen greedily by kernel herding."""
    np.random.seed(seed)
    ranks = np.empty((m, n), dtype=np.int64)
    perms = np.empty((m, n), dtype=np.int64)
    pairs = n * (n - 1) / 2
    for t in range(m):
        best = np.inf
        chosen = np.arange(n)
        for _ in range(candidates if t > 0 else 1):
            p = np.random.permutation(n)
            r = _ranks(p)
            s = 0.0
            for j in range(t):
                s += np.exp(-lam * _discordant(r, ranks[j]) / pairs)
            if s < best:
                best = s
                chosen = p
        perms[t] = chosen
        ranks[t] = _ranks(chosen)
    return perms


def shapley_along(fn, perms):
    """Average marginal contributions along the rows of ``perms``."""
    k, n = perms.shape
    rank = np.empty_like(perms)
    rank[np.arange(k)[:, None], perms] = np.arange(n)
    prefixes = rank[:, None, :] < np.arange(n + 1)[None, :, None]
    vals = fn(prefixes.reshape(-1, n)).reshape(k, n + 1)
    out = np.empty((k, n))
    out[np.arange(k)[:, None], perms] = np.diff(vals, axis=1)
    return out.mean(axis=0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--games", default="castro51,dense20,airport100")
    ap.add_argument("--budgets", default="2000,10000")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--lam", default="5")
    ap.add_argument("--candidates", type=int, default=32)
    args = ap.parse_args()
    all_games = games()
    print("game,budget,lam,herding,independent,auto,seconds")
    for gname in args.games.split(","):
        game, fn, exact = all_games[gname]
        n = game.n
        for budget in [int(float(b)) for b in args.budgets.split(",")]:
            m = budget // n
            for lam in [float(x) for x in args.lam.split(",")]:
                t0 = time.perf_counter()
                err = {"herding": [], "independent": [], "auto": []}
                for r in range(args.reps):
                    err["herding"].append(np.abs(shapley_along(fn, herd(n, m, args.candidates, lam, r)) - exact).mean())
                    rng = np.random.default_rng(r)
                    plain = np.array([rng.permutation(n) for _ in range(m)])
                    err["independent"].append(np.abs(shapley_along(fn, plain) - exact).mean())
                    auto = co.estimate_shapley(game, budget=budget, seed=r, threads=1)
                    err["auto"].append(np.abs(auto.x - exact).mean())
                means = ",".join(f"{np.mean(err[k]):.3g}" for k in ("herding", "independent", "auto"))
                print(f"{gname},{budget},{lam:g},{means},{time.perf_counter() - t0:.1f}", flush=True)


if __name__ == "__main__":
    main()
