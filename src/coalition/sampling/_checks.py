"""Checks of the estimator's arguments and the choice of method.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._kernels import incremental as _ki
from .._numbers import _real, _show
from ..errors import InvalidParameterError
from ._settings import (
    _KERNEL_MAX_N,
    _KERNEL_TRUSTED_PER_PLAYER,
    _MAX_BUDGET,
    _MAX_CHUNK,
    _MAX_THREADS,
    _STRATIFIED_MAX_N,
    _STRATUM_PILOT,
    METHODS,
)
from .evaluator import _Evaluator
from .kernel import _kernel_min_budget
from .svarm import _svarm_min_budget


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


def _check_options(game, budget, tol, confidence, method, threads, executor, progress, chunk_size, max_evaluations):
    """Validated arguments of :func:`estimate_shapley`, and the evaluation cap."""
    n = game.n
    if (type(budget) is int and n <= budget <= _MAX_BUDGET and tol is None and max_evaluations is None
            and type(confidence) is float and 0.0 < confidence < 1.0 and type(method) is str
            and method in METHODS and executor is None and chunk_size is None and progress is None
            and (threads is None or type(threads) is int and 1 <= threads <= _MAX_THREADS)):
        # the common small call, every check below passed at a glance: the
        # same values as the full checks return for these arguments
        return budget, None, confidence, threads, None, None, budget
    b = _check_budget(budget, n)
    if tol is not None:
        tol = _real(tol, "tol", expected="a positive number", allow_nonfinite=True)
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
    confidence = _real(confidence, "confidence", expected="in (0, 1)", allow_nonfinite=True)
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
    affordable = budget is None or budget >= _KERNEL_TRUSTED_PER_PLAYER * n or budget >= 2**n - 1
    if ev.mode != "incremental" and n <= 64 and affordable:
        # dense tables: the regression estimator had the lowest error (random
        # n = 20 game: 3.3e-5 at 10**6 evaluations, permutations 1.4e-3);
        # below 10 n evaluations its intervals can cover less than claimed
        return "kernel"
    if n <= _KERNEL_MAX_N and (budget is None or budget >= _svarm_min_budget(n)):
        # voting and airport games: stratified SVARM was 2 to 5 times more
        # accurate than permutations at 100 n evaluations, unbiased and its
        # intervals covering (benchmarks/sampling_coverage.py)
        return "svarm"
    return "permutation"


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
    if chosen in ("kernel", "svarm") and 2 <= n <= 3 and cap < (1 << n) - 1:
        raise InvalidParameterError(
            f"`{name}` must be at least {(1 << n) - 1} for method={chosen!r} on {n} players "
            f"(it evaluates every coalition of so few players), got {cap}"
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
