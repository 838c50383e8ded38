"""Kernels for values with a priori unions (blocs): exact sums over a dense
table and random orders consistent with the blocs."""

from __future__ import annotations

import numpy as np
from numba import njit

from .exact import popcount


@njit(cache=True)
def bloc_value(v, bloc_masks, outer, inner):
    """Two-level semivalue of a dense table with blocs.

    For player ``i`` of bloc ``k`` (``b`` players) among ``m`` blocs::

        x_i = sum over R subset of the other blocs, T subset of bloc k - i of
              outer[|R|] * inner[b, |T|] * (v[Q_R | T | i] - v[Q_R | T])

    with ``Q_R`` the union of the blocs in ``R``. Shapley weights at both
    levels give the Owen value, ``2**-(m-1)`` and ``2**-(b-1)`` the
    Banzhaf-Owen value. Cost ``sum_k 2**(m-1) * b_k * 2**b_k`` look-ups.
    """
    m = bloc_masks.shape[0]
    n = 0
    for k in range(m):
        n += popcount(bloc_masks[k])
    x = np.zeros(n)
    n_other = m - 1
    union = np.zeros(1 << n_other, dtype=np.int64)
    others = np.empty(max(n_other, 1), dtype=np.int64)
    for k in range(m):
        j = 0
        for q in range(m):
            if q != k:
                others[j] = bloc_masks[q]
                j += 1
        for rr in range(1, 1 << n_other):
            low = rr & -rr
            union[rr] = union[rr ^ low] | others[popcount(low - 1)]
        bmask = bloc_masks[k]
        b = popcount(bmask)
        for rr in range(1 << n_other):
            wr = outer[popcount(rr)]
            q_r = union[rr]
            t = 0
            while True:
                wt = wr * inner[b, popcount(t)]
                base = v[q_r | t]
                rest = bmask & ~t
                while rest:
                    bit = rest & -rest
                    rest ^= bit
                    x[popcount(bit - 1)] += wt * (v[q_r | t | bit] - base)
                if t == bmask:
                    break
                t = (t - bmask) & bmask
    return x


@njit(cache=True)
def bloc_orders(bloc_start, bloc_members, n_orders, seed):
    """Random orders of the players consistent with the blocs: the blocs in a
    uniformly random order, each bloc's players contiguous and in a uniformly
    random order among themselves.

    ``bloc_members[bloc_start[k]:bloc_start[k + 1]]`` are the players of bloc
    ``k``. Returns ``int64[n_orders, n]``; the same `seed` gives the same
    orders.
    """
    np.random.seed(seed)
    m = bloc_start.shape[0] - 1
    n = bloc_members.shape[0]
    out = np.empty((n_orders, n), dtype=np.int64)
    blocs = np.arange(m)
    inner = bloc_members.copy()
    for r in range(n_orders):
        for i in range(m - 1, 0, -1):
            j = np.random.randint(0, i + 1)
            blocs[i], blocs[j] = blocs[j], blocs[i]
        pos = 0
        for q in range(m):
            k = blocs[q]
            lo = bloc_start[k]
            hi = bloc_start[k + 1]
            for i in range(hi - 1, lo, -1):
                j = np.random.randint(lo, i + 1)
                inner[i], inner[j] = inner[j], inner[i]
            for i in range(lo, hi):
                out[r, pos] = inner[i]
                pos += 1
    return out


@njit(cache=True)
def accumulate_marginals(orders, prefix_worths, sums, sumsq):
    """Add each player's marginal contribution along every order:
    ``prefix_worths[r, t]`` is the worth of the first ``t + 1`` players of
    ``orders[r]``. Updates `sums` and `sumsq` in place."""
    k, n = orders.shape
    for r in range(k):
        prev = 0.0
        for t in range(n):
            cur = prefix_worths[r, t]
            d = cur - prev
            i = orders[r, t]
            sums[i] += d
            sumsq[i] += d * d
            prev = cur
