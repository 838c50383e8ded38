"""How the sampler evaluates one game, and the chunk tasks that run on any executor.

The evaluator and the tasks are picklable: they are shipped to executors.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._kernels import incremental as _ki
from .._kernels import coalitions as _kc
from .._kernels import sampling as _ks
from ..errors import InvalidGameError
from ..game import Game
from ._settings import _CHUNK_EVALS, _PY_BATCH_BOOLS, _PY_CHUNK_EVALS


# how to evaluate one game (picklable: shipped to executors)
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
        if self.mode == "dense":
            return _kc.dense_rows(self.table, rows)
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


# tasks: module-level functions so that any executor can run them
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
    rows, which = _kc.stratified_rows(n, player, size, count, seed)
    plus = rows.copy()
    plus[np.arange(rows.shape[0]), player[which]] = True
    v_plus = ev.rows(plus)
    v_minus = np.zeros(rows.shape[0])
    nonempty = size[which] > 0
    if nonempty.any():
        v_minus[nonempty] = ev.rows(rows[nonempty])
    cnt, mean, m2, lo, hi = _kc.group_stats(v_plus - v_minus, which, count.size)
    return cnt, mean, m2, lo, hi, int(rows.shape[0] + nonempty.sum())


def _task_kernel(ev: _Evaluator, sizes, lo, hi, distinct, N, h, keys, pair_w, seed):
    rows, which = _kc.kernel_rows(ev.n, sizes, lo, hi, distinct, N, h, keys, seed)
    # b = sum of w z v(z) over the rows; A is known in closed form
    return _kc.row_sums(rows, ev.rows(rows) * pair_w[which]), rows.shape[0] // 2


def _task_rows(ev: _Evaluator, rows):
    vals = ev.rows(rows)
    return _kc.row_sums(rows, vals), rows.shape[0]


def _task_svarm(ev: _Evaluator, size, count, target, side, layer, n_layers, seed):
    rows, which = _kc.layer_rows(ev.n, size, count, target, side, seed)
    vals = ev.rows(rows)
    cnt, mean, m2, lo, hi = _kc.svarm_accumulate(rows, vals, layer[which], target[which], n_layers)
    return cnt, mean, m2, lo, hi, rows.shape[0]
