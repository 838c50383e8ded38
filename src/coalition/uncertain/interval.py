"""Solutions of interval games: the interval Shapley value and the interval core."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.optimize import linprog

from .._numbers import _real_array
from ..errors import (
    EmptyCoreError,
    InvalidAllocationError,
    InvalidGameError,
    InvalidParameterError,
    SolverError,
)
from ..game import IntervalGame
from ..results.bounds import IntervalAllocation
from ..values import shapley

__all__ = ["in_interval_core", "interval_core", "interval_shapley"]


def _check_interval_game(game: Any) -> IntervalGame:
    if not isinstance(game, IntervalGame):
        raise InvalidGameError(f"`game` must be a coalition.IntervalGame, got {type(game).__name__}")
    return game


def interval_shapley(game: IntervalGame) -> IntervalAllocation:
    r"""The interval Shapley value of a size-monotonic interval game.

    Each player's share is the average over all orders of its interval
    marginal contribution ``w(P + i) - w(P)``, where intervals subtract end
    by end (``[a, b] - [c, d] = [a - c, b - d]``, an interval when the first
    is at least as wide as the second). The game must be *size-monotonic*:
    the width ``upper - lower`` never falls when a player joins, so every
    marginal contribution is an interval. The value is then
    ``[shapley(lower game), shapley(upper game)]``.

    Parameters
    ----------
    game : IntervalGame
        Every worth bounded on both sides.

    Returns
    -------
    IntervalAllocation

    Raises
    ------
    InvalidGameError
        If `game` is not an interval game, has an unbounded worth, or is not
        size-monotonic (the message names coalitions whose width falls).

    References
    ----------
    Alparslan Gok, S. Z., Branzei, R. and Tijs, S. (2010). The interval
    Shapley value: an axiomatization. Central European Journal of Operations
    Research 18(2), 131-140.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.IntervalGame.from_dict({"A": (1, 2), "B": (1, 2), "A+B": (4, 8)})
    >>> co.interval_shapley(g)["A"]
    (2.0, 4.0)
    """
    game = _check_interval_game(game)
    low, high = game.lower_game(), game.upper_game()
    bad = game.size_monotonic_violations(5)
    if bad:
        shown = "; ".join(f"{a} is wider than {b}" for a, b in bad)
        raise InvalidGameError(
            f"`game` is not size-monotonic ({shown}): an interval marginal contribution would have its "
            "low end above its high end, and the interval Shapley value is not defined"
        )
    return IntervalAllocation(game.players, shapley(low).x, shapley(high).x, "interval Shapley")


def interval_core(game: IntervalGame) -> IntervalAllocation:
    r"""An element of the interval core: interval shares that no coalition
    blocks at either end.

    The interval core holds the interval shares ``[x_i, y_i]`` (``x <= y``)
    with ``x(N) = lower(N)``, ``y(N) = upper(N)``, and ``x(S) >= lower(S)``,
    ``y(S) >= upper(S)`` for every coalition: ``x`` is in the core of the
    lower game, ``y`` in the core of the upper game, and every share is an
    interval. One element is found by a linear programme.

    Parameters
    ----------
    game : IntervalGame
        Every worth bounded on both sides.

    Returns
    -------
    IntervalAllocation
        One element of the interval core.

    Raises
    ------
    InvalidGameError
        If `game` is not an interval game or has an unbounded worth.
    EmptyCoreError
        If the interval core is empty.

    References
    ----------
    Alparslan Gok, S. Z., Branzei, R. and Tijs, S. (2008). Cores and stable
    sets for interval-valued games. Tilburg University, CentER Discussion
    Paper 2008-17.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.IntervalGame.from_dict({"A": (1, 2), "B": (1, 2), "A+B": (4, 8)})
    >>> e = co.interval_core(g)
    >>> co.in_interval_core(g, e.lower, e.upper)
    True
    """
    game = _check_interval_game(game)
    lo, hi = game.lower_game().values, game.upper_game().values
    scale = max(float(np.max(np.abs(lo))), float(np.max(np.abs(hi)))) or 1.0
    lo, hi = lo / scale, hi / scale  # solved on worths of order 1: the solver's tolerances are absolute
    n = game.n
    masks = np.arange(1, (1 << n) - 1)
    member = ((masks[:, None] >> np.arange(n)) & 1).astype(float)
    zero = np.zeros_like(member)
    # variables (x, y); rows: -x(S) <= -lower(S), -y(S) <= -upper(S), x - y <= 0
    a_ub = np.vstack([np.hstack([-member, zero]), np.hstack([zero, -member]), np.hstack([np.eye(n), -np.eye(n)])])
    b_ub = np.concatenate([-lo[masks], -hi[masks], np.zeros(n)])
    a_eq = np.vstack([np.concatenate([np.ones(n), np.zeros(n)]), np.concatenate([np.zeros(n), np.ones(n)])])
    b_eq = np.array([lo[-1], hi[-1]])
    res = linprog(np.zeros(2 * n), A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq,
                  bounds=[(None, None)] * (2 * n), method="highs")
    if res.status == 2:
        raise EmptyCoreError("the interval core of `game` is empty: no interval shares meet every coalition's "
                             "lower and upper worth at once")
    if res.status != 0:
        raise SolverError(f"the linear programme of the interval core failed: {res.message}")
    # + 0.0: a share of -0.0 from the solver reads 0
    return IntervalAllocation(game.players, res.x[:n] * scale + 0.0, res.x[n:] * scale + 0.0, "interval core element")


def in_interval_core(game: IntervalGame, lower: Any, upper: Any, *, atol: float = 1e-9) -> bool:
    """Whether the interval shares ``[lower_i, upper_i]`` are in the interval core.

    Parameters
    ----------
    game : IntervalGame
        Every worth bounded on both sides.
    lower, upper : array_like of float
        The low and high end of each player's share.
    atol : float, default 1e-9
        Tolerance relative to the largest worth of the game in magnitude.

    Returns
    -------
    bool

    Raises
    ------
    InvalidGameError
        If `game` is not an interval game or has an unbounded worth.
    InvalidAllocationError
        If `lower` or `upper` is not one finite share per player.
    InvalidParameterError
        If `atol` is not a number in ``[0, 1)``.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.IntervalGame.from_dict({"A": (1, 2), "B": (1, 2), "A+B": (4, 8)})
    >>> co.in_interval_core(g, [2, 2], [4, 4]), co.in_interval_core(g, [0.5, 3.5], [4, 4])
    (True, False)
    """
    game = _check_interval_game(game)
    x = _real_array(lower, "lower", ndim=1, error=InvalidAllocationError)
    y = _real_array(upper, "upper", ndim=1, error=InvalidAllocationError)
    for arr, arg in ((x, "lower"), (y, "upper")):
        if arr.shape != (game.n,) or not np.all(np.isfinite(arr)):
            raise InvalidAllocationError(f"`{arg}` must be {game.n} finite shares, one per player, got {arr.tolist()}")
    lo, hi = game.lower_game().values, game.upper_game().values
    masks = np.arange(1 << game.n)
    member = ((masks[:, None] >> np.arange(game.n)) & 1).astype(float)
    sx, sy = member @ x, member @ y
    if isinstance(atol, bool) or not isinstance(atol, (int, float, np.integer, np.floating)) \
            or not 0 <= atol < 1:
        raise InvalidParameterError(f"`atol` must be a number at least 0 and below 1 (relative to the game's "
                                    f"largest worth), got {atol!r}")
    top = max(float(np.max(np.abs(hi))), float(np.max(np.abs(lo))))
    rounding = 8 * np.finfo(float).eps * max(top, float(np.max(np.abs(x))), float(np.max(np.abs(y)))) * game.n
    scale = atol * top + rounding
    return bool(np.all(x <= y + scale) and abs(sx[-1] - lo[-1]) <= scale and abs(sy[-1] - hi[-1]) <= scale
                and np.all(sx >= lo - scale) and np.all(sy >= hi - scale))
