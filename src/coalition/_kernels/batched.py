"""Semivalues of many tables at once (one row per scenario)."""

from __future__ import annotations

import numpy as np
from numba import njit

from .exact import size_weighted_bit_sums

__all__ = ["semivalue_rows"]


@njit(cache=True)
def semivalue_rows(tables, n, a, b):
    """``out[r] = sums - total`` of :func:`size_weighted_bit_sums` for each
    row ``tables[r]`` (a table of ``2**n`` worths): the semivalue with
    weights ``a``, ``b`` of every row, in one compiled loop."""
    rows = tables.shape[0]
    out = np.empty((rows, n))
    for r in range(rows):
        sums, total = size_weighted_bit_sums(tables[r], n, a, b)
        for i in range(n):
            out[r, i] = sums[i] - total
    return out
