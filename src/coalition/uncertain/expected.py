"""Each partner's expected share when the unknown worths are drawn uniformly from every completion."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.sparse import csr_matrix

from ..errors import CoalitionError, GameTooLargeError, InvalidGameError
from ..game import IntervalGame
from ..game.scenarios import check_seed
from ..results import Estimate
from ..sampling._polytope import (
    N_BATCHES,
    batch_interval,
    check_walk,
    uniform_mean,
    uniform_points,
    warn_unmixed,
)
from ._completion import Polytope
from ._linear import _Rule
from .bounds import _check, _names

__all__ = ["expected_shares"]

#: Superadditivity holds about 3**n / 2 rows, all kept for the walk: up to this many partners.
WALK_MAX_N = 10
#: Sweeps of the walk between two completions a rule that is not linear is solved on.
_THIN = 5


def expected_shares(game: Any, rule: Any = "shapley", *, assume: str = "superadditive", bounds: Any = None,
                    weights: Any = None, n_samples: int = 10_000, seed: Any = 0,
                    confidence: float = 0.95) -> Estimate:
    r"""Each partner's expected share when every completion of the game is equally likely.

    The unknown worths are drawn from the uniform distribution on the set of
    completions: the games that agree with every known worth, lie inside
    every range, and satisfy `assume`. For a rule that is linear in the
    worths the expected share is the rule's share of the mean completion
    (the centre of gravity of that set), so one game summarises what is
    known; with Shapley it is the expected Shapley value of the partially
    defined game under the uniform-completion model. Any other rule (the
    nucleolus, the tau-value...) is solved on completions drawn from the
    same law and averaged.

    Parameters
    ----------
    game : IntervalGame or Game
        Known worths (``lo == hi``), ranges, and unknown worths
        (``(-inf, inf)``). A :class:`~coalition.Game` is fully known.
    rule : str or callable, default "shapley"
        A rule of the registry by name, ``"banzhaf"`` (raw),
        ``"weighted_shapley"`` (with `weights`), or a function of a Game.
        The rules linear in the worths (``"shapley"``, ``"banzhaf"``,
        ``"weighted_shapley"``, ``"equal_split"``, ``"equal_surplus"``,
        ``"ensc"``, ``"solidarity"``, ``"least_square_prenucleolus"``) need
        only the mean completion; any other is solved on each of
        `n_samples` completions.
    assume : {"superadditive", "monotone", "none"}, default "superadditive"
        What every completion satisfies, as in :func:`share_bounds`.
    bounds : mapping, optional
        ``{coalition: (low, high)}``: ranges that narrow the game's own.
    weights : array_like, optional
        The weights of ``rule="weighted_shapley"``.
    n_samples : int, default 10,000
        For a linear rule, sweeps of the walk over the completions that are
        kept (a sweep moves once per unknown worth on average); for any
        other rule, completions the rule is solved on (drawn independently
        from the box with ``assume="none"``, else one every 5 sweeps of the
        walk). At least 500: the standard error comes from 25 batches, and
        shorter batches of a walk are correlated enough to make it too
        small. Not used when the answer is exact.
    seed : None, int or numpy.random.Generator, default 0
        The randomness of the walk.
    confidence : float, default 0.95
        Level of the confidence intervals, in (0, 1).

    Returns
    -------
    Estimate
        The expected shares in ``game.players`` order, rule
        ``"expected <rule>"``, with ``stderr`` and ``ci``. Exact, with zero
        standard errors and ``method`` saying so, when every worth is known,
        or when ``assume="none"`` (the completions are a box and their
        centre is the midpoint of every range) with a linear rule. Otherwise
        ``method`` says how the completions were drawn, the standard errors
        come from 25 batch means, and ``converged`` is False (with a
        :class:`~coalition.ConvergenceWarning`) when those batch means are
        visibly correlated.

    Raises
    ------
    InvalidGameError
        If `game` is neither an IntervalGame nor a Game, a key of `bounds`
        is not a coalition of it or misses its range, or the completions
        are unbounded (a worth with no limit under `assume`: the uniform
        law does not exist; give `bounds`), or the rule fails on a
        completion (its expected share is then not defined).
    InvalidParameterError
        If `rule` is not a rule, `assume`,
        `n_samples`, `seed` or `confidence` is not valid, or `weights` go
        with another rule.
    InfeasibleError
        If no completion satisfies `assume`.
    GameTooLargeError
        If a walk would be needed on more than 10 partners
        (superadditivity has about ``3**n / 2`` constraints).
    SolverError
        If the linear programme for a starting point fails.

    See Also
    --------
    share_bounds : the lowest and highest share over the same completions.
    share_distribution : shares when the worths follow given scenarios.

    Notes
    -----
    The completions under ``"monotone"`` or ``"superadditive"`` form a
    polytope in the unknown worths (bounded when the grand coalition's worth
    and the standalone worths are known or bounded). Its centre of gravity
    is estimated by coordinate hit-and-run (Smith 1984): each step picks an
    unknown worth, finds how far it may move with the others held (the
    chord through the polytope), and draws a uniform point of that chord.
    The walk runs within the polytope's own flat when the assumption pins
    some combination of worths. Linearity carries the mean of the worths to
    the mean of the shares exactly, so the only error is the walk's, which
    the standard error reports. The uniform law is one choice among many:
    it treats every completion consistent with what is known as equally
    plausible, the maximum-entropy reading of "unknown within these
    limits".

    References
    ----------
    Masuya, S. and Inuiguchi, M. (2016). A fundamental study for partially
    defined cooperative games. Fuzzy Optimization and Decision Making 15,
    281-306 (partially defined games and the Shapley values of their
    superadditive completions).

    Černý, M. (2025). A new value for cooperative games on
    intersection-closed systems. arXiv:2501.05169 (values of incomplete
    games read as expected Shapley values over their extensions).

    Smith, R. L. (1984). Efficient Monte Carlo procedures for generating
    points uniformly distributed over bounded regions. Operations Research
    32(6), 1296-1308.

    Examples
    --------
    Standalone worths and the grand coalition are known. Every superadditive
    completion is equally likely; by symmetry of what is unknown, each
    partner expects its standalone worth and an equal part of the surplus.

    >>> import coalition as co
    >>> g = co.IntervalGame.from_dict({"A": 1, "B": 2, "C": 3, "A+B+C": 12})
    >>> est = co.expected_shares(g, n_samples=4_000, seed=1)
    >>> [bool(abs(est[p] - x) < 4 * se) for p, x, se in zip("ABC", (3, 4, 5), est.stderr)]
    [True, True, True]

    The nucleolus is not linear in the worths: it is solved on completions
    drawn from the same law.

    >>> nu = co.expected_shares(g, "nucleolus", n_samples=500, seed=1)
    >>> nu.method, round(float(nu.x.sum()), 6)
    ('coordinate hit-and-run, a completion every 5 sweeps', 12.0)

    With ranges and no assumption the answer is exact: the midpoints.

    >>> r = co.IntervalGame.from_dict({"A": 0, "B": 0, "A+B": (4, 8)})
    >>> co.expected_shares(r, assume="none").as_dict()
    {'A': 3.0, 'B': 3.0}
    """
    game, rule_, assume, _ = _check(game, rule, assume, bounds, weights, 2)
    sweeps, conf = check_walk(n_samples, confidence)
    rng = check_seed(seed)
    n, players = game.n, game.players
    lo, hi = np.array(game.lower), np.array(game.upper)
    poly = Polytope(lo, hi, players, assume)
    free = poly.free
    label = f"expected {rule_.label}"
    if free.size == 0:
        return _exact(game, rule_.shares(poly.base, players), label, "exact: every worth is known", conf)
    a, b = poly.lo[free], poly.hi[free]
    open_ = ~(np.isfinite(a) & np.isfinite(b))
    if open_.any():
        raise InvalidGameError(
            f"under assume={assume!r} the worths of {_names(free[open_], players)} have no limit, so the "
            "completions are unbounded and no uniform distribution exists; give `bounds`"
        )
    if not rule_.linear:
        return _sampled(game, rule_, poly, sweeps, rng, conf, label)
    const = rule_.shares(poly.base, players)
    c = rule_.coefficients(free, n, players)
    if assume == "none":
        return _exact(game, const + c @ ((a + b) / 2), label, "exact: the midpoint of every range", conf)
    if n > WALK_MAX_N:
        raise GameTooLargeError(
            f"`game` has {n} partners; the walk over superadditive or monotone completions keeps their "
            f"constraints (about 3**n / 2) and takes at most {WALK_MAX_N}; assume='none' is exact at any size"
        )
    rows, rhs = _rows(poly)
    walk = uniform_mean(rows, rhs, a, b, sweeps=sweeps, rng=rng, what=f"the {assume} completions of `game`")
    x, stderr, ci, mixed = walk.linear(c, const, conf)
    warn_unmixed(mixed, "expected_shares", walk.sweeps)
    return Estimate(players, x, label, "profit", stderr=stderr, ci=ci, confidence=conf,
                    n_evaluations=walk.sweeps * walk.dim, n_permutations=walk.sweeps, converged=mixed,
                    method="coordinate hit-and-run" if walk.dim else "exact: the completion is unique")


def _sampled(game: IntervalGame, rule: _Rule, poly: Polytope, count: int, rng: np.random.Generator,
             conf: float, label: str) -> Estimate:
    """A rule that is not linear: its mean over `count` completions, drawn
    independently from the box (``assume="none"``) or one every
    ``_THIN`` sweeps of the walk, with batch-means errors."""
    n, players, free = game.n, game.players, poly.free
    a, b = poly.lo[free], poly.hi[free]
    if poly.assume == "none":
        points = a + rng.random((count, free.size)) * (b - a)
        method = "independent completions"
    else:
        if n > WALK_MAX_N:
            raise GameTooLargeError(
                f"`game` has {n} partners; the walk over {poly.assume} completions takes at most {WALK_MAX_N}"
            )
        rows, rhs = _rows(poly)
        points = uniform_points(rows, rhs, a, b, n_points=count, thin=_THIN, rng=rng,
                                what=f"the {poly.assume} completions of `game`")
        method = f"coordinate hit-and-run, a completion every {_THIN} sweeps"
    shares = np.empty((count, n))
    for k, x in enumerate(points):
        try:
            shares[k] = rule.shares(poly.table(x), players)
        except CoalitionError as exc:
            raise InvalidGameError(
                f"rule {rule.label} does not apply to every completion, so its expected share is not defined "
                f"({type(exc).__name__}: {exc})"
            ) from None
    per = count // N_BATCHES
    x, stderr, ci, mixed = batch_interval(shares[: per * N_BATCHES].reshape(N_BATCHES, per, n).mean(axis=1), conf)
    warn_unmixed(mixed, "expected_shares", count)
    return Estimate(players, x, label, "profit", stderr=stderr, ci=ci, confidence=conf,
                    n_evaluations=count, n_permutations=count, converged=mixed, method=method)


def _exact(game: IntervalGame, x: np.ndarray, label: str, method: str, conf: float) -> Estimate:
    zero = np.zeros(game.n)
    return Estimate(game.players, x, label, "profit", stderr=zero, ci=(x.copy(), x.copy()), confidence=conf,
                    converged=True, method=method)


def _rows(poly: Polytope) -> tuple[csr_matrix, np.ndarray]:
    """Every row of the assumption over the free worths, known worths moved
    right (``v(a) + v(b) - v(a + b) <= 0``; ``b = 0`` for monotonicity): the
    polytope holds the monotone rows already, and the superadditive ones
    are added here, all of them (its own programmes add them as violated)."""
    if poly.assume == "superadditive":
        full = (1 << poly.n) - 1
        for a in range(1, full + 1):
            rest = full ^ a
            b = rest
            while b > a:  # the parts above a of the rest, in decreasing order
                poly._add(a, b, a | b)
                b = (b - 1) & rest
    mat, rhs = poly._sparse(poly.rows)
    return mat, rhs * poly.scale
