"""The Banzhaf value (Banzhaf 1965; Owen 1975), raw and normalized.
"""

from __future__ import annotations

import numpy as np

from .._numbers import _show
from ..errors import InvalidGameError, InvalidParameterError
from ..game import Game
from ..results import Allocation
from ._checks import _check_game
from ._semivalues import _semivalue

__all__ = ['banzhaf']


def banzhaf(game: Game, *, normalized: bool = False) -> Allocation:
    r"""Banzhaf value: each partner's marginal contribution averaged over all
    coalitions of the others, each equally likely.

    .. math:: \beta_i = \frac{1}{2^{n-1}} \sum_{S \subseteq N \setminus i}
              \bigl(v(S \cup i) - v(S)\bigr)

    The raw value need not add up to ``v(N)``; ``normalized=True`` rescales
    it to do so (the normalized Banzhaf index of voting games).

    Parameters
    ----------
    game : Game
        Any game. Structured games with an exact route of their own (e.g.
        weighted voting games with integer weights) use it; others use the
        dense table.
    normalized : bool, default False
        Rescale the shares (of the savings game, for a cost game) so that
        they sum to the grand coalition's worth.

    Returns
    -------
    Allocation

    Raises
    ------
    InvalidGameError
        If ``normalized=True`` and the raw shares sum to zero.
    GameTooLargeError
        If the game needs a dense table beyond the memory cap.

    References
    ----------
    Banzhaf, J. F. (1965). Weighted voting doesn't work: a mathematical
    analysis. Rutgers Law Review 19, 317-343.
    Owen, G. (1975). Multilinear extensions and the Banzhaf value. Naval
    Research Logistics Quarterly 22(4), 741-750.

    Examples
    --------
    Weighted voting [quota 3; 2, 1, 1]: the big player swings in 3 of the 4
    coalitions of the others, each small one in 1.

    >>> import coalition as co
    >>> g = co.families.weighted_voting([2, 1, 1], quota=3)
    >>> co.banzhaf(g).as_dict()
    {'P1': 0.75, 'P2': 0.25, 'P3': 0.25}
    >>> co.banzhaf(g, normalized=True).as_dict()
    {'P1': 0.6, 'P2': 0.2, 'P3': 0.2}
    """
    game = _check_game(game)
    if not isinstance(normalized, (bool, np.bool_)):
        raise InvalidParameterError(f"`normalized` must be True or False, got {_show(normalized)}")
    n = game.n
    fast = game._banzhaf_fast()
    if fast is not None:
        x = game._to_worth_units(np.asarray(fast, dtype=np.float64))
    else:
        p = np.full(n + 1, 0.5 ** (n - 1))
        p[n] = 0.0
        x = _semivalue(game.worths, n, p)
    rule = "banzhaf"
    if normalized:
        total = x.sum()
        scale = float(np.max(np.abs(x)))  # relative: the same verdict in any units
        if fast is None:
            grand = game.worths[-1]
        else:  # the grand coalition's worth (savings, for a cost game) without a table
            grand = game.grand_value
            if game.kind == "cost":
                grand = float(game.standalone.sum()) - grand
        if scale == 0.0 and grand == 0.0:
            total = grand = 1.0  # nothing to share and every raw share 0: they stay 0
        elif abs(total) <= 1e-12 * scale or scale == 0.0:
            what = ("raw Banzhaf savings (standalone cost minus cost share)" if game.kind == "cost"
                    else "raw Banzhaf shares")
            raise InvalidGameError(
                f"`game` has {what} summing to 0 while v(N) = {float(grand):g} is to be shared; "
                "they cannot be normalized"
            )
        x = x * (grand / total)
        rule = "banzhaf (normalized)"
    return Allocation(game.players, game._from_worth_units(x), rule, game.kind)
