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

from .exact import add_block_total, add_low_bit_sums, popcount, size_weighted_bit_sums


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


# ---------------------------------------------------------------------------
# Semivalues of the restricted game without its table
# ---------------------------------------------------------------------------
# Block size of restricted_size_weighted_bit_sums. Larger than
# exact._BLOCK_BITS: each block costs k level loops and a component search
# of its own high players besides its entries; 2**12 entries (32 KiB
# buffers) measured fastest at n = 20.
FUSED_BLOCK_BITS = 12


@njit(cache=True)
def _component(s, start, lo, hi, kn):
    """Component of the players ``start`` inside ``s``, grown breadth-first
    with the split neighbour tables of :func:`neighbour_tables` (split at
    ``kn`` bits)."""
    knmask = (1 << kn) - 1
    c = start
    f = start
    while f:
        nb = (lo[f & knmask] | hi[f >> kn]) & s & ~c
        c |= nb
        f = nb
    return c


@njit(cache=True)
def _high_table(v, n, k, lo, hi, kn):
    """Restricted worths of the sets of high players (positions ``k`` and
    up): ``rh[h]`` is that of the coalition ``h << k``."""
    m = 1 << (n - k)
    rh = np.empty(m)
    rh[0] = 0.0
    for h in range(1, m):
        s = h << k
        c = _component(s, s & -s, lo, hi, kn)
        rh[h] = v[c] + rh[(s ^ c) >> k]
    return rh


@njit(cache=True)
def _rest_worth(v, s, k, t0, rh, lo, hi, kn):
    """Restricted worth of any coalition ``s``: the components that join its
    low and its high players are summed one by one; once no link is left
    between the two parts, they are read off ``t0`` (restricted worths of
    the sets of low players) and ``rh`` (of the sets of high players)."""
    knmask = (1 << kn) - 1
    lomask = (1 << k) - 1
    tot = 0.0
    while True:
        low = s & lomask
        high = s & ~lomask
        x = (lo[low & knmask] | hi[low >> kn]) & high
        if x == 0:
            return tot + rh[high >> k] + t0[low]
        c = _component(s, x & -x, lo, hi, kn)
        tot += v[c]
        s ^= c


# The level loops of _restricted_block: entries l = bit + sp (sp < bit) for
# one low player j (bit = 2**j); "free": j has no neighbour among the high
# players of the block, "linked": it has one. Branch-free, so that they
# vectorise. An entry that the two cheap rules do not settle is counted and
# given 0 for now (_level_fix sets it). The top level (j = k - 1) is read by
# no later entry: its loops store no worth and no flag, and add the weighted
# worths straight into wb[sp], the first halving step of the block's total.
@njit(cache=True)
def _level_free(r, v, conn, th, wh, wb, bit, off, ajl, vj):
    nbad = 0
    for sp in range(bit):
        l = bit + sp
        ni = np.uint8((ajl & sp) != 0)
        cs = conn[sp]
        bad = ni & (cs ^ np.uint8(1))
        x = r[sp] + vj
        y = v[off + sp]
        val = y if ni else x
        val = 0.0 if bad else val
        r[l] = val
        conn[l] = cs & ni
        th[l] += val
        wb[l] = wh[l] * val
        nbad += bad
    return nbad


@njit(cache=True)
def _level_linked(r, v, conn, th, wh, wb, bit, off):
    nbad = 0
    for sp in range(bit):
        l = bit + sp
        cs = conn[sp]
        y = v[off + sp]
        val = y if cs else 0.0
        r[l] = val
        conn[l] = cs
        th[l] += val
        wb[l] = wh[l] * val
        nbad += cs ^ np.uint8(1)
    return nbad


@njit(cache=True)
def _top_free(r, v, conn, th, wh, wb, bit, off, ajl, vj):
    nbad = 0
    for sp in range(bit):
        l = bit + sp
        ni = np.uint8((ajl & sp) != 0)
        cs = conn[sp]
        bad = ni & (cs ^ np.uint8(1))
        x = r[sp] + vj
        y = v[off + sp]
        val = y if ni else x
        val = 0.0 if bad else val
        th[l] += val
        wb[sp] += wh[l] * val
        nbad += bad
    return nbad


@njit(cache=True)
def _top_linked(r, v, conn, th, wh, wb, bit, off):
    nbad = 0
    for sp in range(bit):
        l = bit + sp
        cs = conn[sp]
        y = v[off + sp]
        val = y if cs else 0.0
        th[l] += val
        wb[sp] += wh[l] * val
        nbad += cs ^ np.uint8(1)
    return nbad


@njit(cache=True)
def _level_fix(v, base, bit, free, ajl, k, t0, rh, lo, hi, kn, r, conn, th, wh, wb, top):
    """Set the entries of one level that the level loop left: ``j`` has a
    neighbour in ``S - j``, which is not connected. The component ``C`` of
    ``j`` is grown; ``S - C`` is in this block (``C`` has no high player:
    ``r[l - C]``) or is summed by :func:`_rest_worth`."""
    highmask = ~((1 << k) - 1)
    for sp in range(bit):
        if conn[sp] or (free and (ajl & sp) == 0):
            continue
        l = sp | bit
        s = base | l
        c = _component(s, bit, lo, hi, kn)
        if (c & highmask) == 0:
            x = v[c] + r[l ^ c]
        else:
            x = v[c] + _rest_worth(v, s ^ c, k, t0, rh, lo, hi, kn)
        th[l] += x
        if top:
            wb[sp] += wh[l] * x
        else:
            r[l] = x
            wb[l] = wh[l] * x
            conn[l] = c == s


