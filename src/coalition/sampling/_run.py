"""Running chunks in order: seeds, streaming to a pool, merging, quantiles, progress.
"""

from __future__ import annotations

import functools
import math
import time
import warnings
from collections import deque
from contextlib import closing
from itertools import islice
from typing import Any

import numpy as np
from scipy import special as _sp

from .._numbers import _show
from ..errors import ConvergenceWarning, InvalidParameterError
from ._settings import _MAX_ROUND_CHUNKS, _PROGRESS_AFTER, _SEED_BLOCK


# running tasks in chunk order
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


class _IntRoot:
    """The root of an integer seed: what ``numpy.random.SeedSequence(seed)``
    holds (``entropy`` the integer, an empty ``spawn_key``), without building
    one. The chunk seeds read these two fields only, so the streams are the
    same."""

    __slots__ = ("entropy", "spawn_key")

    def __init__(self, entropy: int) -> None:
        self.entropy = entropy
        self.spawn_key = ()


def _root_seed(seed: Any) -> Any:
    """The root of the chunk seeds: a ``SeedSequence``, or for an integer
    seed the same fields in an :class:`_IntRoot`."""
    if type(seed) is int and seed >= 0:  # the common case, quickly
        return _IntRoot(seed)
    if seed is None:
        return np.random.SeedSequence()
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if isinstance(seed, np.random.Generator):
        return np.random.SeedSequence([int(v) for v in seed.integers(0, 2**63 - 1, size=4)])
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool) and seed >= 0:
        return _IntRoot(int(seed))
    raise InvalidParameterError(
        f"`seed` must be None, a non-negative int, a numpy Generator or SeedSequence, got {_show(seed)}"
    )


def _chunk_seed(root: Any, *key: int) -> np.ndarray:
    """The four-word seed of the chunk named by ``key``. Chunks ``(*head, c)``
    take consecutive words of one ``SeedSequence`` per block of
    ``_SEED_BLOCK`` values of ``c`` (spawn key ``(*head, c // _SEED_BLOCK)``
    below the root's), so the seeds depend on the key alone. The first chunk
    of a block draws its own four words only (``generate_state`` gives the
    same words whatever the number asked for, so they are the block's first),
    which keeps a one-chunk call from drawing 64 seeds it does not use."""
    *head, last = key
    block, pos = divmod(int(last), _SEED_BLOCK)
    entropy = root.entropy if isinstance(root.entropy, int) else tuple(np.ravel(root.entropy).tolist())
    spawn_key = tuple(root.spawn_key) + tuple(int(k) for k in head) + (block,)
    words = _seed_block(entropy, spawn_key, 1 if pos == 0 else _SEED_BLOCK)
    return words[pos].copy()


def _first_seed(root: Any) -> np.ndarray:
    """``_chunk_seed(root, 0)``, looked up once per integer seed; read-only
    whatever the seed (kept for an integer one)."""
    if isinstance(root, _IntRoot):
        return _int_first_seed(root.entropy)
    out = _chunk_seed(root, 0)
    out.setflags(write=False)
    return out


@functools.lru_cache(maxsize=128)
def _int_first_seed(entropy: int) -> np.ndarray:
    return _seed_block(entropy, (0,), 1)[0]


@functools.lru_cache(maxsize=128)
def _seed_block(entropy: Any, spawn_key: tuple, rows: int) -> np.ndarray:
    """Seed words of ``rows`` chunks, kept, so read-only (callers copy a row
    they hand on)."""
    ss = np.random.SeedSequence(entropy, spawn_key=spawn_key)
    out = ss.generate_state(4 * rows, dtype=np.uint64).reshape(rows, 4)
    out.setflags(write=False)
    return out


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
    if type(dof) is int or np.isscalar(dof):
        return _t_quantile(float(confidence), float(dof))
    p = 0.5 + confidence / 2
    dof = np.asarray(dof, dtype=np.float64)
    out = np.where(np.isfinite(dof), _sp.stdtrit(np.where(np.isfinite(dof), dof, 1.0), p), _sp.ndtri(p))
    return out if out.ndim else float(out)


@functools.lru_cache(maxsize=1024)
def _t_quantile(confidence: float, dof: float) -> float:
    """The two-sided Student t quantile of one level and degrees of freedom
    (the normal quantile for infinite ones), computed once per pair."""
    p = 0.5 + confidence / 2
    return float(_sp.stdtrit(dof, p)) if math.isfinite(dof) else float(_sp.ndtri(p))


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


# the estimators
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


def _merge_arrays(acc, cnt, mean, m2):
    """Elementwise Chan merge of (count, mean, M2) arrays; empty cells allowed."""
    c0, mu0, s0 = acc
    tot = c0 + cnt
    safe = np.maximum(tot, 1)
    d = mean - mu0
    new_mean = np.where(cnt > 0, mu0 + d * (cnt / safe), mu0)
    new_m2 = np.where(cnt > 0, s0 + m2 + d * d * (c0 * cnt / safe), s0)
    return tot, new_mean, new_m2


def _warn_no_value(what: str, drawn: str, hint: str, stacklevel: int) -> None:
    """The warning of a run that saw no value (see ``_settings._blind``):
    its standard errors are reported as infinite."""
    warnings.warn(
        f"{what} saw no value in {drawn}: every sampled marginal contribution was 0, so the sample "
        "cannot tell a game worth nothing from one whose value lies in coalitions it missed. The "
        f"standard errors are reported as infinite; {hint}",
        ConvergenceWarning,
        stacklevel=stacklevel + 1,
    )
