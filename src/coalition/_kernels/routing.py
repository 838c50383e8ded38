"""Routing kernels: the shortest closed tour through a few stops (the
Held-Karp dynamic programme, exact) and a 2-opt tour (a local optimum).

A tour starts and ends at position 0 (the depot) of a distance matrix
``d`` (float64, square, ``d[i, j]`` the cost of going from ``i`` to ``j``).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def held_karp_all(d):
    """The shortest tour from 0 through the stops of every subset S of the
    other rows and back, ``out[S]`` (bit j for row j + 1): one Held-Karp
    programme over all the stops gives every subset's, since its paths
    through S visit only S; O(2**k k**2) time, O(2**k k) memory."""
    k = d.shape[0] - 1
    size = 1 << k
    best = np.full((size, k), np.inf)
    out = np.zeros(size)
    for j in range(k):
        best[1 << j, j] = d[0, j + 1]
    for s in range(1, size):
        close = np.inf
        for j in range(k):
            if not (s >> j) & 1:
                continue
            here = best[s, j]
            if here == np.inf:
                continue
            back = here + d[j + 1, 0]
            if back < close:
                close = back
            for m in range(k):
                if (s >> m) & 1:
                    continue
                t = s | (1 << m)
                cand = here + d[j + 1, m + 1]
                if cand < best[t, m]:
                    best[t, m] = cand
        out[s] = close
    return out


@njit(cache=True)
def two_opt(d):
    """Length of a tour from 0 through every other row of a symmetric `d`:
    nearest neighbour first, then 2-opt moves (reverse a segment when that
    shortens the tour) until none helps. A local optimum, not always the
    shortest tour."""
    k = d.shape[0]
    if k <= 2:
        return 2.0 * d[0, k - 1] if k == 2 else 0.0
    tour = np.empty(k, dtype=np.int64)
    used = np.zeros(k, dtype=np.bool_)
    tour[0] = 0
    used[0] = True
    for pos in range(1, k):
        last = tour[pos - 1]
        pick = -1
        for c in range(k):
            if not used[c] and (pick < 0 or d[last, c] < d[last, pick]):
                pick = c
        tour[pos] = pick
        used[pick] = True
    improved = True
    while improved:
        improved = False
        for i in range(0, k - 1):
            for j in range(i + 2, k):
                a, b = tour[i], tour[i + 1]
                c, e = tour[j], tour[(j + 1) % k]
                if a == e:
                    continue
                delta = d[a, c] + d[b, e] - d[a, b] - d[c, e]
                if delta < -1e-12 * (d[a, b] + d[c, e] + 1.0):
                    tour[i + 1 : j + 1] = tour[i + 1 : j + 1][::-1].copy()
                    improved = True
    total = 0.0
    for pos in range(k):
        total += d[tour[pos], tour[(pos + 1) % k]]
    return total
