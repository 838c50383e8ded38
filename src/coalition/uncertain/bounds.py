"""Each partner's lowest and highest share over every completion of a game known only within bounds."""

from __future__ import annotations

from collections.abc import Mapping
from math import comb
from typing import Any

import numpy as np

from .._numbers import _show
from ..errors import (
    CoalitionError,
    GameTooLargeError,
    InvalidGameError,
    InvalidParameterError,
)
from ..game import Game, IntervalGame
from ..game._masks import _popcounts
from ..game.interval import _interval
from ..game.scenarios import check_seed
from ..results.bounds import ShareBounds
from ._completion import Polytope
from ._linear import _resolve, _Rule

__all__ = ["ASSUMPTIONS", "share_bounds"]

#: What every completion may be asked to satisfy.
ASSUMPTIONS = ("none", "monotone", "superadditive")
#: Completions attaining the bounds are kept up to this many partners.
COMPLETIONS_MAX_N = 12
#: Linear programmes over the completions: up to this many partners.
LP_MAX_N = 14
_BLOCK = 1 << 16


def share_bounds(game: Any, rule: Any = "shapley", *, assume: str = "superadditive", bounds: Any = None,
                 weights: Any = None, n_samples: int = 200, seed: Any = 0) -> ShareBounds:
    r"""The lowest and highest share of each partner over every completion of
    a game whose worths are known only within bounds.

    A *completion* gives every coalition a worth inside its interval (an
    unknown worth may take any value) and satisfies `assume`. For a rule
    that is linear in the worths (Shapley, raw Banzhaf, weighted Shapley,
    equal split, equal surplus, ENSC, solidarity, least-square
    prenucleolus) each bound is exact: with ``assume="none"`` every free
    worth goes to the end of its interval that the sign of its coefficient
    favours (no optimisation); otherwise each bound is one linear programme
    over the free worths, the superadditivity rows added as they are
    violated. For any other rule the completions are sampled and the range
    found is reported with ``sampled=True``: an inner estimate, not a bound.

    Parameters
    ----------
    game : IntervalGame or Game
        The worths as intervals (see :class:`coalition.IntervalGame`); a
        :class:`~coalition.Game` (profits) counts as exactly known.
    rule : str or callable, default "shapley"
        A rule name of the registry (as in :func:`coalition.compare`),
        ``"banzhaf"`` (the raw Banzhaf value), ``"weighted_shapley"`` (with
        `weights`), or a function of a game (sampled).
    assume : {"superadditive", "monotone", "none"}, default "superadditive"
        What every completion satisfies besides its intervals:
        ``v(S) + v(T) <= v(S + T)`` for disjoint S, T; ``v(S) <= v(T)`` for
        S in T; or nothing.
    bounds : mapping, optional
        Extra per-coalition bounds ``{coalition: (low, high)}`` (an end may
        be None), intersected with the game's intervals.
    weights : array_like, optional
        The players' weights for ``rule="weighted_shapley"``.
    n_samples : int, default 200
        Completions sampled for a rule that is not linear.
    seed : int or numpy.random.Generator, default 0
        The randomness of sampling.

    Returns
    -------
    ShareBounds
        `low`, `high` per partner (NaN on a side that is unbounded, listed
        with its reason in `unbounded`), the completions attaining them
        (`low_at`, `high_at`, up to 12 partners), `method` and `sampled`.

    Raises
    ------
    InvalidGameError
        If `game` is not an interval game or a profit game; if `bounds`
        names an unknown player or gives an interval with low > high or one
        that misses the game's interval; if sampling meets unbounded worths.
    InvalidParameterError
        On an unknown `rule` or `assume`, `weights` without
        ``rule="weighted_shapley"`` (or the reverse), a bad `n_samples`, or
        (when sampling) a bad `seed`.
    InfeasibleError
        If no completion satisfies the assumption (the message names the
        known worths that break it).
    GameTooLargeError
        Beyond 14 partners for ``assume="monotone"``/``"superadditive"``.

    References
    ----------
    Masuya, S. and Inuiguchi, M. (2016). A fundamental study for partially
    defined cooperative games. Fuzzy Optimization and Decision Making 15,
    281-306 (bounds of the Shapley value over the completions).
    Dantzig, G., Fulkerson, R. and Johnson, S. (1954). Solution of a
    large-scale traveling-salesman problem. Operations Research 2, 393-410
    (adding violated rows as they are found).

    Examples
    --------
    Standalone worths and the grand coalition are known; the pairs are not.

    >>> import coalition as co
    >>> g = co.IntervalGame.from_dict({"A": 1, "B": 2, "C": 3, "A+B+C": 12})
    >>> b = co.share_bounds(g, assume="superadditive")
    >>> b["A"]
    (1.0, 5.0)
    >>> co.share_bounds(g, assume="none")["A"]  # the pairs may be anything
    (None, None)
    """
    game, rule_, assume, n_samples = _check(game, rule, assume, bounds, weights, n_samples)
    players = game.players
    lo, hi = np.array(game.lower), np.array(game.upper)
    if rule_.linear:
        if assume == "none":
            return _closed_form(game, rule_, lo, hi)
        return _linear_programmes(game, rule_, Polytope(lo, hi, players, assume))
    return _sampled(game, rule_, lo, hi, assume, n_samples, check_seed(seed))


