"""Exact kernels over a dense table indexed by bitmask (bit i = player i)."""

from __future__ import annotations

import numpy as np
from numba import njit

# Block size for the semivalue kernel: the table is read in blocks of
# 2**_BLOCK_BITS entries (16 KiB); the scratch is two tables of
# (n - _BLOCK_BITS + 1) rows of one block each, which stay in L2 cache.
_BLOCK_BITS = 11


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
    ``sums - total``.

    The table is read once, in order, as blocks of ``2**k`` entries
    (``k = min(n, _BLOCK_BITS)``): a coalition is a block index ``h`` (its
    high bits) and an offset ``l`` (its low bits), and its weight depends on
    ``popcount(h) + popcount(l)`` only. Two things are kept per block:

    * the block is added, entry by entry, to row ``popcount(h)`` of a table
      ``t`` of ``n - k + 1`` rows; at the end the sums of the low bits and
      ``total`` are read off ``t`` (O(n 2**k) work), since the weight of
      ``t[r, l]`` is a function of ``r + popcount(l)``;
    * the block's ``a``-weighted total, summed by halving (vector adds, no
      serial chain), is added to the sums of the high bits set in ``h``.

    Every inner loop is element-wise, so it vectorises; the pass is
    O(2**n) additions and bound by memory bandwidth, with
    O(n 2**_BLOCK_BITS) scratch.
    """
    k = min(n, _BLOCK_BITS)
    size = 1 << k
    half = size >> 1
    n_rows = n - k + 1
    low_pc = np.empty(size, dtype=np.int64)
    for l in range(size):
        low_pc[l] = popcount(l)
    # wa[r, l] = a[r + popcount(l)]: the weight of entry l of a block whose
    # index has r bits set.
    wa = np.empty((n_rows, size))
    for r in range(n_rows):
        for l in range(size):
            wa[r, l] = a[r + low_pc[l]]
    t = np.zeros((n_rows, size))
    sums = np.zeros(n)
    if n == k:
        for l in range(size):
            t[0, l] = v[l]
    else:
        buf = np.empty(half)
        for h in range(1 << (n - k)):
            base = h << k
            r = popcount(h)
            vb = v[base:base + size]
            th = t[r]
            wh = wa[r]
            for l in range(half):
                x = vb[l]
                y = vb[half + l]
                th[l] += x
                th[half + l] += y
                buf[l] = wh[l] * x + wh[half + l] * y
            add_block_total(buf, half, h, k, sums)
    total = add_low_bit_sums(t, wa, b, low_pc, k, sums)
    return sums, total


@njit(cache=True)
def add_block_total(buf, half, h, k, sums):
    """Sum ``buf[:half]`` by halving (vector adds, no serial chain) and add the
    block's total to the sums of the high players whose bits are set in ``h``
    (the block index; its bit 0 is player ``k``)."""
    m = half >> 1
    while m > 0:
        for l in range(m):
            buf[l] += buf[m + l]
        m >>= 1
    block_total = buf[0]
    j = k
    while h:
        if h & 1:
            sums[j] += block_total
        h >>= 1
        j += 1


@njit(cache=True)
def add_low_bit_sums(t, wa, b, low_pc, k, sums):
    """Finish a blocked semivalue pass: weight the per-row block sums ``t`` by
    ``wa``, fold the weighted offsets bit by bit into the sums of the ``k`` low
    players, and return the ``b``-weighted total."""
    size = 1 << k
    acc = np.zeros(size)
    total = 0.0
    for r in range(t.shape[0]):
        for l in range(size):
            x = t[r, l]
            acc[l] += wa[r, l] * x
            total += b[r + low_pc[l]] * x
    m = size >> 1
    bit = k - 1
    while m > 0:
        s = 0.0
        for l in range(m):
            x = acc[m + l]
            s += x
            acc[l] += x
        sums[bit] += s
        m >>= 1
        bit -= 1
    return total


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
    to the weights of its members.

    The weights of a coalition are divided by its largest before they are
    summed, so that positive weights of any magnitude (near the largest
    float or the smallest) give shares without overflow or 0/0."""
    phi = np.zeros(n)
    m = d.shape[0]
    for s in range(1, m):
        ds = d[s]
        if ds == 0.0:
            continue
        top = 0.0
        r = s
        i = 0
        while r:
            if r & 1 and w[i] > top:
                top = w[i]
            r >>= 1
            i += 1
        tot = 0.0
        r = s
        i = 0
        while r:
            if r & 1:
                tot += w[i] / top
            r >>= 1
            i += 1
        r = s
        i = 0
        while r:
            if r & 1:
                phi[i] += ds * ((w[i] / top) / tot)
            r >>= 1
            i += 1
    return phi
