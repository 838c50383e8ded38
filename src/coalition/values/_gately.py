"""The Gately point (Gately 1974; Littlechild and Vaidya 1976).
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidGameError
from ..game import Game
from ..results import Allocation
from ._bounds import _scale, _utopia_worths
from ._checks import _check_game

__all__ = ['gately']

_RTOL = 1e-12


def gately(game: Game) -> Allocation:
    r"""The Gately point: the efficient split that equalises every partner's propensity to disrupt.

    A partner's propensity to disrupt an efficient allocation :math:`x` is
    what the others lose if it walks out, over what it loses itself:

    .. math:: d_i(x) = \frac{x(N \setminus i) - v(N \setminus i)}{x_i - v(i)}.

    The Gately point makes all :math:`d_i` equal. With :math:`M_i = v(N) -
    v(N \setminus i)` it is, in closed form,

    .. math:: x_i = v(i) + \Bigl(v(N) - \sum_j v(j)\Bigr)
              \frac{M_i - v(i)}{\sum_j (M_j - v(j))},

    and the common propensity is :math:`\sum_j (M_j - v(j)) / (v(N) - \sum_j
    v(j)) - 1`.

    Parameters
    ----------
    game : Game
        A game in which every propensity is defined: a non-zero surplus
        :math:`v(N) - \sum_j v(j)`, every :math:`M_i \ne v(i)`, and
        :math:`\sum_j (M_j - v(j)) \ne 0`.

    Returns
    -------
    Allocation
        Shares in ``game.players`` order, rule ``"gately"``; for a cost game,
        cost shares computed on the savings game.

    Raises
    ------
    InvalidGameError
        If `game` is not a :class:`~coalition.Game`, or one of the
        denominators above is zero (within rounding relative to the largest
        worth), so that no allocation has equal, defined propensities.

    References
    ----------
    Gately, D. (1974). Sharing the gains from regional cooperation: a game
    theoretic application to planning investment in electric power.
    International Economic Review 15(1), 195-208.

    Littlechild, S. C. and Vaidya, K. G. (1976). The propensity to disrupt
    and the disruption nucleolus of a characteristic function game.
    International Journal of Game Theory 5(2), 151-161.

    Staudacher, J. and Anwander, J. (2019). Conditions for the uniqueness of
    the Gately point for cooperative games. arXiv:1901.01485.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game([0, 0, 0, 4, 0, 3, 6], order="lex")
    >>> x = co.gately(g).x
    >>> [round(float(v) * 11, 9) for v in x]
    [18.0, 36.0, 12.0]
    """
    game = _check_game(game)
    w = game.worths
    s = w[1 << np.arange(game.n)]
    M = _utopia_worths(game)
    excess = M - s
    surplus = float(w[-1] - s.sum())
    total = float(excess.sum())
    tol = _RTOL * _scale(game, M) * game.n
    if abs(surplus) <= tol:
        raise InvalidGameError(
            "`game` has no Gately point: its surplus v(N) - sum of v(i) is "
            f"{surplus:g}, so no partner loses anything by leaving and every "
            "propensity to disrupt is 0/0. It needs an essential game"
        )
    flat = np.flatnonzero(np.abs(excess) <= tol)
    if flat.size:
        p = game.players[int(flat[0])]
        raise InvalidGameError(
            f"`game` has no Gately point: player {p!r} adds v(N) - v(N\\i) = v(i) "
            f"= {s[flat[0]]:g} by joining the others, so its share would be its "
            "standalone worth and its propensity to disrupt 0/0"
        )
    if abs(total) <= tol:
        raise InvalidGameError(
            "`game` has no Gately point: the sum over players of "
            f"v(N) - v(N\\i) - v(i) is {total:g}, so no common propensity exists"
        )
    x = s + surplus * excess / total
    return Allocation(game.players, game._from_worth_units(x), "gately", game.kind)
