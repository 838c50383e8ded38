"""Pivot probabilities of weighted voting games under independent joining,
and Gauss-Legendre nodes: the pieces of the Shapley-Shubik index by Owen's
multilinear extension.

When every player joins independently with probability ``p``, the total
weight ``W`` of a set of players has the characteristic function
``phi(theta) = prod_c (1 - p + p exp(i a_c theta)) ** m_c`` (``m_c`` players
of weight ``a_c``). With ``size`` above the largest total, the discrete
Fourier inversion on ``theta_j = 2 pi j / size`` is exact:

    P(lo <= W < lo + L) = (1/size) sum_j phi(theta_j) conj(h(theta_j)),
    h(theta) = sum_{t = lo}^{lo + L - 1} exp(i theta t).

Every term is formed from its modulus (a sum of logarithms, all <= 0) and
its phase (reduced angles), so its relative error stays a small multiple of
the machine epsilon; the terms whose modulus is below ``exp(log_floor)`` are
left out and bounded, and a first-order bound on the rounding of the rest
is returned with each probability.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

_EPS = 2.220446049250313e-16


@njit(cache=True)
def legendre_nodes(n, first, last):
    """Nodes ``t`` (increasing) and weights of the ``n``-point Gauss-Legendre
    rule on [0, 1], for the node indices ``first .. last - 1`` only.

    Newton's method on the three-term recurrence from the classical initial
    guess ``x_k = cos(pi (k + 3/4) / (n + 1/2))`` (the roots of ``P_n``
    decrease with ``k``; ``t = (1 - x) / 2`` increases), O(n) per node.
    """
    m = last - first
    t = np.empty(m)
    w = np.empty(m)
    for r in range(m):
        k = first + r
        x = math.cos(math.pi * (k + 0.75) / (n + 0.5))
        dp = 1.0
        for it in range(100):
            p0 = 1.0
            p1 = x
            for j in range(2, n + 1):
                p0, p1 = p1, ((2 * j - 1) * x * p1 - (j - 1) * p0) / j
            dp = n * (x * p1 - p0) / (x * x - 1.0)
            step = p1 / dp
            x -= step
            if abs(step) <= 4.0 * _EPS * abs(x) + 1e-300 and it > 0:
                break
        # derivative at the final node for the weight
        p0 = 1.0
        p1 = x
        for j in range(2, n + 1):
            p0, p1 = p1, ((2 * j - 1) * x * p1 - (j - 1) * p0) / j
        dp = n * (x * p1 - p0) / (x * x - 1.0)
        t[r] = 0.5 * (1.0 - x)
        w[r] = 1.0 / ((1.0 - x) * (1.0 + x) * dp * dp)  # half of 2 / ((1 - x**2) P'(x)**2)
    return t, w


@njit(cache=True)
def pivot_probabilities(weights, counts, quota, p, log_floor):
    """For a player of each class: the probability that the others' total
    lies in ``[quota - a, quota)`` (the player swings) when each other player
    joins with probability ``p``, and a bound on its error.

    Parameters
    ----------
    weights, counts : int64 arrays (d,)
        Distinct positive weights and how many players carry each.
    quota : int
        ``1 <= quota <= sum(weights * counts)``.
    p : float
        ``0 < p < 1``.
    log_floor : float
        Terms of modulus below ``exp(log_floor)`` are left out (and bounded).

    Returns
    -------
    prob, err : float64 arrays (d,)
        ``|prob - exact| <= err`` to first order in the machine epsilon.
    """
    d = weights.shape[0]
    total = 0
    for c in range(d):
        total += weights[c] * counts[c]
    size = total + 1
    half = size // 2
    # log |1 - p + p exp(2 pi i k / size)|, never below -700 (a zero factor
    # is then a tiny one: every term it enters is left out and bounded)
    g = np.empty(size)
    c4 = 4.0 * p * (1.0 - p)
    for k in range(half + 1):  # symmetric: g[size - k] = g[k]
        s = math.sin(math.pi * k / size)
        v = 1.0 - c4 * s * s
        g[k] = 0.5 * math.log1p(-c4 * s * s) if v > 1e-304 else -700.0
        if k > 0:
            g[size - k] = g[k]
    logmag = np.zeros(half + 1)
    gmin = np.zeros(half + 1)
    for c in range(d):
        a = weights[c]
        m = counts[c]
        idx = 0
        for j in range(half + 1):
            x = g[idx]
            logmag[j] += m * x
            gmin[j] = min(gmin[j], x)
            idx += a
            if idx >= size:
                idx -= size
    acc = np.zeros(d)
    mag = np.zeros(d)
    bound = np.zeros(d)
    used = np.zeros(d)
    arg = np.empty(d)
    lo = np.empty(d, dtype=np.int64)
    ln = np.empty(d, dtype=np.int64)
    for c in range(d):
        lo[c] = max(quota - weights[c], 0)
        ln[c] = quota - lo[c]
    two = 2 * size
    for j in range(half + 1):
        if logmag[j] - gmin[j] <= log_floor:
            continue
        s_arg = 0.0
        s_abs = 0.0
        for c in range(d):
            r = (weights[c] * j) % size
            if 2 * r > size:
                r -= size
            alpha = 2.0 * math.pi * r / size
            arg[c] = math.atan2(p * math.sin(alpha), 1.0 - p + p * math.cos(alpha))
            s_arg += counts[c] * arg[c]
            s_abs += counts[c] * abs(arg[c])
        fold = 1.0 if (j == 0 or 2 * j == size) else 2.0
        for c in range(d):
            r = (weights[c] * j) % size
            lm = logmag[j] - g[r]
            if lm <= log_floor:
                continue
            if j == 0:
                ratio = float(ln[c])
                centre = 0.0
            else:
                ratio = math.sin(math.pi * ((j * ln[c]) % two) / size) / math.sin(math.pi * j / size)
                centre = math.pi * ((j * (2 * lo[c] + ln[c] - 1)) % two) / size
            phase = s_arg - arg[c] - centre
            size_term = math.exp(lm) * abs(ratio)
            acc[c] += fold * math.exp(lm) * ratio * math.cos(phase)
            mag[c] += fold * size_term
            rel = (d + 4) * (abs(lm) + s_abs + abs(arg[c]) + abs(centre) + 8.0) + 16.0
            bound[c] += fold * size_term * rel * _EPS
            used[c] += 1.0
    prob = np.empty(d)
    err = np.empty(d)
    for c in range(d):
        prob[c] = acc[c] / size
        # rounding of the terms, of their sum, and the terms left out
        err[c] = (bound[c] + used[c] * _EPS * mag[c]) / size + ln[c] * math.exp(log_floor) * (half + 1) * 2.0 / size
    return prob, err


@njit(cache=True)
def _log_mgf(weights, counts, skip, lam, p):
    """``sum_c m_c log(1 - p + p exp(lam a_c))`` over the players but one of
    class `skip` (lam >= 0), with its first two derivatives in ``lam``."""
    f = 0.0
    f1 = 0.0
    f2 = 0.0
    for c in range(weights.shape[0]):
        m = counts[c] - (1 if c == skip else 0)
        if m == 0:
            continue
        a = float(weights[c])
        z = lam * a
        e = math.exp(-z)  # <= 1
        # log(1 - p + p e^z) = z + log(p + (1 - p) e^-z)
        f += m * (z + math.log(p + (1.0 - p) * e))
        r = p / (p + (1.0 - p) * e)  # tilted probability of joining
        f1 += m * a * r
        f2 += m * a * a * r * (1.0 - r)
    return f, f1, f2


@njit(cache=True)
def _chernoff_upper(weights, counts, skip, x, p):
    """log of a Chernoff bound on ``P(W >= x)``, W the total of the players
    but one of class `skip`, each joining with probability `p`:
    ``min over lam >= 0 of log E exp(lam W) - lam x`` (any lam gives a valid
    bound; a safeguarded Newton search finds a near-optimal one)."""
    top = 0
    mean = 0.0
    for c in range(weights.shape[0]):
        m = counts[c] - (1 if c == skip else 0)
        top += m * weights[c]
        mean += m * weights[c] * p
    if x > top:
        return -math.inf
    if x <= mean:
        return 0.0
    # the minimum is where the tilted mean f1 equals x: Newton's method on
    # f1 - x (increasing in lam), kept inside a bracket, bisecting when a
    # step leaves it; every lam visited gives a valid bound, the least is kept
    lo = 0.0
    hi = math.inf
    lam = 0.0
    best = 0.0
    for _ in range(200):
        f, f1, f2 = _log_mgf(weights, counts, skip, lam, p)
        val = f - lam * x
        best = min(best, val)
        g = f1 - x
        if g < 0.0:
            lo = lam
        else:
            hi = lam
        if hi - lo <= 1e-13 * (1.0 + lo) or abs(g) <= 1e-12 * x:
            break
        nxt = lam - g / f2 if f2 > 0.0 else math.inf
        if not lo < nxt < hi:
            nxt = 0.5 * (lo + hi) if hi < math.inf else 2.0 * lo + 1.0 / max(top, 1)
        lam = nxt
    return best


@njit(cache=True)
def swing_log_bounds(weights, counts, quota, p):
    """For a player of each class, the log of a Chernoff bound on its pivot
    probability at joining probability `p`: the others reach
    ``quota - a`` (upper tail) and stay below ``quota`` (the absent
    players' weight reaches ``total_others - quota + 1``)."""
    d = weights.shape[0]
    total = 0
    for c in range(d):
        total += weights[c] * counts[c]
    out = np.empty(d)
    for c in range(d):
        a = weights[c]
        up = _chernoff_upper(weights, counts, c, float(quota - a), p)
        down = _chernoff_upper(weights, counts, c, float(total - a - quota + 1), 1.0 - p)
        out[c] = min(up, down)
    return out
