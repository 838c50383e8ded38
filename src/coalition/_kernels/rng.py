"""xoshiro256** (Blackman and Vigna 2021) and exactly uniform bounded integers by Lemire's (2019) method, for the sampling kernels.
"""

from __future__ import annotations

import numpy as np
from numba import njit

_MASK32 = np.uint64(0xFFFFFFFF)
_TWO32 = np.uint64(0x100000000)


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
def _next_words(s0, s1, s2, s3):
    """:func:`_next` on a state held in four scalars: returns the output and
    the new state (kept in registers by the caller's loop)."""
    # the rotations written out (as _rotl): two functions fewer to compile
    x = s1 * np.uint64(5)
    result = ((x << np.uint64(7)) | (x >> np.uint64(57))) * np.uint64(9)
    t = s1 << np.uint64(17)
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = (s3 << np.uint64(45)) | (s3 >> np.uint64(19))
    return result, s0, s1, s2, s3


@njit(cache=True, nogil=True)
def _shuffle_words(perm, s0, s1, s2, s3):
    """:func:`_shuffle` on a state held in four scalars (the same draws, the
    same permutation); returns the new state."""
    n = perm.size
    for i in range(n - 1, 0, -1):
        ub = np.uint64(i + 1)
        r, s0, s1, s2, s3 = _next_words(s0, s1, s2, s3)
        m = (r >> np.uint64(32)) * ub
        low = m & _MASK32
        if low < ub:
            t = (_TWO32 - ub) % ub
            while low < t:
                r, s0, s1, s2, s3 = _next_words(s0, s1, s2, s3)
                m = (r >> np.uint64(32)) * ub
                low = m & _MASK32
        j = np.int64(m >> np.uint64(32))
        tmp = perm[i]
        perm[i] = perm[j]
        perm[j] = tmp
    return s0, s1, s2, s3
