"""Stratified SVARM (Kolpaczki et al. 2024).
"""

from __future__ import annotations

import math

import numpy as np

from .._kernels import coalitions as _kc
from ..errors import InvalidParameterError
from ._run import _allocate, _chunk_seed, _merge_arrays, _quantile, _run, _welch_dof
from ._settings import _ENUMERATE_AT, _PY_BATCH_BOOLS, _STREAMS, _blind
from .evaluator import _task_rows, _task_svarm


def _layer_means(ev, n, s, pool):
    """Exact mean worth of the coalitions of size s that contain each player
    and of those that leave it out, by enumeration."""
    comb = np.arange(s, dtype=np.int64)
    batch = (1 << 15) if ev.compiled else max(1, _PY_BATCH_BOOLS // n)
    calls = []
    more = True
    while more:
        rows, more = _kc.combo_rows(n, comb, batch)
        calls.append((_task_rows, (ev, rows)))
    sums = np.zeros(n)
    k = 0
    for part, used in _run(calls, pool):
        sums += part
        k += used
    total = sums.sum() / s
    return sums / math.comb(n - 1, s - 1), (total - sums) / math.comb(n - 1, s), k


def _svarm_exact(ev, n, budget, pool):
    """The sizes computed exactly: 1, n - 1 and any middle size the budget can
    afford whole. Returns the summed (mean worth with i) - (mean worth
    without i) over those sizes, the set of sizes, evaluations spent and the
    evaluations left for sampling."""
    eye = np.eye(n, dtype=bool)
    single = ev.rows(eye)
    evals = 1 + n
    diff = single - (single.sum() - single) / (n - 1)
    exact = {1}
    if n > 2:
        rest = ev.rows(~eye)
        evals += n
        diff += (rest.sum() - rest) / (n - 1) - rest
        exact.add(n - 1)
    room = (budget if budget is not None else max(20_000, 200 * n)) - evals
    middle = sorted(range(2, n - 1), key=lambda s: math.comb(n, s))
    for s in middle:
        left_layers = len([t for t in middle if t not in exact])
        cost = math.comb(n, s)
        if cost <= room and cost <= _ENUMERATE_AT * room / max(left_layers, 1):
            mu_in, mu_out, used = _layer_means(ev, n, s, pool)
            diff += mu_in - mu_out
            evals += used
            room -= used
            exact.add(s)
    return diff, exact, evals, room


def _svarm_pilot(n, sizes, left, budget):
    """Pilot draws per sampled size for each stream: 4 n / min(s, n - s), cut
    (to no less than 2 n / min(s, n - s)) to half of a stream's budget."""
    small = np.minimum(sizes, n - sizes)
    pilot = np.ceil(4.0 * n / small).astype(np.int64)
    if left is None:
        return pilot
    floor = np.ceil(2.0 * n / small).astype(np.int64)
    if pilot.sum() > left // 2:
        pilot = np.maximum(floor, np.floor(pilot * (left // 2) / pilot.sum())).astype(np.int64)
    if floor.sum() > left:
        raise InvalidParameterError(
            f"`budget` of {budget} is too small for method='svarm' on {n} players: it needs at least "
            f"{_svarm_min_budget(n)} (the sizes 1 and n-1, and a pilot draw of every other size)"
        )
    return pilot


def _svarm_topups(acc, sizes, left):
    """Targeted draws that give every (side, size, player) cell two draws
    (cells with fewest draws first, as many as ``left`` allows)."""
    cnt = acc[0]
    short = np.argwhere(cnt < 2)
    short = short[np.argsort(cnt[tuple(short.T)], kind="stable")]
    req, spent = [], 0
    for a, j, i in short:
        c = int(2 - cnt[a, j, i])
        if left is not None:
            c = min(c, left - spent)
            if c <= 0:
                break
        req.append((sizes[j], c, i, 1 - a, j))
        spent += c
    return req, spent


def _svarm_sd(acc, lo, hi, sizes, n):
    """Allocation weight of each size: half Neyman (the standard deviation of
    its share of the estimate, from one stream's pilot), half the Neyman
    weight of equal worth variances, sqrt(1/s + 1/(n - s)), which a small
    pilot's noisy variances cannot mislead."""
    svar = _floored_var(acc, lo, hi)
    V = (svar[0] / sizes[:, None] + svar[1] / (n - sizes)[:, None]).sum(axis=1)
    sd = np.sqrt(np.where(np.isfinite(V), V, 0.0))
    flat = np.sqrt(1.0 / sizes + 1.0 / (n - sizes))
    flat /= flat.sum()
    return 0.5 * sd / sd.sum() + 0.5 * flat if sd.sum() > 0 else flat


def _svarm_tasks(ev, reqs, r, root, L):
    """Chunk calls (of at most ``ev.chunk`` rows) for the requests of each stream."""
    layer_ids = np.arange(L, dtype=np.int64)
    tasks = []
    for k, req in enumerate(reqs):
        parts, cur, room_c = [], [], ev.chunk
        for size, count, target, side, j in req:
            count = int(count)
            while count > 0:
                t = min(count, room_c)
                cur.append((size, t, target, side, j))
                count -= t
                room_c -= t
                if room_c == 0:
                    parts.append(cur)
                    cur, room_c = [], ev.chunk
        if cur:
            parts.append(cur)
        for c, part in enumerate(parts):
            arr = np.array(part, dtype=np.int64).reshape(-1, 5)
            tasks.append((k, (_task_svarm, (ev, arr[:, 0].copy(), arr[:, 1].copy(), arr[:, 2].copy(),
                                            arr[:, 3].copy(), layer_ids[arr[:, 4]], L,
                                            _chunk_seed(root, r, k, c)))))
    return tasks


def _svarm_estimate(accs, lo, hi, base, n, confidence):
    """The estimate (mean of the streams' estimates), its standard error and
    the t quantile (Welch-Satterthwaite degrees of freedom over all cells)."""
    phis, cells, dfs = [], [], []
    for cnt, mean, m2 in accs:
        phis.append((base + (mean[0] - mean[1]).sum(axis=0)) / n)
        svar = _floored_var((cnt, mean, m2), lo, hi, float(np.max(np.abs(base), initial=0.0)))
        cells.append(np.where(cnt > 1, svar / np.maximum(cnt, 1), np.inf))
        dfs.append(np.maximum(cnt - 1, 1))
    cell = np.concatenate(cells)
    df = np.concatenate(dfs)
    var = cell.sum(axis=(0, 1)) / (n * len(accs)) ** 2
    return np.mean(phis, axis=0), np.sqrt(var), _quantile(confidence, _welch_dof(cell, df, axis=(0, 1)))


def _svarm(ev, budget, tol, confidence, root, pool, bar, v_grand, cap):
    n = ev.n
    diff, exact, evals, room = _svarm_exact(ev, n, budget, pool)
    sizes = np.array(sorted(set(range(1, n)) - exact), dtype=np.int64)
    L = sizes.size
    if L == 0:
        bar.round(evals, (v_grand + diff) / n, 0.0)
        return (v_grand + diff) / n, np.zeros(n), 0.0, evals, 0, True
    # evaluations left to each stream; without a budget (`tol` alone) the cap
    # bounds them and the rounds double
    avail = room if budget is not None else cap - evals
    left = [avail // _STREAMS + (k < avail % _STREAMS) for k in range(_STREAMS)]
    pilot = _svarm_pilot(n, sizes, min(left), budget if budget is not None else cap)
    shape = (2, L, n)
    accs = [(np.zeros(shape, dtype=np.int64), np.zeros(shape), np.zeros(shape)) for _ in range(_STREAMS)]
    lo = np.full((_STREAMS, L), np.inf)
    hi = np.full((_STREAMS, L), -np.inf)
    sd = None
    r = drawn = 0
    converged = False
    while True:
        reqs = []
        for k in range(_STREAMS):
            if r == 0:
                req, spent = [(sizes[j], pilot[j], -1, 0, j) for j in range(L)], int(pilot.sum())
            else:
                req, spent = _svarm_topups(accs[k], sizes, left[k])
                if budget is None:
                    grow = min(max(int(accs[k][0][:, :, 0].sum()), int(pilot.sum())), left[k] - spent)
                else:
                    grow = max(left[k] - spent, 0)
                    grow = grow // 3 if r < 3 else grow
                if grow > 0:
                    per_layer = accs[k][0][:, :, 0].sum(axis=0)  # draws per size (player 0's cells)
                    target = (per_layer.sum() + grow) * sd[k] / sd[k].sum()
                    need = np.maximum(target - per_layer, 0.0)
                    new = _allocate(grow, need if need.sum() > 0 else sd[k])
                    req += [(sizes[j], new[j], -1, 0, j) for j in range(L) if new[j] > 0]
                    spent += int(new.sum())
            left[k] -= spent
            reqs.append(req)
        if not any(reqs):
            break
        spent = 0
        tasks = _svarm_tasks(ev, reqs, r, root, L)
        for k, (ccnt, cmean, cm2, clo, chi, used) in zip([k for k, _ in tasks], _run([t for _, t in tasks], pool)):
            accs[k] = _merge_arrays(accs[k], ccnt, cmean, cm2)
            lo[k] = np.minimum(lo[k], clo)
            hi[k] = np.maximum(hi[k], chi)
            spent += used
        evals += spent
        drawn += spent
        if r == 0:
            # frozen Neyman weights: stream k allocates by the other stream's pilot
            sd = [_svarm_sd(accs[(k + 1) % _STREAMS], lo[(k + 1) % _STREAMS], hi[(k + 1) % _STREAMS], sizes, n)
                  for k in range(_STREAMS)]
        r += 1
        phi, se, q = _svarm_estimate(accs, lo.min(axis=0), hi.max(axis=0), v_grand + diff, n, confidence)
        half = float(np.max(q * se))
        bar.round(evals, phi, q * se)
        full = all(int(acc[0].min()) >= 2 for acc in accs)
        if tol is not None and full and half <= tol and not _blind(phi, se):
            converged = True
            break
        if max(left) <= 0:
            break
    return phi, se, q, evals, drawn, converged


def _floored_var(acc, lo, hi, fallback=0.0):
    """Sample variance of each cell; a cell whose draws all agree gets the
    floor of the stratified estimator instead of claiming zero variance. A
    size whose draws all agree (all 0: value only in a rare coalition) takes
    the largest span seen, or `fallback` (the scale of the exact sizes)."""
    cnt, _, m2 = acc
    span = np.where(np.isfinite(hi - lo), hi - lo, 0.0)
    span = np.where(span > 0, span, max(float(span.max(initial=0.0)), float(fallback)))[None, :, None]
    floor = span**2 * cnt / (cnt + 1.0) ** 2
    return np.where(m2 > 0, m2 / np.maximum(cnt - 1, 1), floor)


def _svarm_min_budget(n: int) -> int:
    """v(N), the sizes 1 and n - 1, and for each of the streams a pilot that
    gives every (size, side, player) cell two draws on average, twice over
    (pilot and the targeted draws that complete it)."""
    return 1 + 2 * n + 2 * _STREAMS * sum(math.ceil(2 * n / min(s, n - s)) for s in range(2, n - 1))
