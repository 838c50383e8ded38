"""Rate of estimate_shapley on 1 and 2 threads (permutation sampling): dense n=20 at 10^7
evaluations and a 10,000-voter weighted voting game at 10^8. Best of 3 runs each."""
import time, numpy as np, coalition as co
rng = np.random.default_rng(0)
v = rng.uniform(0, 1, 1 << 20); v[0] = 0
g = co.Game(v)
w = rng.integers(1, 100, 10_000).astype(float)
wv = co.families.weighted_voting(w, w.sum() / 2)
for game, name, budget in ((g, "dense n=20", 10**7), (wv, "weighted voting n=10,000", 10**8)):
    co.estimate_shapley(game, budget=game.n * 100, method="permutation", seed=0, threads=1)
    co.estimate_shapley(game, budget=game.n * 100, method="permutation", seed=0, threads=2)
    for t in (1, 2):
        best = np.inf
        for _ in range(3):
            t0 = time.perf_counter()
            e = co.estimate_shapley(game, budget=budget, method="permutation", seed=0, threads=t)
            best = min(best, time.perf_counter() - t0)
        print(f"{name}: threads={t} {e.n_evaluations / best / 1e6:.1f} M marginal contributions/s")