@njit(cache=True)
def _restricted_block(v, adj, h, k, t0, rh, lo, hi, kn, r, conn, th, wh, wb):
    """Restricted worths of the coalitions ``(h << k) | l`` (``h >= 1``, all
    ``l < 2**k``), added to ``th``, with their ``wh``-weighted total left in
    ``wb[:2**(k-1)]`` (to be halved). Returns how many entries needed a
    component search.

    Entries are visited by their highest low player ``j`` (``S = S' + j``,
    ``S'`` already done), keeping a "connected" flag per entry:

    * ``j`` has no neighbour in ``S'``: ``r(S) = r(S') + v({j})``;
    * it has one and ``S'`` is connected: ``r(S) = v(S)``;
    * otherwise :func:`_level_fix`.
    """
    base = h << k
    lomask = (1 << k) - 1
    c = _component(base, base & -base, lo, hi, kn)
    r0 = rh[h]
    r[0] = r0
    conn[0] = c == base
    th[0] += r0
    wb[0] = wh[0] * r0
    n_fix = 0
    for j in range(k):
        bit = 1 << j
        aj = adj[j]
        ajl = aj & lomask
        free = (aj & base) == 0
        top = j == k - 1
        off = base + bit
        if free and top:
            nbad = _top_free(r, v, conn, th, wh, wb, bit, off, ajl, v[bit])
        elif free:
            nbad = _level_free(r, v, conn, th, wh, wb, bit, off, ajl, v[bit])
        elif top:
            nbad = _top_linked(r, v, conn, th, wh, wb, bit, off)
        else:
            nbad = _level_linked(r, v, conn, th, wh, wb, bit, off)
        if nbad:
            _level_fix(v, base, bit, free, ajl, k, t0, rh, lo, hi, kn, r, conn, th, wh, wb, top)
            n_fix += nbad
    return n_fix


@njit(cache=True)
def restricted_size_weighted_bit_sums(v, n, adj, a, b, k, max_fix):
    """:func:`coalition._kernels.exact.size_weighted_bit_sums` of the
    graph-restricted table of ``v`` (``r[S]`` = sum of ``v[C]`` over the
    connected components ``C`` of ``S``; ``adj``: neighbour masks), without
    building that table. Returns ``sums, total, fused``.

    The coalitions are taken in blocks of ``2**k`` (``1 <= k <= n``) that
    share their high players. The sets of low players (``t0``) come from
    :func:`restrict_table` on ``k`` players, the sets of high players from
    :func:`_high_table`; every other block is computed into a buffer by
    :func:`_restricted_block` and summed into the semivalue at once, as
    ``size_weighted_bit_sums`` sums a block of the table (row
    ``popcount(h)`` of ``t`` for the low players, the block's ``a``-weighted
    total for the high ones). The pass reads ``v`` once, a block of
    ``2**k`` consecutive worths at a time, and writes nothing of size
    ``2**n``. The worths are sums of worths of
    components (never differences), so the result is that of the table up
    to the order of the additions.

    That pays where few coalitions need a component search (stars, dense
    graphs). The blocks come in a scrambled order, and if more than
    ``max_fix`` (a share) of the entries of the first blocks (1/16 of them,
    at most 8) needed one, the kernel falls back to :func:`restrict_table`
    and ``size_weighted_bit_sums`` (which keeps every restricted worth, so
    the rest of a coalition is one look-up) and returns ``fused = False``.
    """
    size = 1 << k
    half = size >> 1
    n_rows = n - k + 1
    n_blocks = 1 << (n - k)
    lo, hi = neighbour_tables(adj, n)
    kn = n // 2
    t0 = restrict_table(v, k, adj)
    low_pc = np.empty(size, dtype=np.int64)
    for l in range(size):
        low_pc[l] = popcount(l)
    # wa[rr, l] = a[rr + popcount(l)]: the weight of entry l of a block with
    # rr high players.
    wa = np.empty((n_rows, size))
    for rr in range(n_rows):
        for l in range(size):
            wa[rr, l] = a[rr + low_pc[l]]
    t = np.zeros((n_rows, size))
    sums = np.zeros(n)
    for l in range(size):
        t[0, l] = t0[l]
    if n_blocks > 1:
        rh = _high_table(v, n, k, lo, hi, kn)
        r = np.empty(size)
        conn = np.empty(size, dtype=np.uint8)
        wb = np.empty(size)
        probe = max(1, min(8, n_blocks >> 4))
        allowed = max_fix * (probe * size)
        n_fix = 0
        # h = i * step (mod n_blocks), step odd: each block once, scrambled
        step = (0x9E3779B1 & (n_blocks - 1)) | 1
        for i in range(1, n_blocks):
            h = (i * step) & (n_blocks - 1)
            rr = popcount(h)
            n_fix += _restricted_block(v, adj, h, k, t0, rh, lo, hi, kn, r, conn, t[rr], wa[rr], wb)
            if i <= probe and i < n_blocks - 1 and n_fix > allowed:
                s2, tot2 = size_weighted_bit_sums(restrict_table(v, n, adj), n, a, b)
                return s2, tot2, False
            add_block_total(wb, half, h, k, sums)
    total = add_low_bit_sums(t, wa, b, low_pc, k, sums)
    return sums, total, True
