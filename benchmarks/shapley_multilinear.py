"""The Shapley-Shubik index of weighted voting games by the multilinear
extension against the size-by-weight table route: time, largest relative
difference, the route's own error bound, and the sum's distance from 1.

    PYTHONPATH=src .venv/bin/python benchmarks/shapley_multilinear.py

Weights drawn with seed 7, quota a simple majority of the total weight.
The table route is run only where its work is below 3e9 multiply-adds.
"""

import time

import numpy as np

from coalition.families import _voting_power as vp
from coalition.families.voting import _table_work, _voting_power


def voters(n, top):
    w = np.random.default_rng(7).integers(1, top + 1, n).astype(float)
    return w, int(w.sum() // 2 + 1)


def main():
    vp.shapley_multilinear(*voters(50, 5))  # compile / load the cache
    _voting_power(*voters(50, 5))
    print("game | table work | multilinear | table | max rel. difference | max bound / value | sum - 1")
    for n, top in [(200, 10), (500, 10), (200, 49), (500, 49), (1000, 10), (2000, 5), (1000, 49), (10000, 10)]:
        w, q = voters(n, top)
        t0 = time.perf_counter()
        x, err = vp.shapley_multilinear(w, q)
        t1 = time.perf_counter()
        work = _table_work(w, q)
        row = f"n = {n}, weights 1..{top} | {work:.1e} | {t1 - t0:.3f} s"
        if work < 3e9:
            ref = _voting_power(w, q)[0]
            t2 = time.perf_counter()
            row += f" | {t2 - t1:.3f} s | {np.max(np.abs(x - ref) / ref):.1e}"
        else:
            row += " | - | -"
        print(row + f" | {np.max(err / x):.1e} | {x.sum() - 1:.1e}")


if __name__ == "__main__":
    main()