def _check(game: Any, rule: Any, assume: Any, bounds: Any, weights: Any, n_samples: Any):
    if isinstance(game, Game):
        game = IntervalGame.from_game(game)
    if not isinstance(game, IntervalGame):
        raise InvalidGameError(f"`game` must be a coalition.IntervalGame or Game, got {type(game).__name__}")
    if not isinstance(assume, str) or assume not in ASSUMPTIONS:
        raise InvalidParameterError(f"`assume` must be 'superadditive', 'monotone' or 'none', got {_show(assume)}")
    rule_ = _resolve(rule, weights, game.n)
    if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)) or n_samples < 2:
        raise InvalidParameterError(f"`n_samples` must be an integer of at least 2, got {_show(n_samples)}")
    if assume != "none" and game.n > LP_MAX_N:
        raise GameTooLargeError(
            f"`assume={assume!r}` solves linear programmes over up to 2**n worths, allowed up to {LP_MAX_N} "
            f"partners (the game has {game.n}); use assume='none' with per-coalition `bounds`"
        )
    if bounds is not None:
        game = _narrow(game, bounds)
    return game, rule_, assume, int(n_samples)


def _narrow(game: IntervalGame, bounds: Any) -> IntervalGame:
    if not isinstance(bounds, Mapping):
        raise InvalidGameError(f"`bounds` must be a mapping {{coalition: (low, high)}}, got {type(bounds).__name__}")
    lo, hi = np.array(game.lower), np.array(game.upper)
    for key, value in bounds.items():
        try:
            m = game.mask(key)
        except InvalidGameError as exc:
            raise InvalidGameError(str(exc).replace("`coalition`", f"`bounds` key {_show(key)}", 1)) from None
        a, b = _interval(value, f"bounds[{_show(key)}]")
        new_lo, new_hi = max(lo[m], a), min(hi[m], b)
        if new_lo > new_hi:
            raise InvalidGameError(
                f"`bounds[{_show(key)}]` = [{a:g}, {b:g}] misses the game's interval [{lo[m]:g}, {hi[m]:g}] "
                f"of {Game._name(m, game.players)}"
            )
        lo[m], hi[m] = new_lo, new_hi
    return IntervalGame(lo, hi, game.players)


def _names(masks: Any, players: tuple[str, ...], limit: int = 3) -> str:
    masks = [int(m) for m in masks]
    shown = ", ".join(Game._name(m, players) for m in masks[:limit])
    return shown + (f" and {len(masks) - limit} more" if len(masks) > limit else "")


