"""Orthonormal bases of a growing subspace of R^n and of its complement.

The sequential LPs of the nucleolus settle coalitions one stage at a time and
keep an orthonormal basis ``Q`` (rows) of the span of the settled indicator
vectors. These kernels grow it (modified Gram-Schmidt with one
re-orthogonalization) and give an orthonormal basis of the orthogonal
complement; plain loops, as the matrices have at most ``n`` rows of ``n``
entries.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def _residual(Q, r, row):
    """``row`` minus its projection on the rows of ``Q[:r]``, twice (the
    second pass removes what rounding left)."""
    n = row.size
    out = row.copy()
    for _ in range(2):
        for k in range(r):
            d = 0.0
            for i in range(n):
                d += Q[k, i] * out[i]
            for i in range(n):
                out[i] -= d * Q[k, i]
    return out


@njit(cache=True)
def extend_basis(Q, rank, rows, tol):
    """Add to the orthonormal rows ``Q[:rank]`` each row of `rows`, in
    order, whose distance to their span exceeds ``tol * max(1, |row|)``.

    Parameters
    ----------
    Q : float64[n, n]
        Its first `rank` rows are orthonormal; new ones are written below
        them, in place.
    rank : int
    rows : float64[k, n]
    tol : float

    Returns
    -------
    taken : bool[k]
        Which rows increased the span (the new rank is ``rank + taken.sum()``).
    """
    k, n = rows.shape
    taken = np.zeros(k, dtype=np.bool_)
    r = rank
    for j in range(k):
        if r == n:
            break
        row = rows[j]
        norm_row = 0.0
        for i in range(n):
            norm_row += row[i] * row[i]
        res = _residual(Q, r, row)
        norm = 0.0
        for i in range(n):
            norm += res[i] * res[i]
        norm = np.sqrt(norm)
        if norm <= tol * max(1.0, np.sqrt(norm_row)):
            continue
        for i in range(n):
            Q[r, i] = res[i] / norm
        r += 1
        taken[j] = True
    return taken


@njit(cache=True)
def complement_basis(Q, rank):
    """An orthonormal basis (columns, ``n - rank`` of them) of the
    orthogonal complement of the rows ``Q[:rank]``: the unit vectors, each
    projected off the span and the columns found so far, the longest
    residual first (Gram-Schmidt with pivoting)."""
    n = Q.shape[1]
    m = n - rank
    out = np.zeros((n, m))
    if m == 0:
        return out
    basis = np.zeros((n, n))
    basis[:rank] = Q[:rank]
    cand = np.zeros((n, n))
    for i in range(n):
        e = np.zeros(n)
        e[i] = 1.0
        cand[i] = _residual(basis, rank, e)
    r = rank
    used = np.zeros(n, dtype=np.bool_)
    for c in range(m):
        best, arg = -1.0, -1
        for i in range(n):
            if used[i]:
                continue
            res = _residual(basis, r, cand[i])
            s = 0.0
            for t in range(n):
                s += res[t] * res[t]
            if s > best:
                best, arg = s, i
        used[arg] = True
        res = _residual(basis, r, cand[arg])
        norm = np.sqrt(best)
        for t in range(n):
            basis[r, t] = res[t] / norm
            out[t, c] = basis[r, t]
        r += 1
    return out
