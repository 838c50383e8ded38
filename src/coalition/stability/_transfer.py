"""The iteration behind :func:`prekernel_element` and :func:`kernel_element`
(private). Everything here is in worth units on a dense table.

Each step computes the maximum surpluses ``s_ij`` and the coalitions that
attain them (one pass of a numba kernel). With those coalitions fixed, every
imbalance ``s_ij - s_ji`` is affine in ``x``; a least-squares step on the
efficient hyperplane makes them all zero at once (Meinhardt 2013 solves the
prekernel by such a sequence of linear systems). The step is kept when it
cuts the sum of squared imbalances to a quarter (tried at full length, then
half): near a kink of the maximum surpluses a
least-squares step can settle on a point that is not balanced, while the
transfers of Stearns (1968), half the largest imbalance moved from the
partner who is behind to the one ahead, converge. So a step that falls
short is replaced by ``n / 4`` transfers (at least one) before the next
least-squares try, which must then cut the sum to a quarter of the least
seen so far. For
the kernel a partner at its standalone worth may stay behind (it cannot
give more), steps stop at the imputation set's boundary, and transfers never
cross it.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._kernels.surplus import max_surplus_table

HALVINGS = 2  # a step of 1, then 1/2: a shorter one cannot cut the squares to a quarter
BURST = 0.25  # transfers between two least-squares tries, per player (at least 1)
ENOUGH = 0.25  # the least-squares step must cut the squared imbalance to a quarter


class TransferResult(NamedTuple):
    x: np.ndarray
    imbalance: float
    iterations: int
    converged: bool
    n_newton: int
    n_transfers: int


def imbalances(s: np.ndarray, x: np.ndarray, b: np.ndarray, kernel: bool) -> np.ndarray:
    """``d[i, j]``: ``s_ij - s_ji``, capped by ``2 (x_j - b_j)`` for the kernel
    (``-inf`` on the diagonal)."""
    n = x.size
    s = s.copy()
    np.fill_diagonal(s, 0.0)
    d = s - s.T
    if kernel:
        d = np.minimum(d, 2.0 * (x - b)[None, :])
    d[np.diag_indices(n)] = -np.inf
    return d


def _state(v, x, b, kernel):
    s, arg = max_surplus_table(v, x)
    d = imbalances(s, x, b, kernel)
    pos = np.maximum(d, 0.0)
    return s, arg, d, float(d.max()), float(np.sum(pos * pos))


def _rows(n, s, arg, d, x, b, v, kernel):
    """The affine imbalances of the current pieces: ``A x - r``, one row a pair."""
    A, r = [], []
    for i in range(n):
        for j in range(i + 1, n):
            p, q = (i, j) if d[i, j] >= d[j, i] else (j, i)
            if kernel and 2.0 * (x[q] - b[q]) < s[p, q] - s[q, p]:
                row = np.zeros(n)
                row[q] = 2.0
                A.append(row)
                r.append(2.0 * b[q])
                continue
            sp, sq = int(arg[p, q]), int(arg[q, p])
            row = np.zeros(n)
            for k in range(n):
                row[k] = float(sq >> k & 1) - float(sp >> k & 1)
            A.append(row)
            r.append(v[sq] - v[sp])
    return np.array(A), np.array(r)


def _direction(A, r, x, fixed):
    """Least-squares step ``d`` with ``sum(d) = 0`` and ``d[fixed] = 0``."""
    n = x.size
    free = np.flatnonzero(~fixed)
    if free.size < 2:
        return np.zeros(n)
    k = free.size
    P = np.eye(k) - 1.0 / k  # projector on sum zero
    M = A[:, free] @ P
    u = np.linalg.lstsq(M, r - A @ x, rcond=None)[0]
    out = np.zeros(n)
    out[free] = P @ u
    return out


def _newton(v, x, b, kernel, s, arg, d, target, atol):
    """A least-squares step that brings the squared imbalance to `target`
    or below, or None."""
    n = x.size
    A, r = _rows(n, s, arg, d, x, b, v, kernel)
    fixed = np.zeros(n, dtype=bool)
    for _ in range(n):
        step = _direction(A, r, x, fixed)
        if not kernel:
            break
        stuck = (x - b <= atol) & (step < 0) & ~fixed
        if not stuck.any():
            break
        fixed |= stuck
    if not np.any(step):
        return None
    alpha = 1.0
    if kernel:
        down = step < 0
        if down.any():
            alpha = min(1.0, float(np.min((x[down] - b[down]) / -step[down])))
    for _ in range(HALVINGS):
        y = x + alpha * step
        if kernel:
            y = _clip(y, b)
        state = _state(v, y, b, kernel)
        if state[4] <= target:
            return y, state
        alpha /= 2
    return None


def _clip(y, b):
    """`y` with the shares that rounding put below their floor raised to it,
    and the difference taken from the share furthest above its floor."""
    low = y < b
    if low.any():
        gap = float(np.sum(b[low] - y[low]))
        y = np.where(low, b, y)
        y[int(np.argmax(y - b))] -= gap
    return y


def _transfer(x, b, d, kernel):
    """Stearns' transfer: half the largest imbalance from the partner behind
    to the one ahead (for the kernel, never below a standalone worth)."""
    i, j = np.unravel_index(int(np.argmax(d)), d.shape)
    y = x.copy()
    amount = d[i, j] / 2
    if kernel:
        amount = min(amount, x[j] - b[j])
    y[i] += amount
    y[j] -= amount
    return y


def solve(v: np.ndarray, n: int, b: np.ndarray, x0: np.ndarray, *, kernel: bool,
          atol: float, max_iter: int) -> TransferResult:
    """Iterate from `x0` until the imbalance is at most `atol`, or `max_iter` steps."""
    x = np.array(x0, dtype=np.float64)
    s, arg, d, worst, h = _state(v, x, b, kernel)
    newton = transfers = it = 0
    burst = 0
    best = h
    while worst > atol and it < max_iter:
        it += 1
        if burst == 0:
            # a step that gains little sits at a kink of the imbalances, where
            # the transfers do better; measured against the best point so far,
            # so that the steps cannot undo what the transfers gained
            out = _newton(v, x, b, kernel, s, arg, d, ENOUGH * min(h, best), atol)
            if out is not None:
                x, (s, arg, d, worst, h) = out
                best = min(best, h)
                newton += 1
                continue
            burst = max(1, int(BURST * n))
        x = _transfer(x, b, d, kernel)
        s, arg, d, worst, h = _state(v, x, b, kernel)
        transfers += 1
        burst -= 1
        best = min(best, h)
    return TransferResult(x, worst, it, bool(worst <= atol), newton, transfers)
