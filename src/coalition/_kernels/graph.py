"""Graph kernels: connected components of coalitions, restricted tables (or
their semivalue sums without the table), link games and path splits on
forests.

Players are positions ``0..n-1``; a graph comes either as one ``int64``
neighbour mask per player (``adj[i]`` has bit ``j`` set when ``i`` and ``j``
are linked; for at most 62 players) or in CSR form (``indptr``, ``indices``).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .exact import popcount


@njit(cache=True)
def _low_index(x):
    """Position of the lowest set bit of a positive int64."""
    return popcount((x & -x) - 1)


@njit(cache=True)
def neighbour_tables(adj, n):
    """Split tables of the neighbourhood of a set: the union of ``adj[j]``
    over the bits ``j`` of a mask ``F`` is ``lo[F & (2**k - 1)] | hi[F >> k]``
    with ``k = n // 2``. Two tables of ``2**(n/2)`` entries instead of one of
    ``2**n``."""
    k = n // 2
    lo = np.zeros(1 << k, dtype=np.int64)
    hi = np.zeros(1 << (n - k), dtype=np.int64)
    for t in range(1, 1 << k):
        lo[t] = lo[t & (t - 1)] | adj[_low_index(t)]
    for t in range(1, 1 << (n - k)):
        hi[t] = hi[t & (t - 1)] | adj[k + _low_index(t)]
    return lo, hi


@njit(cache=True)
def restrict_table(v, n, adj):
    """Graph-restricted table: ``r[S]`` = sum of ``v[C]`` over the connected
    components ``C`` of ``S``.

    Coalitions are visited by their highest player ``j`` (``S = S' + j`` with
    ``S'`` below ``2**j``, so ``r[S']`` is known), keeping one flag per
    coalition for "connected":

    * ``j`` has no neighbour in ``S'``: ``r[S] = r[S'] + v[{j}]``;
    * ``j`` has one and ``S'`` is connected: ``S`` is connected, ``r[S] = v[S]``;
    * otherwise the component ``C`` of ``j`` is grown breadth-first (one
      table look-up per layer) and ``r[S] = v[C] + r[S - C]``.

    The first two cases read the tables in order; on a star every coalition
    is one of them.
    """
    lo, hi = neighbour_tables(adj, n)
    k = n // 2
    lomask = (1 << k) - 1
    m = 1 << n
    r = np.empty(m)
    conn = np.empty(m, dtype=np.bool_)
    r[0] = 0.0
    conn[0] = False
    for j in range(n):
        bit = 1 << j
        aj = adj[j]
        vj = v[bit]
        for sp in range(bit):
            s = sp | bit
            if (aj & sp) == 0:
                r[s] = r[sp] + vj
                conn[s] = sp == 0
            elif conn[sp]:
                r[s] = v[s]
                conn[s] = True
            else:
                c = bit
                f = bit
                while f:
                    nb = (lo[f & lomask] | hi[f >> k]) & s & ~c
                    c |= nb
                    f = nb
                r[s] = v[c] + r[s ^ c]
                conn[s] = c == s
    return r


@njit(cache=True)
def component_labels(indptr, indices, members):
    """Connected components of each row of a boolean ``(k, n)`` matrix in the
    graph ``(indptr, indices)``.

    Returns ``labels`` (``int64[k, n]``: component number within the row,
    ``-1`` for a player outside the coalition) and ``counts`` (components per
    row)."""
    k, n = members.shape
    labels = np.full((k, n), -1, dtype=np.int64)
    counts = np.zeros(k, dtype=np.int64)
    stack = np.empty(n, dtype=np.int64)
    for r in range(k):
        comp = 0
        for s in range(n):
            if not members[r, s] or labels[r, s] >= 0:
                continue
            labels[r, s] = comp
            top = 0
            stack[0] = s
            top = 1
            while top:
                top -= 1
                u = stack[top]
                for p in range(indptr[u], indptr[u + 1]):
                    w = indices[p]
                    if members[r, w] and labels[r, w] < 0:
                        labels[r, w] = comp
                        stack[top] = w
                        top += 1
            comp += 1
        counts[r] = comp
    return labels, counts


@njit(cache=True)
def _find(parent, i):
    root = i
    while parent[root] != root:
        root = parent[root]
    while parent[i] != root:
        nxt = parent[i]
        parent[i] = root
        i = nxt
    return root


@njit(cache=True)
def link_game_table(v, n, lu, lv):
    """Table over subsets ``A`` of the links: ``r[A]`` = sum of ``v[C]`` over
    the components ``C`` of the graph with all ``n`` players and the links of
    ``A`` (link ``l`` joins ``lu[l]`` and ``lv[l]``)."""
    n_links = lu.shape[0]
    m = 1 << n_links
    r = np.empty(m)
    parent = np.empty(n, dtype=np.int64)
    comp = np.empty(n, dtype=np.int64)
    for a in range(m):
        for i in range(n):
            parent[i] = i
            comp[i] = 0
        rest = a
        while rest:
            l = _low_index(rest)
            rest &= rest - 1
            ru = _find(parent, lu[l])
            rv = _find(parent, lv[l])
            if ru != rv:
                parent[ru] = rv
        for i in range(n):
            comp[_find(parent, i)] |= 1 << i
        tot = 0.0
        for i in range(n):
            if comp[i]:
                tot += v[comp[i]]
        r[a] = tot
    return r


@njit(cache=True)
def bfs_forest(indptr, indices):
    """Breadth-first spanning forest: ``parent`` (-1 at roots), ``depth`` and
    ``comp`` (component number) of every node, and the number of components."""
    n = indptr.shape[0] - 1
    parent = np.full(n, -1, dtype=np.int64)
    depth = np.full(n, -1, dtype=np.int64)
    comp = np.full(n, -1, dtype=np.int64)
    queue = np.empty(n, dtype=np.int64)
    n_comp = 0
    for s in range(n):
        if comp[s] >= 0:
            continue
        comp[s] = n_comp
        depth[s] = 0
        head = 0
        tail = 1
        queue[0] = s
        while head < tail:
            u = queue[head]
            head += 1
            for p in range(indptr[u], indptr[u + 1]):
                w = indices[p]
                if comp[w] < 0:
                    comp[w] = n_comp
                    depth[w] = depth[u] + 1
                    parent[w] = u
                    queue[tail] = w
                    tail += 1
        n_comp += 1
    return parent, depth, comp, n_comp


@njit(cache=True)
def tree_path_split(parent, depth, pu, pv, amount, n):
    """Share ``amount[e]`` equally among the nodes of the tree path between
    ``pu[e]`` and ``pv[e]`` (both in the same tree of the forest ``parent``)."""
    x = np.zeros(n)
    for e in range(pu.shape[0]):
        a = pu[e]
        b = pv[e]
        length = 1
        while a != b:
            if depth[a] >= depth[b]:
                a = parent[a]
            else:
                b = parent[b]
            length += 1
        share = amount[e] / length
        a = pu[e]
        b = pv[e]
        while a != b:
            if depth[a] >= depth[b]:
                x[a] += share
                a = parent[a]
            else:
                x[b] += share
                b = parent[b]
        x[a] += share
    return x


@njit(cache=True)
def tree_link_split(parent, depth, pu, pv, amount, n):
    """Share ``amount[e]`` equally among the links of the tree path between
    ``pu[e]`` and ``pv[e]``, each link handing half to each of its ends."""
    x = np.zeros(n)
    for e in range(pu.shape[0]):
        a = pu[e]
        b = pv[e]
        n_links = 0
        while a != b:
            if depth[a] >= depth[b]:
                a = parent[a]
            else:
                b = parent[b]
            n_links += 1
        if n_links == 0:
            continue
        half = 0.5 * amount[e] / n_links
        a = pu[e]
        b = pv[e]
        while a != b:
            if depth[a] >= depth[b]:
                x[a] += half
                a = parent[a]
                x[a] += half
            else:
                x[b] += half
                b = parent[b]
                x[b] += half
    return x


@njit(cache=True)
def component_lists(labels, counts, standalone, key):
    """Split the components found by :func:`component_labels`.

    Returns ``single`` (per row, the summed ``standalone`` worths of its
    one-player components) and, for the components of two players or more,
    their members (``members[ptr[c]:ptr[c + 1]]``, ascending), their row,
    and a hash (xor of ``key`` over the members, mixed with the size)."""
    k, n = labels.shape
    offsets = np.zeros(k + 1, dtype=np.int64)
    for r in range(k):
        offsets[r + 1] = offsets[r] + counts[r]
    total = offsets[k]
    size = np.zeros(total, dtype=np.int64)
    for r in range(k):
        for j in range(n):
            lab = labels[r, j]
            if lab >= 0:
                size[offsets[r] + lab] += 1
    index = np.full(total, -1, dtype=np.int64)
    n_multi = 0
    for c in range(total):
        if size[c] >= 2:
            index[c] = n_multi
            n_multi += 1
    ptr = np.zeros(n_multi + 1, dtype=np.int64)
    for c in range(total):
        if index[c] >= 0:
            ptr[index[c] + 1] = size[c]
    for m in range(n_multi):
        ptr[m + 1] += ptr[m]
    fill = ptr[:-1].copy()
    members = np.empty(ptr[n_multi], dtype=np.int64)
    hashes = np.zeros(n_multi, dtype=np.uint64)
    row = np.empty(n_multi, dtype=np.int64)
    single = np.zeros(k)
    for r in range(k):
        for j in range(n):
            lab = labels[r, j]
            if lab < 0:
                continue
            m = index[offsets[r] + lab]
            if m < 0:
                single[r] += standalone[j]
            else:
                members[fill[m]] = j
                fill[m] += 1
                hashes[m] ^= key[j]
                row[m] = r
    mix = np.uint64(0x9E3779B97F4A7C15)
    for m in range(n_multi):
        hashes[m] ^= np.uint64(ptr[m + 1] - ptr[m]) * mix
    return single, ptr, members, row, hashes


@njit(cache=True)
def same_members(ptr, members, rep):
    """Whether component ``c`` has exactly the members of ``rep[c]``, for all c."""
    for c in range(rep.shape[0]):
        q = rep[c]
        if q == c:
            continue
        a = ptr[c]
        b = ptr[q]
        size = ptr[c + 1] - a
        if ptr[q + 1] - b != size:
            return False
        for t in range(size):
            if members[a + t] != members[b + t]:
                return False
    return True


@njit(cache=True)
def member_rows(ptr, members, chosen, n):
    """Boolean rows ``(len(chosen), n)`` of the components ``chosen``."""
    out = np.zeros((chosen.shape[0], n), dtype=np.bool_)
    for r in range(chosen.shape[0]):
        c = chosen[r]
        for t in range(ptr[c], ptr[c + 1]):
            out[r, members[t]] = True
    return out
