"""The least core (Maschler, Peleg and Shapley 1979) and balancedness (Bondareva 1963; Shapley 1967).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import (
    EmptyCoreError,
    InvalidParameterError,
    SolverError,
)
from ..game import Game
from ..results import (
    Allocation,
    Balancedness,
    LeastCore,
)
from . import _engine as _nu
from ._common import (
    _check_game,
    _check_tol,
    _checked_shares,
    _lp_tol,
    _names,
    _table,
    _to_game,
)

__all__ = ['least_core', 'is_balanced']


# least core and balancedness
def _least_core_lp(game: Game, table: _nu.Table, *, nonnegative: bool = False) -> tuple[np.ndarray, float, Any]:
    """(x in scaled units, epsilon in scaled units, the solved CoalitionLP,
    whose last solution is ``lp.last``)."""
    n = game.n
    c = np.zeros(n + 1)
    c[n] = 1.0
    bounds = [(None, None)] * n + [((0.0 if nonnegative else None), None)]
    lp = _nu.CoalitionLP(table, g=np.ones(1), bounds=bounds)
    sol = lp.minimize(c, "least core")
    lp.last = sol
    return sol.x[:n], float(sol.x[n]), lp


def least_core(game: Game, *, nonnegative: bool = False) -> LeastCore:
    r"""The least core: an efficient split that minimizes the largest excess.

    Solves :math:`\min \varepsilon` subject to
    :math:`x(S) \ge v(S) - \varepsilon` for every proper coalition ``S``
    (singletons included) and :math:`x(N) = v(N)`.

    **Sign convention.** ``epsilon`` is the largest excess the best split
    leaves: the core is non-empty exactly when ``epsilon <= 0`` (up to the
    rounding of the worths: 0.1 + 0.2 against 0.3 leaves 2.8e-17, and
    :func:`is_balanced` counts such a core as non-empty), and then
    ``-epsilon`` is how far every coalition can be kept from walking. In a
    cost game it reads: no coalition pays more than ``c(S) + epsilon``. Some
    authors instead bound epsilon below by 0, so that the least core of a game
    with a non-empty core is the core itself: ask for that with
    ``nonnegative=True``.

    Parameters
    ----------
    game : Game
    nonnegative : bool, default False
        Bound epsilon below by 0.

    Returns
    -------
    LeastCore
        ``epsilon`` and one allocation of the least core (a vertex found by
        the LP solver; :func:`prenucleolus` is the canonical point of it).
        A one-player game has no proper coalition; its epsilon is reported
        as 0.

    Raises
    ------
    InvalidParameterError
        If `nonnegative` is not a bool.
    SolverError
        If the LP solver fails (its status and message are in the error).

    References
    ----------
    Maschler, M., Peleg, B. and Shapley, L. S. (1979). Geometric properties of
    the kernel, nucleolus, and related solution concepts. Mathematics of
    Operations Research 4(4), 303-338.

    Examples
    --------
    The three-player majority game has an empty core: the best split leaves
    every pair 1/3 short.

    >>> import coalition as co
    >>> g = co.Game.from_function(lambda s: float(len(s) >= 2), ["A", "B", "C"])
    >>> lc = co.least_core(g)
    >>> round(lc.epsilon, 4), lc.as_dict()
    (0.3333, {'A': 0.3333, 'B': 0.3333, 'C': 0.3333})

    A game with a non-empty core:

    >>> g = co.Game([0, 1, 2, 6], players=["A", "B"])
    >>> co.least_core(g).epsilon, co.least_core(g, nonnegative=True).epsilon
    (-1.5, 0.0)
    """
    game = _check_game(game)
    if not isinstance(nonnegative, (bool, np.bool_)):
        raise InvalidParameterError(f"`nonnegative` must be True or False, got {nonnegative!r}")
    nonnegative = bool(nonnegative)
    if game.n == 1:
        return LeastCore(game.players, [game.grand_value], "least core", game.kind, epsilon=0.0,
                         nonnegative=nonnegative, status="optimal", message="one player: no proper coalition")
    table = _table(game)
    xu, eps, lp = _least_core_lp(game, table, nonnegative=nonnegative)
    x = _checked_shares(game, table, _to_game(game, table.to_raw(xu)), "least core")
    eps_raw = eps * table.unit()
    if nonnegative:
        eps_raw = max(eps_raw, 0.0)
    return LeastCore(game.players, x, "least core", game.kind, epsilon=eps_raw, nonnegative=nonnegative,
                     status="optimal", message=f"{lp.last.message}; {lp.n_lps} LP(s), {lp.n_passes} table scan(s)")


def is_balanced(game: Game, *, tol: float = 1e-9) -> Balancedness:
    r"""Whether the core is non-empty (the game is *balanced*), with a
    certificate either way.

    By the Bondareva-Shapley theorem the core is empty exactly when some
    *balanced collection* of coalitions, with weights :math:`w_S > 0` that
    add up to 1 for every player, has :math:`\sum_S w_S v(S) > v(N)`: the
    coalitions, each active a fraction :math:`w_S` of the time, would
    together do better than the grand coalition. The least-core LP decides
    it; its dual solution is such a collection when the core is empty.

    Parameters
    ----------
    game : Game
    tol : float, default 1e-9
        The core counts as non-empty when the least-core epsilon is at most
        this (relative to the scale of the game).

    Returns
    -------
    Balancedness
        ``balanced``; a ``core_point`` when balanced; otherwise the balanced
        ``collection``, its ``weights`` and the ``gap`` by which it beats the
        grand coalition.

    Raises
    ------
    InvalidParameterError
        If `tol` is out of range.
    SolverError
        If the LP solver fails, or its dual solution is not a valid
        certificate.

    References
    ----------
    Bondareva, O. N. (1963). Some applications of linear programming methods
    to the theory of cooperative games. Problemy Kibernetiki 10, 119-139.
    Shapley, L. S. (1967). On balanced sets and cores. Naval Research
    Logistics Quarterly 14(4), 453-460.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game.from_function(lambda s: float(len(s) >= 2), ["A", "B", "C"])
    >>> cert = co.is_balanced(g)
    >>> cert.balanced, cert.collection, cert.weights, cert.gap
    (False, (('A', 'B'), ('A', 'C'), ('B', 'C')), array([0.5, 0.5, 0.5]), 0.5)
    >>> co.is_balanced(co.Game([0, 1, 2, 6])).core_point.as_dict()
    {'P1': 2.5, 'P2': 3.5}
    """
    game = _check_game(game)
    rel = _check_tol(tol)
    n = game.n
    if n == 1:
        point = Allocation(game.players, [game.grand_value], "core point", game.kind)
        return Balancedness(game.players, game.kind, True, 0.0, point, (), np.zeros(0), 0.0,
                            status="optimal", message="one player: the core is {v(N)}")
    table = _table(game)
    xu, eps, lp = _least_core_lp(game, table)
    atol = _lp_tol(table, rel)
    eps_raw = eps * table.unit()
    message = f"least-core epsilon {eps_raw:.6g}; {lp.n_lps} LP(s), {lp.n_passes} table scan(s)"
    if eps_raw <= atol:
        point = Allocation(game.players, _checked_shares(game, table, _to_game(game, table.to_raw(xu)), "core point"),
                           "core point", game.kind)
        return Balancedness(game.players, game.kind, True, eps_raw, point, (), np.zeros(0), 0.0,
                            status="optimal", message=message)
    res = lp.last
    W = lp.working
    lam = res.row_dual
    keep = lam > _nu.DUAL_TOL
    masks, lam = W[keep], lam[keep]
    rows = _nu._masks_to_rows(masks, n)
    cover = rows.T @ lam
    weights = lam / cover.mean()
    err = float(np.max(np.abs(rows.T @ weights - 1.0)))
    worths = game.worths
    gap = float(weights @ worths[masks] - worths[-1])
    if err > 1e-6 or not gap > 0:
        raise SolverError(
            "is_balanced: the dual solution of the least-core LP is not a balanced collection "
            f"(coverage error {err:.3g}, gap {gap:.3g}); {res.message}"
        )
    order = np.argsort(masks, kind="stable")
    collection = tuple(_names(game, int(m)) for m in masks[order])
    return Balancedness(game.players, game.kind, False, eps_raw, None, collection, weights[order], gap,
                        status="optimal", message=message)


def _nonempty_core(game: Game, table: _nu.Table, tol: float, what: str) -> tuple[float, Any]:
    """Least-core epsilon (scaled) and its LP; raises EmptyCoreError."""
    xu, eps, lp = _least_core_lp(game, table)
    eps_raw = eps * table.unit()
    if eps_raw > _lp_tol(table, tol):
        raise EmptyCoreError(
            f"`game` has an empty core (least-core epsilon {eps_raw:.6g} > 0), so {what} does not exist; "
            "see coalition.is_balanced for the certificate and coalition.least_core for the best compromise"
        )
    return max(eps, 0.0), lp
