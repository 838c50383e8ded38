"""Exact arithmetic for certificates: numbers read as fractions, excesses of
every coalition, and linear systems solved in :class:`fractions.Fraction`
(private)."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

__all__: list[str] = []


def to_fraction(value: float, max_denominator: int) -> Fraction:
    """A float as the simplest fraction of denominator at most
    `max_denominator` that rounds to it (1/3 for 0.333..., 1/10 for 0.1);
    when there is none, the float's exact binary value."""
    exact = Fraction(value)
    if exact.denominator == 1:
        return exact
    simple = exact.limit_denominator(max_denominator)
    return simple if float(simple) == value else exact


def subset_sums(x: list[Fraction], n: int) -> list[Fraction]:
    """``x(S)`` for every coalition ``S`` (bitmask order), exactly."""
    out = [Fraction(0)] * (1 << n)
    for m in range(1, 1 << n):
        low = m & -m
        out[m] = out[m ^ low] + x[low.bit_length() - 1]
    return out


class Echelon:
    """Rows of a linear system added one at a time, each reduced exactly
    against those kept; a row that reduces to ``0 = 0`` is dropped, one that
    reduces to ``0 = c != 0`` makes the system inconsistent. Rows are sparse
    ``{column: coefficient}``; a new row's pivot is its first column in
    `order` (columns earlier in the order are preferred as pivots)."""

    def __init__(self, order: list[int] | None = None) -> None:
        self.rows: list[tuple[int, dict[int, Fraction], Fraction]] = []  # pivot, row (pivot 1), rhs
        self.pivots: dict[int, int] = {}
        self.rank_of = {c: k for k, c in enumerate(order)} if order is not None else None
        self.consistent = True

    @property
    def rank(self) -> int:
        return len(self.rows)

    def reduce(self, row: dict[int, Fraction], rhs: Fraction) -> tuple[dict[int, Fraction], Fraction]:
        row = {c: Fraction(a) for c, a in row.items() if a}
        rhs = Fraction(rhs)
        for pivot, prow, prhs in self.rows:
            a = row.get(pivot)
            if a:
                for c, b in prow.items():
                    val = row.get(c, 0) - a * b
                    if val:
                        row[c] = val
                    else:
                        row.pop(c, None)
                rhs -= a * prhs
        return row, rhs

    def add(self, row: dict[int, Fraction], rhs: Fraction = Fraction(0)) -> bool:
        """Add a row; True when it raised the rank."""
        row, rhs = self.reduce(row, rhs)
        if not row:
            if rhs != 0:
                self.consistent = False
            return False
        key = (lambda c: self.rank_of.get(c, math.inf)) if self.rank_of is not None else (lambda c: c)
        pivot = min(row, key=key)
        a = row[pivot]
        row = {c: b / a for c, b in row.items()}
        self.rows.append((pivot, row, rhs / a))
        self.pivots[pivot] = len(self.rows) - 1
        return True

    def solve(self, n_cols: int) -> list[Fraction]:
        """A solution (free columns 0): each row was reduced against the
        earlier ones, so solving from the last row up needs only known values."""
        x = [Fraction(0)] * n_cols
        for pivot, row, rhs in reversed(self.rows):
            x[pivot] = rhs - sum((b * x[c] for c, b in row.items() if c != pivot), Fraction(0))
        return x


def indicator(mask: int, n: int) -> dict[int, Fraction]:
    return {i: Fraction(1) for i in range(n) if mask >> i & 1}


def exact_weights(masks: list[int], optional: list[int], w: np.ndarray, n: int,
                  max_denominator: int) -> list[Fraction] | None:
    """Exact weights, > 0 on `masks` and >= 0 on `optional` (masks too), whose
    combination of the indicator vectors is that of N, near the float weights
    `w`; None if the correction of the rounded weights breaks a sign.

    The float weights are rounded to simple fractions, and the residual
    ``1_N - sum of w_S 1_S`` (exact, tiny) is absorbed by the coalitions of
    largest weight: an exact solve of ``sum of d_S 1_S = residual``.
    """
    cols = list(masks) + list(optional)
    w0 = [to_fraction(float(a), max_denominator) if a > 1e-12 else Fraction(0) for a in w]
    w0[: len(masks)] = [a if a > 0 else Fraction(0) for a in w0[: len(masks)]]
    residual = [Fraction(1)] * n
    for m, a in zip(cols, w0):
        if a:
            for i in range(n):
                if m >> i & 1:
                    residual[i] -= a
    usable = [k for k in np.argsort(-np.asarray(w), kind="stable").tolist() if w0[k] > 0]
    ech = Echelon(order=usable)
    for i in range(n):
        ech.add({k: Fraction(1) for k in usable if cols[k] >> i & 1}, residual[i])
    if not ech.consistent:
        return None
    d = ech.solve(len(cols))
    out = [a + b for a, b in zip(w0, d)]
    if any(a <= 0 for a in out[: len(masks)]) or any(a < 0 for a in out[len(masks):]):
        return None
    return out


def exact_alternative(masks: list[int], optional: list[int], free: list[int], w: np.ndarray, n: int,
                      max_denominator: int) -> list[Fraction] | None:
    """Exact multipliers, > 0 on `masks`, >= 0 on `optional` and of any sign
    on `free` (all bitmasks), whose combination of the indicator vectors is
    0, near the float multipliers `w` (in that order); None if the exact
    correction breaks a sign.

    The float multipliers are rounded to simple fractions and the residual
    (exact, tiny) is absorbed exactly: by the free columns first, then by
    the signed columns of largest weight.
    """
    cols = list(masks) + list(optional) + list(free)
    k, f = len(masks), len(optional)
    w = np.asarray(w, dtype=np.float64)
    w0 = [to_fraction(float(a), max_denominator) if abs(a) > 1e-12 else Fraction(0) for a in w]
    w0[:k + f] = [a if a > 0 else Fraction(0) for a in w0[:k + f]]
    residual = [Fraction(0)] * n
    for m, a in zip(cols, w0):
        if a:
            for i in range(n):
                if m >> i & 1:
                    residual[i] -= a
    signed = [j for j in np.argsort(-np.abs(w[:k + f]), kind="stable").tolist() if w0[j] > 0]
    usable = list(range(k + f, len(cols))) + signed
    ech = Echelon(order=usable)
    for i in range(n):
        ech.add({j: Fraction(1) for j in usable if cols[j] >> i & 1}, residual[i])
    if not ech.consistent:
        return None
    d = ech.solve(len(cols))
    out = [a + b for a, b in zip(w0, d)]
    if any(a <= 0 for a in out[:k]) or any(a < 0 for a in out[k:k + f]):
        return None
    return out
