"""Kernels that draw and accumulate coalitions: strata, KernelSHAP rows, SVARM layers.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .rng import _below, _mark_random_subset, _state

__all__ = ['stratified_rows', 'kernel_rows', 'permute_index', 'unrank', 'binomials', 'group_stats', 'combo_rows', 'dense_rows', 'row_sums', 'layer_rows', 'svarm_accumulate']


@njit(cache=True, nogil=True)
def stratified_rows(n, player, size, count, seed):
    """Coalitions for stratified sampling by position.

    For stratum ``t`` draw ``count[t]`` uniform coalitions of ``size[t]``
    players among the others than ``player[t]``. Returns the boolean rows
    and, per row, the stratum index.
    """
    s = _state(seed)
    total = 0
    for t in range(count.size):
        total += count[t]
    rows = np.zeros((total, n), dtype=np.bool_)
    which = np.empty(total, dtype=np.int64)
    pool = np.empty(max(n - 1, 1), dtype=np.int64)
    last = -1
    r = 0
    for t in range(count.size):
        i = player[t]
        k = size[t]
        if i != last:
            c = 0
            for j in range(n):
                if j != i:
                    pool[c] = j
                    c += 1
            last = i
        for _ in range(count[t]):
            _mark_random_subset(s, pool, n - 1, k, rows[r])
            which[r] = t
            r += 1
    return rows, which


@njit(cache=True, nogil=True)
def _mix(x):
    """splitmix64's finaliser: a bijective 64-bit hash."""
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


@njit(cache=True, nogil=True)
def permute_index(j, N, h, keys):
    """A keyed bijection of ``range(N)`` (``N <= 4**h``): a four-round Feistel
    network on ``2 h`` bits, walked until it lands inside the range. Distinct
    ``j`` give distinct results, so taking ``j = 0, 1, 2, ...`` draws without
    replacement."""
    mask = (np.uint64(1) << np.uint64(h)) - np.uint64(1)
    x = np.uint64(j)
    while True:
        left = x >> np.uint64(h)
        right = x & mask
        for r in range(4):
            f = _mix(right ^ keys[r]) & mask
            left, right = right, left ^ f
        x = (left << np.uint64(h)) | right
        if x < np.uint64(N):
            return np.int64(x)


@njit(cache=True, nogil=True)
def binomials(n):
    """Table ``C[e, r]`` of binomial coefficients for ``e, r <= n`` (n <= 62)."""
    C = np.zeros((n + 1, n + 1), dtype=np.int64)
    for e in range(n + 1):
        C[e, 0] = 1
        for r in range(1, e + 1):
            C[e, r] = C[e - 1, r - 1] + C[e - 1, r]
    return C


@njit(cache=True, nogil=True)
def unrank(x, n_items, k, C, row, offset):
    """Mark in ``row`` the ``x``-th ``k``-subset of items ``offset ..
    offset + n_items - 1`` (combinatorial number system)."""
    r = k
    for e in range(n_items - 1, -1, -1):
        if r == 0:
            break
        c = C[e, r]
        if x >= c:
            row[offset + e] = True
            x -= c
            r -= 1


@njit(cache=True, nogil=True)
def kernel_rows(n, sizes, lo, hi, distinct, N, h, keys, seed):
    """Paired coalitions for the regression estimator, size by size.

    For size ``t``: the draws ``lo[t] .. hi[t] - 1`` of that size, each a
    coalition and its complement (consecutive rows). With ``distinct[t]`` draw
    ``j`` is the ``permute_index(j)``-th coalition of the size, so the draws
    of all chunks are distinct (sampling without replacement); otherwise a
    uniform random coalition. When ``2 sizes[t] == n`` only the coalitions
    that contain player 0 are indexed (their complements are the others).
    Returns the rows and the size index of each row.
    """
    s = _state(seed)
    total = 0
    for t in range(sizes.size):
        total += hi[t] - lo[t]
    rows = np.zeros((2 * total, n), dtype=np.bool_)
    which = np.empty(2 * total, dtype=np.int64)
    C = binomials(min(n, 62))
    pool = np.arange(n)
    r = 0
    for t in range(sizes.size):
        k = sizes[t]
        for j in range(lo[t], hi[t]):
            if distinct[t]:
                x = permute_index(j, N[t], h[t], keys[t])
                if 2 * k == n:
                    rows[r, 0] = True
                    unrank(x, n - 1, k - 1, C, rows[r], 1)
                else:
                    unrank(x, n, k, C, rows[r], 0)
            else:
                for u in range(k):
                    q = u + _below(s, n - u)
                    tmp = pool[u]
                    pool[u] = pool[q]
                    pool[q] = tmp
                    rows[r, pool[u]] = True
            for u in range(n):
                rows[r + 1, u] = not rows[r, u]
            which[r] = t
            which[r + 1] = t
            r += 2
    return rows, which


@njit(cache=True, nogil=True)
def group_stats(vals, which, n_groups):
    """Count, mean, centred sum of squares, min and max of ``vals`` per group id."""
    cnt = np.zeros(n_groups, dtype=np.int64)
    shift = np.zeros(n_groups)
    s1 = np.zeros(n_groups)
    s2 = np.zeros(n_groups)
    lo = np.full(n_groups, np.inf)
    hi = np.full(n_groups, -np.inf)
    for r in range(vals.size):
        g = which[r]
        x = vals[r]
        if cnt[g] == 0:
            shift[g] = x
        d = x - shift[g]
        s1[g] += d
        s2[g] += d * d
        cnt[g] += 1
        if x < lo[g]:
            lo[g] = x
        if x > hi[g]:
            hi[g] = x
    mean = np.zeros(n_groups)
    m2 = np.zeros(n_groups)
    for g in range(n_groups):
        if cnt[g] > 0:
            mean[g] = shift[g] + s1[g] / cnt[g]
            v = s2[g] - s1[g] * s1[g] / cnt[g]
            m2[g] = v if v > 0.0 else 0.0
    return cnt, mean, m2, lo, hi


