"""Exact kernels over a dense table indexed by bitmask (bit i = player i)."""

from __future__ import annotations

import numpy as np
from numba import njit

# Block size for the semivalue kernel: 2**_BLOCK_BITS float64 of scratch (32 KiB).
_BLOCK_BITS = 12


@njit(cache=True)
def popcount(x):
    """Number of set bits of a non-negative int64."""
    x = x - ((x >> 1) & 0x5555555555555555)
    x = (x & 0x3333333333333333) + ((x >> 2) & 0x3333333333333333)
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0F
    return (x * 0x0101010101010101) >> 56


@njit(cache=True)
def size_weighted_bit_sums(v, n, a, b):
    """Return ``sums, total`` with ``sums[i] = sum_{S contains i} a[|S|] v[S]``
    and ``total = sum_S b[|S|] v[S]``.

    Every semivalue is such a pair: with ``p(s)`` the weight of a marginal
    contribution to a coalition of size ``s`` (``p(n) = 0``), taking
    ``a[s] = p(s - 1) + p(s)`` and ``b[s] = p(s)`` gives the value
    ``sums - total``. The table is read once, in order, in blocks of
    ``2**_BLOCK_BITS`` entries; within a block the per-bit sums are folded in
    place (a block of 2**k entries costs 2**(k+1) additions), and each block's
    total is added to the players of its high bits, so the whole pass is
    O(2**n) with O(1) scratch.
    """
    k = min(n, _BLOCK_BITS)
    size = 1 << k
    n_blocks = 1 << (n - k)
    sums = np.zeros(n)
    total = 0.0
    low_pc = np.empty(size, dtype=np.int64)
    for l in range(size):
        low_pc[l] = popcount(l)
    buf = np.empty(size)
    for h in range(n_blocks):
        base = h << k
        hp = popcount(h)
        block_total = 0.0
        for l in range(size):
            s = hp + low_pc[l]
            val = v[base + l]
            t = a[s] * val
            buf[l] = t
            block_total += t
            total += b[s] * val
        half = size >> 1
        bit = k - 1
        while half > 0:
            acc = 0.0
            for l in range(half):
                t = buf[half + l]
                acc += t
                buf[l] += t
            sums[bit] += acc
            half >>= 1
            bit -= 1
        hh = h
        j = k
        while hh:
            if hh & 1:
                sums[j] += block_total
            hh >>= 1
            j += 1
    return sums, total


@njit(cache=True)
def moebius(v, n):
    """Harsanyi dividends: the Moebius transform of ``v`` (a new array)."""
    d = v.copy()
    m = d.shape[0]
    for i in range(n):
        bit = 1 << i
        for s in range(m):
            if s & bit:
                d[s] -= d[s ^ bit]
    return d


@njit(cache=True)
def weighted_shapley_from_dividends(d, n, w):
    """Kalai-Samet weighted Shapley value: each dividend shared in proportion
    to the weights of its members."""
    phi = np.zeros(n)
    m = d.shape[0]
    for s in range(1, m):
        ds = d[s]
        if ds == 0.0:
            continue
        tot = 0.0
        r = s
        i = 0
        while r:
            if r & 1:
                tot += w[i]
            r >>= 1
            i += 1
        r = s
        i = 0
        while r:
            if r & 1:
                phi[i] += ds * w[i] / tot
            r >>= 1
            i += 1
    return phi
