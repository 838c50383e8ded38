"""Economic order quantity (EOQ) inventory games (Meca, Timmer,
García-Jurado and Borm 2004): firms place their orders together and share
the fixed cost of ordering; the share of ordering costs (SOC) rule, a core
split.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from .._numbers import _real
from ..errors import InvalidGameError, InvalidParameterError
from ..game import Game
from ..results import Allocation
from ._base import _array, _Model, _names

__all__ = ["eoq_inventory", "soc_split", "EOQGame"]


class EOQGame(_Model):
    """Cost game ``c(S) = sqrt(2 a sum of d_i h_i over S)``: the cost of ordering together."""

    __slots__ = ("_ordering", "_demands", "_holding", "_dh")
    _PARAMS = ("ordering_cost", "demands", "holding", "players")
    family = "EOQ inventory"

    @property
    def ordering_cost(self) -> float:
        """The fixed cost of one order, paid once however many firms share it."""
        return self._ordering

    @property
    def demands(self) -> np.ndarray:
        """Each firm's demand per unit of time."""
        return self._demands

    @property
    def holding(self) -> np.ndarray:
        """Each firm's cost of holding one unit for one unit of time."""
        return self._holding

    def order_sizes(self, coalition: Any) -> dict[str, float]:
        """Each member's optimal order when `coalition` orders together:
        ``d_i / m`` with ``m = sqrt(sum d_j h_j / (2 a))`` orders per unit of
        time (0 for a firm without demand; infinite for one with demand when
        holding costs the coalition nothing: it orders once, for ever)."""
        mask = self.mask(coalition)
        pos = [i for i in range(self.n) if mask >> i & 1]
        total = float(self._dh[pos].sum())
        if total <= 0:
            return {self.players[i]: (math.inf if self._demands[i] > 0 else 0.0) for i in pos}
        m = math.sqrt(total / (2 * self._ordering))
        return {self.players[i]: float(self._demands[i] / m) for i in pos}

    @staticmethod
    def _rebuild(params):
        return eoq_inventory(**params)

    def __reduce__(self):
        return (eoq_inventory, (self._ordering, self._demands, self._holding, self.players))

    def _subgame_fast(self, pos):
        return eoq_inventory(self._ordering, self._demands[pos], self._holding[pos], [self.players[i] for i in pos])

    def _compute(self, rows):
        return np.sqrt(2 * self._ordering * (rows.astype(np.float64) @ self._dh))


def eoq_inventory(
    ordering_cost: float,
    demands: Any,
    holding: Any,
    players: Sequence[str] | None = None,
) -> Game:
    r"""EOQ inventory game: firms that order together share one fixed ordering cost.

    Each firm meets a steady demand ``d_i`` per unit of time, pays ``h_i``
    to hold a unit for a unit of time, and ``a`` for each order it places.
    Alone, it orders the economic order quantity and pays
    ``sqrt(2 a d_i h_i)`` per unit of time. Firms that place their orders
    together pay ``a`` once per joint order; at the best number of joint
    orders the coalition pays

    .. math:: c(S) = \sqrt{2 a \sum_{i \in S} d_i h_i}.

    Parameters
    ----------
    ordering_cost : float
        Positive fixed cost ``a`` of one order.
    demands : array_like
        Each firm's non-negative demand per unit of time.
    holding : array_like
        Each firm's non-negative holding cost per unit and unit of time.
    players : sequence of str, optional
        Firm names.

    Returns
    -------
    Game
        A cost game with read-only ``ordering_cost``, ``demands`` and
        ``holding``, and ``order_sizes(coalition)`` (each member's optimal
        order when that coalition orders together). Costs are computed in
        closed form on batches of coalitions.

    Raises
    ------
    InvalidParameterError
        On a cost that is not positive and finite, negative or non-finite
        demands or holding costs, or `demands` and `holding` of different
        lengths.

    See Also
    --------
    soc_split : the share of ordering costs, a core split.

    References
    ----------
    Meca, A., Timmer, J., García-Jurado, I. and Borm, P. (2004). Inventory
    games. European Journal of Operational Research 156(1), 127-139.
    doi:10.1016/S0377-2217(02)00913-X

    Examples
    --------
    The example of the R package Inventorymodel (help page ``SOC``):

    >>> import coalition as co
    >>> g = co.models.eoq_inventory(600, [500, 300, 400], [9.6, 11, 10])
    >>> round(g.value("P1"), 3), round(g.grand_value, 3)
    (2400.0, 3810.512)
    """
    a = _real(ordering_cost, "ordering_cost")
    if not (a > 0 and math.isfinite(a)):
        raise InvalidParameterError(f"`ordering_cost` must be a positive finite cost per order, got {a!r}")
    d = _array(demands, "demands", ndim=1)
    h = _array(holding, "holding", ndim=1)
    if d.shape != h.shape:
        raise InvalidParameterError(
            f"`demands` has {d.size} entries and `holding` {h.size}; expected one of each per firm"
        )
    names = _names(players, d.size, "`demands`")
    dh = d * h
    dh.flags.writeable = False
    return EOQGame._build(names, "cost", _ordering=a, _demands=d, _holding=h, _dh=dh)


def soc_split(game: Game) -> Allocation:
    r"""The share of ordering costs (SOC): each firm pays the joint cost in proportion to ``d_i h_i``.

    .. math:: x_i = c(N) \frac{d_i h_i}{\sum_{j \in N} d_j h_j}
              = \frac{2 a\, d_i h_i}{c(N)},

    the ordering cost of the joint orders divided as each firm's ratio of
    demand to order size, ``d_i / Q_i``, weighs in them. It lies in the core
    (a coalition pays ``c(S)^2 / c(N) <= c(S)`` since ``c(S) <= c(N)``) and
    is the unique rule with certain properties of consistency and
    additivity (Meca et al. 2004).

    Parameters
    ----------
    game : Game
        A game from :func:`eoq_inventory`.

    Returns
    -------
    Allocation
        Cost shares, rule ``"SOC"``. All zero when no firm has demand and
        holding cost.

    Raises
    ------
    InvalidGameError
        If `game` is not an EOQ inventory game.

    References
    ----------
    Meca, A., Timmer, J., García-Jurado, I. and Borm, P. (2004). Inventory
    games. European Journal of Operational Research 156(1), 127-139.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.models.eoq_inventory(600, [500, 300, 400], [9.6, 11, 10])
    >>> x = co.models.soc_split(g)
    >>> [round(float(v), 3) for v in x.x], co.in_core(g, x.x)
    ([1511.608, 1039.23, 1259.673], True)
    """
    if not isinstance(game, EOQGame):
        raise InvalidGameError(
            f"`game` must be an EOQ inventory game (coalition.models.eoq_inventory), got {type(game).__name__}"
        )
    total = float(game._dh.sum())
    # c(N) d_i h_i / sum(d h), the same as 2 a d_i h_i / c(N): shares of the
    # grand coalition's cost, so they add up to it even when 2 a d_i h_i
    # rounds (holding costs near the smallest float)
    x = np.zeros(game.n) if total <= 0 else float(game.grand_value) * (game._dh / total)
    return Allocation(game.players, x, "SOC", "cost")
