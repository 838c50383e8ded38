"""Coalitions of a multiple weighted voting game counted by size and by
their weights in every dimension, each capped at its quota."""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def size_state_shares(columns, caps):
    """Shares of the coalitions of each size by capped weight vector.

    Parameters
    ----------
    columns : int64 array (m, k)
        Non-negative integer weights of the ``m`` players counted, one row
        per player, one column per dimension.
    caps : int64 array (k,)
        The quota of each dimension: weights are recorded as
        ``min(total, cap)``, which decides every comparison with the quota.

    Returns
    -------
    r : float64 array (m + 1, prod(caps + 1))
        ``r[s, x]``: among the ``C(m, s)`` coalitions of ``s`` of the
        players, the share whose capped weights have mixed-radix index
        ``x`` (dimension 0 varies slowest). Shares lie in [0, 1]: adding a
        player turns ``r[s]`` into ``((p + 1 - s) r[s] + s r[s - 1] moved) /
        (p + 1)`` with ``p`` the players so far, only non-negative terms.
    """
    m, k = columns.shape
    stride = np.ones(k, dtype=np.int64)
    for j in range(k - 2, -1, -1):
        stride[j] = stride[j + 1] * (caps[j + 1] + 1)
    states = stride[0] * (caps[0] + 1)
    r = np.zeros((m + 1, states))
    r[0, 0] = 1.0
    target = np.empty(states, dtype=np.int64)
    moved = np.zeros(states)
    for p in range(m):
        for x in range(states):  # where each state goes when the player joins
            rest = x
            y = 0
            for j in range(k):
                digit = rest // stride[j]
                rest -= digit * stride[j]
                nd = digit + columns[p, j]
                if nd > caps[j]:
                    nd = caps[j]
                y += nd * stride[j]
            target[x] = y
        for s in range(p + 1, 0, -1):
            keep = (p + 1 - s) / (p + 1)
            add = s / (p + 1)
            moved[:] = 0.0
            below = r[s - 1]
            for x in range(states):
                moved[target[x]] += below[x]
            row = r[s]
            for x in range(states):
                row[x] = keep * row[x] + add * moved[x]
    return r


@njit(cache=True)
def _wins(totals, quotas, size, n, blocking):
    for k in range(quotas.size):
        if totals[k] < quotas[k]:
            return blocking > 0 and size > n - blocking
    return True


@njit(cache=True)
def walk_all(units, quotas, blocking, blocking_side, limit):
    """Every coalition of a multiple weighted voting game, in Gray-code order
    (one player in or out per step, the totals kept up to date).

    ``units`` (k, n) integer weights, ``quotas`` (k,), ``blocking`` the
    fewest members that can block (0: none). With ``blocking_side`` False it
    reads the winning coalitions: ``johnston`` (each winning coalition's
    critical members get 1 / their number), ``dp`` (each member of a minimal
    winning coalition gets 1 / its size), ``holler`` (each gets 1), ``count``
    (the minimal winning coalitions) and the first `limit` of them as
    bitmasks; ``swings`` (n, n), the coalitions of s others that player i
    turns from losing to winning, and ``winning``, the number of winning
    coalitions (the empty one included when it wins). With ``blocking_side`` True it reads the blocking coalitions
    (the complement loses) and lists the minimal ones, which are those
    whose every member, moved to the other side, lets the complement win."""
    k, n = units.shape
    totals = np.zeros(k, dtype=np.int64)
    grand = np.zeros(k, dtype=np.int64)
    for d in range(k):
        for i in range(n):
            grand[d] += units[d, i]
    inside = np.zeros(n, dtype=np.bool_)
    # counts (exact integers), turned into the sums of 1/c and 1/|S| at the end
    by_critical = np.zeros((n, n + 1), dtype=np.int64)
    by_size = np.zeros((n, n + 1), dtype=np.int64)
    swings = np.zeros((n, n), dtype=np.int64)  # [i, s]: coalitions of s others that i turns into winners
    winning = 0
    count = 0
    listed = np.zeros(limit, dtype=np.int64)
    rest = np.zeros(k, dtype=np.int64)
    critical = np.zeros(n, dtype=np.int64)
    mask = 0
    size = 0
    for step in range(1 << n):
        if step > 0:
            j = 0  # the player that changes: the lowest set bit of the step
            while not (step >> j) & 1:
                j += 1
            if inside[j]:
                inside[j] = False
                size -= 1
                mask ^= 1 << j
                for d in range(k):
                    totals[d] -= units[d, j]
            else:
                inside[j] = True
                size += 1
                mask ^= 1 << j
                for d in range(k):
                    totals[d] += units[d, j]
        if blocking_side:
            for d in range(k):
                rest[d] = grand[d] - totals[d]
            if size == 0 or _wins(rest, quotas, n - size, n, blocking):
                continue  # the others win: this coalition does not block
            minimal = True
            for i in range(n):
                if not inside[i]:
                    continue
                for d in range(k):
                    rest[d] += units[d, i]
                if not _wins(rest, quotas, n - size + 1, n, blocking):
                    minimal = False
                for d in range(k):
                    rest[d] -= units[d, i]
                if not minimal:
                    break
            if minimal:
                if count < limit:
                    listed[count] = mask
                count += 1
            continue
        if size == 0 or not _wins(totals, quotas, size, n, blocking):
            continue
        winning += 1
        crit = 0  # the members whose leaving makes it lose, listed in `critical`
        for i in range(n):
            if not inside[i]:
                continue
            for d in range(k):
                totals[d] -= units[d, i]
            if not _wins(totals, quotas, size - 1, n, blocking):
                critical[crit] = i
                crit += 1
            for d in range(k):
                totals[d] += units[d, i]
        for c in range(crit):
            i = critical[c]
            by_critical[i, crit] += 1
            swings[i, size - 1] += 1
        if crit == size:  # every member critical: a minimal winning coalition
            if count < limit:
                listed[count] = mask
            count += 1
            for i in range(n):
                if inside[i]:
                    by_size[i, size] += 1
    johnston = np.zeros(n)
    dp = np.zeros(n)
    holler = np.zeros(n)
    for i in range(n):
        for c in range(1, n + 1):
            johnston[i] += by_critical[i, c] / c
            dp[i] += by_size[i, c] / c
            holler[i] += by_size[i, c]
    return johnston, dp, holler, count, listed[:min(count, limit)], swings, winning
