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
from .rng import _shuffle, _state

__all__ = ['dense_permutations', 'incremental_permutations', 'random_permutations', 'moment_stats']


# Permutations walked side by side in the dense kernel: their table reads are
# independent, so the processor overlaps the cache misses.
_LANES = 8


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
