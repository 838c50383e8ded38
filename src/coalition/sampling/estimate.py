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
import os
import pickle
import time
import warnings
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any

import numpy as np

from ..errors import ConvergenceWarning, InvalidGameError
from ..game import Game
from ..results import Estimate
from ..values._checks import _check_game
from ._checks import _check_method_fits, _check_options, _pick_method
from .._kernels import sampling as _ks
from ._run import _first_seed, _Progress, _quantile, _root_seed, _warn_no_value
from ._settings import (
    _CHUNK_EVALS,
    _DEFAULT_CAP,
    _KERNEL_TRUSTED_PER_PLAYER,
    _MIN_CHUNK_SAMPLES,
    _PAD,
    _PICKLE_ERRORS,
    _PROGRESS_AFTER,
    _PY_DEFAULT_CAP,
    _blind,
)
from .evaluator import _Evaluator
from .kernel import _kernel
from .permutation import _permutation
from .stratified import _stratified
from .svarm import _svarm

__all__ = ['estimate_shapley']


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
        ``2 n``, a stratified sample 2, a regression pair 2, a SVARM draw 1
        (for a Python value function, a permutation ``n - 1`` and one more
        for :math:`v(N)`, which every walk shares). The regression and SVARM
        estimators evaluate every coalition of 2 or 3 players, so they need
        a budget of at least :math:`2^n - 1` there.
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
        ``"kernel"`` for dense tables and Python functions up to 64 players
        with a budget of at least 10 evaluations a player (below that its
        intervals cover less than they claim, and an explicit request is
        warned),
        ``"antithetic"`` for pairwise-synergy games (exact there),
        ``"svarm"`` for the other games up to 300 players when the budget
        allows its pilot phase, and ``"permutation"`` otherwise. The estimate
        says which ran in ``method``. The permutation, antithetic and kernel
        estimates add up to v(N) exactly; the stratified and SVARM estimates
        estimate each share on its own, so their total may differ from v(N)
        within their errors.
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
        If `tol` was given and not met before the budget or the cap; or if
        the run saw no value at all (every sampled marginal contribution 0,
        the game not enumerated): its standard errors are then infinite.

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
    claim certainty. When every draw of every player is 0, there is no range
    to take: the sample cannot tell a game worth nothing from one whose value
    lies in coalitions it missed (three partners of forty who earn only
    together), so the standard errors are infinite and a warning says so
    (with `tol`, the run goes on until it sees value or reaches its cap). A
    player whose draws are all the same non-zero amount keeps a zero
    standard error: exact for an additive player, and a sample that missed
    its rare other contributions cannot tell the difference. Intervals use
    Student's t quantiles.

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
    try:
        if tol is None and executor is None and not progress and method in _SMALL_METHODS:
            est = _small_dense(game, method, b, confidence, root, progress, chunk_size)
            if est is not None:
                return est
        ev = _Evaluator(game, chunk_size)
        if cap is None:
            cap = _DEFAULT_CAP if ev.compiled else _PY_DEFAULT_CAP
            cap = max(cap, n)
        chosen = _pick_method(method, ev, b)
        _check_method_fits(chosen, n, cap, "budget" if b is not None else "max_evaluations")
        return _estimate(game, ev, chosen, b, tol, confidence, root, threads, executor, progress, cap)
    except SystemError as exc:
        # Ctrl-C while numba's dispatcher holds the interpreter surfaces as a
        # SystemError whose chain ends in the KeyboardInterrupt: raise that
        if _interrupted(exc):
            raise KeyboardInterrupt from None
        raise


_SMALL_METHODS = ("permutation", "antithetic")


