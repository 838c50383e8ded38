"""Structural checks and fills of dense tables (superadditivity, convexity...)."""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def is_superadditive(v, n, tol):
    """v(S | T) >= v(S) + v(T) - tol for all disjoint non-empty S, T."""
    m = 1 << n
    for s in range(1, m):
        # T ranges over the non-empty proper submasks of s that hold its
        # lowest bit, so each unordered split is seen once.
        low = s & (-s)
        rest = s ^ low
        sub = rest
        while True:
            t = sub | low
            if t != s:
                if v[s] < v[t] + v[s ^ t] - tol:
                    return False
            if sub == 0:
                break
            sub = (sub - 1) & rest
    return True


@njit(cache=True)
def is_convex(v, n, tol):
    """Supermodularity: v(S+i) + v(S+j) <= v(S+i+j) + v(S) + tol."""
    m = 1 << n
    for s in range(m):
        for i in range(n):
            bi = 1 << i
            if s & bi:
                continue
            for j in range(i + 1, n):
                bj = 1 << j
                if s & bj:
                    continue
                if v[s | bi] + v[s | bj] > v[s | bi | bj] + v[s] + tol:
                    return False
    return True


@njit(cache=True)
def is_monotone(v, n, tol):
    """v(S) <= v(S + i) + tol for every S and i."""
    m = 1 << n
    for s in range(m):
        for i in range(n):
            bi = 1 << i
            if not s & bi and v[s] > v[s | bi] + tol:
                return False
    return True


@njit(cache=True)
def superadditive_cover(v, given, n):
    """Best partition value: f(S) = max over partitions of S into given
    coalitions of the sum of their worths (-inf where none exists).

    O(3**n): each S tries every given block T holding its lowest bit.
    """
    m = 1 << n
    f = np.full(m, -np.inf)
    f[0] = 0.0
    for s in range(1, m):
        low = s & (-s)
        rest = s ^ low
        sub = rest
        best = -np.inf
        while True:
            t = sub | low
            if given[t]:
                r = f[s ^ t]
                if r > -np.inf:
                    cand = v[t] + r
                    if cand > best:
                        best = cand
            if sub == 0:
                break
            sub = (sub - 1) & rest
        f[s] = best
    return f
