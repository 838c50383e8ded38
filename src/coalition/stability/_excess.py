"""Excesses of every coalition, compiled for large tables and in numpy for
small ones (private).

A game of a few players needs no compiled code: below ``SMALL_N`` players
the excess table and the largest absolute excess are computed here with
numpy, with the same additions in the same order as the kernels of
``_kernels/excess.py`` (so the numbers are the same, bit for bit), and the
first call of a small game compiles nothing.
"""

from __future__ import annotations

import numpy as np

from .._kernels import excess as _ke

__all__ = ["SMALL_N", "excess_table", "max_abs_excess"]

# Tables of at most 2**SMALL_N worths are handled in numpy.
SMALL_N = 10


def _subset_sums(x: np.ndarray) -> np.ndarray:
    """``x(S)`` for every bitmask ``S`` of ``len(x)`` bits, by doubling (as
    ``_kernels.excess._subset_sums``)."""
    out = np.zeros(1 << x.size)
    for i in range(x.size):
        b = 1 << i
        out[b:2 * b] = out[:b] + x[i]
    return out


def _excess_grid(v: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``v[S] - (hi + lo)`` with the kernels' split of ``S`` into its low
    ``n // 2`` bits and its high bits, as a (high, low) grid."""
    h = x.size // 2
    lo, hi = _subset_sums(x[:h]), _subset_sums(x[h:])
    return v.reshape(hi.size, lo.size) - (hi[:, None] + lo[None, :])


def excess_table(v: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``e[S] = v[S] - x(S)`` for every coalition, in bitmask order."""
    x = np.ascontiguousarray(x, dtype=np.float64)
    if x.size > SMALL_N:
        return _ke.excess_table(v, x)
    return _excess_grid(v, x).reshape(-1)


def max_abs_excess(v: np.ndarray, x: np.ndarray) -> float:
    """Largest ``|v[S] - x(S)|`` over all coalitions (0 at least; a NaN
    excess is passed over, as the kernel does)."""
    x = np.ascontiguousarray(x, dtype=np.float64)
    if x.size > SMALL_N:
        return float(_ke.max_abs_excess(v, x))
    return float(np.fmax.reduce(np.abs(_excess_grid(v, x)), axis=None, initial=0.0))
