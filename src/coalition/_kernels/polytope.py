"""Uniform points of a bounded polytope by coordinate hit-and-run.

The polytope is ``{z : lo <= z <= hi, A z <= b}`` with ``A`` given by its
columns (compressed sparse columns: ``colptr``, ``rowidx``, ``vals``). Each
step picks a coordinate uniformly, finds the chord of the polytope through
the current point along it from the slacks ``b - A z`` of the rows that
hold the coordinate, and moves to a uniform point of that chord: a Markov
chain whose stationary law is the uniform distribution on the polytope
(Smith 1984; the coordinate-direction version is the Gibbs sampler of the
uniform law, Turchin 1971). Its mean is estimated by batch means.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .rng import _below, _state, _uniform


@njit(cache=True, nogil=True)
def coordinate_walk(z, b, lo, hi, colptr, rowidx, vals, burn, n_batches, per_batch, seed):
    """Run ``burn`` sweeps, then ``n_batches`` batches of ``per_batch``
    sweeps (a sweep is ``z.size`` steps), from the interior point `z`
    (changed in place). Returns ``(means, status)``: the mean of the points
    after each sweep of each batch, shape ``(n_batches, z.size)``, and 0, or
    1 when a chord was found unbounded (the polytope is not bounded)."""
    d = z.size
    m = b.size
    s = _state(seed)
    means = np.zeros((n_batches, d))
    slack = np.empty(m)
    _slacks(z, b, colptr, rowidx, vals, slack)
    for sweep in range(burn + n_batches * per_batch):
        for _ in range(d):
            j = _below(s, d)
            t_lo = lo[j] - z[j]
            t_hi = hi[j] - z[j]
            for p in range(colptr[j], colptr[j + 1]):
                a = vals[p]
                lim = slack[rowidx[p]] / a
                if a > 0.0:
                    if lim < t_hi:
                        t_hi = lim
                elif lim > t_lo:
                    t_lo = lim
            if not (np.isfinite(t_lo) and np.isfinite(t_hi)):
                return means, 1
            if t_hi <= t_lo:  # a chord shorter than the rounding of the slacks
                continue
            t = t_lo + (t_hi - t_lo) * _uniform(s)
            z[j] += t
            for p in range(colptr[j], colptr[j + 1]):
                slack[rowidx[p]] -= vals[p] * t
        k = sweep - burn
        if k >= 0:
            row = k // per_batch
            for j in range(d):
                means[row, j] += z[j]
            if (k + 1) % per_batch == 0:
                for j in range(d):
                    means[row, j] /= per_batch
                _slacks(z, b, colptr, rowidx, vals, slack)  # no drift from the running updates
    return means, 0


@njit(cache=True, nogil=True)
def _slacks(z, b, colptr, rowidx, vals, out):
    for r in range(b.size):
        out[r] = b[r]
    for j in range(z.size):
        for p in range(colptr[j], colptr[j + 1]):
            out[rowidx[p]] -= vals[p] * z[j]
