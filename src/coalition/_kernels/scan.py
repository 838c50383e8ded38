"""Scans of a worth table in place: checks, magnitudes and core tests.

Each kernel reads the table once, in order, and allocates nothing of the
table's size, so a game of ``2**n`` worths is checked and tested in the
memory of its table alone.

The excess of coalition ``S`` at allocation ``x`` is computed as in
:mod:`coalition._kernels.excess` (``v[S] - (hi[S >> h] + lo[S & (2**h - 1)])``),
so the excesses found here are those of its full table, bit for bit.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .excess import _split


@njit(cache=True)
def check_worths(v, limit, keep):
    """Count the non-finite entries of `v` and find the first large one.

    Returns ``(count, first, huge)``: ``count`` non-finite entries (NaN or
    infinite), the positions of the first ``min(count, keep)`` of them in
    ``first`` (int64[keep], padded with -1), and ``huge``, the first
    position whose magnitude is above `limit` (-1 when none).
    """
    first = np.full(keep, -1, dtype=np.int64)
    count = 0
    huge = -1
    for k in range(v.size):
        x = v[k]
        if not np.isfinite(x):
            if count < keep:
                first[count] = k
            count += 1
        elif huge < 0 and abs(x) > limit:
            huge = k
    return count, first, huge


@njit(cache=True)
def max_abs(v):
    """``max |v[k]|`` (0.0 for an empty table; NaN if an entry is NaN)."""
    best = 0.0
    for k in range(v.size):
        x = abs(v[k])
        if np.isnan(x):
            return x
        best = max(best, x)
    return best


@njit(cache=True)
def max_proper_excess(v, x):
    """Largest excess ``v[S] - x(S)`` over the proper non-empty coalitions
    (``-inf`` when there is none, i.e. one player)."""
    h, lo, hi = _split(x)
    nlo = 1 << h
    full = v.size - 1
    best = -np.inf
    for t in range(hi.size):
        base = t << h
        xt = hi[t]
        for s in range(nlo):
            m = base | s
            if m == 0 or m == full:
                continue
            e = v[m] - (xt + lo[s])
            best = max(best, e)
    return best


@njit(cache=True)
def _worse(vals, keys, a, b):
    """Whether heap entry `a` ranks below entry `b`: a smaller excess, or the
    same excess and a larger mask."""
    return vals[a] < vals[b] or (vals[a] == vals[b] and keys[a] > keys[b])


@njit(cache=True)
def _swap(vals, keys, a, b):
    vals[a], vals[b] = vals[b], vals[a]
    keys[a], keys[b] = keys[b], keys[a]


@njit(cache=True)
def blocking_scan(v, x, atol, k):
    """Core test of allocation `x` in one pass over the proper coalitions.

    Returns ``(max_excess, count, masks, excesses)``: the largest excess of
    a proper non-empty coalition (``-inf`` for one player), the number of
    coalitions whose excess is above `atol`, and the `k` (at most) largest of
    those: bitmasks and excesses, largest excess first, ties by increasing
    mask (the order of a stable sort of the full excess table).
    """
    h, lo, hi = _split(x)
    nlo = 1 << h
    full = v.size - 1
    best = -np.inf
    count = 0
    vals = np.empty(max(k, 1))
    keys = np.empty(max(k, 1), dtype=np.int64)
    size = 0
    for t in range(hi.size):
        base = t << h
        xt = hi[t]
        for s in range(nlo):
            m = base | s
            if m == 0 or m == full:
                continue
            e = v[m] - (xt + lo[s])
            best = max(best, e)
            if not e > atol:
                continue
            count += 1
            if k == 0:
                continue
            if size < k:  # heap of the k best, the worst at the root
                vals[size] = e
                keys[size] = m
                pos = size
                size += 1
                while pos > 0:
                    parent = (pos - 1) // 2
                    if _worse(vals, keys, pos, parent):
                        _swap(vals, keys, pos, parent)
                        pos = parent
                    else:
                        break
            elif e > vals[0]:  # masks come in increasing order: a tie ranks below
                vals[0] = e
                keys[0] = m
                pos = 0
                while True:
                    left = 2 * pos + 1
                    if left >= size:
                        break
                    child = left
                    if left + 1 < size and _worse(vals, keys, left + 1, left):
                        child = left + 1
                    if _worse(vals, keys, child, pos):
                        _swap(vals, keys, child, pos)
                        pos = child
                    else:
                        break
    keys = keys[:size]
    vals = vals[:size]
    by_mask = np.argsort(keys)
    keys = keys[by_mask]
    vals = vals[by_mask]
    order = np.argsort(-vals, kind="mergesort")
    return best, count, keys[order], vals[order]