def _closed_form(game: IntervalGame, rule: _Rule, lo: np.ndarray, hi: np.ndarray) -> ShareBounds:
    n, players = game.n, game.players
    if rule.closed in ("Shapley", "Banzhaf") and n > COMPLETIONS_MAX_N:
        return _member_sums(game, rule, lo, hi)
    free = np.flatnonzero(lo < hi)
    base = np.where(lo == hi, lo, 0.0)
    const = rule.shares(base, players)
    low, high = const.copy(), const.copy()
    keep = n <= COMPLETIONS_MAX_N
    low_at = np.tile(base, (n, 1)) if keep else None
    high_at = np.tile(base, (n, 1)) if keep else None
    off: dict[tuple[int, int], list[int]] = {}
    for start in range(0, free.size, _BLOCK):
        masks = free[start:start + _BLOCK]
        c = rule.coefficients(masks, n, players)
        c[np.abs(c) <= 1e-12 * max(1.0, float(np.max(np.abs(c), initial=0.0)))] = 0.0
        a, b = lo[masks], hi[masks]
        for i in range(n):
            ci = c[i]
            for side, (pos_end, neg_end), acc in ((0, (a, b), low), (1, (b, a), high)):
                pick = np.where(ci > 0, pos_end, np.where(ci < 0, neg_end, 0.0))
                runaway = (ci != 0) & ~np.isfinite(pick)
                if runaway.any():
                    off.setdefault((i, side), []).extend(masks[runaway][:3].tolist())
                acc[i] += float(np.dot(ci[~runaway], pick[~runaway]))
                if keep:
                    zero = ci == 0  # any value of the interval attains the bound: its finite end, or 0
                    pick = np.where(zero, np.clip(0.0, a, b), pick)
                    (low_at if side == 0 else high_at)[i, masks] = pick
    unbounded = []
    for (i, side), masks in sorted(off.items()):
        which = "low" if side == 0 else "high"
        (low if side == 0 else high)[i] = np.nan
        if keep:
            (low_at if side == 0 else high_at)[i] = np.nan
        unbounded.append((players[i], which, _reason(masks, players)))
    return ShareBounds(players, low, high, rule.label, "none", "closed form", unbounded=tuple(unbounded),
                       low_at=low_at, high_at=high_at, notes=_kept_note(n))


def _member_sums(game: IntervalGame, rule: _Rule, lo: np.ndarray, hi: np.ndarray) -> ShareBounds:
    """Shapley and Banzhaf without a coefficient matrix: the coefficient of v(S) is
    ``inside[|S|] > 0`` for a member and ``outside[|S|] < 0`` for a non-member, so
    the low share of i is ``sum over S holding i of inside * low(S)`` plus
    ``sum over S without i of outside * high(S)``: sums over the masks with bit i
    set or clear, one reshape each."""
    n, players = game.n, game.players
    inside, outside = _size_coefficients(rule.closed, n)
    size = _popcounts(n)
    free = lo < hi
    free[0] = False
    base = np.where(free, 0.0, lo)
    const = rule.shares(base, players)
    low, high = const.copy(), const.copy()
    unbounded = []
    for end, coef, acc_sign in ((lo, inside, "low"), (hi, outside, "low"), (hi, inside, "high"), (lo, outside, "high")):
        finite = free & np.isfinite(end)
        weighted = np.where(finite, coef[size] * np.where(finite, end, 0.0), 0.0)
        runaway = free & ~np.isfinite(end)
        member = coef is inside
        for i in range(n):
            part = weighted.reshape(-1, 2, 1 << i)[:, 1 if member else 0, :]
            acc = low if acc_sign == "low" else high
            acc[i] += float(part.sum())
            bad = runaway.reshape(-1, 2, 1 << i)[:, 1 if member else 0, :]
            if bad.any() and not np.isnan(acc[i]):
                masks = np.flatnonzero(runaway & (((np.arange(1 << n) >> i) & 1) == (1 if member else 0)))
                acc[i] = np.nan
                unbounded.append((players[i], acc_sign, _reason(masks, players)))
    unbounded.sort(key=lambda u: (players.index(u[0]), u[1] == "high"))
    return ShareBounds(players, low, high, rule.label, "none", "closed form", unbounded=tuple(unbounded),
                       notes=_kept_note(n))


def _size_coefficients(closed: str, n: int) -> tuple[np.ndarray, np.ndarray]:
    if closed == "Banzhaf":
        a = np.full(n + 1, 0.5 ** (n - 1))
        return a, -a
    inside = np.array([1.0 / (n * comb(n - 1, k - 1)) if k >= 1 else 0.0 for k in range(n + 1)])
    outside = np.array([-1.0 / (n * comb(n - 1, k)) if k < n else 0.0 for k in range(n + 1)])
    return inside, outside


def _reason(masks: Any, players: tuple[str, ...]) -> str:
    if len(masks) == 1:
        return f"the share follows the worth of {_names(masks, players)}, which has no limit on that side"
    return f"the share follows the worths of {_names(masks, players)}, which have no limit on that side"


