"""The least square prenucleolus (Ruiz, Valenciano and Zarzuelo 1996).
"""

from __future__ import annotations

import numpy as np

from ..game import Game
from ..results import Allocation
from ._bounds import _with
from ._checks import _check_game

__all__ = ['least_square_prenucleolus']


def least_square_prenucleolus(game: Game) -> Allocation:
    r"""The least square prenucleolus: the efficient split whose coalition excesses vary least.

    Among the efficient allocations :math:`x`, it minimises the variance of
    the excesses :math:`e(S, x) = v(S) - x(S)` over the coalitions. In closed
    form, with :math:`a_i = \sum_{S \ni i} v(S)`,

    .. math:: x_i = \frac{v(N)}{n} + \frac{n\,a_i - \sum_j a_j}{n\,2^{n-2}},

    which is the Banzhaf value plus an equal share of what it leaves of
    :math:`v(N)`.

    Parameters
    ----------
    game : Game

    Returns
    -------
    Allocation
        Shares in ``game.players`` order, rule ``"least square prenucleolus"``;
        for a cost game, cost shares computed on the savings game.

    Raises
    ------
    InvalidGameError
        If `game` is not a :class:`~coalition.Game`.
    GameTooLargeError
        If the dense table would exceed the memory cap.

    References
    ----------
    Ruiz, L. M., Valenciano, F. and Zarzuelo, J. M. (1996). The least square
    prenucleolus and the least square nucleolus. Two values for TU games
    based on the excess vector. International Journal of Game Theory 25(1),
    113-134.

    Examples
    --------
    >>> import coalition as co
    >>> co.least_square_prenucleolus(co.Game([0, 10, 5, 40])).as_dict()
    {'P1': 22.5, 'P2': 17.5}
    """
    game = _check_game(game)
    n = game.n
    w = game.worths
    a = np.array([_with(w, i).sum() for i in range(n)])
    x = float(w[-1]) / n + (n * a - a.sum()) / (n * 2.0 ** (n - 2))
    return Allocation(game.players, game._from_worth_units(x), "least square prenucleolus", game.kind)