@njit(cache=True, nogil=True)
def combo_rows(n, comb, max_rows):
    """Fill up to ``max_rows`` rows with the successive ``k``-subsets of
    ``range(n)`` in lexicographic order, starting at ``comb`` (k sorted
    positions, advanced in place). Returns the rows and whether more remain."""
    k = comb.size
    rows = np.zeros((max_rows, n), dtype=np.bool_)
    r = 0
    more = True
    while r < max_rows:
        for u in range(k):
            rows[r, comb[u]] = True
        r += 1
        # next combination
        u = k - 1
        while u >= 0 and comb[u] == n - k + u:
            u -= 1
        if u < 0:
            more = False
            break
        comb[u] += 1
        for w in range(u + 1, k):
            comb[w] = comb[w - 1] + 1
    return rows[:r], more


@njit(cache=True, nogil=True)
def dense_rows(table, rows):
    """Worth of the coalition in each row of a boolean matrix (k, n), read
    from a dense table by bitmask: the ``DENSE`` branch of
    ``incremental.evaluate_rows`` on its own, so a dense game does not
    compile the structured games' branches."""
    m, n = rows.shape
    out = np.empty(m)
    for r in range(m):
        mask = np.int64(0)
        for j in range(n):
            if rows[r, j]:
                mask |= np.int64(1) << j
        out[r] = table[mask]
    return out


@njit(cache=True, nogil=True)
def row_sums(rows, vals):
    """``out[j] = sum of vals[r] over the rows r that contain j``."""
    m, n = rows.shape
    out = np.zeros(n)
    for r in range(m):
        v = vals[r]
        for j in range(n):
            if rows[r, j]:
                out[j] += v
    return out


@njit(cache=True, nogil=True)
def layer_rows(n, size, count, target, side, seed):
    """Coalitions drawn size by size, for the stratified SVARM estimator.

    For each request ``t`` draw ``count[t]`` coalitions of ``size[t]``
    players: uniformly among all of them when ``target[t] < 0``, else
    uniformly among those that contain (``side[t] == 1``) or leave out
    (``side[t] == 0``) player ``target[t]``. Returns the rows and the request
    index of each row.
    """
    s = _state(seed)
    total = 0
    for t in range(count.size):
        total += count[t]
    rows = np.zeros((total, n), dtype=np.bool_)
    which = np.empty(total, dtype=np.int64)
    pool = np.arange(n)
    r = 0
    for t in range(count.size):
        k = size[t]
        i = target[t]
        for _ in range(count[t]):
            if i < 0:
                lim = n
                need = k
            else:
                # move i to the end of the pool and draw from the others
                for u in range(n):
                    if pool[u] == i:
                        pool[u] = pool[n - 1]
                        pool[n - 1] = i
                        break
                lim = n - 1
                need = k - 1 if side[t] == 1 else k
                if side[t] == 1:
                    rows[r, i] = True
            _mark_random_subset(s, pool, lim, need, rows[r])
            which[r] = t
            r += 1
    return rows, which


@njit(cache=True, nogil=True)
def svarm_accumulate(rows, vals, layer, only, n_layers):
    """Per layer and player, moments of the worths of the coalitions that
    contain the player ("in") and of those that leave it out ("out").

    ``layer[r]`` is the layer index of row ``r``; ``only[r] >= 0`` makes the
    row count for that player alone (a targeted draw). Returns counts, means
    and centred sums of squares, each of shape (2, n_layers, n) with index 0
    = in, 1 = out, and the smallest and largest worth per layer.
    """
    m, n = rows.shape
    cnt = np.zeros((2, n_layers, n), dtype=np.int64)
    s1 = np.zeros((2, n_layers, n))
    s2 = np.zeros((2, n_layers, n))
    shift = np.zeros(n_layers)
    seen = np.zeros(n_layers, dtype=np.bool_)
    lo = np.full(n_layers, np.inf)
    hi = np.full(n_layers, -np.inf)
    for r in range(m):
        L = layer[r]
        v = vals[r]
        if not seen[L]:
            shift[L] = v
            seen[L] = True
        if v < lo[L]:
            lo[L] = v
        if v > hi[L]:
            hi[L] = v
        d = v - shift[L]
        dd = d * d
        o = only[r]
        if o >= 0:
            side = 0 if rows[r, o] else 1
            cnt[side, L, o] += 1
            s1[side, L, o] += d
            s2[side, L, o] += dd
        else:
            for i in range(n):
                side = 0 if rows[r, i] else 1
                cnt[side, L, i] += 1
                s1[side, L, i] += d
                s2[side, L, i] += dd
    mean = np.zeros((2, n_layers, n))
    m2 = np.zeros((2, n_layers, n))
    for a in range(2):
        for L in range(n_layers):
            for i in range(n):
                c = cnt[a, L, i]
                if c > 0:
                    mean[a, L, i] = shift[L] + s1[a, L, i] / c
                    v = s2[a, L, i] - s1[a, L, i] * s1[a, L, i] / c
                    m2[a, L, i] = v if v > 0.0 else 0.0
    return cnt, mean, m2, lo, hi
