"""Power indices of weighted voting games with integer weights, without a table.

Players of equal weight form a class; every kernel works class by class.
Counts are carried as shares of the ``2**m`` coalitions of the ``m`` players
added so far (each added player halves the entries before adding), so they
never overflow; shares below the smallest float64 (about 1e-308) underflow
to 0 and lose their relative accuracy. Only non-negative numbers are added
and multiplied: no cancellation, so every result keeps its relative accuracy
above that floor, and an exact zero stays zero.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def _add_players(dist, weight, count):
    """Add `count` players of `weight` to the shares `dist` (in place),
    keeping only totals below ``dist.size``."""
    width = dist.shape[0]
    for _ in range(count):
        for t in range(width - 1, weight - 1, -1):
            dist[t] = 0.5 * (dist[t] + dist[t - weight])
        for t in range(min(weight, width) - 1, -1, -1):
            dist[t] = 0.5 * dist[t]


@njit(cache=True)
def _window_sums(dist, length):
    """``out[v] = dist[v] + ... + dist[v + length - 1]`` (zero beyond the
    end), by doubling blocks: O(size log length), additions only."""
    width = dist.shape[0]
    out = np.zeros(width)
    level = dist.copy()
    span = 1
    offset = 0
    rest = length
    while rest > 0:
        if rest & 1:
            for v in range(width):
                u = v + offset
                if u < width:
                    out[v] += level[u]
            offset += span
        rest >>= 1
        if rest > 0:
            nxt = np.zeros(width)
            for v in range(width):
                nxt[v] = level[v]
                if v + span < width:
                    nxt[v] += level[v + span]
            level = nxt
            span *= 2
    return out


@njit(cache=True)
def banzhaf_by_class(weights, counts, quota):
    """Raw Banzhaf index of a player of each class.

    Parameters
    ----------
    weights : int64 array (d,)
        The distinct positive weights.
    counts : int64 array (d,)
        How many players carry each weight.
    quota : int
        ``1 <= quota <= sum(weights * counts)``.

    Returns
    -------
    float64 array (d,)
        The share of the coalitions of the other players whose weight ``t``
        has ``quota - w <= t < quota`` (the player swings).

    Notes
    -----
    Suffix shares (classes after ``c``) are kept; prefix shares are built on
    the way; a player of class ``c`` sees the prefix, ``counts[c] - 1``
    players of its own class, and the suffix, joined at the swing window
    through window sums of the suffix: O(n quota + d quota log w).
    """
    d = weights.shape[0]
    suffix = np.zeros((d + 1, quota))
    suffix[d, 0] = 1.0
    for c in range(d - 1, -1, -1):
        suffix[c] = suffix[c + 1]
        _add_players(suffix[c], weights[c], counts[c])
    out = np.zeros(d)
    prefix = np.zeros(quota)
    prefix[0] = 1.0
    for c in range(d):
        a = weights[c]
        own = prefix.copy()
        _add_players(own, a, counts[c] - 1)
        win = _window_sums(suffix[c + 1], a)
        head = np.zeros(quota + 1)  # head[u]: sum of suffix[0 .. u)
        for u in range(quota):
            head[u + 1] = head[u] + suffix[c + 1, u]
        s = 0.0
        for t in range(quota):
            lo = quota - a - t  # the suffix must bring a total in [lo, lo + a)
            if own[t] == 0.0:
                continue
            if lo >= 0:
                s += own[t] * win[lo]
            else:  # the window starts below 0: sum of suffix[0 .. lo + a)
                s += own[t] * head[lo + a]
        out[c] = s
        _add_players(prefix, a, counts[c])
    return out


@njit(cache=True)
def johnston_by_class(weights, counts, quota):
    """Raw Johnston score of a player of each class, over ``2**(n - 1)``.

    A member ``j`` of a winning coalition ``S`` is critical when
    ``w_j > w(S) - quota``; a player of weight ``a`` is critical in ``S``
    when ``w(S) = quota + e`` with ``0 <= e < a``, and then ``S`` has
    ``c(S)`` critical members, those heavier than ``e``. For each class and
    each ``e`` the shares of the coalitions of the others by (number of
    members heavier than ``e``, total weight) give
    ``sum over S of 1 / c(S)``. Between two consecutive distinct weights
    the heavier set does not change, so one table serves every ``e`` there.

    Parameters
    ----------
    weights, counts : int64 arrays (d,)
        Distinct positive weights in increasing order, and their counts.
    quota : int

    Returns
    -------
    float64 array (d,)
        ``sum over S containing the player, the player critical in S, of
        1 / c(S)``, divided by ``2**(n - 1)``.
    """
    d = weights.shape[0]
    n = 0
    for c in range(d):
        n += counts[c]
    out = np.zeros(d)
    for c in range(d):
        a = weights[c]
        e = 0
        while e < a:
            # classes heavier than e: those with weight > e
            h = 0
            while h < d and weights[h] <= e:
                h += 1
            # the heavy set changes when e reaches the weight weights[h]
            e_end = min(a, weights[h]) if h < d else a
            n_heavy = 0
            for r in range(h, d):
                n_heavy += counts[r]
            n_heavy -= 1  # the player itself is heavy (a > e)
            table = np.zeros((n_heavy + 1, quota))
            table[0, 0] = 1.0
            for r in range(d):
                m = counts[r] - (1 if r == c else 0)
                b = weights[r]
                heavy = r >= h
                for _ in range(m):
                    for k in range(n_heavy, -1, -1):
                        row = table[k]
                        if heavy:
                            for t in range(quota - 1, -1, -1):
                                x = row[t]
                                if t >= b and k > 0:
                                    x += table[k - 1, t - b]
                                row[t] = 0.5 * x
                        else:
                            for t in range(quota - 1, b - 1, -1):
                                row[t] = 0.5 * (row[t] + row[t - b])
                            for t in range(min(b, quota) - 1, -1, -1):
                                row[t] = 0.5 * row[t]
            for ee in range(e, e_end):
                t = quota + ee - a  # weight of the others in S
                if t < 0:
                    continue
                s = 0.0
                for k in range(n_heavy + 1):
                    s += table[k, t] / (k + 1)
                out[c] += s
            e = e_end
    return out


@njit(cache=True)
def count_minimal_winning(weights, quota):
    """Number of minimal winning coalitions (float64, may round above 2**53).

    `weights` sorted increasingly. A winning coalition is minimal when it
    loses without its lightest member; with ``l`` that member (lowest
    position), the others ``B`` come from the positions above ``l`` and
    ``quota - w_l <= w(B) < quota``.
    """
    n = weights.shape[0]
    dist = np.zeros(quota)  # counts of subsets of positions > l by weight
    dist[0] = 1.0
    total = 0.0
    for pos in range(n - 1, -1, -1):
        w = weights[pos]
        for t in range(max(0, quota - w), quota):
            total += dist[t]
        for t in range(quota - 1, w - 1, -1):
            dist[t] += dist[t - w]
    return total


@njit(cache=True)
def _neumaier(total, comp, i, x):
    """Add x to total[i] with Neumaier's compensation kept in comp[i]."""
    t = total[i] + x
    if abs(total[i]) >= abs(x):
        comp[i] += (total[i] - t) + x
    else:
        comp[i] += (x - t) + total[i]
    total[i] = t


