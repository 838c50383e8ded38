"""Monte Carlo Shapley kernels: random permutations, strata and coalitions.

Randomness comes from xoshiro256** (Blackman and Vigna 2021) seeded with four
64-bit words that the Python layer draws from ``numpy.random.SeedSequence``
for each fixed-size chunk, so a chunk's result depends on its seed alone and
never on the thread that runs it. Bounded integers use Lemire's (2019)
multiply-and-reject method, so permutations and subsets are exactly uniform.

Every kernel returns plain sums (or means and centred second moments) per
chunk; the Python layer merges chunks in chunk order.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .incremental import walk

__all__ = [
    "dense_permutations",
    "incremental_permutations",
    "random_permutations",
    "stratified_rows",
    "kernel_rows",
    "permute_index",
    "unrank",
    "binomials",
    "kernel_accumulate",
    "group_stats",
    "combo_rows",
    "row_sums",
    "moment_stats",
    "layer_rows",
    "svarm_accumulate",
]

_MASK32 = np.uint64(0xFFFFFFFF)
_TWO32 = np.uint64(0x100000000)
# Permutations walked side by side in the dense kernel: their table reads are
# independent, so the processor overlaps the cache misses.
_LANES = 8


@njit(cache=True, nogil=True)
def _rotl(x, k):
    return (x << np.uint64(k)) | (x >> np.uint64(64 - k))


@njit(cache=True, nogil=True)
def _next(s):
    result = _rotl(s[1] * np.uint64(5), 7) * np.uint64(9)
    t = s[1] << np.uint64(17)
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = _rotl(s[3], 45)
    return result


@njit(cache=True, nogil=True)
def _below(s, bound):
    """Uniform integer in [0, bound) for 1 <= bound < 2**32 (Lemire 2019)."""
    ub = np.uint64(bound)
    x = _next(s) >> np.uint64(32)
    m = x * ub
    low = m & _MASK32
    if low < ub:
        t = (_TWO32 - ub) % ub
        while low < t:
            x = _next(s) >> np.uint64(32)
            m = x * ub
            low = m & _MASK32
    return np.int64(m >> np.uint64(32))


@njit(cache=True, nogil=True)
def _mark_random_subset(s, pool, size, k, row):
    """Partial Fisher-Yates shuffle: move ``k`` uniform draws without
    replacement from ``pool[:size]`` to its front and mark them in ``row``."""
    for u in range(k):
        j = u + _below(s, size - u)
        tmp = pool[u]
        pool[u] = pool[j]
        pool[j] = tmp
        row[pool[u]] = True


@njit(cache=True, nogil=True)
def _uniform(s):
    return np.float64(_next(s) >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@njit(cache=True, nogil=True)
def _state(seed):
    s = np.empty(4, dtype=np.uint64)
    for k in range(4):
        s[k] = seed[k]
    if s[0] == 0 and s[1] == 0 and s[2] == 0 and s[3] == 0:
        s[0] = np.uint64(0x9E3779B97F4A7C15)
    return s


@njit(cache=True, nogil=True)
def _shuffle(perm, s):
    """Fisher-Yates: a uniform permutation whatever ``perm`` held before."""
    n = perm.size
    for i in range(n - 1, 0, -1):
        j = _below(s, i + 1)
        tmp = perm[i]
        perm[i] = perm[j]
        perm[j] = tmp


@njit(cache=True, nogil=True)
def _finish(shift, s1, s2, count, lo, hi):
    n = shift.size
    mean = np.empty(n)
    m2 = np.empty(n)
    for i in range(n):
        mean[i] = shift[i] + s1[i] / count
        v = s2[i] - s1[i] * s1[i] / count
        m2[i] = v if v > 0.0 else 0.0
    return mean, m2, lo, hi


@njit(cache=True, nogil=True)
def dense_permutations(table, n, n_samples, seed, antithetic):
    """Marginal contributions along random permutations of a dense table.

    Returns ``mean, m2`` per player over ``n_samples`` samples (a sample is
    one permutation, or with ``antithetic`` the average of a permutation and
    its reverse; ``m2`` is the centred sum of squares), and each player's
    smallest and largest sample.
    """
    s = _state(seed)
    L = _LANES
    lanes = 2 * L if antithetic else L
    perm = np.empty((L, n), dtype=np.int64)
    for l in range(L):
        for i in range(n):
            perm[l, i] = i
    marg = np.zeros((lanes, n))
    masks = np.zeros(lanes, dtype=np.int64)
    prev = np.zeros(lanes)
    shift = np.zeros(n)
    s1 = np.zeros(n)
    s2 = np.zeros(n)
    lo = np.full(n, np.inf)
    hi = np.full(n, -np.inf)
    done = 0
    first = True
    one = np.int64(1)
    while done < n_samples:
        cnt = min(L, n_samples - done)
        for l in range(cnt):
            _shuffle(perm[l], s)
        for l in range(lanes):
            masks[l] = 0
            prev[l] = 0.0
        for t in range(n):
            for l in range(cnt):
                p = perm[l, t]
                mk = masks[l] | (one << p)
                masks[l] = mk
                v = table[mk]
                marg[l, p] = v - prev[l]
                prev[l] = v
            if antithetic:
                for l in range(cnt):
                    p = perm[l, n - 1 - t]
                    mk = masks[L + l] | (one << p)
                    masks[L + l] = mk
                    v = table[mk]
                    marg[L + l, p] = v - prev[L + l]
                    prev[L + l] = v
        for l in range(cnt):
            if first:
                for i in range(n):
                    shift[i] = 0.5 * (marg[l, i] + marg[L + l, i]) if antithetic else marg[l, i]
                first = False
            for i in range(n):
                y = 0.5 * (marg[l, i] + marg[L + l, i]) if antithetic else marg[l, i]
                d = y - shift[i]
                s1[i] += d
                s2[i] += d * d
                lo[i] = min(lo[i], y)
                hi[i] = max(hi[i], y)
        done += cnt
    return _finish(shift, s1, s2, n_samples, lo, hi)


@njit(cache=True, nogil=True)
def incremental_permutations(kid, fpar, a, b, indptr, nbr, wt, bkid, gptr, gnbr, n, n_samples, seed, antithetic):
    """As :func:`dense_permutations` for a structured game (incremental kernel)."""
    s = _state(seed)
    perm = np.arange(n)
    inside = np.zeros(n, dtype=np.bool_)
    marg = np.zeros(n)
    back = np.zeros(n)
    shift = np.zeros(n)
    s1 = np.zeros(n)
    s2 = np.zeros(n)
    lo = np.full(n, np.inf)
    hi = np.full(n, -np.inf)
    for r in range(n_samples):
        _shuffle(perm, s)
        walk(kid, perm, False, marg, inside, fpar, a, b, indptr, nbr, wt, bkid, gptr, gnbr)
        if antithetic:
            walk(kid, perm, True, back, inside, fpar, a, b, indptr, nbr, wt, bkid, gptr, gnbr)
            for i in range(n):
                marg[i] = 0.5 * (marg[i] + back[i])
        if r == 0:
            for i in range(n):
                shift[i] = marg[i]
        for i in range(n):
            y = marg[i]
            d = y - shift[i]
            s1[i] += d
            s2[i] += d * d
            lo[i] = min(lo[i], y)
            hi[i] = max(hi[i], y)
    return _finish(shift, s1, s2, n_samples, lo, hi)


@njit(cache=True, nogil=True)
def random_permutations(n, count, seed):
    """``count`` uniform random permutations of ``range(n)``, one per row."""
    s = _state(seed)
    out = np.empty((count, n), dtype=np.int64)
    perm = np.arange(n)
    for r in range(count):
        _shuffle(perm, s)
        out[r] = perm
    return out


@njit(cache=True, nogil=True)
def moment_stats(samples):
    """Column means and centred sums of squares of a (k, n) sample matrix,
    shifted by the first row (the same arithmetic as the permutation kernels)."""
    k, n = samples.shape
    shift = samples[0].copy()
    s1 = np.zeros(n)
    s2 = np.zeros(n)
    lo = np.full(n, np.inf)
    hi = np.full(n, -np.inf)
    for r in range(k):
        for i in range(n):
            y = samples[r, i]
            d = y - shift[i]
            s1[i] += d
            s2[i] += d * d
            lo[i] = min(lo[i], y)
            hi[i] = max(hi[i], y)
    return _finish(shift, s1, s2, k, lo, hi)


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
def kernel_accumulate(rows, vals, weights):
    """``A = sum of w z z^T`` and ``b = sum of w z v(z)`` over the rows ``z``
    with weights ``w``, for rows in complementary pairs (rows ``2p`` and
    ``2p + 1``, one weight per pair, as :func:`kernel_rows` makes them).

    A pair adds ``w (1 1^T - z 1^T - 1 z^T + 2 z z^T)`` to ``A``, with ``z``
    the smaller side, so the work per pair is that of its smaller side, not
    ``(k**2 + (n - k)**2) / 2``.
    """
    m, n = rows.shape
    S = 0.0
    sb = 0.0
    c = np.zeros(n)
    bz = np.zeros(n)
    A2 = np.zeros((n, n))
    ones = np.empty(n, dtype=np.int64)
    zeros = np.empty(n, dtype=np.int64)
    for p in range(m // 2):
        r = 2 * p
        k = 0
        for j in range(n):
            if rows[r, j]:
                ones[k] = j
                k += 1
            else:
                zeros[j - k] = j
        if 2 * k > n:  # the complement (the next row) is the smaller side
            idx = zeros
            k = n - k
            r, other = r + 1, r
        else:
            idx = ones
            other = r + 1
        w = weights[r]
        vz = vals[r]
        vc = vals[other]
        S += w
        sb += w * vc
        d = w * (vz - vc)
        for u in range(k):
            iu = idx[u]
            c[iu] += w
            bz[iu] += d
            for t in range(u, k):
                A2[iu, idx[t]] += w
    A = np.empty((n, n))
    for i in range(n):
        for j in range(i, n):
            # A2 holds each pair once, in the upper triangle of the sorted ids
            v = S - c[i] - c[j] + 2.0 * A2[i, j]
            A[i, j] = v
            A[j, i] = v
    bvec = np.empty(n)
    for i in range(n):
        bvec[i] = sb + bz[i]
    return A, bvec


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
