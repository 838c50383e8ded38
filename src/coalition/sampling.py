"""Monte Carlo Shapley values, from 20 partners to 100,000.

:func:`estimate_shapley` estimates the Shapley value from a budget of
value-function evaluations, with standard errors and confidence intervals,
for games far too large for the exact O(n 2**n) rule. Five estimators:

``"permutation"``
    Average marginal contributions along random orders (Castro, Gomez and
    Tejada 2009).
``"antithetic"``
    Each random order together with its reverse; the pair average is one
    sample (Lomeli et al. 2019 for Shapley; the classic antithetic variates).
``"stratified"``
    Stratified by the position (coalition size) at which a player joins,
    with a pilot phase and variance-driven (Neyman) allocation of the rest
    (Maleki et al. 2013; Castro et al. 2017).
``"svarm"``
    Stratified SVARM (Kolpaczki et al. 2024): the Shapley value as the mean
    worth of the coalitions of each size that contain a player minus the mean
    of those that leave it out. Every evaluation informs every player; sizes
    1 and n - 1 (and any size the budget can afford whole) are computed
    exactly, the others sampled with a pilot phase and variance-driven
    (Neyman) allocation of the rest across sizes.
``"kernel"``
    KernelSHAP: the Shapley value as the solution of a weighted least-squares
    problem (Lundberg and Lee 2017) with paired sampling (Covert and Lee
    2021). Sizes whose coalitions the budget can afford are enumerated
    exactly; the others get draws in proportion to their kernel weight,
    without replacement (a keyed Feistel permutation of each size's
    coalitions, so chunks never repeat a coalition). Every evaluation
    informs every player.

How the game is evaluated depends on what it can do, not on its class:

* a game whose ``_sampler_spec()`` names an incremental kernel (the families
  of :mod:`coalition.families`) runs in compiled code, O(1) per marginal
  contribution, without a table, for any number of players; their
  graph-restricted games (:func:`coalition.network.restrict`) too, by
  union-find, O(degree) per marginal contribution;
* a game with a dense table reads it by bitmask;
* any other game (``Game.from_function``) is called on batches of coalitions
  as a boolean matrix, never on one coalition twice within a permutation.

Work is cut into chunks of fixed size, each with its own seed drawn from
``numpy.random.SeedSequence``, and chunk results are merged in chunk order,
so a seed gives the same estimate bit for bit with any number of threads and
on any executor.
"""

from __future__ import annotations

import functools
import math
import os
import pickle
import time
import warnings
from collections import deque
from contextlib import closing
from concurrent.futures import Executor, ThreadPoolExecutor
from itertools import islice
from typing import Any

import numpy as np
from scipy import special as _sp

from ._kernels import incremental as _ki
from ._kernels import sampling as _ks
from .errors import ConvergenceWarning, InvalidGameError, InvalidParameterError
from .game import Game
from .results import Estimate
from .values import _check_game

__all__ = ["estimate_shapley"]

METHODS = ("auto", "permutation", "antithetic", "stratified", "svarm", "kernel")
# Evaluations per chunk: compiled games, Python value functions.
_CHUNK_EVALS = 1 << 16
_PY_CHUNK_EVALS = 1 << 12
# Bools of one batch of rows handed to a Python value function.
_PY_BATCH_BOOLS = 1 << 23
# Fewer samples than this and `tol` is not trusted.
_MIN_SAMPLES = 30
# Largest games for the methods whose work grows with n**2 per sample/stratum.
_KERNEL_MAX_N = 300
_STRATIFIED_MAX_N = 1000
# The regression estimator's jackknife groups.
_GROUPS = 32
# Independent sample streams of the stratified estimators: each stream's
# Neyman allocation is set by the pilot draws of the other stream, so the
# draws a stratum receives never depend on that stream's own values.
_STREAMS = 2
# Pseudo samples at each end of a player's range in the permutation variance.
_PAD = 2
# Pilot draws per stratum of the stratified estimator (over all streams).
_STRATUM_PILOT = 4
# Enumerate a size's coalitions once its share of the budget would draw at
# least this fraction of them.
_ENUMERATE_AT = 1.0
_MAX_ROUND_CHUNKS = 64
# Chunk seeds drawn from one SeedSequence at a time.
_SEED_BLOCK = 64
# What a process pool raises when it cannot send a task to its workers.
_PICKLE_ERRORS = (pickle.PicklingError, TypeError, AttributeError, RuntimeError)
# Fewest permutations per chunk of a compiled game (default chunk size).
_MIN_CHUNK_SAMPLES = 64
# Evaluations a `tol`-only call may spend unless `max_evaluations` says
# otherwise: compiled games, Python value functions.
_DEFAULT_CAP = 10**7
_PY_DEFAULT_CAP = 10**6
# Largest budget, threads and chunk size accepted (counts stay in int64).
_MAX_BUDGET = 2**62
_MAX_THREADS = 4096
_MAX_CHUNK = 2**30
# A call without `progress` shows a bar (if tqdm is installed) once it has
# run this many seconds.
_PROGRESS_AFTER = 3.0