@njit(cache=True)
def enumerate_minimal_winning(weights, quota, limit):
    """Walk the minimal winning coalitions of [quota; weights].

    `weights` sorted increasingly. Returns ``(count, dp, holler, members,
    offsets)``: their number, per position the sum of ``1 / |S|`` and the
    number of coalitions containing it, and, for the first `limit`
    coalitions, their members (positions; coalition ``j`` is
    ``members[offsets[j]:offsets[j + 1]]``).

    Notes
    -----
    With ``l`` the lightest member (lowest position), a coalition is
    minimal winning when the others ``B``, from the positions above ``l``,
    have ``quota - w_l <= w(B) < quota``. For each ``l`` a depth-first
    search decides the positions above it, heaviest first: include one
    while the weight stays below the quota, exclude it, and give up a
    branch when all the undecided positions together cannot reach
    ``quota - w_l``.
    """
    n = weights.shape[0]
    above = np.zeros(n + 1, dtype=np.int64)  # weight of positions >= p
    for p in range(n - 1, -1, -1):
        above[p] = above[p + 1] + weights[p]
    dp = np.zeros(n)
    comp = np.zeros(n)  # compensation of the sums in dp
    holler = np.zeros(n)  # integer counts: exact below 2**53
    members = np.empty(max(limit, 1) * 4, dtype=np.int64)
    offs = np.zeros(limit + 1, dtype=np.int64)
    n_members = 0
    count = 0
    state = np.zeros(n + 1, dtype=np.int64)
    incl = np.zeros(n + 1, dtype=np.bool_)
    for low in range(n):
        lo = quota - weights[low]
        levels = n - 1 - low  # level i decides position n - 1 - i
        if above[low + 1] < lo:
            continue
        i = 0
        cur = 0
        state[0] = 0
        incl[0] = False
        while i >= 0:
            if i == levels:
                if cur >= lo:
                    count += 1
                    size = 1
                    for j in range(levels):
                        if incl[j]:
                            size += 1
                    share = 1.0 / size
                    _neumaier(dp, comp, low, share)
                    holler[low] += 1.0
                    for j in range(levels):
                        if incl[j]:
                            _neumaier(dp, comp, n - 1 - j, share)
                            holler[n - 1 - j] += 1.0
                    if count <= limit:
                        if n_members + size > members.shape[0]:
                            grown = np.empty(2 * (n_members + size), dtype=np.int64)
                            grown[:n_members] = members[:n_members]
                            members = grown
                        members[n_members] = low
                        k = n_members + 1
                        for j in range(levels - 1, -1, -1):
                            if incl[j]:
                                members[k] = n - 1 - j
                                k += 1
                        n_members += size
                        offs[count] = n_members
                i -= 1
                continue
            p = n - 1 - i
            st = state[i]
            if st == 0:
                state[i] = 1
                incl[i] = False
                if cur + above[low + 1] - above[p + 1] < lo:
                    state[i] = 2  # even every undecided position falls short
                    i -= 1
                    continue
                if cur + weights[p] < quota:
                    cur += weights[p]
                    incl[i] = True
                    i += 1
                    state[i] = 0
                    incl[i] = False
                continue
            if st == 1:
                if incl[i]:
                    cur -= weights[p]
                    incl[i] = False
                state[i] = 2
                i += 1
                state[i] = 0
                incl[i] = False
                continue
            i -= 1
    kept = min(count, limit)
    return count, dp + comp, holler, members[:n_members], offs[: kept + 1]


@njit(cache=True)
def win_shares(weights, counts, quota):
    """Shares of all coalitions whose weight reaches `quota` and of those
    whose weight does not, each summed directly (never ``1 - p``)."""
    r = np.zeros(quota + 1)  # r[quota]: weight at least quota
    r[0] = 1.0
    for c in range(weights.shape[0]):
        w = weights[c]
        for _ in range(counts[c]):
            top = r[quota]
            for t in range(max(quota - w, 0), quota):
                top += r[t]
            for t in range(quota - 1, w - 1, -1):
                r[t] = 0.5 * (r[t] + r[t - w])
            for t in range(min(w, quota) - 1, -1, -1):
                r[t] = 0.5 * r[t]
            r[quota] = 0.5 * (r[quota] + top)
    lose = 0.0
    for t in range(quota):
        lose += r[t]
    return r[quota], lose
