"""Glove games: left and right gloves earn 1 a pair.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import InvalidParameterError
from ..game import Game
from ..game._checks import _check_players
from ..game._masks import _freeze
from ._base import _count_or_names, _Structured

__all__ = ['glove', 'GloveGame']


class GloveGame(_Structured):
    """``v(S) = min(left gloves in S, right gloves in S)``."""

    __slots__ = ("_left", "_right")
    _PARAMS = ("left", "right")
    family = "glove"

    @property
    def left(self) -> np.ndarray:
        """1.0 for each owner of a left glove, else 0.0 (read-only)."""
        return self._left

    @property
    def right(self) -> np.ndarray:
        """1.0 for each owner of a right glove, else 0.0 (read-only)."""
        return self._right

    def _params(self):
        names = np.array(self.players, dtype=object)
        return {"left": tuple(names[self._left == 1]), "right": tuple(names[self._right == 1])}

    @staticmethod
    def _rebuild(params):
        return glove(**params)

    def _evaluate(self, members):
        return np.minimum(members @ self.left, members @ self.right)

    def _sampler_spec(self):
        return "min_of_sums", {"a": self.left, "b": self.right}


def glove(left: Any, right: Any) -> Game:
    """Glove market: a left and a right glove make a pair worth 1.

    Parameters
    ----------
    left, right : int or sequence of str
        The owners of one left (right) glove each: a count (players named
        ``L1, L2, ...`` and ``R1, R2, ...``) or their names, disjoint.

    Returns
    -------
    Game
        ``v(S) = min(|S & left|, |S & right|)``, with boolean attributes
        ``left`` and ``right`` marking the owners (as 0/1 floats).

    Raises
    ------
    InvalidParameterError
        On a negative count, no glove on one side, or a name on both sides.

    References
    ----------
    Shapley, L. S. (1959). The solutions of a symmetric market game. In
    Contributions to the Theory of Games IV, Annals of Mathematics Studies
    40, 145-162.

    Examples
    --------
    One left glove and two right gloves: the scarce left glove earns 2/3.

    >>> import coalition as co
    >>> co.shapley(co.families.glove(1, 2)).as_dict()
    {'L1': 0.6667, 'R1': 0.1667, 'R2': 0.1667}
    """
    lnames, rnames = _count_or_names(left, "left", "L"), _count_or_names(right, "right", "R")
    both = sorted(set(lnames) & set(rnames))
    if both:
        raise InvalidParameterError(f"`left` and `right` both name {both}")
    names = lnames + rnames
    game = GloveGame._lazy(_check_players(names), "profit")
    k = len(lnames)
    side = np.r_[np.ones(k), np.zeros(len(rnames))]
    game._init(_left=_freeze(side), _right=_freeze(1.0 - side))
    return game
