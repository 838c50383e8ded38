"""Plain-Python oracles, written for clarity, not speed: the kernels are
checked against these."""

from __future__ import annotations

import itertools
import math

import numpy as np


def shapley_by_orders(v, n):
    """Shapley value as the average marginal contribution over all n! orders."""
    phi = np.zeros(n)
    count = 0
    for order in itertools.permutations(range(n)):
        mask = 0
        for i in order:
            phi[i] += v[mask | (1 << i)] - v[mask]
            mask |= 1 << i
        count += 1
    return phi / count


def shapley_by_subsets(v, n):
    """Shapley value by the subset formula, one marginal contribution at a time."""
    phi = np.zeros(n)
    for i in range(n):
        for s in range(1 << n):
            if s >> i & 1:
                continue
            k = bin(s).count("1")
            w = math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n)
            phi[i] += w * (v[s | (1 << i)] - v[s])
    return phi


def banzhaf_by_subsets(v, n):
    """Raw Banzhaf value: mean marginal contribution over coalitions of the others."""
    beta = np.zeros(n)
    for i in range(n):
        for s in range(1 << n):
            if not s >> i & 1:
                beta[i] += v[s | (1 << i)] - v[s]
    return beta / 2 ** (n - 1)


def dividends_by_inclusion_exclusion(v, n):
    """Harsanyi dividends d(S) = sum over T subset of S of (-1)^{|S|-|T|} v(T)."""
    d = np.zeros(1 << n)
    for s in range(1 << n):
        t = s
        while True:
            d[s] += (-1) ** (bin(s).count("1") - bin(t).count("1")) * v[t]
            if t == 0:
                break
            t = (t - 1) & s
    return d


def weighted_shapley_by_orders(v, n, w):
    """Kalai-Samet weighted Shapley value by its random-order definition:
    orders drawn so that the *last* player of any set S is i with probability
    w_i / w(S); enumerate all orders with their exact probabilities."""
    phi = np.zeros(n)
    for order in itertools.permutations(range(n)):
        # Probability of the order built backwards: the last of the remaining
        # set is chosen with probability proportional to weight.
        p = 1.0
        remaining = list(order)
        while remaining:
            last = remaining[-1]
            p *= w[last] / sum(w[j] for j in remaining)
            remaining.pop()
        mask = 0
        for i in order:
            phi[i] += p * (v[mask | (1 << i)] - v[mask])
            mask |= 1 << i
    return phi


def table_from_function(f, n):
    """Dense table of f(tuple of positions) for every coalition."""
    v = np.zeros(1 << n)
    for s in range(1, 1 << n):
        v[s] = f(tuple(i for i in range(n) if s >> i & 1))
    return v


def random_table(rng, n, scale=10.0):
    v = rng.uniform(-scale, scale, 1 << n)
    v[0] = 0.0
    return v
