"""Spanning-tree kernels: the cost of a minimum spanning tree on each
coalition plus the source (Prim's algorithm on a dense cost matrix).

Vertex 0 of the cost matrix ``c`` (float64, square, symmetric) is the
source; player ``i`` is vertex ``i + 1``.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def mst_costs(c, rows):
    """For each boolean row of `rows` (k, n), the cost of a minimum spanning
    tree of the source and the players in the row: Prim's algorithm, O(m**2)
    for a coalition of m players."""
    k, n = rows.shape
    out = np.zeros(k)
    keep = np.empty(n + 1, dtype=np.int64)
    best = np.empty(n + 1)
    done = np.empty(n + 1, dtype=np.bool_)
    for r in range(k):
        m = 1
        keep[0] = 0
        for i in range(n):
            if rows[r, i]:
                keep[m] = i + 1
                m += 1
        for a in range(m):
            best[a] = c[0, keep[a]]
            done[a] = False
        done[0] = True
        total = 0.0
        for _ in range(m - 1):
            pick = -1
            for a in range(m):
                if not done[a] and (pick < 0 or best[a] < best[pick]):
                    pick = a
            total += best[pick]
            done[pick] = True
            row = keep[pick]
            for a in range(m):
                if not done[a]:
                    w = c[row, keep[a]]
                    if w < best[a]:
                        best[a] = w
        out[r] = total
    return out
