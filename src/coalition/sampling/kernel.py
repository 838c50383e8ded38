"""KernelSHAP with paired sampling and exact small sizes (Lundberg and Lee 2017; Covert and Lee 2021).
"""

from __future__ import annotations

import math

import numpy as np

from .._kernels import coalitions as _kc
from ..errors import InvalidParameterError
from ._run import _allocate, _chunk_seed, _quantile, _round_chunks, _run
from ._settings import _ENUMERATE_AT, _GROUPS, _PY_BATCH_BOOLS, _blind
from .evaluator import _task_kernel, _task_rows


def _kernel_layers(n: int, budget: int | None):
    """Shapley-kernel mass of each size, and the sizes enumerated exactly."""
    sizes = np.arange(1, n)
    mass = 1.0 / (sizes * (n - sizes))
    mass /= mass.sum()
    exact = {1, n - 1}
    room = (budget if budget is not None else max(20_000, 200 * n)) - 1 - 2 * n
    while True:
        free = [s for s in range(2, n // 2 + 1) if s not in exact]
        if not free:
            break
        share = sum(mass[s - 1] + (mass[n - s - 1] if n - s != s else 0.0) for s in free)
        changed = False
        for s in free:  # smallest layers first
            both = mass[s - 1] + (mass[n - s - 1] if n - s != s else 0.0)
            cost = math.comb(n, s) * (2 if n - s != s else 1)
            if cost <= room and room * both / share >= _ENUMERATE_AT * cost:
                exact |= {s, n - s}
                room -= cost
                changed = True
                break
        if not changed:
            break
    return mass, exact, room


def _kernel_solve(A, b, v_grand):
    """Minimise the weighted least squares ``x' A x - 2 b' x`` subject to
    ``sum(x) = v_grand``; ``A`` and ``b`` may be stacks (k, n, n) and (k, n)
    of systems, solved in one call."""
    rhs = np.stack([b, np.ones_like(b)], axis=-1)
    sol = np.linalg.solve(A, rhs)
    nu = (sol[..., 0].sum(axis=-1) - v_grand) / sol[..., 1].sum(axis=-1)
    return sol[..., 0] - nu[..., None] * sol[..., 1]


def _kernel_plan(n: int, mass: np.ndarray, exact: set, pairs: int):
    """Pairs per sampled size (proportional to the kernel mass, capped at the
    number of distinct pairs of that size), and how to index them."""
    sizes = [s for s in range(2, n // 2 + 1) if s not in exact]
    pm = np.array([mass[s - 1] * (1 if 2 * s == n else 2) for s in sizes])
    cap = [math.comb(n, s) // (2 if 2 * s == n else 1) for s in sizes]
    m = np.zeros(len(sizes), dtype=np.int64)
    free = np.ones(len(sizes), dtype=bool)
    left = pairs
    while left > 0 and free.any():
        share = _allocate(left, np.where(free, pm, 0.0))
        over = [t for t in range(len(sizes)) if free[t] and m[t] + share[t] >= cap[t]]
        if not over:
            m += share
            break
        for t in over:
            left -= cap[t] - int(m[t])
            m[t] = cap[t]
            free[t] = False
    distinct = n <= 62
    N = np.array([math.comb(n - 1, s - 1) if 2 * s == n else math.comb(n, s) for s in sizes] if distinct
                 else [1] * len(sizes), dtype=np.int64)
    h = np.array([max(1, (int(x - 1).bit_length() + 1) // 2) for x in N], dtype=np.int64)
    return np.array(sizes, dtype=np.int64), pm, m, cap, distinct, N, h


def _kernel(ev, budget, tol, confidence, root, pool, bar, v_grand, cap):
    if budget is not None:
        return _kernel_run(ev, budget, tol, confidence, root, pool, bar, v_grand, 0)
    # tol alone: plans of growing budgets until one meets tol on the way, or
    # the next would pass the cap
    b = min(max(20_000, 200 * ev.n), cap)
    spent = 0
    while True:
        out = _kernel_run(ev, b, tol, confidence, root, pool, bar, v_grand, spent)
        if out[5] or b >= 2**ev.n:
            return out
        spent = out[3]
        b = min(4 * b, cap - spent)
        if b < _kernel_min_budget(ev.n):
            return out


def _kernel_expected_A(n: int, sizes: np.ndarray, pm: np.ndarray) -> np.ndarray:
    """Expected ``sum of w z z^T`` of the sampled sizes: a size s pair (s and
    n - s, kernel mass ``pm`` for both) adds half its mass times the second
    moments of a uniform coalition of each of its two sizes."""
    A = np.zeros((n, n))
    for s, mass in zip(sizes, pm):
        for t in {int(s), n - int(s)}:
            w = mass / 2 if 2 * s != n else mass
            off = t * (t - 1) / (n * (n - 1))
            A += w * off
            A[np.diag_indices(n)] += w * (t / n - off)
    return A


def _kernel_min_budget(n: int) -> int:
    """v(N), the coalitions of sizes 1 and n - 1, and 8 pairs."""
    return 1 + 2 * n + 16


def _kernel_run(ev, budget, tol, confidence, root, pool, bar, v_grand, spent_before):
    """KernelSHAP: the exact sizes enumerated, the others drawn in rounds
    until `budget` or `tol`, then solved with the closed-form weight matrix.

    The exact part, the sampling rounds and the jackknife interval share the
    running sums of one estimate; they stay in one function so that what each
    round adds to them is visible in one place."""
    n = ev.n
    mass, exact, room = _kernel_layers(n, budget)
    evals = spent_before + 1
    # exact part: A in closed form, b by enumeration
    A_exact = np.zeros((n, n))
    b_exact = np.zeros(n)
    calls = []
    weights = []
    batch = max(1, (1 << 15) if ev.compiled else _PY_BATCH_BOOLS // n)
    for s in sorted(exact):
        w = mass[s - 1] / math.comb(n, s)
        diag = w * math.comb(n - 1, s - 1)
        off = w * math.comb(n - 2, s - 2) if s >= 2 else 0.0
        A_exact += off
        A_exact[np.diag_indices(n)] += diag - off
        comb = np.arange(s, dtype=np.int64)
        more = True
        while more:
            rows, more = _kc.combo_rows(n, comb, batch)
            calls.append((_task_rows, (ev, rows)))
            weights.append(w)
    used = 0
    for w, (sums, k) in zip(weights, _run(calls, pool)):
        b_exact += w * sums
        used += k
    evals += used
    bar.advance(evals)
    pairs = room // 2
    sizes, pm, m, cap, distinct, N, h = _kernel_plan(n, mass, exact, max(pairs, 0))
    if sizes.size == 0:
        phi = _kernel_solve(A_exact, b_exact, v_grand)
        bar.round(evals, phi, 0.0)
        return phi, np.zeros(n), 0.0, evals, 0, True
    if pairs < 8:
        raise InvalidParameterError(
            f"`budget` of {budget} is too small for method='kernel' on {n} players: it needs "
            f"at least {budget - room + 16} (v(N), the coalitions of sizes 1 and n-1, and 8 pairs)"
        )
    P = int(m.sum())
    per_chunk = int(min(max(1, ev.chunk // 2), max(4, math.ceil(P / _GROUPS))))
    n_chunks = max(1, math.ceil(P / per_chunk))
    keys = np.array([_chunk_seed(root, 7, int(s)) for s in sizes], dtype=np.uint64).reshape(-1, 4)
    pair_w = np.where(m > 0, pm / (2.0 * np.maximum(m, 1)), 0.0)
    # finite-population correction of the variance, sizes weighted by their
    # share of it under proportional allocation
    frac = np.where(distinct, m / np.array(cap, dtype=float), 0.0)
    vw = np.where(m > 0, pm**2 / np.maximum(m, 1), 0.0)
    A_expected = _kernel_expected_A(n, sizes, pm)
    b_g = np.zeros((_GROUPS, n))
    p_g = np.zeros(_GROUPS)
    dist = np.full(sizes.size, distinct)
    chunk = 0
    r = 0
    converged = False
    phi = se = None
    q = np.inf
    while chunk < n_chunks:
        calls = []
        for _ in range(_round_chunks(r)):
            if chunk >= n_chunks:
                break
            lo = m * chunk // n_chunks
            hi = m * (chunk + 1) // n_chunks
            calls.append((_task_kernel, (ev, sizes, lo, hi, dist, N, h, keys, pair_w, _chunk_seed(root, chunk))))
            chunk += 1
        first = chunk - len(calls)
        spent = 0
        for j, (b_c, p_c) in enumerate(_run(calls, pool)):
            g = (first + j) % _GROUPS
            b_g[g] += b_c
            p_g[g] += p_c
            spent += 2 * p_c
        evals += spent
        r += 1
        b_sum, Pd = b_g.sum(axis=0), p_g.sum()
        # the sampled sizes' part of A is known in closed form: solving with
        # it (not its sampled estimate) keeps the estimate linear in the
        # draws, hence unbiased (Covert and Lee 2021, unbiased KernelSHAP);
        # the ratio of two sampled sums was biased at small budgets
        A_full = A_exact + A_expected
        phi = _kernel_solve(A_full, b_exact + b_sum * (P / Pd), v_grand)
        groups = np.flatnonzero(p_g > 0)
        K = groups.size
        if K >= 2:
            scale = (P / (Pd - p_g[groups]))[:, None]
            jack = _kernel_solve(
                np.broadcast_to(A_full, (K, n, n)),
                b_exact + (b_sum - b_g[groups]) * scale,
                v_grand,
            )
            fpc = float((vw * (1.0 - frac * Pd / P)).sum() / vw.sum())
            dev = jack - jack.mean(axis=0)
            se = np.sqrt(max(fpc, 0.0) * (K - 1) / K * (dev**2).sum(axis=0))
            q = _quantile(confidence, _jackknife_dof(dev))
            if not np.any(b_g):
                # every sampled coalition was worth 0 (value only in rare
                # coalitions of the sampled sizes): the groups agree, and
                # their agreement measures nothing
                se = np.full(n, np.inf)
            half = float(np.max(q * se))
        else:
            se = np.full(n, np.inf)
            half = np.inf
        bar.round(evals, phi, q * se)
        if tol is not None and K >= _GROUPS and half <= tol and not _blind(phi, se):
            converged = True
            break
    return phi, se, q, evals, int(2 * p_g.sum()), converged


def _jackknife_dof(dev: np.ndarray) -> np.ndarray:
    """Degrees of freedom of each player's jackknife variance, from its K
    deviations `dev` (K, n): K - 1 when they look normal, fewer when a few
    groups carry most of the variance (heavy tails, as when rare coalitions
    hold large worths).

    A variance estimated from K terms has about ``2 (sum d**2)**2 /
    var(sum d**2)`` degrees of freedom (Satterthwaite 1946); with the
    fourth moment estimated from the same terms that is ``(K - 1) * 3 / k``
    for a sample kurtosis ``k = K sum d**4 / (sum d**2)**2`` (3 for normal
    terms). Never more than K - 1, so the interval only ever widens."""
    K = dev.shape[0]
    top = np.max(np.abs(dev), axis=0)
    d = dev / np.where(top > 0, top, 1.0)  # the ratio is scale-free; worths near 1e150 stay finite
    s2 = (d**2).sum(axis=0)
    s4 = (d**4).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        kurt = np.where(s2 > 0, K * s4 / np.where(s2 > 0, s2, 1.0) ** 2, 3.0)
    return np.maximum((K - 1) * 3.0 / np.maximum(kurt, 3.0), 1.0)
