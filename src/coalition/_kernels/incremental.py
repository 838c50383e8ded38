"""Incremental values of structured games: O(1) (or O(degree)) per player added.

A structured game describes itself to the sampler with a *kernel id* and a few
arrays (see ``Game._sampler_spec``). :func:`walk` adds the players of a
permutation one by one and writes each one's marginal contribution, keeping
only running sums (or a maximum) of the coalition built so far;
:func:`evaluate_rows` gives the worth of whole coalitions. Each kernel has
its own loop on local scalars: a function call per step, with numba's array
reference counting, was 5 to 10 times slower.

Kernel ids and their parameters:

=============  ============================================  =========================
id             worth of S                                    parameters
=============  ============================================  =========================
THRESHOLD      1 if sum(a[S]) >= fpar[0] else 0              a = weights, fpar = [quota]
MAX            max(a[S]) (0 for the empty set)               a = non-negative costs
CLIPPED_SUM    max(0, fpar[0] - (fpar[1] - sum(a[S])))       a = claims, fpar = [estate,
                                                             total claims]
MIN_OF_SUMS    min(sum(a[S]), sum(b[S]))                     a, b
PAIRWISE       sum(a[S]) + sum of wt over the edges in S     a; CSR graph indptr, nbr, wt
RESTRICTED     sum over the components C of S in a graph     bkid = the base kernel (one
               of f(C), f the worth of base kernel bkid      of the four above PAIRWISE),
                                                             its fpar, a, b; CSR graph
                                                             gptr, gnbr
=============  ============================================  =========================

``RESTRICTED`` is the graph-restricted game of Myerson (1977) of a base game
whose worth is a function of additive statistics of the members (a sum, a
maximum, two sums): the worth of a component follows from its statistics, and
the statistics of a union of components from theirs. Along a permutation a
union-find structure (union by size, path halving) keeps the components of
the players present and their statistics at the roots; the player joining
merges with the components of its present neighbours, and its marginal
contribution is ``f(merged) - sum of f(parts)``: O(degree) finds per step,
no table and no component search.

To add a family, give it a new id here, a branch in :func:`walk` (the
permutation hot loop) and in :func:`evaluate_rows` (whole coalitions), add
its name to ``KERNEL_IDS`` and return that name and its arrays from the
family's ``_sampler_spec``.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = [
    "THRESHOLD",
    "MAX",
    "CLIPPED_SUM",
    "MIN_OF_SUMS",
    "PAIRWISE",
    "RESTRICTED",
    "DENSE",
    "KERNEL_IDS",
    "COMPONENT_ADDITIVE",
    "walk",
    "evaluate_rows",
]

DENSE = 0
THRESHOLD = 1
MAX = 2
CLIPPED_SUM = 3
MIN_OF_SUMS = 4
PAIRWISE = 5
RESTRICTED = 6

KERNEL_IDS = {
    "threshold": THRESHOLD,
    "max": MAX,
    "clipped_sum": CLIPPED_SUM,
    "min_of_sums": MIN_OF_SUMS,
    "pairwise": PAIRWISE,
    "restricted": RESTRICTED,
}
# Base kernels whose worth is a function of additive statistics of the
# members, so that RESTRICTED can evaluate them component by component.
COMPONENT_ADDITIVE = ("threshold", "max", "clipped_sum", "min_of_sums")


@njit(cache=True, nogil=True)
def _worth(bkid, s0, s1, q0, q1):
    """Worth of one component with statistics ``s0`` (sum of a, or max of a
    for MAX) and ``s1`` (sum of b) under base kernel ``bkid``."""
    if bkid == THRESHOLD:
        return 1.0 if s0 >= q0 else 0.0
    if bkid == MAX:
        return s0
    if bkid == CLIPPED_SUM:
        v = q0 - (q1 - s0)
        return v if v > 0.0 else 0.0
    return s0 if s0 < s1 else s1  # MIN_OF_SUMS


@njit(cache=True, nogil=True)
def _restricted_walk(bkid, perm, reverse, marg, inside, q0, q1, a, b, gptr, gnbr):
    """The RESTRICTED step along ``perm``: union-find over the players
    present, component statistics at the roots."""
    n = perm.size
    parent = np.empty(n, dtype=np.int64)
    size = np.empty(n, dtype=np.int64)
    x0 = np.empty(n)
    x1 = np.empty(n)
    is_max = bkid == MAX
    two = bkid == MIN_OF_SUMS
    for t in range(n):
        p = perm[n - 1 - t] if reverse else perm[t]
        r = p
        parent[p] = p
        size[p] = 1
        c0 = a[p]
        c1 = b[p] if two else 0.0
        lost = 0.0
        for k in range(gptr[p], gptr[p + 1]):
            w = gnbr[k]
            if not inside[w]:
                continue
            # root of w, halving the path on the way
            while parent[w] != w:
                parent[w] = parent[parent[w]]
                w = parent[w]
            if w == r:
                continue
            lost += _worth(bkid, x0[w], x1[w], q0, q1)
            if is_max:
                if x0[w] > c0:
                    c0 = x0[w]
            else:
                c0 += x0[w]
                c1 += x1[w]
            if size[w] > size[r]:
                parent[r] = w
                size[w] += size[r]
                r = w
            else:
                parent[w] = r
                size[r] += size[w]
        x0[r] = c0
        x1[r] = c1
        inside[p] = True
        marg[p] = _worth(bkid, c0, c1, q0, q1) - lost
    for t in range(n):
        inside[perm[t]] = False


@njit(cache=True, nogil=True)
def walk(kid, perm, reverse, marg, inside, fpar, a, b, indptr, nbr, wt, bkid, gptr, gnbr):
    """Marginal contribution of every player along ``perm`` (or its reverse),
    written to ``marg`` by player. The hot loop of the permutation sampler:
    each kernel has its own loop on local scalars, with no call inside (a
    call per step, with its array reference counting, cost 5-10 times more).
    """
    n = perm.size
    if kid == THRESHOLD:
        s0 = 0.0
        old = 0.0
        q = fpar[0]
        for t in range(n):
            p = perm[n - 1 - t] if reverse else perm[t]
            s0 += a[p]
            new = 1.0 if s0 >= q else 0.0
            marg[p] = new - old
            old = new
    elif kid == MAX:
        top = 0.0
        for t in range(n):
            p = perm[n - 1 - t] if reverse else perm[t]
            c = a[p]
            if c > top:
                marg[p] = c - top
                top = c
            else:
                marg[p] = 0.0
    elif kid == CLIPPED_SUM:
        s0 = 0.0
        old = 0.0
        for t in range(n):
            p = perm[n - 1 - t] if reverse else perm[t]
            s0 += a[p]
            new = fpar[0] - (fpar[1] - s0)
            if new < 0.0:
                new = 0.0
            marg[p] = new - old
            old = new
    elif kid == MIN_OF_SUMS:
        s0 = 0.0
        s1 = 0.0
        old = 0.0
        for t in range(n):
            p = perm[n - 1 - t] if reverse else perm[t]
            s0 += a[p]
            s1 += b[p]
            new = s0 if s0 < s1 else s1
            marg[p] = new - old
            old = new
    elif kid == RESTRICTED:
        _restricted_walk(bkid, perm, reverse, marg, inside, fpar[0], fpar[1], a, b, gptr, gnbr)
    else:  # PAIRWISE
        for t in range(n):
            p = perm[n - 1 - t] if reverse else perm[t]
            g = a[p]
            for k in range(indptr[p], indptr[p + 1]):
                if inside[nbr[k]]:
                    g += wt[k]
            inside[p] = True
            marg[p] = g
        for t in range(n):
            inside[perm[t]] = False


@njit(cache=True, nogil=True)
def evaluate_rows(kid, table, fpar, a, b, indptr, nbr, wt, bkid, gptr, gnbr, rows):
    """Worth of the coalition in each row of a boolean matrix (k, n).

    ``kid == DENSE`` reads ``table`` by bitmask; the other ids add up the
    members in index order, each kernel in its own loop (as in :func:`walk`);
    RESTRICTED joins the members' links by union-find and sums the worths of
    the components.

    One function with a branch per kernel id rather than one function per
    kernel: numba compiles a single specialisation that every sampler calls,
    which keeps the first-call compile time down.
    """
    m, n = rows.shape
    out = np.empty(m)
    if kid == DENSE:
        for r in range(m):
            mask = np.int64(0)
            for j in range(n):
                if rows[r, j]:
                    mask |= np.int64(1) << j
            out[r] = table[mask]
    elif kid == THRESHOLD:
        for r in range(m):
            s0 = 0.0
            for j in range(n):
                if rows[r, j]:
                    s0 += a[j]
            out[r] = 1.0 if s0 >= fpar[0] else 0.0
    elif kid == MAX:
        for r in range(m):
            top = 0.0
            for j in range(n):
                if rows[r, j] and a[j] > top:
                    top = a[j]
            out[r] = top
    elif kid == CLIPPED_SUM:
        for r in range(m):
            s0 = 0.0
            for j in range(n):
                if rows[r, j]:
                    s0 += a[j]
            v = fpar[0] - (fpar[1] - s0)
            out[r] = v if v > 0.0 else 0.0
    elif kid == MIN_OF_SUMS:
        for r in range(m):
            s0 = 0.0
            s1 = 0.0
            for j in range(n):
                if rows[r, j]:
                    s0 += a[j]
                    s1 += b[j]
            out[r] = s0 if s0 < s1 else s1
    elif kid == RESTRICTED:
        parent = np.empty(n, dtype=np.int64)
        x0 = np.empty(n)
        x1 = np.empty(n)
        is_max = bkid == MAX
        two = bkid == MIN_OF_SUMS
        for r in range(m):
            for j in range(n):
                if rows[r, j]:
                    parent[j] = j
                    x0[j] = a[j]
                    x1[j] = b[j] if two else 0.0
            for j in range(n):
                if not rows[r, j]:
                    continue
                for k in range(gptr[j], gptr[j + 1]):
                    w = gnbr[k]
                    if w > j or not rows[r, w]:
                        continue
                    u = j
                    while parent[u] != u:
                        parent[u] = parent[parent[u]]
                        u = parent[u]
                    while parent[w] != w:
                        parent[w] = parent[parent[w]]
                        w = parent[w]
                    if u == w:
                        continue
                    if u < w:  # the smaller index is the root
                        u, w = w, u
                    parent[u] = w
                    if is_max:
                        if x0[u] > x0[w]:
                            x0[w] = x0[u]
                    else:
                        x0[w] += x0[u]
                        x1[w] += x1[u]
            val = 0.0
            for j in range(n):
                if rows[r, j] and parent[j] == j:
                    val += _worth(bkid, x0[j], x1[j], fpar[0], fpar[1])
            out[r] = val
    else:  # PAIRWISE
        inside = np.zeros(n, dtype=np.bool_)
        for r in range(m):
            val = 0.0
            for j in range(n):
                if rows[r, j]:
                    g = a[j]
                    for k in range(indptr[j], indptr[j + 1]):
                        if inside[nbr[k]]:
                            g += wt[k]
                    inside[j] = True
                    val += g
            for j in range(n):
                inside[j] = False
            out[r] = val
    return out
