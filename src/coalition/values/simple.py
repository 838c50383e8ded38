"""Simple sharing rules: equal split, equal surplus, proportional.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import InvalidParameterError
from ..game import Game
from ..results import Allocation
from ._checks import _check_game, _check_weights, _short

__all__ = ['equal_split', 'equal_surplus', 'proportional']


def equal_split(game: Game) -> Allocation:
    """Split the grand coalition's worth (or cost) equally.

    References
    ----------
    van den Brink, R. (2007). Null or nullifying players: the difference
    between the Shapley value and equal division solutions. Journal of
    Economic Theory 136(1), 767-775.

    Examples
    --------
    >>> import coalition as co
    >>> co.equal_split(co.Game([0, 10, 5, 40])).as_dict()
    {'P1': 20.0, 'P2': 20.0}
    """
    game = _check_game(game)
    return Allocation(game.players, np.full(game.n, game.grand_value / game.n), "equal split", game.kind)


def equal_surplus(game: Game) -> Allocation:
    """Each partner's standalone worth plus an equal share of the surplus.

    For a cost game: each pays its standalone cost less an equal share of
    the savings.

    References
    ----------
    Driessen, T. S. H. and Funaki, Y. (1991). Coincidence of and collinearity
    between game theoretic solutions. OR Spektrum 13(1), 15-30 (the "equal
    surplus" or centre of the imputation set).

    Examples
    --------
    >>> import coalition as co
    >>> co.equal_surplus(co.Game([0, 10, 5, 40])).as_dict()
    {'P1': 22.5, 'P2': 17.5}
    """
    game = _check_game(game)
    s = game.standalone
    x = s + (game.grand_value - s.sum()) / game.n
    return Allocation(game.players, x, "equal surplus", game.kind)


def proportional(game: Game, weights: Any = None) -> Allocation:
    """Split the grand coalition's worth (or cost) in proportion to weights.

    Parameters
    ----------
    game : Game
    weights : array_like or dict, optional
        Non-negative finite weights with a positive sum, of any magnitude
        (only their ratios matter; they are divided by the largest before
        they are summed). Default: the standalone worths (standalone costs
        for a cost game), which must then be non-negative with a positive sum.

    Returns
    -------
    Allocation

    Raises
    ------
    InvalidParameterError
        If a weight is negative, not finite or not a real number (strings,
        bools and complex numbers are refused, not converted), the weights
        sum to zero, or have the wrong length.

    References
    ----------
    Thomson, W. (2003). Axiomatic and game-theoretic analysis of bankruptcy
    and taxation problems: a survey. Mathematical Social Sciences 45(3),
    249-297 (the proportional rule).

    Examples
    --------
    >>> import coalition as co
    >>> co.proportional(co.Game([0, 10, 5, 45])).as_dict()
    {'P1': 30.0, 'P2': 15.0}
    """
    game = _check_game(game)
    if weights is None:
        s = game.standalone
        if np.any(s < 0) or s.sum() <= 0:
            raise InvalidParameterError(
                "`weights` defaults to the standalone worths, which must be non-negative "
                f"with a positive sum; got {_short(s)}. Pass `weights` explicitly"
            )
        w = s
    else:
        w = _check_weights(weights, game, allow_zero=True)
    return Allocation(game.players, game.grand_value * _shares(w), "proportional", game.kind)


def _shares(w: np.ndarray) -> np.ndarray:
    """``w / w.sum()`` for non-negative finite weights with a positive sum,
    of any magnitude: divided by the largest first, so that the sum neither
    overflows (weights near 1.8e308) nor loses the small ones to rounding
    below the smallest float."""
    u = w / w.max()
    return u / u.sum()
