"""The random-arrival rule of a claims problem with integer claims, by a
pseudo-polynomial dynamic programme over (number arrived, total claimed).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def arrival_awards(claims, estate, distinct, rows, width):
    """Random-arrival awards of the claims in `distinct`.

    Parameters
    ----------
    claims : int64 array (n,)
        Positive integer claims in increasing order, ``n >= 2``.
    estate : float
        ``0 < E < T`` with ``T`` the total of the claims.
    distinct : int64 array (d,)
        Claims to report on; each must be one of `claims`.
    rows, width : int
        The table's size: ``(n - 1) // 2 + 1`` rows of
        ``max(ceil(E), ceil(T - E))`` totals in general; when the
        ``(n - 1) // 2 + 1`` smallest claims already reach ``E``, only the
        numbers ``k`` of arrivals whose smallest claims stay below ``E`` are
        read (``rows = kmax + 1``), and only totals below ``E``
        (``width = ceil(E)``).

    Returns
    -------
    x : float64 array (d,)
        The award of a claimant with claim ``distinct[j]``.

    Notes
    -----
    A claimant with claim ``a`` receives ``g(t) = min(a, max(0, E - t))``
    when the others who arrived first claim ``t`` in all. Each number ``k``
    of others arriving first has probability ``1 / n`` and each set of ``k``
    of them is equally likely, so the award is the mean over ``k`` of the
    mean of ``g`` over the sets of ``k`` others. The table ``r[k, t]``
    holds the share of the sets of ``k`` claimants whose claims total ``t``
    (fractions in [0, 1], so nothing overflows), built one claimant at a
    time by ``r'[k, t] = ((m + 1 - k) r[k, t] + k r[k - 1, t - a]) / (m + 1)``
    and, for one claimant's others, unbuilt by the same step backwards
    for ``k`` upwards (an error is multiplied by ``k / (n - k) < 1`` for
    ``k <= (n - 1) / 2``, the only rows kept). A set of more than
    ``(n - 1) / 2`` others is read through its complement among them: its
    total is ``T - a - t'`` with ``t'`` the complement's. Only totals below
    ``L = max(ceil(E), ceil(T - E))`` are ever read: ``(n - 1) // 2 + 1`` rows of ``L``
    entries, O(n**2 L) work, plus O(n L) per distinct claim.

    A number ``k`` of others whose ``k`` smallest claims already reach ``E``
    leaves nothing (and so does every larger ``k``), and one whose ``k``
    largest claims leave at least ``a`` pays ``a`` in full: neither is read
    from the table. Only the ``k`` for which some sets pay part of a claim
    are, so a small estate is not read as the difference of nearly equal
    numbers. A ``k`` the table does not hold (beyond `rows`) gives NaN.
    """
    n = claims.shape[0]
    total = 0
    for i in range(n):
        total += claims[i]
    m = n - 1
    h = m // 2  # the last row read directly; rows beyond through complements
    last = rows - 1  # the last row of the table
    paid_below = int(np.ceil(estate))  # totals t < E leave something
    full_from = int(np.ceil(total - estate))  # the others' total t' >= T - E: paid in full
    r = np.zeros((rows, width))
    r[0, 0] = 1.0
    for j in range(n):  # add claimant j to the first j
        a = claims[j]
        top = min(j + 1, last)
        inv = 1.0 / (j + 1)
        for k in range(top, 0, -1):
            keep = (j + 1 - k) * inv
            take = k * inv
            row, prev = r[k], r[k - 1]
            for t in range(width - 1, a - 1, -1):  # rows differ: no overlap
                row[t] = keep * row[t] + take * prev[t - a]
            for t in range(min(a, width)):
                row[t] = keep * row[t]
    out = np.zeros(distinct.shape[0])
    o = np.zeros((rows, width))
    for d in range(distinct.shape[0]):
        a = distinct[d]
        rest = total - a  # the others' total claims
        o[:, :] = 0.0
        o[0, 0] = 1.0
        for k in range(1, last + 1):
            up = n / (n - k)
            down = k / (n - k)
            row, prev, full = o[k], o[k - 1], r[k]
            for t in range(min(a, width)):
                row[t] = up * full[t]
            for t in range(a, width):
                row[t] = up * full[t] - down * prev[t - a]
        # the others' claims in increasing order: one claim `a` left out
        others = np.empty(m, dtype=claims.dtype)
        j = 0
        skipped = False
        for i in range(n):
            if not skipped and claims[i] == a:
                skipped = True
                continue
            others[j] = claims[i]
            j += 1
        small = 0.0  # the k smallest of the others' claims
        large = 0.0  # the k largest
        acc = 0.0
        for k in range(m + 1):
            if k > 0:
                small += others[k - 1]
                large += others[m - k]
            if small >= estate:  # every set of k others claims the estate or more
                break
            if estate - large >= a:  # every set of k others leaves the whole claim
                acc += a
                continue
            if k > last and (k <= h or m - k > last):  # not in the table
                acc = np.nan
                break
            if k <= h:  # totals t of k others, read directly: paid min(a, E - t) when t < E
                s = 0.0
                for t in range(min(paid_below, width)):
                    s += o[k, t] * min(a, estate - t)
            else:  # through the complement of m - k others, of total t'
                kk = m - k
                below = 0.0  # t' < T - E: not paid in full
                for t in range(min(full_from, width)):
                    below += o[kk, t]
                s = a * (1.0 - below)
                for t in range(max(0, int(np.floor(rest - estate)) + 1), min(full_from, width)):
                    s += o[kk, t] * (estate - rest + t)
            acc += s
        out[d] = acc / n
    return out
