"""An orthonormal basis of the span of the coalitions settled so far, and
of its complement (private; the stage loop of :mod:`._engine` and
Kohlberg's criterion use it).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.linalg import lapack as _lapack

__all__: list[str] = []

SPAN_TOL = 1e-8  # distance of a 0/1 vector to a subspace below this: it lies in it


class _Span:
    """An orthonormal basis of the span of some rows of R^n, grown a few
    rows at a time, with the rows (and right-hand sides) that increased it."""

    def __init__(self, n: int) -> None:
        self.n = n
        self._Q = np.zeros((n, n))
        self.rank = 0
        self.rows: list[np.ndarray] = []
        self.rhs: list[float] = []

    @property
    def Q(self) -> np.ndarray:
        return self._Q[:self.rank]

    def add(self, row: np.ndarray, rhs: float) -> bool:
        return bool(self.extend(np.asarray(row, dtype=np.float64)[None, :], np.array([rhs]))[0])

    def extend(self, rows: np.ndarray, rhs: np.ndarray) -> np.ndarray:
        """Add the rows, in order, that increase the span (modified
        Gram-Schmidt, each residual orthogonalized twice); which did."""
        rows = np.asarray(rows, dtype=np.float64)
        m = rows.shape[0]
        taken = np.zeros(m, dtype=bool)
        if m == 0 or self.rank == self.n:
            return taken
        limit = SPAN_TOL * np.maximum(1.0, np.sqrt(np.einsum("ij,ij->i", rows, rows)))
        Qf = self._Q
        k = self.rank
        Q = Qf[:k]
        res = rows - (rows @ Q.T) @ Q
        if m <= self.n - k and self._extend_all(rows, rhs, res, limit):
            taken[:] = True
            return taken
        for j in range(m):
            Q = Qf[:self.rank]
            rj = res[j]
            r = rj - Q.T @ (Q @ rj)
            norm = math.sqrt(r @ r)
            if norm <= limit[j]:
                continue
            q = r / norm
            Qf[self.rank] = q
            self.rank += 1
            self.rows.append(rows[j])
            self.rhs.append(float(rhs[j]))
            taken[j] = True
            if self.rank == self.n:
                break
            if j + 1 < m:
                rest = res[j + 1:]
                rest -= (rest @ q)[:, None] * q
        return taken

    def _extend_all(self, rows: np.ndarray, rhs: np.ndarray, res: np.ndarray, limit: np.ndarray) -> bool:
        """Add all the rows at once when each is well clear of the span of
        the basis and of the rows before it: a QR factorization of the
        residuals (orthogonalized twice) gives the sequential residual norms
        on the diagonal of R and the new basis vectors in Q. False (nothing
        added) when a norm comes within 1000 times the tolerance, where the
        row-by-row test decides."""
        k = self.rank
        Q = self._Q[:k]
        res = res - (res @ Q.T) @ Q
        qr, tau, _, info = _lapack.dgeqrf(res.T)
        if info != 0 or not np.all(np.abs(np.diagonal(qr)) > 1e3 * limit):
            return False
        q, _, info = _lapack.dorgqr(qr, tau, overwrite_a=True)
        if info != 0:  # pragma: no cover - LAPACK reports bad arguments only
            return False
        m = rows.shape[0]
        self._Q[k:k + m] = q.T
        self.rank = k + m
        self.rows.extend(rows)
        self.rhs.extend(float(r) for r in rhs)
        return True

    def complement(self) -> np.ndarray:
        """Orthonormal basis (columns) of the orthogonal complement: the
        last columns of the complete Q of a QR factorization of the basis
        (LAPACK's dgeqrf and dorgqr, as numpy.linalg.qr in mode
        "complete")."""
        n, k = self.n, self.rank
        if k == 0:
            return np.eye(n)
        qr, tau, _, info = _lapack.dgeqrf(self._Q[:k].T)
        if info != 0:  # pragma: no cover - LAPACK reports bad arguments only
            raise RuntimeError(f"dgeqrf failed (info {info})")
        a = np.zeros((n, n), order="F")
        a[:, :k] = qr
        q, _, info = _lapack.dorgqr(a, tau, overwrite_a=True)
        if info != 0:  # pragma: no cover
            raise RuntimeError(f"dorgqr failed (info {info})")
        return np.ascontiguousarray(q[:, k:])

    def contains(self, rows: np.ndarray, comp: np.ndarray | None = None) -> np.ndarray:
        """Which rows (0/1 vectors) lie in the span (`comp`: the
        complement, when the caller has it)."""
        if rows.shape[0] == 0:
            return np.zeros(0, dtype=bool)
        comp = self.complement() if comp is None else comp
        if comp.shape[1] == 0:
            return np.ones(rows.shape[0], dtype=bool)
        return np.max(np.abs(rows @ comp), axis=1) <= SPAN_TOL
