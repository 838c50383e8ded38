"""Sizes, caps and defaults of the Monte Carlo estimator.
"""

from __future__ import annotations

import math
import pickle

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


# Evaluations per player from which the regression estimator's intervals
# cover as claimed (the 12-player table dense12: 91.6% of 95% intervals at 5 n,
# 94.2% at 10 n; benchmarks/sampling_coverage.py, RESULTS.md).
_KERNEL_TRUSTED_PER_PLAYER = 10


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


def _blind(phi, se) -> bool:
    """Whether a run saw neither value nor variation: every share 0, and no
    standard error both finite and positive. The sample cannot then tell a
    game worth nothing from one whose value lies in coalitions it missed
    (three partners of forty who earn only together), so its error is
    unknown, not zero."""
    return not any(map(bool, phi)) and not any(e != 0 and math.isfinite(e) for e in se)
