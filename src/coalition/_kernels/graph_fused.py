"""The exact Myerson value without a restricted table: restricted worths summed as they are computed, block by block.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .exact import add_block_total, add_low_bit_sums, popcount, size_weighted_bit_sums
from .graph import neighbour_tables, restrict_table

__all__ = ['restricted_size_weighted_bit_sums', 'FUSED_BLOCK_BITS']


# Semivalues of the restricted game without its table
# Block size of restricted_size_weighted_bit_sums. Larger than
# exact._BLOCK_BITS: each block costs k level loops and a component search
# of its own high players besides its entries; 2**12 entries (32 KiB
# buffers) measured fastest at n = 20.
FUSED_BLOCK_BITS = 12


@njit(cache=True)
def _component(s, start, lo, hi, kn):
    """Component of the players ``start`` inside ``s``, grown breadth-first
    with the split neighbour tables of :func:`neighbour_tables` (split at
    ``kn`` bits)."""
    knmask = (1 << kn) - 1
    c = start
    f = start
    while f:
        nb = (lo[f & knmask] | hi[f >> kn]) & s & ~c
        c |= nb
        f = nb
    return c


@njit(cache=True)
def _high_table(v, n, k, lo, hi, kn):
    """Restricted worths of the sets of high players (positions ``k`` and
    up): ``rh[h]`` is that of the coalition ``h << k``."""
    m = 1 << (n - k)
    rh = np.empty(m)
    rh[0] = 0.0
    for h in range(1, m):
        s = h << k
        c = _component(s, s & -s, lo, hi, kn)
        rh[h] = v[c] + rh[(s ^ c) >> k]
    return rh


@njit(cache=True)
def _rest_worth(v, s, k, t0, rh, lo, hi, kn):
    """Restricted worth of any coalition ``s``: the components that join its
    low and its high players are summed one by one; once no link is left
    between the two parts, they are read off ``t0`` (restricted worths of
    the sets of low players) and ``rh`` (of the sets of high players)."""
    knmask = (1 << kn) - 1
    lomask = (1 << k) - 1
    tot = 0.0
    while True:
        low = s & lomask
        high = s & ~lomask
        x = (lo[low & knmask] | hi[low >> kn]) & high
        if x == 0:
            return tot + rh[high >> k] + t0[low]
        c = _component(s, x & -x, lo, hi, kn)
        tot += v[c]
        s ^= c


# The level loops of _restricted_block: entries l = bit + sp (sp < bit) for
# one low player j (bit = 2**j); "free": j has no neighbour among the high
# players of the block, "linked": it has one. Branch-free, so that they
# vectorise. An entry that the two cheap rules do not settle is counted and
# given 0 for now (_level_fix sets it). The top level (j = k - 1) is read by
# no later entry: its loops store no worth and no flag, and add the weighted
# worths straight into wb[sp], the first halving step of the block's total.
@njit(cache=True)
def _level_free(r, v, conn, th, wh, wb, bit, off, ajl, vj):
    nbad = 0
    for sp in range(bit):
        l = bit + sp
        ni = np.uint8((ajl & sp) != 0)
        cs = conn[sp]
        bad = ni & (cs ^ np.uint8(1))
        x = r[sp] + vj
        y = v[off + sp]
        val = y if ni else x
        val = 0.0 if bad else val
        r[l] = val
        conn[l] = cs & ni
        th[l] += val
        wb[l] = wh[l] * val
        nbad += bad
    return nbad


@njit(cache=True)
def _level_linked(r, v, conn, th, wh, wb, bit, off):
    nbad = 0
    for sp in range(bit):
        l = bit + sp
        cs = conn[sp]
        y = v[off + sp]
        val = y if cs else 0.0
        r[l] = val
        conn[l] = cs
        th[l] += val
        wb[l] = wh[l] * val
        nbad += cs ^ np.uint8(1)
    return nbad


@njit(cache=True)
def _top_free(r, v, conn, th, wh, wb, bit, off, ajl, vj):
    nbad = 0
    for sp in range(bit):
        l = bit + sp
        ni = np.uint8((ajl & sp) != 0)
        cs = conn[sp]
        bad = ni & (cs ^ np.uint8(1))
        x = r[sp] + vj
        y = v[off + sp]
        val = y if ni else x
        val = 0.0 if bad else val
        th[l] += val
        wb[sp] += wh[l] * val
        nbad += bad
    return nbad


@njit(cache=True)
def _top_linked(r, v, conn, th, wh, wb, bit, off):
    nbad = 0
    for sp in range(bit):
        l = bit + sp
        cs = conn[sp]
        y = v[off + sp]
        val = y if cs else 0.0
        th[l] += val
        wb[sp] += wh[l] * val
        nbad += cs ^ np.uint8(1)
    return nbad


@njit(cache=True)
def _level_fix(v, base, bit, free, ajl, k, t0, rh, lo, hi, kn, r, conn, th, wh, wb, top):
    """Set the entries of one level that the level loop left: ``j`` has a
    neighbour in ``S - j``, which is not connected. The component ``C`` of
    ``j`` is grown; ``S - C`` is in this block (``C`` has no high player:
    ``r[l - C]``) or is summed by :func:`_rest_worth`."""
    highmask = ~((1 << k) - 1)
    for sp in range(bit):
        if conn[sp] or (free and (ajl & sp) == 0):
            continue
        l = sp | bit
        s = base | l
        c = _component(s, bit, lo, hi, kn)
        if (c & highmask) == 0:
            x = v[c] + r[l ^ c]
        else:
            x = v[c] + _rest_worth(v, s ^ c, k, t0, rh, lo, hi, kn)
        th[l] += x
        if top:
            wb[sp] += wh[l] * x
        else:
            r[l] = x
            wb[l] = wh[l] * x
            conn[l] = c == s


@njit(cache=True)
def _restricted_block(v, adj, h, k, t0, rh, lo, hi, kn, r, conn, th, wh, wb):
    """Restricted worths of the coalitions ``(h << k) | l`` (``h >= 1``, all
    ``l < 2**k``), added to ``th``, with their ``wh``-weighted total left in
    ``wb[:2**(k-1)]`` (to be halved). Returns how many entries needed a
    component search.

    Entries are visited by their highest low player ``j`` (``S = S' + j``,
    ``S'`` already done), keeping a "connected" flag per entry:

    * ``j`` has no neighbour in ``S'``: ``r(S) = r(S') + v({j})``;
    * it has one and ``S'`` is connected: ``r(S) = v(S)``;
    * otherwise :func:`_level_fix`.
    """
    base = h << k
    lomask = (1 << k) - 1
    c = _component(base, base & -base, lo, hi, kn)
    r0 = rh[h]
    r[0] = r0
    conn[0] = c == base
    th[0] += r0
    wb[0] = wh[0] * r0
    n_fix = 0
    for j in range(k):
        bit = 1 << j
        aj = adj[j]
        ajl = aj & lomask
        free = (aj & base) == 0
        top = j == k - 1
        off = base + bit
        if free and top:
            nbad = _top_free(r, v, conn, th, wh, wb, bit, off, ajl, v[bit])
        elif free:
            nbad = _level_free(r, v, conn, th, wh, wb, bit, off, ajl, v[bit])
        elif top:
            nbad = _top_linked(r, v, conn, th, wh, wb, bit, off)
        else:
            nbad = _level_linked(r, v, conn, th, wh, wb, bit, off)
        if nbad:
            _level_fix(v, base, bit, free, ajl, k, t0, rh, lo, hi, kn, r, conn, th, wh, wb, top)
            n_fix += nbad
    return n_fix


@njit(cache=True)
def restricted_size_weighted_bit_sums(v, n, adj, a, b, k, max_fix):
    """:func:`coalition._kernels.exact.size_weighted_bit_sums` of the
    graph-restricted table of ``v`` (``r[S]`` = sum of ``v[C]`` over the
    connected components ``C`` of ``S``; ``adj``: neighbour masks), without
    building that table. Returns ``sums, total, fused``.

    The coalitions are taken in blocks of ``2**k`` (``1 <= k <= n``) that
    share their high players. The sets of low players (``t0``) come from
    :func:`restrict_table` on ``k`` players, the sets of high players from
    :func:`_high_table`; every other block is computed into a buffer by
    :func:`_restricted_block` and summed into the semivalue at once, as
    ``size_weighted_bit_sums`` sums a block of the table (row
    ``popcount(h)`` of ``t`` for the low players, the block's ``a``-weighted
    total for the high ones). The pass reads ``v`` once, a block of
    ``2**k`` consecutive worths at a time, and writes nothing of size
    ``2**n``. The worths are sums of worths of
    components (never differences), so the result is that of the table up
    to the order of the additions.

    That pays where few coalitions need a component search (stars, dense
    graphs). The blocks come in a scrambled order, and if more than
    ``max_fix`` (a share) of the entries of the first blocks (1/16 of them,
    at most 8) needed one, the kernel falls back to :func:`restrict_table`
    and ``size_weighted_bit_sums`` (which keeps every restricted worth, so
    the rest of a coalition is one look-up) and returns ``fused = False``.
    """
    size = 1 << k
    half = size >> 1
    n_rows = n - k + 1
    n_blocks = 1 << (n - k)
    lo, hi = neighbour_tables(adj, n)
    kn = n // 2
    t0 = restrict_table(v, k, adj)
    low_pc = np.empty(size, dtype=np.int64)
    for l in range(size):
        low_pc[l] = popcount(l)
    # wa[rr, l] = a[rr + popcount(l)]: the weight of entry l of a block with
    # rr high players.
    wa = np.empty((n_rows, size))
    for rr in range(n_rows):
        for l in range(size):
            wa[rr, l] = a[rr + low_pc[l]]
    t = np.zeros((n_rows, size))
    sums = np.zeros(n)
    for l in range(size):
        t[0, l] = t0[l]
    if n_blocks > 1:
        rh = _high_table(v, n, k, lo, hi, kn)
        r = np.empty(size)
        conn = np.empty(size, dtype=np.uint8)
        wb = np.empty(size)
        probe = max(1, min(8, n_blocks >> 4))
        allowed = max_fix * (probe * size)
        n_fix = 0
        # h = i * step (mod n_blocks), step odd: each block once, scrambled
        step = (0x9E3779B1 & (n_blocks - 1)) | 1
        for i in range(1, n_blocks):
            h = (i * step) & (n_blocks - 1)
            rr = popcount(h)
            n_fix += _restricted_block(v, adj, h, k, t0, rh, lo, hi, kn, r, conn, t[rr], wa[rr], wb)
            if i <= probe and i < n_blocks - 1 and n_fix > allowed:
                s2, tot2 = size_weighted_bit_sums(restrict_table(v, n, adj), n, a, b)
                return s2, tot2, False
            add_block_total(wb, half, h, k, sums)
    total = add_low_bit_sums(t, wa, b, low_pc, k, sums)
    return sums, total, True
