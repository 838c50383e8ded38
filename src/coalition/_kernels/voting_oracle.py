"""The coalitions of largest excess in a weighted voting game with player types.

Players of equal weight form a class; a coalition is known up to symmetry by
its count vector ``k`` (``0 <= k[c] <= sizes[c]`` members of class ``c``).
With a share ``y[c]`` for each member of class ``c``, the excess of ``k`` is
``v(k) - y.k`` with ``v(k) = 1`` when ``weights.k >= quota``, else 0.

A backward dynamic programme over (class, weight so far, capped at the
quota) gives the largest excess reachable from every partial choice; a
best-first walk over the choices, ordered by that exact bound, then lists the
count vectors in decreasing order of excess (the k best paths of a layered
graph). The walk skips the vectors lying in a subspace (given by an
orthonormal basis of its orthogonal complement) and stops at a threshold.
"""

from __future__ import annotations

import numpy as np
from numba import njit

# Among partial vectors of (nearly) equal bounds the deeper one goes first,
# so ties (symmetric shares make many) are walked depth first; the order of
# the list is decreasing up to m times this, the threshold test is exact.
_DEPTH_BONUS = 1e-12


@njit(cache=True)
def best_completion(weights, sizes, quota, y):
    """Largest excess over the completions of every partial count vector.

    Parameters
    ----------
    weights, sizes : int64 array (m,)
        Weight and number of players of each class.
    quota : int
        Integer quota, at least 1.
    y : float64 array (m,)
        Share of one member of each class.

    Returns
    -------
    h : float64 array (m + 1, quota + 1)
        ``h[c, s]``: the largest ``v - sum(k[j] * y[j] for j >= c)`` over the
        counts of classes ``c..m-1``, given weight ``s`` (capped at `quota`)
        from the classes before ``c``; ``v`` is 1 when the total reaches the
        quota. ``h[0, 0]`` is the largest excess of all count vectors
        (the empty one included).
    """
    m = weights.shape[0]
    h = np.empty((m + 1, quota + 1))
    for s in range(quota):
        h[m, s] = 0.0
    h[m, quota] = 1.0
    for c in range(m - 1, -1, -1):
        for s in range(quota + 1):
            best = h[c + 1, s]
            for k in range(1, sizes[c] + 1):
                t = min(s + k * weights[c], quota)
                val = h[c + 1, t] - k * y[c]
                best = max(best, val)
            h[c, s] = best
    return h


@njit(cache=True)
def _push(keys, ids, size, key, node):
    i = size
    keys[i] = key
    ids[i] = node
    while i > 0:
        p = (i - 1) // 2
        if keys[p] >= keys[i]:
            break
        keys[p], keys[i] = keys[i], keys[p]
        ids[p], ids[i] = ids[i], ids[p]
        i = p
    return size + 1


@njit(cache=True)
def _pop(keys, ids, size):
    size -= 1
    keys[0] = keys[size]
    ids[0] = ids[size]
    i = 0
    while True:
        left = 2 * i + 1
        if left >= size:
            break
        j = left
        if left + 1 < size and keys[left + 1] > keys[left]:
            j = left + 1
        if keys[i] >= keys[j]:
            break
        keys[j], keys[i] = keys[i], keys[j]
        ids[j], ids[i] = ids[i], ids[j]
        i = j
    return size


@njit(cache=True)
def top_coalitions(weights, sizes, quota, y, h, basis, span_tol, threshold, max_out, max_nodes):
    """The count vectors of largest excess, in decreasing order, outside a subspace.

    Parameters
    ----------
    weights, sizes, quota, y
        As for :func:`best_completion`.
    h : float64 array (m + 1, quota + 1)
        Its result for the same arguments.
    basis : float64 array (m, d)
        Orthonormal columns spanning the orthogonal complement of a subspace
        ``L``; a count vector ``k`` with ``|basis.T k| <= span_tol * |k|``
        counts as lying in ``L`` and is skipped. With ``d = 0`` every vector
        lies in ``L``; pass the identity to skip none but the empty one.
    threshold : float
        Only vectors of excess above this are listed.
    max_out, max_nodes : int
        At most this many vectors are listed, and at most this many partial
        vectors are held.

    Returns
    -------
    counts : int64 array (max_out, m)
    excess : float64 array (max_out,)
    n_out : int
        Rows of `counts` and `excess` filled, in decreasing order of excess
        (up to ``m * 1e-12``: near ties go depth first).
    status : int
        0: every vector outside ``L`` with excess above `threshold` is
        listed (the search is exhausted: the bound of every vector left is
        at most `threshold`); 1: `max_out` vectors were listed, more may
        exist; 2: `max_nodes` ran out before the search ended.
    n_skipped : int
        Vectors of excess above the threshold skipped as lying in ``L``.
    """
    m = weights.shape[0]
    d = basis.shape[1]
    counts = np.zeros((max_out, m), dtype=np.int64)
    excess = np.empty(max_out)
    parent = np.empty(max_nodes, dtype=np.int64)
    kval = np.empty(max_nodes, dtype=np.int64)
    level = np.empty(max_nodes, dtype=np.int64)
    wsum = np.empty(max_nodes, dtype=np.int64)
    cost = np.empty(max_nodes)
    keys = np.empty(max_nodes)
    ids = np.empty(max_nodes, dtype=np.int64)
    k = np.zeros(m, dtype=np.int64)
    n_nodes = 1
    parent[0] = -1
    kval[0] = 0
    level[0] = 0
    wsum[0] = 0
    cost[0] = 0.0
    size = 0
    n_out = 0
    n_skipped = 0
    status = 0
    bound = np.empty(max_nodes)
    bound[0] = h[0, 0]
    if h[0, 0] > threshold:
        size = _push(keys, ids, size, h[0, 0], 0)
    while size > 0:
        node = ids[0]
        if keys[0] <= threshold:
            break
        size = _pop(keys, ids, size)
        key = bound[node]
        if key <= threshold:
            continue
        c = level[node]
        if c == m:
            j = node
            while parent[j] >= 0:
                k[level[j] - 1] = kval[j]
                j = parent[j]
            norm = 0.0
            for i in range(m):
                norm += float(k[i]) * float(k[i])
            norm = np.sqrt(norm)
            off = 0.0
            for col in range(d):
                dot = 0.0
                for i in range(m):
                    dot += basis[i, col] * k[i]
                off += dot * dot
            if norm == 0.0 or np.sqrt(off) <= span_tol * norm:
                n_skipped += 1
                continue
            for i in range(m):
                counts[n_out, i] = k[i]
            excess[n_out] = key
            n_out += 1
            if n_out == max_out:
                status = 1
                break
            continue
        s0 = wsum[node]
        for kk in range(sizes[c] + 1):
            t = min(s0 + kk * weights[c], quota)
            cst = cost[node] + kk * y[c]
            bnd = h[c + 1, t] - cst
            if bnd <= threshold:
                continue
            if n_nodes == max_nodes or size == max_nodes:
                return counts, excess, n_out, 2, n_skipped
            parent[n_nodes] = node
            kval[n_nodes] = kk
            level[n_nodes] = c + 1
            wsum[n_nodes] = t
            cost[n_nodes] = cst
            bound[n_nodes] = bnd
            size = _push(keys, ids, size, bnd + (c + 1) * _DEPTH_BONUS, n_nodes)
            n_nodes += 1
    return counts, excess, n_out, status, n_skipped
