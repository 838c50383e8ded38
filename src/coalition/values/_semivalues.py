"""Semivalues of a dense table: sums of marginal contributions weighted by coalition size (private).
"""

from __future__ import annotations

from math import comb

import numpy as np

from .._kernels import exact as _kx


def _semivalue(worths: np.ndarray, n: int, p: np.ndarray) -> np.ndarray:
    """Semivalue with weight p[s] on a marginal contribution to a coalition of
    size s (p has n + 1 entries, p[n] = 0)."""
    a = np.empty(n + 1)
    a[0] = 0.0
    a[1:] = p[:-1] + p[1:]
    sums, total = _kx.size_weighted_bit_sums(worths, n, a, p)
    return sums - total


def _shapley_weights(n: int) -> np.ndarray:
    # s! (n - s - 1)! / n! = 1 / (n * C(n - 1, s)) for s = 0..n-1, rounded once;
    # 0 for s = n (there is no marginal contribution to the grand coalition).
    return np.array([1.0 / (n * comb(n - 1, s)) for s in range(n)] + [0.0])
