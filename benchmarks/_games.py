"""Benchmark games and their exact Shapley values (shared by the benchmarks).

* dense20: a random dense game of 20 players, worths uniform on [0, 1).
* castro51: the 51-player weighted voting game of Castro, Gomez and Tejada
  (2009), section 4.2 (an Electoral College apportionment: 538 votes, quota
  270); exact values by a pseudo-polynomial dynamic programme, which agree
  with the values published there (tests/test_sampling.py).
* airport100: 100 players, ten cost levels 1..10 (8, 12, 6, 14, 8, 9, 13, 10,
  10, 10 players); exact values by Littlechild and Owen (1973).
* voting10k: 10,000 voters with weights 1..99, simple majority (speed only).
"""

from __future__ import annotations

import math

import numpy as np

import coalition as co

ELECTORAL_2004 = [9, 3, 10, 6, 55, 9, 7, 3, 3, 27, 15, 4, 4, 21, 11, 7, 6, 8, 9, 4, 10, 12, 17, 10, 6, 11,
                  3, 5, 5, 4, 15, 5, 31, 15, 3, 20, 7, 7, 21, 4, 8, 3, 11, 34, 5, 3, 13, 11, 5, 10, 3]
AIRPORT_COUNTS = [8, 12, 6, 14, 8, 9, 13, 10, 10, 10]
# Castro et al. (2009), section 4.2: weights (largest first) and how many
# players carry each.
CASTRO_WEIGHTS = [45, 41, 27, 26, 25, 21, 17, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3]
CASTRO_COUNTS = [1, 1, 1, 2, 1, 1, 2, 1, 2, 3, 1, 4, 4, 2, 4, 4, 1, 9, 7]
CASTRO51 = [int(w) for w in np.repeat(CASTRO_WEIGHTS, CASTRO_COUNTS)]


def voting_shapley_dp(weights, quota):
    w = [int(x) for x in weights]
    n, total = len(w), sum(w)
    q = int(math.ceil(quota))
    phi = np.zeros(n)
    for i in range(n):
        count = np.zeros((n, total + 1))
        count[0, 0] = 1.0
        for j in range(n):
            if j != i:
                count[1:, w[j]:] += count[:-1, : total + 1 - w[j]].copy()
        swing = count[:, max(0, q - w[i]): q].sum(axis=1)
        phi[i] = sum(swing[s] / (n * math.comb(n - 1, s)) for s in range(n))
    return phi


def dense20(seed=0):
    rng = np.random.default_rng(seed)
    table = np.concatenate([[0.0], rng.random(2**20 - 1)])
    return co.Game(table), table


def castro51():
    return co.families.weighted_voting(CASTRO51, 270)


def airport100():
    return co.families.airport(np.repeat(np.arange(1.0, 11.0), AIRPORT_COUNTS))


def voting10k(seed=0):
    w = np.random.default_rng(seed).integers(1, 100, 10_000)
    return co.families.weighted_voting(w, w.sum() // 2 + 1)


def games():
    """name -> (coalition game, batch value function on bool matrices, exact Shapley)."""
    g, table = dense20()
    pw = 1 << np.arange(20, dtype=np.int64)
    out = {"dense20": (g, lambda m: table[m.astype(np.int64) @ pw], co.shapley(g).x)}
    v = castro51()
    w = np.array(CASTRO51, dtype=float)
    out["castro51"] = (v, lambda m: (m @ w >= 270).astype(float), voting_shapley_dp(CASTRO51, 270))
    a = airport100()
    c = a.costs
    out["airport100"] = (a, lambda m: np.where(m, c, 0.0).max(axis=1) if m.shape[0] else np.zeros(0),
                         co.shapley(a).x)
    return out
