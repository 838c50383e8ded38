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
from .rng import _shuffle, _shuffle_words, _state

__all__ = ['dense_permutations', 'dense_permutation_estimate', 'padded_stderr', 'incremental_permutations', 'random_permutations', 'moment_stats']


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
def _dense_walks(table, n, n_samples, seed, antithetic, perm, masks, marg, prev, shift, s1, s2, lo, hi):
    """The walks of :func:`dense_permutations` on buffers the caller gives:
    ``perm`` (L, n) and ``masks`` (lanes,) int64, ``marg`` (lanes, n) and
    ``prev`` (lanes,) float64, and ``shift, s1, s2, lo, hi`` (n,), which it
    fills (``s1, s2`` from 0, ``lo, hi`` from +-inf)."""
    # the state of _state(seed), in four scalars
    w0, w1, w2, w3 = seed[0], seed[1], seed[2], seed[3]
    if w0 == 0 and w1 == 0 and w2 == 0 and w3 == 0:
        w0 = np.uint64(0x9E3779B97F4A7C15)
    L = _LANES
    lanes = 2 * L if antithetic else L
    for l in range(L):
        for i in range(n):
            perm[l, i] = i
    for l in range(lanes):
        for i in range(n):
            marg[l, i] = 0.0
    for i in range(n):
        shift[i] = 0.0
        s1[i] = 0.0
        s2[i] = 0.0
        lo[i] = np.inf
        hi[i] = -np.inf
    done = 0
    one = np.int64(1)
    while done < n_samples:
        cnt = min(L, n_samples - done)
        for l in range(cnt):
            w0, w1, w2, w3 = _shuffle_words(perm[l], w0, w1, w2, w3)
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
        if done == 0:
            for i in range(n):
                shift[i] = 0.5 * (marg[0, i] + marg[L, i]) if antithetic else marg[0, i]
        # player by player, the lanes' samples in order: the same sums as
        # sample by sample, with the running sums in registers
        for i in range(n):
            sh = shift[i]
            a1 = s1[i]
            a2 = s2[i]
            mn = lo[i]
            mx = hi[i]
            for l in range(cnt):
                y = 0.5 * (marg[l, i] + marg[L + l, i]) if antithetic else marg[l, i]
                d = y - sh
                a1 += d
                a2 += d * d
                mn = min(mn, y)
                mx = max(mx, y)
            s1[i] = a1
            s2[i] = a2
            lo[i] = mn
            hi[i] = mx
        done += cnt


@njit(cache=True, nogil=True)
def dense_permutations(table, n, n_samples, seed, antithetic):
    """Marginal contributions along random permutations of a dense table.

    Returns ``mean, m2`` per player over ``n_samples`` samples (a sample is
    one permutation, or with ``antithetic`` the average of a permutation and
    its reverse; ``m2`` is the centred sum of squares), and each player's
    smallest and largest sample.
    """
    lanes = 2 * _LANES if antithetic else _LANES
    perm = np.empty((_LANES, n), dtype=np.int64)
    masks = np.zeros(lanes, dtype=np.int64)
    marg = np.empty((lanes, n))
    prev = np.zeros(lanes)
    shift = np.empty(n)
    s1 = np.empty(n)
    s2 = np.empty(n)
    lo = np.empty(n)
    hi = np.empty(n)
    _dense_walks(table, n, n_samples, seed, antithetic, perm, masks, marg, prev, shift, s1, s2, lo, hi)
    return _finish(shift, s1, s2, n_samples, lo, hi)


@njit(cache=True, nogil=True)
def padded_stderr(count, mean, m2, lo, hi, pad):
    """Standard errors of the means of ``count`` samples with ``pad`` pseudo
    samples at each end of each player's observed range (a player never
    seen to contribute, range 0 to 0, takes the range of all players); the
    arithmetic of ``sampling.permutation._padded_var``, element by element.
    Infinite for fewer than two samples."""
    n = mean.size
    se = np.empty(n)
    if count < 2:
        se[:] = np.inf
        return se
    all_lo = np.inf
    all_hi = -np.inf
    for i in range(n):
        all_lo = min(all_lo, lo[i])
        all_hi = max(all_hi, hi[i])
    for i in range(n):
        silent = lo[i] == 0.0 and hi[i] == 0.0
        a = (all_lo if silent else lo[i]) - mean[i]
        b = (all_hi if silent else hi[i]) - mean[i]
        var = (m2[i] + pad * (a * a + b * b)) / (count - 1 + 2 * pad)
        se[i] = np.sqrt(var / count)
    return se


@njit(cache=True, nogil=True)
def dense_permutation_estimate(table, n, n_samples, seed, antithetic, q, pad):
    """One chunk of :func:`dense_permutations` made into an estimate, as the
    rows of one (5, n) array: the means, their :func:`padded_stderr`, the
    interval ends ``mean -+ half`` with ``half = q * se`` (0 where ``se`` is
    0), and ``half``. The same arithmetic as those functions, on two
    buffers (a small call costs its allocations and the one array handed
    back)."""
    L = _LANES
    lanes = 2 * L if antithetic else L
    ints = np.empty(L * n + lanes, dtype=np.int64)
    perm = ints[: L * n].reshape((L, n))
    masks = ints[L * n :]
    work = np.empty(lanes * n + lanes + 7 * n)
    marg = work[: lanes * n].reshape((lanes, n))
    prev = work[lanes * n : lanes * n + lanes]
    at = lanes * n + lanes
    shift = work[at : at + n]
    s1 = work[at + n : at + 2 * n]
    s2 = work[at + 2 * n : at + 3 * n]
    lo = work[at + 3 * n : at + 4 * n]
    hi = work[at + 4 * n : at + 5 * n]
    mean = work[at + 5 * n : at + 6 * n]
    m2 = work[at + 6 * n : at + 7 * n]
    _dense_walks(table, n, n_samples, seed, antithetic, perm, masks, marg, prev, shift, s1, s2, lo, hi)
    for i in range(n):  # as _finish (a NaN becomes 0 there too)
        mean[i] = shift[i] + s1[i] / n_samples
        v = s2[i] - s1[i] * s1[i] / n_samples
        m2[i] = v if v > 0.0 else 0.0  # noqa: FURB136
    out = np.empty((5, n))
    se = out[1]
    if n_samples < 2:  # as padded_stderr
        se[:] = np.inf
    else:
        all_lo = np.inf
        all_hi = -np.inf
        for i in range(n):
            all_lo = min(all_lo, lo[i])
            all_hi = max(all_hi, hi[i])
        for i in range(n):
            silent = lo[i] == 0.0 and hi[i] == 0.0
            a = (all_lo if silent else lo[i]) - mean[i]
            b = (all_hi if silent else hi[i]) - mean[i]
            var = (m2[i] + pad * (a * a + b * b)) / (n_samples - 1 + 2 * pad)
            se[i] = np.sqrt(var / n_samples)
    for i in range(n):
        half = 0.0 if se[i] == 0.0 else q * se[i]
        out[0, i] = mean[i]
        out[2, i] = mean[i] - half
        out[3, i] = mean[i] + half
        out[4, i] = half
    return out


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
