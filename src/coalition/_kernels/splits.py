"""The worst split of every coalition: the superadditivity scan of row generation."""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def worst_splits(v, n):
    """For every coalition U: ``max over splits U = T + (U - T) of v(T) + v(U - T) - v(U)``
    and the part T that attains it (T holds U's lowest player, so each split is
    seen once). Coalitions of one player get ``-inf`` and part 0."""
    m = 1 << n
    gap = np.full(m, -np.inf)
    part = np.zeros(m, dtype=np.int64)
    for s in range(1, m):
        low = s & (-s)
        rest = s ^ low
        if rest == 0:
            continue
        best = -np.inf
        arg = 0
        sub = (rest - 1) & rest  # proper submasks of rest: T = low | sub != s
        while True:
            t = sub | low
            g = v[t] + v[s ^ t] - v[s]
            if g > best:
                best = g
                arg = t
            if sub == 0:
                break
            sub = (sub - 1) & rest
        gap[s] = best
        part[s] = arg
    return gap, part
