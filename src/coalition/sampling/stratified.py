"""Sampling stratified by the position at which a player joins (Maleki et al. 2013).
"""

from __future__ import annotations

import numpy as np

from ._run import _allocate, _chunk_seed, _merge, _quantile, _run, _welch_dof
from ._settings import _MIN_SAMPLES, _STRATUM_PILOT, _STREAMS, _blind
from .evaluator import _task_stratified


def _stratified_calls(ev, new, player, size, r, k, root):
    """Chunk calls (at most ``ev.chunk // 2`` samples each) for ``new[t]``
    samples of each stratum t, in stream k; with the strata of each call."""
    chunk_samples = max(1, ev.chunk // 2)
    calls = []
    pos = np.flatnonzero(new)
    take = new[pos].copy()
    j = 0
    while j < pos.size:
        ids, counts, room = [], [], chunk_samples
        while j < pos.size and room > 0:
            t = min(int(take[j]), room)
            ids.append(pos[j])
            counts.append(t)
            room -= t
            take[j] -= t
            if take[j] == 0:
                j += 1
        ids = np.array(ids, dtype=np.int64)
        seed = _chunk_seed(root, r, k, len(calls))
        calls.append((ids, (ev, player[ids], size[ids], np.array(counts, dtype=np.int64), seed)))
    return calls


def _stratified_estimate(accs, exact, span, n, inner, confidence):
    """Mean of the streams' estimates, its standard error and t quantile
    (Welch-Satterthwaite degrees of freedom over the strata of both).

    A stratum whose samples are all zero (a voter never seen pivotal there)
    may still hide a rare contribution: its variance is taken as that of a
    two-point variable spanning the range of all marginal contributions seen
    with probability 1/(m + 1), which vanishes against the sampling variance
    as m grows but keeps small runs honest. A stratum with a constant
    non-zero contribution keeps zero."""
    phis, var_ks, dfs = [], [], []
    for cnt, mean, m2 in accs:
        silent = (m2 == 0) & (mean == 0)
        floor = np.where(silent, span**2 * cnt / (cnt + 1.0) ** 2, 0.0)
        svar = np.where(m2 > 0, m2 / np.maximum(cnt - 1, 1), floor)
        var_ks.append(np.where(cnt > 1, svar / np.maximum(cnt, 1), np.inf).reshape(n, inner))
        dfs.append(np.maximum(cnt - 1, 1).reshape(n, inner))
        phis.append((exact + mean.reshape(n, inner).sum(axis=1)) / n)
    var_k = np.concatenate(var_ks, axis=1)
    df = np.concatenate(dfs, axis=1)
    se = np.sqrt(var_k.sum(axis=1)) / (n * len(accs))
    return np.mean(phis, axis=0), se, _quantile(confidence, _welch_dof(var_k, df, axis=1))


def _stratified(ev, budget, tol, confidence, root, pool, bar, v_grand, cap):
    n = ev.n
    # exact strata: joining first (v({i})) and last (v(N) - v(N \ i))
    eye = np.eye(n, dtype=bool)
    single = ev.rows(eye)
    rest = ev.rows(~eye) if n > 1 else np.zeros(1)
    evals = 1 + n + (n if n > 1 else 0)
    exact = single + (v_grand - rest)
    inner = max(n - 2, 0)
    player = np.repeat(np.arange(n, dtype=np.int64), inner)
    size = np.tile(np.arange(1, n - 1, dtype=np.int64), n)
    n_strata = player.size
    if n_strata == 0:
        bar.round(evals, exact / n, 0.0)
        return exact / n, np.zeros(n), 0.0, evals, 0, True
    # samples (2 evaluations each) left to each stream; without a budget
    # (`tol` alone) the cap bounds them and the rounds double
    total = ((budget if budget is not None else cap) - evals) // 2
    left = [total // _STREAMS + (k < total % _STREAMS) for k in range(_STREAMS)]
    pilot = _STRATUM_PILOT // _STREAMS * 2
    if budget is not None:
        pilot = max(_STRATUM_PILOT // _STREAMS, int(0.25 * min(left)) // n_strata)
    pilot = min(pilot, max(min(left) // n_strata, 1))
    accs = [(np.zeros(n_strata, dtype=np.int64), np.zeros(n_strata), np.zeros(n_strata)) for _ in range(_STREAMS)]
    lo, hi = np.full(n, np.inf), np.full(n, -np.inf)
    sd = None
    r = 0
    converged = False
    while True:
        calls = []
        for k in range(_STREAMS):
            cnt = accs[k][0]
            if r == 0:
                new = np.full(n_strata, pilot, dtype=np.int64)
            else:
                grow = min(int(cnt.sum()), left[k]) if budget is None else (left[k] // 3 if r < 3 else left[k])
                target = (int(cnt.sum()) + grow) * sd[k] / sd[k].sum()
                need = np.maximum(target - cnt, 0.0)
                new = _allocate(grow, need if need.sum() > 0 else sd[k])
            left[k] -= int(new.sum())
            calls += [(k, c) for c in _stratified_calls(ev, new, player, size, r, k, root)]
        if not calls:
            break
        results = _run([(_task_stratified, args) for _, (_, args) in calls], pool)
        for (k, (ids, _)), (ccnt, cmean, cm2, clo, chi, used) in zip(calls, results):
            cnt, mean, m2 = accs[k]
            for j, sid in enumerate(ids):
                cnt[sid], mean[sid], m2[sid] = _merge((cnt[sid], mean[sid], m2[sid]), ccnt[j], cmean[j], cm2[j])
                lo[player[sid]] = min(lo[player[sid]], clo[j])
                hi[player[sid]] = max(hi[player[sid]], chi[j])
            evals += used
        if r == 0:
            # frozen allocation: half Neyman by the other stream's pilot, half proportional
            sd = []
            for k in range(_STREAMS):
                cnt, _, m2 = accs[(k + 1) % _STREAMS]
                s = np.sqrt(m2 / np.maximum(cnt - 1, 1))
                sd.append(0.5 * s / s.sum() + 0.5 / n_strata if s.sum() > 0 else np.full(n_strata, 1.0 / n_strata))
        r += 1
        seen = np.concatenate([lo, hi, single, v_grand - rest])
        span = float(np.max(seen[np.isfinite(seen)]) - np.min(seen[np.isfinite(seen)]))
        phi, se, q = _stratified_estimate(accs, exact, span, n, inner, confidence)
        half = float(np.max(q * se))
        bar.round(evals, phi, q * se)
        cnt_all = np.concatenate([acc[0] for acc in accs])
        if (tol is not None and cnt_all.min() >= 2 and int(cnt_all.sum()) >= _MIN_SAMPLES and half <= tol
                and not _blind(phi, se)):
            converged = True
            break
        if max(left) <= 0:
            break
    return phi, se, q, evals, int(sum(int(acc[0].sum()) for acc in accs)), converged
