"""Each partner's floor and ceiling over the core.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._numbers import _show
from ..errors import (
    InvalidParameterError,
    SolverError,
)
from ..game import Game
from ..results import (
    CoreBounds,
)
from ._common import _check_game, _check_tol, _table
from .least_core import _nonempty_core

__all__ = ['core_bounds']


def core_bounds(game: Game, *, tol: float = 1e-9, progress: Any = None) -> CoreBounds:
    """Each partner's floor and ceiling: its smallest and largest share over
    the core.

    A partner can refuse anything below its floor (some coalition would back
    it), and cannot ask for more than its ceiling without some coalition
    walking away. Two LPs per partner over the core constraints, solved by
    constraint generation beyond 8 partners (see the module notes): a
    20-partner game takes seconds.

    Parameters
    ----------
    game : Game
    tol : float, default 1e-9
        Tolerance (relative to the scale of the game) on the emptiness of the
        core; a core empty by less than this is widened to be non-empty.
    progress : callable, optional
        Called as ``progress(done, total)`` after each of the ``2 n`` LPs
        (e.g. to show progress on a large game).

    Returns
    -------
    CoreBounds
        ``lower`` and ``upper`` per partner (cost shares for a cost game: the
        least and most it can be asked to pay).

    Raises
    ------
    EmptyCoreError
        If the core is empty.
    InvalidParameterError
        If `progress` is neither None nor callable.
    SolverError
        If the LP solver fails.

    References
    ----------
    Gillies, D. B. (1959). Solutions to general non-zero-sum games. In
    Contributions to the Theory of Games IV, 47-85. Princeton University Press.

    Examples
    --------
    A glove market: one seller of left gloves, two of right gloves. The left
    glove gets everything: the core is a single point.

    >>> import coalition as co
    >>> g = co.Game.from_function(lambda s: float("L" in s and ("R1" in s or "R2" in s)),
    ...                           ["L", "R1", "R2"])
    >>> co.core_bounds(g).as_dict()
    {'L': (1.0, 1.0), 'R1': (0.0, 0.0), 'R2': (0.0, 0.0)}
    """
    game = _check_game(game)
    rel = _check_tol(tol)
    if progress is not None and not callable(progress):
        raise InvalidParameterError(
            f"`progress` must be None or a function called as progress(done, total), got {_show(progress)}"
        )
    n = game.n
    if n == 1:
        v = game.grand_value
        return CoreBounds(game.players, [v], [v], game.kind, "optimal", "one player")
    table = _table(game)
    relax, lp = _nonempty_core(game, table, rel, "a core bound")
    # The least-core LP with its epsilon fixed at `relax` is the LP over the
    # core: the same solver, its coalitions and its basis serve every bound.
    lp.lp.set_bounds(n, relax, relax)
    lower = np.empty(n)
    upper = np.empty(n)
    for k in range(2 * n):
        i, sign = k // 2, (1.0 if k % 2 == 0 else -1.0)
        c = np.zeros(n + 1)
        c[i] = sign
        sol = lp.minimize(c, f"core bound of {game.players[i]!r}")
        val = table.b[i] + table.unit() * sol.x[i]
        if sign > 0:
            lower[i] = val
        else:
            upper[i] = val
        if progress is not None:
            progress(k + 1, 2 * n)
    if not (np.all(np.isfinite(lower)) and np.all(np.isfinite(upper))):
        raise SolverError("core bounds: a bound is not finite; the game is too badly scaled for float64")
    message = f"{lp.n_lps} LP(s), {lp.n_passes} table scan(s), {lp.working.size} coalitions in the LP"
    if game.kind == "cost":
        c_single = game.standalone
        lower, upper = c_single - upper, c_single - lower
    return CoreBounds(game.players, lower, upper, game.kind, "optimal", message)
