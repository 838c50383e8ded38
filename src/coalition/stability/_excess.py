"""Excesses of every coalition, compiled for large tables and in numpy for
small ones (private).

The compiled scans of a large table (its magnitude, its largest proper
excess, the coalitions that block an allocation) read it in place and
allocate nothing of its size.

A game of a few players needs no compiled code: below ``SMALL_N`` players
the excess table and the largest absolute excess are computed here with
numpy, with the same additions in the same order as the kernels of
``_kernels/excess.py`` (so the numbers are the same, bit for bit), and the
first call of a small game compiles nothing.
"""

from __future__ import annotations

import numpy as np

from .._kernels import excess as _ke
from .._kernels import scan as _ks

__all__ = ["SMALL_N", "blocking", "excess_table", "max_abs", "max_abs_excess", "max_proper_excess"]

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


def max_abs(v: np.ndarray) -> float:
    """``max |v|`` over the table (0.0 when empty)."""
    if v.size > 1 << SMALL_N:
        return float(_ks.max_abs(v))
    return float(np.max(np.abs(v))) if v.size else 0.0


def max_proper_excess(v: np.ndarray, x: np.ndarray) -> float:
    """Largest excess over the proper non-empty coalitions (``-inf`` for one
    player), as ``excess_table(v, x)[1:-1].max()``."""
    x = np.ascontiguousarray(x, dtype=np.float64)
    if x.size > SMALL_N:
        return float(_ks.max_proper_excess(v, x))
    proper = excess_table(v, x)[1:-1]
    return float(proper.max()) if proper.size else float("-inf")


def blocking(v: np.ndarray, x: np.ndarray, atol: float, k: int) -> tuple[float, int, np.ndarray, np.ndarray]:
    """``(max_excess, count, masks, excesses)``: the largest proper excess,
    how many proper coalitions have an excess above `atol`, and the `k`
    largest of those, worst first, ties by increasing mask."""
    x = np.ascontiguousarray(x, dtype=np.float64)
    if x.size > SMALL_N:
        best, count, masks, ex = _ks.blocking_scan(v, x, float(atol), int(k))
        return float(best), int(count), masks, ex
    e = excess_table(v, x)
    proper = e[1:-1]
    best = float(proper.max()) if proper.size else float("-inf")
    idx = np.flatnonzero(proper > atol) + 1
    order = idx[np.argsort(-e[idx], kind="stable")][:k]
    return best, int(idx.size), order, e[order]
