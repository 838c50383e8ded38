"""Permutation and antithetic sampling (Castro, Gomez and Tejada 2009).
"""

from __future__ import annotations

from contextlib import closing

import numpy as np

from ._run import _chunk_seed, _merge, _quantile, _rounds
from ._settings import _MIN_CHUNK_SAMPLES, _MIN_SAMPLES, _PAD, _blind
from .evaluator import _task_permutation


def _permutation(ev, budget, tol, confidence, antithetic, root, pool, bar, v_grand):
    n = ev.n
    per = (n if ev.compiled else n - 1) * (2 if antithetic else 1)
    per = max(per, 1)
    spc = max(1, ev.chunk // per)
    if ev.compiled and not ev.chunk_given:
        # many players: enough samples per chunk that the O(n) work of
        # starting and merging a chunk stays small beside the walks
        spc = max(spc, _MIN_CHUNK_SAMPLES)
    # a Python value function spends one evaluation on v(N) before the walks
    cap = (budget - (0 if ev.compiled else 1)) // per if budget is not None else None

    def calls():
        planned = chunk = 0
        while cap is None or planned < cap:
            size = spc if cap is None else min(spc, cap - planned)
            yield _task_permutation, (ev, size, _chunk_seed(root, chunk), antithetic, v_grand)
            planned += size
            chunk += 1

    acc = (0, np.zeros(n), np.zeros(n))
    lo, hi = np.full(n, np.inf), np.full(n, -np.inf)
    evals = 0 if ev.compiled else 1
    converged = False
    se = np.full(n, np.inf)
    half = np.inf
    q = _quantile(confidence, 1)
    # Permutation chunks are merged in order whatever the rounds, so small
    # first rounds let `tol` stop early without changing any estimate.
    rounds = _rounds(calls(), pool, 1, prefetch=tol is None)
    with closing(rounds):
        for batch in rounds:
            for cnt, mean, m2, clo, chi, ev_used in batch:
                acc = _merge(acc, cnt, mean, m2)
                lo, hi = np.minimum(lo, clo), np.maximum(hi, chi)
                evals += ev_used
            m = acc[0]
            if m >= 2:
                se = np.sqrt(_padded_var(acc, lo, hi) / m)
                q = _quantile(confidence, m - 1)
                half = float(np.max(se) * q)
            bar.round(evals, acc[1], se * q)
            if tol is not None and m >= _MIN_SAMPLES and half <= tol and not _blind(acc[1], se):
                converged = True
                break
    samples = acc[0] * (2 if antithetic else 1)
    return acc[1], se, q, evals, samples, converged


def _padded_var(acc, lo, hi) -> np.ndarray:
    """Sample variance of each player's contributions with ``_PAD`` pseudo
    samples at each end of its observed range (in the manner of the
    Agresti-Coull interval, but around the unchanged mean).

    Contributions are often rare events (a small voter's pivots): with a
    plain sample variance the t interval of a player seen pivotal a handful
    of times covers far less than it claims. A player never seen to
    contribute (range 0 to 0) takes the range seen over all players, so a
    small run does not claim certainty; a player with a constant non-zero
    contribution (an additive game) keeps its zero variance.
    """
    m, mean, m2 = acc
    silent = (lo == 0.0) & (hi == 0.0)
    a = np.where(silent, np.min(lo), lo)
    b = np.where(silent, np.max(hi), hi)
    return (m2 + _PAD * ((a - mean) ** 2 + (b - mean) ** 2)) / (m - 1 + 2 * _PAD)