def _small_dense(game, method, budget, confidence, root, progress, chunk_size) -> Estimate | None:
    """The estimate of a permutation method on a dense table when the budget
    fits in one chunk (arguments validated, no `tol`, no executor), or None
    when the call is not of that kind.

    The same estimate, bit for bit, as the general path (one chunk, one
    round): the chunk's seed, its walks, the padded standard errors and the
    intervals come from one compiled call, and the result object takes its
    arrays over, so a small call costs little beside its walks.
    """
    n = game.n
    if n < 2 or game._table is None or game._sampler_spec() is not None:
        return None
    _check_method_fits(method, n, budget, "budget")
    antithetic = method == "antithetic"
    per = 2 * n if antithetic else n
    # the chunk of the general path (sampling.permutation._permutation)
    spc = max(1, (_CHUNK_EVALS if chunk_size is None else chunk_size) // per)
    if chunk_size is None:
        spc = max(spc, _MIN_CHUNK_SAMPLES)
    samples = budget // per
    if samples > spc:
        return None
    q = _quantile(confidence, samples - 1 if samples >= 2 else 1)
    start = time.monotonic()
    rows = _ks.dense_permutation_estimate(game._table, n, samples, _first_seed(root), antithetic, q, _PAD)
    rows.setflags(write=False)  # and so every row taken from it below
    x, se, low, high, half = rows[0], rows[1], rows[2], rows[3], rows[4]
    evals = samples * per
    if _blind(x, se):
        se, low, high, half = _unknown_error(n, evals)
    if progress is None and time.monotonic() - start > _PROGRESS_AFTER:
        # a slow first call (compiling) shows and closes its bar, as the
        # general path's rounds do
        bar = _Progress(None, budget)
        bar.start = start
        bar.round(evals, x, half)
        bar.close()
    return Estimate._owned({
        "players": game.players,
        "x": x,
        "rule": "shapley",
        "kind": game.kind,
        "stderr": se,
        "ci": (low, high),
        "confidence": confidence,
        "n_evaluations": evals,
        "n_permutations": samples * (2 if antithetic else 1),
        "converged": True,
        "method": method,
        "trace": (_evals_row(evals), rows[0:1], rows[4:5]),
    })


def _few(names: list[str]) -> str:
    """The first few names of a list, quoted."""
    shown = ", ".join(repr(p) for p in names[:5])
    return shown + (f" and {len(names) - 5} more" if len(names) > 5 else "")


def _unknown_error(n: int, evals: int):
    """``(stderr, low, high, half)`` of a run that saw neither value nor
    variation (every share 0 with a standard error of 0, the game not
    enumerated): the error is unknown, so infinite, and a warning says why."""
    _warn_no_value("estimate_shapley", f"{int(evals)} evaluations",
                   "raise the budget, or compute the value exactly (co.shapley) when the game has a table", 4)
    inf = np.full(n, np.inf)
    return inf, -inf, inf, inf


@functools.lru_cache(maxsize=64)
def _evals_row(evals: int) -> np.ndarray:
    """The trace's evaluation count of a one-round estimate, read-only and
    made once per count."""
    out = np.array([evals], dtype=np.int64)
    out.setflags(write=False)
    return out


def _interrupted(exc: BaseException) -> bool:
    """Whether a KeyboardInterrupt is in the cause/context chain of ``exc``."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _estimate(game, ev, chosen, b, tol, confidence, root, threads, executor, progress, cap) -> Estimate:
    """Run the chosen estimator (arguments validated) and wrap its result."""
    n = game.n
    if ev.mode == "dense":
        v_grand = float(ev.table[(1 << n) - 1])
    else:
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
    enumerated = chosen in ("kernel", "svarm", "stratified") and evals >= (1 << min(n, 62)) - 1
    if _blind(phi, se) and not enumerated:
        se, _, _, half = _unknown_error(n, evals)
        conv = tol is None
    elif not np.all(np.isfinite(se)):
        unknown = [p for p, e in zip(game.players, se) if not np.isfinite(e)]
        warnings.warn(
            f"the standard errors of {_few(unknown)} are infinite: the {int(evals)} evaluations could "
            "not measure them (too few draws in a stratum, or every sampled coalition worth 0). Raise the "
            "budget",
            ConvergenceWarning,
            stacklevel=3,
        )
    elif chosen == "kernel" and not enumerated and b is not None and b < _KERNEL_TRUSTED_PER_PLAYER * n:
        warnings.warn(
            f"a budget of {b} evaluations for {n} players is less than the {_KERNEL_TRUSTED_PER_PLAYER} n "
            "from which the regression estimator's intervals cover as claimed (at 5 n, 91.6% of the "
            "95% intervals of a 12-player table held the truth). Raise the budget, or use "
            "method='permutation'",
            ConvergenceWarning,
            stacklevel=3,
        )
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
