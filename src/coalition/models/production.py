"""Linear production games (Owen 1975): partners pool resources into one
technology, and the dual prices of the pooled plan give a core split.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import InvalidGameError, InvalidParameterError
from ..game import Game
from ..results import Allocation
from ._base import _array, _Model, _names
from ._lp import _ProductionLP

__all__ = ["linear_production", "owen_point", "resource_prices", "LinearProductionGame"]


class LinearProductionGame(_Model):
    """``v(S) = max p.y`` subject to ``A y <= sum of S's resources``, ``y >= 0``."""

    __slots__ = ("_resources", "_technology", "_prices", "_lp")
    _PARAMS = ("resources", "technology", "prices", "players")
    family = "linear production"

    @property
    def resources(self) -> np.ndarray:
        """Each partner's resources, one row per partner (read-only)."""
        return self._resources

    @property
    def technology(self) -> np.ndarray:
        """Resources used per unit of each product, (resources, products)."""
        return self._technology

    @property
    def prices(self) -> np.ndarray:
        """Market price of each product."""
        return self._prices

    @staticmethod
    def _rebuild(params):
        return linear_production(**params)

    def __reduce__(self):
        return (linear_production, (self.resources, self.technology, self.prices, self.players))

    def _subgame_fast(self, pos):
        return linear_production(self._resources[pos], self._technology, self._prices, [self.players[i] for i in pos])

    def _compute(self, rows):
        pooled = rows.astype(np.float64) @ self._resources
        return self._lp.values(pooled, "linear_production")


def linear_production(
    resources: Any,
    technology: Any,
    prices: Any,
    players: Sequence[str] | None = None,
) -> Game:
    r"""Linear production game: the most a coalition earns from the resources its members pool.

    Partner ``i`` owns the resource vector ``b_i`` (row ``i`` of
    `resources`). One unit of product ``j`` uses ``A[r, j]`` units of
    resource ``r`` and sells at ``p[j]``. A coalition pools its members'
    resources and produces the most valuable plan:

    .. math:: v(S) = \max \{ p \cdot y : A y \le \textstyle\sum_{i \in S} b_i,\ y \ge 0 \}.

    Parameters
    ----------
    resources : array_like, shape (n, m)
        Non-negative resources of each of the ``n`` partners (a DataFrame's
        index gives the names when `players` is not given).
    technology : array_like, shape (m, k)
        Non-negative units of each resource that one unit of each product uses.
    prices : array_like, shape (k,)
        Non-negative price of each product.
    players : sequence of str, optional
        Partner names, one per row of `resources`.

    Returns
    -------
    Game
        A profit game with read-only attributes ``resources``, ``technology``
        and ``prices``. Each worth is one linear program (HiGHS, re-solved
        from the last basis), computed when a coalition is first asked for
        and remembered; no table is built unless a dense algorithm asks.

    Raises
    ------
    InvalidParameterError
        On arrays of the wrong shape, negative or non-finite entries, or a
        product with a positive price that uses no resource (its output, and
        so every worth, would be unbounded).
    SolverError
        If the LP solver fails on a coalition.

    See Also
    --------
    owen_point : the core split from the grand coalition's dual prices.

    References
    ----------
    Owen, G. (1975). On the core of linear production games. Mathematical
    Programming 9(1), 358-370. doi:10.1007/BF01681356

    Examples
    --------
    Two products (prices 3 and 5) from three resources; three plants own
    the resources of the Wyndor Glass example of Hillier and Lieberman:

    >>> import coalition as co
    >>> A = [[1, 0], [0, 2], [3, 2]]
    >>> b = [[4, 0, 6], [0, 12, 6], [0, 0, 6]]
    >>> g = co.models.linear_production(b, A, [3, 5], players=["P1", "P2", "P3"])
    >>> g.grand_value, g.value("P2+P3"), g.value("P1")
    (36.0, 30.0, 6.0)
    """
    if players is None and hasattr(resources, "index") and hasattr(resources, "columns"):
        players = [str(p) for p in resources.index]
    b = _array(resources, "resources", ndim=2)
    A = _array(technology, "technology", ndim=2)
    p = _array(prices, "prices", ndim=1)
    n, m = b.shape
    if A.shape[0] != m:
        raise InvalidParameterError(
            f"`technology` has {A.shape[0]} rows; `resources` has {m} columns (one per resource), "
            "and the technology needs one row per resource"
        )
    if p.size != A.shape[1]:
        raise InvalidParameterError(
            f"`prices` has {p.size} entries; `technology` has {A.shape[1]} columns (one per product)"
        )
    free = np.flatnonzero((p > 0) & ~np.any(A > 0, axis=0))
    if free.size:
        j = int(free[0])
        raise InvalidParameterError(
            f"`technology` column {j} is all zeros but `prices[{j}]` is {p[j]!r}: that product needs no "
            "resource, so any coalition could make unboundedly much of it"
        )
    names = _names(players, n, "`resources`")
    return LinearProductionGame._build(
        names, "profit", _resources=b, _technology=A, _prices=p, _lp=_ProductionLP(A, p)
    )