# ---------------------------------------------------------------------------
# how to evaluate one game (picklable: shipped to executors)
# ---------------------------------------------------------------------------
class _Evaluator:
    """The arrays a kernel needs, or the game itself for Python functions."""

    def __init__(self, game: Game, chunk_size: int | None = None) -> None:
        n = game.n
        self.n = n
        self.game = None
        self.kid = _ki.DENSE
        self.table = np.zeros(1)
        self.fpar = np.zeros(2)
        self.a = np.zeros(1)
        self.b = np.zeros(1)
        self.indptr = np.zeros(n + 1, dtype=np.int64)
        self.nbr = np.zeros(1, dtype=np.int64)
        self.wt = np.zeros(1)
        self.bkid = _ki.DENSE
        self.gptr = np.zeros(n + 1, dtype=np.int64)
        self.gnbr = np.zeros(1, dtype=np.int64)
        spec = game._sampler_spec()
        if spec is not None:
            self.mode = "incremental"
            self._from_spec(spec, n)
        elif game._table is not None:
            self.mode = "dense"
            self.table = game._table
        else:
            self.mode = "python"
            self.game = game
        # evaluations per chunk: the unit of work of a thread or executor task
        self.chunk_given = chunk_size is not None
        if chunk_size is None:
            chunk_size = _CHUNK_EVALS if self.compiled else _PY_CHUNK_EVALS
        self.chunk = int(chunk_size)

    def _from_spec(self, spec: Any, n: int) -> None:
        kernel, params = spec
        if kernel not in _ki.KERNEL_IDS:
            raise InvalidGameError(f"the game's sampler spec names the unknown kernel {kernel!r}")
        if kernel == "restricted":
            self._restricted_spec(params, n)
            return
        self.kid = _ki.KERNEL_IDS[kernel]

        def vec(name):
            arr = np.ascontiguousarray(params[name], dtype=np.float64)
            if arr.shape != (n,):
                raise InvalidGameError(f"the game's sampler spec gives `{name}` of shape {arr.shape}; expected ({n},)")
            return arr

        self.a = vec("a")
        if kernel == "threshold":
            self.fpar = np.array([float(params["quota"]), 0.0])
        elif kernel == "clipped_sum":
            self.fpar = np.array([float(params["estate"]), float(params["total"])])
        elif kernel == "min_of_sums":
            self.b = vec("b")
        elif kernel == "pairwise":
            edges = np.asarray(params["edges"], dtype=np.int64).reshape(-1, 2)
            w = np.asarray(params["weights"], dtype=np.float64)
            src = np.concatenate([edges[:, 0], edges[:, 1]])
            dst = np.concatenate([edges[:, 1], edges[:, 0]])
            ww = np.concatenate([w, w])
            order = np.argsort(src, kind="stable")
            self.indptr = np.concatenate([[0], np.cumsum(np.bincount(src, minlength=n))]).astype(np.int64)
            self.nbr = np.ascontiguousarray(dst[order]) if dst.size else np.zeros(1, dtype=np.int64)
            self.wt = np.ascontiguousarray(ww[order]) if ww.size else np.zeros(1)

    def _restricted_spec(self, params: Any, n: int) -> None:
        """A graph-restricted game: the base game's spec and the graph."""
        base = params["base"]
        if base[0] not in _ki.COMPONENT_ADDITIVE:
            raise InvalidGameError(
                f"the game's sampler spec restricts the base kernel {base[0]!r}; expected one of "
                f"{', '.join(map(repr, _ki.COMPONENT_ADDITIVE))}"
            )
        self._from_spec(base, n)
        gptr = np.ascontiguousarray(params["indptr"], dtype=np.int64)
        gnbr = np.ascontiguousarray(params["indices"], dtype=np.int64)
        # the kernel reads these without bounds checks
        if (
            gptr.shape != (n + 1,)
            or gptr[0] != 0
            or np.any(np.diff(gptr) < 0)
            or gnbr.ndim != 1
            or gptr[-1] != gnbr.size
            or (gnbr.size and (gnbr.min() < 0 or gnbr.max() >= n))
        ):
            raise InvalidGameError(
                f"the game's sampler spec gives a graph that is not in CSR form over {n} players "
                f"(`indptr` of shape {gptr.shape}, `indices` of shape {gnbr.shape})"
            )
        self.bkid = self.kid
        self.kid = _ki.RESTRICTED
        self.gptr = gptr
        self.gnbr = gnbr if gnbr.size else np.zeros(1, dtype=np.int64)

    @property
    def compiled(self) -> bool:
        return self.mode != "python"

    def args(self):
        return (self.kid, self.fpar, self.a, self.b, self.indptr, self.nbr, self.wt, self.bkid, self.gptr, self.gnbr)

    def rows(self, rows: np.ndarray) -> np.ndarray:
        """Worths of the coalitions in the rows of a boolean matrix (k, n)."""
        rows = np.ascontiguousarray(rows, dtype=np.bool_)
        if self.compiled:
            kid, *rest = self.args()
            return _ki.evaluate_rows(kid, self.table, *rest, rows)
        out = []
        step = max(1, _PY_BATCH_BOOLS // max(self.n, 1))
        for start in range(0, rows.shape[0], step):
            block = rows[start : start + step]
            vals = np.asarray(self.game._evaluate(block), dtype=np.float64)
            if vals.shape != (block.shape[0],):
                raise InvalidGameError(
                    f"the game returned shape {vals.shape} for a batch of {block.shape[0]} coalitions"
                )
            bad = np.flatnonzero(~np.isfinite(vals))
            if bad.size:
                who = "+".join(p for p, inside in zip(self.game.players, block[bad[0]]) if inside)
                raise InvalidGameError(f"the game's worth of coalition {who} is {vals[bad[0]]!r}; worths must be finite")
            out.append(vals)
        return np.concatenate(out) if out else np.zeros(0)


# ---------------------------------------------------------------------------
# tasks: module-level functions so that any executor can run them
# ---------------------------------------------------------------------------
def _task_permutation(ev: _Evaluator, n_samples: int, seed: np.ndarray, antithetic: bool, v_grand: float):
    n = ev.n
    if ev.mode == "dense":
        mean, m2, lo, hi = _ks.dense_permutations(ev.table, n, n_samples, seed, antithetic)
        return n_samples, mean, m2, lo, hi, n_samples * n * (2 if antithetic else 1)
    if ev.mode == "incremental":
        mean, m2, lo, hi = _ks.incremental_permutations(*ev.args(), n, n_samples, seed, antithetic)
        return n_samples, mean, m2, lo, hi, n_samples * n * (2 if antithetic else 1)
    perms = _ks.random_permutations(n, n_samples, seed)
    marg = _python_marginals(ev, perms, v_grand)
    if antithetic:
        marg = 0.5 * (marg + _python_marginals(ev, perms[:, ::-1], v_grand))
    mean, m2, lo, hi = _ks.moment_stats(marg)
    return n_samples, mean, m2, lo, hi, n_samples * (n - 1) * (2 if antithetic else 1)


def _python_marginals(ev: _Evaluator, perms: np.ndarray, v_grand: float) -> np.ndarray:
    """Marginal contributions along each permutation (rows), by player."""
    k, n = perms.shape
    rank = np.empty_like(perms)
    rank[np.arange(k)[:, None], perms] = np.arange(n)
    # prefixes of length 1 .. n-1 of every permutation, v(N) is known
    prefix = np.zeros((k, n + 1))
    prefix[:, n] = v_grand
    if n * (n - 1) <= _PY_BATCH_BOOLS:
        per = max(1, _PY_BATCH_BOOLS // (n * max(n - 1, 1)))
        for start in range(0, k, per):
            r = rank[start : start + per]
            rows = r[:, None, :] <= np.arange(n - 1)[None, :, None]
            prefix[start : start + per, 1:n] = ev.rows(rows.reshape(-1, n)).reshape(r.shape[0], n - 1)
    else:  # many players: the prefixes of one permutation in blocks
        step = max(1, _PY_BATCH_BOOLS // n)
        for p in range(k):
            for t0 in range(0, n - 1, step):
                t1 = min(n - 1, t0 + step)
                rows = rank[p][None, :] <= np.arange(t0, t1)[:, None]
                prefix[p, 1 + t0 : 1 + t1] = ev.rows(rows)
    d = np.diff(prefix, axis=1)
    marg = np.empty((k, n))
    marg[np.arange(k)[:, None], perms] = d
    return marg


def _task_stratified(ev: _Evaluator, player, size, count, seed):
    n = ev.n
    rows, which = _ks.stratified_rows(n, player, size, count, seed)
    plus = rows.copy()
    plus[np.arange(rows.shape[0]), player[which]] = True
    v_plus = ev.rows(plus)
    v_minus = np.zeros(rows.shape[0])
    nonempty = size[which] > 0
    if nonempty.any():
        v_minus[nonempty] = ev.rows(rows[nonempty])
    cnt, mean, m2, lo, hi = _ks.group_stats(v_plus - v_minus, which, count.size)
    return cnt, mean, m2, lo, hi, int(rows.shape[0] + nonempty.sum())


def _task_kernel(ev: _Evaluator, sizes, lo, hi, distinct, N, h, keys, pair_w, seed):
    rows, which = _ks.kernel_rows(ev.n, sizes, lo, hi, distinct, N, h, keys, seed)
    # b = sum of w z v(z) over the rows; A is known in closed form
    return _ks.row_sums(rows, ev.rows(rows) * pair_w[which]), rows.shape[0] // 2


def _task_rows(ev: _Evaluator, rows):
    vals = ev.rows(rows)
    return _ks.row_sums(rows, vals), rows.shape[0]


# ---------------------------------------------------------------------------
# running tasks in chunk order
# ---------------------------------------------------------------------------
def _stream(calls, pool, window: int = _MAX_ROUND_CHUNKS):
    """Run ``(fn, args)`` calls, serially or on an executor, and yield their
    results in call order. ``calls`` may be a lazy iterable: at most
    ``window`` calls are in flight, and the next one is built (its seed drawn)
    while they run. A failing call cancels the rest and its error is raised
    here; so does closing the generator early."""
    if pool is None:
        for fn, args in calls:
            yield fn(*args)
        return
    pending: deque = deque()

    def oldest():
        # leave the future in `pending` until it has returned, so that an
        # interrupt while waiting for it cancels it too
        result = pending[0].result()
        pending.popleft()
        return result

    try:
        for fn, args in calls:
            pending.append(pool.submit(fn, *args))
            if len(pending) >= window:
                yield oldest()
        while pending:
            yield oldest()
    finally:
        for f in pending:
            f.cancel()


def _run(calls, pool):
    """All results of ``(fn, args)`` calls, in order (see :func:`_stream`)."""
    return list(_stream(calls, pool, window=max(1, len(calls))))


def _root_seed(seed: Any) -> np.random.SeedSequence:
    if seed is None:
        return np.random.SeedSequence()
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if isinstance(seed, np.random.Generator):
        return np.random.SeedSequence([int(v) for v in seed.integers(0, 2**63 - 1, size=4)])
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool) and seed >= 0:
        return np.random.SeedSequence(int(seed))
    raise InvalidParameterError(
        f"`seed` must be None, a non-negative int, a numpy Generator or SeedSequence, got {_show(seed)}"
    )


def _chunk_seed(root: np.random.SeedSequence, *key: int) -> np.ndarray:
    """The four-word seed of the chunk named by ``key``. Chunks ``(*head, c)``
    take consecutive words of one ``SeedSequence`` per block of
    ``_SEED_BLOCK`` values of ``c`` (spawn key ``(*head, c // _SEED_BLOCK)``
    below the root's), so the seeds depend on the key alone."""
    *head, last = key
    block, pos = divmod(int(last), _SEED_BLOCK)
    entropy = root.entropy if isinstance(root.entropy, int) else tuple(np.ravel(root.entropy).tolist())
    words = _seed_block(entropy, tuple(root.spawn_key) + tuple(int(k) for k in head) + (block,))
    return words[pos].copy()


@functools.lru_cache(maxsize=64)
def _seed_block(entropy: Any, spawn_key: tuple) -> np.ndarray:
    ss = np.random.SeedSequence(entropy, spawn_key=spawn_key)
    return ss.generate_state(4 * _SEED_BLOCK, dtype=np.uint64).reshape(_SEED_BLOCK, 4)


def _round_chunks(r: int, first: int = 4) -> int:
    """Chunks in round r: first, first, 2 first, 2 first, ... up to 64; fixed,
    whatever the threads. Rounds only group chunks between stopping checks."""
    return min(_MAX_ROUND_CHUNKS, first << (r // 2))


def _merge(acc, cnt, mean, m2):
    """Chan et al. (1979) merge of (count, mean, M2) moments."""
    n0, mu0, s0 = acc
    if n0 == 0:
        return cnt, mean.copy(), m2.copy()
    tot = n0 + cnt
    d = mean - mu0
    return tot, mu0 + d * (cnt / tot), s0 + m2 + d * d * (n0 * cnt / tot)


def _quantile(confidence: float, dof: Any) -> Any:
    # Student's t quantile; scipy.special is ~100 times faster than scipy.stats
    p = 0.5 + confidence / 2
    if np.isscalar(dof):
        return float(_sp.stdtrit(float(dof), p)) if math.isfinite(dof) else float(_sp.ndtri(p))
    dof = np.asarray(dof, dtype=np.float64)
    out = np.where(np.isfinite(dof), _sp.stdtrit(np.where(np.isfinite(dof), dof, 1.0), p), _sp.ndtri(p))
    return out if out.ndim else float(out)


class _Progress:
    """The progress bar and the trace of the rounds. ``enabled``: True shows
    a bar from the start, False never, None once the call has run
    ``_PROGRESS_AFTER`` seconds (if tqdm is installed)."""

    def __init__(self, enabled: bool | None, total: int | None):
        self.bar = None
        self.shown = 0
        self.total = total
        self.auto = enabled is None
        self.start = time.monotonic()
        self.rounds: list[tuple[int, np.ndarray, np.ndarray]] = []
        if enabled:
            self._open(0)

    def _open(self, evals: int) -> None:
        try:
            from tqdm.auto import tqdm
        except ImportError:
            self.auto = False
            return
        self.bar = tqdm(total=self.total, initial=evals, unit="eval", desc="estimate_shapley", leave=False)
        self.shown = evals

    def advance(self, evals: int, half_width: float = np.inf) -> None:
        if self.bar is None and self.auto and time.monotonic() - self.start > _PROGRESS_AFTER:
            self.auto = False
            self._open(evals)
        if self.bar is not None:
            self.bar.update(evals - self.shown)
            self.bar.set_postfix(half_width=f"{half_width:.3g}", refresh=True)
        self.shown = evals

    def round(self, evals: int, x: np.ndarray, half: Any) -> None:
        """Record the estimate after a round (evaluations spent so far)."""
        x = np.array(x, dtype=np.float64)
        half = np.array(half, dtype=np.float64)
        if half.shape != x.shape:
            half = np.full(x.shape, half)
        self.rounds.append((int(evals), x, half))
        self.advance(evals, float(np.max(half)) if half.size else 0.0)

    def trace(self):
        if not self.rounds:
            return None
        evals, xs, hw = zip(*self.rounds)
        return np.array(evals, dtype=np.int64), np.array(xs), np.array(hw)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


# ---------------------------------------------------------------------------
# the estimators
# ---------------------------------------------------------------------------
def _rounds(calls, pool, r_first: int, prefetch: bool):
    """Results of lazily built chunk calls, grouped in rounds of
    ``_round_chunks(r, r_first)`` chunks. With ``prefetch`` the chunks of the
    next rounds run while a round is merged (no stopping rule to wait for);
    without it no chunk of a round is started before the round is asked for."""
    if prefetch:
        with closing(_stream(calls, pool)) as stream:
            r = 0
            while batch := list(islice(stream, _round_chunks(r, r_first))):
                yield batch
                r += 1
        return
    r = 0
    while batch := list(_stream(islice(calls, _round_chunks(r, r_first)), pool)):
        yield batch
        r += 1


def _permutation(ev, budget, tol, confidence, antithetic, root, pool, bar, v_grand):
    n = ev.n
    per = (n if ev.compiled else n - 1) * (2 if antithetic else 1)
    per = max(per, 1)
    spc = max(1, ev.chunk // per)
    if ev.compiled and not ev.chunk_given:
        # many players: enough samples per chunk that the O(n) work of
        # starting and merging a chunk stays small beside the walks
        spc = max(spc, _MIN_CHUNK_SAMPLES)
    cap = budget // per if budget is not None else None

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
            if tol is not None and m >= _MIN_SAMPLES and half <= tol:
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


def _allocate(total: int, weights: np.ndarray) -> np.ndarray:
    """Split ``total`` into integers proportional to ``weights`` (largest remainders)."""
    if total <= 0 or weights.sum() <= 0:
        return np.zeros(weights.size, dtype=np.int64)
    raw = total * weights / weights.sum()
    out = np.floor(raw).astype(np.int64)
    rest = total - int(out.sum())
    if rest > 0:
        order = np.argsort(-(raw - out), kind="stable")
        out[order[:rest]] += 1
    return out


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


def _welch_dof(var: np.ndarray, df: np.ndarray, axis) -> np.ndarray:
    """Welch-Satterthwaite degrees of freedom of a sum of independent cell
    variances, ``(sum v)**2 / sum(v**2 / df)``, at least 1. The variances are
    divided by their largest first (the ratio does not change), so worths
    near the largest allowed magnitude do not overflow the squares."""
    with np.errstate(divide="ignore", invalid="ignore"):
        top = np.max(np.where(np.isfinite(var), var, 0.0), axis=axis, keepdims=True)
        v = var / np.where(top > 0, top, 1.0)
        denom = (v**2 / df).sum(axis=axis)
        dof = np.where(denom > 0, v.sum(axis=axis) ** 2 / denom, np.inf)
    return np.maximum(np.nan_to_num(dof, nan=1.0, posinf=1e9), 1.0)


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
        if tol is not None and cnt_all.min() >= 2 and int(cnt_all.sum()) >= _MIN_SAMPLES and half <= tol:
            converged = True
            break
        if max(left) <= 0:
            break
    return phi, se, q, evals, int(sum(int(acc[0].sum()) for acc in accs)), converged


def _task_svarm(ev: _Evaluator, size, count, target, side, layer, n_layers, seed):
    rows, which = _ks.layer_rows(ev.n, size, count, target, side, seed)
    vals = ev.rows(rows)
    cnt, mean, m2, lo, hi = _ks.svarm_accumulate(rows, vals, layer[which], target[which], n_layers)
    return cnt, mean, m2, lo, hi, rows.shape[0]


def _merge_arrays(acc, cnt, mean, m2):
    """Elementwise Chan merge of (count, mean, M2) arrays; empty cells allowed."""
    c0, mu0, s0 = acc
    tot = c0 + cnt
    safe = np.maximum(tot, 1)
    d = mean - mu0
    new_mean = np.where(cnt > 0, mu0 + d * (cnt / safe), mu0)
    new_m2 = np.where(cnt > 0, s0 + m2 + d * d * (c0 * cnt / safe), s0)
    return tot, new_mean, new_m2


def _layer_means(ev, n, s, pool):
    """Exact mean worth of the coalitions of size s that contain each player
    and of those that leave it out, by enumeration."""
    comb = np.arange(s, dtype=np.int64)
    batch = (1 << 15) if ev.compiled else max(1, _PY_BATCH_BOOLS // n)
    calls = []
    more = True
    while more:
        rows, more = _ks.combo_rows(n, comb, batch)
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
        svar = _floored_var((cnt, mean, m2), lo, hi)
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
        if tol is not None and full and half <= tol:
            converged = True
            break
        if max(left) <= 0:
            break
    return phi, se, q, evals, drawn, converged


def _floored_var(acc, lo, hi):
    """Sample variance of each cell; a cell whose draws all agree gets the
    floor of the stratified estimator instead of claiming zero variance."""
    cnt, _, m2 = acc
    span = np.where(np.isfinite(hi - lo), hi - lo, 0.0)[None, :, None]
    floor = span**2 * cnt / (cnt + 1.0) ** 2
    return np.where(m2 > 0, m2 / np.maximum(cnt - 1, 1), floor)


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
            rows, more = _ks.combo_rows(n, comb, batch)
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
            se = np.sqrt(max(fpc, 0.0) * (K - 1) / K * ((jack - jack.mean(axis=0)) ** 2).sum(axis=0))
            q = _quantile(confidence, K - 1)
            half = float(np.max(q * se))
        else:
            se = np.full(n, np.inf)
            half = np.inf
        bar.round(evals, phi, q * se)
        if tol is not None and K >= _GROUPS and half <= tol:
            converged = True
            break
    return phi, se, q, evals, int(2 * p_g.sum()), converged


# ---------------------------------------------------------------------------
# the public function
# ---------------------------------------------------------------------------
def _show(value: Any) -> str:
    """A short repr for messages (a huge integer by its number of digits)."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool) and abs(int(value)) >= 10**18:
        return f"an integer of {int(abs(int(value)).bit_length() * 0.30103) + 1} digits"
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - any object may come
        text = f"a {type(value).__name__}"
    return text if len(text) <= 60 else text[:57] + "..."


def _whole(name: str, value: Any, low: int, high: int, what: str, low_why: str = "") -> int:
    """An integer argument in [low, high] (a float is accepted if whole)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer, float, np.floating)):
        raise InvalidParameterError(f"`{name}` must be {what}, got {_show(value)}")
    if isinstance(value, (float, np.floating)) and not (math.isfinite(value) and value == int(value)):
        raise InvalidParameterError(f"`{name}` must be {what}, got {_show(value)}")
    v = int(value)
    if v < low:
        if not low_why:
            raise InvalidParameterError(f"`{name}` must be {what}, got {_show(v)}")
        raise InvalidParameterError(f"`{name}` must be at least {low}{low_why}, got {_show(v)}")
    if v > high:
        raise InvalidParameterError(f"`{name}` must be at most {high:.3g}, got {_show(value)}")
    return v


def _check_budget(budget: Any, n: int, name: str = "budget") -> int | None:
    if budget is None:
        return None
    return _whole(name, budget, n, _MAX_BUDGET, "a whole number of evaluations", " (the number of players)")


def _check_real(name: str, value: Any, what: str) -> float:
    """A real number (not a bool, complex or string) as a float."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise InvalidParameterError(f"`{name}` must be {what}, got {_show(value)}")
    try:
        return float(value)
    except OverflowError:
        raise InvalidParameterError(f"`{name}` must be {what}, got {_show(value)} (too large)") from None


def _check_options(game, budget, tol, confidence, method, threads, executor, progress, chunk_size, max_evaluations):
    """Validated arguments of :func:`estimate_shapley`, and the evaluation cap."""
    n = game.n
    b = _check_budget(budget, n)
    if tol is not None:
        tol = _check_real("tol", tol, "a positive number")
        if not (math.isfinite(tol) and tol > 0):
            raise InvalidParameterError(f"`tol` must be a positive number, got {_show(tol)}")
    if b is None and tol is None:
        raise InvalidParameterError("`budget` or `tol` is required (how many evaluations, or what precision)")
    if max_evaluations is not None and b is not None:
        raise InvalidParameterError(
            "`max_evaluations` caps a call with `tol` alone; with `budget` given, `budget` is the cap: "
            "leave `max_evaluations` out"
        )
    cap = b if b is not None else _check_budget(max_evaluations, n, "max_evaluations")
    confidence = _check_real("confidence", confidence, "in (0, 1)")
    if not 0 < confidence < 1:
        raise InvalidParameterError(f"`confidence` must be in (0, 1), got {_show(confidence)}")
    if not isinstance(method, str) or method not in METHODS:
        raise InvalidParameterError(f"`method` must be one of {', '.join(map(repr, METHODS))}, got {_show(method)}")
    if threads is not None:
        threads = _whole("threads", threads, 1, _MAX_THREADS, "a positive integer")
    if executor is not None and not callable(getattr(executor, "submit", None)):
        raise InvalidParameterError(
            f"`executor` must be a concurrent.futures.Executor (with a submit method), got {type(executor).__name__}"
        )
    if chunk_size is not None:
        chunk_size = _whole("chunk_size", chunk_size, 1, _MAX_CHUNK, "a positive integer")
    if progress is not None and not isinstance(progress, (bool, np.bool_)):
        raise InvalidParameterError(f"`progress` must be True, False or None, got {_show(progress)}")
    if progress:
        try:
            import tqdm  # noqa: F401
        except ImportError:
            raise InvalidParameterError("`progress=True` needs tqdm: pip install 'coalition[progress]'") from None
    progress = None if progress is None else bool(progress)
    return b, tol, confidence, threads, chunk_size, progress, cap


def _svarm_min_budget(n: int) -> int:
    """v(N), the sizes 1 and n - 1, and for each of the streams a pilot that
    gives every (size, side, player) cell two draws on average, twice over
    (pilot and the targeted draws that complete it)."""
    return 1 + 2 * n + 2 * _STREAMS * sum(math.ceil(2 * n / min(s, n - s)) for s in range(2, n - 1))


def _pick_method(method: str, ev: _Evaluator, budget: int | None) -> str:
    """The estimator for ``method="auto"``, by the error-vs-budget benchmark
    of benchmarks/RESULTS.md ("Monte Carlo Shapley")."""
    if method != "auto":
        return method
    n = ev.n
    if ev.mode == "incremental" and ev.kid == _ki.PAIRWISE:
        # pairwise synergies: a permutation and its reverse average to the
        # exact value, so antithetic sampling has zero variance
        return "antithetic"
    affordable = budget is None or budget >= 1 + 2 * n + 16 or budget >= 2**n - 1
    if ev.mode != "incremental" and n <= 64 and affordable:
        # dense tables: the regression estimator had the lowest error (random
        # n = 20 game: 3.3e-5 at 10**6 evaluations, permutations 1.4e-3)
        return "kernel"
    if n <= _KERNEL_MAX_N and (budget is None or budget >= _svarm_min_budget(n)):
        # voting and airport games: stratified SVARM was 2 to 5 times more
        # accurate than permutations at 100 n evaluations, unbiased and its
        # intervals covering (benchmarks/sampling_coverage.py)
        return "svarm"
    return "permutation"


def estimate_shapley(
    game: Game,
    *,
    budget: int | None = None,
    tol: float | None = None,
    confidence: float = 0.95,
    method: str = "auto",
    seed: Any = None,
    threads: int | None = None,
    executor: Executor | None = None,
    progress: bool | None = None,
    chunk_size: int | None = None,
    max_evaluations: int | None = None,
) -> Estimate:
    r"""Monte Carlo estimate of the Shapley value, with confidence intervals.

    Parameters
    ----------
    game : Game
        Any game. Structured families (weighted voting, airport, bankruptcy,
        glove, unanimity, additive with synergies) run in compiled code
        without a table, for any number of players; a game with a dense table
        reads it; a game from :meth:`Game.from_function` is called on batches
        of coalitions (``vectorized=True`` gets one boolean matrix per batch).
    budget : int, optional
        Most value-function evaluations to spend (at least the number of
        players; ``1e6`` is accepted). A permutation costs ``n`` evaluations, an antithetic pair
        ``2 n``, a stratified sample 2, a regression pair 2, a SVARM draw 1.
    tol : float, optional
        Stop as soon as every player's confidence-interval half-width is at
        most `tol` (checked between rounds of chunks, and only after 30
        samples). At least one of `budget` and `tol` is required. A `tol`
        not met within the budget (or `max_evaluations`) gives
        ``converged=False`` and a :class:`~coalition.errors.ConvergenceWarning`.
    confidence : float, default 0.95
        Level of the intervals in ``ci``, in (0, 1).
    method : {"auto", "permutation", "antithetic", "stratified", "svarm", "kernel"}
        The estimator (see the module notes). ``"auto"`` picks by game kind,
        after the error-vs-budget benchmarks of ``benchmarks/RESULTS.md``:
        ``"kernel"`` for dense tables and Python functions up to 64 players,
        ``"antithetic"`` for pairwise-synergy games (exact there),
        ``"svarm"`` for the other games up to 300 players when the budget
        allows its pilot phase, and ``"permutation"`` otherwise. The estimate
        says which ran in ``method``.
    seed : int, numpy.random.Generator or numpy.random.SeedSequence, optional
        The same seed gives the same estimate bit for bit, whatever `threads`
        or `executor`.
    threads : int, optional
        Threads to run chunks on (compiled code releases the GIL). Default:
        all processors for compiled games (one when `budget` is at most one
        chunk), 1 for Python value functions.
    executor : concurrent.futures.Executor, optional
        Run the chunks on this executor instead: a process pool, or a Dask
        cluster through ``distributed.Client(address).get_executor()``. The
        game must then be picklable. The estimate equals the single-process
        one for the same seed.
    progress : bool, optional
        Show a progress bar with the current largest half-width (needs tqdm:
        ``pip install 'coalition[progress]'``). By default a bar appears once
        a call has run for 3 seconds, if tqdm is installed; ``False`` never
        shows one.
    chunk_size : int, optional
        Evaluations per chunk, the unit of work of a thread or executor task,
        drawn from its own seed. Default 65,536 for compiled games (and at
        least 64 permutations for the permutation methods) and 4,096 for
        Python functions; make it small for value functions that take
        seconds. At most 64 chunks are in flight at once. The estimate
        depends on it (and on `seed`), never on `threads` or `executor`.
    max_evaluations : int, optional
        Most evaluations of a call with `tol` and no `budget`. Default
        10,000,000 for compiled games (families, tables) and 1,000,000 for
        Python value functions.

    Returns
    -------
    Estimate
        Shares (cost shares for a cost game) with ``stderr``, ``ci``,
        ``confidence``, ``n_evaluations``, ``n_permutations`` (samples
        drawn), ``converged`` and ``method``.

    Raises
    ------
    InvalidParameterError
        If neither `budget` nor `tol` is given, `budget` is below the number
        of players (or what the method needs), `tol` is not positive,
        `confidence` is outside (0, 1), or `method`, `seed`, `threads`,
        `executor` or `progress` is not valid.
    InvalidGameError
        If `game` is not a game, or its value function returns a non-finite
        worth or a wrong shape (the message names the coalition), or
        `executor` cannot send the game to its workers (a lambda on a process
        pool: define the function at module level, or use threads).

    Warns
    -----
    ConvergenceWarning
        If `tol` was given and not met before the budget or the cap.

    Notes
    -----
    Standard errors: for permutation and antithetic sampling, the sample
    standard deviation of the per-sample contributions (an antithetic pair
    is one sample), with two pseudo samples at each end of the player's
    observed range (as in the Agresti-Coull interval) so that rare
    contributions (a small voter's pivots) do not get intervals that cover
    less than claimed; for stratified sampling, the per-stratum variances
    summed with the stratum weights (Welch-Satterthwaite degrees of
    freedom); for SVARM, the same over the (size, in or out) cells of each
    player. Both stratified estimators draw two independent streams, each
    allocated (half Neyman, half fixed) by the other stream's pilot draws,
    and average them: an allocation driven by a stream's own draws would
    bias its estimate. The regression estimator solves with the closed-form
    weight matrix of its sampled sizes, so it is unbiased; its standard
    error is a delete-a-group jackknife over 32 groups of chunks with a
    finite-population correction for the draws without replacement. A
    player or cell whose draws all agree on zero (a voter never seen
    pivotal) takes the range seen over all players, so small runs do not
    claim certainty. Intervals use Student's
    t quantiles.

    To run on a Dask cluster::

        from distributed import Client
        with Client("tcp://scheduler:8786") as client:
            est = co.estimate_shapley(game, budget=10**6, seed=1,
                                      executor=client.get_executor())

    References
    ----------
    Castro, J., Gomez, D. and Tejada, J. (2009). Polynomial calculation of
    the Shapley value based on sampling. Computers & Operations Research
    36(5), 1726-1730.
    Maleki, S., Tran-Thanh, L., Hines, G., Rahwan, T. and Rogers, A. (2013).
    Bounding the estimation error of sampling-based Shapley value
    approximation. arXiv:1306.4265.
    Castro, J., Gomez, D., Molina, E. and Tejada, J. (2017). Improving
    polynomial estimation of the Shapley value by stratified random sampling
    with optimum allocation. Computers & Operations Research 82, 180-188.
    Lundberg, S. M. and Lee, S.-I. (2017). A unified approach to interpreting
    model predictions. NeurIPS 30.
    Covert, I. and Lee, S.-I. (2021). Improving KernelSHAP: practical Shapley
    value estimation using linear regression. AISTATS, PMLR 130, 3457-3465.
    Kolpaczki, P., Bengs, V., Muschalik, M. and Huellermeier, E. (2024).
    Approximating the Shapley value without marginal contributions. AAAI 38,
    13246-13255.
    Lomeli, M., Rowland, M., Gretton, A. and Ghahramani, Z. (2019).
    Antithetic and Monte Carlo kernel estimators for partial rankings.
    Statistics and Computing 29, 1127-1147.

    Examples
    --------
    The Shapley-Shubik index of a voting game [4; 3, 2, 1, 1] is
    (1/2, 1/6, 1/6, 1/6):

    >>> import coalition as co
    >>> g = co.families.weighted_voting([3, 2, 1, 1], quota=4)
    >>> est = co.estimate_shapley(g, budget=40_000, method="antithetic", seed=1)
    >>> est.method, est.n_evaluations, est.converged
    ('antithetic', 40000, True)
    >>> bool(abs(est["P1"] - 0.5) < 0.02)
    True

    With a budget that covers every coalition the regression estimator is
    exact:

    >>> g = co.Game.from_dict({"Hub": 10, "Battery": 5, "Hub+Battery": 40})
    >>> est = co.estimate_shapley(g, budget=10, seed=0)
    >>> est.method, est.as_dict(), est.stderr
    ('kernel', {'Hub': 22.5, 'Battery': 17.5}, array([0., 0.]))
    """
    game = _check_game(game)
    n = game.n
    b, tol, confidence, threads, chunk_size, progress, cap = _check_options(
        game, budget, tol, confidence, method, threads, executor, progress, chunk_size, max_evaluations
    )
    root = _root_seed(seed)
    ev = _Evaluator(game, chunk_size)
    if cap is None:
        cap = _DEFAULT_CAP if ev.compiled else _PY_DEFAULT_CAP
        cap = max(cap, n)
    chosen = _pick_method(method, ev, b)
    _check_method_fits(chosen, n, cap, "budget" if b is not None else "max_evaluations")
    try:
        return _estimate(game, ev, chosen, b, tol, confidence, root, threads, executor, progress, cap)
    except SystemError as exc:
        # Ctrl-C while numba's dispatcher holds the interpreter surfaces as a
        # SystemError whose chain ends in the KeyboardInterrupt: raise that
        if _interrupted(exc):
            raise KeyboardInterrupt from None
        raise


def _interrupted(exc: BaseException) -> bool:
    """Whether a KeyboardInterrupt is in the cause/context chain of ``exc``."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _check_method_fits(chosen: str, n: int, cap: int, name: str) -> None:
    """Refuse a method the game is too large for, or a cap it cannot run on
    (``name`` is the argument that set the cap)."""
    if chosen == "kernel" and n > _KERNEL_MAX_N:
        raise InvalidParameterError(
            f"`method='kernel'` solves an n x n system per sample group; {n} players is more than "
            f"the {_KERNEL_MAX_N} it allows. Use 'antithetic' or 'permutation'"
        )
    if chosen == "svarm" and n > _KERNEL_MAX_N:
        raise InvalidParameterError(
            f"`method='svarm'` updates n statistics per evaluation and keeps n**2; {n} players is more "
            f"than the {_KERNEL_MAX_N} it allows. Use 'antithetic' or 'permutation'"
        )
    if chosen == "stratified" and n > _STRATIFIED_MAX_N:
        raise InvalidParameterError(
            f"`method='stratified'` has n**2 strata; {n} players is more than the "
            f"{_STRATIFIED_MAX_N} it allows. Use 'antithetic' or 'permutation'"
        )
    if chosen == "svarm" and cap < _svarm_min_budget(n) and n > 3:
        raise InvalidParameterError(
            f"`{name}` must be at least {_svarm_min_budget(n)} for method='svarm' on {n} players "
            f"(the sizes 1 and n-1 and a pilot draw of every other size), got {cap}"
        )
    per = {"permutation": n, "antithetic": 2 * n}.get(chosen)
    if per is not None and cap < per:
        raise InvalidParameterError(
            f"`{name}` must be at least {per} for method={chosen!r} on {n} players (one sample), got {cap}"
        )
    if chosen == "stratified":
        need = 1 + 2 * n + 2 * _STRATUM_PILOT * n * max(n - 2, 0)
        if cap < need:
            raise InvalidParameterError(
                f"`{name}` must be at least {need} for method='stratified' on {n} players "
                f"({_STRATUM_PILOT} samples in each of the {n * max(n - 2, 0)} strata), got {cap}"
            )
    if chosen == "kernel" and name == "max_evaluations" and cap < min(_kernel_min_budget(n), 2**n - 1):
        raise InvalidParameterError(
            f"`max_evaluations` must be at least {_kernel_min_budget(n)} for method='kernel' on {n} players "
            f"(v(N), the coalitions of sizes 1 and n-1, and 8 pairs), got {cap}"
        )


def _estimate(game, ev, chosen, b, tol, confidence, root, threads, executor, progress, cap) -> Estimate:
    """Run the chosen estimator (arguments validated) and wrap its result."""
    n = game.n
    v_grand = float(ev.rows(np.ones((1, n), dtype=bool))[0])
    if n == 1:
        x = np.array([v_grand])
        zero = np.zeros(1)
        return Estimate(game.players, x, "shapley", game.kind, stderr=zero, ci=(x, x), confidence=confidence,
                        n_evaluations=1, n_permutations=0, converged=True, method=chosen,
                        trace=(np.array([1]), x[None, :], zero[None, :]))
    if threads is None:
        # a budget that fits in one chunk is not worth starting threads for
        small = b is not None and b <= ev.chunk
        threads = (os.cpu_count() or 1) if ev.compiled and not small else 1
    own_pool = None
    pool = executor
    if pool is None and threads > 1:
        own_pool = pool = ThreadPoolExecutor(max_workers=int(threads))
    bar = _Progress(progress, cap)
    try:
        if chosen in ("permutation", "antithetic"):
            out = _permutation(ev, cap, tol, confidence, chosen == "antithetic", root, pool, bar, v_grand)
        elif chosen == "stratified":
            out = _stratified(ev, b, tol, confidence, root, pool, bar, v_grand, cap)
        elif chosen == "svarm":
            out = _svarm(ev, b, tol, confidence, root, pool, bar, v_grand, cap)
        else:
            out = _kernel(ev, b, tol, confidence, root, pool, bar, v_grand, cap)
    except _PICKLE_ERRORS as exc:
        if executor is not None and _pickling_failed(exc):
            raise InvalidGameError(
                f"`executor` {type(executor).__name__} could not send the game to its workers ({exc}). "
                "A process pool or cluster needs a picklable game: define the value function at the top "
                "level of a module (not a lambda or a nested function), or run on threads "
                "(`threads=k`, no `executor`)"
            ) from exc
        raise
    finally:
        bar.close()
        if own_pool is not None:
            own_pool.shutdown(wait=True, cancel_futures=True)
    phi, se, q, evals, samples, conv = out
    if tol is None:
        conv = True
    half = q * se
    with np.errstate(invalid="ignore"):
        half = np.where(se == 0, 0.0, half)
    if not conv:
        warnings.warn(
            f"estimate_shapley stopped after {int(evals)} evaluations (the "
            f"`{'budget' if b is not None else 'max_evaluations'}` of {cap}) before every half-width "
            f"reached `tol`={tol:g}: the widest is {float(np.max(half)):.3g}. The estimate is valid, "
            f"its intervals wider than asked; raise the cap or loosen `tol`",
            ConvergenceWarning,
            stacklevel=3,
        )
    return Estimate(
        game.players,
        phi,
        "shapley",
        game.kind,
        stderr=se,
        ci=(phi - half, phi + half),
        confidence=confidence,
        n_evaluations=int(evals),
        n_permutations=int(samples),
        converged=bool(conv),
        method=chosen,
        trace=bar.trace(),
    )


def _pickling_failed(exc: BaseException) -> bool:
    """Whether ``exc`` (or its chain) is a failure to pickle a task."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, pickle.PicklingError) or "pickle" in str(exc).lower():
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False
