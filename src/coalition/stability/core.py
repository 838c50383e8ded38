"""Excesses and the core (Gillies 1959): is a split stable, and who would walk.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import _excess as _kx
from ..errors import (
    InvalidParameterError,
)
from ..game import Game
from ..results import (
    BlockingCoalition,
    CoreReport,
)
from ._common import (
    _abs_tol,
    _check_game,
    _check_tol,
    _names,
    _table,
    _worth_allocation,
)

__all__ = ['excess', 'core_report', 'in_core']


# excess and core membership
def excess(game: Game, x: Any) -> np.ndarray:
    r"""The excess ``v(S) - x(S)`` of every coalition: what it would gain by
    leaving.

    Parameters
    ----------
    game : Game
    x : array_like or dict
        One share per player (cost shares for a cost game).

    Returns
    -------
    numpy.ndarray
        ``2**n`` excesses in bitmask order (entry ``k`` is the coalition whose
        bitmask is ``k``; entry 0 is the empty coalition, with excess 0). For a
        cost game, ``y(S) - c(S)``: how much less ``S`` would pay alone.

    Raises
    ------
    InvalidGameError
        If `game` is not a :class:`~coalition.Game`.
    InvalidAllocationError
        If `x` has the wrong length or a non-finite share.

    References
    ----------
    Schmeidler, D. (1969). The nucleolus of a characteristic function game.
    SIAM Journal on Applied Mathematics 17(6), 1163-1170.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game([0, 1, 2, 6], players=["A", "B"])
    >>> co.excess(g, [3, 3])
    array([ 0., -2., -1.,  0.])
    """
    game = _check_game(game)
    xw = _worth_allocation(game, x)
    return _kx.excess_table(game.worths, xw)


def _rounding(game: Game) -> float:
    """The rounding of shares given in the game's own units (costs for a
    cost game), which the tolerance on the zero-normalized game misses
    when that game is all zeros (an additive cost game)."""
    scale = float(np.abs(np.asarray(game.standalone, dtype=np.float64)).sum()) + abs(float(game.grand_value))
    return 8 * np.finfo(float).eps * scale


def core_report(game: Game, x: Any, *, tol: float = 1e-9, max_blocking: int = 20) -> CoreReport:
    """Is a split in the core, and if not, which coalitions would walk away.

    Parameters
    ----------
    game : Game
    x : array_like or dict
        One share per player (cost shares for a cost game).
    tol : float, default 1e-9
        Tolerance relative to the scale of the game (see the module notes): a
        coalition blocks when its excess exceeds it, and ``x`` is efficient
        when its total is within it of ``v(N)``.
    max_blocking : int, default 20
        How many blocking coalitions to list (the worst); `n_blocking` counts
        them all.

    Returns
    -------
    CoreReport
        ``in_core``, ``efficient``, ``max_excess`` and ``blocking``: the
        coalitions with positive excess, worst first, with what each would
        gain by leaving (for a cost game: how much less it would pay alone).

    Raises
    ------
    InvalidAllocationError
        If `x` has the wrong length or a non-finite share.
    InvalidParameterError
        If `tol` or `max_blocking` is out of range.

    References
    ----------
    Gillies, D. B. (1959). Solutions to general non-zero-sum games. In
    Contributions to the Theory of Games IV, 47-85. Princeton University Press.

    Examples
    --------
    Three partners; any two of them can make 6, all three 9. An even split is
    stable; giving A five is not: B and C would leave and make 6 instead of 4.

    >>> import coalition as co
    >>> g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 6, "A+C": 6,
    ...                        "B+C": 6, "A+B+C": 9})
    >>> co.core_report(g, [3, 3, 3]).in_core
    True
    >>> co.core_report(g, [5, 2, 2])
    CoreReport(NOT in the core; max excess 2)
      B+C would gain 2 by leaving
    """
    game = _check_game(game)
    rel = _check_tol(tol)
    if isinstance(max_blocking, bool) or not isinstance(max_blocking, (int, np.integer)) or max_blocking < 0:
        raise InvalidParameterError(f"`max_blocking` must be a non-negative integer, got {max_blocking!r}")
    given = game._check_allocation(x)
    xw = game._to_worth_units(given)
    table = _table(game)
    atol = _abs_tol(table, rel) + _rounding(game)
    # one pass over the table, keeping only the worst coalitions that block
    max_ex, n_blocking, masks, excesses = _kx.blocking(game.worths, xw, atol, int(max_blocking))
    blocking = tuple(BlockingCoalition(_names(game, int(m)), float(e)) for m, e in zip(masks, excesses))
    total = float(given.sum())
    efficient = abs(float(xw.sum()) - float(game.worths[-1])) <= atol
    return CoreReport(
        players=game.players, x=given, kind=game.kind,
        in_core=bool(efficient and n_blocking == 0), efficient=bool(efficient),
        total=total, grand_value=game.grand_value, max_excess=max_ex,
        blocking=blocking, n_blocking=n_blocking, tol=atol,
    )


def in_core(game: Game, x: Any, *, tol: float = 1e-9) -> bool:
    """Whether a split is in the core (efficient, and no coalition would
    gain by leaving).

    Parameters
    ----------
    game : Game
    x : array_like or dict
        One share per player (cost shares for a cost game).
    tol : float, default 1e-9
        Tolerance relative to the scale of the game.

    Returns
    -------
    bool

    Raises
    ------
    InvalidAllocationError
        If `x` has the wrong length or a non-finite share.

    References
    ----------
    Gillies, D. B. (1959). Solutions to general non-zero-sum games. In
    Contributions to the Theory of Games IV, 47-85. Princeton University Press.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game([0, 1, 2, 6], players=["A", "B"])
    >>> co.in_core(g, [3, 3]), co.in_core(g, [0.5, 5.5]), co.in_core(g, [3, 2])
    (True, False, False)
    """
    game = _check_game(game)
    rel = _check_tol(tol)
    xw = _worth_allocation(game, x)
    table = _table(game)
    atol = _abs_tol(table, rel) + _rounding(game)
    if abs(float(xw.sum()) - float(game.worths[-1])) > atol:
        return False
    if game.n == 1:
        return True
    return bool(_kx.max_proper_excess(game.worths, xw) <= atol)
