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
        """Add the rows, in order, that increase the span; which did.

        A row is added when its residual against the basis (orthogonalized
        twice) is longer than ``SPAN_TOL`` times its length. The rows are
        taken in blocks: a QR factorization of the residuals of the next
        rows gives on the diagonal of R each one's residual against the
        basis and the rows before it, and in Q the new basis vectors; the
        rows up to the first whose residual comes within 1000 times the
        tolerance are added at once, and that row is tested on its own.
        """
        rows = np.asarray(rows, dtype=np.float64)
        m = rows.shape[0]
        taken = np.zeros(m, dtype=bool)
        if m == 0 or self.rank == self.n:
            return taken
        if m == 1 and self.rank == 0:  # the first row: its own residual
            row = rows[0]
            norm = math.sqrt(row @ row)
            if norm > SPAN_TOL * max(1.0, norm):
                self._Q[0] = row / norm
                self.rank = 1
                self.rows.append(row)
                self.rhs.append(float(rhs[0]))
                taken[0] = True
            return taken
        limit = SPAN_TOL * np.sqrt(np.maximum(np.einsum("ij,ij->i", rows, rows), 1.0))
        clear_at = 1e3 * limit
        j = 0
        while j < m and self.rank < self.n:
            k = self.rank
            Q = self._Q[:k]
            block = rows[j:j + self.n - k]
            if k:
                res = block - (block @ Q.T) @ Q
                res -= (res @ Q.T) @ Q
            else:
                res = block
            qr, tau, _, info = _lapack.dgeqrf(res.T)
            if info != 0:  # pragma: no cover - LAPACK reports bad arguments only
                raise RuntimeError(f"dgeqrf failed (info {info})")
            clear = np.abs(qr.diagonal()) > clear_at[j:j + block.shape[0]]
            p = block.shape[0] if clear.all() else int(clear.argmin())
            if p:
                q, _, info = _lapack.dorgqr(qr[:, :p], tau[:p])
                if info != 0:  # pragma: no cover
                    raise RuntimeError(f"dorgqr failed (info {info})")
                self._Q[k:k + p] = q.T
                self.rank = k + p
                self.rows.extend(rows[j:j + p])
                self.rhs.extend(np.asarray(rhs[j:j + p], dtype=np.float64).tolist())
                taken[j:j + p] = True
                j += p
            if j < m and self.rank < self.n and p < block.shape[0]:
                # the row that came close to the span: tested on its own
                Q = self._Q[:self.rank]
                r = rows[j] - Q.T @ (Q @ rows[j])
                r -= Q.T @ (Q @ r)
                norm = math.sqrt(r @ r)
                if norm > limit[j]:
                    self._Q[self.rank] = r / norm
                    self.rank += 1
                    self.rows.append(rows[j])
                    self.rhs.append(float(rhs[j]))
                    taken[j] = True
                j += 1
        return taken

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
