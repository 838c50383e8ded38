"""The smallest change that makes a proposal stable.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import (
    InvalidParameterError,
)
from ..game import Game
from ..results import (
    NearestCore,
)
from . import _engine as _nu
from ._common import _NORMS, _check_game, _check_tol, _checked_shares, _table, _to_game
from .core import in_core
from .least_core import _nonempty_core

__all__ = ['nearest_core']


# nearest core point and core vertices
def nearest_core(game: Game, x: Any, *, norm: str = "max", tol: float = 1e-9) -> NearestCore:
    """The core allocation closest to a proposed split.

    Shows a negotiation team the smallest change that makes its term sheet
    stable. With ``norm="max"`` it minimizes the largest change of any one
    share (then, among those, the total change); with ``norm="total"`` the
    sum of the absolute changes (then the largest). The nearest point need not
    be unique; ties are broken by the second criterion and then by the LP
    solver.

    Parameters
    ----------
    game : Game
    x : array_like or dict
        The proposal (cost shares for a cost game). It need not be efficient.
    norm : {"max", "total"}, default "max"
        The deviation to minimize.
    tol : float, default 1e-9
        Tolerance (relative to the scale of the game) on the emptiness of the
        core.

    Returns
    -------
    NearestCore
        The core allocation ``x``, the ``proposal``, their ``distance`` and
        ``change``.

    Raises
    ------
    EmptyCoreError
        If the core is empty.
    InvalidAllocationError
        If `x` has the wrong length or a non-finite share.
    InvalidParameterError
        If `norm` is not "max" or "total".
    SolverError
        If the LP solver fails.

    References
    ----------
    Gillies, D. B. (1959). Solutions to general non-zero-sum games. In
    Contributions to the Theory of Games IV, 47-85. Princeton University Press.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 6, "A+C": 6,
    ...                        "B+C": 6, "A+B+C": 9})
    >>> near = co.nearest_core(g, [5, 2, 2])
    >>> near.as_dict(), near.distance
    ({'A': 3.0, 'B': 3.0, 'C': 3.0}, 2.0)
    """
    game = _check_game(game)
    if norm not in _NORMS:
        raise InvalidParameterError(f"`norm` must be 'max' or 'total', got {norm!r}")
    rel = _check_tol(tol)
    given = game._check_allocation(x)
    pw = game._to_worth_units(given)
    n = game.n
    if n == 1:
        v = game.grand_value
        return NearestCore(game.players, [v], "nearest core", game.kind, proposal=given,
                           distance=float(abs(given[0] - v)), norm=norm, status="optimal", message="one player")
    if in_core(game, given, tol=rel):
        # Already stable: the proposal itself, exactly, not an LP's rounding of it.
        return NearestCore(game.players, given, "nearest core", game.kind, proposal=given,
                           distance=0.0, norm=norm, status="optimal", message="the proposal is in the core")
    table = _table(game)
    relax, lp0 = _nonempty_core(game, table, rel, "a nearest core point")
    p = table.to_unit(pw)
    # variables: x (n), d (n), t; |x - p| <= d <= t
    m = n + 1
    eye = np.eye(n)
    zeros = np.zeros((n, 1))
    A_ub = np.vstack([
        np.hstack([eye, -eye, zeros]),
        np.hstack([-eye, -eye, zeros]),
        np.hstack([np.zeros((n, n)), eye, -np.ones((n, 1))]),
    ])
    b_ub = np.concatenate([p, -p, np.zeros(n)])
    c_max = np.zeros(n + m)
    c_max[-1] = 1.0
    c_tot = np.zeros(n + m)
    c_tot[n:2 * n] = 1.0
    first, second = (c_max, c_tot) if norm == "max" else (c_tot, c_max)
    bounds = [(None, None)] * n + [(0, None)] * m
    lp = _nu.CoalitionLP(table, g=np.zeros(m), bounds=bounds, relax=relax, working=lp0.working)
    lp.add_ub_rows(A_ub, b_ub)
    res = lp.minimize(first, "nearest core point")
    best = float(res.fun)
    lp.add_ub_rows(first[None, :], [best + 1e-9 * max(1.0, best)])
    res2 = lp.minimize(second, "nearest core point (tie-break)")
    xu = res2.x[:n]
    xw = table.to_raw(xu)
    xg = _checked_shares(game, table, _to_game(game, xw), "nearest core point")
    dev = np.abs(xg - given)
    distance = float(dev.max() if norm == "max" else dev.sum())
    return NearestCore(game.players, xg, "nearest core", game.kind, proposal=given, distance=distance,
                       norm=norm, status="optimal",
                       message=f"{lp.n_lps + lp0.n_lps} LP(s)")
