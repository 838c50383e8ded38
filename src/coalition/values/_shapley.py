"""The Shapley value (Shapley 1953) and the weighted Shapley value (Kalai and Samet 1987).
"""

from __future__ import annotations

from typing import Any

from .._kernels import exact as _kx
from ..game import Game
from ..results import Allocation
from ._checks import _check_game, _check_weights
from ._semivalues import _semivalue, _shapley_weights

__all__ = ['shapley', 'weighted_shapley']


def shapley(game: Game) -> Allocation:
    r"""Exact Shapley value: each partner's average marginal contribution.

    Imagine the partners joining the alliance one by one in a random order;
    each is credited with the value it adds when it joins. The Shapley value
    is that credit averaged over all orders:

    .. math:: \phi_i = \sum_{S \subseteq N \setminus i}
              \frac{|S|!\,(n-|S|-1)!}{n!}\,\bigl(v(S \cup i) - v(S)\bigr).

    It is the only rule that is efficient, symmetric, gives null players
    nothing and is additive across games (Shapley 1953).

    Parameters
    ----------
    game : Game
        Any game. Structured games with an exact route of their own (e.g.
        additive games with pairwise synergies, airport games, weighted
        voting games with integer weights) use it; others use the dense
        table.

    Returns
    -------
    Allocation
        Shares in ``game.players`` order (cost shares for a cost game).

    Raises
    ------
    InvalidGameError
        If `game` is not a :class:`~coalition.Game`.
    GameTooLargeError
        If the game needs a dense table beyond the memory cap; use
        :func:`coalition.estimate_shapley` instead.

    Notes
    -----
    The dense kernel rewrites the value as
    :math:`\phi_i = \sum_{S \ni i} a_{|S|} v(S) - \sum_S b_{|S|} v(S)` with
    :math:`b_s = s!(n-s-1)!/n!` and :math:`a_s = b_{s-1} + b_s`, and gets all
    ``n`` sums over :math:`S \ni i` in one pass over the table, read in
    cache-sized blocks: O(2**n) additions (not O(n 2**n)) and O(n) blocks of
    2 048 entries of scratch beyond the table, so it runs at the speed of
    memory (about 10 ms for 24 players on one core).

    References
    ----------
    Shapley, L. S. (1953). A value for n-person games. In H. W. Kuhn and
    A. W. Tucker (eds.), Contributions to the Theory of Games II, 307-317.
    Princeton University Press.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game.from_dict({"Hub": 10, "Battery": 5, "Hub+Battery": 40})
    >>> co.shapley(g).as_dict()
    {'Hub': 22.5, 'Battery': 17.5}

    A cost game: the airport game of Littlechild and Owen (1973), runway
    segments costing 8, 11, 13 and 18.

    >>> air = co.families.airport([8, 11, 13, 18])
    >>> co.shapley(air).as_dict()
    {'P1': 2.0, 'P2': 3.0, 'P3': 4.0, 'P4': 9.0}
    """
    game = _check_game(game)
    fast = game._shapley_fast()
    if fast is not None:
        return Allocation(game.players, fast, "shapley", game.kind)
    n = game.n
    x = _semivalue(game.worths, n, _shapley_weights(n))
    return Allocation(game.players, game._from_worth_units(x), "shapley", game.kind)


def weighted_shapley(game: Game, weights: Any) -> Allocation:
    r"""Weighted Shapley value (Kalai and Samet): dividends shared by weight.

    Every coalition's Harsanyi dividend (the value it creates beyond its
    sub-coalitions) is split among its members in proportion to their
    weights, instead of equally as in the Shapley value. Weights model
    size or bargaining strength that the worths do not show.

    Parameters
    ----------
    game : Game
    weights : array_like or dict
        One positive weight per player.

    Returns
    -------
    Allocation

    Raises
    ------
    InvalidParameterError
        If `weights` has the wrong length, or a weight is not a positive
        finite real number (strings, bools and complex numbers are refused,
        not converted). Any positive finite weights are accepted, from the
        smallest float to the largest: only their ratios matter.

    References
    ----------
    Kalai, E. and Samet, D. (1987). On weighted Shapley values. International
    Journal of Game Theory 16(3), 205-222.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game([0, 0, 0, 6], players=["A", "B"])
    >>> co.weighted_shapley(g, [1, 2]).as_dict()
    {'A': 2.0, 'B': 4.0}
    """
    game = _check_game(game)
    w = _check_weights(weights, game)
    d = _kx.moebius(game.worths, game.n)
    x = _kx.weighted_shapley_from_dividends(d, game.n, w)
    return Allocation(game.players, game._from_worth_units(x), "weighted shapley", game.kind)
