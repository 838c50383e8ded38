"""Airport games (Littlechild and Owen 1973): sharing the cost of a runway.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..game import Game
from ._base import _names, _Structured, _vector

__all__ = ['airport', 'AirportGame']


class AirportGame(_Structured):
    """Cost game ``c(S) = max of costs over S`` (a runway long enough for all)."""

    __slots__ = ("_costs",)
    _PARAMS = ("costs", "players")
    family = "airport"

    @property
    def costs(self) -> np.ndarray:
        """Each player's standalone cost (read-only)."""
        return self._costs

    @staticmethod
    def _rebuild(params):
        return airport(**params)

    def _evaluate(self, members):
        return np.where(members, self.costs, 0.0).max(axis=1)

    def _sampler_spec(self):
        return "max", {"a": self.costs}

    def _shapley_fast(self):
        # Littlechild-Owen: each runway segment is paid equally by the players
        # that need it, i.e. all players whose cost is at least its end.
        c = self.costs
        order = np.argsort(c, kind="stable")
        sorted_c = c[order]
        seg = np.diff(np.concatenate([[0.0], sorted_c]))
        users = np.arange(c.size, 0, -1)
        shares = np.cumsum(seg / users)
        out = np.empty_like(shares)
        out[order] = shares
        return out


def airport(costs: Any, players: Sequence[str] | None = None) -> Game:
    """Airport cost game: a runway serves every plane shorter than it.

    Player ``i`` needs a runway costing ``costs[i]``; a coalition builds the
    runway its most demanding member needs: ``c(S) = max(costs[i] for i in S)``.

    Parameters
    ----------
    costs : array_like
        Non-negative standalone cost of each player.
    players : sequence of str, optional

    Returns
    -------
    Game
        A cost game with attribute ``costs``. Its Shapley value has the
        closed form of Littlechild and Owen (each runway segment paid equally
        by the players who use it), computed in O(n log n) without a table.

    References
    ----------
    Littlechild, S. C. and Owen, G. (1973). A simple expression for the
    Shapley value in a special case. Management Science 20(3), 370-372.

    Examples
    --------
    >>> import coalition as co
    >>> co.shapley(co.families.airport([8, 11, 13, 18])).x
    array([2., 3., 4., 9.])
    """
    c = _vector(costs, "costs")
    game = AirportGame._lazy(_names(players, c.size), "cost")
    game._init(_costs=c)
    return game
