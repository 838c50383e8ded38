"""The solidarity value (Nowak and Radzik 1994).
"""

from __future__ import annotations

from math import comb

import numpy as np

from ..game import Game
from ..game._checks import _check_table_size
from ..game._masks import _popcounts
from ..results import Allocation
from ._bounds import _with, _without
from ._checks import _check_game

__all__ = ['solidarity_value']


def solidarity_value(game: Game) -> Allocation:
    r"""The solidarity value: the Shapley formula with each coalition's average marginal contribution.

    Where the Shapley value credits a partner with its own marginal
    contribution to the coalition it joins, the solidarity value credits it
    with the average marginal contribution of that coalition's members:

    .. math:: \psi_i = \sum_{S \ni i} \frac{(n-|S|)!\,(|S|-1)!}{n!}\,A(S),
              \qquad A(S) = \frac{1}{|S|}\sum_{k \in S}\bigl(v(S) - v(S \setminus k)\bigr).

    It is efficient, symmetric and additive, and a null player gets the
    average of the others' contributions rather than nothing.

    Parameters
    ----------
    game : Game

    Returns
    -------
    Allocation
        Shares in ``game.players`` order, rule ``"solidarity"``; for a cost
        game, cost shares computed on the savings game, as for every rule of
        the library. The solidarity value is linear but not covariant under
        adding an additive game, so these differ from the value of the cost
        table taken as a worth table.

    Raises
    ------
    InvalidGameError
        If `game` is not a :class:`~coalition.Game`.
    GameTooLargeError
        If the dense table would exceed the memory cap.

    Notes
    -----
    O(n 2**n) operations on the dense table, with three more arrays of its size.

    References
    ----------
    Nowak, A. S. and Radzik, T. (1994). A solidarity value for n-person
    transferable utility games. International Journal of Game Theory 23(1),
    43-48.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game([0, 0, 0, 0, 0, 0, 1], order="lex")
    >>> co.solidarity_value(g).as_dict()
    {'P1': 0.3333333333333333, 'P2': 0.3333333333333333, 'P3': 0.3333333333333333}
    """
    game = _check_game(game)
    n = game.n
    _check_table_size(n, copies=4)  # the table, sizes, sums of v(S \ k), terms
    w = game.worths
    size = _popcounts(n)
    removed = np.zeros(1 << n)  # sum over k in S of v(S \ k)
    for k in range(n):
        _with(removed, k)[...] += _without(w, k)
    term = np.zeros(1 << n)  # the weight of |S| times A(S)
    term[1:] = w[1:] - removed[1:] / size[1:]
    weight = np.array([0.0] + [1.0 / (n * comb(n - 1, s - 1)) for s in range(1, n + 1)])
    term *= weight[size]
    x = np.array([_with(term, i).sum() for i in range(n)])
    return Allocation(game.players, game._from_worth_units(x), "solidarity", game.kind)