def _production_game(game: Any) -> LinearProductionGame:
    if not isinstance(game, LinearProductionGame):
        raise InvalidGameError(
            f"`game` must be a linear production game (coalition.models.linear_production), "
            f"got {type(game).__name__}"
        )
    return game


def resource_prices(game: Game) -> np.ndarray:
    """Dual prices of the resources in the grand coalition's production plan.

    The price of resource ``r`` is what one more unit of it would add to the
    worth of the grand coalition (an optimal solution of the dual LP
    ``min (sum b_i).u`` subject to ``A' u >= p``, ``u >= 0``).

    Parameters
    ----------
    game : Game
        A game from :func:`linear_production`.

    Returns
    -------
    numpy.ndarray
        One non-negative price per resource. When the dual has several
        optimal solutions, this is the one HiGHS's dual simplex method ends
        on; each gives a core allocation.

    Raises
    ------
    InvalidGameError
        If `game` is not a linear production game.
    SolverError
        If the LP solver fails.

    References
    ----------
    Owen, G. (1975). On the core of linear production games. Mathematical
    Programming 9(1), 358-370.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.models.linear_production([[4, 12, 18]], [[1, 0], [0, 2], [3, 2]], [3, 5])
    >>> co.models.resource_prices(g)
    array([0. , 1.5, 1. ])
    """
    g = _production_game(game)
    return g._lp.solve(g.resources.sum(axis=0), "resource_prices")[2]


def owen_point(game: Game) -> Allocation:
    r"""Owen's split: each partner's resources valued at the grand coalition's dual prices.

    With ``u`` the optimal dual prices of the resources in the grand
    coalition's LP (:func:`resource_prices`), partner ``i`` gets
    ``x_i = u . b_i``. By LP duality the shares add up to ``v(N)``, and
    every coalition ``S`` gets ``x(S) = u . b(S) >= v(S)`` (``u`` is
    feasible for the dual of ``S``'s LP), so the split is in the core.

    Parameters
    ----------
    game : Game
        A game from :func:`linear_production`.

    Returns
    -------
    Allocation
        Rule ``"owen point"``.

    Raises
    ------
    InvalidGameError
        If `game` is not a linear production game.
    SolverError
        If the LP solver fails.

    References
    ----------
    Owen, G. (1975). On the core of linear production games. Mathematical
    Programming 9(1), 358-370. doi:10.1007/BF01681356

    Examples
    --------
    >>> import coalition as co
    >>> A = [[1, 0], [0, 2], [3, 2]]
    >>> b = [[4, 0, 6], [0, 12, 6], [0, 0, 6]]
    >>> g = co.models.linear_production(b, A, [3, 5])
    >>> x = co.models.owen_point(g)
    >>> x.as_dict()
    {'P1': 6.0, 'P2': 24.0, 'P3': 6.0}
    >>> co.in_core(g, x.x)
    True
    """
    g = _production_game(game)
    u = resource_prices(g)
    return Allocation(g.players, g.resources @ u, "owen point", "profit")