def _kept_note(n: int) -> tuple[str, ...]:
    note = f"The completions attaining the bounds are not kept beyond {COMPLETIONS_MAX_N} partners."
    return () if n <= COMPLETIONS_MAX_N else (note,)


def _linear_programmes(game: IntervalGame, rule: _Rule, poly: Polytope) -> ShareBounds:
    n, players = game.n, game.players
    const = rule.shares(poly.base, players)
    c = rule.coefficients(poly.free, n, players) if poly.free.size else np.zeros((n, 0))
    low, high = const.copy(), const.copy()
    keep = n <= COMPLETIONS_MAX_N
    low_at = np.full((n, 1 << n), np.nan) if keep else None
    high_at = np.full((n, 1 << n), np.nan) if keep else None
    unbounded = []
    for i in range(n):
        for side, sign in ((0, 1.0), (1, -1.0)):
            acc, at = (low, low_at) if side == 0 else (high, high_at)
            if poly.free.size == 0:
                if keep:
                    at[i] = poly.base
                continue
            x, val, runaway = poly.solve(sign * c[i])
            if x is None:
                acc[i] = np.nan
                why = (f"under assume={poly.assume!r} the worths of {_names(runaway, players)} "
                       "can grow without limit and the share follows them")
                unbounded.append((players[i], "low" if side == 0 else "high", why))
                continue
            acc[i] += sign * val
            if keep:
                at[i] = poly.table(x)
    return ShareBounds(players, low, high, rule.label, poly.assume, "LP", unbounded=tuple(unbounded),
                       low_at=low_at, high_at=high_at, notes=_kept_note(n))


def _sampled(game: IntervalGame, rule: _Rule, lo: np.ndarray, hi: np.ndarray, assume: str, n_samples: int,
             rng: np.random.Generator) -> ShareBounds:
    n, players = game.n, game.players
    poly = Polytope(lo, hi, players, assume)
    k = poly.free.size
    if assume == "none":
        a, b = lo[poly.free], hi[poly.free]
        if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
            bad = poly.free[~(np.isfinite(a) & np.isfinite(b))]
            raise InvalidGameError(
                f"`game` leaves the worth of {_names(bad, players)} unbounded and rule {rule.label} is not "
                "linear: sampling needs every worth bounded; give `bounds` or another `assume`"
            )
        corners = rng.random((n_samples // 2, k)) < 0.5
        inside = rng.random((n_samples - n_samples // 2, k))
        xs = np.vstack([np.where(corners, b, a), a + inside * (b - a)])
    else:
        vertices = []
        for _ in range(max(2, min(n_samples // 4, 50))) if k else ():
            x, _, runaway = poly.solve(rng.standard_normal(k))
            if x is None:
                raise InvalidGameError(
                    f"under assume={assume!r} the worths of {_names(runaway, players)} can grow without limit "
                    f"and rule {rule.label} is not linear: sampling needs bounded completions; give `bounds`"
                )
            vertices.append(x)
        vert = np.array(vertices).reshape(-1, k)
        mix = rng.dirichlet(np.full(max(len(vert), 1), 0.5), size=max(n_samples - len(vert), 0))
        xs = np.vstack([vert, mix @ vert]) if len(vert) else np.zeros((1, 0))
    shares, tables, failed = [], [], 0
    for x in xs:
        table = poly.table(x)
        try:
            shares.append(rule.shares(table, players))
        except CoalitionError:
            failed += 1
            continue
        tables.append(table)
    if not shares:
        raise InvalidGameError(f"rule {rule.label} applies to none of the {len(xs)} sampled completions")
    s = np.array(shares)
    lo_i, hi_i = np.argmin(s, axis=0), np.argmax(s, axis=0)
    keep = n <= COMPLETIONS_MAX_N
    notes = [f"Rule {rule.label} did not apply to {failed} of the completions."] if failed else []
    return ShareBounds(players, s[lo_i, np.arange(n)], s[hi_i, np.arange(n)], rule.label, assume, "sampled",
                       sampled=True, n_samples=len(shares),
                       low_at=np.array([tables[j] for j in lo_i]) if keep else None,
                       high_at=np.array([tables[j] for j in hi_i]) if keep else None,
                       notes=tuple(notes) + _kept_note(n))
