"""Rules built from separable contributions: the centre of the imputation set
and the egalitarian non-separable contribution (ENSC).
"""

from __future__ import annotations

from ..game import Game
from ..results import Allocation
from ._bounds import _utopia_worths
from ._checks import _check_game
from .simple import equal_surplus

__all__ = ['cis', 'ensc']


def cis(game: Game) -> Allocation:
    r"""The centre of the imputation set (CIS): standalone worth plus an equal share of the surplus.

    .. math:: x_i = v(i) + \frac{1}{n}\Bigl(v(N) - \sum_j v(j)\Bigr).

    This is the same rule as :func:`equal_surplus`, under the name the
    literature on separable contributions uses; it returns exactly what
    :func:`equal_surplus` returns (rule ``"equal surplus"``), so that the
    two names never disagree or appear as two rules in a comparison.

    Parameters
    ----------
    game : Game

    Returns
    -------
    Allocation
        Shares in ``game.players`` order; for a cost game, each pays its
        standalone cost less an equal share of the savings.

    Raises
    ------
    InvalidGameError
        If `game` is not a :class:`~coalition.Game`.

    References
    ----------
    Driessen, T. S. H. and Funaki, Y. (1991). Coincidence of and collinearity
    between game theoretic solutions. OR Spektrum 13(1), 15-30.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game([0, 10, 5, 40])
    >>> co.cis(g).as_dict()
    {'P1': 22.5, 'P2': 17.5}
    >>> co.cis(g).as_dict() == co.equal_surplus(g).as_dict()
    True
    """
    return equal_surplus(game)


def ensc(game: Game) -> Allocation:
    r"""Egalitarian non-separable contribution: separable contributions plus an equal share of the rest.

    Each partner's separable contribution is what it adds to all the others,
    :math:`SC_i = v(N) - v(N \setminus i)`; what remains of :math:`v(N)` is
    split equally:

    .. math:: x_i = SC_i + \frac{1}{n}\Bigl(v(N) - \sum_j SC_j\Bigr).

    It is the centre of the imputation set of the dual game.

    Parameters
    ----------
    game : Game

    Returns
    -------
    Allocation
        Shares in ``game.players`` order, rule ``"ensc"``; for a cost game,
        each pays its separable (marginal) cost plus an equal share of the
        non-separable cost, the "equal charge" method of cost allocation.

    Raises
    ------
    InvalidGameError
        If `game` is not a :class:`~coalition.Game`.

    References
    ----------
    Moulin, H. (1985). The separability axiom and equal-sharing methods.
    Journal of Economic Theory 36(1), 120-148.

    Driessen, T. S. H. and Funaki, Y. (1991). Coincidence of and collinearity
    between game theoretic solutions. OR Spektrum 13(1), 15-30.

    Examples
    --------
    >>> import coalition as co
    >>> co.ensc(co.Game([0, 0, 0, 2, 2, 3, 5], order="lex")).as_dict()
    {'P1': 1.0, 'P2': 2.0, 'P3': 2.0}
    """
    game = _check_game(game)
    sc = _utopia_worths(game)
    x = sc + (float(game.worths[-1]) - sc.sum()) / game.n
    return Allocation(game.players, game._from_worth_units(x), "ensc", game.kind)
