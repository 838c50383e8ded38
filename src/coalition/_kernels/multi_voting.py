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
