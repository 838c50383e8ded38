"""Excess kernels over a dense table indexed by bitmask (bit i = player i).

The excess of coalition ``S`` at allocation ``x`` is ``e(S) = v(S) - x(S)``.
``x(S)`` is never stored for all ``2**n`` coalitions: a coalition is split
into its low ``h`` bits and its high ``n - h`` bits, and
``x(S) = lo[S & (2**h - 1)] + hi[S >> h]`` with two small tables of partial
sums, so one pass reads the worth table once, in order.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def _subset_sums(x):
    """Table of ``x(S)`` for every bitmask ``S`` of ``len(x)`` bits."""
    k = x.size
    out = np.zeros(1 << k)
    for i in range(k):
        b = 1 << i
        for s in range(b):
            out[s | b] = out[s] + x[i]
    return out


@njit(cache=True)
def _split(x):
    n = x.size
    h = n // 2
    return h, _subset_sums(x[:h]), _subset_sums(x[h:])


@njit(cache=True)
def excess_table(v, x):
    """``e[S] = v[S] - x(S)`` for every coalition, in bitmask order."""
    n = x.size
    h, lo, hi = _split(x)
    nlo = 1 << h
    out = np.empty(1 << n)
    for t in range(hi.size):
        base = t << h
        xt = hi[t]
        for s in range(nlo):
            out[base | s] = v[base | s] - (xt + lo[s])
    return out


@njit(cache=True)
def max_abs_excess(v, x):
    """Largest ``|v[S] - x(S)|`` over all coalitions."""
    h, lo, hi = _split(x)
    nlo = 1 << h
    best = 0.0
    for t in range(hi.size):
        base = t << h
        xt = hi[t]
        for s in range(nlo):
            e = abs(v[base | s] - (xt + lo[s]))
            if e > best:
                best = e
    return best


@njit(cache=True)
def _in_span(mask, comp, tol):
    """Whether the indicator of `mask` is orthogonal to every column of
    `comp` (an orthonormal basis of the complement of a subspace), i.e. lies
    in that subspace."""
    n, r = comp.shape
    for j in range(r):
        acc = 0.0
        for i in range(n):
            if mask >> i & 1:
                acc += comp[i, j]
        if abs(acc) > tol:
            return False
    return True


@njit(cache=True)
def _sift_down(vals, keys, size, pos):
    while True:
        left = 2 * pos + 1
        if left >= size:
            return
        child = left
        if left + 1 < size and vals[left + 1] < vals[left]:
            child = left + 1
        if vals[child] < vals[pos]:
            vals[child], vals[pos] = vals[pos], vals[child]
            keys[child], keys[pos] = keys[pos], keys[child]
            pos = child
        else:
            return


@njit(cache=True)
def _sift_up(vals, keys, pos):
    while pos > 0:
        parent = (pos - 1) // 2
        if vals[pos] < vals[parent]:
            vals[pos], vals[parent] = vals[parent], vals[pos]
            keys[pos], keys[parent] = keys[parent], keys[pos]
            pos = parent
        else:
            return


@njit(cache=True)
def _top(v, w, weighted, x, threshold, k, dead, comp, span_tol):
    """The scan behind :func:`top_excess` and :func:`top_weighted_excess`:
    excess ``v[S] - x(S)``, divided by ``w[S]`` when `weighted` (`w` is not
    read otherwise)."""
    h, lo, hi = _split(x)
    nlo = 1 << h
    test_span = comp.shape[1] > 0
    vals = np.empty(k)
    keys = np.empty(k, dtype=np.int64)
    size = 0
    bar = threshold
    for t in range(hi.size):
        base = t << h
        xt = hi[t]
        for s in range(nlo):
            m = base | s
            if weighted:
                # a dead coalition's weight may be meaningless: skip it first
                if dead[m] != 0:
                    continue
                e = (v[m] - (xt + lo[s])) / w[m]
                if not e > bar:
                    continue
            else:
                e = v[m] - (xt + lo[s])
                if not (e > bar and dead[m] == 0):
                    continue
            if test_span and _in_span(m, comp, span_tol):
                dead[m] = 1
                continue
            if size < k:
                vals[size] = e
                keys[size] = m
                _sift_up(vals, keys, size)
                size += 1
            else:
                vals[0] = e
                keys[0] = m
                _sift_down(vals, keys, size, 0)
            if size == k:
                bar = max(threshold, vals[0])
    order = np.argsort(-vals[:size], kind="mergesort")
    return keys[:size][order], vals[:size][order]


@njit(cache=True)
def top_excess(v, x, threshold, k, dead, comp, span_tol):
    """The (at most) `k` coalitions of largest excess above `threshold`.

    Parameters
    ----------
    v : float64[2**n]
        Worths in bitmask order.
    x : float64[n]
        Allocation.
    threshold : float
        Only coalitions with ``v[S] - x(S) > threshold`` are candidates.
    k : int
        How many to return at most.
    dead : uint8[2**n]
        Coalitions to skip (non-zero entries). Updated in place: a candidate
        found to lie in the span tested with `comp` is marked dead.
    comp : float64[n, r]
        Orthonormal basis of the orthogonal complement of a subspace; a
        candidate whose indicator lies in the subspace (all ``r`` projections
        within `span_tol` of zero) is skipped and marked dead. ``r = 0``
        skips the test.
    span_tol : float

    Returns
    -------
    masks : int64[m]
        Bitmasks of the ``m <= k`` coalitions found, largest excess first.
    values : float64[m]
        Their excesses.
    """
    return _top(v, v, False, x, threshold, k, dead, comp, span_tol)


@njit(cache=True)
def sorted_excess_prefix(v, x, count):
    """The `count` largest excesses over the proper non-empty coalitions,
    largest first, with their bitmasks (ties in no particular order)."""
    n = x.size
    full = (1 << n) - 1
    dead = np.zeros(1 << n, dtype=np.uint8)
    dead[0] = 1
    dead[full] = 1
    comp = np.empty((n, 0))
    return top_excess(v, x, -np.inf, count, dead, comp, 0.0)


@njit(cache=True)
def top_weighted_excess(v, w, x, threshold, k, dead, comp, span_tol):
    """The (at most) `k` coalitions of largest weighted excess
    ``(v[S] - x(S)) / w[S]`` above `threshold`.

    The same scan as :func:`top_excess`, with one weight per coalition
    (``w``: float64[2**n], positive wherever ``dead`` is zero). Returns the
    bitmasks, largest weighted excess first, and their weighted excesses.
    """
    return _top(v, w, True, x, threshold, k, dead, comp, span_tol)
