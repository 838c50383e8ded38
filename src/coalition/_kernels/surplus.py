"""Maximum surplus kernels over a dense table indexed by bitmask (bit i = player i).

The maximum surplus of player ``i`` over player ``j`` at an allocation ``x``
is ``s[i, j] = max of v(S) - x(S)`` over the coalitions ``S`` that contain
``i`` and not ``j``. One pass over the table computes all ``n (n - 1)`` of
them, with the coalition that attains each one (the first in bitmask order).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .excess import _split


@njit(cache=True)
def max_surplus_table(v, x):
    """``(s, arg)``: ``s[i, j]`` the largest excess of a coalition with ``i``
    and without ``j`` (``-inf`` on the diagonal) and ``arg[i, j]`` the first
    such coalition (bitmask) attaining it (``0`` on the diagonal)."""
    n = x.size
    s = np.full((n, n), -np.inf)
    arg = np.zeros((n, n), dtype=np.int64)
    if n < 2:
        return s, arg
    h, lo, hi = _split(x)
    nlo = 1 << h
    full = (1 << n) - 1
    # the smallest current entry of each row: a coalition whose excess is
    # below it changes nothing in that row, which skips most of the work
    rowmin = np.full(n, -np.inf)
    low = -np.inf  # min of rowmin
    for t in range(hi.size):
        base = t << h
        xt = hi[t]
        for lo_s in range(nlo):
            mask = base | lo_s
            if mask == 0 or mask == full:
                continue
            e = v[mask] - (xt + lo[lo_s])
            if e <= low:
                continue
            changed = False
            for i in range(n):
                if not (mask >> i & 1) or e <= rowmin[i]:
                    continue
                out = full ^ mask
                newmin = np.inf
                for j in range(n):
                    if out >> j & 1:
                        if e > s[i, j]:
                            s[i, j] = e
                            arg[i, j] = mask
                    if j != i and s[i, j] < newmin:
                        newmin = s[i, j]
                rowmin[i] = newmin
                changed = True
            if changed:
                low = rowmin.min()
    return s, arg
