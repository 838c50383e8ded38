"""Share distributions over 10,000 scenarios of a 15-player game, beside coopgame-py.

Every worth of a base game is drawn uniformly within +-10% of its value, for
10,000 scenarios; each scenario's Shapley value is computed exactly, and the
mean, standard deviation and 5/50/95% quantiles of each share are reported.
coopgame-py 0.3.0's ``uncertainty(game, relative=0.1, samples=..., solver="shapley")``
does the same (uniform draws inside the intervals); it is timed in the same run.

Then the robust core (constraint generation over the scenarios' coalitions)
beside one LP with every row of every scenario (scipy's HiGHS), same answers.

Run: PYTHONPATH=src /work/venv/bin/python benchmarks/uncertain_scenarios.py [n_scenarios]
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np

import coalition as co

N = 15
REL = 0.1


def base_table(n: int, seed: int = 0) -> np.ndarray:
    """A superadditive-looking game: sizes squared plus noise."""
    rng = np.random.default_rng(seed)
    masks = np.arange(1 << n)
    size = np.array([int(m).bit_count() for m in masks], dtype=np.float64)
    v = size**2 + rng.uniform(0, 1, masks.size) * size
    v[0] = 0.0
    return v


def main(k: int = 10_000) -> None:
    base = base_table(N)
    players = [f"P{i + 1}" for i in range(N)]

    def draw_table(rng):
        return base * rng.uniform(1 - REL, 1 + REL, base.size)

    def draw_game(rng):
        return co.Game(base * rng.uniform(1 - REL, 1 + REL, base.size), players=players)

    print(f"load average: {os.getloadavg()}")
    warm = co.ScenarioGame(draw_table, players=players)
    t = time.perf_counter()
    co.share_distribution(warm, n_scenarios=2, seed=0)  # compile (cached after the first run)
    print(f"first call (compile or cache load): {time.perf_counter() - t:.2f} s")
    rows = []
    for label, draw in (("coalition, function returns tables", draw_table),
                        ("coalition, function returns Games", draw_game)):
        model = co.ScenarioGame(draw, players=players, mean=co.Game(base, players=players))
        t = time.perf_counter()
        d = co.share_distribution(model, n_scenarios=k, seed=1)
        rows.append((label, time.perf_counter() - t, d))
    rng = np.random.default_rng(1)
    t = time.perf_counter()
    for _ in range(k):
        draw_table(rng)
    print(f"drawing the {k:,} tables alone (the model's own cost): {time.perf_counter() - t:.2f} s")
    # the same scenarios drawn beforehand, solving only
    rng = np.random.default_rng(1)
    listed = co.ScenarioGame([draw_table(rng) for _ in range(min(k, 2000))], players=players)
    t = time.perf_counter()
    d_listed = co.share_distribution(listed)
    rows.append((f"coalition, {len(listed.scenarios):,} listed scenarios (exact weighted)",
                 time.perf_counter() - t, d_listed))
    peer = None
    try:
        import coopgame

        g = coopgame.Game(list(base[1:]))
        t = time.perf_counter()
        res = coopgame.uncertainty(g, relative=REL, samples=k, seed=1, solver="shapley")
        peer = (time.perf_counter() - t, res)
    except Exception as exc:  # noqa: BLE001 - report whatever the peer says
        print(f"coopgame-py: {type(exc).__name__}: {exc}")
    print("\n| run | scenarios | seconds | scenarios / s |\n|---|---|---|---|")
    for label, sec, d in rows:
        print(f"| {label} | {d.n_scenarios:,} | {sec:.2f} | {d.n_scenarios / sec:,.0f} |")
    if peer is not None:
        print(f"| coopgame-py 0.3.0 `uncertainty(relative=0.1, solver='shapley')` | {k:,} | {peer[0]:.2f} | "
              f"{k / peer[0]:,.0f} |")
        print(f"\nratio coopgame-py / coalition (tables): {peer[0] / rows[0][1]:.1f}")
        ours = rows[0][2]
        pm = np.asarray(peer[1]["mean"])
        print(f"largest |mean difference| (independent draws): {np.max(np.abs(pm - ours.x)):.4f}; "
              f"largest std of ours: {ours.std.max():.4f}; mean exact: {ours.mean_exact}")
    robust()
    print(f"load average after: {os.getloadavg()}")


def full_lp(tables: np.ndarray) -> float:
    """The robust least core's worst excess from one LP with every row of every scenario."""
    from scipy.optimize import linprog
    from scipy.sparse import csr_matrix, hstack

    size = tables.shape[1]
    n = size.bit_length() - 1
    masks = np.arange(1, size - 1)
    bits = ((masks[:, None] >> np.arange(n)) & 1).astype(np.float64)
    a = np.vstack([-t[-1] * bits for t in tables])
    a = hstack([csr_matrix(a), csr_matrix(-np.ones((a.shape[0], 1)))]).tocsr()
    b = np.concatenate([-t[masks] for t in tables])
    res = linprog(np.r_[np.zeros(n), 1.0], A_ub=a, b_ub=b, A_eq=np.r_[np.ones(n), 0.0][None, :], b_eq=[1.0],
                  bounds=[(None, None)] * (n + 1), method="highs")
    return float(res.fun)


def robust() -> None:
    """robust_core (constraint generation) beside one LP with every row, on a convex game perturbed by +-10%."""
    print("\n| players | scenarios | rows in all | robust_core (s) | rows used | full LP (s) | worst excess (ours, full) |")
    print("|---|---|---|---|---|---|---|")
    for n, k in ((8, 100), (10, 200), (12, 200)):
        rng = np.random.default_rng(0)
        m = np.arange(1 << n)
        bits = ((m[:, None] >> np.arange(n)) & 1).astype(float)
        base = bits @ rng.uniform(0, 5, n) + (bits @ rng.uniform(0, 3, n)) ** 2
        tables = np.stack([base * rng.uniform(0.9, 1.1, base.size) for _ in range(k)])
        tables[:, 0] = 0.0
        t = time.perf_counter()
        r = co.robust_core(co.ScenarioGame(list(tables)))
        ours = time.perf_counter() - t
        full, eps = float("nan"), float("nan")
        if n <= 10:
            t = time.perf_counter()
            eps = full_lp(tables)
            full = time.perf_counter() - t
        print(f"| {n} | {k} | {k * ((1 << n) - 2):,} | {ours:.2f} | {r.n_rows:,} | {full:.2f} | "
              f"{r.max_excess:.6f}, {eps:.6f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
