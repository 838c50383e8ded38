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
    if n <= SMALL_N:
        sums, total = _small_bit_sums(worths, n, a, p)
    else:
        sums, total = _kx.size_weighted_bit_sums(worths, n, a, p)
    return sums - total


# Tables of at most 2**SMALL_N worths are summed in numpy: no compiling for
# a game of a few players.
SMALL_N = 10


def _small_bit_sums(v: np.ndarray, n: int, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, float]:
    """``_kernels.exact.size_weighted_bit_sums`` for a table of one block
    (``n`` at most its block bits), in numpy with the kernel's additions in
    the kernel's order, so the sums are the same bit for bit: the weighted
    entries ``a[|S|] v[S]`` are folded bit by bit from the highest (each
    half's sum taken left to right, as the kernel's loop does), and the
    total ``sum b[|S|] v[S]`` is a left-to-right sum."""
    size = 1 << n
    pc = np.zeros(size, dtype=np.int64)
    for i in range(n):
        pc[1 << i:2 << i] = pc[:1 << i] + 1
    v = np.asarray(v, dtype=np.float64)[:size]
    acc = 0.0 + a[pc] * v
    total = float(np.cumsum(np.concatenate([[0.0], b[pc] * v]))[-1])
    sums = np.zeros(n)
    m = size >> 1
    bit = n - 1
    while m > 0:
        upper = acc[m:2 * m]
        sums[bit] += np.cumsum(np.concatenate([[0.0], upper]))[-1]
        acc[:m] += upper
        m >>= 1
        bit -= 1
    return sums, total


def _shapley_weights(n: int) -> np.ndarray:
    # s! (n - s - 1)! / n! = 1 / (n * C(n - 1, s)) for s = 0..n-1, rounded once;
    # 0 for s = n (there is no marginal contribution to the grand coalition).
    return np.array([1.0 / (n * comb(n - 1, s)) for s in range(n)] + [0.0])


def _size_coefficients(n: int, *, banzhaf: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """The coefficient of v(S) in a partner's Shapley value (raw Banzhaf
    value with `banzhaf`), per coalition size s = 0..n: for a member of S
    (``(s-1)! (n-s)! / n!``) and for a non-member (``-s! (n-s-1)! / n!``);
    both rules are linear in the worths."""
    if banzhaf:
        a = np.full(n + 1, 0.5 ** (n - 1))
        return a, -a
    w = _shapley_weights(n)
    return np.concatenate([[0.0], w[:n]]), -w
