"""Exact power indices of weighted voting games with integer weights.

One pseudo-polynomial dynamic programme over (coalition size, total weight)
gives the Shapley-Shubik index and the raw Banzhaf index together.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def swing_fractions(weights, quota, distinct):
    """Share of the coalitions of each size in which a player swings.

    Parameters
    ----------
    weights : int64 array (n,)
        Non-negative integer weights of all players.
    quota : int
        Integer quota ``Q``, ``1 <= Q <= sum(weights)``: a coalition wins
        when its weight is at least ``Q``.
    distinct : int64 array (d,)
        Weights to report on; each must be one of `weights`.

    Returns
    -------
    f : float64 array (d, n)
        ``f[j, k]``: among the coalitions of ``k`` of the ``n - 1`` other
        players of a player of weight ``distinct[j]``, the fraction whose
        weight ``t`` has ``Q - distinct[j] <= t < Q`` (the player swings).

    Notes
    -----
    The table holds fractions, not counts: ``r[k, t]`` is the share of the
    ``C(m, k)`` coalitions of size ``k`` of the first ``m`` players whose
    weight is ``t``, so every entry lies in [0, 1] and nothing overflows,
    whatever ``n``. Adding a player of weight ``a`` is

        r'[k, t] = ((m + 1 - k) r[k, t] + k r[k - 1, t - a]) / (m + 1),

    and the table of the others of a player is recovered from the table of
    all ``n`` players by running this step backwards, for ``k`` upwards from
    ``r[0] = [1, 0, ...]``. The backward step multiplies the error carried
    from row ``k - 1`` by ``k / (n - k)``, which is below 1 for
    ``k <= (n - 1) / 2``; only those rows are used. A coalition ``S`` of
    ``k > (n - 1) / 2`` others is read through its complement among the
    others, of size ``n - 1 - k`` and weight ``T - a - t`` (``T`` the total
    weight), so the player swings in ``S`` exactly when the complement's
    weight lies in ``[T - Q + 1 - a, T - Q]``. Weights at or above
    ``L = max(Q, T - Q + 1)`` are never read, so the table has
    ``(n - 1) // 2 + 1`` rows of ``L`` entries: O(n**2 L) work for all
    players, plus O(n L) per distinct weight.
    """
    n = weights.shape[0]
    total = 0
    for i in range(n):
        total += weights[i]
    h = (n - 1) // 2
    width = max(quota, total - quota + 1)
    r = np.zeros((h + 1, width))
    r[0, 0] = 1.0
    reach = 0  # weight of the first m players: the table is 0 beyond it
    for m in range(1, n + 1):
        a = weights[m - 1]
        reach = min(reach + a, width - 1)
        for k in range(min(m, h), 0, -1):
            keep = (m - k) / m
            add = k / m
            row = r[k]
            below = r[k - 1]
            for t in range(reach, a - 1, -1):
                row[t] = keep * row[t] + add * below[t - a]
            for t in range(min(a, reach + 1) - 1, -1, -1):
                row[t] = keep * row[t]

    d = distinct.shape[0]
    f = np.zeros((d, n))
    prev = np.zeros(width)
    cur = np.zeros(width)
    for j in range(d):
        a = distinct[j]
        lo = max(0, quota - a)  # swing window of a coalition: [lo, quota)
        lo_c = max(0, total - quota + 1 - a)  # of its complement: [lo_c, hi_c)
        hi_c = total - quota + 1
        prev[:] = 0.0
        prev[0] = 1.0
        for k in range(h + 1):
            if k > 0:
                up = n / (n - k)
                back = k / (n - k)
                for t in range(width):
                    x = up * r[k, t]
                    if t >= a:
                        x -= back * prev[t - a]
                    cur[t] = x if x > 0.0 else 0.0
                prev, cur = cur, prev
            s = 0.0
            for t in range(lo, quota):
                s += prev[t]
            f[j, k] = s
            kc = n - 1 - k
            if kc > h:
                s = 0.0
                for t in range(lo_c, hi_c):
                    s += prev[t]
                f[j, kc] = s
    return f


@njit(cache=True)
def can_swing(weights, quota, a):
    """Whether a player of weight `a` (one of `weights`) swings in some
    coalition of the others: a subset-sum reachability test over the
    weights ``0 .. quota - 1``, exact, O(n quota)."""
    if a <= 0:
        return False
    lo = max(0, quota - a)
    reach = np.zeros(quota, dtype=np.bool_)
    reach[0] = True
    if lo == 0:
        return True
    skipped = False
    for m in range(weights.shape[0]):
        b = weights[m]
        if b == a and not skipped:
            skipped = True
            continue
        for t in range(quota - 1, b - 1, -1):
            if reach[t - b] and not reach[t]:
                reach[t] = True
                if t >= lo:
                    return True
    return False
